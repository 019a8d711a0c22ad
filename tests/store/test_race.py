"""Writes that meet another process or a full disk: two ingests at once of two threads that open with the same
words (the key one of them is stored under is checked again inside its write, so that the second never replaces
the first), and a new database whose schema cannot be written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from argmap import Settings, read_thread
from argmap.api import ingest
from argmap.domain import Thread
from argmap.store import repository

OPENING = "Weekly discussion: should offices come back?"


def _weeks(tmp_path: Path) -> tuple[Thread, Thread]:
    week1, week2 = tmp_path / "week1.txt", tmp_path / "week2.txt"
    week1.write_text(f"{OPENING}\nOffices help new staff learn.\n", encoding="utf-8")
    week2.write_text(f"{OPENING}\nRemote teams ship as fast.\n", encoding="utf-8")
    return read_thread(week1), read_thread(week2)


def test_a_key_taken_meanwhile_is_refused_inside_the_write(engine: Engine, tmp_path: Path) -> None:
    first, second = _weeks(tmp_path)
    assert first.opening_key and first.key == second.key
    opening = second.key
    stale = repository.own_key(engine, second)  # asked before the other ingest stored its thread
    assert stale == opening
    repository.save_thread(engine, first, opening=first.key)  # the other ingest, faster
    with pytest.raises(repository.KeyTaken):
        repository.save_thread(engine, replace(second, key=stale), opening=opening)
    assert [t.title for t in repository.list_threads(engine)] == ["week1"]  # nothing of it written
    fresh = repository.own_key(engine, second)
    assert fresh != opening
    repository.save_thread(engine, replace(second, key=fresh), opening=opening)
    assert sorted(t.title for t in repository.list_threads(engine)) == ["week1", "week2"]


def test_ingest_works_the_key_out_again_when_it_was_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two ingests at once lost a thread 3 times in 6 (both exit 0, the second reported as an edit of the first)."""
    from argmap.store.db import make_engine

    _weeks(tmp_path)
    settings = Settings(db=str(tmp_path / "race.db"))
    assert ingest(tmp_path / "week1.txt", settings=settings, extract=False).ok
    real = repository.own_key
    asked: list[str] = []

    def stale_once(engine: Engine, thread: Thread) -> str:
        asked.append(thread.key)
        # the first answer is the one read before the other ingest stored its thread
        return thread.key if len(asked) == 1 else real(engine, thread)

    monkeypatch.setattr(repository, "own_key", stale_once)
    report = ingest(tmp_path / "week2.txt", settings=settings, extract=False)
    assert report.ok and report.threads[0].changes.status == "new"
    assert len(asked) == 2 and "+" in report.threads[0].key
    engine = make_engine(settings.db)
    assert sorted((t.title, t.posts) for t in repository.list_threads(engine)) == [("week1", 2), ("week2", 2)]
    engine.dispose()


def test_a_new_database_whose_schema_cannot_be_written_is_removed(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """On a full disk the new file got its first page and no schema: 4 KB of nothing, which later commands opened
    ("disk is full") instead of saying that no database is there."""
    from collections.abc import Iterator
    from contextlib import contextmanager

    from argmap.api import _store
    from argmap.errors import StoreError

    db = tmp_path / "full.db"

    @contextmanager
    def full_disk(settings: Settings, *, create: bool = False) -> Iterator[Engine]:
        db.write_bytes(b"\0" * 4096)
        (tmp_path / "full.db-wal").write_bytes(b"")
        raise StoreError("cannot open the database: database or disk is full")
        yield  # pragma: no cover

    monkeypatch.setattr(_store, "opened", full_disk)
    (tmp_path / "t.txt").write_text("Buses should be free.\nNo, fares pay the drivers.\n", encoding="utf-8")
    with pytest.raises(StoreError, match="disk is full"):
        ingest(tmp_path / "t.txt", settings=Settings(db=str(db)), extract=False)
    assert not db.exists() and not (tmp_path / "full.db-wal").exists()
