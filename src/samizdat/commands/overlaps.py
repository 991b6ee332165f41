"""Text printed over text on the web page, measured in headless Chromium at the widths
readers use: the same measurement (overlap.js) as the browser tests, for samizdat check."""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from pathlib import Path

from .preview import FLAGS, chromium

SCRIPT = Path(__file__).with_name("overlap.js")
WIDTHS = (320, 390, 768, 1280)
RESULT = re.compile(r'<pre id="samizdat-overlaps">(.*?)</pre>', re.S)
# Headless Chromium's window is at least 500 px wide, so the page is measured in frames of
# each width, side by side in one window: a frame's width is its page's viewport, media
# queries and all. Each is measured once its embedded fonts are in; the result goes into the
# page, which Chromium dumps.
FRAMES = """<!doctype html><html><body style="margin:0">
<script>
const page = %s, widths = %s, measure = %s, results = {};
for (const width of widths) {
  const frame = document.createElement("iframe");
  frame.style.cssText = `border:0;display:block;width:${width}px;height:900px`;
  frame.addEventListener("load", () => frame.contentDocument.fonts.ready.then(() => {
    results[width] = {width: frame.contentWindow.innerWidth,
                      found: measure(frame.contentWindow)};
    if (Object.keys(results).length === widths.length) {
      const out = document.createElement("pre");
      out.id = "samizdat-overlaps";
      out.textContent = JSON.stringify(results);
      document.body.append(out);
    }
  }));
  frame.srcdoc = page;
  document.body.append(frame);
}
</script></body></html>"""


def measurement() -> str:
    """The measurement as a JavaScript expression whose value is the list of overlaps (for a
    browser driven from outside the page, which its policy does not stop)."""
    return "(" + function() + ")(window)"


def function() -> str:
    """The measurement as a JavaScript function of the page's window."""
    return "(" + SCRIPT.read_text("utf-8").strip() + "\n)"


def page_overlaps(page: Path, widths=WIDTHS) -> dict[int, list[list]]:
    """{width: [[text, text over it, top in px], ...]} for the built page; raises
    FileNotFoundError without Chromium."""
    binary = chromium()
    if binary is None:
        raise FileNotFoundError("Chromium is not installed")
    with tempfile.TemporaryDirectory(prefix="samizdat-overlaps-") as folder:
        frames = Path(folder) / "frames.html"
        frames.write_text(FRAMES % (json.dumps(page.read_text("utf-8")).replace("</", "<\\/"),
                                    json.dumps(list(widths)), function()),
                          "utf-8")
        done = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
             f"--window-size={max(widths) + 20},900", "--virtual-time-budget=20000",
             "--dump-dom", frames.as_uri()],
            capture_output=True, text=True, timeout=180, check=True)
    match = RESULT.search(done.stdout)
    if match is None:
        raise RuntimeError("Chromium gave no measurement of the page")
    results = json.loads(html.unescape(match.group(1)))
    for width in widths:
        got = results[str(width)]["width"]
        if got != width:
            raise RuntimeError(f"the page was measured {got} px wide, not {width} px")
    return {width: results[str(width)]["found"] for width in widths}
