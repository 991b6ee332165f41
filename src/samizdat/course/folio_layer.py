"""The reader's own documents laid out by WeasyPrint, and the folio layer: one untagged
page per page of a PDF with only its number, laid over each page as an artifact."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf
from pikepdf import Name, Stream

from ..pdf.engine import patched
from ..pdf.layout import PDF_VARIANT
from ..pdf.sandbox import SandboxFetcher
from ..render.fonts import font_dir, font_face_css
from ..source.stylesheet import packaged_stylesheet, stylesheet
from .front import folio_html

# The folio layer carries nothing but the folio.
FOLIO_ONLY = ("@page { @top-left { content: none } @top-right { content: none } "
              "@top-center { content: none } @bottom-left { content: none } "
              "@bottom-right { content: none } }")


def render_html(root: Path, html: str, extra: str = "", tagged: bool = True) -> bytes:
    """One of the reader's own documents laid out with print.css and reader.css."""
    return write_html_pdf(lay_out_html(root, html, extra, tagged), html, tagged)


def lay_out_html(root: Path, html: str, extra: str = "", tagged: bool = True):
    """The WeasyPrint document of one of the reader's own documents, not yet written."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    sheets = [stylesheet(root, "print.css"), packaged_stylesheet("reader.css")]
    fetcher = SandboxFetcher(Path(root).resolve(), [s.parent for s in sheets] + [font_dir()])
    fonts = FontConfiguration()
    css = [CSS(filename=str(s), font_config=fonts, url_fetcher=fetcher) for s in sheets]
    css.append(CSS(string=font_face_css() + extra, font_config=fonts, url_fetcher=fetcher))
    with patched():
        return HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=css, **({"pdf_variant": PDF_VARIANT} if tagged else {}))


def write_html_pdf(document, html: str, tagged: bool = True) -> bytes:
    """The PDF of a document lay_out_html made; the same HTML always gives the same bytes."""
    identifier = hashlib.md5(html.encode("utf-8")).hexdigest().encode()
    with patched():
        return document.write_pdf(pdf_identifier=identifier,
                                  **({"pdf_variant": PDF_VARIANT} if tagged else {}))


# A layer's page n is the same however many pages follow it: one layer, laid out for a
# multiple of LAYER_STEP pages, numbers every handout a process lays out on that paper.
LAYER_STEP = 32
_layers: dict[tuple, bytes] = {}


def folio_layer(root: Path, lang: str, paper: str, pages: int) -> bytes:
    """The folio layer of at least this many pages, laid out once per process for the
    stylesheet (as it is now), the language and the paper."""
    sheet = stylesheet(root, "print.css")
    stat = sheet.stat()
    size = -(-max(pages, 1) // LAYER_STEP) * LAYER_STEP
    key = (str(sheet), stat.st_mtime_ns, stat.st_size, lang, paper, size)
    if key not in _layers:
        _layers[key] = render_html(root, folio_html(lang, paper, size), FOLIO_ONLY,
                                   tagged=False)
    return _layers[key]


def with_folios(root: Path, data: bytes, lang: str, paper: str) -> bytes:
    """A handout's own PDF: its pages numbered from 1."""
    with pikepdf.open(io.BytesIO(data)) as out:
        lay_folios(out, root, lang, paper, range(len(out.pages)))
        written = io.BytesIO()
        out.save(written, deterministic_id=True)
        return written.getvalue()


def lay_folios(out, root: Path, lang: str, paper: str, numbered,
               layer: bytes | None = None) -> None:
    """One untagged layer of folios (laid out here unless given), each page's number laid
    over it as an artifact."""
    layer = pikepdf.open(io.BytesIO(layer or folio_layer(root, lang, paper, len(out.pages))))
    for index in numbered:
        page = out.pages[index]
        form = out.copy_foreign(layer.pages[index].as_form_xobject())
        # a name of its own: pages may share one resource dictionary
        name = page.add_resource(form, Name.XObject, Name(f"/SamizdatFolio{index}"))
        page.contents_add(Stream(out, b"q\n"), prepend=True)
        page.contents_add(Stream(out, b"\nQ /Artifact BMC q " + bytes(name) + b" Do Q EMC\n"))
