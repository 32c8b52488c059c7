"""vaultroad: learning roadmaps in an Obsidian vault, parsed into one tree and kept in sync.

The public names below are the library's contract; scripts rely on exactly these.
"""

from __future__ import annotations

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

__version__ = "0.1.0"

__all__ = [
    "ConcurrentChangeError",
    "DecodeError",
    "Estimate",
    "Link",
    "Marker",
    "MarkerKind",
    "Roadmap",
    "Section",
    "SectionKind",
    "Status",
    "Topic",
    "TopicSource",
    "UnknownTopicError",
    "UnsafeEditError",
    "VaultroadError",
    "WikiLink",
    "__version__",
    "load",
    "parse",
    "set_statuses",
]
