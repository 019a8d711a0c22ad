"""Every name the evaluate modules export exists."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("module", [
    "argmap.evaluate", "argmap.evaluate.gold", "argmap.evaluate.cmv", "argmap.evaluate.webdiscourse",
    "argmap.evaluate.metrics",
])
def test_exports_all_names_exist(module: str) -> None:
    loaded = importlib.import_module(module)
    for name in loaded.__all__:
        assert hasattr(loaded, name), f"{module}.{name}"


def test_exports_import_only_domain_and_errors() -> None:
    from pathlib import Path

    import argmap.evaluate

    folder = Path(argmap.evaluate.__file__).parent
    for path in folder.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("from argmap", "import argmap")):
                module = line.split()[1]
                assert module.startswith(("argmap.domain", "argmap.errors", "argmap.evaluate")), (path.name, line)
