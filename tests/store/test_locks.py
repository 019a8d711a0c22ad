"""A lock another process holds: a write waits, says why, and in the end fails with the cause and the fix."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from argmap.errors import StoreBusy
from argmap.store import repository, sql
from argmap.store.db import make_engine
from tests.store.test_repository import _extraction, _thread


def test_locks_a_brief_hold_up_is_tried_again_up_to_the_attempts() -> None:
    calls: list[int] = []

    def busy() -> None:
        calls.append(1)
        raise StoreBusy("deadlock detected")

    with pytest.raises(StoreBusy):
        sql.retrying(busy)
    assert len(calls) == sql.ATTEMPTS


def test_locks_a_brief_hold_up_that_clears_succeeds() -> None:
    calls: list[int] = []

    def clears() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise StoreBusy("database is locked")
        return "written"

    assert sql.retrying(clears) == "written"
    assert len(calls) == 3


def test_locks_a_long_wait_is_told_before_the_next_attempt(monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(sql, "LONG_WAIT_S", 0.05)
    calls: list[int] = []

    def waits_then_clears() -> str:
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.06)  # as the database's own wait for the lock, run out
            raise StoreBusy("database is locked")
        return "written"

    with caplog.at_level(logging.WARNING, logger="argmap.store"):
        assert sql.retrying(waits_then_clears) == "written"
    [note] = [r.getMessage() for r in caplog.records if r.name == "argmap.store"]
    assert "another process holds a lock on the database" in note
    assert f"trying again (attempt 2 of {sql.ATTEMPTS})" in note


def _retries(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the pauses between attempts (each one an attempt made again)."""
    pauses: list[float] = []
    monkeypatch.setattr(sql.time, "sleep", pauses.append)
    return pauses


def test_locks_sqlite_write_blocked_by_a_shell_left_in_a_write_says_so_then_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "argmap.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    engine.dispose()
    monkeypatch.setattr("argmap.store.db.BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(sql, "LONG_WAIT_S", 0.1)
    pauses = _retries(monkeypatch)
    shell = sqlite3.connect(path, isolation_level=None)
    shell.execute("BEGIN IMMEDIATE")  # e.g. a sqlite3 shell in the middle of a write
    try:
        blocked = make_engine(str(path))
        with pytest.raises(StoreBusy) as caught, caplog.at_level(logging.WARNING, logger="argmap.store"):
            repository.save_thread(blocked, _thread(), _extraction())
        blocked.dispose()
    finally:
        shell.execute("ROLLBACK")
        shell.close()
    assert len(pauses) == sql.ATTEMPTS - 1  # each wait told, then the error
    assert len([r for r in caplog.records if "holds a lock on the database" in r.getMessage()]) == sql.ATTEMPTS - 1
    assert "sqlite3 or psql session left in a write" in str(caught.value)
    assert "try again when it has finished" in str(caught.value)
    engine = make_engine(str(path))
    assert repository.list_threads(engine) == []  # nothing half-written
    repository.save_thread(engine, _thread(), _extraction())  # and it goes in once the lock is gone
    assert [t.title for t in repository.list_threads(engine)] == ["Pets"]
    engine.dispose()


def test_locks_postgresql_write_blocked_by_a_table_lock_fails_instead_of_waiting_for_ever(
        pg: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    url = pg.new_database()  # type: ignore[attr-defined]
    engine = make_engine(url)
    repository.init_db(engine)
    engine.dispose()
    monkeypatch.setattr("argmap.store.db.BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(sql, "LONG_WAIT_S", 0.2)
    pauses = _retries(monkeypatch)
    holder = make_engine(url)
    with holder.connect() as session:  # e.g. a psql session that ran LOCK TABLE and left its transaction open
        session.execute(text("BEGIN"))
        session.execute(text("LOCK TABLE thread IN ACCESS EXCLUSIVE MODE"))
        blocked = make_engine(url)
        with pytest.raises(StoreBusy) as caught, caplog.at_level(logging.WARNING, logger="argmap.store"):
            repository.save_thread(blocked, _thread(), _extraction())
        blocked.dispose()
        session.execute(text("ROLLBACK"))
    holder.dispose()
    assert len(pauses) == sql.ATTEMPTS - 1
    assert len([r for r in caplog.records if "holds a lock on the database" in r.getMessage()]) == sql.ATTEMPTS - 1
    assert "lock timeout" in str(caught.value)
    engine = make_engine(url)
    assert repository.list_threads(engine) == []
    repository.save_thread(engine, _thread(), _extraction())
    assert [t.title for t in repository.list_threads(engine)] == ["Pets"]
    engine.dispose()
