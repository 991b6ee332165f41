"""Word documents written for the import tests, as a word processor with a reference manager
would write them: python-docx for the body, lxml for what it has no API for (footnotes,
endnotes, citation fields, tracked changes, custom properties).

A paragraph is a list of pieces: a string, or a tuple
  ("i"|"b"|"sc"|"sup"|"sub", text)   emphasis, strong, small caps, super/subscript
  ("font", text)                     direct formatting (a colour, a font, a size)
  ("br",)                            a manual line break
  ("link", text, url)
  ("note", pieces)                   an explanatory footnote
  ("endnote", pieces)                an endnote
  ("cite", [(item, locator), ...], rendered)   a citation field, in the text
  ("ins", text) / ("del", text)      a tracked insertion / deletion
"""

from __future__ import annotations

import copy
import json
from io import BytesIO
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
             "custom-properties")
ZOTERO_URI = "http://zotero.org/users/4711/items/"


class WordFile:
    """One document being written; save() adds the parts python-docx does not make."""

    def __init__(self, fields: str = "zotero"):
        self.doc = docx.Document()
        self.fields = fields            # zotero, mendeley or endnote
        self.notes = {"footnote": [], "endnote": []}
        self.citations = 0

    # blocks -------------------------------------------------------------------------
    def para(self, pieces, style: str | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        self.fill(paragraph._p, pieces)
        return paragraph

    def heading(self, text: str, level: int):
        self.doc.add_heading(text, level)

    def picture(self, image: bytes, width_in: float, caption: str | None, alt: str = ""):
        shape = self.doc.add_picture(BytesIO(image), width=Inches(width_in))
        if alt:
            shape._inline.docPr.set("descr", alt)
        if caption:
            self.doc.add_paragraph(caption, style="Caption")

    def table(self, rows: list[list[str]], caption: str, merge: tuple | None = None):
        self.doc.add_paragraph(caption, style="Caption")
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        if merge:
            (r1, c1), (r2, c2) = merge
            table.cell(r1, c1).merge(table.cell(r2, c2))
        return table

    def empty(self):
        self.doc.add_paragraph()

    # runs ---------------------------------------------------------------------------
    def fill(self, p, pieces):
        for piece in pieces:
            if isinstance(piece, str):
                p.append(run(piece))
            else:
                getattr(self, "_" + piece[0])(p, *piece[1:])

    def _i(self, p, text):
        p.append(run(text, "<w:i/>"))

    def _b(self, p, text):
        p.append(run(text, "<w:b/>"))

    def _sc(self, p, text):
        p.append(run(text, "<w:smallCaps/>"))

    def _sup(self, p, text):
        p.append(run(text, '<w:vertAlign w:val="superscript"/>'))

    def _sub(self, p, text):
        p.append(run(text, '<w:vertAlign w:val="subscript"/>'))

    def _font(self, p, text):
        p.append(run(text, '<w:rFonts w:ascii="Comic Sans MS" w:hAnsi="Comic Sans MS"/>'
                           '<w:color w:val="C00000"/><w:sz w:val="28"/>'))

    def _br(self, p):
        p.append(parse_xml(f"<w:r {nsdecls('w')}><w:br/></w:r>"))

    def _link(self, p, text, url):
        rid = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"/>')
        link.append(run(text, '<w:rStyle w:val="Hyperlink"/>'))
        p.append(link)

    def _ins(self, p, text):
        p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="901" w:author="Reviewer" '
                           f'w:date="2026-03-01T10:00:00Z"><w:r><w:t xml:space="preserve">'
                           f'{escape(text)}</w:t></w:r></w:ins>'))

    def _del(self, p, text):
        p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="902" w:author="Reviewer" '
                           f'w:date="2026-03-01T10:00:00Z"><w:r><w:delText '
                           f'xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'))

    def _note(self, p, pieces, kind="footnote"):
        number = len(self.notes[kind]) + 1
        style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
        p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{number}"/></w:r>'))
        del style
        body = etree.Element(qn("w:p"))
        body.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign '
                              f'w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'))
        body.append(run(" "))
        self.fill(body, pieces)
        self.notes[kind].append(body)

    def _endnote(self, p, pieces):
        self._note(p, pieces, "endnote")

    def _cite(self, p, items, rendered):
        self.citations += 1
        instruction = citation_instruction(self.fields, items, self.citations,
                                           len(self.notes["footnote"]))
        for xml in (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            f'<w:r><w:t xml:space="preserve">{escape(rendered)}</w:t></w:r>',
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ):
            p.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))

    # the file -----------------------------------------------------------------------
    def save(self, path: Path, *, zotero_style: str | None = None, comment: bool = False):
        for kind, bodies in self.notes.items():
            if bodies:
                self._notes_part(kind, bodies)
        if zotero_style:
            self._zotero_prefs(zotero_style)
        if comment:
            self._comment()
        self.doc.save(path)
        return path

    def _notes_part(self, kind, bodies):
        root = etree.Element(qn(f"w:{kind}s"), nsmap={"w": W})
        for number, sep in ((-1, "separator"), (0, "continuationSeparator")):
            note = etree.SubElement(root, qn(f"w:{kind}"))
            note.set(qn("w:type"), sep)
            note.set(qn("w:id"), str(number))
            note.append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:{sep}/></w:r></w:p>'))
        for number, body in enumerate(bodies, 1):
            note = etree.SubElement(root, qn(f"w:{kind}"))
            note.set(qn("w:id"), str(number))
            note.append(copy.deepcopy(body))
        part = Part(PackURI(f"/word/{kind}s.xml"), NOTES_CT.format(kind + "s"),
                    etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                   standalone=True), self.doc.part.package)
        rt = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
        self.doc.part.relate_to(part, rt)

    def _zotero_prefs(self, style):
        data = (f'<data data-version="3" zotero-version="6.0.30"><session id="x9KfQz2b"/>'
                f'<style id="http://www.zotero.org/styles/{style}" hasBibliography="1" '
                f'bibliographyStyleHasBeenSet="0"/><prefs><pref name="fieldType" '
                f'value="Field"/><pref name="noteType" value="1"/></prefs></data>')
        chunks = [data[i:i + 240] for i in range(0, len(data), 240)]
        props = "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n + 2}" '
            f'name="ZOTERO_PREF_{n + 1}"><vt:lpwstr>{escape(chunk)}</vt:lpwstr></property>'
            for n, chunk in enumerate(chunks))
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
               'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
               f'officeDocument/2006/docPropsVTypes">{props}</Properties>')
        part = Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, xml.encode(),
                    self.doc.part.package)
        self.doc.part.package.relate_to(part, CUSTOM_RT)

    def _comment(self):
        """A comment on the first paragraph: the range marks and a comments part."""
        p = self.doc.paragraphs[-1]._p
        p.insert(0, parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="0"/>'))
        p.append(parse_xml(f'<w:commentRangeEnd {nsdecls("w")} w:id="0"/>'))
        p.append(parse_xml(f'<w:r {nsdecls("w")}><w:commentReference w:id="0"/></w:r>'))
        xml = (f'<w:comments {nsdecls("w")}><w:comment w:id="0" w:author="Reviewer" '
               'w:date="2026-03-01T10:00:00Z"><w:p><w:r><w:t>Check this date.</w:t></w:r>'
               '</w:p></w:comment></w:comments>')
        part = Part(PackURI("/word/comments.xml"), NOTES_CT.format("comments"),
                    xml.encode(), self.doc.part.package)
        self.doc.part.relate_to(part, RT.COMMENTS)


def run(text: str, properties: str = ""):
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return parse_xml(f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve">{escape(text)}'
                     f'</w:t></w:r>')


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The works the handouts cite, as Zotero stores them (CSL JSON).
WORKS = {
    "miller": {"type": "book", "title": "To Save a City: The Berlin Airlift, 1948–1949",
               "author": [{"family": "Miller", "given": "Roger G."}],
               "publisher": "Texas A&M University Press", "publisher-place": "College Station",
               "issued": {"date-parts": [["2000"]]}},
    "harrington": {"type": "book",
                   "title": "Berlin on the Brink: The Blockade, the Airlift, and the Early "
                            "Cold War",
                   "author": [{"family": "Harrington", "given": "Daniel F."}],
                   "publisher": "University Press of Kentucky", "publisher-place": "Lexington",
                   "issued": {"date-parts": [["2012"]]}},
    "shlaim": {"type": "article-journal",
               "title": "Britain, the Berlin Blockade and the Cold War",
               "author": [{"family": "Shlaim", "given": "Avi"}],
               "container-title": "International Affairs", "volume": "60", "issue": "1",
               "page": "1-14", "issued": {"date-parts": [["1983"]]}},
    "shlaim-book": {"type": "book",
                    "title": "The United States and the Berlin Blockade, 1948–1949",
                    "author": [{"family": "Shlaim", "given": "Avi"}],
                    "publisher": "University of California Press",
                    "publisher-place": "Berkeley", "issued": {"date-parts": [["1983"]]}},
}
ZOTERO_IDS = {"miller": 101, "harrington": 102, "shlaim": 103, "shlaim-book": 104}


def citation_instruction(fields: str, items, number: int, note_index: int) -> str:
    """The field code a reference manager writes for one citation."""
    if fields == "endnote":
        return endnote_instruction(items)
    cited = []
    for name, locator in items:
        if fields == "zotero":
            entry = {"id": ZOTERO_IDS[name], "uris": [f"{ZOTERO_URI}K{ZOTERO_IDS[name]}"],
                     "itemData": {"id": ZOTERO_IDS[name], **WORKS[name]}}
        else:
            uuid = f"0c1b{ZOTERO_IDS[name]:04d}-5e7a-4d5b-9c1e-3f6a2b8d{ZOTERO_IDS[name]:04d}"
            entry = {"id": f"ITEM-{len(cited) + 1}", "uris": [
                f"http://www.mendeley.com/documents/?uuid={uuid}"],
                "itemData": {"id": uuid, **WORKS[name]}}
        if locator:
            entry.update(locator=locator, label="page")
        cited.append(entry)
    if fields == "zotero":
        data = {"citationID": f"cit{number:03d}", "properties": {
            "formattedCitation": "", "plainCitation": "", "noteIndex": note_index},
            "citationItems": cited,
            "schema": "https://github.com/citation-style-language/schema/raw/master/"
                      "csl-citation.json"}
        return f" ADDIN ZOTERO_ITEM CSL_CITATION {json.dumps(data, ensure_ascii=False)} "
    data = {"citationItems": cited, "properties": {"noteIndex": note_index},
            "isEdited": False, "manualOverride": {"isManuallyOverridden": False},
            "schema": "https://github.com/citation-style-language/schema/raw/master/"
                      "csl-citation.json"}
    return f"ADDIN CSL_CITATION {json.dumps(data, ensure_ascii=False)}"


ENDNOTE_TYPES = {"book": ("Book", 6), "article-journal": ("Journal Article", 17)}


def endnote_instruction(items) -> str:
    """EndNote's field code: its own XML, one Cite (with its record) per work."""
    cites = []
    for name, locator in items:
        work, number = WORKS[name], ZOTERO_IDS[name]
        kind, code = ENDNOTE_TYPES[work["type"]]
        authors = "".join(f"<author>{escape(a['family'])}, {escape(a['given'])}</author>"
                          for a in work["author"])
        container = (f"<secondary-title>{escape(work['container-title'])}</secondary-title>"
                     if "container-title" in work else "")
        place = (f"<pub-location>{escape(work['publisher-place'])}</pub-location>"
                 f"<publisher>{escape(work['publisher'])}</publisher>"
                 if "publisher" in work else "")
        cites.append(
            f"<Cite><Author>{escape(work['author'][0]['family'])}</Author>"
            f"<Year>{work['issued']['date-parts'][0][0]}</Year><RecNum>{number}</RecNum>"
            + (f"<Pages>{locator}</Pages>" if locator else "")
            + f"<record><rec-number>{number}</rec-number><ref-type name=\"{kind}\">{code}"
            f"</ref-type><contributors><authors>{authors}</authors></contributors><titles>"
            f"<title>{escape(work['title'])}</title>{container}</titles><dates><year>"
            f"{work['issued']['date-parts'][0][0]}</year></dates>{place}</record></Cite>")
    return f" ADDIN EN.CITE <EndNote>{''.join(cites)}</EndNote>"


def picture_png(size, colour, label_bars: int) -> bytes:
    """A small figure: a few bars, enough to be an image with a size."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    w, h = size
    for n in range(label_bars):
        top = h - (n + 1) * h // (label_bars + 1)
        draw.rectangle([20 + n * (w - 40) // label_bars, top,
                        20 + (n + 1) * (w - 40) // label_bars - 8, h - 10], fill=colour)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


__all__ = ["WordFile", "WORKS", "picture_png", "Pt", "RGBColor", "WD_BREAK"]
