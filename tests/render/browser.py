"""Headless Chromium for the map tests: the browser helpers live in :mod:`argmap.bench.browser`.

``need_chromium`` stays here because it fails or skips a test (pytest only).
"""

from __future__ import annotations

import os

import pytest

from argmap.bench.browser import CHROMIUM, Loaded, chromium, load_map

__all__ = ["CHROMIUM", "Loaded", "chromium", "load_map", "need_chromium"]


def need_chromium() -> None:
    """Fail in CI (CI=true) when Chromium is missing; skip elsewhere."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/setup as root installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
