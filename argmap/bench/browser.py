"""Headless Chromium (Debian's, driven by Playwright) for the map benchmark, the screenshot and the map tests.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium`` (``.ci/setup`` installs it), or
the one ``ARGMAP_TEST_CHROMIUM`` names. Every request that is not for a ``file:`` URL is refused and recorded,
and DNS resolves nothing. Playwright is a development dependency: it is imported only when a browser starts.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ARGS", "CHROMIUM", "Loaded", "chromium", "load_map", "unavailable_reason"]

CHROMIUM = Path(os.environ.get("ARGMAP_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND"]


def unavailable_reason() -> str | None:
    """Why the browser cannot run here, or ``None`` when it can.

    Returns:
        str | None: a sentence naming what is missing and how to install it.
    """
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: pip install -e '.[dev]' (it drives the system's Chromium)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/setup as root installs it)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser, closed afterwards.

    Yields:
        Any: a Playwright ``Browser``.

    Raises:
        ImportError: Playwright is not installed (see :func:`unavailable_reason`).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Loaded:
    """A map page loaded in Chromium, with what it tried to do.

    Attributes:
        page (Any): the Playwright ``Page``.
        seconds (float): from navigation until the map had drawn (``body[data-ready]``).
        outside (list[str]): URLs of requests that left the file (all refused).
        console (list[str]): console errors and warnings, and uncaught page errors.
        dialogs (list[str]): messages of dialogs the page opened (dismissed).
    """

    page: Any
    seconds: float
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def load_map(browser: Any, path: Path, *, width: int = 1400, height: int = 900, timeout_ms: int = 30000,
             bypass_csp: bool = False) -> Loaded:
    """Open a map page and wait until it has drawn (``body[data-ready]``); outside requests are blocked.

    Args:
        browser (Any): from :func:`chromium`.
        path (Path): the HTML file.
        width (int): viewport width in pixels.
        height (int): viewport height in pixels.
        timeout_ms (int): how long to wait for the map to draw.
        bypass_csp (bool): let scripts the page's Content-Security-Policy refuses be added to it afterwards (a
            checker such as axe-core, with ``page.add_script_tag``); the page's own scripts run as ever.

    Returns:
        Loaded: the open page (close it when done) and the load time.

    Raises:
        TimeoutError: Playwright's, when the map has not drawn in time.
    """
    page = browser.new_page(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
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
    def dialog(d: Any) -> None:
        loaded.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    # A selector, not a JS predicate: the page's CSP forbids the eval a string predicate needs.
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_ms)
    loaded.seconds = time.perf_counter() - start
    return loaded
