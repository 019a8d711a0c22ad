"""``argmap benchmark`` from the command line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.conftest import CORPORA


@pytest.fixture(autouse=True)
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cached query database goes to this test's folder, not the system's temporary folder."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def test_benchmark_json_query_and_map(cli: Cli, tmp_path: Path) -> None:
    data = cli.json("benchmark", "--sections", "query,map", "--query-units", "150", "--map-units", "30")
    assert data["sections"] == ["query", "map"] and data["speed"] is None and data["write"] == []
    assert data["query"]["units"] == 150 and data["query"]["reused"] is False
    assert Path(data["query"]["database"]).parent == tmp_path
    assert data["map"]["units"] == 30
    assert data["map"]["skipped"] or len(data["map"]["loads"]) == 3
    # what a reader waits for on the map, each load's and their medians
    assert data["map"]["skipped"] or all(load[name] > 0 for load in data["map"]["loads"]
                                         for name in ("click_s", "filter_s", "reset_s"))
    assert data["map"]["skipped"] or data["map"]["median_reset_s"] > 0
    assert data["cpus"] >= 1 and len(data["load_before"]) == 3
    again = cli.json("benchmark", "--sections", "query", "--query-units", "150")
    assert again["query"]["reused"] is True


def test_benchmark_says_what_the_figures_were_taken_with(cli: Cli) -> None:
    """The report gave the CPUs and the load but not argmap's, spaCy's or Python's version nor the system, so
    figures from two machines or two releases could not be told apart; nor the CPUs a cpuset leaves usable."""
    from importlib.metadata import version

    data = cli.json("benchmark", "--sections", "query", "--query-units", "20")
    assert data["versions"]["argmap"] == version("argmap") and data["versions"]["spacy"] == version("spacy")
    assert data["versions"]["python"].count(".") == 2 and data["machine"]
    assert 1 <= data["usable_cpus"] <= data["cpus"]
    text = cli("benchmark", "--sections", "query", "--query-units", "20")
    assert f"spacy {version('spacy')}" in text.stdout and data["machine"] in text.stdout


def test_benchmark_unknown_section_names_the_choices(cli: Cli) -> None:
    result = cli("benchmark", "--sections", "speed,nope")
    assert result.exit_code == 2  # a value out of range, as for typer's own checks
    assert "nope" in result.stderr and "speed, write, query, map, memory" in result.stderr
    assert "--sections" in result.stderr


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_benchmark_sections_naming_none_says_so(cli: Cli, value: str) -> None:
    """``--sections ''`` said "'' names no section ; use some of": a dangling space where a name should be."""
    result = cli("benchmark", "--sections", value)
    assert result.exit_code == 2
    said = " ".join(result.stderr.replace("│", " ").split())
    assert "names no section; use some of: speed, write, query, map, memory" in said


def test_benchmark_sections_are_read_whatever_their_case(cli: Cli) -> None:
    """``--sections Query`` was refused as no section, though the list it printed named query."""
    data = cli.json("benchmark", "--sections", " Query ", "--query-units", "20")
    assert data["sections"] == ["query"] and data["query"]["units"] == 20


def test_benchmark_default_inputs_missing_say_what_to_do(cli: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Run outside the project (no ../shared/corpora, no corpora/), the speed section said '/somewhere/corpora:
    does not exist; fix: check the path', a path the user never gave; it now says it is the default and how to
    name threads instead, before any section runs."""
    monkeypatch.chdir(tmp_path)
    result = cli("benchmark", "--sections", "query,speed", "--query-units", "100000000")
    assert result.exit_code == 1  # at once, before the query section's hours of populating
    said = " ".join(result.stderr.split())
    assert str(tmp_path / "corpora") in said and "no threads to time" in said
    assert "argmap benchmark FILE_OR_FOLDER" in said and "../shared/corpora/threads/" in said


def test_benchmark_a_missing_memory_source_fails_before_any_work(cli: Cli, tmp_path: Path) -> None:
    result = cli("benchmark", "--sections", "query,memory", "--query-units", "100000000",
                 "--source", str(tmp_path / "nowhere"))
    assert result.exit_code == 1  # at once: a hundred million query units would take hours to populate
    assert "nowhere" in result.stderr and "--source" in result.stderr


@pytest.mark.slow
def test_benchmark_every_section_tiny(cli: Cli) -> None:
    data = cli.json("benchmark", str(CORPORA / "hn-open-models.txt"), "--query-units", "100", "--map-units", "20",
                    "--memory-posts", "200", "--source", str(CORPORA), "--runs", "1")
    assert data["speed"]["argmap"]["posts"] == data["speed"]["raw_pipe"]["posts"] == 19
    assert data["speed"]["ratio"] == round(data["speed"]["argmap"]["words_per_s"]
                                           / data["speed"]["raw_pipe"]["words_per_s"], 3)
    assert data["write"][0]["rows"] > 0 and data["query"]["units"] == 100
    assert data["memory"]["posts"] == 200 and data["memory"]["peak_rss_mb"] > 0 and data["memory"]["exit_code"] == 0
    assert json.dumps(data)


@pytest.mark.parametrize(("processes", "shown", "not_shown"), [
    (1, "raw nlp.pipe (1 process)", "Docs sent back"), (2, "raw nlp.pipe (Docs sent back)", "(1 process)")])
def test_benchmark_raw_rates_are_named_for_the_processes(monkeypatch: pytest.MonkeyPatch, processes: int,
                                                         shown: str, not_shown: str) -> None:
    """With one process (any input under 400 posts) the table still said 'Docs sent back' and 'no Docs sent
    back', a difference only worker processes make: both raw rows timed the same in-process ``nlp.pipe``."""
    import io

    from rich.console import Console

    import argmap.cli.benchmark as command
    from argmap.api.benchmark import BenchmarkReport
    from argmap.bench.speed import Rate, Speed

    screen = io.StringIO()
    monkeypatch.setattr(command, "out", Console(file=screen, width=200))
    rate = Rate(1.0, 10, 100)
    speed = Speed(["parser"], [], processes, 64, 1, rate, rate, rate, argmap_components=["argmap_units"])
    command._print(BenchmarkReport(["speed"], ["x"], speed=speed))
    assert "argmap ingest (+argmap_units, read, store)" in screen.getvalue()  # what only argmap runs
    assert shown in screen.getvalue() and not_shown not in screen.getvalue()
    assert "inputs: x" in screen.getvalue()  # the threads timed (the default falls back to corpora/) were not said
