"""Quoted words: split off a post, found in the post quoted, and looked for up the line of ancestors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.domain import Post, Quote
from argmap.sources.quotes import _normalised, find_quote, fold, quoted_words, resolve_quotes, split_quoted


def test_quotes_split_quoted_separates_quotes_from_own_words() -> None:
    own, quotes = split_quoted("> they said this\nI disagree.\n\n> and that\nAlso wrong.")
    assert own == "I disagree.\n\nAlso wrong."
    assert [q for q, _ in quotes] == ["they said this", "and that"]
    assert own[quotes[1][1]:].startswith("Also wrong")


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("we JUST don't   know", "we just don't know"),
        ("just don't know what...", "just don't know what"),
        ("Well, we just ... the maximum", "Well, we just don't know what the maximum"),
        ("ell, we just don't kn", "we just don't"),
    ],
)
def test_quotes_find_quote_is_tolerant(quote: str, found: str) -> None:
    text = "Well, we just don't know what the maximum capability is."
    span = find_quote(quote, text)
    assert span is not None
    assert found.lower() in text[span[0]:span[1]].lower()


def test_quotes_find_quote_rejects_words_not_there() -> None:
    assert find_quote("something else entirely", "Well, we just don't know.") is None


def test_quotes_resolve_quotes_finds_the_grandparent_when_the_parent_lacks_the_words() -> None:
    root = Post(external_id="r", parent=None, author=None, text="Taxes on sugar reduce obesity in the long run.")
    middle = Post(external_id="m", parent="r", author=None, text="I am not sure about that.")
    reply = Post(external_id="x", parent="m", author=None, text="Evidence says otherwise.")
    reply.quotes.append(Quote("sugar reduce obesity"))
    stray = Post(external_id="y", parent="r", author=None, text="Unrelated.")
    stray.quotes.append(Quote("words nobody wrote"))
    notes = resolve_quotes([root, middle, reply, stray])
    assert [(n.reason, n.post) for n in notes] == [("unmatched-quote", "y")]  # said, for the ingest summary
    assert reply.quotes[0].source_post == "r"
    assert root.text[reply.quotes[0].source_start:reply.quotes[0].source_end] == "sugar reduce obesity"
    assert stray.quotes[0].source_post is None


@given(st.text(max_size=80))
def test_quotes_folding_keeps_alphanumerics_lower_cased_with_their_offsets(text: str) -> None:
    folded, offsets = _normalised(text)
    assert fold(text) == folded
    assert len(offsets) == len(folded)
    assert all(text[i].isalnum() for i in offsets)
    assert offsets == sorted(offsets)
    if text.isascii():  # the fast path: exactly the letters and digits, lower-cased
        assert folded == "".join(ch.lower() for ch in text if ch.isalnum())
        assert offsets == [i for i, ch in enumerate(text) if ch.isalnum()]


@pytest.mark.parametrize("lines", [
    [">> what the grandparent said", "> what the parent answered"],
    ["> > what the grandparent said", "> what the parent answered"],
    ["&gt;&gt; what the grandparent said", "&gt; what the parent answered"],
])
def test_quotes_nested_levels_keep_the_outermost(lines: list[str]) -> None:
    assert quoted_words(lines) == "what the parent answered"
    own, quotes = split_quoted("\n".join([*lines, "My answer."]))
    assert (own, quotes) == ("My answer.", [("what the parent answered", 0)])


def test_quotes_a_run_of_one_level_is_joined() -> None:
    assert quoted_words([">> first line", ">>second line"]) == "first line second line"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("line", ["", "a", "> a"])
def test_quotes_split_quoted_reads_a_million_lines_in_linear_time(line: str) -> None:
    # The length of the own text was joined again for every line: 100,000 empty lines took 24 s.
    text = "Opening words.\n" + "\n".join([line] * 1_000_000) + "\nLast words."
    own, quotes = split_quoted(text)
    assert own.startswith("Opening words.") and own.endswith("Last words.")
    assert all(0 <= offset <= len(own) for _, offset in quotes)
    assert len(quotes) == (1 if line.startswith(">") else 0)
