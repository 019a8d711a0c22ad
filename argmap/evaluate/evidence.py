"""How well the evidence detector finds the evidence-like components of the web-discourse corpus.

Gold: the components of the Habernal & Gurevych (2017) documents annotated ``Backing`` or ``Premise`` (the
Toulmin roles that give grounds for a claim), read back from each document's XMI by id. Predicted: the units
that carry at least one evidence item (:attr:`argmap.domain.Unit.evidence`), whatever their kind. A predicted
unit matches a gold component of the same post one-to-one, greedily, when their word-token overlap
|G∩P|/max(|G|,|P|) reaches 0.5, as for ``argmap eval``'s unit matching (:func:`argmap.evaluate.metrics.overlap`).

Precision says how many evidence-bearing units are backing or premises; recall how many backing and premise
components hold evidence argmap detects. Many premises are plain reasons with no link, figure, example or
experience in them, so recall is bounded well below 1 by design.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from argmap.domain import Extraction
from argmap.evaluate.gold import GoldThread
from argmap.evaluate.metrics import MATCH_THRESHOLD, Metric, overlap

__all__ = ["EVIDENCE_ROLES", "evidence_scores", "gold_roles"]

#: The Toulmin roles that count as gold evidence.
EVIDENCE_ROLES = ("Backing", "Premise")
_XMI_ID = "{http://www.omg.org/XMI}id"


def gold_roles(path: Path | str) -> dict[str, str]:
    """The Toulmin role of each component of a web-discourse XMI document, by XMI id.

    Args:
        path (Path | str): the ``.xmi`` file (a gold thread's ``thread.source``).

    Returns:
        dict[str, str]: XMI id -> role (``Claim``, ``Premise``, ``Backing``, ``Rebuttal``, ``Refutation``); empty
        when the file cannot be read.
    """
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return {}
    return {element.get(_XMI_ID, ""): element.tag.rsplit("}", 1)[-1] for element in root
            if element.tag.rsplit("}", 1)[-1] in ("Claim", "Premise", "Backing", "Rebuttal", "Refutation")}


def evidence_scores(corpus: Sequence[GoldThread], predicted: Sequence[Extraction]) -> Metric:
    """Precision, recall and F1 of evidence-bearing units against gold backing and premise components.

    Args:
        corpus (Sequence[GoldThread]): web-discourse gold threads (``thread.source`` is the XMI file).
        predicted (Sequence[Extraction]): one extraction per gold thread, in order.

    Returns:
        Metric: precision, recall, F1 (0 where undefined).
    """
    matched = gold_count = pred_count = 0
    for gold, extraction in zip(corpus, predicted, strict=True):
        roles = gold_roles(gold.thread.source)
        targets = [g for g in gold.units if roles.get(g.id) in EVIDENCE_ROLES]
        texts = {post.external_id: post.text for post in gold.thread.posts}
        units = [(i, u) for i, u in enumerate(extraction.units) if u.evidence and u.kind != "quote"]
        gold_count += len(targets)
        pred_count += len(units)
        candidates = []
        for g_index, g in enumerate(targets):
            for p_index, unit in units:
                if unit.post != g.post:
                    continue
                text = texts.get(unit.post, "")[unit.start:unit.end] or unit.text
                score = overlap(g.text, text)
                if score >= MATCH_THRESHOLD:
                    candidates.append((score, g_index, p_index))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        taken_g: set[int] = set()
        taken_p: set[int] = set()
        for _, g_index, p_index in candidates:
            if g_index not in taken_g and p_index not in taken_p:
                taken_g.add(g_index)
                taken_p.add(p_index)
                matched += 1
    precision = matched / pred_count if pred_count else 0.0
    recall = matched / gold_count if gold_count else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Metric(precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4))
