"""The store's interface, its records and errors, and the checks both backends share.

A backend (``SQLiteStore``, ``PostGISStore``) implements the underscored methods; ``Store``
checks ids, records and sizes before they reach it.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import geopandas as gpd

from geo.cells import hex_colour
from geo.planner.layer import PlannerLayer
from geo.planner.limits import layer_days, max_layer_bytes, max_store_bytes, megabytes
from geo.planner.store.encoding import encode_layer
from geo.planner.store.health import Health, guarded
from geo.planner.store.keys import ID_PATTERN, edit_hash, is_edit_key

# A saved view is a handful of query parameters; anything larger is not a view.
MAX_VIEW_BYTES = 16 * 1024
# Expiry runs on saves, at most this often per store object, so no scheduler is needed.
EXPIRE_EVERY_S = 3600
KEEP = object()  # update_layer: leave the label column as it is


class StoreError(Exception):
    """Something the store cannot do; the message says what and why."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (PostGIS down, state folder not writable)."""


class StoreLimitError(StoreError):
    """A layer too large for the per-layer or total limit.

    ``kind`` is ``"layer"`` or ``"store"``; ``size`` and ``limit`` are in bytes (for ``"store"``,
    ``size`` is what the store would hold with this layer).
    """

    def __init__(self, kind: str, size: int, limit: int):
        self.kind, self.size, self.limit = kind, size, limit
        what = "The layer" if kind == "layer" else "The store with this layer"
        variable = "AXBELT_MAX_LAYER_MB" if kind == "layer" else "AXBELT_MAX_STORE_MB"
        super().__init__(f"{what} would take {megabytes(size)} MB; the limit is {megabytes(limit)} MB ({variable}).")


@dataclass(frozen=True)
class LayerInfo:
    """A stored layer's record without its features (for listings)."""

    id: str
    name: str
    colour: str
    label_column: str | None
    file_name: str
    owner: str
    created: datetime
    used: datetime
    size: int
    n_features: int
    # The column whose categories colour the features (geo.aggregate), or None for one colour.
    colour_column: str | None = None


@dataclass(frozen=True)
class StoredLayer:
    """A stored layer: its record and its features in EPSG:4326."""

    info: LayerInfo
    gdf: gpd.GeoDataFrame

    def layer(self) -> PlannerLayer:
        """The layer as the pages hold it (``geo.planner.layer.PlannerLayer``), with its store id."""
        info = self.info
        return PlannerLayer(
            self.gdf, info.name, info.colour, info.label_column, info.colour_column, info.file_name, info.id
        )


def limit_message(error: StoreLimitError, lang: str = "ko") -> str:
    """The size-limit error in the planner's language, naming the size and the limit in MB."""
    from geo.i18n import t

    key = "store_too_large_layer" if error.kind == "layer" else "store_too_large_store"
    return t(key, lang).format(size=megabytes(error.size), limit=megabytes(error.limit))


def is_layer_id(value: object) -> bool:
    """True for a well-formed store id (32 lowercase hex characters); False for anything else."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def _check_owner(owner: object) -> None:
    """Refuse a malformed owner token (it has an id's shape) before it reaches a query."""
    if not is_layer_id(owner):
        raise ValueError("owner token must be 32 lowercase hex characters")


def new_id() -> str:
    """A fresh id: 128 random bits as 32 lowercase hex characters."""
    return secrets.token_hex(16)


def new_owner_token() -> str:
    """A fresh owner token for a session (the same shape as an id)."""
    return secrets.token_hex(16)


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_view(query: dict) -> str:
    """A view's query parameters as JSON: a dict of text → list of text, at most 16 kB."""
    if not isinstance(query, dict):
        raise ValueError("a view is a dict of query parameters")
    clean = {}
    for key, values in query.items():
        values = [values] if isinstance(values, str) else list(values)
        if not isinstance(key, str) or not all(isinstance(v, str) for v in values):
            raise ValueError("a view's query parameters are text")
        clean[key] = values
    text = json.dumps(clean, ensure_ascii=False, sort_keys=True)
    if len(text.encode()) > MAX_VIEW_BYTES:
        raise StoreLimitError("view", len(text.encode()), MAX_VIEW_BYTES)
    return text


class Store:
    """The interface both backends share; see ``geo.planner.store``."""

    def __init__(self, max_layer: int | None = None, max_total: int | None = None, days: int | None = None):
        self.max_layer = max_layer if max_layer is not None else max_layer_bytes()
        self.max_total = max_total if max_total is not None else max_store_bytes()
        self.days = days if days is not None else layer_days()
        self._last_expiry = 0.0
        self.health = Health(type(self).__name__)

    health_errors = (StoreUnavailable,)

    # -- the interface --------------------------------------------------------------------

    @guarded
    def save_layer(
        self,
        gdf: gpd.GeoDataFrame,
        *,
        name: str,
        owner: str,
        colour: str,
        label_column: str | None,
        file_name: str,
        edit_key: str | None = None,
        colour_column: str | None = None,
    ) -> str:
        """Store a layer and return its new id.

        ``edit_key`` (``new_edit_key``) is what its uploader keeps to change or remove it later
        (``can_edit``); its hash is stored. Without one the layer can only be viewed (and expire).
        ``colour_column`` is the column whose categories colour it (kept, so a link opens it so coloured).

        Raises ``StoreLimitError`` when the layer, or the store with it, would pass its size
        limit; ``StoreUnavailable`` when the store cannot be reached; ``ValueError`` for a bad
        owner token, colour or label column.
        """
        self._check_record(owner, colour, label_column, gdf.columns)
        if colour_column is not None and colour_column not in gdf.columns:
            raise ValueError(f"colour column {colour_column!r} is not a column of the layer")
        if edit_key is not None and not is_edit_key(edit_key):
            raise ValueError("an edit key is 43 URL-safe characters (new_edit_key)")
        encoded = encode_layer(gdf)
        if encoded.size > self.max_layer:
            raise StoreLimitError("layer", encoded.size, self.max_layer)
        self._maybe_expire()
        now, layer_id = _now(), new_id()
        record = {
            "id": layer_id,
            "owner": owner,
            "name": str(name)[:200],
            "colour": colour,
            "label_column": label_column,
            "colour_column": colour_column,
            "file_name": str(file_name)[:255],
            "columns": json.dumps(encoded.columns, ensure_ascii=False),
            "n_features": len(encoded.wkb),
            "size": encoded.size,
            "created": now,
            "used": now,
            "edit_hash": None if edit_key is None else edit_hash(edit_key),
        }
        self._insert_layer(record, encoded)
        return layer_id

    @guarded
    def can_edit(self, layer_id: object, edit_key: object) -> bool:
        """Whether ``edit_key`` is the layer's edit key (False for no key, a malformed one or no such layer)."""
        if not is_layer_id(layer_id) or not is_edit_key(edit_key):
            return False
        stored = self._edit_hash(layer_id)
        return stored is not None and hmac.compare_digest(stored, edit_hash(edit_key))

    @guarded
    def update_layer(
        self,
        layer_id: object,
        *,
        name: str | None = None,
        colour: str | None = None,
        label_column: object = KEEP,
        edit_key: object = KEEP,
        colour_column: object = KEEP,
    ) -> bool:
        """Change a layer's name, colour, label column (None: no label) or colouring column (None: one colour);
        True when the layer was found.

        A label column that is not among the layer's columns is harmless: the map then shows no tooltip.
        With ``edit_key`` (what the pages always pass) nothing changes unless it is the layer's key.
        """
        if not is_layer_id(layer_id):
            return False
        if edit_key is not KEEP and not self.can_edit(layer_id, edit_key):
            return False
        changes = {}
        if name is not None:
            changes["name"] = str(name)[:200]
        if colour is not None:
            changes["colour"] = hex_colour(colour)
        if label_column is not KEEP:
            changes["label_column"] = None if label_column is None else str(label_column)
        if colour_column is not KEEP:
            changes["colour_column"] = None if colour_column is None else str(colour_column)
        return self._update_layer(layer_id, changes)

    @guarded
    def load_layer(self, layer_id: object) -> StoredLayer | None:
        """The layer with this id (its last-used time set to now), or None when there is none or the id is malformed."""
        if not is_layer_id(layer_id):
            return None
        return self._load_layer(layer_id, _now())

    @guarded
    def layer_info(self, layer_id: object) -> LayerInfo | None:
        """The layer's record without its features (its last use unchanged), or None when there is none."""
        if not is_layer_id(layer_id):
            return None
        return self._layer_info(layer_id)

    @guarded
    def delete_layer(self, layer_id: object, edit_key: object = KEEP) -> bool:
        """Remove a layer with its features and its vector tiles; True when one was removed.

        With ``edit_key`` (what the pages always pass) nothing is removed unless it is the layer's key.
        """
        if not is_layer_id(layer_id):
            return False
        if edit_key is not KEEP and not self.can_edit(layer_id, edit_key):
            return False
        from geo.planner.tiles import remove_tiles

        remove_tiles(layer_id)  # the served files go too, even if another process already removed the row
        return self._delete_layer(layer_id)

    @guarded
    def list_layers(self, owner: object) -> list[LayerInfo]:
        """The owner's layers, newest first (empty for a malformed token)."""
        return self._list_layers(owner) if is_layer_id(owner) else []

    @guarded
    def save_view(self, query: dict, owner: str) -> str:
        """Keep a view's query parameters (``dict[str, list[str]]``; may name a ``layer``) and return its id."""
        _check_owner(owner)
        view_id, now = new_id(), _now()
        self._insert_view(view_id, owner, _clean_view(query), now)
        return view_id

    @guarded
    def load_view(self, view_id: object) -> dict[str, list[str]] | None:
        """A saved view's query parameters, or None when there is none or the id is malformed."""
        if not is_layer_id(view_id):
            return None
        text = self._load_view(view_id, _now())
        return None if text is None else json.loads(text)

    @guarded
    def expire(self, days: int | None = None, now: datetime | None = None) -> int:
        """Remove layers and views unused for ``days`` (default ``AXBELT_LAYER_DAYS``); the number of layers removed."""
        from geo.planner.tiles import expire_tiles

        days = self.days if days is None else days
        cutoff = (now or _now()) - timedelta(days=days)
        # Tile folders go by their own last use (a missing one is simply written again).
        expire_tiles(days, now=cutoff.timestamp() + days * 86400)
        return self._expire(cutoff)

    @guarded
    def add_tiles(self, layer_id: object, size: int) -> bool:
        """Count ``size`` bytes of a layer's vector tiles in the store's quota; False when there is no such layer.

        Raises ``StoreLimitError`` (kind ``"store"``) when the store with them would pass
        ``AXBELT_MAX_STORE_MB``: the tiles are then not written, and the map shows counts.
        """
        if not is_layer_id(layer_id):
            return False
        return self._add_tiles(layer_id, int(size))

    @guarded
    def usage(self) -> int:
        """Bytes held by all layers, their vector tiles included."""
        return self._usage()

    # -- shared helpers -------------------------------------------------------------------

    @staticmethod
    def _check_record(owner: object, colour: object, label_column: object, columns) -> None:
        _check_owner(owner)
        hex_colour(colour)
        if label_column is not None and label_column not in columns:
            raise ValueError(f"label column {label_column!r} is not a column of the layer")

    def _check_total(self, used: int, size: int) -> None:
        if used + size > self.max_total:
            raise StoreLimitError("store", used + size, self.max_total)

    def _maybe_expire(self) -> None:
        if time.monotonic() - self._last_expiry > EXPIRE_EVERY_S or not self._last_expiry:
            self._last_expiry = time.monotonic()
            self.expire()

    @staticmethod
    def _info(row) -> LayerInfo:
        (layer_id, name, colour, label_column, colour_column, file_name, owner, created, used, size, n) = row
        return LayerInfo(
            layer_id,
            name,
            colour,
            label_column,
            file_name,
            owner,
            _as_datetime(created),
            _as_datetime(used),
            int(size),
            int(n),
            colour_column,
        )


# n_features last: the PostGIS store reads it from the end of the row.
INFO_COLUMNS = "id, name, colour, label_column, colour_column, file_name, owner, created, used, size_bytes, n_features"


def _as_datetime(value) -> datetime:
    """A stored time (epoch seconds in SQLite, timestamptz in PostGIS) as an aware UTC datetime."""
    return value.astimezone(UTC) if isinstance(value, datetime) else datetime.fromtimestamp(float(value), UTC)
