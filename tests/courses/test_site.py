"""The course site, build/site/: every link on its pages resolves, only the search page has
a script (allowed by its hash), and in Chromium, opened from file://, the search finds a word
of each handout and axe-core finds nothing wrong."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.parse
from pathlib import Path

import lxml.html
import pytest

from ..support.chromium import headless_chromium
from ..web.test_page import AXE, axe_violations

WORDS = {"The Danube": "Donaueschingen", "La Transición española": "Suárez",
         "The Prague Spring": "Dubček"}


def links(page: Path) -> list[str]:
    return lxml.html.fromstring(page.read_bytes()).xpath("//a/@href")


def resolves(page: Path, href: str) -> bool:
    """A relative link to a file of the site, and to an element of it when it names one."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme or parts.netloc:
        return False
    target = page.parent / urllib.parse.unquote(parts.path) if parts.path else page
    if not target.is_file():
        return False
    if parts.fragment and target.suffix == ".html":
        tree = lxml.html.fromstring(target.read_bytes())
        return bool(tree.xpath(f'//*[@id="{parts.fragment}"]'))
    return True


def test_the_index_lists_each_handout_with_its_three_editions_and_the_reader(europe):
    index = europe.site / "index.html"
    tree = lxml.html.fromstring(index.read_bytes())
    items = tree.xpath('//ol[@class="handouts"]/li')
    assert [item.xpath("string(h2)") for item in items] == [*WORDS, "Works Cited"]
    for item, name in zip(items, ("danube", "transicion", "prague-spring", "bibliography"),
                          strict=True):
        assert item.xpath('.//a/@href') == [f"{name}.html", f"{name}.html", f"{name}.pdf",
                                            f"{name}.epub"]
        assert len(item.xpath("string(p[not(@class)])")) > 60  # its first lines
        assert item.xpath('string(p[@class="date"])')
    assert {"europe-reader.pdf", "europe-reader.epub", "search.html"} <= set(links(index))


def test_every_link_on_every_page_of_the_site_resolves(europe):
    pages = sorted(europe.site.glob("*.html"))
    assert len(pages) == 6
    for page in pages:
        own = page.name in ("index.html", "search.html")
        for href in links(page):
            if not own and href.startswith(("https://", "http://")):
                continue  # a link the author wrote in the handout, to the web
            assert resolves(page, href), (page.name, href)


def test_only_the_search_page_has_a_script_allowed_by_its_hash(europe):
    for page in europe.site.glob("*.html"):
        tree = lxml.html.fromstring(page.read_bytes())
        scripts = tree.xpath("//script")
        policy = tree.xpath('string(//meta[@http-equiv="Content-Security-Policy"]/@content)')
        assert "default-src 'none'" in policy, page.name
        if page.name != "search.html":
            assert scripts == [] and "script-src 'none'" in policy, page.name
            continue
        assert len(scripts) == 1
        digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in policy


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    driver = headless_chromium(tmp_path_factory.mktemp("chromium-site"),
                               logs=("browser", "performance"))
    yield driver
    driver.quit()


def search(driver, page: Path, word: str) -> list[tuple[str, str, str]]:
    """Type a word into the search page; (section, handout, link) of each result."""
    from selenium.webdriver.common.by import By

    driver.get(page.as_uri())
    field = driver.find_element(By.ID, "search-input")
    field.clear()
    field.send_keys(word)
    return [(item.find_element(By.TAG_NAME, "a").text,
             item.find_element(By.CLASS_NAME, "handout").text,
             item.find_element(By.TAG_NAME, "a").get_attribute("href"))
            for item in driver.find_elements(By.CSS_SELECTOR, "#search-results li")]


def test_search_finds_a_word_of_each_handout_from_file_urls(europe, chromium):
    page = europe.site / "search.html"
    for handout, word in WORDS.items():
        found = search(chromium, page, word)
        assert found and all(h == handout for _, h, _ in found), (word, found)
        href = found[0][2]
        assert href.startswith("file://")
        target = Path(urllib.parse.unquote(urllib.parse.urlsplit(href).path))
        assert resolves(target, "#" + urllib.parse.urlsplit(href).fragment)
    assert search(chromium, page, "suarez")  # accents and case aside
    assert search(chromium, page, "zzzqqq") == []
    errors = [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_axe_finds_nothing_wrong_on_any_page_of_the_site(europe, chromium):
    if not AXE.is_file():
        pytest.fail(f"axe-core not installed at {AXE}: make browser", pytrace=False)
    for name in sorted(page.name for page in europe.site.glob("*.html")):
        chromium.get((europe.site / name).as_uri())
        if name == "search.html":
            search(chromium, europe.site / name, "Dubček")
        assert axe_violations(chromium) == [], name


def test_no_page_of_the_site_asks_for_anything_outside_it(europe, chromium):
    site = europe.site.resolve().as_uri() + "/"
    asked = []
    for page in sorted(europe.site.glob("*.html")):
        chromium.get_log("performance")  # the earlier pages' entries
        chromium.get(page.as_uri())
        if page.name == "search.html":
            search(chromium, page, "Danube")
        for entry in chromium.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                asked.append((page.name, message["params"]["request"]["url"]))
    assert len({name for name, _ in asked}) == 6  # the log saw every page
    outside = [(name, url) for name, url in asked
               if not url.startswith(("data:", site))]
    assert outside == []
