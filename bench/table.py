"""The issue's table from ``bench/load.py``'s results: each figure beside its target. Pure: no server, no clock.

``results`` maps a server's key (``one``, ``pair``, ``naive``, ``blank``, ``themed``) to what was
measured on it: ``warm`` and ``first`` (seconds to map), ``probe`` (``room.first_and_rerun``) and
``rooms`` (sessions → ``room.load``'s figures).
"""

from __future__ import annotations

# p95 targets of a room through nginx with two workers, by sessions at once (issue 25).
PAIR_P95_TARGET = {20: 2.0, 50: 4.0}


def ratio(a: float | None, b: float | None) -> float | None:
    """a ÷ b, or None when either is missing (or b is 0)."""
    return None if a is None or not b else a / b


def verdict(ok: bool | None) -> str:
    """'met', 'NOT met', or '—' when it could not be measured."""
    return "—" if ok is None else "met" if ok else "NOT met"


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def times(value: float | None) -> str:
    """' (×0.85)': ours as a multiple of the figure it stands beside; empty when unknown."""
    return "" if value is None else f" (×{value:.2f})"


def seconds(value: float | None, ours: float | None = None) -> str:
    """'2.96 s (×0.88)': with ``ours``, ours ÷ this figure beside it, as the issue's table shows it."""
    return "—" if value is None else f"{value:.2f} s" + times(ratio(ours, value))


def kilobytes(value: float | None, ours: float | None = None) -> str:
    return "—" if value is None else f"{value:,.0f} kB" + times(ratio(ours, value))


def share(value: float | None, good: bool | None) -> str:
    """'×0.28: NOT met'."""
    return "—" if value is None else f"×{value:.2f}: {verdict(good)}"


def millis(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms"


def room_cell(figures: dict | None) -> str:
    """'3.51 runs/s, p95 6.80 s, 120 ms CPU/run' of one load, or '—'."""
    if not figures:
        return "—"
    return f"{figures['runs_s']:.2f} runs/s, p95 {figures['p95']:.2f} s, {figures['cpu_ms']:,.0f} ms CPU/run"


def both(*oks: bool | None) -> bool | None:
    """All met, any not met, or None when one could not be measured."""
    return None if any(ok is None for ok in oks) else all(oks)


def rows(results: dict[str, dict], rooms: list[int], reruns: int) -> list[list[str]]:
    """The table's rows: measure, ours, naive, blank, target, verdict."""
    one, pair, naive, blank = (results.get(key, {}) for key in ("one", "pair", "naive", "blank"))
    probe = {key: results.get(key, {}).get("probe", {}) for key in ("one", "naive", "blank")}
    out = []
    to_naive, to_blank = ratio(one.get("warm"), naive.get("warm")), ratio(one.get("warm"), blank.get("warm"))
    out.append(
        [
            "time to map, warm browser",
            seconds(one.get("warm")),
            seconds(naive.get("warm"), one.get("warm")),
            seconds(blank.get("warm"), one.get("warm")),
            "≤ 0.5× naive, ≤ 1.4× blank",
            f"naive {verdict(at_most(to_naive, 0.5))}, blank {verdict(at_most(to_blank, 1.4))}",
        ]
    )
    first = ratio(one.get("first"), one.get("warm"))
    out.append(
        [
            "time to map, first visitor after a start",
            seconds(one.get("first")),
            seconds(naive.get("first")),
            seconds(blank.get("first")),
            "≤ 1.5× warm",
            share(first, at_most(first, 1.5)),
        ]
    )
    bytes_ratio = ratio(probe["one"].get("first_kb"), probe["naive"].get("first_kb"))
    out.append(
        [
            "websocket bytes to the first map",
            kilobytes(probe["one"].get("first_kb")),
            kilobytes(probe["naive"].get("first_kb"), probe["one"].get("first_kb")),
            kilobytes(probe["blank"].get("first_kb")),
            "≤ 0.15× naive",
            share(bytes_ratio, at_most(bytes_ratio, 0.15)),
        ]
    )
    out.append(
        ["websocket bytes of a rerun"] + [kilobytes(probe[key].get("rerun_kb")) for key in probe] + ["", ""],
    )
    cost = ratio(probe["one"].get("first_cpu_ms"), probe["one"].get("rerun_cpu_ms"))
    out.append(
        ["server CPU, a new session's first run"]
        + [millis(probe[key].get("first_cpu_ms")) for key in probe]
        + ["as a rerun", "—" if cost is None else f"×{cost:.2f} a rerun's"]
    )
    out.append(
        [f"server CPU, a rerun (runs 2..{reruns})"]
        + [millis(probe[key].get("rerun_cpu_ms")) for key in probe]
        + ["", ""]
    )
    for k in sorted(set(rooms) | set(naive.get("rooms", {}))):
        alone, behind = one.get("rooms", {}).get(k), pair.get("rooms", {}).get(k)
        out.append(
            [
                f"{k} sessions × {reruns} runs, one process",
                room_cell(alone),
                room_cell(naive.get("rooms", {}).get(k)),
                room_cell(blank.get("rooms", {}).get(k)),
                "",
                "",
            ]
        )
        if k not in rooms:
            continue  # a room only the naive peer had
        limit = PAIR_P95_TARGET.get(k)
        p95 = behind and behind["p95"]
        gain = ratio(behind and behind["runs_s"], alone and alone["runs_s"])
        out.append(
            [
                f"{k} × {reruns} through nginx, 2 workers (`make serve`)",
                room_cell(behind),
                "",
                "",
                f"p95 ≤ {limit:g} s" if limit else "",
                "; ".join(
                    ([verdict(at_most(p95, limit))] if limit else [])
                    + ([f"×{gain:.2f} one process's runs/s"] if gain else [])
                ),
            ]
        )
    return out


def markdown(header: list[str], body: list[list[str]]) -> str:
    """A Markdown table, its columns padded to their widest cell (so it reads as text too)."""
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, body)])


HEADER = ["measure", "ours", "naive explore() + st_folium", "blank Streamlit page", "target", "this run"]


def issue_table(results: dict[str, dict], rooms: list[int], reruns: int) -> str:
    return markdown(HEADER, rows(results, rooms, reruns))
