-- Cross-references are written as citations (@fig-map, [-@fig-map], [@fig-a; @fig-b]);
-- before citeproc sees them, this filter turns each into an empty span that samizdat fills
-- with the number or the page (crossref/resolve.py). A bracket that also holds citations
-- keeps them as a citation, after the cross-references.
-- SAMIZDAT_XREF_PREFIXES holds the reserved prefixes, separated by '|'.

local prefixes = {}
for prefix in (os.getenv('SAMIZDAT_XREF_PREFIXES') or ''):gmatch('[^|]+') do
  prefixes[prefix] = true
end

local function is_xref(id)
  local head = id:match('^([%a]+)%-')
  return head ~= nil and prefixes[head:lower()] == true
end

local MODES = {AuthorInText = 'text', SuppressAuthor = 'number', NormalCitation = 'group'}

function Cite(cite)
  local xrefs, others = pandoc.List{}, pandoc.List{}
  for _, citation in ipairs(cite.citations) do
    if is_xref(citation.id) then xrefs:insert(citation) else others:insert(citation) end
  end
  if #xrefs == 0 then
    return nil
  end
  local keys = xrefs:map(function (c) return c.id end)
  -- A list of pairs, not a table: a Lua table's keys come out in no fixed order, and the
  -- attributes' order is part of the output's bytes.
  local attr = pandoc.Attr('', {'xref'}, {{'data-keys', table.concat(keys, ' ')},
                                          {'data-mode', MODES[xrefs[1].mode] or 'text'}})
  local span = pandoc.Span({}, attr)
  local out = pandoc.List{}
  out:extend(xrefs[1].prefix or {})
  if #(xrefs[1].prefix or {}) > 0 then out:insert(pandoc.Space()) end
  out:insert(span)
  out:extend(xrefs[#xrefs].suffix or {})
  if #others > 0 then
    out:insert(pandoc.Space())
    out:insert(pandoc.Cite(cite.content, others))
  end
  return out
end

-- A display formula followed by its label ($$v = d/t$$ {#eq-speed}) becomes an equation
-- span carrying the label, which samizdat numbers (assemble/cross_references.py).
local function equation_label(inline)
  if inline and inline.t == 'Str' then
    return inline.text:match('^{#(eq%-[%w:._%-]*[%w])}$')
  end
end

function Inlines(inlines)
  for i = #inlines, 1, -1 do
    local math = inlines[i]
    if math.t == 'Math' and math.mathtype == 'DisplayMath' then
      local j = i + 1
      if inlines[j] and (inlines[j].t == 'Space' or inlines[j].t == 'SoftBreak') then
        j = j + 1
      end
      local id = equation_label(inlines[j])
      if id then
        for _ = i + 1, j do inlines:remove(i + 1) end
        inlines[i] = pandoc.Span({math}, {id = id, class = 'equation'})
      end
    end
  end
  return inlines
end
