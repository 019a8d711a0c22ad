"""The Firebase items reader: lists and JSON Lines of items, kids order, deleted/dead items, bad shapes, depth."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import InputError
from argmap.sources import hn_algolia, hn_firebase, hnpwa, registry

EXAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "examples"

# ---------------------------------------------------------------------------------------------------------
# Fixture code: the shared HNPWA threads recast as Firebase items (at run time), and small item builders.


def as_items(story: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """An HNPWA story as a flat list of Firebase items (not in thread order); also the number of comments."""
    sid = int(story["id"])
    top = {"id": sid, "type": "story", "by": story.get("user"), "time": int(story["time"]),
           "title": story["title"], "url": story.get("url"), "text": story.get("content"),
           "kids": [int(c["id"]) for c in story["comments"]]}
    items = [top]
    todo = [(child, top) for child in story["comments"]]
    while todo:
        node, parent = todo.pop()
        new = {"id": int(node["id"]), "type": "comment", "parent": parent["id"], "time": int(node["time"]),
               "kids": [int(c["id"]) for c in node["comments"]]}
        if node.get("deleted"):
            new["deleted"] = True
        else:
            new.update(by=node.get("user"), text=node["content"])
        if node.get("dead"):
            new["dead"] = True
        items.append(new)
        todo.extend((child, new) for child in node["comments"])
    return items, len(items) - 1


def comment(id: int, parent: int, text: str | None = "words", **extra: Any) -> dict[str, Any]:
    new: dict[str, Any] = {"id": id, "type": "comment", "by": f"user{id}", "parent": parent, "time": 1600000000}
    if text is not None:
        new["text"] = text
    new.update(extra)
    return new


STORY = {"id": 1, "type": "story", "by": "op", "time": 1600000000, "title": "A story", "url": "https://example.org/s"}

# ---------------------------------------------------------------------------------------------------------


def test_hn_firebase_reads_the_example() -> None:
    thread = registry.read_path(EXAMPLES / "hn-firebase-example.json")
    assert (thread.format, thread.key) == ("hn-firebase", "hn:910001")
    assert thread.title == "Public transit should be free in every city"
    assert len(thread.posts) == 7
    by_id = {p.external_id: p for p in thread.posts}
    assert by_id["910001"].url == "https://example.org/free-transit-essay"
    assert by_id["910001"].text == thread.title
    quote = by_id["910003"].quotes[0]
    assert quote.source_post == "910002"
    assert "https://example.org/farebox-recovery" in by_id["910003"].text
    assert not by_id["910003"].text.startswith("collecting fares")
    assert by_id["910005"].text == "" and by_id["910006"].parent == "910005"
    assert by_id["910008"].text.startswith("Cities should simply ban cars")
    assert [(n.reason, n.post) for n in thread.notes] == [("deleted", "910005"), ("dead", "910008"),
                                                          ("deleted", "910009")]
    # kids order: the story's kids first, each subtree in turn
    assert [p.external_id for p in thread.posts] == ["910001", "910002", "910003", "910004", "910005", "910006",
                                                     "910008"]


def test_hn_firebase_reads_json_lines_in_any_order(tmp_path: Path) -> None:
    items = json.loads((EXAMPLES / "hn-firebase-example.json").read_text(encoding="utf-8"))
    shuffled = items[1:]
    random.Random(4).shuffle(shuffled)
    path = tmp_path / "thread.jsonl"
    path.write_text("\n".join(json.dumps(i) for i in [*shuffled, items[0]]) + "\n", encoding="utf-8")
    thread = registry.read_path(path)
    assert thread.format == "hn-firebase"
    assert [p.external_id for p in thread.posts] == ["910001", "910002", "910003", "910004", "910005", "910006",
                                                     "910008"]


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    ["comments__87486160__item1.json", "comments__9dc6b9ca__item26312516.json",
     "comments__cae8303b__item25015967.json"],
)
def test_hn_firebase_reads_the_real_threads_as_items(shared: Path, name: str) -> None:
    text = (shared / "threads" / "hn" / name).read_text(encoding="utf-8")
    items, comments = as_items(json.loads(text))
    thread = registry.read_bytes(json.dumps(items).encode(), source=name)
    assert thread.format == "hn-firebase"
    other = hnpwa.read(text, source=name)
    assert [(p.external_id, p.parent, p.text) for p in thread.posts] == [
        (p.external_id, p.parent, p.text) for p in other.posts]
    dropped = {n.post for n in thread.notes if "left out" in n.detail}
    assert len(thread.posts) - 1 + len(dropped) == comments


def test_hn_firebase_counts_kids_that_are_missing() -> None:
    items = [{**STORY, "kids": [2, 3, 4]}, comment(2, 1)]
    thread = hn_firebase.read(json.dumps(items), source="s.json")
    assert thread.missing == 2
    assert any(n.reason == "missing-kids" for n in thread.notes)


def test_hn_firebase_comments_only_get_a_synthetic_root() -> None:
    thread = hn_firebase.read(json.dumps([comment(2, 1), comment(3, 2), comment(4, 1)]), source="s.json")
    assert thread.key == "hn:1"
    assert [(p.external_id, p.parent) for p in thread.posts] == [("1", None), ("2", "1"), ("3", "2"), ("4", "1")]
    assert any(n.reason == "missing-story" for n in thread.notes)


def test_hn_firebase_accepts_inline_kids_and_kids_without_parent() -> None:
    story = {**STORY, "kids": [{"id": 2, "type": "comment", "by": "a", "time": 1, "text": "inline",
                                "kids": [3]}]}
    orphan = {"id": 3, "type": "comment", "by": "b", "time": 2, "text": "listed by 2, no parent field"}
    thread = hn_firebase.read(json.dumps([story, orphan]), source="s.json")
    assert [(p.external_id, p.parent) for p in thread.posts] == [("1", None), ("2", "1"), ("3", "2")]


def test_hn_firebase_reads_a_10000_deep_chain() -> None:
    items = [STORY] + [comment(i, i - 1 if i > 2 else 1, f"reply {i}") for i in range(2, 10_002)]
    thread = hn_firebase.read(json.dumps(items), source="deep.json")
    assert len(thread.posts) == 10_001
    assert thread.posts[-1].parent == thread.posts[-2].external_id


def test_hn_firebase_refuses_two_stories() -> None:
    with pytest.raises(InputError) as info:
        hn_firebase.read(json.dumps([STORY, {**STORY, "id": 9}]), source="two.json")
    assert "more than one thread" in str(info.value)
    assert info.value.post == "9"


@pytest.mark.parametrize(
    ("items", "post", "words"),
    [
        ([{**STORY, "kids": 5}], "1", "'kids' is an integer"),
        ([STORY, {"type": "comment", "parent": 1, "text": "no id"}], None, "item 2 of the list has no id"),
        ([STORY, comment(2, 1, text=None, kids=[{"type": "comment"}])], "2", "kid 1 of post '2' has no id"),
        ([STORY, comment(2, 1, text=["x"])], "2", "'text' is a list"),
        ([STORY, comment(2, [1])], "2", "parent of item 2"),
        ([STORY, "text"], None, "not an item object"),
    ],
)
def test_hn_firebase_bad_shapes_name_the_post(items: list[Any], post: str | None, words: str) -> None:
    with pytest.raises(InputError) as info:
        hn_firebase.read(json.dumps(items), source="bad.json")
    assert info.value.post == post
    assert words in str(info.value)
    assert "fix:" in str(info.value)


def test_hn_firebase_bad_json_line_is_named() -> None:
    text = json.dumps(STORY) + "\n" + json.dumps(comment(2, 1)) + "\n{broken\n"
    with pytest.raises(InputError) as info:
        hn_firebase.read(text, source="t.jsonl")
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (json.dumps([{**STORY, "kids": [2]}, comment(2, 1)]), True),
        (json.dumps(comment(2, 1)) + "\n" + json.dumps(comment(3, 2)), True),
        (json.dumps({"id": 1, "created_at_i": 1, "type": "story", "story_id": 1, "children": [], "by": "x",
                     "time": 1, "parent": 1}), False),
        ('{"id": 1, "title": "T", "user": "a", "level": 0, "time": 1, "type": "link", "comments": []}', False),
        ('[{"kind": "t1", "data": {"banned_by": null, "parent_id": "t3_x", "type": "comment"}}]', False),
        ('[{"id": "1", "parent": null, "author": "a", "text": "t"}]', False),
    ],
)
def test_hn_firebase_sniff_is_specific(head: str, expected: bool) -> None:
    assert hn_firebase.sniff(head) is expected
    if expected:
        assert not hn_algolia.sniff(head) and not hnpwa.sniff(head)


def test_hn_firebase_a_lone_surrogate_in_a_short_comment_is_replaced_not_a_reader_bug() -> None:
    text = ('[{"by": "ann", "id": 1, "kids": [2], "time": 1712000000, "title": "Should cafes pay more tax?", '
            '"type": "story", "text": "Cafes should pay more tax."},\n'
            '{"by": "bob", "id": 2, "parent": 1, "time": 1712000600, "type": "comment", '
            '"text": "Tom &amp; Jerry \\ud800 disagree, since tourists come for the terraces."}]')
    thread = hn_firebase.read(text, source="r1.json")
    assert thread.posts[1].text == "Tom & Jerry \ufffd disagree, since tourists come for the terraces."
    assert [n.detail[:10] for n in thread.notes if n.reason == "unstorable-chars"] == ["replaced 1"]
