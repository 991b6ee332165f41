"""The Spanish test handout (lang: es, Letter, Better BibLaTeX with laws in the Boletín
Oficial del Estado): law notes as documents in their gazette, en-dash ranges, and footnote
labels local to their chapter file, in the PDF and in the EPUB."""

from __future__ import annotations

import re
import zipfile

import pytest

from .conftest import BOOKS, build_book, copy_book, squash

LAW = ("«Ley 1/1977, de 4 de enero, para la Reforma Política», en Boletín Oficial del Estado, "
       "n.º 4, 5 de enero de 1977, 170")


@pytest.fixture(scope="module")
def transicion(tmp_path_factory):
    return build_book(copy_book(BOOKS / "transicion", tmp_path_factory.mktemp("es") / "book"))


def epub_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        pages = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("EPUB/text/")]
    return " ".join(re.sub(r"<[^>]+>", "", page) for page in pages)


def test_the_law_is_cited_in_its_gazette_with_its_pages_as_pages(transicion):
    pdf, epub = squash(" ".join(transicion.pdf_pages())), squash(epub_text(transicion.epub))
    for text in (pdf, epub):
        assert squash(LAW) in text
        assert squash("Boletín Oficial del Estado, 170–71. n.º 4. 5 de enero de 1977") in text
        assert "Legislation" not in text and "Estado 170 (1977)" not in text
        assert squash("«Sentencia 4/1981, de 2 de febrero», en Boletín Oficial del Estado, n.º "
                      "47, 2 de febrero de 1981, 4–5") in text
        assert squash("Estudio n.º 1134 (Madrid") in text  # the report's number, in Spanish
        assert "no. 1134" not in text
    assert transicion.report.diagnostics == []


def test_page_ranges_take_an_en_dash_in_notes_and_reading_list(transicion):
    pdf, epub = " ".join(transicion.pdf_pages()), epub_text(transicion.epub)
    for text in (squash(pdf), squash(epub)):  # a line may break after the dash
        for shown in ("87–89", "221–25", "(1990): 431–57", "Ibid., 231–32", "29313–424"):
            assert squash(shown) in text
    notes = " ".join(n.text for n in transicion.book.notes)
    assert re.findall(r"\d-\d", notes) == []


def test_each_chapter_file_has_its_own_first_note(transicion):
    notes = {n.number: n.text for n in transicion.book.notes}
    assert notes[2].startswith("La oposición agrupada en la Platajunta")
    assert notes[9].startswith("Los sindicatos aceptaron moderar los salarios")
    pdf = squash(" ".join(transicion.pdf_pages()))
    assert squash("2. La oposición agrupada") in pdf and squash("9. Los sindicatos") in pdf
