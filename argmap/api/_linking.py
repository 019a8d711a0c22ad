"""What ingest does after a thread is stored: label its units and link them to tracked claims.

Both steps are incremental: the labels of one thread depend on that thread only (relations never cross
threads), and each of its units is compared with the few stored units the full-text index ranks highest,
never with the whole database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from argmap.domain import stable_id
from argmap.graph.argumentation import BIPOLAR, DUNG, Label, grounded
from argmap.graph.build import build_graph
from argmap.graph.tracking import MODEL, TRACKED_KINDS, Match, Signature, compare, signature
from argmap.store import queries, repository, tracked
from argmap.store.tables import GraphData, UnitInfo

__all__ = ["CANDIDATES", "QUERY_TERMS", "LinkReport", "after_save", "label_rows", "track_units"]

CANDIDATES = 30
"""Stored units (best full-text matches) each new unit is compared with."""
QUERY_TERMS = 5
"""A unit's rarest terms (by how many units of its thread use them) that look its candidates up."""


@dataclass
class LinkReport:
    """What :func:`after_save` did.

    Attributes:
        labelled (int): units labelled.
        tracked (int): units linked to a tracked claim.
    """

    labelled: int = 0
    tracked: int = 0


def label_rows(labels: dict[str, Label], threads: dict[str, str], *, bipolar: bool) -> list[dict[str, Any]]:
    """``unit_label`` rows for some labels.

    Args:
        labels (dict[str, Label]): from :func:`argmap.graph.argumentation.grounded`.
        threads (dict[str, str]): unit id -> thread id.
        bipolar (bool): which semantics made them.

    Returns:
        list[dict[str, Any]]: rows, for units of known threads only.
    """
    semantics = BIPOLAR if bipolar else DUNG
    return [{"unit_id": unit, "thread_id": threads[unit], "label": label.label, "semantics": semantics,
             "reason": label.reason, "chain": " ".join(label.chain)}
            for unit, label in labels.items() if unit in threads]


def after_save(engine: Engine, thread_id: str) -> LinkReport:
    """Label the units of a freshly stored thread and link them to tracked claims.

    Args:
        engine (Engine): the database.
        thread_id (str): the thread just stored.

    Returns:
        LinkReport: counts.

    Raises:
        StoreError: the database cannot be read or written.
    """
    data = repository.load_graph(engine, [thread_id])
    labels = grounded(build_graph(data), bipolar=True)
    rows = label_rows(labels, {u.id: u.thread for u in data.units}, bipolar=True)
    queries.save_labels(engine, [thread_id], rows)
    return LinkReport(labelled=len(rows), tracked=track_units(engine, data))


def _signature(unit: UnitInfo) -> Signature:
    return signature(unit.id, unit.post, unit.text, unit.topics)


def track_units(engine: Engine, data: GraphData) -> int:
    """Link the claims and premises of ``data`` to tracked claims, creating claims where two units first meet.

    A unit joins the tracked claim of the best-matching stored unit when it also states the same claim as that
    claim's canonical wording (so claims do not drift by chains of near matches); otherwise the two found
    each other first and start a tracked claim whose canonical wording is the earlier of them.

    Args:
        engine (Engine): the database.
        data (GraphData): the thread(s) just stored.

    Returns:
        int: units linked (new members, the canonical units of new claims included).

    Raises:
        StoreError: the database cannot be read or written.
    """
    units = [u for u in data.units if u.kind in TRACKED_KINDS]
    position = {u.id: i for i, u in enumerate(units)}
    signatures = {u.id: _signature(u) for u in units}
    assigned: dict[str, tuple[str, str]] = {}
    claims: dict[str, dict[str, Any]] = {}
    members: dict[str, dict[str, Any]] = {}
    stored_cache: dict[str, Signature] = {}
    gone: set[str] = set()

    def fetch(unit_ids: list[str]) -> None:
        """Signatures of stored units from other threads, read in one query for a whole candidate list."""
        wanted = [u for u in dict.fromkeys(unit_ids) if u not in signatures and u not in stored_cache and u not in gone]
        if not wanted:
            return
        found = queries.units_by_id(engine, wanted)
        for unit_id in wanted:
            if unit_id in found:
                stored_cache[unit_id] = _signature(found[unit_id][0])
            else:
                gone.add(unit_id)

    def stored(unit_id: str) -> Signature | None:
        if unit_id in signatures:
            return signatures[unit_id]
        fetch([unit_id])
        return stored_cache.get(unit_id)

    def member(unit: str, thread: str, claim: str, match: Match | None, other: str | None) -> None:
        sig = stored(unit)
        terms = match.shared_terms if match else (sig.terms if sig else ())
        phrases = match.shared_phrases if match else tuple(sorted(sig.phrases)) if sig else ()
        members[unit] = {
            "unit_id": unit, "claim_id": claim, "thread_id": thread,
            "similarity": match.similarity if match else 1.0, "shared_terms": "|".join(terms),
            "shared_phrases": "|".join(phrases), "model": MODEL,
            "reason": f"restates {other}: {match.reason}" if match and other else "canonical wording",
        }

    frequency: Counter[str] = Counter()
    for sig in signatures.values():
        frequency.update(set(sig.terms))
    for unit in units:
        sig = signatures[unit.id]
        if not sig.trackable or unit.id in assigned:
            continue
        best: tuple[float, str, tracked.Candidate, Match, str | None, str | None] | None = None
        # The rarest terms only: the index ranks by them anyway, and common terms cost the most to look up.
        query = sorted(sig.terms, key=lambda t: (frequency[t], t))[:QUERY_TERMS]
        candidates = tracked.similar_units(engine, query, kinds=TRACKED_KINDS, limit=CANDIDATES,
                                           exclude_post=unit.post)
        fetch([cand.id for cand in candidates])
        for cand in candidates:
            other = stored(cand.id)
            match = compare(sig, other) if other is not None else None
            if match is None:
                continue
            claim, canonical = assigned.get(cand.id) or (cand.claim, cand.canonical)
            if claim is not None and canonical is not None and canonical not in (cand.id, unit.id):
                head = stored(canonical)
                match = compare(sig, head) if head is not None else None
                if match is None:
                    continue  # close to one member, not to the claim's own wording: no drift by chains
            key = (match.similarity, cand.id)
            if best is None or key[0] > best[0] or (key[0] == best[0] and key[1] < best[1]):
                best = (match.similarity, cand.id, cand, match, claim, canonical)
        if best is None:
            continue
        _, _, cand, match, claim, canonical = best
        if claim is None:
            first_is_new = cand.id in position and position[unit.id] < position[cand.id]
            canonical = unit.id if first_is_new else cand.id
            claim = stable_id("c", canonical)
            text = unit.text if first_is_new else cand.text
            claims[claim] = {"id": claim, "canonical_unit_id": canonical, "text": text}
            member(cand.id, cand.thread, claim, None if canonical == cand.id else match,
                   None if canonical == cand.id else unit.id)
            assigned[cand.id] = (claim, canonical)
            member(unit.id, unit.thread, claim, None if canonical == unit.id else match,
                   None if canonical == unit.id else cand.id)
        else:
            assert canonical is not None
            member(unit.id, unit.thread, claim, None if canonical == unit.id else match,
                   None if canonical == unit.id else cand.id)
        assigned[unit.id] = (claim, canonical)
    tracked.save_tracking(engine, list(claims.values()), list(members.values()))
    tracked.prune_tracking(engine)
    return len(members)
