"""Headless Chromium for the map tests: the browser helpers live in :mod:`argmap.bench.browser`.

``need_chromium`` and ``need`` stay here because they fail or skip a test (pytest only).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from argmap.bench.browser import CHROMIUM, Loaded, chromium, load_map

__all__ = ["CHROMIUM", "Loaded", "chromium", "load_map", "need", "need_chromium"]


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
