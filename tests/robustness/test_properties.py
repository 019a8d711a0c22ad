"""Property-based tests over every reader: random input gives a valid thread or an InputError, nothing else.

A valid thread has posts in parents-first order, unique ids, every parent present, and text every database
stores (no NUL, no lone surrogate). The inputs are random text, random JSON values, random JSON Lines of
post-like objects (ids and parents of any type, dangling and cyclic parents), and each JSON format's own
skeleton with random values put in at every level.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.domain import Thread
from argmap.errors import InputError
from argmap.sources import (
    aif,
    discourse,
    document,
    fourforums,
    hn_algolia,
    hn_firebase,
    hnpwa,
    jsonl,
    kialo,
    plaintext,
    reddit,
    registry,
)

READERS: list[ModuleType] = [plaintext, document, hn_algolia, hn_firebase, hnpwa, reddit, discourse, jsonl, fourforums,
                             aif, kialo]
JSON_READERS: list[ModuleType] = [hn_algolia, hn_firebase, hnpwa, reddit, discourse, jsonl, fourforums, aif]
SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                    st.sampled_from(["", "0", "1", "[deleted]", "t1_a", "t3_s", "\ud800", "a\x00b", "<p>x"]))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


def dump(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


def check(thread: Thread) -> None:
    """The invariants every reader promises."""
    seen: set[str] = set()
    assert thread.posts
    for post in thread.posts:
        assert post.external_id not in seen, f"duplicate id {post.external_id!r}"
        assert post.parent is None or post.parent in seen, f"{post.external_id!r} before its parent {post.parent!r}"
        seen.add(post.external_id)
        for field in (post.external_id, post.text, post.raw, post.author or "", post.title or "", post.url or ""):
            assert "\x00" not in field
            field.encode("utf-8")  # no lone surrogate
    assert any(post.text.strip() for post in thread.posts)
    thread.key.encode("utf-8")
    if thread.extraction is not None:
        for unit in thread.extraction.units:
            assert unit.post in seen
            unit.text.encode("utf-8")


def read_or_refuse(reader: ModuleType, text: str, source: str = "random-input.json") -> Thread | None:
    """Read ``text`` with ``reader``: a clear refusal, or a thread that keeps the invariants (returned)."""
    try:
        thread = reader.read(text, source=source)
    except InputError:
        return None
    check(thread)
    return thread


@SOME
@given(text=st.text(max_size=300))
def test_properties_random_text_to_every_reader(text: str) -> None:
    for reader in READERS:
        read_or_refuse(reader, text)


@SOME
@given(text=st.lists(st.sampled_from(["#", " ", "\n", "*", "[", "](", ")", "a", "é", "\x00", "\ud800"]),
                    max_size=120).map("".join))
def test_properties_random_markdown_documents(text: str) -> None:
    thread = read_or_refuse(document, text, source="essay.md")
    if thread is not None:
        assert len(thread.posts) == 1 and (thread.title or "").encode("utf-8")


@SOME
@given(value=json_values)
def test_properties_random_json_to_every_reader(value: Any) -> None:
    text = dump(value)
    for reader in JSON_READERS:
        read_or_refuse(reader, text)


@SOME
@given(data=st.binary(max_size=300))
def test_properties_random_bytes_through_sniffing(data: bytes) -> None:
    try:
        thread = registry.read_bytes(data, source="random.bin")
    except InputError:
        return
    check(thread)


ids = st.one_of(st.integers(min_value=-3, max_value=12), st.sampled_from(["1", "2", "x", "", " ", "\ud800"]),
                st.none(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False), st.lists(st.integers(),
                                                                                                        max_size=1))
post_like = st.fixed_dictionaries(
    {"id": ids, "text": st.one_of(st.text(max_size=40), st.sampled_from(["> quoted\nreply", "", "\u0000"]),
                                  st.none(), st.integers())},
    optional={"parent": ids, "author": st.one_of(st.text(max_size=6), st.none(), st.integers()),
              "created_at": scalars, "thread": st.one_of(st.text(max_size=6), st.integers(), st.lists(st.none())),
              "title": scalars})


@SOME
@given(rows=st.lists(post_like, min_size=1, max_size=25))
def test_properties_random_json_lines_posts(rows: list[dict[str, Any]]) -> None:
    read_or_refuse(jsonl, "\n".join(dump(r) for r in rows) + "\n")


def sometimes(value: Any, junk: st.DrawFn) -> Any:
    """``value``, or random JSON in its place."""
    return junk(json_values) if junk(st.integers(0, 5)) == 0 else value


@SOME
@given(draw=st.data())
def test_properties_reddit_skeleton_with_random_values(draw: st.DataObject) -> None:
    junk = draw.draw
    count = junk(st.integers(0, 6))
    comments: list[Any] = []
    for i in range(count):
        data = {"id": sometimes(f"c{i}", junk), "parent_id": sometimes(f"t1_c{i - 1}" if i else "t3_s", junk),
                "author": sometimes("ann", junk), "body": sometimes(f"&gt; quote\n\nComment {i}", junk),
                "created_utc": sometimes(1.7e9, junk), "replies": sometimes("", junk)}
        comments.append(sometimes({"kind": sometimes("t1", junk), "data": data}, junk))
    submission = {"kind": "t3", "data": {"id": sometimes("s", junk), "title": sometimes("Title", junk),
                                         "selftext": sometimes("", junk), "author": sometimes("op", junk)}}
    value = [{"kind": "Listing", "data": {"children": [sometimes(submission, junk)]}},
             sometimes({"kind": "Listing", "data": {"children": sometimes(comments, junk)}}, junk)]
    read_or_refuse(reddit, dump(value))


def _hn_tree(junk: st.DrawFn, depth: int, key: str, text: str) -> Any:
    children = [_hn_tree(junk, depth - 1, key, text) for _ in range(junk(st.integers(0, 2)))] if depth else []
    return sometimes({"id": sometimes(junk(st.integers(1, 30)), junk), text: sometimes("<p>A comment.", junk),
                      "author": sometimes("a", junk), "user": sometimes("u", junk),
                      "deleted": sometimes(False, junk), key: sometimes(children, junk)}, junk)


@SOME
@given(draw=st.data())
def test_properties_hn_skeletons_with_random_values(draw: st.DataObject) -> None:
    junk = draw.draw
    algolia = {"id": 1, "type": "story", "title": "t", "created_at_i": 1, "story_id": 1,
               "children": [_hn_tree(junk, 3, "children", "text") for _ in range(junk(st.integers(0, 3)))]}
    read_or_refuse(hn_algolia, dump(algolia))
    pwa = {"id": 1, "title": "t", "user": "u", "time": 1, "time_ago": "now",
           "comments": [_hn_tree(junk, 3, "comments", "content") for _ in range(junk(st.integers(0, 3)))]}
    read_or_refuse(hnpwa, dump(pwa))
    items = [sometimes({"id": sometimes(i, junk), "type": sometimes("comment" if i else "story", junk),
                        "by": "x", "time": 1, "parent": sometimes(junk(st.integers(0, 6)) if i else None, junk),
                        "kids": sometimes([junk(st.integers(0, 6))], junk), "text": sometimes("Hi.", junk)}, junk)
             for i in range(junk(st.integers(1, 6)))]
    read_or_refuse(hn_firebase, dump(items))


@SOME
@given(draw=st.data())
def test_properties_forum_and_map_skeletons_with_random_values(draw: st.DataObject) -> None:
    junk = draw.draw
    posts = [sometimes([sometimes(i, junk), None, sometimes("a", junk), sometimes(f"Post {i}.", junk), {},
                        sometimes(junk(st.integers(0, 5)) if i else None, junk), None, sometimes(1, junk)], junk)
             for i in range(junk(st.integers(1, 5)))]
    read_or_refuse(fourforums, dump([posts, {}, sometimes({"id_number": 3}, junk)]))
    nodes = [sometimes({"nodeID": sometimes(str(i), junk), "type": sometimes(junk(st.sampled_from(
        ["I", "L", "RA", "CA", "MA", "YA", "TA"])), junk), "text": sometimes(f"Node {i}", junk)}, junk)
        for i in range(junk(st.integers(1, 6)))]
    edges = [sometimes({"fromID": str(junk(st.integers(0, 6))), "toID": str(junk(st.integers(0, 6)))}, junk)
             for _ in range(junk(st.integers(0, 6)))]
    read_or_refuse(aif, dump({"nodes": nodes, "edges": edges, "locutions": sometimes([], junk),
                              "argmap": sometimes({}, junk)}))
    lines = [junk(st.sampled_from(["1. Root.", "1.1. Pro: yes.", "1.2. Con: no.", "1.1.1. -> See 1.2.", "1.1.1.",
                                   "text", "", "Discussion Title: t", "2. Other root."])) for _ in range(6)]
    read_or_refuse(kialo, "\n".join(lines))
    stream = [sometimes({"id": sometimes(100 + i, junk), "post_number": sometimes(i + 1, junk),
                         "reply_to_post_number": sometimes(junk(st.integers(0, 6)) if i else None, junk),
                         "username": sometimes("u", junk), "post_type": sometimes(1, junk),
                         "cooked": sometimes(junk(st.sampled_from(
                             [f"<p>Post {i}.</p>", '<aside class="quote" data-post="1"><blockquote><p>Post 0.</p>'
                              "</blockquote></aside><p>No.</p>", '<aside class="quote" data-post="x"></aside>',
                              "<p>(post deleted by author)</p>", ""])), junk),
                         "deleted_at": sometimes(None, junk)}, junk) for i in range(junk(st.integers(1, 6)))]
    read_or_refuse(discourse, dump({"id": sometimes(7, junk), "slug": sometimes("s", junk),
                                    "post_stream": sometimes({"posts": stream, "stream": sometimes([1, 2], junk)},
                                                             junk)}))
