"""How samizdat scales: books of about 10, 100 and 400 pages, and the floor it stands on.

    python bench/scale.py [PAGES ...]

For each book: wall time, time per page, peak memory and the share of each stage; for the
largest, samizdat's total against WeasyPrint rendering samizdat's own final HTML alone.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from common import BIN, run
from generate import generate

PROBE = """
import json, resource, sys, time
started = time.perf_counter()
from samizdat import Report, build
timings = {}
report = Report()
build(sys.argv[1], ("pdf", "epub"), report, timings=timings)
from samizdat.build.pipeline import load_book
import pypdf
pages = len(pypdf.PdfReader(sys.argv[1] + "/build/reader.pdf").pages)
print(json.dumps({"wall": time.perf_counter() - started, "timings": timings, "pages": pages,
                  "moved": len(report.with_code("SZ403")),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

EXPORT = """
import sys
from pathlib import Path
from samizdat import Report, load_book
from samizdat.pdf.html import render_print_html
from samizdat.source.stylesheet import stylesheet
book = load_book(sys.argv[1], Report())
css = stylesheet(Path(sys.argv[1]), "print.css")
Path(sys.argv[2]).write_text(render_print_html(book, [css.as_uri()]))
"""

# The floor: a process that only runs WeasyPrint on samizdat's final HTML, with the same
# stylesheet, fonts, sandbox and PDF variant.
FLOOR = """
import sys
from pathlib import Path
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from samizdat.render.fonts import font_dir, font_face_css
from samizdat.pdf.sandbox import SandboxFetcher
book, html = Path(sys.argv[1]), Path(sys.argv[2])
fonts = FontConfiguration()
fetcher = SandboxFetcher(book, [Path(sys.argv[3]), font_dir(), html.parent])
face = CSS(string=font_face_css(), font_config=fonts)
HTML(string=html.read_text(), base_url=fetcher.base_url, url_fetcher=fetcher).write_pdf(
    "/dev/null", font_config=fonts, stylesheets=[face], pdf_variant="pdf/ua-1")
"""


def measure(book: Path) -> dict:
    import subprocess

    done = subprocess.run([sys.executable, "-c", PROBE, str(book)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def floor(book: Path) -> tuple[float, float]:
    """samizdat pdf as a command, and WeasyPrint alone on its final HTML, as a command."""
    import subprocess

    from samizdat.source.stylesheet import stylesheet

    html = book / "final.html"
    subprocess.run([sys.executable, "-c", EXPORT, str(book), str(html)], check=True)
    styles = stylesheet(book, "print.css").parent
    weasyprint_alone = run([sys.executable, "-c", FLOOR, str(book), str(html), str(styles)])[0]
    samizdat_pdf = run([str(BIN / "samizdat"), "-q", "pdf", str(book)])[0]
    return samizdat_pdf, weasyprint_alone


def main(sizes: list[int]) -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            book = generate(size, Path(tmp) / f"book{size}")
            results[size] = measure(book)
        largest = max(sizes)
        results[largest]["pdf"], results[largest]["floor"] = floor(Path(tmp) / f"book{largest}")
    print("Scale (PDF and EPUB from one pandoc pass; wall seconds, one run each)")
    print(f"  {'target':>6} {'pages':>5} {'wall':>7} {'s/page':>7} {'peak MiB':>8}  "
          f"{'notes off page':>14}  stage shares")
    for size, r in results.items():
        shares = ", ".join(f"{k} {100 * v / r['wall']:.0f}%" for k, v in r["timings"].items()
                           if v / r["wall"] >= 0.01)
        print(f"  {size:>6} {r['pages']:>5} {r['wall']:7.2f} {r['wall'] / r['pages']:7.3f} "
              f"{r['peak_mib']:8.0f}  {r['moved']:>14}  {shares}")
    small, large = results[min(sizes)], results[max(sizes)]
    flat = (large["wall"] / large["pages"]) / (small["wall"] / small["pages"])
    print(f"  time per page, {max(sizes)} vs {min(sizes)} pages: {flat:.2f}x (target <= 1.30x)")
    overhead = large["pdf"] / large["floor"] - 1
    print(f"  {max(sizes)} pages: `samizdat pdf` {large['pdf']:.1f} s vs WeasyPrint alone on "
          f"its final HTML {large['floor']:.1f} s: overhead {100 * overhead:.0f}% "
          "(target <= 10%)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 400])
