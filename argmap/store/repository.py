"""Reading and writing the graph. The only module that builds queries.

Writes are per thread and atomic: :func:`save_thread` replaces everything stored for a thread inside one
transaction, so a thread is either stored whole or as it was before, and re-ingesting it writes the same
stable ids instead of new rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Table, delete, exists, func, insert, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, select

from argmap.config import mask_url
from argmap.domain import Extraction, Relation, Thread, Unit, stable_id
from argmap.errors import NotFound, SchemaTooNew, StoreBusy, StoreError
from argmap.store.evidence_rows import evidence_rows
from argmap.store.models import GraphData, PostInfo, QuoteInfo, RelationInfo, ThreadInfo, UnitInfo
from argmap.store.tables import (
    SCHEMA_VERSION,
    AuthorRow,
    EvidenceItemRow,
    EvidenceLinkRow,
    EvidenceSourceRow,
    MetaRow,
    PostRow,
    QuoteRow,
    RelationRow,
    ThreadRow,
    TopicRow,
    UnitRow,
    UnitTopicRow,
)

__all__ = [
    "TEXT_SEARCH_CONFIG",
    "Stats",
    "ensure_text_index",
    "get_thread",
    "init_db",
    "list_threads",
    "load_graph",
    "save_thread",
    "stats",
]

T = TypeVar("T")
_SCHEMA_KEY = "schema_version"
# Any constant identifies argmap's schema lock among PostgreSQL advisory locks.
_PG_SCHEMA_LOCK = 0x41524D4150


@dataclass
class Stats:
    """Counts over the whole database.

    Attributes:
        threads (int): stored threads.
        posts (int): stored posts.
        authors (int): distinct authors.
        units (dict[str, int]): units by kind.
        relations (dict[str, int]): relations by kind.
        relation_models (dict[str, int]): relations by the rule or model that made them (``model``), most first.
        topics (int): distinct topics.
        evidence_sources (int): distinct evidence sources.
    """

    threads: int = 0
    posts: int = 0
    authors: int = 0
    units: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    relation_models: dict[str, int] = field(default_factory=dict)
    topics: int = 0
    evidence_sources: int = 0


def _table(model: type[SQLModel]) -> Table:
    """The Core table behind a SQLModel table class."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _describe(engine: Engine) -> str:
    return mask_url(engine.url.render_as_string(hide_password=True))


def _store_error(engine: Engine, exc: Exception, doing: str) -> StoreError:
    """A :class:`StoreError` for ``exc`` (from SQLAlchemy or the database driver), the URL's password masked."""
    detail = mask_url(str(getattr(exc, "orig", exc) or exc)).splitlines()[0]
    hint = "check the --db path or URL and that the server is running"
    if "file is not a database" in detail:
        hint = "that file is not a SQLite database; choose another --db"
    elif _transient(exc):
        hint = "another process held the database too long; try again when it has finished"
        return StoreBusy(f"cannot {doing} {_describe(engine)}: {detail}; {hint}")
    return StoreError(f"cannot {doing} {_describe(engine)}: {detail}; {hint}")


def _transient(exc: Exception) -> bool:
    """A lock that did not clear in time (SQLite) or a deadlock / serialization failure (PostgreSQL)."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in ("40P01", "40001", "55P03"):
        return True
    message = str(orig or exc).lower()
    return "database is locked" in message or "database table is locked" in message or "busy" in message


_ATTEMPTS = 6


def _retrying(action: Callable[[], T]) -> T:
    """Run a write again when another process held the database (after its own busy timeout)."""
    for attempt in range(_ATTEMPTS):
        try:
            return action()
        except StoreBusy:
            if attempt == _ATTEMPTS - 1:
                raise
            time.sleep(0.05 * 2**attempt + random.random() * 0.05)
    raise AssertionError("unreachable")


def init_db(engine: Engine) -> None:
    """Create the tables where missing and check the schema version.

    Raises:
        SchemaTooNew: when a newer argmap wrote the database.
        StoreError: when the database cannot be opened.
    """
    _retrying(lambda: _init_db_once(engine))


def _init_db_once(engine: Engine) -> None:
    try:
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                # Several processes may create the schema at once; one at a time does it.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_SCHEMA_LOCK})
            SQLModel.metadata.create_all(conn)
            ensure_text_index(conn)
            found = conn.execute(select(MetaRow.value).where(MetaRow.key == _SCHEMA_KEY)).scalar()
            if found is None:
                conn.execute(insert(MetaRow).values(key=_SCHEMA_KEY, value=str(SCHEMA_VERSION)))
            elif int(found) > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"{_describe(engine)} was written by a newer argmap (schema {found}; this one reads up to "
                    f"{SCHEMA_VERSION}); upgrade argmap (pip install -U argmap) or choose another --db"
                )
    except (OperationalError, DatabaseError) as exc:
        raise _store_error(engine, exc, "open") from None


def _upsert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]], keys: list[str],
            update: list[str] | None = None) -> None:
    """INSERT ... ON CONFLICT for SQLite and PostgreSQL; ``update`` columns are overwritten, else ignored."""
    if not rows:
        return
    statement: Any
    if conn.dialect.name == "postgresql":
        statement = postgresql_insert(table)
    elif conn.dialect.name == "sqlite":
        statement = sqlite_insert(table)
    else:
        raise StoreError(f"argmap stores threads in SQLite or PostgreSQL, not {conn.dialect.name}")
    if update:
        statement = statement.on_conflict_do_update(
            index_elements=keys, set_={name: statement.excluded[name] for name in update}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    conn.execute(statement, list(rows))


_CHUNK = 5_000
"""Rows written per statement: a huge thread is written in pieces (one transaction still), never held whole."""


def _bulk(conn: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` (any iterable) :data:`_CHUNK` at a time."""
    batch: list[dict[str, Any]] = []
    statement = insert(table)
    for row in rows:
        batch.append(row)
        if len(batch) == _CHUNK:
            conn.execute(statement, batch)
            batch = []
    if batch:
        conn.execute(statement, batch)


def save_thread(engine: Engine, thread: Thread, extraction: Extraction | None = None) -> ThreadInfo:
    """Store a thread (and what was extracted from it), replacing any earlier version of it.

    Everything happens in one transaction: on any failure the database stays as it was. A write that meets
    another process's lock or a deadlock is tried again.

    Args:
        engine (Engine): from :func:`argmap.store.db.make_engine`, initialised by :func:`init_db`.
        thread (Thread): the posts.
        extraction (Extraction | None): units and relations found in them.

    Returns:
        ThreadInfo: the stored thread with its counts.

    Raises:
        StoreError: when the database cannot be written.
    """
    return _retrying(lambda: _save_thread_once(engine, thread, extraction))


def _post_rows(thread: Thread, post_ids: dict[str, str]) -> Iterator[dict[str, Any]]:
    depth: dict[str, int] = {}
    for position, post in enumerate(thread.posts):
        depth[post.external_id] = depth.get(post.parent, -1) + 1 if post.parent else 0
        yield {
            "id": post_ids[post.external_id], "thread_id": thread.id, "external_id": post.external_id,
            "parent_id": post_ids.get(post.parent) if post.parent else None,
            "author_id": stable_id("a", post.author) if post.author else None,
            "position": position, "depth": depth[post.external_id], "created_at": post.created_at,
            "title": post.title, "url": post.url, "text": post.text, "raw": post.raw,
        }


def _quote_rows(thread: Thread, post_ids: dict[str, str]) -> Iterator[dict[str, Any]]:
    for post in thread.posts:
        for n, quote in enumerate(post.quotes):
            yield {
                "id": stable_id("q", thread.key, post.external_id, n), "thread_id": thread.id,
                "post_id": post_ids[post.external_id], "text": quote.text, "offset": quote.offset,
                "source_post_id": post_ids.get(quote.source_post) if quote.source_post else None,
                "source_start": quote.source_start, "source_end": quote.source_end,
            }


def _unit_rows(thread_id: str, unit_ids: list[str], units: list[Unit],
               post_ids: dict[str, str]) -> Iterator[dict[str, Any]]:
    for uid, unit in zip(unit_ids, units, strict=True):
        yield {
            "id": uid, "thread_id": thread_id, "post_id": post_ids[unit.post], "kind": unit.kind,
            "start": unit.start, "end": unit.end, "text": unit.text, "confidence": round(unit.confidence, 4),
            "model": unit.source, "reason": unit.reason,
        }


def _unit_topic_rows(thread_id: str, unit_ids: list[str], units: list[Unit],
                     topic_ids: dict[str, str]) -> Iterator[dict[str, Any]]:
    for uid, unit in zip(unit_ids, units, strict=True):
        for topic in dict.fromkeys(unit.topics):
            yield {"unit_id": uid, "topic_id": topic_ids[topic], "thread_id": thread_id}


def _relation_rows(thread_id: str, unit_ids: list[str], relations: list[Relation],
                   ids: list[str], last: dict[str, int]) -> Iterator[dict[str, Any]]:
    """One row per relation id: when two relations join the same pair with the same kind, the last one."""
    for index, (rid, rel) in enumerate(zip(ids, relations, strict=True)):
        if last[rid] == index:
            yield {"id": rid, "thread_id": thread_id, "source_id": unit_ids[rel.source],
                   "target_id": unit_ids[rel.target], "kind": rel.kind, "confidence": round(rel.confidence, 4),
                   "model": rel.model, "reason": rel.reason}


def _save_thread_once(engine: Engine, thread: Thread, extraction: Extraction | None = None) -> ThreadInfo:
    """One attempt of :func:`save_thread`: rows are made as they are written, a chunk at a time."""
    extraction = extraction or Extraction()
    thread_id = thread.id
    post_ids = {p.external_id: thread.post_id(p.external_id) for p in thread.posts}
    authors = {p.author for p in thread.posts if p.author}
    unit_ids = [unit.id(thread.key) for unit in extraction.units]
    # Each distinct topic hashed once.
    topic_ids = {topic: stable_id("k", topic)
                 for topic in dict.fromkeys(topic for unit in extraction.units for topic in unit.topics)}
    relation_ids = [stable_id("r", unit_ids[rel.source], unit_ids[rel.target], rel.kind)
                    for rel in extraction.relations]
    last = {rid: i for i, rid in enumerate(relation_ids)}
    evidence = evidence_rows(thread_id, unit_ids, extraction.units)
    info = ThreadInfo(
        id=thread_id, key=thread.key, format=thread.format, source=thread.source, title=thread.title,
        url=thread.url, posts=len(post_ids), units=len(unit_ids), relations=len(last),
        missing=thread.missing, ingested_at=datetime.now(UTC),
    )
    try:
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            # The upsert takes the thread's row lock first, so two processes writing the same thread queue.
            _upsert(conn, _table(ThreadRow), [info.model_dump()], ["id"],
                    update=["source", "format", "title", "url", "posts", "units", "relations", "missing",
                            "ingested_at"])
            unit_topic = _table(UnitTopicRow)
            had = [tid for (tid,) in conn.execute(
                select(unit_topic.c.topic_id).where(unit_topic.c.thread_id == thread_id).distinct()).all()]
            for model in (UnitTopicRow, EvidenceItemRow, EvidenceLinkRow, RelationRow, QuoteRow, UnitRow, PostRow):
                table = _table(model)
                conn.execute(delete(table).where(table.c.thread_id == thread_id))
            _upsert(conn, _table(AuthorRow), [{"id": stable_id("a", a), "name": a} for a in sorted(authors)],
                    ["id"])
            before = _last_rowids(conn)
            _bulk(conn, _table(PostRow), _post_rows(thread, post_ids))
            _bulk(conn, _table(QuoteRow), _quote_rows(thread, post_ids))
            _bulk(conn, _table(UnitRow), _unit_rows(thread_id, unit_ids, extraction.units, post_ids))
            _bulk(conn, _table(RelationRow),
                  _relation_rows(thread_id, unit_ids, extraction.relations, relation_ids, last))
            ordered = sorted((tid, key) for key, tid in topic_ids.items())
            for at in range(0, len(ordered), _CHUNK):
                _upsert(conn, _table(TopicRow),
                        [{"id": tid, "key": key, "label": key} for tid, key in ordered[at:at + _CHUNK]], ["id"])
            _bulk(conn, unit_topic, _unit_topic_rows(thread_id, unit_ids, extraction.units, topic_ids))
            _prune_topics(conn, had)
            _index_new_rows(conn, before)
            # Sources are shared across threads: upserted by key, never deleted with a thread.
            _upsert(conn, _table(EvidenceSourceRow), evidence.sources, ["id"])
            _bulk(conn, _table(EvidenceItemRow), evidence.items)
            _bulk(conn, _table(EvidenceLinkRow), evidence.links)
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc, "write to") from None
    return info


def _prune_topics(conn: Connection, topic_ids: Sequence[str]) -> None:
    """Delete those of ``topic_ids`` that no unit is about any more (a thread stored again without them, or
    without its units: ``--no-extract``). Topics are shared across threads, so only these few are checked."""
    topic, unit_topic = _table(TopicRow), _table(UnitTopicRow)
    ids = sorted(topic_ids)
    for at in range(0, len(ids), _CHUNK):
        conn.execute(delete(topic).where(topic.c.id.in_(ids[at:at + _CHUNK]),
                                         ~exists().where(unit_topic.c.topic_id == topic.c.id)))


def _last_rowids(conn: Connection) -> dict[str, int]:
    """The highest rowid of each table with a full-text index (SQLite), before new rows go in."""
    if conn.dialect.name != "sqlite":
        return {}
    return {table: int(conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}")).scalar() or 0)
            for table in _FTS}


def _index_new_rows(conn: Connection, before: dict[str, int]) -> None:
    """Add the rows written since :func:`_last_rowids` to the full-text indexes, one statement per table.

    Inside the writing transaction, which holds SQLite's write lock, every new row has a higher rowid.
    """
    for table, last in before.items():
        cols = ", ".join(_FTS[table][0])
        conn.execute(text(f"INSERT INTO {table}_fts(rowid, {cols}) SELECT rowid, {cols} FROM {table} "
                          f"WHERE rowid > :last"), {"last": last})


def list_threads(engine: Engine) -> list[ThreadInfo]:
    """Every stored thread, most recently ingested first."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(ThreadRow).order_by(ThreadRow.ingested_at.desc())).mappings().all()  # type: ignore[attr-defined]
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc, "read") from None
    return [ThreadInfo.model_validate(dict(row)) for row in rows]


def get_thread(engine: Engine, ref: str) -> ThreadInfo:
    """A thread by id, key or (unique) title prefix.

    Raises:
        NotFound: when nothing or more than one thread matches.
    """
    threads = list_threads(engine)
    for candidate in threads:
        if ref in (candidate.id, candidate.key):
            return candidate
    matches = [t for t in threads if t.title and t.title.lower().startswith(ref.lower())]
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = "; ".join(f"{t.id} ({t.title})" for t in matches[:5]) + (f"; ... ({len(matches)} in all)"
                                                                          if len(matches) > 5 else "")
        raise NotFound(f"{ref!r} is the start of {len(matches)} thread titles: {shown}; give one thread's id")
    raise NotFound(f"no thread {ref!r}; list the threads with: argmap threads")


def _count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def _by_kind(conn: Connection, table: Any) -> dict[str, int]:
    rows: Iterable[Any] = conn.execute(select(table.kind, func.count()).group_by(table.kind)).all()
    return dict(sorted((kind, int(n)) for kind, n in rows))


def _by_model(conn: Connection) -> dict[str, int]:
    rows: Iterable[Any] = conn.execute(select(RelationRow.model, func.count()).group_by(RelationRow.model)).all()
    return dict(sorted(((model, int(n)) for model, n in rows), key=lambda row: (-row[1], row[0])))


def stats(engine: Engine) -> Stats:
    """Counts of everything stored."""
    try:
        with engine.connect() as conn:
            return Stats(
                threads=_count(conn, ThreadRow),
                posts=_count(conn, PostRow),
                authors=_count(conn, AuthorRow),
                units=_by_kind(conn, UnitRow),
                relations=_by_kind(conn, RelationRow),
                relation_models=_by_model(conn),
                topics=_count(conn, TopicRow),
                evidence_sources=_count(conn, EvidenceSourceRow),
            )
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc, "read") from None


def load_graph(engine: Engine, thread_ids: Sequence[str] | None = None) -> GraphData:
    """Everything stored about some threads (all threads when ``thread_ids`` is ``None``).

    Posts come in thread order (parents first), units in post order.
    """
    threads = list_threads(engine)
    if thread_ids is not None:
        wanted = set(thread_ids)
        threads = [t for t in threads if t.id in wanted]
    ids = [t.id for t in threads]
    data = GraphData(threads=threads)
    if not ids:
        return data
    try:
        with Session(engine) as conn:
            posts = conn.execute(
                select(PostRow, AuthorRow.name)
                .join(AuthorRow, AuthorRow.id == PostRow.author_id, isouter=True)  # type: ignore[arg-type]
                .where(PostRow.thread_id.in_(ids))  # type: ignore[attr-defined]
                .order_by(PostRow.thread_id, PostRow.position)  # type: ignore[arg-type]
            ).all()
            data.posts = [PostInfo(id=p.id, external_id=p.external_id, thread=p.thread_id, parent=p.parent_id,
                                   author=name, created_at=p.created_at, title=p.title, url=p.url, depth=p.depth,
                                   text=p.text) for p, name in posts]
            position = {p.id: i for i, p in enumerate(data.posts)}
            quotes = conn.execute(select(QuoteRow).where(QuoteRow.thread_id.in_(ids))).scalars().all()  # type: ignore[attr-defined]
            data.quotes = [QuoteInfo(post=q.post_id, text=q.text, source_post=q.source_post_id,
                                     source_start=q.source_start, source_end=q.source_end, offset=q.offset)
                           for q in quotes]
            units = conn.execute(select(UnitRow).where(UnitRow.thread_id.in_(ids))).scalars().all()  # type: ignore[attr-defined]
            topics: dict[str, list[str]] = {}
            for unit_id, key in conn.execute(
                select(UnitTopicRow.unit_id, TopicRow.key)
                .join(TopicRow, TopicRow.id == UnitTopicRow.topic_id)  # type: ignore[arg-type]
                .where(UnitTopicRow.thread_id.in_(ids))  # type: ignore[attr-defined]
            ).all():
                topics.setdefault(unit_id, []).append(key)
            data.units = sorted(
                (UnitInfo(id=u.id, post=u.post_id, thread=u.thread_id, kind=u.kind, text=u.text, start=u.start,
                          end=u.end, confidence=u.confidence, model=u.model, reason=u.reason,
                          topics=sorted(topics.get(u.id, []))) for u in units),
                key=lambda u: (position.get(u.post, 0), u.start),
            )
            relations = conn.execute(select(RelationRow).where(RelationRow.thread_id.in_(ids))).scalars().all()  # type: ignore[attr-defined]
            order = {u.id: i for i, u in enumerate(data.units)}
            data.relations = sorted(
                (RelationInfo(id=r.id, thread=r.thread_id, source=r.source_id, target=r.target_id, kind=r.kind,
                              confidence=r.confidence, model=r.model, reason=r.reason) for r in relations),
                key=lambda r: (order.get(r.source, 0), order.get(r.target, 0), r.kind),
            )
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc, "read") from None
    return data


# Full-text search (issue 6). SQLite: FTS5 tables over unit.text, post.title/text and topic.key, kept in sync
# by triggers, so every write (save_thread's deletes and inserts included) updates them in the same
# transaction. PostgreSQL: GIN indexes on to_tsvector expressions, which need no syncing; queries must use the
# very same expressions (see argmap.store.queries).

TEXT_SEARCH_CONFIG = {"unit": "english", "post": "english", "topic": "simple"}
"""PostgreSQL text search configuration per table (topics are matched by prefix, not stemmed)."""

_FTS = {
    # table: (columns, tokenizer)
    "unit": (("text",), "porter unicode61 remove_diacritics 2"),
    "post": (("title", "text"), "porter unicode61 remove_diacritics 2"),
    "topic": (("key",), "unicode61 remove_diacritics 2"),
}
_PG_SEARCH = {
    "unit": "to_tsvector('english', text)",
    "post": "to_tsvector('english', coalesce(title, '') || ' ' || text)",
    "topic": "to_tsvector('simple', key)",
}


def ensure_text_index(conn: Connection) -> None:
    """Create the full-text indexes where missing (filled from existing rows when created late).

    SQLite FTS5 rows are keyed by the content table's rowid; ``VACUUM`` may renumber those, after which
    ``INSERT INTO unit_fts(unit_fts) VALUES('rebuild')`` (and the same for post_fts, topic_fts) restores them.

    Args:
        conn (Connection): inside init_db's transaction.

    Raises:
        StoreError: for a database other than SQLite or PostgreSQL.
    """
    if conn.dialect.name == "postgresql":
        for table, expression in _PG_SEARCH.items():
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_search ON {table} USING GIN ({expression})"))
        return
    if conn.dialect.name != "sqlite":
        raise StoreError(f"argmap stores threads in SQLite or PostgreSQL, not {conn.dialect.name}")
    for table, (columns, tokenizer) in _FTS.items():
        fts = f"{table}_fts"
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
                              {"n": fts}).first()
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        conn.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
                          f"content_rowid='rowid', tokenize='{tokenizer}')"))
        # New rows are indexed by save_thread in one statement per table (see _index_new_rows), many times
        # faster than a trigger per row; databases written before that lose their insert trigger here.
        conn.execute(text(f"DROP TRIGGER IF EXISTS {fts}_ai"))
        conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
                          f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"))
        conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN "
                          f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
                          f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new}); END"))
        if exists is None:
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
            # Merge index segments as soon as two share a level (FTS5's default waits for four): every thread
            # stored adds segments, and each lookup visits them all. Claim tracking's many small queries ran
            # about twice as fast on the benchmark threads' database, for little more work when writing.
            conn.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', 2)"))
