"""The 시군구 colouring: classes per metric, their legend text, and the switch on the map.

Every metric's colours are computed here and sent with the page, so the switch recolours the
districts in the browser with no round trip to the server.
"""

from __future__ import annotations

import html
import math
from functools import lru_cache

import numpy as np
import pandas as pd
from branca.element import MacroElement, Template

from geo import industry
from geo.i18n import LANGS, format_krw_range, t
from geo.vocabulary import CHORO_METRICS, GRDP_CHANGE, INDUSTRY_METRICS, LQ_PREFIX, SCENARIO_DELTA

# The land: every district's fill while no metric colours it (and the basemap's, see build.boundary_layers).
LAND_FILL = "#f4f1ea"
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe. Its lightest class is a clear
# green, never the beige of the land (#f4f1ea) a district keeps when nothing is coloured.
CHORO_COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8")
# Districts at zero get their own white class "0", so "nothing here" never looks like "a little"
# (and never like the grey sea around the land).
CHORO_ZERO = "#ffffff"
# The metrics that are money (억원 classes, the budget rule under the legend).
MONEY_METRICS = ("budget_confirmed", "budget_all", SCENARIO_DELTA)
# The LQ on a diverging scale around 1 (ColorBrewer BrBG, colour-blind safe): browns below the
# national share, a pale band around it (0.8–1.25), teals above; the upper bounds of the classes.
LQ_BREAKS = (0.5, 0.8, 1.25, 2.0, 4.0, math.inf)
LQ_COLOURS = ("#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#35978f", "#01665e")
# The change 2010→2020 on the same scale, around the belt's own change (nominal growth is almost
# everywhere positive): half-widths of the middle band and of the next, in percentage points.
CHANGE_STEPS = (0.07, 0.2)
CHANGE_COLOURS = ("#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#01665e")
NO_DATA = "#bdbdbd"


def class_breaks(values: pd.Series, k: int = len(CHORO_COLOURS)) -> list[float]:
    """Upper bounds of up to ``k`` classes over the non-zero values (quantiles, deduplicated)."""
    positive = values[values > 0]
    if positive.empty:
        return []
    return sorted(set(np.quantile(positive, np.linspace(1 / k, 1, k)).round(6).tolist()))


def count_range(low: int, high: int, metric: str, lang: str) -> str:
    """A class of whole counts: ``1–2곳``, ``3곳``, ``1–2 sites``, ``4 sectors`` (any other metric counts sectors)."""
    span = f"{low}" if low == high else f"{low}–{high}"
    noun = "sites" if metric == "sites" else "sectors"
    return t(f"choro_class_{noun}" + ("_one" if high == 1 else ""), lang).format(span=span)


def class_labels(metric: str, breaks: list[float], lang: str) -> list[str]:
    """The legend text of each class above zero, in order (counts as whole numbers, money as ranges)."""
    labels, low = [], 0.0
    for high in breaks:
        if metric in MONEY_METRICS:
            labels.append(format_krw_range(low, high, lang))
        else:
            labels.append(count_range(int(math.floor(low)) + 1, int(math.floor(high)), metric, lang))
        low = high
    return labels


def class_colours(values: pd.Series, breaks: list[float]) -> list[tuple[str, pd.Series]]:
    """Each class's colour and which ``values`` fall in it, (previous break, break]; the top class darkest.

    >>> [(colour, inside.tolist()) for colour, inside in class_colours(pd.Series([1, 5]), [2, 6])]
    [('#1d91c0', [True, False]), ('#225ea8', [False, True])]
    """
    lows = [0.0, *breaks[:-1]]
    first = len(CHORO_COLOURS) - len(breaks)
    return [
        (CHORO_COLOURS[first + i], (values > low) & (values <= high)) for i, (low, high) in enumerate(zip(lows, breaks))
    ]


def choropleth_data(summary: pd.DataFrame, lang: str) -> dict:
    """Colours per 시군구 and legend rows for each choropleth metric.

    ``summary`` is ``geo.joins.sigungu_summary`` output. Districts at zero are drawn in their
    own white class "0", so "nothing here" never looks like "a little", and every district of
    the belt is coloured once a metric is chosen.
    """
    data = {}
    for metric in CHORO_METRICS[1:]:
        column = "budget_proposed" if metric == SCENARIO_DELTA else metric
        if column not in summary and metric != "budget_all":
            continue
        values = summary[column] if metric != "budget_all" else summary.filter(like="budget_").sum(axis=1)
        breaks = class_breaks(values)
        if metric not in MONEY_METRICS:  # counts are whole: a break at 1.6 is a break at 1
            breaks = sorted({math.floor(b) for b in breaks if b >= 1})
        zero = summary.loc[values <= 0, "code"]
        colours, legend = {code: CHORO_ZERO for code in zero}, [[CHORO_ZERO, "0"]]
        for (colour, inside), label in zip(class_colours(values, breaks), class_labels(metric, breaks, lang)):
            colours |= {code: colour for code in summary.loc[inside, "code"]}
            legend.append([colour, label])
        if metric in MONEY_METRICS:
            legend.append(["transparent", t("budget_rule_short", lang)])
        data[metric] = {"colours": colours, "legend": legend}
    return data | _industry_choropleth(lang)


def is_industry_metric(metric: str) -> bool:
    """Whether ``metric`` colours the districts by KOSTAT's statistics (an LQ or the change of value added)."""
    return metric in INDUSTRY_METRICS


def metric_label(metric: str, lang: str, short: bool = False) -> str:
    """A metric's name: "산업 특화도 (LQ): 제조업", "GRDP 변화 2010→2020", "거점 수" (``short`` for the switch)."""
    if metric.startswith(LQ_PREFIX):
        name = t(f"industry_{metric.removeprefix(LQ_PREFIX)}", lang)
        return t("choro_lq_short" if short else "choro_lq", lang).format(industry=name)
    return t(f"choro_{metric}_short" if short else f"choro_{metric}", lang)


def _percent(value: float) -> str:
    return f"{value * 100:+.0f}%"


def _diverging(values: pd.Series, edges: list[float], colours: tuple[str, ...], labels: list[str]) -> dict:
    """Colours per code for values in classes (…, edge]; a missing value gets its own grey "no data" class."""
    lows = [-math.inf, *edges[:-1]]
    colour_of = {}
    for code, value in values.items():
        if pd.isna(value):
            colour_of[code] = NO_DATA
            continue
        colour_of[code] = next(c for c, low, high in zip(colours, lows, edges) if low < value <= high)
    legend = [[c, label] for c, label in zip(colours, labels)]
    return {"colours": colour_of, "legend": legend, "missing": bool(values.isna().any())}


def industry_choropleth(lang: str, table: pd.DataFrame | None = None, codes: pd.DataFrame | None = None) -> dict:
    """Colours per 시군구 and legend rows for the LQ of every industry (2020) and the change 2010→2020.

    Every polygon of a KOSTAT unit gets its value (전주시's two 구 share the city's). The legend
    ends with one line of text (a transparent swatch) saying what the scale means.
    """
    table = industry.belt_table() if table is None else table
    codes = industry.read_codes() if codes is None else codes
    data = {}
    lq = industry.lq_by_unit(table)
    lq_labels = [f"< {LQ_BREAKS[0]:g}"]
    lq_labels += [f"{low:g}–{high:g}" for low, high in zip(LQ_BREAKS[:4], LQ_BREAKS[1:5])]
    lq_labels += [f"≥ {LQ_BREAKS[4]:g}"]
    lq_labels[2] += " " + t("choro_lq_average", lang)
    for slug in industry.INDUSTRIES:
        values = industry.map_values(lq[slug] if slug in lq else pd.Series(dtype=float), codes)
        entry = _diverging(values, list(LQ_BREAKS), LQ_COLOURS, lq_labels)
        if entry.pop("missing"):
            entry["legend"].append([NO_DATA, t("choro_no_data", lang)])
        entry["legend"].append(["transparent", t("choro_lq_legend", lang).format(year=industry.LQ_YEAR)])
        data[LQ_PREFIX + slug] = entry
    belt = industry.belt_change(table)
    near, far = CHANGE_STEPS
    edges = [belt - far, belt - near, belt + near, belt + far, math.inf]
    edges = [round(e, 2) if math.isfinite(e) else e for e in edges]
    labels = [
        f"< {_percent(edges[0])}",
        f"{_percent(edges[0])} – {_percent(edges[1])}",
        f"{_percent(edges[1])} – {_percent(edges[2])}",
        f"{_percent(edges[2])} – {_percent(edges[3])}",
        f"≥ {_percent(edges[3])}",
    ]
    entry = _diverging(industry.map_values(industry.total_change(table), codes), edges, CHANGE_COLOURS, labels)
    entry.pop("missing")
    entry["legend"].append(["transparent", t("choro_change_legend", lang).format(belt=_percent(belt))])
    data[GRDP_CHANGE] = entry
    return data


@lru_cache(maxsize=len(LANGS))
def _industry_choropleth(lang: str) -> dict:
    # The statistics do not change while the dashboard runs: once per language.
    return industry_choropleth(lang)


def metric_colours(summary: pd.DataFrame, metric: str, lang: str) -> dict | None:
    """One metric's 시군구 colours and legend rows with its title, as a printed map draws them.

    ``summary`` is ``geo.joins.sigungu_summary`` output. Returns ``{"title", "colours",
    "legend"}`` (see `choropleth_data`), or None when ``metric`` colours nothing ("none", or a
    metric the summary cannot give).
    The industry metrics (LQ, change of value added) come from KOSTAT's statistics, not the summary.
    """
    if metric == "none":
        return None
    data = _industry_choropleth(lang) if is_industry_metric(metric) else choropleth_data(summary, lang)
    return {"title": metric_label(metric, lang), **data[metric]} if metric in data else None


def budget_rule_text(lang: str) -> str:
    """How money is put on districts, in full: shown wherever district budgets appear.

    The rule itself is ``geo.joins.sigungu_summary`` (whole budget to the lead site's 시군구;
    no lead site → not allocated; overlapping and national amounts never added).
    """
    return t("budget_rule", lang)


class ChoroplethSwitch(MacroElement):
    """A control on the map that recolours the 시군구 layer by a chosen metric, in the browser.

    Switching needs no server round trip: the colours of every metric are already on the
    page (``window.beltChoro.data``, replaced by ``geo.maps.scripts.ViewValues`` on each update).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var layer = {{ this._parent.get_name() }};
            var st = window.beltChoro = window.beltChoro || {data: {}, metric: "none"};
            st.layer = layer;
            var box = L.DomUtil.create("div", "belt-choro");
            st.apply = function () {
                var d = st.data[st.metric];
                st.layer.setStyle(function (f) {
                    var c = d && d.colours[f.properties.code];
                    return {fillColor: c || "{{ this.land }}", fillOpacity: 1};
                });
                var rows = box.querySelector(".choro-legend");
                rows.textContent = "";
                (d ? d.legend : []).forEach(function (r) {
                    var row = L.DomUtil.create("div", "lg-row", rows);
                    L.DomUtil.create("span", "lg-swatch", row).style.background = r[0];
                    row.appendChild(document.createTextNode(r[1]));
                });
            };
            // Top left, under the zoom buttons: at belt zoom that corner is the Yellow Sea, so the
            // switch and its classes cover no site.
            var control = L.control({position: "topleft"});
            control.onAdd = function () {
                box.innerHTML = {{ this.form|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                box.addEventListener("change", function (e) { st.metric = e.target.value; st.apply(); });
                return box;
            };
            control.addTo({{ this._parent._parent.get_name() }});
            // Fetched boundaries (geo.maps.static) arrive after this script: colour them as they come.
            layer.on("beltfeatures", function () { st.apply(); });
            st.apply();
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "ChoroplethSwitch"
        self.land = LAND_FILL

        # A drop-down, not a list of radio buttons: it stays one line high whatever is chosen.
        def option(m: str) -> str:
            selected = " selected" if m == "none" else ""
            label = html.escape(metric_label(m, lang, short=True))
            return f'<option class="choro-{m}" value="{m}"{selected}>{label}</option>'

        lq = [m for m in CHORO_METRICS if m.startswith(LQ_PREFIX)]
        options = "".join(option(m) for m in CHORO_METRICS if m not in lq and m != "uploaded")
        options += f'<optgroup label="{html.escape(t("choro_lq_group", lang))}">{"".join(map(option, lq))}</optgroup>'
        options += option("uploaded")
        self.form = (
            f'<label class="choro-title">{html.escape(t("choro_title", lang))}'
            f'<select name="choro">{options}</select></label><div class="choro-legend"></div>'
        )
