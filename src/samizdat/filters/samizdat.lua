-- Runs inside the one pandoc call, before citeproc.
-- The author marks the reading list with `::: reading-list`; citeproc fills the div whose id is refs.
function Div(el)
  if el.classes:includes('reading-list') then
    el.identifier = 'refs'
    el.content = {}
    return el
  end
  if el.classes:includes('timeline') then
    el.content = {}
    return el
  end
end

-- The reading list holds every bibliography entry that has a group, cited or not.
-- A -M value reaches pandoc as plain text, so the nocite citations are built here.
function Meta(meta)
  local keys = meta['samizdat-nocite']
  if keys == nil then return nil end
  local cites = {}
  for key in pandoc.utils.stringify(keys):gmatch('[^,%s]+') do
    table.insert(cites, pandoc.Cite({pandoc.Str('@' .. key)}, {pandoc.Citation(key, 'NormalCitation')}))
  end
  meta.nocite = pandoc.Inlines(cites)
  meta['samizdat-nocite'] = nil
  return meta
end
