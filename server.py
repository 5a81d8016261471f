"""Start the dashboard with its caches built at start: ``python server.py [streamlit run options]``.

``streamlit run dashboard.py`` runs none of the dashboard until the first visitor opens it, so
that visitor would wait while the boundaries are simplified, the catalogue is checked and the
default map is rendered. This fills those caches first (``ui.warm``, a few seconds) and then runs
the same server in the same process, in the same way (``streamlit run`` with the options given).
The server answers ``/_stcore/health`` only once they are built, so ``deploy/serve.py`` and a
Kubernetes readiness probe send no visitor to a cold process.
"""

import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def warm() -> None:
    """Build the shared caches once, before the server starts (Streamlit's caches live in the process)."""
    import logging

    # Outside a script run Streamlit warns once per cached call that there is no run context: expected here.
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        import ui

        ui.warm()
    finally:
        quiet.setLevel(level)
    # streamlit-folium declares its component when imported, but registers it with the server only
    # inside a script run: imported here, before there is a server, it would stay unknown and the
    # map's iframe would find nothing. Forget it, so that the first page to use it imports it again.
    sys.modules.pop("streamlit_folium", None)


def log_to_stderr() -> None:
    """The dashboard's own log lines (the layer store's outages and recoveries) on the server's stderr, with a time."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("axbelt")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main() -> int:
    from streamlit.web import cli

    sys.path.insert(0, str(ROOT))
    log_to_stderr()
    warm()
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC). The
    # modules and caches built so far live as long as the process: freezing them keeps each of those
    # collections from walking them again (it cost ~60 ms a run, about as much as the run itself).
    gc.freeze()
    # No source-file watcher: it rescans every loaded module after each run and polls in the
    # background, for a developer's edits. (Given options come after these, so they win.)
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), "--server.fileWatcherType", "none", *sys.argv[1:]]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
