"""Markdown text → normalized roadmap tree.

The block scanner (vaultroad.blocks, with markdown-it as its reference and
fallback) gives the block structure; tree_builder.py and its readers read
roadmap meaning out of it: sections (headings, bold outline entries, bold
lead-ins) and topics (list items, `&nbsp;&nbsp;- ` pseudo-bullets, outline
leaves, topic-table rows, glyph lines in unlabelled fences). Positions are
computed on the raw lines, so every marker span points at the user's own
bytes. This module is the entry point: arguments checked, files read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import ArgumentError, NotAFileError, ReadError
from .markers import symbol_statuses
from .model import Roadmap, Status
from .source import Source, decode
from .tree_builder import TreeBuilder

__all__ = ["load", "parse"]


def parse(
    text: str,
    path: str | os.PathLike[str] | None = None,
    *,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
) -> Roadmap:
    """Parse roadmap Markdown into a tree.

    `path` names the document in errors and gives its default title and id
    key (the file name without extension). `key` overrides the id key, for a
    vault that must keep ids unique across folders. `symbols` maps extra
    one-character checkbox symbols (`>`, `?` …) to statuses; unknown ones
    count as todo.

    Any text parses; arguments of the wrong kind (bytes for `text`, an
    unknown status in `symbols` …) raise `ArgumentError`, a `VaultroadError`.
    """
    return parse_with_source(text, path, key=key, symbols=symbols)[0]


def parse_with_source(
    text: str,
    path: str | os.PathLike[str] | None = None,
    *,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
    reference: bool = False,
) -> tuple[Roadmap, Source]:
    """`parse`, also giving the `Source` (lines and offsets) it read, for callers
    that look at the lines too and need not split the text again.

    `reference=True` reads the blocks with markdown-it even where the block
    scanner would (the differential tests compare the two)."""
    path_text = None if path is None else _path_text(path)
    if not isinstance(text, str):
        hint = ": decode it, or give the file to load()" if isinstance(text, bytes) else ""
        raise ArgumentError(f"text must be str, not {type(text).__name__}{hint}", path=path_text)
    if key is not None and not isinstance(key, str):
        raise ArgumentError(f"key must be str or None, not {type(key).__name__}", path=path_text)
    extra = _symbol_table(symbols, path_text)
    builder = TreeBuilder(text, path_text, key, extra, reference)
    return builder.build(), builder.source


def load(
    path: str | os.PathLike[str],
    *,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
) -> Roadmap:
    """Read a roadmap file (UTF-8, BOM and any line endings) and parse it.

    `key` and `symbols` are `parse`'s. Every error is a `VaultroadError` with
    `path`: `NotFoundError` (also a `FileNotFoundError`), `NotAFileError` for
    a folder (also an `IsADirectoryError`), `AccessError` (also a
    `PermissionError`), `ReadError` for any other failed read (an `OSError`),
    `DecodeError` (with `line`) for text that is not UTF-8, `ArgumentError`.
    """
    path_text = _path_text(path)
    file = Path(path_text)
    try:
        data = file.read_bytes()
    except OSError as error:
        # Windows refuses to open a folder with "permission denied".
        if isinstance(error, PermissionError) and file.is_dir():
            raise NotAFileError(path=path_text) from error
        raise ReadError.from_os_error(error, path_text) from error
    except ValueError as error:  # a NUL in the path: no file can have that name
        raise ArgumentError(f"not a file name ({error})", path=path_text) from error
    return parse(decode(data, path_text), path_text, key=key, symbols=symbols)


def _path_text(path: object) -> str:
    """`path` as text, or `ArgumentError`: a bytes path would mix into str paths."""
    try:
        text = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        text = None
    if not isinstance(text, str):
        raise ArgumentError(f"path must be str or os.PathLike[str], not {type(path).__name__}")
    return text


def _symbol_table(
    symbols: Mapping[str, Status | str] | None, path: str | None
) -> dict[str, Status]:
    """`symbols` checked as `.vaultroad.toml` checks them, with the statuses as `Status`."""
    try:
        return symbol_statuses(symbols or {})
    except ValueError as error:
        raise ArgumentError(str(error), path=path) from None
