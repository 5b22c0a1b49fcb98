"""The Mesa model of Baicheng: world set-up, yearly steps, energy and emissions accounting."""

from simulation.model import CityModel
from simulation.peak import Peak, detect_peak

__all__ = ["CityModel", "Peak", "detect_peak"]
