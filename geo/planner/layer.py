"""The planner's layer as the pages hold it: its features, how it is shown, and where it is stored.

One value for the session's own upload and for the stored layer a link names (``StoredLayer.layer``),
passed between the data page, the map and the store. A large upload is read, stored, counted and
tiled in a worker process (``geo.planner.upload``): the server then holds only its summary, its
bounds and a small sample, and the features are read from the store only if something needs
them all (``features``). Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import geopandas as gpd

from geo.planner.aggregate import DEFAULT_COLOUR, LayerSummary

# What the store keeps beside the features, and the page's widgets set.
RECORD = ("name", "colour", "label_column", "colour_column")


@dataclass(eq=False)
class PlannerLayer:
    """A planner's layer: features in EPSG:4326, its name, colour, tooltip column and colouring column.

    ``id`` is its store id once stored (None before, or when the store did not answer); ``token``
    names an unsaved layer in the process's summary cache (``geo.planner.counts.layer_key``).

    A layer prepared in a worker (``partial``) has ``gdf`` None: ``sample`` holds its first rows,
    ``n_features`` and ``bounds`` its size and extent, ``summary`` its counts in the colouring
    the worker used (``prepared``: colouring column and tooltip column, whose tiles it wrote), and
    ``loader`` reads all its features from the store. Readers that index it as a mapping
    (``layer["gdf"]``, ``layer.get("id")``) are served by ``__getitem__`` and ``get``; ``layer["gdf"]``
    is then all the features.
    """

    gdf: gpd.GeoDataFrame | None
    name: str
    colour: str = DEFAULT_COLOUR
    label_column: str | None = None
    colour_column: str | None = None
    file_name: str = ""
    id: str | None = None
    token: str | None = None
    sample: gpd.GeoDataFrame | None = None
    n_features: int | None = None
    bounds: tuple[float, float, float, float] | None = None
    summary: LayerSummary | None = None
    prepared: tuple[str | None, str | None] | None = None
    loader: Callable[[], gpd.GeoDataFrame] | None = field(default=None, repr=False)

    @property
    def partial(self) -> bool:
        """True when the server holds only the layer's summary and sample (all its features are in the store)."""
        return self.gdf is None

    @property
    def n(self) -> int:
        """How many features the layer has."""
        return self.n_features if self.gdf is None else len(self.gdf)

    @property
    def shown(self) -> gpd.GeoDataFrame:
        """Features enough to list its columns: all of them, or the worker's sample."""
        return self.sample if self.gdf is None else self.gdf

    def features(self) -> gpd.GeoDataFrame:
        """All the features: held here, or read from the store (``loader``)."""
        if self.gdf is not None:
            return self.gdf
        if self.loader is None:
            raise LookupError(f"the features of layer {self.id} are only in the store, and no loader is set")
        return self.loader()

    def ready(self) -> bool:
        """Whether the worker's summary and tiles fit the layer's colouring and tooltip as they are now."""
        return self.gdf is None and self.prepared == (self.colour_column, self.label_column)

    def record(self) -> dict:
        """What the store keeps beside the features (``RECORD``), as this layer has it."""
        return {key: getattr(self, key) for key in RECORD}

    def with_record(self, record: dict) -> PlannerLayer:
        """A copy with the record's name, colour, tooltip and colouring columns (other keys ignored)."""
        return replace(self, **{key: record[key] for key in RECORD if key in record})

    def __getitem__(self, key: str):
        if key == "gdf":
            return self.features()
        if key.startswith("_") or not hasattr(self, key):
            raise KeyError(key)
        return getattr(self, key)

    def __setitem__(self, key: str, value) -> None:
        if key.startswith("_") or not hasattr(self, key):
            raise KeyError(key)
        setattr(self, key, value)

    def get(self, key: str, default=None):
        try:
            return self[key]
        except KeyError:
            return default
