"""One home for reading list and colour cells: the catalogue, validator and store agree."""

import pytest

from geo.catalogue import load_catalogue
from geo.cells import hex_colour, is_hex_colour, split_ids
from geo.citations import split_source_ids
from geo.paths import DEFAULT_DATA_DIR


@pytest.mark.parametrize(
    ("cell", "ids"),
    [("a;b", ["a", "b"]), (" a ; ; b ;", ["a", "b"]), ("", []), (None, []), ("a", ["a"])],
)
def test_split_ids(cell, ids):
    assert split_ids(cell) == ids


def test_source_ids_drop_repeats_but_keep_order():
    assert split_source_ids("b; a; b") == ["b", "a"]


@pytest.mark.parametrize("value", ["#000000", "#a1B2c3"])
def test_hex_colour_accepts_six_digits(value):
    assert is_hex_colour(value) and hex_colour(value) == value


@pytest.mark.parametrize("value", ["#fff", "red", "#1234567", " #123456", None, 123456, "#12345g"])
def test_hex_colour_names_what_it_refuses(value):
    assert not is_hex_colour(value)
    with pytest.raises(ValueError, match="#RRGGBB") as caught:
        hex_colour(value)
    assert repr(value) in str(caught.value)


def test_every_programme_site_is_split_to_a_known_site():
    cat = load_catalogue(DEFAULT_DATA_DIR)
    known = set(cat.sites["id"])
    listed = [site for cell in cat.programs["site_ids"] for site in split_ids(cell)]
    assert listed and set(listed) <= known
