"""Benchmark: planners' large layers (20,000, 200,000 and 1,000,000 firms) beside the issue's targets.

For each size the layer is made here (random firms inside the belt's 시군구, with 업체명 and
업종; written to a temporary folder, never committed) and timed on the path the data page takes:
read the file (``read_upload``), count it per 시군구/읍면동 coloured by 업종, write its vector
tiles, keep it in the store. Then a dashboard server is started on a temporary store holding the
layer, and Chromium opens the belt map with the layer's link and without it:

- bytes over the websocket until the map is drawn at belt zoom, and tile bytes fetched (none at
  belt zoom: the counts travel in the map's script, the tiles only once zoomed in);
- time from opening the page to the map drawn, with the layer and without (warm: the server has
  loaded the layer once);
- a filter change (a region chosen) until the map shows it, with the layer and without, and the
  websocket bytes that rerun sends.

Beside ours, the naive peer of the same run: every feature in the page as GeoJSON (what the map
sent before: the issue measured 4.3 MB per rerun at 20,000). Asserts nothing; prints what it
measured. The 1,000,000 case is time-boxed (``MAX_SECONDS`` per stage; a stage that runs out
is reported as such). Run: ``make bench`` or ``python bench/layers.py [20000 200000 1000000]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (20_000, 200_000, 1_000_000)
RUNS = 2
MAX_SECONDS = 240
MAP_IFRAME = 'iframe[src*="/component/streamlit_folium."]'  # its title is renamed to the map's name
# Issue 13's targets: read (s), belt map bytes with the layer, time to map relative to no layer,
# a filter change relative to no layer.
TARGETS = {20_000: (5, 1.5e6, 1.5, 1.3), 200_000: (20, 2e6, 2.0, 1.3), 1_000_000: (90, 2e6, 2.5, 1.3)}


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def make_file(n: int, folder: Path) -> Path:
    """The test layer of ``n`` firms: CSV up to 200,000, a GeoPackage for a million."""
    from geo.boundaries import load_sigungu
    from tests.layer_fixture import firms_csv, firms_gpkg, random_firms

    frame = random_firms(n, load_sigungu())
    if n >= 1_000_000:
        return firms_gpkg(frame, folder / f"firms-{n}.gpkg")
    return firms_csv(frame, folder / f"firms-{n}.csv")


def prepare(n: int, folder: Path) -> dict:
    """Read, count, tile and store the layer as the data page does; the times and the stored id."""
    import geopandas as gpd

    from geo.boundaries import load_sigungu
    from geo.planner.aggregate import DEFAULT_COLOUR
    from geo.planner.ingest import read_upload
    from geo.planner.overlay import planner_overlay
    from geo.planner.store import new_owner_token, open_store

    path = make_file(n, folder)
    data = path.read_bytes()
    upload, read_s = timed(lambda: read_upload(data, path.name, max_bytes=10**9))
    store = open_store()
    layer_id, store_s = timed(
        lambda: store.save_layer(
            upload.gdf,
            name=f"firms {n:,}",
            owner=new_owner_token(),
            colour=DEFAULT_COLOUR,
            label_column="업체명",
            file_name=path.name,
        )
    )
    layer = {
        "id": layer_id,
        "name": f"firms {n:,}",
        "gdf": upload.gdf,
        "label_column": "업체명",
        "colour": DEFAULT_COLOUR,
        "colour_column": "업종",
    }
    sigungu = load_sigungu()
    _, overlay_s = timed(lambda: planner_overlay(layer, sigungu, "ko"))
    # What the old overlay sent: every feature with its label as GeoJSON in the page.
    naive = len(
        gpd.GeoDataFrame({"label": upload.gdf["업체명"]}, geometry=upload.gdf.geometry).to_json(drop_id=True).encode()
    )
    # The map's payload as st_folium sends it, for the stored layer in one colour (as a link opens it).
    payload = map_payload(dict(layer, colour_column=None))
    return {
        "n": n,
        "file_mb": len(data) / 2**20,
        "read": read_s,
        "store": store_s,
        "count_tile": overlay_s,
        "id": layer_id,
        "naive_bytes": naive,
        "payload": payload,
    }


def map_payload(layer: dict | None) -> int:
    """Bytes st_folium sends for the belt map (base + swapped-in layers) with this layer, or none."""
    import folium

    from geo import boundaries, maps
    from geo.catalogue import load_catalogue
    from geo.joins import sigungu_summary
    from geo.paths import DEFAULT_DATA_DIR
    from geo.planner.overlay import planner_overlay
    from ui import folium_contract as stf

    cat = load_catalogue(DEFAULT_DATA_DIR)
    sido, sigungu = boundaries.display_boundaries("sido"), boundaries.display_boundaries("sigungu")
    summary = sigungu_summary(cat.sites, cat.programs, boundaries.load_sigungu())
    m = maps.base_map(sido, sigungu, cat.sectors, cat.stages, "ko")
    m.get_root().render()
    size = sum(len(part.encode()) for part in (stf.map_script(m), stf.map_html(m), stf.map_header(m)))
    layers = maps.dynamic_layers(cat.sites, cat.links, cat.sectors, summary, "ko")
    if layer is not None:
        layers[-1:-1] = [planner_overlay(layer, boundaries.load_sigungu(), "ko")]
    target = folium.Map()
    return size + sum(len(stf.layer_script(g, target, i).encode()) for i, g in enumerate(layers))


def received(page) -> dict:
    """Counters that fill with websocket bytes and tile bytes the page receives."""
    counts = {"ws": 0, "tiles": 0, "http": 0}

    def response(r):
        try:
            size = len(r.body()) if r.ok else 0
        except Exception:  # noqa: BLE001 — a body Chromium no longer holds
            size = 0
        counts["http"] += size
        if "/app/static/layers/" in r.url:
            counts["tiles"] += size

    page.on("response", response)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: counts.__setitem__("ws", counts["ws"] + len(p))))
    return counts


def open_map(browser, url: str, with_layer: bool) -> dict:
    """Open the belt map; seconds to drawn (sites, and the layer's bubbles when it has one) and bytes."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    counts = received(page)
    started = time.perf_counter()
    page.goto(url, timeout=MAX_SECONDS * 1000)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".site-marker").first.wait_for(timeout=MAX_SECONDS * 1000)
    if with_layer:
        frame.locator(".ax-bubble").first.wait_for(timeout=MAX_SECONDS * 1000)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(1500)
    out = {"to_map": seconds, **counts}
    out["filter"], out["filter_ws"] = change_filter(page, frame, counts)
    page.close()
    return out


def change_filter(page, frame, counts: dict) -> tuple[float, int]:
    """Seconds from choosing 전북특별자치도 to the map's site count changing, and the websocket bytes it took."""
    before = frame.locator(".site-marker").count()
    ws_before = counts["ws"]
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox").first
    box.click()
    started = time.perf_counter()
    page.get_by_role("option", name="전북특별자치도").first.click()
    page.wait_for_function(
        "([n]) => [...document.querySelectorAll('iframe')].some(f => { try {"
        " const k = f.contentDocument.querySelectorAll('.site-marker').length; return k > 0 && k !== n; }"
        " catch (e) { return false; } })",
        arg=[before],
        timeout=MAX_SECONDS * 1000,
    )
    seconds = time.perf_counter() - started
    page.wait_for_timeout(1000)
    return seconds, counts["ws"] - ws_before


def browser_figures(url: str, layer_id: str) -> dict:
    """Median figures with and without the layer, after one warm-up open of each."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with_url, without_url = f"{url}/?layer={layer_id}", f"{url}/"
        first = open_map(browser, with_url, True)  # the server loads the layer from the store once
        open_map(browser, without_url, False)
        runs = {"with": [], "without": []}
        for _ in range(RUNS):
            runs["with"].append(open_map(browser, with_url, True))
            runs["without"].append(open_map(browser, without_url, False))
        browser.close()
    median = {side: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for side, rs in runs.items()}
    median["first_with"] = first["to_map"]
    return median


def main(sizes) -> None:
    from tests.browser.conftest import start_dashboard

    rows = []
    with tempfile.TemporaryDirectory(prefix="axbelt-bench-layers-") as folder:
        os.environ["AXBELT_STATE_DIR"] = folder
        os.environ["AXBELT_MAX_LAYER_MB"] = "1000"
        for n in sizes:
            print(f"· {n:,} features: making, reading, counting, tiling, storing …", flush=True)
            prepared = prepare(n, Path(folder))
            server, url = start_dashboard({"AXBELT_STATE_DIR": folder, "AXBELT_MAX_LAYER_MB": "1000"})
            try:
                figures = browser_figures(url, prepared["id"])
            finally:
                server.terminate()
                server.wait(timeout=10)
            rows.append((prepared, figures))
            report(prepared, figures)
    print("\nSummary beside the issue's targets (ours · target):")
    print(f"{'features':>10} {'read s':>14} {'belt map bytes (ws)':>24} {'to map ×':>14} {'filter ×':>14}")
    for prepared, figures in rows:
        read_t, bytes_t, map_t, filter_t = TARGETS.get(prepared["n"], (0, 0, 0, 0))
        w, wo = figures["with"], figures["without"]
        print(
            f"{prepared['n']:>10,} {prepared['read']:>7.1f} · ≤{read_t:<4} {w['ws']:>14,.0f}"
            f" · ≤{bytes_t / 1e6:.1f} MB"
            f" {w['to_map'] / wo['to_map']:>7.2f} · ≤{map_t:<4} {w['filter'] / wo['filter']:>7.2f} · ≤{filter_t}"
        )


def report(prepared: dict, figures: dict) -> None:
    """One size's figures, ours beside the naive peer and the targets."""
    n = prepared["n"]
    w, wo = figures["with"], figures["without"]
    print(f"\n{n:,} firms ({prepared['file_mb']:.1f} MB file), median of {RUNS} opens after a warm-up:")
    lines = [
        ("read the file (read_upload), s", f"{prepared['read']:.1f}"),
        ("count per 시군구/읍면동 by 업종 + write tiles, s", f"{prepared['count_tile']:.1f}"),
        ("keep in the store, s", f"{prepared['store']:.1f}"),
        ("map payload st_folium sends, with the layer (bytes)", f"{prepared['payload']:,}"),
        ("  naive: every feature as GeoJSON in the page (bytes)", f"{prepared['naive_bytes']:,}"),
        ("websocket bytes to the drawn map, with / without layer", f"{w['ws']:,.0f} / {wo['ws']:,.0f}"),
        ("tile bytes fetched at belt zoom", f"{w['tiles']:,.0f}"),
        ("page open → map drawn, with / without layer (s)", f"{w['to_map']:.2f} / {wo['to_map']:.2f}"),
        ("  first open of the link (server reads the store), s", f"{figures['first_with']:.2f}"),
        ("filter change → map updated, with / without (s)", f"{w['filter']:.2f} / {wo['filter']:.2f}"),
        ("websocket bytes of that rerun, with / without layer", f"{w['filter_ws']:,.0f} / {wo['filter_ws']:,.0f}"),
    ]
    for label, value in lines:
        print(f"  {label:<58}{value:>28}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or SIZES)
