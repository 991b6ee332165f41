"""The web edition: one self-contained HTML page (page.py) with its fonts and images inside
(inline.py), the live server (serve.py), screenshots and browser checks (browser.py) and the
parity reader for samizdat check (facts.py). Never imports WeasyPrint."""
