"""Reddit Markdown read as plain text: what goes, what stays, and what must never change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.sources.markdown import plain_text


@pytest.mark.parametrize(("markdown", "text"), [
    ("**Fares** should be free: see [the study](https://x.org/s).",
     "Fares should be free: see the study (https://x.org/s)."),
    ("[https://x.org/a](https://x.org/a)", "https://x.org/a"),
    ("[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) says", "wiki (https://en.wikipedia.org/wiki/Foo_(bar)) says"),
    ('[label](https://x.org/a "Title") here', "label (https://x.org/a) here"),
    ("# Heading\nText with *emphasis*, _this_, ~~gone~~ and ^(small) words",
     "Heading\nText with emphasis, this, gone and small words"),
    ("reply **bold** and `code`", "reply bold and code"),
    ("An escaped \\*star\\*", "An escaped *star*"),
    # character references show as their characters; a zero-width space is no word
    ("&#3232;_&#3232; so it goes &hellip;\n\n&#x200B;", "\u0ca0_\u0ca0 so it goes \u2026\n\n\u200b"),
    ("a star &#42;not emphasis&#42;", "a star *not emphasis*"),
    # a superscript caret that opens a word goes, also stacked; an exponent keeps its caret
    ("^I ^am ^a ^^^bot, n^2 and this ^ too", "I am a bot, n^2 and this ^ too"),
])
def test_markdown_marks_go_and_words_stay(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


@pytest.mark.parametrize("markdown", [
    "snake_case_name and 2 * 3 * 4 and 5*3*2",  # not emphasis
    "see https://x.org/_under_/*star* for it",  # marks inside a URL belong to it
    "**unclosed bold and *unclosed",  # unbalanced: left as written
    "\\> an escaped quote mark stays escaped",  # it must not become a quoted line
    "> a quoted line keeps its mark",
    "*> emphasis that starts with a quote mark*",  # on the page: emphasis, not a quote; it stays unquoted
    "# > a heading that starts with a quote mark",
    "&#62; a reference to a quote mark opening the line",  # it must not become a quoted line either
    "a reference to a line break &#10; or a separator &#x2028; stays, and so does AT&T or &copy or &nosuch;",
])
def test_markdown_leaves_what_is_not_markup(markdown: str) -> None:
    assert plain_text(markdown) == markdown


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["[", "](", ")", "**", "*", "_", "__", "~~", "^(", "`", "\\", "#", " ",
                                           "\n", "> ", "https://x.org/", "(", "\"t\"", "^", "&#10;", "&#62;",
                                           "&#x2028;", "&amp;"]),
                          st.text(max_size=6)), max_size=40).map("".join))
def test_markdown_keeps_lines_and_never_grows(markdown: str) -> None:
    text = plain_text(markdown)
    assert text.count("\n") == markdown.count("\n")
    assert len(text) <= len(markdown)
    # and no line becomes a quote that was not one
    for before, after in zip(markdown.split("\n"), text.split("\n"), strict=True):
        assert not after.lstrip().startswith(">") or before.lstrip().startswith(">")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("piece", [" **a", " *a", " _a", " ~~a", " `a", "[a](", "^(", "**", " ^a", "&#9", "&amp;"])
def test_markdown_a_megabyte_of_unclosed_marks_reads_in_linear_time(piece: str) -> None:
    markdown = piece * (1_000_000 // len(piece))
    assert len(plain_text(markdown)) <= len(markdown)
