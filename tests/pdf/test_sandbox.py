"""What the PDF renderer may read: the book folder, samizdat's styles and fonts, nothing else.

The manuscript checks refuse these paths before layout (see tests/cases); these tests prove
the second wall, the sandboxing URL fetcher WeasyPrint is given, on crafted HTML.
"""

from __future__ import annotations

import http.server
import io
import threading

import pikepdf
import pytest
from weasyprint import HTML

from samizdat.pdf.sandbox import BOOK_URL, SandboxFetcher


@pytest.fixture
def book(tmp_path):
    root = tmp_path / "book"
    (root / "manuscript" / "images").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("secret outside the book")
    return root


def render(root, body: str) -> tuple[bytes, SandboxFetcher]:
    fetcher = SandboxFetcher(root)
    html = f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{body}</body></html>"
    pdf = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).write_pdf()
    return pdf, fetcher


def attachments(pdf: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return list(doc.attachments)


def test_absolute_file_url_is_refused(book, tmp_path):
    secret = (tmp_path / "outside.txt").as_uri()
    pdf, fetcher = render(book, f'<link rel="attachment" href="{secret}"><p>x</p>')
    assert fetcher.refused == [secret]
    assert attachments(pdf) == []


def test_system_file_attachment_is_refused(book):
    pdf, fetcher = render(book, '<link rel="attachment" href="file:///etc/passwd"><p>x</p>')
    assert fetcher.refused == ["file:///etc/passwd"]
    assert attachments(pdf) == []


def test_dot_dot_escape_is_refused(book):
    pdf, fetcher = render(book, '<img src="../../outside.txt" alt="">')
    assert len(fetcher.refused) == 1 and fetcher.refused[0].endswith("/outside.txt")


def test_symlink_out_of_the_book_is_refused(book, tmp_path):
    link = book / "manuscript" / "images" / "photo.png"
    link.symlink_to(tmp_path / "outside.txt")
    pdf, fetcher = render(book, '<img src="images/photo.png" alt="">')
    assert fetcher.refused == [BOOK_URL + "manuscript/images/photo.png"]


def test_a_file_inside_the_book_is_served(book):
    (book / "manuscript" / "notes.txt").write_text("inside")
    pdf, fetcher = render(book, '<link rel="attachment" href="notes.txt"><p>x</p>')
    assert fetcher.refused == [] and attachments(pdf) == ["notes.txt"]


def test_no_request_reaches_a_local_server(book):
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        pdf, fetcher = render(book, f'<link rel="stylesheet" href="{url}/style.css">'
                                    f'<img src="{url}/photo.png" alt="">'
                                    f'<link rel="attachment" href="{url}/data.bin"><p>x</p>')
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
    assert sorted(fetcher.refused) == sorted(
        [f"{url}/style.css", f"{url}/photo.png", f"{url}/data.bin"])
