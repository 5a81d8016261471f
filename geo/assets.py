"""Front-end files the dashboard serves itself, copied from pip-installed packages.

The browser must never fetch from a CDN (officials often work on a separated network), so
Leaflet comes from ``xstatic-leaflet`` and the Korean font from ``koreanize-matplotlib``
(NanumGothic, SIL Open Font License). They are copied into ``static/``, which Streamlit
serves at ``/app/static/`` when ``server.enableStaticServing`` is on.
"""

from __future__ import annotations

import shutil
import sys
from importlib.resources import files
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

from geo.paths import STATIC_DIR

# URL path under which Streamlit serves STATIC_DIR.
STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")


def font_path(name: str = "NanumGothic.ttf") -> Path:
    """Path of a bundled NanumGothic font file inside the installed package."""
    return Path(str(files("koreanize_matplotlib") / "fonts" / name))


def _sources() -> dict[str, Path]:
    """Every file to serve: its path under ``static/`` and where it comes from."""
    leaflet = Path(xleaflet.BASE_DIR)
    wanted = {f"leaflet/{name}": leaflet / name for name in ("leaflet.js", "leaflet.css")}
    wanted |= {f"leaflet/images/{p.name}": p for p in (leaflet / "images").iterdir()}
    wanted |= {f"fonts/{name}": font_path(name) for name in FONT_FILES}
    return wanted


def ensure_static(target: Path = STATIC_DIR) -> list[Path]:
    """Copy the served files into ``target`` where missing or changed; return those copied."""
    copied = []
    for relative, source in _sources().items():
        destination = target / relative
        if destination.exists() and destination.stat().st_size == source.stat().st_size:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        copied.append(destination)
    return copied


if __name__ == "__main__":
    done = ensure_static(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR)
    print(f"static files: {len(done)} copied into {STATIC_DIR}")
