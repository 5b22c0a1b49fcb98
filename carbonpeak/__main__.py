"""``python -m carbonpeak``: the same as the ``carbonpeak`` console script."""

import sys

from carbonpeak.cli import main

sys.exit(main())
