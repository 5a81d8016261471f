"""Heavy work (reading and counting an upload) in a worker process, one at a time, with progress and a cancel.

Parsing a 150 MB CSV holds the interpreter for tens of seconds and takes gigabytes: inside the
server's process it would stall every other session and the health check, and keep the memory.
A ``Job`` runs its function in a fresh process (``multiprocessing`` spawn: nothing of the
server's state is copied), so the server's threads keep answering, and the process's memory
goes back to the system when it exits. A server process runs one heavy job at a time
(``SLOTS``); the next waits and says how many are ahead of it. ``cancel`` ends the worker at once.

The worker reports its progress with ``report`` (a fraction and a stage name), read by the page
through ``Job.progress``. Nothing here imports Streamlit.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Heavy jobs a server process runs at once: one (its cores serve the sessions meanwhile).
SLOTS = 1
# Uploads from this size are read in a worker process; a smaller one is read at once in the
# server (starting a worker costs about two seconds; reading a 2 MB file, a fraction of one).
HEAVY_UPLOAD_BYTES = 2 * 1024 * 1024
# The worker's scheduling priority (nice): on a small machine its cores are the sessions' too, so
# the health check and every other session's rerun go first and the upload takes the idle time.
WORKER_NICE = 15
STAGES = ("waiting", "starting", "reading", "counting", "done", "saving", "tiling")
_CONTEXT = multiprocessing.get_context("spawn")
_slots = threading.Semaphore(SLOTS)
_queue: list[Job] = []
_queue_lock = threading.Lock()
# In a worker process: where ``report`` writes.
_reporter: tuple | None = None


def heavy_upload_bytes() -> int:
    """The size from which an upload is read in a worker process (``HEAVY_UPLOAD_BYTES``)."""
    return HEAVY_UPLOAD_BYTES


@dataclass(frozen=True)
class Progress:
    """What a job is doing: its stage (``STAGES``), the fraction done (0–1), jobs ahead of it, seconds so far."""

    stage: str
    fraction: float
    ahead: int
    seconds: float


def in_worker() -> bool:
    """True inside a job's worker process (its heavy work runs there, not in yet another process)."""
    return _reporter is not None


def report(fraction: float, stage: str) -> None:
    """Called by the job's function in the worker: how far it is (no-op outside a worker)."""
    if _reporter is not None:
        value, code = _reporter
        value.value = max(0.0, min(1.0, float(fraction)))
        code.value = STAGES.index(stage)


def _work(fn: Callable, args: tuple, conn, value, code) -> None:
    """The worker process: run ``fn(*args)`` and send back ``(True, result)`` or ``(False, exception)``."""
    global _reporter
    _reporter = (value, code)
    os.nice(WORKER_NICE)
    report(0.0, "starting")
    try:
        result = (True, fn(*args))
    except Exception as exc:  # noqa: BLE001 - sent to the server, which raises it there
        result = (False, exc)
    try:
        conn.send(result)
    except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled
        conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


class Job:
    """``fn(*args)`` in a worker process, started as soon as this server process has a free slot.

    ``fn`` must be importable by name (a module-level function) and its arguments and result
    picklable. ``key`` says what the job is for (the caller compares it to start a new one).
    """

    def __init__(self, fn: Callable, args: tuple, key: object = None):
        self.key = key
        self._fn, self._args = fn, args
        self._value, self._code = _CONTEXT.Value("d", 0.0), _CONTEXT.Value("i", 0)
        self._done = threading.Event()
        self._cancelled = threading.Event()
        self._outcome: tuple[bool, object] | None = None
        self._process = None
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="axbelt-heavy-job", daemon=True)
        with _queue_lock:
            _queue.append(self)
        self._thread.start()

    def _run(self) -> None:
        _slots.acquire()
        try:
            with _queue_lock:
                _queue.remove(self)
            if self._cancelled.is_set():
                return
            self._code.value = STAGES.index("starting")
            receive, send = _CONTEXT.Pipe(duplex=False)
            self._process = _CONTEXT.Process(
                target=_work, args=(self._fn, self._args, send, self._value, self._code), daemon=True
            )
            self._process.start()
            self._args = ()  # the worker has its copy: the file's bytes need not stay here too
            send.close()
            try:
                self._outcome = receive.recv()
            except (EOFError, OSError):
                self._outcome = None  # ended by cancel, or the worker died (out of memory)
            finally:
                receive.close()
            self._process.join()
        finally:
            _slots.release()
            self._done.set()

    def progress(self) -> Progress:
        """Where the job is now."""
        with _queue_lock:
            ahead = _queue.index(self) if self in _queue else 0
        stage = "done" if self._done.is_set() else "waiting" if self._process is None else STAGES[self._code.value]
        return Progress(stage, 1.0 if stage == "done" else self._value.value, ahead, time.monotonic() - self._started)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the job to end; True when it has."""
        return self._done.wait(timeout)

    def done(self) -> bool:
        return self._done.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Stop the job: a waiting one never starts, a running worker is ended at once."""
        self._cancelled.set()
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def result(self):
        """The function's result; its exception is raised here. ``JobFailed`` when cancelled or the worker died."""
        self._done.wait()
        if self._outcome is None:
            raise JobFailed("cancelled" if self.cancelled else "the worker process ended without a result")
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    @property
    def exitcode(self) -> int | None:
        """The worker's exit status once it has ended (None while it runs or before it starts)."""
        return None if self._process is None else self._process.exitcode


class JobFailed(RuntimeError):
    """A job that gave no result: cancelled, or its worker process died (e.g. out of memory)."""
