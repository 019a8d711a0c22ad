"""Every command has help with an example, and the README documents every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from argmap.cli import app
from tests.conftest import ROOT

COMMANDS = sorted(c.name or "" for c in typer.main.get_command(app).commands.values())  # type: ignore[attr-defined]


def test_help_a_command_that_reads_the_store_does_not_import_the_nlp_or_network_libraries(tmp_path: Path) -> None:
    """Every command imported spaCy, bm25s, numpy, httpx and BeautifulSoup, which only ingesting, fetching and
    evidence linking use: 1.6 CPU-s before a query could start, 0.6 s of it theirs."""
    import os
    import subprocess
    import sys

    heavy = ("spacy", "thinc", "bm25s", "numpy", "httpx", "bs4")
    code = ("import sys; from argmap.cli import main; sys.argv = ['argmap', '--db', sys.argv[1], 'threads']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "none.db")], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert "no database at" in done.stderr  # the command ran, and refused the missing file
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_help_every_command_has_help_and_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: argmap" in result.stdout
    # typer wrote "--attacked <bool>": a flag that seemed to take a value ("--attacked true" took "true" as the topic)
    assert "<bool>" not in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_help_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"argmap {name}" in readme


def test_help_lists_commands_in_the_order_a_session_uses_them() -> None:
    from argmap.cli.app import COMMAND_ORDER

    result = CliRunner().invoke(app, ["--help"], terminal_width=100)
    listed = [line.split()[1] for line in result.stdout.splitlines()
              if line.startswith("│ ") and len(line.split()) > 1 and line.split()[1] in COMMANDS]
    assert listed == list(COMMAND_ORDER) and sorted(COMMAND_ORDER) == COMMANDS  # every command, ingest first


def test_help_version_names_argmap_spacy_and_python() -> None:
    import importlib.metadata
    import platform

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == (f"argmap {importlib.metadata.version('argmap')} (spaCy "
                                     f"{importlib.metadata.version('spacy')}, Python {platform.python_version()})")


def test_help_a_usage_error_raised_in_a_command_stays_a_usage_error() -> None:
    from argmap.cli.app import errors

    @app.command("usage-probe", hidden=True)
    def probe(ctx: typer.Context) -> None:
        with errors(ctx):
            raise typer.BadParameter("not that", param_hint="--x")

    try:
        result = CliRunner().invoke(app, ["usage-probe"])
    finally:
        app.registered_commands.pop()
    assert result.exit_code == 2 and "not that" in result.output and "bug in argmap" not in result.output


def test_help_paragraphs_are_wrapped_by_the_terminal_not_by_the_docstring() -> None:
    """typer kept the docstring's own line breaks after the first paragraph: 'an HTML page with' ended a line."""
    result = CliRunner().invoke(app, ["evidence", "add", "--help"])
    assert "unreadable PDF, an HTML page with no text, a file over 20 MB" in result.stdout  # one line at 80 columns
    result = CliRunner().invoke(app, ["benchmark", "--help"])
    assert "the load average before and after. With --db" in result.stdout


@pytest.mark.parametrize(("args", "named"), [
    (["claims", "--topic", "x", "--kind", "clam"], "use --kind claim or --kind premise"),
    (["claims", "--topic", "x", "--label", "maybe"], "use one of: in, out, undecided"),
    (["render", "--layout", "spiral"], "use one of: auto, fixed, physics"),
    (["export", "--format", "pdf"], "use one of: json, aif, graphml"),
    (["ingest", "--format", "yaml", "x.txt"], "use one of: text, document"),
    (["eval", "cmv", "--gold-format", "bart"], "give one of cmv, webdiscourse"),
    (["benchmark", "--sections", "speed,nope"], "use some of: speed, write"),
    (["claims", "--topic", "x", "--limit", "0"], "greater than or equal to 1"),  # typer's own, for comparison
])
def test_help_a_value_an_option_does_not_take_is_a_usage_error(tmp_path: Path, args: list[str], named: str) -> None:
    """``--kind bogus``, ``--layout bogus``, ``--format bogus`` exited 1, as argmap's errors do, while
    ``--sections bogus`` and typer's own checks (``--limit 0``) exited 2: a script could not tell a mistyped
    command from a failure. Every value an option does not take is now a usage error: status 2, the option and
    the values it takes named, before anything is read or written."""
    db = tmp_path / "none.db"
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    said = " ".join(result.stderr.replace("│", " ").split())
    assert result.exit_code == 2, result.output
    assert args[-2] in said and named in said and result.stdout == ""
    assert not db.exists()


@pytest.mark.parametrize("name", ["threads", "delete", "export", "claims", "topics", "search", "analyze",
                                  "evidence add", "evidence sources", "evidence link"])
def test_help_examples_run_as_written(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example in each command's help works, run as written from a clone in which the sample thread is stored
    (as the README's quick start leaves it): ``delete`` and ``evidence add`` named a thread and folders that do not
    exist. (The examples of the other commands need the trained pipeline, the shared corpora or minutes.)"""
    import shlex
    import shutil

    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--no-extract", "corpora/hn-open-models.txt"]).exit_code == 0
    command = typer.main.get_command(app)
    for part in name.split():
        command = command.commands[part]  # type: ignore[attr-defined]
    line = next(line for line in (command.help or "").splitlines() if "Example: argmap" in line)
    example = line.split("Example: argmap", 1)[1].split(" (", 1)[0].strip()  # a remark in brackets is no argument
    result = runner.invoke(app, shlex.split(example))
    assert result.exit_code == 0, f"argmap {example}: {result.output}"


def test_help_names_every_environment_variable_the_readme_documents() -> None:
    """``--help`` named ARGMAP_DB, ARGMAP_MODEL and ARGMAP_WORKERS, but not ARGMAP_TIMEOUT, ARGMAP_HN_API or
    ARGMAP_REDDIT_BASE, which the README documents for fetching URLs: ``ingest --help`` and ``evidence add --help``
    now say them where they describe the URLs they take."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"\bARGMAP_[A-Z_]+\b", readme))
    assert {"ARGMAP_DB", "ARGMAP_TIMEOUT", "ARGMAP_HN_API", "ARGMAP_REDDIT_BASE"} <= documented
    runner = CliRunner()
    said = " ".join(runner.invoke(app, [*args, "--help"], terminal_width=200).stdout
                    for args in ([], *([name] for name in COMMANDS), ["evidence", "add"]))
    assert {name for name in documented if name not in said} == set()
    assert "ARGMAP_TIMEOUT" in runner.invoke(app, ["evidence", "add", "--help"], terminal_width=200).stdout


@pytest.mark.parametrize("name", ["render", "export"])
def test_help_output_takes_a_path(name: str) -> None:
    """``-o`` is read as text (so that ``-o maps/`` is seen to name a folder), and its help said ``<str>``."""
    said = CliRunner().invoke(app, [name, "--help"], terminal_width=200).stdout
    [line] = [line for line in said.splitlines() if line.lstrip("│ ").startswith("--output")]
    assert "<path>" in line and "<str>" not in line


@pytest.mark.parametrize("args", [["threads", "--help"], ["ingest", "--help"], ["evidence", "add", "--help"]])
def test_help_of_a_command_shows_though_a_variable_is_wrong(args: list[str]) -> None:
    """``argmap ingest --help`` with ``ARGMAP_WORKERS=two`` set printed the variable's error instead of the help that
    might explain it; the command itself still refuses it, and a flag given in its place still wins."""
    wrong = {"ARGMAP_WORKERS": "two"}
    shown = CliRunner().invoke(app, args, env=wrong)
    assert shown.exit_code == 0 and "Usage: " in shown.stdout and "ARGMAP_WORKERS" not in shown.stderr
    run = CliRunner().invoke(app, args[:-1] + (["x.txt"] if args[-2] != "threads" else []), env=wrong)
    assert run.exit_code == 1 and "error: ARGMAP_WORKERS='two' is not a whole number" in run.stderr
    assert CliRunner().invoke(app, ["--workers", "1", "--db", "nothing.db", "threads"], env=wrong).stderr.startswith(
        "error: no database at")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["evidence", "evidence for", "evidence sources"])
def test_help_evidence_examples_find_what_they_show(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The evidence examples asked about the sample thread, which cites no source, and about 'remote work', a topic
    no bundled thread has, so each answered that it found nothing, as did ``evidence for`` of a sample claim the
    library says nothing about. They now name a thread, topic and claim of ``corpora/evidence/``, and each finds
    what it shows after the README's steps (``ingest corpora/evidence/*.txt``, ``evidence add`` of its library)."""
    import shlex
    import shutil

    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    threads = sorted(str(path.relative_to(tmp_path)) for path in (tmp_path / "corpora" / "evidence").glob("*.txt"))
    assert runner.invoke(app, ["ingest", *threads]).exit_code == 0
    assert runner.invoke(app, ["evidence", "add", "corpora/evidence/library/"]).exit_code == 0
    command = typer.main.get_command(app)
    for part in name.split():
        command = command.commands[part]  # type: ignore[attr-defined]
    line = next(line for line in (command.help or "").splitlines() if "Example: argmap" in line)
    example = line.split("Example: argmap", 1)[1].split(" (", 1)[0].strip()
    result = runner.invoke(app, [*shlex.split(example), "--json"])
    assert result.exit_code == 0, f"argmap {example}: {result.output}"
    found = json.loads(result.stdout)
    if name == "evidence for":
        assert found["passages"] and found["given"]
    else:
        assert found and all(source["citations"] for source in found)


@pytest.mark.slow
def test_help_benchmark_example_is_quick_and_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's example (``--sections speed,write --json``, no file) ran the speed section twice over the
    shared corpora's 6,498 posts, minutes with nothing shown (``--json`` hides progress); it names the sample
    thread and one run, and runs as written from the project folder."""
    import shlex
    import shutil

    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)
    command = typer.main.get_command(app).commands["benchmark"]  # type: ignore[attr-defined]
    line = next(line for line in (command.help or "").splitlines() if "Example: argmap" in line)
    example = line.split("Example: argmap", 1)[1].split(" (", 1)[0].strip()
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), *shlex.split(example)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["speed"]["runs"] == 1 and data["speed"]["argmap"]["posts"] == 19 and data["write"]
