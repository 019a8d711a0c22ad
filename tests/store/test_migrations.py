"""Upgrading a database an earlier argmap wrote: in place, in one transaction, keeping everything stored.

``tests/data/schema-v1/argmap.db.gz`` is a real schema-1 file: ``thread.jsonl`` beside it ingested by argmap at
commit 60be4a4 (the last release with schema 1), switched to rollback journaling and vacuumed.
"""

from __future__ import annotations

import gzip
import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from argmap.domain import Post, Thread
from argmap.errors import StoreError
from argmap.store import migrations, repository, schema
from argmap.store.db import make_engine
from argmap.store.tables import SCHEMA_VERSION
from tests.store.test_repository import _extraction, _thread

V1 = Path(__file__).parent.parent / "data" / "schema-v1"


def v1_file(folder: Path) -> Path:
    """A copy of the schema-1 database, unpacked into ``folder``."""
    path = folder / "argmap.db"
    path.write_bytes(gzip.decompress((V1 / "argmap.db.gz").read_bytes()))
    return path


def _version(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar_one())


def _columns(engine: Engine, table: str) -> set[str]:
    with engine.connect() as conn:
        return {c["name"] for c in inspect(conn).get_columns(table)}


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in ("thread", "post", "unit", "relation", "quote", "topic", "unit_topic")}


def _as_schema_1(engine: Engine) -> None:
    """Take a current database back to what schema 1 held (on either backend)."""
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE post DROP COLUMN official"))
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))


def _official_thread() -> Thread:
    posts = [Post("1", None, "mods", "Be civil in this thread.", official=True),
             Post("2", "1", "ann", "Buses should be free.")]
    return Thread(key="test:official", format="reddit", source="x.json", title="Rules", posts=posts)


def test_migrations_have_a_step_for_every_version_after_the_first() -> None:
    assert sorted(migrations.STEPS) == list(range(2, SCHEMA_VERSION + 1))


def test_migrations_upgrade_a_real_schema_1_file_in_place_keeping_every_row(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = v1_file(tmp_path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta").fetchone() == ("1",)
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("thread", "post", "unit", "relation", "quote", "topic", "unit_topic")}
        texts = conn.execute("SELECT id, text FROM unit ORDER BY id").fetchall()
    assert before["post"] == 4 and before["unit"] > 0 and before["relation"] > 0

    engine = make_engine(str(path))
    with caplog.at_level(logging.INFO, logger="argmap.store"):
        repository.init_db(engine)
    assert _version(engine) == str(SCHEMA_VERSION)
    assert "official" in _columns(engine, "post")
    assert _counts(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, text FROM unit ORDER BY id")).all() == texts
    assert [r.getMessage() for r in caplog.records] == [
        f"upgraded sqlite:///{path} from schema 1 to 2, in place; added post.official (whether the platform "
        "marks a post as its staff's or its moderators' own)"]
    graph = repository.load_graph(engine, [t.id for t in repository.list_threads(engine)])
    assert len(graph.posts) == 4 and not any(p.official for p in graph.posts)
    # Full-text search still finds what schema 1 indexed, and what is stored after the upgrade.
    repository.save_thread(engine, _official_thread(), None)
    assert [p.official for p in repository.load_graph(
        engine, [repository.get_thread(engine, "Rules").id]).posts] == [True, False]
    engine.dispose()

    caplog.clear()
    again = make_engine(str(path))
    with caplog.at_level(logging.INFO, logger="argmap.store"):
        repository.init_db(again)  # already current: nothing to do, nothing said
    assert caplog.records == []
    again.dispose()


def test_migrations_upgrade_on_both_backends(db_url: str) -> None:
    engine = make_engine(db_url)
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    before = _counts(engine)
    _as_schema_1(engine)
    assert "official" not in _columns(engine, "post")
    engine.dispose()

    engine = make_engine(db_url)
    repository.init_db(engine)
    assert _version(engine) == str(SCHEMA_VERSION)
    assert _counts(engine) == before
    # The thread stored before the upgrade stores again unchanged: the new column's default is what it writes.
    assert repository.save_thread(engine, _thread(), _extraction()).changes.status == "unchanged"
    stored = repository.save_thread(engine, _official_thread(), None)
    assert stored.changes.status == "new"
    flags = [p.official for p in repository.load_graph(engine, [repository.get_thread(engine, "Rules").id]).posts]
    assert flags == [True, False]
    engine.dispose()


def test_migrations_a_step_that_fails_leaves_the_database_as_it_was(
        db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(db_url)
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    before = _counts(engine)
    _as_schema_1(engine)

    def half_done(conn: object) -> None:
        migrations._post_official(conn)  # type: ignore[arg-type]  # the column is added, then the step fails
        conn.execute(text("ALTER TABLE no_such_table ADD COLUMN x INTEGER"))  # type: ignore[attr-defined]

    monkeypatch.setitem(migrations.STEPS, 2, migrations.Step("a step that fails", half_done))
    with caplog.at_level(logging.INFO, logger="argmap.store"), pytest.raises(StoreError) as failed:
        repository.init_db(engine)
    # the error says what the write that failed was for
    assert "needs a one-time upgrade to schema 2 before any command can read it" in str(failed.value)
    assert _version(engine) == "1"
    assert "official" not in _columns(engine, "post")
    assert _counts(engine) == before
    engine.dispose()


def test_migrations_an_upgrade_rolled_back_after_its_steps_ran_is_not_announced(
        db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """"upgraded ... in place" was logged once the steps had run, before the commit: a transaction that then
    failed (and, under a lock, was tried again) announced an upgrade that never happened, each time."""
    engine = make_engine(db_url)
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    _as_schema_1(engine)

    def fails(conn: object) -> None:  # after every step ran, inside the same transaction
        raise OperationalError("CREATE INDEX ...", {}, Exception("disk I/O error"))

    monkeypatch.setattr(schema, "ensure_text_index", fails)
    with caplog.at_level(logging.INFO, logger="argmap.store"), pytest.raises(StoreError):
        repository.init_db(engine)
    assert [r.getMessage() for r in caplog.records if "upgraded" in r.getMessage()] == []
    assert _version(engine) == "1" and "official" not in _columns(engine, "post")
    monkeypatch.undo()
    with caplog.at_level(logging.INFO, logger="argmap.store"):
        repository.init_db(engine)  # and once it commits, it is said once
    assert [r.getMessage()[:9] for r in caplog.records if "upgraded" in r.getMessage()] == ["upgraded "]
    assert _version(engine) == str(SCHEMA_VERSION)
    engine.dispose()


def test_migrations_a_database_newer_than_any_step_is_refused_not_downgraded(tmp_path: Path) -> None:
    path = v1_file(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    engine = make_engine(str(path))
    with pytest.raises(StoreError, match="newer argmap"):
        repository.init_db(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert "official" not in {row[1] for row in conn.execute("PRAGMA table_info(post)")}
