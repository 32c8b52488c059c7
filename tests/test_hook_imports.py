"""The pre-commit hook's start-up: `vaultroad check FILE` on a small checklist
loads only what reading it needs.

The hook runs once per commit over the staged roadmaps, so its start-up is
felt every time. The block scanner reads a plain checklist without
markdown-it; nothing on that path may load markdown-it, its plugins,
mdformat or YAML. `python -X importtime` lists every module a process
loads: a heavy one that sneaks back onto the path fails this test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Not for a file outside any vault (the vault's own modules), nor (fileio) for
# a check that writes nothing.
OUTSIDE_A_VAULT = ("vaultroad.vault", "vaultroad.config", "vaultroad.fileio")
ASCII_ONLY = ("vaultroad.mojibake_repair",)

HEAVY = ("markdown_it", "mdit_py_plugins", "mdformat", "yaml", "frontmatter", "ruamel", "wcwidth")
# Standard modules a check never needs (heapq came with Counter.most_common).
UNNEEDED = ("heapq",)

SMALL_CHECKLISTS = {
    "plain.md": "# Python\n\n- [ ] Syntax\n- [x] Types\n  - [ ] Generics\n",
    "wikilinks.md": "## Week 1\n\n- [ ] [[Lists]] and `tuples`\n- [x] [[Dicts|Mappings]]\n",
    "links.md": (
        "## Reading\n\n- [ ] [Python tutorial](https://docs.python.org/3/tutorial/) - the basics\n"
        "- [x] [Git book](https://git-scm.com/book/en/v2) and [[Git]]\n"
        "- [ ] Read [the docs](https://example.com/é?q=1&r=2#top) — `pip`\n"
    ),
    "table.md": "| Topic | Time |\n|---|---|\n| Git | 2 days |\n| ✅ SQL | 1 week |\n",
    "outline.md": "1. **Basics**\n   1.1. **Shell**\n   &nbsp;&nbsp;- Pipes\n",
    # Lines `check` looks at twice (a box without a space, an empty box).
    "faults.md": "- [ ]Learn\n- [ ] \n```\n- [ ]in code\n```\n",
}


def _loaded_modules(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vaultroad", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "vaultroad.cli" in names, "importtime printed nothing the test can read"
    return names


@pytest.mark.parametrize("name", sorted(SMALL_CHECKLISTS))
def test_check_of_a_small_checklist_loads_nothing_heavy(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(SMALL_CHECKLISTS[name], encoding="utf-8")
    loaded = _loaded_modules("check", str(path))
    heavy = sorted(module for module in loaded if module.split(".")[0] in HEAVY)
    assert heavy == [], f"`vaultroad check {name}` loaded {heavy}"
    assert sorted(loaded & set(UNNEEDED)) == [], f"`vaultroad check {name}` loaded them"


def test_the_probe_sees_heavy_modules_when_they_load(tmp_path: Path) -> None:
    # Emphasis in a link's label needs markdown-it's inline parser: the probe
    # must see it load.
    path = tmp_path / "links.md"
    path.write_text("- [ ] Read [the *guide*](https://example.com/a_(b))\n", encoding="utf-8")
    loaded = _loaded_modules("check", str(path))
    assert "markdown_it" in loaded


@pytest.mark.parametrize("name", sorted(SMALL_CHECKLISTS))
def test_check_outside_a_vault_loads_no_vault_module(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(SMALL_CHECKLISTS[name], encoding="utf-8")
    loaded = _loaded_modules("check", str(path))
    unneeded = [*OUTSIDE_A_VAULT, *(ASCII_ONLY if SMALL_CHECKLISTS[name].isascii() else ())]
    assert sorted(loaded & set(unneeded)) == [], f"`vaultroad check {name}` loaded them"


def test_the_probe_sees_the_vault_and_mojibake_modules_when_they_load(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    path = tmp_path / "Roadmap.md"
    path.write_text("- [ ] Caf\u00c3\u00a9\n", encoding="utf-8")  # é read as cp1252
    loaded = _loaded_modules("check", str(path))
    assert {"vaultroad.vault", "vaultroad.config", "vaultroad.mojibake_repair"} <= loaded
