"""The presenter's story: reading, checking against the catalogue, and what each step shows."""

import pandas as pd
import pytest

from geo import story
from geo.catalogue import load_catalogue, read_table
from geo.maps import view_bounds
from geo.paths import DEFAULT_DATA_DIR

ROW = {
    "step": "1",
    "title_ko": "제목",
    "title_en": "Title",
    "caption_ko": "설명",
    "caption_en": "Caption",
    "lat": "35.2",
    "lon": "126.9",
    "zoom": "9",
    "regions": "gwangju",
    "sectors": "",
    "link_kinds": "energy",
    "highlight": "gj-dc",
    "choropleth": "sites",
    "source": "test",
    "as_of": "2025-12-24",
}


def test_shipped_story_has_six_to_eight_valid_steps():
    """The default story tells the belt in 6–8 steps and names only known sites, sectors and kinds."""
    steps = story.read_story(DEFAULT_DATA_DIR / story.STORY_FILE)
    assert 6 <= len(steps) <= 8
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    cat = load_catalogue(DEFAULT_DATA_DIR)
    assert story.check_story(read_table(DEFAULT_DATA_DIR / story.STORY_FILE), cat) == []
    assert all(s.title["ko"] and s.title["en"] and s.caption["ko"] and s.caption["en"] for s in steps)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("highlight", "gj-ghost", "unknown id"),
        ("regions", "seoul", "unknown id"),
        ("zoom", "near", "a number"),
        ("choropleth", "gdp", "must be one of"),
        ("link_kinds", "road", "unknown id"),
        ("source", "", "source is empty"),
    ],
)
def test_check_story_names_the_bad_field(cat, field, value, message):
    """Each wrong field of a step is reported with its row and value."""
    problems = story.check_story(pd.DataFrame([{**ROW, field: value}]), cat)
    assert [(p.field, p.value) for p in problems] == [(field, value)]
    assert message in problems[0].message
    assert problems[0].row == "row 2 (id=1)"


def test_step_view_filters_sites_and_link_kinds(cat, tmp_path):
    """A step shows its regions' sites and only its link kinds."""
    pd.DataFrame([ROW]).to_csv(tmp_path / "story.csv", index=False)
    step = story.read_story(tmp_path / "story.csv")[0]
    view = story.step_view(cat, step)
    assert set(view.sites["region"]) == {"gwangju"}
    assert view.links.empty  # the only Gwangju link is a compute link, not energy
    assert step.link_kinds == ("energy",) and step.highlight == ("gj-dc",)


def test_view_bounds_narrow_with_zoom():
    """A step's export covers what its map shows: one zoom level more halves the span."""
    wide, close = view_bounds((35.2, 126.9), 8), view_bounds((35.2, 126.9), 9)
    assert wide[0] < 126.9 < wide[2] and wide[1] < 35.2 < wide[3]
    assert (wide[2] - wide[0]) == pytest.approx(2 * (close[2] - close[0]))


def test_shipped_story_claims_only_flows_the_links_show():
    """Each step's flow claims are shown by links.csv, and every caption that speaks of flows names them."""
    table = read_table(DEFAULT_DATA_DIR / story.STORY_FILE)
    cat = load_catalogue(DEFAULT_DATA_DIR)
    assert story.check_flow_claims(table, cat) == []
    for _, row in table.iterrows():
        speaks_of_flows = "흐" in row["caption_ko"] or "flow" in row["caption_en"].lower()
        assert not speaks_of_flows or row["flows"], f"step {row['step']} says something flows but claims no flow"
    # The audit's finding stays fixed: no step claims energy from Jeonnam into Gwangju.
    claims = {claim for cell in table["flows"] for claim in cell.split(";") if claim}
    assert "energy:jeonnam>gwangju" not in claims
    assert all(not story.flow_links(cat, claim).empty for claim in claims)


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("energy:gwangju>jeonnam", "no energy link from gwangju to jeonnam"),
        ("compute:jeonbuk>gwangju", "no compute link from jeonbuk to gwangju"),
        ("road:gwangju>jeonnam", "must read kind:from>to"),
        ("energy:seoul>gwangju", "must read kind:from>to"),
        ("energy jeonnam gwangju", "must read kind:from>to"),
    ],
)
def test_a_flow_the_links_do_not_show_is_reported(cat, claim, message):
    """A claim with no link of its kind running that way, or a malformed one, names the step and the claim."""
    problems = story.check_flow_claims(pd.DataFrame([{**ROW, "flows": claim}]), cat)
    assert [(p.field, p.value) for p in problems] == [("flows", claim)]
    assert message in problems[0].message


def test_a_flow_the_links_show_passes(cat):
    """The fixture's one energy link runs from Jeonnam to Gwangju; claiming it is fine."""
    assert story.check_flow_claims(pd.DataFrame([{**ROW, "flows": "energy:jeonnam>gwangju"}]), cat) == []
    assert story.flow_links(cat, "energy:jeonnam>gwangju")["id"].tolist() == ["l1"]
