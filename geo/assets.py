"""Front-end files the dashboard serves itself, copied from pip-installed packages.

The browser must never fetch from a CDN (officials often work on a separated network), so
Leaflet comes from ``xstatic-leaflet`` and the Korean font from ``koreanize-matplotlib``
(NanumGothic, SIL Open Font License). They are copied into ``static/``, which Streamlit
serves at ``/app/static/`` when ``server.enableStaticServing`` is on.

The font is served as WOFF without its VTT source tables (TSI0–TSI5), which Chromium's font
sanitiser rejects, and subset to Latin, punctuation, the symbols officials write (units such as
㎡ and ㎢, ≥, ①, ㈜) and the 2,350 Hangul syllables of KS X 1001: every syllable in everyday use,
at a quarter of the size (0.6 MB instead of 2.4). Every character of the interface's texts and
of the bundled catalogue is kept too, so a rarer syllable in a site's name still shows in
NanumGothic; NanumGothic has no minus sign (U+2212), so the subset draws it with the en dash's
glyph. A planner's own rarer syllable falls back to the system's Korean font.

The map's boundaries are written here too, as content-hashed files under ``maps/`` that the
map's script fetches (``geo.maps.static``; the server writes them itself when they are missing).

``protomaps-leaflet`` (reads the vector tiles of a large uploaded layer) is not on PyPI: its
built file is vendored in ``vendor/protomaps-leaflet/`` with its licence and version, and
copied like the rest.
"""

from __future__ import annotations

import json
import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
from fontTools import subset
from fontTools.ttLib import TTFont

from geo.i18n import TEXTS_FILE
from geo.paths import DEFAULT_DATA_DIR, ROOT, STATIC_DIR

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


# Files whose every character the served font keeps: the interface's texts and the bundled catalogue.
TEXT_SOURCES = (TEXTS_FILE, *sorted(DEFAULT_DATA_DIR.glob("*.csv")), *sorted(DEFAULT_DATA_DIR.glob("*.geojson")))
# Characters NanumGothic lacks, drawn with the glyph of another it has.
GLYPH_ALIASES = {0x2212: 0x2013}  # minus sign: the en dash's glyph


def used_characters(paths=TEXT_SOURCES) -> str:
    """Every character in the files ``paths`` (GeoJSON read as JSON, so ``\\u`` escapes count)."""
    found = set()
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        found |= set(json.dumps(json.loads(text), ensure_ascii=False) if str(path).endswith(".geojson") else text)
    return "".join(sorted(c for c in found if c.isprintable()))


def web_font_characters() -> str:
    """The characters the served font keeps: Latin, symbols, KS X 1001 Hangul, and those of the texts and data."""
    hangul = (bytes([lead, trail]).decode("euc-kr") for lead in range(0xB0, 0xC9) for trail in range(0xA1, 0xFF))
    ranges = [
        (0x20, 0x7F),
        (0xA0, 0x100),
        (0x2000, 0x2070),
        (0x2100, 0x2300),  # letterlike symbols (℃ №), number forms (Ⅱ), arrows, maths (≤ ≥ ∼ ⋯)
        (0x2460, 0x2500),  # enclosed numbers (① ⑵)
        (0x25A0, 0x2600),
        (0x3000, 0x3040),
        (0x3130, 0x3190),
        (0x3200, 0x3400),  # enclosed CJK (㈜) and the CJK compatibility units (㎡ ㎢ ㎞ ㎏)
    ]
    symbols = "".join(chr(c) for low, high in ranges for c in range(low, high))
    return "".join(hangul) + symbols + used_characters()


def write_web_font(source: Path, destination: Path) -> None:
    """Save a TTF as a subset WOFF without the VTT tables that browsers refuse."""
    font = TTFont(source)
    for table in VTT_TABLES:
        if table in font:
            del font[table]
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update(
                {a: table.cmap[b] for a, b in GLYPH_ALIASES.items() if a not in table.cmap and b in table.cmap}
            )
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
        # A font subset also follows what it keeps (this module, the texts and the data).
        inputs = [source, *([Path(__file__), *TEXT_SOURCES] if destination.suffix == ".woff" else [])]
        if destination.exists() and destination.stat().st_mtime >= max(p.stat().st_mtime for p in inputs):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.suffix == ".woff":
            write_web_font(source, destination)
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


def ensure_maps(target: Path = STATIC_DIR) -> list[Path]:
    """Write the map's boundary files (``geo.maps.static``) into ``target`` where missing; return those written."""
    from geo.maps import static

    return static.publish(static.boundary_files(), target)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR
    print(f"static files: {len(ensure_static(folder)) + len(ensure_maps(folder))} written into {folder}")
