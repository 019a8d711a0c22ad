"""The examples in the package's docstrings run and show what they say.

Examples that need the shared corpora, the network or a trained spaCy pipeline are marked ``+SKIP`` where they
are written; :mod:`doctest` leaves them out without a skipped test here, and a module only gets a test when it
has an example that runs.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

import argmap
from tests.conftest import CORPORA, SHARED

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


def _public_functions() -> dict[str, Callable[..., object]]:
    import argmap.api

    found: dict[str, Callable[..., object]] = {}
    for module in (argmap, argmap.api):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                found.setdefault(name, value)
    return found


_PUBLIC = _public_functions()
#: An example that reads the shared corpora: by path, or by the name of an annotated corpus.
_SHARED_USE = re.compile(r"\.\./shared|[(\[]\"(cmv|webdiscourse|microtexts|qt30)\"")


def test_every_public_function_shows_an_example() -> None:
    """Every function of ``argmap`` and ``argmap.api`` shows a notebook user how it is called (28 did not)."""
    missing = sorted(name for name, function in _PUBLIC.items()
                     if "Example:" not in (function.__doc__ or "") or ">>>" not in (function.__doc__ or ""))
    assert not missing, f"no Example: section with a >>> line in the docstrings of {', '.join(missing)}"


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder as the examples assume it: the sample thread in ``argmap.db``, ``corpora/`` beside it (the
    sample and the evidence library) and ``../shared`` where the shared corpora are."""
    from argmap import Settings, ingest

    root = tmp_path_factory.mktemp("examples")
    project = root / "project"
    shutil.copytree(CORPORA, project / "corpora")
    (project / "graphs").mkdir()
    if SHARED.is_dir():
        (root / "shared").symlink_to(SHARED.parent, target_is_directory=True)
    report = ingest(str(project / "corpora" / "hn-open-models.txt"), settings=Settings(db=str(project / "argmap.db")))
    assert report.ok, report.failures
    return project


def _run_in_a_copy(test: doctest.DocTest, sample_project: Path, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``test``'s examples, unskipped, in a copy of the project folder holding the sample thread."""
    if _SHARED_USE.search("".join(e.source for e in test.examples)) and not SHARED.is_dir():
        pytest.skip("the example reads ../shared/corpora, which is not beside the project")
    project = tmp_path / "project"
    shutil.copytree(sample_project, project, symlinks=True)
    if (sample_project.parent / "shared").exists():
        (tmp_path / "shared").symlink_to(SHARED.parent, target_is_directory=True)
    monkeypatch.chdir(project)
    for example in test.examples:
        example.options.pop(doctest.SKIP, None)
    output: list[str] = []
    result = doctest.DocTestRunner(optionflags=_FLAGS).run(test, out=output.append)
    assert result.attempted and not result.failed, "".join(output)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(_PUBLIC))
def test_public_examples_hold_on_the_sample_thread(name: str, sample_project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples are marked +SKIP for the plain doctest run (they need the pipeline and a database); here they run
    in a copy of a project folder holding the sample thread, and show what they say."""
    function = _PUBLIC[name]
    [test] = doctest.DocTestFinder(recurse=False).find(function, name, globs={})
    _run_in_a_copy(test, sample_project, tmp_path, monkeypatch)


#: Examples that need the network: never run.
_ONLINE = frozenset({"argmap.sources.fetch.fetch_thread"})


def _other_examples() -> dict[str, str]:
    """The doctests, outside :data:`_PUBLIC`, whose examples are marked +SKIP for the plain run: the functions of
    :mod:`argmap.evaluate` a notebook scores with, the :class:`~argmap.nlp.extract.Extractor` the README has it
    reuse, and the others a script meets."""
    public = {f"{function.__module__}.{function.__qualname__}" for function in _PUBLIC.values()}
    names: dict[str, str] = {}  # the doctest's name -> its module's
    for info in pkgutil.walk_packages(argmap.__path__, "argmap."):
        if info.name.endswith("__main__"):
            continue
        for test in doctest.DocTestFinder().find(importlib.import_module(info.name), info.name):
            if (test.name not in public and test.name not in _ONLINE
                    and any(example.options.get(doctest.SKIP, False) for example in test.examples)):
                names[test.name] = info.name
    return dict(sorted(names.items()))


_OTHERS = _other_examples()


def test_the_other_examples_include_the_scoring_functions() -> None:
    assert {"argmap.evaluate.metrics.evaluate", "argmap.evaluate.predicted.read_predictions",
            "argmap.nlp.extract.Extractor"} <= set(_OTHERS)


@pytest.mark.slow
@pytest.mark.parametrize("name", _OTHERS)
def test_other_examples_hold_on_the_sample_thread(name: str, sample_project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the functions of ``argmap`` and ``argmap.api`` had their skipped examples run: ``to_brat``'s showed
    offsets the sample thread does not give, ``read_document``'s another passage, and those of
    ``argmap.evaluate.evaluate``, ``Extractor`` and ``segments`` named what they never imported or made."""
    module = importlib.import_module(_OTHERS[name])
    [test] = [found for found in doctest.DocTestFinder().find(module, module.__name__) if found.name == name]
    _run_in_a_copy(test, sample_project, tmp_path, monkeypatch)
