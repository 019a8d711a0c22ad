"""The argument graph as Argdown text (https://argdown.org), for the Argdown tools and editors.

Claims (and rebuttals, quotes) are statements, ``[Title]: text``; premises and evidence are arguments,
``<Title>: text``. Each main claim opens a relation tree; under it, indented, what answers it:
``<+`` supports, ``<-`` attacks, nested up to :data:`MAX_NESTING` levels, where a unit opens a tree of its own,
headed by its title, for what answers it. A unit met a second time is mentioned by its title only, so cycles
end. A unit that answers nothing and that nothing answers is listed on its own. Titles are short, unique and made
of the unit's first words (never opening with a dash, which an Argdown reference cannot); the thread title is
the document's title.

Text is kept as it is: Argdown's special characters in it (brackets, angle brackets, ``#``, ``@``, ``*``,
``_``, ``{}``, backticks, backslashes, the slashes of ``//`` and ``/*``, and a dot or colon that would open a
special-character name such as ``.A.`` (∀) or ``:+1:``) are escaped with a backslash,
which Argdown reads back as the character. Units of kind ``other`` (greetings, thanks, edit notes) are not
arguments: they are left out of the statements and relations and listed at the end as ``//`` comments.

The trees draw one relation per pair of units (the graph's). After them every relation is written again, one
line each, under its target, with where it comes from as Argdown data on the line:
``{argmap: {relations: {"<id>": {source, target, kind, confidence, model, reason}}}}``. Argdown gives the
data to the source statement or argument and merges it by key, so each relation keeps its own entry. Argdown
has only supports and attacks: argmap's support, evidence and quote are all ``<+``, and Argdown reads two of
them between the same units as one support; a ``//`` comment says so where it happens, and both entries stay
in the data. A support and an attack between the same units stay two relations.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from collections.abc import Iterable, Mapping

import networkx as nx

from argmap.graph.analysis import main_claims
from argmap.store.models import RelationInfo

__all__ = ["ARGUMENT_KINDS", "LEFT_OUT_KINDS", "MAX_NESTING", "PROVENANCE", "to_argdown"]

#: Units written as arguments (``<Title>``); claims, rebuttals and quotes are statements (``[Title]``).
ARGUMENT_KINDS = ("premise", "evidence")
#: Units that are no part of the argument: left out of it, their text given as comments at the end.
LEFT_OUT_KINDS = ("other",)
_MARK = {"support": "<+", "evidence": "<+", "attack": "<-", "quote": "<+"}
_TITLE_WORDS = 6
# Characters that start Argdown syntax inside a line (tags, mentions, brackets, emphasis, escapes), a slash
# that starts a comment (``//``, ``/*``), and a dot or colon that opens a special-character name: Argdown
# reads ``.A.`` as ∀, ``.E.`` as ∃, ``:+1:`` as 👍, and any run from a dot to the next dot without a space
# (``$2.75)[0].``) as one such name, in which it no longer undoes escapes; and a run of equals signs, since
# ``===`` opens or closes the front matter wherever it stands ("3 === 3" in a unit made the file unreadable).
# The look-aheads are lazy: each stops at the next dot or colon, where a greedy one ran to the end of the word
# from every dot in it (a unit of 100,000 colons took 13 s).
_SPECIAL = re.compile(r"[\[\]<>#@*_{}`\\]|/(?=[/*])|\.(?=\S+?\.)|:(?=\S+?:)|=(?==)|(?<==)=")


def _clean(text: str) -> str:
    """One line of text with Argdown's special characters escaped, so that Argdown reads the text back as is."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split())) or "…"


# Characters a YAML double-quoted string must not hold as they are (C1 controls, line and paragraph separators,
# a byte order mark, surrogates, non-characters); braces, which end Argdown's data where one stands before a space;
# and brackets, since Argdown reads "[Title] {... [x]:" or "<Title> {... x>:" as one long title being defined.
# Each is written as a \u escape, which YAML reads back as the character.
_YAML_ESCAPE = re.compile("[{}\\[\\]<>\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
#: What each relation carries into the Argdown data, in this order (the keys of a relation of ``to_json``).
PROVENANCE = ("source", "target", "kind", "confidence", "model", "reason")


def _yaml(value: object) -> str:
    """``value`` as a YAML flow scalar: a finite number as it is, anything else a double-quoted string."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return json.dumps(value)
    quoted = json.dumps(str(value), ensure_ascii=False)  # JSON's escapes are YAML's too
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _data(relation: Mapping[str, object]) -> str:
    """The Argdown data of one relation line: its provenance under its id."""
    fields = ", ".join(f"{key}: {_yaml(relation[key])}" for key in PROVENANCE if relation.get(key) is not None)
    return f"{{argmap: {{relations: {{{_yaml(relation['id'])}: {{{fields}}}}}}}}}"


def _titles(graph: nx.DiGraph) -> dict[str, str]:
    titles: dict[str, str] = {}
    used: set[str] = set()
    # The number each title's next copy tries first: counting up from 2 again for every copy took 46 s for a thread
    # of 20,000 "I agree with you completely" (each copy walked past all the titles taken before it).
    following: dict[str, int] = {}
    for node, text in graph.nodes(data="text"):
        words = re.sub(r"[^\w' -]", " ", str(text or "")).split()
        # Argdown reads "[-x]" and "<-x>" as no reference (the dash could open "<-"): a title that began with a
        # dash ("--no-preserve-root", "-u") was defined, but its relation lines made untitled statements
        base = " ".join(words[:_TITLE_WORDS]).lstrip("- ") or "Unit"
        title, n = base, following.get(base.lower(), 2)
        while title.lower() in used:
            title, n = f"{base} {n}", n + 1
        following[base.lower()] = n
        used.add(title.lower())
        titles[node] = title
    return titles


MAX_NESTING = 100
"""How deep a relation tree nests before a unit opens a tree of its own (by its title) for what answers it: the
Argdown parser runs out of stack between 200 and 400 levels, and a reply chain of 2,000 posts nested 2,000 deep
(a 9 MB file, 4 MB of it indentation)."""


def _ref(graph: nx.DiGraph, node: str, titles: dict[str, str]) -> str:
    title = titles[node]
    return f"<{title}>" if graph.nodes[node].get("kind") in ARGUMENT_KINDS else f"[{title}]"


_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def to_argdown(graph: nx.DiGraph, *, title: str | None = None,
               relations: Iterable[RelationInfo] | None = None) -> str:
    """Argdown text for ``graph`` (from :func:`argmap.graph.build.build_graph`).

    Args:
        graph (nx.DiGraph): the argument graph.
        title (str | None): the document's title; the thread titles when ``None``.
        relations (Iterable[RelationInfo] | None): every relation, parallel ones too (a support and an evidence
            link between the same two units), each listed with its provenance after the trees; those between
            units the graph does not join are passed over. ``None`` lists the graph's edges that have an ``id``.

    Returns:
        str: the Argdown document, ending with a newline.
    """
    left_out = [n for n, kind in graph.nodes(data="kind") if kind in LEFT_OUT_KINDS]
    whole = graph
    graph = nx.DiGraph(graph.subgraph(set(graph) - set(left_out)))  # and their relations with them
    titles = _titles(graph)
    heading = title or ", ".join(str(t) for t in dict(whole.graph.get("threads", {})).values()) or "Argument map"
    # The front matter is YAML: a double-quoted string holds any title ("Ask HN: ...").
    # A control character in it (an ESC in a thread's title) is no character YAML may hold, even quoted: U+FFFD, as
    # the GraphML export writes it.
    quoted = _NOT_YAML.sub("\ufffd", " ".join(heading.split())).replace("\\", "\\\\").replace('"', '\\"')
    lines = ["===", f'title: "{quoted}"', "===", ""]
    written: set[str] = set()
    order = {n: i for i, n in enumerate(graph.nodes)}
    # Conclusions first: claims that point at nothing and that others answer.
    tops = [n for n in main_claims(graph) if graph.out_degree(n) == 0]
    tops += [n for n in graph.nodes if graph.out_degree(n) == 0 and graph.in_degree(n) > 0 and n not in tops]
    tops += sorted((n for n in graph.nodes if graph.degree(n) > 0), key=order.__getitem__)
    # A unit this deep in a tree opens a tree of its own, headed by its title alone, for what answers it.
    continued: list[str] = []
    trees = deque((top, True) for top in tops)
    while trees:
        top, first = trees.popleft()
        if first and top in written:
            continue
        header = _ref(graph, top, titles)
        lines.append(f"{header}: {_clean(str(graph.nodes[top].get('text', '')))}" if first else header)
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
            if depth >= MAX_NESTING and kids:
                continued.append(node)
            else:
                stack.extend((kid, node, depth + 1) for kid in kids)
        lines.append("")
        trees.extendleft((node, False) for node in reversed(continued))  # next, before any other unit takes them up
        continued = []
    for node in graph.nodes:
        if node not in written:
            lines.append(f"{_ref(graph, node, titles)}: {_clean(str(graph.nodes[node].get('text', '')))}")
            lines.append("")
    lines.extend(_provenance(graph, titles, relations))
    if left_out:  # a line comment runs to the end of its line: the text needs no escaping there
        lines.append(f"// {len(left_out)} unit{'s' * (len(left_out) != 1)} of kind other (greetings, thanks, "
                     "edit notes) left out of the argument:")
        lines.extend(f"// {' '.join(str(whole.nodes[n].get('text', '')).split())}" for n in left_out)
    return "\n".join(lines).rstrip("\n") + "\n"


def _provenance(graph: nx.DiGraph, titles: dict[str, str], relations: Iterable[RelationInfo] | None) -> list[str]:
    """Every relation again, one line each under its target (as a reference), with its provenance as data."""
    if relations is None:
        listed: list[dict[str, object]] = [{**attrs, "source": u, "target": v}
                                           for u, v, attrs in graph.edges(data=True) if attrs.get("id") is not None]
    else:
        listed = [r.model_dump(include={"id", *PROVENANCE}) for r in relations if graph.has_edge(r.source, r.target)]
    if not listed:
        return []
    incoming: dict[str, dict[tuple[str, str], list[dict[str, object]]]] = {}
    for relation in listed:
        pair = (str(relation["source"]), _MARK.get(str(relation.get("kind", "support")), "<+"))
        # within a target, one source's relations of one Argdown type side by side: Argdown joins those
        incoming.setdefault(str(relation["target"]), {}).setdefault(pair, []).append(relation)
    lines = ["// Every relation, one line each under its target, with where it comes from in the data of the line:",
             "// {argmap: {relations: {id: {source, target, kind, confidence, model, reason}}}} (unit ids as in the",
             "// JSON export)."]
    order = {n: i for i, n in enumerate(graph.nodes)}
    for target in sorted(incoming, key=order.__getitem__):
        lines.append(_ref(graph, target, titles))
        for (source, mark), group in incoming[target].items():
            for n, relation in enumerate(group):
                if n:
                    lines.append(f"    // Argdown has one {'support' if mark == '<+' else 'attack'}: it reads the "
                                 f"next line ({' '.join(str(relation.get('kind')).split())}) and the one above as "
                                 "one relation; the data keeps both")
                lines.append(f"    {mark} {_ref(graph, source, titles)} {_data(relation)}")
        lines.append("")
    return lines
