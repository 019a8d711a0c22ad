"""Benchmark: how long a large argument map takes to load and become interactive in headless Chromium.

Run from the project folder: ``.venv/bin/python -m benchmarks.map_load [--units 5000]``. It builds a synthetic
debate (claims answered by premises and rebuttals, several levels deep), renders it with argmap's HTML
renderer, opens it in Debian's Chromium with every outside request blocked, and reports the render time in
Python and the time until the map has drawn and answers a click (``body[data-ready]``, then a highlight).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import networkx as nx

from argmap.render.html import render_html
from tests.render.browser import chromium, load_map

WORDS = tuple(str.split("open source models win because hardware costs fall and agency matters more than raw "
                         "intelligence for most software engineering tasks in practice today"))


def synthetic(units: int, seed: int = 7) -> nx.DiGraph:
    """A debate-shaped graph: each new unit answers an earlier one (support 60 %, attack 40 %)."""
    rng = random.Random(seed)
    graph = nx.DiGraph()
    graph.graph["threads"] = {"t": "synthetic debate"}
    for n in range(units):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."
        kind = "claim" if n % 7 == 0 or n < 20 else rng.choice(("premise", "premise", "claim", "evidence"))
        graph.add_node(f"u{n}", kind=kind, text=text, author=f"user{rng.randint(1, 400)}", thread="t",
                       thread_title="synthetic debate", topics=[rng.choice(WORDS)], reason="synthetic")
        if n >= 20 and rng.random() < 0.95:
            target = f"u{rng.randint(max(0, n - 400), n - 1)}"
            graph.add_edge(f"u{n}", target, id=f"r{n}", kind="support" if rng.random() < 0.6 else "attack",
                           confidence=round(rng.uniform(0.4, 0.95), 2), reason="synthetic relation")
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    graph = synthetic(args.units)
    start = time.perf_counter()
    page = render_html(graph)
    render_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.html"
        path.write_text(page, encoding="utf-8")
        print(f"{graph.number_of_nodes()} units, {graph.number_of_edges()} relations; "
              f"page {len(page) / 1e6:.1f} MB, rendered in Python in {render_s:.2f} s")
        with chromium() as browser:
            for run in range(1, args.runs + 1):
                loaded = load_map(browser, path, timeout_ms=60000)
                click = time.perf_counter()
                loaded.page.evaluate("argmap.highlight('u0')")
                interactive = loaded.seconds + time.perf_counter() - click
                counts = loaded.page.evaluate("[argmap.nodes.length, argmap.edges.length]")
                print(f"run {run}: drawn in {loaded.seconds:.2f} s, interactive (first highlight done) in "
                      f"{interactive:.2f} s; counts {counts}; outside requests {len(loaded.outside)}; "
                      f"console errors {len(loaded.console)}")
                loaded.page.close()


if __name__ == "__main__":
    main()
