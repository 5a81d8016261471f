"""docs/architecture.md stays true: every home it names exists and holds the names it lists."""

import importlib
import re

import pytest

from geo.paths import ROOT

ROWS = [
    line
    for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines()
    if line.startswith("| ") and "`" in line.split("|")[2]
]


def homes(row: str) -> list[tuple[str, list[str]]]:
    """The paths a row's home column names, each with the names written after it (up to the next path)."""
    found, current = [], None
    for token in re.findall(r"`([^`]+)`", row.split("|")[2]):
        if "/" in token or token.endswith((".py", ".toml", ".css", ".js")):
            current = (token.split(" ")[0], [])
            found.append(current)
        elif current and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token):
            current[1].append(token)
    return found


def test_the_index_has_rows():
    assert len(ROWS) > 30


@pytest.mark.parametrize("row", ROWS, ids=[row.split("|")[1].strip()[:40] for row in ROWS])
def test_every_home_exists_and_holds_its_names(row):
    for path, names in homes(row):
        assert (ROOT / path).exists(), f"{path} named in docs/architecture.md does not exist"
        if path.endswith((".py", "/")) and names:
            module = importlib.import_module(path.removesuffix(".py").strip("/").replace("/", "."))
            missing = [name for name in names if not hasattr(module, name)]
            assert not missing, f"{path} has no {missing}"
