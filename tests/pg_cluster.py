"""A throwaway PostgreSQL + PostGIS cluster on the loopback interface, for the store's tests and benchmark.

Uses Debian's packages (``postgresql``, ``postgis``): ``initdb`` into a fresh temporary folder,
``pg_ctl start`` on 127.0.0.1 at a free port with the Unix socket in that folder, one database,
and ``pg_ctl stop`` + removal afterwards. PostgreSQL refuses to run as root, so when the tests
run as root (CI) the server runs as the ``postgres`` system user the Debian package creates
(or ``nobody`` when there is none).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.serve import free_port

DATABASE = "axbelt"
SERVER_USERS = ("postgres", "nobody")


class ClusterUnavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed, or the cluster did not start; the message says which."""


def find_bindir() -> Path:
    """The newest PostgreSQL server's ``bin`` folder that has PostGIS installed beside it."""
    if os.environ.get("AXBELT_PG_BINDIR"):
        candidates = [os.environ["AXBELT_PG_BINDIR"]]
    else:
        candidates = sorted(
            glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
        )
    if not candidates or not (Path(candidates[0]) / "initdb").exists():
        raise ClusterUnavailable("PostgreSQL is not installed (apt-get install postgresql postgis postgresql-postgis)")
    for bindir in map(Path, candidates):
        version = bindir.parent.name
        if glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
            return bindir
    raise ClusterUnavailable(
        f"PostGIS is not installed for PostgreSQL {Path(candidates[0]).parent.name} "
        "(apt-get install postgis postgresql-postgis)"
    )


def _server_user() -> pwd.struct_passwd | None:
    """The unprivileged user the server runs as, or None when we are not root (then: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_USERS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise ClusterUnavailable("running as root and no unprivileged 'postgres' or 'nobody' user to run PostgreSQL")


@dataclass
class Cluster:
    """A running throwaway cluster: its folder, port, and the URL of its database."""

    bindir: Path
    root: Path
    port: int
    user: pwd.struct_passwd | None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """A PostgreSQL program from ``bindir``, run as the server's user."""
        kwargs = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        env = {**os.environ, "HOME": str(self.root), "LC_ALL": "C.UTF-8"}
        result = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]], cwd=self.root, env=env, capture_output=True, text=True, **kwargs
        )
        if check and result.returncode != 0:
            raise ClusterUnavailable(f"{args[0]} failed: {(result.stderr or result.stdout).strip()[-1500:]}")
        return result

    def processes(self) -> list[int]:
        """The postmaster's pid and those of all its children (backends, checkpointer, …)."""
        postmaster = int((self.root / "data" / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The server stopped with SIGSTOP and continued afterwards: what a partition or a full disk looks like.

        Its sockets stay open and connections are still accepted by the kernel, but nothing answers.
        """
        pids = self.processes()
        for pid in pids:
            _signal(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            for pid in pids:
                _signal(pid, signal.SIGCONT)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        try:
            if (self.root / "data" / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "fast", "-w", "stop", check=False)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _signal(pid: int, sig: int) -> None:
    """Send ``sig`` to ``pid``; a backend that has just ended is no longer there to pause."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def start_cluster() -> Cluster:
    """initdb, start and create the database; raises ``ClusterUnavailable`` with the reason."""
    bindir = find_bindir()
    user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="axbelt-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    cluster = Cluster(bindir, root, free_port(), user)
    try:
        cluster.run(
            "initdb",
            "-D",
            str(root / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # Throwaway data: no fsync. Loopback only; the socket stays in the cluster's own folder.
        options = (
            f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        cluster.run(
            "pg_ctl", "-D", str(root / "data"), "-l", str(root / "server.log"), "-o", options, "-w", "-t", "60", "start"
        )
        cluster.run("createdb", "-h", str(root), "-p", str(cluster.port), "-U", "postgres", DATABASE)
    except BaseException as exc:
        log = root / "server.log"
        detail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        cluster.stop()
        if isinstance(exc, ClusterUnavailable):
            raise ClusterUnavailable(f"{exc}\n{detail}".strip()) from exc
        raise
    return cluster
