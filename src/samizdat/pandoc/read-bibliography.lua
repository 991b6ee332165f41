-- Reads BibTeX, BibLaTeX and RIS files with pandoc's own readers, as citeproc would.
-- As a script (pandoc lua read-bibliography.lua FORMAT FILE ...) it prints every file's
-- entries as CSL JSON, or pandoc's error, for samizdat's checks. As a filter before
-- --citeproc it puts the same entries into the document's references
-- (SAMIZDAT_BIBLIOGRAPHY holds the JSON list of [format, file] pairs).

-- Better BibTeX writes @misc for broadcasts, letters and other documents; pandoc gives
-- @misc no CSL type, and citeproc then drops the full date and the quotation marks.
local function typed(ref)
  if pandoc.utils.stringify(ref.type or '') == '' then
    ref.type = 'document'
  end
  return ref
end

-- LaTeX text symbols Better BibTeX writes ({\textendash}, \textemdash{}) that pandoc's
-- BibTeX reader drops without a word: "Januar{\textendash}November" would print as
-- "JanuarNovember". They become the characters themselves before pandoc reads the file.
local SYMBOLS = {
  textendash = '\u{2013}', textemdash = '\u{2014}', textellipsis = '\u{2026}',
}

local function latex_symbols(text)
  text = text:gsub('\\(%a+)%s*{}', function (name) return SYMBOLS[name] end)
  return (text:gsub('\\(%a+)', function (name) return SYMBOLS[name] end))
end

local function read_references(format, path)
  local file = assert(io.open(path, 'r'))
  local text = file:read('a')
  file:close()
  if format == 'bibtex' or format == 'biblatex' then
    text = latex_symbols(text)
  end
  local doc = pandoc.read(text, format)
  local refs = pandoc.List{}
  for _, ref in ipairs(doc.meta.references or {}) do
    refs:insert(typed(ref))
  end
  return refs
end

local wanted = os.getenv('SAMIZDAT_BIBLIOGRAPHY')

if wanted then
  function Pandoc(doc)
    local refs = pandoc.List(doc.meta.references or {})
    for _, pair in ipairs(pandoc.json.decode(wanted)) do
      refs:extend(read_references(pair[1], pair[2]))
    end
    doc.meta.references = refs
    return doc
  end
else
  local out = {}
  for i = 1, #arg, 2 do
    local ok, refs = pcall(read_references, arg[i], arg[i + 1])
    if ok then
      local doc = pandoc.Pandoc({}, {references = refs})
      out[#out + 1] = {path = arg[i + 1], csl = pandoc.write(doc, 'csljson')}
    else
      out[#out + 1] = {path = arg[i + 1], error = tostring(refs)}
    end
  end
  print(pandoc.json.encode(out))
end
