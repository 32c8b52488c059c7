"""The vault's optional `.vaultroad.toml`: where roadmaps, notes and the summary live.

Zero configuration works. A file that is present is validated strictly: an
unknown key or a value of the wrong kind is an error naming the key and the
file, because a silently ignored typo (`roadmap = …` for `roadmaps`) would
make a sync look at the wrong files.

The keys, all optional:

```toml
roadmaps = ["Roadmaps/**/*.md"]   # globs, relative to the vault
notes_folder = "Topics"           # each roadmap's notes in a subfolder named by its title
summary = "Progress.md"
stubs = true                      # stub notes for unresolved [[links]]
maps = "Maps"                     # a JSON Canvas map per roadmap; false: no maps

[symbols]                         # extra checkbox symbols
">" = "doing"

[shared]                          # the same topic in several roadmaps
status = "independent"            # or "linked": finishing a shared topic in one
                                  # roadmap marks it in the others
same = [["PostgreSQL", "Postgres"], ["JWT authentication", "JSON Web Tokens"]]

[tasks]                           # Obsidian Tasks plugin compatibility
done_dates = false                # true: a box vaultroad ticks gets `✅ YYYY-MM-DD`
```

`[shared] same` lists titles that name one topic, beyond what vaultroad
recognises itself (titles equal but for case, punctuation and spacing, or
linking the same `[[note]]`; see `shared`). Titles are compared as
`shared.shared_key` compares them, so `"postgres"` names `Postgres` too;
two lists that share a title are one topic.

`[tasks] done_dates` (see `done_dates`) writes and removes the Tasks plugin's
done date with each status vaultroad changes on a one-line checklist item,
and reads a `✅` date on a done item as its note's `completed:`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal, get_args

from .discover import IGNORED_DIRS
from .errors import VaultroadError
from .markers import symbol_statuses
from .model import Status

__all__ = ["CONFIG_NAME", "ConfigError", "SharedStatus", "VaultConfig", "load_config"]

CONFIG_NAME = ".vaultroad.toml"
MAPS_FOLDER = "Maps"  # where the maps go unless `maps` says otherwise

# How a shared topic's status travels: "independent" (each roadmap's own),
# or "linked" (finishing it in one roadmap marks it in the others).
SharedStatus = Literal["independent", "linked"]


class ConfigError(VaultroadError):
    """`.vaultroad.toml` is unreadable or holds an unknown key or a bad value."""


@dataclass(frozen=True, slots=True)
class VaultConfig:
    # Globs, relative to the vault root, that name roadmap files.
    roadmaps: tuple[str, ...] = ("Roadmaps/**/*.md",)
    # Folder for topic notes; each roadmap gets a subfolder named by its title.
    notes_folder: str = "Topics"
    # The progress summary note.
    summary: str = "Progress.md"
    # Create stub notes for unresolved [[wikilinks]] in roadmap items.
    stubs: bool = True
    # Folder for each roadmap's map (`<title>.canvas`); None: no maps.
    maps: str | None = MAPS_FOLDER
    # Extra checkbox symbols and what they mean, e.g. {">": "doing"}.
    symbols: Mapping[str, Status] = field(default_factory=dict)
    # `[shared] status`: whether a shared topic's status travels between roadmaps.
    shared_status: SharedStatus = "independent"
    # `[shared] same`: lists of titles that name one topic.
    shared_same: tuple[tuple[str, ...], ...] = ()
    # `[tasks] done_dates`: Obsidian Tasks `✅ YYYY-MM-DD` done dates, written and read.
    tasks_done_dates: bool = False


_KEYS = {
    "roadmaps": 'a list of glob strings, e.g. ["Roadmaps/**/*.md"]',
    "notes_folder": 'a vault-relative folder, e.g. "Topics"',
    "summary": 'a vault-relative note path ending in .md, e.g. "Progress.md"',
    "stubs": "true or false",
    "maps": 'a vault-relative folder, e.g. "Maps", or false for no maps',
    "symbols": 'a table of one-character symbols to statuses, e.g. { ">" = "doing" }',
    "shared": 'a table with the keys status and same, e.g. { status = "linked" }',
    "tasks": "a table with the key done_dates, e.g. { done_dates = true }",
}
_SHARED_KEYS = {
    "status": " or ".join(f'"{value}"' for value in get_args(SharedStatus)),
    "same": 'a list of lists of two or more titles, e.g. [["PostgreSQL", "Postgres"]]',
}
_TASKS_KEYS = {"done_dates": "true or false"}


def _relative(value: object, key: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key} must be {_KEYS[key]}", path=path)
    posix = PurePosixPath(value.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or ":" in value:
        raise ConfigError(f"{key} must stay inside the vault: {value!r}", path=path)
    if key != "roadmaps" and posix.parts and posix.parts[0] in IGNORED_DIRS:
        # Obsidian's settings, its trash, git's store and vaultroad's state
        # are never written by vaultroad, whatever the configuration says.
        raise ConfigError(
            f"{key} must not be inside {posix.parts[0]}/ (vaultroad never writes there): {value!r}",
            path=path,
        )
    return posix.as_posix()


def _parse(data: Mapping[str, Any], path: str) -> VaultConfig:
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise ConfigError(f"unknown key {unknown[0]!r} (known keys: {known})", path=path)
    config: dict[str, Any] = {}
    if "roadmaps" in data:
        globs = data["roadmaps"]
        if isinstance(globs, str):
            globs = [globs]
        if not isinstance(globs, list) or not globs or not all(isinstance(g, str) for g in globs):
            raise ConfigError(f"roadmaps must be {_KEYS['roadmaps']}", path=path)
        config["roadmaps"] = tuple(_relative(g, "roadmaps", path) for g in globs)
    if "notes_folder" in data:
        config["notes_folder"] = _relative(data["notes_folder"], "notes_folder", path)
    if "summary" in data:
        summary = _relative(data["summary"], "summary", path)
        if not summary.endswith(".md"):
            raise ConfigError(f"summary must be {_KEYS['summary']}", path=path)
        config["summary"] = summary
    if "stubs" in data:
        if not isinstance(data["stubs"], bool):
            raise ConfigError(f"stubs must be {_KEYS['stubs']}", path=path)
        config["stubs"] = data["stubs"]
    if "maps" in data:
        maps = data["maps"]
        if isinstance(maps, bool):  # true: the default folder
            config["maps"] = MAPS_FOLDER if maps else None
        else:
            config["maps"] = _relative(maps, "maps", path)
    if "symbols" in data:
        table = data["symbols"]
        if not isinstance(table, dict):
            raise ConfigError(f"symbols must be {_KEYS['symbols']}", path=path)
        try:
            symbols = symbol_statuses(table)
        except ValueError as error:
            raise ConfigError(str(error), path=path) from None
        config["symbols"] = symbols
    if "shared" in data:
        config.update(_shared(data["shared"], path))
    if "tasks" in data:
        config.update(_tasks(data["tasks"], path))
    return VaultConfig(**config)


def _subtable(table: object, name: str, keys: Mapping[str, str], path: str) -> dict[str, Any]:
    """`[name]` as a table of known keys, or the error naming what is wrong with it."""
    if not isinstance(table, dict):
        raise ConfigError(f"{name} must be {_KEYS[name]}", path=path)
    unknown = sorted(set(table) - set(keys))
    if unknown:
        known = ", ".join(sorted(keys))
        raise ConfigError(
            f"unknown key '{name}.{unknown[0]}' (known keys in [{name}]: {known})", path=path
        )
    return table


def _tasks(table: object, path: str) -> dict[str, Any]:
    """The `[tasks]` table as `VaultConfig` fields."""
    table = _subtable(table, "tasks", _TASKS_KEYS, path)
    config: dict[str, Any] = {}
    if "done_dates" in table:
        value = table["done_dates"]
        if not isinstance(value, bool):
            message = f"tasks.done_dates must be {_TASKS_KEYS['done_dates']}, not {value!r}"
            raise ConfigError(message, path=path)
        config["tasks_done_dates"] = value
    return config


def _shared(table: object, path: str) -> dict[str, Any]:
    """The `[shared]` table as `VaultConfig` fields."""
    table = _subtable(table, "shared", _SHARED_KEYS, path)
    config: dict[str, Any] = {}
    if "status" in table:
        if table["status"] not in get_args(SharedStatus):
            raise ConfigError(
                f"shared.status must be {_SHARED_KEYS['status']}, not {table['status']!r}",
                path=path,
            )
        config["shared_status"] = table["status"]
    if "same" in table:
        config["shared_same"] = _same(table["same"], path)
    return config


def _same(value: object, path: str) -> tuple[tuple[str, ...], ...]:
    """`[shared] same`: each list two or more titles, each title one that names something."""
    message = f"shared.same must be {_SHARED_KEYS['same']}"
    if not isinstance(value, list) or not all(isinstance(titles, list) for titles in value):
        raise ConfigError(message, path=path)
    for titles in value:
        if len(titles) < 2 or not all(isinstance(title, str) for title in titles):
            raise ConfigError(f"{message}; got {titles!r}", path=path)
        from .shared import shared_key  # only a vault that lists titles pays for it

        for title in titles:
            # A title of only punctuation would be compared as "": it names
            # no topic, and silently matching nothing would hide the typo.
            if not shared_key(title):
                raise ConfigError(f"shared.same: {title!r} names no topic", path=path)
    return tuple(tuple(titles) for titles in value)


def load_config(root: Path) -> VaultConfig:
    """The vault's configuration: defaults, overridden by `.vaultroad.toml` if present."""
    file = root / CONFIG_NAME
    name = str(file)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return VaultConfig()
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", path=name) from None
    # Imported here: most vaults have no configuration file, and the
    # pre-commit hook's start-up should not pay for a TOML parser it never uses.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 at byte {error.start}", path=name) from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        message = str(error).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {message}", path=name, line=line) from None
    return _parse(data, name)
