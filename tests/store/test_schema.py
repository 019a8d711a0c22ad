"""Opening a database: another application's is refused untouched, and a whole one is only read."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from argmap.errors import StoreError
from argmap.store import repository
from argmap.store.db import make_engine
from tests.store.test_repository import _extraction, _thread

FOREIGN = {
    "own-tables": ["CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)"],
    "a-table-named-as-argmaps": ["CREATE TABLE thread (id INTEGER PRIMARY KEY, subject TEXT)"],
    "a-meta-of-its-own": ["CREATE TABLE meta (key TEXT, value TEXT)", "INSERT INTO meta VALUES ('owner', 'crm')"],
    "a-meta-of-another-shape": ["CREATE TABLE meta (name TEXT)"],
}


def _schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT type, name FROM sqlite_master").fetchall())


@pytest.mark.parametrize("statements", FOREIGN.values(), ids=FOREIGN.keys())
def test_schema_refuses_another_applications_sqlite_file_and_writes_nothing(tmp_path: Path,
                                                                           statements: list[str]) -> None:
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    before = _schema(path), path.read_bytes()
    engine = make_engine(str(path))
    with pytest.raises(StoreError, match="is not an argmap database") as info:
        repository.init_db(engine)
    engine.dispose()
    assert "choose another --db" in str(info.value)
    assert _schema(path) == before[0]  # not one argmap table added (they were, before the read was refused)
    assert path.read_bytes() == before[1]  # nor switched to WAL journaling, which the file keeps


def test_schema_refuses_a_postgresql_table_named_as_argmaps_and_keeps_others(pg: object) -> None:
    url = str(pg.new_database())  # type: ignore[attr-defined]
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE thread (id INTEGER PRIMARY KEY, subject TEXT)"))
    with pytest.raises(StoreError, match=r"is not an argmap database: .*\(thread\)"):
        repository.init_db(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT to_regclass('unit')")).scalar() is None
    engine.dispose()

    shared = make_engine(str(pg.new_database()))  # type: ignore[attr-defined]
    with shared.begin() as conn:  # a database shared with another application's tables is fair on a server
        conn.execute(text("CREATE TABLE invoice (id INTEGER PRIMARY KEY)"))
    repository.init_db(shared)
    repository.save_thread(shared, _thread(), _extraction())
    repository.init_db(shared)
    assert [t.title for t in repository.list_threads(shared)] == ["Pets"]
    shared.dispose()


def test_schema_reads_a_whole_database_while_another_process_holds_the_write_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "argmap.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    engine.dispose()
    # A lock that never clears would fail fast here instead of after six waits of 30 s.
    monkeypatch.setattr("argmap.store.db.BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr("argmap.store.sql.ATTEMPTS", 1)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # e.g. an ingest in another process, or a sqlite3 shell left open
    writer.execute("INSERT INTO meta (key, value) VALUES ('note', 'pending')")
    try:
        started = time.monotonic()
        reader = make_engine(str(path))
        repository.init_db(reader)  # only reads: the schema is whole
        assert [t.title for t in repository.list_threads(reader)] == ["Pets"]
        reader.dispose()
        assert time.monotonic() - started < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_schema_completes_a_database_an_earlier_argmap_made(tmp_path: Path) -> None:
    path = tmp_path / "argmap.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    with engine.begin() as conn:  # made before the evidence library and with the old full-text insert trigger
        conn.execute(text("DROP TABLE document_scored"))
        conn.execute(text("CREATE TRIGGER unit_fts_ai AFTER INSERT ON unit BEGIN SELECT 1; END"))
    engine.dispose()

    engine = make_engine(str(path))
    repository.init_db(engine)
    names = {name for _, name in _schema(path)}
    assert "document_scored" in names and "unit_fts_ai" not in names
    assert [t.title for t in repository.list_threads(engine)] == ["Pets"]
    engine.dispose()


def test_schema_postgresql_opens_while_another_transaction_has_read_the_tables(pg: object) -> None:
    """Opening ran ALTER TABLE on every command, which waits for each open transaction that read the table (a
    long export, a psql session left open): even ``argmap threads`` waited for as long as that one stayed open."""
    import psycopg

    url = str(pg.new_database())  # type: ignore[attr-defined]
    engine = make_engine(url)
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    engine.dispose()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as reader:
        reader.execute("SELECT count(*) FROM unit").fetchone()  # its transaction stays open
        # Without the fix a lock wait, which the timeout turns into an error after 6 tries of 1 s.
        waiting = make_engine(url + "?options=-c%20lock_timeout%3D1000")
        started = time.monotonic()
        repository.init_db(waiting)
        assert [t.title for t in repository.list_threads(waiting)] == ["Pets"]
        waiting.dispose()
        assert time.monotonic() - started < 5


def test_schema_a_read_of_a_postgresql_database_without_argmaps_tables_is_refused_not_filled(pg: object) -> None:
    """``argmap --db postgresql://host stats`` (no database name: the server's ``postgres`` one) answered "0
    threads" and left argmap's 19 tables there; a SQLite file that is not there is refused, naming the fix."""
    from argmap import api
    from argmap.config import Settings
    from argmap.errors import NotFound

    url = str(pg.new_database())  # type: ignore[attr-defined]
    settings = Settings(db=url)
    with pytest.raises(NotFound, match="holds no argmap tables: nothing is stored there yet"):
        api.stats(settings=settings)
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one() == 0
    assert not repository.holds_schema(engine)
    repository.init_db(engine)  # storing makes them, and reads then work
    repository.save_thread(engine, _thread(), _extraction())
    engine.dispose()
    assert api.stats(settings=settings).threads == 1


def test_schema_postgresql_stores_every_time_as_an_instant_whatever_the_servers_zone(pg: object) -> None:
    """Times are stored as instants (``timestamp with time zone``): sqlmodel before 0.0.45 made ``timestamp
    without time zone`` columns, where a post's UTC time was written and read in the server's own zone."""
    from dataclasses import replace
    from datetime import UTC, datetime

    import psycopg

    url = str(pg.new_database())  # type: ignore[attr-defined]
    written = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    thread = _thread()
    thread = replace(thread, posts=[replace(post, created_at=written) for post in thread.posts])
    tokyo = make_engine(url + "?options=-c%20timezone%3DAsia/Tokyo")
    repository.init_db(tokyo)
    repository.save_thread(tokyo, thread, _extraction())
    tokyo.dispose()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        types = conn.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                             "WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%'").fetchall()
        conn.execute("SET timezone = 'America/New_York'")
        stored = conn.execute("SELECT DISTINCT created_at FROM post").fetchall()
    assert ("post", "created_at", "timestamp with time zone") in types
    assert {data_type for _, _, data_type in types} == {"timestamp with time zone"}, types
    assert [moment.astimezone(UTC) for (moment,) in stored] == [written]


def test_schema_postgresql_time_columns_an_older_sqlmodel_made_are_made_instants_in_place(
        pg: object, caplog: pytest.LogCaptureFixture) -> None:
    """A database made with sqlmodel before 0.0.45 holds ``timestamp without time zone`` columns, into which the
    server wrote each time in its own zone: a post at 08:00 UTC was stored as 17:00 in Tokyo, read back as 17:00
    UTC, and every ingest again said "posts N edited". Opening it converts them, each time read in that zone."""
    import logging
    from dataclasses import replace
    from datetime import UTC, datetime

    import psycopg

    url = str(pg.new_database())  # type: ignore[attr-defined]
    written = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    thread = _thread()
    thread = replace(thread, posts=[replace(post, created_at=written) for post in thread.posts])
    engine = make_engine(url)
    repository.init_db(engine)
    repository.save_thread(engine, thread, _extraction())
    engine.dispose()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:  # as an older sqlmodel made it, on a server in Tokyo
        name = conn.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        conn.execute(f'ALTER DATABASE "{name}" SET timezone = \'Asia/Tokyo\'')
    with psycopg.connect(plain, autocommit=True) as conn:
        for table, column in conn.execute("SELECT table_name, column_name FROM information_schema.columns WHERE "
                                          "data_type = 'timestamp with time zone' AND table_schema = "
                                          "current_schema()").fetchall():
            conn.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamp without time zone')
        assert conn.execute("SELECT DISTINCT created_at FROM post").fetchall() == [(datetime(2024, 5, 1, 17, 0),)]
    engine = make_engine(url)
    with caplog.at_level(logging.INFO, logger="argmap.store"):
        repository.init_db(engine)
    engine.dispose()
    [said] = [r.getMessage() for r in caplog.records if "converted" in r.getMessage()]
    assert "post.created_at" in said and "(Asia/Tokyo)" in said
    with psycopg.connect(plain) as conn:
        kinds = {kind for (kind,) in conn.execute("SELECT data_type FROM information_schema.columns WHERE "
                                                 "table_schema = current_schema() AND data_type LIKE 'timestamp%'")}
        stored = conn.execute("SELECT DISTINCT created_at FROM post").fetchall()
    assert kinds == {"timestamp with time zone"}
    assert [moment.astimezone(UTC) for (moment,) in stored] == [written]
    caplog.clear()
    engine = make_engine(url)
    with caplog.at_level(logging.INFO, logger="argmap.store"):
        repository.init_db(engine)  # once only
    engine.dispose()
    assert not [r for r in caplog.records if "converted" in r.getMessage()]
