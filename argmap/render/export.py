"""Interchange formats: the argmap JSON graph (stable, documented in the README), GraphML, DOT, CSV, a
Markdown report, and (in their own modules) AIF and Argdown.

``to_json`` turns stored graph data into plain dictionaries:

- ``posts``: ``{id, external_id, thread, parent, author, created_at, title, url, text, official}``;
  ``created_at`` is ISO 8601 in UTC or ``null``; ``official`` is ``true`` for a post the platform marks as its
  staff's or moderators' own, else ``false``
- ``units``: ``{id, post, kind, text, start, end, confidence, model, reason, topics}``; ``start``/``end`` are
  character offsets into the post's ``text``, ``topics`` the unit's topic keys, sorted
- ``relations``: ``{id, source, target, kind, confidence, model, reason, assumed}``; ``source``/``target`` are unit
  ids, ``kind`` is ``support``, ``attack`` or ``evidence``; ``assumed`` is ``true`` for an attack only by default
  (no word of the answer agrees or disagrees, :func:`argmap.domain.assumed_attack`)
- ``quotes``: ``{post, text, source_post, source_start, source_end, offset}`` (``offset``: where the answer begins)
- ``threads``: ``{id, key, format, source, title, url, posts, units, relations, missing}``; the counts are of
  what is exported (``relations`` counts only the relations kept by a confidence threshold,
  :func:`keep_confident`); ``missing`` counts posts the source listed but did not give
- ``evidence_items``: ``{id, unit, kind, text, start, end, source, source_kind, source_role, source_label, url,
  confidence, model, reason}``: the evidence a unit offers (``kind``: ``link``, ``citation``, ``statistic``,
  ``experience``, ``example`` or ``quotation``); ``start``/``end`` are offsets into the post's ``text``;
  ``source`` is the normalised key of the outside source it points at (``url:...``, ``doi:...``,
  ``arxiv:...``, ``work:...``) or ``null``, ``source_kind`` its kind (``url``, ``doi``, ``arxiv``, ``work``),
  ``source_role`` what it is (:func:`argmap.nlp.evidence.source_role`: ``page``, or a link that is no source),
  ``source_label`` how it is shown, ``url`` a web address for it (a ``url``, ``doi`` or ``arxiv`` source) or
  ``null``
- ``passage_links``: ``{unit, passage, document, document_key, document_title, document_source, position,
  location, start, end, text, score, bm25, rank, stance, model, reason}``: a passage of a library document
  (``argmap evidence add``) that bears on a unit; ``start``/``end`` are offsets into the document's clean
  text, ``location`` where a reader finds it (lines, page, paragraph), ``position`` the passage's place in
  its document (from 0), ``score`` the normalised retrieval score (0..1), ``bm25`` the raw one, ``rank`` the
  link's place among all the unit's links (1 the best)

Both hold only what belongs to the exported units, and a confidence threshold leaves them whole (units all
stay). Every list comes in the same order from SQLite and PostgreSQL: threads newest first, posts thread by
thread, units and quotes in post order, relations by source unit, evidence items by unit then offset, passage
links by unit, best first.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from argmap.config import EXPORT_FORMATS, FORMAT_ALIASES
from argmap.domain import iso_time, shorten
from argmap.graph.analysis import attackers, main_claims, supporters
from argmap.graph.argumentation import exchanges
from argmap.graph.build import build_graph
from argmap.nlp.evidence import source_role
from argmap.render.aif import to_aif
from argmap.render.argdown import to_argdown
from argmap.store.models import EvidenceItemInfo, GraphData, PassageHit, RelationInfo, source_url
from argmap.words import counted

__all__ = ["CSV_COLUMNS", "CSV_FORMULA_STARTS", "EXPORT_FORMATS", "FORMAT_ALIASES", "JSON_VERSION", "export_text",
           "keep_confident", "keep_units", "source_url", "to_csv", "to_dot", "to_graphml", "to_json", "to_markdown"]


JSON_VERSION = 1
"""Bumped when a key is renamed or removed; adding keys does not bump it."""


def to_json(data: GraphData) -> dict[str, Any]:
    """The argmap JSON graph of ``data`` (see the module docstring for the keys)."""
    return {
        "argmap_json": JSON_VERSION,
        "threads": [t.model_dump(mode="json", exclude={"ingested_at"}) for t in data.threads],
        "posts": [p.model_dump(mode="json", exclude={"depth"}) for p in data.posts],
        "units": [u.model_dump(mode="json", exclude={"thread"}) for u in data.units],
        "relations": [r.model_dump(mode="json", exclude={"thread"}) for r in data.relations],
        "quotes": [q.model_dump(mode="json") for q in data.quotes],
        "evidence_items": [_item(i) for i in data.evidence_items],
        "passage_links": [_passage_link(h) for h in data.passage_links],
    }


def _item(item: EvidenceItemInfo) -> dict[str, Any]:
    return {"id": item.id, "unit": item.unit, "kind": item.kind, "text": item.text, "start": item.start,
            "end": item.end, "source": item.source, "source_kind": item.source_kind,
            "source_role": source_role(item.source) if item.source else None,
            "source_label": item.source_label, "url": item.url,
            "confidence": item.confidence, "model": item.model, "reason": item.reason}


def _passage_link(hit: PassageHit) -> dict[str, Any]:
    p = hit.passage
    return {"unit": hit.unit, "passage": p.id, "document": p.document, "document_key": p.document_key,
            "document_title": p.document_title, "document_source": p.document_source, "position": p.position,
            "location": p.location, "start": p.start, "end": p.end, "text": p.text, "score": hit.score,
            "bm25": hit.bm25, "rank": hit.rank, "stance": hit.stance, "model": hit.model, "reason": hit.reason}


def keep_confident(data: GraphData, min_confidence: float) -> GraphData:
    """``data`` with only the relations at least ``min_confidence`` confident, and its threads' counts to match.

    Every unit and post stays. Each thread's ``relations`` then counts the relations exported for it, not those
    stored, so that an export agrees with itself.

    Args:
        data (GraphData): from :func:`argmap.store.repository.load_graph`; left as it is.
        min_confidence (float): the threshold (0..1); 0 keeps everything.

    Returns:
        GraphData: a copy with the surer relations.
    """
    relations = [r for r in data.relations if r.confidence >= min_confidence]
    kept = Counter(r.thread for r in relations)
    threads = [t.model_copy(update={"relations": kept[t.id]}) for t in data.threads]
    return data.model_copy(update={"threads": threads, "relations": relations})


def keep_units(data: GraphData, unit_ids: set[str]) -> GraphData:
    """``data`` cut to some units: the relations between them, the posts that hold them and the posts those answer
    (so that every post's parent is in the export), their quotes, evidence items and passage links, and the
    threads they are in, with counts of what is kept.

    Args:
        data (GraphData): from :func:`argmap.store.repository.load_graph`; left as it is.
        unit_ids (set[str]): the units to keep.

    Returns:
        GraphData: a copy holding those units.
    """
    units = [u for u in data.units if u.id in unit_ids]
    relations = [r for r in data.relations if r.source in unit_ids and r.target in unit_ids]
    parent = {p.id: p.parent for p in data.posts}
    wanted: set[str] = set()
    for held in {u.post for u in units}:
        post: str | None = held
        while post is not None and post not in wanted:  # the post and the posts it answers, up to the first
            wanted.add(post)
            post = parent.get(post)
    posts = [p for p in data.posts if p.id in wanted]
    counted = {name: Counter(row.thread for row in rows)
               for name, rows in (("posts", posts), ("units", units), ("relations", relations))}
    threads = [t.model_copy(update={name: counts[t.id] for name, counts in counted.items()})
               for t in data.threads if counted["posts"][t.id]]
    return data.model_copy(update={
        "threads": threads, "posts": posts, "units": units, "relations": relations,
        "quotes": [q for q in data.quotes if q.post in wanted],
        "evidence_items": [i for i in data.evidence_items if i.unit in unit_ids],
        "passage_links": [h for h in data.passage_links if h.unit in unit_ids],
    })


def _graph(data: GraphData) -> nx.DiGraph:
    return build_graph(data)


def _relations(data: GraphData) -> list[RelationInfo]:
    """Every relation whose two units are in ``data``: the map graph keeps one edge per pair of units, an
    interchange format keeps them all (a support and an evidence link between the same two units are two)."""
    present = {u.id for u in data.units}
    return [r for r in data.relations if r.source in present and r.target in present]


# Characters XML 1.0 cannot hold at all, even escaped (C0 controls other than tab and line ends, surrogates,
# U+FFFE and U+FFFF): a post holding one (a JSON "\u0001", a terminal escape) made the GraphML unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_value(value: object) -> object:
    """``value`` with the characters XML cannot hold replaced by U+FFFD (strings only)."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def to_graphml(data: GraphData) -> str:
    """GraphML with typed attributes (for Gephi, yEd, Neo4j): units as nodes, relations as edges.

    Node attributes (``label`` is the text): ``kind``, ``text``, ``post``, ``post_external_id`` (the source's id
    for the post), ``author``, ``thread``, ``topics``
    (joined with ``"; "``), ``confidence`` (double), ``model``, ``reason``, ``start``/``end`` (int), and
    ``post_url``/``created_at`` where known; edge attributes: ``id``, ``kind``, ``confidence``, ``model``,
    ``reason``, ``assumed`` (boolean: an attack only by default). Missing values are left out, not written empty.
    Every relation is an edge, keyed by its id, so two relations between the same units (a support and an evidence
    link) are two parallel edges.
    """
    graph = nx.MultiDiGraph()
    source = _graph(data)
    for node, attrs in source.nodes(data=True):
        row = {k: v for k, v in attrs.items() if v is not None and k != "thread_title"}
        row["topics"] = "; ".join(attrs.get("topics", []))
        row["label"] = str(attrs.get("text", ""))
        graph.add_node(node, **{k: _xml_value(v) for k, v in row.items()})
    for r in _relations(data):
        attrs = {"id": r.id, "kind": r.kind, "confidence": r.confidence, "model": r.model, "reason": r.reason,
                 "assumed": r.assumed}
        graph.add_edge(r.source, r.target, key=r.id, **{k: _xml_value(v) for k, v in attrs.items() if v is not None})
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graph)
    # A carriage return in a text (an AIF map's "\r\n") came back a line feed: nx.generate_graphml splits its
    # document into lines (at the text's "\r" too) and XML reads a bare one as a line end. As a character reference
    # it stays; the writer's own line ends are line feeds, so every carriage return in the document is the data's.
    body = str(writer).rstrip("\n").replace("\r", "&#13;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _dot_string(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "").replace("\n", "\\n") + '"'


_DOT_NODE = {"claim": ("box", "#dbeafe"), "premise": ("ellipse", "#fef3c7"), "rebuttal": ("box", "#fce7f3"),
             "evidence": ("diamond", "#ede9fe"), "quote": ("note", "#f1f5f9"), "other": ("ellipse", "#f9fafb")}
_DOT_EDGE = {"support": ("#16a34a", "solid"), "attack": ("#dc2626", "dashed"), "evidence": ("#7c3aed", "dotted"),
             "quote": ("#64748b", "dotted")}


def to_dot(data: GraphData) -> str:
    """Graphviz DOT: a ``digraph`` whose nodes are units (shape and fill by kind, label the wrapped text) and
    whose edges are relations (colour and style by kind, the reason as tooltip; id, confidence and model as
    attributes of their own, which Graphviz passes over and scripts read). Render with
    ``dot -Tsvg map.dot > map.svg``.
    """
    import textwrap

    graph = _graph(data)
    lines = ["digraph argmap {", '  graph [rankdir=BT, fontname="Helvetica"];',
             '  node [style="filled,rounded", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for node, attrs in graph.nodes(data=True):
        shape, fill = _DOT_NODE.get(str(attrs.get("kind")), ("ellipse", "#f3f4f6"))
        label = textwrap.fill(textwrap.shorten(str(attrs.get("text", "")), 160, placeholder=" …"), 36)
        lines.append(f"  {_dot_string(node)} [label={_dot_string(label)}, shape={shape}, fillcolor=\"{fill}\", "
                     f"tooltip={_dot_string(attrs.get('text', ''))}, kind={_dot_string(attrs.get('kind', ''))}];")
    for r in _relations(data):  # all of them: DOT draws two relations between the same units as two edges
        color, style = _DOT_EDGE.get(r.kind, ("#6b7280", "solid"))
        lines.append(f"  {_dot_string(r.source)} -> {_dot_string(r.target)} [color=\"{color}\", style={style}, "
                     f"kind={_dot_string(r.kind)}, tooltip={_dot_string(r.reason)}, id={_dot_string(r.id)}, "
                     f"confidence={r.confidence:g}, model={_dot_string(r.model)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


#: The columns of :func:`to_csv`, in order.
CSV_COLUMNS = ("record", "id", "kind", "text", "source", "target", "post", "author", "thread", "topics",
               "confidence", "model", "reason", "start", "end", "post_external_id", "created_at", "assumed")


#: What a spreadsheet runs as a formula when a cell begins with it (OWASP "CSV injection"): ``= + - @``, a tab
#: and a carriage return.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: str) -> str:
    """A text cell a spreadsheet shows as text: one that would start a formula gets a ``'`` in front."""
    return "'" + value if value.startswith(CSV_FORMULA_STARTS) else value


def to_csv(data: GraphData) -> str:
    """One CSV table of units and relations (for spreadsheets): a ``record`` column says which a row is.

    Unit rows fill ``id, kind, text, post, author, thread, topics`` (joined with ``"; "``), ``confidence,
    model, reason``, ``start, end`` (character offsets into the post's text, to align units with other
    annotation), ``post_external_id`` (the id the source gave the post, to join the units to a corpus, as in
    GraphML) and ``created_at`` (when the post was written, as the JSON export writes it, ``2024-03-01T08:00:00Z``;
    empty where the source gave no time); relation rows fill ``id, kind, source, target`` (unit ids), ``text``
    (the source unit's text), ``thread, confidence, model, reason`` and ``assumed`` (``true`` for an attack only
    assumed, no word of the answer agreeing or disagreeing, else ``false``; empty in a unit's row). Text from the
    threads would otherwise run in Excel, LibreOffice or Google Sheets: every cell but ``confidence`` (a number,
    written as it is) that begins with one of :data:`CSV_FORMULA_STARTS` is written with a ``'`` in front. The JSON
    export has the exact text.
    """
    posts = {p.id: p for p in data.posts}
    texts = {u.id: u.text for u in data.units}
    buffer = io.StringIO()
    # Lines end "\r\n" here, so that the writer quotes a field holding a lone carriage return: with "\n" Python
    # before 3.13 writes it bare, and a spreadsheet or csv.reader then breaks the row there. Rows end "\n".
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")

    def line(row: dict[str, object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()[:-2]

    def post_fields(post_id: str) -> dict[str, object]:
        post = posts.get(post_id)
        if post is None:
            return {"author": "", "post_external_id": "", "created_at": ""}
        return {"author": post.author or "", "post_external_id": post.external_id,
                "created_at": iso_time(post.created_at) or ""}

    units: Iterable[dict[str, object]] = (
        {"record": "unit", "id": u.id, "kind": u.kind, "text": u.text, "post": u.post, "thread": u.thread,
         "topics": "; ".join(u.topics), "confidence": u.confidence, "model": u.model, "reason": u.reason,
         "start": u.start, "end": u.end, **post_fields(u.post)}
        for u in data.units)
    relations: Iterable[dict[str, object]] = (
        {"record": "relation", "id": r.id, "kind": r.kind, "text": texts.get(r.source, ""), "source": r.source,
         "target": r.target, "thread": r.thread, "confidence": r.confidence, "model": r.model, "reason": r.reason,
         "assumed": "true" if r.assumed else "false"}
        for r in data.relations)
    header = line(dict(zip(CSV_COLUMNS, CSV_COLUMNS, strict=True)))
    body = (line({k: _csv_text(v) if isinstance(v, str) else v for k, v in row.items()})
            for row in itertools.chain(units, relations))
    return "\n".join([header, *body]) + "\n"


#: How many main claims per topic, and attacks/supports per claim, the Markdown report lists.
REPORT_CLAIMS = 5
REPORT_ANSWERS = 3
#: How many pairs of authors trading attacks the Markdown report names (``argmap analyze`` lists more).
REPORT_EXCHANGES = 5
#: How many characters of a library passage the Markdown report quotes.
REPORT_PASSAGE = 200


# C0 and C1 control characters (those str.split leaves): a Markdown viewer shows none of them, and printed to a
# terminal (export --format md, on standard output) a post's ESC[2J cleared the screen and ESC[31m turned it red.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _md(text: object) -> str:
    """Untrusted text as one Markdown line, shown as written: no HTML, no headings or lists started by it, and no
    character reference ("&lt;b&gt;" was shown as "<b>", "AT&amp;T" as "AT&T") or strikethrough ("~~x~~") read
    in it; a control character is U+FFFD, as the GraphML export writes it."""
    line = _CONTROLS.sub("\ufffd", " ".join(str(text).split()))
    for char in "\\`*_[]<>#|&~":
        line = line.replace(char, "\\" + char)
    return line


def to_markdown(data: GraphData, *, top: int | None = None) -> str:
    """A Markdown report of the debate: an overview of counts; who argues with whom (the pairs of authors trading
    the most attacks, :func:`argmap.graph.argumentation.exchanges`); then per topic its main claims (each with its
    author and unit id, in code) with their strongest attacks and supports (each with its author), the evidence
    given, the outside sources the claim and that evidence cite (``source:``, with a web address where there is
    one) and the library passages linked to the claim (``library, <stance>:``, best first).

    Args:
        data (GraphData): what to report.
        top (int | None): only the ``top`` most discussed topics (a report short enough to paste; a line says how
            many more there are); every topic when ``None``.

    Returns:
        str: the report.
    """
    graph = _graph(data)
    titles = [t.title or t.key for t in data.threads]
    kinds: dict[str, int] = {}
    for _node, kind in graph.nodes(data="kind"):
        kinds[str(kind)] = kinds.get(str(kind), 0) + 1
    rel_kinds: dict[str, int] = {}
    relations = _relations(data)
    for relation in relations:
        rel_kinds[relation.kind] = rel_kinds.get(relation.kind, 0) + 1
    out = [f"# {_md(', '.join(titles) or 'Argument map')}", "",
           f"{counted(len(data.posts), 'post')}, {counted(graph.number_of_nodes(), 'unit')} "
           f"({', '.join(f'{n:,} {k}' for k, n in sorted(kinds.items())) or 'none'}), "
           f"{counted(len(relations), 'relation')} "
           f"({', '.join(f'{n:,} {k}' for k, n in sorted(rel_kinds.items())) or 'none'}).", ""]
    claims = main_claims(graph)
    items: dict[str, list[EvidenceItemInfo]] = {}
    for item in data.evidence_items:
        items.setdefault(item.unit, []).append(item)
    given: dict[str, list[str]] = {}
    for relation in relations:
        if relation.kind == "evidence":
            given.setdefault(relation.target, []).append(relation.source)
    passages: dict[str, list[PassageHit]] = {}
    for hit in data.passage_links:
        passages.setdefault(hit.unit, []).append(hit)
    # How many units each topic is a topic of, counted once (counting it again for each topic of each claim was
    # most of the time a report of thousands of units took).
    weight = Counter(t for _n, topics in graph.nodes(data="topics") if topics for t in set(topics))
    by_topic: dict[str, list[str]] = {}
    for claim in claims:
        topics = graph.nodes[claim].get("topics") or []
        # A claim goes under its most frequent topic, so each claim appears once.
        by_topic.setdefault(max(topics, key=lambda t: (weight[t], t)) if topics else "", []).append(claim)
    ordered = sorted(by_topic, key=lambda t: (t == "", -sum(graph.in_degree(c) for c in by_topic[t]), t))
    # Who argues with whom, first: what a moderator reads a report of a heated debate for.
    pairs = exchanges(graph, top=REPORT_EXCHANGES)
    if pairs:
        out.extend(["## Who argues with whom", ""])
        for e in pairs:
            back = f", {e.second_attacks} back" if e.second_attacks else ", none back"
            where = f" in {_md(e.thread_title or e.thread)}" if len(data.threads) > 1 else ""
            out.append(f"- **{_md(e.first)}** attacked **{_md(e.second)}** "
                       f"{counted(e.first_attacks, 'time')}{back}{where} (most attacked: `{e.unit}`)")
        out.append("")
    out.append("## Main claims")
    out.append("")
    left = ordered[top:] if top is not None else []
    for topic in ordered[:top]:
        out.append(f"### {_md(topic) if topic else 'Other'}")
        out.append("")
        for claim in by_topic[topic][:REPORT_CLAIMS]:
            attrs = graph.nodes[claim]
            who = f" ({_md(attrs['author'])})" if attrs.get("author") else ""
            # The unit id, so that a reader of the report can follow the claim: argmap show ID, argmap track ID.
            out.append(f"- **{_md(attrs.get('text', ''))}**{who} `{claim}`")
            for label, units in (("attacked by", attackers(graph, claim)), ("supported by",
                                 [u for u in supporters(graph, claim) if graph.nodes[u].get("kind") != "evidence"])):
                for unit in units[:REPORT_ANSWERS]:
                    conf = float(graph.edges[unit, claim].get("confidence", 0.0))
                    guess = "assumed, " if graph.edges[unit, claim].get("assumed") else ""
                    # Who answered, as the claim says who made it: a report of a debate is read for who said what.
                    by = graph.nodes[unit].get("author")
                    out.append(f"  - {label}: {_md(graph.nodes[unit].get('text', ''))}{f' ({_md(by)})' if by else ''}"
                               f" *({guess}confidence {conf:.2f})*")
            # The map keeps one edge per pair of units, a support before evidence: the relations say which
            # units give evidence for the claim besides supporting it.
            evidence = list(dict.fromkeys([
                *(u for u in graph.predecessors(claim)
                  if graph.nodes[u].get("kind") == "evidence" or graph.edges[u, claim].get("kind") == "evidence"),
                *given.get(claim, [])]))
            for unit in evidence[:REPORT_ANSWERS]:
                out.append(f"  - evidence: {_md(graph.nodes[unit].get('text', ''))}")
            # The outside sources the claim and its evidence point at, each once.
            cited = {i.source: i for u in (claim, *evidence) for i in items.get(u, []) if i.source}
            for key, item in list(cited.items())[:REPORT_ANSWERS]:
                url = source_url(item.source_kind, key, item.source_label)
                said = item.source_label or key
                # A link that is no source says what it is, as `evidence sources` does: "media:", "profile:".
                role = source_role(key)
                out.append(f"  - {'source' if role == 'page' else role}: {_md(said)}"
                           + (f" ({_md(url)})" if url and url != said else ""))
            for hit in passages.get(claim, [])[:REPORT_ANSWERS]:
                where = hit.passage.document_title or hit.passage.document_source
                out.append(f"  - library, {_md(hit.stance)}: {_md(where)}, {_md(hit.passage.location)}: "
                           f"{_md(shorten(hit.passage.text, REPORT_PASSAGE))} *(score {hit.score:.2f})*")
        out.append("")
    if left:  # said, so that a short report is not taken for the whole debate
        out.extend([f"*{counted(len(left), 'more topic')} not shown.*", ""])
    if not claims:
        out.extend(["No claims were found.", ""])
    return "\n".join(out).rstrip("\n") + "\n"


def export_text(data: GraphData, format: str, *, top: int | None = None) -> str:
    """``data`` in one of :data:`EXPORT_FORMATS`, as text (JSON formats pretty-printed); ``top`` cuts the Markdown
    report to its most discussed topics (:func:`to_markdown`) and is ignored by the other formats.

    Raises:
        ValueError: ``format`` is not one of :data:`EXPORT_FORMATS` (callers check first).
    """
    if format == "json":
        return json.dumps(to_json(data), indent=2, ensure_ascii=False) + "\n"
    if format == "aif":
        return json.dumps(to_aif(data), indent=2, ensure_ascii=False) + "\n"
    if format == "argdown":
        return to_argdown(build_graph(data), relations=_relations(data))
    if format == "markdown":
        return to_markdown(data, top=top)
    writers: dict[str, Callable[[GraphData], str]] = {"graphml": to_graphml, "dot": to_dot, "csv": to_csv}
    if format not in writers:
        raise ValueError(f"no export format {format!r}")
    return writers[format](data)
