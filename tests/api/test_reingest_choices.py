"""What an analyst chose or added for a stored thread, and whether it survives the thread ingested again (the same
file, a newer snapshot, or after an upgrade that extracts it again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from argmap import Settings, analyze, ingest
from argmap.store.db import make_engine
from tests.render.conftest import KIALO

THESIS = "Cities should ban cars from their centres."


def _labels(settings: Settings) -> list[tuple[str, ...]]:
    engine = make_engine(settings.db)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(
                "SELECT u.text, l.label, l.semantics, l.reason, l.chain FROM unit_label l JOIN unit u "
                "ON u.id = l.unit_id ORDER BY u.text"))]
    finally:
        engine.dispose()


def test_ingest_again_keeps_the_label_semantics_analyze_chose(db_url: str, tmp_path: Path) -> None:
    """`analyze --dung` stores Dung's labels for `claims --label`; ingesting the thread again, even unchanged,
    put the default (bipolar) labels back without a word, so the thesis went from 'in' to 'out'. The labels now
    keep the semantics chosen, with a note naming it and the command that gives the default back."""
    settings = Settings(db=db_url)
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    assert ingest([str(path)], settings=settings, extract=False).ok
    default = _labels(settings)
    assert ("out", "grounded+supported-attacks") in {(label, sem) for words, label, sem, *_ in default
                                                     if words == THESIS}
    analyze(settings=settings, bipolar=False)
    chosen = _labels(settings)
    assert chosen != default and {row[2] for row in chosen} == {"grounded"}

    report = ingest([str(path)], settings=settings, extract=False)
    assert report.threads[0].changes.status == "unchanged"
    assert _labels(settings) == chosen  # as analyze --dung stored them, row by row
    assert report.notes.get("labels-kept") == 1
    [message] = [m for m in report.messages if "labels keep" in m]
    assert "'argmap analyze --dung'" in message and "(grounded)" in message
    assert f"argmap analyze --thread {report.threads[0].id}' labels it the default way again" in message

    # Edited (a map's key comes from its words, so the version it replaces is found by its file): kept too.
    path.write_text(KIALO.replace("Shops lose customers who drive.", "Shops lose the customers who drive."),
                    encoding="utf-8")
    report = ingest([str(path)], settings=settings, extract=False)
    assert report.notes.get("replaced") == 1 and report.notes.get("labels-kept") == 1
    assert {row[2] for row in _labels(settings)} == {"grounded"}
    analyze(settings=settings)  # the default chosen again: kept, and nothing to say
    path.write_text(KIALO, encoding="utf-8")
    report = ingest([str(path)], settings=settings, extract=False)
    assert _labels(settings) == default and "labels-kept" not in report.notes


@pytest.mark.slow
@pytest.mark.parametrize(("bipolar", "assumed"), [(False, True), (True, False), (False, False), (True, True)])
def test_ingest_again_labels_as_analyze_does_under_each_semantics(tmp_path: Path, bipolar: bool,
                                                                  assumed: bool) -> None:
    """The labels made at ingest under the semantics kept are those `analyze` stores, attacks only assumed left
    out (--no-assumed) included."""
    settings = Settings(db=str(tmp_path / "argmap.db"))
    thread = str(Path(__file__).parents[2] / "corpora" / "hn-open-models.txt")
    assert ingest([thread], settings=settings).ok
    analyze(settings=settings, bipolar=bipolar, assumed=assumed)
    chosen = _labels(settings)
    report = ingest([thread], settings=settings)
    assert _labels(settings) == chosen
    assert ("labels-kept" in report.notes) == (not (bipolar and assumed))


LIBRARY = """# Car bans and cities

Air quality improves in city centres where cars are banned, and asthma admissions fell after the Madrid ban.

Shops lose some customers who drive, but footfall in car-free streets often rises after a year.

Delivery vans still pollute city centres; electric vans pollute far less than cars.

Cities that ban cars from their centres see fewer road deaths.
"""


def _library_links(settings: Settings) -> list[tuple[str, ...]]:
    engine = make_engine(settings.db)
    try:
        with engine.connect() as conn:
            links = [tuple(row) for row in conn.execute(text(
                "SELECT u.text, l.passage_id, l.score, l.rank, l.stance, l.reason FROM passage_link l JOIN unit u "
                "ON u.id = l.unit_id ORDER BY u.text, l.passage_id"))]
            scored = [tuple(row) for row in conn.execute(text(
                "SELECT u.text, s.document_id FROM document_scored s JOIN unit u ON u.id = s.unit_id ORDER BY 1"))]
    finally:
        engine.dispose()
    return links + scored


def test_ingest_again_keeps_the_library_links_of_the_claims_it_keeps(db_url: str, tmp_path: Path) -> None:
    """An analyst linked the library with `evidence link --rescore --top 1`; ingesting the thread again (unchanged,
    said 'unchanged') dropped its claims' links with their units and linked them again with the defaults (five a
    claim, threshold 0.2). The claims a version keeps (same unit, kind and words) now keep their links; a claim
    whose words changed is linked afresh, as a new claim is."""
    from argmap.api import add_documents, link_library

    settings = Settings(db=db_url)
    path, library = tmp_path / "cars.txt", tmp_path / "cars.md"
    path.write_text(KIALO, encoding="utf-8")
    library.write_text(LIBRARY, encoding="utf-8")
    assert ingest([str(path)], settings=settings, extract=False).ok
    assert add_documents([str(library)], settings=settings, link=False).added
    assert link_library(settings=settings, rescore=True, top_k=1).links == 3  # one a claim; the default gives 5
    chosen = _library_links(settings)

    report = ingest([str(path)], settings=settings, extract=False)
    assert report.threads[0].changes.status == "unchanged" and "library-links" not in report.notes
    assert _library_links(settings) == chosen

    # Edited (under another key, as a map's key comes from its words): the claims it keeps keep their links.
    path.write_text(KIALO.replace("Shops lose customers who drive.", "Shops lose the customers who drive."),
                    encoding="utf-8")
    report = ingest([str(path)], settings=settings, extract=False)
    assert report.notes.get("replaced") == 1
    after = _library_links(settings)
    kept = [row for row in chosen if not row[0].startswith("Shops")]
    assert [row for row in after if not row[0].startswith("Shops")] == kept and len(kept) == 4  # 2 links, 2 pairs
    edited = [row for row in after if row[0] == "Shops lose the customers who drive."]
    assert len(edited) == 2 and "(threshold 0.20)" in str(edited[0][-1])  # scored again, and linked, by default


BUSES = """Discussion Title: Should buses be free?

1. City buses should be free to ride.
1.1. Pro: Free buses take cars off city centres.
1.2. Con: Free buses cost the city too much.
"""


def _linked(settings: Settings) -> dict[str, set[str]]:
    """Each thread's title -> the titles of the documents its claims were scored against."""
    engine = make_engine(settings.db)
    try:
        with engine.connect() as conn:
            found: dict[str, set[str]] = {}
            for thread, document in conn.execute(text(
                    "SELECT t.title, d.title FROM document_scored s JOIN unit u ON u.id = s.unit_id "
                    "JOIN thread t ON t.id = u.thread_id JOIN document d ON d.id = s.document_id")):
                found.setdefault(thread, set()).add(document)
    finally:
        engine.dispose()
    return found


def test_ingest_again_leaves_documents_added_without_linking_unlinked(db_url: str, tmp_path: Path) -> None:
    """`evidence add --no-link` adds a document only, to link later with `evidence link`; ingesting any thread
    again (unchanged) linked every claim of every thread to it. Ingest now scores only the claims of the threads
    it stores that were never scored (new claims, or those of an ingest stopped before it linked them)."""
    from argmap.api import add_documents, link_library

    settings = Settings(db=db_url)
    cars, buses, library, review = (tmp_path / "cars.txt", tmp_path / "buses.txt", tmp_path / "cars.md",
                                    tmp_path / "review.md")
    cars.write_text(KIALO, encoding="utf-8")
    buses.write_text(BUSES, encoding="utf-8")
    library.write_text(LIBRARY, encoding="utf-8")
    review.write_text("# Bus fares\n\nFree buses cost the city less than the cars they take off its roads.\n",
                      encoding="utf-8")
    assert ingest([str(cars), str(buses)], settings=settings, extract=False).ok
    assert add_documents([str(library)], settings=settings).linking is not None
    assert add_documents([str(review)], settings=settings, link=False).linking is None
    before = _linked(settings)
    assert before == {"Should cities ban cars from their centres?": {"Car bans and cities"},
                      "Should buses be free?": {"Car bans and cities"}}

    report = ingest([str(cars)], settings=settings, extract=False)
    assert report.threads[0].changes.status == "unchanged" and "library-links" not in report.notes
    assert _linked(settings) == before
    assert link_library(settings=settings).scored == 4  # linked when asked: the four claims (3 + 1)

    # A claim never scored is scored at once against every document, as a new thread's are.
    link_library(settings=settings, rescore=True)
    review.write_text("# Bus fares\n\nFree buses take cars off city centres, and cost the city less.\n",
                      encoding="utf-8")
    assert add_documents([str(review)], settings=settings, link=False).updated
    buses.write_text(BUSES.replace("to ride.", "to ride, for everyone."), encoding="utf-8")
    report = ingest([str(buses)], settings=settings, extract=False)
    linked = _linked(settings)
    assert linked["Should buses be free?"] == {"Car bans and cities", "Bus fares"}
    assert linked["Should cities ban cars from their centres?"] == {"Car bans and cities"}


def test_ingest_links_new_claims_with_the_settings_evidence_link_was_last_given(db_url: str, tmp_path: Path) -> None:
    """`evidence link --rescore --min-score S --top N` linked the library as asked, and every later run (the claims
    a grown thread brings, a thread ingested after, a document added) went back to the defaults without a word.
    The settings given are kept in the database for every later run until others are given, each run says so,
    and the defaults given again keep nothing."""
    from argmap.api import add_documents, link_library

    settings = Settings(db=db_url)
    cars, buses, library = tmp_path / "cars.txt", tmp_path / "buses.txt", tmp_path / "cars.md"
    cars.write_text(KIALO, encoding="utf-8")
    buses.write_text(BUSES, encoding="utf-8")
    library.write_text(LIBRARY, encoding="utf-8")
    assert ingest([str(cars)], settings=settings, extract=False).ok
    assert add_documents([str(library)], settings=settings).linking.links == 5  # the defaults: up to five a claim
    chosen = link_library(settings=settings, rescore=True, top_k=1)
    assert (chosen.links, chosen.top_k, chosen.remembered) == (3, 1, True)

    report = ingest([str(buses)], settings=settings, extract=False)
    [said] = [m for m in report.messages if m.startswith("the library:")]
    assert "--min-score 0.2 --top 1, as evidence link was last given" in said
    assert "evidence link --min-score 0.2 --top 5 goes back to the defaults" in said
    assert all(rank == 1 for *_, rank, _stance, _why in [row for row in _library_links(settings) if len(row) > 2])
    assert link_library(settings=settings, rescore=True).top_k == 1  # left out: the one given last

    back = link_library(settings=settings, rescore=True, top_k=5)
    assert (back.links, back.remembered, back.note) == (5, False, None)
    buses.write_text(BUSES.replace("to ride.", "to ride, for everyone."), encoding="utf-8")  # a claim reworded
    report = ingest([str(buses)], settings=settings, extract=False)
    assert "library-settings" not in report.notes and _linked(settings)["Should buses be free?"]  # scored, by default


OTHER_CARS = """Discussion Title: Car-free centres

1. Cities should ban cars from their centres.
1.1. Con: Delivery firms would charge the shops more for the last mile.
"""


def _tracked(settings: Settings) -> dict[str, set[str]]:
    """Each tracked claim's id -> the words of its members."""
    engine = make_engine(settings.db)
    try:
        with engine.connect() as conn:
            found: dict[str, set[str]] = {}
            for claim, words in conn.execute(text(
                    "SELECT m.claim_id, u.text FROM tracked_member m JOIN unit u ON u.id = m.unit_id")):
                found.setdefault(claim, set()).add(words)
    finally:
        engine.dispose()
    return found


def test_ingest_again_keeps_a_tracked_claim_whose_canonical_unit_it_replaced(db_url: str, tmp_path: Path) -> None:
    """A thread edited and ingested again whose units take new ids (a map or paste under a new key, spans drawn
    anew) dropped every tracked claim whose canonical wording was one of its units: the new unit, restating the
    other thread's, was compared with a canonical unit stored no more, so it joined nothing, and the claim, left
    with one member, went with its id (`argmap track c-...` failed). It now joins the claim, which keeps its id."""
    settings = Settings(db=db_url)
    cars, other = tmp_path / "cars.txt", tmp_path / "other.txt"
    cars.write_text(KIALO, encoding="utf-8")
    other.write_text(OTHER_CARS, encoding="utf-8")
    assert ingest([str(cars), str(other)], settings=settings, extract=False).ok
    [(claim, members)] = _tracked(settings).items()
    assert members == {THESIS}  # stated in both maps
    cars.write_text(KIALO.replace("Shops lose customers who drive.", "Shops lose the customers who drive."),
                    encoding="utf-8")
    report = ingest([str(cars)], settings=settings, extract=False)
    assert report.notes.get("replaced") == 1
    assert list(_tracked(settings)) == [claim]
    from argmap import track

    assert len(track(claim, settings=settings).members) == 2
