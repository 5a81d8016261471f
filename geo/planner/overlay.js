/* The planner's uploaded layer in Leaflet (see geo/planner/overlay.py, which embeds this file).
 *
 * axUploadLayer(group, d) fills the layer's feature group by zoom:
 *   - a small layer (d.small): every feature, at every zoom (SVG, class d.markerClass);
 *   - a large one: below d.areaZoom a bubble per 시군구 with its count (a ring coloured by
 *     category), from d.areaZoom a bubble per 읍면동 in view, from d.pointZoom the features,
 *     drawn on canvas from the layer's vector tiles (d.tiles, PMTiles read by the vendored
 *     protomaps-leaflet, loaded only then).
 * The belt's own flows and sites stay above it: the layer's panes sit between the district
 * fills (overlayPane, 400) and the flows (450) and markers (600).
 * With the group it adds its legend and the "count per 시군구" choropleth entry, and takes
 * them away when the group is removed (switched off, or replaced on a rerun).
 * Every text in d was HTML-escaped in Python.
 */
window.axUploadLayer = window.axUploadLayer || function (group, d) {
    var CSS = ".ax-bubble-icon{background:none;border:none}" +
        ".ax-bubble{border-radius:50%;display:flex;align-items:center;justify-content:center;" +
        "box-shadow:0 0 0 1.5px #fff,0 1px 3px rgba(0,0,0,.45);opacity:.92}" +
        ".ax-bubble span{background:#fff;border-radius:999px;min-width:58%;height:58%;padding:0 3px;display:flex;" +
        "align-items:center;justify-content:center;font:700 11px/1 'NanumGothic',sans-serif;color:#1d2430}" +
        ".ax-upload-legend{background:rgba(255,255,255,.95);padding:6px 10px;border-radius:6px;max-width:260px;" +
        "box-shadow:0 1px 4px rgba(0,0,0,.3);color:#1d2430;font:13px/1.35 'NanumGothic',sans-serif}" +
        ".ax-upload-legend summary{font-weight:700;cursor:pointer}" +
        ".ax-upload-legend .lg-row{display:flex;align-items:center;gap:6px;margin:2px 0}" +
        ".ax-upload-legend .lg-swatch{width:12px;height:12px;border-radius:50%;display:inline-block;flex:none}" +
        ".ax-upload-legend .ax-note{color:#5a6270;font-size:12px;margin-top:4px}";
    var state = {map: null, mode: null, layer: null, legend: null, moved: null};
    group.axUpload = state;
    window.axUploadState = state;
    var lang = d.lang === "en" ? "en-US" : "ko-KR";
    var sggMax = Math.max.apply(null, d.sgg.map(function (r) { return r[2]; }).concat([1]));
    var emdMax = Math.max.apply(null, d.emd.map(function (r) { return r[2]; }).concat([1]));

    function css() {
        if (document.getElementById("ax-upload-css")) { return; }
        var s = document.createElement("style");
        s.id = "ax-upload-css";
        s.textContent = CSS;
        document.head.appendChild(s);
    }
    function pane(name, z) {
        if (!state.map.getPane(name)) { state.map.createPane(name).style.zIndex = z; }
        return name;
    }
    function fmt(n) { return n.toLocaleString(lang); }
    function short(n) {
        if (n < 10000) { return fmt(n); }
        var big = d.lang === "en" ? n / 1000 : n / 10000;
        return (big < 100 ? big.toFixed(1) : Math.round(big).toString()) + (d.lang === "en" ? "k" : "만");
    }
    function ring(counts) {
        var total = counts.reduce(function (a, b) { return a + b; }, 0) || 1, at = 0, stops = [];
        counts.forEach(function (c, i) {
            if (!c) { return; }
            stops.push(d.colours[i] + " " + (at / total * 100).toFixed(1) + "% " + ((at + c) / total * 100).toFixed(1) + "%");
            at += c;
        });
        return stops.length > 1 ? "conic-gradient(" + stops.join(",") + ")" : (stops.length ? stops[0].split(" ")[0] : "#888");
    }
    function tip(r) {
        var out = "<b>" + r[4] + "</b> · " + fmt(r[2]) + d.text.unit;
        if (d.column) {
            var order = r[3].map(function (c, i) { return [c, i]; }).filter(function (p) { return p[0] > 0; })
                .sort(function (a, b) { return b[0] - a[0]; }).slice(0, 4);
            order.forEach(function (p) {
                out += '<br><span class="lg-swatch" style="display:inline-block;width:10px;height:10px;border-radius:50%;' +
                    "background:" + d.colours[p[1]] + '"></span> ' + d.labels[p[1]] + " " + fmt(p[0]);
            });
        }
        return out;
    }
    function bubbles(rows, max) {
        var layer = L.layerGroup();
        rows.forEach(function (r) {
            var size = Math.round(22 + 20 * Math.sqrt(r[2] / max));
            var html = '<div class="ax-bubble" style="width:' + size + "px;height:" + size + "px;background:" +
                ring(r[3]) + '"><span>' + short(r[2]) + "</span></div>";
            L.marker([r[0], r[1]], {
                pane: "axUploadAreas", keyboard: false,
                icon: L.divIcon({html: html, className: "ax-bubble-icon", iconSize: [size, size]}),
            }).bindTooltip(tip(r), {direction: "top", offset: [0, -size / 2]}).addTo(layer);
        });
        return layer;
    }
    function small() {
        var colours = d.colours, other = colours[colours.length - 1];
        return L.geoJSON(d.features, {
            pane: "axUploadPoints",
            pointToLayer: function (f, ll) {
                return L.circleMarker(ll, {radius: 6, color: "#ffffff", weight: 1.5, fillColor: colours[f.properties.c] || other,
                    fillOpacity: 0.95, className: d.markerClass, pane: "axUploadPoints"});
            },
            style: function (f) {
                if (f.geometry.type === "Point" || f.geometry.type === "MultiPoint") { return {}; }
                var c = colours[f.properties.c] || other;
                return {color: c, weight: 2.5, fillColor: c, fillOpacity: 0.25};
            },
            onEachFeature: function (f, l) { if (f.properties.n) { l.bindTooltip(f.properties.n); } },
        });
    }
    function withLibrary(done) {
        if (window.protomapsL) { return done(); }
        var s = document.querySelector("script[data-ax-protomaps]");
        if (!s) {
            s = document.createElement("script");
            s.src = d.library;
            s.setAttribute("data-ax-protomaps", "1");
            document.head.appendChild(s);
        }
        s.addEventListener("load", done);
    }
    function tiled() {
        var P = window.protomapsL, colours = d.colours, other = colours[colours.length - 1];
        function fill(z, f) { return colours[f.props.c] || other; }
        var layer = P.leafletLayer({
            url: d.tiles, maxDataZoom: d.tileZoom, levelDiff: 0, pane: "axUploadPoints", attribution: "",
            className: "ax-upload-tiles", labelRules: [],
            paintRules: [
                {dataLayer: "features", filter: function (z, f) { return f.geomType === 3; },
                    symbolizer: new P.PolygonSymbolizer({fill: fill, opacity: 0.3})},
                {dataLayer: "features", filter: function (z, f) { return f.geomType !== 1; },
                    symbolizer: new P.LineSymbolizer({color: fill, width: 2})},
                {dataLayer: "features", filter: function (z, f) { return f.geomType === 1; },
                    symbolizer: new P.CircleSymbolizer({radius: function (z) { return z >= 14 ? 5 : z >= 13 ? 4 : 3; },
                        fill: fill, stroke: "#ffffff", width: 1})},
            ],
        });
        state.tiles = layer;
        return layer;
    }
    function pick(e) {
        // A click near a tiled feature shows its label (tiles have no per-feature hover).
        if (state.mode !== "points" || !state.tiles || !state.tiles._map) { return; }
        var found = [];
        state.tiles.queryTileFeaturesDebug(e.latlng.lng, e.latlng.lat, 10).forEach(function (list) {
            list.forEach(function (p) { if (p.feature.props.n) { found.push(p.feature.props.n); } });
        });
        if (found.length) {
            var text = found.slice(0, 5).map(function (n) { return String(n).replace(/[&<>"']/g, function (c) {
                return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); });
            L.popup().setLatLng(e.latlng).setContent(text.join("<br>") + (found.length > 5 ? "<br>…" : ""))
                .openOn(state.map);
        }
    }
    function wanted() {
        if (d.small) { return "points"; }
        var z = state.map.getZoom();
        // No tiles (a layer not stored): its counts per 읍면동 stay at every closer zoom.
        return z >= d.pointZoom && d.tiles ? "points" : z >= d.areaZoom ? "emd" : "sgg";
    }
    function show(layer, mode) {
        if (state.layer) { group.removeLayer(state.layer); }
        state.layer = layer;
        state.mode = mode;
        group.addLayer(layer);
    }
    function update() {
        if (!state.map) { return; }
        var mode = wanted();
        if (mode === "emd") {
            var b = state.map.getBounds().pad(0.15);
            show(bubbles(d.emd.filter(function (r) { return b.contains([r[0], r[1]]); }), emdMax), mode);
        } else if (mode !== state.mode) {
            if (mode === "sgg") { show(bubbles(d.sgg, sggMax), mode); }
            else if (d.small) { show(small(), mode); }
            else {
                state.mode = mode;
                withLibrary(function () { if (state.map && wanted() === "points") { show(tiled(), "points"); } });
            }
        }
    }
    function legend() {
        var control = L.control({position: "topleft"});
        control.onAdd = function () {
            var box = L.DomUtil.create("div", "ax-upload-legend");
            var rows = d.colours.map(function (c, i) {
                var label = d.column ? d.labels[i] : d.name;
                return '<div class="lg-row"><span class="lg-swatch" style="background:' + c + '"></span>' +
                    label + " · " + fmt(d.counts[i]) + "</div>";
            }).join("");
            var by = d.column ? '<div class="ax-note">' + d.text.count_by + " " + d.column + "</div>" : "";
            box.innerHTML = '<details open><summary>' + d.name + " · " + fmt(d.total) + d.text.unit + "</summary>" +
                by + rows + (d.small ? "" : '<div class="ax-note">' + d.text.areas_note + "</div>") +
                (d.small || d.tiles ? "" : '<div class="ax-note">' + d.text.untiled + "</div>") + "</details>";
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
        };
        return control;
    }
    function choropleth(on) {
        var st = window.beltChoro = window.beltChoro || {data: {}, metric: "none"};
        st.layerData = st.layerData || {};
        if (on) { st.layerData.uploaded = d.choro; st.data.uploaded = d.choro; }
        else { delete st.layerData.uploaded; delete st.data.uploaded; }
        if (st.apply) { st.apply(); }
    }
    group.on("add", function () {
        state.map = group._map;
        css();
        pane("axUploadPoints", 410);
        pane("axUploadAreas", 420);
        state.map.getContainer().classList.add("ax-has-upload");
        state.moved = function () { update(); };
        state.map.on("zoomend moveend", state.moved);
        state.map.on("click", pick);
        state.legend = legend().addTo(state.map);
        choropleth(true);
        state.mode = null;
        update();
    });
    group.on("remove", function () {
        if (!state.map) { return; }
        state.map.off("zoomend moveend", state.moved);
        state.map.off("click", pick);
        state.map.getContainer().classList.remove("ax-has-upload");
        if (state.legend) { state.legend.remove(); }
        choropleth(false);
        if (state.layer) { group.removeLayer(state.layer); }
        state.layer = null;
        state.mode = null;
        state.map = null;
    });
};
