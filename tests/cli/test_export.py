"""``argmap export``, ``threads`` and ``stats``: the stored graph for scripts and other tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli.app import out
from argmap.nlp.relations import rule_model
from tests.cli.conftest import Cli
from tests.conftest import CORPORA
from tests.render.conftest import KIALO

SAMPLE = str(CORPORA / "hn-open-models.txt")


@pytest.mark.slow
def test_export_json_has_the_documented_shape(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", SAMPLE).exit_code == 0
    out = tmp_path / "out" / "graph.json"
    result = cli("export", "--format", "json", "--thread", "hn-open-models", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert set(data) >= {"posts", "units", "relations", "threads", "quotes"}
    posts = {p["id"]: p for p in data["posts"]}
    assert len(posts) == 19
    for post in data["posts"]:
        assert set(post) >= {"id", "external_id", "thread", "parent", "author", "text"}
        assert post["parent"] is None or post["parent"] in posts
    units = {u["id"]: u for u in data["units"]}
    for unit in data["units"]:
        assert set(unit) >= {"id", "post", "kind", "text", "start", "end", "confidence", "topics"}
        assert posts[unit["post"]]["text"][unit["start"]:unit["end"]] == unit["text"]
        assert 0 < unit["confidence"] <= 1
    assert data["relations"]
    for rel in data["relations"]:
        assert set(rel) >= {"id", "source", "target", "kind", "confidence", "reason"}
        assert rel["source"] in units and rel["target"] in units
        assert rel["kind"] in ("support", "attack", "evidence")
        assert rel["reason"]
    assert [p["external_id"] for p in data["posts"]][:3] == ["1", "2", "3"]


def test_export_external_id_is_the_jsonl_id(cli: Cli) -> None:
    assert cli("ingest", "--no-extract", str(CORPORA / "examples" / "example.jsonl")).exit_code == 0
    data = json.loads(cli("export").stdout)
    source_ids = [json.loads(line)["id"] for line in (CORPORA / "examples" / "example.jsonl").read_text().splitlines()
                  if line.strip()]
    assert sorted(p["external_id"] for p in data["posts"]) == sorted(str(i) for i in source_ids)


def test_export_unknown_thread_names_the_fix(cli: Cli) -> None:
    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    result = cli("export", "--thread", "nothing-like-this")
    assert result.exit_code == 1
    assert "argmap threads" in result.stderr


def test_export_unknown_format_is_refused(cli: Cli) -> None:
    result = cli("export", "--format", "pdf")
    assert result.exit_code == 2  # a value the option does not take: a usage error
    assert "json" in result.stderr


@pytest.mark.slow
def test_export_is_deterministic(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", SAMPLE).exit_code == 0
    first = json.loads(cli("export").stdout)
    other = Cli(tmp_path / "other.db")
    assert other("ingest", SAMPLE).exit_code == 0
    second = json.loads(other("export").stdout)
    for key in ("posts", "units", "relations", "quotes"):
        assert first[key] == second[key]


def test_threads_and_stats_report_what_is_stored(cli: Cli) -> None:
    assert cli("ingest", "--no-extract", SAMPLE, str(CORPORA / "examples" / "remote-work.txt")).exit_code == 0
    threads = cli.json("threads")
    assert sorted(t["posts"] for t in threads) == [5, 19]
    stats = cli.json("stats")
    assert stats["threads"] == 2 and stats["posts"] == 24
    table = cli("stats")
    assert table.exit_code == 0 and "posts" in table.stdout and "24" in table.stdout


def test_threads_stats_and_ingest_tables_separate_thousands(cli: Cli) -> None:
    """The tables of ingest, threads and stats printed '1200' posts, left-aligned in ingest's and stats', where
    the lines beneath tables (``… 12,295 more topics``) and every message separate thousands; each count now
    reads '1,200', right-aligned, as ``claims`` and ``analyze`` align theirs."""
    lines = "".join(f"Post {n} says bikes beat cars.\n" for n in range(1200))
    ingested = cli("ingest", "--no-extract", "-", input=lines)
    assert ingested.exit_code == 0 and "│ 1,200 │" in ingested.stdout
    assert "│ 1,200 │" in cli("threads").stdout
    stats = cli("stats").stdout
    assert any(row.split("│")[1].strip() == "posts" and row.split("│")[2] == " 1,200 " for row in stats.splitlines()
               if row.startswith("│"))
    assert "1200" not in stats and cli.json("stats")["posts"] == 1200  # JSON keeps plain numbers


def test_threads_table_names_a_thread_without_a_title_by_its_key(cli: Cli) -> None:
    assert cli("ingest", "--no-extract", "-", input="Bikes beat cars.\nNo, they do not.\n").exit_code == 0
    (thread,) = cli.json("threads")
    assert thread["title"] is None
    assert thread["key"][:14] in cli("threads").stdout  # cut to the room an 80-column terminal leaves


def _table_rows(stdout: str) -> dict[str, list[str]]:
    """The rows of a table by their first cell, each cell the words of its lines joined."""
    rows: dict[str, list[list[str]]] = {}
    key = ""
    for line in stdout.splitlines():
        if not line.startswith("│"):
            continue
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        key = cells[0] or key
        rows.setdefault(key, []).append(cells)
    return {k: [" ".join(c for c in column if c) for column in zip(*lines, strict=True)] for k, lines in rows.items()}


@pytest.mark.parametrize("width", [80, 100, 140, 200])
def test_threads_table_fits_the_terminal_with_every_count(cli: Cli, width: int, monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    """Ids and counts whole at any width; the title wraps in the room they leave (cut after 3 lines), and the
    format and the source show only where the title keeps 40 columns beside them."""
    long_title = tmp_path / "a-thread-whose-title-is-far-longer-than-any-terminal-column-would-hold.txt"
    long_title.write_text((CORPORA / "examples" / "remote-work.txt").read_text())
    assert cli("ingest", "--no-extract", SAMPLE, str(long_title)).exit_code == 0
    monkeypatch.setattr(out, "_width", width)
    result = cli("threads")
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    rows = _table_rows(result.stdout)
    for thread in cli.json("threads"):
        cells = rows[thread["id"]]
        header = ["id", "title", *(["format"] if width >= 140 else []), "posts", "units", "relations",
                  *(["source"] if width >= 140 else [])]
        assert len(cells) == len(header) and "missing" not in result.stdout  # no thread lacks a post
        assert cells[0] == thread["id"] and cells[header.index("posts"):header.index("relations") + 1] == [
            str(thread["posts"]), str(thread["units"]), str(thread["relations"])]
        assert "".join(thread["title"].split()).startswith("".join(cells[1].rstrip("…").split()))
        if width >= 140:
            assert cells[2] == thread["format"]
    long = next(t for t in cli.json("threads") if t["title"].startswith("a-thread"))
    assert rows[long["id"]][1].replace(" ", "") == long["title"]  # whole in 2-3 lines, from 80 columns on


def test_threads_table_reads_at_80_columns_and_says_what_missing_means(cli: Cli, tmp_path: Path) -> None:
    """At 80 columns the titles were cut to 13-17 characters ("Introducing Redd…") beside a format column, and
    the table had no ``missing`` column, which the ingest summary has: a Reddit thread of 201 comments whose source
    held 6,290 more looked whole. The title now wraps in the room the counts leave, and ``missing`` shows (with
    what it means) when a thread lacks posts."""
    reddit = CORPORA / "examples" / "reddit-example.json"
    assert cli("ingest", "--no-extract", SAMPLE, str(reddit)).exit_code == 0
    result = cli("threads")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[1].split("┃")[1:-1] == [" id                 ", " title             ", " posts ", " units ",
                                         " relations ", " missing "]
    rows = _table_rows(result.stdout)
    by_title = {t["title"]: t for t in cli.json("threads")}
    library = by_title["Should the city library stay open until midnight?"]
    assert library["missing"] == 3
    assert rows[library["id"]][1:] == [library["title"], str(library["posts"]), str(library["units"]),
                                       str(library["relations"]), "3"]
    assert " ".join(result.stdout.split("└")[1].split()[1:]).startswith(
        "missing: comments the source listed but did not hold (Reddit's 'load more' stubs)")
    assert {"missing", "format", "source"} <= set(cli.json("threads")[0])  # --json has every field, at any width


@pytest.mark.slow
def test_export_min_confidence_keeps_the_surer_relations_and_every_unit(cli: Cli) -> None:
    assert cli("ingest", SAMPLE).exit_code == 0
    whole = json.loads(cli("export").stdout)
    sure = json.loads(cli("export", "--min-confidence", "0.6").stdout)
    expected = [r for r in whole["relations"] if r["confidence"] >= 0.6]
    assert 0 < len(expected) < len(whole["relations"]) and sure["relations"] == expected
    assert sure["units"] == whole["units"]
    # the thread counts the relations exported, not those stored
    assert [t["relations"] for t in sure["threads"]] == [len(expected)]
    assert [t["relations"] for t in whole["threads"]] == [len(whole["relations"])]
    csv_rows = cli("export", "--format", "csv", "--min-confidence", "0.6").stdout.splitlines()
    assert sum(1 for row in csv_rows if row.startswith("relation,")) == len(expected)
    refused = cli("export", "--min-confidence", "1.5")
    assert refused.exit_code != 0 and "--min-confidence" in refused.output
    # stats counts the relations by the rule that made them, as the export names it
    by_rule = cli.json("stats")["relation_models"]
    made = {model: sum(1 for r in whole["relations"] if r["model"] == model) for model in by_rule}
    assert by_rule == made and sum(by_rule.values()) == len(whole["relations"])
    assert list(by_rule.values()) == sorted(by_rule.values(), reverse=True)
    assert f"relations made by {rule_model('quote')}" in cli("stats").stdout


def test_a_title_prefix_that_fits_several_threads_lists_them(cli: Cli, tmp_path: Path) -> None:
    text = (CORPORA / "examples" / "remote-work.txt").read_text()
    for name in ("debate-one", "debate-two"):
        (tmp_path / f"{name}.txt").write_text(f"In {name}: " + text)  # a thread is known by its opening post
    assert cli("ingest", "--no-extract", str(tmp_path)).exit_code == 0
    ids = {t["title"]: t["id"] for t in cli.json("threads")}
    result = cli("export", "--thread", "debate")
    assert result.exit_code == 1
    assert "2 thread titles" in result.stderr and all(f"{i} ({t})" in result.stderr for t, i in ids.items())


def test_format_names_are_read_in_any_case(cli: Cli) -> None:
    assert cli("ingest", "--no-extract", "--format", "TEXT", SAMPLE).exit_code == 0
    assert json.loads(cli("export", "--format", "JSON").stdout)["argmap_json"] == 1
    assert cli("export", "--format", "GraphML").stdout.startswith("<?xml")


def test_export_output_dash_is_standard_output(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-o -`` writes to standard output, as ``ingest -`` reads standard input; it made a file named '-'."""
    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("record,id,kind,text") and "wrote" not in result.stderr
    assert not (tmp_path / "-").exists()


def test_export_takes_json_as_every_printing_command_does(cli: Cli, tmp_path: Path) -> None:
    """``export --json`` was a usage error ("No such option"), though every other command that prints takes it."""
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(path)).exit_code == 0
    plain = cli("export")
    assert plain.exit_code == 0
    assert cli.json("export") == json.loads(plain.stdout)
    assert cli.json("export", "--format", "JSON") == json.loads(plain.stdout)
    both = cli("export", "--json", "--format", "csv")
    assert both.exit_code == 1 and json.loads(both.stdout) == {"error": "--json and --format csv ask for two formats; "
                                                                        "give one of them"}
    assert "--json and --format csv" in both.stderr


@pytest.mark.parametrize(("name", "starts"), [("map.graphml", "<?xml"), ("map.aif.json", '{\n  "nodes"'),
                                              ("map.dot", "digraph"), ("map.gv", "digraph"), ("map.argdown", "===\n"),
                                              ("report.md", "# "), ("report.markdown", "# "), ("units.CSV", "record,"),
                                              ("map.json", '{\n  "argmap_json"'), ("map.txt", '{\n  "argmap_json"')])
def test_export_takes_its_format_from_the_output_files_name(cli: Cli, tmp_path: Path, name: str, starts: str) -> None:
    """``export -o map.graphml`` wrote JSON into a file named .graphml; --format still wins over the name."""
    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    path = tmp_path / name
    assert cli("export", "-o", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(starts)
    assert cli("export", "--format", "csv", "-o", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("record,")
    assert cli("export", "--format", "md").stdout.startswith("# ")


def test_export_markdown_top_keeps_the_most_discussed_topics(cli: Cli) -> None:
    """The report of a 2,000-comment thread had over a thousand topics (680 KB): nothing to paste into a chat."""
    from tests.query.conftest import OPEN, stored
    from tests.query.test_tracking import FIRST, SECOND, THIRD

    stored(cli.db, OPEN, FIRST, SECOND, THIRD)
    whole = cli("export", "--format", "markdown")
    topics = [line for line in whole.stdout.splitlines() if line.startswith("### ")]
    assert whole.exit_code == 0 and len(topics) > 2 and "not shown" not in whole.stdout
    short = cli("export", "--format", "md", "--top", "2")
    assert short.exit_code == 0, short.output
    assert [line for line in short.stdout.splitlines() if line.startswith("### ")] == topics[:2]
    assert short.stdout.rstrip().endswith(f"*{len(topics) - 2} more topic{'s' if len(topics) > 3 else ''} not shown.*")
    assert whole.stdout.startswith(short.stdout.split("### ")[0])  # the same overview of the whole debate
    wrong = cli("export", "--top", "2")  # JSON: every unit, nothing to cut
    assert wrong.exit_code == 1 and "--top 2 cuts the Markdown report" in wrong.stderr and not wrong.stdout
    assert "--format markdown" in wrong.stderr


def test_export_failing_part_way_keeps_the_earlier_file_and_names_the_fix(cli: Cli, tmp_path: Path) -> None:
    """A write that failed part-way (a full disk; here a file size limit) left the earlier export cut short."""
    from tests.api.test_maps import file_size_limit

    thread = tmp_path / "long.jsonl"
    thread.write_text("".join(json.dumps({"id": str(i), "text": f"Post {i} says that cats sleep all day. " * 20})
                              + "\n" for i in range(300)), encoding="utf-8")
    assert cli("ingest", "--no-extract", str(thread)).exit_code == 0
    path = tmp_path / "graph.json"
    assert cli("export", "-o", str(path)).exit_code == 0
    before = path.read_text(encoding="utf-8")
    assert len(before) > 200_000
    with file_size_limit(128 * 1024):  # more than SQLite's -shm file needs, less than the export
        result = cli("export", "-o", str(path))  # the same export: had it been cut, it would differ
    assert result.exit_code == 1
    assert f"cannot write {str(path)!r}" in result.stderr and "choose another -o path" in result.stderr
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("db", "says"), [("", "named by an empty string"), ("folder", "it is a folder, not a file"),
                                          ("mysql://ann@db.example/x", "SQLite or PostgreSQL, not mysql")])
def test_threads_with_a_db_that_cannot_be_a_database_names_the_fix(tmp_path: Path, db: str, says: str) -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    (tmp_path / "folder").mkdir()
    result = CliRunner().invoke(app, ["--db", str(tmp_path / db) if db == "folder" else db, "threads"])
    assert result.exit_code == 1
    assert says in result.stderr and ("--db" in result.stderr or "give a file path" in result.stderr)
    assert "Traceback" not in result.output


def test_export_of_a_damaged_database_says_how_to_recover_it(cli: Cli, tmp_path: Path) -> None:
    """A damaged page said "database disk image is malformed; check the --db path", though the path was right."""
    import sqlite3

    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    with sqlite3.connect(cli.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'post'").fetchone()[0]
    data = bytearray(cli.db.read_bytes())
    data[(root - 1) * size + 100:root * size] = b"\xab" * (size - 100)  # the post table's first page, scribbled on
    cli.db.write_bytes(bytes(data))
    result = cli("export")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "malformed" in result.stderr and f"sqlite3 {cli.db} .recover | sqlite3 recovered.db" in result.stderr


def test_export_brat_of_a_database_without_threads_makes_no_folder_and_says_so(cli: Cli, tmp_path: Path) -> None:
    """It said "wrote 0 brat documents (0 files) to out/emptybrat", a folder it never made."""
    path = tmp_path / "t.txt"
    path.write_text("Cats are better pets.\nNo, dogs are.\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    assert cli("delete", "t").exit_code == 0
    result = cli("export", "--format", "brat", "-o", str(tmp_path / "out" / "emptybrat"))
    assert result.exit_code == 0, result.output
    assert "nothing to write: the database holds no threads" in result.stderr and "wrote" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("width", [40, 60])
def test_threads_and_claims_print_ids_whole_in_a_terminal_too_narrow_for_the_table(
        cli: Cli, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 60 columns ``threads`` printed "t-acb30fabb8b7953", one character short, which no command then found."""
    assert cli("ingest", "--no-extract", str(CORPORA / "examples")).exit_code == 0
    ids = [t["id"] for t in cli.json("threads")]
    monkeypatch.setattr(out, "_width", width)
    printed = cli("threads").stdout
    assert all(f"│ {thread_id} │" in printed for thread_id in ids), printed


def test_stats_table_counts_no_units_and_no_relations_as_zero(cli: Cli) -> None:
    """stats of a thread stored with --no-extract listed threads, posts, authors, topics and evidence sources, and
    no row at all for units and relations (JSON has ``{}``); the table now says 0 of each."""
    assert cli("ingest", "--no-extract", "-", input="Bikes beat cars.\nNo, they do not.\n").exit_code == 0
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in cli("stats").stdout.splitlines()
            if line.startswith("│")}
    assert rows["units"] == "0" and rows["relations"] == "0"
    assert cli.json("stats")["units"] == {}


@pytest.mark.parametrize(("name", "hint"), [
    ("map.gexf", "Gephi, yEd and Cytoscape open GraphML: -o map.graphml"),
    ("units.TSV", "spreadsheets open its CSV: -o units.csv"),
    ("map.html", "argmap render -o map.html"),
    ("map.svg", "dot -Tsvg map.dot > map.svg"),
    ("map.json.gz", "| gzip > map.json.gz")])
def test_export_refuses_a_file_name_of_a_format_it_does_not_write(cli: Cli, tmp_path: Path, name: str, hint: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``export -o map.gexf`` (Gephi's own format), ``-o units.tsv``, ``-o map.html`` or ``-o map.json.gz`` wrote
    argmap's JSON under that name, a file Gephi, the spreadsheet, the browser or gunzip refuses; now the name is
    refused with the way to what was wanted, and ``--format json`` still writes JSON under any name."""
    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    monkeypatch.chdir(tmp_path)
    refused = cli("export", "-o", name)
    assert refused.exit_code == 2 and not (tmp_path / name).exists()
    assert hint in " ".join(refused.stderr.replace("│", " ").split())
    assert cli("export", "--format", "json", "-o", name).exit_code == 0
    assert (tmp_path / name).read_text(encoding="utf-8").startswith('{\n  "argmap_json"')


def test_export_json_to_a_file_prints_its_path_as_render_json_does(cli: Cli, tmp_path: Path) -> None:
    """``export --json -o FILE`` left standard output empty, which no JSON reader takes, where ``render --json -o
    FILE`` prints ``{"path": FILE}``; it now prints the same (the export in the file, "wrote" unsaid)."""
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(path)).exit_code == 0
    output = tmp_path / "out" / "map.json"
    result = cli("export", "--json", "-o", str(output))
    assert result.exit_code == 0 and json.loads(result.stdout) == {"path": str(output)}
    assert json.loads(output.read_text(encoding="utf-8")) == cli.json("export") and result.stderr == ""
    plain = cli("export", "-o", str(output))  # without --json: for people, "wrote" on stderr, as before
    assert plain.stdout == "" and f"wrote {output}" in " ".join(plain.stderr.split())
