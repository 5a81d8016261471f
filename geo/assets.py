"""Front-end files the dashboard serves itself, copied from pip-installed packages.

The browser must never fetch from a CDN (officials often work on a separated network), so
Leaflet comes from ``xstatic-leaflet`` and the Korean font from ``koreanize-matplotlib``
(NanumGothic, SIL Open Font License). They are copied into ``static/``, which Streamlit
serves at ``/app/static/`` when ``server.enableStaticServing`` is on.

The font is served as WOFF without its VTT source tables (TSI0–TSI5), which Chromium's font
sanitiser rejects, and subset to Latin, punctuation and the 2,350 Hangul syllables of
KS X 1001: every syllable in everyday use, at a quarter of the size (0.6 MB instead of 2.4).
A rarer syllable falls back to the system's Korean font.

``protomaps-leaflet`` (reads the vector tiles of a large uploaded layer) is not on PyPI: its
built file is vendored in ``vendor/protomaps-leaflet/`` with its licence and version, and
copied like the rest.
"""

from __future__ import annotations

import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
from fontTools import subset
from fontTools.ttLib import TTFont

from geo.paths import ROOT, STATIC_DIR

# URL path under which Streamlit serves STATIC_DIR.
STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/leaflet/leaflet.css"
PROTOMAPS_JS = f"{STATIC_URL}/vendor/protomaps-leaflet.js"
VENDOR_DIR = ROOT / "vendor"
FAVICON = STATIC_DIR / "leaflet" / "images" / "marker-icon.png"
WEB_FONTS = {"NanumGothic.woff": "NanumGothic.ttf", "NanumGothicBold.woff": "NanumGothicBold.ttf"}
VTT_TABLES = ("TSI0", "TSI1", "TSI2", "TSI3", "TSI5")


def font_path(name: str = "NanumGothic.ttf") -> Path:
    """Path of a bundled NanumGothic font file inside the installed package.

    The package is located, not imported: importing it rewrites matplotlib's global settings.
    """
    spec = find_spec("koreanize_matplotlib")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts" / name


def _sources() -> dict[str, Path]:
    """Every file to serve: its path under ``static/`` and where it comes from."""
    leaflet = Path(xleaflet.BASE_DIR)
    wanted = {f"leaflet/{name}": leaflet / name for name in ("leaflet.js", "leaflet.css")}
    wanted |= {f"leaflet/images/{p.name}": p for p in (leaflet / "images").iterdir()}
    wanted |= {f"fonts/{web}": font_path(ttf) for web, ttf in WEB_FONTS.items()}
    wanted["vendor/protomaps-leaflet.js"] = VENDOR_DIR / "protomaps-leaflet" / "protomaps-leaflet.js"
    return wanted


def web_font_characters() -> str:
    """The characters the served font keeps: Latin, common symbols, and the KS X 1001 Hangul."""
    hangul = (bytes([lead, trail]).decode("euc-kr") for lead in range(0xB0, 0xC9) for trail in range(0xA1, 0xFF))
    ranges = [
        (0x20, 0x7F),
        (0xA0, 0x100),
        (0x2000, 0x2070),
        (0x2190, 0x2200),
        (0x25A0, 0x2600),
        (0x3000, 0x3040),
        (0x3130, 0x3190),
    ]
    return "".join(hangul) + "".join(chr(c) for low, high in ranges for c in range(low, high))


def write_web_font(source: Path, destination: Path) -> None:
    """Save a TTF as a subset WOFF without the VTT tables that browsers refuse."""
    font = TTFont(source)
    for table in VTT_TABLES:
        if table in font:
            del font[table]
    subsetter = subset.Subsetter(subset.Options(layout_features=["*"]))
    subsetter.populate(text=web_font_characters())
    subsetter.subset(font)
    font.flavor = "woff"
    font.save(destination)


def ensure_static(target: Path = STATIC_DIR) -> list[Path]:
    """Copy the served files into ``target`` where missing or older; return those written."""
    written = []
    for relative, source in _sources().items():
        destination = target / relative
        if destination.exists() and destination.stat().st_mtime >= source.stat().st_mtime:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.suffix == ".woff":
            write_web_font(source, destination)
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR
    print(f"static files: {len(ensure_static(folder))} written into {folder}")
