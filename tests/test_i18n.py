"""The one label table (geo/texts.toml) and the number formats officials read."""

import ast
import re
import string
from pathlib import Path

import pytest

from geo import i18n

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile("[\uac00-\ud7a3]")


def entries(node, path=()):
    """Every ``{ko = …, en = …}`` entry of the texts file, with its path of keys."""
    if isinstance(node, dict) and set(node) & set(i18n.LANGS):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from entries(value, (*path, key))
    else:
        raise AssertionError(f"{'.'.join(path)}: not a section and not a text in both languages")


def placeholders(text: str) -> set[tuple[str, str]]:
    """The ``{name:spec}`` fields of a text, as ``str.format`` reads them."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


ENTRIES = list(entries(i18n.TEXTS))


def test_the_texts_file_is_read():
    """The file ships next to the module and holds every section the code asks for."""
    assert i18n.TEXTS_FILE.parent == Path(i18n.__file__).parent
    assert {"labels", "headers", "source_kinds", "catalogue_files", "column_meanings"} <= set(i18n.TEXTS)
    assert len(i18n.LABELS) > 300


def entry_problems(entry: dict) -> list[str]:
    """What is wrong with one text: a missing language, a blank, unequal placeholders or header lists."""
    if set(entry) != set(i18n.LANGS):
        return [f"languages {sorted(entry)}"]
    ko, en = entry["ko"], entry["en"]
    if isinstance(ko, list):  # column headers: one per column, in both languages
        if not (isinstance(en, list) and len(ko) == len(en) and all(ko) and all(en)):
            return [f"header lists differ or have a blank: {ko} / {en}"]
        return []
    if not (isinstance(ko, str) and isinstance(en, str)):
        return [f"not text: {ko!r} / {en!r}"]
    found = []
    if not (ko.strip() and en.strip()):
        found.append("empty")
    if placeholders(ko) != placeholders(en):
        found.append(f"placeholders differ: ko {sorted(placeholders(ko))}, en {sorted(placeholders(en))}")
    return found


def text_problems(found) -> list[str]:
    """Every problem of every text in ``found`` (``entries``' pairs), each as "section.key: what"."""
    return [f"{'.'.join(path)}: {problem}" for path, entry in found for problem in entry_problems(entry)]


def test_every_text_has_korean_and_english():
    """Every text of every section passes the checks (a blank or a missing {n} would show on screen); all are listed."""
    bad = text_problems(ENTRIES)
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize(
    "entry",
    [
        {"ko": "반쪽"},
        {"ko": "거점 {n}곳", "en": "sites"},
        {"ko": "{n:,}개", "en": "{n} features"},
        {"ko": " ", "en": "Sites"},
        {"ko": ["파일", "열"], "en": ["File"]},
    ],
)
def test_the_checks_catch_a_bad_text(entry):
    """A missing language, a placeholder in one language only, a blank, a header short of a column."""
    assert entry_problems(entry)


def test_every_bad_text_is_reported_at_once():
    """Two bad texts in two sections: both keys are named, not only the first."""
    bad = {"labels": {"a": {"ko": "거점", "en": " "}}, "headers": {"b": {"ko": "{n}곳", "en": "sites"}}}
    assert text_problems(entries(bad)) == ["labels.a: empty", "headers.b: placeholders differ: ko [('n', '')], en []"]


def test_a_value_that_is_no_text_is_caught():
    """A bare value where a ko/en pair or a section belongs is reported with its path."""
    with pytest.raises(AssertionError, match="labels.odd"):
        list(entries({"labels": {"odd": 3}}))


def test_korean_texts_are_korean():
    """The languages are not swapped: most Korean texts have Hangul, no English text is mostly Hangul."""
    texts = [(entry["ko"], entry["en"]) for _, entry in ENTRIES if isinstance(entry["ko"], str)]
    assert sum(bool(HANGUL.search(ko)) for ko, _ in texts) > 0.9 * len(texts)
    assert i18n.t("kpi_sites", "ko") == "거점" and i18n.t("kpi_sites", "en") == "Sites"


def test_unknown_key_names_the_key():
    """A missing label fails loudly, naming the key (never a blank on screen)."""
    with pytest.raises(KeyError, match="no_such_label"):
        i18n.t("no_such_label", "en")


def test_sections_pick_the_language():
    """A section comes back in one language, nested sections nested, header lists as tuples."""
    assert i18n.section("source_kinds", "en")["press"] == "Press"
    assert i18n.section("source_kinds", "fr")["press"] == "언론"
    assert i18n.section("column_meanings", "en")["links.csv"]["strength"] == "Strength of the link, 1 to 3"
    assert i18n.section("headers", "en")["dictionary"] == ("File", "Column", "Meaning", "Allowed values")


def test_column_pickers():
    """Catalogue columns by language, Korean when the language is unknown; the other language of each."""
    assert [i18n.name_column(lang) for lang in ("ko", "en", "fr")] == ["name_ko", "name_en", "name_ko"]
    assert [i18n.localised("role", lang) for lang in ("ko", "en", "fr")] == ["role_ko", "role_en", "role_ko"]
    assert [i18n.other_language(lang) for lang in ("ko", "en", "fr")] == ["en", "ko", "en"]


def bilingual_literals(source: str, name: str) -> list[str]:
    """Literal pairs of a Korean and an English text, and ``{"ko": "…", "en": "…"}`` dicts, in Python ``source``."""
    found: list[tuple[int, list[str]]] = []
    tree = ast.parse(source)
    # A pair passed to a call is an argument (``name.endswith(("명", "name"))``), not a table.
    arguments = {id(arg) for call in ast.walk(tree) if isinstance(call, ast.Call) for arg in call.args}
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2 and id(node) not in arguments:
            texts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if (
                len(texts) == 2
                and sum(bool(HANGUL.search(x)) for x in texts) == 1
                and any(re.search("[A-Za-z]{2}", x) and not HANGUL.search(x) for x in texts)
            ):
                found.append((node.lineno, texts))
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            values = [v for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            if set(i18n.LANGS) <= keys and values:
                found.append((node.lineno, sorted(keys)))
    return [f"{name}:{line} {what}" for line, what in sorted(found)]


def test_bilingual_literals_finds_pairs():
    """The scan sees a tuple table and a ko/en dict, and leaves Korean-only tuples and data columns alone."""
    source = "\n".join(
        (
            'A = {"k": ("거점", "Sites")}',
            'B = {"ko": "거점", "en": "Sites"}',
            'C = ("위도", "경도")',
            'D = ("name_ko", x)',
            'E = s.endswith(("명", "name"))',
        )
    )
    assert bilingual_literals(source, "x.py") == ["x.py:1 ['거점', 'Sites']", "x.py:2 ['en', 'ko']"]


def test_texts_file_is_the_only_table():
    """No Korean/English pair is written in code: geo/, ui/ and views/ ask texts.toml for them."""
    paths = [*(ROOT / "geo").rglob("*.py"), *(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py")]
    names = {str(path.relative_to(ROOT)): path for path in paths}
    found = [hit for name, path in sorted(names.items()) for hit in bilingual_literals(path.read_text("utf-8"), name)]
    assert found == []


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
