"""The evidence rows of one thread, built from its units' evidence items (pure: no database).

:func:`argmap.store.repository.save_thread` writes them in its transaction: sources are upserted by their
normalised key (so the same URL or paper cited in many threads is one ``evidence_source`` row), items and
unit-source links are replaced with the thread's other rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from argmap.domain import Unit, stable_id

__all__ = ["EVIDENCE_MODEL", "EvidenceRows", "evidence_rows", "source_id"]

#: The rule set that finds evidence items (:mod:`argmap.nlp.evidence`), stored with each row.
EVIDENCE_MODEL = "argmap.evidence.v2"


def source_id(key: str) -> str:
    """The stable id of the evidence source with normalised ``key`` (the same in every thread)."""
    return stable_id("s", key)


@dataclass
class EvidenceRows:
    """Rows for the ``evidence_source``, ``evidence_item`` and ``evidence_link`` tables."""

    sources: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


def evidence_rows(thread_id: str, unit_ids: Sequence[str], units: Sequence[Unit]) -> EvidenceRows:
    """The evidence rows of a thread's units.

    Args:
        thread_id (str): the thread's id.
        unit_ids (Sequence[str]): the stored id of each unit.
        units (Sequence[Unit]): the units, with their :attr:`~argmap.domain.Unit.evidence`.

    Returns:
        EvidenceRows: sources sorted by key; one item row per evidence item (offsets into the post text); one
        link per unit and source (the most confident item's reason).
    """
    rows = EvidenceRows()
    sources: dict[str, dict[str, Any]] = {}
    links: dict[str, dict[str, Any]] = {}
    for uid, unit in zip(unit_ids, units, strict=True):
        for item in unit.evidence:
            sid = source_id(item.source_key) if item.source_key else None
            if item.source_key and sid is not None:
                sources.setdefault(sid, {"id": sid, "key": item.source_key, "kind": item.source_kind or "work",
                                         "label": item.source_label or item.source_key})
                lid = stable_id("el", uid, sid)
                if lid not in links or links[lid]["confidence"] < item.confidence:
                    links[lid] = {"id": lid, "thread_id": thread_id, "unit_id": uid, "source_id": sid,
                                  "confidence": round(item.confidence, 4), "model": EVIDENCE_MODEL,
                                  "reason": item.reason}
            rows.items.append({
                "id": stable_id("ei", uid, item.kind, item.start, item.end), "thread_id": thread_id,
                "unit_id": uid, "kind": item.kind, "start": unit.start + item.start, "end": unit.start + item.end,
                "text": item.text, "source_id": sid, "confidence": round(item.confidence, 4),
                "model": EVIDENCE_MODEL, "reason": item.reason,
            })
    rows.sources = [sources[k] for k in sorted(sources, key=lambda s: sources[s]["key"])]
    rows.links = list(links.values())
    # Two detectors may report the same words as the same kind; one row each.
    rows.items = list({row["id"]: row for row in rows.items}.values())
    return rows
