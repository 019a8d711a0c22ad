"""Claims tracked across threads: candidate units from the full-text index, members and their evidence.

The rule that decides whether two units state the same claim is pure and lives in
:mod:`argmap.graph.tracking`; this module reads candidates and writes what was decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, exists, func, select, text, union_all, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from argmap.store.fulltext import SEARCH_VECTOR
from argmap.store.models import MemberInfo
from argmap.store.search import fts_query
from argmap.store.sql import gone_meanwhile, ids_starting, retrying, store_error, stored_ids, table_of, upsert
from argmap.store.tables import AuthorRow, PostRow, ThreadRow, TrackedClaimRow, TrackedMemberRow, UnitLabelRow, UnitRow

__all__ = ["Candidate", "Pruned", "candidate_units", "claims_starting", "drop_members", "membership",
           "prune_tracking", "save_tracking", "similar_units", "tracked_members", "unit_texts"]


@dataclass(frozen=True)
class Candidate:
    """A stored unit that may state the same claim as a new one, with its tracked claim if it has one, and the
    author id of its post (``None`` when the post names none)."""

    id: str
    post: str
    thread: str
    kind: str
    text: str
    claim: str | None
    canonical: str | None
    author: str | None = None


@dataclass(frozen=True)
class Pruned:
    """What :func:`prune_tracking` did.

    Attributes:
        dropped (int): tracked claims dropped, left with fewer than two members.
        recanonicalised (list[str]): tracked claims whose canonical unit went and that took another member's
            words, or whose canonical unit's words changed: their other members were merged against the old
            wording and must be compared again.
    """

    dropped: int
    recanonicalised: list[str]


def _read(engine: Engine) -> Connection:
    return engine.connect()


# --- claim tracking --------------------------------------------------------------------------------------


def similar_units(engine: Engine, terms: Sequence[str], *, kinds: Sequence[str], limit: int = 30,
                  exclude_post: str | None = None) -> list[Candidate]:
    """Stored units sharing the most of ``terms`` (full-text index, best first), with their tracked claims.

    Raises:
        StoreError: the database cannot be read.
    """
    safe = [w for w in dict.fromkeys(terms) if w.isalnum()]
    if not safe:
        return []
    try:
        with _read(engine) as conn:
            q = fts_query(conn, safe, any_of=True)
            sql = text(_candidate_sql(postgres=conn.dialect.name == "postgresql", kinds=kinds, ranked=True,
                                      query=":q", post=":post", limit=":n"))
            rows = conn.execute(sql, {"q": q, "n": limit, "post": exclude_post or ""}).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return [Candidate(*r) for r in rows]


def candidate_units(engine: Engine, probes: Sequence[tuple[Sequence[str], str]], *, kinds: Sequence[str],
                    limit: int = 100) -> list[list[Candidate]]:
    """For each probe, the stored units that hold at least two of its terms, read over one connection.

    Unlike :func:`similar_units` nothing is ranked: claim tracking compares every candidate anyway, and a unit
    restating another shares nearly all of its rare words, so two of them are a tight and cheap filter.

    Args:
        engine (Engine): the database.
        probes (Sequence[tuple[Sequence[str], str]]): ``(terms, post id)``; units of that post are left out.
        kinds (Sequence[str]): unit kinds wanted.
        limit (int): most candidates per probe (the earliest stored first, so the choice is stable).

    Returns:
        list[list[Candidate]]: candidates of each probe, in the order of ``probes``.

    Raises:
        StoreError: the database cannot be read.
    """
    found: list[list[Candidate]] = []
    try:
        with _read(engine) as conn:
            postgres = conn.dialect.name == "postgresql"
            mark = "%s" if postgres else "?"  # the driver's own placeholders
            sql = _candidate_sql(postgres=postgres, kinds=kinds, ranked=False, query=mark, post=mark, limit=mark)
            # Thousands of small reads: the driver's own cursor spares SQLAlchemy's per-statement work.
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                for terms, post in probes:
                    query = _pairs_query([w for w in dict.fromkeys(terms) if w.isalnum()], postgres=postgres)
                    rows = cursor.execute(sql, (query, post, limit)).fetchall() if query else []
                    found.append([Candidate(*row) for row in rows])
            finally:
                cursor.close()
    except (SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as exc:
        raise store_error(engine, exc, "read") from None
    return found


def _candidate_sql(*, postgres: bool, kinds: Sequence[str], ranked: bool, query: str, post: str, limit: str) -> str:
    """Units of ``kinds`` matching a full-text ``query``, outside the post ``post``, with their tracked claims.

    ``query``, ``post`` and ``limit`` are placeholders; ``ranked`` orders by the index's relevance, else by id
    (PostgreSQL) or index order (SQLite).
    """
    kinds_sql = ", ".join(f"'{k}'" for k in kinds if k.isalnum())
    columns = "SELECT u.id, u.post_id, u.thread_id, u.kind, u.text, m.claim_id, c.canonical_unit_id, p.author_id"
    claims = ("JOIN post p ON p.id = u.post_id "
              "LEFT JOIN tracked_member m ON m.unit_id = u.id LEFT JOIN tracked_claim c ON c.id = m.claim_id")
    if postgres:
        vector = f"u.{SEARCH_VECTOR}"
        tsquery = f"to_tsquery('english', {query})"
        order = f"ORDER BY ts_rank({vector}, {tsquery}) DESC, u.id" if ranked else "ORDER BY u.id"
        return (f"{columns} FROM unit u {claims} WHERE {vector} @@ {tsquery} AND u.kind IN ({kinds_sql}) "
                f"AND u.post_id != {post} {order} LIMIT {limit}")
    order = "ORDER BY unit_fts.rank, u.id " if ranked else ""
    return (f"{columns} FROM unit_fts JOIN unit u ON u.rowid = unit_fts.rowid {claims} "
            f"WHERE unit_fts MATCH {query} AND u.kind IN ({kinds_sql}) AND u.post_id != {post} {order}LIMIT {limit}")


def _pairs_query(terms: Sequence[str], *, postgres: bool) -> str:
    """A full-text query for text holding any two of ``terms`` (the one term itself when there is one).

    Written as ``a AND (b OR c OR d) OR b AND (c OR d) OR c AND d``: the same rows as listing every pair, with
    fewer term lookups for the index to make.
    """
    quoted = [t if postgres else f'"{t}"' for t in terms]
    if len(quoted) < 2:
        return quoted[0] if quoted else ""
    both, either, alternatives = (" & ", " | ", " | ") if postgres else (" AND ", " OR ", " OR ")
    return alternatives.join(f"({first}{both}({either.join(quoted[i + 1:])}))"
                             for i, first in enumerate(quoted[:-1]))


def unit_texts(engine: Engine, unit_ids: Sequence[str]) -> dict[str, tuple[str, str, str | None, str]]:
    """The post id, words, post's author id (``None`` when it names none) and thread id of each of ``unit_ids``
    still stored.

    Raises:
        StoreError: the database cannot be read.
    """
    if not unit_ids:
        return {}
    unit, post = table_of(UnitRow), table_of(PostRow)
    try:
        with _read(engine) as conn:
            rows = conn.execute(select(unit.c.id, unit.c.post_id, unit.c.text, post.c.author_id, unit.c.thread_id)
                                .join(post, post.c.id == unit.c.post_id)
                                .where(unit.c.id.in_(list(unit_ids)))).all()
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def membership(engine: Engine, unit_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The tracked claim of each of ``unit_ids`` that has one.

    Returns:
        dict[str, tuple[str, str]]: unit id -> (tracked claim id, canonical unit id).

    Raises:
        StoreError: the database cannot be read.
    """
    if not unit_ids:
        return {}
    member, claim = table_of(TrackedMemberRow), table_of(TrackedClaimRow)
    stmt = (select(member.c.unit_id, member.c.claim_id, claim.c.canonical_unit_id)
            .join_from(member, claim, claim.c.id == member.c.claim_id)
            .where(member.c.unit_id.in_(list(unit_ids))))
    try:
        with _read(engine) as conn:
            return {u: (c, k) for u, c, k in conn.execute(stmt).all()}
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


def save_tracking(engine: Engine, claims: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]]) -> None:
    """Store new tracked claims and members (a unit already a member is moved to the given claim).

    Args:
        engine (Engine): the database.
        claims (Sequence[dict[str, Any]]): ``tracked_claim`` rows; existing ids are left as they are.
        members (Sequence[dict[str, Any]]): ``tracked_member`` rows.

    Raises:
        StoreError: the database cannot be written.
    """
    if not claims and not members:
        return
    retrying(lambda: _save_tracking_once(engine, claims, members))


def _save_tracking_once(engine: Engine, claims: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]]) -> None:
    now = datetime.now(UTC)
    unit = table_of(UnitRow)
    try:
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            # The units were read in other transactions: a member of one another process deleted since is left
            # out (prune_tracking then drops a claim it leaves with one member).
            stored = stored_ids(conn, unit.c.id, (m["unit_id"] for m in members))
            upsert(conn, table_of(TrackedClaimRow), [{"created_at": now, **c} for c in claims], ["id"])
            upsert(conn, table_of(TrackedMemberRow), [m for m in members if m["unit_id"] in stored], ["unit_id"],
                    update=["claim_id", "thread_id", "similarity", "shared_terms", "shared_phrases", "model",
                            "reason"])
    except IntegrityError as exc:
        raise gone_meanwhile(engine, exc) or store_error(engine, exc, "write to") from None
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "write to") from None


def drop_members(engine: Engine, unit_ids: Sequence[str]) -> None:
    """Take units out of their tracked claims (:func:`prune_tracking` then drops claims left with one member).

    Raises:
        StoreError: the database cannot be written.
    """
    if unit_ids:
        retrying(lambda: _drop_once(engine, unit_ids))


def _drop_once(engine: Engine, unit_ids: Sequence[str]) -> None:
    member = table_of(TrackedMemberRow)
    try:
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            conn.execute(delete(member).where(member.c.unit_id.in_(list(unit_ids))))
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "write to") from None


def prune_tracking(engine: Engine) -> Pruned:
    """Drop tracked claims left with fewer than two members (after a thread was re-ingested or changed).

    A claim whose canonical unit is no longer a member takes its most similar remaining member's words, and one
    whose canonical unit now says other words (its post edited in place) takes those; the caller compares its
    other members with them again (:func:`argmap.api._linking.prune`).

    Returns:
        Pruned: how many tracked claims were dropped, and which took new canonical words.

    Raises:
        StoreError: the database cannot be written.
    """
    return retrying(lambda: _prune_once(engine))


def _prune_once(engine: Engine) -> Pruned:
    member, claim, unit = table_of(TrackedMemberRow), table_of(TrackedClaimRow), table_of(UnitRow)
    try:
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            lonely = select(member.c.claim_id).group_by(member.c.claim_id).having(func.count() < 2)
            empty = select(claim.c.id).where(~exists().where(member.c.claim_id == claim.c.id))
            doomed = [r[0] for r in conn.execute(union_all(lonely, empty)).all()]
            if doomed:
                conn.execute(delete(member).where(member.c.claim_id.in_(doomed)))
                conn.execute(delete(claim).where(claim.c.id.in_(doomed)))
            moved: list[str] = []
            orphaned = conn.execute(select(claim.c.id).where(~exists().where(
                member.c.claim_id == claim.c.id, member.c.unit_id == claim.c.canonical_unit_id))).all()
            for (claim_id,) in orphaned:
                best = conn.execute(select(member.c.unit_id, unit.c.text)
                                    .join_from(member, unit, unit.c.id == member.c.unit_id)
                                    .where(member.c.claim_id == claim_id)
                                    .order_by(member.c.similarity.desc(), member.c.unit_id).limit(1)).first()
                if best is not None:
                    conn.execute(update(claim).where(claim.c.id == claim_id)
                                 .values(canonical_unit_id=best[0], text=best[1]))
                    moved.append(claim_id)
            # A canonical unit whose post was edited in place (a typo mended: the same span, so the same id) keeps
            # its claim, whose words were still the old ones: `track` showed a wording no unit says any more, and
            # the other members were merged against it.
            reworded = conn.execute(select(claim.c.id, unit.c.text).join_from(
                claim, unit, unit.c.id == claim.c.canonical_unit_id).where(unit.c.text != claim.c.text)).all()
            for claim_id, words in reworded:
                conn.execute(update(claim).where(claim.c.id == claim_id).values(text=words))
                moved.append(claim_id)
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "write to") from None
    return Pruned(len(doomed), moved)


def claims_starting(engine: Engine, ref: str, *, limit: int = 2) -> list[str]:
    """The ids of (at most ``limit``) tracked claims that start with ``ref``, in id order; none for a blank
    ``ref``.

    Raises:
        StoreError: the database cannot be read.
    """
    return ids_starting(engine, table_of(TrackedClaimRow).c.id, ref, limit=limit)


def tracked_members(engine: Engine, claim_id: str) -> tuple[str, str, list[MemberInfo]]:
    """A tracked claim's canonical words and every member, in time order.

    Returns:
        tuple[str, str, list[MemberInfo]]: (canonical text, canonical unit id, members without their replies).

    Raises:
        StoreError: the database cannot be read.
    """
    member, claim, unit = table_of(TrackedMemberRow), table_of(TrackedClaimRow), table_of(UnitRow)
    post, author, thread, labels = table_of(PostRow), table_of(AuthorRow), table_of(ThreadRow), table_of(UnitLabelRow)
    stmt = (select(member, unit.c.kind, unit.c.text, unit.c.post_id, post.c.created_at, post.c.position,
                   author.c.name, thread.c.title, thread.c.ingested_at, labels.c.label)
            .join_from(member, unit, unit.c.id == member.c.unit_id)
            .join(post, post.c.id == unit.c.post_id)
            .join(thread, thread.c.id == unit.c.thread_id)
            .outerjoin(author, author.c.id == post.c.author_id)
            .outerjoin(labels, labels.c.unit_id == unit.c.id)
            .where(member.c.claim_id == claim_id))
    try:
        with _read(engine) as conn:
            head = conn.execute(select(claim.c.text, claim.c.canonical_unit_id).where(claim.c.id == claim_id)).first()
            rows = conn.execute(stmt).mappings().all() if head is not None else []
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    if head is None:
        return "", "", []

    def when(r: Any) -> tuple[Any, ...]:
        moment = r["created_at"] or r["ingested_at"]
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return (moment, r["position"], r["unit_id"])

    members = [MemberInfo(unit=r["unit_id"], kind=r["kind"], text=r["text"], thread=r["thread_id"],
                          thread_title=r["title"], post=r["post_id"], author=r["name"], created_at=r["created_at"],
                          similarity=r["similarity"], shared_terms=_split(r["shared_terms"]),
                          shared_phrases=_split(r["shared_phrases"]), reason=r["reason"], label=r["label"])
               for r in sorted(rows, key=when)]
    return str(head[0]), str(head[1]), members


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


