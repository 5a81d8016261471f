"""A layer's edit key and the browser cookie that keeps it: who may rename, recolour or remove a stored layer.

The store keeps only a key's SHA-256 (``edit_hash``); the uploader keeps the key itself, in the
session, in an edit link and in an HttpOnly cookie (``edit_cookie``) that the server's edit-key
route sets, and clears once the layer is removed (``forget_edit_cookie``).
"""

from __future__ import annotations

import hashlib
import re
import secrets

from geo.planner.limits import layer_days

ID_PATTERN = re.compile(r"[0-9a-f]{32}")
# An edit key: 256 random bits, URL-safe base64 (43 characters). The store keeps only its SHA-256.
EDIT_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_edit_key() -> str:
    """A fresh edit key for a layer: whoever holds it may rename, recolour and remove the layer."""
    return secrets.token_urlsafe(32)


def is_edit_key(value: object) -> bool:
    """True for a well-formed edit key (43 URL-safe characters)."""
    return isinstance(value, str) and EDIT_KEY_PATTERN.fullmatch(value) is not None


def edit_hash(key: str) -> str:
    """What the store keeps of an edit key: its SHA-256 in hex (the key itself is never stored)."""
    return hashlib.sha256(key.encode()).hexdigest()


# The cookie that keeps a layer's edit key in its uploader's browser, and the route that sets it
# (server.py): a page holding the key POSTs it there, and the answer sets the cookie HttpOnly.
EDIT_COOKIE_PREFIX = "axbelt_edit_"
EDIT_COOKIE_ROUTE = "/api/edit-key"


def edit_cookie_name(layer_id: str) -> str:
    """The cookie that keeps the edit key of one layer: ``axbelt_edit_<layer id>``."""
    if not (isinstance(layer_id, str) and ID_PATTERN.fullmatch(layer_id)):
        raise ValueError("a layer id is 32 lowercase hex characters")
    return EDIT_COOKIE_PREFIX + layer_id


def edit_cookie(layer_id: str, key: str, *, secure: bool, days: int | None = None) -> str:
    """The ``Set-Cookie`` value that keeps ``key`` for ``layer_id`` in this browser.

    Only this site's own requests carry it (``SameSite=Strict``), no script reads it
    (``HttpOnly``), only https sends it when the page is https (``Secure``), and it lasts as
    long as an unused layer does (``AXBELT_LAYER_DAYS``).

    >>> edit_cookie("0" * 32, "k" * 43, secure=False, days=7)  # doctest: +ELLIPSIS
    'axbelt_edit_000...=kkk...; Max-Age=604800; Path=/; SameSite=Strict; HttpOnly'
    """
    if not is_edit_key(key):
        raise ValueError("an edit key is 43 URL-safe characters (new_edit_key)")
    days = layer_days() if days is None else days
    parts = [f"{edit_cookie_name(layer_id)}={key}", f"Max-Age={days * 86400}", "Path=/", "SameSite=Strict", "HttpOnly"]
    return "; ".join([*parts, "Secure"] if secure else parts)


def forget_edit_cookie(layer_id: str, *, secure: bool) -> str:
    """The ``Set-Cookie`` value that clears a removed layer's edit cookie (empty, ``Max-Age=0``, same attributes).

    >>> forget_edit_cookie("0" * 32, secure=False)  # doctest: +ELLIPSIS
    'axbelt_edit_000...=; Max-Age=0; Path=/; SameSite=Strict; HttpOnly'
    """
    parts = [f"{edit_cookie_name(layer_id)}=", "Max-Age=0", "Path=/", "SameSite=Strict", "HttpOnly"]
    return "; ".join([*parts, "Secure"] if secure else parts)
