"""The build-out as a picture: the belt year by year, as an animated GIF for slides and small multiples for print.

Both are drawn by the briefing export's renderer (the same frame, boundaries, area names,
scale bar, north arrow, fonts and footer as the PNG/PDF map) with one change: each site is
drawn as it stood in the frame's year (``geo.timeline``), and every frame carries its year and
the running totals — the sites running and the confirmed money decided by then, added by the
KPI's rule (`geo.joins.confirmed_split`).

How each year's state looks is decided here once (`PHASE_STYLE`), for the map and the legend
alike, in the map's words (`geo.timeline`'s legend): running sites filled; under construction
hollow with a solid edge (hatched, so it reads in grey print too); planned or proposed hollow with
a dashed edge, faint; planned to be running by then (a plan, never a fact) faint with a dotted
edge; year unknown faint grey; a site not yet announced is not drawn. Years after today are plans,
and each such frame says so.

A marker stays at its place: positions are fanned out once over every site of the view (a
fraction of a marker's size, as the page does), so a site never moves between frames.

- `year_states`: what each year shows (sites with their phase, counts, money, what is new);
- `BuildOut`: the slide frame (1280×720) with its fixed parts drawn once, then one year at a time;
- `build_out_gif`: the GIF, one frame a year; `small_multiples`, `small_multiples_png`: four years on one A4 page.
"""

from geo.export.buildout.drawing import (  # noqa: F401
    Row,
    draw_key,
    draw_phase_sites,
    legend_rows,
)
from geo.export.buildout.multiples import (  # noqa: F401
    LEGEND_COLUMN_IN,
    LEGEND_ROW_IN,
    Grid,
    panel_grid,
    small_multiples,
    small_multiples_png,
)
from geo.export.buildout.slides import (  # noqa: F401
    TITLE_SIZES,
    BuildOut,
    build_out_gif,
    frames,
    gif_bytes,
    gif_palette,
    slide_title,
)
from geo.export.buildout.states import (  # noqa: F401
    EXACT_COLOURS,
    FRAME_MS,
    HIDDEN_PHASES,
    LAST_FRAME_MS,
    LEGEND_PHASES,
    MULTIPLE_YEARS,
    PHASE_STYLE,
    PHASES,
    RING_COLOUR,
    RUNNING_PHASES,
    SLIDE_DPI,
    SLIDE_IN,
    UNKNOWN_EDGE,
    UNKNOWN_FACE,
    PhaseStyle,
    YearState,
    new_line,
    timeline,
    totals_lines,
    year_states,
)
