"""The command line in a pipeline: a reader that stops early (``argmap ... | head -1``) is no error of argmap's,
and output for programs is UTF-8 whatever the encoding of standard output.

Each command runs in a subprocess: for the first, its standard output is a pipe already closed at the reading
end, as it is once ``head`` has read its line (the first write fails with EPIPE).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.cli.test_eval_explain import _THREAD
from tests.conftest import ROOT
from tests.render.conftest import KIALO


def _into_closed_pipe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m argmap ARGS`` with stdout a pipe whose reader is gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "argmap", *args], stdout=write, stderr=subprocess.PIPE,
                              text=True, cwd=cwd, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.close(write)


@pytest.fixture
def stored(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(path)).exit_code == 0
    return cli


@pytest.mark.parametrize("args", [
    ("export",), ("export", "--format", "csv"), ("threads", "--json"), ("analyze",), ("render", "-o", "-"),
])
def test_pipes_a_closed_reader_ends_the_command_quietly(stored: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = _into_closed_pipe("--db", str(stored.db), *args, cwd=tmp_path)
    assert result.returncode == 1  # click's way with EPIPE: no traceback, no message
    assert result.stderr == ""


def test_pipes_a_reader_that_stops_part_way_ends_the_command_with_status_1(stored: Cli, tmp_path: Path) -> None:
    """A reader that stops after the first bytes of output larger than the pipe holds (``| head -1``): the short
    write was taken for the whole, so the rest was dropped without a word and the command exited 0."""
    command = [sys.executable, "-m", "argmap", "--db", str(stored.db), "render", "-o", "-"]  # a page of ~800 KB
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(10) == b"<!DOCTYPE "
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == 1
    assert stderr == b""


def test_pipes_eval_explain_json_into_a_closed_reader_is_no_bug(tmp_path: Path) -> None:
    """The JSON was printed inside the error handler, which took the broken pipe for a bug of argmap's."""
    corpus = tmp_path / "cmv"
    (corpus / "negative").mkdir(parents=True)
    (corpus / "negative" / "1.xml").write_text(_THREAD.format(id="n1"), encoding="utf-8")
    result = _into_closed_pipe("--db", str(tmp_path / "x.db"), "eval", str(corpus), "--explain", "negative/1",
                               "--baseline", "--json", cwd=tmp_path)
    assert result.returncode == 1
    assert "bug in argmap" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("args", [
    ("threads",), ("search", "café"),  # tables for people: "?" for an "é" the encoding lacks
    ("threads", "--json"), ("search", "cafe", "--json"), ("export",), ("export", "--format", "csv"),
    ("export", "--format", "markdown"), ("render", "-o", "-"),
])
def test_pipes_stdout_in_another_encoding_than_utf8(cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    """Under PYTHONIOENCODING=ascii (or a Windows code page) a title with "é" or "…" stopped the command with a
    UnicodeEncodeError traceback once the work was done. Output for programs is UTF-8 (what -o FILE holds);
    tables for people show "?" for a character the encoding lacks."""
    thread = tmp_path / "cafe.txt"
    thread.write_text("Discussion Title: Should every café stay open until midnight…?\n\n"
                      "1. Every café should stay open until midnight.\n"
                      "1.1. Pro: Night-shift workers need a café too.\n"
                      "1.2. Con: Staff costs would double…\n", encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(thread)).exit_code == 0
    result = subprocess.run([sys.executable, "-m", "argmap", "--db", str(cli.db), *args], capture_output=True,
                            cwd=tmp_path, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    said = result.stdout.decode("utf-8").lower()
    assert "café" in said if "--json" in args or args[0] in ("export", "render") else "caf?" in said


#: Queries that find nothing in the stored Kialo map (undated, citing no source), and in an empty database.
_NOTHING_STORED = [("claims", "zebra"), ("claims", "--thread", "Should cities", "--since", "2030-01-01"),
                   ("search", "zebra"), ("search", "cars", "--author", "nobody"), ("evidence", "documents"),
                   ("evidence", "sources", "--topic", "zebra")]
_NOTHING_EMPTY = [("threads",), ("topics",), ("analyze",)]


@pytest.mark.parametrize("args", _NOTHING_STORED + _NOTHING_EMPTY)
def test_pipes_nothing_found_leaves_standard_output_empty(stored: Cli, args: tuple[str, ...]) -> None:
    """"no claims on 'zebra'", "nothing matches", "no threads stored yet"... were printed on standard output: the
    one line of ``argmap claims X > claims.txt`` and of ``| wc -l``, read as a row found. They go to standard error,
    exit status 0 (finding nothing is an answer), and --json prints an empty list or object there, no sentence."""
    if args in _NOTHING_EMPTY:
        [thread] = stored.json("threads")
        assert stored("delete", thread["id"]).exit_code == 0
    result = stored(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr.strip()
    as_json = stored(*args, "--json")
    assert as_json.exit_code == 0, as_json.output
    found = json.loads(as_json.stdout)
    assert found == [] or (isinstance(found, dict) and not any(found.get(key) for key in ("topics", "labels")))


@pytest.mark.parametrize("args", [
    ("show", "u-nosuch"), ("track", "u-nosuch"), ("claims",), ("claims", "x", "--attacked", "--unanswered"),
    ("stats", "--thread", "no such thread"), ("evidence", "for", "u-nosuch"), ("render", "--claim", "u-nosuch"),
    ("export", "--format", "csv"), ("delete", "no such thread"),
])
def test_pipes_an_error_with_json_is_json_too(stored: Cli, args: tuple[str, ...]) -> None:
    """With --json an error left standard output empty, which no JSON reader takes (``json.load`` raised, ``jq``
    printed nothing and exited 0), while ``ingest --json`` gave its failed inputs as ``{"source", "error"}``. Every
    error is now ``{"error": MESSAGE}`` there too, the message stderr says, exit status 1."""
    result = stored(*args, "--json")
    assert result.exit_code == 1, result.output
    said = json.loads(result.stdout)
    assert list(said) == ["error"] and said["error"].split()[:3] == result.stderr.removeprefix("error: ").split()[:3]
    if args[0] != "export":  # --format csv without --json is no error
        assert stored(*args).stdout == ""  # for people: the message on stderr alone, as before


def test_pipes_an_error_after_the_json_adds_no_second_document(stored: Cli, tmp_path: Path) -> None:
    """``ingest --json`` with an input that fails prints its report (the failure under ``failures``) and exits 1:
    one JSON document, not the report and an error after it."""
    result = stored("ingest", str(tmp_path / "missing.txt"), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [set(failure) for failure in report["failures"]] == [{"source", "error"}]


@pytest.mark.parametrize("command", [("threads", "--json"), ("ingest", "--no-extract", "--json", "THREAD")])
def test_pipes_a_command_stopped_with_json_says_so_as_json(stored: Cli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           command: tuple[str, ...]) -> None:
    """A command that SIGTERM stopped (``timeout 60 argmap ... --json > out.json``) left standard output empty; it
    now holds the failure as every error gives it, ``{"error": ...}``, the words stderr says, with status 143."""
    from argmap.cli.app import Terminated
    from argmap.store import repository

    def terminated(*args: object, **kwargs: object) -> object:
        raise Terminated

    thread = tmp_path / "pets.txt"
    thread.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    monkeypatch.setattr(repository, "save_thread" if command[0] == "ingest" else "list_threads", terminated)
    result = stored(*(str(thread) if arg == "THREAD" else arg for arg in command))
    assert result.exit_code == 143, result.output
    said = json.loads(result.stdout)["error"]
    assert said.startswith("terminated; ") and said in " ".join(result.stderr.split())
