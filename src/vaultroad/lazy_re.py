"""Regular expressions compiled on first use.

The pre-commit hook starts a process per commit, and most of its start-up
was compiling patterns that a ten-line checklist never uses (estimates in
six languages, table headers, HTML block kinds). `lazy_compile` returns a
stand-in that compiles on the first call of any of its methods and then
stores the compiled pattern's bound methods on itself, so every later call
costs one attribute lookup, as on a compiled pattern.

The stand-in is not a `re.Pattern`: use it through its methods (`search`,
`match`, `sub` …) and `pattern`/`flags`, never as an argument of `re.sub(...)`
or in `isinstance` checks.
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy_compile"]

_COPIED = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _Deferred:
    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for names not yet stored on the instance: the first use.
        compiled = re.compile(self._source, self._flags)
        for attribute in _COPIED:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r}, {self._flags!r})"


def lazy_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, done when the pattern is first used."""
    return cast("re.Pattern[str]", _Deferred(source, flags))
