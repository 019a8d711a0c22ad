"""The plain-text reader: one post a line or a block, ``>`` quoting, parents recovered from quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.sources import plaintext
from tests.conftest import CORPORA


def _sample() -> plaintext.Thread:
    path = CORPORA / "hn-open-models.txt"
    return plaintext.read(path.read_text(encoding="utf-8"), source=str(path))


def test_plaintext_sample_is_one_post_a_line() -> None:
    thread = _sample()
    raw_lines = [x for x in (CORPORA / "hn-open-models.txt").read_text().splitlines() if x.strip()]
    quote_lines = [x for x in raw_lines if x.startswith(">")]
    assert len(thread.posts) == len(raw_lines) - len(quote_lines) == 19
    assert thread.posts[0].parent is None
    assert thread.title == "hn-open-models"


def test_plaintext_sample_reply_quotes_its_parent_with_span() -> None:
    thread = _sample()
    reply = next(p for p in thread.posts if p.text.startswith("Is this really true?"))
    parent = next(p for p in thread.posts if p.text.startswith("Open source 'winning'"))
    assert reply.parent == parent.external_id
    quote = reply.quotes[0]
    assert quote.source_post == parent.external_id
    assert quote.source_start == 0
    assert parent.text[quote.source_start:quote.source_end].endswith("Google Gemma models")
    assert ">" not in reply.text


def test_plaintext_double_quote_marker_finds_the_quoting_reply() -> None:
    thread = _sample()
    answer = next(p for p in thread.posts if p.text.startswith("For all theory purposes"))
    asked = next(p for p in thread.posts if p.text.startswith("Is this really true?"))
    assert answer.parent == asked.external_id
    quote = answer.quotes[0]
    assert asked.text[quote.source_start:quote.source_end] == "We just don't know what the maximum capability of AI is"


def test_plaintext_unquoted_post_attaches_by_distinctive_words() -> None:
    thread = _sample()
    gemma = next(p for p in thread.posts if p.text.startswith("The Gemma models are tiny"))
    claim = next(p for p in thread.posts if p.text.startswith("Open source 'winning'"))
    assert gemma.parent == claim.external_id
    note = next(n for n in thread.notes if n.post == gemma.external_id)
    assert note.reason == "inferred-parent"
    assert "gemma" in note.detail


def test_plaintext_unquoted_post_without_shared_words_is_top_level() -> None:
    text = "Cats are better pets than dogs.\nThe weather is nice in spring.\n"
    thread = plaintext.read(text, source="t.txt")
    assert thread.posts[1].parent == thread.posts[0].external_id
    assert not thread.notes


def test_plaintext_blank_line_blocks_are_posts() -> None:
    path = CORPORA / "examples" / "remote-work.txt"
    thread = plaintext.read(path.read_text(), source=str(path))
    assert len(thread.posts) == 5
    first, junior, agreed, pairing, commute = thread.posts
    assert junior.parent == first.external_id
    assert junior.text.startswith("That is not true") and "\n" in junior.text
    assert agreed.parent == first.external_id
    assert pairing.parent == junior.external_id
    assert junior.line == 3
    assert commute.parent == first.external_id  # shares "commuting" with the first post


def test_plaintext_quote_with_a_typo_mended_is_found_and_marked_edited() -> None:
    text = ("Night buses should be free for everyone who works past midnight in the city.\n"
            "> Night busses should be free for everyone who works past midnight in the city\n"
            "Who pays for them, though?\n")
    thread = plaintext.read(text, source="q.txt")
    quote = thread.posts[1].quotes[0]
    assert (quote.source_post, quote.edited) == ("1", True)
    assert thread.posts[0].text[quote.source_start:quote.source_end].endswith("past midnight in the city")
    assert not any(q.edited for post in _sample().posts for q in post.quotes)  # the sample quotes word for word


def test_plaintext_quote_found_nowhere_is_reported() -> None:
    thread = plaintext.read("First post here.\n> words nobody wrote anywhere\nReply.\n", source="q.txt")
    assert thread.posts[1].parent == thread.posts[0].external_id
    assert thread.posts[1].quotes[0].source_post is None
    assert [n.reason for n in thread.notes] == ["unmatched-quote"]


def test_plaintext_key_is_stable_across_paths_and_appended_posts(tmp_path: Path) -> None:
    one = plaintext.read("Opening claim.\nA reply.\n", source="a.txt")
    two = plaintext.read("Opening claim.\nA reply.\nAnother reply.\n", source=str(tmp_path / "b.txt"))
    assert one.key == two.key


def test_plaintext_sniff_refuses_json() -> None:
    assert plaintext.sniff("Hello there")
    assert not plaintext.sniff('  {"id": 1}')
    assert not plaintext.sniff("[1, 2]")


def test_plaintext_nested_quote_answers_the_outermost_level() -> None:
    # mail-style quoting: ">>" is what the parent answered, ">" is the parent; the post answers the parent
    text = ("Nuclear power is the only way to decarbonise by 2040. Renewables cannot cover the winter peak.\n\n"
            "> Renewables cannot cover the winter peak.\nBatteries and interconnectors can cover the peak.\n\n"
            ">> Renewables cannot cover the winter peak.\n> Batteries and interconnectors can cover the peak.\n"
            "Batteries last hours, not weeks.\n")
    first, second, third = plaintext.read(text, source="n.txt").posts
    assert (second.parent, third.parent) == (first.external_id, second.external_id)
    assert [q.text for q in third.quotes] == ["Batteries and interconnectors can cover the peak."]
    assert third.quotes[0].source_post == second.external_id
    assert third.text == "Batteries last hours, not weeks."


def test_plaintext_blank_line_between_a_quote_and_its_answer_keeps_them_one_post() -> None:
    text = ("Remote work should be the default. Commuting wastes hours every week.\n\n"
            "> Commuting wastes hours every week.\n\n"
            "Some people like their commute, it is the only time they read.\n")
    thread = plaintext.read(text, source="b.txt")
    first, reply = thread.posts
    assert reply.parent == first.external_id and reply.quotes[0].source_post == first.external_id
    assert reply.text.startswith("Some people") and reply.line == 3
    assert not [n for n in thread.notes if n.reason == "empty-text"]


def test_plaintext_a_name_opening_a_sentence_still_counts_as_a_name() -> None:
    # "Utrecht" is a name mid-sentence in the second post; the reply opens with it, where a capital says nothing
    text = ("Dogs should be allowed off the lead in every city park.\n"
            "I moved to Utrecht last year and the dog owners there keep them on the lead.\n"
            "Children are scared of big dogs running loose.\n"
            "Most owners train their dogs well enough.\n"
            "Fines for owners who do not clean up would help more.\n"
            "Some parks already have fenced areas for this.\n"
            "Utrecht has much bigger green spaces than most places.\n")
    posts = plaintext.read(text, source="dogs.txt").posts
    assert posts[-1].parent == posts[1].external_id


def test_plaintext_a_pasted_page_with_one_blank_line_is_still_one_post_a_line() -> None:
    # one blank line makes the text read by blocks; a block whose quotes quote its own lines is posts, one a line
    page = [x for x in (CORPORA / "hn-open-models.txt").read_text(encoding="utf-8").splitlines() if x.strip()][:12]
    text = "\n".join(page) + "\n\nA last post, added after a blank line.\n"
    thread = plaintext.read(text, source="page.txt")
    quote_lines = sum(1 for x in page if x.startswith(">"))
    assert len(thread.posts) == len(page) - quote_lines + 1
    assert [n.reason for n in thread.notes].count("lines-as-posts") == 1
    answer = next(p for p in thread.posts if p.text.startswith("Is this really true?"))
    assert answer.quotes and answer.quotes[0].source_post is not None


def test_plaintext_a_post_answering_several_quotes_of_its_parent_stays_one_post() -> None:
    text = ("Trains beat planes under 500 km. Night trains should get public money.\n\n"
            "> Trains beat planes under 500 km.\nNot with today's prices.\n"
            "> Night trains should get public money.\nThey lose money on every route.\n")
    first, reply = plaintext.read(text, source="r.txt").posts
    assert reply.parent == first.external_id and len(reply.quotes) == 2


def test_plaintext_line_of_invisible_characters_parts_posts_like_a_blank_line() -> None:
    text = "Cars are loud in town.\n\u200b\u200f\nElectric ones are quiet.\n\u00a0\nBuses are louder.\n"
    thread = plaintext.read(text, source="pasted.txt")
    assert [p.text for p in thread.posts] == ["Cars are loud in town.", "Electric ones are quiet.",
                                              "Buses are louder."]


def test_plaintext_a_quote_mark_with_no_words_is_no_quote() -> None:
    """The reader split quotes from text with its own loop, which kept a bare '>' as an empty quote that no post
    holds ('unmatched-quote'); it now asks split_quoted, as every other reader does."""
    thread = plaintext.read("First post here.\n>\nA reply under an empty quote line.\n", source="x.txt")
    reply = thread.posts[1]
    assert reply.text == "A reply under an empty quote line." and reply.quotes == []
    assert not [note for note in thread.notes if note.reason == "unmatched-quote"]


def test_plaintext_a_pasted_hacker_news_page_reads_its_comments_and_their_authors() -> None:
    """A page copied from the site kept its own words as posts ("alice 3 hours ago | next [–]", "reply", the points
    line): 11 posts instead of 4, and no author."""
    page = ("Is packaging finally fixed? (example.org)\n"
            "120 points by starter 5 hours ago | hide | past | favorite | 3 comments\n"
            "alice 3 hours ago | next [–]\n"
            "Packaging has improved since pyproject.toml. The remaining pain is native extensions.\n"
            "reply\n"
            "bob 2 hours ago | parent | next [–]\n"
            "> The remaining pain is native extensions\n"
            "Not any more: cibuildwheel builds wheels for every platform.\n"
            "reply\n"
            "carol 1 hour ago | prev [–]\n"
            "Only if your dependencies are simple.\n"
            "reply\n")
    thread = plaintext.read(page, source="page.txt")
    assert [(p.author, p.parent, p.text) for p in thread.posts] == [
        ("starter", None, "Is packaging finally fixed?"),
        ("alice", "1", "Packaging has improved since pyproject.toml. The remaining pain is native extensions."),
        ("bob", "2", "Not any more: cibuildwheel builds wheels for every platform."),
        ("carol", "1", "Only if your dependencies are simple.")]
    # Words about time are no headings: two of them leave a pasted thread as it was.
    plain = plaintext.read("Posted 3 days ago\nCars are loud.\nEdited 2 hours ago\nNot electric ones.\n",
                           source="p.txt")
    assert len(plain.posts) == 4


def test_plaintext_keep_ids_compares_each_post_with_a_few_stored_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file pasted over with another thread compared every new post with every stored one to find edits: two
    unrelated pastes of 3,000 posts took minutes. An edit stays where it was, so each post is compared with at most
    :data:`plaintext.EDIT_WINDOW` stored posts; an edit in place is still found."""
    calls: list[int] = []
    alike = plaintext._alike

    def counted(old: str, new: str) -> bool:
        calls.append(1)
        return alike(old, new)

    monkeypatch.setattr(plaintext, "_alike", counted)
    stored = plaintext.read("\n\n".join(f"Stored point number {n} about buses." for n in range(200)), source="a.txt")
    other = plaintext.read("\n\n".join(f"Unrelated remark {n} on cheese and wine." for n in range(200)), source="a.txt")
    kept = plaintext.keep_ids(other, [(p.external_id, p.text) for p in stored.posts])
    assert len(calls) <= 200 * plaintext.EDIT_WINDOW
    assert [p.external_id for p in kept.posts] == [str(n) for n in range(201, 401)]  # all new: nothing was edited

    edited = plaintext.read("Stored point number 0 about buses.\n\nStored point number 1 about trams, edited.\n\n"
                            "A new remark.", source="a.txt")
    kept = plaintext.keep_ids(edited, [(p.external_id, p.text) for p in stored.posts[:2]])
    assert [p.external_id for p in kept.posts] == ["1", "2", "3"]


def test_plaintext_keep_ids_gives_posts_of_the_same_words_each_their_own_id() -> None:
    """Review of the re-paste alignment: two posts with the same words ("I agree.") must not both take one stored
    id, nor swap theirs, when a post appears between or after them; the new one takes a number no post had."""
    def ids(before: list[str], after: list[str]) -> list[tuple[str, str, str | None]]:
        old = plaintext.read("\n".join(before), source="a.txt")
        new = plaintext.read("\n".join(after), source="a.txt")
        kept = plaintext.keep_ids(new, [(p.external_id, p.text) for p in old.posts])
        return [(p.external_id, p.text, p.parent) for p in kept.posts]

    assert ids(["Buses should be free.", "I agree.", "Fares keep the poor away.", "I agree."],
               ["Buses should be free.", "I agree.", "They would cost too much.", "Fares keep the poor away.",
                "I agree."]) == [
        ("1", "Buses should be free.", None), ("2", "I agree.", "1"), ("5", "They would cost too much.", "1"),
        ("3", "Fares keep the poor away.", "1"), ("4", "I agree.", "1")]
    assert [i for i, _, _ in ids(["Buses should be free.", "I agree.", "I agree."],
                                 ["Buses should be free.", "I agree.", "I agree.", "I agree."])] == ["1", "2", "3", "4"]


def test_plaintext_a_pasted_deleted_or_removed_comment_is_no_post_of_words() -> None:
    """A Reddit page pasted as text holds "[deleted]" and "[removed]" where comments were: each was a post of those
    words, which became an argument unit and answered the opening post. They are now no one's words, as the Reddit
    and JSON Lines readers take them: left out (noted ``empty-text``) unless something answers them."""
    thread = plaintext.read("Cities should ban cars from their centres.\n\n[deleted]\n\n[ Removed by Reddit ]\n\n"
                            "I disagree: buses are too slow to replace cars.\n", source="p.txt")
    assert [p.text for p in thread.posts] == ["Cities should ban cars from their centres.",
                                              "I disagree: buses are too slow to replace cars."]
    assert [(n.reason, n.post) for n in thread.notes] == [("empty-text", "2"), ("empty-text", "3")]
