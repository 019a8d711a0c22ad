"""Moving a unit on the map by keyboard, in Chromium, as a mouse drags it: M picks up the highlighted unit (or the one
at the cross), the arrow keys move it by a step of pixels (Shift+arrow by a larger one) instead of moving the view,
Enter or M puts it down, Escape puts it back, and a status region says each of these to a screen reader.

The small debate of :mod:`tests.render.test_html_a11y`; positions are read from vis-network itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.render.browser import eventually, steady_view
from tests.render.test_html_a11y import _focused
from tests.render.test_html_keyboard import ORDER, _nearest, _tab_to
from tests.render.test_html_search import _clear_area, _on_screen

#: The step of an arrow key and of Shift+arrow, in pixels on screen (the legend and the README give them).
STEP_PX = 10
BIG_PX = 50


def _positions(page: Any) -> dict[str, tuple[float, float]]:
    """Every unit's place in vis-network's own coordinates."""
    found = page.evaluate("argmap.network.getPositions()")
    return {unit: (at["x"], at["y"]) for unit, at in found.items()}


def _view(page: Any) -> tuple[float, float, float]:
    at = page.evaluate("argmap.network.getViewPosition()")
    return at["x"], at["y"], page.evaluate("argmap.network.getScale()")


def _said(page: Any) -> str:
    return str(page.text_content("#said"))


def _moved_by(before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]],
              unit: str) -> tuple[float, float]:
    return after[unit][0] - before[unit][0], after[unit][1] - before[unit][1]


def test_html_keyboard_move_arrows_move_the_picked_unit_by_a_step(page: Any) -> None:
    # before: only a mouse could move a unit; the map's arrow keys moved the view and nothing else
    _tab_to(page, "div.vis-network")
    start = _positions(page)
    page.keyboard.press("ArrowDown")  # not picked up: the view moves, no unit does
    assert _positions(page) == start
    page.keyboard.press("ArrowUp")
    steady_view(page)
    under = _nearest(page)
    page.keyboard.press("m")
    assert page.evaluate("argmap.focus") == under  # the unit at the cross, highlighted
    assert _said(page).startswith("Moving ") and "Escape puts it back" in _said(page)
    scale = _view(page)[2]
    before = _positions(page)
    expected = {"ArrowRight": (STEP_PX, 0), "ArrowLeft": (-STEP_PX, 0), "ArrowDown": (0, STEP_PX),
                "ArrowUp": (0, -STEP_PX), "Shift+ArrowRight": (BIG_PX, 0), "Shift+ArrowDown": (0, BIG_PX),
                "Shift+ArrowLeft": (-BIG_PX, 0), "Shift+ArrowUp": (0, -BIG_PX)}
    for key, (dx, dy) in expected.items():
        view = _view(page)
        page.keyboard.press(key)
        after = _positions(page)
        moved = _moved_by(before, after, under)
        assert moved == pytest.approx((dx / scale, dy / scale), abs=1), key  # vis-network rounds positions
        assert {u: p for u, p in after.items() if u != under} == {u: p for u, p in before.items() if u != under}
        assert _view(page) == pytest.approx(view)  # the unit, not the view (it stays in sight, so never follows)
        assert _said(page).startswith("Moved " + key.split("Arrow")[1].lower()), key
        before = after
    assert _focused(page) == "div.vis-network"
    # a step right and one down more, then put down (Enter): it stays, and Enter shows no details this time
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert _said(page).startswith(f"Moved down: {STEP_PX} pixels right and {STEP_PX} down from where it was; over ")
    page.keyboard.press("Enter")
    assert _said(page).startswith(f"Put down {STEP_PX} pixels right and {STEP_PX} down from where it was")
    assert page.is_hidden("#details") and _focused(page) == "div.vis-network"
    placed = _positions(page)
    assert _moved_by(start, placed, under) == pytest.approx((STEP_PX / scale, STEP_PX / scale), abs=0.5)
    # put down, the arrows move the view again, not the unit
    view = _view(page)
    page.keyboard.down("ArrowLeft")
    assert eventually(page, lambda: _view(page)[0] != view[0])
    page.keyboard.up("ArrowLeft")
    assert _positions(page) == placed


def test_html_keyboard_move_escape_puts_the_unit_back(page: Any) -> None:
    _tab_to(page, "div.vis-network")
    page.keyboard.press("M")
    unit = page.evaluate("argmap.focus")
    assert unit in ORDER
    start = _positions(page)
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert _positions(page)[unit] != start[unit]
    page.keyboard.press("Escape")
    assert _positions(page) == start and _said(page) == "Put back where it was."
    assert page.evaluate("argmap.focus") == unit  # still highlighted: Escape again closes that, as ever
    page.keyboard.press("Escape")
    assert page.evaluate("argmap.focus") is None


def test_html_keyboard_move_takes_the_highlighted_unit(page: Any) -> None:
    # the unit a search highlighted (its details open) is the one moved, wherever the cross is
    _tab_to(page, "search")
    page.keyboard.type("Madrid")
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.focus") == "e"
    _tab_to(page, "div.vis-network")
    assert page.evaluate("argmap.focus") == "e"
    start = _positions(page)
    scale = _view(page)[2]
    page.keyboard.press("m")
    assert "evidence: Asthma admissions fell in Madrid" in _said(page)
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("m")  # M puts it down, too
    assert _said(page).startswith(f"Put down {BIG_PX} pixels right from where it was")
    assert _moved_by(start, _positions(page), "e") == pytest.approx((BIG_PX / scale, 0), abs=0.5)
    page.keyboard.press("ArrowRight")
    assert _moved_by(start, _positions(page), "e") == pytest.approx((BIG_PX / scale, 0), abs=0.5)


def test_html_keyboard_move_keys_in_the_search_box_move_nothing(page: Any) -> None:
    # the search box keeps its keys: arrows and M there move its caret or type, never a unit
    _tab_to(page, "div.vis-network")
    page.keyboard.press("m")  # picked up on the map ...
    unit = page.evaluate("argmap.focus")
    page.keyboard.press("ArrowRight")
    _tab_to(page, "search", back=True)  # ... and put down where it was when the keyboard left the map
    put_down = _said(page)
    assert put_down.startswith(f"Put down {STEP_PX} pixels right from where it was")
    assert page.evaluate("argmap.focus") == unit
    start, view = _positions(page), _view(page)
    page.keyboard.type("cars m")
    assert page.input_value("#search") == "cars m"
    for key in ("ArrowLeft", "ArrowLeft", "Shift+ArrowLeft", "ArrowUp", "ArrowDown", "Shift+ArrowRight",
                "ArrowRight", "m", "M", "Enter"):
        page.keyboard.press(key)
    assert page.input_value("#search") == "cars mmM"  # the caret went back to the end, and M typed there
    assert _positions(page) == start and _view(page) == pytest.approx(view)
    assert _said(page) == put_down  # nothing picked up nor moved since


def test_html_keyboard_move_keeps_the_unit_in_sight(page: Any) -> None:
    # a unit carried out of the clear area takes the view with it
    _tab_to(page, "div.vis-network")
    page.keyboard.press("m")
    unit = page.evaluate("argmap.focus")
    start_view = _view(page)
    for _ in range(40):
        page.keyboard.press("Shift+ArrowRight")
    assert eventually(page, lambda: _view(page)[0] > start_view[0])
    steady_view(page)
    drawn, area = _on_screen(page, unit), _clear_area(page)
    assert area["left"] <= drawn["left"] and drawn["right"] <= area["right"]


def test_html_keyboard_move_is_said_in_a_status_region_and_a_click_puts_down(page: Any) -> None:
    # said as the search's count is: a polite status region (in the map's part of the page, not the toolbar's)
    from playwright.sync_api import expect

    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    _tab_to(page, "div.vis-network")
    page.keyboard.press("m")
    unit = page.evaluate("argmap.focus")
    expect(status).to_contain_text("Moving ")
    start = _positions(page)
    page.keyboard.press("Shift+ArrowUp")
    expect(status).to_contain_text(f"Moved up: {BIG_PX} pixels up from where it was; over ")
    area = _clear_area(page)
    top = page.eval_on_selector("#map", "e => e.getBoundingClientRect().top")
    page.mouse.click(area["right"] - 20, top + area["bottom"] - 20)  # an empty corner: put down, where it is
    expect(status).to_have_text(f"Put down {BIG_PX} pixels up from where it was; over no other unit.")
    placed = _positions(page)
    assert placed[unit] != start[unit]
    page.keyboard.press("ArrowRight")  # the map has the keyboard still; its arrows move the view again
    assert _positions(page) == placed
