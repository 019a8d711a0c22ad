"""``thread_graph``: the networkx graph of a thread read in memory (a notebook's way), with no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import api
from argmap.config import Settings
from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.errors import QueryError
from tests.render.conftest import KIALO, payload_aif


def _nodes_and_edges(graph: object) -> tuple[list[object], list[object]]:
    import networkx as nx

    assert isinstance(graph, nx.DiGraph)
    return sorted(graph.nodes(data=True)), sorted(graph.edges(data=True))


@pytest.mark.parametrize("name", ["cars.txt", "map.json"])
def test_thread_graph_is_the_graph_map_graph_gives_once_ingested(tmp_path: Path, db_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(KIALO if name.endswith(".txt") else json.dumps(payload_aif()), encoding="utf-8")
    thread = api.read_thread(path)
    in_memory = api.thread_graph(thread)  # a curated map: its own units and relations (topics as ingest gives them)
    assert not db_path.exists()
    settings = Settings(db=str(db_path))
    assert api.ingest(path, settings=settings).ok
    stored = api.map_graph(settings=settings)
    assert in_memory.number_of_edges() > 0
    assert _nodes_and_edges(in_memory) == _nodes_and_edges(stored)
    assert in_memory.graph["threads"] == stored.graph["threads"]


def test_thread_graph_takes_an_extraction_keeps_every_unit_and_filters_by_confidence() -> None:
    text = "Cities should ban cars. Traffic kills people. Thanks for reading!"
    thread = Thread(key="mine", format="test", source="test", posts=[Post("1", None, "ann", text)])
    units = [Unit("1", "claim", 0, 23, text[0:23], 0.9, "m", "r"), Unit("1", "premise", 24, 45, text[24:45], 0.8),
             Unit("1", "other", 46, len(text), text[46:])]
    relations = [Relation(1, 0, "support", 0.41, "rule/a", "first"), Relation(1, 0, "support", 0.7, "rule/b", "again")]
    graph = api.thread_graph(thread, Extraction(units, relations))
    claim, premise, other = (unit.id("mine") for unit in units)
    assert set(graph) == {claim, premise, other}  # the greeting stays, though nothing relates to it
    assert graph.nodes[premise]["author"] == "ann" and graph.nodes[premise]["post"] == thread.post_id("1")
    # two relations alike are one, the later, as the store keeps them
    assert graph.edges[premise, claim]["model"] == "rule/b" and graph.edges[premise, claim]["confidence"] == 0.7
    assert api.thread_graph(thread, Extraction(units, relations[:1]), min_confidence=0.5).number_of_edges() == 0
    with pytest.raises(QueryError, match="between 0 and 1"):
        api.thread_graph(thread, Extraction(units, relations), min_confidence=2)


def test_thread_graph_keeps_the_other_unit_that_map_graph_leaves_out(tmp_path: Path) -> None:
    """README, 'Python API': the same ids as map_graph, except that thread_graph keeps every unit, where
    map_graph, like the map, leaves out a unit of kind other that nothing relates to."""
    from argmap.store import repository
    from argmap.store.db import make_engine
    from tests.query.conftest import store

    text = "Cities should ban cars. Traffic kills people. Thanks for reading!"
    thread = Thread(key="mine", format="test", source="test", posts=[Post("1", None, "ann", text)])
    units = [Unit("1", "claim", 0, 23, text[0:23], 0.9, "m", "r"), Unit("1", "premise", 24, 45, text[24:45], 0.8),
             Unit("1", "other", 46, len(text), text[46:])]
    extraction = Extraction(units, [Relation(1, 0, "support", 0.7, "rule/a", "backs it")])
    path = tmp_path / "g.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    store(engine, thread, extraction)
    engine.dispose()
    claim, premise, other = (unit.id("mine") for unit in units)
    in_memory = api.thread_graph(thread, extraction)
    stored = api.map_graph(settings=Settings(db=str(path)))
    assert set(in_memory) == {claim, premise, other} and set(stored) == {claim, premise}
    assert list(in_memory.edges) == list(stored.edges) == [(premise, claim)]
