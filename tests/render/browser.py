"""Headless Chromium for the map tests: the browser helpers live in :mod:`argmap.bench.browser`.

``need_chromium`` and ``need`` stay here because they fail or skip a test (pytest only).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from argmap.bench.browser import CHROMIUM, Loaded, chromium, load_map

__all__ = ["CHROMIUM", "Loaded", "chromium", "eventually", "load_map", "need", "need_chromium", "steady_view"]

T = TypeVar("T")
#: How long :func:`eventually` waits for the page, in seconds: generous, for a machine busy with other tests.
PATIENCE = 10.0


def need(tool: Path, message: str) -> None:
    """Fail in CI (CI=true) when ``tool``, which a browser test drives, is missing; skip elsewhere (``message``)."""
    if tool.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def need_chromium() -> None:
    """Fail in CI (CI=true) when Chromium is missing; skip elsewhere."""
    need(CHROMIUM, f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/setup as root installs it)")


def eventually(page: Any, check: Callable[[], T], *, patience: float = PATIENCE) -> T:
    """``check()`` once it is truthy, asked every 50 ms for up to ``patience`` seconds; else its last answer.

    For what the page does in its own time (a frame drawn, the view moving while a key is held), so that a test
    waits as long as a busy machine needs instead of a fixed pause that is too short under load.
    """
    deadline = time.monotonic() + patience
    found = check()
    while not found and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        found = check()
    return found


def steady_view(page: Any) -> None:
    """Wait until the map's view (scale and position) stays the same over three frames."""
    page.evaluate("""() => new Promise(done => {
        const net = argmap.network, view = () => JSON.stringify([net.getScale(), net.getViewPosition()]);
        let last = view(), still = 0;
        const tick = () => { const now = view(); still = now === last ? still + 1 : 0; last = now;
                             if (still >= 3) done(); else requestAnimationFrame(tick); };
        requestAnimationFrame(tick); })""")
