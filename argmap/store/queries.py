"""Queries for claims on topics, claim neighbourhoods and grounded labels.

Kept beside :mod:`argmap.store.repository` (the writes of threads and the plain reads),
:mod:`argmap.store.search` (full-text search, topic matching) and :mod:`argmap.store.tracked` (claims
tracked across threads) so that none passes about 500 lines. Every query starts from an index: topic ids,
relation targets, unit ids and thread ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, case, delete, exists, func, literal, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.sql import Select

from argmap.store.models import ClaimHit, LabelInfo, QuoteInfo, ReplyInfo, TopicCount, UnitInfo
from argmap.store.search import TopicMatch, as_utc
from argmap.store.sql import bulk, gone_meanwhile, ids_starting, retrying, store_error, stored_ids, table_of
from argmap.store.tables import (
    AuthorRow,
    EvidenceItemRow,
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
    "author_names",
    "find_claims",
    "label_semantics",
    "labels_for",
    "post_units",
    "quotes_of",
    "replies_to",
    "resolve_unit",
    "save_labels",
    "topic_counts",
    "topic_pairs",
    "topics_of",
    "units_by_id",
    "units_starting",
]


def _read(engine: Engine) -> Connection:
    return engine.connect()


# --- topics --------------------------------------------------------------------------------------------------


def topic_counts(engine: Engine, thread_ids: Sequence[str] | None = None, *, limit: int = 50) -> list[TopicCount]:
    """The most frequent topics, with the number of units and threads about each.

    Raises:
        StoreError: the database cannot be read.
    """
    ut, topic = table_of(UnitTopicRow), table_of(TopicRow)
    units = func.count().label("units")
    stmt: Select[Any] = (
        select(topic.c.id, topic.c.key, units, func.count(func.distinct(ut.c.thread_id)).label("threads"))
        .join_from(ut, topic, topic.c.id == ut.c.topic_id)
        .group_by(topic.c.id, topic.c.key)
        .order_by(units.desc(), topic.c.key)
        .limit(limit)
    )
    if thread_ids is not None:
        stmt = stmt.where(ut.c.thread_id.in_(list(thread_ids)))
    try:
        with _read(engine) as conn:
            rows = conn.execute(stmt).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [TopicCount(id=r.id, key=r.key, units=int(r.units), threads=int(r.threads)) for r in rows]


def topic_total(engine: Engine, thread_ids: Sequence[str] | None = None) -> int:
    """How many topics the units (of some threads) have: the rows :func:`topic_counts` would give without a limit.

    Raises:
        StoreError: the database cannot be read.
    """
    ut = table_of(UnitTopicRow)
    stmt: Select[Any] = select(func.count(func.distinct(ut.c.topic_id)))
    if thread_ids is not None:
        stmt = stmt.where(ut.c.thread_id.in_(list(thread_ids)))
    try:
        with _read(engine) as conn:
            return int(conn.execute(stmt).scalar_one())
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def topic_pairs(engine: Engine, topic_ids: Sequence[str],
                thread_ids: Sequence[str] | None = None) -> list[tuple[str, str, int]]:
    """How often two of ``topic_ids`` are topics of the same unit.

    Returns:
        list[tuple[str, str, int]]: ``(topic id, topic id, units)`` with the first id the smaller.

    Raises:
        StoreError: the database cannot be read.
    """
    if not topic_ids:
        return []
    ut = table_of(UnitTopicRow)
    a, b = ut.alias("a"), ut.alias("b")
    n = func.count().label("n")
    stmt: Select[Any] = (
        select(a.c.topic_id, b.c.topic_id.label("other"), n)
        .join_from(a, b, (a.c.unit_id == b.c.unit_id) & (a.c.topic_id < b.c.topic_id))
        .where(a.c.topic_id.in_(list(topic_ids)), b.c.topic_id.in_(list(topic_ids)))
        .group_by(a.c.topic_id, b.c.topic_id)
    )
    if thread_ids is not None:
        stmt = stmt.where(a.c.thread_id.in_(list(thread_ids)))
    try:
        with _read(engine) as conn:
            return [(str(x), str(y), int(k)) for x, y, k in conn.execute(stmt).all()]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None

# --- claims ------------------------------------------------------------------------------------------------


def _count_into(kind: str) -> Any:
    rel = table_of(RelationRow)
    unit = table_of(UnitRow)
    return (select(func.count()).select_from(rel)
            .where(rel.c.target_id == unit.c.id, rel.c.kind == kind).scalar_subquery())


def _own_evidence() -> Any:
    item, unit = table_of(EvidenceItemRow), table_of(UnitRow)
    return select(func.count()).select_from(item).where(item.c.unit_id == unit.c.id).scalar_subquery()


def find_claims(
    engine: Engine,
    topics: Sequence[TopicMatch] | None,
    *,
    thread_ids: Sequence[str] | None = None,
    kinds: Sequence[str] = ("claim", "premise"),
    attacked: bool = False,
    unanswered: bool = False,
    label: str | None = None,
    authors: Sequence[str] | None = None,
    limit: int = 20,
    since: datetime | None = None,
    answered_since: datetime | None = None,
) -> list[ClaimHit]:
    """Units about some topics, ranked by how well their topics match, then by how much discussion they drew.

    Args:
        engine (Engine): the database.
        topics (Sequence[TopicMatch] | None): from :func:`match_topics`; ``None`` for units on any topic, ranked
            by how much discussion they drew alone (narrow them by thread or author: every unit is read).
        thread_ids (Sequence[str] | None): only these threads.
        kinds (Sequence[str]): unit kinds to return.
        attacked (bool): only units that are attacked.
        unanswered (bool): only units no other post answers (no support or attack from another post).
        label (str | None): only units with this grounded label (``in``, ``out``, ``undecided``).
        authors (Sequence[str] | None): only units by these authors, named exactly as stored; none for an empty
            list.
        limit (int): at most this many.
        since (datetime | None): only units of posts written at this time or later (UTC when naive); posts
            without a time are left out.
        answered_since (datetime | None): only units that another post written at this time or later supports or
            attacks, however old the unit itself (UTC when naive).

    Returns:
        list[ClaimHit]: with counts of supports, attacks and evidence, up to three rebuttals and the post's time.

    Raises:
        StoreError: the database cannot be read.
    """
    if topics is not None and not topics:
        return []
    unit, ut, post, author_t = table_of(UnitRow), table_of(UnitTopicRow), table_of(PostRow), table_of(AuthorRow)
    thread, rel, labels = table_of(ThreadRow), table_of(RelationRow), table_of(UnitLabelRow)
    score_of = {m.id: m.score for m in topics or ()}
    base: Select[Any]
    if topics is None:
        base = select(unit.c.id.label("unit_id"), literal(0.0).label("relevance"))
        if thread_ids is not None:
            base = base.where(unit.c.thread_id.in_(list(thread_ids)))
    else:
        relevance = case(score_of, value=ut.c.topic_id, else_=0.0)
        grouped: Select[Any] = (select(ut.c.unit_id, func.max(relevance).label("relevance"))
                                .where(ut.c.topic_id.in_(list(score_of))).group_by(ut.c.unit_id))
        base = grouped if thread_ids is None else grouped.where(ut.c.thread_id.in_(list(thread_ids)))
    matched = base.subquery("matched")
    supports, attacks = _count_into("support"), _count_into("attack")
    # A claim's evidence: what other units give for it, and what it gives itself ("..., see https://...").
    evidence = _count_into("evidence") + _own_evidence()
    discussion = supports + attacks
    # On a topic, relevance first and discussion (capped) after; on any topic, discussion alone, uncapped.
    score = discussion if topics is None else matched.c.relevance + 0.05 * case((discussion > 10, 10),
                                                                               else_=discussion)
    stmt: Select[Any] = (
        select(unit.c.id, unit.c.kind, unit.c.text, unit.c.post_id, unit.c.thread_id, author_t.c.name,
               thread.c.title, matched.c.relevance, supports.label("supports"), attacks.label("attacks"),
               evidence.label("evidence"), labels.c.label, labels.c.semantics, post.c.created_at)
        .join_from(matched, unit, unit.c.id == matched.c.unit_id)
        .join(post, post.c.id == unit.c.post_id)
        .join(thread, thread.c.id == unit.c.thread_id)
        .outerjoin(author_t, author_t.c.id == post.c.author_id)
        .outerjoin(labels, labels.c.unit_id == unit.c.id)
        .where(unit.c.kind.in_(list(kinds)))
        .order_by(score.desc(), unit.c.id)
        .limit(limit)
    )
    if attacked:
        stmt = stmt.where(attacks > 0)
    if unanswered:
        source = unit.alias("source")
        stmt = stmt.where(~exists().where(rel.c.target_id == unit.c.id, rel.c.kind.in_(("support", "attack")),
                                          source.c.id == rel.c.source_id, source.c.post_id != unit.c.post_id))
    if label is not None:
        stmt = stmt.where(labels.c.label == label)
    if authors is not None:
        stmt = stmt.where(author_t.c.name.in_(list(authors)))
    if since is not None:
        stmt = stmt.where(post.c.created_at >= as_utc(since))
    if answered_since is not None:  # an answer from another post, as --unanswered counts them, written since then
        answer, answer_post = unit.alias("answer"), post.alias("answer_post")
        stmt = stmt.where(exists().where(
            rel.c.target_id == unit.c.id, rel.c.kind.in_(("support", "attack")), answer.c.id == rel.c.source_id,
            answer.c.post_id != unit.c.post_id, answer_post.c.id == answer.c.post_id,
            answer_post.c.created_at >= as_utc(answered_since)))
    try:
        with _read(engine) as conn:
            rows = conn.execute(stmt).all()
            ids = [r.id for r in rows]
            keys: dict[str, list[str]] = {}
            key_score: dict[str, float] = {}  # the matched keys best first: their scores are by topic id
            if ids and score_of:
                topic = table_of(TopicRow)
                for unit_id, topic_id, key in conn.execute(
                    select(ut.c.unit_id, ut.c.topic_id, topic.c.key).join_from(ut, topic, topic.c.id == ut.c.topic_id)
                    .where(ut.c.unit_id.in_(ids), ut.c.topic_id.in_(list(score_of)))
                ).all():
                    keys.setdefault(unit_id, []).append(key)
                    key_score[key] = score_of[topic_id]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    rebuttals = replies_to(engine, ids, kinds=("attack",))
    return [ClaimHit(id=r.id, kind=r.kind, text=r.text, author=r.name, thread=r.thread_id, thread_title=r.title,
                     post=r.post_id, matched=sorted(keys.get(r.id, []), key=lambda k: (-key_score.get(k, 0), k)),
                     relevance=round(float(r.relevance), 4), supports=int(r.supports), attacks=int(r.attacks),
                     evidence=int(r.evidence), label=r.label, semantics=r.semantics,
                     rebuttals=rebuttals.get(r.id, [])[:3],
                     created_at=r.created_at)
            for r in rows]


def author_names(engine: Engine, thread_ids: Sequence[str] | None = None) -> list[str]:
    """The names of the authors who wrote posts (in some threads), as stored, sorted.

    Args:
        engine (Engine): the database.
        thread_ids (Sequence[str] | None): only authors of posts in these threads; every stored author when
            ``None``.

    Returns:
        list[str]: each name once.

    Raises:
        StoreError: the database cannot be read.
    """
    author, post = table_of(AuthorRow), table_of(PostRow)
    stmt: Select[Any] = select(author.c.name)
    if thread_ids is not None:  # through the post index on author_id: the authors of a thread, not every author
        stmt = stmt.where(exists().where(post.c.author_id == author.c.id, post.c.thread_id.in_(list(thread_ids))))
    try:
        with _read(engine) as conn:
            return sorted(conn.execute(stmt).scalars())
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def replies_to(engine: Engine, unit_ids: Sequence[str],
               kinds: Sequence[str] = ("support", "attack", "evidence")) -> dict[str, list[ReplyInfo]]:
    """The units that support, attack or give evidence for each of ``unit_ids`` (via the relation target index).

    Returns:
        dict[str, list[ReplyInfo]]: target unit id -> its replies, most confident first.

    Raises:
        StoreError: the database cannot be read.
    """
    if not unit_ids:
        return {}
    rel, unit, post, author = table_of(RelationRow), table_of(UnitRow), table_of(PostRow), table_of(AuthorRow)
    labels = table_of(UnitLabelRow)
    stmt = (select(rel.c.target_id, rel.c.id.label("relation_id"), rel.c.kind.label("relation"), rel.c.reason,
                   rel.c.confidence, rel.c.model.label("rule"), unit.c.id, unit.c.post_id,
                   unit.c.kind, unit.c.text, author.c.name, labels.c.label)
            .join_from(rel, unit, unit.c.id == rel.c.source_id)
            .join(post, post.c.id == unit.c.post_id)
            .outerjoin(author, author.c.id == post.c.author_id)
            .outerjoin(labels, labels.c.unit_id == unit.c.id)
            .where(rel.c.target_id.in_(list(unit_ids)), rel.c.kind.in_(list(kinds)))
            .order_by(rel.c.target_id, rel.c.confidence.desc(), unit.c.id))
    found: dict[str, list[ReplyInfo]] = {}
    try:
        with _read(engine) as conn:
            for r in conn.execute(stmt).all():
                found.setdefault(r.target_id, []).append(ReplyInfo(
                    id=r.id, relation=r.relation, kind=r.kind, text=r.text, author=r.name, reason=r.reason,
                    confidence=r.confidence, model=r.rule, relation_id=r.relation_id, post=r.post_id,
                    label=r.label))
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return found


def units_by_id(engine: Engine, unit_ids: Sequence[str]) -> dict[str, tuple[UnitInfo, str | None, str | None,
                                                                            datetime | None]]:
    """Units by id with their topics, author, thread title and post time.

    Returns:
        dict[str, tuple[UnitInfo, str | None, str | None, datetime | None]]: unit id -> (unit, author,
        thread title, post time).

    Raises:
        StoreError: the database cannot be read.
    """
    if not unit_ids:
        return {}
    unit, post, author, thread = table_of(UnitRow), table_of(PostRow), table_of(AuthorRow), table_of(ThreadRow)
    stmt = (select(unit, author.c.name, thread.c.title, post.c.created_at)
            .join_from(unit, post, post.c.id == unit.c.post_id)
            .join(thread, thread.c.id == unit.c.thread_id)
            .outerjoin(author, author.c.id == post.c.author_id)
            .where(unit.c.id.in_(list(unit_ids))))
    try:
        with _read(engine) as conn:
            rows = conn.execute(stmt).mappings().all()
            topics = _unit_topics(conn, unit_ids)
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return {r["id"]: (UnitInfo(id=r["id"], post=r["post_id"], thread=r["thread_id"], kind=r["kind"], text=r["text"],
                               start=r["start"], end=r["end"], confidence=r["confidence"], model=r["model"],
                               reason=r["reason"], topics=topics.get(r["id"], [])),
                      r["name"], r["title"], r["created_at"]) for r in rows}


def topics_of(engine: Engine, unit_ids: Sequence[str]) -> dict[str, list[str]]:
    """The topic keys of each of ``unit_ids`` (sorted; units without topics left out).

    Raises:
        StoreError: the database cannot be read.
    """
    if not unit_ids:
        return {}
    try:
        with _read(engine) as conn:
            return _unit_topics(conn, unit_ids)
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def _unit_topics(conn: Connection, unit_ids: Sequence[str]) -> dict[str, list[str]]:
    ut, topic = table_of(UnitTopicRow), table_of(TopicRow)
    found: dict[str, list[str]] = {}
    for unit_id, key in conn.execute(select(ut.c.unit_id, topic.c.key)
                                     .join_from(ut, topic, topic.c.id == ut.c.topic_id)
                                     .where(ut.c.unit_id.in_(list(unit_ids)))).all():
        found.setdefault(unit_id, []).append(key)
    return {u: sorted(keys) for u, keys in found.items()}


def quotes_of(engine: Engine, unit: UnitInfo) -> list[QuoteInfo]:
    """Quotes of the words of ``unit``: spans of its post that replies quote and that overlap the unit.

    Raises:
        StoreError: the database cannot be read.
    """
    quote = table_of(QuoteRow)
    stmt = (select(quote).where(quote.c.thread_id == unit.thread, quote.c.source_post_id == unit.post)
            .order_by(quote.c.id))
    try:
        with _read(engine) as conn:
            rows = conn.execute(stmt).mappings().all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [QuoteInfo(post=r["post_id"], text=r["text"], source_post=r["source_post_id"],
                      source_start=r["source_start"], source_end=r["source_end"]) for r in rows
            if r["source_start"] is not None and r["source_end"] is not None
            and r["source_start"] < unit.end and unit.start < r["source_end"]]

# --- grounded labels -------------------------------------------------------------------------------------


def save_labels(engine: Engine, thread_ids: Sequence[str], labels: Iterable[dict[str, Any]]) -> None:
    """Replace the stored grounded labels of some threads.

    Args:
        engine (Engine): the database.
        thread_ids (Sequence[str]): threads whose labels are replaced.
        labels (Iterable[dict[str, Any]]): ``unit_label`` rows, written 5,000 at a time; iterated again when a
            write is retried after a lock, so a list or a re-iterable (not a one-shot generator).

    Raises:
        StoreError: the database cannot be written.
    """
    table = table_of(UnitLabelRow)

    def once() -> None:
        try:
            with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
                conn.execute(delete(table).where(table.c.thread_id.in_(list(thread_ids))))
                # The units were read before (analyze): one another process deleted since is left out.
                stored = stored_ids(conn, table_of(UnitRow).c.id, (row["unit_id"] for row in labels))
                bulk(conn, table, (row for row in labels if row["unit_id"] in stored))
        except IntegrityError as exc:
            raise gone_meanwhile(engine, exc) or store_error(engine, exc, "write to") from None
        except SQLAlchemyError as exc:
            raise store_error(engine, exc, "write to") from None

    retrying(once)


def labels_for(engine: Engine, unit_ids: Sequence[str]) -> dict[str, LabelInfo]:
    """The stored grounded labels of some units.

    Raises:
        StoreError: the database cannot be read.
    """
    if not unit_ids:
        return {}
    table = table_of(UnitLabelRow)
    stmt = select(table).where(table.c.unit_id.in_(bindparam("ids", expanding=True, type_=String)))
    try:
        with _read(engine) as conn:
            rows = conn.execute(stmt, {"ids": list(unit_ids)}).mappings().all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return {r["unit_id"]: LabelInfo(unit=r["unit_id"], thread=r["thread_id"], label=r["label"],
                                    semantics=r["semantics"], reason=r["reason"], chain=r["chain"].split())
            for r in rows}


def label_semantics(engine: Engine, thread_id: str) -> str | None:
    """Which semantics made the stored labels of a thread (``analyze --dung`` stores ``grounded``); ``None`` when it
    has none stored.

    Raises:
        StoreError: the database cannot be read.
    """
    table = table_of(UnitLabelRow)
    stmt = (select(table.c.semantics).where(table.c.thread_id == thread_id).group_by(table.c.semantics)
            .order_by(func.count().desc(), table.c.semantics).limit(1))
    try:
        with _read(engine) as conn:
            found = conn.execute(stmt).scalar_one_or_none()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return None if found is None else str(found)


def resolve_unit(engine: Engine, ref: str) -> str | None:
    """The id of the unit ``ref`` names: its id, or a prefix of it that only one unit has.

    Returns:
        str | None: the unit id; ``None`` when no unit or several units match.

    Raises:
        StoreError: the database cannot be read.
    """
    found = units_starting(engine, ref)
    if ref.strip() in found:
        return ref.strip()
    return found[0] if len(found) == 1 else None


def units_starting(engine: Engine, ref: str, *, limit: int = 2) -> list[str]:
    """The ids of (at most ``limit``) units that start with ``ref``, in id order; none for a blank ``ref``.

    Raises:
        StoreError: the database cannot be read.
    """
    return ids_starting(engine, table_of(UnitRow).c.id, ref, limit=limit)


def post_units(engine: Engine, post_id: str) -> list[str] | None:
    """The ids of the units of a post, in the order of its text; ``None`` when no post has the id ``post_id``.

    Raises:
        StoreError: the database cannot be read.
    """
    post, unit = table_of(PostRow), table_of(UnitRow)
    try:
        with _read(engine) as conn:
            if conn.execute(select(post.c.id).where(post.c.id == post_id)).first() is None:
                return None
            rows = conn.execute(select(unit.c.id).where(unit.c.post_id == post_id).order_by(unit.c.start, unit.c.id))
            return [r[0] for r in rows.all()]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
