"""The rule that decides whether two units state the same claim: precise first."""

from __future__ import annotations

import unicodedata

import pytest

from argmap.graph.tracking import MIN_SIMILARITY, compare, signature


def _sig(text: str, post: str, topics: tuple[str, ...] = ()) -> object:
    return signature(f"u-{post}", post, text, topics)


@pytest.mark.parametrize(("a", "b"), [
    ("Open-weight models are as good as GPT-4.", "I think open weight models are as good as GPT 4 now."),
    ("Open-weight models are as good as GPT-4.", "Honestly, open-weight models are as good as GPT-4 for most tasks."),
    ("Remote work makes teams more productive.", "remote-work makes teams more productive!"),
    ("Nuclear power is the safest energy source.", "Nuclear power is really the safest source of energy."),
    ("The US should fund public research on renewable energy.", "The U.S. should fund public research on "
                                                                "renewable energy."),
    # a relating word, and only context moved across it: no exchange
    ("By 2030 AI will replace most junior programmers.", "AI will replace most junior programmers by 2030."),
    ("Electric buses beat diesel buses on running costs.", "Electric buses clearly beat diesel buses on running "
                                                           "costs."),
])
def test_tracking_restatements_merge(a: str, b: str) -> None:
    match = compare(_sig(a, "1"), _sig(b, "2"))  # type: ignore[arg-type]
    assert match is not None and match.similarity >= MIN_SIMILARITY
    assert "same polarity" in match.reason


@pytest.mark.parametrize(("a", "b"), [
    ("Open-weight models are as good as GPT-4.", "Open-weight models are not as good as GPT-4."),  # negation
    ("Open-weight models are as good as GPT-4.", "Open-weight models aren't as good as GPT-4."),
    ("Open-weight models are as good as GPT-4.", "Open-weight models are never as good as GPT-4."),
    ("Open-weight models are as good as GPT-4.", "Open-weight models are cheaper than GPT-4."),  # swapped word
    ("Remote work makes teams more productive.", "Remote work makes teams less productive."),  # antonyms
    ("Nuclear power is the safest energy source.", "Nuclear power is the most dangerous energy source."),
    ("AI will replace most programmers by 2030.", "AI will replace most artists by 2030."),
    ("Is this true?", "Is this really true?"),  # too short to say
    ("Pro choice is pro child is pro family.", "So pro choice can be pro child or anti child and pro family or "
                                               "anti family."),  # pro / anti
    ("Some questions do have one answer.", "If you want an answer to a hypothetical question, I can give you "
                                           "one."),  # a condition
    ("Open-weight models are as good as GPT-4.", "Open-weight models are as good as GPT-4 at chess, poetry, "
                                                 "tax law, cooking recipes and medieval history."),  # too different
    # "US" is no pronoun here: the claim about it had no subject, and "China ..." only added one
    ("The US should fund public research on renewable energy.", "China should fund public research on renewable "
                                                                "energy."),
    ("The U.S. should fund public research on renewable energy.", "The UK should fund public research on renewable "
                                                                  "energy."),
    # the same words, the two things set against each other turned round
    ("Open source models will soon beat closed models on coding benchmarks.",
     "Closed models will soon beat open source models on coding benchmarks."),
    ("Trains are safer than cars for long family trips.", "Cars are safer than trains for long family trips."),
])
def test_tracking_look_alikes_do_not_merge(a: str, b: str) -> None:
    assert compare(_sig(a, "1"), _sig(b, "2")) is None  # type: ignore[arg-type]


def test_tracking_double_negation_keeps_polarity() -> None:
    a = _sig("Models are not useless for coding.", "1")
    b = _sig("It is not true that models are not useless for coding.", "2")
    assert compare(a, b) is None  # type: ignore[arg-type]


def test_tracking_same_post_or_same_unit_never_merges() -> None:
    text = "Open-weight models are as good as GPT-4."
    assert compare(_sig(text, "1"), _sig(text, "1")) is None  # type: ignore[arg-type]


def test_tracking_match_keeps_shared_phrases() -> None:
    a = _sig("Open-weight models are as good as GPT-4.", "1", ("open weight model", "gpt 4"))
    b = _sig("Open weight models are as good as GPT-4!", "2", ("open weight model", "gpt 4", "other"))
    match = compare(a, b)  # type: ignore[arg-type]
    assert match is not None and match.similarity == 1.0
    assert match.shared_phrases == ("gpt 4", "open weight model")
    assert match.shared_terms == ("open", "weight", "model", "good", "gpt", "4")


@pytest.mark.parametrize(("a", "b"), [
    # another author's sentence reproduced word for word, to answer it: a quotation, not a second person saying it
    ("The new bridge will cut the commute across the river by twenty minutes.",
     "\"The new bridge will cut the commute across the river by twenty minutes.\" That figure is made up."),
    ("Most of the budget for the library goes to heating the old building in winter.",
     "Most of the budget for the library goes to heating the old building in winter - Ann"),
    # a unit shorter than QUOTE_WORDS reproduced whole, or either side writing quotation marks
    ("Raising rents twice yearly is unfair.", "Raising rents twice yearly is unfair."),
    ("Raising rents twice yearly is unfair.", "Well, raising rents twice yearly is unfair!"),
    ("The library opens next spring.", 'The library really opens "next spring".'),
    ("The library opens \u201cnext spring\u201d.", "The library really opens next spring."),
])
def test_tracking_quotation_by_another_author_does_not_merge(a: str, b: str) -> None:
    first = signature("u-1", "1", a, author="a-ann", thread="t-1")
    assert compare(first, signature("u-2", "2", b, author="a-bob", thread="t-1")) is None
    # the same author saying it again, words whose authors are not known (a typed query), and the same words
    # written in another thread (by people who need not have read each other) still merge
    assert compare(first, signature("u-3", "3", b, author="a-ann", thread="t-1")) is not None
    assert compare(first, signature("u-4", "4", b)) is not None
    assert compare(first, signature("u-5", "5", b, author="a-bob", thread="t-2")) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("Remote work makes teams more productive.", "Honestly, remote work does make teams more productive!"),
    ("The library opens next spring.", "The library really opens next spring."),
])
def test_tracking_short_shared_wording_by_two_authors_still_merges(a: str, b: str) -> None:
    # a restatement in the same few words is not a quotation: fewer than QUOTE_WORDS words in a row, not all the
    # words of either unit in a row, and no quotation marks
    first = signature("u-1", "1", a, author="a-ann", thread="t-1")
    assert compare(first, signature("u-2", "2", b, author="a-bob", thread="t-1")) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("The trains run late every morning.", "Why do the trains run late every morning?"),
    ("The trains run late every morning.", "The trains run late every morning?!"),
    ("The trains run late every morning.", 'Do the trains "run late every morning?"'),
])
def test_tracking_a_question_does_not_merge_with_an_assertion(a: str, b: str) -> None:
    assert compare(_sig(a, "1"), _sig(b, "2")) is None  # type: ignore[arg-type]


def test_tracking_two_questions_merge() -> None:
    a = _sig("Do the trains run late every morning?", "1")
    b = _sig("Do the trains really run late every morning?", "2")
    assert compare(a, b) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize(("a", "b"), [
    ("You said the trains run late every morning.", "The trains run late every morning."),
    ("The trains run late every morning, she wrote.", "The trains run late every morning."),
    ("His statement was that the trains run late every morning.", "The trains run late every morning."),
    ("You asked me to check whether the trains run late every morning.",
     "Check whether the trains run late every morning."),
])
def test_tracking_reported_words_do_not_merge_with_the_claim(a: str, b: str) -> None:
    assert compare(_sig(a, "1"), _sig(b, "2")) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("a", "b"), [
    ("This is wrong on many levels.", "Fencing off the park is wrong on many levels."),  # a bare remark
    ("The morning ferry was late.", "The morning ferry from the island was late."),  # three terms and one more
    ("Version 3.2 of the app crashes.", "Version 3.2 of the app crashes on start."),  # numbers do not count
])
def test_tracking_a_short_unit_merges_only_with_the_same_terms(a: str, b: str) -> None:
    assert compare(_sig(a, "1"), _sig(b, "2")) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("a", "b"), [
    ("The morning ferry was late.", "Honestly, the morning ferry was really late!"),  # fillers aside, the same
    ("We need to organise the rota.", "We definitely need to organize the rota."),  # a spelling of the same term
    ("The harbour ferry was late on Monday.", "The harbour ferry was late on Monday morning."),  # four: context
])
def test_tracking_a_short_unit_still_merges_with_the_same_terms(a: str, b: str) -> None:
    assert compare(_sig(a, "1"), _sig(b, "2")) is not None  # type: ignore[arg-type]


def test_tracking_merges_a_claim_whose_accents_are_written_as_combining_marks() -> None:
    """A copy whose accents are combining marks ("Cafe\\u0301", "Zu\\u0308rich") was tracked with nothing."""
    said = "Café owners in Zürich should pay a higher street tax because their terraces block the pavement."
    composed = signature("u-1", "1", said, author="a-ann", thread="t-1")
    decomposed = signature("u-2", "2", unicodedata.normalize("NFD", said), author="a-bob", thread="t-2")
    assert compare(composed, decomposed) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("You say I lack patience with the new cyclists.", "You lack patience with the new cyclists."),
    ("You keep saying the night trains lose money.", "The night trains lose money."),
    ("She told me the night trains lose money every year.", "The night trains lose money every year."),
    ("You seem to think the night trains lose money.", "The night trains lose money."),
])
def test_tracking_the_other_sides_words_reported_do_not_merge_with_the_claim(a: str, b: str) -> None:
    """"You say I lack ..." (what the other side said of the writer) merged with the other side's own "You lack
    ...", so track showed the writer stating the claim they were denying."""
    assert compare(_sig(a, "1"), _sig(b, "2")) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("a", "b"), [
    ("I think the night trains lose money every year.", "The night trains lose money every year."),
    ("I say we keep the night trains running.", "We keep the night trains running."),
])
def test_tracking_what_the_writer_says_or_thinks_still_merges(a: str, b: str) -> None:
    assert compare(_sig(a, "1"), _sig(b, "2")) is not None  # type: ignore[arg-type]
