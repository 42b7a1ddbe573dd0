"""meetingtui: the facilitator's screen for joint sales + marketing meetings."""

__version__ = "0.1.0"
