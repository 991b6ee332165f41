-- One edition of a classroom handout, before --citeproc sees the text, so that note numbers,
-- "Ibid." chains and the reading list are those of the edition the reader holds.
--   SAMIZDAT_EDITION  student (default): '::: teacher' and '::: answer' blocks are removed;
--                     teacher: they stay.
--   SAMIZDAT_ANSWERS  in-place (default) or key: in the teacher's edition, key gathers the
--                     answers into an answer key at the end (SAMIZDAT_ANSWER_KEY is its title).
-- Questions are numbered in reading order (data-number) and each gets an id (qst-N unless the
-- author gave one); the citations' note numbers are counted again. HTML comments are dropped from every edition.

local edition = os.getenv('SAMIZDAT_EDITION') or 'student'
local answers = os.getenv('SAMIZDAT_ANSWERS') or 'in-place'
local key_title = os.getenv('SAMIZDAT_ANSWER_KEY') or 'Answer key'
local TIMELINE = 'samizdat-timeline-texts'

local function is_comment(raw)
  return raw.format:match('html') and raw.text:match('^%s*<!%-%-')
end

local function withheld(div)
  return div.classes:includes('teacher') or div.classes:includes('answer')
end

local count, key = 0, pandoc.List()

local number_questions = {
  traverse = 'topdown',
  Div = function(div)
    if edition ~= 'teacher' and withheld(div) then
      return {}
    end
    if div.classes:includes('question') then
      count = count + 1
      div.attributes['data-number'] = tostring(count)
      if div.identifier == '' then
        div.identifier = 'qst-' .. count
      end
      if answers == 'key' and edition == 'teacher' then
        div.content = div.content:walk({
          Div = function(inner)
            if inner.classes:includes('answer') then
              inner.attributes['data-question'] = tostring(count)
              inner.attributes['data-for'] = div.identifier
              key:insert(inner)
              return {}
            end
          end,
        })
      end
      return div
    end
  end,
  RawBlock = function(raw)
    if is_comment(raw) then return {} end
  end,
  RawInline = function(raw)
    if is_comment(raw) then return {} end
  end,
}

-- The reader numbered each citation by the notes before it (citeproc's "Ibid." and
-- "near-note" read these numbers): count again without the blocks taken out.
local function renumber_notes(blocks)
  local n = 0
  local function set(cite, num)
    for _, citation in ipairs(cite.citations) do citation.note_num = num end
    return cite
  end
  return blocks:walk({
    traverse = 'topdown',
    Note = function(note)
      n = n + 1
      local num = n
      return note:walk({Cite = function(cite) return set(cite, num) end}), false
    end,
    Cite = function(cite)
      n = n + 1
      return set(cite, n), false
    end,
  })
end

function Pandoc(doc)
  doc.blocks = renumber_notes(doc.blocks:walk(number_questions))
  if #key > 0 then
    local at = #doc.blocks + 1
    for i, block in ipairs(doc.blocks) do
      if block.t == 'Div' and block.identifier == TIMELINE then at = i break end
    end
    local section = pandoc.List({pandoc.Header(1, key_title, pandoc.Attr('answer-key'))})
    section:extend(key)
    for j = #section, 1, -1 do doc.blocks:insert(at, section[j]) end
  end
  return doc
end
