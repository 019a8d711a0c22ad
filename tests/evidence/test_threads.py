"""Evidence found in threads: the sample thread's figures and experience, and sources shared across threads."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from argmap import api
from argmap.config import Settings
from argmap.store import evidence as store
from argmap.store.db import make_engine
from tests.conftest import ROOT

EXAMPLES = ROOT / "corpora" / "evidence"


@pytest.mark.slow
def test_threads_sample_figure_and_experience_back_claims(db_path: Path) -> None:
    settings = Settings(db=str(db_path))
    api.ingest([str(ROOT / "corpora" / "hn-open-models.txt")], settings=settings)
    data = api.graph_data(settings=settings)
    units = {u.id: u for u in data.units}
    evidence = [(units[r.source], units[r.target]) for r in data.relations if r.kind == "evidence"]
    backed = {source.text[:40]: target.kind for source, target in evidence}
    assert backed.get("As a software engineer, I didn't notice ") == "claim"
    assert any("5x productivity boost" in source.text and target.kind == "claim" for source, target in evidence)
    engine = make_engine(settings.db)
    try:
        items = store.evidence_items(engine, [s.id for s, _ in evidence])
    finally:
        engine.dispose()
    assert {"experience", "statistic"} <= {i.kind for i in items}
    assert "5x productivity boost" in {i.text for i in items}


@pytest.mark.slow
def test_threads_sources_are_shared_nodes(db_path: Path) -> None:
    settings = Settings(db=str(db_path))
    api.ingest([str(EXAMPLES / "four-day-week.txt"), str(EXAMPLES / "remote-office.txt")], settings=settings)
    sources = {s.key: s for s in api.evidence_sources(settings=settings)}
    pilot = sources["url:autonomy.work/portfolio/uk4dwpilotresults"]
    assert pilot.threads == 2 and pilot.links >= 3  # one node, cited with and without www., utm_* and #fragment
    assert "doi:10.1177/00197939231171937" in sources  # a bare DOI
    assert "doi:10.1093/qje/qju032" in sources  # a footnote whose source line is a doi.org link
    assert "arxiv:2307.00001" in sources
    assert {c.side for s in sources.values() for c in s.citations} - {"unknown"}
    assert api.stats(settings=settings).evidence_sources == len(sources)
    only = api.evidence_sources(settings=settings, thread="remote-office")
    assert all(c.thread_title is None or c.thread for s in only for c in s.citations)
    assert "doi:10.1177/00197939231171937" not in {s.key for s in only}
    # a topic is matched as `claims --topic` matches it: the hyphen and the case do not matter
    topical = {s.key for s in api.evidence_sources(settings=settings, topic="Four-Day week")}
    assert "url:autonomy.work/portfolio/uk4dwpilotresults" in topical and topical < set(sources)
    assert api.evidence_sources(settings=settings, topic="zebra unicycles") == []


@pytest.mark.slow
def test_threads_sources_read_ids_in_pieces(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large store cites more sources than one statement takes parameters (SQLite 32,766): every list of ids
    is read a piece at a time. Here SQLite's limit is set to 3 parameters and a piece to 2 ids."""
    import sqlite3

    from sqlalchemy import event

    settings = Settings(db=str(db_path))
    api.ingest([str(EXAMPLES / "four-day-week.txt"), str(EXAMPLES / "remote-office.txt")], settings=settings)
    whole = [(s.key, len(s.citations)) for s in api.evidence_sources(settings=settings)]
    topical = [s.key for s in api.evidence_sources(settings=settings, topic="four-day week")]
    assert len(whole) > 3 and topical

    def few_parameters(dbapi_connection: object, _record: object) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 3)

    monkeypatch.setattr(store, "CHUNK", 2)
    event.listen(Engine, "connect", few_parameters)
    try:
        assert [(s.key, len(s.citations)) for s in api.evidence_sources(settings=settings)] == whole
        assert [s.key for s in api.evidence_sources(settings=settings, topic="four-day week")] == topical
    finally:
        event.remove(Engine, "connect", few_parameters)


def test_threads_citations_keep_their_order_when_a_thread_is_stored_again(engine: Engine) -> None:
    # A source's citations came back as the rows were stored: a thread stored again unchanged moved its citations
    # last ("cited by" changed order), and SQLite and PostgreSQL listed them differently.
    from argmap.api._linking import after_save
    from argmap.domain import EvidenceItem
    from argmap.store import repository
    from tests.query.conftest import build

    link = "https://example.org/bike-safety"
    made = []
    for key, author in (("b1", "ana"), ("b2", "bo"), ("b3", "cy")):
        thread, extraction = build(key, key, [("1", None, author, 1, [
            ("claim", "Bike lanes save lives.", ["bike lane"]),
            ("premise", f"The city report says so ({link}).", ["city report"])])], relations=[(1, 0, "support")])
        unit = extraction.units[1]
        start = unit.text.index(link)
        unit.evidence = [EvidenceItem("link", start, start + len(link), link, source_key="url:example.org/bike-safety",
                                      source_kind="url")]
        made.append((thread, extraction))

    def cited() -> list[str | None]:
        [(_, citations)] = store.sources(engine)
        return [c.author for c in citations]

    for thread, extraction in made:
        repository.save_thread(engine, thread, extraction)
        after_save(engine, thread, extraction)
    first = cited()
    assert sorted(first) == ["ana", "bo", "cy"]
    for thread, extraction in made[:2]:
        assert repository.save_thread(engine, thread, extraction).changes.status == "unchanged"
        assert cited() == first
