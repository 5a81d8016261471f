"""The map's look: its CSS (the page's and the presenter's) and the legend in plain HTML.

The CSS sits in the map frame's header (`geo.maps.build.base_map`); the legend folds away
with no script, over the map or beside it.
"""

from __future__ import annotations

import html

import pandas as pd

from geo.assets import STATIC_URL
from geo.catalogue import LINK_KINDS
from geo.i18n import name_column, t
from geo.maps.flows import FLOW_COLOURS, flow_label
from geo.maps.markers import marker_svg
from geo.maps.names import level_css
from geo.vocabulary import FONT_STACK


def legend_html(
    sectors: pd.DataFrame,
    stages: pd.DataFrame,
    lang: str,
    folded: bool = False,
    panel: bool = False,
    compact: bool = False,
) -> str:
    """A categorical legend in plain HTML/CSS: sector colours, stage shapes, link kinds.

    It is a ``<details>`` element, so it folds away without any script. ``panel`` lays it out
    in the page beside the map instead of floating over the map. ``compact`` sets it in smaller
    type and folds the hollow-marker row, the link kinds and the notes under "more", so the key
    of colours and shapes fits on a first screen.
    """

    def row(symbol: str, label: str) -> str:
        return f'<div class="lg-row">{symbol}{html.escape(label)}</div>'

    sector_rows = [
        row(f'<span class="lg-swatch" style="background:{s["colour"]}"></span>', s[name_column(lang)])
        for _, s in sectors.iterrows()
    ]
    stage_rows = [row(marker_svg(s["id"], "#555555", False, 16), s[name_column(lang)]) for _, s in stages.iterrows()]
    hollow = row(marker_svg("rnd", "#555555", True, 16), t("legend_status", lang))
    if not compact:
        stage_rows.append(hollow)
    flow_rows = [
        row(f'<span class="lg-line" style="background:{FLOW_COLOURS[k]}"></span>', flow_label(k, lang))
        for k in LINK_KINDS
    ]
    # How evidence and location error are drawn: full-width rows under the link kinds.
    notes = row('<span class="lg-dash"></span>', t("legend_derived", lang)) + row(
        '<span class="lg-circle"></span>', t("legend_uncertainty", lang)
    )
    sectors_html = f'<div class="lg-sectors">{"".join(sector_rows)}</div>'
    flows_html = f'<div class="lg-title">{t("legend_flows", lang)}</div><div class="lg-grid">{"".join(flow_rows)}</div>'
    if compact:
        more = f"{hollow}{flows_html}{notes}"
        flows_html = f'<details class="lg-more"><summary>{t("legend_more", lang)}</summary>{more}</details>'
        notes = ""
    classes = "belt-legend" + (" panel" if panel else "") + (" compact" if compact else "")
    return (
        f'<details class="{classes}"{"" if folded else " open"}>'
        f"<summary>{t('legend', lang)}</summary>"
        f'<div class="lg-title">{t("legend_sectors", lang)}</div>{sectors_html}'
        f'<div class="lg-title">{t("legend_stages", lang)}</div><div class="lg-grid">{"".join(stage_rows)}</div>'
        f"{flows_html}{notes}</details>"
    )


MAP_CSS = (
    "<style>"
    f"@font-face{{font-family:'NanumGothic';src:url('{STATIC_URL}/fonts/NanumGothic.woff')}}"
    f"@font-face{{font-family:'NanumGothic';font-weight:700;src:url('{STATIC_URL}/fonts/NanumGothicBold.woff')}}"
    f".leaflet-container,.leaflet-tooltip{{font:14px/1.35 {FONT_STACK}}}"
    f".leaflet-control-layers{{font:13px/1.25 {FONT_STACK}}}"
    ".leaflet-control-layers label{margin:1px 0}.leaflet-control-layers-separator{margin:3px 0}"
    ".belt-legend,.belt-choro{background:rgba(255,255,255,.95);padding:8px 12px;border-radius:6px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);color:#1d2430;font:14px/1.35 " + FONT_STACK + "}"
    ".belt-legend{position:absolute;z-index:1000;bottom:22px;left:10px;max-width:340px;max-height:calc(100% - 120px);"
    "overflow:auto}.belt-legend summary{font-weight:700;cursor:pointer}"
    ".belt-legend.panel{position:static;max-width:none;max-height:none;box-shadow:none;border:1px solid #dcdfe4}"
    ".belt-legend .lg-grid{display:grid;grid-template-columns:1fr 1fr;column-gap:10px}"
    ".belt-legend.compact{padding:5px 10px;font-size:13px;line-height:1.25}"
    ".belt-legend.compact .lg-title{margin:4px 0 1px}.belt-legend.compact .lg-row{margin:1px 0}"
    ".belt-legend .lg-more summary{font-weight:700;cursor:pointer;margin-top:4px}"
    ".lg-title{font-weight:700;margin:6px 0 3px}"
    ".lg-row{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".lg-swatch{width:14px;height:14px;border-radius:3px;display:inline-block;flex:none;"
    "box-shadow:inset 0 0 0 1px rgba(0,0,0,.25)}"  # the white "0" class needs an edge
    ".lg-line{width:18px;height:4px;border-radius:2px;display:inline-block;flex:none}"
    ".lg-dash{width:18px;height:0;border-top:3px dashed #6b7280;opacity:.7;display:inline-block;flex:none}"
    ".lg-circle{width:14px;height:14px;border-radius:50%;border:1px dashed #5a6270;background:rgba(90,98,112,.08);"
    "display:inline-block;flex:none}"
    ".belt-choro{padding:5px 8px;font-size:13px;max-width:210px}"
    # The title above its drop-down: the switch stays narrow (~150 px), clear of 새만금's markers at belt zoom
    # on a 1280-px-wide screen (tests/browser/test_official_browser.py).
    ".belt-choro .choro-title{font-weight:700;display:flex;flex-direction:column;gap:2px;align-items:flex-start;"
    "cursor:pointer}"
    ".belt-choro select{font:inherit;font-weight:400;padding:1px 2px;max-width:130px}"
    ".belt-choro .choro-legend .lg-row{font-size:12.5px;margin:1px 0}"
    ".belt-choro .choro-legend:empty{display:none}"
    # The planner's layer's count per 시군구 is offered only while the layer is on the map (geo/planner/overlay.js).
    ".belt-choro option.choro-uploaded{display:none}.ax-has-upload .belt-choro option.choro-uploaded{display:block}"
    ".site-marker{background:none;border:none}.flow-arrow{background:none;border:none}"
    ".site-marker.highlighted{z-index:900!important}"
    # Names: the served NanumGothic first, the font their boxes were measured in (geo.labels).
    ".site-name{display:none;background:none;border:none;font-family:'NanumGothic',sans-serif;font-weight:700;"
    "line-height:1.2;color:#1d2430;white-space:nowrap;pointer-events:none;"
    "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}"
    ".site-name.name-left,.site-name.name-upleft,.site-name.name-downleft{text-align:right}"
    ".site-name.name-up,.site-name.name-down{text-align:center}"
    # A name set apart from its marker is tied to it by a thin line (geo.maps.names.leader_svg).
    ".site-name .name-leader{position:absolute;left:0;top:0;overflow:visible;pointer-events:none}"
    ".site-name .name-leader line{stroke:#1d2430;stroke-width:1.6}" + level_css() +
    # Region flows at belt zoom, the single links from zoom 10 (see ZoomLevel).
    ".leaflet-container:not(.belt-detail) .flow-zoomed{display:none}.belt-detail .flow-agg{display:none}"
    ".site-name.flow-count{background:rgba(255,255,255,.92);border-radius:3px;text-align:center;"
    "box-shadow:0 0 0 1px #3d4451;text-shadow:none}"
    ".leaflet-control-scale-line+.leaflet-control-scale-line{display:none}"
    ".leaflet-control-layers-expanded{max-height:560px;overflow:auto}"
    # Accessibility: text for screen readers only, a focus ring that shows on the map's land and
    # on its controls, and no motion for those who asked for less.
    ".sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0}"
    ".leaflet-container :focus-visible,.belt-legend :focus-visible{outline:3px solid #0b3d91!important;"
    "outline-offset:2px;box-shadow:0 0 0 5px #fff!important;border-radius:3px}"
    ".leaflet-container:focus-visible{outline:3px solid #0b3d91!important;outline-offset:-3px}"
    ".site-marker:focus-visible{outline-offset:3px;box-shadow:0 0 0 3px #fff,0 0 0 9px rgba(255,255,255,.85)!important}"
    "@media (prefers-reduced-motion: reduce){*,*::before,*::after{transition:none!important;"
    "animation:none!important;scroll-behavior:auto!important}}"
    "</style>"
)


PRESENTER_MAP_CSS = (
    "<style>"
    # On a projector the choropleth shows only its scale (the step chooses the metric), and
    # disappears when the step colours nothing.
    ".belt-choro label{display:none}.belt-choro:has(.choro-legend:empty){display:none}"
    # The budget rule is in the step's caption; on the slide the box keeps to the classes.
    ".belt-choro .lg-row:has(.lg-swatch[style*=transparent]){display:none}"
    # Read from the back of a room: the classes at 16 px (the map's own 12.5 px is for a desk).
    ".belt-choro .choro-legend .lg-row{font-size:16px;margin:2px 0}"
    ".belt-choro .choro-legend .lg-swatch{width:16px;height:16px}"
    "</style>"
)
