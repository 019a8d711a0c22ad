"""Map section: the synthetic map, its render, and its loads in headless Chromium (skipped when missing)."""

from __future__ import annotations

import pytest

from argmap.bench import maps
from argmap.bench.maps import synthetic_graph, time_map
from tests.render.browser import need_chromium


def test_maps_synthetic_graph_is_deterministic() -> None:
    graph = synthetic_graph(300)
    assert graph.number_of_nodes() == 300 and 0 < graph.number_of_edges() < 300
    assert sorted(graph.edges) == sorted(synthetic_graph(300).edges)


def test_maps_skipped_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(maps, "unavailable_reason", lambda: "Playwright is not installed: pip install ...")
    timing = time_map(40, runs=2)
    assert timing.skipped and "Playwright" in timing.skipped and timing.loads == []
    assert timing.units == 40 and timing.page_mb > 0 and timing.best_interactive_s is None


def test_maps_loads_in_chromium() -> None:
    need_chromium()
    timing = time_map(60, runs=2)
    assert timing.skipped is None and len(timing.loads) == 2
    for load in timing.loads:
        assert (load.nodes, load.edges) == (60, timing.relations)
        assert 0 < load.drawn_s <= load.interactive_s and load.outside_requests == 0
    assert timing.best_interactive_s == min(load.interactive_s for load in timing.loads)
