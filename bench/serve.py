"""samizdat serve on the Helsinki handout: how soon a save shows in the browser, and the warm
PDF rebuild behind it against a cold `make pdf`.

    python bench/serve.py [RUNS]

Each run appends a word to a chapter, then times (from the write) the server's event that
the new page is ready, the page fetched with the new word, and the event that the PDF, the
EPUB and the page's file are written. The cold figure is `make pdf` after the same edit:
a new Python process, its imports, pandoc and the layout.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import BIN, REPO, copy_book, median, run


def events(url: str, into: queue.Queue) -> None:
    """The server's event stream, each state with the time it arrived."""
    host, port = re.match(r"http://([\d.]+):(\d+)/", url).groups()
    connection = http.client.HTTPConnection(host, int(port))
    connection.request("GET", "/_samizdat/events")
    response = connection.getresponse()
    for raw in response:
        line = raw.decode().strip()
        if line.startswith("data: "):
            into.put((time.perf_counter(), json.loads(line[6:])))


def wait(into: queue.Queue, test, seconds: float = 60) -> float:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        at, state = into.get(timeout=deadline - time.perf_counter())
        if test(state):
            return at
    raise TimeoutError


def main(runs: int = 5) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = copy_book(REPO, Path(tmp) / "book")
        chapter = book / "manuscript" / "03-civic-environment.md"
        server = subprocess.Popen([str(BIN / "samizdat"), "serve", str(book)],
                                  stderr=subprocess.PIPE, text=True,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            for line in server.stderr:
                found = re.search(r"serving (http://\S+/)", line)
                if found:
                    url = found.group(1)
                    break
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            states: queue.Queue = queue.Queue()
            threading.Thread(target=events, args=(url, states), daemon=True).start()
            wait(states, lambda s: s["built"] >= 1)  # the first build, settled
            page_times, seen_times, edition_times = [], [], []
            for i in range(runs):
                word = f"benchmarkword{i}"
                before = time.perf_counter()
                chapter.write_text(chapter.read_text() + f"\n{word}\n")
                page = wait(states, lambda s, n=i: s["page"] >= n + 2)
                with urllib.request.urlopen(url) as response:
                    assert word in response.read().decode()
                seen = time.perf_counter()
                done = wait(states, lambda s, n=i: s["built"] >= n + 2, seconds=120)
                page_times.append(page - before)
                seen_times.append(seen - before)
                edition_times.append(done - before)
                time.sleep(0.5)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
        cold = []
        for i in range(runs):
            chapter.write_text(chapter.read_text() + f"\ncoldword{i}\n")
            cold.append(run(["make", "-s", "-C", str(REPO), "pdf", f"BOOK={book}"])[0])
    figures = {"save -> page ready": median(page_times),
               "save -> page fetched with the edit": median(seen_times),
               "save -> warm PDF + EPUB written": median(edition_times),
               "cold make pdf after a save": median(cold)}
    print(f"samizdat serve, Helsinki handout, median of {runs} saves (wall seconds)")
    for name, value in figures.items():
        print(f"  {name:38s} {value:6.2f} s")
    ratio = figures["cold make pdf after a save"] / figures["save -> warm PDF + EPUB written"]
    print(f"  the warm server has the PDF and EPUB {ratio:4.1f}x sooner than a cold make pdf "
          "has the PDF")
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
