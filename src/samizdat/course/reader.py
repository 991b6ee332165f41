"""samizdat reader COURSE: every handout laid out in its own process (as many at once as
there are cores, an unchanged one taken from the cache), then bound into the reader's PDF
and EPUB and the course site. Nothing is written unless every handout built."""

from __future__ import annotations

import logging
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..build.atomic import build_folder, write_atomic
from ..build.formats import EDITIONS
from ..core.diagnostics import BookError, Location, Report
from ..core.output_date import iso_timestamp
from ..core.stage_timer import Clock
from ..source.inputs import book_inputs
from .combined_bibliography import bibliography_book, merged_works
from .handout import (
    Cache,
    Laid,
    inputs_digest,
    lay_out,
    preload,
    relocated,
    tool_digest,
    with_offset,
)
from .schema import COURSE_FILE, Course, Handout, load_course

log = logging.getLogger(__name__)
CACHE_DIR = ".reader"
SITE_DIR = "site"
DEPS_FILE = ".reader.deps"


def workers() -> int:
    """As many processes as the machine has cores (SAMIZDAT_JOBS sets another number)."""
    wanted = os.environ.get("SAMIZDAT_JOBS", "").strip()
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)


def reader_paths(root: Path, course: Course, edition: str = "student") -> dict[str, Path]:
    """The reader's outputs: its PDF, its EPUB and, for the students' edition, the site."""
    build = Path(root) / "build"
    name = course.basename + EDITIONS[edition]
    paths = {"pdf": build / f"{name}.pdf", "epub": build / f"{name}.epub"}
    if edition == "student":
        paths["site"] = build / SITE_DIR / "index.html"
    return paths


def build_reader(root: Path | str, report: Report | None = None, *, edition: str = "student",
                 strict: bool = False, timeout: float | None = None,
                 timings: dict | None = None) -> dict[str, Path]:
    """Build the reader (and, for the students' edition, the site); write nothing on error."""
    from .bind_pdf import starts_after
    from .folio_layer import folio_layer

    root = Path(root)
    report = report if report is not None else Report()
    timings = timings if timings is not None else {}
    course, handouts = load_course(root, report)
    build_folder(root)
    clock = Clock(timings)
    cache = Cache(root / "build" / CACHE_DIR / edition)
    tool = tool_digest()
    digests = [inputs_digest(h.folder, course.paper, edition, tool) for h in handouts]
    preload()  # forked, each process has them already
    with ProcessPoolExecutor(max_workers=min(workers(), len(handouts))) as pool:
        jobs = Jobs(pool, course, handouts, digests, edition, cache, timeout)
        own = jobs.run([1] * len(handouts), report)  # each handout's own pages, from 1
        check_names(handouts, own, report)
        with tempfile.TemporaryDirectory(prefix="samizdat-reader-") as tmp:
            parts = own + combined_bibliography(course, jobs, own, Path(tmp), tool, report)
            clock.lap("handouts")
            guess = front_guess(cache)
            # laid out while the contents are, for the length they are guessed to take
            layer = pool.submit(folio_layer, root, course.lang, course.paper,
                                reader_pages(starts_after(guess, parts), parts))
            laid, front, starts, count = place_handouts(root, course, jobs, parts, report, guess)
            clock.lap("contents and first pages")
        report.settle(strict)
        files = bind_all(root, course, pool, parts, laid, (front, starts, layer), edition,
                         timings)
    log_stages(jobs.timings, timings)
    files[root / "build" / DEPS_FILE] = render_deps(root, course, handouts).encode("utf-8")
    files[cache.folder / FRONT_FILE] = f"{count}\n".encode("ascii")
    report.settle(strict)
    return write_outputs(root, course, files, cache, edition)


def combined_bibliography(course: Course, jobs, own: list[Laid], tmp: Path, tool: str,
                          report: Report) -> list[Laid]:
    """The combined bibliography as one more part of the reader, if course.yaml asks for it."""
    if not course.bibliography:
        return []
    works = merged_works(h.book.works for h in own)
    if not works:
        report.warning("SZ009", f"no handout cites or lists a work: the reader has no "
                       f"'{course.bibliography}'", Location(COURSE_FILE))
        return []
    folder = bibliography_book(tmp, course, works, own[0].book)
    jobs.add(Handout(folder, f"{COURSE_FILE} ({course.bibliography})", len(jobs.handouts) + 1),
             inputs_digest(folder, course.paper, jobs.edition, tool))
    return jobs.run([1] * len(jobs.handouts), report)[len(own):]


def check_names(handouts, laid: list[Laid], report: Report) -> None:
    """Two handouts with one output name would be one file on the site."""
    seen = {}
    for handout, one in zip(handouts, laid, strict=True):
        name = one.book.metadata.basename
        if name in seen:
            report.error("SZ126", f"handouts '{seen[name]}' and '{handout.written}' have the "
                         f"same output name '{name}': their files on the course site would "
                         f"be one (give one of them another 'output' in its metadata.yaml)",
                         Location(f"{handout.written}/metadata.yaml"))
        seen.setdefault(name, handout.written)
    if report.has_errors:
        raise BookError(report)


class Jobs:
    """The handouts' layouts: from the cache, else from a worker process."""

    def __init__(self, pool, course, handouts, digests, edition, cache, timeout):
        self.pool, self.course, self.handouts = pool, course, handouts
        self.digests, self.edition, self.cache, self.timeout = digests, edition, cache, timeout
        self.timings: dict[str, float] = {}  # the handouts' stages, summed over processes

    def add(self, handout: Handout, digest: str) -> None:
        """One more part, laid out as the handouts are."""
        self.handouts = (*self.handouts, handout)
        self.digests = [*self.digests, digest]

    def run(self, starts: list[int], report: Report) -> list[Laid]:
        found: dict[int, Laid] = {}
        pending = {}
        for i, (handout, start) in enumerate(zip(self.handouts, starts, strict=True)):
            cached = self.cache.get(handout.prefix, self.digests[i], start)
            if cached is not None:
                found[i] = cached
                continue
            pending[i] = self.pool.submit(lay_out, str(handout.folder), self.course.paper,
                                          self.edition, start, self.digests[i], self.timeout)
        for i, future in pending.items():
            result = future.result()
            if isinstance(result, Report):
                for diagnostic in relocated(result, self.handouts[i].written):
                    report.add(diagnostic)
                continue
            found[i] = result
            for stage, seconds in result.timings:
                self.timings[stage] = self.timings.get(stage, 0.0) + seconds
            self.cache.put(self.handouts[i].prefix, result)
            log.info("laid out %s: %d page%s", self.handouts[i].written, result.pages,
                     "s" if result.pages != 1 else "")
        for i, laid in found.items():
            if i not in pending:
                log.debug("%s unchanged: its layout is reused", self.handouts[i].written)
            for diagnostic in laid.warnings:
                report.add(relocated(Report([diagnostic]), self.handouts[i].written)[0])
        if report.has_errors:
            raise BookError(report)
        return [found[i] for i in range(len(self.handouts))]


def place_handouts(root: Path, course: Course, jobs, own: list[Laid], report: Report,
                   guess: int):
    """Each handout's first page, after the reader's own pages; a handout that prints page
    references is laid out again from its first page (which may move the ones after it).
    Returns the layouts, the reader's own pages, the first pages and the own pages' number."""
    laid = own
    for _ in range(MAX_ROUNDS):
        front, starts, guess = settle_front(root, course, laid, guess)
        wanted = [s if h.has_page_references else 1 for h, s in zip(laid, starts, strict=True)]
        log.debug("first pages %s; laid out from them: %s", starts, wanted)
        if wanted == [h.start for h in laid]:
            break
        laid = jobs.run(wanted, report)
    return laid, front, starts, guess


MAX_ROUNDS = 4
FRONT_GUESS = 3  # a title page, its verso and a page of contents
FRONT_FILE = "front-pages"  # in the cache: how many pages the last build's own pages took


def settle_front(root: Path, course: Course, laid: list[Laid],
                 guess: int = FRONT_GUESS) -> tuple[bytes, list[int], int]:
    """The reader's own pages with the contents' numbers, and the handouts' first pages:
    laid out for a guessed length (the last build's), again if the contents took another;
    only the layout whose length held is written. Returns its PDF, the first pages and its
    number of pages."""
    from .bind_pdf import front_layout, starts_after

    count = guess
    for _ in range(MAX_ROUNDS):
        starts = starts_after(count, laid)
        pages, write = front_layout(root, course, laid, starts)
        if pages == count:
            break
        log.debug("the reader's own pages: %d, not %d as guessed", pages, count)
        count = pages
    return write(), starts, count


def front_guess(cache: Cache) -> int:
    """The number of the reader's own pages the last build found, else FRONT_GUESS."""
    try:
        text = (cache.folder / FRONT_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return FRONT_GUESS
    return int(text) if text.isdigit() and int(text) > 0 else FRONT_GUESS


def bind_all(root: Path, course: Course, pool, own: list[Laid], laid: list[Laid], placed,
             edition: str, timings: dict) -> dict[Path, bytes]:
    """The reader's PDF and EPUB, and the site's files, by their paths. The folio layer and
    the EPUB's parts are made in the pool while this process binds the PDF."""
    from .bind_epub import bind_epub
    from .bind_pdf import bind, layer_pages
    from .site import site_files

    clock = Clock(timings)
    paths = reader_paths(root, course, edition)
    front, starts, layer = placed
    epubs = [pool.submit(part_epub, h.book, start - 1) for h, start in zip(laid, starts,
                                                                             strict=True)]
    layer = layer.result()
    if layer_pages(layer) < reader_pages(starts, laid):  # the contents took more pages
        layer = None
    pdf, total = bind(root, course, front, laid, starts, layer)
    log.info("bound %d handouts into %d pages (%.2f s)", len(laid), total, clock.lap("bind pdf"))
    stamp = iso_timestamp(course)
    parts = [(h.book.metadata.title, epub.result()) for h, epub in zip(laid, epubs, strict=True)]
    clock.lap("epub parts")
    cover = (root / course.cover).read_bytes() if course.cover else None
    files = {paths["pdf"]: pdf, paths["epub"]: bind_epub(course, parts, stamp, cover)}
    clock.lap("bind epub")
    if "site" in paths:
        site = paths["site"].parent
        handout_files = {}
        for h in own:
            name = h.book.metadata.basename
            handout_files[f"{name}.html"] = h.html
            handout_files[f"{name}.epub"] = h.epub
            handout_files[f"{name}.pdf"] = h.own_pdf
        reader = {"PDF": (paths["pdf"].name, pdf), "EPUB": (paths["epub"].name,
                                                           files[paths["epub"]])}
        for name, data in site_files(course, [h.book for h in own], handout_files,
                                     reader).items():
            files[site / name] = data
    clock.lap("site")
    return files


def reader_pages(starts: list[int], laid: list[Laid]) -> int:
    """The reader's number of pages, its handouts beginning on these pages."""
    return starts[-1] + laid[-1].pages - 1


def part_epub(book, offset: int) -> bytes:
    """A handout's EPUB with its page list on the reader's folios (work for the pool)."""
    from ..epub.package import render_epub

    return render_epub(with_offset(book, offset))


def log_stages(workers: dict[str, float], timings: dict[str, float]) -> None:
    """The stage table for -v: the handouts' stages (seconds summed over their processes),
    then the reader's own."""
    for stage, seconds in workers.items():
        log.debug("  handouts' %-22s %7.2f s", stage, seconds)
    for stage, seconds in timings.items():
        log.debug("  reader's %-23s %7.2f s", stage, seconds)


def render_deps(root: Path, course: Course, handouts) -> str:
    """The make text: the reader's outputs (both editions) and every file they are made of,
    the folders holding them too (a file added to one is a change)."""
    def rel(path: Path) -> str:
        return "$(COURSE)/" + os.path.relpath(path, root).replace(os.sep, "/")

    inputs = [root / COURSE_FILE, *sorted((root / "styles").glob("*.css"))]
    if course.cover:
        inputs.append(root / course.cover)
    for handout in handouts:
        files = book_inputs(handout.folder)
        inputs += files + sorted({p.parent for p in files})
    lines = ["# written by samizdat reader: which files the course reader is made of, for make",
             "SZ_READER_INPUTS := " + " ".join(rel(p) for p in dict.fromkeys(inputs))]
    for edition, name in (("student", "SZ_READER"), ("teacher", "SZ_READER_TEACHER")):
        lines.append(f"{name} := " + " ".join(
            rel(p) for p in reader_paths(root, course, edition).values()))
    return "\n".join(lines) + "\n"


def write_outputs(root: Path, course: Course, files: dict[Path, bytes], cache: Cache,
                  edition: str) -> dict[str, Path]:
    """Every file, each written whole; then the cache's new entries, its stale ones gone."""
    for path, data in files.items():
        write_atomic(path, data)
    for path, data in cache.files().items():
        write_atomic(path, data)
    for path in cache.stale():
        path.unlink(missing_ok=True)
    paths = reader_paths(root, course, edition)
    for key, path in paths.items():
        log.info("wrote %s", path if key != "site" else path.parent / "")
    return paths
