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

-- Notes styles print legal types in the form of United States law: "Pub. L. No. 4, 90 Stat.
-- 2541 (1976)", the first page after the reporter as if the reporter had volumes. A law or
-- a judgment published in a gazette without volumes (a Boletín Oficial, a Journal officiel)
-- then prints "Boletín Oficial del Estado 170 (1977)" and "Legislation No. 4": its page reads
-- as a volume and the type's name stays English. Such an entry is printed as a document in
-- its gazette (its issue, its full date, its pages), as citation guides outside the United
-- States give it. samizdat's Python side (source/legal.py) mends CSL YAML and JSON the same.
local LEGAL = {legislation = true, legal_case = true, bill = true, regulation = true}

local function text(value)
  return pandoc.utils.stringify(value or '')
end

local function gazetted(ref)
  if not LEGAL[text(ref.type)] then
    return ref
  end
  if text(ref.volume) ~= '' then  -- "Pub. L. 94-455" is no range of numbers ("Nos")
    if text(ref.number) ~= '' then
      ref.number = (text(ref.number):gsub('(%d)%-(%d)', '%1\u{2011}%2'))
    end
    return ref
  end
  if text(ref.page) == '' and text(ref.number) == '' then
    return ref
  end
  ref.type = 'document'
  if text(ref['container-title']) ~= '' and text(ref.number) ~= '' and text(ref.issue) == '' then
    ref.issue = ref.number
    ref.number = nil
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
    refs:insert(gazetted(typed(ref)))
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
