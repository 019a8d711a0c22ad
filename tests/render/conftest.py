"""Small maps that need no spaCy pipeline (a Kialo debate and an AIF map full of hostile text), and a browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from argmap import api
from argmap.config import Settings
from tests.render.browser import chromium, need_chromium

KIALO = """Discussion Title: Should cities ban cars from their centres?

1. Cities should ban cars from their centres.
1.1. Pro: Air quality improves where cars are banned.
1.1.1. Con: Deliveries still need vans, which pollute as much as cars.
1.1.2. Pro: Asthma admissions fell in Madrid after the ban.
1.2. Con: Shops lose customers who drive.
1.2.1. Con: -> See 1.1.1.
1.2.2. Pro: Retail footfall dropped in Oxford Street trials.
"""

#: Hostile text from posts, authors and titles: it must show as text and never run.
PAYLOADS = [
    "<script>window.__pwned = 1; alert(1)</script>",
    "</script><script>window.__pwned = 2</script>",
    "<img src=x onerror=\"window.__pwned = 3\">",
    "Click <a href=\"javascript:window.__pwned = 4\">here</a> or javascript:window.__pwned = 5",
    "<svg onload=\"window.__pwned = 6\"></svg> & <iframe src=\"https://evil.example/\"></iframe>",
]
PAYLOAD_TITLE = "<script>window.__pwned = 7</script> </title><img src=x onerror=alert(8)>"
PAYLOAD_AUTHOR = "<img src=x onerror=\"window.__pwned = 9\">"


def payload_aif() -> dict[str, object]:
    """An AIF map whose locutions, propositions, speaker and title are all attacks on the page."""
    nodes: list[dict[str, object]] = []
    edges: list[dict[str, object]] = []
    locutions: list[dict[str, object]] = []
    for n, text in enumerate(PAYLOADS, start=1):
        nodes += [{"nodeID": f"L{n}", "text": f"{PAYLOAD_AUTHOR}: {text}", "type": "L"},
                  {"nodeID": f"Y{n}", "text": "Asserting", "type": "YA"},
                  {"nodeID": f"I{n}", "text": text, "type": "I"}]
        edges += [{"edgeID": len(edges) + 1, "fromID": f"L{n}", "toID": f"Y{n}"},
                  {"edgeID": len(edges) + 2, "fromID": f"Y{n}", "toID": f"I{n}"}]
        locutions.append({"nodeID": f"L{n}", "personID": 1, "start": f"2024-01-0{n} 10:00:00"})
        if n > 1:
            kind = "CA" if n % 2 else "RA"
            nodes.append({"nodeID": f"S{n}", "text": "Default Conflict" if kind == "CA" else "Default Inference",
                          "type": kind})
            edges += [{"edgeID": len(edges) + 1, "fromID": f"I{n}", "toID": f"S{n}"},
                      {"edgeID": len(edges) + 2, "fromID": f"S{n}", "toID": "I1"}]
    return {"nodes": nodes, "edges": edges, "locutions": locutions,
            "participants": [{"participantID": 1, "firstname": PAYLOAD_AUTHOR, "surname": ""}],
            "argmap": {"title": PAYLOAD_TITLE}}


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(db=str(db_path))


@pytest.fixture
def kialo_settings(settings: Settings, tmp_path: Path) -> Settings:
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    report = api.ingest([str(path)], settings=settings, format="kialo")
    assert report.ok, report.failures
    return settings


@pytest.fixture
def payload_settings(settings: Settings, tmp_path: Path) -> Settings:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload_aif()), encoding="utf-8")
    report = api.ingest([str(path)], settings=settings, format="aif")
    assert report.ok, report.failures
    return settings


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, one per test module (skipped, or failed in CI, where it is missing)."""
    need_chromium()
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """The small debate of :mod:`tests.render.test_html_a11y` opened in Chromium, for the keyboard tests; the page
    must log nothing to the console but for Chromium's advice to a test reading the canvas's pixels more than once."""
    from argmap.render.html import render_html
    from tests.render.browser import load_map
    from tests.render.test_html_a11y import _graph

    path = tmp_path / "hand.html"
    path.write_text(render_html(_graph(), title="Car-free centres"), encoding="utf-8")
    loaded = load_map(browser, path)
    yield loaded.page
    assert [said for said in loaded.console if "willReadFrequently" not in said] == []
    loaded.page.close()
