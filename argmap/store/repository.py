"""Writing a thread, and the plain reads of what is stored: threads, counts, the graph of some threads.

Claims, topics and labels are read in :mod:`argmap.store.queries`, full-text search in
:mod:`argmap.store.search`, claim tracking in :mod:`argmap.store.tracked` and evidence in
:mod:`argmap.store.evidence`; the helpers they share are in :mod:`argmap.store.sql`.

Writes are per thread and atomic: :func:`save_thread` replaces everything stored for a thread inside one
transaction, so a thread is either stored whole or as it was before, and re-ingesting it writes the same
stable ids instead of new rows.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, exists, func, text, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from argmap.domain import ASSUMED_STANCE, Extraction, Relation, Thread, Unit, shorten, stable_id
from argmap.errors import NotFound, QueryError
from argmap.store.changes import ChangeCounter
from argmap.store.evidence import LibraryState, library_state, restore_library_state
from argmap.store.evidence_rows import evidence_rows
from argmap.store.fulltext import index_new_rows, last_rowids
from argmap.store.models import GraphData, PostInfo, QuoteInfo, RelationInfo, StoredThread, ThreadInfo, UnitInfo
from argmap.store.schema import holds_schema, open_schema
from argmap.store.sql import CHUNK, bulk, retrying, store_error, table_of, upsert
from argmap.store.tables import (
    AuthorRow,
    DocumentRow,
    EvidenceItemRow,
    EvidenceLinkRow,
    EvidenceSourceRow,
    PostRow,
    QuoteRow,
    RelationRow,
    ThreadRow,
    TopicRow,
    UnitLabelRow,
    UnitRow,
    UnitTopicRow,
)

__all__ = [
    "KeyTaken",
    "Stats",
    "delete_threads",
    "earlier_versions",
    "get_thread",
    "holds_nothing",
    "holds_schema",
    "init_db",
    "list_threads",
    "load_graph",
    "own_key",
    "save_thread",
    "sharing_replies",
    "stats",
    "stored_posts",
    "stored_title",
]


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
        assumed_attacks (int): attacks only assumed, no word of the answer agreeing or disagreeing
            (:func:`argmap.domain.assumed_attack`; counted in ``relations`` too).
        topics (int): distinct topics.
        evidence_sources (int): distinct evidence sources that some unit cites.
        thread (str | None): the id of the one thread counted (``stats --thread``); ``None`` for the whole database.
        thread_title (str | None): that thread's title, which the table is headed with: a title prefix names the
            thread it matched, as ``claims`` and ``search`` name theirs.
    """

    threads: int = 0
    posts: int = 0
    authors: int = 0
    units: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    relation_models: dict[str, int] = field(default_factory=dict)
    assumed_attacks: int = 0
    topics: int = 0
    evidence_sources: int = 0
    thread: str | None = None
    thread_title: str | None = None


def init_db(engine: Engine) -> None:
    """Create the tables where missing and check the schema version (see :mod:`argmap.store.schema`).

    A database that already holds the whole schema is only read; one holding tables argmap did not make is
    refused before anything is written to it.

    Raises:
        SchemaTooNew: when a newer argmap wrote the database.
        StoreError: when the database cannot be opened, or is another application's.
    """
    retrying(lambda: open_schema(engine))


def save_thread(engine: Engine, thread: Thread, extraction: Extraction | None = None, *,
                replaces: Sequence[str] = (), labels: Iterable[dict[str, Any]] = (),
                opening: str | None = None) -> StoredThread:
    """Store a thread (and what was extracted from it), replacing any earlier version of it.

    Everything happens in one transaction: on any failure the database stays as it was. A write that meets
    another process's lock or a deadlock is tried again.

    Args:
        engine (Engine): from :func:`argmap.store.db.make_engine`, initialised by :func:`init_db`.
        thread (Thread): the posts.
        extraction (Extraction | None): units and relations found in them.
        replaces (Sequence[str]): ids of other stored threads that this one is a new version of (see
            :func:`earlier_versions`); they are deleted in the same transaction.
        labels (Iterable[dict[str, Any]]): ``unit_label`` rows of the thread's units, stored with them (a
            re-iterable: a retried write reads them again); the earlier version's go with its units.
        opening (str | None): the key the thread was read under, when its key is :func:`own_key`'s choice from
            it: checked again inside the transaction, where no other process can store a thread meanwhile.

    Returns:
        StoredThread: the stored thread with its counts, and what changed against the version stored before it
        (the same thread, else the first of ``replaces``).

    Raises:
        StoreError: when the database cannot be written.
        KeyTaken: ``opening`` gives another key now (another process stored a thread that opens with the same
            words since :func:`own_key` was asked); nothing was written.
    """
    return retrying(lambda: _save_thread_once(engine, thread, extraction, replaces, labels, opening))


def delete_threads(engine: Engine, thread_ids: Sequence[str]) -> None:
    """Delete threads with everything stored for them, in one transaction.

    Authors and topics nothing refers to any more go too; evidence sources and library documents, shared with
    other threads, stay. Tracked claims left with fewer than two members are the caller's to prune
    (:func:`argmap.store.tracked.prune_tracking`), as after any write.

    Raises:
        StoreError: when the database cannot be written.
    """
    def once() -> None:
        try:
            with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
                _delete_threads(conn, thread_ids)
        except SQLAlchemyError as exc:
            raise store_error(engine, exc, "delete from") from None
    retrying(once)


_OWNED = (UnitTopicRow, EvidenceItemRow, EvidenceLinkRow, RelationRow, QuoteRow, UnitRow, PostRow)
"""The tables whose rows belong to one thread, in an order that deletes children first (labels, tracking
memberships and library links go with their units, by ``ON DELETE CASCADE``)."""


def _clear(conn: Connection, thread_id: str) -> list[str]:
    """Delete a thread's posts, units and everything hanging off them; returns the topics they were about."""
    unit_topic = table_of(UnitTopicRow)
    had = [tid for (tid,) in conn.execute(
        select(unit_topic.c.topic_id).where(unit_topic.c.thread_id == thread_id).distinct()).all()]
    for model in _OWNED:
        table = table_of(model)
        conn.execute(delete(table).where(table.c.thread_id == thread_id))
    return had


def _delete_threads(conn: Connection, thread_ids: Sequence[str]) -> None:
    thread, post, author = table_of(ThreadRow), table_of(PostRow), table_of(AuthorRow)
    had: list[str] = []
    for thread_id in thread_ids:
        had += _clear(conn, thread_id)
        conn.execute(delete(thread).where(thread.c.id == thread_id))
    _prune_topics(conn, had)
    conn.execute(delete(author).where(~exists().where(post.c.author_id == author.c.id)))


def _same_words(text: str) -> str:
    return " ".join(text.lower().split())


class KeyTaken(Exception):
    """Raised by :func:`save_thread` when, between :func:`own_key` and the write, another process stored a thread
    that changes the key this one is to be stored under (two threads that open with the same words, ingested at
    once): the caller works the key out again, and the ids made from it, and writes again."""


def own_key(engine: Engine, thread: Thread) -> str:
    """The key to store a thread under whose key comes from its opening post alone (:attr:`Thread.opening_key`).

    Two threads can open with the same words (a weekly thread's template, a question asked twice) and go on
    quite differently: under one key the second replaced the first. A stored thread with that key is the same
    thread (grown, or pasted again) when it was read from the same file (its replies edited), when the two share a
    reply, or when either has no reply; otherwise the new thread is another one and takes a key of its own, made
    from its first reply's words too, which every later ingest of it gives again, and which the same file keeps
    giving however its replies are edited.

    Raises:
        StoreError: the database cannot be read.
    """
    if not thread.opening_key:
        return thread.key
    try:
        with engine.connect() as conn:
            return _own_key(conn, thread)
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def _own_key(conn: Connection, thread: Thread) -> str:
    """:func:`own_key` over an open connection (inside :func:`save_thread`'s transaction, to check it again)."""
    if not thread.opening_key:
        return thread.key
    if _from_file(thread.source):
        # The file gave a thread of its own before, beside another that opens with the same words: it is that
        # thread still, its replies edited or gone. Its first reply deleted, it took the other thread's key, and
        # replaced that thread (read from another file, its replies and all) as well as its own earlier version.
        where, table = os.path.abspath(thread.source), table_of(ThreadRow)
        for key, source in conn.execute(core_select(table.c.key, table.c.source).where(
                table.c.key.startswith(f"{thread.key}+", autoescape=True)).order_by(table.c.key)).all():
            if _from_file(source) and _same_file(source, where):
                return str(key)
    if len(thread.posts) < 2:
        return thread.key
    replies = {_same_words(p.text) for p in thread.posts[1:] if p.text.strip()}
    second = hashlib.sha256(_same_words(thread.posts[1].text).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    other = f"{thread.key}+{second}"
    sources = dict(conn.execute(select(ThreadRow.id, ThreadRow.source).where(
        ThreadRow.id.in_([stable_id("t", thread.key), stable_id("t", other)]))).all())  # type: ignore[attr-defined]
    if stable_id("t", other) in sources:
        return other  # this other thread, stored before
    if stable_id("t", thread.key) not in sources:
        return thread.key
    where = sources[stable_id("t", thread.key)]
    stored = [_same_words(t) for (t,) in conn.execute(
        select(PostRow.text).where(PostRow.thread_id == stable_id("t", thread.key),
                                   PostRow.parent_id.is_not(None))).all()]  # type: ignore[union-attr]
    if _from_file(thread.source) and _from_file(where) and _same_file(where, os.path.abspath(thread.source)):
        return thread.key  # the same file, its replies edited: the same thread, keeping its ids
    stored = [t for t in stored if t]
    return thread.key if not stored or not replies or not replies.isdisjoint(stored) else other


def _from_file(source: str) -> bool:
    """Whether a thread's source names a file (not standard input or a URL)."""
    return source not in ("", "<stdin>") and "://" not in source


def _same_file(stored: str, where: str) -> bool:
    """Whether a stored thread's source names the file at the absolute path ``where``.

    A relative source was typed from a folder argmap did not keep: ``rw.txt`` from inside ``ed/`` is the file
    ``ed/rw.txt`` names from outside it. So a relative source that ends ``where`` (whole path parts, no ``..``)
    names it too; an absolute one only when it is ``where``.

    Example:
        >>> _same_file("rw.txt", "/home/ana/ed/rw.txt"), _same_file("ed/rw.txt", "/home/ana/ed/rw.txt")
        (True, True)
        >>> _same_file("w.txt", "/home/ana/ed/rw.txt"), _same_file("/srv/ed/rw.txt", "/home/ana/ed/rw.txt")
        (False, False)
    """
    if os.path.abspath(stored) == where:
        return True
    if os.path.isabs(stored):
        return False
    parts = os.path.normpath(stored).split(os.sep)
    return ".." not in parts and where.split(os.sep)[-len(parts):] == parts


def earlier_versions(engine: Engine, thread: Thread, *, siblings: Collection[str] = ()) -> list[ThreadInfo]:
    """Stored threads that ``thread`` is a new version of: read from the same file, in the same format, under
    another key, with at least half of their posts' texts still in it (one post enough for a single document).

    A file of several threads (a JSON Lines file, an AIF export) gives each of them: the others it gives now
    (``siblings``) are no earlier versions of this one, and one post in common is no edit. Two single-post threads
    of one file (or two that both hold "I agree.") replaced each other, and only the file's last thread was kept.

    A thread's key comes from its content (a plain-text thread's first post, an AIF or Kialo map's text), so
    that the same paste finds its thread from any path; an edited file would then be stored a second time.
    Content kept is what tells an edit from another thread saved under the same file name, which stays. A
    Discourse topic is found likewise under its earlier title, from a file or a URL: its key holds the title's
    slug, which Discourse changes with the title.

    Args:
        engine (Engine): the database.
        thread (Thread): a thread just read from a file.
        siblings (Collection[str]): the keys of the other threads the same file gives.

    Returns:
        list[ThreadInfo]: the earlier versions, none when ``thread`` came from stdin or a URL (but for a Discourse
        topic's).

    Raises:
        StoreError: the database cannot be read.
    """
    renamed = _renamed_topic(thread)
    if not _from_file(thread.source) and renamed is None:
        return []
    where = os.path.abspath(thread.source) if _from_file(thread.source) else None
    texts = {_same_words(p.text) for p in thread.posts if p.text.strip()}
    found: list[ThreadInfo] = []
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(ThreadRow).where(ThreadRow.format == thread.format,
                                                        ThreadRow.id != thread.id)).mappings().all()
            for row in rows:
                same_file = where is not None and "://" not in row["source"] and _same_file(row["source"], where)
                numbered = renamed is not None and renamed.fullmatch(row["key"]) is not None
                # a topic of the same number on the same forum (every forum numbers its topics from 1)
                retitled = numbered and _same_forum(row["source"], thread.source)
                # or of a file whose key names no forum (its avatars name none), when the two share a reply: forums'
                # starter topics share their opening post
                unplaced = numbered and not retitled and any("/" not in key and "://" not in source for key, source in (
                    (row["key"], row["source"]), (thread.key, thread.source)))
                if (not same_file and not retitled and not unplaced) or row["key"] in siblings:
                    continue
                posts = [(_same_words(t), parent) for t, parent in conn.execute(
                    select(PostRow.text, PostRow.parent_id).where(PostRow.thread_id == row["id"])).all() if t.strip()]
                stored = [t for t, _ in posts]
                kept = sum(1 for t in stored if t in texts)
                retitled = retitled or (unplaced and any(t in texts for t, parent in posts if parent is not None))
                half = kept * 2 >= len(stored)
                single = len(stored) == 1 and len(texts) == 1 and not siblings  # a document, edited
                shared = half and (kept > 0 or not siblings)
                if (same_file and (shared or single)) or (retitled and half and kept):
                    found.append(ThreadInfo.model_validate(dict(row)))
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return found


def sharing_replies(engine: Engine, thread: Thread) -> list[tuple[ThreadInfo, int, int]]:
    """Other stored threads of ``thread``'s format two or more of whose replies, and at least half, ``thread`` holds
    word for word, each with how many of its replies it shares and how many it has: what a paste whose opening post
    was edited is to the version stored before it, which its key (from that post) no longer finds.

    Raises:
        StoreError: the database cannot be read.
    """
    replies = sorted({p.text for p in thread.posts if p.parent is not None and p.text.strip()})
    if len(replies) < 2:
        return []
    post, table = table_of(PostRow), table_of(ThreadRow)
    shared: dict[str, set[str]] = {}  # thread id -> the replies' words it shares
    found: list[tuple[ThreadInfo, int, int]] = []
    try:
        with engine.connect() as conn:
            for start in range(0, len(replies), CHUNK):
                for thread_id, words in conn.execute(core_select(post.c.thread_id, post.c.text).join(
                        table, table.c.id == post.c.thread_id).where(
                        post.c.text.in_(replies[start:start + CHUNK]), post.c.parent_id.is_not(None),
                        table.c.format == thread.format, table.c.id != thread.id)).all():
                    shared.setdefault(str(thread_id), set()).add(str(words))
            # Two replies at least: one ("I agree.", "Thanks!") is in many threads.
            for thread_id, count in sorted(((t, len(w)) for t, w in shared.items() if len(w) >= 2),
                                           key=lambda pair: -pair[1]):
                total = conn.execute(core_select(func.count()).select_from(post).where(
                    post.c.thread_id == thread_id, post.c.parent_id.is_not(None), post.c.text != "")).scalar() or 0
                if count * 2 >= total:
                    row = conn.execute(select(ThreadRow).where(ThreadRow.id == thread_id)).mappings().one()
                    found.append((ThreadInfo.model_validate(dict(row)), count, int(total)))
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return found


def _renamed_topic(thread: Thread) -> re.Pattern[str] | None:
    """The keys a Discourse topic had under another title: its key is ``discourse:<slug>-<id>``, and Discourse
    gives an edited title a new slug, so the topic fetched again was stored a second time beside the first."""
    if thread.format != "discourse" or not (found := re.fullmatch(r"discourse:.*-(\d+)", thread.key)):
        return None
    return re.compile(rf"discourse:.*-{found.group(1)}")


def _same_forum(one: str, other: str) -> bool:
    """Whether two Discourse topics' URLs are of one forum: the same host and the same folder before ``/t/`` (a
    topic saved to a file is found again as any file is, by its path)."""
    if "://" not in one or "://" not in other:
        return False
    first, second = urlsplit(one), urlsplit(other)
    return (first.hostname, first.port, first.path.split("/t/", 1)[0]) == (
        second.hostname, second.port, second.path.split("/t/", 1)[0])


def _post_rows(thread: Thread, post_ids: dict[str, str]) -> Iterator[dict[str, Any]]:
    depth = thread.post_depths()
    for position, post in enumerate(thread.posts):
        yield {
            "id": post_ids[post.external_id], "thread_id": thread.id, "external_id": post.external_id,
            "parent_id": post_ids.get(post.parent) if post.parent else None,
            "author_id": stable_id("a", post.author) if post.author else None,
            "position": position, "depth": depth[post.external_id], "created_at": post.created_at,
            "title": post.title, "url": post.url, "text": post.text, "raw": post.raw, "official": post.official,
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


def _earlier(conn: Connection, thread: Thread, replaces: Sequence[str]) -> tuple[str, str] | None:
    """The id and key of the version of ``thread`` stored before: the thread itself, else the first still stored of
    ``replaces`` (an edited file under another key); ``None`` for a thread new to the database."""
    table = table_of(ThreadRow)
    stored: dict[str, str] = {tid: key for tid, key in conn.execute(
        select(table.c.id, table.c.key).where(table.c.id.in_([thread.id, *replaces]))).all()}
    found = next((old for old in (thread.id, *replaces) if old in stored), None)
    return None if found is None else (found, stored[found])


def _counter(conn: Connection, thread: Thread, extraction: Extraction, unit_ids: list[str], relation_ids: list[str],
             earlier: tuple[str, str] | None) -> ChangeCounter:
    """Counts what writing ``thread`` changes against ``earlier``; a version under another key had its ids made
    with that key, so the new ids (``unit_ids``, ``relation_ids``) are translated to them."""
    if earlier is None or earlier[0] == thread.id:
        return ChangeCounter(conn, None if earlier is None else earlier[0], title=thread.title, url=thread.url)
    old, key = earlier
    former = replace(thread, key=key)  # the same thread under the earlier key, for its post ids
    posts = {thread.post_id(p.external_id): former.post_id(p.external_id) for p in thread.posts}
    old_units = [unit.id(key) for unit in extraction.units]
    units = dict(zip(unit_ids, old_units, strict=True))
    relations = {new: r.id(old_units) for new, r in zip(relation_ids, extraction.relations, strict=True)}
    return ChangeCounter(conn, old, title=thread.title, url=thread.url, posts=posts.__getitem__,
                         units=units.__getitem__, relations=relations.__getitem__)


def _library_state(conn: Connection, thread: Thread, extraction: Extraction, unit_ids: list[str],
                   earlier: tuple[str, str] | None) -> LibraryState:
    """The library links and pairs scored of the units of the version stored before (``earlier``: its id and key)
    that ``thread`` keeps, under their new ids (:func:`argmap.store.evidence.library_state`)."""
    if earlier is None:
        return [], []
    old, key = earlier
    units = {(new if old == thread.id else unit.id(key)): (new, unit.kind, unit.text)
             for new, unit in zip(unit_ids, extraction.units, strict=True)}
    return library_state(conn, old, units)


def _save_thread_once(engine: Engine, thread: Thread, extraction: Extraction | None,
                      replaces: Sequence[str], labels: Iterable[dict[str, Any]],
                      opening: str | None = None) -> StoredThread:
    """One attempt of :func:`save_thread`: rows are made as they are written, a chunk at a time."""
    extraction = extraction or Extraction()
    thread_id = thread.id
    post_ids = {p.external_id: thread.post_id(p.external_id) for p in thread.posts}
    authors = {p.author for p in thread.posts if p.author}
    unit_ids = [unit.id(thread.key) for unit in extraction.units]
    # Each distinct topic hashed once.
    topic_ids = {topic: stable_id("k", topic)
                 for topic in dict.fromkeys(topic for unit in extraction.units for topic in unit.topics)}
    relation_ids = [rel.id(unit_ids) for rel in extraction.relations]
    last = {rid: i for i, rid in enumerate(relation_ids)}
    evidence = evidence_rows(thread_id, unit_ids, extraction.units)
    info = ThreadInfo(
        id=thread_id, key=thread.key, format=thread.format, source=thread.source, title=thread.title,
        url=thread.url, posts=len(post_ids), units=len(unit_ids), relations=len(last),
        missing=thread.missing, ingested_at=datetime.now(UTC),
    )
    try:
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            if opening is not None:
                # SQLite's write began IMMEDIATE, so no other process writes now; PostgreSQL's writers of threads
                # read under the same opening key queue on a lock of the transaction's own.
                if conn.dialect.name == "postgresql":
                    lock = int.from_bytes(hashlib.sha256(opening.encode("utf-8", "surrogatepass")).digest()[:8],
                                          "big", signed=True)
                    conn.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
                if _own_key(conn, replace(thread, key=opening)) != thread.key:
                    raise KeyTaken(thread.key)
            earlier = _earlier(conn, thread, replaces)
            # The upsert takes the thread's row lock first, so two processes writing the same thread queue.
            # The title and link are written after the counter has read the earlier ones (under that lock).
            upsert(conn, table_of(ThreadRow), [info.model_dump()], ["id"],
                    update=["source", "format", "posts", "units", "relations", "missing", "ingested_at"])
            # Reads the earlier version's rows, before they are deleted.
            changes = _counter(conn, thread, extraction, unit_ids, relation_ids, earlier)
            thread_table = table_of(ThreadRow)
            conn.execute(update(thread_table).where(thread_table.c.id == thread_id)
                         .values(title=info.title, url=info.url))
            unit_topic = table_of(UnitTopicRow)
            # What the library holds for the units this version keeps (links, pairs scored) goes with them below.
            library = _library_state(conn, thread, extraction, unit_ids, earlier)
            had = _clear(conn, thread_id)
            _delete_threads(conn, [old for old in replaces if old != thread_id])
            upsert(conn, table_of(AuthorRow), [{"id": stable_id("a", a), "name": a} for a in sorted(authors)],
                    ["id"])
            before = last_rowids(conn)
            bulk(conn, table_of(PostRow), changes.posts(_post_rows(thread, post_ids)))
            bulk(conn, table_of(QuoteRow), _quote_rows(thread, post_ids))
            bulk(conn, table_of(UnitRow), changes.units(_unit_rows(thread_id, unit_ids, extraction.units, post_ids)))
            bulk(conn, table_of(RelationRow),
                  changes.relations(_relation_rows(thread_id, unit_ids, extraction.relations, relation_ids, last)))
            bulk(conn, table_of(UnitLabelRow), labels)
            restore_library_state(conn, thread_id, library)
            ordered = sorted((tid, key) for key, tid in topic_ids.items())
            for at in range(0, len(ordered), CHUNK):
                upsert(conn, table_of(TopicRow),
                        [{"id": tid, "key": key, "label": key} for tid, key in ordered[at:at + CHUNK]], ["id"])
            bulk(conn, unit_topic, _unit_topic_rows(thread_id, unit_ids, extraction.units, topic_ids))
            _prune_topics(conn, had)
            index_new_rows(conn, before)
            # Sources are shared across threads: upserted by key, never deleted with a thread.
            upsert(conn, table_of(EvidenceSourceRow), evidence.sources, ["id"])
            bulk(conn, table_of(EvidenceItemRow), evidence.items)
            bulk(conn, table_of(EvidenceLinkRow), evidence.links)
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "write to") from None
    return StoredThread(**info.model_dump(), changes=changes.result())


def _prune_topics(conn: Connection, topic_ids: Sequence[str]) -> None:
    """Delete those of ``topic_ids`` that no unit is about any more (a thread stored again without them, or
    without its units: ``--no-extract``). Topics are shared across threads, so only these few are checked."""
    topic, unit_topic = table_of(TopicRow), table_of(UnitTopicRow)
    ids = sorted(topic_ids)
    for at in range(0, len(ids), CHUNK):
        conn.execute(delete(topic).where(topic.c.id.in_(ids[at:at + CHUNK]),
                                         ~exists().where(unit_topic.c.topic_id == topic.c.id)))


def stored_title(engine: Engine, thread_id: str) -> str | None:
    """The title of the stored thread ``thread_id``; ``None`` when it has none or is not stored.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            found = conn.execute(select(ThreadRow.title).where(ThreadRow.id == thread_id)).scalar()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return str(found) if found is not None else None


def stored_posts(engine: Engine, thread_id: str) -> list[tuple[str, str]]:
    """The posts of the stored thread ``thread_id`` in its order, each as its external id and text; none when it is
    not stored.

    Raises:
        StoreError: the database cannot be read.
    """
    post = table_of(PostRow)
    try:
        with engine.connect() as conn:
            rows = conn.execute(core_select(post.c.external_id, post.c.text).where(post.c.thread_id == thread_id)
                                .order_by(post.c.position)).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [(str(external), str(words)) for external, words in rows]


def list_threads(engine: Engine) -> list[ThreadInfo]:
    """Every stored thread, most recently ingested first."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(ThreadRow).order_by(ThreadRow.ingested_at.desc())).mappings().all()  # type: ignore[attr-defined]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [ThreadInfo.model_validate(dict(row)) for row in rows]


def get_thread(engine: Engine, ref: str, *, every: str | None = "or leave --thread out for every thread") -> ThreadInfo:
    """A thread by id, key, whole title or (unique) title prefix, or a prefix only one thread id has (as a unit
    id's prefix names its unit); spaces around ``ref`` are no part of it (a name copied with a space: the error
    named a thread that ``argmap threads`` lists). A name no thread has is told the threads whose title or key
    holds it ("Reddit Polls", "fo7p5b" of "reddit:fo7p5b").

    Args:
        engine (Engine): the database.
        ref (str): the name.
        every (str | None): what an empty name is told to do instead, after naming a thread (``None``: nothing).

    Raises:
        QueryError: ``ref`` is empty or blank (every title starts so; it names no thread).
        NotFound: when nothing or more than one thread matches.
    """
    if not ref.strip():
        raise QueryError(f"the thread {ref!r} is empty; give a thread's id, key or title prefix (argmap threads "
                         "lists them)" + (f", {every}" if every else ""))
    ref = ref.strip()
    threads = list_threads(engine)
    for candidate in threads:
        if ref in (candidate.id, candidate.key):
            return candidate
    matches = [t for t in threads if t.title and t.title.lower().startswith(ref.lower())]
    whole = [t for t in matches if t.title and t.title.lower() == ref.lower()]
    if len(matches) == 1 or len(whole) == 1:  # a whole title names its thread, though others start with it
        return (whole or matches)[0]
    if matches:
        # Threads of the same title (one thread read from two sources: a pasted page and its API, a map and its
        # brat export) are told apart by where each came from, not by a title they share.
        titles = Counter((t.title or "").lower() for t in matches)
        shown = "; ".join(f"{t.id} ({t.title}" + (f", {t.format} from {shorten(t.source, 60)}" if titles[
            (t.title or "").lower()] > 1 else "") + ")" for t in matches[:5])
        shown += f"; ... ({len(matches)} in all)" if len(matches) > 5 else ""
        what = (f"the title of {len(whole)} threads" if len(whole) == len(matches) else
                f"the start of {len(matches)} thread titles")
        raise NotFound(f"{ref!r} is {what}: {shown}; give one thread's id")
    started = sorted((t for t in threads if t.id.startswith(ref)) if _THREAD_ID.fullmatch(ref) else (),
                     key=lambda t: t.id)
    if len(started) == 1 and len(ref) >= len("t-") + MIN_ID_PREFIX:
        return started[0]
    if len(started) == 1:  # "t-" alone named the only thread, and ``delete t-`` deleted it
        raise NotFound(f"{ref!r} is too short to name a thread: give at least {MIN_ID_PREFIX} characters after "
                       f"'t-', e.g. {started[0].id[:len('t-') + MIN_ID_PREFIX]} ({started[0].title or started[0].key})")
    if started:
        shown = "; ".join(f"{t.id} ({t.title or t.key})" for t in started[:5])
        raise NotFound(f"several thread ids start with {ref!r}: {shown}{'; ...' * (len(started) > 5)}; give more of "
                       "the id")
    holding = [t for t in threads if ref.lower() in (t.title or "").lower() or ref.lower() in t.key.lower()]
    if holding:
        shown = "; ".join(f"{t.id} ({t.title or t.key})" for t in holding[:5])
        more = f"; ... ({len(holding)} in all)" if len(holding) > 5 else ""
        raise NotFound(f"no thread {shorten(ref, 80)!r}; these hold it in their title or key: {shown}{more}; give "
                       "one thread's id, key or title prefix")
    raise NotFound(f"no thread {shorten(ref, 80)!r}; list the threads with: argmap threads")


_THREAD_ID = re.compile(r"t-[0-9a-f]*")
#: How many characters after ``t-`` a thread id's prefix needs to name the one thread it starts (as git wants 4 of a
#: commit's): shorter, ``argmap delete t-`` deleted a database's only thread.
MIN_ID_PREFIX = 4


def _count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def _by_kind(conn: Connection, table: Any, thread_ids: Sequence[str] | None = None) -> dict[str, int]:
    stmt = core_select(table.c.kind, func.count()).group_by(table.c.kind)
    if thread_ids is not None:
        stmt = stmt.where(table.c.thread_id.in_(list(thread_ids)))
    rows: Iterable[Any] = conn.execute(stmt).all()
    return dict(sorted((kind, int(n)) for kind, n in rows))


def _assumed(conn: Connection, thread_ids: Sequence[str] | None = None) -> int:
    """How many attacks are only assumed (:func:`argmap.domain.assumed_attack`, in SQL)."""
    relation = table_of(RelationRow)
    stmt = core_select(func.count()).where(relation.c.kind == "attack",
                                           relation.c.reason.contains(ASSUMED_STANCE, autoescape=True))
    if thread_ids is not None:
        stmt = stmt.where(relation.c.thread_id.in_(list(thread_ids)))
    return int(conn.execute(stmt).scalar_one())


def _by_model(conn: Connection, thread_ids: Sequence[str] | None = None) -> dict[str, int]:
    relation = table_of(RelationRow)
    stmt = core_select(relation.c.model, func.count()).group_by(relation.c.model)
    if thread_ids is not None:
        stmt = stmt.where(relation.c.thread_id.in_(list(thread_ids)))
    rows: Iterable[Any] = conn.execute(stmt).all()
    return dict(sorted(((model, int(n)) for model, n in rows), key=lambda row: (-row[1], row[0])))


def _distinct(conn: Connection, column: Any, thread_column: Any, thread_ids: Sequence[str]) -> int:
    """How many distinct non-null values ``column`` takes in the rows of some threads."""
    stmt = core_select(func.count(func.distinct(column))).where(thread_column.in_(list(thread_ids)))
    return int(conn.execute(stmt).scalar() or 0)


def holds_nothing(engine: Engine) -> bool:
    """Whether the database holds no thread and no library document (its tables only).

    Raises:
        StoreError: it cannot be read.
    """
    try:
        with engine.connect() as conn:
            return _count(conn, ThreadRow) == 0 and _count(conn, DocumentRow) == 0
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def stats(engine: Engine, thread_ids: Sequence[str] | None = None) -> Stats:
    """Counts of everything stored, or of what some threads hold (their authors, topics and cited sources)."""
    try:
        with engine.connect() as conn:
            if thread_ids is None:
                item = table_of(EvidenceItemRow)
                return Stats(
                    threads=_count(conn, ThreadRow),
                    posts=_count(conn, PostRow),
                    authors=_count(conn, AuthorRow),
                    units=_by_kind(conn, table_of(UnitRow)),
                    relations=_by_kind(conn, table_of(RelationRow)),
                    relation_models=_by_model(conn),
                    assumed_attacks=_assumed(conn),
                    topics=_count(conn, TopicRow),
                    # The sources some unit cites: a thread stored again without its citation, or deleted, leaves
                    # its source stored, as `evidence sources` does not list it.
                    evidence_sources=int(conn.execute(core_select(func.count(func.distinct(item.c.source_id))))
                                         .scalar() or 0),
                )
            post, unit_topic, item = table_of(PostRow), table_of(UnitTopicRow), table_of(EvidenceItemRow)
            return Stats(
                threads=len(set(thread_ids)),
                posts=_distinct(conn, post.c.id, post.c.thread_id, thread_ids),
                authors=_distinct(conn, post.c.author_id, post.c.thread_id, thread_ids),
                units=_by_kind(conn, table_of(UnitRow), thread_ids),
                relations=_by_kind(conn, table_of(RelationRow), thread_ids),
                relation_models=_by_model(conn, thread_ids),
                assumed_attacks=_assumed(conn, thread_ids),
                topics=_distinct(conn, unit_topic.c.topic_id, unit_topic.c.thread_id, thread_ids),
                evidence_sources=_distinct(conn, item.c.source_id, item.c.thread_id, thread_ids),
            )
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def load_graph(engine: Engine, thread_ids: Sequence[str] | None = None) -> GraphData:
    """Everything stored about some threads (all threads when ``thread_ids`` is ``None``).

    Posts come in thread order (parents first), units and quotes in post order.
    """
    threads = list_threads(engine)
    if thread_ids is not None:
        wanted = set(thread_ids)
        threads = [t for t in threads if t.id in wanted]
    ids = [t.id for t in threads]
    data = GraphData(threads=threads)
    if not ids:
        return data
    # Core rows of the columns read, not ORM objects: building an object per row took 1.5 of the 2.4 s that
    # loading the 12 shared threads (50,000 units and relations) took, and a post's raw text is never read here.
    post, author, quote = table_of(PostRow), table_of(AuthorRow), table_of(QuoteRow)
    unit_t, relation_t = table_of(UnitRow), table_of(RelationRow)
    try:
        with Session(engine) as conn:
            posts = conn.execute(
                core_select(post.c.id, post.c.external_id, post.c.thread_id, post.c.parent_id, post.c.created_at,
                       post.c.title, post.c.url, post.c.depth, post.c.text, post.c.official, author.c.name)
                .join_from(post, author, author.c.id == post.c.author_id, isouter=True)
                .where(post.c.thread_id.in_(ids))
                .order_by(post.c.thread_id, post.c.position)
            ).all()
            data.posts = [PostInfo(id=p.id, external_id=p.external_id, thread=p.thread_id, parent=p.parent_id,
                                   author=p.name, created_at=p.created_at, title=p.title, url=p.url, depth=p.depth,
                                   text=p.text, official=p.official) for p in posts]
            position = {p.id: i for i, p in enumerate(data.posts)}
            quotes = conn.execute(core_select(quote).where(quote.c.thread_id.in_(ids))).all()
            # In post order, then where each is answered: rows come back in no set order (PostgreSQL gives them
            # as stored, SQLite by thread id), and an export should be the same on both.
            data.quotes = sorted(
                (QuoteInfo(post=q.post_id, text=q.text, source_post=q.source_post_id, source_start=q.source_start,
                           source_end=q.source_end, offset=q.offset) for q in quotes),
                key=lambda q: (position.get(q.post, 0), q.offset, q.source_start is None, q.source_start or 0,
                               q.source_end or 0, q.text),
            )
            units = conn.execute(core_select(unit_t).where(unit_t.c.thread_id.in_(ids))).all()
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
            relations = conn.execute(core_select(relation_t).where(relation_t.c.thread_id.in_(ids))).all()
            order = {u.id: i for i, u in enumerate(data.units)}
            data.relations = sorted(
                (RelationInfo(id=r.id, thread=r.thread_id, source=r.source_id, target=r.target_id, kind=r.kind,
                              confidence=r.confidence, model=r.model, reason=r.reason) for r in relations),
                key=lambda r: (order.get(r.source, 0), order.get(r.target, 0), r.kind),
            )
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return data
