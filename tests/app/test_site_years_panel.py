"""AppTest: the site panel says a site's years, and plainly when the sources give none."""

import pytest


@pytest.mark.parametrize(
    ("site", "lang", "line"),
    [
        ("gj-naidc", "ko", "**연혁** 착공 2021 · 개소 2023"),
        ("jn-nacc", "en", "**Timeline** announced 2025 · planned to open 2028"),
        ("jb-gunsan-nic", "ko", "**연혁** 개소 연도 미상 — 출처에서 찾지 못함"),
    ],
)
def test_site_panel_says_its_years(app, site, lang, line):
    app.query_params["site"] = site
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    text = "\n".join(m.value.replace("\\", "") for m in app.markdown)
    assert line in text
