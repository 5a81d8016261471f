"""The briefing pack's download: in the presenter's "⋯ 공유" menu and on the programmes page, in both languages."""

PACK_KO, PACK_EN = "발표 자료 PDF (이야기 전체)", "Briefing pack PDF (whole story)"


def test_presenter_menu_offers_the_pack(new_app):
    """The presenter's menu has the pack beside the step's PNG and PDF, named in the page's language."""
    at = new_app("views/presenter.py")
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert PACK_KO in labels
    at.radio(key="lang").set_value("en").run()
    assert PACK_EN in [b.proto.label for b in at.get("download_button")]


def test_programmes_page_offers_the_pack(new_app):
    """The programmes page offers the pack beside its CSV and GeoJSON downloads."""
    at = new_app("views/programs.py")
    at.run()
    assert not at.exception
    assert PACK_KO in [b.proto.label for b in at.get("download_button")]


def test_no_story_no_pack(new_app, tmp_path, monkeypatch):
    """A catalogue copy without story.csv offers no pack (there would be nothing to hand out)."""
    import shutil

    from geo.paths import DEFAULT_DATA_DIR

    copy = shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    (copy / "story.csv").unlink()
    monkeypatch.setenv("AXBELT_DATA_DIR", str(copy))
    at = new_app("views/programs.py")
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels and PACK_KO not in labels  # the page's own downloads are there
