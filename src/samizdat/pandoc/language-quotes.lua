-- The author's quotations in the book's language: pandoc's smart reader has turned straight
-- quotes into Quoted elements; each becomes the language's marks by depth (outer pair, then
-- inner pair, alternating), whichever marks the author typed. Runs before --citeproc.
-- SAMIZDAT_QUOTES holds the four marks, separated by '|'.

local marks = {}
for mark in string.gmatch(os.getenv('SAMIZDAT_QUOTES') or '“|”|‘|’', '[^|]+') do
  marks[#marks + 1] = mark
end

local function at_depth(depth)
  return {
    traverse = 'topdown',
    Quoted = function(quoted)
      local i = (depth % 2) * 2 + 1
      local inner = pandoc.Inlines(quoted.content):walk(at_depth(depth + 1))
      local out = pandoc.Inlines{pandoc.Str(marks[i])}
      out:extend(inner)
      out:insert(pandoc.Str(marks[i + 1]))
      return out, false
    end,
  }
end

function Pandoc(doc)
  doc.blocks = doc.blocks:walk(at_depth(0))
  return doc
end
