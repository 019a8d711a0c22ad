"""The Discourse reader: the project's example topic, what a topic's JSON may hold, and malformed input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import InputError
from argmap.sources import discourse, registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "corpora" / "examples" / "discourse-example.json"


def _topic(posts: list[dict[str, Any]], stream: list[int] | None = None, **fields: Any) -> str:
    data = {"id": 55, "title": "Night trains", "slug": "night-trains",
            "post_stream": {"posts": posts, "stream": stream if stream is not None else [p["id"] for p in posts]}}
    data.update(fields)
    return json.dumps(data)


def _post(number: int, cooked: str, reply_to: int | None = None, **fields: Any) -> dict[str, Any]:
    post = {"id": 500 + number, "post_number": number, "username": f"user{number}", "cooked": cooked,
            "created_at": "2025-01-02T03:04:05.000Z", "post_type": 1, "reply_to_post_number": reply_to}
    post.update(fields)
    return post


def test_discourse_example_reads_parents_quotes_and_what_is_no_post() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert registry.sniff_format(text[:registry.SNIFF_CHARS], str(EXAMPLE)) == "discourse"
    thread = discourse.read(text, source=str(EXAMPLE))
    assert (thread.key, thread.format, thread.title) == (
        "discourse:should-our-city-make-buses-free-4312", "discourse", "Should our city make buses free?")
    parents = {p.external_id: p.parent for p in thread.posts}
    # 2 answers the topic, 3 quotes post 1 without naming a reply, 4 names 2, 7 names the deleted 6
    assert parents == {"1": None, "2": "1", "3": "1", "4": "2", "6": "1", "7": "6"}
    opening, _, quoting = thread.posts[:3]
    assert opening.title == thread.title and opening.author == "marta"
    [quote] = quoting.quotes
    assert quote.source_post == "1" and quote.source_start is not None and quote.source_end is not None
    assert opening.text[quote.source_start:quote.source_end].startswith("Free buses would also pull cars off")
    assert quoting.text.startswith("That has not happened") and "marta:" not in quoting.text  # no quote heading
    assert quoting.text.endswith("https://example.org/tallinn-study")  # a link preview is its link
    assert "A summary of the study" not in quoting.text
    deleted = next(p for p in thread.posts if p.external_id == "6")
    assert (deleted.text, deleted.author) == ("", None)  # kept only because post 7 answers it
    assert {n.reason: n.post for n in thread.notes} == {"small-action": "5", "deleted": "6"}
    assert thread.posts[1].created_at is not None and thread.missing == 0


def test_discourse_posts_the_stream_lists_but_the_file_lacks_are_missing() -> None:
    posts = [_post(1, "<p>Night trains should come back.</p>"), _post(2, "<p>They cost too much to run.</p>")]
    thread = discourse.read(_topic(posts, stream=[501, 502, 503, 504, 505]), source="t.json")
    assert thread.missing == 3
    [note] = [n for n in thread.notes if n.reason == "more-posts"]
    assert "lists 5 posts and the file holds 2" in note.detail and "print=true" in note.detail


def test_discourse_a_later_page_of_posts_is_rooted_at_its_first_post() -> None:
    """``/t/<id>/posts.json`` answers hold no post 1 and no topic id of their own."""
    posts = [_post(21, "<p>Sleeper cars are full every night.</p>", topic_id=55),
             _post(22, "<p>Full, but at a loss.</p>", reply_to=21, topic_id=55),
             _post(23, "<p>Nobody has asked about freight.</p>", reply_to=7, topic_id=55)]
    thread = discourse.read(json.dumps({"post_stream": {"posts": posts}}), source="posts.json")
    assert thread.key == "discourse:topic-55"
    assert {p.external_id: p.parent for p in thread.posts} == {"21": None, "22": "21", "23": "21"}
    assert [n.reason for n in thread.notes] == ["dangling-parent"]  # post 7 is not in the file


def test_discourse_hidden_posts_keep_their_words_and_withdrawn_ones_do_not() -> None:
    posts = [_post(1, "<p>Night trains should come back.</p>"),
             _post(2, "<p>Only tourists would ride them.</p>", hidden=True),
             _post(3, "<p>(post withdrawn by author, will be automatically deleted in 24 hours unless flagged)</p>")]
    thread = discourse.read(_topic(posts), source="t.json")
    assert [p.external_id for p in thread.posts] == ["1", "2"]
    assert thread.posts[1].text == "Only tourists would ride them."
    assert sorted(n.reason for n in thread.notes) == ["deleted", "empty-text", "hidden"]


@pytest.mark.parametrize(("data", "words"), [
    ([1, 2], "is a JSON list, not a Discourse topic"),
    ({"post_stream": {"posts": {}}}, "no 'post_stream' with a list of 'posts'"),
    ({"id": 55, "post_stream": {"posts": [_post(1, "<p>x</p>", post_number="one")]}},
     "is a string ('one'), not a whole number of 0 or more"),
    # A fraction or a negative number is a number: the message said "is a number ('1.5'), not a number".
    ({"id": 55, "post_stream": {"posts": [_post(1, "<p>x</p>", reply_to_post_number=1.5)]}},
     "'reply_to_post_number' is a number ('1.5'), not a whole number of 0 or more"),
    ({"id": 55, "post_stream": {"posts": [_post(1, "<p>x</p>", reply_to_post_number=-1)]}},
     "('-1'), not a whole number of 0 or more"),
    ({"id": 55, "post_stream": {"posts": [_post(1, ["<p>x</p>"])]}}, "'cooked' is a list, not HTML text"),
    ({"id": 55, "post_stream": {"posts": ["post"]}}, "post 1 of the stream is a string"),
    ({"id": True, "post_stream": {"posts": [_post(1, "<p>x</p>")]}}, "the topic's 'id' is a boolean"),
    ({"post_stream": {"posts": [_post(1, "<p>x</p>")]}}, "the topic's 'id' is missing"),
])
def test_discourse_malformed_topics_are_named_with_the_fix(data: Any, words: str) -> None:
    with pytest.raises(InputError) as info:
        discourse.read(json.dumps(data), source="bad.json")
    assert words in str(info.value) and "fix:" in str(info.value) and "bad.json" in str(info.value)


def test_discourse_is_not_sniffed_in_other_formats() -> None:
    for example in sorted((ROOT / "corpora" / "examples").glob("*.json*")):
        if example.name != EXAMPLE.name:
            assert not discourse.sniff(example.read_text(encoding="utf-8")[:65536]), example.name


@pytest.mark.parametrize(("fields", "official"), [({}, False), ({"pinned": False}, False), ({"pinned": True}, True),
                                                  ({"pinned_globally": True}, True)])
def test_discourse_a_pinned_topic_opens_with_an_announcement(fields: dict[str, Any], official: bool) -> None:
    topic = _topic([_post(1, "<p>The forum moves to a new server on Friday.</p>"),
                    _post(2, "<p>Will old links keep working?</p>", reply_to=1)], **fields)
    thread = discourse.read(topic, source="t.json")
    assert [post.official for post in thread.posts] == [official, False]  # the answers are not announcements


def test_discourse_a_quote_names_its_post_even_after_that_post_was_edited() -> None:
    """A reply quoting words its post no longer holds moved to the topic, though the quote names the post."""
    posts = [_post(1, "<p>Night trains should come back.</p>"),
             _post(2, "<p>Tuesday clashes with the release train, so not then.</p>"),
             _post(3, '<aside class="quote" data-post="2" data-topic="55"><blockquote><p>Tuesday clashes with the '
                      "deploy window</p></blockquote></aside><p>Then move the deploys.</p>")]
    thread = discourse.read(_topic(posts), source="t.json")
    assert {p.external_id: p.parent for p in thread.posts} == {"1": None, "2": "1", "3": "2"}


def test_discourse_lightboxes_polls_and_mentions_are_no_ones_words() -> None:
    """An image's file name and size, a poll's options and "0 voters", and mentions as links to user pages were
    units."""
    lightbox = ('<div class="lightbox-wrapper"><a class="lightbox" href="https://f.example/up/chart.png" '
                'title="chart"><img src="https://f.example/up/chart_small.png"><div class="meta"><span class='
                '"filename">sales-chart</span><span class="informations">1200×675 52.3 KB</span></div></a></div>')
    poll = ('<div class="poll" data-poll-name="poll"><div class="poll-container"><ul><li data-poll-option-id="a">'
            'Yes, every Sunday</li><li data-poll-option-id="b">No</li></ul></div><div class="poll-info"><p><span '
            'class="info-number">0</span><span class="info-label">voters</span></p></div></div>')
    posts = [_post(1, f"<p>Should the library open on Sundays?</p>{poll}"),
             _post(2, f'<p>Sales recovered, <a class="mention" href="/u/marta">@marta</a>. The chart:</p>{lightbox}'
                      '<p>Ask <a class="mention-group" href="/groups/librarians">@librarians</a> too.</p>', 1)]
    thread = discourse.read(_topic(posts), source="t.json")
    assert [p.text for p in thread.posts] == [
        "Should the library open on Sundays?",
        "Sales recovered, @marta. The chart:\n\nhttps://f.example/up/chart.png\n\nAsk @librarians too."]


def _avatar(host: str) -> dict[str, str]:
    return {"avatar_template": f"/user_avatar/{host}/ann/{{size}}/12_2.png"}


def test_discourse_the_key_names_the_forum() -> None:
    """The key was ``discourse:<slug>-<id>``: every forum numbers its topics from 1, and a new forum's starter topics
    share slugs, so two forums' topics of one slug and number had one key and the second ingested replaced the
    first. The key now names the forum: its URL's host and folder, or for a saved file the host its uploaded
    avatars name, so that the file and the URL still give one key."""
    posts = [_post(1, "<p>Welcome to our forum.</p>")]
    url = discourse.read(_topic(posts), source="https://Forum.example.org/t/night-trains/55?page=2")
    folder = discourse.read(_topic(posts), source="https://example.org/community/t/night-trains/55")
    saved = discourse.read(_topic([{**posts[0], **_avatar("forum.example.org")}]), source="t.json")
    other = discourse.read(_topic([{**posts[0], **_avatar("other.example.net")}]), source="t.json")
    cdn_avatar = "https://sea2.discourse-cdn.com/flex01/user_avatar/other.example.net/ann/{size}/1_2.png"
    cdn = discourse.read(_topic([{**posts[0], "avatar_template": cdn_avatar}]), source="u.json")
    letter = "/letter_avatar_proxy/v4/letter/a/e9a/{size}.png"
    letters = discourse.read(_topic([{**posts[0], "avatar_template": letter}]), source="t.json")
    assert url.key == saved.key == "discourse:forum.example.org/night-trains-55"
    assert folder.key == "discourse:example.org/community/night-trains-55"
    assert other.key == cdn.key == "discourse:other.example.net/night-trains-55"
    assert letters.key == "discourse:night-trains-55" and letters.opening_key and not url.opening_key
