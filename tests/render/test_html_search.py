"""The map page's search and highlight in Chromium: they bring the view to what they find and show on large maps."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from argmap import api
from argmap.bench.maps import synthetic_graph
from argmap.config import Settings
from argmap.render.html import render_html
from tests.render.browser import Loaded, load_map, steady_view
from tests.render.test_html import _debate

#: The scale from which the page counts labels as readable (about 10-pixel text), as map.js has it.
READABLE = 0.7
#: The focused unit's frame, as map.js draws it (cyan: no unit or relation has it).
FRAME = (0x0E, 0x74, 0x90)


def _settle(page: Any) -> None:
    """Wait out the search box's pause before it moves the view, then until the view stays put for three frames."""
    page.wait_for_timeout(300)
    steady_view(page)


def _view(page: Any) -> tuple[float, dict[str, float]]:
    scale, position = page.evaluate("[argmap.network.getScale(), argmap.network.getViewPosition()]")
    return scale, position


def _on_screen(page: Any, node: str) -> dict[str, float]:
    """Where a unit is drawn, in pixels of the map's area."""
    return page.evaluate("""id => { const b = argmap.network.getBoundingBox(id);
        const a = argmap.network.canvasToDOM({x: b.left, y: b.top});
        const z = argmap.network.canvasToDOM({x: b.right, y: b.bottom});
        return {left: a.x, top: a.y, right: z.x, bottom: z.y}; }""", node)


def _clear_area(page: Any) -> dict[str, float]:
    """The part of the map no panel covers: right of the (open) legend, and left of the details while they are
    open (above them on a phone, where they are a sheet along the bottom)."""
    return page.evaluate("""() => { const map = document.getElementById('map').getBoundingClientRect();
        const legend = document.getElementById('legend'), details = document.getElementById('details');
        const area = {left: legend.open ? legend.getBoundingClientRect().right - map.left : 0, top: 0,
                      right: map.width, bottom: map.height};
        if (details.style.display === 'block') {
            const d = details.getBoundingClientRect();
            if (d.top - map.top > map.height / 3) area.bottom = d.top - map.top; else area.right = d.left - map.left;
        }
        return area; }""")


def _inside(box: dict[str, float], area: dict[str, float]) -> bool:
    return (area["left"] <= box["left"] and box["right"] <= area["right"] and area["top"] <= box["top"]
            and box["bottom"] <= area["bottom"])


def _pixels(page: Any) -> tuple[float, int]:
    """How far the map canvas is, on average, from the page's background it is drawn over (0 for none of it), and
    how many of its pixels have the frame's colour, as drawn with the next frame (the page draws a change then)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
    ink, framed = page.evaluate("""frame => { const c = document.querySelector('#map canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, bg = [248, 250, 252];
        let ink = 0, framed = 0;
        for (let i = 0; i < px.length; i += 4) {
            const a = px[i + 3] / 255;
            for (let k = 0; k < 3; k++) ink += Math.abs(px[i + k] * a + bg[k] * (1 - a) - bg[k]) / 3;
            let off = 0;
            for (let k = 0; k < 3; k++) off += Math.abs(px[i + k] - frame[k]);
            if (off < 12) framed++;
        }
        return [ink / (px.length / 4), framed]; }""", list(FRAME))
    return ink, framed


@pytest.fixture(scope="module")
def large_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.DiGraph]:
    """A 2,000-unit map (past the page's 1,500, where a highlight no longer dims units one by one) with a word in
    two units far apart, and in no other."""
    graph = synthetic_graph(2000)
    for node in ("u30", "u1950"):
        graph.nodes[node]["text"] = f"A needle ({node}) in the haystack of open models."
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(render_html(graph), encoding="utf-8")
    return path, graph


def _load(browser: Any, path: Path, **size: int) -> Loaded:
    loaded = load_map(browser, path, **size)
    assert loaded.console == []
    return loaded


def test_html_search_goes_to_the_first_hit_of_a_large_map(browser: Any, large_map: tuple[Path, nx.DiGraph]) -> None:
    # on a map of thousands of units the first view fits the whole map (units a few pixels wide); a search fitted
    # all its hits, far apart, so the view stayed as far out and nothing found could be seen
    path, _graph = large_map
    page = _load(browser, path).page
    fitted, where = _view(page)
    assert fitted < 0.1
    page.fill("#search", "needle")
    assert page.inner_text("#matches") == "2 matches"
    _settle(page)
    scale, position = _view(page)
    assert READABLE <= scale <= 1.0 + 1e-6 and position != where
    assert _inside(_on_screen(page, "u30"), _clear_area(page))  # the first hit, readable, beside the legend
    assert not _inside(_on_screen(page, "u1950"), _clear_area(page))  # the two fit together only far out
    assert page.evaluate("[argmap.hits, argmap.focus]") == [["u30", "u1950"], None]  # found, none chosen yet


def test_html_search_enter_steps_through_hits_and_escape_clears(browser: Any,
                                                                large_map: tuple[Path, nx.DiGraph]) -> None:
    path, graph = large_map
    page = _load(browser, path).page
    page.fill("#search", "needle")
    _settle(page)
    for expected, node in (("1 of 2 matches", "u30"), ("2 of 2 matches", "u1950"), ("1 of 2 matches", "u30")):
        page.press("#search", "Enter")  # to the next hit, round again after the last
        _settle(page)
        assert page.inner_text("#matches") == expected and page.evaluate("argmap.focus") == node
        assert page.is_visible("#details") and f"({node})" in page.inner_text("#details")
        scale, _position = _view(page)
        assert READABLE <= scale <= 1.0 + 1e-6
        assert _inside(_on_screen(page, node), _clear_area(page))  # in sight, not under the details
        # its neighbourhood is selected, as a click selects it
        near = {node} | set(graph.predecessors(node)) | set(graph.successors(node))
        assert set(page.evaluate("argmap.network.getSelectedNodes()")) == near
    page.press("#search", "Shift+Enter")  # back
    assert page.inner_text("#matches") == "2 of 2 matches" and page.evaluate("argmap.focus") == "u1950"
    page.press("#search", "Escape")
    assert page.input_value("#search") == "" and page.inner_text("#matches") == ""
    assert page.evaluate("[argmap.hits.length, argmap.focus, argmap.network.getSelectedNodes().length]") == [0, None, 0]
    assert not page.is_visible("#details")


def test_html_large_map_highlight_shows_at_the_fitted_view(browser: Any, large_map: tuple[Path, nx.DiGraph]) -> None:
    # past 1,500 units a click only selected the neighbourhood: a selected unit a few pixels wide looks as any other
    path, _graph = large_map
    page = _load(browser, path).page
    assert _view(page)[0] < 0.1
    ink, unframed = _pixels(page)
    page.evaluate("argmap.highlight('u30')")
    veiled, framed = _pixels(page)
    assert veiled < ink / 2, (veiled, ink)  # the rest of the map fades
    assert framed - unframed >= 40, (framed, unframed)  # the unit is framed, a dozen pixels or more across
    # one drawing, no update of each unit (which made a large map slow to answer)
    assert page.evaluate("argmap.nodes.get().filter(n => n.opacity !== undefined).length") == 0
    page.mouse.click(5, 300 + 80)  # an empty part of the map, left of the units
    assert page.evaluate("argmap.focus") is None
    assert _pixels(page)[0] == pytest.approx(ink, rel=0.02)


def test_html_search_leaves_a_readable_small_map_where_it_is(browser: Any, kialo_settings: Settings,
                                                              tmp_path: Path) -> None:
    # a map that already shows its units readable is not zoomed into the one found
    path = api.render_map(settings=kialo_settings, output=tmp_path / "cars.html")
    assert isinstance(path, Path)
    page = _load(browser, path).page
    before = _view(page)
    assert before[0] >= READABLE
    assert page.evaluate("argmap.search('Madrid')") == "1 match"
    page.press("#search", "Enter")
    _settle(page)
    assert _view(page) == before
    assert page.evaluate("argmap.nodes.get().filter(n => n.opacity < 1).length") > 0  # dimmed, as a click does


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_html_search_zooms_a_small_map_no_further_than_its_units_own_size(browser: Any, tmp_path: Path,
                                                                          width: int, height: int) -> None:
    # 31 units with long labels fit the page only at about a quarter of their size: a search goes to the unit
    # found, at most at its own size (vis-network's fit of one unit zooms far past it)
    path = tmp_path / "debate.html"
    path.write_text(render_html(_debate()), encoding="utf-8")
    page = _load(browser, path, width=width, height=height).page
    fitted, _position = _view(page)
    assert fitted < READABLE
    assert page.evaluate("argmap.search('r3-2:')") == "1 match"
    _settle(page)
    scale, _position = _view(page)
    assert READABLE <= scale <= 1.0 + 1e-6
    assert _inside(_on_screen(page, "r3-2"), _clear_area(page))
    page.press("#search", "Enter")  # the details open (on a phone a sheet along the bottom): the unit stays clear
    _settle(page)
    assert page.is_visible("#details") and _view(page)[0] <= 1.0 + 1e-6
    assert _inside(_on_screen(page, "r3-2"), _clear_area(page))


def test_html_search_box_is_labelled_announces_its_count_and_lets_focus_go(browser: Any, kialo_settings: Settings,
                                                                         tmp_path: Path) -> None:
    # the count ("1 of 3 matches") changed silently for a screen reader, and the keys that step through the matches
    # showed only in a tooltip, on hover (a screen reader reads that title as the box's description)
    from playwright.sync_api import expect

    path = api.render_map(settings=kialo_settings, output=tmp_path / "cars.html")
    assert isinstance(path, Path)
    page = _load(browser, path).page
    box = page.get_by_role("searchbox", name="Search units")
    expect(box).to_have_count(1)
    # the keys are in its accessible description, which a screen reader reads with it, and in its placeholder
    expect(box).to_have_accessible_description(re.compile(r"Enter.*next match.*Shift\+Enter.*Escape.*clear"))
    assert "Enter" in (box.get_attribute("placeholder") or "")
    # the count is a polite live region: what it says is announced when it changes
    status = page.locator(".toolbar").get_by_role("status")  # the search's (the map has one for moves)
    expect(status).to_have_count(1)
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("aria-atomic") == "true"
    box.fill("cars")
    expect(status).to_have_text("3 matches")
    box.press("Enter")
    expect(status).to_have_text("1 of 3 matches")
    # Enter leaves focus in the box (the details open beside it), and Tab and Shift+Tab move on from it as ever
    assert page.evaluate("document.activeElement.id") == "search"
    box.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kind-filter"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") != "search"
    box.press("Escape")
    expect(status).to_have_text("")
    assert page.evaluate("document.activeElement.id") == "search"
    box.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kind-filter"


def test_html_search_reads_words_phrases_and_accents_as_argmap_search_does(browser: Any, tmp_path: Path) -> None:
    """The box matched the whole text as typed: "source open" found nothing, "cafe" not "Café", and a phrase in
    quotes only a unit holding the quote marks. Words now match in any order (a part of a word too, as one
    types), a quoted phrase as it is, in any case and without accents."""
    graph = synthetic_graph(20)
    for node in graph:
        graph.nodes[node]["text"] = f"Unit number {node}."
    texts = {"u1": "The new Café in Zürich serves open source coffee.", "u2": "Source code is open to all.",
             "u3": "Open   source models win.", "u4": "Closed models lose."}
    for node, words in texts.items():
        graph.nodes[node]["text"] = words
    path = tmp_path / "words.html"
    path.write_text(render_html(graph), encoding="utf-8")
    page = _load(browser, path).page
    for query, found in (("source open", ["u1", "u2", "u3"]), ('"open source"', ["u1", "u3"]),
                         ("“Open Source” mod", ["u3"]), ("cafe zurich", ["u1"]), ("CAFÉ", ["u1"]),
                         ('"source open"', []), ('"open sou', ["u1", "u2", "u3"]), ("models", ["u3", "u4"])):
        page.fill("#search", query)
        assert page.evaluate("argmap.hits") == found, query
    page.fill("#search", "zzz-none")
    assert page.inner_text("#matches") == "0 matches" and page.evaluate("argmap.hits") == []


@pytest.mark.parametrize("width", [1400, 390])
def test_html_a_long_topic_does_not_widen_the_page(browser: Any, tmp_path: Path, width: int) -> None:
    """A post with a 5,000-letter word gave a topic as long, and the topic list as wide: the page was 41,480 px
    wide and scrolled sideways, its toolbar off screen. The list keeps to 16 em, a long topic's label is cut."""
    graph = synthetic_graph(6)
    graph.nodes["u1"]["topics"] = ["x" * 5000, "open source"]
    path = tmp_path / "long.html"
    path.write_text(render_html(graph), encoding="utf-8")
    page = load_map(browser, path, width=width, height=800).page
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    labels = page.evaluate("[...document.querySelectorAll('#topic-filter option')].map(o => o.textContent)")
    assert max(len(label) for label in labels) == 60 and "x" * 5000 in page.evaluate(
        "[...document.querySelectorAll('#topic-filter option')].map(o => o.value)")


def _watch(page: Any) -> None:
    """Count, from now on, the map's drawings and the units and relations its updates name."""
    page.evaluate("""() => { window.work = {draws: 0, named: 0};
        argmap.network.on('afterDrawing', () => { window.work.draws += 1; });
        for (const set of [argmap.nodes, argmap.edges]) {
            set.on('update', (_e, p) => { window.work.named += p.items.length; });
        } }""")


def _work(page: Any) -> dict[str, int]:
    """The drawings and updated items counted since the last call, once two more frames have passed."""
    return page.evaluate("""() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
        const seen = {...window.work}; window.work.draws = 0; window.work.named = 0; done(seen); })))""")


def test_html_large_map_filter_reset_and_click_draw_once(browser: Any, large_map: tuple[Path, nx.DiGraph]) -> None:
    """A filter, the Reset and a click on a large map did what they do with the whole map drawn two to seven times
    (vis-network draws it at once on each update, and on ``unselectAll``) and every unit updated (its label measured
    again), whether it changed or not: seconds each on the 9,100 units of a large thread. Each is now drawn once,
    with the next frame, and only the units it changes are updated; what they show is the same."""
    path, graph = large_map
    page = _load(browser, path).page
    _watch(page)
    others = sum(1 for _n, kind in graph.nodes(data="kind") if kind != "claim")
    page.select_option("#kind-filter", "claim")
    assert page.evaluate("argmap.nodes.get().filter(n => n.hidden).length") == others
    assert _work(page) == {"draws": 1, "named": others}
    claim = next(n for n, kind in graph.nodes(data="kind") if kind == "claim" and graph.degree(n))
    page.evaluate(f"argmap.highlight({claim!r})")
    assert _work(page) == {"draws": 1, "named": 0}  # a selection: no unit updated
    page.click("#reset")
    assert page.evaluate("[argmap.nodes.get().filter(n => n.hidden).length, argmap.focus]") == [0, None]
    assert page.evaluate("argmap.network.getSelectedNodes().length") == 0
    assert _work(page) == {"draws": 1, "named": others}  # the hidden ones shown again, nothing else
    page.click("#reset")  # nothing to undo
    assert _work(page) == {"draws": 1, "named": 0}
    assert page.evaluate("argmap.search('needle')") == "2 matches"
    page.select_option("#kind-filter", graph.nodes["u1950"]["kind"])  # the search runs again, over the units shown
    assert graph.nodes["u30"]["kind"] != graph.nodes["u1950"]["kind"]
    assert page.evaluate("[argmap.hits, argmap.network.getSelectedNodes()]") == [["u1950"], ["u1950"]]
    assert page.inner_text("#matches") == "1 match"
