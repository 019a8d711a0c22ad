"""How long a large argument map takes to render, load, become interactive and answer a reader in headless Chromium.

:func:`synthetic_graph` builds a debate-shaped graph (claims answered by premises and rebuttals, several levels
deep); :func:`time_map` renders it with argmap's HTML renderer, opens it in Chromium with every outside request
blocked, and times each load until the map has drawn (``body[data-ready]``) and until it answers a first
highlight (interactive); then, on the whole map as it was first drawn, a mouse click on a unit, the kind filter
and the Reset button, each until the page has drawn what it changed.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        click_s (float): seconds from a mouse click on a unit until its neighbourhood and details were drawn.
        filter_s (float): seconds from choosing the first kind in the kind filter until the map was drawn with only
            units of that kind.
        reset_s (float): seconds from a click on Reset (the filter and the highlight on) until the whole map was
            drawn again.
    """

    drawn_s: float
    interactive_s: float
    nodes: int
    edges: int
    outside_requests: int
    console_errors: int
    click_s: float = 0.0
    filter_s: float = 0.0
    reset_s: float = 0.0


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

    @property
    def median_click_s(self) -> float | None:
        """The median of the loads' clicks on a unit, or ``None`` when nothing was loaded."""
        return _median([load.click_s for load in self.loads])

    @property
    def median_filter_s(self) -> float | None:
        """The median of the loads' kind filters, or ``None`` when nothing was loaded."""
        return _median([load.filter_s for load in self.loads])

    @property
    def median_reset_s(self) -> float | None:
        """The median of the loads' Resets, or ``None`` when nothing was loaded."""
        return _median([load.reset_s for load in self.loads])


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


#: Waits until the page has drawn what the last action changed: vis-network draws with the next animation frame,
#: and a callback asked for after it runs after that drawing, in the same frame.
_DRAWN = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"


def _timed(page: Any, act: Callable[[], object]) -> float:
    """Seconds from ``act()`` until the page has drawn what it changed, the page idle before it."""
    page.evaluate(_DRAWN)
    began = time.perf_counter()
    act()
    page.evaluate(_DRAWN)
    return round(time.perf_counter() - began, 3)


def _time_interactions(page: Any, load: MapLoad) -> None:
    """Time a click on a unit, the kind filter and Reset on the map as first drawn (all of it in view), into
    ``load``: the unit drawn nearest the middle of the map, where the mouse reaches it; the filter's first kind."""
    x, y = page.evaluate("""() => { const net = argmap.network, places = net.getPositions();
        const box = document.getElementById('map').getBoundingClientRect();
        let best = null, gap = Infinity;
        for (const id in places) { const at = net.canvasToDOM(places[id]);
            const g = (at.x - box.width / 2) ** 2 + (at.y - box.height / 2) ** 2;
            if (g < gap && net.getNodeAt(at) === id) { gap = g; best = [at.x + box.left, at.y + box.top]; } }
        return best; }""")
    load.click_s = _timed(page, lambda: page.mouse.click(x, y))
    kind = page.evaluate("document.querySelector('#kind-filter option:not([value=\"\"])').value")
    load.filter_s = _timed(page, lambda: page.select_option("#kind-filter", kind))
    reset = page.locator("#reset").bounding_box()  # clicked by the mouse there: no wait for the button to settle
    load.reset_s = _timed(page, lambda: page.mouse.click(reset["x"] + reset["width"] / 2,
                                                         reset["y"] + reset["height"] / 2))


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
                load = MapLoad(round(loaded.seconds, 3), round(interactive, 3), int(nodes), int(edges),
                               len(loaded.outside), len(loaded.console))
                loaded.page.click("#reset")  # the map as first drawn, without the highlight
                _time_interactions(loaded.page, load)
                timing.loads.append(load)
                loaded.page.close()
    return timing
