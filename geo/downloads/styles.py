"""QGIS styles (QML) for the layers of a view's GeoPackage, drawn as the dashboard's map draws them.

Sites: a category per main sector in the sector's colour (``data/sectors.csv``), the marker's
shape by value-chain stage (``geo.maps.markers.STAGE_SHAPES``), hollow and dashed while planned or
proposed. Links: a category per kind and evidence, in the kind's colour, derived links dashed and
lighter (``geo.maps.flows``). Districts: the classes of the view's colouring, in their colours
(``geo.maps.choropleth``). Each style also names every field in the reader's language (aliases).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import quoteattr

from geo.catalogue import LINK_KINDS
from geo.i18n import t
from geo.maps.choropleth import LAND_FILL
from geo.maps.flows import DERIVED_DASH, DERIVED_OPACITY, FLOW_COLOURS, SOURCED_OPACITY
from geo.maps.markers import HOLLOW_STATUSES, MARKER_EDGE, STAGE_SHAPES

QGIS_VERSION = "3.34.0-Prizren"
# The map's SVG stage shapes as QGIS's own simple-marker shapes (same outline, so the stage reads the same).
QGIS_SHAPES: dict[str, str] = {
    "energy": "triangle",
    "compute": "square",
    "rnd": "circle",
    "testbed": "diamond",
    "application": "hexagon",
    "hub": "star",
}
# QgsWkbTypes::GeometryType of a QML's <layerGeometryType>.
GEOMETRY_TYPES = {"point": 0, "line": 1, "polygon": 2, "none": 4}
MARKER_MM = 4.2
BOUNDARY_COLOUR = "#8a8f98"
DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"


def qgis_colour(hex_colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` as QGIS writes a colour: ``r,g,b,a`` (0–255).

    >>> qgis_colour("#0072B2"), qgis_colour("#ffffff", 0.5)
    ('0,114,178,255', '255,255,255,128')
    """
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(255 * opacity)}"


def hex_of(qgis: str) -> str:
    """The ``#rrggbb`` of a QGIS colour ``r,g,b,a`` (the inverse of `qgis_colour`, opacity dropped).

    >>> hex_of("0,114,178,255")
    '#0072b2'
    """
    r, g, b = (int(part) for part in qgis.split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _a(value: object) -> str:
    return quoteattr(str(value))


def _options(props: Mapping[str, str]) -> str:
    """A symbol layer's properties as QGIS 3.26+ writes them (``Option``) and as older ones read them (``prop``)."""
    option = "".join(f'<Option type="QString" name={_a(k)} value={_a(v)}/>' for k, v in props.items())
    prop = "".join(f"<prop k={_a(k)} v={_a(v)}/>" for k, v in props.items())
    return f'<Option type="Map">{option}</Option>{prop}'


def _data_defined(expressions: Mapping[str, str]) -> str:
    """Data-defined properties (QgsPropertyCollection): each symbol-layer property from an expression."""
    inner = "".join(
        f'<Option type="Map" name={_a(key)}><Option type="bool" name="active" value="true"/>'
        f'<Option type="QString" name="expression" value={_a(expression)}/>'
        '<Option type="int" name="type" value="3"/></Option>'
        for key, expression in expressions.items()
    )
    properties = f'<Option type="Map" name="properties">{inner}</Option>' if inner else '<Option name="properties"/>'
    return (
        '<data_defined_properties><Option type="Map"><Option type="QString" name="name" value=""/>'
        f'{properties}<Option type="QString" name="type" value="collection"/></Option></data_defined_properties>'
    )


def _symbol(kind: str, name: str, layer_class: str, props: Mapping[str, str], expressions=None) -> str:
    return (
        f'<symbol type="{kind}" name={_a(name)} alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="{layer_class}" enabled="1" locked="0" pass="0">{_options(props)}'
        f"{_data_defined(expressions or {})}</layer></symbol>"
    )


def marker_symbol(name: str, colour: str, shape: str = "circle", expressions=None) -> str:
    """A QGIS simple marker: ``shape`` filled with ``colour``, the map's dark edge round it."""
    props = {
        "name": shape,
        "color": qgis_colour(colour),
        "outline_color": qgis_colour(MARKER_EDGE),
        "outline_style": "solid",
        "outline_width": "0.4",
        "outline_width_unit": "MM",
        "size": str(MARKER_MM),
        "size_unit": "MM",
        "angle": "0",
        "joinstyle": "round",
        "scale_method": "diameter",
    }
    return _symbol("marker", name, "SimpleMarker", props, expressions)


def line_symbol(name: str, colour: str, opacity: float, width_px: float, dash: str | None = None, expressions=None):
    """A QGIS simple line in ``colour`` at ``opacity``; dashed as the map's ``dash_array`` (px) when given."""
    props = {
        "line_color": qgis_colour(colour, opacity),
        "line_style": "solid",
        "line_width": f"{width_px:g}",
        "line_width_unit": "Pixel",
        "capstyle": "round",
        "joinstyle": "round",
        "use_custom_dash": "1" if dash else "0",
        "customdash": ";".join(dash.split()) if dash else "5;2",
        "customdash_unit": "Pixel",
    }
    return _symbol("line", name, "SimpleLine", props, expressions)


def fill_symbol(name: str, colour: str, outline: str = BOUNDARY_COLOUR, opacity: float = 1.0) -> str:
    """A QGIS simple fill in ``colour`` with a thin ``outline``."""
    props = {
        "color": qgis_colour(colour, opacity),
        "style": "solid",
        "outline_color": qgis_colour(outline),
        "outline_style": "solid",
        "outline_width": "0.26",
        "outline_width_unit": "MM",
        "joinstyle": "bevel",
    }
    return _symbol("fill", name, "SimpleFill", props)


def categorized(attribute: str, categories: Sequence[tuple[str, str, str]]) -> str:
    """A categorised renderer on ``attribute`` (a field or an expression): ``(value, label, symbol XML)`` each."""
    rows = "".join(
        f'<category value={_a(value)} symbol="{i}" label={_a(label)} render="true"/>'
        for i, (value, label, _) in enumerate(categories)
    )
    symbols = "".join(symbol for _, _, symbol in categories)
    return (
        f'<renderer-v2 type="categorizedSymbol" attr={_a(attribute)} symbollevels="0" enableorderby="0" '
        f'forceraster="0" referencescale="-1"><categories>{rows}</categories><symbols>{symbols}</symbols>'
        "</renderer-v2>"
    )


def single(symbol: str) -> str:
    """A single-symbol renderer (the symbol must be named "0")."""
    return (
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">'
        f"<symbols>{symbol}</symbols></renderer-v2>"
    )


def qml(renderer: str, geometry: str, aliases: Mapping[str, str], label_field: str | None = None) -> str:
    """A whole QML document: the renderer, field aliases, labels on ``label_field`` and the geometry type."""
    alias_rows = "".join(
        f"<alias field={_a(field)} index={_a(i)} name={_a(alias)}/>" for i, (field, alias) in enumerate(aliases.items())
    )
    labels = ""
    if label_field:
        labels = (
            '<labeling type="simple"><settings calloutType="simple">'
            f'<text-style fieldName={_a(label_field)} isExpression="0" fontFamily="NanumGothic" fontSize="8" '
            'fontSizeUnit="Point" textColor="29,36,48,255" textOpacity="1">'
            '<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" '
            'bufferOpacity="1"/></text-style><placement placement="6" dist="1.5" distUnits="MM"/>'
            '<rendering scaleVisibility="1" scaleMin="1" scaleMax="300000" obstacle="1"/></settings></labeling>'
        )
    flag = ' labelsEnabled="1"' if label_field else ""
    return (
        f'{DOCTYPE}\n<qgis version="{QGIS_VERSION}" styleCategories="Symbology|Labeling|Fields"{flag}>'
        f"{renderer}{labels}<aliases>{alias_rows}</aliases>"
        f"<layerGeometryType>{GEOMETRY_TYPES[geometry]}</layerGeometryType></qgis>\n"
    )


def _hollow(colour: str) -> str:
    """A data-defined expression: white while the site is not yet built (the map's hollow marker), else ``colour``."""
    statuses = ", ".join(f"'{s}'" for s in HOLLOW_STATUSES)
    return f"CASE WHEN \"status\" IN ({statuses}) THEN '255,255,255,255' ELSE '{qgis_colour(colour)}' END"


def _dashed() -> str:
    """A data-defined expression: a dashed edge while the site is not yet built, as on the map."""
    statuses = ", ".join(f"'{s}'" for s in HOLLOW_STATUSES)
    return f"CASE WHEN \"status\" IN ({statuses}) THEN 'dash' ELSE 'solid' END"


def stage_shape_expression() -> str:
    """A data-defined expression: the marker's shape from the site's ``stage``, as on the map."""
    # QGIS's expressions know only the searched CASE (``CASE WHEN … THEN``), not ``CASE "stage" WHEN``.
    cases = " ".join(f"WHEN \"stage\" = '{stage}' THEN '{QGIS_SHAPES[stage]}'" for stage in STAGE_SHAPES)
    return f"CASE {cases} ELSE 'circle' END"


def sites_style(sectors, lang: str, aliases: Mapping[str, str]) -> str:
    """The sites: a category per main sector in its colour, shaped by stage, hollow while not yet built."""
    name = f"name_{lang}"
    categories = []
    for i, row in enumerate(sectors.itertuples(index=False)):
        expressions = {"name": stage_shape_expression(), "fillColor": _hollow(row.colour), "outlineStyle": _dashed()}
        categories.append(
            (row.id, getattr(row, name) or row.name_ko, marker_symbol(str(i), row.colour, expressions=expressions))
        )
    return qml(categorized("main_sector", categories), "point", aliases, label_field=name)


def links_style(lang: str, aliases: Mapping[str, str]) -> str:
    """The links: a category per kind and evidence in the kind's colour; derived ones dashed and lighter."""
    categories = []
    for kind in LINK_KINDS:
        for evidence in ("sourced", "derived"):
            derived = evidence == "derived"
            width = f'1.5 + 1.5 * coalesce("strength", 1){" - 1" if derived else ""}'
            symbol = line_symbol(
                str(len(categories)),
                FLOW_COLOURS[kind],
                DERIVED_OPACITY if derived else SOURCED_OPACITY,
                3.0 if not derived else 2.0,
                DERIVED_DASH if derived else None,
                {"outlineWidth": width},
            )
            label = f"{t(f'flow_{kind}', lang)} · {t(f'evidence_{evidence}', lang)}"
            categories.append((f"{kind}/{evidence}", label, symbol))
    return qml(categorized('"kind" || \'/\' || "evidence"', categories), "line", aliases)


def districts_style(legend: Sequence[tuple[str, str]], lang: str, aliases: Mapping[str, str]) -> str:
    """The 시군구: a category per class of the view's colouring; the land colour when there is none."""
    if not legend:
        return qml(single(fill_symbol("0", LAND_FILL)), "polygon", aliases)
    categories = [(label, label, fill_symbol(str(i), colour)) for i, (colour, label) in enumerate(legend)]
    return qml(categorized(f"class_{lang}", categories), "polygon", aliases)


def table_style(aliases: Mapping[str, str]) -> str:
    """A table without geometry (the programmes): only its fields' names in the reader's language."""
    return qml("", "none", aliases)


def planner_style(geometry: str, legend: Iterable[tuple[str, str]], aliases: Mapping[str, str]) -> str:
    """The planner's layer: a category per value of its colour column (``category``), or its one colour."""
    legend = list(legend)
    make = {"point": marker_symbol, "line": lambda n, c: line_symbol(n, c, 0.9, 2.0), "polygon": fill_symbol}[geometry]
    if len(legend) == 1:
        return qml(single(make("0", legend[0][0])), geometry, aliases)
    categories = [(label, label, make(str(i), colour)) for i, (colour, label) in enumerate(legend)]
    return qml(categorized("category", categories), geometry, aliases)
