"""The new book folder: metadata.yaml (every key described, as 'samizdat new' writes it),
the chapters as pandoc Markdown, the bibliography as CSL JSON and the images. It is written
into a temporary folder beside the target and renamed into place at the end, so a failed
import leaves nothing behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import fields
from pathlib import Path

import yaml

from ..core.diagnostics import Location, fail
from ..core.metadata import Metadata
from ..pandoc.run import pandoc_path
from .convert import Chapter

API = [1, 23, 1]
# Pipe tables where the cells allow, grid tables otherwise; notes at the end of the chapter.
MARKDOWN = "markdown-simple_tables-multiline_tables-raw_attribute"
NOTE_CALL = re.compile(r"(?<!\\)\[\^(\d+)\]")


def chapter_markdown(chapter: Chapter, api_version: list[int]) -> str:
    """A chapter as pandoc Markdown, its notes labelled [^first-words] instead of numbers."""
    document = {"pandoc-api-version": api_version, "meta": {}, "blocks": chapter.blocks}
    done = subprocess.run(
        [pandoc_path(), "--from=json", f"--to={MARKDOWN}", "--columns=92", "--wrap=auto"],
        input=json.dumps(document).encode("utf-8"), capture_output=True, timeout=120)
    if done.returncode:
        raise fail("SZ708", f"pandoc could not write {chapter.file}: "
                   f"{done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    markdown = done.stdout.decode("utf-8")

    def label(match):
        number = int(match.group(1))
        labels = chapter.labels
        return f"[^{labels[number - 1]}]" if 0 < number <= len(labels) else match.group(0)

    return NOTE_CALL.sub(label, markdown)


def render_metadata(values: dict, origins: dict[str, str]) -> str:
    """Every key described; the ones the document gave are set (with where they came
    from), the others commented out."""
    lines = ["# The book's metadata, from the imported document. Every key samizdat knows is",
             "# listed; '#' lines are off."]
    for f in fields(Metadata):
        help_text = f.metadata["help"]
        origin = origins.get(f.name)
        lines.append(f"\n# {help_text}" + (f"\n# (from {origin})" if origin else ""))
        value = values.get(f.name)
        shown = value if value is not None else ""
        text = yaml.safe_dump({f.name: shown}, allow_unicode=True, default_flow_style=False,
                              width=92).strip()
        lines.append(text if value is not None else "# " + text.replace("\n", "\n# "))
    return "\n".join(lines) + "\n"


def bibliography_json(works: dict[str, dict], keys: dict[str, str]) -> str:
    """The cited works as CSL JSON, each under its key."""
    items = []
    for work, data in works.items():
        item = {k: v for k, v in data.items() if k not in ("id", "citation-key")}
        items.append({"id": keys[work], **item})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def check_target(target: Path) -> None:
    """The folder must not exist, or be empty."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise fail("SZ705", f"{target} already exists and is not empty: give a new folder "
                   "(samizdat import FILE NEW-FOLDER)", Location(str(target)))


def write_folder(target: Path, files: dict[str, bytes]) -> None:
    """All files into a temporary folder beside the target, then renamed into place."""
    check_target(target)
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.import-", dir=parent))
    try:
        for name, data in files.items():
            path = temporary / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        check_target(target)
        if target.exists():
            target.rmdir()
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
