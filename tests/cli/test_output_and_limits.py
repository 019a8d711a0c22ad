"""The command line where a script or a shell meets its edges: a standard output that cannot be written, times and
limits at the ends of their range, words that look like markup, and evidence added where nothing was stored."""

from __future__ import annotations

import importlib
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.conftest import CORPORA


def _shell(command: str, db: Path) -> subprocess.CompletedProcess[str]:
    argmap = f"{shlex.quote(sys.executable)} -m argmap --db {shlex.quote(str(db))}"
    return subprocess.run(["bash", "-c", command.replace("argmap", argmap, 1)], capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture
def stored(cli: Cli) -> Cli:
    assert cli("ingest", "--no-extract", str(CORPORA / "hn-open-models.txt")).exit_code == 0
    return cli


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["argmap threads --json > /dev/full", "argmap threads > /dev/full",
                                     "argmap export > /dev/full"])
def test_a_full_disk_under_standard_output_is_one_error(stored: Cli, command: str) -> None:
    """Each ended in a Python traceback (OSError: No space left on device)."""
    done = _shell(command, stored.db)
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot write to standard output: No space left on device\n  fix: ")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["argmap threads --json >&-", "argmap threads >&-"])
def test_a_closed_standard_output_is_refused(stored: Cli, command: str) -> None:
    """--json ended in an AttributeError traceback; a table was lost without a word, exit 0."""
    done = _shell(command, stored.db)
    assert done.returncode == 1
    assert done.stderr.startswith("error: standard output is closed") and "Traceback" not in done.stderr


def test_a_terminal_width_of_0_is_taken_for_unknown(stored: Cli) -> None:
    """``COLUMNS=0`` (a terminal of unknown width: shells' start-up files, a batch job whose ``tput cols`` failed)
    drew everything in zero columns: tables, ``--version`` and ``--help`` printed nothing, and an error exited 1
    without a word. It is taken as Python's ``shutil.get_terminal_size`` takes it, for no width: 80 on a pipe."""
    missing = _shell("COLUMNS=0 argmap stats --thread nope", stored.db)
    assert missing.returncode == 1 and missing.stderr.startswith("error: no thread 'nope'")
    listed = _shell("COLUMNS=0 argmap threads", stored.db)
    assert listed.returncode == 0 and "hn-open-models" in listed.stdout
    assert max(len(line) for line in listed.stdout.splitlines()) <= 80
    assert _shell("COLUMNS=0 argmap --version", stored.db).stdout.startswith("argmap ")


def test_a_reader_gone_away_is_still_quiet(stored: Cli) -> None:
    done = _shell("argmap export | head -c 10", stored.db)
    assert done.stdout == "{\n  \"argma" and "Traceback" not in done.stderr and "error" not in done.stderr


@pytest.mark.parametrize("args", [("claims", "--since", "9999-12-31T23:59:59-01:00"),
                                  ("search", "model", "--since", "0001-01-01T00:00+01:00")])
def test_a_time_past_the_range_is_a_usage_error(stored: Cli, args: tuple[str, ...]) -> None:
    """OverflowError: date value out of range, as a traceback."""
    done = stored(*args)
    assert done.exit_code == 2
    said = " ".join(done.output.replace("│", " ").split())
    assert "is out of the range of times, in UTC" in said and "Traceback" not in said


@pytest.mark.parametrize("args", [("topics", "--limit", "9223372036854775808"),
                                  ("claims", "--thread", "hn-open", "--limit", "99999999999999999999"),
                                  ("search", "model", "--limit", "99999999999999999999")])
def test_a_huge_limit_is_as_good_as_all(stored: Cli, args: tuple[str, ...]) -> None:
    """A --limit of 2**63 or more was reported as "a bug in argmap" (SQLite's integers overflowed)."""
    done = stored(*args, "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == json.loads(stored(*args[:-1], "1000", "--json").stdout)


def test_evidence_sources_shows_a_topic_with_brackets_as_typed(stored: Cli) -> None:
    """'[/x]' ended in a rich MarkupError traceback, and '[bold red]' was swallowed."""
    for topic in ("zzqq [/x]", "zzqq [bold red]loud"):
        done = stored("evidence", "sources", "--topic", topic)
        assert done.exit_code == 0, done.output
        assert repr(topic) in " ".join(done.stderr.split())


def test_evidence_add_that_stores_nothing_leaves_no_database(cli: Cli, tmp_path: Path) -> None:
    """A 348 KB empty database was made, from which a mistyped --db then answered "no threads stored yet"."""
    done = cli("evidence", "add", str(tmp_path / "missing.txt"))
    assert done.exit_code == 1 and "cannot be read" in done.output
    assert not cli.db.exists()
    assert cli("threads").exit_code == 1  # still "no database at ...", naming the fix


def test_evidence_add_again_links_what_a_stopped_run_left_unlinked(stored: Cli) -> None:
    """An add stopped after storing its documents, before linking, could not be finished by running it again:
    every document was unchanged, so nothing was linked."""
    library = str(CORPORA / "evidence" / "library")
    first = stored.json("evidence", "add", "--no-link", library)  # as if stopped before the linking
    assert first["added"] and first["linking"] is None
    again = stored.json("evidence", "add", library)
    assert not again["added"] and again["unchanged"]
    assert again["linking"] is not None and again["linking"]["passages"] > 0


def _stored_chain(cli: Cli, posts: int) -> list[str]:
    """Store a reply chain of ``posts`` posts (:func:`tests.query.conftest.reply_chain`) in the CLI's database; the
    claims' unit ids, from the top."""
    from tests.query.conftest import reply_chain, stored_in

    chain = reply_chain(posts)
    stored_in(cli.db, *chain)
    return [unit.id("chain") for unit in chain[1].units]


def test_show_json_of_a_deep_chain_prints_every_level(cli: Cli) -> None:
    """``show --json --depth 500`` of a reply chain ended in a 1,000-line RecursionError traceback."""
    limit = sys.getrecursionlimit()
    done = cli("show", _stored_chain(cli, 700)[0], "--depth", "699", "--json")
    assert done.exit_code == 0, done.output[-500:]
    assert sys.getrecursionlimit() == limit  # as it was
    sys.setrecursionlimit(5_000)  # json.loads nests as deep as json.dumps did
    try:
        node, levels = json.loads(done.stdout)["root"], 0
    finally:
        sys.setrecursionlimit(limit)
    while node["children"]:
        node, levels = node["children"][0], levels + 1
    assert levels == 699 and node["text"] == "Point 700 of the chain."


def test_a_thread_named_with_spaces_around_it_is_found(stored: Cli) -> None:
    """" hn-open-models" was "no thread 'hn-open-models'", naming a thread that argmap threads lists."""
    for name in (" hn-open-models", "hn-open-models ", "\thn-open"):
        assert stored.json("stats", "--thread", name)["threads"] == 1


def test_delete_of_an_empty_name_does_not_point_at_a_thread_option(stored: Cli) -> None:
    done = stored("delete", "")
    assert done.exit_code == 1 and "is empty" in done.output and "--thread" not in done.output


def test_empty_model_and_stop_word_topic_are_refused(stored: Cli) -> None:
    """--model '' used the default pipeline without a word; evidence sources --topic 'of the' answered [] (every
    other command refuses a topic of stop words)."""
    done = stored("--model", "", "threads")
    assert done.exit_code == 1 and "--model '' names no spaCy pipeline" in done.output
    done = stored("evidence", "sources", "--topic", "of the", "--json")
    assert done.exit_code == 1 and "holds no word a topic is made of" in done.output


def test_show_draws_the_levels_the_terminal_has_room_for_and_says_what_is_below(cli: Cli) -> None:
    """At 80 columns the tree of a reply chain stopped at level 18 without a word (a note blamed --depth), and the
    ids of the levels before broke across lines."""
    import re

    ids = _stored_chain(cli, 40)
    done = cli("show", ids[0], "--depth", "39")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    drawn = done.stdout.split("\nthread:")[0]
    shown = [int(n) for n in re.findall(r"Point (\d+) of", drawn)]
    assert shown == list(range(1, len(shown) + 1)) and 8 <= len(shown) < 40
    cut = " ".join(" ".join(lines).split())
    assert f"… {40 - len(shown)} answers deeper than 80 columns show: argmap show " in cut
    last = ids[len(shown) - 1]
    assert f"argmap show {last}" in cut  # the unit to go on from, whole
    assert all(re.fullmatch(r"u-[0-9a-f]{16}", i) for i in re.findall(r"\bu-[0-9a-f]+", done.stdout))


def test_render_says_when_physics_was_asked_for_a_map_too_large_for_it(cli: Cli, tmp_path: Path) -> None:
    """--layout physics on a map of 1,139 units wrote the fixed layout without a word."""
    ids = _stored_chain(cli, 320)
    done = cli("render", "--thread", "chain", "--layout", "physics", "-o", str(tmp_path / "chain.html"))
    assert done.exit_code == 0, done.output
    said = " ".join(done.stderr.split())
    assert "note: --layout physics relaxes maps of up to 300 units in the browser; this one has 320" in said
    assert '"physics":{"enabled":false' in (tmp_path / "chain.html").read_text(encoding="utf-8").replace(" ", "")
    small = cli("render", "--thread", "chain", "--claim", ids[0], "--hops", "1", "--layout", "physics", "-o",
                str(tmp_path / "small.html"))
    assert small.exit_code == 0 and "--layout physics" not in small.stderr  # relaxed as asked: nothing to say


def test_show_json_of_a_deep_chain_is_not_mostly_indentation(cli: Cli) -> None:
    """Printed indented, each level of a reply chain indented every line below it further: ``show --json`` of a
    chain 2,000 deep was 145 MB, nearly all spaces, for 2 MB of answer. Deep JSON is printed on one line."""
    done = cli("show", _stored_chain(cli, 700)[0], "--depth", "699", "--json")
    assert done.exit_code == 0, done.output[-500:]
    assert len(done.stdout) < 1_000_000  # 17.8 MB indented
    assert done.stdout.count("\n") == 1 and '"text": "Point 700 of the chain."' in done.stdout
    shallow = cli("show", _stored_chain(cli, 3)[0], "--json")  # a tree of a few levels: indented, as ever
    assert shallow.exit_code == 0 and '\n  "root": {\n' in shallow.stdout


def test_show_json_too_deep_to_print_is_refused_before_it_is_encoded(cli: Cli,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer nested past JSON_NESTING was encoded first, the deepest levels' lines each thousands of spaces
    long, and refused minutes later (3 minutes for a chain 20,000 deep)."""
    app = importlib.import_module("argmap.cli.app")  # the module: argmap.cli's ``app`` is the typer app
    monkeypatch.setattr(app, "JSON_NESTING", 300)
    encoded: list[object] = []
    monkeypatch.setattr(app.json, "dumps", lambda data, **kwargs: encoded.append(data) or "{}")
    done = cli("show", _stored_chain(cli, 200)[0], "--depth", "199", "--json")
    assert done.exit_code == 1 and "nests more than 300 levels deep, too deep to print as JSON" in done.output
    assert "show --depth" in done.output
    assert [set(data) for data in encoded if isinstance(data, dict)] == [{"error"}]  # the error alone, not the tree


@pytest.mark.parametrize(("args", "made"), [(["render", "-o", "~/maps/m.html"], "maps/m.html"),
                                            (["render", "-o", "~/maps/"], "maps/map.html"),
                                            (["export", "--output", "~/e.json"], "e.json")])
def test_output_under_home_is_written_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                            made: str) -> None:
    """``-o '~/maps/m.html'`` (quoted, or from a script, where no shell expands it) made a folder named ``~`` in the
    current one, which ``rm -r ~`` would then be typed to remove."""
    home, here = tmp_path / "home", tmp_path / "here"
    home.mkdir()
    here.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    cli = Cli(tmp_path / "x.db")
    (tmp_path / "cars.txt").write_text("Discussion Title: Ban cars?\n\n1. Ban cars.\n1.1. Pro: Cleaner air.\n",
                                       encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(tmp_path / "cars.txt")).exit_code == 0
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert (home / made).is_file() and list(here.iterdir()) == []
    assert f"wrote {home / made}" in result.stderr
