"""vaultroad: learning roadmaps in an Obsidian vault, parsed into one tree and kept in sync.

The public names below are the library's contract; scripts rely on exactly these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .edit import set_statuses
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
    from .rules import Problem
    from .synchronize import SyncReport, sync
    from .vault import Vault

__version__ = "0.1.0"

# The vault-level names pull in YAML, mdformat and the sync engine; loading
# them on first use keeps `vaultroad tree` and `import vaultroad` quick.
_LAZY = {
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
