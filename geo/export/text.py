"""Text on the page: the bundled fonts, wrapping, halos, and the footer's sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Annotation, Text

from geo.assets import font_path
from geo.cells import split_ids
from geo.citations import citations, source_index
from geo.export.style import INK, LABEL_MAX_IN
from geo.i18n import short_name, t

MAX_SOURCES = 3
MAX_SOURCE_CHARS = 48


def shorten(text: str, max_chars: int = MAX_SOURCE_CHARS) -> str:
    """A source as a footer cites it: parenthetical notes dropped, cut at a word to ``max_chars``."""
    short = short_name(" ".join(str(text).split()))
    if len(short) <= max_chars:
        return short
    cut = short[: max_chars - 1]
    if " " in cut[max_chars // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;·") + "…"


def distinct_sources(cells: Iterable[str]) -> list[str]:
    """The sources cited in ``source`` cells (each ``;``-separated), most cited first."""
    counts = Counter(source for cell in cells for source in split_ids(cell))
    return [s for s, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def sources_line(cells: Iterable[str], lang: str = "ko", keep: int = MAX_SOURCES) -> str:
    """The sites' sources as the footer cites them: the most cited few, then how many more.

    Empty when no site names a source.

    >>> sources_line(["A; B", "A", "C", "D"], "en", keep=2)
    'Sources: A; B and 2 more'
    """
    distinct = distinct_sources(cells)
    if not distinct:
        return ""
    shown = "; ".join(shorten(s) for s in distinct[:keep])
    if len(distinct) > keep:
        shown += " " + t("export_more", lang).format(n=len(distinct) - keep)
    return f"{t('sources_footer', lang)}: {shown}"


def footer_citations(view_sites: pd.DataFrame, cat) -> list[str]:
    """The shown sites' sources as citations ("광주일보, 2025-04-08, 「…」"), one ``;``-joined cell per site.

    Source ids never reach the footer: they are looked up in the catalogue's bibliography.
    """
    if "source" not in view_sites:
        return []
    index = source_index(getattr(cat, "sources", None))
    return [";".join(text for text, _ in citations(cell, index)) for cell in view_sites["source"]]


def footer_paragraphs(cells: Iterable[str], n_estimated: int, lang: str = "ko") -> list[str]:
    """The footer: the sites' sources, then the boundaries' source and a note on estimated locations."""
    second = f"{t('boundary_source', lang)}: {t('boundary_citation', lang)}"
    if n_estimated:
        second += " · " + t("export_estimated", lang).format(n=n_estimated)
    first = sources_line(cells, lang)
    return [first, second] if first else [second]


def font(size: float, bold: bool = False) -> FontProperties:
    """NanumGothic (regular or bold) from the package's own files, at ``size`` points."""
    return FontProperties(fname=str(font_path("NanumGothicBold.ttf" if bold else "NanumGothic.ttf")), size=size)


def text_width_in(renderer, text: str, prop: FontProperties) -> float:
    """Width of ``text`` set in ``prop``, in inches."""
    width, _, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)
    return width / renderer.dpi


def wrap(renderer, text: str, prop: FontProperties, width_in: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_in`` (a longer word stays whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_width_in(renderer, trial, prop) > width_in:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    # A last line of one short word ("MW)", "0.1") reads as a stray: give it company.
    if len(lines) > 1 and " " in lines[-2] and text_width_in(renderer, lines[-1], prop) < 0.2 * width_in:
        head, moved = lines[-2].rsplit(" ", 1)
        lines[-2:] = [head, f"{moved} {lines[-1]}"]
    return lines


def label_text(renderer, name: str, prop: FontProperties, width_in: float = LABEL_MAX_IN) -> str:
    """A site's map label: its name in at most two lines; details in parentheses go first when it is longer."""
    lines = wrap(renderer, name, prop, width_in)
    if len(lines) > 2:
        lines = wrap(renderer, short_name(name), prop, width_in)
    return "\n".join(lines)


def fig_text(fig: Figure, x_in: float, y_in: float, text: str, prop: FontProperties, **kwargs) -> Text:
    """Text placed in figure inches; math parsing off because the text may be data."""
    return fig.text(
        x_in / fig.get_figwidth(),
        y_in / fig.get_figheight(),
        text,
        fontproperties=prop,
        parse_math=False,
        usetex=False,
        color=kwargs.pop("color", INK),
        **kwargs,
    )


HALO = [patheffects.withStroke(linewidth=3.2, foreground="white")]


def halo_under(ax: Axes, text: Text) -> Text:
    """A white outline of ``text`` drawn just under it, as a separate artist.

    Matplotlib draws text that has path effects as outlines, so a halo on the text itself
    would make it unsearchable in the PDF; the twin carries the halo and the text stays text.
    """
    if isinstance(text, Annotation):
        twin = ax.annotate(text.get_text(), text.xy, xytext=text.get_position(), textcoords=text.anncoords)
    else:
        twin = ax.text(*text.get_position(), text.get_text(), transform=text.get_transform())
    twin.update_from(text)
    twin.set(color="white", path_effects=HALO, zorder=text.get_zorder() - 0.05, gid="halo", parse_math=False)
    return twin
