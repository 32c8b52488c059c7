"""The public names of design.md §7, as scripts outside the project use them."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import vaultroad


def test_public_names_are_what_they_say_even_after_submodules_load() -> None:
    # Importing a submodule sets an attribute of the package; none may be
    # named like a public function, or `vaultroad.sync` would become a module.
    for module in pkgutil.iter_modules(vaultroad.__path__):
        if module.name != "__main__":
            importlib.import_module(f"vaultroad.{module.name}")
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
        assert not isinstance(getattr(vaultroad, name), type(vaultroad)), name


# Each lazily loaded name, the ways a script reaches it (a submodule named
# like one once replaced `vaultroad.follow` and `vaultroad.relink`).
_REACHED = {
    "from-import": "from vaultroad import {name} as found",
    "second-use": "vaultroad.{name}\nfound = vaultroad.{name}",
    "after-submodule-import": "import vaultroad.{module}\nfound = vaultroad.{name}",
}


@pytest.mark.parametrize("how", sorted(_REACHED))
def test_every_lazy_name_is_what_it_says_in_a_fresh_interpreter(how: str) -> None:
    lines = ["import vaultroad", "tree = vaultroad.parse('# P\\n\\n- [ ] A\\n', 'P.md')"]
    for name, module in vaultroad._LAZY.items():
        lines.append(_REACHED[how].format(name=name, module=module))
        lines.append(f"assert callable(found), {name!r}")
    lines.append("assert vaultroad.follow(tree, tree) == {t.id: t.id for t in tree.topics()}")
    result = subprocess.run(
        [sys.executable, "-c", "\n".join(lines)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


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


LAZY = ("set_statuses", "sync", "check", "Vault", "Problem", "SyncReport")


def test_dir_lists_the_lazily_loaded_names_too() -> None:
    listed = dir(vaultroad)
    for name in (*LAZY, *vaultroad.__all__):
        assert name in listed, name
    assert "__version__" in listed and "__getattr__" not in listed


def test_help_documents_the_lazily_loaded_names() -> None:
    import pydoc
    import re

    page = pydoc.plain(pydoc.render_doc(vaultroad))
    # Their entries under CLASSES and FUNCTIONS, not a mention in the docstring.
    for name in ("Vault", "Problem", "SyncReport"):
        assert re.search(rf"^    class {name}\b", page, re.MULTILINE), name
    for name in ("set_statuses", "sync", "check"):
        assert re.search(rf"^    {name}\(", page, re.MULTILINE), name
    # ... and the module docstring gives each public callable one line.
    for name in (*LAZY, "parse", "load", "Roadmap", "Progress"):
        assert re.search(rf"^- {name}\b", vaultroad.__doc__ or "", re.MULTILINE), name


def test_importing_vaultroad_or_listing_it_loads_no_heavy_dependency() -> None:
    import subprocess
    import sys

    script = (
        "import sys, vaultroad; dir(vaultroad); "
        "print(sorted(m for m in ('markdown_it', 'yaml', 'mdformat', 'click') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _own_docstring(name: str) -> str | None:
    value = getattr(vaultroad, name)
    doc = value.__dict__.get("__doc__") if isinstance(value, type) else value.__doc__
    if isinstance(value, type) and doc and doc.startswith(f"{name}("):
        return None  # what @dataclass writes when the class has none
    return doc if isinstance(doc, str) else None


def test_every_public_name_has_its_own_docstring() -> None:
    for name in vaultroad.__all__:
        if name != "__version__":
            assert _own_docstring(name), name
