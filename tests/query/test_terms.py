"""The light normaliser that meets stored key phrases without spaCy."""

from __future__ import annotations

import pytest

from argmap.store.terms import (
    MAX_SEARCH_WORDS,
    content_terms,
    fts_words,
    marked_words,
    normalise_phrase,
    polarity,
    search_words,
    singular,
    words,
)


@pytest.mark.parametrize(("query", "key"), [
    ("open source", "open source"),
    ("Open-Source models", "open source model"),
    ("the open-source model", "open source model"),
    ("policies", "policy"),
    ("GPT-4", "gpt 4"),
    ("the and of", ""),
    ("state-of-the-art models", "state of the art model"),
    ("one-size-fits-all policies", "one size fits all policy"),
    ('"well-known" facts', "well known fact"),
    ("data", "data"),
])
def test_terms_normalise_phrase_meets_stored_keys(query: str, key: str) -> None:
    assert normalise_phrase(query) == key


@pytest.mark.parametrize(("query", "key"), [
    # the country by its initials, however written, is the key "us"; the pronoun stays a stop word
    ("US", "us"), ("U.S.", "us"), ("U.S", "us"), ("the US", "us"), ("US politics", "us politics"),
    ("U.K.", "uk"), ("the WHO", "who"), ("us", ""), ("TELL US", "tell"), ("THE US", ""),
])
def test_terms_normalise_phrase_keeps_initials_that_spell_a_stop_word(query: str, key: str) -> None:
    """`claims --topic US` was refused as "stop words only", and "U.S." normalised to the letters "u s"."""
    assert normalise_phrase(query) == key


@pytest.mark.parametrize(("word", "expected"), [
    ("models", "model"), ("policies", "policy"), ("boxes", "box"), ("glass", "glass"), ("bus", "bus"),
    ("analysis", "analysis"), ("gas", "gas"), ("2020s", "2020s"),
    # a merge reason said 'shares mytho' for two claims about Claude Mythos; plurals in -os still lose the s
    ("mythos", "mythos"), ("chaos", "chaos"), ("photos", "photo"), ("videos", "video"),
])
def test_terms_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_terms_words_split_contractions_and_hyphens() -> None:
    assert words("Open-source models don't win, can't they?") == ["open", "source", "models", "do", "n't", "win",
                                                                  "can", "n't", "they"]


def test_terms_words_drop_the_m_and_d_of_a_contraction() -> None:
    """"I'm" and "I'd" were the content words "im" and "id" (unlike "they're" and "we've"): ``search "I'm pro-death
    penalty"`` found nothing, though a unit says exactly that (the index holds "i" and "m"), and tracking did not
    merge it with "I am pro death penalty" (four terms against three)."""
    assert words("I'm sure you’d agree, I'd say") == ["i", "sure", "you", "agree", "i", "say"]
    assert content_terms("I'm pro-death penalty.") == content_terms("I am pro death penalty.") == [
        "pro", "death", "penalty"]
    assert search_words("I'm pro-death penalty") == (["pro", "death", "penalty"], ["I'm"])


def test_terms_content_terms_drop_fillers_and_negations() -> None:
    assert content_terms("I think open models are not really good now") == ["open", "model", "good"]


@pytest.mark.parametrize(("text", "value"), [
    ("Models are good.", 0), ("Models aren't good.", 1), ("Models are never good.", 1),
    ("It's not true that models are not good.", 0), ("No model is good.", 1),
])
def test_terms_polarity(text: str, value: int) -> None:
    assert polarity(text) == value


def test_terms_fts_words_are_safe_for_the_index() -> None:
    assert fts_words('open-source "models" OR NOT (AND)* ') == ["open", "source", "not"]
    # a quoted phrase is searched on its own, as index words only (FTS5 operators inside it are plain words)
    assert search_words('open-source "models OR NOT" (AND)* ')[0] == ['"models or not"', "open", "source"]


@pytest.mark.parametrize(("text", "searched", "ignored"), [
    ("nothing like this", ["nothing"], ["like", "this"]),  # searched "nothing" alone, and said nothing of it
    ("Nothing like THIS", ["nothing"], ["like", "THIS"]),  # left out as typed
    ("of the", [], ["of", "the"]),
    ("I don't know", ["know"], ["I", "don't"]),  # the contraction whole, not "do" and "n't"
    ("state-of-the-art models", ["state", "art", "models"], ["of", "the"]),
    ("??? -- !", [], []),  # punctuation is no word left out
    ("café 开源 the", ["café", "开源"], ["the"]),
    ("speed speed the", ["speed"], ["the"]),  # a word said twice is searched, not left out
])
def test_terms_search_words_name_the_words_left_out(text: str, searched: list[str], ignored: list[str]) -> None:
    assert search_words(text) == (searched, ignored)
    assert fts_words(text) == searched


def test_terms_marked_words_keep_the_marks_of_their_name() -> None:
    """"C++" and "C#" were the letter "c" to a search, which then found "C:" and "Plan C"."""
    assert marked_words("C++ or C#? F#, g++/clang and (J#).") == ["c++", "c#", "f#", "g++", "j#"]
    assert marked_words("#hashtag, issue#12, a+b, C+, 3++, C++11, ++i, C") == []
    assert search_words("Is C++ faster than C#?") == (["c++", "faster", "c#"], ["Is", "than"])
    assert fts_words("Is C++ faster than C#?") == ["c", "faster"]  # the index holds their letters
    assert search_words("C and C++") == (["c", "c++"], ["and"])


def test_terms_search_words_past_the_limit_are_left_out() -> None:
    """A pasted paragraph searched its first 12 words and never said that the others counted for nothing."""
    many = [f"word{chr(ord('a') + n)}" for n in range(MAX_SEARCH_WORDS + 3)]
    searched, ignored = search_words(" ".join(many))
    assert searched == many[:MAX_SEARCH_WORDS] and ignored == many[MAX_SEARCH_WORDS:]
