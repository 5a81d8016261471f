"""The interface's fixed texts in Korean and English, read from ``geo/texts.toml``.

Every bilingual text lives in that one file; code asks for a key (``t``) or a section
(``section``). Names that are data (sites, sectors, stages, regions) come from the catalogue's
``name_ko`` and ``name_en`` columns; ``name_column`` picks the right one.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

LANGS = ("ko", "en")
# An unknown language shows Korean, the dashboard's first language.
DEFAULT_LANG = "ko"
TEXTS_FILE = Path(__file__).with_name("texts.toml")
# Read once at import: the file ships inside the package, next to this module.
TEXTS: dict = tomllib.loads(TEXTS_FILE.read_text(encoding="utf-8"))
# Label key → {"ko": text, "en": text}; ``t`` reads it.
LABELS: dict[str, dict[str, str]] = TEXTS["labels"]


def _lang(lang: str) -> str:
    """``lang`` if the dashboard speaks it, else the default language."""
    return lang if lang in LANGS else DEFAULT_LANG


def _pick(node, lang: str):
    """``node`` with every ``{ko = …, en = …}`` pair replaced by its text in ``lang``; lists become tuples."""
    if isinstance(node, dict) and node.keys() == set(LANGS):
        text = node[lang]
        return tuple(text) if isinstance(text, list) else text
    return {key: _pick(value, lang) for key, value in node.items()}


def section(name: str, lang: str = "ko") -> dict:
    """Section ``name`` of the texts file in ``lang``: key → text (nested sections stay nested).

    >>> section("source_kinds", "en")["press"]
    'Press'
    >>> section("headers", "ko")["dictionary"]
    ('파일', '열', '뜻', '허용 값')
    """
    return _pick(TEXTS[name], _lang(lang))


def t(key: str, lang: str = "ko") -> str:
    """The label for ``key`` in ``lang`` (Korean when the language is unknown)."""
    return LABELS[key][_lang(lang)]


def name_column(lang: str) -> str:
    """The catalogue column that holds names in ``lang``."""
    return localised("name", lang)


def short_name(name: str) -> str:
    """A site name without its bracketed details, for labels on a map: "신안 해상풍력 (8.2GW …)" → "신안 해상풍력"."""
    return " ".join(re.sub(r"\s*\([^)]*\)", "", name).split()) or name


def names(table, lang: str) -> dict[str, str]:
    """Id → name in ``lang`` for a catalogue table (sectors, stages, regions, sites)."""
    return dict(zip(table["id"], table[name_column(lang)]))


def format_krw_100m(value: float, lang: str = "ko") -> str:
    """An amount in 억원 as officials write it: 조원 from 10,000억 up, else 억원.

    >>> format_krw_100m(25000)
    '2.5조원'
    >>> format_krw_100m(6000)
    '6,000억원'
    """
    if value >= 10_000:
        amount = f"{value / 10_000:,.2f}".rstrip("0").rstrip(".")
        return f"{amount}조원" if lang == "ko" else f"KRW {amount} tn"
    if lang == "ko":
        return f"{value:,.0f}억원"
    return f"KRW {value / 10:,.1f}".rstrip("0").rstrip(".") + " bn"


def md_escape(text: object) -> str:
    """Text from data made literal for Streamlit's markdown: every ASCII punctuation mark escaped.

    Names come from the catalogue or an upload; unescaped, ``![x](http://host/x.png)`` would
    render as an image fetched from outside, and ``$x$`` as a formula.
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text))


def localised(base: str, lang: str) -> str:
    """The catalogue column that holds ``base`` in ``lang``: ``role`` → ``role_en`` (Korean when unknown).

    >>> localised("key_figures", "en"), localised("role", "fr")
    ('key_figures_en', 'role_ko')
    """
    return f"{base}_{_lang(lang)}"


def other_language(lang: str) -> str:
    """The dashboard's other language: a Korean reader's panel names the site in English too, and back."""
    return next(other for other in LANGS if other != _lang(lang))


def format_krw_range(low: float, high: float, lang: str = "ko") -> str:
    """A range of amounts in 억원 as officials read it: the unit once when both ends share it.

    In English the range is in KRW billions (1 bn = 10 억원), whole.

    >>> format_krw_range(0, 804), format_krw_range(804, 25000), format_krw_range(12000, 25000)
    ('0–804억원', '804억–2.5조원', '1.2–2.5조원')
    >>> format_krw_range(0, 804, "en")
    'KRW 0–80 bn'
    """
    if lang == "en":
        return f"KRW {low / 10:,.0f}–{high / 10:,.0f} bn"
    low_unit, high_unit = ("조" if low >= 10_000 else "억"), ("조" if high >= 10_000 else "억")
    start = _krw_number(low, low_unit) + ("" if low_unit == high_unit else low_unit)
    return f"{start}–{_krw_number(high, high_unit)}{high_unit}원"


def _krw_number(value: float, unit: str) -> str:
    """An amount in 억원 written in ``unit`` (억 or 조) without the unit: 804, 1.2."""
    if unit == "조":
        return f"{value / 10_000:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,.0f}"


def display_names(table, lang: str):
    """Each row's name in ``lang``, or its Korean name where that one is blank (or the column is absent).

    A catalogue must give every Korean name but may leave an English one blank (a planner's own
    copy, an uploaded layer). Returns a Series aligned with ``table``'s rows.

    >>> import pandas as pd
    >>> display_names(pd.DataFrame({"name_ko": ["광주", "전남"], "name_en": ["Gwangju", ""]}), "en").tolist()
    ['Gwangju', '전남']
    """
    column = name_column(lang)
    if column not in table:
        return table["name_ko"]
    return table[column].where(table[column].astype(bool), table["name_ko"])


def display_name(row, lang: str) -> str:
    """One row's name in ``lang``, or its Korean name when that one is blank (the rule of `display_names`).

    >>> display_name({"name_ko": "전남", "name_en": ""}, "en")
    '전남'
    """
    return row.get(name_column(lang)) or row["name_ko"]
