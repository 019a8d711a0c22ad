"""Write section: rows counted as save_thread writes them, timed per database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from argmap.bench.synthetic import synthetic_threads
from argmap.bench.write import count_rows, measure_write

TABLES = ("thread", "post", "quote", "author", "unit", "relation", "topic", "unit_topic")


def _stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return sum(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)


def test_write_rows_match_the_database(tmp_path: Path) -> None:
    [item] = list(synthetic_threads(60, per_thread=60, seed=5))
    rate = measure_write([item], db=str(tmp_path / "one.db"))
    assert rate.rows == count_rows(*item) == _stored(tmp_path / "one.db")
    items = list(synthetic_threads(240, per_thread=60, seed=5))
    rate = measure_write(items, db=str(tmp_path / "w.db"))
    assert rate.backend == "sqlite" and rate.threads == 4
    # authors and topics shared by several threads are sent (upserted) with each, stored once
    assert rate.rows == sum(count_rows(t, x) for t, x in items) >= _stored(tmp_path / "w.db")
    assert rate.seconds > 0 and rate.rows_per_s == round(rate.rows / rate.seconds, 1)


def test_write_defaults_to_a_temporary_sqlite_file() -> None:
    rate = measure_write(list(synthetic_threads(50, seed=1)))
    assert rate.database == "temporary SQLite file" and rate.rows > 50


def test_write_postgresql(pg: object) -> None:
    url = str(pg.new_database())  # type: ignore[attr-defined]
    items = list(synthetic_threads(100, per_thread=50, seed=2))
    rate = measure_write(items, db=url)
    assert rate.backend == "postgresql" and rate.rows == sum(count_rows(t, x) for t, x in items)
