"""A throwaway PostgreSQL cluster for tests: initdb as the postgres user, pg_ctl on a free loopback port.

In CI (``CI`` set) a cluster that cannot start fails the tests; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PgCluster", "pg_cluster", "unavailable_reason"]


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    """Why a cluster cannot be started here, or ``None`` when it can."""
    if _bindir() is None:
        return "PostgreSQL server binaries are not installed (Debian package postgresql; .ci/setup installs it)"
    if os.geteuid() != 0:
        return "starting a throwaway cluster needs root (runuser -u postgres)"
    if shutil.which("runuser") is None:
        return "runuser is not available"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """A running cluster; :meth:`new_database` hands out empty databases."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port = port
        self.folder = folder
        self._count = 0

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        self._count += 1
        name = f"argmap_test_{self._count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def pg_cluster() -> Iterator[PgCluster]:
    """Start a cluster, yield it, stop it and remove its files."""
    bindir = _bindir()
    assert bindir is not None
    folder = Path(tempfile.mkdtemp(prefix="argmap-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, text=True,
                       cwd=folder, timeout=120)

    try:
        run(str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8")
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        run(str(bindir / "pg_ctl"), "-w", "-t", "60", "-D", str(data), "-o", options, "-l",
            str(folder / "server.log"), "start")
        yield PgCluster(port, folder)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(["runuser", "-u", "postgres", "--", str(bindir / "pg_ctl"), "-D", str(data), "-m",
                            "immediate", "stop"], capture_output=True, timeout=60, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)
