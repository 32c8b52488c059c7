"""docs/library.md: every `python` block runs, in order, as one session.

The blocks make their own vault in a temporary folder; here that folder is
under pytest's `tmp_path` and the current directory is an empty one, so the
examples cannot lean on the repository or on where the tests run.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[1] / "docs" / "library.md"
_BLOCK_RE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _blocks() -> list[tuple[int, str]]:
    """Each block's code and the page line it starts on."""
    text = PAGE.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in _BLOCK_RE.finditer(text)]


def test_the_page_shows_every_entry_point() -> None:
    code = "\n".join(block for _, block in _blocks())
    for call in (
        "vaultroad.parse(",
        "vaultroad.load(",
        ".topics()",
        ".progress",
        "vaultroad.set_statuses(",
        "vaultroad.check(",
        "vaultroad.sync(",
        "vaultroad.Vault.open(",
        ".parent_of(",
        ".section_of(",
        ".path_of(",
        "vaultroad.follow(",
        "vaultroad.relink(",
    ):
        assert call in code, call


def test_the_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    namespace: dict[str, object] = {"__name__": "library_md"}
    blocks = _blocks()
    assert len(blocks) >= 8
    for line, block in blocks:
        # Padding puts a failing assert's line number on the page's line.
        exec(compile("\n" * (line - 1) + block, str(PAGE), "exec"), namespace)
    assert not any(work.iterdir()), "an example wrote into the current directory"
    assert str(namespace["vault"]).startswith(str(tmp_path))
