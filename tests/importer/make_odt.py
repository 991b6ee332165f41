"""Writes fixtures/berlin-airlift.odt: the Zotero handout saved as .odt by LibreOffice, as a
teacher who writes in LibreOffice (or exports from Google Docs) would hand it in. LibreOffice
is needed only to remake the fixture, never by the tests:

    .venv/bin/python -m tests.importer.make_odt      (needs soffice on the PATH)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .handout import write_handout

FIXTURE = Path(__file__).parent / "fixtures" / "berlin-airlift.odt"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = write_handout(Path(folder) / "berlin-airlift.docx", "zotero")
        subprocess.run(["soffice", "--headless", "--convert-to", "odt", "--outdir", folder,
                        str(source)], check=True, capture_output=True, timeout=120)
        shutil.copyfile(Path(folder) / "berlin-airlift.odt", FIXTURE)
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
