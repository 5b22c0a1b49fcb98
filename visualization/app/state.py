"""Per-session state of the web app.

Solara keeps a separate value of each `solara.reactive` for every browser session (kernel), so
these module-level names hold one user's state each, never shared. Everything stored is
immutable (`Settings`, tuples), and what a session can hold is bounded: three pinned settings.
"""

from __future__ import annotations

import solara

from visualization.app.settings import Settings
from visualization.i18n import Lang

MAX_PINS = 3

#: Interface language.
lang: solara.Reactive[Lang] = solara.reactive("zh")
#: The setting being explored.
settings: solara.Reactive[Settings] = solara.reactive(Settings())
#: Pinned settings to compare: ((name, settings), ...), at most MAX_PINS.
pins: solara.Reactive[tuple[tuple[str, Settings], ...]] = solara.reactive(())
#: Problems met when a link's settings were applied (shown once).
link_problems: solara.Reactive[tuple[str, ...]] = solara.reactive(())
#: Whether the link in the address bar has been read in this session.
link_read: solara.Reactive[bool] = solara.reactive(False)
#: Estimates finished in this session (the compare tab shows their probabilities).
estimates_done: solara.Reactive[int] = solara.reactive(0)
