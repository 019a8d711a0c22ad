"""``argmap claims``, ``topics``, ``search``, ``show``, ``track`` and ``analyze`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from argmap.cli import app
from argmap.cli.app import out
from argmap.store import repository
from argmap.store.db import make_engine
from tests.cli.conftest import Cli, refused_output
from tests.conftest import CORPORA
from tests.query.conftest import OPEN, build, store, stored
from tests.query.test_tracking import FIRST, SECOND, THIRD

SAMPLE = str(CORPORA / "hn-open-models.txt")


@pytest.fixture
def filled(cli: Cli) -> Cli:
    stored(cli.db, OPEN, FIRST, SECOND, THIRD)
    return cli


def test_query_topics_of_a_store_without_units_says_why_there_are_none(cli: Cli, tmp_path: Path) -> None:
    """An empty table with its headings was all ``topics`` printed for a database or thread with no units."""
    path = tmp_path / "pets.txt"
    path.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    for args in (["topics"], ["topics", "--thread", "pets"]):
        result = cli(*args)
        assert result.exit_code == 0 and "┏" not in result.stdout
        assert "no topics:" in result.stderr and "without --no-extract" in result.stderr
    assert cli.json("topics") == {"topics": [], "groups": [], "more": 0}


def test_issue5_topics_of_an_imported_map_do_not_deny_its_units(cli: Cli, tmp_path: Path) -> None:
    """A Kialo map stored with --no-extract has no topics: ``topics`` said the database held no argument units and
    sent the user to ingest it again without --no-extract, without saying that this gives its units topics."""
    path = tmp_path / "cars.txt"
    path.write_text("Discussion Title: Ban cars?\n\n1. Ban cars.\n1.1. Pro: Cleaner air.\n1.2. Con: Shops lose.\n",
                    encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    for args in (["topics"], ["topics", "--thread", "Ban cars?"]):
        result = cli(*args)
        assert result.exit_code == 0 and "┏" not in result.stdout
        assert "the 3 argument units" in result.stderr and "Kialo" in result.stderr
        assert "without --no-extract" in result.stderr
    assert cli.json("topics") == {"topics": [], "groups": [], "more": 0}


@pytest.mark.slow
def test_topics_of_an_imported_map_are_read_from_its_units(cli: Cli, tmp_path: Path) -> None:
    """An imported map (AIF, Kialo, brat) is stored as the analyst made it, and had no topics at all, so
    ``claims --topic`` and ``topics`` found nothing in it; its units now get the key phrases argmap's own get."""
    path = tmp_path / "cars.txt"
    path.write_text("Discussion Title: Ban cars?\n\n1. Cities should ban cars.\n1.1. Pro: Air pollution harms "
                    "children.\n1.2. Con: Small shops lose customers.\n", encoding="utf-8")
    for args in (["ingest", str(path)], ["ingest", "--format", "kialo", str(path)]):
        assert cli(*args).exit_code == 0
        keys = {t["key"] for t in cli.json("topics")["topics"]}
        assert {"air pollution", "small shop", "car"} <= keys
        [hit] = cli.json("claims", "--topic", "air pollution")
        assert hit["text"] == "Air pollution harms children." and hit["kind"] == "premise"
    export = cli.json("export", "--thread", "Ban cars?")
    assert {(u["text"], u["model"]) for u in export["units"]} >= {("Cities should ban cars.", "import.kialo")}
    assert [r["model"] for r in export["relations"]] == ["import.kialo"] * 2  # the map itself is as given


def test_query_analyze_of_a_store_without_units_says_why_it_has_nothing(cli: Cli, tmp_path: Path) -> None:
    """``analyze`` printed six empty tables under "grounded+supported-attacks: " for a database or thread stored
    with --no-extract."""
    path = tmp_path / "pets.txt"
    path.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    for args, where in ((["analyze"], "the database holds"), (["analyze", "--thread", "pets"], "thread 'pets' holds")):
        result = cli(*args)
        assert result.exit_code == 0 and "┏" not in result.stdout
        said = " ".join(result.stderr.split())
        assert said.startswith(f"nothing to analyze: {where} no argument units") and "without --no-extract" in said
    assert cli.json("analyze")["labels"] == {}


def test_query_analyze_says_a_ranking_has_no_rows_instead_of_drawing_its_headings(cli: Cli) -> None:
    """A thread where nothing is attacked printed "most contested" as a table of headings and no row."""
    from tests.query.conftest import stored_in

    stored_in(cli.db, *build("calm", "Calm", [("1", None, "ann", 1, [("claim", "Cats are calm pets.", ["cat"]),
                                                                     ("premise", "They sleep all day.", ["day"])])],
                             [(1, 0, "support")]))
    said = " ".join(cli("analyze").stdout.split())
    assert "most contested: none (no claim is attacked)" in said
    assert "most central" in said and "Cats are calm pets." in said  # a ranking with rows is still a table
    assert cli.json("analyze")["contested"] == []


def test_query_topics_limit_keeps_the_most_used(filled: Cli) -> None:
    """README, 'Commands': ``topics`` lists the 30 most used topics unless ``--limit`` says otherwise, most used
    first, and groups only those."""
    every = filled.json("topics")["topics"]
    assert 2 < len(every) <= 30
    units = [t["units"] for t in every]
    assert units == sorted(units, reverse=True)
    two = filled.json("topics", "--limit", "2")
    assert [t["units"] for t in two["topics"]] == units[:2]
    assert {key for group in two["groups"] for key in group} <= {t["key"] for t in two["topics"]}


def test_query_claims_table_and_json(filled: Cli) -> None:
    result = filled("claims", "--topic", "open source")
    assert result.exit_code == 0, result.output
    assert "ann" in result.stdout and "↳" in result.stdout  # each claim with its rebuttals
    rows = filled.json("claims", "--topic", "open source", "--attacked")
    assert [r["author"] for r in rows] == ["ann"] and rows[0]["rebuttals"][0]["author"] == "bob"


def test_query_claims_flags_that_contradict(filled: Cli) -> None:
    result = filled("claims", "--topic", "x", "--attacked", "--unanswered")
    assert result.exit_code == 1
    assert "use just one of --attacked or --unanswered" in result.stderr
    result = filled("claims", "--topic", "x", "--label", "maybe")
    assert result.exit_code == 2  # a usage error, as --limit 0
    assert "in, out, undecided" in " ".join(result.stderr.replace("│", " ").split())  # the message in a box
    assert "no claims on 'zebra'" in filled("claims", "--topic", "zebra").stderr


def test_query_topics_search_show(filled: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    report = filled.json("topics", "--thread", "open")
    counts = {t["key"]: (t["units"], t["threads"]) for t in report["topics"]}
    assert counts["open source"] == counts["compute"] == (2, 1)
    assert any("open source" in group for group in report["groups"])
    assert "group 1:" in filled("topics").stdout
    # a long group wraps at the terminal's edge, every topic still there
    monkeypatch.setattr(out, "_width", 30)
    grouped = filled("topics").stdout.split("group 1:", 1)[1]
    assert max(len(line) for line in ("group 1:" + grouped).splitlines()) <= 30
    assert all(key in " ".join(grouped.split()) for key in report["groups"][0])
    monkeypatch.undo()
    hits = filled.json("search", "cheaper", "--no-posts")
    assert [h["text"] for h in hits] == ["Compute gets cheaper every year.",
                                         "Open-weight models are cheaper than GPT-4."]
    assert filled("search", "cheaper").exit_code == 0
    result = filled("search", "x", "--no-units", "--no-posts")
    assert result.exit_code == 1 and "leave nothing to search" in result.stderr
    unit = OPEN[1].units[0].id("open")
    tree = filled("show", unit)
    assert tree.exit_code == 0, tree.output
    assert "attack" in tree.stdout and "No, closed labs" in tree.stdout and "Compute gets" in tree.stdout
    data = filled.json("show", unit, "--depth", "1")
    assert data["truncated"] and data["label"]["label"] == "in"
    missing = filled("show", "u-nothing")
    assert missing.exit_code == 1 and "argmap search" in missing.stderr


def test_query_track_and_analyze(filled: Cli) -> None:
    info = filled.json("track", "open weight models are as good as GPT-4")
    assert [m["author"] for m in info["members"]] == ["alice", "dana", "gus"]
    assert "; 3 appearances 1. " in " ".join(filled("track", info["id"]).stdout.split())  # not "appearance(s)"
    report = filled.json("analyze", "--thread", "open", "--dung")
    assert report["semantics"] == "grounded" and report["counts"] == {"in": 5, "out": 1}
    result = filled("analyze")
    assert result.exit_code == 0 and "most contested" in result.stdout and "authors" in result.stdout


@pytest.mark.slow
def test_issue6_sample_thread(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", SAMPLE).exit_code == 0
    hits = cli.json("claims", "--topic", "open source")
    texts = [h["text"] for h in hits]
    quoted = next(h for h in hits if h["text"].startswith("Open source 'winning'"))
    assert any(t.startswith("Open source models don't need") for t in texts)
    assert all("open source" in h["matched"] for h in hits)
    assert quoted["rebuttals"] and quoted["rebuttals"][0]["text"] == "Is this really true?"
    # track follows the claim (stated once in this thread)
    info = cli.json("track", quoted["id"])
    assert info["members"][0]["unit"] == quoted["id"] and info["members"][0]["attacks"]
    # analyze: the quoted claim is attacked ("Is this really true?") and nobody defends it: out
    report = cli.json("analyze", "--thread", "hn-open-models")
    label = report["labels"][quoted["id"]]
    assert label["label"] == "out" and label["chain"][1] == quoted["rebuttals"][0]["id"]
    assert report["labels"][quoted["rebuttals"][0]["id"]]["label"] == "in"
    assert [h["id"] for h in cli.json("claims", "--topic", "open source", "--label", "out")].count(quoted["id"]) == 1


def test_query_tables_fit_a_narrow_terminal(filled: Cli) -> None:
    """At 80 columns (the runner's width) ids stay whole, words wrap instead of being cut, and no line overflows."""
    report = filled.json("analyze", "--thread", "open")
    ids = [row["unit"] for row in report["contested"] + report["central"]]
    hits = filled.json("claims", "--topic", "open source")
    for args, wanted in ((("analyze", "--thread", "open"), ids), (("claims", "--topic", "open source"),
                                                                   [h["id"] for h in hits])):
        result = filled(*args)
        assert result.exit_code == 0, result.output
        assert wanted and all(unit in result.stdout for unit in wanted)
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "authors: how many people attack it (an anonymous post counts as one)" in filled("analyze").stdout
    # show wraps each node inside the tree's guides: every word of a long unit is there, on lines of 80 at most
    unit = OPEN[1].units[0].id("open")
    tree = filled("show", unit)
    node = filled.json("show", unit)["root"]
    lines = tree.stdout.split("\nthread:")[0].splitlines()  # the tree; the lines after it are plain text
    assert max(len(line) for line in lines) <= 80
    printed = " ".join(line.strip("│├└─ ") for line in lines)
    assert all(word in printed.split() for word in node["text"].split())


@pytest.mark.parametrize("width", [30, 40, 50])
def test_query_tables_keep_every_column_in_a_terminal_too_narrow_for_them(
        filled: Cli, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Below some 55 columns rich narrowed the text column to nothing and left it out: ``claims`` listed ids and counts
    with no claim, ``threads`` no titles, ``analyze`` its authors without the attacks they made (``att``). The table
    is drawn wider than the terminal instead, every column there, the words wrapped in 20 columns."""
    hits = filled.json("claims", "--topic", "open source")
    monkeypatch.setattr(out, "_width", width)
    for args in (("claims", "--topic", "open source"), ("analyze",), ("threads",), ("search", "cheaper")):
        result = filled(*args)
        assert result.exit_code == 0, result.output
        headers = [line for line in result.stdout.splitlines() if line.startswith("┃")]
        assert headers, result.stdout
        for header in headers:
            cells = [cell.strip() for cell in header.strip("┃").split("┃")]
            assert all(cells) and "…" not in header, header
        if args[0] == "claims":
            rows = " ".join(line.split("│")[2].strip() for line in result.stdout.splitlines()
                            if line.startswith("│"))
            assert all(" ".join(h["text"].split()[:3]) in " ".join(rows.split()) for h in hits)


@pytest.mark.parametrize("width", [80, 50])
def test_query_show_footer_wraps_at_the_terminal_edge(filled: Cli, monkeypatch: pytest.MonkeyPatch,
                                                      width: int) -> None:
    """The lines under the tree (thread, label, quoted by) wrap too, further lines indented, every word kept."""
    monkeypatch.setattr(out, "_width", width)
    unit = OPEN[1].units[0].id("open")
    report = filled.json("show", unit)
    result = filled("show", unit)
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    footer = result.stdout[result.stdout.index("\nthread:") + 1:].splitlines()
    label = next(i for i, line in enumerate(footer) if line.startswith("label:"))
    assert len(report["label"]["reason"]) > width and footer[label + 1].startswith("  ")  # wrapped, hanging indent
    legend = next(i for i, line in enumerate(footer) if line.startswith("in: stands"))  # what the labels mean
    assert " ".join(" ".join(footer[label:legend]).split()) == f"label: in — {report['label']['reason']}"
    assert all(line == line.rstrip() for line in footer)


def test_query_track_prints_one_block_per_appearance(filled: Cli) -> None:
    info = filled.json("track", "open weight models are as good as GPT-4")
    result = filled("track", info["id"])
    assert result.exit_code == 0, result.output
    for n, member in enumerate(info["members"], start=1):
        assert f"{n}. " in result.stdout and member["author"] in result.stdout and member["unit"] in result.stdout
        # when it was posted, with its zone: "2024-01-12 12:00" alone reads as the reader's own time
        when = f"{n}. {member['created_at'][:10]} {member['created_at'][11:16]} UTC in "
        assert when in " ".join(result.stdout.split()), when
    assert result.stdout.count("merged because") == len(info["members"])


def test_query_claims_none_names_the_options_that_narrowed_the_search(filled: Cli) -> None:
    """"no claims on 'open source'" when only --author or --thread left none out read as if no one discussed it."""
    assert filled.json("claims", "--topic", "open source")  # the topic has claims
    result = filled("claims", "--topic", "open source", "--author", "nobody", "--label", "out")
    assert result.exit_code == 0
    assert " ".join(result.stderr.split()) == (
        "no claims on 'open source' with --label 'out', --author 'nobody'; leave them out to see every claim on "
        "the topic, or list the topics with: argmap topics no stored author is named 'nobody', and no name is close; "
        "argmap analyze --top 50 lists the authors")
    result = filled("claims", "--topic", "open source", "--attacked", "--thread", "open", "--kind", "premise")
    assert "with --thread 'open', --kind 'premise', --attacked; leave them out" in " ".join(result.stderr.split())
    assert " ".join(filled("claims", "--topic", "zebra").stderr.split()) == (
        "no claims on 'zebra'; list the topics with: argmap topics")


def test_query_search_limit_counts_units_and_posts_each_as_help_says(filled: Cli) -> None:
    """--help said "At most this many rows", yet --limit 1 prints a unit and a post."""
    kinds = [h["kind"] for h in filled.json("search", "compute", "--limit", "1")]
    assert kinds == ["unit", "post"]
    search = typer.main.get_command(app).commands["search"]  # type: ignore[attr-defined]
    option = next(p for p in search.params if p.name == "limit")
    assert option.help.startswith("At most this many units and this many posts")


def test_query_track_of_a_claim_stated_once_claims_no_merge(filled: Cli) -> None:
    """A unit no other restates printed "merged because 1.00: the only appearance found"."""
    info = filled.json("track", "Compute gets cheaper every year")
    assert info["id"] is None and len(info["members"]) == 1
    result = filled("track", "Compute gets cheaper every year")
    assert result.exit_code == 0 and "(not restated elsewhere); 1 appearance\n" in result.stdout  # not "(s)"
    assert "merged because" not in result.stdout and info["members"][0]["unit"] in result.stdout


def test_query_labels_in_a_line_of_words_are_named_and_cut_tables_say_so(filled: Cli) -> None:
    """"by dana in u-12ab" read as the word "in"; analyze cut "what does not stand" and "authors" silently."""
    info = filled.json("track", "open weight models are as good as GPT-4")
    lines = [line for line in filled("track", info["id"]).stdout.splitlines() if line[:1].isdigit()]
    for line, member in zip(lines, info["members"], strict=True):
        assert line.endswith(f" label {member['label']} {member['unit']}")
    shown = filled("show", info["members"][0]["unit"]).stdout
    assert f" label {info['members'][0]['label']} {info['members'][0]['unit']}" in " ".join(shown.split())
    report = filled.json("analyze")
    authors, decided = len(report["authors"]), sum(1 for lab in report["labels"].values() if lab["label"] != "in")
    assert authors > 2 and decided >= 1
    text = filled("analyze", "--top", "1").stdout
    assert f"{authors - 2} more not shown: a larger --top, or --json for all" in text
    assert text.count("more not shown: a larger --top, or --json for all") == 1 + (decided > 2)


@pytest.mark.parametrize("args", [("search",), ("track",), ("claims", "--topic")])
def test_query_long_words_are_cut_where_a_message_echoes_them(filled: Cli, args: tuple[str, ...]) -> None:
    """A 12,000-character query was echoed whole in 'nothing matches' and 'no stored claim matches'."""
    words = "zebra " * 2_000
    result = filled(*args, words)
    said = result.stdout + result.stderr
    assert "zebra zebra" in said and len(said) < 400


def test_query_track_wraps_at_the_terminal_edge_with_a_hanging_indent(filled: Cli) -> None:
    """Quotes and replies ran on past 80 columns and wrapped to column 0, out of their appearance's block."""
    info = filled.json("track", "open weight models are as good as GPT-4")
    lines = filled("track", info["id"]).stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    first = next(n for n, line in enumerate(lines) if line.startswith("1. "))
    assert all(line.startswith("   ") for line in lines[first:] if line and not line[:1].isdigit())



def _documented_keys(command: str, after: str = "") -> set[str]:
    """The top-level keys the README's table of ``--json`` shapes gives for ``command`` (of the object printed,
    or of each object of the list printed; with ``after``, of the shape after those words in its row)."""
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines()
               if line.startswith("| `") and f"`{command}`" in line.split("|")[1] and "{" in line)
    cell = row.split("|", 2)[2]
    shape = re.search(r"`([\[{].*?)`", cell.split(after, 1)[1] if after else cell)
    assert shape, row
    keys, token, depth = set(), "", 0
    for char in shape.group(1).removeprefix("[").removeprefix("{"):
        depth += (char in "[{") - (char in "]}")
        if depth < 0 or (depth == 0 and char == ","):
            keys.add(token.split(":")[0].strip())
            token = ""
            if depth < 0:
                break
        elif depth == 0 or (depth == 1 and char in "[{"):
            token += char
    return keys


@pytest.mark.parametrize("args", [
    ("threads",), ("stats",), ("claims", "--topic", "open source"), ("topics",), ("search", "cheaper"),
    ("track", "open weight models are as good as GPT-4"), ("analyze",), ("evidence", "link"),
])
def test_query_json_has_the_keys_the_readme_gives(filled: Cli, args: tuple[str, ...]) -> None:
    data = filled.json(*args)
    item = data[0] if isinstance(data, list) else data
    command = " ".join(args[:2]) if args[0] == "evidence" else args[0]
    if command == "threads":  # "[thread]": a thread as the ingest row gives it
        assert set(item) == _documented_keys("ingest", after="a thread is")
        return
    assert set(item) == _documented_keys(command)


def test_query_json_of_ingest_and_evidence_add_has_the_keys_the_readme_gives(cli: Cli) -> None:
    """The README's table gave ``ingest --json`` no ``warnings`` and ``evidence add --json`` no ``passed_over``,
    though both print them whatever the input (an empty list when there is nothing to say)."""
    ingested = cli.json("ingest", "--no-extract", str(CORPORA / "examples" / "remote-work.txt"))
    assert set(ingested) == _documented_keys("ingest")
    added = cli.json("evidence", "add", "--no-link", str(CORPORA / "evidence" / "library" / "office-culture.txt"))
    assert set(added) == _documented_keys("evidence add")


def test_query_search_thread_and_author_and_where_each_hit_is(filled: Cli) -> None:
    """search had no --thread or --author, and its table did not say which of several threads a hit is in."""
    everywhere = filled("search", "GPT-4", "--no-posts")
    assert everywhere.exit_code == 0, everywhere.output
    assert all(title in everywhere.stdout for title in ("Caught up?", "Costs", "Benchmarks"))
    hits = filled.json("search", "GPT-4", "--no-posts", "--thread", "Costs")
    assert {h["thread_title"] for h in hits} == {"Costs"} and len(hits) == 2
    one = filled("search", "GPT-4", "--no-posts", "--thread", "Costs")
    assert one.stdout.lstrip().startswith("in Costs")  # the thread once, above the table
    assert [h["author"] for h in filled.json("search", "GPT-4", "--author", "DANA", "--no-posts")] == ["dana"]
    none = filled("search", "GPT-4", "--thread", "Costs", "--author", "gus")
    assert none.exit_code == 0
    assert " ".join(none.stderr.split()) == (
        "nothing matches 'GPT-4' with --thread 'Costs', --author 'gus'; leave them out to search more")
    unknown = filled("search", "GPT-4", "--thread", "no such thread")
    assert unknown.exit_code == 1 and "argmap threads" in unknown.stderr


def test_query_search_prints_the_text_s_own_brackets_and_no_terminal_control_codes(cli: Cli) -> None:
    """The search table took a footnote's "[1]" for a match and printed "WAP1"; and an escape character in a post
    reached the terminal raw (``ESC[31m`` turned it red), in search, claims and show alike."""
    text = "Remember WAP[1] and WML[2], \x1b[31mred\x1b]0;title\x07 on a terminal."
    stored(cli.db, build("wap", "WAP", [("1", None, "ann", 1, [("claim", text, [])])]))
    found = cli("search", "WAP", "--no-posts")
    assert found.exit_code == 0, found.output
    assert "WAP[1] and WML[2]" in found.stdout
    unit = cli.json("search", "WAP", "--no-posts")[0]
    assert unit["text"] == text and unit["snippet"].startswith("Remember [WAP]\\[1\\] and WML\\[2\\]")
    for args in (("search", "WAP", "--no-posts"), ("claims", "--thread", "WAP"), ("show", unit["id"])):
        shown = cli(*args)
        assert shown.exit_code == 0, shown.output
        assert "red" in shown.stdout and not any(c in shown.stdout for c in "\x1b\x07"), args
        assert "\ufffd[31mred\ufffd]0;title" in shown.stdout.replace("\n", "").replace(" ", ""), args


def _stored_many(cli: Cli) -> str:
    """Store the thread whose opening claim has seven answers (:data:`tests.query.test_query.MANY`) in the CLI's
    database; the claim's unit id."""
    from tests.query.test_query import MANY

    engine = make_engine(str(cli.db))
    repository.init_db(engine)
    store(engine, *MANY)
    engine.dispose()
    return MANY[1].units[0].id("many")


def test_query_show_limit_cuts_each_unit_s_answers_and_says_how_many_are_left(cli: Cli,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """show of an opening post a whole thread answers printed every answer: 5,495 lines for a 2,000-comment thread."""
    root = _stored_many(cli)
    shown = cli("show", root, "--limit", "3")  # the support, the evidence the same unit gives, one attack
    assert shown.exit_code == 0, shown.output
    assert "… 5 more not shown (5 attacks): raise --limit (now 3)" in shown.stdout
    assert shown.stdout.count("attack claim") == 1 and shown.stdout.count("support claim") == 1
    assert shown.stdout.count("evidence claim") == 1
    tree = cli.json("show", root, "--limit", "3")
    assert tree["root"]["more"] == {"attack": 5} and len(tree["root"]["children"]) == 3
    assert "more not shown" not in cli("show", root).stdout  # 8 answers: under the default of 10
    assert len(cli.json("show", root)["root"]["children"]) == 8
    monkeypatch.setattr("argmap.cli.query.SHOW_LIMIT", 4)
    assert "… 4 more not shown (4 attacks): raise --limit (now 4)" in cli("show", root).stdout
    whole = cli.json("show", root)  # --json: the whole tree unless --limit is given, as before --limit
    assert len(whole["root"]["children"]) == 8 and whole["root"]["more"] == {}


def test_query_track_limit_cuts_each_appearance_s_answers_as_show_does(cli: Cli,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """track of an opening post a whole thread answers printed every answer (122 attacks, 179 lines, for a 4forums
    debate's opening question), where show stops at 10 and counts the rest."""
    root = _stored_many(cli)
    shown = cli("track", root, "--limit", "3")
    assert shown.exit_code == 0, shown.output
    assert "… 5 more not shown (5 attacks): raise --limit (now 3)" in shown.stdout
    assert [shown.stdout.count(f"{r}: ") for r in ("attack", "support", "evidence")] == [1, 1, 1]
    [member] = cli.json("track", root, "--limit", "3")["members"]
    assert member["more"] == {"attack": 5}
    assert [len(member[k]) for k in ("supports", "evidence", "attacks")] == [1, 1, 1]
    assert "more not shown" not in cli("track", root).stdout  # 8 answers: under the default of 10
    monkeypatch.setattr("argmap.cli.query.SHOW_LIMIT", 4)
    assert "… 4 more not shown (4 attacks): raise --limit (now 4)" in cli("track", root).stdout
    [whole] = cli.json("track", root)["members"]  # --json: every answer unless --limit is given
    assert [len(whole[k]) for k in ("supports", "evidence", "attacks")] == [1, 1, 6] and whole["more"] == {}


@pytest.mark.parametrize(("args", "flag"), [
    (("claims", "--since", "yesterday"), "--since"),
    (("claims", "--answered-since", "2020-13-01"), "--answered-since"),
    (("search", "GPT-4", "--since", "08/11/2020"), "--since"),
])
def test_query_a_time_that_is_no_time_is_refused_with_the_forms_a_user_types(filled: Cli, args: tuple[str, ...],
                                                                              flag: str) -> None:
    """--since yesterday listed strptime codes ('%Y-%m-%dT%H:%M:%S.%f%z' and seven more) after "Value error,"."""
    result = filled(*args)
    assert result.exit_code == 2  # a usage error, as --limit 0
    message = " ".join(result.output.replace("│", " ").split())
    assert f"Invalid value for '{flag}': {args[-1]!r} is not a date or time argmap reads; give a date, 2020-11-08, " \
           "a UTC time, 2020-11-08T14:00, or a time as --json prints it, 2020-11-08T14:00:00Z" in message
    assert "%" not in message


@pytest.mark.parametrize("since", ["2024-01-11", "2024-01-11T00:00", "2024-01-11 00:00", "2024-01-11T00:00:00Z",
                                   "2024-01-11T01:00+01:00", "2024-01-11T00:00:00.000000Z",
                                   # as track and the map show a time, and as an AIF export's start gives it
                                   "2024-01-11 00:00 UTC", "2024-01-11 00:00:00", "2024-01-11 00:00:00.0 UTC"])
def test_query_since_takes_every_form_the_readme_names(filled: Cli, since: str) -> None:
    assert filled.json("claims", "--since", since) == filled.json("claims", "--since", "2024-01-11")


def test_query_stats_of_one_thread_names_the_thread_a_prefix_matched(filled: Cli) -> None:
    """stats --thread PREFIX printed bare counts: which thread the prefix matched went unsaid, where claims and
    search head their table with it."""
    counts = filled.json("stats", "--thread", "Cos")
    [costs] = [t for t in filled.json("threads") if t["title"] == "Costs"]
    assert (counts["thread"], counts["thread_title"]) == (costs["id"], "Costs") and counts["posts"] == costs["posts"]
    assert filled("stats", "--thread", "Cos").stdout.lstrip().startswith("in Costs\n")
    whole = filled.json("stats")
    assert (whole["thread"], whole["thread_title"]) == (None, None) and whole["threads"] > 1
    assert filled("stats").stdout.lstrip().startswith("┌")  # the whole database: no heading


def test_query_claims_of_a_thread_or_an_author_without_a_topic(filled: Cli) -> None:
    """claims needed --topic: "what did this person claim?" and "what was argued most here?" had no command."""
    result = filled("claims", "--thread", "Open models", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "claims in Open models, most discussed first" in result.stdout
    assert [r["author"] for r in filled.json("claims", "--author", "bob")] == ["bob"]
    assert "claims by bob in Open models, most discussed first" in filled("claims", "--author", "bob").stdout
    assert "claims by bob in Open models" in filled("claims", "--author", "BOB").stdout  # the name as stored
    none = filled("claims", "--author", "bob", "--unanswered")
    assert none.exit_code == 0 and none.stderr.strip() == "no claims with --author 'bob', --unanswered"
    bare = filled("claims")
    assert bare.exit_code == 1
    assert "claims needs a topic, --thread, --author, --since or --answered-since" in bare.stderr


def test_query_claims_takes_the_topic_as_words_too(filled: Cli) -> None:
    """``argmap claims compute`` was refused ("Got unexpected extra argument(s)") though ``argmap search compute``
    takes its words so: the topic may now be given either way, and given both ways it must be the same."""
    assert filled.json("claims", "compute") == filled.json("claims", "--topic", "compute") != []
    assert filled.json("claims", "compute", "--topic", "compute") == filled.json("claims", "compute")
    both = filled("claims", "compute", "--topic", "GPT-4")
    assert both.exit_code == 1
    assert "give the topic once: as words ('compute') or as --topic ('GPT-4'), not both" in both.stderr


def test_query_claims_since_a_time_in_every_thread(filled: Cli) -> None:
    """"What is new since I last looked?" needed a topic, a thread or an author; --since alone now answers it."""
    hits = filled.json("claims", "--since", "2024-01-13", "--limit", "100")
    threads = {h["thread"] for h in hits}
    assert len(threads) > 1 and all(h["created_at"] >= "2024-01-13" for h in hits)
    each = [h["id"] for t in threads for h in filled.json("claims", "--thread", t, "--since", "2024-01-13")]
    assert sorted(h["id"] for h in hits) == sorted(each)
    assert "claims since 2024-01-13, most discussed first" in filled("claims", "--since", "2024-01-13").stdout
    assert "claims on 'GPT-4' since 2024-01-13" in filled("claims", "--topic", "GPT-4", "--since", "2024-01-13").stdout


def test_query_claims_kind_and_label_in_any_case(filled: Cli) -> None:
    """--format took any case but --label OUT and --kind Claim were refused as unknown values."""
    assert filled.json("claims", "--topic", "compute", "--label", "OUT") == filled.json(
        "claims", "--topic", "compute", "--label", "out") != []
    assert filled.json("claims", "--topic", "open source", "--kind", "Claim") == filled.json(
        "claims", "--topic", "open source", "--kind", "claim") != []


def test_query_claims_of_one_thread_name_it_once(filled: Cli) -> None:
    """Every claim of a thread's table repeated the thread's title under it: two or three lines a row."""
    one = filled("claims", "--topic", "open source")
    assert one.stdout.lstrip().startswith("claims on 'open source' in Open models")
    assert one.stdout.count("Open models") == 1 and "— ann" in one.stdout
    several = filled("claims", "--topic", "GPT-4")
    titles = ("Caught up?", "Costs", "Benchmarks")
    assert all(title in several.stdout for title in titles)  # under each claim, since they differ
    assert not any(f"in {title}" in several.stdout.splitlines()[0] for title in titles)


def test_query_analyze_says_what_its_labels_mean(filled: Cli) -> None:
    """analyze opened with "grounded+supported-attacks: in 7, out 2" and nowhere said what in and out mean."""
    text = " ".join(filled("analyze").stdout.split())
    assert "in: stands (unattacked, or every attacker is out); out: an attacker that stands defeats it;" in text


def test_query_claims_and_search_since_a_date(filled: Cli) -> None:
    """--since: what was posted from a date on (the sample threads' posts are dated 1 to 16 January 2024)."""
    assert {h["author"] for h in filled.json("search", "GPT-4", "--no-posts", "--since", "2024-01-13")} == {
        "dana", "gus"}
    assert {h["author"] for h in filled.json("claims", "--topic", "GPT-4", "--since", "2024-01-13T12:00")} == {
        "dana", "gus"}
    none = filled("claims", "--thread", "Costs", "--since", "2024-02-01")
    assert " ".join(none.stderr.split()) == ("no claims with --thread 'Costs', --since '2024-02-01' (posts without a "
                                             "date, such as a pasted plain-text thread's, never pass --since)")
    answered = filled("claims", "--thread", "Costs", "--answered-since", "2030-01-01")  # said --since, not given
    assert " ".join(answered.stderr.split()).endswith("plain-text thread's, never pass --answered-since)")
    nothing = filled("search", "GPT-4", "--since", "2030-01-01")
    assert " ".join(nothing.stderr.split()).endswith("(posts without a date, such as a pasted plain-text thread's, "
                                                     "never pass --since)")
    help_words = " ".join(filled("search", "--help").stdout.replace("│", " ").split())
    assert "Posts without a date (a pasted plain-text thread) are left out." in help_words
    bad = filled("search", "GPT-4", "--since", "last week")
    assert bad.exit_code == 2 and "--since" in bad.stderr
    since = next(line for line in filled("claims", "--help").stdout.splitlines() if line.split()[1:2] == ["--since"])
    assert since.split()[2] == "DATE"  # not its four strptime formats, which squeezed the help into a column


@pytest.mark.parametrize("moment", ["2024-01-13T12:00:00Z", "2024-01-13T13:00+01:00", "2024-01-13T06:59:59.5-05:00"])
def test_query_since_takes_the_times_json_prints(filled: Cli, moment: str) -> None:
    """A time copied from a --json answer (created_at "...Z") into --since was refused (exit 2); an offset is
    converted to UTC, and an empty answer names the time in UTC."""
    assert {h["author"] for h in filled.json("claims", "--topic", "GPT-4", "--since", moment)} == {"dana", "gus"}
    assert {h["author"] for h in filled.json("search", "GPT-4", "--no-posts", "--since", moment)} == {"dana", "gus"}
    later = filled("claims", "--thread", "Costs", "--since", "2024-02-13T13:00+01:00")
    assert later.exit_code == 0 and "--since '2024-02-13T12:00'" in later.stderr


def test_query_since_is_said_back_to_the_microsecond(filled: Cli) -> None:
    """A --since with a fraction of a second (a Discourse post's created_at, "...T12:00:00.250Z") was said back cut
    to the minute, "--since '2024-02-13T12:00'": a time that gives other answers than the one asked."""
    later = filled("claims", "--thread", "Costs", "--since", "2024-02-13T13:00:00.250+01:00")
    assert later.exit_code == 0 and "--since '2024-02-13T12:00:00.25'" in later.stderr
    search = filled("search", "GPT-4", "--since", "2024-02-13T00:00:00.000001Z")
    assert search.exit_code == 0 and "--since '2024-02-13T00:00:00.000001'" in search.stderr


def test_query_analyze_says_who_argues_with_whom(filled: Cli) -> None:
    """A moderator could not ask which two people trade attacks: analyze lists the pairs, with a unit to open."""
    report = filled.json("analyze", "--thread", "open")
    assert [(e["first"], e["second"], e["first_attacks"], e["second_attacks"]) for e in report["exchanges"]] == [
        ("bob", "ann", 1, 0), ("cy", "bob", 1, 0)]
    unit = report["exchanges"][0]["unit"]
    assert filled.json("show", unit)["root"]["author"] == "ann"  # bob attacked it
    text = filled("analyze", "--thread", "open").stdout
    assert "who argues with whom" in text and "bob ↔ ann" in text and unit in text
    assert "argmap render --thread T --authors 'FIRST,SECOND' draws it whole" in " ".join(text.split())


def test_query_claims_json_says_when_each_was_posted(filled: Cli) -> None:
    """A moderator's script keeps the newest claim's time for the next --since; claims --json gave no time."""
    hits = filled.json("claims", "--topic", "GPT-4")
    assert all(h["created_at"] for h in hits)
    newest = max(h["created_at"] for h in hits)
    again = filled.json("claims", "--topic", "GPT-4", "--since", newest)
    assert again and {h["created_at"] for h in again} == {newest}


def test_query_analyze_says_how_many_each_ranking_leaves_out(filled: Cli) -> None:
    """The unanswered table listed --top claims with nothing saying there were more (and --json lists no more)."""
    report = filled.json("analyze", "--top", "1")
    assert len(report["unanswered"]) == 1 and report["totals"]["unanswered"] > 1
    text = filled("analyze", "--top", "1").stdout
    assert f"{report['totals']['unanswered'] - 1} more not shown: a larger --top\n" in text


def test_query_search_json_says_when_each_hit_was_posted(filled: Cli) -> None:
    """search --json gave no time, so a script could not tell what is new, nor pass a time on to --since."""
    hits = filled.json("search", "GPT-4")
    claimed = {h["id"]: h["created_at"] for h in filled.json("claims", "--topic", "GPT-4", "--limit", "100")}
    assert hits and all(h["created_at"].endswith("Z") for h in hits)
    assert all(claimed[h["id"]] == h["created_at"] for h in hits if h["id"] in claimed)
    newest = max(h["created_at"] for h in hits)
    assert {h["created_at"] for h in filled.json("search", "GPT-4", "--since", newest)} == {newest}


def test_query_analyze_names_the_thread_of_each_ranked_claim(filled: Cli) -> None:
    """Over several threads, analyze's rankings gave a thread id alone in --json and no thread in the tables."""
    report = filled.json("analyze")
    titles = {h["thread"]: h["thread_title"] for h in filled.json("claims", "--since", "2024-01-01", "-n", "100")}
    ranked = report["contested"] + report["central"] + report["unanswered"]
    assert len({s["thread"] for s in ranked}) > 1
    assert all(s["thread_title"] == titles[s["thread"]] for s in ranked if s["thread"] in titles)
    text = " ".join(filled("analyze").stdout.split())
    contested = report["contested"][0]
    assert f"— {contested['author']}, {contested['thread_title']}" in text


def test_query_claims_answered_since_finds_old_claims_argued_over_again(filled: Cli) -> None:
    """"What happened since I last looked?" --since finds what was posted then; a claim of last week that drew
    attacks today was left out. --answered-since finds it (answers from other posts, as --unanswered counts them)."""
    posted = {h["id"]: h["created_at"] for h in filled.json("claims", "--thread", "open", "--limit", "100")}
    hits = filled.json("claims", "--thread", "open", "--answered-since", "2024-01-03")
    assert [h["author"] for h in hits] == ["bob"] and posted[hits[0]["id"]] < "2024-01-03"
    everywhere = filled.json("claims", "--answered-since", "2024-01-03")  # alone: in every thread
    assert len({h["thread"] for h in everywhere}) > 1 and hits[0] in everywhere
    assert [h["id"] for h in filled.json("claims", "--thread", "open", "--answered-since", "2024-01-02")] == sorted(
        (h["id"] for h in filled.json("claims", "--thread", "open", "--attacked")), key=list(posted).index)
    table = filled("claims", "--thread", "open", "--answered-since", "2024-01-03T00:00:00Z")
    assert "claims in Open models answered since 2024-01-03, most discussed first" in table.stdout
    none = filled("claims", "--answered-since", "2030-01-01")
    assert none.exit_code == 0 and "no claims with --answered-since '2030-01-01'" in " ".join(none.stderr.split())
    both = filled("claims", "--thread", "open", "--unanswered", "--answered-since", "2024-01-02")
    assert both.exit_code == 1 and "--unanswered" in both.stderr and "--answered-since" in both.stderr


def test_query_unknown_author_is_named_with_the_closest_stored_names(filled: Cli) -> None:
    """claims --author 'anne' said "no claims with --author 'anne'" and exit 0, as for someone who wrote nothing
    that matched; now it says nobody of that name is stored and which names are close (still exit 0)."""
    typo = filled("claims", "--author", "anne")
    assert typo.exit_code == 0
    assert typo.stderr.splitlines() == ["no claims with --author 'anne'",
                                        "no stored author is named 'anne' (names match in any case); the closest: "
                                        "'ann'"]
    on_topic = filled("claims", "--topic", "open source", "--author", "Alise")
    assert on_topic.exit_code == 0 and "the closest: 'alice'" in on_topic.stderr
    quiet = filled("claims", "--author", "ANN", "--since", "2030-01-01")  # stored: nothing of hers is that new
    assert quiet.exit_code == 0 and "stored author" not in quiet.stderr
    elsewhere = filled("claims", "--author", "ANN", "--thread", "Costs")  # the first line says --thread
    assert elsewhere.stderr.splitlines() == ["no claims with --thread 'Costs', --author 'ANN'"]
    none = " ".join(filled("search", "GPT-4", "--author", "zzyzx").stderr.split())
    assert none.endswith("no stored author is named 'zzyzx', and no name is close; argmap analyze --top 50 lists "
                         "the authors")


@pytest.mark.parametrize("command", [("claims",), ("search", "GPT-4")])
def test_query_unknown_author_json_stays_a_list_with_a_note_on_stderr(filled: Cli, command: tuple[str, ...]) -> None:
    result = filled(*command, "--author", "gsu", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "note: no stored author is named 'gsu' (names match in any case); the closest: 'gus'" in result.stderr


def test_query_unanswered_says_its_supports_come_from_the_claims_own_post(cli: Cli) -> None:
    """claims --unanswered showed "sup 1" with no word on where it came from: a moderator read it as an answer."""
    engine = make_engine(str(cli.db))
    repository.init_db(engine)
    store(engine, *build("quiet", "Quiet", [
        ("1", None, "ann", 1, [("claim", "Libraries should open on Sundays.", ["library"]),
                               ("premise", "Weekdays are when people work.", ["weekday"])]),
        ("2", None, "bob", 2, [("claim", "Parks need more benches.", ["park"])]),
    ], relations=[(1, 0, "support")]))
    engine.dispose()
    rows = cli.json("claims", "--thread", "quiet", "--unanswered", "--kind", "claim")
    assert [(r["author"], r["supports"]) for r in rows] == [("ann", 1), ("bob", 0)]  # the count itself is kept
    text = " ".join(cli("claims", "--thread", "quiet", "--unanswered").stdout.split())
    assert text.endswith("sup: supports from the claim's own post (its premises); unanswered: no other post "
                         "supports or attacks it")
    assert "own post" not in cli("claims", "--thread", "quiet").stdout  # only under --unanswered


def test_query_show_and_track_describe_answers_alike(filled: Cli) -> None:
    """``show`` nodes had no relation id and no post, ``track``'s replies (and ``claims``' rebuttals) no relation
    id, post or label: each now has all three, as the JSON export gives them, beside the keys it had."""
    export = filled.json("export")
    relation_id = {(r["source"], r["target"], r["kind"]): r["id"] for r in export["relations"]}
    post_of = {u["id"]: u["post"] for u in export["units"]}
    labels = filled.json("analyze")["labels"]
    info = filled.json("track", "open weight models are as good as GPT-4")
    member = info["members"][0]
    replies = member["supports"] + member["attacks"] + member["evidence"]
    assert replies
    for reply in replies:
        assert reply["relation_id"] == relation_id[(reply["id"], member["unit"], reply["relation"])]
        assert reply["post"] == post_of[reply["id"]] and reply["label"] == labels[reply["id"]]["label"]
    tree = filled.json("show", member["unit"])
    root = tree["root"]
    assert root["post"] == member["post"] and root["relation_id"] is None and root["children"]
    for child in root["children"]:
        assert child["relation_id"] == relation_id[(child["id"], root["id"], child["relation"])]
        assert child["post"] == post_of[child["id"]]
    shown = {c["id"]: c for c in root["children"]}
    assert shown.keys() & {reply["id"] for reply in replies}
    for reply in replies:  # the same answers, described by the same keys in both
        if reply["id"] in shown:
            assert {k: shown[reply["id"]][k] for k in reply} == reply
    rebuttal = filled.json("claims", "--topic", "open source", "--attacked")[0]["rebuttals"][0]
    assert rebuttal["relation_id"].startswith("r-") and rebuttal["post"].startswith("p-")



def test_query_track_of_stop_words_says_nothing_matched_and_the_fix(filled: Cli) -> None:
    """``argmap track nothing-like-this`` printed the history of a unit "Nothing." as if it were the claim asked
    for; words with none of a claim's own are refused: status 1, the words named, the fix given."""
    for extra in ([], ["--json"]):
        result = filled("track", "nothing-like-this", *extra)
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and refused_output(result, as_json=bool(extra))
        assert "'nothing-like-this' holds no word that tells one claim from another (nothing, like, this:" in said
        assert "argmap claims --topic WORDS" in said


def test_query_claims_topic_of_stop_words_says_why_nothing_matched(filled: Cli) -> None:
    """``claims --topic 'of the'`` said "no claims on 'of the'" as if no claim were about it; no topic can be made of
    stop words, so it is refused as search refuses them, with the fix."""
    for extra in ([], ["--json"]):
        result = filled("claims", "--topic", "nothing like this", *extra)
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and refused_output(result, as_json=bool(extra))
        assert "--topic 'nothing like this' holds no word a topic is made of (stop words and negations only)" in said
        assert "argmap topics" in said
    assert filled.json("claims", "--topic", "the open source")  # stop words beside a topic's words are fine


def test_query_search_notes_the_words_it_left_out(filled: Cli) -> None:
    """``argmap search "nothing like this"`` silently searched for "nothing" alone: a note on stderr says what was
    searched for, in the table and with --json, whose standard output stays the list of hits."""
    note = "note: searched for 'compute' only: 'the', 'of', 'this' left out (a search leaves out stop words)"
    table = filled("search", "the compute of this", "--no-posts")
    assert table.exit_code == 0 and note in " ".join(table.stderr.split())
    assert "Compute gets cheaper every year." in table.stdout and "note:" not in table.stdout
    listed = filled("search", "the compute of this", "--no-posts", "--json")
    assert listed.exit_code == 0 and note in " ".join(listed.stderr.split())
    assert json.loads(listed.stdout) == filled.json("search", "compute", "--no-posts")
    assert filled("search", "compute", "--no-posts").stderr == ""  # nothing left out, nothing said
    for extra in ([], ["--json"]):
        refused = filled("search", "of the", *extra)
        assert refused.exit_code == 1 and refused_output(refused, as_json=bool(extra))
        assert "nothing to search for in 'of the': a search leaves out stop words ('of', 'the'); give the words " \
               "you look for" in " ".join(refused.stderr.split())


def test_query_track_of_pasted_words_says_them_cut(filled: Cli) -> None:
    """``argmap track`` echoed the words it was given whole above the claim it found: a pasted paragraph filled the
    screen before the answer."""
    pasted = " ".join(["open weight models are as good as GPT-4"] * 40)
    result = filled("track", pasted)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert said.startswith("'open weight models are as good as GPT-4 open weight")
    echoed, found_by = said.split("...': ", 1)
    assert len(echoed) < 90 and found_by.startswith("a stored unit states the same claim")
    assert filled.json("track", pasted)["members"]  # --json answers with the same claim


#: Queries people type by accident or paste: punctuation, a link, a paragraph, other scripts, a contraction, a
#: hyphenated compound, stop words (made up here; nothing is copied from the shared threads).
ODD_QUERIES = ("???", "https://example.org/a-b?c=1", " ".join(["latency of phones matters to users"] * 30), "café",
               "开源模型", "don't", "open-source", "nothing like this", "C++")


@pytest.mark.slow
def test_query_odd_words_on_a_shared_thread_are_answered_or_refused(cli: Cli, shared: Path) -> None:
    """On a real Hacker News thread, every odd query is answered (status 0, JSON on stdout with --json) or refused
    with one error line and the fix (status 1, nothing on stdout but --json's {"error"}): never a traceback or "a
    bug in argmap"."""
    assert cli("ingest", str(shared / "threads" / "hn" / "comments__87486160__item1.json")).exit_code == 0
    for words in ODD_QUERIES:
        for command in (["search", words], ["claims", "--topic", words], ["track", words]):
            for extra in ([], ["--json"]):
                result = cli(*command, *extra)
                where = f"{command[0]} {words[:30]!r} {extra}"
                assert result.exit_code in (0, 1), (where, result.output)
                assert "Traceback" not in result.output and "bug in argmap" not in result.stderr, where
                if result.exit_code == 1:  # with --json the error as JSON too
                    assert refused_output(result, as_json=bool(extra)) and result.stderr.startswith("error:"), where
                elif extra:
                    json.loads(result.stdout)


def test_query_analyze_no_assumed_decides_on_the_attacks_the_words_show(cli: Cli) -> None:
    """An answer with no word of agreement or disagreement counted as an attack ("replies in debates mostly
    disagree"): in a casual thread it put a claim out, and made two people "argue", on a guess."""
    from dataclasses import replace

    from argmap.nlp.stance import NO_CUE

    thread, extraction = build("buses", "Buses", [
        ("1", None, "ann", 1, [("claim", "Buses should be free.", ["bus"])]),
        ("2", "1", "ben", 2, [("claim", "Trams are quieter anyway.", ["tram"])]),
    ], relations=[(1, 0, "attack")])
    extraction.relations[0] = replace(extraction.relations[0], reason=f"reply opens and {NO_CUE}")
    stored(cli.db, (thread, extraction))
    counted = cli.json("analyze")
    claim = next(u for u, label in counted["labels"].items() if label["label"] == "out")
    assert counted["assumed"] is True and counted["assumed_attacks"] == 1 and len(counted["exchanges"]) == 1
    text = " ".join(cli("analyze").stdout.split())
    assert "1 of the attacks is assumed (no word of the answer agrees or disagrees" in text  # not 'are'
    assert "--no-assumed leaves it out" in text
    no_assumed = " ".join(cli("analyze", "--no-assumed").stdout.split())  # said '1 assumed attacks ... count'
    assert "1 assumed attack (no word of the answer agrees or disagrees) counts as an answer" in no_assumed
    stated = cli.json("analyze", "--no-assumed")
    assert stated["semantics"] == "grounded+supported-attacks/cued" and stated["assumed"] is False
    assert stated["assumed_attacks"] == 1 and stated["labels"][claim]["label"] == "in" and stated["exchanges"] == []
    assert stated["unanswered"] == counted["unanswered"]  # ben's answer still answers ann's claim
    assert claim in [c["id"] for c in cli.json("claims", "--thread", "buses", "--label", "in")]  # stored so
    assert "counts as an answer with no stance (--no-assumed)" in no_assumed
    assert "attack (assumed) claim Trams are quieter anyway." in " ".join(cli("show", claim).stdout.split())
    root = cli.json("show", claim)["root"]  # scripts read the flag as the export gives it, not from the reason
    assert root["assumed"] is False and [(c["relation"], c["assumed"]) for c in root["children"]] == [("attack", True)]
    hit = next(h for h in cli.json("claims", "--thread", "buses") if h["id"] == claim)
    assert [(r["text"], r["assumed"]) for r in hit["rebuttals"]] == [("Trams are quieter anyway.", True)]
    table = cli("claims", "--thread", "buses").stdout  # the rebuttal under the claim, wrapped in its cell
    assert "↳ Trams are quieter" in table and "anyway. (ben, assumed)" in table
    assert [r["assumed"] for r in cli.json("export")["relations"]] == [True]


def test_an_imported_map_is_stored_without_topics_when_no_pipeline_is_installed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "cars.txt"
    path.write_text("Discussion Title: Ban cars?\n\n1. Ban cars.\n1.1. Pro: Cleaner air.\n", encoding="utf-8")
    report = cli.json("--model", "no_such_pipeline", "ingest", "--format", "kialo", "--verbose", str(path))
    assert [t["units"] for t in report["threads"]] == [2]
    assert report["notes"].get("no-topics") == 1
    assert cli.json("topics") == {"topics": [], "groups": [], "more": 0}
    # any other thread still needs the pipeline, and says so
    other = tmp_path / "pets.txt"
    other.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    result = cli("--model", "no_such_pipeline", "ingest", str(other))
    assert result.exit_code == 1 and "no spaCy pipeline found" in result.output


def test_an_imported_map_sniffed_is_stored_without_topics_when_no_pipeline_is_installed(
        cli: Cli, tmp_path: Path) -> None:
    """The README says an imported map is "also sniffed" and stored without topics when no pipeline is installed;
    without --format (a folder of maps, a plain `argmap ingest map.txt`) the missing pipeline stopped it."""
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "cars.txt").write_text("Discussion Title: Ban cars?\n\n1. Ban cars.\n1.1. Pro: Cleaner air.\n",
                                     encoding="utf-8")
    (folder / "bikes.txt").write_text("Discussion Title: Bike lanes?\n\n1. Build lanes.\n1.1. Con: Costly.\n",
                                      encoding="utf-8")
    report = cli.json("--model", "no_such_pipeline", "ingest", "--verbose", str(folder / "cars.txt"))
    assert [(t["format"], t["units"]) for t in report["threads"]] == [("kialo", 2)]
    assert report["notes"].get("no-topics") == 1
    report = cli.json("--model", "no_such_pipeline", "ingest", str(folder))
    assert sorted(t["title"] for t in report["threads"]) == ["Ban cars?", "Bike lanes?"]
    # a map beside a thread that needs the pipeline: the pipeline is asked for before anything is read, as before
    (folder / "pets.txt").write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    result = cli("--model", "no_such_pipeline", "ingest", str(folder))
    assert result.exit_code == 1 and "no spaCy pipeline found" in result.output
    assert len(cli.json("threads")) == 2


def test_a_piped_map_with_no_pipeline_installed_asks_for_the_pipeline_and_is_not_used_up(cli: Cli,
                                                                                      tmp_path: Path) -> None:
    """Deciding whether every input is a map read a pipe (``<(cat map.txt)``) to sniff it, and the read after
    found it empty: "is empty", where the missing pipeline is what to mend."""
    import os
    import threading

    fifo = tmp_path / "map.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:
            pipe.write("Discussion Title: Ban cars?\n\n1. Ban cars.\n1.1. Pro: Cleaner air.\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = cli("--model", "no_such_pipeline", "ingest", str(fifo))
    assert result.exit_code == 1 and "no spaCy pipeline found" in result.output, result.output
    assert "is empty" not in result.output
    with fifo.open(encoding="utf-8") as pipe:  # the map is still there to read: nothing used it up
        assert pipe.read().startswith("Discussion Title: Ban cars?")
    writer.join(timeout=5)


def test_query_claims_say_when_their_labels_come_from_different_semantics(filled: Cli) -> None:
    """``analyze --dung --thread X`` labels one thread anew and the others keep their labels, so ``claims --label
    out`` mixed two meanings of "out" with nothing to tell them apart."""
    filled("analyze")  # every thread labelled one way
    before = filled("claims", "--topic", "GPT-4")
    assert before.exit_code == 0 and "different semantics" not in before.stderr
    assert {h["semantics"] for h in filled.json("claims", "--topic", "GPT-4") if h["label"]} == {
        "grounded+supported-attacks"}
    assert filled("analyze", "--thread", "Caught", "--dung").exit_code == 0
    hits = filled.json("claims", "--topic", "GPT-4")
    by_thread = {(h["thread_title"], h["semantics"]) for h in hits if h["label"]}
    assert ("Caught up?", "grounded") in by_thread and ("Costs", "grounded+supported-attacks") in by_thread
    for args in (("claims", "--topic", "GPT-4"), ("claims", "--topic", "GPT-4", "--json")):
        note = " ".join(filled(*args).stderr.split())
        assert "under different semantics (grounded in 1 thread, grounded+supported-attacks in 2 threads)" in note
        assert "run argmap analyze without --thread" in note
    assert filled("analyze", "--dung").exit_code == 0  # every thread the same way again: nothing to say
    assert "different semantics" not in filled("claims", "--topic", "GPT-4").stderr


def test_query_claims_search_and_topics_say_when_limit_cut_the_table(filled: Cli) -> None:
    """At 2,000 posts ``topics`` showed 30 of 11,174 topics, and ``claims`` 3 of 7,869, with no word that more
    existed, where ``analyze``, ``show`` and ``evidence sources`` say so."""
    every = filled.json("topics", "--limit", "1000")
    assert every["more"] == 0
    two = filled.json("topics", "--limit", "2")
    assert len(two["topics"]) == 2 and two["more"] == len(every["topics"]) - 2
    assert f"… {two['more']} more topics not shown: raise --limit (now 2)" in filled("topics", "--limit", "2").stdout
    assert "more topics not shown" not in filled("topics", "--limit", "1000").stdout

    claims = [c["id"] for c in filled.json("claims", "--topic", "open source", "--limit", "1000")]
    assert len(claims) > 1
    cut = filled("claims", "--topic", "open source", "--limit", str(len(claims) - 1)).stdout
    assert "… more claims not shown: raise --limit" in cut
    assert [c in cut for c in claims] == [True] * (len(claims) - 1) + [False]  # the first ones, as ranked
    assert "not shown" not in filled("claims", "--topic", "open source", "--limit", str(len(claims))).stdout

    every_hit = filled.json("search", "compute", "--limit", "1000")
    units = [h["id"] for h in every_hit if h["kind"] == "unit"]
    posts = [h["id"] for h in every_hit if h["kind"] == "post"]
    assert len(units) > 1 and len(posts) > 1
    assert [h["id"] for h in filled.json("search", "compute", "--limit", "1")] == [units[0], posts[0]]
    cut_both = filled("search", "compute", "--limit", "1").stdout
    assert "… more units and posts not shown: raise --limit (now 1)" in cut_both
    one_kind = filled("search", "compute", "--no-posts", "--limit", str(len(units) - 1)).stdout
    assert "… more units not shown" in one_kind and [u in one_kind for u in units][-1] is False
    assert "not shown" not in filled("search", "compute", "--limit", str(max(len(units), len(posts)))).stdout


def test_query_analyze_names_the_thread_of_every_row_when_it_spans_several(filled: Cli) -> None:
    """With several threads stored, a table whose few rows all came from one of them named no thread at all, where
    another table of the same run did; with --thread, the thread is named once, in the first line."""
    whole = filled("analyze", "--top", "1").stdout
    assert whole.splitlines()[0].startswith("grounded+supported-attacks: in ")
    titles = [t["title"] for t in filled.json("threads")]
    bylines = [line for line in whole.splitlines() if "— " in line and "│" in line]
    # one row in each of contested, central, unanswered and who argues with whom, and two of what does not stand
    # (twice --top), each naming its thread
    assert len(bylines) == 6 and all(any(title in line for title in titles) for line in bylines), bylines
    one = filled("analyze", "--top", "1", "--thread", "Open models").stdout
    assert one.splitlines()[0].startswith("grounded+supported-attacks in Open models: in ")
    assert not any(", Open models" in line for line in one.splitlines())


def test_query_more_not_shown_separates_thousands() -> None:
    """The lines under analyze's, show's and track's tables said '5730 more not shown' where topics says
    '… 12,295 more topics not shown'; they now separate thousands as every count does."""
    from argmap.cli.query import _more, _more_not_shown

    assert _more(5740, 10) == "5,730 more not shown: a larger --top, or --json for all"
    assert "… 1,201 more not shown (1,200 attacks, 1 support)" in _more_not_shown({"attack": 1200, "support": 1}, 3)


def test_query_claims_table_separates_thousands(filled: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """claims' (and analyze's) tables printed '1200' attacks where stats, threads and the lines under tables print
    '1,200'; every count in a table now reads the same."""
    from argmap import api
    from argmap.store.models import ClaimHit

    hit = ClaimHit(id="u-0123456789abcdef", kind="claim", text="Night buses should run all year.", author="ana",
                   thread="t-0123456789abcdef", thread_title="Buses", post="p-0123456789abcdef", relevance=1.0,
                   supports=3, attacks=1200, evidence=0, label="out")
    monkeypatch.setattr(api, "claims", lambda *args, **kwargs: [hit])
    row = next(line for line in filled("claims", "buses").stdout.splitlines() if line.startswith("│ u-"))
    assert [cell.strip() for cell in row.split("│")[3:6]] == ["3", "1,200", "0"]


#: A moderator's thread: a long Reddit name, an attack backed by a premise (a supported attack) and a reply to it.
HEATED = build("heated", "Night buses should run all year round, the city council says in its long consultation", [
    ("1", None, "a_twenty_char_name_x", 1, [("claim", "Night buses should run all year round in the city.", [])]),
    ("2", "1", "bob", 2, [("claim", "No, nobody rides them after midnight in the winter.", []),
                          ("premise", "The counts from last winter show empty buses on every single route we "
                                      "looked at.", [])]),
    ("3", "2", "cy", 3, [("claim", "Those counts missed the hospital shift workers.", [])]),
], relations=[(1, 0, "attack"), (2, 1, "support"), (3, 1, "attack")])


def test_query_analyze_tables_say_what_each_column_and_ranking_means(cli: Cli) -> None:
    """analyze cut authors' names at 12 characters ("a_twenty_ch…": neither recognised nor fit for claims
    --author), left its authors' "attacked" column and its unanswered ranking (whose claims can be out) unexplained,
    and cut each "why" at 150 characters, which dropped its end: whether the attacker stands."""
    stored(cli.db, HEATED)
    text = cli("analyze").stdout
    words = " ".join(text.split())
    assert "a_twenty_char_name_x" in text
    one = cli("analyze", "--thread", "heated").stdout  # its header names the long title, and ran on past column 80
    assert one.startswith("grounded+supported-attacks in Night buses") and max(map(len, one.splitlines())) <= 80
    top = " ".join(cli("analyze", "--help").stdout.replace("│", " ").split())
    assert "what does not stand and authors list twice as many rows." in top
    assert "attacked: attacks received on their units;" in words
    assert "labels: how many of their units are in/out/undecided" in words
    assert "unanswered: no other post supports or attacks it; a unit of its own post may, so it can be out" in words
    report = cli.json("analyze")
    reasons = [lab["reason"] for lab in report["labels"].values() if lab["label"] != "in"]
    assert any(len(r) > 150 for r in reasons)
    flat = "".join(line.strip("│ ") for line in text.splitlines())
    for reason in reasons:
        assert "".join(reason.split()) in "".join(flat.replace("│", "").split())


def test_query_show_says_what_its_labels_and_assumed_attacks_mean(cli: Cli) -> None:
    """show printed "attack (assumed)" and "label out" on its lines and said nowhere what either means: a moderator
    took each assumed attack for a stated disagreement. Below the tree it now says both, as analyze does."""
    from dataclasses import replace

    from argmap.domain import ASSUMED_STANCE

    thread, extraction = HEATED
    guessed = [replace(r, reason=f"reply answers without agreeing ({ASSUMED_STANCE})") if r.kind == "attack" else r
               for r in extraction.relations]
    stored(cli.db, (thread, replace(extraction, relations=guessed)))
    unit = extraction.units[0].id("heated")
    tree = cli("show", unit)
    words = " ".join(tree.stdout.split())
    assert tree.exit_code == 0 and "attack (assumed)" in words
    assert "in: stands (unattacked, or every attacker is out); out: an attacker that stands defeats it;" in words
    assert ("attack (assumed): the reply has no word that agrees or disagrees, and replies in debates mostly "
            "disagree; argmap analyze --no-assumed labels without them") in words
    plain = " ".join(cli("show", extraction.units[3].id("heated")).stdout.split())  # answered by nothing
    assert "attack (assumed):" not in plain


def test_query_analyze_names_the_words_and_author_of_what_does_not_stand(cli: Cli) -> None:
    """"what does not stand" listed an id, a label and a reason: a moderator could not tell which claim fell, nor
    whose, without a show for each row. Each row now gives the unit's words and author first, and --json's labels
    carry them."""
    stored(cli.db, HEATED)
    labels = cli.json("analyze")["labels"]
    fallen = [lab for lab in labels.values() if lab["label"] == "out"]
    assert fallen and all(lab["text"] and lab["author"] for lab in fallen)
    assert {lab["author"] for lab in fallen} == {"a_twenty_char_name_x", "bob"}
    text = cli("analyze").stdout
    start = text.index("what does not stand")
    table = text[start:text.index("\nauthors\n", start)]
    flat = "".join(table.replace("│", "").split())  # the words column is the last: its lines follow each other
    for lab in fallen:
        assert "".join(f"{lab['text']} — {lab['author']} out: attacked by".split()) in flat


def test_query_json_names_every_unit_id_id_beside_unit(filled: Cli) -> None:
    """A unit's id was ``id`` in claims, search and show, but only ``unit`` in track's members, analyze's rankings
    and labels, and show's label: a script reading ``.id`` got null there. Each now has ``id`` beside ``unit``
    (``unit`` kept, so no script that reads it breaks), and both hold the unit's id."""
    [hit, *_] = filled.json("claims", "--topic", "open source")
    analysis = filled.json("analyze")
    rows = [*analysis["contested"], *analysis["central"], *analysis["unanswered"], *analysis["labels"].values(),
            *filled.json("track", hit["id"])["members"], filled.json("show", hit["id"])["label"]]
    assert rows and all(row["id"] == row["unit"] and row["id"].startswith("u-") for row in rows)
    assert hit["id"] in analysis["labels"] and analysis["labels"][hit["id"]]["id"] == hit["id"]
