"""Give vaultroad's modules their bytecode before a start-up benchmark times them.

`pip install` (and so pre-commit, which pip-installs a hook's repository)
compiles every module to `__pycache__/*.pyc` at install time. An editable
install does not, and where PYTHONDONTWRITEBYTECODE is set the interpreter
never writes the cache either, so every process would compile vaultroad's
sources again: ~15 ms that no installed copy pays. Compiling once here makes
the timed processes start the way an installed vaultroad does. The imports
the benchmarks compare against (markdown-it-py, click) are pip-installed and
have their bytecode already.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import vaultroad


def compile_vaultroad() -> Path:
    """Write the bytecode of every vaultroad module (a no-op when it is current)."""
    package = Path(vaultroad.__file__).resolve().parent
    if not compileall.compile_dir(package, quiet=1):
        raise RuntimeError(f"could not compile {package}")
    return package
