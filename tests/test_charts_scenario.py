"""The gap matrix in the scenario: cells the proposals close or narrow are ringed, open ones are not."""

import pandas as pd

from geo.charts import gap_heatmap
from geo.charts.scenario import mark_gaps
from geo.maps.proposals import PROPOSAL_RING
from geo.scenario import gaps_closed

SECTORS = pd.DataFrame(
    {"id": ["bio", "food"], "name_ko": ["바이오", "푸드"], "name_en": ["Bio", "Food"], "colour": ["#111111", "#222222"]}
)
STAGES = pd.DataFrame({"id": ["rnd", "testbed"], "name_ko": ["연구", "실증"], "name_en": ["R&D", "Testbed"]})
BEFORE = pd.DataFrame({"rnd": [0, 1], "testbed": [2, 0]}, index=["bio", "food"])
AFTER = pd.DataFrame({"rnd": [2, 1], "testbed": [2, 1]}, index=["bio", "food"])


def test_changed_cells_are_ringed_at_their_row_and_column():
    """bio × 연구 (closed) and food × 실증 (narrowed) get an orange open square; food × 연구 (open) does not."""
    fig = mark_gaps(gap_heatmap(AFTER, SECTORS, STAGES, "ko"), gaps_closed(BEFORE, AFTER), SECTORS, STAGES, "ko")
    ring = fig.data[-1]
    assert ring.name == "제안으로 메워지거나 좁혀지는 칸" and ring.marker.color == PROPOSAL_RING
    assert ring.marker.symbol == "square-open"
    assert list(ring.x) == ["연구", "실증"] and [y.endswith(n) for y, n in zip(ring.y, ("바이오", "푸드"))] == [
        True,
        True,
    ]
    assert list(ring.customdata) == ["0 → 2 · 메워짐", "0 → 1 · 좁혀짐"]
    heat = fig.data[0]
    assert set(ring.x) <= set(heat.x) and set(ring.y) <= set(heat.y)


def test_nothing_changed_leaves_the_matrix_as_it_was():
    """No gap closed or narrowed: no trace added."""
    fig = gap_heatmap(BEFORE, SECTORS, STAGES, "ko")
    assert len(mark_gaps(fig, gaps_closed(BEFORE, BEFORE), SECTORS, STAGES, "ko").data) == len(fig.data)
