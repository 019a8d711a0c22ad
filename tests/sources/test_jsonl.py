"""The JSON Lines reader: the project's example, deep chains, every malformed line, big and non-Latin posts."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import EmptyInput, InputError
from argmap.sources import jsonl

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "corpora" / "examples" / "example.jsonl"


def _lines(*objects: Any) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects) + "\n"


def test_jsonl_reads_the_project_example() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert jsonl.sniff(text)
    thread = jsonl.read(text, source=str(EXAMPLE))
    assert thread.key == "jsonl:rail-trail"
    assert thread.format == "jsonl"
    assert thread.title == "Should the old rail line become a bike path?"
    assert 8 <= len(thread.posts) <= 12
    assert thread.notes == []
    posts = {p.external_id: p for p in thread.posts}
    assert posts["1"].parent is None and posts["1"].title == thread.title
    assert posts["7"].parent == "6"  # string and number ids are the same ids
    assert posts["2"].created_at is not None and posts["2"].created_at.isoformat() == "2024-03-01T09:20:00+00:00"
    assert "https://example.org/traffic-2022" in posts["2"].text
    quoted = [p for p in thread.posts if p.quotes]
    assert len(quoted) == 4
    for post in quoted:
        assert not any(line.startswith(">") for line in post.text.split("\n"))
        assert post.raw.startswith(">")
        (quote,) = post.quotes
        assert quote.source_post == post.parent
        source = posts[post.parent or ""]
        assert quote.source_start is not None and quote.source_end is not None
        assert source.text[quote.source_start:quote.source_end].lower() == quote.text.lower()
        assert post.line is not None


def test_jsonl_a_quote_with_a_mended_typo_is_found_in_the_parent() -> None:
    parent = ("Night buses cost the city less than people think. The council's own report puts the yearly bill for "
              "four routes below the price of one roundabout.")
    reply = "> The councils own reprot puts the yearly bill for four routes below the price\n\nIt leaves out overtime."
    lines = _lines({"id": "a", "text": parent}, {"id": "b", "parent": "a", "text": reply})
    thread = jsonl.read(lines, source="t.jsonl")
    (quote,) = thread.posts[1].quotes
    assert thread.posts[1].text == "It leaves out overtime."
    assert quote.source_post == "a"
    assert quote.source_start is not None and quote.source_end is not None
    assert parent[quote.source_start:quote.source_end] == ("The council's own report puts the yearly bill for four "
                                                           "routes below the price")
    assert not any(note.reason == "unmatched-quote" for note in thread.notes)


def test_jsonl_reads_line_by_line_from_a_stream() -> None:
    stream = io.StringIO(_lines({"id": "a", "parent": None, "text": "Root"}, "",
                                {"id": "b", "parent": "a", "text": "Reply"}))
    thread = jsonl.read_lines(stream, source="<stdin>")
    assert [(p.external_id, p.parent, p.line) for p in thread.posts] == [("a", None, 1), ("b", "a", 3)]


def test_jsonl_without_thread_name_keys_on_a_hash_of_the_first_post() -> None:
    one = jsonl.read(_lines({"id": 1, "text": "Root"}, {"id": 2, "parent": 1, "text": "x"}), source="a")
    same = jsonl.read(_lines({"id": 1, "text": "Root"}, {"id": 3, "parent": 1, "text": "y"}), source="b")
    other = jsonl.read(_lines({"id": 1, "text": "Another root"}), source="c")
    assert one.key.startswith("jsonl:") and len(one.key) == len("jsonl:") + 16
    assert one.key == same.key != other.key


def test_jsonl_thread_and_title_on_a_later_line_are_noted() -> None:
    thread = jsonl.read(_lines({"id": 1, "text": "Root"}, {"id": 2, "parent": 1, "text": "x", "thread": "late"}),
                        source="x.jsonl")
    assert not thread.key.endswith("late")
    assert [n.reason for n in thread.notes] == ["ignored-field"]


def test_jsonl_file_of_several_threads_gives_each() -> None:
    """A file whose lines name two threads kept the first and dropped the second's posts as duplicate ids (or,
    with ids unique across the file, merged both into one thread with two roots), exit 0."""
    text = _lines({"id": 1, "text": "Bikes beat cars.", "thread": "bikes", "title": "Bikes"},
                  {"id": 2, "parent": 1, "text": "Not uphill.", "thread": "bikes"},
                  {"id": 1, "text": "Trams beat buses.", "thread": "trams"},
                  {"id": 2, "parent": 1, "text": "Not on cost."},  # no thread: the thread of the line before
                  {"id": 3, "parent": 2, "text": "Over ten years they do.", "thread": "bikes"})  # answers bikes' 2
    threads = jsonl.read_threads(text, source="many.jsonl")
    assert [(t.key, t.title) for t in threads] == [("jsonl:bikes", "Bikes"), ("jsonl:trams", "trams")]
    assert [[(p.external_id, p.parent, p.text) for p in t.posts] for t in threads] == [
        [("1", None, "Bikes beat cars."), ("2", "1", "Not uphill."), ("3", "2", "Over ten years they do.")],
        [("1", None, "Trams beat buses."), ("2", "1", "Not on cost.")]]
    assert not [n for t in threads for n in t.notes]
    with pytest.raises(InputError, match=r"holds 2 threads \('bikes', 'trams'\), where one was asked for") as one:
        jsonl.read(text, source="many.jsonl")
    assert one.value.fix is not None and "argmap ingest FILE" in one.value.fix


def test_issue2_jsonl_reads_whole_numbers_written_as_floats() -> None:
    # pandas' to_json(orient="records", lines=True) writes a parent column with a null in it as floats.
    thread = jsonl.read(_lines({"id": 1, "parent": None, "text": "Root"}, {"id": 2, "parent": 1.0, "text": "x"},
                               {"id": 3.0, "parent": 2.0, "text": "y"}), source="pandas.jsonl")
    assert [(p.external_id, p.parent) for p in thread.posts] == [("1", None), ("2", "1"), ("3", "2")]
    assert not [n for n in thread.notes if n.reason == "dangling-parent"]


def test_issue2_jsonl_empty_parent_names_null_as_the_fix() -> None:
    with pytest.raises(InputError) as info:
        jsonl.read(_lines({"id": 1, "parent": "", "text": "Root"}), source="csv.jsonl")
    assert "line 1: 'parent' is empty" in str(info.value)
    assert '"parent": null' in str(info.value)


def test_jsonl_reads_a_10000_deep_parent_chain() -> None:
    depth = 10_000
    text = _lines(*({"id": i, "parent": i - 1 if i else None, "text": f"reply {i}"} for i in range(depth)))
    thread = jsonl.read(text, source="deep.jsonl")
    assert len(thread.posts) == depth
    assert thread.posts[-1].parent == str(depth - 2)


def test_jsonl_keeps_a_1mb_post_whole() -> None:
    body = ("Congestion pricing works because drivers respond to prices. " * 17_000)[:1_000_000]
    thread = jsonl.read(_lines({"id": 1, "text": "Root"}, {"id": 2, "parent": 1, "text": body}), source="big")
    assert thread.posts[1].text == body.rstrip("\n")
    assert len(thread.posts[1].text) == 1_000_000


def test_jsonl_round_trips_emoji_and_right_to_left_text() -> None:
    root = "הצעה: לסגור את הרחוב לרכבים 🚲"
    reply = "> לסגור את הרחוב לרכבים\nأنا أعارض ذلك 🙅🏽‍♀️ because shops need deliveries"
    thread = jsonl.read(_lines({"id": "א", "text": root, "author": "דנה"},
                               {"id": "ب", "parent": "א", "text": reply}), source="rtl.jsonl")
    assert thread.posts[0].text == root
    assert thread.posts[0].author == "דנה"
    assert thread.posts[1].text == "أنا أعارض ذلك 🙅🏽‍♀️ because shops need deliveries"
    assert thread.posts[1].raw == reply
    assert thread.posts[1].quotes[0].source_post == "א"


def test_jsonl_unicode_line_separator_inside_a_string_does_not_split_the_line() -> None:
    thread = jsonl.read('{"id": 1, "text": "one\u2028two"}\n', source="x")
    assert thread.posts[0].text == "one\u2028two"


@pytest.mark.parametrize(("bad", "words"), [
    ('{"id": 2, "parent": 1, "text": "cut', "not valid JSON"),
    ("[1, 2, 3]", "not an object"),
    ('"just a string"', "not an object"),
    ('{"parent": 1, "text": "no id"}', "no 'id'"),
    ('{"id": 2, "parent": 1}', "no 'text'"),
    ('{"id": 2, "parent": 1, "text": 5}', "'text' is an integer"),
    ('{"id": 2, "parent": [1], "text": "x"}', "'parent' is a list"),
    ('{"id": 2.5, "parent": 1, "text": "x"}', "'id' is a number"),
    ('{"id": true, "parent": 1, "text": "x"}', "'id' is a boolean"),
    ('{"id": 2, "parent": 1, "text": "x", "author": 7}', "'author' is an integer"),
    ("[" * 100_000, "too deeply"),
])
def test_jsonl_bad_line_is_an_input_error_naming_the_line(bad: str, words: str) -> None:
    text = _lines({"id": 1, "parent": None, "text": "Root"}, "", bad, {"id": 9, "parent": 1, "text": "after"})
    with pytest.raises(InputError) as info:
        jsonl.read(text, source="posts.jsonl")
    assert info.value.line == 3
    assert "posts.jsonl, line 3" in str(info.value)
    assert words in str(info.value)
    assert info.value.fix


def test_jsonl_bad_time_is_noted_not_fatal() -> None:
    thread = jsonl.read(_lines({"id": 1, "text": "Root", "created_at": "last Tuesday"}), source="x")
    assert thread.posts[0].created_at is None
    assert [n.reason for n in thread.notes] == ["bad-time"]


def test_jsonl_time_in_epoch_milliseconds_is_read() -> None:
    """pandas' ``to_json(orient="records", lines=True)`` writes a datetime column as epoch milliseconds, as
    JavaScript's ``Date.now()`` gives them: every post was stored undated, each noted "bad-time"."""
    from datetime import UTC, datetime

    thread = jsonl.read(_lines({"id": 1, "text": "Root", "created_at": 1709280000250},
                               {"id": 2, "parent": 1, "text": "Reply", "created_at": "1709280060000"},
                               {"id": 3, "parent": 1, "text": "Again", "created_at": 1709280120}), source="x")
    assert [p.created_at for p in thread.posts] == [datetime(2024, 3, 1, 8, 0, 0, 250000, tzinfo=UTC),
                                                    datetime(2024, 3, 1, 8, 1, tzinfo=UTC),
                                                    datetime(2024, 3, 1, 8, 2, tzinfo=UTC)]
    assert thread.notes == []
    # too large to be milliseconds either: noted, and said to be past the range, not of another form
    thread = jsonl.read(_lines({"id": 1, "text": "Root", "created_at": 1e20}), source="x")
    assert thread.posts[0].created_at is None
    assert [n.detail for n in thread.notes] == [
        "line 1: 'created_at' 1e+20 is out of the range of times (years 1 to 9999 in UTC)"]


def test_jsonl_only_blank_lines_is_empty_input() -> None:
    with pytest.raises(EmptyInput):
        jsonl.read("\n\n  \n", source="blank.jsonl")


@pytest.mark.parametrize(("head", "claimed"), [
    ('{"id": 1, "parent": null, "text": "a"}\n{"id": 2, "parent": 1, "text": "b"}\n', True),
    ('\n\n{"id": "x", "text": "a"}', True),
    ('{\n "id": 1,\n "text": "a"\n}', False),  # pretty-printed JSON, not JSON Lines
    ('{"by": "pg", "id": 1, "kids": [2], "text": "a", "type": "comment", "parent": 0}', False),
    ('{"id": 1, "created_at_i": 1, "author": "a", "text": "x", "children": []}', False),
    ('[{"kind": "Listing"}]', False),
    ("plain text", False),
    ('{"id": 1, "parent": null, "tex', False),
])
def test_jsonl_sniff_is_specific(head: str, claimed: bool) -> None:
    assert jsonl.sniff(head) is claimed


def test_jsonl_sniff_judges_a_first_line_longer_than_the_head() -> None:
    head = ('{"id": 1, "parent": null, "text": "' + "x" * 70_000)[:65536]
    assert jsonl.sniff(head)


def test_jsonl_sniff_claims_no_shared_thread(shared: Path) -> None:
    for path in sorted((shared / "threads").rglob("*.json")):
        assert not jsonl.sniff(path.read_text(encoding="utf-8", errors="replace")[:65536]), path.name


def test_jsonl_a_thread_without_a_title_is_named_by_its_thread_field_else_its_file(tmp_path: Path) -> None:
    first = {"id": 1, "parent": None, "author": "ana", "text": "Ban cars in cities."}
    reply = {"id": 2, "parent": 1, "author": "ben", "text": "That hurts people who cannot walk far."}
    named = jsonl.read(_lines({**first, "thread": "cars"}, reply), source=str(tmp_path / "times.jsonl"))
    assert (named.key, named.title) == ("jsonl:cars", "cars")
    from_file = jsonl.read(_lines(first, reply), source=str(tmp_path / "times.jsonl"))
    assert from_file.title == "times" and from_file.key.startswith("jsonl:")
    assert from_file.posts[0].title is None  # the root post has no title of its own
    titled = jsonl.read(_lines({**first, "title": "Cars in cities", "thread": "cars"}, reply), source="times.jsonl")
    assert titled.title == "Cars in cities"
    assert jsonl.read(_lines(first, reply), source="<stdin>").title is None


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_jsonl_old_mac_line_ends_inside_a_text_end_its_quote(end: str) -> None:
    """A JSON string may hold "\\r\\r": the reply was read as one long quote, and dropped as a post with no text."""
    parent = "Cafes should pay more tax because their terraces block the pavement all summer."
    reply = f"> their terraces block the pavement{end}{end}That is false: the terraces are on private land.{end}Mostly."
    thread = jsonl.read(_lines({"id": "1", "text": parent}, {"id": "2", "parent": "1", "text": reply}),
                        source="cr.jsonl")
    assert [p.text for p in thread.posts] == [parent, "That is false: the terraces are on private land.\nMostly."]
    [quote] = thread.posts[1].quotes
    assert (quote.text, quote.source_post) == ("their terraces block the pavement", "1")


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("format", [None, "jsonl"])
def test_jsonl_a_json_list_of_posts_is_told_to_be_written_a_line_each(tmp_path: Path, indent: int | None,
                                                                      format: str | None) -> None:
    """A list of posts dumped as one JSON document (json.dump of a list, pandas' to_json(orient="records")) was
    "JSON, but not in a thread format argmap knows: force one with --format", and forced as jsonl "line 1: is not
    valid JSON: Expecting value", though it is valid JSON."""
    from argmap.sources.registry import read_path

    posts = [{"id": 1, "parent": None, "author": "ann", "text": "Night buses should run all year."},
             {"id": 2, "parent": 1, "author": "bob", "text": "They cost too much."}]
    path = tmp_path / "posts.json"
    path.write_text(json.dumps(posts, indent=indent), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_path(path, format=format)
    message = str(caught.value)
    assert f"{path}: is a JSON list of posts; argmap reads posts as JSON Lines, one object a line" in message
    assert f"fix: write one post a line: jq -c '.[]' {path} > {tmp_path / 'posts.jsonl'}" in message


def test_jsonl_deleted_and_removed_posts_are_placeholders_not_words() -> None:
    """A Reddit dump's (Pushshift's) ``"text": "[deleted]"`` or ``"[removed]"`` was stored as the post's words and
    became an argument unit, and ``"author": "[deleted]"`` an author who wrote every deleted account's posts; now,
    as the Reddit reader reads them, such a post is an empty placeholder its replies still hang from (left out
    without replies), and the author is ``None``. A ``null`` text, which refused the whole file, is read alike."""
    lines = _lines({"id": "t3_a", "author": "ana", "text": "Cities should ban cars from their centres."},
                   {"id": "b", "parent": "t3_a", "author": "[deleted]", "text": " [deleted] "},
                   {"id": "c", "parent": "b", "author": "ben", "text": "Many people cannot walk far."},
                   {"id": "d", "parent": "t3_a", "author": "cy", "text": "[removed]"},
                   {"id": "e", "parent": "t3_a", "author": "[deleted]", "text": "My account is gone, my words stay."},
                   {"id": "f", "parent": "t3_a", "author": "dee", "text": "[deleted] the old post, here it is again."},
                   {"id": "g", "parent": "c", "author": None, "text": None},
                   {"id": "h", "parent": "g", "author": "eve", "text": "A reply to a post whose text is null."})
    thread = jsonl.read(lines, source="dump.jsonl")
    posts = {p.external_id: p for p in thread.posts}
    assert set(posts) == {"t3_a", "b", "c", "e", "f", "g", "h"}
    assert posts["g"].text == "" and posts["h"].parent == "g"  # a null text (a database's deleted post) alike
    assert posts["b"].text == "" and posts["b"].author is None and posts["b"].raw == " [deleted] "
    assert posts["c"].parent == "b"
    assert posts["e"].author is None and posts["e"].text == "My account is gone, my words stay."
    assert posts["f"].text == "[deleted] the old post, here it is again."
    assert [n.post for n in thread.notes if n.reason == "empty-text"] == ["d"]


def test_jsonl_lines_of_another_shape_are_named_not_called_broken_json() -> None:
    """JSON Lines whose objects are no posts (Reddit comments as Pushshift dumps them: ``body``, ``parent_id``,
    ``link_id``; or any export with its own field names) were refused as broken JSON: "line 2: is not valid JSON:
    Extra data ... repair or re-download the file". The error now says what the lines are and how to map their
    fields, for Reddit comments with the whole command; forced with ``--format jsonl``, the line says it too."""
    from argmap.errors import UnknownFormat
    from argmap.sources import registry

    dump = _lines({"id": "c1", "link_id": "t3_s1", "parent_id": "t3_s1", "author": "ana", "body": "Cars &amp; vans."},
                  {"id": "c2", "link_id": "t3_s1", "parent_id": "t1_c1", "author": "ben", "body": "&gt; Cars\nNo."})
    with pytest.raises(UnknownFormat) as caught:
        registry.read_bytes(dump.encode(), source="RC_2024-01.ndjson")
    assert "Reddit comments" in str(caught.value) and "not valid JSON" not in str(caught.value)
    assert caught.value.fix is not None and "jq -c" in caught.value.fix and "RC_2024-01.jsonl" in caught.value.fix
    with pytest.raises(InputError, match=r"line 1: the object has no 'text' \(a Reddit comment\)\n  fix: turn them"):
        jsonl.read(dump, source="RC_2024-01.ndjson")
    other = _lines({"ID": 1, "comment": "Hi"}, {"ID": 2, "comment": "Yo"})
    with pytest.raises(UnknownFormat, match=r"the first has 'ID', 'comment', not 'id' and 'text'"):
        registry.read_bytes(other.encode(), source="c.jsonl")
    with pytest.raises(InputError, match=r"line 2: is not valid JSON"):  # a broken line is still named as one
        registry.read_bytes(b'{"ID": 1}\n{"ID": 2\n', source="c.jsonl")
