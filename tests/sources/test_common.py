"""Decoding, JSON, HTML cleaning and tree assembly shared by every reader."""

from __future__ import annotations

import json

import pytest

from argmap.domain import Post
from argmap.errors import EmptyInput, InputError
from argmap.sources.common import assemble, decode, html_to_text, is_blank, load_json, parse_time


def test_common_decode_reads_utf8_with_emoji_and_rtl() -> None:
    text = "Prices rose 😀 — قال إن الأسعار ارتفعت\n"
    decoded, notes = decode(text.encode("utf-8"), "x.txt")
    assert decoded == text
    assert notes == []


def test_common_decode_repairs_mixed_encodings_line_by_line() -> None:
    data = "caf\u00e9 is fine\n".encode() + "na\u00efve line\n".encode("cp1252")
    decoded, notes = decode(data, "mixed.txt")
    assert decoded.splitlines() == ["caf\u00e9 is fine", "na\u00efve line"]
    assert [n.reason for n in notes] == ["re-encoded"]
    assert "line 2" in notes[0].detail or "lines 2" in notes[0].detail


def test_issue2_decode_keeps_the_utf8_of_a_line_with_a_stray_byte() -> None:
    # A Reddit or Algolia answer is one line: one Windows-1252 byte in one comment must not garble the rest.
    good = '[{"text": "That\u2019s it \U0001f600 \u05e9\u05dc\u05d5\u05dd"}, '
    data = good.encode() + b'{"text": "caf\xe9 \x93quoted\x94"}]\n'
    decoded, notes = decode(data, "thread.json")
    assert decoded == good + '{"text": "caf\u00e9 \u201cquoted\u201d"}]\n'
    assert [n.reason for n in notes] == ["re-encoded"]
    assert "line 1" in notes[0].detail or "lines 1" in notes[0].detail


def test_common_decode_refuses_binary_and_names_the_file() -> None:
    with pytest.raises(InputError) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "picture.png")
    assert "picture.png" in str(info.value)
    assert "binary" in str(info.value)
    assert "fix:" in str(info.value)


def test_common_decode_refuses_empty_input() -> None:
    with pytest.raises(EmptyInput, match="empty"):
        decode(b"  \n\n", "blank.txt")


@pytest.mark.parametrize("data", [" \u200b\n\u200f\t\ufeff\u2060\n".encode(), " \u200b\n".encode("utf-16")],
                         ids=["utf8", "utf16"])
def test_common_decode_refuses_a_file_of_invisible_characters(data: bytes) -> None:
    with pytest.raises(EmptyInput, match=r"invisible\.txt: is empty"):
        decode(data, "invisible.txt")


def test_common_is_blank_sees_through_invisible_characters_only() -> None:
    assert is_blank("") and is_blank(" \t\n\u00a0\u200b\u200c\u200d\u200e\u202e\u2066\ufeff\u00ad")
    assert not is_blank("\u200bword") and not is_blank("🐈") and not is_blank("\u0627")


def test_common_decode_drops_stray_nul_bytes_with_a_note() -> None:
    text = ("a" * 600 + "\x00b\n").encode()
    decoded, notes = decode(text, "nul.txt")
    assert "\x00" not in decoded
    assert notes[0].reason == "nul-bytes"


@pytest.mark.parametrize("data", [b"one\r\ntwo\r\n", b"one\rtwo\r", "one\r\ntwo\r\n".encode("utf-16")],
                         ids=["crlf", "cr", "utf16-crlf"])
def test_common_decode_gives_lf_line_ends(data: bytes) -> None:
    decoded, _ = decode(data, "w.txt")
    assert decoded == "one\ntwo\n"


def test_common_decode_drops_the_byte_order_marks_of_joined_files() -> None:
    joined = b"\xef\xbb\xbf" + b'{"id": 1}\r\n' + b"\xef\xbb\xbf" + b'{"id": 2}\r\n'
    decoded, _ = decode(joined, "joined.jsonl")
    assert decoded == '{"id": 1}\n{"id": 2}\n'


def test_common_decode_reads_utf16_with_bom() -> None:
    decoded, _ = decode("héllo\n".encode("utf-16"), "w.txt")
    assert decoded == "héllo\n"


def test_common_html_to_text_keeps_links_paragraphs_and_code() -> None:
    html = ('<p>See <a href="https://example.org/a/very/long/path">https://example.org/a/very/...</a>'
            '<p>and <a href="https://b.example/">this page</a> &amp; <i>that</i>.<pre><code>x = 1\n'
            'y = 2</code></pre>')
    text = html_to_text(html)
    assert "https://example.org/a/very/long/path" in text
    assert "this page (https://b.example/)" in text
    assert "& that." in text
    assert "x = 1\ny = 2" in text
    assert "\n\n" in text


def test_common_html_to_text_keeps_a_blockquote_of_paragraphs_quoted() -> None:
    """Only a blockquote's first line was marked '> ', and before its first paragraph at that: a quote of
    paragraphs (as forums write them) became the reply's own words."""
    from argmap.sources.quotes import split_quoted

    html = ("<blockquote><p>Offices help juniors.</p><p>They overhear seniors.</p>"
            "<blockquote><p>Nested context.</p></blockquote></blockquote><p>Not since Slack.</p>\x01")
    text = html_to_text(html)
    assert text == "> Offices help juniors.\n> They overhear seniors.\n> > Nested context.\n\nNot since Slack."
    assert split_quoted(text) == ("Not since Slack.", [("Offices help juniors. They overhear seniors.", 0)])
    assert html_to_text("<p>Before.</p><blockquote>One line</blockquote>After.") == "Before.\n\n> One line\n\nAfter."


def test_common_html_to_text_reads_br_as_a_line_break_not_a_paragraph() -> None:
    # Discourse writes a line break inside a paragraph as <br>; it was read as a paragraph break, so each line
    # took the kind cue of a paragraph's opening sentence
    assert html_to_text("<p>Roses are red<br>violets are blue</p><p>Next</p>") == \
        "Roses are red\nviolets are blue\n\nNext"
    assert html_to_text("one<br/>two") == "one\ntwo"
    assert html_to_text("one<br><br>two") == "one\n\ntwo"  # an empty line between: a new paragraph
    assert html_to_text("<blockquote>cars<br>pollute</blockquote>No.") == "> cars\n> pollute\n\nNo."


def test_common_html_to_text_survives_unclosed_and_deep_tags() -> None:
    assert html_to_text("<p>open <b>bold <i>both") == "open bold both"
    deep = "<div>" * 5000 + "core" + "</div>" * 5000
    assert html_to_text(deep) == "core"


def test_common_html_to_text_never_keeps_script() -> None:
    assert "alert" not in html_to_text("<p>hi<script>alert(1)</script>")


def test_common_load_json_handles_nesting_deeper_than_the_recursion_limit() -> None:
    deep = "[" * 20_000 + "]" * 20_000
    value = load_json(deep, "deep.json")
    depth = 0
    while value:
        value = value[0]
        depth += 1
    assert depth == 19_999


def test_common_load_json_names_line_of_syntax_error() -> None:
    with pytest.raises(InputError) as info:
        load_json('{\n  "a": 1,\n  "b": \n', "cut.json")
    assert info.value.line is not None
    assert "cut.json" in str(info.value)


def test_common_parse_time_reads_epochs_and_iso() -> None:
    assert parse_time(0) is not None and parse_time(0).year == 1970  # type: ignore[union-attr]
    assert parse_time("1160418111").year == 2006  # type: ignore[union-attr]
    assert parse_time("2024-05-01T10:00:00Z").tzinfo is not None  # type: ignore[union-attr]
    assert parse_time("not a date") is None


def test_common_parse_time_gives_utc_and_nothing_past_its_range() -> None:
    from datetime import UTC, datetime

    assert parse_time("2024-03-01T09:00:00+01:00") == datetime(2024, 3, 1, 8, tzinfo=UTC)
    assert parse_time("2024-03-01T09:00:00+01:00").tzinfo is UTC  # type: ignore[union-attr]
    # an hour past 9999-12-31T23:59:59 in UTC, an hour before 0001-01-01: no database stores them
    assert parse_time("9999-12-31T23:59:59-01:00") is None
    assert parse_time("0001-01-01T00:30:00+01:00") is None


def test_common_parse_time_reads_a_date_without_dashes_and_a_leap_second() -> None:
    """``"20240301"`` was read as epoch seconds (1970-08-23), and a leap second left its post undated, noted as no
    ISO 8601 at all."""
    from datetime import UTC, datetime

    assert parse_time("20240301") == datetime(2024, 3, 1, tzinfo=UTC)
    assert parse_time("2016-12-31T23:59:60Z") == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert parse_time("2016-12-31T23:59:60.5+01:00") == datetime(2016, 12, 31, 22, 59, 59, 500000, tzinfo=UTC)
    assert parse_time("99999999") == datetime.fromtimestamp(99999999, tz=UTC)  # no date: epoch seconds
    assert parse_time("1160418111") == datetime(2006, 10, 9, 18, 21, 51, tzinfo=UTC)


def _post(pid: str, parent: str | None, text: str = "words") -> Post:
    return Post(external_id=pid, parent=parent, author=None, text=text)


def test_common_assemble_orders_parents_first_and_reports_problems() -> None:
    posts = [_post("c", "b"), _post("a", None), _post("b", "a"), _post("b", "a", "again"),
             _post("d", "nowhere"), _post("e", "a", "")]
    thread = assemble(key="k", format="t", source="s", posts=posts)
    assert [p.external_id for p in thread.posts] == ["a", "b", "c", "d"]
    reasons = sorted(n.reason for n in thread.notes)
    assert reasons == ["dangling-parent", "duplicate-id", "empty-text"]
    assert thread.posts[3].parent == "a"


def test_common_assemble_breaks_parent_cycles() -> None:
    posts = [_post("root", None), _post("x", "y"), _post("y", "x")]
    thread = assemble(key="k", format="t", source="s", posts=posts)
    assert {p.external_id for p in thread.posts} == {"root", "x", "y"}
    assert any(n.reason == "parent-cycle" for n in thread.notes)
    alone = assemble(key="k", format="t", source="s", posts=[_post("root", None), _post("z", "z")])
    assert [(n.reason, n.post) for n in alone.notes] == [("parent-cycle", "z")]  # a cycle of one is a cycle
    assert alone.posts[1].parent == "root"
    ids = [p.external_id for p in thread.posts]
    for post in thread.posts:
        if post.parent is not None:
            assert ids.index(post.parent) < ids.index(post.external_id)


def test_common_assemble_handles_a_chain_10000_deep() -> None:
    posts = [_post("0", None)] + [_post(str(i), str(i - 1)) for i in range(1, 10_000)]
    thread = assemble(key="k", format="t", source="s", posts=reversed(posts))
    assert len(thread.posts) == 10_000
    assert thread.posts[-1].external_id == "9999"


def test_common_assemble_keeps_empty_posts_that_have_replies() -> None:
    posts = [_post("a", None), _post("gone", "a", ""), _post("reply", "gone")]
    thread = assemble(key="k", format="t", source="s", posts=posts)
    assert [p.external_id for p in thread.posts] == ["a", "gone", "reply"]


def test_common_assemble_passes_over_posts_of_invisible_characters() -> None:
    posts = [Post(external_id="1", parent=None, author=None, text="Ban cars."),
             Post(external_id="2", parent="1", author=None, text="\u200b\u200e"),
             Post(external_id="3", parent="1", author=None, text=" \ufeff ")]
    thread = assemble(key="k", format="jsonl", source="s.jsonl", posts=posts)
    assert [p.external_id for p in thread.posts] == ["1"]
    assert [n.reason for n in thread.notes] == ["empty-text", "empty-text"]
    with pytest.raises(EmptyInput, match="no post with text"):
        assemble(key="k", format="jsonl", source="s.jsonl", posts=posts[1:2])


def test_common_assemble_refuses_a_thread_without_text() -> None:
    with pytest.raises(EmptyInput):
        assemble(key="k", format="t", source="s", posts=[_post("a", None, "  ")])


@pytest.mark.parametrize(("text", "said"), [('{"id": 1,\n "text": "x",\n}', "a comma ends the object before '}'"),
                                            ('[{"id": 1}, {"id": 2} , ]', "a comma ends the list before ']'")])
def test_common_load_json_names_a_trailing_comma_and_its_fix(text: str, said: str) -> None:
    with pytest.raises(InputError) as info:
        load_json(text, "edited.json")
    assert said in str(info.value) and "fix: remove the comma after its last item" in str(info.value)
    assert "truncated" not in str(info.value)


def test_common_html_to_text_of_a_short_fragment_with_a_lone_surrogate() -> None:
    """BeautifulSoup encodes a short fragment without tags to UTF-8, which a lone surrogate fails: an HN comment
    "Tom &amp; Jerry \\ud800 disagree" made the whole thread "a bug in argmap's reader"."""
    assert html_to_text("Tom &amp; Jerry \ud800 disagree.") == "Tom & Jerry \ufffd disagree."


@pytest.mark.parametrize("item", [
    '{"id": 2, "parent": 1, "text": "Tom &amp; Jerry \\ud800 disagree."}',  # one in the text, once in its raw
    '{"id": 2, "parent": 1, "text": "> Buses \\ud800 are slow\\nNot at night."}',  # one in a quote of the raw
    '{"id": "\\ud800", "parent": 1, "text": "Wrong."}\n{"id": 3, "parent": "\\ud800", "text": "Right."}',
])
def test_common_unstorable_characters_are_counted_once_each(item: str) -> None:
    """One lone surrogate was counted 2 times (in the text and in its raw form), five as 4."""
    from argmap.sources import jsonl

    thread = jsonl.read('{"id": 1, "text": "Buses are slow."}\n' + item + "\n", source="s.jsonl")
    [note] = [n for n in thread.notes if n.reason == "unstorable-chars"]
    assert note.detail.startswith("replaced 1 NUL or lone-surrogate character(s)")


def test_common_a_post_of_quotes_alone_is_noted_as_such_not_as_empty() -> None:
    """A reply that only quotes its parent, with no words of its own and no replies, was left out with the note
    "has no text (deleted or empty)", which sent its reader looking for a deletion; it is noted ``quote-only``, as the
    Hacker News readers note one, and an empty post still ``empty-text``."""
    from argmap.sources import jsonl

    lines = "\n".join(json.dumps(line) for line in (
        {"id": 1, "text": "Cities should ban cars from their centres."},
        {"id": 2, "parent": 1, "text": "> Cities should ban cars"}, {"id": 3, "parent": 1, "text": ""}))
    thread = jsonl.read(lines, source="q.jsonl")
    assert [(n.reason, n.post) for n in thread.notes] == [("quote-only", "2"), ("empty-text", "3")]
    assert "only quotes others" in thread.notes[0].detail
