"""Synthetic threads for benchmarks: deterministic, stored like real ones, queries timed."""

from __future__ import annotations

from pathlib import Path

from argmap.bench.synthetic import populate, synthetic_threads, time_queries
from argmap.store import repository
from argmap.store.db import make_engine


def test_synthetic_threads_are_deterministic_and_sized() -> None:
    first = list(synthetic_threads(120, per_thread=50, seed=3))
    again = list(synthetic_threads(120, per_thread=50, seed=3))
    assert [len(x.units) for _, x in first] == [50, 50, 20]
    assert [u.text for _, x in first for u in x.units] == [u.text for _, x in again for u in x.units]
    assert all(r.target < r.source for _, x in first for r in x.relations)


def test_synthetic_populate_and_time_queries(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "b.db"))
    repository.init_db(engine)
    assert populate(engine, 300, per_thread=60) == 300
    assert repository.stats(engine).units == {"claim": repository.stats(engine).units["claim"],
                                              "premise": repository.stats(engine).units["premise"]}
    timing = time_queries(engine, repeat=1)
    assert set(timing.milliseconds) >= {"claims", "search", "match_topics"}
    assert all(ms >= 0 for ms in timing.milliseconds.values())
    engine.dispose()
