"""The Kialo reader: the numbered pro/con tree as posts, units and relations, stored as given."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("text", ["Discussion Title: Nothing here\n", "Discussion Title: T\nloose words\n1. x\n"])
def test_kialo_refuses_text_without_a_tree(text: str) -> None:
    with pytest.raises(InputError, match=r"Discussion Title|numbered"):
        kialo.read(text, source="k.txt")
