"""EndNote's citation fields: `ADDIN EN.CITE <EndNote><Cite>...<record>...</record></Cite>
</EndNote>`, each Cite a work (its record) and a locator (its Pages), read into CSL JSON."""

from __future__ import annotations

import re

from lxml import etree

TYPES = {"Book": "book", "Journal Article": "article-journal", "Book Section": "chapter",
         "Edited Book": "book", "Web Page": "webpage", "Newspaper Article": "article-newspaper",
         "Magazine Article": "article-magazine", "Thesis": "thesis", "Report": "report",
         "Conference Proceedings": "paper-conference", "Film or Broadcast": "motion_picture"}


def endnote_items(instruction: str) -> list[dict]:
    """The works of one EN.CITE field, as keyword arguments of fields.Item."""
    start, end = instruction.find("<EndNote"), instruction.rfind("</EndNote>")
    if start < 0 or end < 0:
        return []
    try:
        root = etree.fromstring(instruction[start:end + len("</EndNote>")].encode("utf-8"),
                                etree.XMLParser(resolve_entities=False, no_network=True,
                                                recover=True))
    except etree.XMLSyntaxError:
        return []
    items = []
    for cite in root.iter("Cite"):
        record = cite.find("record")
        if record is None:
            continue
        data = csl(record)
        number = text(record, "rec-number") or text(cite, "RecNum")
        database = record.find("database")
        source = database.get("path", "") if database is not None else ""
        items.append({"work": f"endnote:{source}:{number}", "data": data,
                      "locator": text(cite, "Pages"), "prefix": text(cite, "Prefix"),
                      "suffix": text(cite, "Suffix")})
    return items


def text(element, path: str) -> str:
    """The text of a child element, spaces collapsed; empty when there is none."""
    found = element.find(path)
    return re.sub(r"\s+", " ", "".join(found.itertext())).strip() if found is not None else ""


def csl(record) -> dict:
    """A record's fields that CSL has names for."""
    kind = record.find("ref-type")
    data = {"type": TYPES.get(kind.get("name", "") if kind is not None else "", "document")}
    names = [name_parts(text_of(a)) for a in record.iterfind("contributors/authors/author")]
    if names:
        data["author"] = names
    editors = [name_parts(text_of(a))
               for a in record.iterfind("contributors/secondary-authors/author")]
    if editors:
        data["editor"] = editors
    for csl_name, path in (("title", "titles/title"), ("container-title", "titles/secondary-title"),
                           ("publisher", "publisher"), ("publisher-place", "pub-location"),
                           ("volume", "volume"), ("issue", "number"), ("page", "pages"),
                           ("URL", "urls/related-urls/url"), ("DOI", "electronic-resource-num")):
        value = text(record, path)
        if value:
            data[csl_name] = value
    year = re.search(r"\d{4}", text(record, "dates/year"))
    if year:
        data["issued"] = {"date-parts": [[int(year.group(0))]]}
    return data


def text_of(element) -> str:
    """An element's text, spaces collapsed."""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def name_parts(name: str) -> dict:
    """'Miller, Roger G.' -> family and given; a name without a comma is taken whole."""
    family, _, given = name.partition(",")
    return {"family": family.strip(), "given": given.strip()} if given.strip() else {
        "literal": name}
