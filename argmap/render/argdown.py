"""The argument graph as Argdown text (https://argdown.org), for the Argdown tools and editors.

Claims (and rebuttals, quotes) are statements, ``[Title]: text``; premises and evidence are arguments,
``<Title>: text``. Each main claim opens a relation tree; under it, indented, what answers it:
``<+`` supports, ``<-`` attacks, nested as deep as the map goes. A unit met a second time is mentioned by
its title only, so cycles end. A unit that answers nothing and that nothing answers is listed on its own.
Titles are short, unique and made of the unit's first words; the thread title is the document's title.

Text is kept as it is: Argdown's special characters in it (brackets, angle brackets, ``#``, ``@``, ``*``,
``_``, ``{}``, backticks, backslashes, the slashes of ``//`` and ``/*``, and a dot or colon that would open a
special-character name such as ``.A.`` (∀) or ``:+1:``) are escaped with a backslash,
which Argdown reads back as the character. Units of kind ``other`` (greetings, thanks, edit notes) are not
arguments: they are left out of the statements and relations and listed at the end as ``//`` comments.
"""

from __future__ import annotations

import re

import networkx as nx

from argmap.graph.analysis import main_claims

__all__ = ["ARGUMENT_KINDS", "LEFT_OUT_KINDS", "to_argdown"]

#: Units written as arguments (``<Title>``); claims, rebuttals and quotes are statements (``[Title]``).
ARGUMENT_KINDS = ("premise", "evidence")
#: Units that are no part of the argument: left out of it, their text given as comments at the end.
LEFT_OUT_KINDS = ("other",)
_MARK = {"support": "<+", "evidence": "<+", "attack": "<-", "quote": "<+"}
_TITLE_WORDS = 6
# Characters that start Argdown syntax inside a line (tags, mentions, brackets, emphasis, escapes), a slash
# that starts a comment (``//``, ``/*``), and a dot or colon that opens a special-character name: Argdown
# reads ``.A.`` as ∀, ``.E.`` as ∃, ``:+1:`` as 👍, and any run from a dot to the next dot without a space
# (``$2.75)[0].``) as one such name, in which it no longer undoes escapes.
_SPECIAL = re.compile(r"[\[\]<>#@*_{}`\\]|/(?=[/*])|\.(?=\S+\.)|:(?=\S+:)")


def _clean(text: str) -> str:
    """One line of text with Argdown's special characters escaped, so that Argdown reads the text back as is."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split())) or "…"


def _titles(graph: nx.DiGraph) -> dict[str, str]:
    titles: dict[str, str] = {}
    used: set[str] = set()
    for node, text in graph.nodes(data="text"):
        words = re.sub(r"[^\w' -]", " ", str(text or "")).split()
        base = " ".join(words[:_TITLE_WORDS]) or "Unit"
        title, n = base, 2
        while title.lower() in used:
            title, n = f"{base} {n}", n + 1
        used.add(title.lower())
        titles[node] = title
    return titles


def _ref(graph: nx.DiGraph, node: str, titles: dict[str, str]) -> str:
    title = titles[node]
    return f"<{title}>" if graph.nodes[node].get("kind") in ARGUMENT_KINDS else f"[{title}]"


def to_argdown(graph: nx.DiGraph, *, title: str | None = None) -> str:
    """Argdown text for ``graph`` (from :func:`argmap.graph.build.build_graph`).

    Args:
        graph (nx.DiGraph): the argument graph.
        title (str | None): the document's title; the thread titles when ``None``.

    Returns:
        str: the Argdown document, ending with a newline.
    """
    left_out = [n for n, kind in graph.nodes(data="kind") if kind in LEFT_OUT_KINDS]
    whole = graph
    graph = nx.DiGraph(graph.subgraph(set(graph) - set(left_out)))  # and their relations with them
    titles = _titles(graph)
    heading = title or ", ".join(str(t) for t in dict(whole.graph.get("threads", {})).values()) or "Argument map"
    # The front matter is YAML: a double-quoted string holds any title ("Ask HN: ...").
    quoted = " ".join(heading.split()).replace("\\", "\\\\").replace('"', '\\"')
    lines = ["===", f'title: "{quoted}"', "===", ""]
    written: set[str] = set()
    order = {n: i for i, n in enumerate(graph.nodes)}
    # Conclusions first: claims that point at nothing and that others answer.
    tops = [n for n in main_claims(graph) if graph.out_degree(n) == 0]
    tops += [n for n in graph.nodes if graph.out_degree(n) == 0 and graph.in_degree(n) > 0 and n not in tops]
    tops += sorted((n for n in graph.nodes if graph.degree(n) > 0), key=order.__getitem__)
    for top in tops:
        if top in written:
            continue
        lines.append(f"{_ref(graph, top, titles)}: {_clean(str(graph.nodes[top].get('text', '')))}")
        written.add(top)
        stack = [(child, top, 1) for child in sorted(graph.predecessors(top), key=order.__getitem__, reverse=True)]
        while stack:
            node, parent, depth = stack.pop()
            mark = _MARK.get(str(graph.edges[node, parent].get("kind", "support")), "<+")
            ref = _ref(graph, node, titles)
            if node in written:
                lines.append(f"{'    ' * depth}{mark} {ref}")
                continue
            lines.append(f"{'    ' * depth}{mark} {ref}: {_clean(str(graph.nodes[node].get('text', '')))}")
            written.add(node)
            kids = sorted(graph.predecessors(node), key=order.__getitem__, reverse=True)
            stack.extend((kid, node, depth + 1) for kid in kids)
        lines.append("")
    for node in graph.nodes:
        if node not in written:
            lines.append(f"{_ref(graph, node, titles)}: {_clean(str(graph.nodes[node].get('text', '')))}")
            lines.append("")
    if left_out:  # a line comment runs to the end of its line: the text needs no escaping there
        lines.append(f"// {len(left_out)} unit{'s' * (len(left_out) != 1)} of kind other (greetings, thanks, "
                     "edit notes) left out of the argument:")
        lines.extend(f"// {' '.join(str(whole.nodes[n].get('text', '')).split())}" for n in left_out)
    return "\n".join(lines).rstrip("\n") + "\n"
