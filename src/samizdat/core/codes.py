"""Every diagnostic samizdat prints has a stable code: what it means and how to fix it.

Code and tests filter diagnostics by these codes, never by their message text. The
hundreds say where a problem lies: 0 usage, 1 the book folder and metadata.yaml, 2 the
manuscript, 3 the bibliography and timeline data, 4 the PDF's layout, 5 the built files
read back, 6 pandoc, 7 importing a Word or OpenDocument file. This module imports nothing
from samizdat.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One kind of diagnostic: its code, a one-line meaning and an example of the fix."""

    code: str
    meaning: str
    fix: str


CODES = {c.code: c for c in (
    Code("SZ001", "The folder given to 'samizdat new' already holds a book.",
         "samizdat new ../my-second-handout"),
    Code("SZ002", "The folder is not a book: it has no metadata.yaml.",
         "samizdat pdf path/to/book   (the folder that holds metadata.yaml)"),
    Code("SZ003", "The folder is not a course: it has no course.yaml.",
         "samizdat reader path/to/course   (the folder that holds course.yaml)"),
    Code("SZ004", "One rebuild of samizdat serve or watch failed with a fault that is not the "
         "book's (a file gone mid-build, a structure too deep); the last good files stay.",
         "save again; if it recurs, run 'samizdat -v pdf BOOK' and report what it prints"),
    Code("SZ009", "course.yaml asks for a combined bibliography, but no handout cites or lists "
         "a work, so the reader has none.",
         "cite works in the handouts ([@key]), or remove 'bibliography' from course.yaml"),
    Code("SZ101", "metadata.yaml must be a mapping of keys to values.",
         "title: My Handout\nlang: en-GB"),
    Code("SZ102", "metadata.yaml has a key samizdat does not know (often a typo).",
         "autor: Jan Novák  ->  author: Jan Novák"),
    Code("SZ103", "A key every book needs is missing from metadata.yaml.",
         "title: The Prague Spring"),
    Code("SZ104", "A metadata value has the wrong type.",
         "author: [Jan Novák, Eva Svobodová]   (a name or a list of names)"),
    Code("SZ105", "A metadata value is not one of the allowed choices.",
         "paper: a4   (a4, letter or a5)"),
    Code("SZ106", "The date is neither YYYY-MM-DD nor a date written out in the book's "
         "language or in English.", "date: 2026-09-01   or   date: 1 de septiembre de 2026"),
    Code("SZ107", "A file named in metadata.yaml, or a chapter file, does not exist.",
         "bibliography: refs/sources.bib   (relative to the book folder)"),
    Code("SZ108", "A file cannot be read (permissions, or it is a folder).",
         "chmod a+r manuscript/01-intro.md"),
    Code("SZ109", "A text file is not UTF-8.",
         "iconv -f latin1 -t utf-8 01-intro.md > 01-intro.utf8.md   (or save as UTF-8)"),
    Code("SZ110", "A YAML file is malformed at the place shown.",
         "text: \"Quote: like this\"   (quote a value that holds a colon)"),
    Code("SZ111", "The manuscript has no chapter files, or they hold no text.",
         "manuscript/01-introduction.md starting with '# Introduction'"),
    Code("SZ112", "A path in metadata.yaml, or a symbolic link in the book, leads outside "
         "the book folder.",
         "bibliography: refs/sources.bib   (copy the file into the book folder)"),
    Code("SZ113", "The citation style is neither a bundled style name nor a .csl file in "
         "the book.", "csl: modern-language-association   or   csl: styles/my-school.csl"),
    Code("SZ114", "A path in metadata.yaml names a file of the wrong kind.",
         "bibliography: refs/sources.bib   (a .bib, .yaml, .json or .ris file)"),
    Code("SZ115", "samizdat has no quotation marks or navigation words for the book's language.",
         "lang: cs   (en-US, en-GB, de, fr, cs, pl, es)"),
    Code("SZ120", "'output' is not a plain file name: the outputs are written only into the "
         "book's build/ folder.", "output: my-handout   (no /, no .., no absolute path)"),
    Code("SZ122", "A handout folder in course.yaml leads outside the course folder (.., an "
         "absolute path, a URL, or a symbolic link out).",
         "handouts:\n  - week-1   (a folder inside the course folder; copy the handout in)"),
    Code("SZ123", "A handout folder in course.yaml does not exist or is not a book (no "
         "metadata.yaml).", "samizdat new week-2   (then list week-2 under handouts:)"),
    Code("SZ124", "course.yaml lists no handouts.", "handouts:\n  - week-1\n  - week-2"),
    Code("SZ125", "A handout is listed twice in course.yaml.",
         "handouts:\n  - week-1\n  - week-2   (each folder once)"),
    Code("SZ126", "Two handouts of a course have the same output name: the course site would "
         "hold one file for both.", "output: week-2-reformation   (in one handout's "
         "metadata.yaml)"),
    Code("SZ130", "An image file cannot be read as the image its name says: it is truncated, "
         "damaged, or not an image at all.",
         "export the image again from the program that made it (PNG, JPEG, GIF, WebP or SVG)"),
    Code("SZ131", "An image has more pixels than samizdat opens (a decompression bomb, or a "
         "scan far larger than any page shows).",
         "scale it down: 3000 pixels on the long side prints sharp on any page"),
    Code("SZ132", "A book's web.css or epub.css names something outside the web page or the "
         "EPUB: a remote URL, an @import, or a file (the page and the package carry none).",
         "delete the url() or @import; a font or image the style needs goes in as a data: URL"),
    Code("SZ133", "An input changed while the book was built: the files written are from the "
         "text as it was read, and are marked out of date so the next build makes them anew.",
         "make pdf   (again, now that the file is saved)"),
    Code("SZ134", "Characters that no font bundled with samizdat has: each reader's machine "
         "prints them in a font of its own, or as empty boxes.",
         "write them in another script, or leave them out of the handout"),
    Code("SZ121", "build/ is a symbolic link that leads outside the book folder.",
         "rm build   (samizdat makes the folder itself)"),
    Code("SZ116", "The citation style sets citations in the text (author-date, numeric), "
         "not as notes.", "csl: chicago-notes-bibliography-subsequent-ibid-17th-edition   "
         "(for notes)"),
    Code("SZ127", "A YAML file's aliases, or a BibTeX file's @string macros, stand for too "
         "many values (a 'billion laughs'), an alias stands inside its own anchor, or the "
         "data is nested hundreds deep.",
         "write the entries out in full instead of repeating them through *aliases"),
    Code("SZ128", "A file of the book is a named pipe, a socket or a device, not a plain "
         "file: reading it could wait for ever.",
         "rm manuscript/02-notes.md && save the chapter as a file"),
    Code("SZ129", "A file cannot be written into build/: the folder is read-only, or the "
         "disk or the temporary folder is full.",
         "chmod u+w build   or   free some disk space (df -h build)"),
    Code("SZ239", "A file name that make cannot name (a newline or another control "
         "character in it).", "mv 'manuscript/01\\nintro.md' manuscript/01-intro.md"),
    Code("SZ201", "A citation key is not in the bibliography.",
         "[@thomas2001, 92]   (the key as it is in the bibliography)"),
    Code("SZ202", "The manuscript cites a source but the book has no bibliography.",
         "bibliography: refs/sources.bib   in metadata.yaml"),
    Code("SZ203", "A footnote is called but never defined.",
         "[^helsinki]: The text of the note.   (a line of its own)"),
    Code("SZ204", "A footnote is defined but never called: it would not be printed.",
         "...the Final Act.[^helsinki]   (call it where it belongs, or delete it)"),
    Code("SZ205", "Two footnote definitions share one label; pandoc would keep one.",
         "[^final-act-1]: ...  and  [^final-act-2]: ..."),
    Code("SZ206", "An image is in a format not every e-reader shows.",
         "convert photo.tiff photo.jpg   (jpg, png, gif, svg or webp)"),
    Code("SZ207", "An image lies outside the manuscript folder.",
         "![Caption](images/photo.jpg)   with the file in manuscript/images/"),
    Code("SZ208", "A link or image is an absolute file: URL.",
         "![Caption](images/photo.jpg)"),
    Code("SZ209", "An image or resource is a remote URL: samizdat reads no network.",
         "save the file into manuscript/images/ and write ![Caption](images/photo.jpg)"),
    Code("SZ210", "A path in the manuscript leads outside the book folder.",
         "![Caption](images/photo.jpg)   (no ../ out of the book)"),
    Code("SZ211", "An image file does not exist.",
         "put the file at the path shown, or mark a photo that comes later: "
         "![Caption](images/photo.jpg){.pending}"),
    Code("SZ212", "A javascript: or vbscript: link would run a script (however it is spelt: "
         "character references, tabs and spaces inside are read as a browser reads them).",
         "[the text](https://example.org)"),
    Code("SZ213", "Raw HTML that no edition keeps (a script, a frame, an element outside the "
         "allow-list) is removed.", "use Markdown instead of <script>, <iframe>, <style>, "
         "<link> ..."),
    Code("SZ214", "Raw HTML with an event handler (onclick=...): the handler is removed.",
         "<span class=\"x\">...</span>"),
    Code("SZ215", "A photo marked {.pending} is not there yet; the figure is left out.",
         "save the photo at the path shown"),
    Code("SZ216", "The timeline data is never placed in the manuscript.",
         "::: timeline\n:::   (where the timeline belongs)"),
    Code("SZ217", "The reading list is never placed in the manuscript.",
         "::: reading-list\n:::   (where the list belongs)"),
    Code("SZ218", "A fenced div (:::) is never closed: it would swallow what follows.",
         "::: box\nThe text of the box.\n:::"),
    Code("SZ219", "A heading skips a level (# then ###): the contents would show a gap.",
         "# Chapter\n## Section\n### Subsection"),
    Code("SZ220", "A chapter file after the first does not start with a level-1 heading: its "
         "text joins the previous chapter (text before the book's first heading is its "
         "opening).", "# The Invasion   (first line of the file)"),
    Code("SZ221", "Something the author wrote is missing from a built file.",
         "move text out of '::: timeline' / '::: reading-list' (they are replaced); "
         "otherwise report it"),
    Code("SZ260", "An '::: answer' block stands outside a '::: question' block.",
         "::: question\nWhy did the crowd ring keys?\n\n::: answer\nA farewell.\n:::\n:::"),
    Code("SZ261", "A block class is a misspelling of 'teacher' or 'answer': as written, "
         "the block would print in the students' edition.",
         "::: anwser  ->  ::: answer"),
    Code("SZ262", "A block class is a misspelling of a classroom block's (source, term, "
         "question, box): it is set as plain text.", "::: questoin  ->  ::: question"),
    Code("SZ263", "A '::: teacher' or '::: answer' block is written inside a footnote; "
         "each edition numbers its own notes, so it cannot live in one.",
         "move the block out of the note, after the paragraph that calls the note"),
    Code("SZ264", "'lines=' is written on a block that is not a question: it does nothing.",
         "::: {.question lines=5}"),
    Code("SZ265", "'lines=' on a question is not a whole number of lines from 1 to 40.",
         "::: {.question lines=5}"),
    Code("SZ222", "A construct the outputs cannot show (raw LaTeX outside $...$ math).",
         "write *emphasis* instead of \\emph{emphasis}"),
    Code("SZ224", "TeX math that cannot be read: a command pandoc does not know (the nearest "
         "one it knows is named) or TeX that stops making sense.",
         "$\\frac{d}{t}$   not   $\\frca{d}{t}$"),
    Code("SZ225", "Chemistry written with mhchem (\\ce{...}): not supported.",
         "$\\mathrm{H_2O}$   instead of   $\\ce{H2O}$"),
    Code("SZ226", "A formula the PDF's math renderer (ziamath) cannot draw.",
         "write it with simpler TeX, or report the formula"),
    Code("SZ227", "A formula is missing from a built file (fewer formulas than the manuscript "
         "has).", "rebuild all three: samizdat all; samizdat html"),
    Code("SZ223", "An inline image is taller than the line: it is set at text height.",
         "put a large image on a line of its own to make it a figure"),
    Code("SZ236", "The manuscript is nested too deeply (lists, quotes, divs or raw HTML "
         "elements inside one another more than 32 levels): no edition could lay it out.",
         "split the list, or flatten its levels"),
    Code("SZ237", "A chapter holds a NUL or another control character that no edition can "
         "print.", "delete the character at the place shown (often left by a broken copy)"),
    Code("SZ238", "An image is a data: URL: samizdat takes images only as files in the book.",
         "![Map](images/map.png)   (save the image as a file in manuscript/images/)"),
    Code("SZ240", "A cross-reference names a label no figure, table, section or timeline "
         "event carries.", "@fig-map   with   ![Map](images/map.png){#fig-map}"),
    Code("SZ241", "A label is defined twice: a reference could not say which it means.",
         "{#fig-map} and {#fig-map-1968}"),
    Code("SZ242", "A label stands on something that cannot carry it (#fig- off a figure, "
         "#tbl- off a table's caption, #sec- off a heading, #eq- off a display formula, #tl- in "
         "the manuscript).",
         "![Map](images/map.png){#fig-map}   alone in its paragraph"),
    Code("SZ243", "No longer reported: display equations are numbered ($$...$$ {#eq-x}).",
         "$$v = \\frac{d}{t}$$ {#eq-speed}"),
    Code("SZ244", "A cross-reference, a figure's or a table's number prints differently in "
         "the PDF, the EPUB and the web page.", "rebuild all three: samizdat all; samizdat html"),
    Code("SZ245", "A cross-reference names a figure marked {.pending}: it prints '?' until "
         "the photo is supplied.", "put the image at the path the SZ215 note gives"),
    Code("SZ246", "One bracket holds both cross-references and citations.",
         "the map (@fig-map) shows it.[@smith2020]"),
    Code("SZ250", "A footnote is called in a file that does not define it, and several other "
         "files do: footnote labels belong to their chapter file.",
         "[^1]: The note.   (in the file that calls it)"),
    Code("SZ301", "The bibliography cannot be read as a list of entries.",
         "- id: thomas2001\n  type: book\n  title: The Helsinki Effect"),
    Code("SZ302", "A bibliography entry has no id (key).", "- id: thomas2001"),
    Code("SZ303", "Two bibliography entries share one key.", "thomas2001a and thomas2001b"),
    Code("SZ304", "A bibliography entry has no type.", "type: book"),
    Code("SZ305", "A bibliography entry lacks fields its notes need.",
         "publisher: Princeton University Press"),
    Code("SZ306", "A reading-list group names a work that is not in the bibliography.",
         "Primary sources\n: @navratil1998; @vaculik1968"),
    Code("SZ307", "A BibTeX, BibLaTeX or RIS file cannot be read at the place shown.",
         "@book{key,\n  title = {Title},\n}   (every entry closed with its brace)"),
    Code("SZ308", "A BibTeX entry type pandoc does not know: it is printed as a document.",
         "@book{key, ...}   instead of @bok{key, ...}"),
    Code("SZ320", "A BibLaTeX entry type that citeproc would print wrongly (a @letter is left "
         "out of the reading list).", "@misc{key, howpublished = {Carta}, ...}"),
    Code("SZ321", "A field of a BibTeX or BibLaTeX entry that pandoc's mapping to CSL drops: "
         "the notes would not print it.", "note = {Número especial}   instead of issuetitle"),
    Code("SZ311", "The timeline must be a list of events.",
         "- when: \"1975\"\n  start: 1975\n  text: The Final Act is signed."),
    Code("SZ312", "A timeline event must be a mapping.",
         "- when: \"1975\"\n  start: 1975\n  text: The Final Act is signed."),
    Code("SZ313", "A timeline event lacks 'when' or 'text'.", "text: The Final Act is signed."),
    Code("SZ314", "A timeline event's 'start' is not a year or a date.",
         "start: 1968   or   start: 1968-08-20"),
    Code("SZ315", "The timeline's events are not in order of 'start'.",
         "move the event to its place in time"),
    Code("SZ316", "A timeline event's id does not start with 'tl-' (or holds other "
         "characters than letters, digits and dashes).", "id: tl-final-act"),
    Code("SZ317", "A bibliography key starts with a prefix kept for cross-references "
         "(fig-, tbl-, sec-, eq-, qst-, tl-, page-): it could never be cited.",
         "id: figes1996   instead of   id: fig-es1996"),
    Code("SZ318", "A note too long for the foot of a page in large print is set after the "
         "paragraph that calls it.", "shorten the note, or move part of it into the text"),
    Code("SZ319", "A page ends more than two lines short, for what begins the next page (a "
         "note kept with its call, the timeline or a block kept whole).",
         "shorten or lengthen the text before it by a few lines"),
    Code("SZ401", "A note is missing from the PDF's layout.",
         "report it; meanwhile shorten the paragraph that calls it"),
    Code("SZ402", "A note is too long to fit on a page.",
         "shorten the note, or move part of it into the text"),
    Code("SZ403", "A note is printed on a later page than its call.",
         "shorten or lengthen the text before the call by a line"),
    Code("SZ404", "A page holds only a scrap of text.",
         "shorten or lengthen the text before it"),
    Code("SZ405", "A stylesheet, font or image the PDF wanted is outside the book or remote.",
         "url(\"fonts/MyFont.ttf\")   with the file inside the book folder"),
    Code("SZ406", "The layout took longer than the time limit.",
         "split very long tables; or samizdat pdf --timeout 600"),
    Code("SZ407", "WeasyPrint reported a problem while laying out the PDF.",
         "fix the CSS or the element the message names"),
    Code("SZ408", "A line runs past the margin.",
         "a long URL or word: let it break, or shorten it"),
    Code("SZ409", "A heading is stranded at the foot of a page.",
         "lengthen or shorten the text before it"),
    Code("SZ410", "The built PDF does not match a fresh layout.", "make clean && make pdf"),
    Code("SZ411", "Text is printed over other text, or outside the page's text area.",
         "give a timeline date or a table cell less text, or report the page"),
    Code("SZ412", "A figure leaves much of a page empty.", "![Caption](images/x.png){width=60%}"),
    Code("SZ415", "A paragraph's line is letter-spaced: no breaks set its word spaces within "
         "1.6 times the font's (a long name or URL leaves too little to share out).",
         "let the word break (a hyphen, <wbr>), or reword the line"),
    Code("SZ414", "An edition numbers an ordered list otherwise than the manuscript "
         "(2., B., ii.): the PDF, the EPUB and the web page must show the numbers as written.",
         "rebuild the editions (make all html); report it if it persists"),
    Code("SZ520", "Words of a teacher or answer block, a note or work only it cites, or an "
         "HTML comment reached a students' file (PDF text, metadata or bookmarks; EPUB pages, "
         "navigation or metadata; the web page; the page record).",
         "keep teacher-only words inside '::: teacher' blocks, not in metadata.yaml or the "
         "student text"),
    Code("SZ521", "A teacher or answer block is missing from a file of the teacher's edition.",
         "rebuild with samizdat teacher; report it if it persists"),
    Code("SZ522", "A teacher or answer block has no run of four words the students' text "
         "does not also hold: the leak check cannot tell it apart.",
         "say it in the teacher's own words, or leave it as it is"),
    Code("SZ230", "A data: URL as a link target: a link must lead to a page or a file.",
         "[the table](files/table.csv)   (put the file in the book and link to it)"),
    Code("SZ231", "A raw HTML attribute outside the allow-list is removed.",
         "<span class=\"x\" title=\"...\">   (id, class, title, lang, dir, data-*, aria-*)"),
    Code("SZ232", "A style declaration that could fetch or run something is removed.",
         "<span style=\"color: #a00\">   (colour, size, alignment; no url(), no expression())"),
    Code("SZ233", "Something in an SVG image that could run or fetch is removed (script, "
         "foreignObject, event handlers, animated links, outside references).",
         "an SVG exported as a plain drawing (Inkscape: Save As, Optimized SVG)"),
    Code("SZ234", "An id is given twice in the manuscript: the later ones are removed.",
         "<hr id=\"part-2\">   (each id once)"),
    Code("SZ235", "Raw HTML that holds code (<script>, <svg>, <iframe>...) is never closed: "
         "everything after it would be read as its content.", "<script>...</script>  or delete it"),
    Code("SZ516", "The course reader's contents name a page that does not show the entry.",
         "make reader COURSE=...   (rebuild the reader)"),
    Code("SZ517", "The course reader's PDF, EPUB and site differ in their handouts or sections, "
         "or a link of the site leads nowhere.", "make reader COURSE=...   (rebuild it whole)"),
    Code("SZ501", "'samizdat check' needs the built files.", "make all && make check"),
    Code("SZ502", "A built file cannot be read back.", "make clean && make all"),
    Code("SZ503", "A built file is older than its sources.", "make all"),
    Code("SZ504", "EPUBCheck needs Java.", "apt-get install default-jre-headless"),
    Code("SZ505", "EPUBCheck, the official EPUB checker, reported a problem.",
         "the message names the file; fix the construct it points at"),
    Code("SZ506", "The PDF bookmarks or the EPUB contents differ from the book's headings.",
         "make clean && make all"),
    Code("SZ507", "A note differs between the outputs.", "make clean && make all"),
    Code("SZ508", "The figures or their alt texts differ between the outputs.",
         "make clean && make all"),
    Code("SZ509", "The timeline differs between the outputs and the data.",
         "make clean && make all"),
    Code("SZ510", "The PDF lacks something assistive technology needs (tags, language, title, "
         "alt text).", "![A photo of ...](images/x.jpg)   (describe every image)"),
    Code("SZ511", "The EPUB's accessibility metadata does not match its content.",
         "make clean && make epub"),
    Code("SZ512", "The web page fetches something from elsewhere: it is not one self-contained "
         "file.", "make clean && make html"),
    Code("SZ513", "A page image cannot be made: Chromium is not installed.",
         "apt-get install chromium   (make browser does it)"),
    Code("SZ514", "The web page carries a script, an event handler or a script link, or lacks "
         "its Content-Security-Policy.", "make clean && make html"),
    Code("SZ701", "The file to import cannot be read.", "chmod a+r handout.docx"),
    Code("SZ702", "The file to import is not a Word (.docx) or OpenDocument (.odt) text.",
         "samizdat import handout.docx ../handout   (Word: File > Save As > .docx)"),
    Code("SZ703", "The file to import is password-protected (or an old binary .doc).",
         "Word: File > Info > Protect Document > Encrypt with Password: clear it, save"),
    Code("SZ704", "The file to import is damaged: its archive or XML cannot be read.",
         "open it in Word or LibreOffice and save it again"),
    Code("SZ705", "The folder to import into already exists and is not empty.",
         "samizdat import handout.docx ../new-handout"),
    Code("SZ706", "The file still has tracked changes or comments: importing would merge "
         "them unseen.", "Review > Accept All Changes, delete the comments; or "
         "samizdat import --accept-changes handout.docx ../handout"),
    Code("SZ708", "pandoc could not write an imported chapter.", "report it, with the file"),
    Code("SZ710", "The imported book holds fewer (or more) paragraphs, notes, citations, images "
         "or tables than the file.", "compare the two, and add what is missing by hand"),
    Code("SZ601", "pandoc did not finish in time.", "split the manuscript, or report it"),
    Code("SZ602", "pandoc failed.", "the message quotes pandoc; fix the file it names"),
    Code("SZ603", "pandoc warned about the manuscript.", "fix the construct at the place shown"),
)}


def explain(code: str) -> str | None:
    """The explanation 'samizdat explain CODE' prints, or None for an unknown code."""
    entry = CODES.get(code.upper())
    if entry is None:
        return None
    fix = "\n".join("    " + line for line in entry.fix.split("\n"))
    return f"{entry.code}: {entry.meaning}\n\nFor example:\n{fix}"
