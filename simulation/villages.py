"""The village clean-heating programme and the coal-stove ban.

Villages join the programme in a random order (the same in every scenario of a seed), a number
a year set by a lever; a joining village's stove households convert, and converted villages stay
coal-free. The coal-stove ban is a dated Mesa event.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Lookup = Callable[[str], float]


class Villages:
    """Which neighbourhoods are joining the programme, which are coal-free, and the ban.

    Attributes:
        order: The order villages join in.
        joining: Per neighbourhood: joins the programme this year.
        coal_free: Per neighbourhood: converted (no coal or straw stoves).
        coal_stoves_banned: New coal stoves are banned city-wide.
    """

    def __init__(self, n_villages: int, n_neighbourhoods: int, rng: np.random.Generator) -> None:
        """Set up the programme: no village has joined yet."""
        self.order = rng.permutation(n_villages)
        self.started = 0
        self.joining = np.zeros(n_neighbourhoods, dtype=bool)
        self.coal_free = np.zeros(n_neighbourhoods, dtype=bool)
        self.coal_stoves_banned = False

    def advance(self, p: Lookup) -> float:
        """Let this year's villages join; return the programme's public cost (yuan)."""
        k = int(p("clean_heating_villages_per_year"))
        joining = self.order[self.started : self.started + k]
        self.started = min(self.started + k, self.order.size)
        self.joining[:] = False
        self.joining[joining] = True
        self.coal_free[joining] = True
        return joining.size * p("village_programme_cost_yuan")

    def ban_coal_stoves(self) -> None:
        """From now on no new coal stove may be installed."""
        self.coal_stoves_banned = True
