"""``argmap render`` and ``argmap export --format ...`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.api import map_graph
from argmap.config import Settings
from argmap.graph.argumentation import keeps_pair
from argmap.store import repository
from argmap.store.db import make_engine
from tests.api.test_exchange_map import BUSES, FERRIES
from tests.cli.conftest import Cli, refused_output
from tests.conftest import CORPORA
from tests.query.conftest import store
from tests.render.conftest import KIALO


@pytest.fixture
def kialo_cli(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    result = cli("ingest", "--format", "kialo", str(path))
    assert result.exit_code == 0, result.output
    return cli


def test_render_writes_into_graphs_by_default(kialo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = kialo_cli("render", "--json")
    assert result.exit_code == 0, result.output
    path = Path(json.loads(result.stdout)["path"])
    assert path == Path("graphs/map.html") and (tmp_path / path).is_file()
    page = (tmp_path / path).read_text(encoding="utf-8")
    assert "Should cities ban cars from their centres?" in page and "6 units · 6 relations" in page


def test_render_output_topic_and_claim(kialo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "maps" / "shops.html"
    result = kialo_cli("render", "--topic", "shops", "-o", str(out))
    assert result.exit_code == 0, result.output
    # the unit about shops with what it answers (the thesis) and what answers it (a support, a linked attack)
    assert "4 units · 3 relations" in out.read_text(encoding="utf-8")
    units = json.loads(kialo_cli("export").stdout)["units"]
    thesis = next(u["id"] for u in units if u["text"].startswith("Cities"))
    claim_out = tmp_path / "claim.html"
    assert kialo_cli("render", "--claim", thesis, "--hops", "1", "-o", str(claim_out)).exit_code == 0
    assert "3 units · 2 relations" in claim_out.read_text(encoding="utf-8")


def test_render_layout_in_any_case(kialo_cli: Cli, tmp_path: Path) -> None:
    """``--layout PHYSICS`` exited 2 where ``--kind CLAIM`` and ``--format JSON`` are read in any case."""
    pages = []
    for layout in ("physics", "PHYSICS", "Physics"):
        out = tmp_path / f"{layout}.html"
        assert kialo_cli("render", "--layout", layout, "-o", str(out)).exit_code == 0
        pages.append(out.read_text(encoding="utf-8"))
    assert pages[0] == pages[1] == pages[2]


def test_render_claim_is_named_as_show_names_it(kialo_cli: Cli, tmp_path: Path) -> None:
    """render --claim took whole unit ids only, and for a post id said "no unit in the graph; find unit ids with:
    argmap export --format json", where show, track and evidence for name the post's units."""
    data = json.loads(kialo_cli("export").stdout)
    thesis = next(u for u in data["units"] if u["text"].startswith("Cities"))
    out = tmp_path / "prefix.html"
    done = kialo_cli("render", "--claim", thesis["id"][:10], "--hops", "1", "-o", str(out))
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert "3 units · 2 relations" in page and "Cities should ban cars" in page
    assert "“Cities should ban cars" in page and "within 1 relation of it" in page  # the heading names it
    post = kialo_cli("render", "--claim", thesis["post"], "-o", str(out))
    assert post.exit_code == 1
    assert f"is a post id, not a unit id; the post's units are {thesis['id']}" in post.stderr
    assert f"argmap render --claim {thesis['id']}" in post.stderr
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "1", "parent": None, "author": "zed", "text": "Bikes are fine.",
                                 "thread": "other", "title": "Bikes"}) + "\n", encoding="utf-8")
    assert kialo_cli("ingest", "--no-extract", str(other)).exit_code == 0
    elsewhere = kialo_cli("render", "--claim", thesis["id"], "--thread", "Bikes", "-o", str(out))
    assert elsewhere.exit_code == 1
    assert f"unit {thesis['id']} is in thread" in elsewhere.stderr and "leave --thread out" in elsewhere.stderr


@pytest.mark.parametrize(("args", "hint"), [
    (["--thread", "no-such-thread"], "argmap threads"),
    (["--topic", "zeppelins"], "--topic"),
    (["--claim", "u-nothing"], "argmap search"),
    (["--hops", "3"], "--claim"),
])
def test_render_errors_name_the_fix(kialo_cli: Cli, tmp_path: Path, args: list[str], hint: str) -> None:
    result = kialo_cli("render", *args, "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert hint in result.stderr


@pytest.mark.parametrize("hops", ["2", "0", "3"])
def test_render_hops_without_claim_is_refused(kialo_cli: Cli, tmp_path: Path, hops: str) -> None:
    """Any --hops without --claim, the default's value too, is refused rather than silently drawing everything."""
    out = tmp_path / "x.html"
    result = kialo_cli("render", "--hops", hops, "-o", str(out))
    assert result.exit_code == 1, result.output
    assert f"--hops {hops} needs --claim" in result.stderr and "--claim ID" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [("render", "--topic", " "), ("track", "")])
def test_render_and_track_refuse_empty_words(kialo_cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    """An empty --topic drew every thread, as if none were given; empty words to track said nothing matches them."""
    out = tmp_path / "x.html"
    result = kialo_cli(*args, *(["-o", str(out)] if args[0] == "render" else []))
    assert result.exit_code == 1, result.output
    assert ("the topic is empty" in result.stderr) if args[0] == "render" else ("nothing to track" in result.stderr)
    assert not out.exists()


def test_render_empty_database_says_to_ingest(cli: Cli, tmp_path: Path) -> None:
    thread = tmp_path / "x.txt"
    thread.write_text("Cities should ban cars.\nNo, shops would lose customers.\n", encoding="utf-8")
    [stored] = cli.json("ingest", "--no-extract", str(thread))["threads"]
    assert cli("delete", stored["id"]).exit_code == 0 and cli.db.exists()  # a database, with nothing in it
    result = cli("render", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1 and "argmap ingest" in result.stderr


@pytest.mark.parametrize("args", [("threads",), ("stats",), ("render",), ("claims", "--topic", "x"), ("search", "x"),
                                  ("show", "u-0"), ("track", "x"), ("analyze",), ("topics",), ("export",),
                                  ("evidence", "sources"), ("evidence", "link")])
def test_reading_a_database_that_is_not_there_is_an_error(cli: Cli, args: tuple[str, ...]) -> None:
    """A mistyped --db names the file and the fix; it does not quietly create an empty database."""
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert f"no database at {str(cli.db)!r}" in result.stderr and "ingest FILE" in result.stderr
    assert not cli.db.exists()


@pytest.mark.parametrize(("format", "start"), [
    ("aif", '{\n  "nodes"'), ("graphml", "<?xml"), ("dot", "digraph argmap {"), ("argdown", "===\ntitle:"),
    ("markdown", "# Should cities"), ("csv", "record,id,kind"),
])
def test_export_every_format_from_the_cli(kialo_cli: Cli, tmp_path: Path, format: str, start: str) -> None:
    result = kialo_cli("export", "--format", format)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)
    out = tmp_path / f"map.{format}"
    assert kialo_cli("export", "-f", format, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout


def test_ingest_aif_from_the_cli_round_trip(kialo_cli: Cli, tmp_path: Path) -> None:
    aif = tmp_path / "cars.aif.json"
    assert kialo_cli("export", "-f", "aif", "-o", str(aif)).exit_code == 0
    other = Cli(tmp_path / "other.db")
    result = other("ingest", "--format", "aif", str(aif), "--json")
    assert result.exit_code == 0, result.output
    (thread,) = json.loads(result.stdout)["threads"]
    assert (thread["posts"], thread["units"], thread["relations"]) == (6, 6, 6)


def test_render_default_name_says_the_confidence_threshold(kialo_cli: Cli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path(json.loads(kialo_cli("render", "--min-confidence", "0.5", "--json").stdout)["path"])
    assert path == Path("graphs/min0.5.html")  # beside the whole map, not over it
    assert "6 units · 6 relations" in (tmp_path / path).read_text(encoding="utf-8")  # imported: confidence 1
    refused = kialo_cli("render", "--min-confidence", "2", "-o", str(tmp_path / "x.html"))
    assert refused.exit_code != 0 and "--min-confidence" in refused.output


@pytest.mark.slow
def test_render_min_confidence_draws_the_surer_relations(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", str(CORPORA / "hn-open-models.txt")).exit_code == 0
    exported = json.loads(cli("export").stdout)
    relations = exported["relations"]
    units = sum(1 for unit in exported["units"] if unit["kind"] != "other")  # a map leaves out "other" units
    sure = [r for r in relations if r["confidence"] >= 0.6]
    assert 0 < len(sure) < len(relations)
    out = tmp_path / "sure.html"
    assert cli("render", "--thread", "hn-open-models", "--min-confidence", "0.6", "-o", str(out)).exit_code == 0
    whole = tmp_path / "whole.html"
    assert cli("render", "--thread", "hn-open-models", "-o", str(whole)).exit_code == 0
    # every unit stays; only the less confident relations go (a map draws one edge a pair, see keeps_pair)
    kinds: dict[tuple[str, str], str] = {}
    edges: dict[tuple[str, str], float] = {}
    for r in relations:
        pair = (r["source"], r["target"])
        if pair not in kinds or keeps_pair(r["kind"], kinds[pair]):
            kinds[pair], edges[pair] = r["kind"], r["confidence"]
    # The cut comes first, then one edge a pair: a pair whose weak support goes keeps its sure evidence link (it
    # was lost with the support, and the map drew 15 relations where the exports had 17).
    drawn = len({(r["source"], r["target"]) for r in sure})
    assert drawn > sum(1 for confidence in edges.values() if confidence >= 0.6)
    assert f"{units} units · {len(edges)} relations" in whole.read_text(encoding="utf-8")
    assert 0 < drawn < len(edges) and f"{units} units · {drawn} relations" in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_render_help_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example in ``render --help`` works from a clone holding the sample thread and the example threads: the
    ``--authors`` one named "Ana Vale,Bo" of the sample thread, which names no author, and so failed."""
    import shlex
    import shutil

    import typer
    from typer.testing import CliRunner

    from argmap.cli import app

    shutil.copytree(CORPORA, tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for sample in ("corpora/hn-open-models.txt", "corpora/examples/example.jsonl"):
        assert runner.invoke(app, ["ingest", sample]).exit_code == 0
    help_text = typer.main.get_command(app).commands["render"].help or ""  # type: ignore[attr-defined]
    examples = [line.split("Example: argmap", 1)[1].split(" (", 1)[0].strip()
                for line in help_text.splitlines() if "Example: argmap" in line]
    assert len(examples) == 2
    for example in examples:
        result = runner.invoke(app, shlex.split(example))
        assert result.exit_code == 0, f"argmap {example}: {result.output}"


def test_render_a_thread_stored_without_extraction_says_how_to_extract(cli: Cli, tmp_path: Path) -> None:
    sample = str(CORPORA / "examples" / "remote-work.txt")
    assert cli("ingest", "--no-extract", sample).exit_code == 0
    result = cli("render", "--thread", "remote-work", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "'remote-work' holds no argument units" in result.stderr and f"argmap ingest {sample}" in result.stderr
    assert "--topic" not in result.stderr  # no topic was given


@pytest.mark.parametrize("command", [("export", "--format", "json"), ("render",)])
def test_output_under_a_file_names_the_file_that_is_no_folder(kialo_cli: Cli, tmp_path: Path,
                                                              command: tuple[str, ...]) -> None:
    """``-o notes.txt/map.html``, where ``notes.txt`` is a file: the error names it, not the OS's "File exists"."""
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = kialo_cli(*command, "-o", str(tmp_path / "notes.txt" / "sub" / "out"))
    assert result.exit_code == 1
    assert f"{str(tmp_path / 'notes.txt')!r} is a file, not a folder; choose another -o path" in result.stderr
    assert "File exists" not in result.stderr and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", [("export",), ("export", "--format", "csv"), ("render",)])
def test_output_that_is_the_database_is_refused_and_the_database_kept(kialo_cli: Cli, tmp_path: Path,
                                                                      command: tuple[str, ...]) -> None:
    """``-o argmap.db`` (the --db given as -o by a slip, or a link to it) replaced the database with the export
    or the page, every stored thread lost, and said 'wrote argmap.db'; now it is refused and the database kept."""
    before = kialo_cli.db.read_bytes()
    (tmp_path / "latest.db").symlink_to(kialo_cli.db)
    for output in (kialo_cli.db, tmp_path / "latest.db"):
        result = kialo_cli(*command, "-o", str(output))
        assert result.exit_code == 1, result.output
        assert "is a SQLite database (argmap's --db?)" in result.stderr and "choose another -o" in result.stderr
        assert kialo_cli.db.read_bytes() == before
    assert kialo_cli("threads").exit_code == 0


def test_render_output_dash_is_standard_output(kialo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-o -`` wrote a file named "-" (which ``evidence add -`` then read as a document) instead of the page."""
    monkeypatch.chdir(tmp_path)
    result = kialo_cli("render", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().lower().startswith("<!doctype html") and "6 units · 6 relations" in result.stdout
    assert not (tmp_path / "-").exists() and not (tmp_path / "graphs").exists()
    assert "wrote" not in result.stderr
    both = kialo_cli("render", "-o", "-", "--json")  # two things on one stdout: refused, naming both flags
    assert both.exit_code == 1 and refused_output(both, as_json=True)  # the error, as --json gives every error
    assert "--json" in both.stderr and "-o -" in both.stderr


def test_render_export_topic_part_ingested_back_is_a_thread_of_its_own(kialo_cli: Cli, tmp_path: Path) -> None:
    """export --topic, as render --topic: and the part, exported as AIF and ingested back into the database it
    came from, is stored beside the whole thread (under the thread's own key it would have replaced it)."""
    part = json.loads(kialo_cli("export", "--topic", "shops").stdout)
    assert len(part["units"]) == 4 and len(part["relations"]) == 3  # as the map of the topic draws it
    out = tmp_path / "shops.aif.json"
    assert kialo_cli("export", "--topic", "shops", "--format", "aif", "-o", str(out)).exit_code == 0
    assert kialo_cli("ingest", str(out)).exit_code == 0
    threads = kialo_cli.json("threads")
    assert sorted((t["units"], t["relations"]) for t in threads) == [(4, 3), (6, 6)]
    missing = kialo_cli("export", "--topic", "zeppelins")
    assert missing.exit_code == 1 and "argmap topics" in missing.stderr


@pytest.fixture
def buses_cli(cli: Cli) -> Cli:
    engine = make_engine(str(cli.db))
    repository.init_db(engine)
    for pair in (BUSES, FERRIES):
        store(engine, *pair)
    engine.dispose()
    return cli


def test_render_authors_draws_one_exchange(buses_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A moderator who read "bo ↔ Ana Vale" in analyze drew the whole thread; --authors draws their exchange."""
    monkeypatch.chdir(tmp_path)
    result = buses_cli("render", "--thread", "buses", "--authors", "ANA VALE,bo", "--json")
    assert result.exit_code == 0, result.output
    path = Path(json.loads(result.stdout)["path"])
    assert path == Path("graphs/buses_authors-ANA-VALE-bo.html")  # beside the thread's map, not over it
    page = (tmp_path / path).read_text(encoding="utf-8")
    assert "5 units · 3 relations" in page and "only the units by Ana Vale and bo, and the relations" in page
    assert "Trust takes years" not in page  # cy's
    assert "--authors" in " ".join(buses_cli("render", "--help").stdout.split())


def test_export_authors_writes_one_exchange(buses_cli: Cli) -> None:
    """The exchange the map draws, for a report or another tool: the same units, in any export format."""
    rows = buses_cli("export", "--thread", "buses", "--authors", "bo,ana vale", "--format", "csv").stdout.splitlines()
    units = [row for row in rows if row.startswith("unit,")]
    assert len(units) == 5 and not any("Trust takes years" in row for row in units)  # cy's unit is left out
    assert sum(1 for row in rows if row.startswith("relation,")) == 3
    unknown = buses_cli("export", "--thread", "buses", "--authors", "bo,ana")
    assert unknown.exit_code == 1 and "closest: 'Ana Vale'" in unknown.output
    assert "--authors" in " ".join(buses_cli("export", "--help").stdout.split())


@pytest.mark.parametrize(("args", "words"), [
    (("--thread", "buses", "--authors", "ana,bo"), ["nobody named 'ana' wrote in it (closest: 'Ana Vale')"]),
    (("--authors", ","), ["--authors ',' names no one"]),
    (("--authors", "bo", "--hops", "1"), ["--hops 1 needs --claim"]),
])
def test_render_authors_errors_name_the_fix(buses_cli: Cli, tmp_path: Path, args: tuple[str, ...],
                                            words: list[str]) -> None:
    result = buses_cli("render", *args, "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert all(w in " ".join(result.stderr.split()) for w in words), result.stderr
    assert not (tmp_path / "x.html").exists()


def test_render_authors_with_a_claim_of_someone_else_names_both_flags(buses_cli: Cli, tmp_path: Path) -> None:
    units = json.loads(buses_cli("export").stdout)["units"]
    cy = next(u["id"] for u in units if u["text"].startswith("Cycle lanes"))
    result = buses_cli("render", "--claim", cy, "--authors", "ana vale,bo", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert f"unit {cy} is by 'cy', not by one of --authors 'Ana Vale, bo': give --claim a unit" in result.stderr
    bo = next(u["id"] for u in units if u["text"].startswith("The city cannot"))
    near = buses_cli("render", "--claim", bo, "--hops", "1", "--authors", "ana vale,bo", "-o",
                     str(tmp_path / "near.html"))
    assert near.exit_code == 0, near.output
    assert "3 units · 2 relations" in (tmp_path / "near.html").read_text(encoding="utf-8")


def test_render_title_heads_the_page_instead_of_the_thread_title(kialo_cli: Cli, tmp_path: Path) -> None:
    """README, 'Commands': ``--title TEXT`` heads the page instead of the thread titles."""
    out = tmp_path / "titled.html"
    result = kialo_cli("render", "--title", "Cars & centres", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Cars &amp; centres · argmap</title>" in page
    assert '<h1 id="title"><bdi>Cars &amp; centres</bdi>' in page


def test_render_json_echoes_an_output_name_that_is_no_utf8(kialo_cli: Cli, tmp_path: Path) -> None:
    """``render --json -o`` a Latin-1 file name wrote the map, then ended in a UnicodeEncodeError traceback."""
    import os

    output = tmp_path / os.fsdecode(b"carte-\xe9t\xe9.html")
    result = kialo_cli("render", "--json", "-o", str(output))
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert json.loads(result.stdout) == {"path": str(output)} and output.is_file()


def test_render_refuses_a_map_of_more_units_than_max_units_naming_the_parts_to_draw(
        buses_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``render`` of a database of 28 threads (28,000 units) worked silently for two minutes and wrote a 44 MB page
    that opened at a scale where every unit was a dot; a map larger than --max-units is refused, naming what to
    draw instead, and the count to give --max-units to draw it all."""
    monkeypatch.chdir(tmp_path)
    settings = Settings(db=str(buses_cli.db))
    units, buses = (map_graph(settings=settings, thread=t).number_of_nodes() for t in (None, "buses"))
    for extra in ([], ["--json"]):
        refused = buses_cli("render", "--max-units", "2", *extra)
        # --json: nothing half-written on standard output, only the error
        assert refused.exit_code == 1 and refused_output(refused, as_json=bool(extra))
        said = " ".join(refused.stderr.split())
        assert f"the map would draw {units} units and" in said and "of 2 threads, more than the 2 it draws" in said
        assert f"one thread with --thread ID (argmap threads lists them; the largest here, 'Night buses', would " \
               f"draw {buses} units)" in said
        assert "--topic WORDS" in said and "--claim UNIT --hops 1" in said
        assert said.endswith(f"or give --max-units {units} to draw it all")
    assert not (tmp_path / "graphs").exists()  # refused before anything was drawn or written
    one = " ".join(buses_cli("render", "--thread", "buses", "--topic", "night", "--max-units", "1").stderr.split())
    assert "of thread 'Night buses'" in one and "--thread ID" not in one and "a narrower --topic" in one
    done = buses_cli("render", "--max-units", str(units))
    assert done.exit_code == 0, done.output
    assert f"wrote graphs/map.html ({units} units, " in done.stderr and " kB)" in done.stderr
    assert "--max-units" in " ".join(buses_cli("render", "--help").stdout.split())
    assert buses_cli("render", "--max-units", "0").exit_code == 2  # out of range, typer's usage message


def test_render_on_a_terminal_says_what_it_is_doing_and_how_many_units(kialo_cli: Cli, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A map of thousands of units took seconds to minutes with nothing on the terminal; a spinner on standard
    error names each stage with the count of units, and the last line says what was written."""
    import io

    from rich.console import Console

    import argmap.cli.maps

    screen = io.StringIO()
    monkeypatch.setattr(argmap.cli.maps, "err", Console(file=screen, force_terminal=True, soft_wrap=True))
    result = kialo_cli("render", "-o", str(tmp_path / "map.html"))
    assert result.exit_code == 0, result.output
    shown = screen.getvalue()
    assert "laying out and drawing 6 units and 6 relations" in shown
    assert f"wrote {tmp_path / 'map.html'} (6 units, 6 relations, " in shown
    screen.truncate(0)
    assert kialo_cli("render", "--json", "-o", str(tmp_path / "map.html")).exit_code == 0
    assert "laying out" not in screen.getvalue()  # --json: no spinner, as ingest --json has no progress bar


@pytest.mark.parametrize("command", [["render", "-o", "-"], ["export"]])
def test_render_and_export_refuse_a_topic_of_stop_words(kialo_cli: Cli, command: list[str]) -> None:
    """``export --topic the`` exported nearly every unit ("the" is in the text of most, and in "other"), and
    ``render --topic 'nothing like this'`` said no unit was about it: no topic is made of stop words."""
    for topic in ("the", "nothing like this"):
        result = kialo_cli(*command, "--topic", topic)
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and result.stdout == ""
        assert f"--topic '{topic}' holds no word a topic is made of (stop words and negations only)" in said
    assert kialo_cli(*command, "--topic", "shops").exit_code == 0


def test_output_ending_in_a_slash_names_a_folder(kialo_cli: Cli, tmp_path: Path) -> None:
    """``-o maps/`` (a folder not made yet) wrote a file named ``maps``: a Path drops the slash. A map goes into
    the folder under its default name, as into a folder already there; an export, one file, is refused."""
    for folder in (f"{tmp_path / 'maps'}/", str(tmp_path)):
        result = kialo_cli("render", "-o", folder, "--json")
        assert result.exit_code == 0, result.output
        assert Path(json.loads(result.stdout)["path"]) == Path(folder) / "map.html"
        assert (Path(folder) / "map.html").is_file()
    for args in (["-o", f"{tmp_path / 'out'}/"], ["--format", "aif", "-o", str(tmp_path)]):
        result = kialo_cli("export", *args)
        assert result.exit_code == 2
        said = " ".join(result.stderr.replace("│", " ").split())
        assert "is a folder, and the" in said and "export is one file: name it" in said
    assert not (tmp_path / "out").exists()


def test_render_says_one_unit_in_the_singular(cli: Cli, tmp_path: Path) -> None:
    """A map of one unit was said to be written with "(1 units, 0 relations, ...)"; the line counts as the map's
    heading does: "1 unit"."""
    path = tmp_path / "one.txt"
    path.write_text("Discussion Title: Should trams be free?\n\n1. Trams should be free.\n", encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(path)).exit_code == 0
    done = cli("render", "-o", str(tmp_path / "one.html"))
    assert done.exit_code == 0, done.output
    assert f"wrote {tmp_path / 'one.html'} (1 unit, 0 relations, " in " ".join(done.stderr.split())
