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


def _tracking_rows(unit_ids: list[str], thread_id: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    claims = [{"id": "c-test", "canonical_unit_id": unit_ids[0], "text": "Cats are better than dogs."}]
    members = [{"unit_id": u, "claim_id": "c-test", "thread_id": thread_id, "similarity": 1.0, "shared_terms": "cat",
                "shared_phrases": "", "model": "test", "reason": "same words"} for u in unit_ids]
    return claims, members


def test_tracked_a_unit_deleted_since_it_was_read_is_left_out(engine: Engine) -> None:
    """Tracking reads its candidate units, then writes their memberships in another transaction; a unit another
    process deleted meanwhile (its thread deleted or ingested again without it) failed the ingest with "violates
    foreign key constraint tracked_member_unit_id_fkey"."""
    from sqlalchemy import text

    from argmap.store import tracked
    from tests.store.test_repository import _extraction, _thread

    thread = _thread()
    repository.save_thread(engine, thread, _extraction())
    with engine.connect() as conn:
        unit_ids = [r[0] for r in conn.execute(text("SELECT id FROM unit ORDER BY id"))]
    claims, members = _tracking_rows(unit_ids, thread.id)
    repository.delete_threads(engine, [thread.id])  # another process, between the read and the write
    tracked.save_tracking(engine, claims, members)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM tracked_member")).scalar_one() == 0
    assert tracked.prune_tracking(engine).dropped == 1  # the claim left without members goes


def test_tracked_a_unit_written_anew_by_another_ingest_is_waited_for_on_postgresql(pg: object) -> None:
    """Two ingests at once of the same threads (with extraction) on PostgreSQL: one stored a thread again (its
    units deleted and written anew, same ids) while the other wrote a membership of one of them; the check of the
    key waited for that transaction, then found the row deleted, and the ingest failed with "violates foreign key
    constraint". The membership is now written once the other transaction has committed."""
    import threading
    import time

    from sqlalchemy import delete, insert, select, text

    from argmap.domain import Extraction
    from argmap.store import tracked
    from argmap.store.db import make_engine
    from argmap.store.sql import table_of
    from argmap.store.tables import UnitRow
    from tests.store.test_repository import _extraction, _thread

    url = pg.new_database()  # type: ignore[attr-defined]
    engine, other = make_engine(url), make_engine(url)
    repository.init_db(engine)
    thread = _thread()
    units = [replace(u, topics=[]) for u in _extraction().units]
    repository.save_thread(engine, thread, Extraction(units, []))
    unit = table_of(UnitRow)
    errors: list[BaseException] = []
    with other.connect() as conn:
        unit_ids = list(conn.execute(select(unit.c.id).order_by(unit.c.id)).scalars())
        claims, members = _tracking_rows(unit_ids, thread.id)
        conn.commit()
        with conn.begin():  # the other ingest storing the thread again
            rows = [dict(r._mapping) for r in conn.execute(select(unit))]
            conn.execute(delete(unit))
            conn.execute(insert(unit), rows)

            def track() -> None:
                try:
                    tracked.save_tracking(engine, claims, members)
                except BaseException as exc:  # reported by the assertion below
                    errors.append(exc)

            writer = threading.Thread(target=track)
            writer.start()
            time.sleep(1.0)  # the membership's key check now waits for this transaction
        writer.join(timeout=60)
    assert errors == []
    with engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT unit_id FROM tracked_member")).scalars()) == unit_ids
    engine.dispose()
    other.dispose()
