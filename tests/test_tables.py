"""The plain HTML tables under the map (geo.tables)."""

import pandas as pd

from geo.tables import cell_text, table_html


def test_a_table_has_a_caption_column_headers_and_figures_aligned_right():
    frame = pd.DataFrame({"시군구": ["나주시", "<b>x</b>"], "거점 수": [12, 3], "확정 (억원)": [1234.5, float("nan")]})
    text = table_html(frame, "시군구별 표")
    assert '<caption class="sr-only">시군구별 표</caption>' in text
    assert '<th scope="col">시군구</th><th scope="col" class=num>거점 수</th>' in text
    assert "<td>나주시</td><td class=num>12</td><td class=num>1,234.5</td>" in text
    # A name is text, never markup; an empty figure is an empty cell.
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>" not in text
    assert "<td class=num>3</td><td class=num></td>" in text
    # A wide table scrolls in a named region the keyboard can reach.
    assert text.startswith('<div class="data-table" role="region" tabindex="0" aria-label="시군구별 표">')


def test_cells_are_read_as_people_write_figures():
    assert [cell_text(v) for v in (1234, 2.0, 0.125, 12.3456, None, "전남")] == [
        "1,234",
        "2",
        "0.12",
        "12.35",
        "",
        "전남",
    ]
