"""A map of one exchange (``render --authors``) and the hint for an unknown ``--author``, through the API."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap import api
from argmap.api.authors import closest_names, split_authors
from argmap.config import Settings
from argmap.errors import NotFound, QueryError
from tests.query.conftest import build, stored

# Three people on night buses: Ana Vale and bo argue with each other, cy with both of them; fay only thanks them.
BUSES = build("buses", "Night buses", [
    ("1", None, "Ana Vale", 1, [("claim", "Night buses should run every ten minutes.", ["night bus"]),
                                ("premise", "Shift workers have no other way home.", ["shift worker"])]),
    ("2", "1", "bo", 2, [("claim", "The city cannot pay drivers for empty night routes.", ["night route"])]),
    ("3", "2", "Ana Vale", 3, [("claim", "Empty routes fill once people trust the timetable.", ["timetable"])]),
    ("4", "1", "cy", 4, [("claim", "Cycle lanes would help more than buses.", ["cycle lane"])]),
    ("5", "4", "bo", 5, [("claim", "Nobody cycles home in winter at three in the morning.", ["winter"])]),
    ("6", "3", "cy", 6, [("claim", "Trust takes years that the budget does not have.", ["budget"])]),
    ("7", "1", "fay", 7, [("other", "Thanks for the thread.", [])]),  # nothing a map draws
], relations=[(1, 0, "support"), (2, 0, "attack"), (3, 2, "attack"), (4, 0, "attack"), (5, 4, "attack"),
              (6, 3, "attack")])
# Another thread, where only dee writes.
FERRIES = build("ferries", "Ferries", [
    ("1", None, "dee", 1, [("claim", "Ferries beat bridges for small islands.", ["ferry"])]),
])


def _unit(n: int) -> str:
    """The id of the n-th unit of BUSES (in the order written above)."""
    thread, extraction = BUSES
    return extraction.units[n].id(thread.key)


@pytest.fixture
def buses(tmp_path: Path) -> Settings:
    return stored(tmp_path / "buses.db", BUSES, FERRIES)


def test_exchange_map_holds_the_two_authors_units_and_the_relations_between_them(buses: Settings) -> None:
    graph = api.map_graph(settings=buses, thread="buses", authors="ana vale, BO")  # any case, spaces around
    # every unit of theirs, bo's answer to cy too (a relation to no one drawn), as a thread's map keeps such units
    assert set(graph.nodes) == {_unit(0), _unit(1), _unit(2), _unit(3), _unit(5)}
    assert set(graph.edges) == {(_unit(1), _unit(0)), (_unit(2), _unit(0)), (_unit(3), _unit(2))}
    assert {author for _, author in graph.nodes(data="author")} == {"Ana Vale", "bo"}  # no cy, not even as context
    # a list works as the string does, and a unit neither answers (bo's on cycling, cy's on trust) still stays
    other = api.map_graph(settings=buses, thread="buses", authors=["bo", "cy"])
    assert set(other.nodes) == {_unit(2), _unit(4), _unit(5), _unit(6)}
    assert set(other.edges) == {(_unit(5), _unit(4))}


def test_exchange_map_reaches_a_claims_hops_through_the_two_authors_units_only(buses: Settings) -> None:
    """Around Ana Vale's answer to bo, one relation away: bo's claim, not cy's attack on her answer."""
    near = api.map_graph(settings=buses, authors="Ana Vale,bo", claim=_unit(3), hops=1)
    assert set(near.nodes) == {_unit(3), _unit(2)}
    assert _unit(6) in api.map_graph(settings=buses, claim=_unit(3), hops=1)  # without --authors, cy's too
    wider = api.map_graph(settings=buses, authors="Ana Vale,bo", claim=_unit(3), hops=2)
    assert set(wider.nodes) == {_unit(3), _unit(2), _unit(0)}
    about = api.map_graph(settings=buses, authors="Ana Vale,bo", topic="night bus")
    assert set(about.nodes) == {_unit(0), _unit(1), _unit(2)}  # the topic's context among their units alone


def test_exchange_map_heading_says_whose_units_it_shows(buses: Settings) -> None:
    page = str(api.render_map(settings=buses, thread="buses", authors="ana vale,bo"))
    assert "5 units · 3 relations" in page
    assert "only the units by Ana Vale and bo, and the relations between them" in page  # names as stored
    three = str(api.render_map(settings=buses, thread="buses", authors="cy,bo,ana vale"))
    assert "only the units by cy, bo and Ana Vale, and the relations between them" in three
    view = api.show_map(settings=buses, thread="buses", authors=["bo"])
    assert "only the units by bo, and the relations between them" in view.html


@pytest.mark.parametrize(("authors", "words"), [
    ("ana,bob", ["nobody named 'ana' wrote in it (closest: 'Ana Vale')",
                 "nobody named 'bob' wrote in it (closest: 'bo')", "argmap analyze --thread t-"]),
    ("Ana Vale,dee", ["'dee' wrote in other threads, not in this one"]),
    ("bo,zzyzx", ["nobody named 'zzyzx' wrote in it, and no name is close"]),
])
def test_exchange_map_names_an_author_not_in_the_thread_with_the_closest_names(
        buses: Settings, authors: str, words: list[str]) -> None:
    with pytest.raises(NotFound) as raised:
        api.map_graph(settings=buses, thread="buses", authors=authors)
    message = str(raised.value)
    assert message.startswith("--authors names someone who is not among the authors of thread 'Night buses'")
    assert all(w in message for w in words), message


def test_exchange_map_refuses_what_cannot_be_drawn(buses: Settings) -> None:
    with pytest.raises(QueryError, match="--authors ' , ' names no one"):
        api.map_graph(settings=buses, authors=" , ")
    with pytest.raises(NotFound, match=r"is by 'cy', not by one of --authors 'Ana Vale, bo': give --claim a unit "
                                       r"of theirs .* or leave out --authors"):
        api.map_graph(settings=buses, authors="Ana Vale,bo", claim=_unit(4))
    with pytest.raises(NotFound, match="nobody named 'eve' wrote in any stored thread"):
        api.map_graph(settings=buses, authors="eve")
    with pytest.raises(NotFound, match="no post by fay in thread 'Night buses' holds an argument unit; leave out "
                                       "--authors"):
        api.map_graph(settings=buses, thread="buses", authors="FAY")
    with pytest.raises(NotFound, match="no unit by Ana Vale or bo of thread 'Night buses' is about 'ferry'"):
        api.map_graph(settings=buses, thread="buses", authors="Ana Vale,bo", topic="ferry")


def test_a_claims_map_on_a_topic_none_of_its_neighbours_is_about_says_so(buses: Settings) -> None:
    """``render --claim U --topic T`` said no unit is about T when units about T were only further away or in
    another thread; the error now says how near it looked, and the fixes."""
    assert api.map_graph(settings=buses, topic="ferry").number_of_nodes() == 1  # dee's ferry claim exists
    with pytest.raises(NotFound, match=rf"no unit within 1 relation of unit {_unit(3)} is about 'ferry'; give a "
                                       r"larger --hops, another --topic, or leave out --claim"):
        api.map_graph(settings=buses, claim=_unit(3), hops=1, topic="ferry")
    with pytest.raises(NotFound, match=rf"no unit by bo within 2 relations of unit {_unit(2)} is about 'ferry'"):
        api.map_graph(settings=buses, claim=_unit(2), topic="ferry", authors="bo")


def test_exchange_map_without_a_thread_draws_their_units_wherever_they_wrote(buses: Settings) -> None:
    graph = api.map_graph(settings=buses, authors="bo,dee")
    assert {thread for _, thread in graph.nodes(data="thread")} == {BUSES[0].id, FERRIES[0].id}
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 0  # bo answered cy, not dee


def test_find_author_tells_a_misspelt_name_from_a_stored_one(buses: Settings) -> None:
    found = api.find_author("ANA VALE", settings=buses)
    assert (found.stored, found.closest, found.thread) == ("Ana Vale", [], None)
    typo = api.find_author("ana vael", settings=buses)
    assert (typo.stored, typo.closest) == (None, ["Ana Vale"])
    # looked up in one thread, someone of another is unknown there
    there = api.find_author("dee", settings=buses, thread="buses")
    assert (there.stored, there.elsewhere, there.thread) == (None, "dee", BUSES[0].id)
    with pytest.raises(QueryError):
        api.find_author("  ", settings=buses)


def test_closest_names_holding_the_words_first_then_alike() -> None:
    names = ["Ana Vale 77", "Benjamin", "Benjamen", "Doc Jones", "doc"]
    assert closest_names("doc", names) == ["doc", "Doc Jones"]
    assert closest_names("vale", names) == ["Ana Vale 77"]
    assert closest_names("benjmin", names) == ["Benjamin", "Benjamen"]
    assert closest_names("zzz", names) == [] and closest_names(" ", names) == []


def test_split_authors_drops_blanks_and_resolving_drops_repeats_in_any_case(buses: Settings) -> None:
    assert split_authors("Ana Vale, bo,,ANA VALE") == ["Ana Vale", "bo", "ANA VALE"]
    assert split_authors(["bo", " cy "]) == ["bo", "cy"]
    data = api.export(settings=buses, thread="buses", authors="Ana Vale, bo,,ANA VALE")
    assert data["threads"][0]["key"].endswith("#authors=Ana Vale,bo")  # type: ignore[index]


def test_export_authors_gives_the_exchange_a_map_draws(buses: Settings) -> None:
    """A moderator pasting one exchange into a report, or a researcher taking it to another tool."""
    whole = api.export(settings=buses, thread="buses")
    data = api.export(settings=buses, thread="buses", authors="ana vale,BO")
    drawn = api.map_graph(settings=buses, thread="buses", authors="ana vale,BO")
    assert {u["id"] for u in data["units"]} == set(drawn.nodes)  # type: ignore[index, union-attr]
    kept = {(r["source"], r["target"]) for r in data["relations"]}  # type: ignore[index, union-attr]
    assert kept == set(drawn.edges)
    by_post = {p["id"]: p["author"] for p in data["posts"]}  # type: ignore[index, union-attr]
    assert {by_post[u["post"]] for u in data["units"]} == {"Ana Vale", "bo"}  # type: ignore[index, union-attr]
    [part] = data["threads"]  # type: ignore[index]
    assert part["key"] == whole["threads"][0]["key"] + "#authors=Ana Vale,bo"  # type: ignore[index]
    assert part["units"] == 5 and part["relations"] == 3  # the thread counts what is exported
    # on a topic too, and as the other formats
    assert "Night buses should run" in api.export(settings=buses, authors="bo,Ana Vale", format="markdown")
    with pytest.raises(NotFound, match="closest"):
        api.export(settings=buses, thread="buses", authors="Ana Vael")
    with pytest.raises(NotFound, match="about 'ferry'"):
        api.export(settings=buses, authors="bo", topic="ferry")
    with pytest.raises(QueryError, match="names no one"):
        api.export(settings=buses, authors=",")


def test_authors_finds_a_name_that_holds_a_comma(tmp_path: Path) -> None:
    """``--authors`` is cut at its commas, so an author named "O'Brien, Pat" (JSON Lines and AIF names may hold
    one) could not be chosen, and the error named that very name as the closest."""
    settings = stored(tmp_path / "commas.db", build("commas", "Commas", [
        ("1", None, "O'Brien, Pat", 1, [("claim", "Ferries beat bridges for small islands.", ["ferry"])]),
        ("2", "1", "bo", 2, [("claim", "Bridges never stop for storms.", ["bridge"])]),
        ("3", "2", "Pat", 3, [("claim", "Storms close bridges too.", ["storm"])]),
    ], relations=[(1, 0, "attack"), (2, 1, "attack")]))

    data = api.export(settings=settings, thread="commas", authors="o'brien,  pat,BO")

    by_post = {p["id"]: p["author"] for p in data["posts"]}  # type: ignore[index, union-attr]
    assert {by_post[u["post"]] for u in data["units"]} == {"O'Brien, Pat", "bo"}  # type: ignore[index, union-attr]
    both = api.export(settings=settings, thread="commas", authors="pat,bo")  # the pieces alone are no such name
    by_post = {p["id"]: p["author"] for p in both["posts"]}  # type: ignore[index, union-attr]
    assert {by_post[u["post"]] for u in both["units"]} == {"Pat", "bo"}  # type: ignore[index, union-attr]
    for typed in ("O'Brien, Pat,Pat", "Pat,O'Brien, Pat"):  # a piece of the name given again as a name of its own
        part = api.export(settings=settings, thread="commas", authors=typed)
        assert {p["author"] for p in part["posts"] if any(u["post"] == p["id"] for u in part["units"])} == {
            "O'Brien, Pat", "Pat"}, typed  # type: ignore[index, union-attr]
