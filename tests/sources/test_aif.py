"""The AIF reader: AIFdb/OVA maps (QT30) imported as given, and a round trip through argmap's own AIF export."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from argmap import api
from argmap.config import Settings
from argmap.errors import InputError
from argmap.sources import aif
from argmap.sources.registry import SNIFF_CHARS, read_path, sniff_format
from tests.conftest import CORPORA
from tests.render.conftest import KIALO


def _doc() -> dict[str, object]:
    return {
        "nodes": [
            {"nodeID": "1", "text": "Ann: Cars should go from the centre", "type": "L"},
            {"nodeID": "2", "text": "Asserting", "type": "YA"},
            {"nodeID": "3", "text": "Cars should go from the centre", "type": "I"},
            {"nodeID": "4", "text": "Bob: but shops lose customers", "type": "L"},
            {"nodeID": "5", "text": "Asserting", "type": "YA"},
            {"nodeID": "6", "text": "shops lose customers who drive", "type": "I"},
            {"nodeID": "7", "text": "Default Conflict", "type": "CA"},
            {"nodeID": "8", "text": "Default Transition", "type": "TA"},
            {"nodeID": "9", "text": "Air gets cleaner", "type": "I"},
            {"nodeID": "10", "text": "Default Inference", "type": "RA"},
        ],
        "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(
            [("1", "2"), ("2", "3"), ("4", "5"), ("5", "6"), ("6", "7"), ("7", "3"), ("1", "8"), ("8", "4"),
             ("9", "10"), ("10", "3")], start=1)],
        "locutions": [{"nodeID": "1", "personID": 1, "start": "2024-05-01 10:00:00"},
                      {"nodeID": "4", "personID": 2, "start": "2024-05-01 10:01:00"}],
        "participants": [{"participantID": 1, "firstname": "Ann", "surname": ""},
                         {"participantID": 2, "firstname": "Bob", "surname": ""}],
    }


def test_aif_reads_locutions_propositions_and_schemes() -> None:
    text = json.dumps(_doc())
    assert aif.sniff(text) and sniff_format(text, "x.json") == "aif"
    thread = aif.read(text, source="debate.json")
    assert thread.title == "debate" and thread.format == "aif"
    posts = {p.external_id: p for p in thread.posts}
    assert posts["1"].author == "Ann" and posts["1"].text == "Cars should go from the centre"
    assert posts["4"].parent == "1" and posts["4"].author == "Bob"
    assert posts["9"].text == "Air gets cleaner" and posts["9"].parent is None  # asserted by nobody: own post
    assert thread.extraction is not None
    units = {u.text: u for u in thread.extraction.units}
    assert units["Cars should go from the centre"].kind == "claim"
    assert units["Air gets cleaner"].kind == "premise"
    # a reworded proposition spans its whole locution; one found inside it keeps its offsets
    reworded = units["shops lose customers who drive"]
    assert (reworded.start, reworded.end) == (0, len("but shops lose customers"))
    assert (units["Cars should go from the centre"].start, units["Cars should go from the centre"].end) == (0, 30)
    rels = {(thread.extraction.units[r.source].text[:5], thread.extraction.units[r.target].text[:5], r.kind)
            for r in thread.extraction.relations}
    assert rels == {("shops", "Cars ", "attack"), ("Air g", "Cars ", "support")}
    assert all(u.confidence == 1 and u.source == "import.aif" for u in thread.extraction.units)
    assert all(r.model == "import.aif" and "imported from AIF" in r.reason for r in thread.extraction.relations)


def test_aif_reads_xaif_the_map_under_its_aif_key(tmp_path: Path) -> None:
    """xAIF (OVA3's saved maps, ARG-tech's argument-mining services) holds the AIF under "AIF", the drawing under
    "OVA": it was refused as "not AIF JSON", by ingest and by eval alike."""
    layout = {"firstname": "", "surname": "", "url": "", "edges": [],
              "nodes": [{"nodeID": "1", "visible": True, "x": 10, "y": 20, "timestamp": ""}]}
    wrapped = {"OVA": layout, "AIF": {**_doc(), "schemefulfillments": [], "descriptorfulfillments": []},
               "text": {"txt": "Ann: Cars should go from the centre. Bob: but shops lose customers"}, "dialog": True}
    text = json.dumps(wrapped)
    assert sniff_format(text, "map.json") == "aif"
    plain, read = aif.read(json.dumps(_doc()), source="debate.json"), aif.read(text, source="debate.json")
    assert [(p.external_id, p.parent, p.author, p.text) for p in read.posts] == [
        (p.external_id, p.parent, p.author, p.text) for p in plain.posts]
    assert read.extraction is not None and plain.extraction is not None
    assert read.extraction.units == plain.extraction.units and read.extraction.relations == plain.extraction.relations
    path = tmp_path / "map.json"
    path.write_text(text, encoding="utf-8")
    [gold] = api.load_maps(path)  # argmap eval scores against it
    assert len(gold.units) == 3 and len(gold.relations) == 2


@pytest.mark.parametrize("participants", [True, False])
def test_aif_takes_off_a_speaker_prefix_with_a_space_before_its_colon(participants: bool) -> None:
    """AIFdb and OVA write an L-node as "Ann : words"; with the speaker a participant, the post's text kept
    "Ann : " in front of its words (and the extraction read the name as part of the post)."""
    doc = _doc()
    nodes = doc["nodes"]
    assert isinstance(nodes, list)
    for node in nodes:
        if node["type"] == "L":
            node["text"] = node["text"].replace(": ", " : ", 1)
    if not participants:
        doc.pop("participants")
    thread = aif.read(json.dumps(doc), source="debate.json")
    posts = {p.external_id: (p.author, p.text) for p in thread.posts}
    assert posts["1"] == ("Ann", "Cars should go from the centre")
    assert posts["4"] == ("Bob", "but shops lose customers")
    assert thread.extraction is not None
    cars = next(u for u in thread.extraction.units if u.text == "Cars should go from the centre")
    assert (cars.start, cars.end) == (0, 30)


@pytest.mark.parametrize("broken", ['{"nodes": [], "edges": {}}', '{"nodes": [{"text": "x"}], "edges": []}',
                                    '{"nodes": [{"nodeID": 1, "type": "I"}], "edges": [{"fromID": 1}]}'])
def test_aif_refuses_what_is_not_aif(broken: str) -> None:
    with pytest.raises(InputError, match=r"AIF|nodeID|fromID"):
        aif.read(broken, source="bad.json")


def test_aif_qt30_maps_import_with_their_relations(shared: Path, db_path: Path) -> None:
    folder = shared / "annotated" / "qt30-aif"
    settings = Settings(db=str(db_path))
    report = api.ingest([str(folder)], settings=settings, format="aif")
    assert report.ok and len(report.threads) == 11
    for info in report.threads:
        doc = json.loads((folder / f"{info.title}.json").read_text(encoding="utf-8"))
        types = Counter(n["type"] for n in doc["nodes"])
        # a unit per proposition, and one more in each further turn that asserts it again (one in test_map6)
        assert types["I"] <= info.units <= types["I"] + 1
        # reported speech is the reporting speaker's turn, so replies to it stay attached
        thread = aif.read(json.dumps(doc), source=info.source)
        assert not [n for n in thread.notes if n.reason == "dangling-parent"], info.title
        assert 0 < info.relations <= types["RA"] + types["CA"] + types["MA"] + 10
    data = api.graph_data(settings=settings, thread="test_map2")
    assert {r.kind for r in data.relations} == {"support", "attack", "quote"}
    assert sum(1 for p in data.posts if p.author) >= len(data.posts) // 2  # speakers from "Name: words"


def test_aif_map_keeps_its_illocutions_and_schemes_through_argmap(tmp_path: Path) -> None:
    """A map from OVA or AIFdb, ingested and exported: a question stays a question, a scheme keeps its name
    (every YA was written "Asserting" and every RA "Default Inference")."""
    doc = _doc()
    nodes = doc["nodes"]
    assert isinstance(nodes, list)
    nodes[1]["text"] = "Pure Questioning"  # Ann asks whether cars should go
    nodes[9]["text"] = "Argument From Consequences"
    thread = aif.read(json.dumps(doc), source="debate.json")
    assert thread.extraction is not None
    reasons = {u.text: u.reason for u in thread.extraction.units}
    assert reasons == {"Cars should go from the centre": "imported from AIF (Pure Questioning)",
                       "shops lose customers who drive": "imported from AIF (Asserting)",
                       "Air gets cleaner": "imported from AIF"}  # asserted by no locution
    path = tmp_path / "debate.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    settings = Settings(db=str(tmp_path / "maps.db"))
    assert api.ingest(path, settings=settings).ok
    exported = json.loads(str(api.export(settings=settings, format="aif")))
    by_id = {n["nodeID"]: n for n in exported["nodes"]}
    asserting = {by_id[e["toID"]]["text"]: by_id[e["fromID"]]["text"] for e in exported["edges"]
                 if by_id[e["fromID"]]["type"] == "YA" and by_id[e["toID"]]["type"] == "I"}
    assert asserting == {"Cars should go from the centre": "Pure Questioning",
                         "shops lose customers who drive": "Asserting", "Air gets cleaner": "Asserting"}
    assert sorted((n["type"], n["text"]) for n in exported["nodes"] if n["type"] in ("RA", "CA")) == [
        ("CA", "Default Conflict"), ("RA", "Argument From Consequences")]


def test_aif_export_leaves_when_a_post_was_said_unknown_when_it_is(tmp_path: Path) -> None:
    """A locution's start is when it was said: a post without a time got the day its thread was stored, which put
    it after every timed locution in a tool that orders a dialogue by it."""
    doc = _doc()
    locutions = doc["locutions"]
    assert isinstance(locutions, list)
    del locutions[1]["start"]  # Bob's reply has no time
    path = tmp_path / "debate.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    settings = Settings(db=str(tmp_path / "maps.db"))
    assert api.ingest(path, settings=settings).ok
    exported = json.loads(str(api.export(settings=settings, format="aif")))
    by_text = {n["text"]: n["nodeID"] for n in exported["nodes"] if n["type"] == "L"}
    start = {loc["nodeID"]: loc["start"] for loc in exported["locutions"]}
    assert start[by_text["Ann: Cars should go from the centre"]] == "2024-05-01 10:00:00"
    assert start[by_text["Bob: but shops lose customers"]] is None
    assert all(n["timestamp"] for n in exported["nodes"])  # the nodes keep a timestamp, as AIF tools want


def test_aif_round_trip_keeps_units_and_relations(tmp_path: Path) -> None:
    first = Settings(db=str(tmp_path / "first.db"))
    source = tmp_path / "cars.txt"
    source.write_text(KIALO, encoding="utf-8")
    assert api.ingest([str(source)], settings=first).ok
    exported = api.export(settings=first, format="aif")
    assert isinstance(exported, str)
    path = tmp_path / "cars.aif.json"
    path.write_text(exported, encoding="utf-8")
    assert sniff_format(exported, str(path)) == "aif"
    assert read_path(path).format == "kialo"  # the thread's own format, recorded by the export
    second = Settings(db=str(tmp_path / "second.db"))
    report = api.ingest([str(path)], settings=second, format="aif")
    assert report.ok, report.failures
    before, after = api.graph_data(settings=first), api.graph_data(settings=second)
    assert after.threads[0].title == before.threads[0].title == "Should cities ban cars from their centres?"
    assert [(u.text, u.kind) for u in after.units] == [(u.text, u.kind) for u in before.units]
    text_of = {u.id: u.text for u in before.units}
    text_after = {u.id: u.text for u in after.units}
    assert sorted((text_of[r.source], text_of[r.target], r.kind) for r in before.relations) == \
        sorted((text_after[r.source], text_after[r.target], r.kind) for r in after.relations)
    assert len(after.posts) == len(before.posts)
    # the reply structure comes back through the TA transitions, between the posts' own ids
    external = {p.id: p.external_id for p in before.posts}
    assert sorted(external.get(p.parent or "", "") for p in before.posts) == \
        sorted(p.parent or "" for p in read_path(path).posts)


def test_aif_round_trip_keeps_quotes_and_leaves_unknown_times_unknown(tmp_path: Path) -> None:
    """A plain-text thread has quotes and no times: both come back as they were, not the time of storing."""
    first = Settings(db=str(tmp_path / "first.db"))
    assert api.ingest([str(CORPORA / "examples" / "remote-work.txt")], settings=first, extract=False).ok
    path = tmp_path / "remote.aif.json"
    exported = api.export(settings=first, format="aif")
    assert isinstance(exported, str)
    path.write_text(exported, encoding="utf-8")
    second = Settings(db=str(tmp_path / "second.db"))
    assert api.ingest([str(path)], settings=second, format="aif").ok
    before, after = api.graph_data(settings=first), api.graph_data(settings=second)
    assert all(p.created_at is None for p in before.posts) and all(p.created_at is None for p in after.posts)
    texts = {p.id: p.text for p in before.posts}
    texts_after = {p.id: p.text for p in after.posts}

    def quoted(data: object, posts: dict[str, str]) -> list[tuple[str, str, str | None, int | None, int | None]]:
        return sorted((posts[q.post], q.text, posts.get(q.source_post or ""), q.source_start, q.source_end)
                      for q in data.quotes)  # type: ignore[attr-defined]

    assert len(before.quotes) == 3 and quoted(after, texts_after) == quoted(before, texts)


def test_aif_round_trip_keeps_which_posts_are_official(tmp_path: Path) -> None:
    """A moderator's post stays marked as one through argmap's AIF export and back (the JSON export shows it)."""
    from argmap.store import repository
    from argmap.store.db import make_engine
    from tests.store.test_migrations import _official_thread

    first = Settings(db=str(tmp_path / "first.db"))
    engine = make_engine(first.db)
    repository.init_db(engine)
    repository.save_thread(engine, _official_thread(), None)
    engine.dispose()
    exported = api.export(settings=first, format="aif")
    assert isinstance(exported, str)
    as_json = api.export(settings=first)
    assert isinstance(as_json, dict) and [p["official"] for p in as_json["posts"]] == [True, False]
    path = tmp_path / "rules.aif.json"
    path.write_text(exported, encoding="utf-8")
    second = Settings(db=str(tmp_path / "second.db"))
    assert api.ingest([str(path)], settings=second, format="aif").ok
    assert [p.official for p in api.graph_data(settings=second).posts] == [True, False]


def test_aif_extension_with_wrong_values_still_reads() -> None:
    doc = _doc()
    doc["argmap"] = {"created": {"1": 12, "4": None, "x": "2020-01-01"},
                     "quotes": [{"post": "4", "text": "Cars should go", "source_post": "1", "source_start": -1,
                                 "source_end": 99_999}, {"post": "nowhere", "text": "x"}, "junk",
                                {"post": "4", "text": 5}]}
    thread = aif.read(json.dumps(doc), source="m.json")
    posts = {p.external_id: p for p in thread.posts}
    assert posts["1"].created_at is not None  # 12 is no ISO string: the AIF's own time stays
    assert posts["4"].created_at is None  # null: the source gave no time
    (quote,) = posts["4"].quotes
    assert quote.text == "Cars should go" and quote.source_post is None and quote.source_start is None


def _big_map() -> dict[str, object]:
    """An OVA-style map over 64 KB: every node listed before the first edge, as AIFdb and OVA write them."""
    nodes = [{"nodeID": f"i{i}", "type": "I", "text": f"Statement {i} says bike lanes make streets safer for everyone"}
             for i in range(400)]
    nodes += [{"nodeID": f"r{i}", "type": "RA", "text": "Default Inference"} for i in range(1, 400)]
    edges = [edge for i in range(1, 400) for edge in ({"fromID": f"i{i}", "toID": f"r{i}"},
                                                       {"fromID": f"r{i}", "toID": "i0"})]
    return {"nodes": nodes, "edges": edges}


def test_aif_sniffs_a_map_whose_edges_start_after_the_sniffed_head(tmp_path: Path) -> None:
    text = json.dumps(_big_map(), indent=1)
    head = text[:SNIFF_CHARS]
    assert '"edges"' not in head and '"fromID"' not in head  # what the sniffer sees holds nodes only
    assert aif.sniff(head) and sniff_format(head, "big.json", text) == "aif"
    path = tmp_path / "big.json"
    path.write_text(text, encoding="utf-8")
    thread = read_path(path)
    assert thread.format == "aif" and thread.extraction is not None and len(thread.extraction.relations) == 399


@pytest.mark.parametrize("head", [
    '{"nodes": [{"id": 1, "label": "a"}], "links": []}',   # a network graph, not AIF
    '{"graph": {"nodes": [{"nodeID": 1}]}}',                # a node without a type
    '[{"nodes": [{"nodeID": "1", "type": "I"}]}]',           # not an object at the top
    '{"title": "x", "nodes": "{\\"nodeID\\": 1, \\"type\\": \\"I\\"}"}',  # the words in a string
])
def test_aif_sniff_is_specific(head: str) -> None:
    assert not aif.sniff(head)


def test_aif_export_of_a_big_thread_ingests_without_format(tmp_path: Path) -> None:
    posts = [{"id": str(n), "parent": str(n - 1) if n else None, "author": f"user{n % 7}",
              "text": f"Point {n}: cycle lanes make streets safer because drivers slow down near them."}
             for n in range(600)]
    source = tmp_path / "long.jsonl"
    source.write_text("\n".join(json.dumps(post) for post in posts), encoding="utf-8")
    first = Settings(db=str(tmp_path / "first.db"))
    assert api.ingest([str(source)], settings=first, extract=False).ok
    exported = api.export(settings=first, format="aif")
    assert isinstance(exported, str) and len(exported) > SNIFF_CHARS
    path = tmp_path / "long.aif.json"
    path.write_text(exported, encoding="utf-8")
    report = api.ingest([str(path)], settings=Settings(db=str(tmp_path / "second.db")))  # no format forced
    assert report.ok, report.failures
    assert report.threads[0].posts == 600


@pytest.mark.parametrize(("change", "message"), [
    ({"nodes": 2, "text": ["Cars should go", "from the centre"]}, r"node '3': 'text' is a list, not a string"),
    ({"nodes": 2, "text": None}, r"node '3': 'text' is a null, not a string"),
    ({"nodes": 0, "text": {"en": "Ann: cars"}}, r"node '1': 'text' is an object, not a string"),
    ({"nodes": 2, "nodeID": {"x": 1}}, r"nodes\[2\]: 'nodeID' is an object; it must be a string or an integer"),
    ({"nodes": 2, "nodeID": True}, r"nodes\[2\]: 'nodeID' is a boolean"),
    ({"nodes": 2, "type": ["I"]}, r"node '3': 'type' is a list, not a string"),
    ({"edges": 0, "fromID": [1]}, r"edges\[0\]: 'fromID' is a list; it must be a string or an integer"),
    ({"locutions": 0, "personID": {"id": 1}}, r"locutions\[0\]: 'personID' is an object"),
    ({"participants": 0, "participantID": [1]}, r"participants\[0\]: 'participantID' is a list"),
])
def test_aif_refuses_fields_of_the_wrong_type(change: dict[str, object], message: str) -> None:
    """README, Robustness: a list where text belongs, an object where an id belongs, is refused, naming the node."""
    doc = _doc()
    (field, at), *values = change.items()
    item = doc[field][at]  # type: ignore[index]
    item.update(dict(values))
    with pytest.raises(InputError, match=rf"debate\.json, {message}|debate\.json: {message}") as caught:
        aif.read(json.dumps(doc), source="debate.json")
    assert "fix: " in str(caught.value)


def _two_threads(db: Path) -> Settings:
    """Two hand-built threads in one database, with what a round trip tends to lose: extraction provenance, a
    post opening with spaces (code), a post without author whose words start "Edit: ", the same words twice in
    a post, a quote of a post whose words were not found, and post ids that are not the AIF's."""
    from datetime import UTC, datetime

    from argmap.domain import Extraction, Post, Quote, Relation, Thread, Unit
    from argmap.store import repository
    from argmap.store.db import make_engine

    code = "    rm -rf ~\n\nNever run that. Never run that."
    first = Thread(key="hn:1", format="hn", source="item1.json", title="First, \"quoted\"", url="https://x.test/1",
                   missing=2, posts=[
                       Post("1", None, "ann", "Buses beat cars in cities.", created_at=datetime(2024, 1, 1, tzinfo=UTC),
                            title="Buses", url="https://x.test/1#1"),
                       Post("2", "1", None, "Edit: cars are faster at night.",
                            quotes=[Quote("Buses beat", source_post="1")]),
                       Post("3", "2", "bob", code)])
    second = Thread(key="reddit:abc", format="reddit", source="abc.json", title=None, posts=[
        Post("1", None, "cy", "Trams are quieter than buses."),
        Post("2", "1", "dee", "Trams cost more to build.")])
    engine = make_engine(str(db))
    try:
        repository.init_db(engine)
        at = code.rindex("Never run that.")
        repository.save_thread(engine, first, Extraction(
            [Unit("1", "claim", 0, 26, "Buses beat cars in cities.", 0.91, "argmap.units.v3", "claim: opens"),
             Unit("2", "premise", 6, 31, "cars are faster at night.", 0.5, "argmap.units.v3", "premise: why"),
             Unit("3", "claim", at, at + 15, "Never run that.", 0.7, "argmap.units.v3", "claim: second")],
            [Relation(1, 0, "attack", 0.42, "argmap.relations.v13/quote", "answers the quote"),
             Relation(1, 0, "evidence", 0.3, "argmap.evidence.v2", "a figure")]))
        repository.save_thread(engine, second, Extraction(
            [Unit("1", "claim", 0, 29, "Trams are quieter than buses.", 0.8, "argmap.units.v3", "claim"),
             Unit("2", "claim", 0, 25, "Trams cost more to build.", 0.8, "argmap.units.v3", "claim")],
            [Relation(1, 0, "attack", 0.61, "argmap.relations.v13/opener-main", "answers the opener")]))
    finally:
        engine.dispose()
    return Settings(db=str(db))


def _graph_json(settings: Settings) -> dict[str, list[str]]:
    """The JSON export, each list as sorted JSON lines (threads list in the order they were stored)."""
    doc = api.export(settings=settings, format="json")
    assert isinstance(doc, dict)
    return {key: sorted(json.dumps(item, sort_keys=True) for item in doc[key]) for key in doc if key != "argmap_json"}


def test_aif_export_of_several_threads_reads_back_as_those_threads(tmp_path: Path) -> None:
    first = _two_threads(tmp_path / "first.db")
    exported = api.export(settings=first, format="aif")
    assert isinstance(exported, str)
    path = tmp_path / "both.aif.json"
    path.write_text(exported, encoding="utf-8")
    threads = api.read_threads(path)
    assert sorted((t.key, t.format, t.source, t.title, t.missing) for t in threads) == [
        ("hn:1", "hn", "item1.json", 'First, "quoted"', 2), ("reddit:abc", "reddit", "abc.json", None, 0)]
    with pytest.raises(InputError, match=r"holds 2 threads \((hn:1, reddit:abc|reddit:abc, hn:1)\)") as caught:
        api.read_thread(path)
    assert "read_threads(" in str(caught.value)
    second = Settings(db=str(tmp_path / "second.db"))
    report = api.ingest([str(path)], settings=second)  # sniffed; no extraction is run on a curated map
    assert report.ok, report.failures
    assert sorted(t.key for t in report.threads) == ["hn:1", "reddit:abc"]
    # Everything comes back, ids included: posts' own ids, offsets, kinds, provenance, quotes, titles, times.
    assert _graph_json(second) == _graph_json(first)
    # Ingested again (or into the database it came from), it replaces those threads instead of adding copies.
    assert api.ingest([str(path)], settings=second).ok and api.ingest([str(path)], settings=first).ok
    assert _graph_json(second) == _graph_json(first)
    assert sorted(t.key for t in api.threads(settings=second)) == ["hn:1", "reddit:abc"]


def test_aif_export_threads_in_a_map_edited_elsewhere() -> None:
    """A locution added after export joins the thread of the one it answers; a relation drawn between two threads
    has no place in either and is noted; a ``threads`` record without keys reads the map as one."""
    doc = _doc()
    doc["argmap"] = {"threads": [{"key": "a:1"}, {"key": "b:2"}], "posts": {"1": {"thread": 0, "external_id": "x"}}}
    doc["nodes"] += [{"nodeID": "11", "text": "Cy: trams", "type": "L"}, {"nodeID": "12", "text": "trams", "type": "I"},
                     {"nodeID": "13", "text": "Asserting", "type": "YA"}]
    doc["edges"] += [{"fromID": "11", "toID": "13"}, {"fromID": "13", "toID": "12"}]
    doc["argmap"]["posts"]["11"] = {"thread": 1}
    doc["nodes"].append({"nodeID": "14", "text": "Default Conflict", "type": "CA"})
    doc["edges"] += [{"fromID": "12", "toID": "14"}, {"fromID": "14", "toID": "3"}]
    first, second = aif.read_threads(json.dumps(doc), source="edited.json")
    assert [p.external_id for p in first.posts] == ["x", "4", "9"]  # "4" answers "x"; "9" is asserted by nobody
    assert next(p for p in first.posts if p.external_id == "4").parent == "x"
    assert [p.external_id for p in second.posts] == ["11"] and second.key == "b:2"
    assert first.extraction is not None and second.extraction is not None
    assert len(first.extraction.relations) == 2 and not second.extraction.relations
    assert any(n.reason == "aif-cross-thread" for n in first.notes)
    doc["argmap"]["threads"] = [{"title": "no key"}]
    (whole,) = aif.read_threads(json.dumps(doc), source="edited.json")
    assert whole.key.startswith("aif:") and any(n.reason == "aif-threads-unreadable" for n in whole.notes)


def _reported_speech() -> dict[str, object]:
    """Ann speaks; Bob reports what Ann said (his locution asserts hers, which asserts the proposition) and Cy
    answers Bob; an analyst's locutions ("Analysing") sit beside Bob's and Ann's."""
    doc = _doc()
    nodes, edges = doc["nodes"], doc["edges"]
    assert isinstance(nodes, list) and isinstance(edges, list)
    nodes += [
        {"nodeID": "20", "text": "Bob: Ann said that trams are cheaper", "type": "L"},
        {"nodeID": "21", "text": "Asserting", "type": "YA"},
        {"nodeID": "22", "text": "Ann: trams are cheaper", "type": "L"},
        {"nodeID": "23", "text": "Asserting", "type": "YA"},
        {"nodeID": "24", "text": "trams are cheaper", "type": "I"},
        {"nodeID": "25", "text": "Eve: Bob: Ann said that trams are cheaper", "type": "L"},
        {"nodeID": "26", "text": "Analysing", "type": "YA"},
        {"nodeID": "27", "text": "Cy: not in small towns", "type": "L"},
        {"nodeID": "28", "text": "Default Transition", "type": "TA"},
        {"nodeID": "29", "text": "Asserting", "type": "YA"},
        {"nodeID": "30", "text": "not in small towns", "type": "I"},
        {"nodeID": "31", "text": "Default Conflict", "type": "CA"},
        {"nodeID": "32", "text": "Default Transition", "type": "TA"},
    ]
    edges += [{"fromID": a, "toID": b} for a, b in [
        ("20", "21"), ("21", "22"), ("22", "23"), ("23", "24"), ("25", "26"), ("26", "20"),
        ("20", "28"), ("28", "27"), ("27", "29"), ("29", "30"), ("30", "31"), ("31", "24"), ("4", "32"), ("32", "20")]]
    locutions, participants = doc["locutions"], doc["participants"]
    assert isinstance(locutions, list) and isinstance(participants, list)
    locutions += [{"nodeID": "20", "personID": 2, "start": "2024-05-01 10:02:00"},
                  {"nodeID": "22", "personID": 1, "start": "2024-05-01 10:02:01"},
                  {"nodeID": "27", "personID": 3, "start": "2024-05-01 10:03:00"}]
    participants.append({"participantID": 3, "firstname": "Cy", "surname": ""})
    return doc


def test_aif_reported_speech_is_a_turn_of_the_speaker_who_reports_it() -> None:
    """Bob's turn is a post, by Bob, at his time, holding what he reports Ann said; the reported locution is
    no turn of its own, the analyst's is none, and Cy's answer to Bob stays attached to it."""
    thread = aif.read(json.dumps(_reported_speech()), source="debate.json")
    posts = {p.external_id: p for p in thread.posts}
    assert sorted(posts) == ["1", "20", "27", "4", "9"]
    bob = posts["20"]
    assert (bob.author, bob.text, bob.parent) == ("Bob", "Ann said that trams are cheaper", "4")
    assert bob.created_at is not None and bob.created_at.minute == 2
    assert posts["27"].parent == "20" and posts["27"].author == "Cy"
    assert not any(n.reason == "dangling-parent" for n in thread.notes)
    assert thread.extraction is not None
    units = thread.extraction.units
    reported = next(u for u in units if u.text == "trams are cheaper")
    assert reported.post == "20" and reported.reason == "imported from AIF (Asserting)"
    assert (reported.start, reported.end) == (len("Ann said that "), len(bob.text))
    answer = next(n for n, u in enumerate(units) if u.post == "27")
    assert any(r.source == answer and units[r.target] is reported and r.kind == "attack"
               for r in thread.extraction.relations)


def test_aif_proposition_asserted_by_two_locutions_is_a_unit_of_each() -> None:
    """Cy says again what Ann said: a unit in each post, each with its own illocution; Cy's premise for it backs
    his assertion of it, Bob's attack (in no post asserting it) the first one; no relation is doubled."""
    doc = _doc()
    nodes, edges = doc["nodes"], doc["edges"]
    assert isinstance(nodes, list) and isinstance(edges, list)
    nodes += [{"nodeID": "40", "text": "Cy: yes, cars should go from the centre, the air is bad", "type": "L"},
              {"nodeID": "41", "text": "Restating", "type": "YA"},
              {"nodeID": "42", "text": "Asserting", "type": "YA"},
              {"nodeID": "43", "text": "the air is bad", "type": "I"},
              {"nodeID": "44", "text": "Default Inference", "type": "RA"},
              {"nodeID": "45", "text": "Default Transition", "type": "TA"}]
    edges += [{"fromID": a, "toID": b} for a, b in [
        ("40", "41"), ("41", "3"), ("40", "42"), ("42", "43"), ("43", "44"), ("44", "3"), ("4", "45"), ("45", "40")]]
    thread = aif.read(json.dumps(doc), source="debate.json")
    assert thread.extraction is not None
    units, relations = thread.extraction.units, thread.extraction.relations
    said = sorted((u.post, u.reason) for u in units if u.text.lower() == "cars should go from the centre")
    assert said == [("1", "imported from AIF (Asserting)"), ("40", "imported from AIF (Restating)")]
    ends = sorted((units[r.source].post, units[r.target].post, r.kind) for r in relations)
    assert ends == [("4", "1", "attack"), ("40", "40", "support"), ("9", "1", "support")]


def test_aif_transitions_of_a_reported_locution_belong_to_the_turn_reporting_it() -> None:
    """Transitions drawn to and from the reported locution instead of Bob's own: his turn still answers Bob's
    parent and Cy still answers him; locutions reporting each other (a slip) stay each a turn of its own."""
    doc = _reported_speech()
    edges = doc["edges"]
    assert isinstance(edges, list)
    moved = {("32", "20"): ("32", "22"), ("20", "28"): ("22", "28")}
    doc["edges"] = [{"fromID": a, "toID": b} for a, b in
                    (moved.get((e["fromID"], e["toID"]), (e["fromID"], e["toID"])) for e in edges)]
    posts = {p.external_id: p for p in aif.read(json.dumps(doc), source="debate.json").posts}
    assert posts["20"].parent == "4" and posts["27"].parent == "20" and "22" not in posts
    nodes, edges = doc["nodes"], doc["edges"]
    assert isinstance(nodes, list) and isinstance(edges, list)
    nodes.append({"nodeID": "50", "text": "Asserting", "type": "YA"})
    edges += [{"fromID": "22", "toID": "50"}, {"fromID": "50", "toID": "20"}]
    posts = {p.external_id: p for p in aif.read(json.dumps(doc), source="debate.json").posts}
    assert {"20", "22"} <= set(posts)


def test_aif_linked_argument_is_one_relation_per_premise_and_exports_convergent(tmp_path: Path) -> None:
    """As the README says: an RA node with two premises gives a support from each, and the AIF export writes each
    support as an RA node of its own."""
    nodes = [{"nodeID": "1", "text": "Ann: Trams are cheaper, they last longer and need fewer drivers", "type": "L"},
             {"nodeID": "2", "text": "Trams are cheaper", "type": "I"},
             {"nodeID": "3", "text": "they last longer", "type": "I"},
             {"nodeID": "4", "text": "need fewer drivers", "type": "I"},
             *({"nodeID": f"y{n}", "text": "Asserting", "type": "YA"} for n in (2, 3, 4)),
             {"nodeID": "8", "text": "Default Inference", "type": "RA"}]
    pairs = [("1", "y2"), ("y2", "2"), ("1", "y3"), ("y3", "3"), ("1", "y4"), ("y4", "4"), ("3", "8"), ("4", "8"),
             ("8", "2")]
    doc = {"nodes": nodes, "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(pairs)],
           "locutions": [{"nodeID": "1", "personID": 1}],
           "participants": [{"participantID": 1, "firstname": "Ann", "surname": ""}]}
    path = tmp_path / "linked.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    thread = read_path(path)
    assert thread.extraction is not None
    texts = [u.text for u in thread.extraction.units]
    assert sorted((texts[r.source], texts[r.target], r.kind) for r in thread.extraction.relations) == [
        ("need fewer drivers", "Trams are cheaper", "support"), ("they last longer", "Trams are cheaper", "support")]
    settings = Settings(db=str(tmp_path / "linked.db"))
    assert api.ingest([str(path)], settings=settings).ok
    exported = api.export(settings=settings, format="aif")
    assert isinstance(exported, str)
    assert [n["type"] for n in json.loads(exported)["nodes"]].count("RA") == 2


def test_aif_export_of_several_threads_keeps_their_order_through_ingest_and_eval(tmp_path: Path) -> None:
    """Three threads stored one after another: the export's order comes back after the AIF round trip (it came
    back reversed), and ``read_threads``, ``argmap ingest`` and ``argmap eval`` take them in the order stored."""
    from argmap.api.evaluation import load_maps

    first = Settings(db=str(tmp_path / "first.db"))
    for name in ("alpha", "beta", "gamma"):
        debate = tmp_path / f"{name}.txt"
        debate.write_text(f"Discussion Title: Should {name} town pave its lanes?\n\n1. {name.title()} should pave."
                          "\n1.1. Pro: Paved lanes flood less.\n1.2. Con: Paving costs a year's budget.\n",
                          encoding="utf-8")
        assert api.ingest([str(debate)], settings=first, format="kialo").ok
    stored = ["alpha", "beta", "gamma"]
    titles = [f"Should {name} town pave its lanes?" for name in stored]

    def order(settings: Settings) -> list[str]:
        doc = api.export(settings=settings)
        assert isinstance(doc, dict)
        return [t["title"] for t in doc["threads"]]

    assert order(first) == titles[::-1]  # newest first
    exported = api.export(settings=first, format="aif")
    assert isinstance(exported, str)
    assert [t["title"] for t in json.loads(exported)["argmap"]["threads"]] == titles  # as stored
    path = tmp_path / "three.json"
    path.write_text(exported, encoding="utf-8")
    assert [t.title for t in api.read_threads(path)] == titles
    assert [Path(g.name).name for g in load_maps(path)] == [f"three.json#{title}" for title in titles]
    second = Settings(db=str(tmp_path / "second.db"))
    report = api.ingest([str(path)], settings=second)
    assert report.ok and [t.title for t in report.threads] == titles
    assert order(second) == order(first)
    again = api.export(settings=second, format="aif")
    assert isinstance(again, str)
    assert json.loads(again)["argmap"]["threads"] == json.loads(exported)["argmap"]["threads"]


def test_aif_proposition_that_cites_a_link_has_it_as_evidence(tmp_path: Path) -> None:
    """Only Kialo maps had their cited sources read: an AIF proposition naming a link stored no evidence."""
    doc = _doc()
    nodes = doc["nodes"]
    assert isinstance(nodes, list)
    nodes[0]["text"] = "Ann: Cars should go from the centre, see https://example.org/air-report"
    nodes[2]["text"] = "Cars should go from the centre, see https://example.org/air-report"
    nodes[8]["text"] = "Air gets cleaner (doi:10.1000/air)"  # asserted by nobody: read from its own words
    path = tmp_path / "debate.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    thread = api.read_thread(path)
    assert thread.extraction is not None
    cited = {u.text[:12]: [e.source_key for e in u.evidence] for u in thread.extraction.units}
    assert cited == {"Cars should ": ["url:example.org/air-report"], "shops lose c": [],
                     "Air gets cle": ["doi:10.1000/air"]}
    # what the analyst's map holds is all there is: no figures or experiences are read as evidence
    assert {e.kind for u in thread.extraction.units for e in u.evidence} <= {"link", "citation"}
    settings = Settings(db=str(tmp_path / "m.db"))
    assert api.ingest(path, settings=settings).ok
    data = api.export(settings=settings, format="json")
    assert isinstance(data, dict)
    text_of = {u["id"]: u["text"][:12] for u in data["units"]}
    stored = sorted((text_of[e["unit"]], e["source"]) for e in data["evidence_items"])
    assert stored == [("Air gets cle", "doi:10.1000/air"), ("Cars should ", "url:example.org/air-report")]


def test_aif_a_node_id_given_twice_to_other_content_is_refused_an_exact_copy_is_not() -> None:
    """Two L-nodes with one id credited one speaker's words to the other, without a note."""
    doc = _doc()
    nodes = doc["nodes"]
    assert isinstance(nodes, list)
    copied = {**doc, "nodes": [*nodes, dict(nodes[0])]}
    plain = aif.read(json.dumps(doc), source="m.json")
    again = aif.read(json.dumps(copied), source="m.json")
    assert [(p.author, p.text) for p in again.posts] == [(p.author, p.text) for p in plain.posts]
    clash = {**doc, "nodes": [*nodes, {"nodeID": "1", "text": "Cy: Trams are cheap", "type": "L"}]}
    with pytest.raises(InputError, match=r"nodes\[10\] repeats nodeID '1' of an earlier node with other content"):
        aif.read(json.dumps(clash), source="m.json")


def test_aif_propositions_without_words_and_relations_to_themselves_are_noted() -> None:
    """An I-node with no words became a unit of '' spanning its locution, and an RA from a proposition to itself
    was dropped, both without a note."""
    doc = _doc()
    nodes, edges = doc["nodes"], doc["edges"]
    assert isinstance(nodes, list) and isinstance(edges, list)
    nodes += [{"nodeID": "11", "text": "", "type": "I"}, {"nodeID": "12", "text": "Asserting", "type": "YA"},
              {"nodeID": "13", "text": "Default Inference", "type": "RA"}]
    edges += [{"edgeID": 20, "fromID": "4", "toID": "12"}, {"edgeID": 21, "fromID": "12", "toID": "11"},
              {"edgeID": 22, "fromID": "6", "toID": "13"}, {"edgeID": 23, "fromID": "13", "toID": "6"}]
    thread = aif.read(json.dumps(doc), source="m.json")
    assert thread.extraction is not None and all(u.text for u in thread.extraction.units)
    notes = {n.reason: n.detail for n in thread.notes}
    assert notes["aif-empty-proposition"] == "1 I-node(s) with no words (11); no unit made"
    assert notes["aif-self-relation"].startswith("1 RA/CA/MA relation(s) from a proposition to itself")


def test_aif_a_proposition_that_supports_and_attacks_is_a_claim() -> None:
    """Only a proposition that only ever supports is a premise: one that also attacked was one, so it left the
    claims analyze calls unanswered."""
    doc = _doc()
    edges = doc["edges"]
    assert isinstance(edges, list)
    # "Air gets cleaner" (9) supports 3 through RA 10; it now also attacks 6 through a new CA.
    nodes = doc["nodes"]
    assert isinstance(nodes, list)
    nodes.append({"nodeID": "11", "text": "Default Conflict", "type": "CA"})
    edges += [{"edgeID": 30, "fromID": "9", "toID": "11"}, {"edgeID": 31, "fromID": "11", "toID": "6"}]
    thread = aif.read(json.dumps(doc), source="m.json")
    assert thread.extraction is not None
    assert {u.text: u.kind for u in thread.extraction.units}["Air gets cleaner"] == "claim"
    plain = aif.read(json.dumps(_doc()), source="m.json")
    assert plain.extraction is not None
    assert {u.text: u.kind for u in plain.extraction.units}["Air gets cleaner"] == "premise"


def test_aif_export_without_its_argmap_key_keeps_an_authorless_post_whole(tmp_path: Path) -> None:
    """OVA and AIFdb drop the ``argmap`` key. A post without author, whose locution names no person, then came back
    with "Note" as its author and "Note: " cut from its words: a speaker is read from the words only where the
    locution names a person the map does not (QT30)."""
    source = tmp_path / "note.txt"
    source.write_text("Cities should fund buses because buses cut traffic.\n"
                      "Note: buses are expensive to run, so the plan will fail.\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "first.db"))
    assert api.ingest([str(source)], settings=settings, extract=False).ok
    exported = json.loads(str(api.export(settings=settings, format="aif")))
    del exported["argmap"]

    thread = aif.read(json.dumps(exported), source="plain.json")

    assert [(p.author, p.text) for p in thread.posts] == [
        (None, "Cities should fund buses because buses cut traffic."),
        (None, "Note: buses are expensive to run, so the plan will fail.")]
    for loc in exported["locutions"]:  # and a locution of a person unnamed: the speaker is in the words
        loc["personID"] = 7
    named = aif.read(json.dumps(exported), source="plain.json")
    reply = named.posts[1]
    assert (reply.author, reply.text) == ("Note", "buses are expensive to run, so the plan will fail.")


def _two_rewordings() -> dict[str, object]:
    """Bob's one locution reworded by the analyst as two propositions, each attacking Ann's claim."""
    doc = _doc()
    doc["nodes"] += [{"nodeID": "20", "text": "parking near shops matters to drivers", "type": "I"},  # type: ignore[operator]
                     {"nodeID": "21", "text": "Asserting", "type": "YA"},
                     {"nodeID": "22", "text": "Default Conflict", "type": "CA"}]
    doc["edges"] += [{"edgeID": 30 + n, "fromID": a, "toID": b} for n, (a, b) in enumerate(  # type: ignore[operator]
        [("4", "21"), ("21", "20"), ("20", "22"), ("22", "3")])]
    return doc


def test_aif_two_propositions_reworded_from_one_locution_keep_offsets_into_it(tmp_path: Path) -> None:
    """The second of two propositions reworded from one locution had the span (len, len + n), past the end of
    the post, n counting the units before it: the JSON export gave offsets into no text, which eval --predicted
    refused in argmap's own export; the brat export marked the next post's first letter; and the map exported as
    AIF and ingested again gave that unit another span, hence another id. Now it has an empty span at the
    locution's end, the same again through AIF, and the brat export marks the locution, as for the first."""
    thread = aif.read(json.dumps(_two_rewordings()), source="debate.json")
    assert thread.extraction is not None
    posts = {p.external_id: p for p in thread.posts}
    bob = len(posts["4"].text)
    spans = {u.text: (u.post, u.start, u.end) for u in thread.extraction.units}
    assert spans["shops lose customers who drive"] == ("4", 0, bob)
    assert spans["parking near shops matters to drivers"] == ("4", bob, bob)
    (tmp_path / "debate.json").write_text(json.dumps(_two_rewordings()), encoding="utf-8")
    first, again = Settings(db=str(tmp_path / "a.db")), Settings(db=str(tmp_path / "b.db"))
    assert api.ingest(tmp_path / "debate.json", settings=first, extract=False).ok
    exported = api.export(settings=first)
    (tmp_path / "map.aif.json").write_text(api.export(settings=first, format="aif"), encoding="utf-8")
    assert api.ingest(tmp_path / "map.aif.json", settings=again, extract=False).ok
    back = api.export(settings=again)
    assert [(u["id"], u["start"], u["end"]) for u in back["units"]] == [
        (u["id"], u["start"], u["end"]) for u in exported["units"]]
    assert [r["id"] for r in back["relations"]] == [r["id"] for r in exported["relations"]]
    (tmp_path / "map.json").write_text(json.dumps(exported), encoding="utf-8")
    api.export_brat(tmp_path / "brat", settings=first)
    ann = next((tmp_path / "brat").glob("*.ann")).read_text(encoding="utf-8")
    assert ann.count("\tbut shops lose customers\n") == 2  # both rewordings mark the locution
    from tests.cli.conftest import Cli

    [scored] = Cli(tmp_path / "a.db").json("eval", str(tmp_path / "brat"), "--predicted", str(tmp_path / "map.json"))
    for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
        assert scored[metric]["f1"] == 1.0, metric
