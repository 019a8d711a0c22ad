"""Headless Chromium (Debian's, driven by Playwright) for the map tests, the screenshot and the benchmark.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium`` (``.ci/setup`` installs it).
Every request that is not for a ``file:`` URL is refused and recorded, and DNS resolves nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("ARGMAP_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND"]


def need_chromium() -> None:
    """Fail in CI (CI=true) when Chromium is missing; skip elsewhere."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/setup as root installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Loaded:
    """A map page loaded in Chromium, with what it tried to do."""

    page: Any
    seconds: float
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def load_map(browser: Any, path: Path, *, width: int = 1400, height: int = 900, timeout_ms: int = 30000) -> Loaded:
    """Open ``path`` and wait until the map has drawn (``body[data-ready]``); outside requests are blocked."""
    page = browser.new_page(viewport={"width": width, "height": height})
    loaded = Loaded(page, 0.0)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            loaded.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: loaded.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: loaded.console.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (loaded.dialogs.append(d.message), d.dismiss()))
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    # A selector, not a JS predicate: the page's CSP forbids the eval a string predicate needs.
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_ms)
    loaded.seconds = time.perf_counter() - start
    return loaded
