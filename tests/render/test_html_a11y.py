"""The map page for people who use a keyboard or a screen reader: axe-core finds nothing, and by hand in Chromium.

axe-core (``.ci/setup`` installs it with npm, pinned; ``ARGMAP_TEST_AXE`` names another ``axe.min.js``) is added
to the loaded page and run over it at the states a reader brings it to: as it opens, with a unit's details open,
with the text outline open, with a unit shown from the outline and then the unit at the other end of one of its
relations (the keyboard in the details), on a phone. The tests are skipped where it is missing, and fail in CI
(``CI=true``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from argmap import api
from argmap.config import Settings
from argmap.render.html import render_html
from argmap.render.outline import MAX_DEPTH, outline_html
from tests.conftest import CORPORA, ROOT
from tests.render.browser import Loaded, eventually, load_map, need
from tests.render.conftest import PAYLOADS

#: axe-core's script: named by ARGMAP_TEST_AXE (read before the autouse fixture clears ARGMAP_* variables), else
#: where ``.ci/setup`` installs it.
AXE = Path(os.environ.get("ARGMAP_TEST_AXE")
           or ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js")
#: Every rule of these tags runs: WCAG 2.0 to 2.2 A and AA, AAA (the enhanced contrast), axe's best practices and
#: its experimental rules (among them focus-order-semantics, on the map's focusable canvas). No rule is disabled.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"]
#: What axe may leave undecided: that no rule checked content hidden at the time (each state is run on its own),
#: and that the close button's visible "×" is not in its name, "Close the details" (a symbol: WCAG 2.5.3 exempts it).
UNDECIDED = {"hidden-content", "label-content-name-mismatch"}
#: Nor can it decide the contrast of text the open outline's scrolling box cuts at its edge: such elements in the
#: outline are left out of what it could not decide (their colours are those of the outline's other text, checked).
CUT_BY_SCROLLING = "partially obscured by another element"


def need_axe() -> None:
    """Fail in CI (CI=true) when axe-core is missing; skip elsewhere."""
    need(AXE, f"axe-core is not installed ({AXE}): bash .ci/setup installs it (with npm), or set ARGMAP_TEST_AXE")


def _axe(page: Any) -> dict[str, list[str]]:
    """What axe-core finds wrong on the page as it is now, rule id to ``target: summary`` of each element, and the
    rules it could not decide (``incomplete:<rule>``), but for :data:`UNDECIDED`."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found: dict[str, list[str]] = page.evaluate("""([tags, cut]) => axe.run(document,
            {runOnly: {type: 'tag', values: tags}, elementRef: true})
        .then(r => Object.fromEntries(
            r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)])
            .concat(r.incomplete.map(v => ['incomplete:' + v.id, v.nodes
                .filter(n => !(v.id === 'color-contrast' && n.element.closest('#outline')
                               && n.failureSummary.includes(cut)))
                .map(n => n.target.join(' ') + ': ' + n.failureSummary)]))))""", [AXE_TAGS, CUT_BY_SCROLLING])
    return {rule: nodes for rule, nodes in found.items() if nodes and rule.removeprefix("incomplete:") not in UNDECIDED}


def _graph() -> nx.DiGraph:
    """A small debate with every kind of unit and relation, topics, a post link, a time, a thread and a reason for
    a unit's kind, right-to-left and hostile text, and a premise that answers two claims (the outline links the second
    place to the first)."""
    graph = nx.DiGraph()
    graph.add_node("c", kind="claim", text="Cities should ban cars from their centres.", topics=["cars"],
                   author="ann", post_url="https://news.example/item?id=1", created_at="2024-05-01T09:30:00",
                   thread_title="Car-free centres", reason="states a position (should)")
    graph.add_node("c2", kind="claim", text="Buses should be free.", topics=["transport"])
    graph.add_node("p", kind="premise", text="Air quality improves where cars are banned.", topics=["air"])
    graph.add_node("r", kind="rebuttal", text="Shops lose customers who drive. " + PAYLOADS[2], topics=["cars"])
    graph.add_node("e", kind="evidence", text="Asthma admissions fell in Madrid after the ban.", topics=[])
    graph.add_node("q", kind="quote", text="> Air quality improves", topics=[])
    graph.add_node("a", kind="premise", text="المدن يجب أن تحظر السيارات لأن الهواء يصبح أنظف.", topics=[])
    graph.add_node("o", kind="other", text="Thanks, great thread!", topics=[])
    graph.add_edge("p", "c", kind="support", confidence=0.8, reason="because")
    graph.add_edge("p", "c2", kind="support", confidence=0.6, reason="so")
    graph.add_edge("r", "c", kind="attack", confidence=0.7, reason="but")
    graph.add_edge("e", "p", kind="evidence", confidence=0.9, reason="a study")
    graph.add_edge("q", "p", kind="quote", confidence=0.9, reason="quotes")
    graph.add_edge("a", "c", kind="support", confidence=0.5, reason="r")
    graph.add_edge("o", "c", kind="support", confidence=0.3, reason="r")
    return graph


@pytest.fixture
def hand_map(tmp_path: Path) -> Path:
    path = tmp_path / "hand.html"
    path.write_text(render_html(_graph(), title="Car-free centres"), encoding="utf-8")
    return path


STATES = ["opened", "moving", "details", "outline", "shown", "followed"]


def _states(loaded: Loaded, word: str) -> dict[str, dict[str, list[str]]]:
    """axe's findings at each state a reader brings the page to."""
    page = loaded.page
    found = {"opened": _axe(page)}
    # a unit picked up on the map by key and moved (the status region says so); leaving the map puts it down
    page.focus("#map .vis-network")
    page.keyboard.press("m")
    page.keyboard.press("Shift+ArrowRight")
    assert str(page.text_content("#said")).startswith("Moved right")
    found["moving"] = _axe(page)
    page.fill("#search", word)
    page.press("#search", "Enter")  # the first match: highlighted, its details open
    page.wait_for_selector("#details", state="visible")
    found["details"] = _axe(page)
    page.click("#outline-toggle")
    page.wait_for_selector("#outline", state="visible")
    found["outline"] = _axe(page)
    # the outline's first unit shown on the map from the keyboard (which goes into its details), and from there
    # the unit at the other end of its first relation (the details have a way back)
    page.locator("#outline button.show").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#details > h2:focus")
    found["shown"] = _axe(page)
    page.locator("#details button.go").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#details button.back")
    found["followed"] = _axe(page)
    return found


@pytest.mark.parametrize("width", [1400, 390])
def test_html_a11y_axe_finds_nothing_on_a_small_map(browser: Any, hand_map: Path, width: int) -> None:
    # before: color-contrast undecided for the legend and the details (their see-through white let the map show
    # through), the counts and match count under the enhanced (AAA) contrast, the focusable map without a role
    need_axe()
    loaded = load_map(browser, hand_map, width=width, height=844, bypass_csp=True)
    assert _states(loaded, "cars") == {state: {} for state in STATES}
    assert loaded.console == []


@pytest.mark.slow
def test_html_a11y_axe_finds_nothing_on_the_sample_map(browser: Any, tmp_path: Path) -> None:
    need_axe()
    settings = Settings(db=str(tmp_path / "sample.db"))
    assert api.ingest([str(CORPORA / "hn-open-models.txt")], settings=settings).ok
    path = api.render_map(settings=settings, thread="hn-open-models", output=tmp_path / "sample.html")
    assert isinstance(path, Path)
    loaded = load_map(browser, path, bypass_csp=True)
    assert _states(loaded, "open") == {state: {} for state in STATES}
    assert loaded.console == []


def _focused(page: Any) -> str:
    """What has the keyboard: the element's id, else its tag and class, else its role."""
    return str(page.evaluate("""(() => { const e = document.activeElement;
        return e.id || (e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')); })()"""))


def _focus_ring(page: Any) -> tuple[str, float]:
    """The focused element's outline: style and width in pixels."""
    style, width = page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()""")
    return style, width


def _drawn_focus(page: Any) -> bool:
    """Whether the focus shows: the focused element and a few pixels around it look different once it is blurred."""
    box = page.evaluate("""(() => { const r = document.activeElement.getBoundingClientRect();
        const x = Math.max(0, r.x - 6), y = Math.max(0, r.y - 6);
        return {x: x, y: y, width: Math.min(innerWidth, r.right + 6) - x,
                height: Math.min(innerHeight, r.bottom + 6) - y};
        })()""")
    focused = page.screenshot(clip=box)
    page.evaluate("window.__was = document.activeElement; document.activeElement.blur()")
    blurred = page.screenshot(clip=box)
    page.evaluate("window.__was.focus({focusVisible: true})")
    return bool(focused != blurred)


def test_html_a11y_keyboard_reaches_everything_with_visible_focus(browser: Any, hand_map: Path) -> None:
    # before: the focus ring was Chromium's thin default (1 pixel, on the map's frame a dark hairline at its edge),
    # the map took the keyboard with neither role nor name, and Escape on the details' close button did nothing
    from playwright.sync_api import expect

    page = load_map(browser, hand_map).page
    order: list[str] = []
    for _ in range(7):
        page.keyboard.press("Tab")
        order.append(_focused(page))
        assert _focus_ring(page)[0] == "solid" and _focus_ring(page)[1] >= 2, order[-1]
        assert _drawn_focus(page), order[-1]
        assert _focused(page) == order[-1]
    # without details open: search, filters, reset, the outline's button (the outline is closed), map, legend
    assert order == ["search", "kind-filter", "topic-filter", "reset", "outline-toggle", "div.vis-network", "summary"]
    map_frame = page.get_by_role("application", name=re.compile(r"^Argument map: arrow keys move the view"))
    expect(map_frame).to_have_count(1)
    # the map's own keys move the view while it has the keyboard
    map_frame.focus()
    before = page.evaluate("argmap.network.getViewPosition()")
    page.keyboard.down("ArrowRight")
    assert eventually(page, lambda: page.evaluate("argmap.network.getViewPosition()") != before)
    page.keyboard.up("ArrowRight")
    # the legend folds and opens from the keyboard
    page.locator("#legend > summary").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('legend').open") is False
    page.keyboard.press("Space")
    assert page.evaluate("document.getElementById('legend').open") is True


def test_html_a11y_keyboard_steps_through_hits_opens_and_closes_details(browser: Any, hand_map: Path) -> None:
    # before: Escape on the close button (where Tab leads into the details) did nothing, and closing them with the
    # button left the keyboard nowhere (on the page's body)
    from playwright.sync_api import expect

    page = load_map(browser, hand_map).page
    page.keyboard.press("Tab")
    assert _focused(page) == "search"
    page.keyboard.type("car")
    status = page.locator(".toolbar").get_by_role("status")  # the search's (the map has one for moves)
    expect(status).to_have_text("2 matches")
    focus = []
    for key, said in (("Enter", "1 of 2"), ("Enter", "2 of 2"), ("Shift+Enter", "1 of 2")):
        page.keyboard.press(key)
        expect(status).to_have_text(f"{said} matches")
        focus.append(page.evaluate("argmap.focus"))
        expect(page.get_by_role("region", name="Unit details")).to_be_visible()
    assert focus == ["c", "p", "c"]
    details = page.get_by_role("region", name="Unit details")
    expect(details).to_contain_text("open the post")
    # Tab leads on to the details: past the legend, to the close button and the post's link
    for _ in range(12):
        page.keyboard.press("Tab")
        if _focused(page) == "button.close":
            break
    assert _focused(page) == "button.close" and _focus_ring(page)[0] == "solid"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "open the post"
    page.keyboard.press("Escape")  # anywhere in the details: closed, and the keyboard goes back to the search box
    expect(details).to_be_hidden()
    assert _focused(page) == "search" and page.evaluate("argmap.focus") is None
    page.keyboard.press("Enter")
    expect(details).to_be_visible()
    page.get_by_role("button", name="Close the details").focus()
    page.keyboard.press("Enter")  # the button, from the keyboard
    expect(details).to_be_hidden()
    assert _focused(page) == "search"


def test_html_a11y_text_outline_reads_the_map_and_closes_on_escape(browser: Any, hand_map: Path) -> None:
    # before: the page had no text alternative to its canvas: a screen reader found the toolbar and the legend only
    from playwright.sync_api import expect

    page = load_map(browser, hand_map).page
    # closed (hidden), and not built until it is first opened: a large map loads as fast as without it
    assert page.locator("#outline").get_attribute("hidden") is not None
    assert page.locator("#outline li").count() == 0
    toggle = page.get_by_role("button", name="Text outline")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    top = page.eval_on_selector("#map", "e => e.getBoundingClientRect().top")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    region = page.get_by_role("region", name="Text outline of the map")
    expect(region).to_be_visible()
    assert page.eval_on_selector("#map", "e => e.getBoundingClientRect().top") > top  # the map makes room
    snapshot = region.aria_snapshot()
    assert "claim: Cities should ban cars from their centres. (attacked ×1)" in snapshot
    assert "supports · premise: Air quality improves where cars are banned." in snapshot
    assert "attacks · rebuttal: Shops lose customers who drive. <img src=x" in snapshot  # text, not an image
    assert "is evidence for · evidence: Asthma admissions fell in Madrid after the ban." in snapshot
    assert "quotes · quote: > Air quality improves" in snapshot
    # the premise answering a second claim is written out once, and linked from there
    link = region.get_by_role("link", name="“Air quality improves where cars are banned.”")
    expect(link).to_have_count(1)
    assert page.locator("#outline li", has_text="Buses should be free.").locator("a").count() == 1
    # Arabic reads right to left, and the line's "supports · premise:" before it stays where it is
    assert page.eval_on_selector("#outline bdi", "e => getComputedStyle(e).direction") == "rtl"
    prefix_right, text_left = page.eval_on_selector("#outline bdi", """e => { const range = document.createRange();
        range.selectNodeContents(e.previousSibling);
        return [range.getBoundingClientRect().right, e.getBoundingClientRect().left]; }""")
    assert text_left >= prefix_right - 1
    page.keyboard.press("Tab")  # into the outline's scrolling text
    assert _focused(page) == "outline" and _drawn_focus(page)
    page.keyboard.press("Escape")
    expect(region).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.querySelectorAll('img').length") == 0


def _lists(markup: str) -> list[tuple[int, str]]:
    """Each ``<li>`` of an outline: how deep it is nested (1 at the top) and its text without markup."""
    items: list[tuple[int, str]] = []
    depth = 0
    for tag in re.finditer(r"<(/?)(ul|li)\b[^>]*>([^<]*(?:<(?!/?(?:ul|li)\b)[^<]*)*)", markup):
        closing, name, after = tag.groups()
        if name == "ul":
            depth += -1 if closing else 1
        elif not closing:
            items.append((depth, re.sub(r"<[^>]+>", "", after)))
    return items


def test_html_a11y_outline_writes_every_unit_once_and_every_relation() -> None:
    graph = _graph()
    markup = outline_html(graph)
    items = _lists(markup)
    # one item a unit and one a relation: for every relation its answer, under the unit answered
    assert len(items) == graph.number_of_nodes() + 1  # the premise answering two claims: once, and linked once
    assert sum(1 for depth, _ in items if depth > 1) == graph.number_of_edges()
    assert sorted(re.findall(r'id="o(\d+)"', markup), key=int) == [str(i) for i in range(graph.number_of_nodes())]
    assert items[0] == (1, "claim: Cities should ban cars from their centres. (attacked ×1)")
    assert (2, "attacks · rebuttal: Shops lose customers who drive. "
               "<img src=x onerror=\"window.__pwned = 3\">") in [(d, t.replace("&lt;", "<").replace("&quot;", '"')
                                                                  .replace("&gt;", ">")) for d, t in items]
    assert "<img" not in markup
    assert markup.count("<bdi>") == 1 and "<bdi>المدن" in markup  # only text that is not ASCII is isolated
    assert (3, "is evidence for · evidence: Asthma admissions fell in Madrid after the ban.") in items
    assert (1, "claim: Buses should be free.") in items
    assert (2, "supports · premise “Air quality improves where cars are banned.”") in items
    assert outline_html(nx.DiGraph()) == ""


def test_html_a11y_outline_of_a_long_chain_or_a_cycle_stays_shallow_and_whole() -> None:
    chain = nx.DiGraph()
    for n in range(20):
        chain.add_node(f"u{n}", kind="premise", text=f"unit {n}")
        if n:
            chain.add_edge(f"u{n}", f"u{n - 1}", kind="support")
    chain.add_edge("u0", "u19", kind="attack")  # a cycle: no unit answers nothing
    markup = outline_html(chain)
    items = _lists(markup)
    # lists nest no deeper than MAX_DEPTH answers (a link to the unit where it goes on, one level further)
    assert max(depth for depth, _ in items) == MAX_DEPTH + 2
    written = sorted(int(re.findall(r"unit (\d+)", text)[0]) for _, text in items if "“" not in text)
    assert written == list(range(20))
    assert sorted(re.findall(r'id="o(\d+)"', markup), key=int) == [str(n) for n in range(20)]
    # every relation once: each item but those at the top is one unit answering the one it is under
    assert sum(1 for depth, _ in items if depth > 1) == chain.number_of_edges()
    assert items[0] == (1, "premise: unit 0")
    assert (MAX_DEPTH + 2, "supports · premise “unit 7”") in items and (1, "premise: unit 7") in items
    assert items[-1] == (7, "attacks · premise “unit 0”")  # the cycle closes with a link to where it began


def test_html_a11y_outline_is_in_the_page_folded() -> None:
    page = render_html(_graph())
    assert '<div id="outline" role="region" aria-label="Text outline of the map" tabindex="0" hidden>' in page
    assert '<button id="outline-toggle" type="button" aria-expanded="false" aria-controls="outline">' in page
    # its markup is in the map's data, put in place when the outline is first opened (the page loads faster)
    data = re.search(r'id="map-data">(.*?)</script>', page, re.S)
    assert data is not None and json.loads(data.group(1))["outline"] == outline_html(_graph())
    assert "<li id=" not in page


def test_outline_links_cut_text_between_whole_characters() -> None:
    # a unit written out elsewhere is linked with the start of its text: cut by code points, the link kept a thumb
    # without its skin tone (the tone alone began the rest); it is cut between grapheme clusters, as labels are
    graph = nx.DiGraph()
    graph.add_node("c1", kind="claim", text="Ban cars downtown.")
    graph.add_node("c2", kind="claim", text="Build more bike lanes.")
    graph.add_node("p", kind="premise", text="x" * 58 + "\U0001F44D\U0001F3FE and the air is cleaner than before.")
    graph.add_edge("p", "c1", kind="support")
    graph.add_edge("p", "c2", kind="support")
    link = re.search(r'<a href="#o\d+">(.*?)</a>', outline_html(graph))
    assert link is not None
    assert "x" * 58 in link.group(1) and link.group(1).endswith("…</bdi>”")
    assert ("\U0001F44D" in link.group(1)) == ("\U0001F3FE" in link.group(1))
