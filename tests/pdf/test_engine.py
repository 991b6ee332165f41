"""The WeasyPrint boundary (pdf/engine): every change to WeasyPrint in force only while samizdat
renders, and each one standing down, in one logged line, on a WeasyPrint it was not written
for, while the book still builds."""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
import textwrap

import pytest

from samizdat import Report, build
from samizdat.pdf import engine
from samizdat.pdf.engine import change

from ..conftest import BOOKS, REPO, copy_book

# A plain document that every patch would change if it leaked: a footnote (its call is
# linked and tagged Note by note-tags), tagged PDF/UA output, justified text.
PLAIN = textwrap.dedent("""
    import sys
    from weasyprint import HTML

    def plain() -> str:
        html = ('<html lang="en"><style>@page { size: 300px 200px } .fn { float: footnote }'
                'p { text-align: justify }</style><p>' + 'A plain paragraph of text. ' * 20 +
                '<span class="fn">A note.</span> And more text after the note.</p></html>')
        data = HTML(string=html).render().write_pdf(pdf_variant="pdf/ua-1",
                                                    pdf_identifier=b"plain")
        import hashlib
        return hashlib.md5(data).hexdigest()
    """)


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=REPO)
    return done.stdout.split()


def test_weasyprint_is_its_own_before_and_after_a_samizdat_build(tmp_path):
    """A document rendered by other code in the same process, before and after samizdat
    builds a book, comes out byte for byte as from WeasyPrint alone in a fresh process; the
    same document rendered while samizdat's patches are in force does not (the test can
    fail)."""
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    alone = _run(PLAIN + "print(plain())")
    around = _run(PLAIN + textwrap.dedent(f"""
        from samizdat import Report, build
        from samizdat.pdf import engine
        before = plain()
        report = Report()
        build({str(book)!r}, ("pdf",), report)
        assert not report.count("error")
        after = plain()
        with engine.patched():
            during = plain()
        print(before, after, during)
        """))
    assert around[0] == around[1] == alone[0]
    assert around[2] != alone[0]


def test_patches_are_undone_however_the_render_ends():
    from weasyprint.layout import block, inline

    originals = (inline.split_first_line, block._linebox_layout)
    with pytest.raises(KeyboardInterrupt), engine.patched():
        assert inline.split_first_line is not originals[0]
        assert block._linebox_layout is not originals[1]
        raise KeyboardInterrupt
    assert (inline.split_first_line, block._linebox_layout) == originals


def test_every_change_is_declared_once_and_matches_this_weasyprint():
    names = [c.name for c in engine.CHANGES]
    assert len(set(names)) == len(names) == 9
    for declared in engine.CHANGES:
        assert declared.found() == declared.fingerprint, declared.name
        assert declared.replaces and declared.why and declared.goes_without


@pytest.fixture(scope="module")
def tiny_pdf(tmp_path_factory):
    """The tiny book's PDF, as built with every change in force."""
    book = copy_book(BOOKS / "tiny", tmp_path_factory.mktemp("as-is") / "tiny")
    report = Report()
    build(book, ("pdf",), report)
    return hashlib.md5((book / "build" / "tiny.pdf").read_bytes()).hexdigest()


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.mark.parametrize("declared", engine.CHANGES, ids=lambda c: c.name)
def test_each_change_stands_down_on_another_weasyprint(declared, tmp_path, monkeypatch,
                                                       tiny_pdf):
    """Faked: the code a change relies on differs. The change is not applied, one logged line
    names what the book goes without, and the book builds; where it goes without nothing
    but speed, the PDF is the same to the byte."""
    applied = []
    monkeypatch.setattr(declared, "fingerprint", "0" * 16)
    if declared.apply is not None:
        monkeypatch.setattr(declared, "apply", lambda: applied.append(1))
    lines = _Lines()
    logger = logging.getLogger(change.log.name)
    logger.addHandler(lines)
    try:
        book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
        report = Report()
        build(book, ("pdf",), report)
    finally:
        logger.removeHandler(lines)
    assert not report.count("error") and (book / "build" / "tiny.pdf").exists()
    assert applied == []
    assert len(lines.lines) == 1 and declared.goes_without in lines.lines[0], lines.lines
    if declared.goes_without.startswith("nothing"):
        pdf = hashlib.md5((book / "build" / "tiny.pdf").read_bytes()).hexdigest()
        assert pdf == tiny_pdf


def test_glyph_widths_read_one_at_a_time_are_the_same(monkeypatch):
    """Where PangoGlyphInfo is laid out otherwise, widths are read field by field: the same."""
    from samizdat.pdf.engine import pango

    style = _a_text_style()
    text = "Václav Havel, office affairs – 1968"
    at_once = pango.advances(text, style)
    monkeypatch.setattr(pango.GLYPHS, "fingerprint", "another layout")
    assert pango.advances(text, style) == at_once and at_once[-1] > 100


def _a_text_style():
    """The computed style of a paragraph's text, from a WeasyPrint layout."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    document = HTML(string="<p style='font: 16px serif'>text</p>").render()
    box = next(b for b in engine.page_box(document.pages[0]).descendants()
               if isinstance(b, boxes.TextBox))
    return box.style


# WeasyPrint's public API, as the package outside pdf/engine may use it: the document classes,
# the boxes of a laid-out page (their classes, for isinstance), fonts and URL fetching
PUBLIC = {"weasyprint", "weasyprint.HTML", "weasyprint.CSS", "weasyprint.Document",
          "weasyprint.formatting_structure", "weasyprint.formatting_structure.boxes",
          "weasyprint.text.fonts", "weasyprint.text.fonts.FontConfiguration",
          "weasyprint.urls", "weasyprint.urls.URLFetcher",
          "weasyprint.urls.URLFetcherResponse"}  # what a URL fetcher returns, as documented


def test_only_the_engine_uses_weasyprints_internals():
    from ..test_package import MODULES, imports_of

    engine_folder = REPO / "src" / "samizdat" / "pdf" / "engine"
    for path in MODULES:
        if engine_folder in path.parents:
            continue
        names = {n for n in imports_of(path) if n.split(".")[0] in ("weasyprint", "pydyf")}
        assert names <= PUBLIC, f"{path.relative_to(REPO)} imports {sorted(names - PUBLIC)}"
        assert "_page_box" not in path.read_text(), path.relative_to(REPO)
