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
