"""Decoding, HTML cleaning, quote matching and tree assembly shared by every reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.domain import Post
from argmap.errors import EmptyInput, InputError
from argmap.sources.common import (
    _folded,
    _normalised,
    assemble,
    decode,
    find_quote,
    html_to_text,
    load_json,
    parse_time,
    split_quoted,
)


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


def test_common_decode_refuses_binary_and_names_the_file() -> None:
    with pytest.raises(InputError) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "picture.png")
    assert "picture.png" in str(info.value)
    assert "binary" in str(info.value)
    assert "fix:" in str(info.value)


def test_common_decode_refuses_empty_input() -> None:
    with pytest.raises(EmptyInput, match="empty"):
        decode(b"  \n\n", "blank.txt")


def test_common_decode_drops_stray_nul_bytes_with_a_note() -> None:
    text = ("a" * 600 + "\x00b\n").encode()
    decoded, notes = decode(text, "nul.txt")
    assert "\x00" not in decoded
    assert notes[0].reason == "nul-bytes"


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


def test_common_html_to_text_survives_unclosed_and_deep_tags() -> None:
    assert html_to_text("<p>open <b>bold <i>both") == "open bold both"
    deep = "<div>" * 5000 + "core" + "</div>" * 5000
    assert html_to_text(deep) == "core"


def test_common_html_to_text_never_keeps_script() -> None:
    assert "alert" not in html_to_text("<p>hi<script>alert(1)</script>")


def test_common_split_quoted_separates_quotes_from_own_words() -> None:
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
def test_common_find_quote_is_tolerant(quote: str, found: str) -> None:
    text = "Well, we just don't know what the maximum capability is."
    span = find_quote(quote, text)
    assert span is not None
    assert found.lower() in text[span[0]:span[1]].lower()


def test_common_find_quote_rejects_words_not_there() -> None:
    assert find_quote("something else entirely", "Well, we just don't know.") is None


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


def test_common_assemble_refuses_a_thread_without_text() -> None:
    with pytest.raises(EmptyInput):
        assemble(key="k", format="t", source="s", posts=[_post("a", None, "  ")])


def test_common_resolve_quotes_finds_the_grandparent_when_the_parent_lacks_the_words() -> None:
    from argmap.domain import Quote
    from argmap.sources.common import resolve_quotes

    root = _post("r", None, "Taxes on sugar reduce obesity in the long run.")
    middle = _post("m", "r", "I am not sure about that.")
    reply = _post("x", "m", "Evidence says otherwise.")
    reply.quotes.append(Quote("sugar reduce obesity"))
    stray = _post("y", "r", "Unrelated.")
    stray.quotes.append(Quote("words nobody wrote"))
    notes = resolve_quotes([root, middle, reply, stray])
    assert [(n.reason, n.post) for n in notes] == [("unmatched-quote", "y")]  # said, for the ingest summary
    assert reply.quotes[0].source_post == "r"
    assert root.text[reply.quotes[0].source_start:reply.quotes[0].source_end] == "sugar reduce obesity"
    assert stray.quotes[0].source_post is None


@given(st.text(max_size=80))
def test_folding_keeps_alphanumerics_lower_cased_with_their_offsets(text: str) -> None:
    folded, offsets = _normalised(text)
    assert _folded(text) == folded
    assert len(offsets) == len(folded)
    assert all(text[i].isalnum() for i in offsets)
    assert offsets == sorted(offsets)
    if text.isascii():  # the fast path: exactly the letters and digits, lower-cased
        assert folded == "".join(ch.lower() for ch in text if ch.isalnum())
        assert offsets == [i for i, ch in enumerate(text) if ch.isalnum()]
