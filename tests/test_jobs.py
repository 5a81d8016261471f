"""Heavy jobs in a worker process: results and errors come back, one runs at a time, cancel ends it."""

from __future__ import annotations

import os
import time

import pytest

from geo.planner import jobs
from geo.planner.ingest import UploadError, read_upload_job


def slow(seconds: float) -> int:
    """A job that reports and sleeps, then gives its worker's pid."""
    jobs.report(0.5, "reading")
    time.sleep(seconds)
    return os.getpid()


def test_an_upload_is_read_in_another_process_and_the_process_ends():
    """The worker reads the CSV and exits; the result is the same as reading it here."""
    data = "이름,위도,경도\n광주 AI 센터,35.22,126.85\n".encode()
    job = jobs.Job(read_upload_job, (data, "시설.csv", None, False, "ko"))
    upload = job.result()
    assert list(upload.gdf["이름"]) == ["광주 AI 센터"] and job.exitcode == 0
    assert job.progress().stage == "done"


def test_the_files_problem_comes_back_as_its_upload_error():
    """An UploadError raised in the worker is raised here, with its message and swap offer."""
    swapped = "이름,위도,경도\n광주,126.85,35.22\n나주,126.71,35.02\n".encode()
    job = jobs.Job(read_upload_job, (swapped, "뒤바뀜.csv", None, False, "ko"))
    with pytest.raises(UploadError) as caught:
        job.result()
    assert caught.value.swap_offered and "뒤바뀐" in caught.value.message


def test_one_job_at_a_time_the_next_waits_and_says_so():
    """A second job waits (stage 'waiting', one ahead counted) until the first ends, then runs in its own process."""
    first = jobs.Job(slow, (3.0,))
    second = jobs.Job(slow, (0.0,))
    time.sleep(0.5)
    assert second.progress().stage == "waiting" and second.progress().ahead == 0
    assert first.progress().stage in ("starting", "reading")
    pids = first.result(), second.result()
    assert pids[0] != pids[1] and os.getpid() not in pids


def test_cancel_ends_a_running_worker_at_once_and_a_waiting_job_never_starts():
    """Cancel kills the worker within a second; a cancelled waiting job gives no result and starts no process."""
    running = jobs.Job(slow, (60.0,))
    waiting = jobs.Job(slow, (0.0,))
    deadline = time.monotonic() + 30
    while running.progress().stage != "reading" and time.monotonic() < deadline:
        time.sleep(0.1)
    waiting.cancel()
    start = time.monotonic()
    running.cancel()
    assert running.wait(5) and time.monotonic() - start < 1.5
    with pytest.raises(jobs.JobFailed, match="cancelled"):
        running.result()
    assert waiting.wait(5)
    with pytest.raises(jobs.JobFailed):
        waiting.result()
    assert waiting.exitcode is None  # never started


def priority() -> int:
    """A job that gives its worker's scheduling priority (nice value)."""
    return os.getpriority(os.PRIO_PROCESS, 0)


def test_the_worker_yields_the_cpu_to_the_server():
    """The worker runs niced below the server, so the sessions and the health check go first."""
    job = jobs.Job(priority, ())
    assert job.result() >= os.getpriority(os.PRIO_PROCESS, 0) + min(jobs.WORKER_NICE, 19 - os.nice(0))
    assert jobs.WORKER_NICE >= 10
