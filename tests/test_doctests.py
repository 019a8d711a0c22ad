"""The examples in the package's docstrings run and show what they say.

Examples that need the shared corpora, the network or a trained spaCy pipeline are marked ``+SKIP`` where they
are written; :mod:`doctest` leaves them out without a skipped test here, and a module only gets a test when it
has an example that runs.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import argmap

_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _runnable_examples(module: ModuleType) -> int:
    tests = doctest.DocTestFinder().find(module, module.__name__)
    return sum(1 for test in tests for example in test.examples
               if not example.options.get(doctest.SKIP, False))


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(argmap.__path__, "argmap."):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        if _runnable_examples(importlib.import_module(info.name)):
            names.append(info.name)
    return names


_MODULES = _modules_with_examples()


def test_the_package_has_docstring_examples_that_run() -> None:
    assert {"argmap.config", "argmap.nlp.kinds", "argmap.nlp.retrieval"} <= set(_MODULES)


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=_FLAGS, verbose=False, report=False)
    assert result.attempted == _runnable_examples(module)
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} show something else; run " \
                               f"python -m doctest -v {module.__file__}"
