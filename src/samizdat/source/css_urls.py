"""What a book's own web.css and epub.css may point at: nothing. The web page and the EPUB
carry no file beside them and fetch nothing, so a url() (other than data: or #fragment) and
an @import are errors at the stylesheet's line, as the PDF's sandbox refuses them (SZ405)."""

from __future__ import annotations

from pathlib import Path

from ..core.diagnostics import Location, Report
from .allowlist import url_scheme
from .inputs import STYLES_DIR
from .paths import inside

# The stylesheet of each edition that reads its styles/ file whole, and what it is called.
EDITIONS = {"web.css": "the web page", "epub.css": "the EPUB"}


def check_stylesheet_urls(root: Path, report: Report) -> None:
    """Every url() and @import of the book's web.css and epub.css, at its line and column."""
    for name, edition in EDITIONS.items():
        path = Path(root) / STYLES_DIR / name
        if not path.is_file() or inside(path, root) is None:
            continue  # none of its own (samizdat's is used), or one the loader refused
        try:
            css = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the loader reports what cannot be read
        for url, line, column, imported in references(css):
            why = refusal(url, imported, root, path, edition)
            if why:
                report.error("SZ132", f"{edition} may not read '{url}': {why}",
                             Location(f"{STYLES_DIR}/{name}", line, column))


def references(css: str) -> list[tuple[str, int, int, bool]]:
    """(url, line, column, is an @import) of every reference in the stylesheet, as a browser
    reads them (tinycss2 tokenises CSS to the specification)."""
    import tinycss2

    found = []

    def walk(tokens, imported=False) -> None:
        for token in tokens or ():
            if token.type == "url":
                found.append((token.value, token.source_line, token.source_column, imported))
            elif token.type == "function" and token.lower_name in ("url", "src"):
                strings = [t for t in token.arguments if t.type == "string"]
                if strings:
                    found.append((strings[0].value, token.source_line, token.source_column,
                                  imported))
                continue
            if token.type == "string" and imported:
                found.append((token.value, token.source_line, token.source_column, True))
            if token.type in ("function", "() block", "[] block", "{} block"):
                walk(getattr(token, "arguments", None) or token.content, imported)

    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            before = len(found)
            walk(rule.prelude, imported=True)
            if len(found) == before:
                found.append(("@import", rule.source_line, rule.source_column, True))
        elif rule.type in ("at-rule", "qualified-rule"):
            walk(rule.prelude)
            walk(rule.content)
    return found


def refusal(url: str, imported: bool, root: Path, sheet: Path, edition: str) -> str | None:
    """Why the reference may not stay, or None for one that fetches nothing."""
    if imported:
        return "@import brings in another stylesheet: put its rules in this one"
    if url.startswith("#") or url_scheme(url) == "data":
        return None
    if url_scheme(url) is not None or url.startswith("//"):
        return "samizdat reads no network resource (give a font or an image as a data: URL)"
    target = (sheet.parent / url.split("#", 1)[0].split("?", 1)[0]).resolve()
    if inside(target, root) is None:
        return "it leads outside the book folder"
    return (f"{edition} carries no file its stylesheet names (give a font or an image as a "
            "data: URL)")
