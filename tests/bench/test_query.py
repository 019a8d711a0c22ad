"""Query section: the synthetic database is populated once, then reused by later runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from argmap.bench.query import cached_path, measure_queries
from argmap.errors import StoreError


def test_query_populates_once_and_reuses(tmp_path: Path) -> None:
    first = measure_queries(200, seed=4, folder=tmp_path, repeat=1)
    assert not first.reused and first.populate_s is not None and first.populate_s >= 0
    assert first.database == str(cached_path(200, 4, tmp_path)) and Path(first.database).is_file()
    assert not list(tmp_path.glob("*.partial*"))
    assert {"claims", "search", "match_topics"} <= set(first.milliseconds)
    again = measure_queries(200, seed=4, folder=tmp_path, repeat=1)
    assert again.reused and again.populate_s == first.populate_s and again.units == 200
    assert set(again.milliseconds) == set(first.milliseconds)
    assert all(ms >= 0 for ms in again.milliseconds.values())


def test_query_cache_is_keyed_by_units_and_seed(tmp_path: Path) -> None:
    assert len({cached_path(100, 0, tmp_path), cached_path(100, 1, tmp_path), cached_path(200, 0, tmp_path)}) == 3


@pytest.mark.parametrize("stop", [KeyboardInterrupt, StoreError])
def test_query_populate_stopped_part_way_leaves_no_partial_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    stop: type[BaseException]) -> None:
    """A populate stopped part-way (Ctrl-C, a full disk) left its database (a gigabyte for the default million
    units) in the temporary folder until the next run, on the very disk that had filled up."""
    from argmap.bench import query

    real = query.populate

    def stopped(engine: Engine, units: int, **kwargs: Any) -> None:
        real(engine, 50, **kwargs)
        raise stop("stopped part-way")

    monkeypatch.setattr(query, "populate", stopped)
    with pytest.raises(stop):
        measure_queries(200, seed=4, folder=tmp_path, repeat=1)
    assert list(tmp_path.iterdir()) == []
