"""Support and attack rules on hand-built units: no spaCy needed."""

from __future__ import annotations

import pytest

from argmap.domain import Post, Quote, Relation, assumed_attack
from argmap.nlp.relations import (
    DISTANCE_PENALTY,
    FOLLOW_ON_CONFIDENCE,
    MAIN_CLAIM_DECAY,
    MAX_CLAIM_DISTANCE,
    MIN_BACKED_CLAIMNESS,
    MODEL,
    OPENING_BACKED_CONFIDENCE,
    QUOTE_ANSWER_LEAD,
    QUOTE_ANSWER_UNITS,
    RULES,
    SHORT_QUESTION_WORDS,
    TARGET_CERTAINTY,
    UnitView,
    backing_confidence,
    link_thread,
    rule_model,
    stance,
)
from argmap.nlp.stance import CHALLENGE_CUE, NO_CUE


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
    assert answer.model == rule_model("quote") == f"{MODEL}/quote"


def test_relations_quote_found_with_words_changed_says_so() -> None:
    # before: a quote located only through a few changed words read in the reason as if it were word for word
    parent_text = "Remote work is strictly better for everyone. Offices are relics."
    reply = "Is that really true for new hires? They learn by watching."
    for edited, said in ((True, True), (False, False)):
        quote = Quote("Remote work is strictly beter for every one.", "p", 0, 44, 0, edited=edited)
        posts = [Post("p", None, None, parent_text), Post("r", "p", None, reply, quotes=[quote])]
        units = [_unit(0, "p", "claim", "Remote work is strictly better for everyone.", 0),
                 _unit(1, "r", "claim", "Is that really true for new hires?", 0)]
        (answer,) = link_thread(posts, units)
        assert answer.model == rule_model("quote")
        assert ("(found with a few words changed)" in answer.reason) is said, answer.reason


def _quote_reply(answer: list[str]) -> tuple[list[Post], list[UnitView]]:
    """A parent of two claims and a reply that quotes the second, then answers it in ``answer``'s sentences."""
    parent_text = "Trains beat planes under 500 km. Night trains should get public money."
    reply_text = " ".join(answer)
    posts = [
        Post("p", None, None, parent_text),
        Post("r", "p", None, reply_text,
             quotes=[Quote("Night trains should get public money.", "p", 33, 70, 0)]),
    ]
    units = [_unit(0, "p", "claim", "Trains beat planes under 500 km.", 0),
             _unit(1, "p", "claim", "Night trains should get public money.", 33)]
    start = 0
    for i, sentence in enumerate(answer):
        units.append(_unit(2 + i, "r", "claim" if i == 0 else "premise", sentence, start))
        start += len(sentence) + 1
    return posts, units


def test_relations_every_unit_of_a_short_answer_to_a_quote_answers_it() -> None:
    posts, units = _quote_reply(["No, they lose money on every route.", "Sleeper cars carry few people.",
                                 "Subsidies would never end."])
    across = {r.source: r for r in link_thread(posts, units) if units[r.source].post != units[r.target].post}
    assert {source: (r.target, r.kind) for source, r in across.items()} == {
        2: (1, "attack"), 3: (1, "attack"), 4: (1, "attack")}
    assert "reply quotes" in across[2].reason and "goes on answering the quote" in across[3].reason
    assert "the answer's first unit disagrees" in across[3].reason  # the stance it takes over, not its own words
    assert [across[i].model for i in (2, 3, 4)] == [rule_model("quote")] + [rule_model("quote-answer")] * 2
    # the quoted unit is named by the quote; the further units only go on answering it
    assert across[2].confidence > across[3].confidence == across[4].confidence


@pytest.mark.parametrize(("opening", "kind"), [("Agreed.", "support"), ("Exactly!", "support"), ("No.", "attack")])
def test_relations_a_line_left_out_before_the_answer_to_a_quote_sets_its_stance(opening: str, kind: str) -> None:
    # "Agreed." is no unit of its own (too short to argue), yet it says how the unit after it answers the quote
    posts, units = _quote_reply([opening, "The sleeper cars are full every night."])
    del units[2]
    units = [UnitView(i, u.post, u.kind, u.text, u.start, u.end, u.terms) for i, u in enumerate(units)]
    answer = next(r for r in link_thread(posts, units) if r.source == 2)
    assert (answer.target, answer.kind) == (1, kind)
    assert "without agreeing" not in answer.reason


def test_relations_a_line_before_the_answer_with_no_cue_leaves_the_answer_its_own() -> None:
    posts, units = _quote_reply(["Therapy.", "I like that."])
    del units[2]
    units = [UnitView(i, u.post, u.kind, u.text, u.start, u.end, u.terms) for i, u in enumerate(units)]
    answer = next(r for r in link_thread(posts, units) if r.source == 2)
    assert answer.kind == "support" and "i like that" in answer.reason


def test_relations_only_the_lead_of_a_long_answer_answers_the_quote() -> None:
    answer = ["No, they lose money on every route."] + [f"Point number {i} follows here." for i in
                                                       range(QUOTE_ANSWER_UNITS)]
    posts, units = _quote_reply(answer)
    across = [(r.source, r.target, r.kind) for r in link_thread(posts, units)
              if units[r.source].post != units[r.target].post]
    assert QUOTE_ANSWER_LEAD == 2
    assert across == [(2, 1, "attack"), (3, 1, "attack")]  # the first two of the answer's seven units


@pytest.mark.parametrize(("quote", "start", "end", "answered"), [
    ("Trains beat planes under 500 km. Night trains should get public money.", 0, 70, {0, 1}),
    # the second sentence only in part: the answer takes on the sentence it quotes most of
    ("Trains beat planes under 500 km. Night trains", 0, 45, {0}),
])
def test_relations_a_quote_of_several_whole_units_is_answered_in_each(quote: str, start: int, end: int,
                                                                      answered: set[int]) -> None:
    parent_text = "Trains beat planes under 500 km. Night trains should get public money."
    posts = [Post("p", None, None, parent_text),
             Post("r", "p", None, "No, both are wrong.", quotes=[Quote(quote, "p", start, end, 0)])]
    units = [_unit(0, "p", "claim", "Trains beat planes under 500 km.", 0),
             _unit(1, "p", "claim", "Night trains should get public money.", 33),
             _unit(2, "r", "claim", "No, both are wrong.", 0)]
    answers = {r.target: r for r in link_thread(posts, units) if r.source == 2}
    assert set(answers) == answered
    assert {r.kind for r in answers.values()} == {"attack"}
    if answered == {0, 1}:  # the longer sentence is the quoted one; the other is held whole as well
        assert "holds 'Trains beat planes under 500 km.' whole" in answers[0].reason
        assert (answers[0].model, answers[1].model) == (rule_model("quote-whole"), rule_model("quote"))


def test_relations_an_answer_of_the_short_length_answers_the_quote_whole() -> None:
    answer = ["No, they lose money on every route."] + [f"Point number {i} follows here." for i in
                                                       range(QUOTE_ANSWER_UNITS - 1)]
    posts, units = _quote_reply(answer)
    sources = [r.source for r in link_thread(posts, units) if units[r.source].post != units[r.target].post]
    assert sources == list(range(2, 2 + QUOTE_ANSWER_UNITS))


def test_relations_reply_opening_before_its_first_quote_answers_the_parent() -> None:
    parent_text = "Trains beat planes under 500 km. Night trains should get public money."
    reply_text = "Fair enough. Sleeper cars carry few people."
    posts = [
        Post("p", None, None, parent_text),
        Post("r", "p", None, reply_text, quotes=[Quote("Night trains should get public money.", "p", 33, 70, 13)]),
    ]
    units = [_unit(0, "p", "claim", "Trains beat planes under 500 km.", 0),
             _unit(1, "p", "claim", "Night trains should get public money.", 33),
             _unit(2, "r", "claim", "Fair enough.", 0),
             _unit(3, "r", "claim", "Sleeper cars carry few people.", 13)]
    relations = {r.source: r for r in link_thread(posts, units)}
    assert (relations[2].target, relations[2].kind) == (0, "support")
    assert "opens by answering its parent" in relations[2].reason and relations[2].model == rule_model("opener-main")
    assert (relations[3].target, relations[3].kind) == (1, "attack")


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
    relations = {(r.source, r.target, r.kind): r.model for r in link_thread(posts, units)}
    assert relations[(10, 1, "attack")] == rule_model("opener-words")
    assert relations[(11, 0, "support")] == rule_model("concession")


def test_relations_premise_backs_nearest_claim_and_never_chains_to_a_premise() -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post: the window rule
    kinds = ["claim"] + ["premise"] * (MAX_CLAIM_DISTANCE + 1)
    units = [_unit(i, "p", kind, f"sentence number {i}", i * 20) for i, kind in enumerate(kinds)]
    relations = link_thread(posts, units)
    targets = {r.source: r.target for r in relations}
    assert {r.model for r in relations} == {rule_model("backs")}
    assert targets[1] == 0
    assert targets[MAX_CLAIM_DISTANCE] == 0
    # the last premise has no claim within reach: it backs nothing rather than the premise before it
    assert MAX_CLAIM_DISTANCE + 1 not in targets


def test_relations_premise_backs_only_a_unit_claim_like_enough() -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post: the window rule
    texts = [("premise", 0.30, "Most commuters drive alone."),
             ("premise", 0.05, "Buses run empty at noon.")]

    def backed(score: float) -> dict[int, int]:
        units = [UnitView(0, "p", "premise", texts[0][2], 0, 27, set(), score),
                 UnitView(1, "p", "premise", texts[1][2], 30, 54, set(), texts[1][1])]
        return {r.source: r.target for r in link_thread(posts, units)}

    # a premise the classifier is sure of is no point to back: a chain of reasons is seldom what annotators draw
    assert backed(MIN_BACKED_CLAIMNESS - 0.01) == {}
    # one it was unsure about still can be the point a reason backs
    assert backed(MIN_BACKED_CLAIMNESS + 0.01) == {1: 0}


def test_relations_premise_backs_unit_the_classifier_was_unsure_about() -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post: the window rule
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
    # the more claim-like the unit backed, the surer the support
    assert (relations[1].confidence, relations[2].confidence) == (0.56, 0.48) == (
        backing_confidence(units[0]), backing_confidence(units[1]))


@pytest.mark.parametrize("opening", ["And", "Also,", "Secondly,", "What's more,", "On top of that,"])
def test_relations_a_further_reason_backs_the_nearest_claim_before_it(opening: str) -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post: the window rule
    texts = [("claim", 0.9, "Cities should close their centres to cars."),
             ("premise", 0.1, "Air gets cleaner when fewer cars idle in traffic."),
             ("premise", 0.4, "Asthma cases in Ghent fell after its centre closed."),
             ("premise", 0.1, "Most of the traffic is only passing through."),
             ("premise", 0.1, f"{opening} shops sell more on streets without cars.")]
    units = [UnitView(i, "p", kind, text, i * 60, i * 60 + len(text), (), score)
             for i, (kind, score, text) in enumerate(texts)]
    relations = {r.source: r for r in link_thread(posts, units)}
    # the window would chain it to the unsure premise two units back; a further reason argues for the claim
    further = relations[4]
    assert (further.target, further.kind, further.model) == (0, "support", rule_model("further-reason"))
    assert "4 units before it" in further.reason and "further reason" in further.reason
    assert further.confidence == backing_confidence(units[0])
    assert relations[3].model == rule_model("backs") and relations[3].target == 2


def test_relations_a_further_reason_passes_over_a_granted_claim_and_needs_a_claim_before_it() -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post: the window rule
    units = [_unit(0, "p", "claim", "Buses should be free.", 0),
             _unit(1, "p", "claim", "Of course fares pay for some of the service.", 22),
             _unit(2, "p", "claim", "But the city pays for most of it anyway.", 68),
             _unit(3, "p", "premise", "And collecting fares costs money too.", 110)]
    relations = {(r.source, r.target): r for r in link_thread(posts, units)}
    assert relations[(3, 2)].model == rule_model("further-reason")
    # a claim granted only to be turned against is not the point a further reason argues for
    granted = [_unit(0, "p", "claim", "Of course fares pay for some of the service.", 0),
               _unit(1, "p", "premise", "But the city pays for most of it anyway.", 46),
               _unit(2, "p", "premise", "And collecting fares costs money too.", 88)]
    assert all(r.model != rule_model("further-reason") for r in link_thread(posts, granted))
    # with no claim before it, the window decides as for any premise
    alone = [_unit(0, "p", "premise", "Fares pay for little.", 0), _unit(1, "p", "premise", "And they cost a lot.", 22)]
    assert all(r.model != rule_model("further-reason") for r in link_thread(posts, alone))


@pytest.mark.parametrize("opening", ["And", "Also,", "So", "Therefore,", "That's why"])
def test_relations_a_claim_that_follows_on_supports_the_nearest_claim_before_it(opening: str) -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post
    units = [_unit(0, "p", "claim", "Buses should be free.", 0),
             _unit(1, "p", "premise", "Fares cost more to collect than they bring in.", 22),
             _unit(2, "p", "premise", "Drivers lose time checking tickets.", 70),
             _unit(3, "p", "claim", f"{opening} the city would lose nothing by it.", 107)]
    relations = {r.source: r for r in link_thread(posts, units)}
    follow = relations[3]
    assert (follow.target, follow.kind, follow.model) == (0, "support", rule_model("follow-on"))
    assert follow.confidence == FOLLOW_ON_CONFIDENCE < backing_confidence(units[0])
    assert "follows on" in follow.reason and "3 units before it" in follow.reason
    assert "Buses should be free." in follow.reason
    # the premises between still back the claim as before
    assert relations[1].model == rule_model("backs") and relations[1].target == 0


def test_relations_a_claim_follows_on_only_with_a_cue_in_a_discussion_and_never_from_a_granted_point() -> None:
    discussion = [Post("p", None, None, "x"), Post("q", "p", None, "y")]
    plain = [_unit(0, "p", "claim", "Buses should be free.", 0),
             _unit(1, "p", "claim", "The city would lose nothing by it.", 22)]
    # no cue: a later claim that starts a new point relates to nothing here
    later = [plain[0], _unit(1, "p", "premise", "Fares pay for little.", 22),
             _unit(2, "p", "claim", "The city would lose nothing by it.", 44)]
    assert [r.model for r in link_thread(discussion, later)] == [rule_model("backs")]
    # "So many ..." and "Sorry" are no conclusion; neither is a claim with no claim before it
    for text in ("So many people ride them.", "Sorry, the city would lose nothing."):
        units = [plain[0], _unit(1, "p", "claim", text, 22)]
        assert all(r.model != rule_model("follow-on") for r in link_thread(discussion, units))
    alone = [_unit(0, "p", "premise", "Fares pay for little.", 0),
             _unit(1, "p", "claim", "So buses should be free.", 22)]
    assert all(r.model != rule_model("follow-on") for r in link_thread(discussion, alone))
    # the nearest claim the post grants only to turn against is passed over
    granted = [_unit(0, "p", "claim", "Buses should be free.", 0),
               _unit(1, "p", "claim", "Of course fares pay for some of the service.", 22),
               _unit(2, "p", "claim", "But the city pays for most of it anyway.", 68),
               _unit(3, "p", "claim", "So the city would lose little.", 110)]
    relations = {(r.source, r.target): r for r in link_thread(discussion, granted)}
    assert relations[(3, 2)].model == rule_model("follow-on") and (3, 1) not in relations
    # a text that stands alone: its later claims support its main claim, as before
    (main,) = link_thread([Post("p", None, None, "x")], [plain[0], _unit(1, "p", "claim", "So it pays.", 22)])
    assert main.model == rule_model("main-claim")


def test_relations_premise_opening_post_backs_claim_after_it() -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion's opening post: the window rule
    units = [_unit(0, "p", "premise", "Rents doubled in ten years.", 0),
             _unit(1, "p", "claim", "The city must build more homes.", 28)]
    (relation,) = link_thread(posts, units)
    assert (relation.source, relation.target) == (0, 1) and "leads up to" in relation.reason
    assert relation.model == rule_model("leads-up")
    # it leads up to the point the post turns to, not to the one it grants only to turn against
    granted = [_unit(0, "p", "premise", "I saw no change in my own work.", 0),
               _unit(1, "p", "claim", "Of course the new model is better.", 32),
               _unit(2, "p", "claim", "But the gains are already shrinking.", 67)]
    backing = [r for r in link_thread(posts, granted) if r.model == rule_model("leads-up")]
    assert [(r.source, r.target, r.kind) for r in backing] == [(0, 2, "support")]
    # a question asks; it gives no reason for the claim after it
    asked = [_unit(0, "p", "premise", "What about the teachers?", 0), units[1]]
    assert link_thread(posts, asked) == []


def test_relations_reply_without_quote_answers_main_claim_when_overlap_is_weak() -> None:
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    units = [
        _unit(0, "p", "claim", "Four-day weeks raise output.", 0, {"week", "output"}),
        _unit(1, "p", "premise", "Iceland tried it.", 30, {"iceland"}),
        _unit(2, "r", "claim", "That does not mean it scales.", 0, {"scale"}),
    ]
    answer = next(r for r in link_thread(posts, units) if r.source == 2)
    assert (answer.target, answer.kind) == (0, "attack")
    assert "main claim" in answer.reason and answer.model == rule_model("opener-main")
    # a fallback target: half as sure as the stance itself ("answers without agreeing", 0.55)
    assert answer.confidence == pytest.approx(stance("That does not mean it scales.")[1] * 0.5)
    assert TARGET_CERTAINTY["opener-main"] == 0.5


def test_relations_the_parents_main_claim_is_its_most_claim_like_unit_near_the_top() -> None:
    """The parent's first claim was its main claim, even a question the classifier barely called one ("How so?"),
    while the post's point, one unit later, scored far higher."""
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]

    def parent(scores: tuple[float, float, float]) -> list[UnitView]:
        texts = ("How so?", "Four-day weeks raise output.", "Iceland tried it.")
        return [UnitView(i, "p", "claim" if score >= 0.5 else "premise", text, 30 * i, 30 * i + len(text),
                         (), score) for i, (text, score) in enumerate(zip(texts, scores, strict=True))]

    reply = UnitView(3, "r", "claim", "That does not mean it scales.", 0, 29, ("scale",), 0.9)
    for scores, main in (((0.55, 0.95, 0.2), 1),  # the point, a place further in, scores far higher
                         ((0.9, 0.95, 0.2), 0),  # barely higher: the first unit stays the main claim
                         ((0.45, 0.3, 0.95), 2)):  # a premise-like top, the claim further in
        answer = next(r for r in link_thread(posts, [*parent(scores), reply]) if r.source == 3)
        assert answer.target == main and answer.model == rule_model("opener-main")
    assert MAIN_CLAIM_DECAY == 0.08
    # with sure kinds (no claim scores) the first claim, as before
    units = [_unit(0, "p", "premise", "Iceland tried it.", 0), _unit(1, "p", "claim", "Weeks should be short.", 20),
             _unit(2, "r", "claim", "That does not mean it scales.", 0, {"scale"})]
    assert next(r for r in link_thread(posts, units) if r.source == 2).target == 1


def test_relations_the_parents_main_claim_is_not_a_point_it_grants_only_to_turn_against() -> None:
    """"Of course X, but Y": a reply with no words in common with either, and a concession, take on Y."""
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    parent = [UnitView(0, "p", "claim", "Of course the new model is better.", 0, 34, ("model",), 0.95),
              UnitView(1, "p", "claim", "But the gains are already shrinking.", 35, 71, ("gain", "shrink"), 0.8)]
    reply = [UnitView(2, "r", "claim", "That is hard to believe.", 0, 24, ("believe",), 0.9),
             UnitView(3, "r", "claim", "But the broader point stands.", 25, 54, ("point",), 0.7)]
    relations = link_thread(posts, [*parent, *reply])
    assert [(r.source, r.target, r.kind) for r in relations if r.source in (2, 3)] == [
        (2, 1, "attack"), (3, 1, "support")]


@pytest.mark.parametrize(("reply", "kind"), [("Ferries carry more freight than ever.", None),
                                             ("Is there a map of the busiest routes anywhere?", None),
                                             ("No, the headline gets the numbers wrong.", "attack"),
                                             ("Agreed, the port has never been busier.", "support")])
def test_relations_a_comment_on_a_shared_links_headline_disputes_it_only_when_it_says_so(reply: str,
                                                                                       kind: str | None) -> None:
    # A link shared with its title alone: comments discuss the news rather than rebut the headline.
    headline = "Harbour traffic hits a record high"
    posts = [Post("p", None, None, headline, title=headline), Post("r", "p", None, reply)]
    units = [_unit(0, "p", "claim", headline, 0, {"harbour", "traffic", "record"}),
             _unit(1, "r", "claim", reply, 0, {"ferry", "freight"})]
    found = [(r.target, r.kind) for r in link_thread(posts, units) if r.source == 1]
    assert found == ([] if kind is None else [(0, kind)])
    # The same title over a body the author argues: an answer without a cue still reads as disagreeing with it.
    argued = f"{headline}\n\nThe numbers prove it."
    posts[0] = Post("p", None, None, argued, title=headline)
    units.insert(1, _unit(1, "p", "premise", "The numbers prove it.", len(headline) + 2, {"number", "prove"}))
    units[2] = _unit(2, "r", "claim", reply, 0, {"ferry", "freight"})
    assert [(r.target, r.kind) for r in link_thread(posts, units) if r.source == 2] == [(0, kind or "attack")]


@pytest.mark.parametrize(("reply", "kind"), [("Welcome back, the app kept crashing all week.", None),
                                             ("Will the new editor come to the phone app too?", None),
                                             ("No, nobody asked for this editor.", "attack"),
                                             ("Agreed, the old editor was painful.", "support")])
def test_relations_a_comment_on_an_announcement_disputes_it_only_when_it_says_so(reply: str,
                                                                                 kind: str | None) -> None:
    # An admin's or a moderator's opening post (Post.official) announces: comments react to the news.
    text = "A new editor\n\nWe are rolling out a new editor to everyone today."
    units = [_unit(0, "p", "claim", "We are rolling out a new editor to everyone today.", 14, {"editor", "roll"}),
             _unit(1, "r", "claim", reply, 0, {"app", "week"}), _unit(2, "s", "claim", reply, 0, {"app", "week"})]
    posts = [Post("p", None, "admin", text, title="A new editor", official=True), Post("r", "p", "ana", reply),
             Post("s", "r", "ben", reply)]
    found = {(r.source, r.target, r.kind) for r in link_thread(posts, units) if r.source in (1, 2)}
    # only a reply to the announcement itself is spared the debate default: users answering each other debate
    expected_reply = (2, 1, kind or "attack")
    assert found == ({expected_reply} if kind is None else {(1, 0, kind), expected_reply})
    # the same post not marked official is a view put up for debate: an answer without a cue disagrees
    posts[0] = Post("p", None, "admin", text, title="A new editor")
    assert (1, 0, kind or "attack") in {(r.source, r.target, r.kind) for r in link_thread(posts, units)}


def test_relations_reply_opening_with_a_bare_question_answers_with_the_next_unit() -> None:
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    units = [
        _unit(0, "p", "claim", "Four-day weeks raise output.", 0, {"week", "output"}),
        _unit(1, "r", "premise", "How so?", 0),
        _unit(2, "r", "claim", "Output per hour fell in the trial.", 8, {"output", "hour", "trial"}),
    ]
    (answer,) = [r for r in link_thread(posts, units) if r.target == 0]
    assert answer.source == 2 and "reply opens by answering its parent" in answer.reason


def test_relations_a_longer_question_still_opens_the_reply() -> None:
    question = "Does that hold for small firms too?"
    assert len(question.split()) > SHORT_QUESTION_WORDS
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    units = [_unit(0, "p", "claim", "Four-day weeks raise output.", 0, {"week", "output"}),
             _unit(1, "r", "claim", question, 0),
             _unit(2, "r", "premise", "Output per hour fell in the trial.", 36, {"output", "hour", "trial"})]
    (answer,) = [r for r in link_thread(posts, units) if r.target == 0]
    assert (answer.source, answer.kind) == (1, "attack")


def test_relations_reply_of_only_a_bare_question_still_answers_its_parent() -> None:
    posts = [Post("p", None, None, "x"), Post("r", "p", None, "y")]
    units = [_unit(0, "p", "claim", "Four-day weeks raise output.", 0, {"week", "output"}),
             _unit(1, "r", "claim", "Source for that?", 0)]
    (answer,) = link_thread(posts, units)
    assert (answer.source, answer.target, answer.kind) == (1, 0, "attack")


def test_relations_a_turn_after_a_concession_attacks_the_conceded_point() -> None:
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # an opening post, not a text on its own
    units = [
        _unit(0, "p", "claim", "Of course trains are slower than planes", 0),
        _unit(1, "p", "premise", "but they run from city centre to city centre.", 41),
        _unit(2, "p", "claim", "Night trains deserve public money.", 90),
        _unit(3, "p", "claim", "But only on routes over 600 km.", 125),
    ]
    relations = {(r.source, r.target): r for r in link_thread(posts, units)}
    turn = relations[(1, 0)]
    assert turn.kind == "attack" and "'but'" in turn.reason and "'of course'" in turn.reason
    assert turn.model == rule_model("turn")
    assert [r.kind for key, r in relations.items() if key[0] == 1] == ["attack"]  # no support for what it turns on
    # a "but" after a point that grants nothing is no turn against it
    assert not any(r.source == 3 for r in relations.values())
    # nor after a grant its own unit turns at once ("Sure, but ..."): that unit makes the author's point
    turned = [_unit(0, "p", "claim", "Sure, but trains emit far less per passenger.", 0),
              _unit(1, "p", "claim", "But the tickets cost too much.", 47)]
    assert not any(r.model in (rule_model("turn"), rule_model("granted")) for r in link_thread(posts, turned))
    granted = [_unit(0, "p", "claim", "Sure, trains are slower.", 0), turned[1]]
    assert [r.model for r in link_thread(posts, granted)] == [rule_model("turn")]
    # a unit that opens with "though" turns as one opening with "but" does: no support for the opening claim
    though = [_unit(0, "p", "claim", "I agree with that plan.", 0),
              _unit(1, "p", "claim", "though I doubt the courts will let it stand.", 24)]
    assert [(r.source, r.target, r.kind, r.model) for r in link_thread(posts, though)] == [
        (1, 0, "attack", rule_model("turn"))]


@pytest.mark.parametrize("reported", [
    "Some people say night buses waste money.",
    "Critics of the plan point to the cost.",
    "It is often argued that nobody rides them.",
])
def test_relations_a_turn_against_a_reported_view_attacks_it(reported: str) -> None:
    posts = [Post("p", None, None, "x", title="Night buses")]
    units = [_unit(0, "p", "claim", "The city should keep the night buses.", 0),
             _unit(1, "p", "premise", reported, 38),
             _unit(2, "p", "premise", "But shift workers have no other way home.", 90)]
    relations = {(r.source, r.target): r.kind for r in link_thread(posts, units)}
    assert relations[(2, 1)] == "attack" and relations[(1, 0)] == "attack"


def test_relations_a_granted_point_speaks_against_the_claim() -> None:
    posts = [Post("p", None, None, "x")]
    units = [
        _unit(0, "p", "claim", "The city should keep the night buses.", 0),
        _unit(1, "p", "premise", "Sure, they cost money.", 38),
        _unit(2, "p", "premise", "But the cost is small next to what taxis charge.", 61),
        _unit(3, "p", "premise", "Nurses depend on them.", 110),
    ]
    relations = {(r.source, r.target): r for r in link_thread(posts, units)}
    granted = relations[(1, 0)]
    assert granted.kind == "attack" and "grants" in granted.reason and granted.model == rule_model("granted")
    assert relations[(2, 1)].kind == "attack"  # the turn answers the granted point
    assert relations[(3, 0)].kind == "support"  # an ordinary reason still backs the claim


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
    # agreement words count as an interjection, not when they open an ordinary sentence
    ("Exactly.", "support"),
    ("True, and the costs fall on renters.", "support"),
    ("This is wrong.", "attack"),
    ("This sub has argued about buses for years.", "attack"),
    ("Right now the buses stop at midnight.", "attack"),
    ("Definitely not.", "attack"),
    ("Same thing happens in every city.", "attack"),
    ("Yeah, not really.", "attack"),
    ("Yeah, no. Buses run empty.", "attack"),
    ("Yeah that's how it works here too.", "support"),
    ("I like that.", "support"),
    ("I really like your idea!", "support"),
    ("I like that the buses are free, but they run empty.", "attack"),  # liking a fact, then disagreeing
    # concessions in other words
    ("This is true.", "support"),
    ("That makes a lot of sense!", "support"),
    ("That's a great way to look at it.", "support"),
    ("I hadn't considered the night shifts.", "support"),
    ("I see where you're coming from.", "support"),
    ("You're not wrong.", "support"),
    ("I was wrong about the fares, you're right.", "support"),
    ("You've convinced me on the night buses.", "support"),
    ("You were wrong about the fares.", "attack"),
    ("It does admittedly depend on who rides them.", "support"),
    ("Admittedly the fares rose, but the service got worse.", "attack"),
    ("I can't disagree with that.", "support"),
    ("You're not wrong, but the costs fall on renters.", "attack"),
    # a point granted in a clause put first
    ("While that may be true, buses still run empty.", "attack"),
    ("Although you're right about costs, the plan fails renters.", "attack"),
    ("While you're at it, I agree with the fare cut.", "support"),  # not a concession: the agreement follows
    # agreement as people write it in forums
    ("Totally agree.", "support"),
    ("100% agree with this.", "support"),
    ("I couldn't agree more.", "support"),
    ("I can't agree more with you.", "support"),
    ("Completely agree, the fares are too high.", "support"),
    ("Spot on.", "support"),
    ("Same here.", "support"),
    ("Great post!", "support"),
    # holding the same view (the README audit found "I think so too." drawn as an attack)
    ("I think so too.", "support"),
    ("I feel the same way about the night buses.", "support"),
    ("Me too, the last bus leaves far too early.", "support"),
    ("I was going to say the same.", "support"),
    ("My thoughts too, the night buses need a later run.", "support"),
    ("My thoughts as well.", "support"),
    ("I think so too, but the fares are not the problem.", "attack"),
    ("I don't think so.", "attack"),
    ("I can't agree with that.", "attack"),
    ("Great post, but the fares are not the problem.", "attack"),
    ("Good comments were made about the fares.", "attack"),  # praise of something else, no interjection
    # forum agreement found drawn as assumed attacks on the shared Hacker News and Reddit threads
    ("Came here to say exactly the same.", "support"),
    ("I think both you and Brad are right in some way.", "support"),
    ("You guys are right about the night buses.", "support"),
    ("I support all of this.", "support"),
    ("Ya me too.", "support"),
    ("Someone beat me to it.", "support"),
    # praise of how the point was put, as "well said" already was
    ("Well put.", "support"),
    ("Very nicely explained, thanks.", "support"),
    ("What a great breakdown!", "support"),
    ("You summed it up perfectly.", "support"),
    ("Couldn't have said it better myself.", "support"),
    ("Well put, but the fares still rose.", "attack"),
    ("It is well explained in the report that you are wrong.", "attack"),  # not what the answer opens with
    ("That was poorly explained.", "attack"),
    ("You are both partly right, but the fares still rose.", "attack"),
    ("If only you were right.", "attack"),  # no cue: the default
    ("They are right that the fares rose.", "attack"),  # someone else agreed with, not the post answered
    # agreeing words denied before they come (a QA run on new threads found each drawn as agreement)
    ("I don't think that's true.", "attack"),
    ("I don't think you're right about this.", "attack"),
    ("I doubt that's correct as a blanket rule.", "attack"),
    ("Nobody who has run a cafeteria thinks that makes sense.", "attack"),
    ("I think that's true.", "support"),
    ("I don't think so. But that's true of the night buses.", "support"),  # the denial's sentence has ended
    ("I wouldn't say cheaper, but I definitely agree that fares must change.", "support"),  # it turned
    # an agreeing interjection with a word before it, and the same experience told
    ("Exactly right, and our school saw the same.", "support"),
    ("Absolutely right.", "support"),
    ("So true.", "support"),
    ("Very true, and the fares rose too.", "support"),
    ("100% this.", "support"),
    ("That's been my experience too.", "support"),
    ("That was my experience as well.", "support"),
    ("My experience exactly.", "support"),
    ("Very rarely do buses run on time.", "attack"),  # no interjection: the default
    # a typographic apostrophe reads as a plain one
    ("That’s true.", "support"),
    ("I don’t agree with the premise.", "attack"),
])
def test_relations_stance_cues(text: str, kind: str) -> None:
    assert stance(text)[0] == kind


@pytest.mark.parametrize("text", ["Well no, buses run empty.", "Honestly no, they don't."])
def test_relations_a_no_inside_the_opening_is_named_as_disagreement(text: str) -> None:
    # a comma after "no" once kept the word boundary from matching, so the cue was never named
    assert stance(text) == ("attack", 0.75, "disagrees ('no')")


@pytest.mark.parametrize(("text", "denies"), [
    ("No.", True), ("No it isn't.", True), ("No, the fares rose.", True), ("No - the fares rose.", True),
    ("No the fares rose.", True), ("No you are wrong.", True), ("No way.", True),
    # "no" opening a noun phrase was named as a denial on the shared HN and Reddit threads
    ("No one knows.", False), ("No education is perfect.", False), ("No quarantine here.", False),
])
def test_relations_an_opening_no_denies_only_before_a_pause_or_a_pronoun(text: str, denies: bool) -> None:
    assert (stance(text)[2] == "disagrees ('no')") is denies
    assert stance(text)[0] == "attack"  # the debate default either way


@pytest.mark.parametrize(("text", "cue"), [
    ("Your premise is wrong.", "disagrees ('wrong')"), ("That is patently false.", "disagrees ('false')"),
    ("You got it the wrong way around.", "disagrees ('wrong')"), ("That's a false dichotomy.", "disagrees ('false')"),
    # a hedge, an event, a negation, a pair of values, a term: named as denials on the shared HN and Reddit threads
    ("Don't get me wrong, I still ride the bus.", NO_CUE), ("Something went wrong with the polls.", NO_CUE),
    ("There's nothing wrong with it.", NO_CUE), ("It wasn't right/wrong, it was true/false.", NO_CUE),
    ("Not a question of right or wrong.", NO_CUE), ("They call it a false flag.", NO_CUE),
    ("False positives are rare.", NO_CUE),
])
def test_relations_wrong_and_false_deny_only_as_a_verdict(text: str, cue: str) -> None:
    assert stance(text) == ("attack", 0.75 if cue != NO_CUE else 0.55, cue)


@pytest.mark.parametrize(("text", "challenge"), [
    ("Is this really true?", True), ("Is there any evidence for this?", True), ("Why would anyone pay that?", True),
    ("And why would anyone pay that?", True), ("Isn't it congress that starts wars?", True),
    ("Is Biden not a centrist?", True), ("Are you saying fares should rise?", True),
    ("Do you realize nobody rides it?", True), ("Care to point out where he said this?", True),
    ("You know buses run at night, right?", True), ("Moon Nazis you say??", True), ("How so?", True),
    # a plain request is no cue (the debate default still makes it an attack, an assumed one)
    ("What did you say?", False), ("Which model did you use?", False), ("Where's the new station?", False),
    ("How do you like it so far?", False),
])
def test_relations_a_question_challenges_only_when_it_doubts_or_demands(text: str, challenge: bool) -> None:
    kind, _, cue = stance(text)
    assert kind == "attack" and cue == (CHALLENGE_CUE if challenge else NO_CUE)


@pytest.mark.parametrize(("text", "cue"), [
    # doubt said outright, a denial with an adverb, the point called a myth: hand-written threads on bike lanes,
    # remote work and nuclear power found each drawn as an assumed attack
    ("I'm not convinced.", "disagrees ('i'm not convinced')"),
    ("I remain unconvinced by the survey.", "disagrees ('i remain unconvinced')"),
    ("I doubt that.", "disagrees ('i doubt that')"),
    ("I'm skeptical of those numbers.", "disagrees ('i'm skeptical')"),
    ("That's simply not what happened.", "disagrees ('that's simply not')"),
    ("In my experience that's a myth.", "disagrees ('that's a myth')"),
    ("Not in my experience.", "disagrees ('not in my experience')"),
    ("Not exactly.", "disagrees ('not exactly')"),
    ("Even so, the coal plants stayed open longer.", "disagrees ('even so')"),
    # a question that puts the point back, which had no cue
    ("Does it, though?", CHALLENGE_CUE), ("Is it?", CHALLENGE_CUE), ("Are they?", CHALLENGE_CUE),
    ("Is it raining there?", NO_CUE),  # a plain question: still the default
])
def test_relations_stance_names_doubt_denial_and_echo_questions(text: str, cue: str) -> None:
    kind, _, said = stance(text)
    assert (kind, said) == ("attack", cue)


@pytest.mark.parametrize(("text", "kind", "cue"), [
    # "sure" as an interjection agrees, and grants before a "but" (it was no cue at all)
    ("Sure.", "support", "agrees ('sure')"),
    ("Sure, hopefully the sources back it up.", "support", "agrees ('sure')"),
    ("Sure, but that says more about the bank than about remote work.", "attack",
     "concedes ('sure') then disagrees ('but')"),
    ("Sure thing, the city pays.", "attack", NO_CUE),  # no interjection
    ("I think you're onto something here.", "support", "agrees ('you're onto something')"),
    ("Nevertheless, you are right about the fares.", "support", "agrees ('you are right')"),
])
def test_relations_stance_reads_sure_and_onto_something(text: str, kind: str, cue: str) -> None:
    found, _, said = stance(text)
    assert (found, said) == (kind, cue)


@pytest.mark.parametrize("grant", ["Of course some people thrive at home", "I'll grant you that the flats are small",
                                   "Granted, some people thrive at home"])
def test_relations_an_opening_grant_then_a_turn_is_a_cued_attack(grant: str) -> None:
    """A reply cut at ", but" opened with a unit that grants ("Of course X") and was drawn as an assumed attack
    ("replies in debates mostly disagree"): the turn after it says the answer disagrees."""
    text = f"{grant}, but many live in small flats with no room for a desk."
    turn = "but many live in small flats with no room for a desk."
    posts = [Post("p", None, None, "Remote work is better for most office workers."), Post("r", "p", None, text)]
    units = [_unit(0, "p", "claim", "Remote work is better for most office workers.", 0, {"remote", "work"}),
             _unit(1, "r", "claim", grant, 0), _unit(2, "r", "claim", turn, text.index(turn))]
    [answer] = [r for r in link_thread(posts, units) if r.source == 1]
    assert (answer.target, answer.kind) == (0, "attack")
    assert "then disagrees ('but')" in answer.reason and "replies in debates" not in answer.reason
    # with no turn after it, the grant is the default's
    [alone] = [r for r in link_thread(posts, units[:2]) if r.source == 1]
    assert alone.kind == "attack" and (NO_CUE in alone.reason or "agrees" in alone.reason)


def test_relations_an_agreeing_opening_before_a_but_keeps_its_support() -> None:
    """Change My View's annotators draw "That's a good point. But ..." as agreement: the opening stays a support."""
    text = "Fair point on bullying. But kids find other things to single each other out for."
    turn = "But kids find other things to single each other out for."
    posts = [Post("p", None, None, "Uniforms reduce bullying over clothes."), Post("r", "p", None, text)]
    units = [_unit(0, "p", "claim", "Uniforms reduce bullying over clothes.", 0),
             _unit(1, "r", "claim", "Fair point on bullying.", 0), _unit(2, "r", "claim", turn, text.index(turn))]
    [answer] = [r for r in link_thread(posts, units) if r.source == 1]
    assert answer.kind == "support"


@pytest.mark.parametrize(("text", "units", "kind", "cue"), [
    # a delta below the first claim still says the parent changed the author's view
    ("Shift workers ride them.\n\nEdit: I'll give you a delta for that.", ["Shift workers ride them."],
     "support", "awards a delta"),
    ("Shift workers ride them. ∆", ["Shift workers ride them."], "support", "awards a delta"),
    # a line before the first claim (not a unit itself) sets the answer's tone
    ("That makes a lot of sense!\n\nShift workers ride them.", ["Shift workers ride them."], "support", "sense"),
    ("Shift workers ride them.", ["Shift workers ride them."], "attack", "without agreeing"),
    # a delta river is no delta
    ("The delta floods every year.", ["The delta floods every year."], "attack", "without agreeing"),
    ("The ΔT of 5 K matters.", ["The ΔT of 5 K matters."], "attack", "without agreeing"),
    ("Most rivers have a delta.", ["Most rivers have a delta."], "attack", "without agreeing"),
    ("Shift workers ride them. Here's your delta.", ["Shift workers ride them."], "support", "awards a delta"),
    ("Shift workers ride them.\n\nΔ", ["Shift workers ride them."], "support", "awards a delta"),
    ("Shift workers ride them. &#8710;", ["Shift workers ride them."], "support", "awards a delta"),
])
def test_relations_a_reply_opening_takes_its_stance_from_the_whole_post(text: str, units: list[str], kind: str,
                                                                        cue: str) -> None:
    posts = [Post("p", None, None, "Night buses should run all year."), Post("r", "p", None, text)]
    found = [_unit(0, "p", "claim", "Night buses should run all year.", 0, {"bus", "night"})]
    found += [_unit(i + 1, "r", "claim", unit, text.index(unit)) for i, unit in enumerate(units)]
    [answer] = [r for r in link_thread(posts, found) if r.source == 1]
    assert (answer.target, answer.kind) == (0, kind)
    assert cue in answer.reason


@pytest.mark.slow
def test_relations_sample_thread_keeps_its_answers() -> None:
    from argmap.nlp.components import UNITS_MODEL
    from argmap.nlp.evidence import MODEL as EVIDENCE_MODEL
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
    challenge = links[(find("Is this really true?"), main)]
    assert (challenge.kind, challenge.model) == ("attack", rule_model("quote"))
    assert links[(find("For all theory purposes"), find("We just don't know"))].model == rule_model("quote")
    gemma = links[(find("The Gemma models are tiny"), find("I mean, we're essentially there"))]
    assert (gemma.kind, gemma.model) == ("attack", rule_model("opener-words"))
    broader = links[(find("But the broader point stands"), main)]
    assert (broader.kind, broader.model) == ("support", rule_model("concession"))
    assert units[find("I went from Cursor")].kind == "premise"
    # the issue's two-move sentence: the clause after "but" turns against the point granted before it
    turn = links[(find("but we're already hitting diminishing returns"), find("Of course Opus is better"))]
    assert turn.kind == "attack" and "conceded" in turn.reason and turn.model == rule_model("turn")
    assert all(r.reason and 0 < r.confidence <= 1 for r in extraction.relations)
    # provenance: which version of the rules, and which rule, made each unit and relation
    assert {u.source for u in units} == {UNITS_MODEL} and all(u.reason for u in units)
    assert {r.model for r in extraction.relations} == {EVIDENCE_MODEL} | {rule_model(rule) for rule in (
        "quote", "quote-answer", "opener-words", "opener-main", "concession", "turn", "backs", "leads-up", "follow-on",
        "opening-backed")}
    # a post's second claim, relating to nothing else, argues for the claim the post opens with
    opening = links[(find("It's kind of surprising how much agency"), find("Agency seems to correlate"))]
    assert (opening.kind, opening.model) == ("support", rule_model("opening-backed"))
    # a claim that draws a conclusion ("So ...") from the claim before it goes on with that point
    follow = links[(find("So in theory you can just keep going"), find("Once a solution is found"))]
    assert (follow.kind, follow.model) == ("support", rule_model("follow-on"))


@pytest.mark.slow
def test_relations_a_new_thread_on_another_subject_keeps_the_issues_behaviours() -> None:
    """The behaviours the sample thread shows, in other words on another subject (corpora/bike-lanes.jsonl): before
    relations v22 and units v10 "I'm not convinced.", "Not in my experience." and "Does it, though?" were assumed
    attacks, "I think you're onto something" an assumed attack, "Of course X, but Y" an assumed attack, "Interesting
    thread." a claim and an "In my experience ..." premise a claim."""
    from argmap.nlp.extract import Extractor
    from argmap.sources.registry import read_path
    from tests.conftest import CORPORA

    extraction = Extractor.load().extract(read_path(CORPORA / "bike-lanes.jsonl"))
    units = extraction.units

    def find(prefix: str) -> int:
        return next(i for i, u in enumerate(units) if u.text.startswith(prefix))

    def answer(source: str, target: str) -> Relation:
        return next(r for r in extraction.relations if (r.source, r.target) == (find(source), find(target)))

    main, painted, seville = "Cities should build", "Painted lanes do nothing", "When Seville built"
    # a grant cut off by ", but" answers the quoted sentence, and says that it grants and turns
    grant = answer("I'll grant you that paint", painted)
    assert grant.kind == "attack" and "grants a point" in grant.reason and not assumed_attack(grant.kind, grant.reason)
    assert answer("but a physical barrier", painted).kind == "attack"
    # a quote of part of a sentence, answered by a challenge that puts the point back
    challenge = answer("Does it, though?", "but a physical barrier")
    assert (challenge.kind, challenge.model) == ("attack", rule_model("quote")) and CHALLENGE_CUE in challenge.reason
    # a reply that quotes and then agrees supports what it quotes
    assert answer("That's a fair point.", "A survey on one Toronto").kind == "support"
    # agreement in other words, without a quote, supports the post answered
    assert answer("Couldn't agree more.", main).kind == "support"
    assert answer("You make a good point.", "I'm not convinced.").kind == "support"
    # doubt and denial said outright are attacks the words show, not assumed ones
    for source, target in (("I'm not convinced.", main), ("Not in my experience.", "I'm not convinced.")):
        denial = answer(source, target)
        assert denial.kind == "attack" and "disagrees" in denial.reason
        assert not assumed_attack(denial.kind, denial.reason)
    assert answer("While protected lanes are safer", main).kind == "attack"  # a point granted in a clause put first
    # a quote of two whole sentences is answered in each
    assert {answer("Seville is flat and sunny", target).kind for target in (painted, seville)} == {"attack"}
    # nested quotes: the outer level is what is answered, and "you're onto something" agrees with it
    assert answer("I think you're onto something", "so it tells us little").kind == "support"
    # "Of course X, but Y" opening a reply: a grant then the real answer, inside the post a turn
    assert "grants a point ('of course')" in answer("Of course side streets help", "While protected lanes").reason
    assert answer("but they rarely go where", "Of course side streets help").model == rule_model("turn")
    # experience and figures are premises; thanks and talk about the thread argue nothing
    for premise in ("When I lived in Oulu", "In my experience the climbs", "A survey on one Toronto", seville):
        assert units[find(premise)].kind == "premise", premise
    assert {units[find(t)].kind for t in ("Thanks for posting this!", "Interesting thread.")} == {"other"}
    # topics meet however the writer spelled them
    for spelled in ("Bike-lanes are the cheapest", "A Bike Lane costs"):
        assert "bike lane" in units[find(spelled)].topics


@pytest.mark.parametrize("opening_post", [True, False])
def test_relations_a_posts_second_claim_that_relates_to_nothing_supports_its_opening_claim(opening_post: bool) -> None:
    post = "p" if opening_post else "q"
    posts = [Post("p", None, None, "x"), Post("q", "p", None, "y")]  # a discussion
    units = [_unit(0, "p", "claim", "Buses should be free.", 0, {"bus", "free"}),
             _unit(1, post, "claim", "The city can afford it.", 0 if post == "q" else 22, {"city", "afford"}),
             _unit(2, post, "claim", "Parking would get cheaper too.", 50, {"parking", "cheap"})]
    if not opening_post:  # the reply opens with a claim of its own
        units = [units[0], _unit(1, "q", "claim", "Fares keep the service honest.", 0, {"fare", "honest"}),
                 _unit(2, "q", "claim", "Riders who pay complain when it runs late.", 31, {"rider", "late"}),
                 _unit(3, "q", "claim", "Nobody listens to riders who ride for free.", 75, {"listen", "free"})]
    opening, second = units[0 if opening_post else 1], units[1 if opening_post else 2]
    found = [r for r in link_thread(posts, units) if r.model == rule_model("opening-backed")]
    (backed,) = found  # the third claim, with no cue, still relates to nothing inside its post
    assert (backed.source, backed.target, backed.kind) == (second.index, opening.index, "support")
    assert backed.confidence == OPENING_BACKED_CONFIDENCE
    assert "second claim" in backed.reason and opening.text in backed.reason


def test_relations_a_second_claim_backs_the_opening_only_when_both_are_claims_and_it_relates_to_nothing() -> None:
    discussion = [Post("p", None, None, "x"), Post("q", "p", None, "y")]
    claim = _unit(0, "p", "claim", "Buses should be free.", 0)

    def opening_backed(units: list[UnitView], posts: list[Post] = discussion) -> list[tuple[int, int]]:
        return [(r.source, r.target) for r in link_thread(posts, units) if r.model == rule_model("opening-backed")]

    assert opening_backed([claim, _unit(1, "p", "claim", "The city can afford it.", 22)]) == [(1, 0)]
    # a premise second backs the claim as before; a premise opening is no claim to argue for
    assert opening_backed([claim, _unit(1, "p", "premise", "Fares pay for little.", 22)]) == []
    assert opening_backed([_unit(0, "p", "premise", "Fares pay for little.", 0),
                           _unit(1, "p", "claim", "The city can afford it.", 22)]) == []
    # a second claim that already relates (it follows on) keeps that relation alone
    relations = link_thread(discussion, [claim, _unit(1, "p", "claim", "So the city can afford it.", 22)])
    assert [r.model for r in relations] == [rule_model("follow-on")]
    # a second claim that turns ("But ...") speaks against the opening rather than for it
    assert opening_backed([claim, _unit(1, "p", "claim", "But the city cannot afford it.", 22)]) == []
    assert opening_backed([claim, _unit(1, "p", "claim", "However, the city cannot afford it.", 22)]) == []
    # a point granted only to turn against is no argument for the opening claim, nor is the turn
    granted = [claim, _unit(1, "p", "claim", "Of course fares pay for some of the service.", 22),
               _unit(2, "p", "claim", "But the city pays for most of it.", 68)]
    assert opening_backed(granted) == []
    # a text that stands alone has its main-claim rule instead
    alone = [Post("p", None, None, "x")]
    assert opening_backed([claim, _unit(1, "p", "claim", "The city can afford it.", 22)], alone) == []


def test_relations_rules_are_named_and_unknown_names_refused() -> None:
    assert all(name == name.lower() and " " not in name and RULES[name] for name in RULES)
    assert len({rule_model(name) for name in RULES}) == len(RULES)
    assert all(len(rule_model(name)) <= 64 for name in RULES)  # the store's model column
    with pytest.raises(KeyError, match="no relation rule 'guess'"):
        rule_model("guess")


def test_relations_premises_of_a_standalone_text_back_their_paragraphs_point() -> None:
    pieces = [["Cities should close their centres to cars.", "Air gets cleaner.", "Shops sell more.",
               "Streets get quieter.", "Children walk to school."],
              ["Buses need their own lanes.", "Lanes make them punctual.", "Riders come back."]]
    text = "\n\n".join(" ".join(paragraph) for paragraph in pieces)
    flat = [piece for paragraph in pieces for piece in paragraph]
    kinds = ["claim", "premise", "premise", "premise", "premise", "claim", "premise", "premise"]
    units = [_unit(i, "p", kind, piece, text.index(piece))
             for i, (kind, piece) in enumerate(zip(kinds, flat, strict=True))]
    essay = {(r.source, r.target, r.kind): r.model for r in link_thread([Post("p", None, None, text)], units)}
    assert essay[(4, 0, "support")] == rule_model("paragraph-point") and essay[(5, 0, "support")] == rule_model(
        "main-claim")
    # each premise backs its paragraph's point, however far back; the second point backs the first
    assert set(essay) == {(1, 0, "support"), (2, 0, "support"), (3, 0, "support"), (4, 0, "support"),
                     (6, 5, "support"), (7, 5, "support"), (5, 0, "support")}
    opening = {(r.source, r.target) for r in link_thread([Post("p", None, None, text), Post("q", "p", None, "y")],
                                                            units)}
    # a post that started a discussion keeps the window rule: no claim within reach of the fifth unit, so it backs
    # nothing (not the premise before it), and the second point does not back the first
    assert opening == {(1, 0), (2, 0), (3, 0), (6, 5), (7, 5)}


def test_relations_later_claims_of_a_standalone_text_support_its_main_claim() -> None:
    units = [
        _unit(0, "p", "claim", "The city should keep the night buses.", 0),
        _unit(1, "p", "premise", "Nurses depend on them.", 38),
        _unit(2, "p", "claim", "Cutting them would also hurt bars and cinemas.", 61),
        _unit(3, "p", "claim", "A small fare rise would cover the cost.", 108),
    ]
    essay = {(r.source, r.target, r.kind): r for r in link_thread([Post("p", None, None, "x")], units)}
    assert set(essay) == {(1, 0, "support"), (2, 0, "support"), (3, 0, "support")}
    assert "main claim" in essay[(2, 0, "support")].reason
    # a claim the text turns against is no main claim: "Of course X, but Y" argues for Y, and X against it
    conceding = [_unit(0, "p", "claim", "Of course night buses cost money", 0),
                 _unit(1, "p", "claim", "but the city should keep them.", 34),
                 _unit(2, "p", "claim", "Cutting them would also hurt bars.", 66)]
    kept = {(r.source, r.target, r.kind) for r in link_thread([Post("p", None, None, "x")], conceding)}
    assert kept == {(1, 0, "attack"), (0, 1, "attack"), (2, 1, "support")}
    # a claim that a granted premise speaks against is still the text's main claim
    granting = [_unit(0, "p", "claim", "The city should keep the night buses.", 0),
                _unit(1, "p", "premise", "Sure, they cost money.", 38),
                _unit(2, "p", "premise", "But the cost is small next to taxi fares.", 61),
                _unit(3, "p", "claim", "Cutting them would also hurt bars.", 103)]
    found = {(r.source, r.target, r.kind) for r in link_thread([Post("p", None, None, "x")], granting)}
    assert found == {(1, 0, "attack"), (2, 1, "attack"), (2, 0, "support"), (3, 0, "support")}
    # an opening post that started a discussion: its claims get no such relation
    opening = link_thread([Post("p", None, None, "x", title="CMV: keep the night buses"), Post("q", "p", None, "y")],
                          units)
    assert {(r.source, r.target) for r in opening} == {(1, 0)}
    # a title alone does not make a post part of a discussion
    titled = {(r.source, r.target) for r in link_thread([Post("p", None, None, "x", title="Night buses")], units)}
    assert titled == {(1, 0), (2, 0), (3, 0)}
    # nor do a reply's claims, which answer the parent
    reply_units = [_unit(4, "q", "claim", "Buses are loud.", 0), *[
        UnitView(u.index, "r", u.kind, u.text, u.start, u.end) for u in units]]
    in_reply = link_thread([Post("q", None, None, "y", title="t"), Post("r", "q", None, "x")], reply_units)
    assert not any(r.target == 0 and r.source in (2, 3) for r in in_reply)
    # with claim scores, the main claim is the most claim-like unit near the top, as a parent's is: an opening
    # aside the classifier barely called a claim is not the thesis the essay's later claims argue for
    scored = [UnitView(0, "p", "claim", "I have thought about this a lot.", 0, 32, (), 0.55),
              UnitView(1, "p", "claim", "The city should keep the night buses.", 33, 70, (), 0.95),
              UnitView(2, "p", "claim", "Cutting them would also hurt bars.", 71, 105, (), 0.8)]
    thesis = {(r.source, r.target) for r in link_thread([Post("p", None, None, "x")], scored)
              if r.model == rule_model("main-claim")}
    assert thesis == {(0, 1), (2, 1)}


@pytest.mark.parametrize(("author", "text", "kind"), [
    ("ann", "Shift workers ride them every night.", "support"),   # Ann goes on with her own argument
    ("ann", "How else would nurses get home?", "support"),        # even a question of hers
    ("ann", "No, that's wrong, I take it back.", "attack"),       # unless she plainly disagrees with herself
    ("bob", "Shift workers ride them every night.", "attack"),    # another author's answer: a debate reply
    (None, "Shift workers ride them every night.", "attack"),     # no authors known: nothing continues
])
def test_relations_a_post_continuing_its_authors_previous_one_supports_it(author: str | None, text: str,
                                                                         kind: str) -> None:
    first = "ann" if author is not None else None
    posts = [Post("p", None, first, "x", title="Night buses"), Post("r", "p", author, "y")]
    units = [_unit(0, "p", "claim", "Night buses should run all year.", 0, {"bus", "night"}),
             _unit(1, "r", "claim", text, 0)]
    [answer] = [r for r in link_thread(posts, units) if r.source == 1]
    assert (answer.target, answer.kind) == (0, kind)
    assert ("own previous post" in answer.reason) == (kind == "support")
