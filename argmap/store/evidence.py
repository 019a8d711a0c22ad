"""Evidence queries and the evidence library: sources and who cites them, documents, passages and their links.

Kept beside :mod:`argmap.store.repository`, which writes the evidence found in threads inside
:func:`~argmap.store.repository.save_thread`. Documents are written one per transaction
(:func:`save_document`), so a document that fails leaves the library as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, select

from argmap.domain import stable_id
from argmap.store.models import (
    CitationInfo,
    DocumentInfo,
    EvidenceItemInfo,
    GraphData,
    PassageHit,
    PassageInfo,
)
from argmap.store.sql import CHUNK, bulk, gone_meanwhile, retrying, store_error, stored_ids, table_of, upsert
from argmap.store.tables import (
    AuthorRow,
    DocumentRow,
    DocumentScoredRow,
    EvidenceItemRow,
    EvidenceLinkRow,
    EvidenceSourceRow,
    MetaRow,
    PassageLinkRow,
    PassageRow,
    PostRow,
    RelationRow,
    ThreadRow,
    UnitRow,
    UnitTopicRow,
)

__all__ = [
    "LibraryState",
    "LinkableUnit",
    "StoredPassage",
    "delete_document",
    "delete_documents",
    "document_by_content",
    "document_by_key",
    "document_link_counts",
    "evidence_items",
    "library_counts",
    "library_state",
    "link_settings",
    "linkable_units",
    "list_documents",
    "passage_hits",
    "restore_library_state",
    "save_document",
    "save_link_settings",
    "save_passage_links",
    "scored_pairs",
    "sources",
    "stored_passages",
    "with_evidence",
]

LinkableUnit = tuple[str, str, str]
"""``(unit id, thread id, text)``."""
StoredPassage = tuple[str, str, str]
"""``(passage id, document id, text)``."""


def evidence_items(engine: Engine, unit_ids: Sequence[str]) -> list[EvidenceItemInfo]:
    """The evidence items of some units, with their sources, in text order.

    Raises:
        StoreError: the database cannot be read.
    """
    return _items(engine, EvidenceItemRow.unit_id, unit_ids)


def _items(engine: Engine, column: Any, ids: Sequence[str]) -> list[EvidenceItemInfo]:
    """The evidence items whose ``column`` (a unit's or a thread's id) is one of ``ids``, by unit and offset."""
    if not ids:
        return []
    wanted = sorted(set(ids))
    rows: list[Any] = []
    try:
        with Session(engine) as conn:
            for piece in _pieces(wanted):
                rows += conn.execute(
                    select(EvidenceItemRow, EvidenceSourceRow.key, EvidenceSourceRow.kind, EvidenceSourceRow.label)
                    .join(EvidenceSourceRow, EvidenceSourceRow.id == EvidenceItemRow.source_id, isouter=True)  # type: ignore[arg-type]
                    .where(column.in_(piece))
                    .order_by(EvidenceItemRow.unit_id, EvidenceItemRow.start, EvidenceItemRow.id)  # type: ignore[arg-type]
                ).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [EvidenceItemInfo(id=r[0].id, unit=r[0].unit_id, thread=r[0].thread_id, kind=r[0].kind, text=r[0].text,
                             start=r[0].start, end=r[0].end, confidence=r[0].confidence, model=r[0].model,
                             reason=r[0].reason, source=r[1], source_kind=r[2], source_label=r[3]) for r in rows]


def with_evidence(engine: Engine, data: GraphData) -> GraphData:
    """``data`` with the evidence items of its threads' units and the library passages linked to them.

    Items come in the order of their units (as :func:`argmap.store.repository.load_graph` orders units), then
    by offset; passage links in the order of their units, best first.

    Args:
        engine (Engine): the database ``data`` was read from.
        data (GraphData): from :func:`~argmap.store.repository.load_graph`; left as it is.

    Returns:
        GraphData: a copy with ``evidence_items`` and ``passage_links`` filled.

    Raises:
        StoreError: the database cannot be read.
    """
    threads = [t.id for t in data.threads]
    order = {u.id: n for n, u in enumerate(data.units)}
    items = [i for i in _items(engine, EvidenceItemRow.thread_id, threads) if i.unit in order]
    hits = [h for h in _hits(engine, PassageLinkRow.thread_id, threads) if h.unit in order]
    items.sort(key=lambda i: (order[i.unit], i.start, i.end, i.id))
    hits.sort(key=lambda h: (order[h.unit], -h.score, h.passage.id))
    return data.model_copy(update={"evidence_items": items, "passage_links": hits})


def _pieces(ids: list[str]) -> list[list[str]]:
    """``ids`` in pieces of at most :data:`~argmap.store.sql.CHUNK` (none for an empty list): a statement takes a
    bounded number of parameters (SQLite 32,766, PostgreSQL 65,535)."""
    return [ids[at:at + CHUNK] for at in range(0, len(ids), CHUNK)]


def sources(engine: Engine, *, thread_ids: Sequence[str] | None = None,
            topic_ids: Sequence[str] | None = None) -> list[tuple[EvidenceSourceRow, list[CitationInfo]]]:
    """Evidence sources cited in threads, each with its citations, most cited first.

    Args:
        engine (Engine): the database.
        thread_ids (Sequence[str] | None): only citations in these threads.
        topic_ids (Sequence[str] | None): only citations whose unit, or the claim it backs, has one of these
            topics (:func:`argmap.store.search.match_topics` finds them for what a person typed).

    Returns:
        list[tuple[EvidenceSourceRow, list[CitationInfo]]]: citations in post order (thread by thread), each
        with the claim the unit backs (the target of its ``evidence`` relation) and ``side="unknown"`` (the API
        decides sides).

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            link, unit, post = table_of(EvidenceLinkRow), table_of(UnitRow), table_of(PostRow)
            thread, author = table_of(ThreadRow), table_of(AuthorRow)
            query = (
                sa_select(link.c.unit_id, link.c.source_id, link.c.thread_id, unit.c.kind, unit.c.text,
                          unit.c.post_id, author.c.name, thread.c.title)
                .join_from(link, unit, unit.c.id == link.c.unit_id)
                .join(post, post.c.id == unit.c.post_id)
                .join(thread, thread.c.id == link.c.thread_id)
                .join(author, author.c.id == post.c.author_id, isouter=True)
                # In post order, as the export gives posts: rows came back as stored, so a source's citations
                # (and `evidence sources`'s "cited by") changed order when a thread was stored again unchanged, and
                # differed between SQLite and PostgreSQL.
                .order_by(link.c.thread_id, post.c.position, unit.c.start, unit.c.id, link.c.source_id)
            )
            links: list[Any] = []  # every list of ids is read in pieces (see _pieces)
            threads: list[list[str] | None] = [None] if thread_ids is None else [*_pieces(sorted(set(thread_ids)))]
            for ids in threads:  # None: every thread, in one read
                links += conn.execute(query if ids is None else query.where(link.c.thread_id.in_(ids))).all()
            backs: dict[str, str] = {}
            for ids in _pieces(sorted({row[0] for row in links})):
                for source, target in conn.execute(
                    select(RelationRow.source_id, RelationRow.target_id)
                    .where(RelationRow.kind == "evidence", RelationRow.source_id.in_(ids))  # type: ignore[attr-defined]
                ).all():
                    backs.setdefault(source, target)
            if topic_ids is not None:
                about = {uid for ids in _pieces(sorted(set(topic_ids))) for (uid,) in conn.execute(
                    select(UnitTopicRow.unit_id).where(UnitTopicRow.topic_id.in_(ids))  # type: ignore[attr-defined]
                ).all()}
                links = [row for row in links if row[0] in about or backs.get(row[0]) in about]
            found = {r["id"]: EvidenceSourceRow(**r) for ids in _pieces(sorted({row[1] for row in links}))
                     for r in conn.execute(
                         select(EvidenceSourceRow).where(EvidenceSourceRow.id.in_(ids))  # type: ignore[attr-defined]
                     ).mappings().all()}
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    cited: dict[str, list[CitationInfo]] = {}
    for unit_id, source_id, thread_id, kind, text, post_id, author, title in links:
        cited.setdefault(source_id, []).append(CitationInfo(
            unit=unit_id, kind=kind, text=text, author=author, thread=thread_id, thread_title=title, post=post_id,
            claim=backs.get(unit_id)))
    ordered = sorted(cited, key=lambda s: (-len(cited[s]), -len({c.thread for c in cited[s]}), found[s].key))
    return [(found[s], cited[s]) for s in ordered if s in found]


def document_by_key(engine: Engine, key: str) -> DocumentInfo | None:
    """The stored document with ``key``, if any.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            row = conn.execute(select(DocumentRow).where(DocumentRow.key == key)).mappings().first()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return DocumentInfo.model_validate(dict(row)) if row is not None else None


def document_by_content(engine: Engine, sha256: str) -> DocumentInfo | None:
    """The stored document whose bytes hash to ``sha256`` (the first stored, if several do), if any.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            row = conn.execute(select(DocumentRow).where(DocumentRow.sha256 == sha256)
                               .order_by(DocumentRow.added_at, DocumentRow.key)).mappings().first()  # type: ignore[arg-type]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return DocumentInfo.model_validate(dict(row)) if row is not None else None


def _drop_passages(conn: Connection, document_id: str) -> None:
    """Delete a document's passages with their links and scored pairs (inside the caller's transaction)."""
    passages, links, scored = table_of(PassageRow), table_of(PassageLinkRow), table_of(DocumentScoredRow)
    conn.execute(delete(links).where(links.c.passage_id.in_(select(passages.c.id).where(
        passages.c.document_id == document_id))))
    conn.execute(delete(scored).where(scored.c.document_id == document_id))
    conn.execute(delete(passages).where(passages.c.document_id == document_id))


def delete_document(engine: Engine, document_id: str) -> None:
    """Delete a document with its passages and their links, in one transaction.

    Raises:
        StoreError: the database cannot be written (nothing is).
    """
    delete_documents(engine, [document_id])


def delete_documents(engine: Engine, document_ids: Sequence[str]) -> None:
    """Delete documents with their passages, their links and their scored pairs, all in one transaction.

    Raises:
        StoreError: the database cannot be written (nothing is).
    """
    def once() -> None:
        try:
            with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
                documents = table_of(DocumentRow)
                for document_id in document_ids:
                    _drop_passages(conn, document_id)
                    conn.execute(delete(documents).where(documents.c.id == document_id))
        except SQLAlchemyError as exc:
            raise store_error(engine, exc, "write to") from None

    retrying(once)


def document_link_counts(engine: Engine) -> dict[str, int]:
    """How many passage links each library document has (documents without any are left out).

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            passages, links = table_of(PassageRow), table_of(PassageLinkRow)
            rows = conn.execute(sa_select(passages.c.document_id, func.count())
                                .join(links, links.c.passage_id == passages.c.id)
                                .group_by(passages.c.document_id)).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return {str(r[0]): int(r[1]) for r in rows}


def save_document(engine: Engine, *, key: str, source: str, title: str | None, media: str, sha256: str,
                  chars: int, passages: Sequence[tuple[int, int, str, str]]) -> DocumentInfo:
    """Store a document and its passages in one transaction, replacing an earlier version with the same key.

    Args:
        engine (Engine): the database.
        key (str): identifies the document (``file:...`` or ``url:...``).
        source (str): the path or URL as given.
        title (str | None): its title.
        media (str): ``text``, ``markdown``, ``html`` or ``pdf``.
        sha256 (str): of its bytes.
        chars (int): length of its clean text.
        passages (Sequence[tuple[int, int, str, str]]): ``(start, end, location, text)`` of each passage.

    Returns:
        DocumentInfo: the stored document.

    Raises:
        StoreError: the database cannot be written (nothing is).
    """
    document_id = stable_id("d", key)
    info = DocumentInfo(id=document_id, key=key, source=source, title=title, media=media, chars=chars,
                        passages=len(passages), added_at=datetime.now(UTC), sha256=sha256)
    rows = [{"id": stable_id("g", document_id, n, start, end), "document_id": document_id, "position": n,
             "start": start, "end": end, "location": location, "text": text}
            for n, (start, end, location, text) in enumerate(passages)]

    def once() -> DocumentInfo:
        try:
            with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
                _drop_passages(conn, document_id)
                passage_table = table_of(PassageRow)
                upsert(conn, table_of(DocumentRow), [info.model_dump()], ["id"],
                        update=["source", "title", "media", "sha256", "chars", "passages", "added_at"])
                if rows:
                    conn.execute(passage_table.insert(), rows)
        except SQLAlchemyError as exc:
            raise store_error(engine, exc, "write to") from None
        return info

    return retrying(once)


def list_documents(engine: Engine) -> list[DocumentInfo]:
    """Every library document, most recently added first.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(DocumentRow).order_by(DocumentRow.added_at.desc())).mappings().all()  # type: ignore[attr-defined]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [DocumentInfo.model_validate(dict(r)) for r in rows]


def stored_passages(engine: Engine) -> list[StoredPassage]:
    """Every passage of the library, by document and position.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(PassageRow.id, PassageRow.document_id, PassageRow.text)
                                .order_by(PassageRow.document_id, PassageRow.position)).all()  # type: ignore[arg-type]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [(r[0], r[1], r[2]) for r in rows]


def linkable_units(engine: Engine, *, kinds: Sequence[str] = ("claim",),
                   thread_ids: Sequence[str] | None = None) -> list[LinkableUnit]:
    """The units that library passages are linked to.

    Raises:
        StoreError: the database cannot be read.
    """
    query = select(UnitRow.id, UnitRow.thread_id, UnitRow.text).where(UnitRow.kind.in_(list(kinds)))  # type: ignore[attr-defined]
    # The threads of a big ingest a chunk at a time: SQLite takes at most 32,766 parameters a statement.
    threads = [None] if thread_ids is None else [list(thread_ids[at:at + CHUNK])
                                                 for at in range(0, len(thread_ids), CHUNK)]
    rows: list[Any] = []
    try:
        with engine.connect() as conn:
            for some in threads:
                where = query if some is None else query.where(UnitRow.thread_id.in_(some))  # type: ignore[attr-defined]
                rows += conn.execute(where.order_by(UnitRow.id)).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return sorted((r[0], r[1], r[2]) for r in rows)


LibraryState = tuple[list[dict[str, Any]], list[dict[str, Any]]]
"""``passage_link`` and ``document_scored`` rows of some units, ready to be written again."""


def library_state(conn: Connection, thread_id: str, units: dict[str, tuple[str, str, str]]) -> LibraryState:
    """The library links and scored pairs of the units of a stored thread that a new version of it keeps, read
    before the thread's units are cleared (their rows go with them), for :func:`restore_library_state`.

    A unit is kept when the new version holds a unit of the same id (under the key it was stored with), kind and
    words: linking it again scored it with the default threshold, where ``evidence link --min-score`` or
    ``--top`` (or a document added with ``--no-link``) had linked it otherwise.

    Args:
        conn (Connection): inside the transaction that stores the new version.
        thread_id (str): the stored version's thread id.
        units (dict[str, tuple[str, str, str]]): the stored version's unit id -> (the new version's unit id,
            kind, words) of each unit of the new version.

    Returns:
        LibraryState: the rows, under the new unit and thread ids (the thread id is filled in when restored).
    """
    unit, link, scored = table_of(UnitRow), table_of(PassageLinkRow), table_of(DocumentScoredRow)
    if not units or conn.execute(sa_select(scored.c.unit_id).limit(1)).first() is None:
        return [], []  # no library, or nothing scored: the stored units' words are not even read
    stored = conn.execute(sa_select(unit.c.id, unit.c.kind, unit.c.text).where(unit.c.thread_id == thread_id)).all()
    same = {uid for uid, kind, words in stored if uid in units and units[uid][1:] == (kind, words)}
    if not same:
        return [], []
    links = [dict(row) for row in conn.execute(sa_select(link).where(link.c.thread_id == thread_id)).mappings()
             if row["unit_id"] in same]
    pairs = [dict(row) for row in conn.execute(
        sa_select(scored).join(unit, unit.c.id == scored.c.unit_id).where(unit.c.thread_id == thread_id)
        .with_only_columns(scored.c.unit_id, scored.c.document_id)).mappings() if row["unit_id"] in same]
    for row in [*links, *pairs]:
        row["unit_id"] = units[row["unit_id"]][0]
    return links, pairs


def restore_library_state(conn: Connection, thread_id: str, state: LibraryState) -> None:
    """Write again, for the new version of a thread (its units written), what :func:`library_state` read."""
    links, pairs = state
    # The rows read went with the units they hang off (ON DELETE CASCADE), in this transaction.
    bulk(conn, table_of(PassageLinkRow), (row | {"thread_id": thread_id} for row in links))
    bulk(conn, table_of(DocumentScoredRow), pairs)


_LINK_KEYS = ("link.min_score", "link.top")
"""``meta`` keys of the threshold and the passages a claim keeps that ``evidence link`` was last given."""


def link_settings(engine: Engine) -> tuple[float, int] | None:
    """The threshold and passages a claim keeps that ``evidence link`` was last given, when not the defaults.

    Raises:
        StoreError: the database cannot be read.
    """
    meta = table_of(MetaRow)
    try:
        with engine.connect() as conn:
            found = dict(conn.execute(sa_select(meta.c.key, meta.c.value).where(meta.c.key.in_(_LINK_KEYS))).all())
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    if set(found) != set(_LINK_KEYS):
        return None
    try:
        return float(found[_LINK_KEYS[0]]), int(found[_LINK_KEYS[1]])
    except ValueError:  # written by hand: the defaults, as if nothing were set
        return None


def save_link_settings(engine: Engine, settings: tuple[float, int] | None) -> None:
    """Keep the threshold and passages a claim keeps for later linking runs (``None``: the defaults again).

    Raises:
        StoreError: the database cannot be written.
    """
    meta = table_of(MetaRow)

    def once() -> None:
        try:
            with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
                conn.execute(delete(meta).where(meta.c.key.in_(_LINK_KEYS)))
                if settings is not None:
                    conn.execute(meta.insert(), [{"key": key, "value": repr(value)}
                                                 for key, value in zip(_LINK_KEYS, settings, strict=True)])
        except SQLAlchemyError as exc:
            raise store_error(engine, exc, "write to") from None

    retrying(once)


def scored_pairs(engine: Engine) -> set[tuple[str, str]]:
    """The ``(unit id, document id)`` pairs already scored.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(DocumentScoredRow.unit_id, DocumentScoredRow.document_id)).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return {(r[0], r[1]) for r in rows}


def save_passage_links(engine: Engine, links: Sequence[dict[str, Any]], scored: Sequence[tuple[str, str]], *,
                       replace: bool = False) -> None:
    """Store new passage links and the pairs that were scored, in one transaction.

    Args:
        engine (Engine): the database.
        links (Sequence[dict[str, Any]]): passage link rows.
        scored (Sequence[tuple[str, str]]): ``(unit id, document id)`` pairs scored in this run.
        replace (bool): delete every stored link and scored pair first (a run that scored all pairs again).

    Raises:
        StoreError: the database cannot be written (nothing is).
    """
    def once() -> None:
        try:
            with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
                if replace:
                    conn.execute(delete(table_of(PassageLinkRow)))
                    conn.execute(delete(table_of(DocumentScoredRow)))
                # Units and passages were read in other transactions: a link to one another process deleted
                # since (a thread deleted or stored again, a document removed) is left out.
                units = stored_ids(conn, table_of(UnitRow).c.id, [*(k["unit_id"] for k in links),
                                                                  *(u for u, _ in scored)])
                passages = stored_ids(conn, table_of(PassageRow).c.id, (k["passage_id"] for k in links))
                documents = stored_ids(conn, table_of(DocumentRow).c.id, (d for _, d in scored))
                upsert(conn, table_of(PassageLinkRow),
                        [k for k in links if k["unit_id"] in units and k["passage_id"] in passages],
                        ["unit_id", "passage_id"], update=["score", "bm25", "rank", "stance", "model", "reason"])
                upsert(conn, table_of(DocumentScoredRow),
                        [{"unit_id": u, "document_id": d} for u, d in scored if u in units and d in documents],
                        ["unit_id", "document_id"])
        except IntegrityError as exc:
            raise gone_meanwhile(engine, exc) or store_error(engine, exc, "write to") from None
        except SQLAlchemyError as exc:
            raise store_error(engine, exc, "write to") from None

    retrying(once)


def passage_hits(engine: Engine, unit_ids: Sequence[str]) -> list[PassageHit]:
    """The library passages linked to some units, by unit, best first, each ranked among its unit's links.

    Raises:
        StoreError: the database cannot be read.
    """
    return _hits(engine, PassageLinkRow.unit_id, unit_ids)


def _hits(engine: Engine, column: Any, ids: Sequence[str]) -> list[PassageHit]:
    """The passage links whose ``column`` (a unit's or a thread's id) is one of ``ids``, by unit, best first."""
    if not ids:
        return []
    wanted = sorted(set(ids))
    rows: list[Any] = []
    try:
        with Session(engine) as conn:
            for piece in _pieces(wanted):
                rows += conn.execute(
                    select(PassageLinkRow, PassageRow, DocumentRow)
                    .join(PassageRow, PassageRow.id == PassageLinkRow.passage_id)  # type: ignore[arg-type]
                    .join(DocumentRow, DocumentRow.id == PassageRow.document_id)  # type: ignore[arg-type]
                    .where(column.in_(piece))
                    .order_by(PassageLinkRow.unit_id, PassageLinkRow.score.desc(), PassageLinkRow.passage_id)  # type: ignore[attr-defined]
                ).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    # A link's stored rank is its place in the linking run that found it, and runs are incremental (a document
    # added later is scored alone): a unit's rank is counted again over all its links, best first.
    rows.sort(key=lambda r: (r[0].unit_id, -r[0].score, r[0].passage_id))
    hits: list[PassageHit] = []
    for link, p, d in rows:
        rank = hits[-1].rank + 1 if hits and hits[-1].unit == link.unit_id else 1
        hits.append(PassageHit(unit=link.unit_id, thread=link.thread_id, score=link.score, bm25=link.bm25,
                               rank=rank, stance=link.stance, model=link.model, reason=link.reason,
                               passage=PassageInfo(id=p.id, document=p.document_id, document_title=d.title,
                                                   document_source=d.source, document_key=d.key,
                                                   position=p.position, location=p.location, start=p.start,
                                                   end=p.end, text=p.text)))
    return hits


def library_counts(engine: Engine) -> tuple[int, int, int]:
    """``(documents, passages, passage links)`` in the library.

    Raises:
        StoreError: the database cannot be read.
    """
    try:
        with engine.connect() as conn:
            return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)  # type: ignore[return-value]
                         for t in (DocumentRow, PassageRow, PassageLinkRow))
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
