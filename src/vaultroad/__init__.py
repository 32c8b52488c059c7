"""vaultroad: learning roadmaps in an Obsidian vault, parsed into one tree and kept in sync.

The public names below are the library's contract; scripts rely on exactly
these. The library never prints. See docs/library.md for examples.

Reading a roadmap:

- parse(text, path=None, *, key=None, symbols=None) -> Roadmap: Markdown text to a tree.
- load(path, *, key=None, symbols=None) -> Roadmap: read a UTF-8 file and parse it.
- Roadmap: one document; topics() walks every topic, progress counts them,
  parent_of/section_of/path_of place a topic in the tree.
- Section, Topic: the tree's nodes; Section.progress counts its subtree.
- Progress: counts by status (finished = done + skipped) and days left.
- Status: todo, doing, done, skipped (the enum's values are those words).
- Estimate, Link, WikiLink, Marker, MarkerKind, SectionKind, TopicSource:
  the parts of a node.

Writing and the vault (loaded on first use):

- set_statuses(text, changes, path=None, *, done_dates=None) -> str: the text with
  topics' statuses changed, only marker bytes touched (and, with `done_dates`,
  Obsidian Tasks `✅ YYYY-MM-DD` done dates), verified by re-parsing.
- Vault: a vault folder; Vault.open(root), then roadmap_paths() and its config.
- sync(root, *, dry_run=False, prefer=None) -> SyncReport: bring roadmaps,
  topic notes and the summary note into step.
- SyncReport: what sync wrote, and the conflicts and problems it found;
  RemovedTopic: a note kept after its topic left its roadmap (SyncReport.removed).
- check(paths, fix=False) -> list[Problem]: what `vaultroad check` reports.
- follow(old, new) -> dict[str, str | None]: for every topic id of the roadmap
  `old`, the id of the topic it became in the edited `new` (None: gone, or unsure).
- relink(root, note, roadmap, line) -> SyncReport: give a kept note to the
  topic at `roadmap:line` (what sync does not guess), then sync.
- Problem: one finding, printed as `path:line:col: CODE message`.

Errors, all subclasses of VaultroadError (with `path` and `line`):
ReadError (NotFoundError, NotAFileError, AccessError), DecodeError,
ArgumentError, UnknownTopicError, UnsafeEditError, ConcurrentChangeError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    AccessError,
    ArgumentError,
    ConcurrentChangeError,
    DecodeError,
    NotAFileError,
    NotFoundError,
    ReadError,
    UnknownTopicError,
    UnsafeEditError,
    VaultroadError,
)
from .model import (
    Estimate,
    Link,
    Marker,
    MarkerKind,
    Roadmap,
    Section,
    SectionKind,
    Status,
    Topic,
    TopicSource,
    WikiLink,
)
from .parser import load, parse

if TYPE_CHECKING:
    from .audit import check
    from .edit import set_statuses
    from .identity_follow import follow
    from .progress import Progress
    from .rules import Problem
    from .sync_relink import relink
    from .sync_report import RemovedTopic
    from .synchronize import SyncReport, sync
    from .vault import Vault

__version__ = "0.1.0"

# The writer and the vault-level names (YAML, mdformat, the sync engine) load
# on first use, which keeps `vaultroad tree` and `import vaultroad` quick.
_LAZY = {
    "Progress": "progress",  # only what counts progress needs it (see progress.py)
    "set_statuses": "edit",
    "Vault": "vault",
    "sync": "synchronize",
    "SyncReport": "synchronize",
    "RemovedTopic": "sync_report",
    "follow": "identity_follow",
    "relink": "sync_relink",
    "check": "audit",
    "Problem": "rules",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vaultroad' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    # The lazy names are not in the module's namespace until first used, so
    # the default dir() (and with it tab completion and help(), which lists
    # what dir() gives) would miss them. The public names and the module's
    # dunders, less these two hooks; not the submodules, which are not the contract.
    dunders = {name for name in globals() if name.startswith("__")} - {"__getattr__", "__dir__"}
    return sorted({*__all__, *dunders})


__all__ = [
    "AccessError",
    "ArgumentError",
    "ConcurrentChangeError",
    "DecodeError",
    "Estimate",
    "Link",
    "Marker",
    "MarkerKind",
    "NotAFileError",
    "NotFoundError",
    "Problem",
    "Progress",
    "ReadError",
    "RemovedTopic",
    "Roadmap",
    "Section",
    "SectionKind",
    "Status",
    "SyncReport",
    "Topic",
    "TopicSource",
    "UnknownTopicError",
    "UnsafeEditError",
    "Vault",
    "VaultroadError",
    "WikiLink",
    "__version__",
    "check",
    "follow",
    "load",
    "parse",
    "relink",
    "set_statuses",
    "sync",
]
