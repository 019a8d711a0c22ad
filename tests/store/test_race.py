"""Writes that meet another process or a full disk: two ingests at once of two threads that open with the same
words (the key one of them is stored under is checked again inside its write, so that the second never replaces
the first), and a new database whose schema cannot be written."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from argmap import Settings, read_thread
from argmap.api import ingest
from argmap.domain import Thread, stable_id
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



def _write_about(engine: Engine, writer: str, unit_ids: list[str], thread_id: str) -> Callable[[], None]:
    """A write of rows about ``unit_ids``, read before: tracked claim memberships, library links or labels."""
    from argmap.store import evidence, queries, tracked

    if writer == "tracking":
        claims = [{"id": "c-test", "canonical_unit_id": unit_ids[0], "text": "Cats are better than dogs."}]
        members = [{"unit_id": u, "claim_id": "c-test", "thread_id": thread_id, "similarity": 1.0,
                    "shared_terms": "cat", "shared_phrases": "", "model": "test", "reason": "same words"}
                   for u in unit_ids]
        return lambda: tracked.save_tracking(engine, claims, members)
    if writer == "labels":
        labels = [{"unit_id": u, "thread_id": thread_id, "label": "in", "semantics": "grounded", "reason": "unattacked",
                   "chain": ""}
                  for u in unit_ids]
        return lambda: queries.save_labels(engine, [thread_id], labels)
    document = evidence.save_document(engine, key="file:pets.txt", source="pets.txt", title="Pets", media="text",
                                      sha256="0" * 64, chars=26, passages=[(0, 26, "¶1", "Cats are better than dogs.")])
    passage = stable_id("g", document.id, 0, 0, 26)
    links = [{"unit_id": u, "passage_id": passage, "thread_id": thread_id, "score": 0.5, "bm25": 1.0, "rank": 1,
              "stance": "support", "model": "test", "reason": "shared words"} for u in unit_ids]
    return lambda: evidence.save_passage_links(engine, links, [(u, document.id) for u in unit_ids])


def _count(engine: Engine, writer: str) -> int:
    table = {"tracking": "tracked_member", "labels": "unit_label"}.get(writer, "passage_link")
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.mark.parametrize("writer", ["tracking", "library links", "labels"])
def test_tracked_a_unit_deleted_since_it_was_read_is_left_out(engine: Engine, writer: str) -> None:
    """Tracking (and linking claims to library passages, and analyze storing labels) reads its units, then writes
    rows about them in another transaction; a unit another process deleted meanwhile (its thread deleted or ingested
    again without it) failed the command with "violates foreign key constraint tracked_member_unit_id_fkey"
    ("passage_link_unit_id_fkey", "unit_label_unit_id_fkey")."""
    from argmap.store import tracked
    from tests.store.test_repository import _extraction, _thread

    thread = _thread()
    repository.save_thread(engine, thread, _extraction())
    with engine.connect() as conn:
        unit_ids = [r[0] for r in conn.execute(text("SELECT id FROM unit ORDER BY id"))]
    write = _write_about(engine, writer, unit_ids, thread.id)
    repository.delete_threads(engine, [thread.id])  # another process, between the read and the write
    write()
    assert _count(engine, writer) == 0
    if writer == "tracking":
        assert tracked.prune_tracking(engine).dropped == 1  # the claim left without members goes


@pytest.mark.parametrize("writer", ["tracking", "library links", "labels"])
def test_tracked_a_unit_written_anew_by_another_ingest_is_waited_for_on_postgresql(pg: object, writer: str) -> None:
    """Two ingests at once of the same threads (with extraction) on PostgreSQL: one stored a thread again (its
    units deleted and written anew, same ids) while the other wrote a membership of one of them (or a library
    link); the check of the key waited for that transaction, then found the row deleted, and the ingest failed
    with "violates foreign key constraint". The row is now written once the other transaction has committed."""
    from sqlalchemy import delete, insert, select

    from argmap.domain import Extraction
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
        conn.commit()
        write = _write_about(engine, writer, unit_ids, thread.id)
        with conn.begin():  # the other ingest storing the thread again
            rows = [dict(r._mapping) for r in conn.execute(select(unit))]
            conn.execute(delete(unit))
            conn.execute(insert(unit), rows)

            def run() -> None:
                try:
                    write()
                except BaseException as exc:  # reported by the assertion below
                    errors.append(exc)

            writing = threading.Thread(target=run)
            writing.start()
            time.sleep(1.0)  # the key check of the write now waits for this transaction
        writing.join(timeout=60)
    assert errors == []
    assert _count(engine, writer) == len(unit_ids)
    engine.dispose()
    other.dispose()
