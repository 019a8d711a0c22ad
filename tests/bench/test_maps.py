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
    assert timing.median_click_s is timing.median_filter_s is timing.median_reset_s is None


def test_maps_loads_in_chromium() -> None:
    need_chromium()
    timing = time_map(60, runs=2)
    assert timing.skipped is None and len(timing.loads) == 2
    for load in timing.loads:
        assert (load.nodes, load.edges) == (60, timing.relations)
        assert 0 < load.drawn_s <= load.interactive_s and load.outside_requests == 0
    assert timing.best_interactive_s == min(load.interactive_s for load in timing.loads)


def test_maps_times_a_click_the_kind_filter_and_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    """The map section timed only loading (and a highlight called from a script, before the page drew it), not
    what a reader waits for on a large map: a click on a unit, the kind filter, Reset. It now times each, until the
    page has drawn it, on a map of several kinds; each does what a reader expects of it."""
    need_chromium()
    seen: list[list[object]] = []
    timed = maps._time_interactions

    def watched(page, load):  # type: ignore[no-untyped-def]
        page.evaluate("""() => { window.seen = [];
            for (const type of ['pointerdown', 'change']) document.addEventListener(type, () => window.seen.push(
                [argmap.focus, argmap.nodes.get().filter(n => n.hidden).length]), true); }""")
        timed(page, load)
        seen.append(page.evaluate("window.seen.concat([[argmap.focus, "
                                  "argmap.nodes.get().filter(n => n.hidden).length]])"))

    monkeypatch.setattr(maps, "_time_interactions", watched)
    timing = time_map(80, runs=3)
    assert timing.skipped is None and len(timing.loads) == 3
    kinds = [kind for _n, kind in synthetic_graph(80).nodes(data="kind")]
    for load, states in zip(timing.loads, seen, strict=True):
        assert min(load.click_s, load.filter_s, load.reset_s) > 0
        # as each starts: nothing highlighted; the unit clicked; the units of other kinds hidden. Reset undoes both
        (before_click, none_hidden), (clicked, _), (still, filtered), after_reset = states
        assert (before_click, none_hidden) == (None, 0) and clicked is not None and still == clicked
        assert filtered == sum(kind != "claim" for kind in kinds) > 0 and after_reset == [None, 0]
    assert timing.median_click_s == sorted(load.click_s for load in timing.loads)[1]
    assert timing.median_reset_s == sorted(load.reset_s for load in timing.loads)[1]
