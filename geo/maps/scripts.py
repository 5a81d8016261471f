"""Elements that carry their own script: the view the map shows, what it reports back, and access.

- `SwitchableLayer`: a layer whose id names it in the URL when it is switched off;
- `ZoomLevel`: marks the map with the zoom level shown, so CSS shows that level's names;
- `ViewValues`: brings the live map to the view (choropleth, layers switched off);
- `ViewReport` and `map_report`: tell Python when the user switches a layer or the choropleth;
- `AccessibleMap`: the map frame as a labelled, keyboard-operable document;
- the presenter's clicker keys are in ``geo.maps.keys`` (`ClickerKeys`, re-exported here).

Their JavaScript is part of the page the browser tests read: change it only with them.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium
from branca.element import MacroElement, Template

from geo.i18n import t
from geo.maps.keys import CLICKER_BACK, CLICKER_NEXT, STEP_MESSAGE, ClickerKeys  # noqa: F401  (their old home)


class SwitchableLayer(folium.FeatureGroup):
    """A layer in the layer control whose id names it in the URL when the user switches it off.

    The id is a Leaflet option (``layerId``), so the page's script can tell which layers are
    off. (folium's own FeatureGroup hands its options to Leaflet where Leaflet expects layers.)
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup([], {layerId: {{ this.layer_id|tojson }}});
        {% endmacro %}
    """)

    def __init__(self, name: str, layer_id: str, show: bool = True):
        super().__init__(name=name, show=show)
        self.layer_id = layer_id


class ZoomLevel(MacroElement):
    """Marks the map with the name level shown (``belt-z85``) and with ``belt-detail`` from zoom ``detail``.

    The names of each level and the single links are all on the page; CSS picks what shows,
    so zooming needs no round trip to the server. ``levels`` are the zoom levels that have
    names of their own (``geo.maps.names.NAME_LEVELS``); ``detail`` is the zoom from which the
    single links replace the region flows (``geo.maps.flows.DETAIL_ZOOM``).
    """

    _template = Template(r"""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var levels = {{ this.levels|tojson }};
            function mark() {
                var z = map.getZoom(), pick = levels[0];
                levels.forEach(function (l) { if (l <= z + 1e-6) { pick = l; } });
                var c = map.getContainer();
                c.className = c.className.replace(/\s*belt-z\d+/g, "") + " belt-z" + Math.round(pick * 10);
                c.classList.toggle("belt-detail", z >= {{ this.detail }});
            }
            map.on("zoomend", mark);
            mark();
            // Leaflet focuses the map on the first mouse-down (for its keyboard handler); in a
            // page whose map is not wholly in view the browser then scrolls the page between
            // mouse-down and mouse-up, and the click on a marker is lost. Focus without scrolling.
            var box = map.getContainer();
            box.focus = function (options) {
                HTMLElement.prototype.focus.call(box, Object.assign({preventScroll: true}, options || {}));
            };
        })();
        {% endmacro %}
    """)

    def __init__(self, levels: Iterable[float], detail: float):
        super().__init__()
        self._name = "ZoomLevel"
        self.levels = list(levels)
        self.detail = detail


class ViewValues(MacroElement):
    """Script that brings the live map to the view: choropleth colours and metric, layers switched off.

    It runs last among the swapped-in layers, after streamlit-folium has added every one of
    them to the map, so it can take away the layers the view switches off; the layer control,
    built right after, then shows them unticked.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent._parent.get_name() }};
            var hidden = {{ this.hidden|tojson }};
            (window.feature_group || []).forEach(function (layer) {
                if (hidden.indexOf(layer.options.layerId) >= 0) { map.removeLayer(layer); }
            });
            var st = window.beltChoro = window.beltChoro || {data: {}, metric: "none"};
            st.data = Object.assign({{ this.data|tojson }}, st.layerData || {});
            {% if this.metric %}
            st.metric = {{ this.metric|tojson }};
            document.querySelectorAll(".belt-choro select").forEach(function (box) { box.value = st.metric; });
            {% endif %}
            if (st.apply) { st.apply(); }
        })();
        {% endmacro %}
    """)

    def __init__(self, data: dict, metric: str | None = None, hidden: Iterable[str] = ()):
        super().__init__()
        self._name = "ViewValues"
        self.data = data
        self.metric = metric
        self.hidden = list(hidden)


class ViewReport(MacroElement):
    """Tells Python when the user switches a layer or the choropleth metric in the map.

    streamlit-folium returns a fixed set of values; ``selected_tags`` (for a plugin this map
    does not use) carries the report: ``["at=<ms>", "choro=<metric>", "hide=<layer id>", …]``.
    The time stamp makes each report new, so doing the same thing twice is still heard.
    Panning changes none of it, so it still sends nothing.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            function report() {
                var data = window.__GLOBAL_DATA__;
                if (!data || !window.layer_control) { return; }
                var hidden = window.layer_control._layers.filter(function (o) {
                    return o.overlay && o.layer.options.layerId && !map.hasLayer(o.layer);
                }).map(function (o) { return "hide=" + o.layer.options.layerId; });
                var metric = window.beltChoro ? window.beltChoro.metric : "none";
                data.selected_tags = ["at=" + Date.now(), "choro=" + metric].concat(hidden);
                map.fire("moveend");
            }
            map.getContainer().addEventListener("change", function (e) {
                if (e.target.closest(".leaflet-control-layers-overlays, .belt-choro")) { report(); }
            });
        })();
        {% endmacro %}
    """)


class AccessibleMap(MacroElement):
    """Makes the map frame a labelled, keyboard-operable document in the page's language.

    - the frame's ``lang``, title and a hidden ``h1`` follow the language; the iframe gets an
      ``aria-label`` in the page; everything sits in one labelled ``main`` landmark;
    - the viewport can be zoomed (folium's header forbids it);
    - boundary polygons and flow lines are not tab stops (Chromium makes every interactive SVG
      path one), but keep their mouse tooltips;
    - the site markers are one tab stop (a roving ``tabindex``): arrow keys, Home and End move
      between them in name order, Enter or Space fires the same click streamlit-folium listens
      to; after the rerun that a click starts, the same site's new marker gets the focus back;
    - the layer switcher opens with Enter and closes with Escape or when focus leaves it.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var text = {{ this.text|tojson }};
            var doc = document, container = map.getContainer();
            doc.documentElement.lang = {{ this.lang|tojson }};
            doc.title = text.title;
            doc.querySelectorAll('meta[name="viewport"]').forEach(function (m) {
                m.setAttribute("content", "width=device-width, initial-scale=1");
            });
            try {
                if (window.frameElement) { window.frameElement.setAttribute("aria-label", text.title); }
            } catch (e) {}
            var main = doc.getElementById("root") || container.parentNode;
            main.setAttribute("role", "main");
            main.setAttribute("aria-label", text.title);
            var heading = doc.createElement("h1");
            heading.className = "sr-only";
            heading.textContent = text.title;
            main.insertBefore(heading, main.firstChild);
            Array.prototype.slice.call(doc.body.children).forEach(function (el) {
                if (el !== main && !/^(SCRIPT|STYLE|NOSCRIPT)$/.test(el.tagName)) { main.appendChild(el); }
            });
            container.setAttribute("role", "region");
            container.setAttribute("aria-label", text.region);
            var hint = doc.createElement("p");
            hint.className = "sr-only";
            hint.id = "belt-marker-hint";
            hint.textContent = text.markers;
            main.appendChild(hint);

            var current = null, restore = null, pending = false;
            function markers() {
                var all = Array.prototype.slice.call(container.querySelectorAll(".leaflet-marker-pane .site-marker"));
                return all.map(function (el) { return [el, el.textContent.trim()]; })
                    .sort(function (a, b) { return a[1].localeCompare(b[1], doc.documentElement.lang); })
                    .map(function (pair) { return pair[0]; });
            }
            function siteOf(el) {
                var s = el && el.querySelector("[data-site]");
                return s ? s.getAttribute("data-site") : null;
            }
            function refresh() {
                pending = false;
                container.querySelectorAll("path.leaflet-interactive").forEach(function (p) {
                    p.setAttribute("tabindex", "-1");
                });
                var all = markers();
                if (restore) {
                    var back = all.filter(function (el) { return siteOf(el) === restore; })[0];
                    if (back) { current = back; }
                }
                if (all.indexOf(current) < 0) { current = all[0] || null; }
                all.forEach(function (el) {
                    el.setAttribute("tabindex", el === current ? "0" : "-1");
                    el.setAttribute("role", "button");
                    el.setAttribute("aria-describedby", "belt-marker-hint");
                });
                // Only while the map still has the focus: never take it from the page (a search box, say).
                if (restore && current && siteOf(current) === restore && doc.hasFocus() &&
                    (doc.activeElement === doc.body || !doc.activeElement)) {
                    current.focus({focusVisible: true});
                }
                restore = null;
                controls();
                refocusControl();
            }
            // A tick in the layer switcher reruns the page, which rebuilds the switcher: the focus
            // goes back to the same row of the new one.
            var controlFocus = null;
            container.addEventListener("focusin", function (e) {
                var box = e.target.closest && e.target.closest(".leaflet-control-layers");
                if (!box) { controlFocus = null; return; }
                var row = e.target.closest("label");
                controlFocus = {text: row ? row.textContent.trim() : null, at: Date.now()};
            });
            function refocusControl() {
                if (!controlFocus || Date.now() - controlFocus.at > 20000) { return; }
                if (!doc.hasFocus() || (doc.activeElement && doc.activeElement !== doc.body)) { return; }
                var box = container.querySelector(".leaflet-control-layers");
                if (!box) { return; }
                var target = box.querySelector(".leaflet-control-layers-toggle");
                if (controlFocus.text !== null) {
                    box.querySelectorAll(".leaflet-control-layers-list label").forEach(function (row) {
                        if (row.textContent.trim() === controlFocus.text) { target = row.querySelector("input"); }
                    });
                    box.classList.add("leaflet-control-layers-expanded");
                }
                if (target) { target.focus({focusVisible: true}); }
            }
            function schedule() { if (!pending) { pending = true; setTimeout(refresh, 0); } }
            function move(el) {
                if (!el) { return; }
                if (current) { current.setAttribute("tabindex", "-1"); }
                current = el;
                el.setAttribute("tabindex", "0");
                el.focus({focusVisible: true});
            }
            function layerOf(el) {
                var found = null;
                map.eachLayer(function (layer) { if (layer._icon === el) { found = layer; } });
                return found;
            }
            container.addEventListener("keydown", function (e) {
                var el = e.target.closest && e.target.closest(".site-marker");
                if (!el) { return; }
                var all = markers(), i = all.indexOf(el), key = e.key;
                var next = {ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1,
                            Home: 0, End: all.length - 1}[key];
                if (next !== undefined) {
                    e.preventDefault();
                    e.stopPropagation();
                    move(all[(next + all.length) % all.length]);
                } else if (key === "Enter" || key === " " || key === "Spacebar") {
                    e.preventDefault();
                    e.stopPropagation();
                    var marker = layerOf(el);
                    if (marker) {
                        restore = siteOf(el);
                        marker.fire("click", {latlng: marker.getLatLng(), originalEvent: e}, true);
                    }
                }
            }, true);
            container.addEventListener("focusin", function (e) {
                var el = e.target.closest && e.target.closest(".site-marker");
                if (el && el !== current) { move(el); }
            });
            function controls() {
                container.querySelectorAll(".leaflet-control-zoom-in").forEach(function (a) {
                    a.title = text.zoom_in; a.setAttribute("aria-label", text.zoom_in);
                });
                container.querySelectorAll(".leaflet-control-zoom-out").forEach(function (a) {
                    a.title = text.zoom_out; a.setAttribute("aria-label", text.zoom_out);
                });
                container.querySelectorAll(".leaflet-control-layers").forEach(function (box) {
                    var toggle = box.querySelector(".leaflet-control-layers-toggle");
                    if (!toggle || box.dataset.keyboard) { return; }
                    box.dataset.keyboard = "1";
                    toggle.title = text.layers;
                    toggle.setAttribute("aria-label", text.layers);
                    toggle.setAttribute("aria-haspopup", "true");
                    toggle.setAttribute("aria-expanded", "false");
                    var control = window.layer_control;
                    function open() {
                        box.classList.add("leaflet-control-layers-expanded");
                        toggle.setAttribute("aria-expanded", "true");
                        var first = box.querySelector(".leaflet-control-layers-list input");
                        if (first) { first.focus({focusVisible: true}); }
                    }
                    function close(refocus) {
                        if (control && control.collapse) { control.collapse(); }
                        box.classList.remove("leaflet-control-layers-expanded");
                        toggle.setAttribute("aria-expanded", "false");
                        if (refocus) { toggle.focus({focusVisible: true}); }
                    }
                    toggle.addEventListener("keydown", function (e) {
                        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); open(); }
                    }, true);
                    box.addEventListener("keydown", function (e) {
                        if (e.key === "Escape") { e.preventDefault(); close(true); }
                    });
                    box.addEventListener("focusout", function (e) {
                        if (e.relatedTarget && !box.contains(e.relatedTarget)) { close(false); }
                    });
                });
            }
            map.on("layeradd layerremove", schedule);
            schedule();
        })();
        {% endmacro %}
    """)

    def __init__(self, lang: str):
        super().__init__()
        self._name = "Accessibility"
        self.lang = lang
        self.text = {key: t(f"a11y_{key}", lang) for key in ("region", "markers", "layers", "zoom_in", "zoom_out")}
        self.text["title"] = t("a11y_map_label", lang)


class SpreadMarkers(MacroElement):
    """After each zoom, every site marker moves to its offset for that zoom step (its ``data-spread``).

    The offsets are computed on the server (`geo.maps.names.marker_spread`, the rule in
    `geo.maps.markers.spread_points`), where the names are placed beside the markers as they
    are drawn. Only the icon's margins change: the marker keeps its coordinates (clicks,
    tooltips and flows use them). The map's container gets ``belt-spread`` once done.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }}, pending = false;
            function spread() {
                pending = false;
                var key = (Math.min(15, Math.max(6, Math.round(map.getZoom() * 2) / 2))).toFixed(1), n = 0;
                map.getContainer().querySelectorAll(".leaflet-marker-pane .site-marker").forEach(function (el) {
                    var site = el.querySelector("[data-site]");
                    if (!site) { return; }
                    var size = parseFloat(el.style.width) || el.offsetWidth || 24;
                    var all = site.dataset.spread ? JSON.parse(site.dataset.spread) : {}, off = all[key] || [0, 0];
                    el.style.marginLeft = (off[0] - size / 2) + "px";
                    el.style.marginTop = (off[1] - size / 2) + "px";
                    n += 1;
                });
                if (n) { map.getContainer().classList.add("belt-spread"); }
            }
            function schedule() { if (!pending) { pending = true; setTimeout(spread, 0); } }
            map.on("zoomend viewreset layeradd", schedule);
            schedule();
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "SpreadMarkers"


def map_report(tags: list[str] | None) -> dict:
    """The view changes a map report carries (see ``ViewReport``): ``metric`` and ``hidden``, or {}."""
    if not tags or not any(tag.startswith("at=") for tag in tags):
        return {}
    values = [tag.split("=", 1) for tag in tags if "=" in tag]
    return {
        "metric": next((v for k, v in values if k == "choro"), "none"),
        "hidden": tuple(v for k, v in values if k == "hide"),
    }
