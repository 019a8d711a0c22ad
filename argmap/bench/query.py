"""Query latency at scale: a synthetic database of many units, populated once and reused, then timed.

The database is a SQLite file under the system's temporary folder named by the unit count and the seed
(``argmap-bench-<units>u-seed<seed>.db``), so a second run reuses it. It is populated under a ``.partial``
name and renamed when complete, so an interrupted run never leaves a half-filled file to be reused.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from argmap.bench.synthetic import populate, time_queries
from argmap.config import DEFAULT_QUERY_UNITS
from argmap.store import repository
from argmap.store.db import make_engine, sqlite_files

__all__ = ["DEFAULT_QUERY_UNITS", "QueryLatency", "cached_path", "measure_queries"]



@dataclass
class QueryLatency:
    """The query section of a benchmark.

    Attributes:
        units (int): units in the database.
        database (str): the cached database file.
        reused (bool): whether the file was there already (then ``populate_s`` is of the run that made it).
        populate_s (float | None): seconds the run that made the file took to populate it (kept beside the
            file); ``None`` when unknown.
        milliseconds (dict[str, float]): best of ``repeat`` runs per query.
    """

    units: int
    database: str
    reused: bool
    populate_s: float | None
    milliseconds: dict[str, float] = field(default_factory=dict)


def cached_path(units: int, seed: int, folder: Path | None = None) -> Path:
    """Where the synthetic database of ``units`` units and ``seed`` lives.

    Args:
        units (int): units in the database.
        seed (int): the generator seed.
        folder (Path | None): the folder; the system's temporary folder when ``None``.

    Returns:
        Path: the database file.
    """
    return (folder or Path(tempfile.gettempdir())) / f"argmap-bench-{units}u-seed{seed}.db"


def _facts(path: Path) -> Path:
    """The small JSON file beside a cached database that records how it was made."""
    return path.with_name(path.name + ".json")


def measure_queries(units: int = DEFAULT_QUERY_UNITS, *, seed: int = 0, folder: Path | None = None,
                    repeat: int = 3, on_units: Callable[[int], None] | None = None) -> QueryLatency:
    """Time the index-backed queries on a synthetic database of ``units`` units, populating it first if needed.

    Args:
        units (int): units in the database.
        seed (int): the generator seed (the same seed gives the same database).
        folder (Path | None): where the cached database lives; the system's temporary folder when ``None``.
        repeat (int): runs per query; the best counts.
        on_units (Callable[[int], None] | None): told the running count of units while populating.

    Returns:
        QueryLatency: the timings, and the populate time when this run populated.

    Raises:
        StoreError: the database cannot be written or read.
    """
    path = cached_path(units, seed, folder)
    reused = path.exists()
    populate_s: float | None = None
    if not reused:
        partial = path.with_name(path.name + ".partial")
        files = sqlite_files(partial)
        for stale in files:
            stale.unlink(missing_ok=True)
        engine = make_engine(str(partial))
        try:
            try:
                repository.init_db(engine)
                began = time.perf_counter()
                populate(engine, units, seed=seed, on_thread=on_units)
                populate_s = round(time.perf_counter() - began, 1)
            finally:
                engine.dispose()  # the last connection closing checkpoints the WAL into the file
        except BaseException:
            # A full disk, Ctrl-C: the database populated so far (up to a gigabyte for the default million units,
            # on the disk that filled up) was left in the temporary folder until the next run.
            for stale in files:
                stale.unlink(missing_ok=True)
            raise
        os.replace(partial, path)
        _facts(path).write_text(json.dumps({"units": units, "seed": seed, "populate_s": populate_s}),
                                encoding="utf-8")
    else:
        try:
            populate_s = json.loads(_facts(path).read_text(encoding="utf-8")).get("populate_s")
        except (OSError, ValueError):
            populate_s = None
    engine = make_engine(str(path))
    try:
        repository.init_db(engine)
        timing = time_queries(engine, repeat=repeat)
    finally:
        engine.dispose()
    return QueryLatency(units, str(path), reused, populate_s, timing.milliseconds)
