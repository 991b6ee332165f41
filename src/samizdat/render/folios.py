"""Page references (@page-fig-map) as each edition prints them: the folio, the printed page
number, of the page the target is set on.

The PDF prints the page its layout gives the target (print.css: target-counter); the EPUB
and the web page print the same number from that layout (Book.target_pages) where it is
known, and "above" or "below" where it is not.
"""

from __future__ import annotations

from ..core.language import Words


def fill_page_references(section, words: Words, pages: dict[str, int] | None) -> None:
    """Fill every page reference of a chapter. pages None: the PDF, whose stylesheet prints
    each link's page; else the printed pages known, by label (empty when none are)."""
    for holder in section.xpath('.//span[@class="pages"]'):
        links = holder.xpath('./a[@class="pageref"]')
        labels = [link.get("href", "").lstrip("#") for link in links]
        known = pages is None or all(label in pages for label in labels)
        singular, plural = holder.get("data-word", "page|pages").split("|")
        capital = holder.get("data-capital") == "true"
        for link, label in zip(links, labels, strict=True):
            if pages is None:
                link.text = None
            elif known:
                link.text = str(pages[label])
            else:
                link.text = words.above if link.get("data-where") == "above" else words.below
        word = ""
        if known and holder.get("data-bare") != "true":
            word = (singular if len(links) == 1 else plural) + "\u00a0"
        text = word + (holder.text or "")
        if capital and text:
            text = text[0].upper() + text[1:]
        elif capital and links and links[0].text:
            links[0].text = links[0].text[0].upper() + links[0].text[1:]
        holder.text = text or None


def page_reference_texts(section) -> list[str]:
    """Each page reference's text as filled, in order, for the parity check."""
    return [" ".join("".join(h.itertext()).split())
            for h in section.xpath('.//span[@class="pages"]')]
