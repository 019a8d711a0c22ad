"""Explain the score of one annotated thread: which units and relations agree with the annotators, and why
the others do not.

:func:`score` says how many relations are right; :func:`explain` says which, with the same matching
(:func:`~argmap.evaluate.metrics.match_units`) and the same relations (support and attack between claims and
premises), so its counts add up to the thread's scores. Every gold relation is ``found`` (argmap drew it),
``wrong-label`` (argmap relates the same two units, with the other label) or ``missed``; every relation argmap
drew that is neither of the first two is ``extra``. Each missed or extra relation says why in words: an end
that matches no unit on the other side, or the other side relating the source to something else (named), or
to nothing. Units are ``matched`` (with both kinds), ``missed`` (a gold component no argmap unit matches) or
``extra`` (an argmap claim or premise the annotators did not mark).

A unit of the predictions is named by its place in the extraction (``unit``, a relation's ``source`` and
``target``), and also by what stays the same outside it, for joining with the JSON export: its post's external id
and its offsets (a relation's ``source_unit`` and ``target_unit``: :class:`UnitRef`), and its id where it has one
(a predictions file's own unit ids).

This is the error analysis behind the README's accuracy notes, as a tool: ``argmap eval cmv --explain
negative/8``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from argmap.domain import Extraction, Relation, shorten
from argmap.evaluate.gold import GoldRelation, GoldThread
from argmap.evaluate.metrics import (
    ARGUMENTATIVE,
    Scores,
    match_units,
    overlap,
    score,
    scored_relations,
    unit_words,
)

__all__ = ["CAUSES", "Explanation", "RelationCheck", "UnitCheck", "UnitRef", "explain"]

UnitStatus = Literal["matched", "missed", "extra"]
RelationStatus = Literal["found", "wrong-label", "missed", "extra"]
_QUOTED = 60
"""How many characters of a unit a cause quotes."""


@dataclass(frozen=True)
class UnitRef:
    """One of the predicted units, named as the JSON export names it rather than by its place in the extraction.

    Attributes:
        id (str | None): its id, where the predictions give one (the ``id`` of a predictions file's unit, the
            export's own when the file is an argmap JSON export), else ``None``: argmap's own predictions and the
            baseline's are made in the evaluation and stored nowhere, so they have no id to join on; ``post``,
            ``start`` and ``end`` are what the JSON export of the thread, once ingested, names the same unit by.
        post (str): external id of its post (the export's ``posts[].external_id``).
        start (int): its offsets into its post's text (the export's ``units[].start`` and ``end``).
        end (int): see ``start``.
    """

    id: str | None
    post: str
    start: int
    end: int


@dataclass
class UnitCheck:
    """One gold component, argmap unit, or matched pair of both.

    Attributes:
        status (str): ``matched``, ``missed`` (gold only) or ``extra`` (argmap only).
        post (str): external id of the post.
        text (str): the gold component's words, or the argmap unit's when there is no gold one.
        gold (str | None): the gold component's id.
        gold_kind (str | None): ``claim`` or ``premise`` in the gold.
        unit (int | None): index of the argmap unit in the extraction's units.
        kind (str | None): argmap's kind.
        unit_text (str | None): the argmap unit's words.
        overlap (float | None): why they match or not, as the metric sees it: for a matched pair, its word overlap
            (:func:`argmap.evaluate.overlap`, matched from 0.5); for a missed gold component or an extra unit, the
            highest overlap with any argumentative unit of the other side in its post (below 0.5, or that unit
            was matched better elsewhere), ``None`` when the post holds none.
        gold_start (int | None): the gold component's offsets into its post's text.
        gold_end (int | None): see ``gold_start``.
        start (int | None): the argmap unit's offsets into its post's text.
        end (int | None): see ``start``.
        unit_id (str | None): the argmap unit's id where the predictions give one (see :class:`UnitRef`);
            with ``post``, ``start`` and ``end`` it names the unit outside the extraction.
    """

    status: UnitStatus
    post: str
    text: str
    gold: str | None = None
    gold_kind: str | None = None
    unit: int | None = None
    kind: str | None = None
    unit_text: str | None = None
    overlap: float | None = None
    gold_start: int | None = None
    gold_end: int | None = None
    start: int | None = None
    end: int | None = None
    unit_id: str | None = None


@dataclass
class RelationCheck:
    """One gold relation, argmap relation, or both, and why they agree or not.

    Attributes:
        status (str): ``found``, ``wrong-label``, ``missed`` (gold only) or ``extra`` (argmap only).
        cross (bool): whether its two ends lie in different posts.
        source_text (str): the words of its source (gold's when there is a gold relation).
        target_text (str): the words of its target.
        why (str): the cause in words (empty for ``found``).
        cause (str): the cause as a code, for counting: ``label`` (wrong-label), ``no-source-unit``,
            ``no-target-unit``, ``no-unit-either`` (an end, or both, matched by nothing on the other side),
            ``other-target`` (the other side relates the source to another unit), ``no-relation`` (the other
            side relates the source to nothing); empty for ``found``.
        gold_source (str | None): gold component id of the source.
        gold_target (str | None): gold component id of the target.
        gold_kind (str | None): the gold label, ``support`` or ``attack``.
        source (int | None): argmap's source unit index.
        target (int | None): argmap's target unit index.
        kind (str | None): argmap's label.
        model (str | None): the rule or model that made argmap's relation.
        confidence (float | None): its confidence.
        reason (str | None): its reason.
        source_unit (UnitRef | None): argmap's source unit by its post, offsets and id, for joining with the
            JSON export (``source`` is its place in the extraction).
        target_unit (UnitRef | None): the same for its target.
    """

    status: RelationStatus
    cross: bool
    source_text: str
    target_text: str
    why: str = ""
    cause: str = ""
    gold_source: str | None = None
    gold_target: str | None = None
    gold_kind: str | None = None
    source: int | None = None
    target: int | None = None
    kind: str | None = None
    model: str | None = None
    confidence: float | None = None
    reason: str | None = None
    source_unit: UnitRef | None = None
    target_unit: UnitRef | None = None


@dataclass
class Explanation:
    """The checks of one thread, with its scores.

    Attributes:
        name (str): the thread's name in its corpus (``negative/8``).
        scores (Scores): the thread's scores alone, as :func:`score` gives them.
        units (list[UnitCheck]): every gold component and argmap claim or premise, in post order.
        relations (list[RelationCheck]): gold relations in their order, then argmap's extra ones in theirs.
    """

    name: str
    scores: Scores
    units: list[UnitCheck] = field(default_factory=list)
    relations: list[RelationCheck] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many relations have each status."""
        found: dict[str, int] = {"found": 0, "wrong-label": 0, "missed": 0, "extra": 0}
        for check in self.relations:
            found[check.status] += 1
        return found

    def causes(self) -> dict[str, int]:
        """How many missed and extra relations have each cause, as ``missed:other-target`` and the like."""
        return dict(Counter(f"{c.status}:{c.cause}" for c in self.relations if c.status in ("missed", "extra")))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: name, scores, relation counts by status and by cause, units and relations."""
        return {"name": self.name, "scores": self.scores.as_dict(), "relation_counts": self.counts(),
                "relation_causes": self.causes(), "units": [asdict(u) for u in self.units],
                "relations": [asdict(r) for r in self.relations]}


#: What each cause of a missed (gold) or extra (argmap) relation means; a check's ``why`` starts with it.
CAUSES: dict[str, str] = {
    "missed:other-target": "argmap relates the source to another unit",
    "missed:no-relation": "argmap relates the source to nothing",
    "missed:no-source-unit": "its source matches no argmap unit",
    "missed:no-target-unit": "its target matches no argmap unit",
    "missed:no-unit-either": "neither end matches an argmap unit",
    "extra:other-target": "the annotators relate the source to another unit",
    "extra:no-relation": "the annotators relate the source to nothing",
    "extra:no-source-unit": "its source matches no gold component",
    "extra:no-target-unit": "its target matches no gold component",
    "extra:no-unit-either": "neither end matches a gold component",
}


def _cause(status: str, code: str, detail: str = "") -> tuple[str, str]:
    """A cause code and the cause in words, with ``detail`` after it."""
    return code, CAUSES[f"{status}:{code}"] + detail


def _unmatched(status: str, source: bool, target: bool) -> tuple[str, str]:
    """The cause when the source, the target or both match nothing on the other side."""
    return _cause(status, "no-unit-either" if source and target else "no-source-unit" if source else "no-target-unit")


class _Sides:
    """Both sides of one thread, matched, with lookups in either direction."""

    def __init__(self, gold: GoldThread, predicted: Extraction, unit_ids: Sequence[str | None] | None) -> None:
        self.gold = gold
        self.predicted = predicted
        self.unit_ids = list(unit_ids) if unit_ids is not None else [None] * len(predicted.units)
        if len(self.unit_ids) != len(predicted.units):
            raise ValueError(f"{len(self.unit_ids)} unit ids for {len(predicted.units)} units")
        self.to_gold = match_units(gold, predicted)
        self.to_unit = {g_id: index for index, g_id in self.to_gold.items()}
        self.by_id = {unit.id: unit for unit in gold.units}
        self.relations = scored_relations(predicted)
        self.gold_from: dict[str, list[GoldRelation]] = {}
        for link in gold.relations:
            self.gold_from.setdefault(link.source, []).append(link)
        self.ours_from: dict[int, list[Relation]] = {}
        for relation in self.relations:
            self.ours_from.setdefault(relation.source, []).append(relation)

    def gold_text(self, unit_id: str) -> str:
        return self.by_id[unit_id].text

    def unit_text(self, index: int) -> str:
        return self.predicted.units[index].text

    def missed_because(self, link: GoldRelation) -> tuple[str, str]:
        """Why argmap has no relation for a gold one: a cause code and the cause in words."""
        source, target = self.to_unit.get(link.source), self.to_unit.get(link.target)
        if source is None or target is None:
            return _unmatched("missed", source is None, target is None)
        others = self.ours_from.get(source, [])
        if others:
            first = others[0]
            return _cause("missed", "other-target",
                          f": '{shorten(self.unit_text(first.target), _QUOTED)}' ({first.kind}, {first.model})")
        return _cause("missed", "no-relation", f" (it takes it for a {self.predicted.units[source].kind})")

    def extra_because(self, relation: Relation) -> tuple[str, str]:
        """Why the annotators have no relation for one of argmap's: a cause code and the cause in words."""
        source, target = self.to_gold.get(relation.source), self.to_gold.get(relation.target)
        if source is None or target is None:
            return _unmatched("extra", source is None, target is None)
        others = self.gold_from.get(source, [])
        if others:
            first = others[0]
            quoted = shorten(self.gold_text(first.target), _QUOTED)
            return _cause("extra", "other-target", f": '{quoted}' ({first.kind})")
        return _cause("extra", "no-relation", f" (they mark it a {self.by_id[source].kind})")

    def ref(self, index: int) -> UnitRef:
        """Unit ``index`` of the predictions, named outside them."""
        unit = self.predicted.units[index]
        return UnitRef(self.unit_ids[index], unit.post, unit.start, unit.end)

    def cross(self, relation: Relation) -> bool:
        units = self.predicted.units
        return units[relation.source].post != units[relation.target].post


def _units(sides: _Sides) -> list[UnitCheck]:
    gold, predicted = sides.gold, sides.predicted
    checks: list[tuple[tuple[int, int, int], UnitCheck]] = []
    order = {post.external_id: i for i, post in enumerate(gold.thread.posts)}
    texts = {post.external_id: post.text for post in gold.thread.posts}
    ours_in: dict[str, list[str]] = {}  # each post's argumentative units' words, as the metric reads them
    for candidate in predicted.units:
        if candidate.kind in ARGUMENTATIVE:
            ours_in.setdefault(candidate.post, []).append(unit_words(candidate, texts))

    def best(words: str, others: list[str], gold_side: bool) -> float | None:
        found = [overlap(words, other) if gold_side else overlap(other, words) for other in others]
        return round(max(found), 4) if found else None

    for unit in gold.units:
        index = sides.to_unit.get(unit.id)
        ours = predicted.units[index] if index is not None else None
        share = (overlap(unit.text, unit_words(ours, texts)) if ours is not None
                 else best(unit.text, ours_in.get(unit.post, []), True))
        checks.append(((order.get(unit.post, -1), unit.start, 0), UnitCheck(
            "matched" if ours else "missed", unit.post, unit.text, unit.id, unit.kind, index,
            ours.kind if ours else None, ours.text if ours else None, None if share is None else round(share, 4),
            unit.start, unit.end, ours.start if ours else None, ours.end if ours else None,
            sides.unit_ids[index] if index is not None else None)))
    gold_in: dict[str, list[str]] = {}
    for unit in gold.units:
        gold_in.setdefault(unit.post, []).append(unit.text)
    for index, ours in enumerate(predicted.units):
        if ours.kind in ARGUMENTATIVE and index not in sides.to_gold:
            checks.append(((order.get(ours.post, -1), ours.start, 1), UnitCheck(
                "extra", ours.post, ours.text, unit=index, kind=ours.kind, unit_text=ours.text,
                overlap=best(unit_words(ours, texts), gold_in.get(ours.post, []), False), start=ours.start,
                end=ours.end, unit_id=sides.unit_ids[index])))
    return [check for _, check in sorted(checks, key=lambda item: item[0])]


def _relations(sides: _Sides) -> list[RelationCheck]:
    by_ends: dict[tuple[int, int], list[Relation]] = {}
    for relation in sides.relations:
        by_ends.setdefault((relation.source, relation.target), []).append(relation)
    used: set[int] = set()  # id() of argmap relations accounted for by a gold relation
    checks: list[RelationCheck] = []
    seen: set[tuple[str, str, str]] = set()
    for link in sides.gold.relations:
        if (link.source, link.target, link.kind) in seen:
            continue
        seen.add((link.source, link.target, link.kind))
        cross = sides.by_id[link.source].post != sides.by_id[link.target].post
        check = RelationCheck("missed", cross, sides.gold_text(link.source), sides.gold_text(link.target),
                              gold_source=link.source, gold_target=link.target, gold_kind=link.kind)
        source, target = sides.to_unit.get(link.source), sides.to_unit.get(link.target)
        candidates = [r for r in by_ends.get((source, target), []) if id(r) not in used] \
            if source is not None and target is not None else []
        exact = [r for r in candidates if r.kind == link.kind]
        ours = (exact or candidates)[0] if candidates else None
        if ours is not None:
            used.add(id(ours))
            check.status = "found" if ours.kind == link.kind else "wrong-label"
            if not exact:
                check.cause, check.why = "label", f"argmap says {ours.kind}, the annotators {link.kind}"
            check.source, check.target, check.kind = ours.source, ours.target, ours.kind
            check.source_unit, check.target_unit = sides.ref(ours.source), sides.ref(ours.target)
            check.model, check.confidence, check.reason = ours.model, ours.confidence, ours.reason
        else:
            check.cause, check.why = sides.missed_because(link)
        checks.append(check)
    for relation in sides.relations:
        if id(relation) in used:
            continue
        cause, why = sides.extra_because(relation)
        checks.append(RelationCheck(
            "extra", sides.cross(relation), sides.unit_text(relation.source), sides.unit_text(relation.target),
            why, cause, source=relation.source, target=relation.target, kind=relation.kind,
            model=relation.model, confidence=relation.confidence, reason=relation.reason,
            source_unit=sides.ref(relation.source), target_unit=sides.ref(relation.target)))
    return checks


def explain(gold: GoldThread, predicted: Extraction, *, unit_ids: Sequence[str | None] | None = None) -> Explanation:
    """Check one thread's extraction against its gold, unit by unit and relation by relation.

    Args:
        gold (GoldThread): the annotated thread.
        predicted (Extraction): what a predictor found in ``gold.thread``.
        unit_ids (Sequence[str | None] | None): the id of each of ``predicted``'s units, where the predictions
            give one (:func:`argmap.evaluate.predicted.unit_ids`), for the checks to name them by; ``None``: none.

    Returns:
        Explanation: the checks; ``found`` relations number ``scores.counts["hit_rel_all"]``, gold relations
        (found, wrong-label, missed) ``gold_rel_all``, and argmap's (found, wrong-label, extra) ``pred_rel_all``.
    """
    sides = _Sides(gold, predicted, unit_ids)
    return Explanation(gold.name, score([gold], [predicted]), _units(sides), _relations(sides))
