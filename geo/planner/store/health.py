"""Whether the store answers: one log line when it stops, one when it answers again, and no wait in between.

A store call that fails with ``StoreUnavailable`` marks the store down. For ``PROBE_EVERY_S``
seconds after that every call fails at once with the same reason (a page then shows its notice
at once instead of waiting for a timeout on every call of every rerun); the next call after that
tries the store again. The first failure writes one warning to the server's log and the first
success after it one more, with how long the store was away.
"""

from __future__ import annotations

import functools
import logging
import threading
import time

LOG = logging.getLogger("axbelt.store")
# How long a store that just failed is taken as down before it is tried again.
PROBE_EVERY_S = 5.0


class Health:
    """The up/down state of one store object (thread-safe); see the module docstring."""

    def __init__(self, what: str):
        self.what = what
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self._retry_at = 0.0
        self._reason: Exception | None = None

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def check(self) -> None:
        """Raise the last failure at once while the store is taken as down and not yet due for a try."""
        with self._lock:
            if self._reason is not None and time.monotonic() < self._retry_at:
                raise type(self._reason)(str(self._reason))

    def failed(self, exc: Exception) -> None:
        """Record a failure; the first of an outage is logged."""
        with self._lock:
            first = self.down_since is None
            now = time.monotonic()
            if first:
                self.down_since = now
            self._retry_at, self._reason = now + PROBE_EVERY_S, exc
        if first:
            LOG.warning(
                "layer store unavailable (%s): %s; stored layers show a notice until it answers", self.what, exc
            )

    def answered(self) -> None:
        """Record a success; the first after an outage is logged with its length."""
        with self._lock:
            since, self.down_since, self._reason = self.down_since, None, None
        if since is not None:
            LOG.warning("layer store answers again (%s) after %.0f s", self.what, time.monotonic() - since)


def guarded(method):
    """A store method that fails at once while its store is down, and reports each outcome to ``Health``."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        self.health.check()
        try:
            result = method(self, *args, **kwargs)
        except Exception as exc:
            if isinstance(exc, self.health_errors):
                self.health.failed(exc)
            raise
        self.health.answered()
        return result

    return call
