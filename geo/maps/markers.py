"""The belt's sites on the map: one marker per site, shaped by stage and coloured by main sector.

Markers are SVG in a ``DivIcon``, with the site's name for screen readers inside; sites that
share a point are fanned out in screen pixels, markers that would cover each other at a zoom
are pushed apart there (`spread_points`), and a site whose location error is large gets a
quiet circle of that radius. `clicked_site` maps a click back to its site.
"""

from __future__ import annotations

import html
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.catalogue import SITE_STATUSES, by_id
from geo.detail import location_text
from geo.i18n import display_name, names, t
from geo.maps.scripts import SwitchableLayer
from geo.vocabulary import HOLLOW_STATUSES

# Marker shape by value-chain stage, as SVG paths in a 24×24 box. Shapes differ in outline,
# not only in colour, so the stage reads in greyscale print and for colour-blind viewers.
STAGE_SHAPES: dict[str, str] = {
    "energy": "M12 2 L22 21 L2 21 Z",  # triangle
    "compute": "M3 3 H21 V21 H3 Z",  # square
    "rnd": "M12 2 A10 10 0 1 1 11.99 2 Z",  # circle
    "testbed": "M12 1 L23 12 L12 23 L1 12 Z",  # diamond
    "application": "M12 1.5 L21.5 7 V17 L12 22.5 L2.5 17 V7 Z",  # hexagon
    "hub": "M12 1.5 L14.9 8.6 L22.5 9.2 L16.7 14.1 L18.5 21.5 L12 17.5 L5.5 21.5 L7.3 14.1 L1.5 9.2 L9.1 8.6 Z",  # star
}
# How a site is drawn in a year view (geo.timeline phases): fill, edge colour (None: the sector's),
# edge dashes and opacity. Each differs in outline, not only in colour; a plan and a site of unknown
# year are faint, so neither reads as a fact.
FAINT_GREY = "#8a9099"
PHASE_LOOKS: dict[str, tuple[str | None, str | None, str, float]] = {
    "operating": (None, "#ffffff", "", 1.0),
    "under_construction": ("#ffffff", None, "", 1.0),
    "planned": ("#ffffff", None, "3 2", 1.0),
    "proposed": ("#ffffff", None, "3 2", 1.0),
    "planned_open": (None, "#ffffff", "1 2", 0.45),
    "unknown": ("#ffffff", FAINT_GREY, "1 2", 0.6),
    "not_announced": ("#ffffff", FAINT_GREY, "1 3", 0.3),
}
# 24 px: the smallest pointer target WCAG 2.2 (2.5.8) allows without spacing.
MARKER_PX = 24
HIGHLIGHT_PX = 34
# Sites that share an estimated point (five sit at 첨단3지구) are fanned out on a small
# circle so that each can be seen and clicked; the tooltip still says the point is estimated.
FAN_RADIUS_PX = 15
# At belt zoom the sites of central Gwangju lie a few pixels apart, so one marker would hide
# another and a click would open its neighbour. At each of the map's zoom steps (SPREAD_ZOOMS)
# markers are pushed apart on screen until no two centres are closer than SPREAD_SHARE of the
# larger marker's size (a marker is a square box, so the diagonal needs more than half of it);
# zoomed in, where no markers touch, every marker is back at its place.
SPREAD_SHARE = 0.8
SPREAD_ZOOMS = tuple(z / 2 for z in range(12, 31))  # the map's zoom steps, 6 to 15
SPREAD_ROUNDS = 400
# A dark edge round every marker: some sector colours (orange, sky blue, pink) are under 3:1 on the land.
MARKER_EDGE = "#1d2430"
# Sites whose location error is over this (metres) show their error circle.
UNCERTAINTY_MIN_M = 1000
UNCERTAINTY_COLOUR = "#5a6270"


def marker_svg(stage: str, colour: str, hollow: bool, size: int = MARKER_PX) -> str:
    """An SVG marker: shape by stage, fill by sector colour; hollow when not yet built."""
    path = STAGE_SHAPES.get(stage, STAGE_SHAPES["rnd"])
    fill, stroke, dash = ("#ffffff", colour, ' stroke-dasharray="3 2"') if hollow else (colour, "#ffffff", "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
        'overflow="visible" aria-hidden="true">'
        f'<path d="{path}" fill="{MARKER_EDGE}" stroke="{MARKER_EDGE}" stroke-width="4.2" stroke-linejoin="round"/>'
        f'<path d="{path}" fill="{fill}" stroke="{stroke}" stroke-width="2.2"{dash}/></svg>'
    )


def phase_svg(stage: str, colour: str, phase: str, size: int = MARKER_PX) -> str:
    """A marker as it stood in a year (``PHASE_LOOKS``): filled if running, hollow while built, faint as a plan."""
    fill, stroke, dash, opacity = PHASE_LOOKS.get(phase, PHASE_LOOKS["unknown"])
    fill, stroke = fill or colour, stroke or colour
    path = STAGE_SHAPES.get(stage, STAGE_SHAPES["rnd"])
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    edge = MARKER_EDGE if opacity == 1.0 else FAINT_GREY
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24" '
        f'overflow="visible" aria-hidden="true" opacity="{opacity:g}">'
        f'<path d="{path}" fill="{edge}" stroke="{edge}" stroke-width="4.2" stroke-linejoin="round"/>'
        f'<path d="{path}" fill="{fill}" stroke="{stroke}" stroke-width="2.2"{dashes}/></svg>'
    )


def phase_text(phase: str, lang: str) -> str:
    """A year view's phase in words: a status's name, or 운영 예정 (계획) / 연도 미상 / 아직 발표 전."""
    return t(f"status_{phase}" if phase in SITE_STATUSES else f"phase_{phase}", lang)


def year_legend_html(year: int, lang: str, ghosts: bool = False) -> str:
    """The key of a year view's markers: how each phase is drawn, under "2027년의 모습"."""
    rows = [
        ("operating", t("status_operating", lang)),
        ("under_construction", t("legend_phase_construction", lang)),
        ("planned", t("legend_phase_planned", lang)),
        ("planned_open", t("legend_phase_plan", lang)),
        ("unknown", t("legend_phase_unknown", lang)),
        *([("not_announced", t("phase_not_announced", lang))] if ghosts else []),
    ]
    body = "".join(
        f'<div class="lg-row">{phase_svg("rnd", "#555555", phase, 16)}{html.escape(label)}</div>'
        for phase, label in rows
    )
    title = html.escape(t("legend_year", lang).format(year=year))
    return f'<div class="belt-legend panel compact year-legend"><div class="lg-title">{title}</div>{body}</div>'


# Results of the two pure layout steps below, by their inputs: a view that draws the same sites again
# (a year step that changes only how they are drawn, a filter undone) lays them out once.
_LAYOUTS: OrderedDict = OrderedDict()
_LAYOUTS_MAX = 256
_LAYOUTS_LOCK = threading.Lock()


def _remembered(key: tuple, work):
    """``work()``, or what it gave for ``key`` before (bounded; the caller copies what it changes)."""
    with _LAYOUTS_LOCK:
        if key in _LAYOUTS:
            _LAYOUTS.move_to_end(key)
            return _LAYOUTS[key]
    found = work()
    with _LAYOUTS_LOCK:
        _LAYOUTS[key] = found
        while len(_LAYOUTS) > _LAYOUTS_MAX:
            _LAYOUTS.popitem(last=False)
    return found


def fan_offsets(sites: gpd.GeoDataFrame, radius: int = FAN_RADIUS_PX) -> pd.DataFrame:
    """Pixel offsets that fan out markers sharing a point; (0, 0) for a site alone.

    Offsets are in screen pixels, so the fan stays readable at every zoom while each marker
    keeps its true coordinates (flows, clicks and exports use the real point).
    """
    key = ("fan", radius, tuple(sites.index), tuple(sites["id"]), sites.geometry.y.round(4).to_numpy().tobytes())
    key += (sites.geometry.x.round(4).to_numpy().tobytes(),)
    return _remembered(key, lambda: _fan_offsets(sites, radius)).copy()


def _fan_offsets(sites: gpd.GeoDataFrame, radius: int) -> pd.DataFrame:
    """``fan_offsets``, computed."""
    out = pd.DataFrame({"dx": 0, "dy": 0}, index=sites.index)
    key = [sites.geometry.y.round(4), sites.geometry.x.round(4)]
    for _, group in sites.groupby(key):
        if len(group) < 2:
            continue
        for k, index in enumerate(sorted(group.index, key=lambda i: sites.at[i, "id"])):
            angle = 2 * math.pi * k / len(group) - math.pi / 2
            out.loc[index, ["dx", "dy"]] = round(radius * math.cos(angle)), round(radius * math.sin(angle))
    return out


def spread_points(
    x: np.ndarray, y: np.ndarray, radius: np.ndarray, share: float = SPREAD_SHARE
) -> tuple[np.ndarray, np.ndarray]:
    """Marker centres (screen pixels) pushed apart until no two are closer than ``share`` of the larger's size.

    Each round moves every marker away from those too close to it, by half of what is
    missing between them (markers on one point part along fixed directions), until none is.

    >>> x, y = spread_points(np.array([0.0, 0.0, 100.0]), np.zeros(3), np.array([12.0, 12.0, 12.0]))
    >>> bool(np.hypot(x[1] - x[0], y[1] - y[0]) >= 0.72 * 24), (float(x[2]), float(y[2]))
    (True, (100.0, 0.0))
    """
    x, y, radius = np.array(x, float), np.array(y, float), np.asarray(radius, float)
    key = ("spread", share, x.tobytes(), y.tobytes(), radius.tobytes())
    found = _remembered(key, lambda: _spread_points(x, y, radius, share))
    return found[0].copy(), found[1].copy()


def _spread_points(x: np.ndarray, y: np.ndarray, radius: np.ndarray, share: float) -> tuple[np.ndarray, np.ndarray]:
    """``spread_points``, computed."""
    x, y = x.copy(), y.copy()
    size = 2 * radius
    # Pushed towards a pixel more than needed, and done once every pair is within a quarter pixel of
    # that: the relaxation only approaches its target, it would never quite reach it.
    need = share * np.maximum.outer(size, size) + 1
    n = len(x)
    order = np.arange(n)
    # A fixed direction for each pair on one point: i → j opposite to j → i.
    angle = 2.399963 * (order[:, None] + order[None, :])
    sign = np.sign(order[None, :] - order[:, None])
    for _ in range(SPREAD_ROUNDS):
        dx, dy = x[None, :] - x[:, None], y[None, :] - y[:, None]
        d = np.hypot(dx, dy)
        close = (d < need - 0.25) & (sign != 0)
        if not close.any():
            break
        same = d < 1e-6
        ux = np.where(same, np.cos(angle) * sign, dx / np.where(same, 1, d))
        uy = np.where(same, np.sin(angle) * sign, dy / np.where(same, 1, d))
        push = np.where(close, (need - d) / 2, 0.0)
        x -= 1.0 * (push * ux).sum(axis=1)
        y -= 1.0 * (push * uy).sum(axis=1)
    return x, y


def site_tooltip(site: pd.Series, sector_names: dict[str, str], lang: str) -> str:
    """The tooltip of a site: escaped name, sectors, and a note when the point is estimated."""
    name = html.escape(display_name(site, lang))
    sectors = html.escape(" · ".join(sector_names.get(s, s) for s in site["sectors"]))
    note = f"<br><i>{html.escape(location_text(site, lang))}</i>" if site["coord_precision"] == "estimated" else ""
    # A proposal says so wherever it is drawn, the what-if scenario included (geo.scenario).
    proposal = f"<br><b>{html.escape(t('scn_proposed_tooltip', lang))}</b>" if site.get("status") == "proposed" else ""
    # In a year view, how the site stood that year (a plan or an unknown year said in words).
    phase = f"<br>{html.escape(phase_text(site['phase'], lang))}" if "phase" in site.index else ""
    return f"<b>{name}</b><br>{sectors}{phase}{note}{proposal}"


def sector_layers(
    sites: gpd.GeoDataFrame,
    sectors: pd.DataFrame,
    lang: str,
    highlight: Iterable[str] = (),
    site_names: Mapping[str, list[folium.Marker]] | None = None,
    spread: Mapping[str, Mapping[float, tuple[int, int]]] | None = None,
) -> list[folium.FeatureGroup]:
    """One layer per sector with the markers of the sites whose main sector it is.

    A site's main sector is the first of its ``sectors``; its colour and layer follow it, and
    its tooltip lists all of them. Highlighted sites are drawn larger. A site's name labels
    (``site_names``, see `name_markers`) go in its sector's layer, so they hide with it.
    ``spread`` (`geo.maps.names.marker_spread`) gives each marker's offset per zoom step, which
    the map's `SpreadMarkers` script applies after each zoom.
    """
    spread = spread or {}
    site_names = site_names or {}
    colours = by_id(sectors, "colour")
    sector_names = names(sectors, lang)
    offsets = fan_offsets(sites)
    highlight = set(highlight)
    layers = []
    for sector_id in sectors["id"]:
        swatch = f'<span class="lg-swatch" style="background:{colours[sector_id]}"></span>'
        layer = SwitchableLayer(swatch + html.escape(sector_names[sector_id]), sector_id)
        members = sites[sites["sectors"].str[0] == sector_id]
        for index, site in members.iterrows():
            big = site["id"] in highlight
            dx, dy = int(offsets.at[index, "dx"]), int(offsets.at[index, "dy"])
            size = HIGHLIGHT_PX if big else MARKER_PX
            phase = site["phase"] if "phase" in site.index else None
            if phase is None:
                svg = marker_svg(site["stage"], colours[sector_id], site["status"] in HOLLOW_STATUSES, size)
            else:
                svg = phase_svg(site["stage"], colours[sector_id], phase, size)
            for label in site_names.get(site["id"], ()):
                label.add_to(layer)
            svg += marker_name(site, lang, spread.get(site["id"]))
            folium.Marker(
                location=(site.geometry.y, site.geometry.x),
                icon=folium.DivIcon(
                    html=svg,
                    icon_size=(size, size),
                    icon_anchor=(size // 2 - dx, size // 2 - dy),
                    class_name=f"site-marker sector-{sector_id}"
                    + (" highlighted" if big else "")
                    + (f" phase-{phase}" if phase else ""),
                ),
                tooltip=folium.Tooltip(site_tooltip(site, sector_names, lang), sticky=False),
            ).add_to(layer)
        layers.append(layer)
    return layers


def marker_name(site: pd.Series, lang: str, spread: Mapping[float, tuple[int, int]] | None = None) -> str:
    """The marker's accessible name: the site's full name for screen readers, with its id for the keyboard script.

    ``spread`` (zoom step → pixel offset) goes with it as ``data-spread`` for `SpreadMarkers`.
    """
    name = html.escape(display_name(site, lang))
    offsets = ""
    if spread:
        offsets = f' data-spread="{html.escape(json.dumps({f"{z:.1f}": list(o) for z, o in spread.items()}))}"'
    return f'<span class="sr-only" data-site="{html.escape(site["id"])}"{offsets}>{name}</span>'


def uncertainty_layer(sites: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Light dashed circles of the location error of sites whose error is over 1 km.

    They are not interactive (no tooltip, no click, no tab stop): they only show how far the
    real place may be from the pin. Not in the layer switcher; they follow the markers shown.
    """
    layer = folium.FeatureGroup(name="uncertainty", control=False, show=True)
    errors = pd.to_numeric(sites.get("coord_error_m", pd.Series(index=sites.index, dtype=float)), errors="coerce")
    for index, site in sites[errors > UNCERTAINTY_MIN_M].iterrows():
        circle = folium.Circle(
            location=(site.geometry.y, site.geometry.x),
            radius=float(errors[index]),
            color=UNCERTAINTY_COLOUR,
            weight=1,
            opacity=0.6,
            dash_array="4 4",
            fill=True,
            fill_color=UNCERTAINTY_COLOUR,
            fill_opacity=0.05,
        )
        circle.options.update({"interactive": False, "className": "site-uncertainty"})
        circle.add_to(layer)
    return layer


def clicked_site(sites: gpd.GeoDataFrame, lat: float, lng: float, tooltip: str | None) -> str | None:
    """The id of the site whose marker was clicked, from the click's point and tooltip text.

    Fanned-out markers share a point, so the tooltip (which starts with the site's name)
    tells them apart.
    """
    here = sites[((sites.geometry.y - lat).abs() < 1e-6) & ((sites.geometry.x - lng).abs() < 1e-6)]
    if len(here) > 1 and tooltip:
        named = here[[tooltip.startswith(n) for n in here["name_ko"]] or [False] * len(here)]
        named = named if len(named) else here[[tooltip.startswith(n) for n in here["name_en"]]]
        here = named if len(named) else here
    return here["id"].iloc[0] if len(here) else None
