"""The forecast of roadmap files, for `vaultroad status`: each from its vault's history.

A roadmap's history is the one the sync state of its vault keeps
(`.vaultroad/state.db`, read only: `status` never writes). A roadmap outside
any vault, or in a vault never synced, has none, and its forecast says so.

Made as of the day passed in (`status` passes today), so unlike the summary
note it tells when the pace has dropped since the last change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from .forecast import Forecast, forecast
from .history import EMPTY, History
from .model import Roadmap
from .progress import Progress
from .state_db import StateStore
from .targets import vault_around
from .vault import Vault

__all__ = ["roadmap_forecasts"]


def roadmap_forecasts(roadmaps: Sequence[tuple[Path, Roadmap]], today: dt.date) -> list[Forecast]:
    """The forecast of each (path, tree) of `roadmaps`, as of `today`, in their order."""
    vaults: dict[Path, Vault | None] = {}
    histories: dict[Path, dict[str, History]] = {}
    found = []
    for path, tree in roadmaps:
        history = EMPTY
        folder = path.resolve().parent
        if folder not in vaults:
            vaults[folder] = vault_around(path)
        vault = vaults[folder]
        if vault is not None:
            if vault.root not in histories:
                with StateStore(vault.state_dir, readonly=True) as store:
                    histories[vault.root] = store.histories()
            try:
                relative = vault.relative(path.resolve())
            except ValueError:
                relative = ""
            history = histories[vault.root].get(relative, EMPTY)
        counts = Progress.of(tree.topics())
        found.append(
            forecast(
                history,
                left=counts.todo + counts.doing,
                started=counts.total > counts.todo,
                as_of=today,
            )
        )
    return found
