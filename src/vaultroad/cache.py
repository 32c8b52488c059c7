"""A cache of parsed trees, so a file that did not change is not parsed again.

An entry is found by the file's path and is valid only for the exact bytes
it was parsed from, under the exact parser code that parsed them (version and
the size and mtime of every module of the package), so a changed file or a
changed vaultroad always parses afresh. There is one entry per path, replaced
when the file changes, so the cache grows with the number of files, not
with the number of edits. Entries are JSON: loading one never runs code.

The cache is an optimisation only: an unreadable, corrupt or unwritable entry
is ignored and the file is parsed as if there were none.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import astuple
from pathlib import Path
from typing import Any

from .digest import blake2b
from .model import (
    Estimate,
    LimitKind,
    Link,
    Marker,
    MarkerKind,
    Node,
    ParseLimit,
    Roadmap,
    Section,
    SectionKind,
    Status,
    TaskFields,
    Topic,
    TopicSource,
    WikiLink,
)
from .source import decode

__all__ = ["TreeCache", "default_cache_dir"]

# 2: parse limits; 3: tags, Tasks fields, link kinds, section links; 4: roadmap links
FORMAT = 4


def default_cache_dir() -> Path | None:
    """`$VAULTROAD_CACHE_DIR`, else `$XDG_CACHE_HOME/vaultroad` or `~/.cache/vaultroad`.

    `VAULTROAD_NO_CACHE=1` (or an empty `VAULTROAD_CACHE_DIR`) turns caching off.
    """
    if os.environ.get("VAULTROAD_NO_CACHE"):
        return None
    configured = os.environ.get("VAULTROAD_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vaultroad"


_fingerprint: str | None = None


def parser_fingerprint() -> str:
    """Changes whenever any module of the installed package changes."""
    global _fingerprint
    if _fingerprint is None:
        from . import __version__

        parts = [__version__, str(FORMAT)]
        with os.scandir(Path(__file__).parent) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    parts.append(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
        _fingerprint = blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return _fingerprint


class TreeCache:
    """Parsed trees by path, valid for one content and one parser version."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / f"trees-{FORMAT}"

    def _entry(self, path: str) -> Path:
        name = blake2b(path.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        return self.directory / f"{name}.json"

    @staticmethod
    def _key(path: str, data: bytes, symbols: Mapping[str, Status]) -> str:
        digest = blake2b(digest_size=20)
        digest.update(parser_fingerprint().encode())
        digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
        # The same bytes read with another symbol table are another tree.
        table = "".join(f"{symbol}={status.value}\0" for symbol, status in sorted(symbols.items()))
        digest.update(table.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def load(
        self,
        path: str | os.PathLike[str],
        data: bytes,
        text: str | None = None,
        symbols: Mapping[str, Status] | None = None,
    ) -> Roadmap:
        """The tree of `data` (the file at `path`), from the cache or parsed and stored.

        `symbols` are the extra checkbox symbols `parse` takes; they are part
        of the entry's key.
        """
        name = os.fspath(path)
        table = symbols or {}
        key = self._key(name, data, table)
        entry = self._entry(name)
        try:
            stored = json.loads(entry.read_bytes())
            if stored["key"] == key:
                return _roadmap(stored["tree"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            pass  # no entry or an unusable one: parse as if there were none
        from .parser import parse

        roadmap = parse(
            text if text is not None else decode(data, name), name, symbols=table or None
        )
        self._store(entry, {"key": key, "tree": _roadmap_data(roadmap)})
        return roadmap

    def _store(self, entry: Path, payload: dict[str, Any]) -> None:
        import tempfile

        temporary = None
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            # `dumps`, not `dump`: only `dumps` encodes in C (ten times faster).
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            Path(temporary).replace(entry)
        except OSError:
            # A read-only or full disk only costs speed; leave no half entry.
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)


# --- compact JSON form of the tree ------------------------------------------------


def _estimate_data(estimate: Estimate | None) -> list[Any] | None:
    return None if estimate is None else [estimate.low, estimate.high, estimate.text]


def _estimate(data: list[Any] | None) -> Estimate | None:
    return None if data is None else Estimate(data[0], data[1], data[2])


def _node_data(node: Node) -> list[Any]:
    if isinstance(node, Section):
        return [
            "s",
            node.title,
            node.level,
            node.kind.value,
            node.line,
            node.number,
            _estimate_data(node.duration),
            [_node_data(child) for child in node.children],
            node.schedule,
            [[link.text, link.url, link.kind] for link in node.links],
        ]
    position = node.position
    return [
        "t",
        node.id,
        node.title,
        node.text,
        node.status.value,
        node.marker,
        node.line,
        node.column,
        node.source.value,
        [position.kind.value, position.start, position.end, position.text, list(position.forms)],
        _estimate_data(node.estimate),
        node.description,
        [[link.text, link.url, link.kind] for link in node.links],
        [[w.target, w.heading, w.alias, w.embed] for w in node.wikilinks],
        [_node_data(child) for child in node.children],
        list(node.tags),
        None if node.tasks is None else list(astuple(node.tasks)),
    ]


def _node(data: list[Any]) -> Node:
    return _section(data) if data[0] == "s" else _topic(data)


def _section(data: list[Any]) -> Section:
    return Section(
        title=data[1],
        level=data[2],
        kind=SectionKind(data[3]),
        line=data[4],
        number=data[5],
        duration=_estimate(data[6]),
        children=tuple(_node(child) for child in data[7]),
        schedule=data[8],
        links=tuple(Link(*parts) for parts in data[9]),
    )


def _topic(data: list[Any]) -> Topic:
    kind, start, end, marker_text, forms = data[9]
    return Topic(
        id=data[1],
        title=data[2],
        text=data[3],
        status=Status(data[4]),
        marker=data[5],
        line=data[6],
        column=data[7],
        source=TopicSource(data[8]),
        position=Marker(
            MarkerKind(kind), start, end, marker_text, (forms[0], forms[1], forms[2], forms[3])
        ),
        estimate=_estimate(data[10]),
        description=data[11],
        links=tuple(Link(*parts) for parts in data[12]),
        wikilinks=tuple(WikiLink(*parts) for parts in data[13]),
        children=tuple(_topic(child) for child in data[14]),
        tags=tuple(data[15]),
        tasks=None if data[16] is None else TaskFields(*data[16]),
    )


def _roadmap_data(roadmap: Roadmap) -> list[Any]:
    return [
        roadmap.title,
        roadmap.path,
        roadmap.done_form,
        [_node_data(child) for child in roadmap.children],
        [[limit.line, limit.kind.value, limit.message] for limit in roadmap.limits],
        [[link.text, link.url, link.kind] for link in roadmap.links],
    ]


def _roadmap(data: list[Any]) -> Roadmap:
    return Roadmap(
        title=data[0],
        path=data[1],
        done_form=data[2],
        children=tuple(_node(child) for child in data[3]),
        limits=tuple(ParseLimit(line, LimitKind(kind), message) for line, kind, message in data[4]),
        links=tuple(Link(*parts) for parts in data[5]),
    )
