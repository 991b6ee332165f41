"""samizdat serve: the web page on 127.0.0.1, reloaded in the browser on every save.

One warm process: the renderers imported and the fonts read once. On a save the page is
rebuilt first (one pandoc pass, then the page: well under a second for a handout) and every
open browser reloads it; the PDF and the EPUB are then rebuilt from the same Book in a second
thread, behind the page, and the page says when they are ready. A broken edit keeps the last
good page and shows the diagnostics over it. Only the served page carries the reload script.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..build.pipeline import (
    editions_beside,
    import_renderers,
    load_book,
    output_path,
    plan_stages,
    render_book,
)
from ..build.printed_pages import plan_pages
from ..core.diagnostics import Report
from ..source.inputs import book_inputs, watched_folders
from ..web.inline import warm_fonts
from ..web.page import EDITIONS, content_policy, edition_links, render_page
from .rebuild_failure import failure_text

DEBOUNCE_MS = 50       # an editor's save is one write, or a few within a few milliseconds
HEARTBEAT_S = 10       # a comment line on the event stream, so closed tabs are noticed
EVENTS = "/_samizdat/events"
# Rebuilt behind the page, as `samizdat all` and `samizdat html` would build them.
SERVED_FORMATS = ("pdf", "epub", "html")

log = logging.getLogger(__name__)


@dataclasses.dataclass
class State:
    """What the server shows; changed only under the condition's lock."""

    page: str = ""            # the last good page, without the reload script
    version: int = 0          # bumped on every change, for the event stream
    page_version: int = 0     # bumped on every new page: the browser reloads
    problem: str = ""         # the diagnostics of a broken edit ("" when the book builds)
    editions: str = ""        # what the PDF and the EPUB are doing, in words
    built: int = 0            # how many times the PDF and the EPUB were written
    closed: bool = False


class Server:
    """The warm process behind samizdat serve: the page, its state, the editions."""

    def __init__(self, root: Path, paper: str | None = None,
                 strict: bool = False, timeout: float | None = None) -> None:
        self.root = Path(root)
        self.paper = paper
        self.strict = strict
        self.timeout = timeout
        self.state = State()
        self.changed = threading.Condition()
        self.pending = None   # the newest Book whose PDF and EPUB are still to be built
        self.wanted = threading.Condition()
        self.renderers: dict[str, Callable] = {}
        self.http: ThreadingHTTPServer | None = None
        self.book = None      # the last good Book, for the names of its files

    # ---- building ---------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Imports and fonts now, not on the first save."""
        self.renderers = import_renderers(plan_stages(self.root, SERVED_FORMATS, self.paper))
        warm_fonts()

    def build_page(self) -> bool:
        """One pandoc pass and the page; on success the Book goes on to the other editions."""
        started = time.perf_counter()
        report = Report()
        try:
            book = load_book(self.root, report)
            record = plan_pages(self.root)  # the pages of the last PDF, while still true
            shown = dataclasses.replace(book, target_pages=record.targets if record.current
                                        else ())
            page = render_page(shown, editions=edition_links(editions_beside(book,
                                                                              SERVED_FORMATS)),
                               compress_fonts=False)
            report.settle(self.strict)
        except Exception as error:  # noqa: BLE001 (any fault of one rebuild: the loop goes on)
            text = failure_text(error, "the page")
            print(text, file=sys.stderr, flush=True)
            self.publish(problem=text)
            log.info(f"the page was not rebuilt ({time.perf_counter() - started:.2f} s): "
                          "the browser shows why, over the last good page")
            return False
        if report.format():
            print(report.format(), file=sys.stderr, flush=True)
        self.book = book
        self.publish(page=page, problem="")
        log.info(f"page rebuilt in {time.perf_counter() - started:.2f} s")
        with self.wanted:
            self.pending = book
            self.wanted.notify_all()
        return True

    def publish(self, **changes) -> None:
        with self.changed:
            state = dataclasses.replace(self.state, **changes)
            state.version += 1
            if "page" in changes:
                state.page_version += 1
            self.state = state
            self.changed.notify_all()

    def build_editions(self) -> None:
        """The PDF, the EPUB and the page's file (its fonts compressed) of the newest page,
        one book at a time, until closed."""
        while True:
            with self.wanted:
                while self.pending is None and not self.state.closed:
                    self.wanted.wait()
                if self.state.closed:
                    return
                book, self.pending = self.pending, None
            self.publish(editions="rebuilding the PDF and the EPUB…")
            started = time.perf_counter()
            report = Report()
            try:
                render_book(book, SERVED_FORMATS, report, paper=self.paper, strict=self.strict,
                            timeout=self.timeout, renderers=self.renderers)
            except Exception as error:  # noqa: BLE001 (the next save tries again)
                text = failure_text(error, "the PDF and the EPUB")
                print(text, file=sys.stderr, flush=True)
                self.publish(editions="the PDF and the EPUB were not rebuilt: see the terminal")
                log.info("the PDF and the EPUB were not rebuilt")
                continue
            seconds = time.perf_counter() - started
            log.info(f"PDF and EPUB rebuilt in {seconds:.2f} s")
            self.publish(editions=f"PDF and EPUB rebuilt at {time.strftime('%H:%M:%S')}",
                         built=self.state.built + 1)

    # ---- serving ----------------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        handler = type("Handler", (Handler,), {"server_state": self})
        self.http = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.http.daemon_threads = True
        threading.Thread(target=self.http.serve_forever, name="http", daemon=True).start()
        host, port = self.http.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        with self.changed:
            self.state.closed = True
            self.changed.notify_all()
        with self.wanted:
            self.wanted.notify_all()
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()

    def served_page(self) -> bytes:
        with self.changed:
            state = self.state
        page = state.page or EMPTY_PAGE
        script = live_script(state)
        page = page.replace(content_policy(), content_policy((LIVE_SCRIPT,), connect=True), 1)
        return page.replace("</body>", script + "</body>", 1).encode("utf-8")

    @property
    def name(self) -> str:
        """The page's file name, once a page is built."""
        return output_path(self.book, "html").name if self.book else ""

    def files(self) -> dict[str, Path]:
        """The other editions, by the names the page links to."""
        if self.book is None:
            return {}
        paths = [output_path(self.book, fmt) for fmt, _ in EDITIONS]
        return {f"/{path.name}": path for path in paths}


class Handler(BaseHTTPRequestHandler):
    """Serves the page, the editions beside it and the live-reload events."""

    server_state: Server
    protocol_version = "HTTP/1.1"

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # a tab closed mid-request
            super().handle()

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        server = self.server_state
        if not local_host(self.headers.get("Host", "")):
            # a page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) would
            # otherwise read the unpublished book: only the names of this machine are served
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "served to 127.0.0.1 only")
            return
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html", f"/{server.name}"):
            self.send_body(server.served_page(), "text/html; charset=utf-8")
        elif path == EVENTS:
            self.stream_events()
        elif path in server.files() and server.files()[path].is_file():
            media = "application/pdf" if path.endswith(".pdf") else "application/epub+zip"
            self.send_body(server.files()[path].read_bytes(), media)
        else:
            self.send_error(HTTPStatus.NOT_FOUND, "not part of this book")

    def send_body(self, body: bytes, media: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self) -> None:
        """Server-sent events: the state now, then each change, until the tab or we close."""
        server = self.server_state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while True:
                with server.changed:
                    if server.state.version == seen and not server.state.closed:
                        server.changed.wait(HEARTBEAT_S)
                    state = server.state
                if state.closed:
                    return
                if state.version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = state.version
                    data = json.dumps(browser_state(state))
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # a request log would drown the build's messages


LOCAL_HOSTS = ("127.0.0.1", "localhost")


def local_host(host: str) -> bool:
    """Whether a Host header names this machine as the address was given: 127.0.0.1 or
    localhost, with or without a port."""
    name, _, port = host.strip().lower().partition(":")
    return name.rstrip(".") in LOCAL_HOSTS and (not port or port.isdigit())


def browser_state(state: State) -> dict:
    """What the page's script needs to know: versions and messages."""
    return {"page": state.page_version, "problem": state.problem, "editions": state.editions,
            "built": state.built}


EMPTY_PAGE = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>samizdat'
              '</title></head><body><main><p>No page yet.</p></main></body></html>')


def live_script(state: State) -> str:
    """The served page's own part: reload on a new page, the problems over the page, the
    status of the PDF and EPUB. Not in the built file. The script's text never changes, so
    the page's policy allows it by its hash; the state it starts from rides in a JSON block."""
    # no '<' at all in the block: '<!--' or '</script' inside it would end it or worse
    initial = json.dumps(browser_state(state)).replace("<", "\\u003c")
    problem = (f'<pre>{escape(state.problem)}</pre>' if state.problem else "")
    hidden = "" if state.problem else " hidden"
    return f"""<div id="samizdat-live" role="status" aria-live="polite"{hidden}
style="position:fixed;left:0;right:0;bottom:0;z-index:10;max-height:45vh;overflow:auto;
margin:0;padding:.8rem 1rem;background:#2b1411;color:#ffe9e4;border-top:3px solid #e0604c;
font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap"><strong>The book does not build;
this is the last good page.</strong>{problem}</div>
<p id="samizdat-editions" style="position:fixed;right:.5rem;top:.5rem;z-index:9;margin:0;
padding:.2rem .5rem;font:12px/1.4 system-ui,sans-serif;background:#ffffffd9;color:#333;
border-radius:3px" hidden></p>
<script type="application/json" id="samizdat-state">{initial}</script>
<script>{LIVE_SCRIPT}</script>"""


LIVE_SCRIPT = """
(() => {
  const initial = JSON.parse(document.getElementById("samizdat-state").textContent);
  const box = document.getElementById("samizdat-live");
  const status = document.getElementById("samizdat-editions");
  function show(state) {
    if (state.problem) {
      box.innerHTML = "<strong>The book does not build; this is the last good page.</strong>";
      const pre = document.createElement("pre");
      pre.textContent = state.problem;
      box.appendChild(pre);
    }
    box.hidden = !state.problem;
    status.textContent = state.editions;
    status.hidden = !state.editions;
  }
  const events = new EventSource("EVENTS");
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.page !== initial.page) {
      sessionStorage.setItem("samizdat-scroll", String(window.scrollY));
      events.close();
      location.reload();
    } else {
      show(state);
    }
  });
  const y = sessionStorage.getItem("samizdat-scroll");
  if (y !== null) {
    sessionStorage.removeItem("samizdat-scroll");
    window.scrollTo(0, Number(y));
  }
})();
""".replace("EVENTS", EVENTS)


def serve_book(root: Path, port: int = 0, stop: threading.Event | None = None,
               ready: Callable[[str], None] | None = None, **options) -> None:
    """Serve until Ctrl-C (or stop is set): build, then rebuild on every save."""

    server = Server(Path(root).resolve(), **options)
    server.warm_up()
    server.build_page()
    url = server.start(port)
    stop = stop or threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(server, url, stop, ready),
                               name="watch", daemon=True)
    watcher.start()
    previous = close_on_ctrl_c(server, stop)
    try:  # the editions on this thread: the PDF's time limit is an alarm, the main thread's
        server.build_editions()
    except KeyboardInterrupt:
        pass  # Ctrl-C: the way to stop
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            server.close()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        log.info("stopped serving")


def close_on_ctrl_c(server: Server, stop: threading.Event):
    """Ctrl-C closes the server itself, then raises KeyboardInterrupt: Python swallows the
    interrupt when it lands in a finaliser (a font configuration's __del__), and serve went on
    serving. Returns the handler it replaced (None off the main thread, where none can be set)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupted(signum, frame):
        stop.set()
        threading.Thread(target=server.close, name="close", daemon=True).start()
        raise KeyboardInterrupt
    return signal.signal(signal.SIGINT, interrupted)


def watch_and_rebuild(server: Server, url: str, stop: threading.Event,
                      ready: Callable[[str], None] | None) -> None:
    """Rebuild the page on every save until stop is set; then close the server."""
    import watchfiles

    try:
        top_level = [p for p in book_inputs(server.root) if p.parent == server.root]
        ignore = watchfiles.DefaultFilter(
            ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, "build"))
        announced = False
        # yield_on_timeout: an empty first yield says the watcher runs, so the address is
        # given only when a save made right after it can no longer be missed
        for changes in watchfiles.watch(*watched_folders(server.root), *top_level,
                                        watch_filter=ignore, debounce=DEBOUNCE_MS,
                                        step=20, stop_event=stop, raise_interrupt=False,
                                        yield_on_timeout=True, rust_timeout=500):
            if not announced:
                announced = True
                log.info("serving %s (Ctrl-C stops)", url)
                if ready is not None:
                    ready(url)
            if not changes:
                continue
            names = sorted({Path(path).name for _, path in changes})
            log.info("changed: %s", ", ".join(names))
            server.build_page()
    finally:
        server.close()
