"""``python -m geo.industry``: the whole table as CSV on standard output."""

import sys

from geo.industry import main

sys.exit(main())
