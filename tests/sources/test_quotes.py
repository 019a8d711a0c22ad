"""Quoted words: split off a post, found in the post quoted, and looked for up the line of ancestors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.domain import Post, Quote
from argmap.sources.quotes import (
    EDITED_MIN_CHARS,
    _normalised,
    find_edited_quote,
    find_in,
    find_quote,
    fold,
    looked_in,
    quoted_words,
    resolve_quotes,
    split_quoted,
)


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


PARENT = ("Night buses cost the city less than people think. The council's own report puts the yearly bill "
          "for four routes below the price of one roundabout, and riders fill most seats after midnight.")


@pytest.mark.parametrize(
    ("quote", "held"),
    [
        # a typo mended
        ("The councils own reprot puts the yearly bill for four routes below the price of one roundabout",
         "The council's own report puts the yearly bill for four routes below the price of one roundabout"),
        # the quoter's own word in brackets for the writer's
        ("[The city's] own report puts the yearly bill for four routes below the price of one roundabout",
         "own report puts the yearly bill for four routes below the price of one roundabout"),
        # an ending rewritten: the part still the parent's is the span
        ("The council's own report puts the yearly bill for four routes below the price of one roundabout, and "
         "riders fill most seats in the small hours",
         "The council's own report puts the yearly bill for four routes below the price of one roundabout, and "
         "riders fill most seats"),
    ],
)
def test_quotes_find_edited_quote_forgives_a_few_changed_words(quote: str, held: str) -> None:
    assert find_quote(quote, PARENT) is None  # word for word, it is not there
    span = find_edited_quote(quote, PARENT)
    assert span is not None
    assert PARENT[span[0]:span[1]] == held  # whole words, from the first piece that stands to the last


@pytest.mark.parametrize(
    "quote",
    [
        "The council's own report",  # too short to be found with changes: it could stand nearly anywhere
        "The council's own survey says riders avoid the night routes because the stops are badly lit",
        "Night trains cost the country more than anyone admits, and nobody rides them after midnight",
    ],
)
def test_quotes_find_edited_quote_rejects_other_words(quote: str) -> None:
    assert find_edited_quote(quote, PARENT) is None


def test_quotes_find_edited_quote_needs_enough_letters() -> None:
    words = "the yearly bill for four routes"
    assert len(fold(words)) < EDITED_MIN_CHARS
    assert find_edited_quote(words.replace("four", "for"), PARENT) is None


def test_quotes_find_in_prefers_the_words_themselves_to_an_edited_match_nearer() -> None:
    quote = "riders fill most seats after midnight on every one of the four routes the council runs each weekend"
    near = Post(external_id="near", parent=None, author=None, text="riders fill most seats after midnight on every "
                "one of the three routes the council runs each weekend")
    far = Post(external_id="far", parent=None, author=None, text="I counted: riders fill most seats after midnight "
               "on every one of the four routes the council runs each weekend.")
    found = find_in(quote, [near, far])
    assert found is not None and found.post is far and not found.edited
    found = find_in(quote, [near])
    assert found is not None and found.post is near and found.edited


def test_quotes_find_in_folds_each_candidate_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # before: a quote found nowhere word for word folded each candidate post twice, once for each pass
    from argmap.sources import quotes

    posts = [Post(external_id=str(n), parent=None, author=None, text=f"Post {n} says the buses run late at night.")
             for n in range(3)]
    folded: list[str] = []
    real = quotes.fold

    def counted(text: str) -> str:
        folded.append(text)
        return real(text)

    monkeypatch.setattr(quotes, "fold", counted)
    assert find_in("a quote of some forty letters that none of these posts holds", posts) is None
    assert sorted(text for text in folded if text.startswith("Post")) == [post.text for post in posts]


def test_quotes_resolve_quotes_finds_a_lightly_edited_quote_in_the_parent() -> None:
    root = Post(external_id="r", parent=None, author=None, text=PARENT)
    reply = Post(external_id="x", parent="r", author=None, text="That report left out the drivers' overtime.")
    reply.quotes.append(Quote("The councils own reprot puts the yearly bill for four routes below the price"))
    assert resolve_quotes([root, reply]) == []  # no unmatched-quote note
    quote = reply.quotes[0]
    assert quote.source_post == "r"
    assert PARENT[quote.source_start:quote.source_end] == ("The council's own report puts the yearly bill for four "
                                                           "routes below the price")


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


def test_quotes_a_quote_found_nowhere_costs_no_call_per_post_looked_in(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each quote from outside the thread was looked for in every earlier post, its words cut and folded again for
    each, and each post's text folded again for each quote: 4,000 such posts took 106 s to read (1,000 took 8).
    Now a post that holds no piece of the quote is passed over without a call, and each text is folded once."""
    from argmap import read_thread
    from argmap.sources import quotes

    lines = ["Opening post: prices fall when supply grows, so the policy is right."]
    for n in range(300):
        lines += ["", f"> a line from some outside article number {n} that nobody here wrote",
                  f"That is wrong because of reason {n} and the cost figures."]
    path = tmp_path / "outside.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls = {"find_quote": 0, "find_edited_quote": 0, "fold": 0}
    for name in calls:
        real = getattr(quotes, name)

        def counted(*args: object, _real: object = real, _name: str = name, **kwargs: object) -> object:
            calls[_name] += 1
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(quotes, name, counted)
    thread = read_thread(path)
    assert len(thread.posts) == 301 and all(q.source_post is None for p in thread.posts for q in p.quotes)
    assert calls["find_quote"] == calls["find_edited_quote"] == 0  # 45,150 calls each before
    assert calls["fold"] < 5 * len(thread.posts)  # each text once, each quote's pieces once: 180,000 before


def test_quotes_are_looked_for_in_the_nearest_posts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pasted thread of 20,000 posts each quoting an outside line took nine minutes to read: each quote was
    looked for in every earlier post. Only the nearest MAX_QUOTED_POSTS are looked in now."""
    from argmap.sources import quotes

    monkeypatch.setattr(quotes, "MAX_QUOTED_POSTS", 3)
    words = "Buses should run all night on weekends"
    posts = [Post(external_id=str(n), parent=None, author=None, text=f"Post {n} says nothing of that.")
             for n in range(5)]
    far = Post(external_id="far", parent=None, author=None, text=words + ".")
    assert find_in(words, [*posts[:2], far]) is not None  # the third nearest: looked in
    assert find_in(words, [*posts[:3], far]) is None  # the fourth: not


def test_quotes_of_the_opening_post_are_found_however_far_back_it_lies(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    """The 1,500th reply of a pasted thread quoting its opening post was "not found in any earlier post": only the
    nearest MAX_QUOTED_POSTS were looked in, and the opening post, the one a long thread quotes most, was not."""
    from argmap import read_thread
    from argmap.sources import quotes

    monkeypatch.setattr(quotes, "MAX_QUOTED_POSTS", 3)
    blocks = ["Cities should ban cars from the centre because cars make streets dangerous."]
    blocks += [f"Reply {n} is about {word} and nothing else." for n, word in enumerate(["trams", "bikes", "vans",
                                                                                          "ferries", "taxis"])]
    blocks.append("> cars make streets dangerous\nThat is wrong, shops need deliveries.")
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    thread = read_thread(path)
    last = thread.posts[-1]
    assert (last.quotes[0].source_post, last.parent) == ("1", "1")
    assert "cars make streets dangerous" in thread.posts[0].text[last.quotes[0].source_start:
                                                                 last.quotes[0].source_end]
    assert not [note for note in thread.notes if note.reason == "unmatched-quote"]
    posts = [Post(external_id=str(n), parent=None, author=None, text="") for n in range(6)]
    assert [p.external_id for p in looked_in(posts, first=posts[2])] == ["2", "5", "0"]  # the parent first
    assert [p.external_id for p in looked_in(posts[:3])] == ["2", "1", "0"]  # near enough: as they come


@pytest.mark.parametrize(("quoted", "edited"), [
    ("a years-long record of racist policies", True),  # "policies" is not the word that follows: changed
    ("a years-long record of racist rhetoric", False),
    ("years-long record of racist rhet", False),  # cut mid-word: the words themselves
])
def test_quotes_a_quote_found_only_without_a_word_at_its_end_is_edited(quoted: str, edited: bool) -> None:
    """A short quote whose last word the parent does not have was found without it and placed as the parent's very
    words, so its relation's reason presented "racist policies" as said."""
    root = Post(external_id="r", parent=None, author=None,
                text="Voting for him is complicity with a years-long record of racist rhetoric and policies.")
    reply = Post(external_id="x", parent="r", author=None, text="That does not hold.")
    reply.quotes.append(Quote(quoted))
    assert resolve_quotes([root, reply]) == []
    quote = reply.quotes[0]
    assert (quote.source_post, quote.edited) == ("r", edited)
    assert "years-long record of racist" in root.text[quote.source_start:quote.source_end]
