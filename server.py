"""Start the dashboard with its caches built at start: ``python server.py [streamlit run options]``.

``streamlit run dashboard.py`` runs none of the dashboard until the first visitor opens it, so
that visitor would wait while the boundaries are simplified, the catalogue is checked and the
first map is rendered. This runs the same server in the same way (``streamlit run`` with the
options given) and, in a thread of the same process, fills the caches the pages use
(``ui.warm``) while the server starts. A visitor who arrives before that is done waits for the
same cache entries instead of building them a second time.
"""

import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def warm() -> None:
    """Build the shared caches once (in the background: the server does not wait for it)."""
    import ui

    ui.warm()


def main() -> int:
    from streamlit.web import cli

    sys.path.insert(0, str(ROOT))
    threading.Thread(target=warm, name="warm-start", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
