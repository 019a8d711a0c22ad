"""Evidence in exports: the JSON export's ``evidence_items`` and ``passage_links``, the Markdown report's sources
and library passages, ``--thread`` and ``--min-confidence``, and the AIF round trip beside them.

Every test of a stored map runs on SQLite and on PostgreSQL (``db_url``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from argmap import api
from argmap.config import Settings
from argmap.domain import EvidenceItem, Extraction, Post, Quote, Relation, Thread, Unit
from argmap.render.export import source_url
from argmap.sources.documents import read_document
from argmap.store import repository
from argmap.store.db import make_engine
from tests.conftest import ROOT
from tests.evidence.test_library import CLAIM, LIBRARY

#: A claim and a premise that backs it with a link and a figure; a second thread with a DOI.
PREMISE = "Our office went open-plan and talk fell 70% (see https://www.example.org/study/?utm_source=x)."
OTHER = "Hot desks save money, per doi:10.1234/abc."


def _link(text: str) -> EvidenceItem:
    at = text.index("https://")
    return EvidenceItem("link", at, text.index(")", at), text[at:text.index(")", at)],
                        source_key="url:example.org/study", source_kind="url",
                        source_label="https://example.org/study", domain="example.org", confidence=0.9,
                        reason="a link to example.org")


def _figure(text: str) -> EvidenceItem:
    at = text.index("70%")
    return EvidenceItem("statistic", at, at + 3, "70%", confidence=0.6, reason="a percentage")


def _store(settings: Settings) -> dict[str, str]:
    """Two hand-made threads with evidence items (no spaCy needed): their unit ids by text."""
    answer = f"Quite so. {PREMISE}"
    office = Thread(key="office", format="text", source="office.txt", title="Offices",
                    posts=[Post("1", None, "ann", CLAIM),
                           Post("2", "1", "bob", answer, quotes=[Quote(CLAIM[:22], "1", 0, 22, 0)])])
    at = answer.index(PREMISE)
    premise = Unit("2", "premise", at, at + len(PREMISE), PREMISE, 0.8, "argmap.units.v3", "premise",
                   evidence=[_link(PREMISE), _figure(PREMISE)])
    desks = Thread(key="desks", format="text", source="desks.txt", title="Desks",
                   posts=[Post("1", None, "cy", OTHER)])
    doi = OTHER.index("doi:")
    other = Unit("1", "claim", 0, len(OTHER), OTHER, 0.9, "argmap.units.v3", "claim",
                 evidence=[EvidenceItem("citation", doi, len(OTHER) - 1, OTHER[doi:-1], source_key="doi:10.1234/abc",
                                        source_kind="doi", source_label="doi:10.1234/abc", confidence=0.85,
                                        reason="a DOI")])
    engine = make_engine(settings.db)
    try:
        repository.init_db(engine)
        repository.save_thread(engine, office, Extraction(
            [Unit("1", "claim", 0, len(CLAIM), CLAIM, 0.9, "argmap.units.v3", "claim"), premise],
            [Relation(1, 0, "support", 0.5, "argmap.relations.v13/reply", "answers"),
             Relation(1, 0, "evidence", 0.3, "argmap.evidence.v2", "a link and a figure")]))
        repository.save_thread(engine, desks, Extraction([other]))
    finally:
        engine.dispose()
    return {CLAIM: Unit("1", "claim", 0, len(CLAIM), CLAIM).id("office"), PREMISE: premise.id("office"),
            OTHER: other.id("desks")}


@pytest.fixture
def stored(db_url: str) -> tuple[Settings, dict[str, str]]:
    """The two threads and one library document, on SQLite and on PostgreSQL."""
    settings = Settings(db=db_url, timeout=5)
    ids = _store(settings)
    report = api.add_documents([str(LIBRARY / "office-culture.txt")], settings=settings)  # as `evidence add`
    assert not report.failures and report.linking is not None and report.linking.links >= 1
    return settings, ids


def _json(settings: Settings, **options: Any) -> dict[str, Any]:
    doc = api.export(settings=settings, format="json", **options)
    assert isinstance(doc, dict)
    return doc


def test_export_json_carries_evidence_items_with_offsets_url_and_provenance(
        stored: tuple[Settings, dict[str, str]]) -> None:
    settings, ids = stored
    doc = _json(settings)
    assert doc["argmap_json"] == 1  # keys added, not renamed: the version stays
    items = doc["evidence_items"]
    mine = [(i["kind"], i["text"]) for i in items if i["unit"] == ids[PREMISE]]
    assert mine == [("statistic", "70%"), ("link", "https://www.example.org/study/?utm_source=x")]  # text order
    assert [(i["unit"], i["kind"]) for i in items if i["unit"] != ids[PREMISE]] == [(ids[OTHER], "citation")]
    figure, link = (i for i in items if i["unit"] == ids[PREMISE])
    (cited,) = (i for i in items if i["unit"] == ids[OTHER])
    assert set(link) == {"id", "unit", "kind", "text", "start", "end", "source", "source_kind", "source_role",
                         "source_label", "url", "confidence", "model", "reason"}
    assert (link["source_role"], figure["source_role"], cited["source_role"]) == ("page", None, "page")
    assert link["source"] == "url:example.org/study" and link["url"] == "https://example.org/study"
    assert (link["confidence"], link["model"], link["reason"]) == (0.9, "argmap.evidence.v2", "a link to example.org")
    assert figure["source"] is None and figure["url"] is None and figure["reason"] == "a percentage"
    assert cited["url"] == "https://doi.org/10.1234/abc"
    # start/end are offsets into the post's text, as a unit's are
    posts = {p["id"]: p["text"] for p in doc["posts"]}
    post_of = {u["id"]: u["post"] for u in doc["units"]}
    assert all(posts[post_of[i["unit"]]][i["start"]:i["end"]] == i["text"] for i in items)


def _documented(text: str, tick: str) -> dict[str, set[str]]:
    """``{list: {its keys}}`` from lines such as ``- `units`: `{id, post, ...}``` (``tick`` is ` or ``)."""
    found = re.findall(rf"^- {tick}(\w+){tick}: {tick}\{{([^}}]*)\}}{tick}", text, flags=re.MULTILINE)
    return {name: {key.strip() for key in keys.replace("\n", " ").split(",")} for name, keys in found}


def test_export_json_keys_are_those_the_readme_and_the_docstring_document(
        stored: tuple[Settings, dict[str, str]]) -> None:
    """Every list of the export, and every key of each of its records, as a script reading it is told."""
    from argmap.render import export

    settings, _ = stored
    doc = _json(settings)
    written = {name: set().union(*(set(record) for record in records)) for name, records in doc.items()
               if isinstance(records, list)}
    assert all(doc[name] for name in written), "every list holds a record here"
    assert all(set(record) == written[name] for name in written for record in doc[name])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## JSON export"):]
    section = section[:section.index("\n## ", 1)]
    head = re.search(r"writes `\{\"argmap_json\": 1, ([^}]*)\}`", section)
    assert head is not None and {k.strip(' "\n') for k in head.group(1).split(",")} == set(written)
    assert set(doc) == {"argmap_json", *written}
    assert _documented(section, "`") == written
    assert export.__doc__ is not None and _documented(export.__doc__, "``") == written


def test_export_json_carries_library_passage_links(stored: tuple[Settings, dict[str, str]]) -> None:
    settings, ids = stored
    links = _json(settings)["passage_links"]
    hits = api.evidence_for(ids[CLAIM], settings=settings).passages
    assert hits and [link["unit"] for link in links if link["unit"] == ids[CLAIM]] == [ids[CLAIM]] * len(hits)
    best = next(link for link in links if link["unit"] == ids[CLAIM])
    assert best["document_title"] == "Office culture and junior staff"
    assert best["document_key"].startswith("file:") and best["document_key"].endswith("office-culture.txt")
    assert best["document_source"] == str(LIBRARY / "office-culture.txt")
    assert "Open-plan offices do not improve collaboration" in best["text"]
    # offsets into the document's clean text (as the library reads it: here without its title line)
    document = read_document(str(LIBRARY / "office-culture.txt"), settings).text
    assert document[best["start"]:best["end"]] == best["text"] and best["location"].startswith("line")
    assert best["score"] == hits[0].score > 0 and best["reason"].startswith("shares ")
    assert best["stance"] in ("supports", "contests", "related") and best["model"].startswith("argmap.retrieval")
    assert best["passage"] == hits[0].passage.id and best["document"] == hits[0].passage.document


def test_export_json_passage_link_ranks_follow_the_units_links_across_documents(
        stored: tuple[Settings, dict[str, str]], tmp_path: Path) -> None:
    """A document added later is scored on its own (linking is incremental), and its best passage came back
    with rank 1 beside the first document's rank 1: ``rank`` is the link's place among all the unit's links."""
    settings, ids = stored
    later = tmp_path / "layouts.txt"
    later.write_text("Office layouts\n\nOpen-plan offices kill face-to-face collaboration between colleagues, "
                     "and open-plan offices kill quiet work too.\n", encoding="utf-8")
    report = api.add_documents([str(later)], settings=settings)
    assert not report.failures and report.linking is not None and report.linking.links >= 1
    links = [link for link in _json(settings)["passage_links"] if link["unit"] == ids[CLAIM]]
    assert {link["document_title"] for link in links} == {"Office culture and junior staff", "Office layouts"}
    assert [link["rank"] for link in links] == list(range(1, len(links) + 1))
    assert [link["score"] for link in links] == sorted((link["score"] for link in links), reverse=True)
    hits = api.evidence_for(ids[CLAIM], settings=settings).passages
    assert [(h.passage.id, h.rank) for h in hits] == [(link["passage"], link["rank"]) for link in links]


def test_export_json_evidence_of_one_thread_only(stored: tuple[Settings, dict[str, str]]) -> None:
    settings, ids = stored
    doc = _json(settings, thread="desks")
    assert [i["unit"] for i in doc["evidence_items"]] == [ids[OTHER]]
    assert all(link["unit"] == ids[OTHER] for link in doc["passage_links"])
    office = _json(settings, thread="office")
    assert {i["unit"] for i in office["evidence_items"]} == {ids[PREMISE]}
    assert office["passage_links"] and all(link["unit"] in {ids[CLAIM], ids[PREMISE]}
                                           for link in office["passage_links"])


#: A thread that offers no evidence and that no library passage bears on.
PLAIN = "Cats are better pets than goldfish."


def test_export_cli_json_of_a_thread_without_evidence_gives_empty_lists(
        stored: tuple[Settings, dict[str, str]], tmp_path: Path) -> None:
    """`argmap export --format json --thread X`: the evidence of other threads and of the library is not X's."""
    from typer.testing import CliRunner

    from argmap.cli import app

    settings, _ = stored
    engine = make_engine(settings.db)
    try:
        repository.save_thread(engine, Thread(key="pets", format="text", source="pets.txt", title="Pets",
                                              posts=[Post("1", None, "dee", PLAIN)]),
                               Extraction([Unit("1", "claim", 0, len(PLAIN), PLAIN, 0.9, "argmap.units.v3", "claim")]))
    finally:
        engine.dispose()
    assert api.link_library(settings=settings).scored >= 1  # the pets claim was scored against the library
    result = CliRunner().invoke(app, ["--db", settings.db, "export", "--format", "json", "--thread", "pets"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [u["text"] for u in doc["units"]] == [PLAIN]
    assert doc["evidence_items"] == [] and doc["passage_links"] == []
    whole = _json(settings)
    assert whole["evidence_items"] and whole["passage_links"]  # there is evidence: it is another thread's


#: Tables whose rows hang off a thread's units, and the column that names the unit.
_UNIT_ROWS = {"evidence_item": "unit_id", "evidence_link": "unit_id", "passage_link": "unit_id",
              "document_scored": "unit_id"}


def _orphans(url: str) -> dict[str, int]:
    """Rows of :data:`_UNIT_ROWS` whose unit, or whose thread, is no longer stored."""
    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            counts = {table: conn.execute(text(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" NOT IN (SELECT id FROM unit)'
                + (' OR thread_id NOT IN (SELECT id FROM thread)' if table != "document_scored" else "")
            )).scalar_one() for table, column in _UNIT_ROWS.items()}
    finally:
        engine.dispose()
    return counts


def _rows(url: str, table: str) -> int:
    from sqlalchemy import text

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    finally:
        engine.dispose()


def test_export_after_delete_shows_no_evidence_of_the_deleted_thread(
        stored: tuple[Settings, dict[str, str]]) -> None:
    """`argmap delete` takes a thread's evidence items, citation links and passage links with it, on both
    backends; the other thread keeps its own, and the library and the sources stay."""
    settings, ids = stored
    before = {table: _rows(settings.db, table) for table in _UNIT_ROWS}
    assert all(before.values()), before
    api.delete_threads("office", settings=settings)
    assert _orphans(settings.db) == dict.fromkeys(_UNIT_ROWS, 0)
    assert _rows(settings.db, "evidence_item") == 1 and _rows(settings.db, "evidence_link") == 1  # desks' DOI
    assert _rows(settings.db, "passage_link") == sum(1 for link in _json(settings, thread="desks")["passage_links"])
    doc = _json(settings)
    assert [i["unit"] for i in doc["evidence_items"]] == [ids[OTHER]]
    assert all(link["unit"] == ids[OTHER] for link in doc["passage_links"])
    assert _rows(settings.db, "document") == 1 and _rows(settings.db, "evidence_source") == 2
    assert [s.key for s in api.evidence_sources(settings=settings)] == ["doi:10.1234/abc"]


def test_export_json_min_confidence_keeps_every_units_evidence(stored: tuple[Settings, dict[str, str]]) -> None:
    """--min-confidence filters relations; units all stay, and so does what they hold (a 0.6 figure too)."""
    settings, _ = stored
    whole, sure = _json(settings), _json(settings, min_confidence=0.95)
    assert [r["kind"] for r in sure["relations"]] == [] and whole["relations"]
    assert sure["evidence_items"] == whole["evidence_items"] and sure["passage_links"] == whole["passage_links"]


def test_export_cli_json_writes_the_evidence_keys(stored: tuple[Settings, dict[str, str]], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from argmap.cli import app

    settings, ids = stored
    out = tmp_path / "office.json"
    result = CliRunner().invoke(app, ["--db", settings.db, "export", "--thread", "office", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [i["kind"] for i in doc["evidence_items"]] == ["statistic", "link"]
    assert any(link["unit"] == ids[CLAIM] for link in doc["passage_links"])


def test_export_markdown_lists_a_claims_sources_and_library_passages(stored: tuple[Settings, dict[str, str]]) -> None:
    settings, ids = stored
    report = api.export(settings=settings, format="markdown", thread="office")
    assert isinstance(report, str)
    lines = report.splitlines()
    at = lines.index(f"- **{CLAIM}** (ann) `{ids[CLAIM]}`")  # the id, for argmap show and track
    block = lines[at + 1:]
    # the premise both supports the claim and gives evidence for it (the map graph keeps the support edge only)
    assert f"  - evidence: {PREMISE.replace('_', chr(92) + '_')}" in block
    assert "  - source: https://example.org/study" in block  # the premise giving evidence cites it
    library = [line for line in block if line.startswith("  - library, ")]
    assert library and "Office culture and junior staff, line" in library[0] and "*(score 0." in library[0]
    assert "70%" not in "".join(line for line in block if line.startswith("  - source"))  # a figure is no source
    other = api.export(settings=settings, format="markdown", thread="desks")
    assert isinstance(other, str) and "  - source: doi:10.1234/abc (https://doi.org/10.1234/abc)" in other


def test_export_other_formats_keep_their_shape(stored: tuple[Settings, dict[str, str]]) -> None:
    """CSV keeps one row per unit and relation: evidence items would not fit its columns."""
    settings, _ = stored
    csv_text = api.export(settings=settings, format="csv")
    assert isinstance(csv_text, str)
    assert {row.split(",", 1)[0] for row in csv_text.splitlines()[1:]} == {"unit", "relation"}


@pytest.mark.parametrize(("kind", "key", "label", "url"), [
    ("url", "url:example.org/a", "https://example.org/a", "https://example.org/a"),
    ("doi", "doi:10.1/x", "doi:10.1/x", "https://doi.org/10.1/x"),
    ("arxiv", "arxiv:2307.00001", "arXiv:2307.00001", "https://arxiv.org/abs/2307.00001"),
    ("work", "work:smith 2019", "Smith 2019", None),
    (None, None, None, None),
])
def test_export_source_url(kind: str | None, key: str | None, label: str | None, url: str | None) -> None:
    assert source_url(kind, key, label) == url


@pytest.mark.slow
def test_export_json_evidence_of_real_threads(db_url: str) -> None:
    """The example threads' links, DOIs, footnotes and figures, one thread at a time, on both backends."""
    settings = Settings(db=db_url)
    examples = ROOT / "corpora" / "evidence"
    report = api.ingest([str(examples / "four-day-week.txt"), str(examples / "remote-office.txt")], settings=settings)
    assert report.ok, report.failures
    doc = _json(settings, thread="remote-office")
    units = {u["id"]: u for u in doc["units"]}
    posts = {p["id"]: p["text"] for p in doc["posts"]}
    items = doc["evidence_items"]
    assert items and all(i["unit"] in units for i in items)
    assert all(posts[units[i["unit"]]["post"]][i["start"]:i["end"]] == i["text"] for i in items)
    assert {"citation", "link"} <= {i["kind"] for i in items}
    assert "https://doi.org/10.1093/qje/qju032" in {i["url"] for i in items}
    assert "https://arxiv.org/abs/2307.00001" in {i["url"] for i in items}
    assert all(i["model"] == "argmap.evidence.v2" and i["reason"] and 0 < i["confidence"] <= 1 for i in items)
    both = _json(settings)
    assert len(both["evidence_items"]) > len(items)
    four = _json(settings, thread="four-day-week")
    assert "https://autonomy.work/portfolio/uk4dwpilotresults" in {i["url"] for i in four["evidence_items"]}
    assert not {i["unit"] for i in four["evidence_items"]} & set(units)


def _another_database(settings: Settings, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second, empty database on the backend of ``settings``."""
    if settings.db.startswith("postgresql"):
        return str(request.getfixturevalue("pg").new_database())
    return str(tmp_path / "second.db")


def test_export_aif_round_trip_keeps_evidence_items(stored: tuple[Settings, dict[str, str]], tmp_path: Path,
                                                    request: pytest.FixtureRequest) -> None:
    """An AIF export read back into another database gives the same evidence items (and so the same sources);
    the library's passage links stay with the library, which is not in the map."""
    settings, _ = stored
    path = tmp_path / "both.aif.json"
    exported = api.export(settings=settings, format="aif")
    assert isinstance(exported, str)
    path.write_text(exported, encoding="utf-8")
    second = Settings(db=_another_database(settings, request, tmp_path))
    report = api.ingest([str(path)], settings=second)
    assert report.ok, report.failures
    before, after = _json(settings), _json(second)
    assert after["evidence_items"] and after["evidence_items"] == before["evidence_items"]
    assert after["passage_links"] == []
    keys = [s.key for s in api.evidence_sources(settings=settings)]
    assert keys and [s.key for s in api.evidence_sources(settings=second)] == keys


def test_export_aif_evidence_that_no_longer_fits_is_passed_over() -> None:
    """A proposition reworded in an AIF tool, or an item of the wrong shape: the map still reads, without them."""
    from argmap.sources import aif

    doc = {"nodes": [{"nodeID": "1", "type": "L", "text": "ann: Fares fell 30% last year."},
                     {"nodeID": "2", "type": "I", "text": "Fares fell 30% last year."},
                     {"nodeID": "3", "type": "YA", "text": "Asserting"}],
           "edges": [{"fromID": "1", "toID": "3"}, {"fromID": "3", "toID": "2"}],
           "locutions": [{"nodeID": "1", "personID": 1}],
           "participants": [{"participantID": 1, "firstname": "ann", "surname": ""}],
           "argmap": {"evidence": {"2": [
               {"kind": "statistic", "start": 11, "end": 14, "text": "30%", "confidence": 0.6, "reason": "a figure"},
               {"kind": "statistic", "start": 0, "end": 3, "text": "30%", "confidence": 0.6, "reason": "moved"},
               {"kind": "link", "start": 0, "end": 5, "text": "Fares", "confidence": "high", "reason": "x"},
               "junk"]}}}
    thread = aif.read(json.dumps(doc), source="m.json")
    assert thread.extraction is not None
    (unit,) = thread.extraction.units
    assert [(i.kind, i.text, i.start, i.source_key) for i in unit.evidence] == [("statistic", "30%", 11, None)]


def test_evidence_items_carry_the_url_the_export_gives_them() -> None:
    """``evidence for --json`` listed items without the ``url`` the JSON export gives the same items."""
    from argmap.store.models import EvidenceItemInfo

    item = EvidenceItemInfo(id="e-1", unit="u-1", thread="t-1", kind="citation", text="Bloom et al. (2015)", start=0,
                            end=19, confidence=0.9, model="m", reason="r", source="doi:10.1093/qje/qju032",
                            source_kind="doi", source_label="10.1093/qje/qju032")
    assert item.model_dump()["url"] == "https://doi.org/10.1093/qje/qju032"
