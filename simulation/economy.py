"""GDP from the economy's parts: agriculture, services, industry's firm classes, new industry.

Agriculture and services grow at exogenous rates; industrial value added is what the firm
classes and the new-industry agents produce, so new plants add to GDP and retired capacity
takes from it, and CO2 per unit of GDP sees both.
"""

from __future__ import annotations

from collections.abc import Callable

from parameters.units import YUAN_PER_BN

Lookup = Callable[[str], float]


class Economy:
    """The city's value added by sector (yuan).

    Attributes:
        growth_rate: This year's real growth of the non-industrial economy, which also drives
            industrial output through its elasticity.
        agriculture: Primary-sector value added.
        services: Tertiary-sector value added.
        industry: Secondary-sector value added of the firm classes (set each year).
        new_industry: Value added of the plan's new industry (set each year).
    """

    def __init__(self, p: Lookup) -> None:
        """The 2020 economy: GDP split by the registry's sector shares."""
        gdp = p("gdp_2020_bn_yuan") * YUAN_PER_BN
        self.growth_rate = 0.0
        self.agriculture = gdp * p("primary_share_2020")
        self.services = gdp * (1 - p("primary_share_2020") - p("secondary_share_2020"))
        self.industry = gdp * p("secondary_share_2020")
        self.new_industry = 0.0

    @staticmethod
    def industry_value_added_2020(p: Lookup) -> float:
        """The secondary sector's 2020 value added (yuan), shared out to the firm classes."""
        return p("gdp_2020_bn_yuan") * YUAN_PER_BN * p("secondary_share_2020")

    def advance(self, p: Lookup, year: int) -> None:
        """Grow agriculture and services one year; growth slows from ``gdp_slowdown_start_year``."""
        slowdown = p("gdp_growth_slowdown_per_year") * max(0, year - p("gdp_slowdown_start_year"))
        self.growth_rate = max(0.0, p("gdp_growth_rate") - slowdown)
        self.services *= 1 + self.growth_rate
        self.agriculture *= 1 + p("agriculture_growth_rate")

    @property
    def gdp(self) -> float:
        """Gross domestic product (yuan)."""
        return self.agriculture + self.services + self.industry + self.new_industry
