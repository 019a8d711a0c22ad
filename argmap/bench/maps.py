"""How long a large argument map takes to render, load and become interactive in headless Chromium.

:func:`synthetic_graph` builds a debate-shaped graph (claims answered by premises and rebuttals, several levels
deep); :func:`time_map` renders it with argmap's HTML renderer, opens it in Chromium with every outside request
blocked, and times each load until the map has drawn (``body[data-ready]``) and until it answers a first
highlight (interactive).
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from argmap.bench.browser import chromium, load_map, unavailable_reason
from argmap.config import DEFAULT_MAP_UNITS
from argmap.render.html import render_html

__all__ = ["DEFAULT_MAP_UNITS", "DEFAULT_RUNS", "MapLoad", "MapTiming", "synthetic_graph", "time_map"]

DEFAULT_RUNS = 3
_WORDS = tuple(str.split("open source models win because hardware costs fall and agency matters more than raw "
                         "intelligence for most software engineering tasks in practice today"))


def synthetic_graph(units: int, *, seed: int = 7) -> nx.DiGraph:
    """A debate-shaped graph: each new unit answers an earlier one (support 60 %, attack 40 %).

    Args:
        units (int): nodes in the graph.
        seed (int): the generator seed; the same seed gives the same graph.

    Returns:
        nx.DiGraph: nodes and edges with the attributes :func:`argmap.render.html.render_html` reads.
    """
    rng = random.Random(seed)
    graph = nx.DiGraph()
    graph.graph["threads"] = {"t": "synthetic debate"}
    for n in range(units):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."
        kind = "claim" if n % 7 == 0 or n < 20 else rng.choice(("premise", "premise", "claim", "evidence"))
        graph.add_node(f"u{n}", kind=kind, text=text, author=f"user{rng.randint(1, 400)}", thread="t",
                       thread_title="synthetic debate", topics=[rng.choice(_WORDS)], reason="synthetic")
        if n >= 20 and rng.random() < 0.95:
            target = f"u{rng.randint(max(0, n - 400), n - 1)}"
            graph.add_edge(f"u{n}", target, id=f"r{n}", kind="support" if rng.random() < 0.6 else "attack",
                           confidence=round(rng.uniform(0.4, 0.95), 2), reason="synthetic relation")
    return graph


@dataclass
class MapLoad:
    """One load of the map page.

    Attributes:
        drawn_s (float): seconds from navigation until the map had drawn.
        interactive_s (float): seconds from navigation until a first highlight had run.
        nodes (int): nodes the page's network holds.
        edges (int): edges the page's network holds.
        outside_requests (int): requests that tried to leave the file (all refused).
        console_errors (int): console errors and warnings.
    """

    drawn_s: float
    interactive_s: float
    nodes: int
    edges: int
    outside_requests: int
    console_errors: int


@dataclass
class MapTiming:
    """The map section of a benchmark.

    Attributes:
        units (int): nodes of the synthetic map.
        relations (int): its edges.
        page_mb (float): size of the HTML page, in megabytes.
        render_s (float): seconds to render the page in Python.
        loads (list[MapLoad]): each load in Chromium.
        skipped (str | None): why the browser part did not run (then ``loads`` is empty).
    """

    units: int
    relations: int
    page_mb: float
    render_s: float
    loads: list[MapLoad] = field(default_factory=list)
    skipped: str | None = None

    @property
    def best_interactive_s(self) -> float | None:
        """The fastest load until interactive, or ``None`` when nothing was loaded."""
        return min((load.interactive_s for load in self.loads), default=None)

    @property
    def worst_interactive_s(self) -> float | None:
        """The slowest load until interactive, or ``None`` when nothing was loaded."""
        return max((load.interactive_s for load in self.loads), default=None)


def time_map(units: int = DEFAULT_MAP_UNITS, *, runs: int = DEFAULT_RUNS, seed: int = 7,
             timeout_ms: int = 60000) -> MapTiming:
    """Render a synthetic map of ``units`` units and load it ``runs`` times in headless Chromium.

    Args:
        units (int): nodes of the map.
        runs (int): loads, each in a fresh page of the same browser.
        seed (int): the generator seed.
        timeout_ms (int): how long one load may take before it fails.

    Returns:
        MapTiming: the render time and each load; ``skipped`` says why when Playwright or Chromium is missing.

    Raises:
        TimeoutError: Playwright's, when a load takes longer than ``timeout_ms``.
    """
    graph = synthetic_graph(units, seed=seed)
    began = time.perf_counter()
    page = render_html(graph)
    timing = MapTiming(graph.number_of_nodes(), graph.number_of_edges(), round(len(page.encode()) / 1e6, 2),
                       round(time.perf_counter() - began, 3))
    timing.skipped = unavailable_reason()
    if timing.skipped is not None:
        return timing
    with tempfile.TemporaryDirectory(prefix="argmap-map-") as folder:
        path = Path(folder) / "map.html"
        path.write_text(page, encoding="utf-8")
        with chromium() as browser:
            for _ in range(runs):
                loaded = load_map(browser, path, timeout_ms=timeout_ms)
                click = time.perf_counter()
                loaded.page.evaluate("argmap.highlight('u0')")
                interactive = loaded.seconds + time.perf_counter() - click
                nodes, edges = loaded.page.evaluate("[argmap.nodes.length, argmap.edges.length]")
                timing.loads.append(MapLoad(round(loaded.seconds, 3), round(interactive, 3), int(nodes), int(edges),
                                            len(loaded.outside), len(loaded.console)))
                loaded.page.close()
    return timing
