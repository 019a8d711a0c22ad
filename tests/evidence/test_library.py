"""The evidence library: adding documents, linking claims to passages incrementally, refusing bad input."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap import api
from argmap.config import Settings
from argmap.domain import Extraction, Post, Thread, Unit
from argmap.errors import QueryError
from argmap.nlp.retrieval import MIN_SCORE
from argmap.store import evidence as store
from argmap.store import repository
from argmap.store.db import make_engine
from tests.conftest import ROOT
from tests.pdf import pdf_bytes

LIBRARY = ROOT / "corpora" / "evidence" / "library"
CLAIM = "Open-plan offices kill face-to-face collaboration."


def _thread(settings: Settings, claims: list[str], key: str = "office") -> list[str]:
    """Store a thread whose one post states ``claims`` (a hand-made extraction: no spaCy needed)."""
    text = " ".join(claims)
    thread = Thread(key=key, format="text", source="test", posts=[Post("1", None, "ann", text)])
    units, offset = [], 0
    for claim in claims:
        units.append(Unit("1", "claim", offset, offset + len(claim), claim))
        offset += len(claim) + 1
    engine = make_engine(settings.db)
    try:
        repository.init_db(engine)
        repository.save_thread(engine, thread, Extraction(units=units))
    finally:
        engine.dispose()
    return [u.id(key) for u in units]


def _counts(settings: Settings) -> tuple[int, int, int]:
    engine = make_engine(settings.db)
    try:
        repository.init_db(engine)
        return store.library_counts(engine)
    finally:
        engine.dispose()


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(db=str(db_path), timeout=5)


def test_library_add_folder_links_claim_to_the_right_passage(settings: Settings) -> None:
    unit_id, other = _thread(settings, [CLAIM, "Long commutes make people unhappy."])
    report = api.add_documents([str(LIBRARY)], settings=settings)
    assert not report.failures
    assert sorted(d.media for d in report.added) == ["html", "markdown", "text"]
    assert report.linking is not None and report.linking.links >= 2
    found = api.evidence_for(unit_id, settings=settings)
    best = found.passages[0]
    assert "Open-plan offices do not improve collaboration" in best.passage.text
    assert best.passage.location.startswith("line") and best.passage.document_title == "Office culture and junior staff"
    assert "commuting reduces satisfaction" in api.evidence_for(other, settings=settings).passages[0].passage.text


def test_issue4_the_same_document_by_another_path_is_stored_once(settings: Settings, tmp_path: Path) -> None:
    """A copy of a stored document (another path, a second download, stdin) was stored again: the claim's evidence
    then listed the same passage once per copy, and the copies took the places of other documents."""
    from typer.testing import CliRunner

    from argmap.cli import app

    [unit_id] = _thread(settings, [CLAIM])
    first = api.add_documents([str(LIBRARY / "office-culture.txt")], settings=settings)
    copy = tmp_path / "office-culture (1).txt"
    shutil.copy(LIBRARY / "office-culture.txt", copy)
    again = api.add_documents([str(copy)], settings=settings)
    assert not again.added and [d.key for d in again.unchanged] == [first.added[0].key]
    piped = CliRunner().invoke(app, ["--db", settings.db, "evidence", "add", "-", "--json"],
                               input=copy.read_bytes())
    assert piped.exit_code == 0, piped.output
    assert [d["key"] for d in json.loads(piped.stdout)["unchanged"]] == [first.added[0].key]
    assert _counts(settings)[0] == 1
    passages = [hit.passage.text for hit in api.evidence_for(unit_id, settings=settings).passages]
    assert passages and len(passages) == len(set(passages))


def test_library_html_boilerplate_removed(settings: Settings) -> None:
    report = api.add_documents([str(LIBRARY / "four-day-week-pilot.html")], settings=settings, link=False)
    engine = make_engine(settings.db)
    try:
        texts = " ".join(text for _, _, text in store.stored_passages(engine))
    finally:
        engine.dispose()
    assert report.added[0].title == "Results of the UK four-day week pilot"
    assert "fifty-six chose to continue" in texts
    assert "Cookie settings" not in texts and "Donate" not in texts


def test_library_linking_is_incremental(settings: Settings, tmp_path: Path) -> None:
    _thread(settings, [CLAIM])
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(LIBRARY / "office-culture.txt", folder)
    first = api.add_documents([str(folder)], settings=settings)
    assert first.linking is not None and first.linking.scored == 1
    assert api.link_library(settings=settings).scored == 0  # nothing new
    again = api.add_documents([str(folder)], settings=settings)
    assert again.unchanged and not again.added
    shutil.copy(LIBRARY / "remote-work-study.md", folder)
    second = api.add_documents([str(folder)], settings=settings)
    assert second.linking is not None and second.linking.scored == 1  # only the new document
    _thread(settings, ["Junior staff learn from seniors in person."], key="juniors")
    third = api.link_library(settings=settings)
    assert third.scored == 2  # the new claim against both documents
    assert third.links >= 1
    # --rescore: every pair again, the stored links replaced by this run's (a stricter threshold keeps fewer)
    stored = _counts(settings)[2]
    strict = api.link_library(settings=settings, min_score=0.99, rescore=True)
    assert strict.scored == 4 and strict.links < stored and _counts(settings)[2] == strict.links
    kept = api.link_library(settings=settings, rescore=True)  # the threshold given last, until another is given
    assert (kept.min_score, kept.links, kept.remembered) == (0.99, strict.links, True)
    loose = api.link_library(settings=settings, min_score=MIN_SCORE, rescore=True)
    assert loose.scored == 4 and _counts(settings)[2] == loose.links == stored and not loose.remembered
    from typer.testing import CliRunner

    from argmap.cli import app

    result = CliRunner().invoke(app, ["--db", settings.db, "evidence", "link", "--rescore", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["scored"] == 4


@pytest.mark.parametrize("kinds", [["claims"], ["claim", "premis"], []])
def test_library_link_refuses_kinds_that_are_no_unit_kind(settings: Settings, kinds: list[str]) -> None:
    _thread(settings, [CLAIM])
    api.add_documents([str(LIBRARY)], settings=settings, link=False)
    with pytest.raises(QueryError, match=r"no unit kind .*; use some of: claim, premise, "):
        api.link_library(settings=settings, kinds=kinds)  # it linked nothing and said nothing


@pytest.mark.slow
def test_library_ingest_links_new_claims_at_once(settings: Settings, tmp_path: Path) -> None:
    assert not api.add_documents([str(LIBRARY / "office-culture.txt")], settings=settings).failures
    thread = tmp_path / "office.jsonl"
    thread.write_text(json.dumps({"id": "1", "parent": None, "author": "ann", "text": CLAIM}) + "\n")
    report = api.ingest([str(thread)], settings=settings)  # no `evidence link` afterwards
    assert report.notes.get("library-links", 0) >= 1
    claim = next(u for u in api.export(settings=settings)["units"] if u["kind"] == "claim")  # type: ignore[index]
    best = api.evidence_for(claim["id"], settings=settings).passages[0]
    assert "Open-plan offices do not improve collaboration" in best.passage.text
    assert api.link_library(settings=settings).scored == 0  # already scored at ingest


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"boom")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def failing_url() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/page.html"
    finally:
        server.shutdown()
        server.server_close()


class _Looping(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/again" if self.path != "/again" else "/page.html")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_library_redirect_loop_is_named_as_such(settings: Settings) -> None:
    # a redirect loop was reported as "cannot fetch the page ...; are you offline?", which sent users to check
    # a connection that was fine
    server = http.server.HTTPServer(("127.0.0.1", 0), _Looping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = api.add_documents([f"http://127.0.0.1:{server.server_address[1]}/page.html"], settings=settings)
    finally:
        server.shutdown()
        server.server_close()
    assert not report.added and len(report.failures) == 1
    message = report.failures[0].message
    assert "redirected too many times" in message and "offline" not in message and "fix:" in message


def _bad_pdf(tmp: Path) -> str:
    path = tmp / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage without xref\n%%EOF")
    return str(path)


def _empty_html(tmp: Path) -> str:
    path = tmp / "empty.html"
    path.write_text("<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home</nav>"
                    "</body></html>")
    return str(path)


def _huge(tmp: Path) -> str:
    path = tmp / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    return str(path)


@pytest.mark.parametrize(("make", "message"), [
    (_bad_pdf, "not a readable PDF"),
    (_empty_html, "no main text"),
    (_huge, "50.0 MB, more than the library takes (20 MB)"),
])
def test_library_bad_input_is_refused_and_library_unchanged(settings: Settings, tmp_path: Path, make, message) -> None:
    api.add_documents([str(LIBRARY / "office-culture.txt")], settings=settings)
    before = _counts(settings)
    report = api.add_documents([make(tmp_path)], settings=settings)
    assert not report.added and len(report.failures) == 1
    assert message in report.failures[0].message and "fix:" in report.failures[0].message
    assert _counts(settings) == before


def test_library_failing_url_is_refused_and_library_unchanged(settings: Settings, failing_url: str) -> None:
    api.add_documents([str(LIBRARY / "office-culture.txt")], settings=settings)
    before = _counts(settings)
    report = api.add_documents([failing_url], settings=settings)
    assert len(report.failures) == 1 and "HTTP 500" in report.failures[0].message
    assert _counts(settings) == before


def test_library_cli_reports_failure_and_exit_code(tmp_path: Path, db_path: Path) -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    result = CliRunner().invoke(app, ["--db", str(db_path), "evidence", "add", str(LIBRARY / "office-culture.txt"),
                                      _empty_html(tmp_path)])
    assert result.exit_code == 1
    assert "Office culture" in result.stdout
    assert "no main text" in result.stderr and "fix:" in result.stderr


def test_library_cli_failure_alone_prints_only_the_error(tmp_path: Path, db_path: Path) -> None:
    """pypdf's own warnings stay quiet, and no empty table stands above the error."""
    from typer.testing import CliRunner

    from argmap.cli import app

    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    result = CliRunner().invoke(app, ["--db", str(db_path), "evidence", "add", str(fake)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {fake}: is not a readable PDF")
    assert "EOF marker" not in result.stderr and "invalid pdf header" not in result.stderr



@pytest.mark.parametrize("empty", ["", "  "])
def test_library_empty_target_is_refused_not_read_as_the_current_folder(
        settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty: str) -> None:
    """``Path("")`` is ``.``: an unset shell variable (``evidence add "$DOC"``) added every document under the
    folder the command ran in."""
    from typer.testing import CliRunner

    from argmap.cli import app
    from argmap.errors import InputError

    (tmp_path / "notes.txt").write_text("A note that nobody meant to add to the library.\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="is an empty path"):
        api.add_documents([str(LIBRARY / "office-culture.txt"), empty], settings=settings)
    result = CliRunner().invoke(app, ["--db", settings.db, "evidence", "add", empty])
    assert result.exit_code == 1 and result.stdout == ""
    assert "is an empty path" in result.stderr and "for the current folder: ." in result.stderr
    assert "fix: give a file, a folder or an http(s) URL" in result.stderr
    assert not Path(settings.db).exists()  # refused before the database was opened: nothing added


def test_library_evidence_for_prints_why_each_passage_is_linked(settings: Settings) -> None:
    """The reason (shared words, score, the cue behind the stance) was in --json only: a table of stances
    without it could not be checked."""
    from typer.testing import CliRunner

    from argmap.cli import app

    unit_id, _ = _thread(settings, [CLAIM, "Long commutes make people unhappy."])
    api.add_documents([str(LIBRARY)], settings=settings)
    hits = api.evidence_for(unit_id, settings=settings).passages
    result = CliRunner().invoke(app, ["--db", settings.db, "evidence", "for", unit_id])
    assert result.exit_code == 0
    said = " ".join(result.stdout.split())  # a long reason is wrapped at the terminal's edge
    assert hits and result.stdout.count("why: ") == len(hits) and hits[0].reason.startswith("shares ")
    assert all(f"why: {' '.join(hit.reason.split())}" in said for hit in hits)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80  # wrapped, not run on from column 0


def test_library_add_json_dates_are_iso_8601(settings: Settings) -> None:
    """evidence add --json wrote added_at as str() does ("2024-05-01 09:00:00.1+00:00"); every other --json
    writes ISO 8601 ("2003-02-14T01:29:00Z"), as JSON readers expect."""
    import re

    from typer.testing import CliRunner

    from argmap.cli import app

    def added(*args: str) -> list[str]:
        result = CliRunner().invoke(app, ["--db", settings.db, "evidence", "add", str(LIBRARY), "--json", *args])
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        return [d["added_at"] for d in report["added"] + report["unchanged"]]

    stamps = added("--no-link") + added()  # added, then unchanged
    assert len(stamps) == 6
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", s) for s in stamps), stamps


def test_library_url_of_another_scheme_is_refused_not_read_as_a_file(settings: Settings) -> None:
    """It was read as the file ftp:/example.org/report.pdf; like an empty path, it is refused before anything is
    added."""
    from argmap.errors import InputError

    with pytest.raises(InputError, match="is an ftp URL; argmap fetches only http") as info:
        api.add_documents([str(LIBRARY / "office-culture.txt"), "ftp://example.org/report.pdf"], settings=settings)
    assert "download it" in str(info.value) and "ftp:/example.org" not in str(info.value)


def test_library_a_text_files_heading_line_is_its_title_not_a_passage(tmp_path: Path) -> None:
    """'Office culture and junior staff' was the title and also a passage of its own, shown twice by evidence for."""
    from argmap.sources.documents import read_document

    doc = read_document(str(LIBRARY / "office-culture.txt"))
    assert doc.title == "Office culture and junior staff"
    assert doc.passages[0].text.startswith("Junior employees learn")
    assert all(not p.text.startswith("Office culture") for p in doc.passages)
    sentence = tmp_path / "no-heading.txt"
    sentence.write_text("Open offices " + "truly " * 40 + "do not help.\n\nA second paragraph says why.\n")
    doc = read_document(str(sentence))
    assert doc.passages[0].text.startswith("Open offices") and len(doc.passages) == 2  # a sentence stays a passage
    assert doc.title is not None and doc.title.endswith(" truly...") and len(doc.title) <= 120  # cut between words


@pytest.mark.parametrize("opening", ["\ufeff<!DOCTYPE html><html>", '<?xml version="1.0" encoding="UTF-8"?>\n<html>',
                                     "<head>"])
def test_library_html_without_a_suffix_is_read_as_html(tmp_path: Path, opening: str) -> None:
    """A page opening with a byte-order mark, an XML prolog (XHTML) or no doctype, piped in or named without a
    suffix, was stored as text, its tags the passages' words."""
    from argmap.sources.documents import read_document

    page = tmp_path / "page"
    page.write_text(f"{opening}<title>Buses</title><body><article><p>Free buses fill up within a year, the "
                    "city's own counts show, and fares never paid for much.</p></article></body></html>",
                    encoding="utf-8")
    doc = read_document(str(page))
    assert (doc.media, doc.title) == ("html", "Buses")
    assert all("<" not in p.text for p in doc.passages)


def test_library_a_line_in_another_encoding_garbles_no_other(tmp_path: Path) -> None:
    """One Windows-1252 line made the whole file Windows-1252: every UTF-8 line read as 'CafÃ©'."""
    from argmap.sources.documents import read_document

    notes = tmp_path / "notes.txt"
    notes.write_bytes("Café notes — open models are “free”.\n\nA second paragraph.\n".encode()
                      + "Na\xefve r\xe9sum\xe9.\n".encode("cp1252"))
    doc = read_document(str(notes))
    assert doc.title == "Café notes — open models are “free”."
    assert "Naïve résumé." in doc.text


def test_library_markdown_front_matter_code_and_underlined_headings(tmp_path: Path) -> None:
    """Front matter became a passage, a "# comment" in a fenced code block the title and a section, the fence line a
    passage of its own, and headings underlined with === or --- passages ("Costs -----")."""
    from argmap.sources.documents import read_document

    note = tmp_path / "models.md"
    note.write_text("---\ntitle: Running open models locally\ndate: 2024-05-01\n---\n\nLocal models remove per "
                    "token fees.\n\n```bash\n# install the runtime first\npip install llama-cpp-python\n```\n\n"
                    "Privacy\n=======\n\nCompany data stays on the laptop.\n\nCosts\n-----\n\nA laptop GPU is often "
                    "enough.\n\n---\n\nA thematic break above this paragraph ends no section and makes no heading.\n",
                    encoding="utf-8")
    doc = read_document(str(note))
    assert doc.title == "Running open models locally"
    assert [(p.location, p.text) for p in doc.passages] == [
        ("line 6", "Local models remove per token fees."),
        ("line 16, section 'Privacy'", "Company data stays on the laptop."),
        # short paragraphs of one section join into one passage, as before
        ("lines 21-25, section 'Costs'", "A laptop GPU is often enough.\nA thematic break above this paragraph ends "
                                         "no section and makes no heading.")]


def test_library_cli_link_summary_counts_one_thing_in_the_singular(settings: Settings, db_path: Path) -> None:
    """One claim, one passage, one pair, one link: "1 link stored", not "1 links stored"."""
    from typer.testing import CliRunner

    from argmap.cli import app

    _thread(settings, [CLAIM])
    (tmp := db_path.parent / "one").mkdir()
    (tmp / "note.txt").write_text("Open-plan offices kill face-to-face collaboration, a study of two firms found.\n",
                                  encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(db_path), "evidence", "add", str(tmp / "note.txt")])
    assert result.exit_code == 0, result.output
    assert "linked 1 claim against 1 passage: 1 new (claim, document) pair scored, 1 link stored" in result.stdout


def test_library_cli_dash_reads_standard_input(settings: Settings, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``evidence add -`` read a file named "-" (or failed: "cannot be read"), where ``ingest -`` reads stdin."""
    from typer.testing import CliRunner

    from argmap.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("A file that happens to be called dash, which must not be read.\n", encoding="utf-8")
    unit_id, _ = _thread(settings, [CLAIM, "Long commutes make people unhappy."])
    page = (LIBRARY / "office-culture.txt").read_bytes()

    def add() -> dict[str, list[dict[str, str]]]:
        result = CliRunner().invoke(app, ["--db", settings.db, "evidence", "add", "-", "--json"], input=page)
        assert result.exit_code == 0, result.output
        data: dict[str, list[dict[str, str]]] = json.loads(result.stdout)
        return data

    first = add()
    [doc] = first["added"]
    assert doc["source"] == "<stdin>" and doc["key"].startswith("stdin:")
    assert doc["title"] == "Office culture and junior staff"
    assert add()["unchanged"][0]["key"] == doc["key"]  # the same words again: known by their content
    found = api.evidence_for(unit_id, settings=settings)
    assert found.passages and found.passages[0].passage.document_key == doc["key"]
    result = CliRunner().invoke(app, ["--db", settings.db, "evidence", "add", "-"], input=b"")
    assert result.exit_code == 1 and "<stdin>" in result.stderr and "fix:" in result.stderr


def test_library_add_json_failures_name_the_error_as_ingest_does(tmp_path: Path, db_path: Path) -> None:
    """ingest --json gives each failure as {source, error}; evidence add --json said {source, message} only."""
    from typer.testing import CliRunner

    from argmap.cli import app

    result = CliRunner().invoke(app, ["--db", str(db_path), "evidence", "add", str(tmp_path / "gone.txt"), "--json"])
    assert result.exit_code == 1
    [failure] = json.loads(result.stdout)["failures"]
    assert failure["source"] == str(tmp_path / "gone.txt") and "cannot be read" in failure["error"]
    assert failure["message"] == failure["error"]  # the name it had, kept


def test_library_messages_name_every_suffix_a_folder_is_read_for(tmp_path: Path) -> None:
    from argmap.errors import InputError
    from argmap.sources.documents import DOCUMENT_SUFFIXES, read_document

    with pytest.raises(InputError) as missing:
        read_document(str(tmp_path / "gone.markdown"))
    said = str(missing.value)
    assert all(suffix in said for suffix in DOCUMENT_SUFFIXES)  # .text and .markdown were left out


def test_library_an_edited_document_is_reported_updated_not_added(settings: Settings, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Commuting\n\nLong commutes cost workers an hour a day.\n", encoding="utf-8")
    first = api.add_documents([str(note)], settings=settings, link=False)
    assert [d.id for d in first.added] == [first.added[0].id] and first.updated == []
    note.write_text("Commuting\n\nLong commutes cost workers ninety minutes a day.\n", encoding="utf-8")
    edited = api.add_documents([str(note)], settings=settings, link=False)
    assert [d.id for d in edited.added] == [first.added[0].id]
    assert edited.updated == [first.added[0].id]  # it replaced the version added first (it said "added")
    other = tmp_path / "other.txt"
    other.write_text("Offices\n\nOffices cost rent.\n", encoding="utf-8")
    assert api.add_documents([str(other)], settings=settings, link=False).updated == []


def test_library_a_document_edited_into_a_copy_of_another_is_stored_once(settings: Settings, tmp_path: Path) -> None:
    """An edited file whose new bytes another stored document holds was stored again as its new version: the
    library held the bytes twice, and a claim listed the same passage twice."""
    note, study = tmp_path / "note.txt", tmp_path / "study.txt"
    note.write_text("Cats\n\nCats sleep sixteen hours a day, most vets agree.\n", encoding="utf-8")
    study.write_text("Commuting\n\nLong commutes cost workers an hour a day, a survey of 2,000 found.\n",
                     encoding="utf-8")
    api.add_documents([str(note), str(study)], settings=settings, link=False)
    note.write_bytes(study.read_bytes())
    again = api.add_documents([str(note)], settings=settings, link=False)
    assert again.added == [] and [d.source for d in again.unchanged] == [str(study)]
    assert len(again.passed_over) == 1 and "earlier version is dropped" in again.passed_over[0]
    engine = make_engine(settings.db)
    try:
        assert [d.source for d in store.list_documents(engine)] == [str(study)]
    finally:
        engine.dispose()


def test_library_each_input_is_read_once(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``evidence add - -`` read standard input twice, and failed the second time: it held no words by then."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        b"Commuting\n\nLong commutes cost workers an hour a day, a survey of 2,000 found.\n")))
    note = tmp_path / "note.txt"
    note.write_text("Cats\n\nCats sleep sixteen hours a day, most vets agree.\n", encoding="utf-8")
    report = api.add_documents(["-", "-", str(note), str(tmp_path / "." / "note.txt")], settings=settings, link=False)
    assert report.failures == [] and len(report.added) == 2 and report.unchanged == []


def _text_pdf(pages: int, words: str) -> bytes:
    """A PDF of ``pages`` pages that all show one content stream of ``words`` (as a PDF built to unpack does)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({words}) Tj ET".encode()
    kids = " ".join(f"{5 + n} 0 R" for n in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return pdf_bytes(objects)


def test_library_a_pdf_that_unpacks_into_too_much_text_is_refused(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A 50 KB PDF of 300 pages sharing one 1 MB stream took five minutes and made a 207 MB database: the 20 MB
    limit only counts the file's bytes. The text it unpacks into is counted now, page by page."""
    from argmap.sources import documents

    path = tmp_path / "pages.pdf"
    path.write_bytes(_text_pdf(3, "Buses should be free because fares cost more to collect than they bring in."))
    settings = Settings(db=str(tmp_path / "lib.db"))
    assert api.add_documents(path, settings=settings, link=False).added  # 3 pages of 76 characters: read
    monkeypatch.setattr(documents, "MAX_PDF_CHARS", 100)
    path.write_bytes(_text_pdf(30, "Fares pay the drivers, and the drivers keep the buses running every night."))
    report = api.add_documents(path, settings=settings, link=False)
    [failure] = report.failures
    assert "unpacks into more than 100 characters of text by page 2 of 30" in failure.message


def test_library_evidence_for_a_claim_nothing_matches_says_the_library_is_not_empty(settings: Settings,
                                                                                   db_path: Path) -> None:
    """"no evidence found; add documents with: argmap evidence add PATH" was the answer with four documents stored,
    none of whose passages scored enough for the claim."""
    from typer.testing import CliRunner

    from argmap.cli import app

    [unit_id] = _thread(settings, ["Penguins cannot fly."])
    assert api.evidence_for(unit_id, settings=settings).library == 0
    empty = CliRunner().invoke(app, ["--db", str(db_path), "evidence", "for", unit_id])
    assert "add documents with: argmap evidence add PATH" in empty.stderr
    assert not api.add_documents([str(LIBRARY)], settings=settings).failures
    found = api.evidence_for(unit_id, settings=settings)
    assert found.passages == [] and found.library == 3 == found.as_dict()["library"]
    said = " ".join(CliRunner().invoke(app, ["--db", str(db_path), "evidence", "for", unit_id]).stderr.split())
    assert "no passage of the library's 3 documents is linked to it" in said and "add documents" not in said


def test_library_remove_names_a_document_by_a_file_name_that_is_no_utf8(settings: Settings, tmp_path: Path) -> None:
    """A document added from a file whose name holds a byte that is no UTF-8 is stored with that byte escaped
    (``caf\\xe9.txt``); ``remove_documents`` compared the name as given, so the path it was added by named no
    library document."""
    try:
        path = tmp_path / os.fsdecode(b"caf\xe9.txt")
        path.write_text("Ferries cross the bay twice a day in summer and stop in winter storms.\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    api.add_documents([str(path)], settings=settings, link=False)
    [gone] = api.remove_documents(str(path), settings=settings)
    assert gone.document.source.endswith("caf\\xe9.txt")
    assert api.library_documents(settings=settings) == []
