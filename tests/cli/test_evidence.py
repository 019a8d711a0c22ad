"""``argmap evidence`` from the command line (the library and the links are tested through the API in
tests/evidence and tests/render)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from argmap.config import Settings
from argmap.domain import Extraction, Post, Thread, Unit
from argmap.nlp.evidence import detect
from argmap.store import repository
from argmap.store.db import make_engine
from tests.cli.conftest import Cli
from tests.evidence.test_library import CLAIM
from tests.render.test_export_evidence import _store


def test_evidence_sources_limit_cuts_the_table_and_says_how_many_more(cli: Cli) -> None:
    """The 12 shared threads cite 547 sources: `evidence sources` printed all of them, a 1,700-line table."""
    _store(Settings(db=str(cli.db)))
    everything = cli.json("evidence", "sources")
    assert len(everything) == 2  # --json gives every source unless told a --limit
    cut = cli("evidence", "sources", "--limit", "1")
    assert cut.exit_code == 0, cut.output
    assert "1 more not shown: a larger --limit, or --json for all" in cut.stdout
    assert "doi:10.1234/abc" in cut.stdout or "https://example.org/study" in cut.stdout
    assert not ("doi:10.1234/abc" in cut.stdout and "https://example.org/study" in cut.stdout)
    assert [s["id"] for s in cli.json("evidence", "sources", "--limit", "1")] == [everything[0]["id"]]
    assert "more not shown" not in cli("evidence", "sources").stdout  # 2 sources: under the default of 30


def test_evidence_stats_of_one_thread_count_the_sources_it_cites(cli: Cli) -> None:
    """stats had no --thread: the counts of one debate (its authors, the sources it cites) could not be had."""
    _store(Settings(db=str(cli.db)))
    assert cli.json("stats")["evidence_sources"] == 2
    offices = cli.json("stats", "--thread", "Offices")
    assert (offices["threads"], offices["posts"], offices["authors"], offices["evidence_sources"]) == (1, 2, 2, 1)
    assert offices["relations"] == {"evidence": 1, "support": 1}
    assert cli.json("stats", "--thread", "Desks")["units"] == {"claim": 1}
    missing = cli("stats", "--thread", "Gardens")
    assert missing.exit_code == 1 and "argmap threads" in missing.stderr
    assert cli("stats", "--thread", "Desks").exit_code == 0


def test_evidence_add_folder_names_pipes_and_broken_links_it_passes_over(cli: Cli, tmp_path: Path) -> None:
    """A named pipe, a link in a loop and a link to nothing, named like documents, were left out without a word."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "kept.txt").write_text("Ferries cross the bay twice a day in summer.\n\nThey stop in winter storms.\n")
    os.mkfifo(folder / "queue.txt")
    (folder / "a.md").symlink_to(folder / "b.md")
    (folder / "b.md").symlink_to(folder / "a.md")
    (folder / "moved.pdf").symlink_to(folder / "elsewhere.pdf")
    (folder / "plot.png").write_bytes(b"\x89PNG")  # of no document kind: passed over without a word, as before
    result = cli("evidence", "add", "--no-link", str(folder))
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert f"warning: {folder}/queue.txt: is a named pipe, not a file; passed over (name it to read" in said
    assert f"warning: {folder}/a.md: is a symbolic link in a loop" in said and f"{folder}/b.md: is a symbolic" in said
    assert "point the link at a file, or remove it" in said
    assert f"warning: {folder}/moved.pdf: is a link to '{folder}/elsewhere.pdf', which does not exist" in said
    assert "plot.png" not in said and said.count("warning:") == 4
    report = cli.json("evidence", "add", "--no-link", str(folder))
    assert [d["source"] for d in report["unchanged"]] == [str(folder / "kept.txt")]
    assert [entry.split(":")[0] for entry in report["passed_over"]] == [
        f"{folder}/{name}" for name in ("a.md", "b.md", "moved.pdf", "queue.txt")]


def test_evidence_add_folder_of_only_a_pipe_says_so(cli: Cli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "queue.md")
    result = cli("evidence", "add", str(tmp_path))
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert f"{tmp_path}: holds no document; {tmp_path}/queue.md: is a named pipe, not a file; passed over" in said


def test_evidence_stats_count_no_source_that_no_unit_cites_any_more(cli: Cli) -> None:
    """A thread stored again without its citation (or deleted) left its source stored: stats counted it where
    ``evidence sources`` said nothing cites it."""
    _store(Settings(db=str(cli.db)))
    assert cli.json("stats")["evidence_sources"] == 2 == len(cli.json("evidence", "sources"))
    assert cli("delete", "Desks").exit_code == 0  # its DOI's source stays stored, cited by no unit
    assert cli.json("stats")["evidence_sources"] == 1 == len(cli.json("evidence", "sources"))


def test_evidence_add_a_database_failing_part_way_names_what_was_stored(cli: Cli, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that fills up at the third document: that one and the next failed each, then linking failed, and
    only the database's error was said, not that two documents were stored whole, two not, none linked."""
    from argmap.errors import StoreError
    from argmap.store import evidence

    full = StoreError("cannot write to sqlite:///f.db: database or disk is full; free some disk space")
    real = evidence.save_document
    calls = []

    def filling_up(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) >= 3:
            raise full
        return real(*args, **kwargs)  # type: ignore[arg-type]

    def no_room(*args: object, **kwargs: object) -> None:
        raise full

    from tests.render.conftest import KIALO

    (tmp_path / "cars.txt").write_text(KIALO, encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(tmp_path / "cars.txt")).exit_code == 0  # claims to link
    monkeypatch.setattr(evidence, "save_document", filling_up)
    monkeypatch.setattr(evidence, "save_passage_links", no_room)
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("a", "b", "c", "d"):
        (folder / f"{name}.txt").write_text(f"Ferries from {name} cross the bay twice a day.\n", encoding="utf-8")
    result = cli("evidence", "add", str(folder))
    assert result.exit_code == 1
    said = " ".join(result.stderr.split())
    assert ("stored before the database failed: 2 documents, whole; 2 not stored; no claim linked to them yet; run "
            "the command again once the error below is mended") in said
    assert "error: cannot write to sqlite:///f.db: database or disk is full" in said
    monkeypatch.undo()
    again = cli.json("evidence", "add", "--no-link", str(folder))
    assert (len(again["unchanged"]), len(again["added"])) == (2, 2)


def test_evidence_remove_takes_a_document_out_with_its_links_and_nothing_else(cli: Cli, tmp_path: Path) -> None:
    """A document added by mistake stayed in the library for good: no command listed the library or removed one,
    and its passages were linked to claims (``evidence for``, exports, maps) until the database was thrown away."""
    ids = _store(Settings(db=str(cli.db)))
    offices = tmp_path / "offices.md"
    offices.write_text("# Open-plan offices\n\nIn open-plan offices face-to-face collaboration fell by 70%.\n")
    ferries = tmp_path / "ferries.txt"
    ferries.write_text("Ferries\n\nFerries cross the bay twice a day in summer and stop in winter storms.\n")
    assert cli("evidence", "add", str(offices), str(ferries)).exit_code == 0
    listed = {d["title"]: d for d in cli.json("evidence", "documents")}
    assert set(listed) == {"Open-plan offices", "Ferries"}
    assert listed["Open-plan offices"]["links"] == 1 and listed["Ferries"]["links"] == 0
    assert len(cli.json("evidence", "for", ids[CLAIM])["passages"]) == 1
    table = cli("evidence", "documents")
    assert table.exit_code == 0 and listed["Ferries"]["id"] in table.stdout

    unknown = cli("evidence", "remove", str(offices), "Gardens")
    assert unknown.exit_code == 1 and "no library document 'Gardens'" in unknown.stderr
    assert "argmap evidence documents" in unknown.stderr
    assert len(cli.json("evidence", "documents")) == 2  # nothing removed when one name is unknown

    gone = cli.json("evidence", "remove", str(offices))
    assert [(d["title"], d["passages"], d["links"]) for d in gone] == [("Open-plan offices", 1, 1)]
    assert [d["title"] for d in cli.json("evidence", "documents")] == ["Ferries"]
    assert cli.json("evidence", "for", ids[CLAIM])["passages"] == []
    assert cli.json("export", "--format", "json")["passage_links"] == []
    assert len(cli.json("evidence", "sources")) == 2  # the threads' own evidence stays
    said = cli("evidence", "remove", listed["Ferries"]["id"][:8])  # an id's prefix names it too
    assert said.exit_code == 0 and "removed" in said.stdout and "Ferries" in said.stdout
    assert cli("evidence", "documents").stderr.startswith("the evidence library holds no document")

    # Added again, it is scored afresh: its pairs went with it, and the link comes back.
    assert cli.json("evidence", "add", str(offices))["linking"]["links"] == 1
    assert len(cli.json("evidence", "for", ids[CLAIM])["passages"]) == 1


def test_evidence_sources_lists_links_that_are_no_source_after_the_sources(cli: Cli) -> None:
    """A reaction GIF posted twice ranked above an article cited once, and a profile or a link to another
    comment of the thread was listed as a source like it; now each says what it is and comes after the sources."""
    texts = ["Ha https://i.imgur.com/eoF76hj.gifv", "Same https://i.imgur.com/eoF76hj.gifv",
             "Turnout rose, see https://www.bbc.com/news/world-53416247 for the figures.",
             "He said it https://twitter.com/SomePolitician and at https://news.ycombinator.com/item?id=25017129"]
    posts = [Post(str(n), None if n == 1 else "1", f"user{n}", text) for n, text in enumerate(texts, 1)]
    thread = Thread(key="links", format="text", source="links.txt", title="Links", posts=posts)
    units = [Unit(str(n), "claim", 0, len(text), text, 0.8, "argmap.units.v3", "claim", evidence=detect(text))
             for n, text in enumerate(texts, 1)]
    engine = make_engine(str(cli.db))
    try:
        repository.init_db(engine)
        repository.save_thread(engine, thread, Extraction(units))
    finally:
        engine.dispose()
    found = cli.json("evidence", "sources")
    assert [(s["role"], s["links"]) for s in found] == [("page", 1), ("media", 2), ("discussion", 1),
                                                       ("profile", 1)]
    assert found[0]["key"] == "url:bbc.com/news/world-53416247"
    table = cli("evidence", "sources")
    assert table.exit_code == 0 and "media" in table.stdout and "profile" in table.stdout
    # The exports say the same of each link: the JSON export's items and the Markdown report's lines.
    roles = {i["source"]: i["source_role"] for i in cli.json("export", "--format", "json")["evidence_items"]}
    assert roles == {s["key"]: s["role"] for s in found}
    report = cli("export", "--format", "md")
    assert report.exit_code == 0
    assert "source: https://bbc.com/news/world-53416247" in report.stdout
    assert "media: https://i.imgur.com/eoF76hj.gifv" in report.stdout and "source: https://i.imgur" not in report.stdout
    assert "profile: https://twitter.com/somepolitician" in report.stdout


def test_evidence_link_report_separates_thousands(capsys: pytest.CaptureFixture[str]) -> None:
    """evidence link said 'linked 1200 claims against 53000 passages' (a plural helper of its own, a twin of
    argmap.words.counted without its separators); it now counts as every other message does."""
    from argmap.api.evidence import LinkReport
    from argmap.cli.evidence import _print_link

    _print_link(LinkReport(units=1200, passages=53000, scored=1, links=0))
    said = " ".join(capsys.readouterr().out.split())
    assert said == "linked 1,200 claims against 53,000 passages: 1 new (claim, document) pair scored, 0 links stored"
