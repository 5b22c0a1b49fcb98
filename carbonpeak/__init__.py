"""The ``carbonpeak`` command line, at the top of the house: it imports every layer below it."""
