"""The HNPWA reader: the real Hacker News threads of the shared corpus, the flat variant, bad shapes, depth."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import InputError
from argmap.sources import hnpwa, registry

EXAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "examples"

# ---------------------------------------------------------------------------------------------------------
# Fixture code: independent counts of the shared files (a regex, not the reader's walk).

#: file name -> (comments according to SOURCES.md, posts the reader keeps)
REAL_THREADS = {
    "comments__87486160__item1.json": (20, 20),
    "comments__9dc6b9ca__item26312516.json": (485, 486),
    "comments__cae8303b__item25015967.json": (2170, 2072),
}

# Words that drop a post, as the reader's notes say.
LEFT_OUT = ("left out",)


def count_ids(raw: str) -> int:
    """Objects with an ``"id"`` key: comment text is HTML-escaped JSON, so the key never occurs inside it."""
    return len(re.findall(r'"id"\s*:', raw))


def comment_ids(story: dict[str, Any]) -> set[str]:
    """Every comment id, by a small walk of our own."""
    ids: set[str] = set()
    todo = list(story["comments"])
    while todo:
        node = todo.pop()
        ids.add(str(node["id"]))
        todo.extend(node["comments"])
    return ids


def nested(depth: int) -> str:
    """An HNPWA thread that is one chain of replies ``depth`` deep, written without json.dumps (which recurses)."""
    head = f'{{"id": 1, "title": "Deep", "user": "a", "time": 1600000000, "comments_count": {depth}, "comments": ['
    opening = "".join(
        f'{{"id": {i + 2}, "level": {i}, "user": "u{i}", "time": 1600000000, "content": "<p>reply {i}", "comments": ['
        for i in range(depth))
    return head + opening + "]}" * depth + "]}"


# ---------------------------------------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(("name", "expected"), REAL_THREADS.items())
def test_hnpwa_reads_every_real_thread(shared: Path, name: str, expected: tuple[int, int]) -> None:
    comments, kept = expected
    path = shared / "threads" / "hn" / name
    raw = path.read_text(encoding="utf-8")
    assert count_ids(raw) - 1 == comments  # the story has an id too
    thread = registry.read_path(path)
    story_id = re.search(r"item(\d+)", name)
    assert story_id
    assert (thread.format, thread.key) == ("hnpwa", f"hn:{story_id.group(1)}")
    assert len(thread.posts) == kept
    root = thread.posts[0]
    assert root.external_id == story_id.group(1) and root.parent is None
    assert root.title and thread.title == root.title and root.text.startswith(root.title)
    assert root.url and thread.url == f"https://news.ycombinator.com/item?id={story_id.group(1)}"
    # Every comment is a post, or a note says why it was left out.
    ids = comment_ids(json.loads(raw))
    posted = {p.external_id for p in thread.posts[1:]}
    dropped = {n.post for n in thread.notes if any(w in n.detail for w in LEFT_OUT)}
    assert posted | dropped == ids
    assert not posted & dropped
    assert len(posted) + len(dropped) == comments
    # Parents come first and every parent exists.
    seen: set[str] = set()
    for post in thread.posts:
        assert post.parent is None or post.parent in seen
        seen.add(post.external_id)


@pytest.mark.shared
def test_hnpwa_cleans_html_and_keeps_link_targets(shared: Path) -> None:
    thread = registry.read_path(shared / "threads" / "hn" / "comments__87486160__item1.json")
    for post in thread.posts:
        assert "<p>" not in post.text and "&#x27;" not in post.text and "&#34;" not in post.text
    by_id = {p.external_id: p for p in thread.posts}
    assert "http://news.ycombinator.com/item?id=0" in by_id["234621"].text
    assert by_id["234621"].raw.startswith("<p>")
    assert by_id["15"].text.startswith('"the rising star of venture capital"')
    assert by_id["15"].url == "https://news.ycombinator.com/item?id=15"
    assert by_id["15"].created_at is not None and by_id["15"].created_at.year == 2006
    reasons = {n.reason for n in thread.notes}
    assert {"deleted", "dead"} <= reasons


@pytest.mark.shared
def test_hnpwa_detects_quotes_in_real_threads(shared: Path) -> None:
    thread = registry.read_path(shared / "threads" / "hn" / "comments__9dc6b9ca__item26312516.json")
    quotes = [(p, q) for p in thread.posts for q in p.quotes]
    assert len(quotes) >= 40
    by_id = {p.external_id: p for p in thread.posts}
    located = [(p, q) for p, q in quotes if q.source_post]
    assert len(located) >= 0.7 * len(quotes)
    for post, quote in located:
        assert quote.source_post == post.parent
        assert quote.source_start is not None and quote.source_end is not None
        assert quote.source_end > quote.source_start
        # The quoted words are not the reply's own.
        assert not post.text.startswith(">")
        assert by_id[quote.source_post].text[quote.source_start:quote.source_end]


@pytest.mark.shared
def test_hnpwa_reads_a_story_without_comments(shared: Path) -> None:
    thread = registry.read_path(shared / "threads" / "hn" / "root_comment.json")
    assert thread.key == "hn:26298314"
    assert len(thread.posts) == 1
    root = thread.posts[0]
    assert root.text.startswith(root.title + "\n\nHow are people running")
    assert "'run command, generate new video'" in root.text
    assert root.url == "https://news.ycombinator.com/item?id=26298314"


@pytest.mark.shared
def test_hnpwa_reads_the_flat_gz_thread(shared: Path) -> None:
    path = shared / "threads" / "hn" / "thread-48849066.json.gz"
    raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    assert count_ids(raw) == 1079
    thread = registry.read_path(path)
    assert (thread.format, thread.key) == ("hnpwa", "hn:48849066")
    root, comments = thread.posts[0], thread.posts[1:]
    assert root.external_id == "48849066" and root.text == ""
    assert all(p.parent == "48849066" for p in comments)
    dropped = {n.post for n in thread.notes if "left out" in n.detail}
    assert len(comments) + len(dropped) == 1079
    assert len(comments) == 1078
    assert any(n.reason == "flat-thread" for n in thread.notes)
    quotes = [q for p in comments for q in p.quotes]
    assert len(quotes) >= 90
    assert sum(1 for q in quotes if q.source_post) >= 50
    ids = [p.external_id for p in comments]
    for post in comments:
        for quote in post.quotes:
            if quote.source_post:
                assert ids.index(quote.source_post) < ids.index(post.external_id)


def test_hnpwa_flat_list_without_number_in_name_gets_a_digest_key() -> None:
    text = json.dumps([{"id": 5, "author": "a", "text": "First point."}, {"id": 6, "author": "b", "text": "Second."}])
    thread = hnpwa.read(text, source="<stdin>")
    assert thread.key.startswith("hn:flat-")
    assert [p.parent for p in thread.posts] == [None, "root", "root"]


@pytest.mark.parametrize("name", ["hn-comments-2025-01-10.json", "thread1.json", "export-48849500.json"])
def test_issue2_flat_list_key_ignores_a_number_that_cannot_be_the_story(name: str) -> None:
    # A date, a count or a later item in the name is no story id: two such files got one key, and the second
    # ingested replaced the first thread; the root linked to the wrong HN item.
    text = json.dumps([{"id": 48849103, "author": "a", "text": "First point."},
                       {"id": 48849245, "author": "b", "text": "Second."}])
    thread = hnpwa.read(text, source=name)
    assert thread.key.startswith("hn:flat-")
    assert thread.posts[0].url is None
    other = hnpwa.read(json.dumps([{"id": 48850001, "author": "c", "text": "Another thread."}]), source=name)
    assert other.key != thread.key


def test_issue2_flat_list_key_takes_the_story_id_from_the_name() -> None:
    text = json.dumps([{"id": "48849245", "author": "a", "text": "First."}, {"id": 48849103, "text": "Second."}])
    thread = hnpwa.read(text, source="/tmp/2025-01/thread-48849066.json")
    assert thread.key == "hn:48849066"
    assert thread.posts[0].url == "https://news.ycombinator.com/item?id=48849066"


def test_hnpwa_reads_the_example() -> None:
    thread = registry.read_path(EXAMPLES / "hnpwa-example.json")
    assert (thread.format, thread.key) == ("hnpwa", "hn:920001")
    assert len(thread.posts) == 5
    by_id = {p.external_id: p for p in thread.posts}
    assert by_id["920001"].url == "https://example.org/typing-study"
    assert by_id["920001"].created_at is not None  # the time was a string
    quote = by_id["920003"].quotes[0]
    assert quote.source_post == "920002"
    assert "refactoring is cheap" in by_id["920002"].text[quote.source_start:quote.source_end]
    assert "Typed code bases" not in by_id["920003"].text
    assert "https://example.org/replication-2023" in by_id["920004"].text
    assert [n.reason for n in thread.notes] == ["deleted"]


def test_hnpwa_accepts_numbers_as_strings() -> None:
    text = json.dumps({"id": "7", "title": "T", "user": "a", "time": "1600000000", "comments_count": "1",
                       "comments": [{"id": "8", "level": "0", "user": "b", "time": "1600000100",
                                     "content": "<p>A reply.", "comments": []}]})
    thread = hnpwa.read(text, source="s.json")
    assert [p.external_id for p in thread.posts] == ["7", "8"]
    assert thread.posts[1].created_at is not None


def test_hnpwa_reads_10000_deep_nesting() -> None:
    thread = hnpwa.read(nested(10_000), source="deep.json")
    assert len(thread.posts) == 10_001
    assert thread.posts[-1].parent == thread.posts[-2].external_id


@pytest.mark.parametrize(
    ("document", "post", "words"),
    [
        ({"id": 1, "title": "T", "comments": [{"id": 2, "content": "x", "comments": {"id": 3}}]}, "2", "'comments'"),
        ({"id": 1, "title": "T", "comments": [{"id": 2, "content": "x", "comments": [{"content": "y"}]}]},
         "2", "no id"),
        ({"id": 1, "title": "T", "comments": [{"id": 2, "content": 42}]}, "2", "'content'"),
        ({"id": 1, "title": "T", "comments": ["just text"]}, "1", "not a comment object"),
        ({"id": 1, "title": "T", "comments": [{"id": [2], "content": "x"}]}, "1", "not a number"),
    ],
)
def test_hnpwa_bad_shapes_name_the_post(document: dict[str, Any], post: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        hnpwa.read(json.dumps(document), source="bad.json")
    assert info.value.post == post
    assert words in str(info.value)
    assert "fix:" in str(info.value)


def test_hnpwa_refuses_json_that_is_no_item() -> None:
    with pytest.raises(InputError) as info:
        hnpwa.read('"hello"', source="s.json")
    assert "not an HNPWA item" in str(info.value)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('{"id": 1, "title": "T", "user": "a", "time_ago": "x", "comments": []}', True),
        ('[{"id": 1, "author": "a", "text": "hi"}]', True),
        ('[{"id": 1, "author": "a", "text": "hi", "parent": 0}]', False),
        ('[{"id": "x1", "author": "a", "text": "hi"}]', False),
        ('{"id": 1, "created_at_i": 1, "story_id": 1, "children": []}', False),
        ('[{"kind": "Listing", "data": {"children": []}}]', False),
        ("plain text", False),
    ],
)
def test_hnpwa_sniff_is_specific(head: str, expected: bool) -> None:
    assert hnpwa.sniff(head) is expected
