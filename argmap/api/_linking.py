"""What ingest does after a thread is stored: label its units and link them to tracked claims.

Both steps work from the thread and extraction still in memory, not from a reload of what was just written,
and both are incremental: the labels of one thread depend on that thread only (relations never cross
threads), and each of its units is compared only with the stored units that share two of its rarest words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy.engine import Engine

from argmap.domain import Extraction, Thread, assumed_attack, stable_id
from argmap.graph.argumentation import ANSWER, BIPOLAR, CUED, DUNG, Label, grounded_labels, keeps_pair
from argmap.graph.tracking import MIN_TERMS, MODEL, TRACKED_KINDS, Match, Signature, compare, signature
from argmap.store import queries, tracked

__all__ = ["BATCH", "CANDIDATES", "QUERY_TERMS", "LabelRows", "LinkReport", "StoredUnit", "after_save", "label_rows",
           "prune", "stored_units", "thread_labels", "track_units"]

CANDIDATES = 100
"""Most stored units (sharing two of its query terms) each new unit is compared with."""
QUERY_TERMS = 4
"""A unit's rarest terms (by how many units of its thread use them); candidates hold two of them."""
BATCH = 256
"""Units whose candidates are read over one connection."""


class StoredUnit(NamedTuple):
    """A unit as the store keeps it: what labelling and tracking need (``author``: its post's author id)."""

    id: str
    post: str
    thread: str
    kind: str
    text: str
    topics: Sequence[str]
    author: str | None = None


@dataclass
class LinkReport:
    """What :func:`after_save` did.

    Attributes:
        labelled (int): units labelled.
        tracked (int): units linked to a tracked claim.
    """

    labelled: int = 0
    tracked: int = 0


@dataclass(frozen=True)
class LabelRows:
    """``unit_label`` rows for some labels, made each time they are iterated (a retried write reads them again).

    Attributes:
        labels (dict[str, Label]): from :func:`argmap.graph.argumentation.grounded`.
        threads (dict[str, str]): unit id -> thread id; labels of other units are left out.
        bipolar (bool): which semantics made them.
        cued (bool): whether attacks only assumed were left out (the semantics' name then ends :data:`CUED`).
    """

    labels: dict[str, Label]
    threads: dict[str, str]
    bipolar: bool
    cued: bool = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        semantics = (BIPOLAR if self.bipolar else DUNG) + (CUED if self.cued else "")
        for unit, label in self.labels.items():
            if unit in self.threads:
                yield {"unit_id": unit, "thread_id": self.threads[unit], "label": label.label,
                       "semantics": semantics, "reason": label.reason, "chain": " ".join(label.chain)}


def label_rows(labels: dict[str, Label], threads: dict[str, str], *, bipolar: bool, cued: bool = False) -> LabelRows:
    """``unit_label`` rows for some labels (see :class:`LabelRows`), for units of known threads only."""
    return LabelRows(labels, threads, bipolar, cued)


def stored_units(thread: Thread, extraction: Extraction) -> list[StoredUnit]:
    """The units of ``extraction`` with the ids :func:`argmap.store.repository.save_thread` gives them."""
    thread_id = thread.id
    posts: dict[str, str] = {}  # one id string per post, shared by its units
    # Author ids as the store writes them (repository.save_thread), so new units and stored ones compare alike.
    authors = {p.external_id: stable_id("a", p.author) for p in thread.posts if p.author}
    return [StoredUnit(u.id(thread.key), posts.get(u.post) or posts.setdefault(u.post, thread.post_id(u.post)),
                       thread_id, u.kind, u.text, u.topics, authors.get(u.post))
            for u in extraction.units]


def thread_labels(thread: Thread, extraction: Extraction | None, *, semantics: str = BIPOLAR) -> LabelRows:
    """The grounded labels of a thread's units, as ``unit_label`` rows for
    :func:`argmap.store.repository.save_thread`, which writes them in the thread's own transaction.

    Args:
        thread (Thread): the thread.
        extraction (Extraction | None): its units and relations.
        semantics (str): which labels, named as the store names them (:data:`BIPOLAR` by default, :data:`DUNG`
            for ``analyze --dung``, either ending :data:`CUED` for ``analyze --no-assumed``): a thread stored again
            keeps the semantics its labels had, as ``analyze`` would give them.
    """
    units = stored_units(thread, extraction) if extraction else []
    relations = extraction.relations if extraction else []
    bipolar, cued = semantics.startswith(BIPOLAR), semantics.endswith(CUED)
    # Each pair's relations in the order the store gives them back (by kind), as analyze and the map read them: of
    # an attack and a support between the same two units (a brat or AIF map may hold both) the later one counts,
    # and in extraction order the attack was later here and the support there, so the labels stored at ingest
    # said "out" where analyze said "in".
    ordered = sorted(((units[r.source].id, units[r.target].id, r.kind, cued and assumed_attack(r.kind, r.reason))
                      for r in relations), key=lambda rel: rel[2] or "")
    kept: dict[tuple[str, str], tuple[str, bool]] = {}
    for source, target, kind, guessed in ordered:
        if (source, target) not in kept or keeps_pair(kind, kept[source, target][0]):
            kept[source, target] = (kind, guessed)
    # As analyze --no-assumed does: the relation a pair keeps, when an attack only assumed, is an answer.
    labels = grounded_labels([(u.id, u.kind, u.text) for u in units],
                             [(source, target, ANSWER if guessed else kind)
                              for (source, target), (kind, guessed) in kept.items()], bipolar=bipolar)
    return label_rows(labels, {u.id: u.thread for u in units}, bipolar=bipolar, cued=cued)


def after_save(engine: Engine, thread: Thread, extraction: Extraction | None, *,
               labelled: int | None = None) -> LinkReport:
    """Link the units of a freshly stored thread to tracked claims, labelling them first unless their labels were
    stored with the thread.

    Args:
        engine (Engine): the database.
        thread (Thread): the thread just stored.
        extraction (Extraction | None): what was stored with it.
        labelled (int | None): how many labels were stored with the thread (:func:`thread_labels`, given to
            ``save_thread``); when ``None`` they are made and stored here, in a transaction of their own.

    Returns:
        LinkReport: counts.

    Raises:
        StoreError: the database cannot be read or written.
    """
    if labelled is None:
        labels = thread_labels(thread, extraction)
        queries.save_labels(engine, [thread.id], labels)
        labelled = len(labels.labels)
        del labels
    units = stored_units(thread, extraction) if extraction else []
    apart = {frozenset((units[r.source].id, units[r.target].id)) for r in extraction.relations
             if r.kind == "attack"} if extraction else set()
    return LinkReport(labelled=labelled, tracked=track_units(engine, units, apart=apart))


def _chunks(items: Sequence[StoredUnit], size: int) -> Iterator[Sequence[StoredUnit]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def track_units(engine: Engine, units: Sequence[StoredUnit], *, apart: Set[frozenset[str]] = frozenset()) -> int:
    """Link claims and premises to tracked claims, creating claims where two units first meet.

    A unit joins the tracked claim of the best-matching stored unit when it also states the same claim as that
    claim's canonical wording (so claims do not drift by chains of near matches); otherwise the two found
    each other first and start a tracked claim whose canonical wording is the earlier of them. Two units of which
    one attacks the other are never merged: a reply that disagrees with its parent in the parent's words ("Neither
    side empowers ..." to "When one side empowers ...") denies the claim, it does not state it again.

    Args:
        engine (Engine): the database.
        units (Sequence[StoredUnit]): units of the thread just stored (already in the database).
        apart (Set[frozenset[str]]): the pairs of unit ids of which one attacks the other (relations never cross
            threads, so the thread's own attacks are all there are).

    Returns:
        int: units linked (new members, the canonical units of new claims included).

    Raises:
        StoreError: the database cannot be read or written.
    """
    units = [u for u in units if u.kind in TRACKED_KINDS]
    position = {u.id: i for i, u in enumerate(units)}
    known_topics = {u.id: u.topics for u in units}
    assigned: dict[str, tuple[str, str]] = {}
    claims: dict[str, dict[str, Any]] = {}
    members: dict[str, dict[str, Any]] = {}
    # Only the terms of the whole thread are kept; signatures are made a chunk at a time and then let go, so a
    # thread of a hundred thousand posts needs little more memory than its units.
    parts = {u.id: (sig.terms, sig.polarity, u.author) for u in units for sig in [signature(u.id, u.post, u.text)]}
    frequency: Counter[str] = Counter(t for found, _, _ in parts.values() for t in found)
    trackable = [u for u in units if len(parts[u.id][0]) >= MIN_TERMS]
    for chunk in _chunks(trackable, BATCH):
        signatures = {u.id: Signature(u.id, u.post, parts[u.id][0], u.text, frozenset(), parts[u.id][1],
                                      u.author, u.thread) for u in chunk}
        # The rarest terms only: a restatement shares nearly all of them, and common terms cost the most.
        probes = [(sorted(signatures[u.id].terms, key=lambda t: (frequency[t], t))[:QUERY_TERMS], u.post)
                  for u in chunk]
        found = tracked.candidate_units(engine, probes, kinds=TRACKED_KINDS, limit=CANDIDATES)
        for cand in (c for cs in found for c in cs):
            if cand.id in signatures:
                continue
            own = parts.get(cand.id)  # a unit of this thread: its terms are known
            signatures[cand.id] = (
                Signature(cand.id, cand.post, own[0], cand.text, frozenset(), own[1], own[2], cand.thread) if own
                else _stored_signature(cand.id, cand.post, cand.text, cand.author, cand.thread))
        heads = {head for cs in found for c in cs
                 for head in [(assigned.get(c.id) or (c.claim, c.canonical))[1]] if head and head not in signatures}
        for head_id, (post, words, author, thread) in tracked.unit_texts(engine, sorted(heads)).items():
            signatures[head_id] = signature(head_id, post, words, author=author, thread=thread)
        for unit, candidates in zip(chunk, found, strict=True):
            if unit.id not in assigned:
                _link_one(unit, candidates, signatures, position, assigned, claims, members, apart)
    _fill_phrases(engine, members, known_topics)
    tracked.save_tracking(engine, list(claims.values()), list(members.values()))
    prune(engine)
    return len(members)


def prune(engine: Engine) -> None:
    """Drop tracked claims left with one member, and compare again the members of a claim whose canonical unit
    went (its thread deleted, or changed by a new ingest) with the member whose words it took, or whose canonical
    unit now says other words (its post edited in place, the unit's span and so its id unchanged).

    Each member was merged because it restates the old canonical wording; two that each add something of their
    own to it ("far more productive", "more productive, in my experience") do not restate each other, and the
    claim kept both, with reasons naming a unit no longer stored. A member that does not restate the new wording
    leaves the claim; the others are stored with their similarity, terms and reason against it.

    Raises:
        StoreError: the database cannot be read or written.
    """
    changed = tracked.prune_tracking(engine).recanonicalised
    if not changed:
        return
    members: dict[str, dict[str, Any]] = {}
    leaving: list[str] = []
    for claim in changed:
        _, canonical, infos = tracked.tracked_members(engine, claim)
        stored = tracked.unit_texts(engine, [m.unit for m in infos])
        sigs = {unit: signature(unit, post, words, author=author, thread=thread)
                for unit, (post, words, author, thread) in stored.items()}
        if canonical not in sigs:
            continue
        # A member that attacks the new canonical unit, or that it attacks, denies it (see track_units).
        attacks = queries.replies_to(engine, [m.unit for m in infos], kinds=("attack",))
        apart = {frozenset((reply.id, target)) for target, replies in attacks.items() for reply in replies}
        for info in infos:
            sig = sigs.get(info.unit)
            fits = sig is not None and info.unit != canonical and frozenset((info.unit, canonical)) not in apart
            match = compare(sig, sigs[canonical]) if sig is not None and fits else None
            if sig is not None and (info.unit == canonical or match is not None):
                _member(members, sig, info.thread, claim, match, canonical)
            elif info.unit != canonical:
                leaving.append(info.unit)
    _fill_phrases(engine, members, {})
    tracked.save_tracking(engine, [], list(members.values()))
    tracked.drop_members(engine, leaving)
    tracked.prune_tracking(engine)  # claims left with one member go; no canonical unit went this time


@lru_cache(maxsize=16_384)
def _stored_signature(unit: str, post: str, text: str, author: str | None, thread: str) -> Signature:
    """The signature of a unit of another thread (they recur as candidates: kept for a while, not for ever)."""
    return signature(unit, post, text, author=author, thread=thread)


def _member(members: dict[str, dict[str, Any]], sig: Signature, thread: str, claim: str, match: Match | None,
            other: str | None) -> None:
    members[sig.unit] = {
        "unit_id": sig.unit, "claim_id": claim, "thread_id": thread,
        "similarity": match.similarity if match else 1.0,
        "shared_terms": "|".join(match.shared_terms if match else sig.terms),
        "shared_phrases": other if match else None,  # filled in by _fill_phrases, once the topics are read
        "model": MODEL,
        "reason": f"restates {other}: {match.reason}" if match and other else "canonical wording",
    }


_Best = tuple[float, str, tracked.Candidate, Match, str | None, str | None]
"""A candidate for a unit: similarity, its id (ties go to the smaller), itself, the match, its claim and the claim's
canonical unit."""


def _beats(found: _Best, current: _Best | None) -> bool:
    """Whether candidate ``found`` is better than ``current``: more similar, or as similar with the smaller id."""
    return current is None or (-found[0], found[1]) < (-current[0], current[1])


def _link_one(unit: StoredUnit, candidates: list[tracked.Candidate], signatures: dict[str, Signature],
              position: dict[str, int], assigned: dict[str, tuple[str, str]], claims: dict[str, dict[str, Any]],
              members: dict[str, dict[str, Any]], apart: Set[frozenset[str]]) -> None:
    """Link one unit to the tracked claim of its best candidate, or start a claim with it (never with a unit it
    attacks or that attacks it: ``apart``, see :func:`track_units`).

    A unit that restates a tracked claim's wording joins that claim even when a unit in no claim yet matches it
    better (the same words said again): starting a claim with that one made two tracked claims of one wording,
    each holding some of its copies, and ``track`` showed only one of them. The other candidates in no claim that
    restate the claim's wording join it with the unit (a unit of a thread stored earlier is not compared again).
    """
    sig = signatures[unit.id]
    best: _Best | None = None
    joined: _Best | None = None  # the best candidate already in a tracked claim
    unclaimed: list[tracked.Candidate] = []
    for cand in candidates:
        other = signatures.get(cand.id)
        match = compare(sig, other) if other is not None and frozenset((unit.id, cand.id)) not in apart else None
        if match is None:
            continue
        claim, canonical = assigned.get(cand.id) or (cand.claim, cand.canonical)
        head = signatures.get(canonical) if canonical is not None else None
        if claim is not None and head is not None and canonical not in (cand.id, unit.id):
            match = compare(sig, head) if frozenset((unit.id, canonical)) not in apart else None
            if match is None:
                continue  # close to one member, not to the claim's own wording: no drift by chains
        # A claim whose canonical unit is stored no more (its thread stored again: an edited paste under a new key, a
        # post edited, spans drawn anew by an upgrade) is joined through its member: skipped, the claim was left with
        # one member and dropped, its id lost, though the unit that replaced its canonical one restates it. prune()
        # then gives the claim the words of its most similar member and compares the others with them.
        found: _Best = (match.similarity, cand.id, cand, match, claim, canonical)
        if claim is None:
            unclaimed.append(cand)
        elif _beats(found, joined):
            joined = found
        if _beats(found, best):
            best = found
    best = joined or best
    if best is None:
        return
    _, _, cand, match, claim, canonical = best
    if claim is None:
        first_is_new = cand.id in position and position[unit.id] < position[cand.id]
        canonical = unit.id if first_is_new else cand.id
        claim = stable_id("c", canonical)
        claims[claim] = {"id": claim, "canonical_unit_id": canonical, "text": unit.text if first_is_new else cand.text}
        _member(members, signatures[cand.id], cand.thread, claim, None if canonical == cand.id else match,
                None if canonical == cand.id else unit.id)
        assigned[cand.id] = (claim, canonical)
    assert canonical is not None
    _member(members, sig, unit.thread, claim, None if canonical == unit.id else match,
            None if canonical == unit.id else cand.id)
    assigned[unit.id] = (claim, canonical)
    head = signatures.get(canonical)
    for copy in unclaimed:
        fits = copy.id not in assigned and frozenset((copy.id, canonical)) not in apart
        again = compare(signatures[copy.id], head) if head is not None and fits else None
        if again is not None:
            _member(members, signatures[copy.id], copy.thread, claim, again, canonical)
            assigned[copy.id] = (claim, canonical)


def _fill_phrases(engine: Engine, members: dict[str, dict[str, Any]], known: dict[str, Sequence[str]]) -> None:
    """Each member's shared key phrases: those it shares with the unit it restates, or its own when canonical."""
    wanted = {u for row in members.values() for u in (row["unit_id"], row["shared_phrases"]) if u and u not in known}
    topics: dict[str, Sequence[str]] = {**known, **queries.topics_of(engine, sorted(wanted))}
    for row in members.values():
        own = set(topics.get(row["unit_id"], ()))
        other = row["shared_phrases"]
        row["shared_phrases"] = "|".join(sorted(own & set(topics.get(other, ())) if other else own))
