"""The Kialo reader: the numbered pro/con tree as posts, units and relations, stored as given."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap import read_thread
from argmap.errors import InputError
from argmap.sources import kialo
from argmap.sources.registry import sniff_format
from tests.render.conftest import KIALO


def test_kialo_sniffs_before_plain_text() -> None:
    assert kialo.sniff(KIALO) and sniff_format(KIALO, "cars.txt") == "kialo"
    untitled = "1. Thesis\n1.1. Pro: one\n1.2. Con: two\n"
    assert sniff_format(untitled, "x.txt") == "kialo"
    assert sniff_format("Remote work is great.\n> Remote work is great.\nNo it is not.\n", "t.txt") == "text"


def test_kialo_reads_the_tree_with_stances_and_links() -> None:
    thread = kialo.read(KIALO, source="cars.txt")
    assert thread.title == "Should cities ban cars from their centres?" and thread.format == "kialo"
    posts = {p.external_id: p for p in thread.posts}
    assert sorted(posts) == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.2"]  # the link makes no post
    assert posts["1.1.1"].parent == "1.1" and posts["1"].parent is None
    assert posts["1.1.1"].text == "Deliveries still need vans, which pollute as much as cars."
    assert thread.extraction is not None
    units = {u.post: u for u in thread.extraction.units}
    assert units["1"].kind == "claim" and units["1.1"].kind == "claim" and units["1.1.2"].kind == "premise"
    assert units["1.1.1"].kind == "premise"  # nothing answers it, though it answers two claims
    assert all(u.text == posts[u.post].text[u.start:u.end] for u in thread.extraction.units)
    posts_of = [u.post for u in thread.extraction.units]
    rels = sorted((posts_of[r.source], posts_of[r.target], r.kind) for r in thread.extraction.relations)
    assert rels == [("1.1", "1", "support"), ("1.1.1", "1.1", "attack"), ("1.1.1", "1.2", "attack"),
                    ("1.1.2", "1.1", "support"), ("1.2", "1", "attack"), ("1.2.2", "1.2", "support")]
    assert all(r.confidence == 1 and r.model == "import.kialo" for r in thread.extraction.relations)


def test_kialo_continuation_lines_join_the_claim_before() -> None:
    thread = kialo.read("Discussion Title: T\n\n1. Thesis\n1.1. Con: first line\nsecond line\n", source="t.txt")
    assert thread.posts[1].text == "first line\nsecond line"


def test_kialo_a_numbered_list_inside_a_claim_is_its_text_not_claims() -> None:
    text = ("Discussion Title: Cars\n\n1. Ban cars in city centres.\n1.1. Pro: Two things get better:\n"
            "1. cost\n2. safety\n3. air\n1.2. Con: Deliveries get harder.\n")
    thread = kialo.read(text, source="cars.txt")
    assert [p.external_id for p in thread.posts] == ["1", "1.1", "1.2"]
    assert thread.posts[1].text == "Two things get better:\n1. cost\n2. safety\n3. air"
    assert not any(n.reason == "duplicate-id" for n in thread.notes)
    assert thread.extraction is not None
    assert [u.kind for u in thread.extraction.units] == ["claim", "premise", "premise"]


@pytest.mark.parametrize("text", ["Discussion Title: Nothing here\n", "Discussion Title: T\nloose words\n1. x\n"])
def test_kialo_refuses_text_without_a_tree(text: str) -> None:
    with pytest.raises(InputError, match=r"Discussion Title|numbered"):
        kialo.read(text, source="k.txt")


KIALO_SOURCES = """Discussion Title: Should cities ban cars from their centres?

1. Cities should ban cars from their centres.
1.1. Pro: Air quality improves where cars are banned.[1]
1.2. Con: Shops lose customers who drive.[2]
1.2.1. Con: -> See 1.1.

Sources:
[1] https://example.org/air-quality
[2] doi:10.1000/shops
[3] a source no claim cites
"""


def test_issue5_kialo_sources_block_is_no_part_of_the_last_claim() -> None:
    thread = kialo.read(KIALO_SOURCES, source="cars.txt")
    posts = {p.external_id: p for p in thread.posts}
    assert posts["1.2"].text == "Shops lose customers who drive.[2]\n\n[2] doi:10.1000/shops"
    assert posts["1.1"].text.endswith("\n\n[1] https://example.org/air-quality")
    assert thread.extraction is not None
    units = {u.post: u for u in thread.extraction.units}
    assert units["1.2"].text == "Shops lose customers who drive.[2]"  # the unit is the claim's words only
    assert all(u.text == posts[u.post].text[u.start:u.end] for u in thread.extraction.units)
    assert [(n.reason, n.post) for n in thread.notes] == [("uncited-source", "3")]


def test_issue5_kialo_sources_block_after_each_claim() -> None:
    text = ("Discussion Title: T\n1. Thesis [1] here.\nSources:\n[1] https://a.example/one\n"
            "1.1. Con: Second [1] claim.\nSources:\n[1] https://b.example/\ntwo\n")
    posts = {p.external_id: p.text for p in kialo.read(text, source="t.txt").posts}
    assert posts == {"1": "Thesis [1] here.\n\n[1] https://a.example/one",
                     "1.1": "Second [1] claim.\n\n[1] https://b.example/ two"}


def test_issue5_kialo_claim_under_a_missing_parent_is_a_note() -> None:
    thread = kialo.read("Discussion Title: T\n1. Thesis\n1.3.4. Pro: lost\n", source="t.txt")
    assert [(n.reason, n.post) for n in thread.notes] == [("missing-parent", "1.3.4")]


def test_issue5_kialo_footnotes_become_evidence_sources(tmp_path: Path) -> None:
    path = tmp_path / "cars.txt"
    path.write_text(KIALO_SOURCES, encoding="utf-8")
    thread = read_thread(path)
    assert thread.extraction is not None
    sources = {u.post: [e.source_key for e in u.evidence] for u in thread.extraction.units}
    assert sources == {"1": [], "1.1": ["url:example.org/air-quality"], "1.2": ["doi:10.1000/shops"]}


def test_kialo_a_line_opening_with_a_decimal_goes_on_with_the_claim() -> None:
    """"4.2 million deaths ..." was read as a thesis "4." with the words "2 million deaths ...", and the claim it
    goes on from lost its second line."""
    thread = kialo.read("Discussion Title: Air\n\n1. Cities should ban cars.\n1.1. Pro: Air pollution kills.\n"
                        "4.2 million deaths a year are blamed on it.\n1.2. Con: Shops lose customers.\n",
                        source="k.txt")
    assert [(p.external_id, p.text) for p in thread.posts] == [
        ("1", "Cities should ban cars."), ("1.1", "Air pollution kills.\n4.2 million deaths a year are blamed on it."),
        ("1.2", "Shops lose customers.")]


def test_kialo_links_that_draw_no_relation_are_noted() -> None:
    """A link without Pro: or Con:, and one under the claim it links, drew nothing and said nothing."""
    thread = kialo.read("1. Cities should ban cars.\n1.1. Pro: Air improves.\n1.2. Con: Shops lose.\n"
                        "1.2.1. -> See 1.1.\n1.2.2. Pro: -> See 1.2.\n1.1.1. Con: -> See 1.2.\n", source="k.txt")
    assert thread.extraction is not None
    assert [n.reason for n in thread.notes] == ["link-without-stance", "self-link"]
    linked = [r for r in thread.extraction.relations if "linked" in r.reason]
    assert [(thread.extraction.units[r.source].post, thread.extraction.units[r.target].post, r.kind)
            for r in linked] == [("1.2", "1.1", "attack")]
