"""vaultroad: learning roadmaps in an Obsidian vault, parsed into one tree and kept in sync.

The public names below are the library's contract; scripts rely on exactly these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    ConcurrentChangeError,
    DecodeError,
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
    from .rules import Problem
    from .synchronize import SyncReport, sync
    from .vault import Vault

__version__ = "0.1.0"

# The writer and the vault-level names (YAML, mdformat, the sync engine) load
# on first use, which keeps `vaultroad tree` and `import vaultroad` quick.
_LAZY = {
    "set_statuses": "edit",
    "Vault": "vault",
    "sync": "synchronize",
    "SyncReport": "synchronize",
    "check": "audit",
    "Problem": "rules",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vaultroad' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "ConcurrentChangeError",
    "DecodeError",
    "Estimate",
    "Link",
    "Marker",
    "MarkerKind",
    "Problem",
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
    "load",
    "parse",
    "set_statuses",
    "sync",
]
