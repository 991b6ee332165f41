-- Each TeX formula, once pandoc has made it MathML, in a span that says it is pandoc's own:
-- the sanitiser keeps these formulas (as MathML alone) and removes any other <math>
-- (source/sanitise.py). After crossref.lua, which labels display formulas.

function Math(math)
  return pandoc.Span({math}, {['data-samizdat-math'] = ''})
end
