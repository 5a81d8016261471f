"""The copy-link box: the view's link in a labelled read-only field and a plain copy button, in ko and en."""

from __future__ import annotations

import pytest

from ui.sidebar import copy_link_html


def copy_boxes(app) -> list[str]:
    """The markup of each copy-link box in the sidebar."""
    return [h.proto.body for h in app.sidebar.get("html") if 'class="copy-link"' in h.proto.body]


@pytest.mark.parametrize(
    ("lang", "label", "button", "copied"),
    [("ko", "이 화면의 링크", "링크 복사", "복사됨"), ("en", "Link to this view", "Copy link", "Copied")],
)
def test_the_box_holds_the_view_link_and_a_named_button(app, lang, label, button, copied):
    """The field carries the view's query, named by its label; the button and its words follow the language."""
    app.query_params["f_region"] = "jeonbuk"
    if lang == "en":
        app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    (box,) = copy_boxes(app)
    assert "<input" in box and " readonly " in box and "f_region=jeonbuk" in box
    assert f"<label>{label}<input" in box  # the field inside its visible label: its accessible name
    assert f">{button}</button>" in box and f'data-copied="{copied}"' in box
    assert 'role="status" aria-live="polite"' in box
    assert not app.sidebar.code  # no code box: no syntax highlighter loaded for one line


def test_the_link_cannot_break_out_of_the_field():
    """A link is text in an attribute: quotes and angle brackets are escaped, so no element can be smuggled in."""
    box = copy_link_html('http://x/?q="><img src=x onerror=alert(1)>', "ko")
    assert "<img" not in box and 'value="http://x/?q=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in box
    assert "<script" not in box  # the button's behaviour is the page's one script, not the box's
