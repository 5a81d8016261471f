"""The shared filters: what each leaves of the catalogue."""

import pytest

from geo.filters import Filters, apply_filters, describe, overlaps_years, shown_links, view_title, year_bounds


def test_no_filter_keeps_everything(cat):
    """With nothing chosen every site, programme and link is shown."""
    view = apply_filters(cat, Filters())
    assert (len(view.sites), len(view.programs), len(view.links)) == (4, 2, 2)


def test_region_filter_keeps_belt_programmes_that_fund_shown_sites(cat):
    """Jeonbuk shows its one site, the belt-wide programme funding it, and no link."""
    view = apply_filters(cat, Filters(regions=("jeonbuk",)))
    assert view.sites["id"].tolist() == ["jb-plant"]
    assert view.programs["id"].tolist() == ["p-wind"]
    assert view.links.empty


def test_sector_filter_matches_any_sector_of_a_site(cat):
    """A site whose second sector is energy is kept by the energy filter."""
    view = apply_filters(cat, Filters(sectors=("energy",)))
    assert set(view.sites["id"]) == {"gj-lab", "jn-wind", "jb-plant"}
    assert view.programs["id"].tolist() == ["p-wind"]


def test_status_and_year_filters(cat):
    """Planned sites and programmes outside the years drop out; unknown periods stay."""
    assert apply_filters(cat, Filters(site_statuses=("planned",))).sites["id"].tolist() == ["gj-lab"]
    assert apply_filters(cat, Filters(years=(2022, 2025))).programs["id"].tolist() == ["p-wind"]
    programs = cat.programs.assign(start_year="", end_year="")
    assert overlaps_years(programs, (2040, 2041)).all()
    assert year_bounds(cat.programs) == (2021, 2030)


def test_describe_filters_for_titles():
    """An export title names the chosen regions and sectors, in the given language."""
    names = {"jeonbuk": "전북특별자치도", "food": "K-푸드 농생명"}
    assert describe(Filters(regions=("jeonbuk",), sectors=("food",)), names) == "전북특별자치도 · K-푸드 농생명"
    assert describe(Filters(), names) == ""


def test_sourced_only_hides_derived_links(cat):
    """With ``sourced_only`` the derived link goes and the sourced one stays; sites are untouched."""
    everything = apply_filters(cat, Filters())
    sourced = apply_filters(cat, Filters(sourced_only=True))
    assert set(everything.links["id"]) == {"l1", "l2"}
    assert set(sourced.links["id"]) == {"l2"}
    assert len(sourced.sites) == len(everything.sites)


def test_shown_links_need_both_ends_and_two_sites(cat):
    """A link is shown when both its sites are; a site linked to itself draws no line and is dropped."""
    assert shown_links(cat.links, {"gj-dc", "gj-lab", "jn-wind"})["id"].tolist() == ["l1", "l2"]
    assert shown_links(cat.links, {"gj-dc", "gj-lab"})["id"].tolist() == ["l2"]
    looped = cat.links.assign(to_id=cat.links["from_id"])
    assert shown_links(looped, set(cat.sites["id"])).empty


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_view_title_names_the_belt_then_the_choice(cat, lang):
    """The export's title is the belt's name alone, or with the chosen region after a dash, in the language."""
    from geo.i18n import names, t

    assert view_title(Filters(), cat, lang) == t("app_title", lang)
    region = cat.regions["id"].iloc[0]
    assert (
        view_title(Filters(regions=(region,)), cat, lang)
        == f"{t('app_title', lang)} — {names(cat.regions, lang)[region]}"
    )
