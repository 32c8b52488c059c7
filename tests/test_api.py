"""The public names of design.md §7, as scripts outside the project use them."""

from __future__ import annotations

import importlib

import vaultroad


def test_public_names_are_what_they_say_even_after_submodules_load() -> None:
    # Importing a submodule sets an attribute of the package; none may be
    # named like a public function, or `vaultroad.sync` would become a module.
    for module in ("synchronize", "audit", "rules", "vault", "notes", "summary", "filenames"):
        importlib.import_module(f"vaultroad.{module}")
    assert callable(vaultroad.sync) and vaultroad.sync.__module__ == "vaultroad.synchronize"
    assert callable(vaultroad.check) and vaultroad.check.__module__ == "vaultroad.audit"
    assert callable(vaultroad.parse) and callable(vaultroad.load)
    assert callable(vaultroad.set_statuses)
    assert vaultroad.Vault.open.__qualname__ == "Vault.open"
    assert vaultroad.SyncReport.__name__ == "SyncReport"
    assert vaultroad.Problem.__name__ == "Problem"
    assert [s.value for s in vaultroad.Status] == ["todo", "doing", "done", "skipped"]
    assert issubclass(vaultroad.UnsafeEditError, vaultroad.VaultroadError)
    for name in vaultroad.__all__:
        assert getattr(vaultroad, name) is not None, name


def test_a_problem_is_a_record_that_prints_ruff_style_and_sorts_by_place() -> None:
    later = vaultroad.Problem("a.md", 12, 3, "VR101", "malformed checkbox '[]'", True)
    earlier = vaultroad.Problem("a.md", 2, 9, "VR103", "mixed styles", True)
    other = vaultroad.Problem("B.md", 1, 1, "VR402", "mojibake", False)
    assert str(later) == "a.md:12:3: VR101 malformed checkbox '[]'"
    assert sorted([later, other, earlier]) == [other, earlier, later]
    assert later._replace(line=2).line == 2 and later.line == 12  # immutable
    assert later._asdict() == {
        "path": "a.md",
        "line": 12,
        "column": 3,
        "code": "VR101",
        "message": "malformed checkbox '[]'",
        "fixable": True,
    }
