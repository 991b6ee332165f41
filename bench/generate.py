"""Write a deterministic book of about N A4 pages for the benchmarks.

    python bench/generate.py PAGES FOLDER [--seed 1975]

Chapters of paragraphs of plausible prose, a note or a citation in most paragraphs, a timeline
and a reading list: the shape of a course reader built from many handouts.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

WORDS = """
the of and to in a that was for on as with by at from his an were which this be had
it not are or have their they but its has been one who all more would there human
rights accords conference delegates signatories dissidents monitoring groups
governments citizens movement commitments provisions security cooperation Europe
Helsinki review meetings Belgrade Madrid Vienna activists samizdat petitions reports
embassies ministers negotiations détente repression freedom conscience religion
information movement association assembly press churches unions workers students
intellectuals scientists writers lawyers network transnational pressure diplomacy
economic stagnation reform openness restructuring elections revolution
""".split()
PARAGRAPHS_PER_PAGE = 3      # about 110 words each, plus the notes they carry


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, index: int, keys: list[str]) -> tuple[str, str | None]:
    text = " ".join(sentence(rng) for _ in range(rng.randint(5, 8)))
    roll = rng.random()
    if roll < 0.45:
        return f"{text}[@{rng.choice(keys)}, {rng.randint(1, 400)}]", None
    if roll < 0.8:
        label = f"n{index}"
        return f"{text}[^{label}]", f"[^{label}]: {sentence(rng)} {sentence(rng)}"
    return text, None


def bibliography(rng: random.Random, count: int = 40) -> list[dict]:
    entries = []
    for i in range(count):
        family = rng.choice(["Thomas", "Snyder", "Ash", "Hough", "Kuran", "McFaul", "Orlov"])
        entries.append({
            "id": f"work{i}", "type": "book",
            "author": [{"family": f"{family}{i}", "given": "A."}],
            "title": " ".join(rng.choice(WORDS) for _ in range(6)).title(),
            "publisher": "Example Press", "publisher-place": "London",
            "issued": {"date-parts": [[1970 + i % 50]]},
            "group": "Books" if i % 3 else "Articles",
        })
    return entries


def timeline(rng: random.Random, count: int = 30) -> list[dict]:
    years = sorted(rng.sample(range(1950, 2020), count))
    return [{"when": str(y), "start": y, "text": sentence(rng)} for y in years]


def generate(pages: int, folder: Path, seed: int = 1975) -> Path:
    rng = random.Random(seed)
    manuscript = folder / "manuscript"
    manuscript.mkdir(parents=True, exist_ok=True)
    bib = bibliography(rng, max(8, pages // 10))
    keys = [e["id"] for e in bib]
    total = pages * PARAGRAPHS_PER_PAGE
    chapters = max(1, pages // 8)
    index = 0
    for c in range(chapters):
        body, notes = [f"# Chapter {c + 1}: {sentence(rng)[:-1]}"], []
        for _ in range(total // chapters):
            index += 1
            text, note = paragraph(rng, index, keys)
            body.append(text)
            if note:
                notes.append(note)
        (manuscript / f"{c + 1:03d}-chapter.md").write_text("\n\n".join(body + notes) + "\n")
    (manuscript / f"{chapters + 1:03d}-back.md").write_text(
        "# Timeline\n\n::: timeline\n:::\n\n# Further Reading\n\n::: reading-list\n:::\n")
    (manuscript / "bibliography.yaml").write_text(yaml.safe_dump(bib, sort_keys=False))
    events = timeline(rng, max(4, pages // 12))
    (manuscript / "timeline.yaml").write_text(yaml.safe_dump(events, sort_keys=False))
    (folder / "metadata.yaml").write_text(yaml.safe_dump({
        "title": f"A Course Reader of {pages} Pages", "lang": "en-US", "date": "2026-01-01",
        "output": "reader", "bibliography": "manuscript/bibliography.yaml",
        "timeline": "manuscript/timeline.yaml"}, sort_keys=False))
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1975)
    args = parser.parse_args()
    print(generate(args.pages, args.folder, args.seed))
