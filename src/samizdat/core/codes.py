"""Every diagnostic samizdat prints has a stable code: what it means and how to fix it.

Code and tests filter diagnostics by these codes, never by their message text. The
hundreds say where a problem lies: 0 usage, 1 the book folder and metadata.yaml, 2 the
manuscript, 3 the bibliography and timeline data, 4 the PDF's layout, 5 the built files
read back, 6 pandoc. This module imports nothing from samizdat.
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
    Code("SZ106", "The date is not written as YYYY-MM-DD.", "date: 2026-09-01"),
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
    Code("SZ116", "The citation style sets citations in the text (author-date, numeric), "
         "not as notes.", "csl: chicago-notes-bibliography-subsequent-ibid-17th-edition   "
         "(for notes)"),
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
    Code("SZ212", "A javascript: link would run a script.", "[the text](https://example.org)"),
    Code("SZ213", "Raw HTML that runs code or loads resources.",
         "use Markdown instead of <script>, <iframe>, <style>, <link> ..."),
    Code("SZ214", "Raw HTML with an event handler (onclick=...).", "<span class=\"x\">...</span>"),
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
    Code("SZ220", "A chapter file does not start with a level-1 heading: its text joins the "
         "previous chapter.", "# The Invasion   (first line of the file)"),
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
    Code("SZ222", "A construct the outputs cannot show (raw LaTeX, unconvertible TeX math).",
         "write *emphasis* instead of \\emph{emphasis}"),
    Code("SZ223", "An inline image is taller than the line: it is set at text height.",
         "put a large image on a line of its own to make it a figure"),
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
    Code("SZ311", "The timeline must be a list of events.",
         "- when: \"1975\"\n  start: 1975\n  text: The Final Act is signed."),
    Code("SZ312", "A timeline event must be a mapping.",
         "- when: \"1975\"\n  start: 1975\n  text: The Final Act is signed."),
    Code("SZ313", "A timeline event lacks 'when' or 'text'.", "text: The Final Act is signed."),
    Code("SZ314", "A timeline event's 'start' is not a year or a date.",
         "start: 1968   or   start: 1968-08-20"),
    Code("SZ315", "The timeline's events are not in order of 'start'.",
         "move the event to its place in time"),
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
