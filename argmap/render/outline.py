"""The map as text: a nested outline of its units and relations that a screen reader can read.

The canvas vis-network draws on is a picture to a screen reader. The outline says the same in HTML: each
conclusion (a unit that answers no other) with what answers it nested under it, each answer named by its relation
("supports", "attacks", "is evidence for", "quotes"; "attacks (assumed)" where no word of the answer says how it
stands), its kind and its full text, and so on down. Every unit is
written out once; where a unit answers several others, or would sit deeper than :data:`MAX_DEPTH`, the other
places link to it. The page keeps the outline folded, so that a map of thousands of units is not laid out twice.
"""

from __future__ import annotations

import html

import networkx as nx

from argmap.domain import clip
from argmap.graph.analysis import attacked_note

__all__ = ["MAX_DEPTH", "REFERENCE_CHARS", "RELATION_WORDS", "outline_html"]

#: Lists nest at most this deep (a screen reader says each level); a deeper unit starts a list of its own, linked.
MAX_DEPTH = 6
#: A link to a unit written out elsewhere quotes this many characters of it.
REFERENCE_CHARS = 60
#: How an answer relates to the unit it is nested under, by the relation's kind.
RELATION_WORDS = {"support": "supports", "attack": "attacks", "evidence": "is evidence for", "quote": "quotes"}


def _isolated(text: str) -> str:
    """``text`` escaped, in a ``<bdi>`` unless it is ASCII: Arabic or Hebrew keeps its direction without pulling what
    follows into its run, and the outline of a large map in Latin script has thousands of elements fewer."""
    return html.escape(text) if text.isascii() else f"<bdi>{html.escape(text)}</bdi>"


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= REFERENCE_CHARS else clip(words, REFERENCE_CHARS - 1).rstrip() + "…"


def outline_html(graph: nx.DiGraph) -> str:
    r"""The graph as nested HTML lists (``<ul>`` of ``<li>``), every value from a post escaped.

    Conclusions come first, in the graph's order (those something answers before those nothing does), each with
    the units answering it nested under it. Linear in the size of the graph and without recursion.

    Args:
        graph (nx.DiGraph): from :func:`argmap.graph.build.build_graph`; an edge ``(a, b)`` is ``a``
            answering ``b``.

    Returns:
        str: the markup, ``""`` for an empty graph. Unit number ``i`` (in the graph's order) has the id ``o<i>``.

    Example:
        >>> g = nx.DiGraph()
        >>> g.add_node("c", kind="claim", text="Ban cars.")
        >>> g.add_node("p", kind="premise", text="Air improves.")
        >>> g.add_edge("p", "c", kind="support")
        >>> print(outline_html(g).replace("<ul><li", "\n<ul><li"))
        <BLANKLINE>
        <ul><li id="o0">claim: Ban cars.
        <ul><li id="o1">supports · premise: Air improves.</li></ul></li></ul>
    """
    order = {node: i for i, node in enumerate(graph.nodes)}
    # Conclusions something answers first, then lone units; units only in a cycle of answers come last.
    roots = [n for n in graph if graph.out_degree(n) == 0 and graph.in_degree(n)]
    roots += [n for n in graph if graph.out_degree(n) == 0 and not graph.in_degree(n)]
    roots += list(graph)
    written: set[str] = set()
    out: list[str] = []
    esc = html.escape

    def head(node: str) -> str:
        attrs = graph.nodes[node]
        attacked = attacked_note(graph, node)
        text = " ".join(str(attrs.get("text", "")).split())
        said = f"{esc(str(attrs.get('kind') or 'unit'))}: {_isolated(text)}"
        return said + (f" ({attacked})" if attacked else "")

    def reference(node: str) -> str:
        attrs = graph.nodes[node]
        return (f"{esc(str(attrs.get('kind') or 'unit'))} <a href=\"#o{order[node]}\">"
                f"“{_isolated(_excerpt(str(attrs.get('text', ''))))}”</a>")

    # A stack of (node, relation word, depth), or None where a unit's list of answers closes.
    for root in roots:
        if root in written:
            continue
        stack: list[tuple[str, str, int] | None] = [(root, "", 0)]
        while stack:
            item = stack.pop()
            if item is None:
                out.append("</ul></li>")
                continue
            node, word, depth = item
            prefix = f"{word} · " if word else ""
            if node in written or depth > MAX_DEPTH:
                out.append(f"<li>{prefix}{reference(node)}</li>")
                if node not in written:
                    roots.append(node)  # written out at the top level, where it starts a list of its own
                continue
            written.add(node)
            answers = sorted(graph.predecessors(node), key=order.__getitem__)
            out.append(f'<li id="o{order[node]}">{prefix}{head(node)}')
            if not answers:
                out.append("</li>")
                continue
            out.append("<ul>")
            stack.append(None)
            for other in reversed(answers):
                edge = graph.edges[other, node]
                kind = str(edge.get("kind", ""))
                word = RELATION_WORDS.get(kind, kind or "answers") + (" (assumed)" if edge.get("assumed") else "")
                stack.append((other, esc(word), depth + 1))
    return f"<ul>{''.join(out)}</ul>" if out else ""
