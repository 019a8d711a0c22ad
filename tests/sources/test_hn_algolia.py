"""The Algolia items reader: the example, the real threads recast in the Algolia shape, bad shapes, depth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import EmptyInput, InputError
from argmap.sources import hn_algolia, hn_firebase, hnpwa, registry

EXAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "examples"

# ---------------------------------------------------------------------------------------------------------
# Fixture code: the shared HNPWA threads recast as Algolia items (in memory, at run time), and generators.


def as_algolia(story: dict[str, Any]) -> tuple[dict[str, Any], int, int]:
    """An HNPWA story as an Algolia item; also the number of comments and of deleted ones without replies."""
    sid = int(story["id"])
    top = {"id": sid, "created_at_i": int(story["time"]), "type": "story", "author": story.get("user"),
           "title": story["title"], "url": story.get("url"), "text": story.get("content"), "parent_id": None,
           "story_id": sid, "children": []}
    comments = gone = 0
    todo = [(child, top) for child in story["comments"]]
    while todo:
        node, parent = todo.pop(0)
        comments += 1
        deleted = node.get("deleted") is True
        gone += deleted and not node["comments"]
        item = {"id": int(node["id"]), "created_at_i": int(node["time"]), "type": "comment",
                "author": None if deleted else node.get("user"), "text": None if deleted else node["content"],
                "parent_id": parent["id"], "story_id": sid, "children": []}
        parent["children"].append(item)
        todo.extend((child, item) for child in node["comments"])
    return top, comments, gone


def chain(depth: int) -> str:
    """An Algolia story with one chain of replies ``depth`` deep, written by hand (json.dumps recurses)."""
    head = '{"id": 1, "created_at_i": 1600000000, "type": "story", "title": "Deep", "story_id": 1, "children": ['
    body = "".join(f'{{"id": {i + 2}, "type": "comment", "author": "u", "text": "reply {i}", "parent_id": {i + 1}, '
                   '"story_id": 1, "created_at_i": 1600000000, "children": ['
                   for i in range(depth))
    return head + body + "]}" * depth + "]}"


def item(id: int, text: str | None = "words", children: Any = (), **extra: Any) -> dict[str, Any]:
    return {"id": id, "type": "comment", "author": "a", "text": text, "created_at_i": 1600000000,
            "story_id": 1, "parent_id": 1, "children": list(children) if isinstance(children, tuple) else children,
            **extra}


def story(*children: Any, **extra: Any) -> str:
    doc = {"id": 1, "type": "story", "author": "op", "title": "A title", "url": "https://example.org/a",
           "text": None, "created_at": "2024-01-01T00:00:00.000Z", "created_at_i": 1704067200, "parent_id": None,
           "story_id": 1, "children": list(children), **extra}
    return json.dumps(doc)


# ---------------------------------------------------------------------------------------------------------


def test_hn_algolia_reads_the_example() -> None:
    thread = registry.read_path(EXAMPLES / "hn-algolia-example.json")
    assert (thread.format, thread.key) == ("hn", "hn:900001")
    assert thread.title == "Ask HN: Has a four-day week made your team slower?"
    assert thread.url == "https://news.ycombinator.com/item?id=900001"
    assert len(thread.posts) == 8
    by_id = {p.external_id: p for p in thread.posts}
    root = by_id["900001"]
    assert root.text.startswith(thread.title + "\n\nWe moved to a four-day week")
    assert root.title == thread.title and root.url == thread.url  # an Ask HN has no link of its own
    assert "https://example.org/four-day-week-cycle-time" in by_id["900010"].text
    quote = by_id["900011"].quotes[0]
    assert quote.source_post == "900010"
    assert by_id["900010"].text[quote.source_start:quote.source_end].startswith("Fewer days means fewer meetings")
    assert not by_id["900011"].text.startswith("Fewer days")
    assert by_id["900011"].raw.startswith("<p>&gt;")
    assert "don't" in by_id["900020"].text  # entities decoded
    # The deleted comment stays as a placeholder because it has a reply.
    assert by_id["900013"].text == "" and by_id["900014"].parent == "900013"
    assert [(n.reason, n.post) for n in thread.notes] == [("deleted", "900013")]
    assert by_id["900012"].created_at is not None and by_id["900012"].created_at.year == 2024


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    ["comments__87486160__item1.json", "comments__9dc6b9ca__item26312516.json",
     "comments__cae8303b__item25015967.json"],
)
def test_hn_algolia_reads_the_real_threads_in_algolia_shape(shared: Path, name: str) -> None:
    text = (shared / "threads" / "hn" / name).read_text(encoding="utf-8")
    doc, comments, gone = as_algolia(json.loads(text))
    thread = registry.read_bytes(json.dumps(doc).encode(), source=name)
    assert thread.format == "hn"
    quote_only = sum(1 for n in thread.notes if n.reason == "quote-only")
    assert len(thread.posts) == 1 + comments - gone - quote_only
    # Same posts and words as the HNPWA reader gives for the same thread.
    other = hnpwa.read(text, source=name)
    assert [(p.external_id, p.parent, p.text) for p in thread.posts] == [
        (p.external_id, p.parent, p.text) for p in other.posts]


def test_hn_algolia_reads_10000_deep_nesting() -> None:
    thread = hn_algolia.read(chain(10_000), source="deep.json")
    assert len(thread.posts) == 10_001
    assert thread.posts[-1].external_id == "10001" and thread.posts[-1].parent == "10000"


def test_hn_algolia_reads_a_comment_subtree() -> None:
    doc = item(5, "<p>The root of this subtree.", [item(6, "A reply to it.", parent_id=5)], parent_id=1)
    thread = hn_algolia.read(json.dumps(doc), source="sub.json")
    assert thread.key == "hn:5"
    assert [p.parent for p in thread.posts] == [None, "5"]
    assert thread.posts[0].text == "The root of this subtree."
    assert any(n.reason == "subtree" for n in thread.notes)


def test_hn_algolia_leaves_out_deleted_leaves_and_poll_options() -> None:
    text = story(item(2, "kept"), item(3, None, author=None), item(4, "Yes", type="pollopt"))
    thread = hn_algolia.read(text, source="s.json")
    assert [p.external_id for p in thread.posts] == ["1", "2"]
    assert {(n.reason, n.post) for n in thread.notes} == {("deleted", "3"), ("poll-option", "4")}


def test_hn_algolia_quote_only_comment_is_noted() -> None:
    text = story(item(2, "Cats are better than dogs, clearly.", [item(3, "&gt; Cats are better than dogs")]))
    thread = hn_algolia.read(text, source="s.json")
    assert [p.external_id for p in thread.posts] == ["1", "2"]
    assert [(n.reason, n.post) for n in thread.notes] == [("quote-only", "3")]


@pytest.mark.parametrize(
    ("text", "post", "words"),
    [
        (story(item(2, "x", children={"id": 3})), "2", "'children' is an object"),
        (story(item(2, "x", [{"text": "no id"}])), "2", "reply 1 of post '2' has no id"),
        (story(item(2, "x", ["oops"])), "2", "not an item object"),
        (story(item(2, 17)), "2", "'text' is an integer"),
        (json.dumps({"id": 1, "created_at_i": 1, "story_id": 1, "children": 5}), "1", "'children'"),
        (json.dumps({"title": "no id", "children": []}), None, "the top item has no id"),
    ],
)
def test_hn_algolia_bad_shapes_name_the_post(text: str, post: str | None, words: str) -> None:
    with pytest.raises(InputError) as info:
        hn_algolia.read(text, source="bad.json")
    assert info.value.post == post
    assert words in str(info.value)
    assert "fix:" in str(info.value)


def test_hn_algolia_refuses_search_results_and_lists() -> None:
    with pytest.raises(InputError, match="search result"):
        hn_algolia.read(json.dumps({"hits": [], "nbHits": 0}), source="s.json")
    with pytest.raises(InputError, match="not an Algolia item"):
        hn_algolia.read("[1, 2]", source="s.json")
    with pytest.raises(InputError, match="not valid JSON"):
        hn_algolia.read('{"id": 1, "children": [', source="s.json")


def test_hn_algolia_story_without_any_text_is_empty_input() -> None:
    with pytest.raises(EmptyInput):
        hn_algolia.read(json.dumps({"id": 1, "type": "story", "title": "", "story_id": 1, "children": []}),
                        source="s.json")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (story(), True),
        (json.dumps(item(5, "subtree root")), True),
        ('{"hits": [{"created_at_i": 1, "story_id": 1}]}', False),
        ('{"id": 1, "title": "T", "user": "a", "time_ago": "x", "comments": []}', False),
        ('[{"id": 1, "by": "a", "type": "story", "time": 1, "kids": []}]', False),
        ('[{"kind": "Listing", "data": {"children": []}}]', False),
    ],
)
def test_hn_algolia_sniff_is_specific(head: str, expected: bool) -> None:
    assert hn_algolia.sniff(head) is expected
    # and the other HN readers do not claim an Algolia item
    if expected:
        assert not hnpwa.sniff(head) and not hn_firebase.sniff(head)


def test_hn_algolia_italic_or_quoted_paragraph_of_the_parent_is_a_quote() -> None:
    parent = "<p>Night trains are coming back across Europe.<p>Sleeper cabins cost less than a hotel and a flight."
    text = story(item(2, parent, [
        item(3, "<p><i>Sleeper cabins cost less than a hotel and a flight.</i><p>Only if you book months ahead."),
        item(4, "<p>&quot;Night trains are coming back across Europe.&quot;<p>Two lines do not make a comeback."),
        # set off, but no ancestor holds it (emphasis, an outside text), or nothing answers it: own words
        item(5, "<p><i>Every single ticket sold out in a day.</i><p>That is what the operator claims."),
        item(6, "<p>Book early.<p><i>Sleeper cabins cost less than a hotel and a flight.</i>"),
    ]))
    by_id = {post.external_id: post for post in hn_algolia.read(text, source="s.json").posts}
    assert by_id["3"].text == "Only if you book months ahead."
    assert [(q.text, q.source_post, q.offset) for q in by_id["3"].quotes] == [
        ("Sleeper cabins cost less than a hotel and a flight", "2", 0)]
    assert by_id["4"].text == "Two lines do not make a comeback."
    assert by_id["4"].quotes[0].source_post == "2"
    quoted = by_id["4"].quotes[0]
    assert by_id["2"].text[quoted.source_start:quoted.source_end] == "Night trains are coming back across Europe"
    assert by_id["5"].text.startswith("Every single ticket") and not by_id["5"].quotes
    assert by_id["6"].text.endswith("hotel and a flight.") and not by_id["6"].quotes


def test_hn_algolia_code_lines_that_open_with_a_mark_are_no_quotes() -> None:
    """A Python prompt in a code block (``>>> import sys``) was taken for a quote: the code left the post's text
    and was stored as a quote that matched nothing."""
    html = ("<p>Here is my config:<pre><code>  build = &quot;cp3*&quot;\n  &gt;&gt;&gt; import sys\n</code></pre>"
            "<p>&gt; Wheels are hard\n<p>Not any more.")
    thread = hn_algolia.read(story(item(2, html)), source="s.json")
    reply = thread.posts[1]
    assert '  build = "cp3*"\n  >>> import sys' in reply.text and "\x04" not in reply.text
    assert [q.text for q in reply.quotes] == ["Wheels are hard"]


def test_hn_algolia_a_quote_in_a_code_block_is_still_a_quote() -> None:
    """Hacker News has no quote markup, so its users quote in a code block ("  > You said ..."); a code line that is
    words after one '>' stays a quote, while a prompt (">>> import sys") or code ("> x <- c(1, 2)") does not."""
    html = ("<pre><code>  &gt; Intent understanding: the model infers the goal without every step\n</code></pre>"
            "<p>I guess that came from chat history.<pre><code>  &gt; x &lt;- c(1, 2)\n</code></pre>")
    reply = hn_algolia.read(story(item(2, html)), source="s.json").posts[1]
    assert [q.text for q in reply.quotes] == ["Intent understanding: the model infers the goal without every step"]
    assert reply.text == "I guess that came from chat history.\n\n  > x <- c(1, 2)"
