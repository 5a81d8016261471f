"""bench/table.py: the room benchmark's table says met / NOT met against issue 25's targets, from given figures."""

from __future__ import annotations

import sys

from geo.paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import table  # noqa: E402


def room(runs_s, p95, cpu_ms=100.0):
    return {"runs_s": runs_s, "p95": p95, "cpu_ms": cpu_ms}


def probe(first_kb, first_cpu, rerun_cpu=60.0):
    return {"first_kb": first_kb, "rerun_kb": 20.0, "first_cpu_ms": first_cpu, "rerun_cpu_ms": rerun_cpu}


RESULTS = {
    "one": {"warm": 1.2, "first": 1.5, "probe": probe(400.0, 300.0), "rooms": {20: room(3.5, 6.8), 50: room(3.6, 9)}},
    "pair": {"rooms": {20: room(7.0, 1.9), 50: room(6.0, 4.5)}},
    "naive": {"warm": 3.0, "first": 3.1, "probe": probe(4000.0, 900.0), "rooms": {20: room(0.5, 30.0)}},
    "blank": {"warm": 1.0, "first": 1.1, "probe": probe(5.0, 10.0), "rooms": {20: room(40.0, 0.3)}},
}


def cells(measure: str, results=RESULTS) -> list[str]:
    (row,) = [r for r in table.rows(results, [20, 50], 3) if r[0].startswith(measure)]
    return row


def test_time_to_map_is_judged_against_both_peers():
    """1.2 s beside naive 3.0 s (×0.40, met) and blank 1.0 s (×1.20, met); 1.5 s beside 1.0 s is not met."""
    row = cells("time to map, warm")
    assert row[2] == "3.00 s (×0.40)" and row[3] == "1.00 s (×1.20)" and row[5] == "naive met, blank met"
    slower = {**RESULTS, "one": {**RESULTS["one"], "warm": 1.5}}
    assert cells("time to map, warm", slower)[5] == "naive met, blank NOT met"


def test_bytes_and_first_run_cost():
    """400 kB beside 4,000 kB is ×0.10 (met, ≤ 0.15×); a first run of 300 ms is ×5 a rerun's 60 ms."""
    row = cells("websocket bytes to the first map")
    assert row[1] == "400 kB" and row[2] == "4,000 kB (×0.10)" and row[5] == "×0.10: met"
    assert cells("server CPU, a new session's first run")[1:] == [
        "300 ms",
        "900 ms",
        "10 ms",
        "as a rerun",
        "×5.00 a rerun's",
    ]


def test_rooms_through_nginx_meet_their_own_p95_target():
    """20 sessions: p95 1.9 s ≤ 2 s met; 50 sessions: 4.5 s > 4 s not met; each with its gain over one process."""
    assert cells("20 × 3 through nginx")[4:] == ["p95 ≤ 2 s", "met; ×2.00 one process's runs/s"]
    assert cells("50 × 3 through nginx")[4:] == ["p95 ≤ 4 s", "NOT met; ×1.67 one process's runs/s"]
    assert cells("20 sessions × 3 runs, one process")[2] == "0.50 runs/s, p95 30.00 s, 100 ms CPU/run"


def test_what_was_not_measured_is_a_dash_never_a_verdict():
    """No naive peer and no nginx: their cells and verdicts are '—', not 'met'."""
    partial = {"one": RESULTS["one"], "blank": RESULTS["blank"]}
    assert cells("time to map, warm", partial)[2] == "—" and cells("time to map, warm", partial)[5].startswith(
        "naive —"
    )
    assert cells("websocket bytes to the first map", partial)[5] == "—"
    assert cells("20 × 3 through nginx", partial)[1] == "—" and cells("20 × 3 through nginx", partial)[5] == "—"


def test_the_table_is_markdown_with_padded_columns():
    text = table.issue_table(RESULTS, [20, 50], 3)
    lines = text.splitlines()
    assert lines[0].startswith("| measure") and set(lines[1]) <= {"|", "-"}
    assert len({len(line) for line in lines}) == 1  # every row as wide: columns line up as plain text


def test_a_room_only_the_naive_peer_had_gets_its_own_row_and_no_nginx_row():
    """The naive peer at 10 sessions (it is slow): its row shows it, ours '—'; no 10-session nginx row."""
    results = {**RESULTS, "naive": {**RESULTS["naive"], "rooms": {10: room(0.46, 25.0)}}}
    assert cells("10 sessions × 3 runs, one process", results)[1:3] == ["—", "0.46 runs/s, p95 25.00 s, 100 ms CPU/run"]
    assert not [r for r in table.rows(results, [20, 50], 3) if r[0].startswith("10 × 3 through")]
