"""blake2b for topic ids and cache keys.

Taken from the `_blake2` module itself when it exists: `hashlib` would also
load OpenSSL, a few milliseconds on every start of the command line.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Python implementations without it
    from hashlib import blake2b

__all__ = ["blake2b"]
