"""Support and attack rules on hand-built units: no spaCy needed."""

from __future__ import annotations

import pytest

from argmap.domain import Post, Quote
from argmap.nlp.relations import DISTANCE_PENALTY, MAX_CLAIM_DISTANCE, UnitView, link_thread, stance


def _unit(index: int, post: str, kind: str, text: str, start: int, terms: set[str] | None = None) -> UnitView:
    return UnitView(index, post, kind, text, start, start + len(text), terms or set())


def test_relations_quoted_unit_is_attacked_by_question() -> None:
    parent_text = "Remote work is strictly better for everyone. Offices are relics."
    posts = [
        Post("p", None, None, parent_text),
        Post("r", "p", None, "Is that really true for new hires? They learn by watching.",
             quotes=[Quote("Remote work is strictly better for everyone.", "p", 0, 44, 0)]),
    ]
    units = [
        _unit(0, "p", "claim", "Remote work is strictly better for everyone.", 0),
        _unit(1, "p", "premise", "Offices are relics.", 45),
        _unit(2, "r", "claim", "Is that really true for new hires?", 0),
        _unit(3, "r", "premise", "They learn by watching.", 35),
    ]
    relations = link_thread(posts, units)
    answer = next(r for r in relations if r.source == 2)
    assert (answer.target, answer.kind) == (0, "attack")
    assert "reply quotes" in answer.reason and "question" in answer.reason


def test_relations_but_point_stands_supports_parent_main_claim() -> None:
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    units = [
        _unit(0, "p", "claim", "Cheap housing needs looser zoning rules.", 0, {"housing", "zoning"}),
        _unit(1, "p", "claim", "Austin built fast and stayed affordable.", 41, {"austin", "build", "affordable"}),
    ]
    # Other sentences of the thread make the shared words rare, as in a real discussion.
    units += [_unit(2 + i, "p", "premise", f"filler {i}", 90 + 10 * i, {f"filler{i}"}) for i in range(8)]
    units += [
        _unit(10, "r", "claim", "Austin did not stay affordable, it built fast anyway.", 0,
              {"austin", "build", "affordable"}),
        _unit(11, "r", "claim", "But the broader point stands.", 60, {"point", "stand"}),
    ]
    relations = {(r.source, r.target, r.kind) for r in link_thread(posts, units)}
    assert (10, 1, "attack") in relations
    assert (11, 0, "support") in relations


def test_relations_premise_backs_nearest_claim_then_chains() -> None:
    posts = [Post("p", None, None, "x")]
    kinds = ["claim"] + ["premise"] * (MAX_CLAIM_DISTANCE + 1)
    units = [_unit(i, "p", kind, f"sentence number {i}", i * 20) for i, kind in enumerate(kinds)]
    targets = {r.source: r.target for r in link_thread(posts, units)}
    assert targets[1] == 0
    assert targets[MAX_CLAIM_DISTANCE] == 0
    assert targets[MAX_CLAIM_DISTANCE + 1] == MAX_CLAIM_DISTANCE


def test_relations_premise_backs_unit_the_classifier_was_unsure_about() -> None:
    posts = [Post("p", None, None, "x")]
    texts = [("claim", 0.7, "Cities should close their centres to cars."),
             ("premise", 0.45, "Car-free streets are better for small shops."),
             ("premise", 0.1, "Sales in Ghent rose a fifth after its centre closed.")]
    units = [UnitView(i, "p", kind, text, i * 50, i * 50 + len(text), set(), score)
             for i, (kind, score, text) in enumerate(texts)]
    # The unsure "premise" next door (0.45 - 0.3) is more claim-like than the claim two back (0.7 - 0.6).
    assert 0.45 - DISTANCE_PENALTY > 0.7 - 2 * DISTANCE_PENALTY
    relations = {r.source: r for r in link_thread(posts, units)}
    assert relations[2].target == 1 and relations[2].kind == "support"
    assert "just before it" in relations[2].reason and "claim score 0.45" in relations[2].reason
    assert relations[1].target == 0 and "the claim just before it" in relations[1].reason


def test_relations_premise_opening_post_backs_claim_after_it() -> None:
    posts = [Post("p", None, None, "x")]
    units = [_unit(0, "p", "premise", "Rents doubled in ten years.", 0),
             _unit(1, "p", "claim", "The city must build more homes.", 28)]
    (relation,) = link_thread(posts, units)
    assert (relation.source, relation.target) == (0, 1) and "leads up to" in relation.reason


def test_relations_reply_without_quote_answers_main_claim_when_overlap_is_weak() -> None:
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    units = [
        _unit(0, "p", "claim", "Four-day weeks raise output.", 0, {"week", "output"}),
        _unit(1, "p", "premise", "Iceland tried it.", 30, {"iceland"}),
        _unit(2, "r", "claim", "That does not mean it scales.", 0, {"scale"}),
    ]
    answer = next(r for r in link_thread(posts, units) if r.source == 2)
    assert (answer.target, answer.kind) == (0, "attack")
    assert "main claim" in answer.reason


@pytest.mark.parametrize(("text", "kind"), [
    ("Yeah, that matches what I saw too.", "support"),
    ("Good point about the costs.", "support"),
    ("But the broader point stands.", "support"),
    ("That's not a fair point at all.", "attack"),
    ("I don't agree with the premise.", "attack"),
    ("How would that work for renters?", "attack"),
    ("That may be true, and it changes the picture.", "support"),
    ("I entirely agree that the rules are too complex.", "support"),
    ("Fair enough.", "support"),
    # a delta marks a changed view wherever it stands, also written as an HTML entity
    ("∆\nYou showed me the costs fall on renters.", "support"),
    ("&#8710;\n\nThat settles it for me.", "support"),
    ("Edit: !delta for the renters argument.", "support"),
    ("That may be true for owners, but renters pay more.", "attack"),
])
def test_relations_stance_cues(text: str, kind: str) -> None:
    assert stance(text)[0] == kind


@pytest.mark.slow
def test_relations_sample_thread_keeps_its_answers() -> None:
    from argmap.nlp.extract import Extractor
    from argmap.sources import plaintext
    from tests.conftest import CORPORA

    path = CORPORA / "hn-open-models.txt"
    thread = plaintext.read(path.read_text(encoding="utf-8"), source=str(path))
    extraction = Extractor.load().extract(thread)
    units = extraction.units

    def find(prefix: str) -> int:
        return next(i for i, u in enumerate(units) if u.text.startswith(prefix))

    links = {(r.source, r.target): r for r in extraction.relations}
    main = find("Open source 'winning' just means")
    assert links[(find("Is this really true?"), main)].kind == "attack"
    assert (find("For all theory purposes"), find("We just don't know")) in links
    assert links[(find("The Gemma models are tiny"), find("I mean, we're essentially there"))].kind == "attack"
    assert links[(find("But the broader point stands"), main)].kind == "support"
    assert units[find("I went from Cursor")].kind == "premise"
    assert all(r.reason and 0 < r.confidence <= 1 for r in extraction.relations)
