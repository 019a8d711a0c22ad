"""The map page by keyboard alone, in Chromium: everything a click does, Tab, Enter and Escape do too.

Each test drives the page with key presses only (one clicks the map first, to see that the cross waits for a key)
and reads the page's state to check where the keyboard is, what is highlighted and what the details say. The small
debate of :mod:`tests.render.test_html_a11y`: claim ``c`` is supported by ``p``, ``a`` and ``o`` and attacked by
``r``; ``p`` also supports ``c2`` and has evidence ``e`` and a quote ``q``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.render.browser import eventually, steady_view
from tests.render.test_html_a11y import _focused, _graph
from tests.render.test_html_search import _clear_area, _inside, _on_screen

#: The units of the debate in the map's order: the outline's item ``o<i>`` is unit ``ORDER[i]``.
ORDER = list(_graph())
#: The teal of the focus ring, which the cross in the middle of the map has.
TEAL = (0x0E, 0x74, 0x90)


def _tab_to(page: Any, wanted: str, *, back: bool = False, limit: int = 40) -> None:
    """Press Tab (Shift+Tab when ``back``) until what :func:`_focused` names starts with ``wanted``."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if _focused(page).startswith(wanted):
            return
    pytest.fail(f"Tab never reached {wanted!r}")


def _tab_to_button(page: Any, name: str, *, limit: int = 40) -> None:
    """Press Tab until a button whose text starts with ``name`` has the keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON" and _text(page).startswith(name):
            return
    pytest.fail(f"Tab never reached the button {name!r}")


def _text(page: Any) -> str:
    """The focused element's text, its white space made single spaces."""
    return " ".join(str(page.evaluate("document.activeElement.textContent")).split())


def _in_details_heading(page: Any) -> bool:
    """Whether the keyboard is on the details' heading (where it lands when it brings them up)."""
    return bool(page.evaluate("document.activeElement.matches('#details > h2')"))


def _relations(page: Any) -> list[str]:
    """The names (what a screen reader says) of the details' relation buttons, in order."""
    names = page.get_by_role("region", name="Unit details").locator("ul").get_by_role("button").evaluate_all(
        "bs => bs.map(b => b.textContent)")
    return [" ".join(name.split()) for name in names]


def _dimmed(page: Any) -> set[str]:
    return set(page.evaluate("argmap.nodes.get().filter(n => n.opacity < 1).map(n => n.id)"))


def _neighbourhood(unit: str) -> set[str]:
    graph = _graph()
    return {unit} | set(graph.predecessors(unit)) | set(graph.successors(unit))


def _open_outline(page: Any) -> None:
    _tab_to(page, "outline-toggle")
    page.keyboard.press("Enter")
    assert page.is_visible("#outline")


def test_html_keyboard_outline_shows_each_unit_on_the_map(page: Any) -> None:
    # before: the outline was text only: a keyboard could read a unit there but not bring it up on the map
    from playwright.sync_api import expect

    _open_outline(page)
    buttons = page.locator("#outline").get_by_role("button", name="show on map")
    expect(buttons).to_have_count(len(ORDER))  # one for every unit, written out once each
    _tab_to_button(page, "show on map")
    assert page.evaluate("document.activeElement.parentElement.id") == "o0"
    page.keyboard.press("Enter")
    # the claim is highlighted as a click highlights it, framed in sight, and the keyboard is in its details
    details = page.get_by_role("region", name="Unit details")
    expect(details).to_be_visible()
    assert page.evaluate("argmap.focus") == "c"
    assert set(ORDER) - _dimmed(page) == _neighbourhood("c")
    assert _in_details_heading(page) and _text(page) == "claim · attacked ×1"
    expect(details).to_contain_text("Cities should ban cars from their centres.")
    assert _inside(_on_screen(page, "c"), _clear_area(page))
    page.keyboard.press("Escape")  # closed, and the keyboard is back on the button it came from
    expect(details).to_be_hidden()
    assert page.evaluate("argmap.focus") is None and _dimmed(page) == set()
    assert page.evaluate("document.activeElement.parentElement.id") == "o0"
    page.keyboard.press("Tab")  # the next unit in the outline: the premise under the claim
    assert page.evaluate("document.activeElement.parentElement.id") == f"o{ORDER.index('p')}"
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "p" and _in_details_heading(page)
    expect(details).to_contain_text("Air quality improves where cars are banned.")


def test_html_keyboard_outline_buttons_name_the_unit_they_show(page: Any) -> None:
    # before: every button was named "show on map", and a screen reader's list of buttons could not tell them apart
    _open_outline(page)
    named = dict(page.locator("#outline").get_by_role("button", name="show on map").evaluate_all(
        "bs => bs.map(b => [b.parentElement.id, b.getAttribute('aria-label')])"))
    names = {ORDER[int(item[1:])]: name for item, name in named.items()}  # outline item o<i> is unit ORDER[i]
    assert set(names) == set(ORDER) and len(set(names.values())) == len(ORDER)
    assert all(name.startswith("show on map: ") for name in names.values())  # the visible words first
    assert names["c"] == "show on map: claim: Cities should ban cars from their centres. (attacked ×1)"
    # a unit's own words only, not those of the units that answer it, nested under it in the outline
    assert names["p"].startswith("show on map: supports · premise: Air quality improves where cars are banned.")
    assert "Madrid" not in names["p"] and "Madrid" in names["e"]


def test_html_keyboard_details_relations_go_to_their_units_and_back(page: Any) -> None:
    # before: the details listed a unit's relations as text: no key (nor click) went on to the units at their ends
    from playwright.sync_api import expect

    _open_outline(page)
    _tab_to_button(page, "show on map")
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "c"
    # what answers the claim, each named by the relation and the answer's kind and text (the arrows are not said)
    assert _relations(page) == [
        "supported by premise: Air quality improves where cars are banned.",
        "attacked by rebuttal: Shops lose customers who drive. <img src=x onerror=\"window.__pwned = 3\">",
        "supported by premise: المدن يجب أن تحظر السيارات لأن الهواء يصبح أنظف.",
        "supported by other: Thanks, great thread!",
    ]
    details = page.get_by_role("region", name="Unit details")
    # each with its reason, and the confidence and rule its tooltip gives a mouse
    expect(details.locator("li").first).to_contain_text("because · confidence 0.80")
    _tab_to_button(page, "supported by premise: Air quality")
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "p" and _in_details_heading(page)
    assert set(ORDER) - _dimmed(page) == _neighbourhood("p")  # as a click on the premise would
    expect(details.locator(".text")).to_have_text("Air quality improves where cars are banned.")
    assert _relations(page) == [
        "supports claim: Cities should ban cars from their centres.",
        "supports claim: Buses should be free.",
        "evidence from evidence: Asthma admissions fell in Madrid after the ban.",
        "quoted by quote: > Air quality improves",
    ]
    _tab_to_button(page, "evidence from evidence")
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "e"
    assert _relations(page) == ["is evidence for premise: Air quality improves where cars are banned."]
    # back, the way it came: to the premise, then to the claim
    _tab_to(page, "button.back", back=True)
    assert _text(page) == "back to the premise"
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "p" and _in_details_heading(page)
    _tab_to(page, "button.back", back=True)
    assert _text(page) == "back to the claim"
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "c"
    expect(details.locator("button.back")).to_have_count(0)  # where it started: no way further back
    # Escape, after all that, closes the details and puts the keyboard back where they were opened from
    page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    assert page.evaluate("document.activeElement.parentElement.id") == "o0"


def test_html_keyboard_relations_to_filtered_units_say_so(page: Any) -> None:
    # a unit the filters hide cannot be clicked on the map: its relation says it is hidden instead of going there
    _tab_to(page, "kind-filter")
    page.keyboard.type("claim")  # the select's own type-ahead
    assert page.input_value("#kind-filter") == "claim"
    _open_outline(page)
    _tab_to_button(page, "show on map")
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "c"
    assert _relations(page) == []
    assert page.locator("#details li").count() == 4
    assert page.locator("#details li", has_text="(hidden by a filter)").count() == 4


def _aim(page: Any) -> dict[str, float]:
    """The middle of the part of the map no panel covers, in the map's pixels."""
    area = _clear_area(page)
    return {"x": (area["left"] + area["right"]) / 2, "y": (area["top"] + area["bottom"]) / 2}


def _nearest(page: Any) -> str:
    """The unit nearest the middle of the clear area (the one it is inside, of several the one whose middle is
    nearer), worked out here from where the units are drawn."""
    aim = _aim(page)

    def distance(unit: str) -> tuple[float, float]:
        box = _on_screen(page, unit)
        dx = max(box["left"] - aim["x"], 0.0, aim["x"] - box["right"])
        dy = max(box["top"] - aim["y"], 0.0, aim["y"] - box["bottom"])
        middle = math.hypot((box["left"] + box["right"]) / 2 - aim["x"], (box["top"] + box["bottom"]) / 2 - aim["y"])
        return math.hypot(dx, dy), middle

    return min(ORDER, key=distance)


def _teal_at_aim(page: Any) -> bool:
    """Whether the map's canvas has the cross's teal in the middle of its clear area."""
    return bool(page.evaluate("""([aim, teal]) => { const c = document.querySelector('#map canvas');
        const r = window.devicePixelRatio || 1, s = 3;
        const px = c.getContext('2d').getImageData(Math.round(aim.x * r) - s, Math.round(aim.y * r) - s,
                                                   2 * s + 1, 2 * s + 1).data;
        for (let i = 0; i < px.length; i += 4)
            if (Math.abs(px[i] - teal[0]) + Math.abs(px[i + 1] - teal[1]) + Math.abs(px[i + 2] - teal[2]) < 30)
                return true;
        return false; }""", [_aim(page), list(TEAL)]))


def test_html_keyboard_enter_on_the_map_shows_the_unit_at_the_cross(page: Any) -> None:
    # before: the map took the keyboard only to move and zoom the view; no key chose a unit on it
    from playwright.sync_api import expect

    assert not _teal_at_aim(page)
    _tab_to(page, "div.vis-network")
    assert eventually(page, lambda: _teal_at_aim(page))  # a cross marks the middle while the keyboard is on the map
    under = _nearest(page)
    page.keyboard.press("Enter")
    details = page.get_by_role("region", name="Unit details")
    expect(details).to_be_visible()
    assert page.evaluate("argmap.focus") == under and _in_details_heading(page)
    assert set(ORDER) - _dimmed(page) == _neighbourhood(under)
    page.keyboard.press("Escape")  # back on the map, which moves and zooms by key again
    expect(details).to_be_hidden()
    assert _focused(page) == "div.vis-network" and page.evaluate("argmap.focus") is None
    # the arrow keys move the view: the cross is over another unit, and Enter shows that one
    page.keyboard.down("ArrowLeft")
    assert eventually(page, lambda: _nearest(page) != under)
    page.keyboard.up("ArrowLeft")
    steady_view(page)
    moved = _nearest(page)
    assert moved != under
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == moved
    page.keyboard.press("Escape")
    assert _focused(page) == "div.vis-network"
    page.keyboard.press("Shift+Tab")  # away from the map: the cross goes with the keyboard
    assert eventually(page, lambda: not _teal_at_aim(page))
    _tab_to(page, "search", back=True)
    page.keyboard.type("Buses")
    page.keyboard.press("Enter")  # the claim's details, the keyboard still in the search box
    expect(details).to_be_visible()
    _tab_to(page, "div.vis-network")
    page.keyboard.press("Escape")  # on the map, it closes them as a click on an empty part of the map does
    expect(details).to_be_hidden()
    assert page.evaluate("argmap.focus") is None and _focused(page) == "div.vis-network"


def test_html_keyboard_cross_shows_once_a_clicked_map_is_used_by_key(page: Any) -> None:
    # a map clicked has the keyboard but needs no cross (a mouse points); its first key other than Tab brings it
    area = _clear_area(page)
    top = page.eval_on_selector("#map", "e => e.getBoundingClientRect().top")
    page.mouse.click(area["right"] - 20, top + area["bottom"] - 20)  # an empty corner
    assert _focused(page) == "div.vis-network" and page.evaluate("argmap.focus") is None
    page.wait_for_timeout(300)  # time to draw a cross, which must not come
    assert not _teal_at_aim(page)
    page.keyboard.press("ArrowUp")
    assert eventually(page, lambda: _teal_at_aim(page))


def test_html_keyboard_outline_links_take_the_keyboard_to_the_unit(page: Any) -> None:
    # before: Enter on a link to a unit written out elsewhere scrolled to it but left the keyboard on the page's body
    _open_outline(page)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "A":
            break
    assert _text(page) == "“Air quality improves where cars are banned.”"
    page.keyboard.press("Enter")
    premise = f"o{ORDER.index('p')}"
    assert _focused(page) == premise
    page.keyboard.press("Tab")  # on to its own "show on map"
    assert page.evaluate("document.activeElement.parentElement.id") == premise
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "p"


def test_html_keyboard_details_say_what_the_tooltip_says(page: Any) -> None:
    # before: the time, the thread and why a unit is of its kind were in its tooltip only, which takes a mouse
    from playwright.sync_api import expect

    _tab_to(page, "search")
    page.keyboard.type("Cities")
    page.keyboard.press("Enter")
    details = page.get_by_role("region", name="Unit details")
    expect(details).to_contain_text("by ann · 2024-05-01 09:30 UTC · in Car-free centres")
    expect(details).to_contain_text("topics: cars")
    expect(details).to_contain_text("states a position (should)")
    expect(details.get_by_role("link", name="open the post")).to_have_attribute("href",
                                                                                "https://news.example/item?id=1")
    assert "https://news.example" not in details.inner_text()  # the link says it; its address is not repeated


def test_html_keyboard_details_show_the_unit_in_the_outline(page: Any) -> None:
    # before: nothing led from a unit on the map to where the outline writes it out
    from playwright.sync_api import expect

    _tab_to(page, "search")
    page.keyboard.type("Madrid")
    page.keyboard.press("Enter")
    _tab_to_button(page, "show in the outline")
    page.keyboard.press("Enter")
    outline = page.get_by_role("region", name="Text outline of the map")
    expect(outline).to_be_visible()
    evidence = f"o{ORDER.index('e')}"
    assert _focused(page) == evidence
    assert page.evaluate("argmap.focus") == "e"  # the unit stays highlighted, its details open
    expect(page.get_by_role("region", name="Unit details")).to_be_visible()
    page.keyboard.press("Tab")  # its own "show on map" comes next
    assert page.evaluate("document.activeElement.parentElement.id") == evidence
    page.keyboard.press("Escape")  # the outline closes, the keyboard goes to its button
    expect(outline).to_be_hidden()
    assert _focused(page) == "outline-toggle"



def test_html_keyboard_keys_are_told_in_the_legend_and_to_a_screen_reader(page: Any) -> None:
    # before: the page named only the map's arrow keys and + and -, and only to a screen reader
    from playwright.sync_api import expect

    _tab_to(page, "summary")
    assert _text(page) == "Legend"
    page.keyboard.press("Tab")
    assert _text(page) == "Keyboard"
    help_text = page.locator("#keys")
    assert page.evaluate("document.getElementById('keys').open") is False  # folded: the legend stays short
    page.keyboard.press("Enter")
    for said in ("Enter shows the unit at the cross", "Escape closes them", "each relation goes to the unit",
                 "“show on map”", "M picks up the highlighted unit (or the one at the cross)",
                 "Shift+arrow further, Enter or M puts it down, Escape puts it back"):
        expect(help_text).to_contain_text(said)
    expect(page.get_by_role("application")).to_have_attribute(
        "aria-label", re.compile(r"Enter shows the unit at the centre and its relations, Escape closes it\. M picks "
                                 r"up the highlighted unit .* Escape puts it back\."))


def test_html_keyboard_names_cut_long_text_between_whole_characters(browser: Any, tmp_path: Path) -> None:
    """The outline's button names and the status of a unit picked up were cut by UTF-16 units (``slice``), which
    left half an emoji, a lone surrogate, for a screen reader to read out."""
    from argmap.render.html import render_html
    from tests.render.browser import load_map

    graph = nx.DiGraph()
    graph.add_node("c", kind="claim", text="I think " + "a" * 50 + "🙂 cities should tax cafés because streets get "
                   "dirty every night.", topics=[])
    graph.add_node("p", kind="premise", text="b" * 58 + "🙂" + "c" * 18 + "🙂🙂 and more words after them.", topics=[])
    graph.add_edge("p", "c", kind="support", confidence=0.8, reason="because")
    path = tmp_path / "emoji.html"
    path.write_text(render_html(graph, title="Emoji"), encoding="utf-8")
    loaded = load_map(browser, path)
    page = loaded.page
    lone = "s => /[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(^|[^\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]/.test(s)"
    _open_outline(page)
    labels = page.locator("#outline").get_by_role("button", name="show on map").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))")
    assert len(labels) == 2 and all(label.endswith("…") for label in labels)
    assert not any(page.evaluate(lone, label) for label in labels), labels
    assert labels[1].endswith("c🙂🙂…")  # after "supports · premise: ", 58 + 1 + 18 characters: whole emoji
    page.focus("#map .vis-network")
    page.keyboard.press("m")  # the premise picked up: the status names it, cut at 60 characters
    said = page.evaluate("document.getElementById('said').textContent")
    assert "premise: " + "b" * 58 + "🙂…" in said and not page.evaluate(lone, said), said
    loaded.page.close()
