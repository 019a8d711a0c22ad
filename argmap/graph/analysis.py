"""Small pure measures over an argument graph from :func:`argmap.graph.build.build_graph`.

Edges point the way a relation goes (supporter -> supported, attacker -> attacked), so what a unit receives
are its in-edges.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping

import networkx as nx

__all__ = ["DEFAULT_SIZE", "assumed_attacks", "attacked_note", "attackers", "contested", "main_claims", "supporters",
           "tree_layout"]

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


def assumed_attacks(graph: nx.DiGraph, node: str) -> int:
    """How many of the attacks ``node`` receives are only assumed (edges with ``assumed`` true: no word of the answer
    agrees or disagrees)."""
    return sum(1 for s in graph.predecessors(node)
               if graph.edges[s, node].get("kind") == "attack" and graph.edges[s, node].get("assumed"))


def attacked_note(graph: nx.DiGraph, node: str) -> str:
    """How often ``node`` is attacked, and how many of those attacks are only assumed, as a map says it: ``"attacked
    ×3, 2 assumed"``; ``""`` when nothing attacks it."""
    attacks = contested(graph, node)
    if not attacks:
        return ""
    assumed = assumed_attacks(graph, node)
    return f"attacked ×{attacks}" + (f", {assumed} assumed" if assumed else "")


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


Size = tuple[float, float]  # a node's drawn (width, height) in vis-network pixels
#: A node with no size given is drawn as this big: it fills one slot of :data:`X_GAP` by :data:`Y_GAP`.
DEFAULT_SIZE: Size = (X_GAP - 40.0, Y_GAP - 60.0)
#: The clear space kept between two nodes side by side, and between two levels of the tree, in pixels.
H_SPACE = 40.0
V_SPACE = 60.0


def _slots_wide(size: Size) -> float:
    """How many slots of :data:`X_GAP` a node of this size takes: one, or more for a wide node."""
    return max(1.0, (size[0] + H_SPACE) / X_GAP)


def _place_tree(children: dict[str, list[str]], roots: list[str],
                wide: dict[str, float]) -> dict[str, tuple[float, int]]:
    """Each subtree in a band of its own, as wide as its widest level; parents centred over their children.

    Iterative: a post-order pass measures each subtree (where its node and each child's band sit in its band),
    then a pass from the roots down turns those offsets into slots. A node takes ``wide[node]`` slots, so a wide
    node (large text) pushes its neighbours apart instead of covering them.

    Returns:
        dict[str, tuple[float, int]]: the centre of each node in slots from the left of the first band, and its
        depth.
    """
    band: dict[str, float] = {}  # width of the subtree's band
    centre: dict[str, float] = {}  # the node's centre, from the left of its band
    offsets: dict[str, float] = {}  # a child's band, from the left of its parent's band
    for root in roots:
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            kids = children.get(node, [])
            if kids and not done:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids))
                continue
            own = wide.get(node, 1.0)
            if not kids:
                band[node], centre[node] = own, own / 2
                continue
            x = 0.0
            for kid in kids:
                offsets[kid] = x
                x += band[kid]
            middle = (offsets[kids[0]] + centre[kids[0]] + offsets[kids[-1]] + centre[kids[-1]]) / 2
            left = min(0.0, middle - own / 2)  # a node wider than what answers it overhangs: widen the band
            for kid in kids:
                offsets[kid] -= left
            band[node] = max(x, middle + own / 2) - left
            centre[node] = middle - left
    slots: dict[str, tuple[float, int]] = {}
    next_band = 0.0
    for root in roots:
        todo: list[tuple[str, float, int]] = [(root, next_band, 0)]
        while todo:
            node, left, depth = todo.pop()
            slots[node] = (left + centre[node], depth)
            todo.extend((k, left + offsets[k], depth + 1) for k in children.get(node, []))
        next_band += band[root]
    return slots


#: A part of the map is folded (see :func:`tree_layout`) when it is this many times wider than the rows.
FOLD_FACTOR = 1.5

_Block = tuple[dict[str, tuple[float, int]], float, int]  # slots (x slot, depth) of each node, width, height


def _block(slots: dict[str, tuple[float, int]], wide: dict[str, float]) -> _Block:
    """The slots moved so that the leftmost node's left edge is at 0, with the width and depth they span."""
    left = min(x - wide.get(n, 1.0) / 2 for n, (x, _) in slots.items())
    moved = {n: (x - left, d) for n, (x, d) in slots.items()}
    width = max(x + wide.get(n, 1.0) / 2 for n, (x, _) in moved.items())
    height = max(d for _, d in slots.values()) + 1
    return moved, width, height


#: How many levels deep :func:`_fold` folds a subtree that is itself too wide, at most.
FOLD_DEPTH = 40


def _fold(children: dict[str, list[str]], roots: list[str], limit: float, wide: dict[str, float], *,
          levels: int = FOLD_DEPTH) -> _Block:
    """One part laid out in rows at most ``limit`` slots wide: each root over the subtrees of its answers.

    A thread's opening claim may draw hundreds of replies; as one tree it is a strip hundreds of units wide.
    Here the subtree under each answer keeps its shape, the subtrees fill rows one under the other, and the root
    sits above the rows, centred on them. A subtree that is itself too wide (an answer that drew hundreds of
    replies in turn) is folded the same way, down to ``levels`` levels.
    """
    slots: dict[str, tuple[float, int]] = {}
    top = 0
    for root in roots:
        rows: list[list[_Block]] = [[]]
        used = 0.0
        for child in children.get(root, []):
            sub = _block(_place_tree(children, [child], wide), wide)
            if sub[1] > FOLD_FACTOR * limit and children.get(child) and levels > 1:
                sub = _fold(children, [child], limit, wide, levels=levels - 1)
            if rows[-1] and used + sub[1] > limit:
                rows.append([])
                used = 0
            rows[-1].append(sub)
            used += sub[1]
        widest = max(sum(width for _, width, _ in row) for row in rows)
        slots[root] = (max(widest, wide.get(root, 1.0)) / 2, top)
        y = top + 1 if rows[0] else top  # a root with no answers takes one level, not two
        for row in rows:
            x = 0.0
            for placed, width, _ in row:
                for node, (slot, depth) in placed.items():
                    slots[node] = (x + slot, y + depth)
                x += width
            y += max((height for _, _, height in row), default=0) + 1
        top = y
    return _block(slots, wide)


def _levels(slots: dict[str, tuple[float, int]], sizes: dict[str, Size]) -> tuple[list[float], float, float]:
    """Where each depth of a block goes, in pixels: far enough apart that the tallest nodes of two levels clear.

    Returns:
        tuple[list[float], float, float]: the ``y`` of each depth (the first at 0), how far the block reaches
        above 0 and below its last level.
    """
    height = max(d for _, d in slots.values()) + 1
    tallest = [DEFAULT_SIZE[1]] * height
    for node, (_, depth) in slots.items():
        tallest[depth] = max(tallest[depth], sizes.get(node, DEFAULT_SIZE)[1])
    ys = [0.0]
    for depth in range(1, height):
        ys.append(ys[-1] + max(Y_GAP, (tallest[depth - 1] + tallest[depth]) / 2 + V_SPACE))
    return ys, tallest[0] / 2, tallest[-1] / 2


def tree_layout(graph: nx.DiGraph, sizes: Mapping[str, Size] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for every node: each connected part drawn as a tree, conclusions on top, parts packed in rows.

    Linear in the size of the graph, deterministic and without recursion, so it suits maps of thousands of
    units where a force-directed layout in the browser would not settle. The rows aim at a 16:9 page; a part
    much wider than that (a claim answered by hundreds of replies) is folded: the subtrees under its root's
    answers are laid out in rows of that width, under the root. Nodes are spaced by their size: no two nodes'
    boxes overlap, and at least :data:`H_SPACE` and :data:`V_SPACE` pixels stay clear between them.

    Args:
        graph (nx.DiGraph): the argument graph.
        sizes (Mapping[str, tuple[float, float]] | None): how wide and tall each node is drawn, in pixels (the
            map's large, contested units are larger); :data:`DEFAULT_SIZE` for a node not in it.

    Returns:
        dict[str, tuple[float, float]]: the centre ``(x, y)`` of each node in vis-network pixels, ``y`` growing
        downwards.
    """
    sized: dict[str, Size] = {n: (float(w), float(h)) for n, (w, h) in (sizes or {}).items() if n in graph}
    wide = {n: _slots_wide(s) for n, s in sized.items()}
    order = {n: i for i, n in enumerate(graph.nodes)}
    parts = sorted((set(c) for c in nx.weakly_connected_components(graph)),
                   key=lambda c: (-len(c), min(order[n] for n in c)))
    forests = [_tree(graph, part, order) for part in parts]
    placed = [_block(_place_tree(children, roots, wide), wide) for children, roots in forests]
    total = sum(w * X_GAP * h * Y_GAP for _, w, h in placed)
    target = math.sqrt(total * 16 / 9)
    placed = [_fold(children, roots, target / X_GAP, wide) if block[1] * X_GAP > FOLD_FACTOR * target else block
              for (children, roots), block in zip(forests, placed, strict=True)]
    row_width = max(target, max((w * X_GAP for _, w, _ in placed), default=0.0))
    # Parts fill rows left to right; each row sits under the lowest reach of the row above.
    rows: list[list[tuple[dict[str, tuple[float, int]], float, list[float], float, float]]] = [[]]
    x0 = 0.0
    for slots, width, _height in placed:
        if x0 > 0 and x0 + width * X_GAP > row_width:
            rows.append([])
            x0 = 0.0
        rows[-1].append((slots, x0, *_levels(slots, sized)))
        x0 += width * X_GAP
    positions: dict[str, tuple[float, float]] = {}
    y0 = 0.0
    below = 0.0  # how far the row above reaches under its top level
    for number, row in enumerate(rows):
        above = max(up for *_, up, _ in row)
        if number:
            y0 += max(Y_GAP, below + above + 2 * V_SPACE)  # a little more room between parts than inside
        for slots, left, ys, _up, _down in row:
            for node, (slot, depth) in slots.items():
                positions[node] = (left + slot * X_GAP, y0 + ys[depth])
        below = max(ys[-1] + down for _, _, ys, _, down in row)
    return positions
