"""AppTest of the belt map with a link naming a stored layer that is gone, malformed, or unreachable."""

import pytest


@pytest.mark.parametrize("layer", ["0" * 32, "../../etc", "' OR 1=1 --"])
def test_a_link_to_a_missing_layer_says_so_and_shows_the_belt(app, layer):
    """A link naming no stored layer (or a malformed id) says the layer is gone and shows the belt's KPIs."""
    app.query_params["layer"] = layer
    app.run()
    assert not app.exception
    assert [i.value for i in app.info if "레이어" in i.value] == [
        "이 링크의 레이어는 삭제되었거나 만료되었습니다. 레이어 없이 벨트를 보여 줍니다."
    ]
    assert app.metric  # the belt's KPIs are there


def test_in_english_too(app):
    """The same notice in English when the link asks for English."""
    app.query_params["layer"] = "0" * 32
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert any(i.value.startswith("This link's layer has been deleted or has expired") for i in app.info)


def test_an_unreachable_store_is_a_notice_not_an_error(app, store_down):
    """With PostGIS down, a layer link shows a notice and the belt, not an exception."""
    app.query_params["layer"] = "0" * 32
    app.run()
    assert not app.exception
    assert any(i.value.startswith("레이어 저장소에 연결할 수 없어") for i in app.info)
    assert app.metric
