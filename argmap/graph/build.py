"""Stored graph data as a networkx graph, and the parts of it a map shows.

:func:`build_graph` turns :class:`~argmap.store.models.GraphData` into a :class:`networkx.DiGraph` whose nodes
are argument units and whose edges are relations, pointing the way the relation goes (a premise -> the claim
it supports, an attack -> the unit it attacks). :func:`thread_graph` gives the same graph for a thread read and
extracted in memory, before (or without) storing it. :func:`select` cuts out one thread, one topic, the
neighbourhood of one claim or the exchange between some authors. Nothing here touches the database.

Node attributes: ``kind``, ``text``, ``post`` (post id), ``post_external_id`` (the id the source gave the post:
a comment's id, an AIF locution's ``nodeID``, a brat document's name), ``post_url``, ``author``, ``thread``,
``thread_title``, ``topics`` (list of str), ``confidence``, ``model``, ``reason``, ``start``, ``end``,
``created_at`` (ISO 8601 in UTC ending in ``Z``, as the JSON export writes it, or ``None``). Edge attributes:
``id``, ``kind``, ``confidence``, ``model``, ``reason``, ``assumed`` (an attack only by default, no word of
the answer saying how it stands: :func:`argmap.domain.assumed_attack`), ``also`` (how many other relations join
the same two units the same way: one edge stands for them all). A graph :func:`select` cut says in
``graph.graph["unlinked_other"]`` how many units of kind ``other`` it left out for want of a relation.
"""

from __future__ import annotations

import numbers
from collections.abc import Collection
from datetime import UTC, datetime

import networkx as nx

from argmap.config import DEFAULT_HOPS
from argmap.domain import Extraction, Thread, iso_time
from argmap.errors import NotFound, QueryError
from argmap.graph.argumentation import keeps_pair
from argmap.store.models import GraphData, PostInfo, RelationInfo, ThreadInfo, UnitInfo
from argmap.store.search import topic_matcher

__all__ = ["DEFAULT_HOPS", "build_graph", "check_min_confidence", "graph_data_of", "select", "thread_graph"]



def build_graph(data: GraphData, *, min_confidence: float = 0.0) -> nx.DiGraph:
    """The argument graph of ``data``: units as nodes, relations as edges.

    Args:
        data (GraphData): from :func:`argmap.store.repository.load_graph`.
        min_confidence (float): leave out relations less confident than this before one is kept per pair of
            units, so that a weak support does not hide a sure evidence link between the same two units and then
            go, at :func:`select`'s cut, with it.

    Returns:
        nx.DiGraph: one node per unit, one edge per relation whose two units are both present (when several
        relations join the same pair, an attack or a support wins over evidence, evidence over a quote, and
        the later one between equals: :func:`argmap.graph.argumentation.keeps_pair`).
        ``graph.graph["threads"]`` maps thread ids to titles.
    """
    graph = nx.DiGraph()
    posts = {p.id: p for p in data.posts}
    titles = {t.id: (t.title or t.key) for t in data.threads}
    graph.graph["threads"] = titles
    for unit in data.units:
        post = posts.get(unit.post)
        graph.add_node(
            unit.id, kind=unit.kind, text=unit.text, post=unit.post,
            post_external_id=post.external_id if post else None, post_url=post.url if post else None,
            author=post.author if post else None, official=True if post and post.official else None,
            thread=unit.thread, thread_title=titles.get(unit.thread), topics=list(unit.topics),
            confidence=unit.confidence, model=unit.model, reason=unit.reason, start=unit.start, end=unit.end,
            created_at=iso_time(post.created_at) if post else None,
        )
    for rel in data.relations:
        if rel.source not in graph or rel.target not in graph or rel.confidence < min_confidence:
            continue
        drawn = graph.get_edge_data(rel.source, rel.target)
        if drawn is None or keeps_pair(rel.kind, drawn["kind"]):
            graph.add_edge(rel.source, rel.target, id=rel.id, kind=rel.kind, confidence=rel.confidence,
                           model=rel.model, reason=rel.reason, assumed=rel.assumed,
                           also=0 if drawn is None else drawn["also"] + 1)
        else:
            drawn["also"] += 1
    return graph


def graph_data_of(thread: Thread, extraction: Extraction) -> GraphData:
    """What the store would give back for ``thread`` once ``extraction`` is stored with it, without a database.

    The ids are those ``argmap ingest`` gives (:meth:`Thread.post_id`, :meth:`Unit.id`, a relation's from its
    ends and kind), confidences are rounded as stored (4 places), units come in post order and relations by
    their ends, and of two relations with the same ends and kind the later one is kept, as the store does.

    Args:
        thread (Thread): the thread as read.
        extraction (Extraction): what was found in it (``Extractor.extract``, or a curated map's own).

    Returns:
        GraphData: the thread, its posts, units and relations (no quotes, evidence or library links).
    """
    post_ids = {p.external_id: thread.post_id(p.external_id) for p in thread.posts}
    position = {post_ids[p.external_id]: n for n, p in enumerate(thread.posts)}
    depth = thread.post_depths()
    posts = [PostInfo(id=post_ids[post.external_id], external_id=post.external_id, thread=thread.id,
                      parent=post_ids.get(post.parent) if post.parent else None, author=post.author,
                      created_at=post.created_at, title=post.title, url=post.url, depth=depth[post.external_id],
                      text=post.text, official=post.official) for post in thread.posts]
    unit_ids = [unit.id(thread.key) for unit in extraction.units]
    units = sorted((UnitInfo(id=uid, post=post_ids[unit.post], thread=thread.id, kind=unit.kind, text=unit.text,
                             start=unit.start, end=unit.end, confidence=round(unit.confidence, 4),
                             model=unit.source, reason=unit.reason, topics=sorted(set(unit.topics)))
                    for uid, unit in zip(unit_ids, extraction.units, strict=True)),
                   key=lambda u: (position.get(u.post, 0), u.start))
    relations: dict[str, RelationInfo] = {}
    for rel in extraction.relations:
        rid = rel.id(unit_ids)
        relations.pop(rid, None)  # the later of two alike wins, as in the store
        relations[rid] = RelationInfo(id=rid, thread=thread.id, source=unit_ids[rel.source],
                                      target=unit_ids[rel.target], kind=rel.kind,
                                      confidence=round(rel.confidence, 4), model=rel.model, reason=rel.reason)
    order = {u.id: n for n, u in enumerate(units)}
    info = ThreadInfo(id=thread.id, key=thread.key, format=thread.format, source=thread.source, title=thread.title,
                      url=thread.url, posts=len(posts), units=len(units), relations=len(relations),
                      missing=thread.missing, ingested_at=datetime.now(UTC))
    return GraphData(threads=[info], posts=posts, units=units, relations=sorted(
        relations.values(), key=lambda r: (order.get(r.source, 0), order.get(r.target, 0), r.kind)))


def thread_graph(thread: Thread, extraction: Extraction, *, min_confidence: float = 0.0) -> nx.DiGraph:
    """The argument graph of a thread read and extracted in memory: what :func:`build_graph` gives for it once
    stored (same node ids, edge ids and attributes), with no database.

    Args:
        thread (Thread): the thread as read.
        extraction (Extraction): what was found in it.
        min_confidence (float): see :func:`build_graph`.

    Returns:
        nx.DiGraph: see :func:`build_graph`.
    """
    return build_graph(graph_data_of(thread, extraction), min_confidence=min_confidence)


def check_min_confidence(min_confidence: float) -> None:
    """Refuse a confidence threshold outside 0..1 (for maps here, and for exports, which keep relations alike).

    Raises:
        QueryError: ``min_confidence`` is not between 0 and 1 (a value that cannot mean anything, as a negative
            ``--depth`` or ``--min-score``; :class:`NotFound` is for what the database does not hold).
    """
    given: object = min_confidence  # min_confidence="0.5" failed as "'<=' not supported between ..."
    if isinstance(given, bool) or not isinstance(given, numbers.Real):
        raise QueryError(f"min_confidence={given!r}: give a number between 0 and 1")
    if not 0.0 <= min_confidence <= 1.0:
        raise QueryError(f"--min-confidence must be between 0 and 1, not {min_confidence}")


def select(
    graph: nx.DiGraph,
    *,
    thread: str | None = None,
    topic: str | None = None,
    claim: str | None = None,
    hops: int = DEFAULT_HOPS,
    keep_isolated_other: bool = False,
    min_confidence: float = 0.0,
    authors: Collection[str] | None = None,
) -> nx.DiGraph:
    """The part of ``graph`` a map shows (a copy; ``graph`` is left as it is).

    Args:
        graph (nx.DiGraph): from :func:`build_graph`.
        thread (str | None): keep the units of this thread id only.
        topic (str | None): keep units about this (:func:`argmap.store.search.topic_matcher`: a topic key
            that answers it as ``claims --topic`` matches keys, or every word of it in the text as a whole word),
            with the units they are directly related to, so that every kept unit is shown with its context.
        claim (str | None): keep the units within ``hops`` relations (either direction) of this unit id.
        hops (int): see ``claim``.
        keep_isolated_other (bool): ``other`` units (greetings, thanks, edit notes) without any relation are
            left out unless this is true.
        min_confidence (float): leave out relations less confident than this (0..1) before anything is
            selected, so that a topic's context and a claim's neighbourhood follow the surer relations only;
            their units stay.
        authors (Collection[str] | None): keep only the units of these authors (any case) and the relations
            between them, before anything else is selected: a topic's context and a claim's neighbourhood are
            then found among their units alone (the exchange around ``claim``), not through a third person's.

    Returns:
        nx.DiGraph: the selected subgraph, with ``graph.graph`` copied.

    Raises:
        NotFound: ``claim`` is not a unit of the graph (or not one of ``authors``').
        QueryError: ``hops`` is negative, or ``min_confidence`` is not between 0 and 1.
    """
    check_min_confidence(min_confidence)
    full = graph
    if min_confidence > 0:
        graph = nx.subgraph_view(graph, filter_edge=lambda u, v: full.edges[u, v]["confidence"] >= min_confidence)
    if authors is not None:
        # A view, not a filter of ``keep`` below: a claim's hops must not reach through a third person's units.
        wanted = {a.casefold() for a in authors}
        graph = nx.subgraph_view(graph, filter_node=lambda n: str(full.nodes[n].get("author") or "").casefold()
                                 in wanted)
    keep: set[str] = set(graph.nodes)
    if thread is not None:
        keep = {n for n in keep if graph.nodes[n].get("thread") == thread}
    if topic is not None:
        about = topic_matcher(topic)
        hits = {n for n in keep if about(graph.nodes[n].get("topics", ()), str(graph.nodes[n].get("text", "")))}
        context = {m for n in hits for m in (*graph.successors(n), *graph.predecessors(n))}
        keep = hits | (context & keep)
    if claim is not None:
        if claim not in graph:
            raise NotFound(f"no unit {claim!r} in the graph; find unit ids with: argmap search WORDS or argmap "
                           "claims --topic WORDS")
        if hops < 0:
            raise QueryError(f"--hops must be 0 or more, not {hops}")
        near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), claim, cutoff=hops)
        keep &= set(near)
    unlinked = 0
    if not keep_isolated_other:
        kept = len(keep)
        keep = {n for n in keep if graph.nodes[n].get("kind") != "other" or graph.degree(n) > 0}
        unlinked = kept - len(keep)
    # In the graph's own order (threads, then posts and units as stored), not the order of the set ``keep``: a
    # subgraph view of fewer than half the nodes iterates that set, whose order changes from one process to the
    # next (string hashing), and so did a topic map's page and its title's list of threads.
    sub = nx.DiGraph()
    sub.add_nodes_from((n, attrs) for n, attrs in graph.nodes(data=True) if n in keep)
    sub.add_edges_from((u, v, attrs) for u, v, attrs in graph.edges(data=True) if u in keep and v in keep)
    sub.graph.update(full.graph)
    sub.graph["unlinked_other"] = unlinked
    return sub
