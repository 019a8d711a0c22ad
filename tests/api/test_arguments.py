"""The API as a notebook calls it: one string where a list is expected is one item, not its characters, and
a `Path` is a path."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from argmap import Settings, add_documents, ingest, link_library, read_thread, threads
from argmap.api import delete_threads, evaluate
from argmap.errors import SettingsError, UnknownFormat
from tests.evaluate.test_curated import aif_map


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a thread, an AIF map and a library document (relative paths, as in a notebook):
    read character by character, ``"t.txt"`` would name ``.``, the folder itself."""
    (tmp_path / "t.txt").write_text("Night buses should run all year.\nNobody rides them in winter.\n",
                                    encoding="utf-8")
    (tmp_path / "buses.json").write_text(json.dumps(aif_map()), encoding="utf-8")
    (tmp_path / "doc.md").write_text("Shift workers ride night buses every night of the year, a survey found.\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_arguments_one_string_is_one_target(folder: Path) -> None:
    settings = Settings(db=str(folder / "a.db"))
    report = ingest("t.txt", settings=settings, extract=False)
    assert (report.failures, [t.source for t in report.threads]) == ([], ["t.txt"])
    added = add_documents("doc.md", settings=settings)
    assert (added.failures, [d.source for d in added.added]) == ([], ["doc.md"])
    assert [t.title for t in delete_threads("t", settings=settings)] == ["t"]
    assert threads(settings=settings) == []


def test_arguments_one_string_is_one_kind(folder: Path) -> None:
    settings = Settings(db=str(folder / "a.db"))
    assert ingest(["buses.json"], settings=settings, extract=False).failures == []  # a map keeps its units
    add_documents(["doc.md"], settings=settings, link=False)
    assert link_library(settings=settings, kinds="premise").units == 1  # "Shift workers ride them every night"


def test_arguments_one_string_is_one_corpus(folder: Path) -> None:
    [result] = evaluate("buses.json", trivial=True)
    assert (result.corpus, result.path, result.threads) == ("maps", "buses.json", 1)


def test_arguments_paths_are_paths(folder: Path) -> None:
    settings = Settings(db=str(folder / "a.db"))
    assert read_thread(folder / "t.txt").title == "t"
    report = ingest([folder / "t.txt"], settings=settings, extract=False)
    assert (report.failures, [t.title for t in report.threads]) == ([], ["t"])
    assert ingest(folder / "buses.json", settings=settings, extract=False).failures == []
    assert [d.source for d in add_documents([folder / "doc.md"], settings=settings).added] == [str(folder / "doc.md")]
    [result] = evaluate([folder / "buses.json"], trivial=True)
    assert (result.corpus, result.threads) == ("maps", 1)


def test_arguments_format_in_any_case_and_checked_first(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(db=str(folder / "a.db"))
    assert read_thread("t.txt", format="TEXT").format == "text"
    assert [t.format for t in ingest(["t.txt"], settings=settings, format="Text", extract=False).threads] == ["text"]

    def no_pipeline(settings: Settings | None = None) -> None:
        raise AssertionError("the pipeline was loaded for a format that names no reader")

    # argmap.api.ingest is the function; the module is found by its name
    monkeypatch.setattr(importlib.import_module("argmap.api.ingest"), "load_extractor", no_pipeline)
    with pytest.raises(UnknownFormat, match=r"no reader called 'txt'\n  fix: use one of: 4forums, aif, "):
        ingest(["t.txt"], settings=Settings(db=str(folder / "b.db")), format="txt")
    assert not (folder / "b.db").exists()
    with pytest.raises(UnknownFormat, match="no reader called 'txt'"):
        read_thread("t.txt", format="txt")


@pytest.mark.parametrize("call", [
    lambda settings: threads(settings=settings),
    lambda settings: ingest("t.txt", settings=settings, extract=False),
    lambda settings: delete_threads("t", settings=settings),
    lambda settings: evaluate("buses.json", settings=settings, trivial=True),
], ids=["threads", "ingest", "delete_threads", "evaluate"])
@pytest.mark.parametrize("given", ["a.db", Path("a.db")], ids=["str", "Path"])
def test_arguments_a_path_given_as_settings_names_the_fix(folder: Path, call: Any, given: object) -> None:
    """A database path where the settings belong failed as ``AttributeError: 'str' object has no attribute 'db'``
    from inside the store; it is a SettingsError (an ArgmapError) that shows the call to make instead."""
    with pytest.raises(SettingsError, match=r"settings must be argmap\.Settings, not \w+ .*a\.db.*; give "
                                            r"settings=Settings\(db='a\.db'\)"):
        call(given)
    assert not (folder / "a.db").exists()  # nothing was written anywhere
    with pytest.raises(SettingsError, match=r"not int 5; give settings=Settings\(db='argmap\.db'\)"):
        threads(settings=5)  # type: ignore[arg-type]
