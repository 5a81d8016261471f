"""The one label table and the number formats officials read."""

import pytest

from geo import i18n


def test_every_label_has_korean_and_english():
    """No label is missing a language (an empty label would show a blank on screen)."""
    assert all(ko.strip() and en.strip() for ko, en in i18n.LABELS.values())


@pytest.mark.parametrize(
    ("value", "ko", "en"),
    [
        (25000, "2.5조원", "KRW 2.5 tn"),
        (39500, "3.95조원", "KRW 3.95 tn"),
        (6000, "6,000억원", "KRW 600 bn"),
        (192, "192억원", "KRW 19.2 bn"),
        (0, "0억원", "KRW 0 bn"),
    ],
)
def test_budget_format(value, ko, en):
    """억원 become 조원 from 10,000억 up; English uses KRW billions and trillions."""
    assert i18n.format_krw_100m(value, "ko") == ko
    assert i18n.format_krw_100m(value, "en") == en


def test_markdown_escape_makes_data_literal():
    """Links, images, emphasis, HTML and formulas in data are shown as typed."""
    text = "![x](http://host/x.png) **굵게** <b> $x$ [link](javascript:alert(1))"
    escaped = i18n.md_escape(text)
    assert "![" not in escaped and "](" not in escaped and "**" not in escaped and "$x$" not in escaped
    assert escaped.replace("\\", "") == text


def test_t_falls_back_to_korean():
    """An unknown language shows Korean, the dashboard's first language."""
    assert i18n.t("kpi_sites", "fr") == "거점"
    assert i18n.t("kpi_sites", "en") == "Sites"


def test_short_name_drops_bracketed_details():
    """Map labels keep the name and drop the details in brackets."""
    assert i18n.short_name("신안 해상풍력 (8.2GW 계획; 신안우이 390MW)") == "신안 해상풍력"
    assert i18n.short_name("광주과학기술원 (GIST)") == "광주과학기술원"
    assert i18n.short_name("(주)") == "(주)"  # nothing would be left: keep it as it is
