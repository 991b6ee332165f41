"""Chicago's no-break places: a day and its month, a number and its unit, an initial and a
name, 'p.' and its number, a number range; in English, German, Spanish and Czech, in all three
editions, never inside code."""

from __future__ import annotations

import random
import zipfile

import lxml.html
import pytest

from samizdat import Report, build
from samizdat.assemble.no_break import NBSP, WJ, bind_no_break_places, bind_text

from .support.bound_breaks import forbidden_breaks


def shown(text: str) -> str:
    return text.replace(NBSP, "_").replace(WJ, "^")


@pytest.mark.parametrize("lang, text, expected", [
    ("en-GB", "On 22 August 1968", "On 22_August 1968"),
    ("en-US", "on August 22, 1968", "on August_22, 1968"),
    ("en-US", "in August 1968", "in August 1968"),  # a month and its year may break
    ("en-GB", "5 km and 10 % and 10 per cent", "5_km and 10_% and 10_per_cent"),
    ("en-GB", "as J. Smith and T. G. Masaryk wrote", "as J._Smith and T._G._Masaryk wrote"),
    ("en-GB", "see p. 4 and pp. 12–15", "see p._4 and pp._12–^15"),
    ("en-GB", "from 1975–1991, or 1975 – 1991", "from 1975–^1991, or 1975_–_1991"),
    ("en-GB", "some 12 000 people", "some 12_000 people"),
    ("en-GB", "the 12 apostles met", "the 12 apostles met"),
    ("de", "Am 9. November 1989, S. 12, z. B. 5 km", "Am 9._November 1989, S._12, z._B. 5_km"),
    ("de", "Willy Brandt (W. Brandt), 10 Prozent", "Willy Brandt (W._Brandt), 10_Prozent"),
    ("es", "El 20 de noviembre de 1975, pág. 5", "El 20_de_noviembre de 1975, pág._5"),
    ("es", "el 30 % de F. Franco", "el 30_% de F._Franco"),
    ("cs", "Dne 21. srpna 1968 v Praze, s. 45", "Dne 21._srpna 1968 v_Praze, s._45"),
    ("cs", "A. Dubček a k nim 10 000 lidí", "A._Dubček a_k_nim 10_000 lidí"),
    ("de", "v Praze", "v Praze"),  # one-letter words are bound in Czech and Polish only
])
def test_binds_where_chicago_never_breaks(lang, text, expected):
    assert shown(bind_text(text, lang)) == expected


def test_code_formulas_headings_and_addresses_are_left_as_written():
    root = lxml.html.fragment_fromstring(
        "<div><h2>On 22 August</h2><p>On 22 August <code>x = 5 km</code> or "
        "<a href='https://e.org/1975-1991'>https://e.org/1975-1991</a> 5 km</p>"
        "<pre>22 August</pre><p lang='cs'>v Praze</p></div>")
    bind_no_break_places(root, "en-GB")
    assert root.findtext("h2") == "On 22 August"
    assert root.findtext("pre") == "22 August"
    p = root.find("p")
    assert shown(p.text) == "On 22_August "
    assert p.find("code").text == "x = 5 km"
    assert p.find("a").text == "https://e.org/1975-1991"
    assert shown(p.find("a").tail) == " 5_km"
    assert shown(root.findall("p")[1].text) == "v_Praze"  # the paragraph's own language


SENTENCES = {
    "en-GB": ["On 22 August the troops crossed 5 km of border",
              "as J. Smith wrote (pp. 12–15), 10 % of them left",
              "in the years 1975–1991 and on 3 March again",
              "the report of 3 March, p. 7, counts 12 000 people"],
    "de": ["Am 9. November fiel die Mauer nach 28 Jahren und 5 km",
           "wie W. Brandt sagte (S. 12), z. B. 10 % der Stimmen",
           "in den Jahren 1949–1990 und am 3. Oktober 1990"],
    "es": ["El 20 de noviembre murió Franco tras 36 años y 5 km",
           "como escribió R. Carr (pág. 12), el 30 % votó",
           "entre 1975–1978 y el 6 de diciembre de 1978"],
    "cs": ["Dne 21. srpna vstoupila vojska v noci a k ránu",
           "jak psal A. Dubček (s. 45), 10 % lidí odešlo",
           "v letech 1968–1969 a 10 000 lidí s vlajkami"],
}


def bound_book(root, lang: str):
    """A narrow (A5) book whose paragraphs hold each language's no-break places at every
    offset in the line: unbound, dozens of them end a line."""
    (root / "manuscript").mkdir(parents=True)
    (root / "metadata.yaml").write_text(f"title: Bound Words\nauthor: Ada Author\nlang: {lang}\n"
                                        "date: 2024-05-01\noutput: bound\npaper: a5\n")
    rng, sentences, paragraphs = random.Random(1), SENTENCES[lang], []
    for k in range(12):
        paragraphs.append(" ".join(" ".join(["lorem"] * rng.randint(1, 7)) + " "
                                   + sentences[(i + k) % len(sentences)] + "."
                                   for i in range(10)))
    text = "# Text\n\n" + "\n\n".join(paragraphs) + "\n"
    (root / "manuscript" / "01-text.md").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("lang", ["en-GB", "de", "es", "cs"])
def test_no_line_ends_at_a_bound_place_in_any_edition(lang, tmp_path):
    outputs = build(bound_book(tmp_path / "book", lang), ("pdf", "epub", "html"), Report())
    assert forbidden_breaks(outputs["pdf"], lang) == []
    first = bind_text(SENTENCES[lang][0], lang)
    assert NBSP in first
    page = outputs["html"].read_text(encoding="utf-8")
    with zipfile.ZipFile(outputs["epub"]) as epub:
        chapters = "".join(epub.read(n).decode() for n in epub.namelist()
                           if n.endswith(".xhtml"))
    for text in (page, chapters):
        assert first in text.replace("&nbsp;", NBSP).replace("&#160;", NBSP)
