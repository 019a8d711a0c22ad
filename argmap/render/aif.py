"""The stored graph as AIF JSON, the Argument Interchange Format as AIFdb and OVA read it.

- I-nodes: the units (propositions), ``nodeID`` = the unit id.
- RA-nodes (``Default Inference``) for support and evidence, CA-nodes (``Default Conflict``) for attack,
  MA-nodes (``Default Rephrase``) for quote relations: ``I -> RA -> I``; ``nodeID`` = the relation id.
- A unit or relation imported from AIF keeps the illocution that asserted it (``Pure Questioning``...) and its
  scheme's name (``Argument From Expert Opinion``...), which its reason records; argmap's own use the defaults.
- L-nodes: the posts (locutions), text ``"Author: words"``; YA ``Asserting`` joins each post to its units
  (``L -> YA -> I``); TA ``Default Transition`` joins a post to its replies (``L -> TA -> L``); a relation
  between units of a post and its reply is anchored in that transition (``TA -> YA -> RA/CA/MA``, YA
  ``Arguing``, ``Disagreeing`` or ``Restating``), any other (inside one post, or between posts no transition
  joins, such as a quote of a grandparent) in the post of its source (``L -> YA -> S``), so every S-node is
  anchored.
- ``locutions``: ``{nodeID, personID, start, end}`` for every L-node; ``participants``:
  ``{participantID, firstname, surname}`` for every author.
- An ``argmap`` key, which AIF tools ignore, keeps what AIF has no place for (unit kinds, topics and offsets,
  relation kinds, each unit's and relation's model, confidence and reason, each post's own time or ``null``
  where the source gave none, the quotes, and each unit's evidence items under ``evidence``, offsets into the
  unit's text), and the threads: ``threads`` lists each thread's key, format, source, title, url and missing
  count, oldest first (the order they were stored in, so that ingesting the file stores them in that order
  again), and ``posts`` gives each L-node its thread (an index into ``threads``), its external id, title and
  url. So ``argmap ingest`` gives back each thread whole,
  under its own key, however many one file holds. (The node timestamps of a post with no time of its own are
  the time its thread was stored, since AIF tools want one; its locution's ``start``, when it was said, is
  ``null``.)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from argmap.domain import iso_time, stable_id
from argmap.sources.aif import imported_detail
from argmap.store.models import GraphData, RelationInfo, UnitInfo

__all__ = ["AIF_SCHEMES", "to_aif"]

#: argmap relation kind -> (S-node type, scheme text, illocution that anchors it).
AIF_SCHEMES: dict[str, tuple[str, str, str]] = {
    "support": ("RA", "Default Inference", "Arguing"),
    "evidence": ("RA", "Default Inference", "Arguing"),
    "attack": ("CA", "Default Conflict", "Disagreeing"),
    "quote": ("MA", "Default Rephrase", "Restating"),
}


def _stamp(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S") if when else ""


def to_aif(data: GraphData) -> dict[str, Any]:
    """The AIF JSON of ``data`` (see the module docstring).

    Args:
        data (GraphData): from :func:`argmap.store.repository.load_graph`.

    Returns:
        dict[str, Any]: ``{"nodes", "edges", "locutions", "participants", "argmap"}``, ready for ``json.dumps``.
    """
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    people: dict[str, int] = {}
    ingested = {t.id: t.ingested_at for t in data.threads}

    def edge(a: str, b: str) -> None:
        edges.append({"edgeID": len(edges) + 1, "fromID": a, "toID": b})

    def node(nid: str, text: str, kind: str, when: str) -> None:
        nodes.append({"nodeID": nid, "text": text, "type": kind, "timestamp": when})

    when_of: dict[str, str] = {}
    transition: dict[tuple[str, str], str] = {}
    for post in data.posts:
        when = _stamp(post.created_at or ingested.get(post.thread))
        when_of[post.id] = when
        node(post.id, f"{post.author}: {post.text}" if post.author else post.text, "L", when)
        person = people.setdefault(post.author, len(people) + 1) if post.author else None
        # when it was said: unknown stays null (the node timestamps above are when the analysis was made, and
        # AIF tools want one), so that a dialogue's order is not read from the day the thread was stored
        locutions.append({"nodeID": post.id, "personID": person, "start": _stamp(post.created_at) or None,
                          "end": None})
        if post.parent:
            ta = stable_id("ta", post.parent, post.id)
            transition[(post.parent, post.id)] = ta
            node(ta, "Default Transition", "TA", when)
            edge(post.parent, ta)
            edge(ta, post.id)
    unit_post = {u.id: u.post for u in data.units}
    for unit in data.units:
        when = when_of.get(unit.post, "")
        node(unit.id, unit.text, "I", when)
        ya = stable_id("ya", unit.post, unit.id)
        node(ya, imported_detail(unit.model, unit.reason) or "Asserting", "YA", when)
        edge(unit.post, ya)
        edge(ya, unit.id)
    for rel in data.relations:
        if rel.source not in unit_post or rel.target not in unit_post:
            continue
        kind, scheme, illocution = AIF_SCHEMES.get(rel.kind, AIF_SCHEMES["support"])
        scheme = imported_detail(rel.model, rel.reason) or scheme  # an AIF map's own scheme, given back
        when = when_of.get(unit_post[rel.source], "")
        node(rel.id, scheme, kind, when)
        edge(rel.source, rel.id)
        edge(rel.id, rel.target)
        source_post, target_post = unit_post[rel.source], unit_post[rel.target]
        # Dialogical AIF anchors every S-node in an illocution; with no transition between the two posts (inside
        # one post, a quote of a grandparent, Kialo's "-> See"), the post that argues it does.
        anchor = (transition.get((target_post, source_post)) or transition.get((source_post, target_post))
                  or source_post)
        ya = stable_id("ya", anchor, rel.id)
        node(ya, illocution, "YA", when)
        edge(anchor, ya)
        edge(ya, rel.id)
    participants = [{"participantID": pid, "firstname": name, "surname": ""} for name, pid in people.items()]
    # Oldest first, the order they were stored in (``data`` lists them newest first): ingesting the file stores
    # them in that order again, so a second export lists them as the first did.
    threads = data.threads[::-1]
    titles = [t.title or t.key for t in threads]
    number = {t.id: n for n, t in enumerate(threads)}
    made: list[UnitInfo | RelationInfo] = [*data.units, *data.relations]
    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": participants,
        "argmap": {
            "argmap_json": 1,
            "title": titles[0] if len(titles) == 1 else None,
            "url": threads[0].url if len(threads) == 1 else None,
            "threads": [{"key": t.key, "format": t.format, "source": t.source, "title": t.title, "url": t.url,
                         "missing": t.missing} for t in threads],
            "posts": {p.id: {"thread": number[p.thread], "external_id": p.external_id, "title": p.title,
                             "url": p.url, "official": p.official} for p in data.posts if p.thread in number},
            "units": {u.id: {"kind": u.kind, "topics": u.topics, "start": u.start, "end": u.end} for u in data.units},
            "relations": {r.id: r.kind for r in data.relations},
            "provenance": {x.id: {"confidence": x.confidence, "model": x.model, "reason": x.reason} for x in made},
            "created": {p.id: iso_time(p.created_at) for p in data.posts},
            "quotes": [q.model_dump(mode="json") for q in data.quotes],
            "evidence": _evidence(data),
        },
    }


def _evidence(data: GraphData) -> dict[str, list[dict[str, Any]]]:
    """Each unit's evidence items, offsets into the unit's text (so the reader needs no post to place them)."""
    start = {u.id: u.start for u in data.units}
    found: dict[str, list[dict[str, Any]]] = {}
    for item in data.evidence_items:
        if item.unit in start:
            found.setdefault(item.unit, []).append({
                "kind": item.kind, "start": item.start - start[item.unit], "end": item.end - start[item.unit],
                "text": item.text, "source": item.source, "source_kind": item.source_kind,
                "source_label": item.source_label, "confidence": item.confidence, "reason": item.reason})
    return found
