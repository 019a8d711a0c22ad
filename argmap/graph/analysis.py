"""Small pure measures over an argument graph from :func:`argmap.graph.build.build_graph`.

Edges point the way a relation goes (supporter -> supported, attacker -> attacked), so what a unit receives
are its in-edges.
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx

__all__ = ["attackers", "contested", "main_claims", "supporters", "tree_layout"]

#: Horizontal and vertical distance between neighbouring nodes of :func:`tree_layout`, in vis-network pixels.
X_GAP = 230.0
Y_GAP = 140.0


def _incoming(graph: nx.DiGraph, node: str, kind: str) -> list[str]:
    found = [(s, graph.edges[s, node]) for s in graph.predecessors(node) if graph.edges[s, node].get("kind") == kind]
    found.sort(key=lambda pair: (-float(pair[1].get("confidence", 0.0)), str(pair[0])))
    return [s for s, _ in found]


def attackers(graph: nx.DiGraph, node: str) -> list[str]:
    """The units that attack ``node``, most confident first."""
    return _incoming(graph, node, "attack")


def supporters(graph: nx.DiGraph, node: str) -> list[str]:
    """The units that support ``node`` (support and evidence relations), most confident first."""
    return _incoming(graph, node, "support") + _incoming(graph, node, "evidence")


def contested(graph: nx.DiGraph, node: str) -> int:
    """How contested a unit is: the number of attacks it receives."""
    return sum(1 for s in graph.predecessors(node) if graph.edges[s, node].get("kind") == "attack")


def main_claims(graph: nx.DiGraph, limit: int | None = None) -> list[str]:
    """The claims a debate turns on: claims ordered by how many relations they receive, then attacks.

    Args:
        graph (nx.DiGraph): the argument graph.
        limit (int | None): at most this many; all when ``None``.

    Returns:
        list[str]: unit ids of claims (and rebuttals) that receive at least one relation, or, where none does,
        every claim; ties keep the graph's order.
    """
    claims = [n for n, kind in graph.nodes(data="kind") if kind in ("claim", "rebuttal")]
    received = [n for n in claims if graph.in_degree(n) > 0] or claims
    order = {n: i for i, n in enumerate(graph.nodes)}
    received.sort(key=lambda n: (-graph.in_degree(n), -contested(graph, n), order[n]))
    return received if limit is None else received[:limit]


def _roots(graph: nx.DiGraph, component: set[str], order: dict[str, int]) -> list[str]:
    """Top conclusions: units that point at nothing, the most-answered first."""
    tops = [n for n in component if graph.out_degree(n) == 0]
    if not tops:  # a cycle: start from the most-answered unit
        tops = [max(component, key=lambda n: (graph.in_degree(n), -order[n]))]
    tops.sort(key=lambda n: (-graph.in_degree(n), order[n]))
    return tops


def _tree(graph: nx.DiGraph, component: set[str], order: dict[str, int]) -> tuple[dict[str, list[str]], list[str]]:
    """A spanning forest of the component: each unit hangs under the unit it answers, found breadth first."""
    children: dict[str, list[str]] = {}
    seen: set[str] = set()
    roots: list[str] = []
    for root in _roots(graph, component, order):
        if root in seen:
            continue
        roots.append(root)
        seen.add(root)
        queue = deque([root])
        while queue:
            node = queue.popleft()
            # Units answering this one first, then (for units reached against the flow) the ones it answers.
            nxt = sorted(graph.predecessors(node), key=order.__getitem__) + sorted(graph.successors(node),
                                                                                    key=order.__getitem__)
            for other in nxt:
                if other in component and other not in seen:
                    seen.add(other)
                    children.setdefault(node, []).append(other)
                    queue.append(other)
    return children, roots


def _place_tree(children: dict[str, list[str]], roots: list[str]) -> dict[str, tuple[float, int]]:
    """Leaves on consecutive slots, parents centred over their children (iterative post-order)."""
    slots: dict[str, tuple[float, int]] = {}
    next_slot = 0.0
    for root in roots:
        stack: list[tuple[str, int, bool]] = [(root, 0, False)]
        while stack:
            node, depth, done = stack.pop()
            kids = children.get(node, [])
            if done or not kids:
                if kids:
                    xs = [slots[k][0] for k in kids]
                    slots[node] = ((min(xs) + max(xs)) / 2, depth)
                else:
                    slots[node] = (next_slot, depth)
                    next_slot += 1
                continue
            stack.append((node, depth, True))
            stack.extend((k, depth + 1, False) for k in reversed(kids))
    return slots


#: A part of the map is folded (see :func:`tree_layout`) when it is this many times wider than the rows.
FOLD_FACTOR = 1.5

_Block = tuple[dict[str, tuple[float, int]], int, int]  # slots (x slot, depth) of each node, width, height


def _block(slots: dict[str, tuple[float, int]]) -> _Block:
    width = int(max(x for x, _ in slots.values())) + 1
    height = max(d for _, d in slots.values()) + 1
    return slots, width, height


def _fold(children: dict[str, list[str]], roots: list[str], limit: float) -> _Block:
    """One part laid out in rows at most ``limit`` slots wide: each root over the subtrees of its answers.

    A thread's opening claim may draw hundreds of replies; as one tree it is a strip hundreds of units wide.
    Here the subtree under each answer keeps its shape, the subtrees fill rows one under the other, and the root
    sits above the rows, centred on them.
    """
    slots: dict[str, tuple[float, int]] = {}
    top = 0
    for root in roots:
        rows: list[list[_Block]] = [[]]
        used = 0
        for child in children.get(root, []):
            sub = _block(_place_tree(children, [child]))
            if rows[-1] and used + sub[1] > limit:
                rows.append([])
                used = 0
            rows[-1].append(sub)
            used += sub[1]
        widest = max(sum(width for _, width, _ in row) for row in rows)
        slots[root] = (max(widest - 1, 0) / 2, top)
        y = top + 1 if rows[0] else top  # a root with no answers takes one level, not two
        for row in rows:
            x = 0
            for placed, width, _ in row:
                for node, (slot, depth) in placed.items():
                    slots[node] = (x + slot, y + depth)
                x += width
            y += max((height for _, _, height in row), default=0) + 1
        top = y
    return _block(slots)


def tree_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Positions for every node: each connected part drawn as a tree, conclusions on top, parts packed in rows.

    Linear in the size of the graph, deterministic and without recursion, so it suits maps of thousands of
    units where a force-directed layout in the browser would not settle. The rows aim at a 16:9 page; a part
    much wider than that (a claim answered by hundreds of replies) is folded: the subtrees under its root's
    answers are laid out in rows of that width, under the root.

    Args:
        graph (nx.DiGraph): the argument graph.

    Returns:
        dict[str, tuple[float, float]]: ``(x, y)`` in vis-network pixels, ``y`` growing downwards.
    """
    order = {n: i for i, n in enumerate(graph.nodes)}
    parts = sorted((set(c) for c in nx.weakly_connected_components(graph)),
                   key=lambda c: (-len(c), min(order[n] for n in c)))
    forests = [_tree(graph, part, order) for part in parts]
    placed = [_block(_place_tree(children, roots)) for children, roots in forests]
    total = sum(w * X_GAP * h * Y_GAP for _, w, h in placed)
    target = math.sqrt(total * 16 / 9)
    placed = [_fold(children, roots, target / X_GAP) if block[1] * X_GAP > FOLD_FACTOR * target else block
              for (children, roots), block in zip(forests, placed, strict=True)]
    row_width = max(target, max((w * X_GAP for _, w, _ in placed), default=0.0))
    positions: dict[str, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    for slots, width, height in placed:
        if x0 > 0 and x0 + width * X_GAP > row_width:
            x0, y0, row_height = 0.0, y0 + row_height + Y_GAP, 0.0
        for node, (slot, depth) in slots.items():
            positions[node] = (x0 + slot * X_GAP, y0 + depth * Y_GAP)
        x0 += width * X_GAP
        row_height = max(row_height, (height - 1) * Y_GAP + Y_GAP)
    return positions
