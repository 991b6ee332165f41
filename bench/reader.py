"""The course reader against building its handouts one after another.

    python bench/reader.py [HANDOUTS] [--large]

A generated course of ten handouts of about eight pages each (bench/generate.py): the ten
handouts built one after another (`samizdat all`, PDF and EPUB from one pandoc pass, each a
process), the cold reader (`samizdat reader`: the ten laid out in as many processes at once as
there are cores, then the reader's PDF, EPUB and site), the reader again after one handout is
edited, and a second `make reader` with nothing changed. Peak memory is that of the whole
process tree, sampled. --large: a reader of 40 handouts (about 400 pages) against the same
text as one book.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
from common import BIN, REPO, median
from generate import generate

PAGES_PER_HANDOUT = 8


def tree_rss(pid: int) -> int:
    """The resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the process and its children) and the peak memory (MiB) of
    the process tree of one command. CPU seconds do not depend on what else the machine runs."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0]

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], tree_rss(process.pid))
                time.sleep(0.05)

        done = threading.Event()
        sampler = threading.Thread(target=sample)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read().decode()}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, peak[0] / 2**20


def make_course(folder: Path, handouts: int) -> Path:
    names = []
    for i in range(1, handouts + 1):
        name = f"week-{i:02d}"
        book = generate(PAGES_PER_HANDOUT, folder / name, seed=1975 + i)
        meta = yaml.safe_load((book / "metadata.yaml").read_text())
        meta.update(title=f"Week {i}: {meta['title']}", output=name)
        (book / "metadata.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
        names.append(name)
    (folder / "course.yaml").write_text(yaml.safe_dump(
        {"title": "A Generated Course", "lang": "en-US", "date": "2026-01-01",
         "output": "course", "handouts": names}, sort_keys=False))
    return folder


def one_book(course: Path, target: Path) -> Path:
    """The same text as one book: every handout's chapters in one manuscript."""
    shutil.copytree(course / "week-01", target)
    for chapter in (target / "manuscript").glob("*.md"):
        chapter.unlink()
    for n, week in enumerate(sorted(course.glob("week-*"))):
        for chapter in sorted((week / "manuscript").glob("*.md")):
            if chapter.name.endswith("-back.md"):
                continue
            text = chapter.read_text().replace("[^n", f"[^w{n}n")
            (target / "manuscript" / f"{n:02d}-{chapter.name}").write_text(text)
    (target / "manuscript" / "99-back.md").write_text(
        "# Timeline\n\n::: timeline\n:::\n\n# Further Reading\n\n::: reading-list\n:::\n")
    return target


def main(handouts: int, large: bool) -> None:
    samizdat = str(BIN / "samizdat")
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp) / "course", handouts)
        weeks = sorted(course.glob("week-*"))
        one_by_one, one_cpu, one_peak = 0.0, 0.0, 0.0
        for week in weeks:
            seconds, cpu, peak = timed([samizdat, "-q", "all", str(week)])
            one_by_one, one_cpu = one_by_one + seconds, one_cpu + cpu
            one_peak = max(one_peak, peak)
        cold, cold_cpu, cold_peak = timed([samizdat, "-q", "reader", str(course)])
        chapter = sorted((weeks[len(weeks) // 2] / "manuscript").glob("*-chapter.md"))[0]
        chapter.write_text(chapter.read_text() + "\nOne sentence added to one handout.\n")
        edited, edited_cpu, edited_peak = timed([samizdat, "-q", "reader", str(course)])
        make = ["make", "-s", "-C", str(REPO), "reader", f"COURSE={course}"]
        timed(make)
        noop = timed(make)[0]
        import pypdf

        pages = len(pypdf.PdfReader(course / "build" / "course.pdf").pages)
    cores = os.cpu_count()
    print(f"Course reader: {handouts} generated handouts, {pages} pages, {cores} cores "
          "(wall seconds, one run each)")
    print(f"  the handouts one after another (samizdat all): {one_by_one:6.1f} s "
          f"(CPU {one_cpu:5.1f} s), peak {one_peak:5.0f} MiB")
    print(f"  cold reader (samizdat reader):                  {cold:6.1f} s "
          f"(CPU {cold_cpu:5.1f} s), peak {cold_peak:5.0f} MiB: {cold / one_by_one:.2f}x the "
          f"one-by-one time, CPU {cold_cpu / one_cpu:.2f}x (target <= 0.65x; peak < 1024 MiB)")
    print(f"  after editing one handout:                      {edited:6.1f} s "
          f"(CPU {edited_cpu:5.1f} s), peak {edited_peak:5.0f} MiB: {edited / cold:.2f}x the "
          "cold reader (target <= 0.35x)")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {cores} cores")
    print(f"  a second make reader, nothing changed:          {noop * 1000:6.0f} ms")
    if large:
        large_course(samizdat)


ROUNDS = 2  # the 40-handout reader and the one book, alternately, cold each time


def large_course(samizdat: str) -> None:
    """The reader of 40 handouts and the same text as one book, built alternately (what else
    the machine runs weighs on both alike), each cold: the ratio of each pair and of the
    medians, of wall and of CPU seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp) / "course", 40)
        book = one_book(course, Path(tmp) / "book")
        runs = {"reader": [], "book": []}
        for _ in range(ROUNDS):
            for name, folder, command in (("reader", course, "reader"), ("book", book, "all")):
                shutil.rmtree(folder / "build", ignore_errors=True)
                runs[name].append((*timed([samizdat, "-q", command, str(folder)]),
                                   os.getloadavg()[0]))
    for (reader, cpu, peak, load), (single, single_cpu, single_peak, _) in zip(
            runs["reader"], runs["book"], strict=True):
        print(f"  40 handouts: reader {reader:.1f} s (CPU {cpu:.1f} s, peak {peak:.0f} MiB) vs "
              f"the same text as one book {single:.1f} s (CPU {single_cpu:.1f} s, peak "
              f"{single_peak:.0f} MiB): {reader / single:.2f}x, CPU {cpu / single_cpu:.2f}x "
              f"(target < 0.6x; load {load:.1f})")
    wall = [median([r[0] for r in runs[n]]) for n in ("reader", "book")]
    cpu = [median([r[1] for r in runs[n]]) for n in ("reader", "book")]
    print(f"  40 handouts, medians of {ROUNDS}: {wall[0] / wall[1]:.2f}x the one book's wall "
          f"time, CPU {cpu[0] / cpu[1]:.2f}x")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    main(numbers[0] if numbers else 10, "--large" in sys.argv)
