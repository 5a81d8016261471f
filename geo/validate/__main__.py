"""``python -m geo.validate [DATA_DIR] [--report]``: see ``geo.validate``."""

import sys

from geo.validate import main

sys.exit(main(sys.argv[1:]))
