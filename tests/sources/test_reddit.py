"""The Reddit reader: real responses from ../shared, the project's example, deep nesting and malformed input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import InputError
from argmap.sources import reddit
from argmap.sources.quotes import find_edited_quote, find_quote

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "corpora" / "examples" / "reddit-example.json"

# Comment counts from ../shared/corpora/SOURCES.md.
DOCUMENTED = {"n49rw": 1371, "3hahrw": 527, "fo7p5b": 492, "fjn0j9": 114}


def _census(data: Any) -> tuple[int, int, int]:
    """Independent count of a response: t1 comments, the comments `more` stubs stand for, deleted bodies."""
    comments = missing = deleted = 0
    todo = list(data[1]["data"]["children"])
    while todo:
        child = todo.pop()
        if child["kind"] == "more":
            missing += child["data"]["count"] or 1  # "continue this thread" (count 0) hides one or more
            continue
        comments += 1
        deleted += child["data"]["body"] in ("[deleted]", "[removed]")
        if child["data"]["replies"]:
            todo.extend(child["data"]["replies"]["data"]["children"])
    return comments, missing, deleted


def _files(shared: Path) -> list[Path]:
    files = sorted((shared / "threads" / "reddit").glob("*.json"))
    assert len(files) == 6
    return files


def _submission_id(path: Path) -> str:
    match = re.search(r"_([0-9a-z]+)\.json$", path.name)
    assert match
    return match.group(1)


def test_reddit_reads_every_real_thread_with_all_comments(shared: Path) -> None:
    for path in _files(shared):
        text = path.read_text(encoding="utf-8")
        comments, missing, deleted = _census(json.loads(text))
        sid = _submission_id(path)
        if sid in DOCUMENTED:
            assert comments == DOCUMENTED[sid], path.name
        assert reddit.sniff(text[:65536])
        thread = reddit.read(text, source=str(path))
        dropped = sum(1 for n in thread.notes if n.reason in ("empty-text", "quote-only"))
        assert thread.key == f"reddit:{sid}"
        assert thread.format == "reddit"
        assert thread.posts[0].external_id == sid
        assert thread.posts[0].parent is None
        assert thread.posts[0].title == thread.title
        assert thread.title
        # Every comment is a post, except deleted leaves and leaves that only quote, which assemble drops and reports.
        assert len(thread.posts) - 1 + dropped == comments, path.name
        assert sum(1 for n in thread.notes if n.reason == "empty-text") <= deleted
        assert thread.missing == missing, path.name
        assert not any(n.reason == "dangling-parent" for n in thread.notes), path.name
        ids = {p.external_id for p in thread.posts}
        assert all(p.parent in ids for p in thread.posts[1:])
        assert not any(p.external_id.startswith("t1_") or (p.parent or "").startswith(("t1_", "t3_"))
                       for p in thread.posts)


@pytest.mark.parametrize(("sid", "posts", "missing", "stubs"), [
    ("n49rw", 1370, 61, 16),  # 3 of its stubs "continue this thread", each counted as one
    ("3hahrw", 525, 6, 6),
    ("fo7p5b", 486, 3749, 222),
    ("fjn0j9", 115, 0, 0),
    ("6wmniq", 201, 6290, 192),
    ("57dw9a", 143, 1, 1),
])
def test_reddit_counts_measured_on_each_thread(shared: Path, sid: str, posts: int, missing: int, stubs: int) -> None:
    path = next(p for p in _files(shared) if _submission_id(p) == sid)
    thread = reddit.read(path.read_text(encoding="utf-8"), source=str(path))
    assert len(thread.posts) == posts
    assert thread.missing == missing
    assert sum(1 for n in thread.notes if n.reason == "more-stub") == stubs


def test_reddit_deleted_comments_lose_author_and_text_but_keep_their_replies(shared: Path) -> None:
    path = next(p for p in _files(shared) if _submission_id(p) == "n49rw")
    thread = reddit.read(path.read_text(encoding="utf-8"), source=str(path))
    gone = [p for p in thread.posts if p.raw in ("[deleted]", "[removed]")]
    assert gone
    answered = {p.parent for p in thread.posts}
    for post in gone:
        assert post.text == ""
        assert post.external_id in answered  # kept only as a placeholder
    assert not any(p.author in ("[deleted]", "[removed]") for p in thread.posts)
    assert sum(1 for p in thread.posts if p.author is None) > 100


def test_reddit_quotes_are_taken_out_of_the_reply_and_found_in_an_ancestor(shared: Path) -> None:
    located = 0
    for path in _files(shared):
        thread = reddit.read(path.read_text(encoding="utf-8"), source=str(path))
        by_id = {p.external_id: p for p in thread.posts}
        for post in thread.posts:
            for quote in post.quotes:
                assert not post.text.startswith(">")
                if quote.source_post is None:
                    continue
                located += 1
                ancestors = []
                step = by_id.get(post.parent) if post.parent else None
                while step is not None:
                    ancestors.append(step.external_id)
                    step = by_id.get(step.parent) if step.parent else None
                assert quote.source_post in ancestors
                source = by_id[quote.source_post]
                assert quote.source_start is not None and quote.source_end is not None
                held = source.text[quote.source_start:quote.source_end]
                # word for word, else with a few words changed (a typo mended, an ending rewritten)
                assert find_quote(quote.text, held) or find_edited_quote(quote.text, held)
                assert 0 <= quote.offset <= len(post.text)
    assert located >= 60


def test_reddit_reads_the_project_example() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert reddit.sniff(text)
    thread = reddit.read(text, source=str(EXAMPLE))
    assert thread.key == "reddit:ex1abc"
    assert thread.title == "Should the city library stay open until midnight?"
    assert thread.url == "https://www.reddit.com/r/example/comments/ex1abc/library_hours/"
    assert thread.missing == 3
    assert [n.reason for n in thread.notes] == ["more-stub", "empty-text"]
    posts = {p.external_id: p for p in thread.posts}
    assert list(posts) == ["ex1abc", "ex1c01", "ex1c02", "ex1c03", "ex1c04", "ex1c05", "ex1c06", "ex1c07"]
    root = posts["ex1abc"]
    assert root.text.startswith("Should the city library stay open until midnight?\n\nThe council votes")
    assert posts["ex1c03"].text.startswith("Then close at 10:30 & ask")  # &amp; unescaped
    assert posts["ex1c04"].author is None and posts["ex1c04"].text == ""
    assert posts["ex1c05"].parent == "ex1c04"
    reply = posts["ex1c02"]
    assert reply.text.startswith("That is true for some")
    assert "quiet place" not in reply.text
    (quote,) = reply.quotes
    assert quote.text == "the library is the only quiet place they have"
    assert quote.source_post == "ex1c01"
    assert quote.source_start is not None and quote.source_end is not None
    assert posts["ex1c01"].text[quote.source_start:quote.source_end] == quote.text
    assert reply.created_at is not None and reply.created_at.year == 2024
    assert reply.url and reply.url.startswith("https://www.reddit.com/r/example/")


# --- hand-built responses -------------------------------------------------------------------------------------

def _comment(cid: str, parent: str, body: Any = "words", replies: Any = "", **extra: Any) -> dict[str, Any]:
    data = {"id": cid, "parent_id": parent, "author": "someone", "body": body, "replies": replies, **extra}
    return {"kind": "t1", "data": data}


def _listing(children: Any) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"children": children}}


def _response(comments: Any, selftext: str = "") -> str:
    submission = {"kind": "t3", "data": {"id": "abc", "title": "A question", "selftext": selftext,
                                        "author": "op", "permalink": "/r/x/comments/abc/q/"}}
    return json.dumps([_listing([submission]), _listing(comments)], ensure_ascii=False)


def test_reddit_reads_10000_deep_nesting_without_recursion() -> None:
    depth = 10_000
    opens = []
    for i in range(depth):
        parent = "t3_abc" if i == 0 else f"t1_c{i - 1}"
        fields = json.dumps({"id": f"c{i}", "parent_id": parent, "author": "a", "body": f"reply {i}"})[1:-1]
        opens.append('{"kind": "t1", "data": {' + fields + ', "replies": {"kind": "Listing", "data": {"children": [')
    deep = "".join(opens) + "]}}}}" * depth
    submission = '{"kind": "t3", "data": {"id": "abc", "title": "Deep", "selftext": ""}}'
    text = f'[{{"kind": "Listing", "data": {{"children": [{submission}]}}}}, ' \
           f'{{"kind": "Listing", "data": {{"children": [{deep}]}}}}]'
    thread = reddit.read(text, source="deep.json")
    assert len(thread.posts) == depth + 1
    assert thread.posts[-1].external_id == f"c{depth - 1}"
    assert thread.posts[-1].parent == f"c{depth - 2}"


def test_reddit_keeps_a_1mb_comment_whole() -> None:
    body = ("All of this is one long argument about bus lanes. " * 21_000)[:1_000_000]
    thread = reddit.read(_response([_comment("big", "t3_abc", body)]), source="big.json")
    assert thread.posts[1].text == body
    assert not any(n.reason == "truncated" for n in thread.notes)


def test_reddit_round_trips_emoji_and_right_to_left_text() -> None:
    body = "رأيي أن المدينة تحتاج حافلات أكثر 🚌 — and I mean it 👍🏽"
    thread = reddit.read(_response([_comment("u", "t3_abc", body)], selftext="שאלה: מה דעתכם? 🤔"),
                         source="rtl.json")
    assert thread.posts[1].text == body
    assert thread.posts[0].text == "A question\n\nשאלה: מה דעתכם? 🤔"


def test_reddit_branch_file_with_outside_parent_is_reported_as_dangling() -> None:
    thread = reddit.read(_response([_comment("c2", "t1_notinfile")]), source="branch.json")
    assert thread.posts[1].parent == "abc"
    assert [n.reason for n in thread.notes] == ["dangling-parent"]


def test_reddit_missing_replies_is_a_note() -> None:
    comment = _comment("c1", "t3_abc")
    del comment["data"]["replies"]
    thread = reddit.read(_response([comment]), source="x.json")
    assert len(thread.posts) == 2
    assert [n.reason for n in thread.notes] == ["malformed"]


@pytest.mark.parametrize(("comments", "post", "words"), [
    ([_comment("c1", "t3_abc", replies=7)], "c1", "'replies' is an integer"),
    ([_comment("c1", "t3_abc", replies={"kind": "Listing", "data": {"children": {"a": 1}}})], "c1", "children"),
    ([_comment("c1", "t3_abc", body=42)], "c1", "'body' is an integer"),
    ([_comment("c1", "t3_abc", body=["a"])], "c1", "'body' is a list"),
    ([_comment("c1", "t3_abc", replies=_listing(["not a thing"]))], "c1", "not a {'kind', 'data'} object"),
    ([{"kind": "t1", "data": {"parent_id": "t3_abc", "body": "x", "replies": ""}}], "abc", "no string 'id'"),
])
def test_reddit_wrong_types_are_input_errors_naming_the_post(comments: Any, post: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        reddit.read(_response(comments), source="bad.json")
    assert info.value.post == post
    assert words in str(info.value)
    assert info.value.fix


@pytest.mark.parametrize("text", [
    "{}",
    "[]",
    '[{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing", "data": {"children": []}}]',
    '[{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing"}]',
    '[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "a"}}]}}, 5]',
    '[1, 2]',
])
def test_reddit_wrong_shapes_are_input_errors(text: str) -> None:
    with pytest.raises(InputError) as info:
        reddit.read(text, source="bad.json")
    assert "bad.json" in str(info.value)
    assert info.value.fix


def test_reddit_invalid_json_is_an_input_error() -> None:
    with pytest.raises(InputError):
        reddit.read('[{"kind": "Listing", "data": ', source="cut.json")


def test_reddit_more_stub_with_bad_count_is_noted() -> None:
    stub = {"kind": "more", "data": {"count": "many", "children": []}}
    thread = reddit.read(_response([_comment("c1", "t3_abc"), stub]), source="x.json")
    assert thread.missing == 0
    assert [n.reason for n in thread.notes] == ["more-stub"]


@pytest.mark.parametrize(("head", "claimed"), [
    (_response([_comment("c1", "t3_abc")]), True),
    ('{"kind": "Listing", "data": {"children": []}}', False),
    ('{"id": 1, "title": "HN", "comments": []}', False),
    ('[{"id": 1, "author": "x", "text": "<p>hi</p>"}]', False),
    ('{"id": 1, "parent": null, "text": "a"}\n', False),
    ("Plain text with the word Listing and t3 in it.", False),
])
def test_reddit_sniff_is_specific(head: str, claimed: bool) -> None:
    assert reddit.sniff(head) is claimed


def test_reddit_sniff_claims_no_other_shared_thread(shared: Path) -> None:
    threads = shared / "threads"
    for path in sorted(threads.rglob("*.json")):
        if path.parent.name == "reddit":
            continue
        assert not reddit.sniff(path.read_text(encoding="utf-8", errors="replace")[:65536]), path.name


def test_reddit_markdown_reads_as_plain_text_and_raw_keeps_it() -> None:
    body = ("&gt; Buses **never** come on time\n\n"
            "They do here: see [the council's data](https://example.org/buses_2024) and *judge* yourself.")
    thread = reddit.read(_response([_comment("c1", "t3_abc", "Buses never come on time, *ever*."),
                                    _comment("c2", "t1_c1", body)]), source="t.json")
    posts = {post.external_id: post for post in thread.posts}
    reply = posts["c2"]
    assert posts["c1"].text == "Buses never come on time, ever."
    assert reply.text == ("They do here: see the council's data (https://example.org/buses_2024) and judge "
                          "yourself.")
    assert reply.raw == body
    (quote,) = reply.quotes  # the quote is found in the parent's plain text
    assert quote.text == "Buses never come on time" and quote.source_post == "c1"


def test_reddit_emphasis_that_starts_with_a_quote_mark_is_no_quote() -> None:
    thread = reddit.read(_response([_comment("c1", "t3_abc", "Buses never come on time."),
                                    _comment("c2", "t1_c1", "*> Buses never come on time*\n\nThat's the joke.")]),
                         source="t.json")
    reply = {post.external_id: post for post in thread.posts}["c2"]
    assert reply.quotes == [] and reply.text.startswith("*> Buses never come on time*")


def test_reddit_character_references_read_as_the_characters_reddit_shows() -> None:
    # The API escapes the "&" of what the author typed: "&amp;#3232;" is the reference "&#3232;", shown as "ಠ".
    body = "Bad advice &amp;#3232;_&amp;#3232;\n\n&amp;#x200B;\n\nCheck the docs first &amp;amp; test it."
    thread = reddit.read(_response([_comment("c1", "t3_abc", body)]), source="t.json")
    assert thread.posts[1].text == "Bad advice \u0ca0_\u0ca0\n\n\u200b\n\nCheck the docs first & test it."


@pytest.mark.parametrize(("marks", "official"), [({}, False), ({"distinguished": None, "stickied": False}, False),
                                                  ({"distinguished": "admin"}, True),
                                                  ({"distinguished": "moderator"}, True),
                                                  ({"stickied": True}, True), ({"distinguished": "special"}, False)])
def test_reddit_an_admins_moderators_or_pinned_submission_is_official(marks: dict[str, Any], official: bool) -> None:
    data = json.loads(_response([_comment("c1", "t3_abc", "Welcome back!", distinguished="moderator")]))
    data[0]["data"]["children"][0]["data"].update(marks)
    thread = reddit.read(json.dumps(data), source="t.json")
    # the moderator's comment is official too (the JSON export says so); only an opening post is an announcement
    assert [post.official for post in thread.posts] == [official, True]


def test_reddit_code_spoilers_emotes_and_removed_bodies_read_as_a_reader_sees_them() -> None:
    """Marks were stripped inside code (``__init__.py`` read "init.py"), a code line ``>>> run()`` and a spoiler
    ``>!...!<`` were quotes, a subreddit emote ``[](/b24)`` stayed as Markdown, and "[ Removed by Reddit ]" was the
    author's words."""
    bodies = ["Keep `__init__.py` files.\n\n    def __init__(self):  # *not* typed\n    >>> run()\n\nSo **yes**.",
              "```\n# not a heading\n>>> run()\n```\nDone.",
              "&gt;!The ending admits the effect is gone.!&lt;\n\nThat is why.",
              "[](/b24) No he shouldn't.",
              "[ Removed by Reddit on account of violating the [content policy](/help/contentpolicy). ]"]
    comments = [_comment(f"c{n}", "t3_abc", body, replies=_listing([_comment("r", f"t1_c{n}")]) if n == 4 else "")
                for n, body in enumerate(bodies)]
    posts = {p.external_id: p for p in reddit.read(_response(comments), source="r.json").posts}
    assert posts["c0"].text == ("Keep __init__.py files.\n\n    def __init__(self):  # *not* typed\n    >>> run()\n\n"
                                "So yes.")
    assert posts["c1"].text == "```\n# not a heading\n>>> run()\n```\nDone."
    assert posts["c2"].text == "The ending admits the effect is gone.\n\nThat is why."
    assert posts["c3"].text == "No he shouldn't."
    assert posts["c4"].text == ""  # kept, empty, as the placeholder its reply answers
    assert not any(p.quotes for p in posts.values())


def test_reddit_old_mac_line_ends_inside_a_body_end_its_quote() -> None:
    """A body whose lines end in CR alone was read as one quote: its own words became the quote, its text empty."""
    comments = [_comment("a", "t3_abc", "The library is the only quiet place they have.",
                         replies=_listing([_comment("b", "t1_a", "&gt; the only quiet place they have\r\rNot so: "
                                                                 "the park is quieter.")]))]
    thread = reddit.read(_response(comments), source="cr.json")
    reply = thread.posts[-1]
    assert reply.text == "Not so: the park is quieter."
    assert [(q.text, q.source_post) for q in reply.quotes] == [("the only quiet place they have", "a")]


@pytest.mark.parametrize(("extra", "official"), [({"distinguished": "moderator"}, True),
                                                 ({"distinguished": "admin"}, True), ({"stickied": True}, True),
                                                 ({"distinguished": None}, False), ({}, False)])
def test_reddit_a_comment_a_moderator_distinguished_is_official(extra: dict[str, Any], official: bool) -> None:
    """Only the submission was read as official: the README's export says a distinguished comment is too."""
    thread = reddit.read(_response([_comment("a", "t3_abc", "Please keep it civil.", **extra)]), source="m.json")
    assert thread.posts[1].official is official


def test_reddit_the_title_and_link_are_unescaped_as_bodies_are() -> None:
    """Reddit escapes ``&``, ``<`` and ``>`` in every string of its answer (unless asked for ``raw_json=1``); bodies
    were unescaped, but a title "Cats &amp; dogs &lt;3" was stored, shown and mapped as such, and a link post's
    ``url`` kept ``&amp;`` between its query's fields, so it led elsewhere."""
    submission = {"kind": "t3", "data": {"id": "abc", "title": "Cats &amp; dogs &lt;3", "selftext": "",
                                        "url": "https://www.youtube.com/watch?v=x1&amp;t=10", "author": "op"}}
    thread = reddit.read(json.dumps([_listing([submission]), _listing([_comment("u", "t3_abc", "Dogs win.")])]),
                         source="t.json")
    assert thread.title == thread.posts[0].title == thread.posts[0].text == "Cats & dogs <3"
    assert thread.posts[0].url == "https://www.youtube.com/watch?v=x1&t=10"
