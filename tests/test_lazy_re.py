"""`lazy_compile`: a pattern compiled on first use behaves as `re.compile`'s."""

from __future__ import annotations

import re

from vaultroad.lazy_re import lazy_compile


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source, flags = r"(?P<n>\d+)\s*(days?|weeks?)", re.IGNORECASE
    lazy, eager = lazy_compile(source, flags), re.compile(source, flags)
    text = "Git (2 days), SQL 3 Weeks, none"
    assert lazy.search(text).group("n") == eager.search(text).group("n")  # type: ignore[union-attr]
    assert lazy.match(text) is None and eager.match(text) is None
    assert lazy.fullmatch("2 days") is not None
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("N", text) == eager.sub("N", text)
    assert lazy.subn("N", text) == eager.subn("N", text)
    assert lazy.split(text) == eager.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (eager.pattern, eager.flags, eager.groups)
    assert dict(lazy.groupindex) == dict(eager.groupindex)


def test_nothing_is_compiled_before_first_use() -> None:
    # An invalid pattern fails only when used: proof that defining it compiled nothing.
    broken = lazy_compile("(unclosed")
    try:
        broken.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("an invalid pattern compiled")
