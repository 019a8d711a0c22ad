"""Curated argument maps as gold: score argmap against a map a person made in another tool.

argmap's readers import some formats with the analysis already in them: AIF JSON from OVA or AIFdb (for
example the QT30 debate maps of the DialAM-2024 shared task) and Kialo discussions. Such a thread carries its
units and relations in :attr:`argmap.domain.Thread.extraction`. :func:`gold_from_map` turns it into a
:class:`GoldThread`: the posts as they are (without the map, so that a predictor has to find it), the map's
``claim`` and ``premise`` units as gold components, and its ``support`` and ``attack`` relations between them
(other relation kinds, such as AIF's rephrase ``quote``, are not scored and are counted in the notes).

Gold kinds are the reader's: an AIF proposition that only ever supports is a premise and every other one a
claim (see :mod:`argmap.sources.aif`). Many AIF propositions are reworded from what was said; a unit whose words
are not in its post spans the whole post, and the metrics match by word overlap, not by offsets.
"""

from __future__ import annotations

import copy

from argmap.domain import Note, Thread
from argmap.evaluate.gold import (
    GOLD_RELATION_KINDS,
    GOLD_UNIT_KINDS,
    CorpusError,
    GoldKind,
    GoldRelation,
    GoldRelationKind,
    GoldThread,
    GoldUnit,
    tokens,
)

__all__ = ["gold_from_map"]


def gold_from_map(name: str, thread: Thread) -> GoldThread:
    """The gold thread of a curated map.

    Args:
        name (str): what to call it in reports (its file, say).
        thread (Thread): a thread read with its analysis (:attr:`~argmap.domain.Thread.extraction` set).

    Returns:
        GoldThread: a copy of the thread without the analysis, with the analysis's claims and premises as units
        and its support and attack relations between them.

    Raises:
        CorpusError: when the thread carries no analysis, or one with no claim or premise.
    """
    given = thread.extraction
    if given is None:
        raise CorpusError(name, "holds no argument map (units and relations) to score against; give an AIF "
                                "(OVA, AIFdb) or Kialo export")
    bare = copy.deepcopy(thread)
    bare.extraction = None
    units: list[GoldUnit] = []
    ids: dict[int, str] = {}
    skipped = 0
    for index, unit in enumerate(given.units):
        if unit.kind not in GOLD_UNIT_KINDS or not tokens(unit.text):
            skipped += 1
            continue
        kind: GoldKind = "claim" if unit.kind == "claim" else "premise"
        ids[index] = str(index)
        units.append(GoldUnit(str(index), unit.post, kind, unit.start, unit.end, unit.text))
    if not units:
        raise CorpusError(name, "holds an argument map with no claim or premise; nothing to score against")
    relations: list[GoldRelation] = []
    other = 0
    for relation in given.relations:
        if relation.kind not in GOLD_RELATION_KINDS or relation.source not in ids or relation.target not in ids:
            other += 1
            continue
        label: GoldRelationKind = "support" if relation.kind == "support" else "attack"
        gold = GoldRelation(ids[relation.source], ids[relation.target], label)
        if gold.source != gold.target and gold not in relations:
            relations.append(gold)
    if skipped:
        bare.notes.append(Note("unscored-unit", None, f"{skipped} units of other kinds or without words"))
    if other:
        bare.notes.append(Note("unscored-relation", None, f"{other} relations of other kinds (e.g. quote)"))
    return GoldThread(name=name, thread=bare, units=units, relations=relations)
