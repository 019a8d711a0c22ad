"""Discourse forum topics, as the forum's JSON gives them (``https://forum.example/t/<slug>/<id>.json``).

The shape (only what argmap reads)::

    {"id": 7, "title": "...", "slug": "remote-work", "posts_count": 42,
     "post_stream": {"posts": [{"id": 70, "post_number": 1, "username": "ann", "created_at": "2024-05-01T09:00Z",
                                "cooked": "<p>HTML</p>", "reply_to_post_number": null, "post_type": 1,
                                "deleted_at": null, "hidden": false}, ...],
                     "stream": [70, 71, ...]}}

How it is read:

- Post ``1`` opens the topic: it is the root and carries the topic's title. Posts are numbered by
  ``post_number`` (their external id), which is how Discourse says what a post answers.
- A post answers ``reply_to_post_number`` when it names one; otherwise the post it quotes (Discourse quotes
  carry the number of the post quoted, ``<aside class="quote" data-post="3">``, which counts even where the
  quoted words are no longer in that post, edited since); otherwise the topic itself,
  post 1.
- ``cooked`` HTML becomes clean text: a quote's heading ("ann:") goes, its words become a quote located in the
  post it names, a link preview (onebox) becomes its link.
- Small actions (``post_type`` 3: "closed the topic", "pinned") are no posts (``small-action`` note). A deleted
  post (``deleted_at``, or withdrawn by its author) keeps its place as an empty post when others answer it
  (``deleted`` note); a post hidden by flags keeps its text (``hidden`` note).
- A topic pinned to the top of its category or the forum (``pinned``, ``pinned_globally``) opens with an
  announcement: post ``1`` is :attr:`~argmap.domain.Post.official`.
- A topic's JSON holds its first 20 posts unless fetched with ``print=true`` (or for a URL, where argmap asks
  for the rest); posts ``stream`` lists but the file does not hold are counted as missing (``more-posts``).

The key is ``discourse:<forum>/<slug>-<id>``, the forum being its host (and the folder it lives in, if any:
``example.org/forum``): every forum numbers its topics from 1, and the starter topics a new forum is given
("Welcome to Discourse") have one slug and number on many forums. A fetched topic's forum is its URL's; a
saved file's is the host its uploaded avatars name (``/user_avatar/<host>/...``), so that a topic file and the
topic's URL give the same thread; a file that names no host (every avatar a letter) is keyed
``discourse:<slug>-<id>``, and stored beside another forum's topic of that key when the two share no reply
(:attr:`~argmap.domain.Thread.opening_key`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from argmap.domain import Note, Post, Quote, Thread
from argmap.errors import InputError
from argmap.sources.common import assemble, html_to_text, is_url, json_type, load_json, parse_time
from argmap.sources.quotes import find_in, resolve_quotes, split_quoted

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

__all__ = ["NAME", "read", "sniff"]

NAME = "discourse"

_FIX = "give the topic's JSON as the forum sends it (https://<forum>/t/<slug>/<id>.json), unchanged"
_POST_STREAM = re.compile(r'"post_stream"\s*:')
_POST_KEY = re.compile(r'"(?:post_number|cooked|reply_to_post_number)"\s*:')
_SMALL_ACTION = 3
#: What a post withdrawn by its author says instead of its words.
_WITHDRAWN = re.compile(r"^\s*\(post (?:deleted|withdrawn) by author", re.IGNORECASE)
#: An uploaded avatar's path names the forum's host, after the forum's folder if it has one
#: (``/forum/user_avatar/example.org/ann/{size}/12_2.png``), or on a CDN after the CDN's own folders.
_AVATAR = re.compile(r"(?P<prefix>(?:/[^/{}:]+)*?)/user_avatar/(?P<host>[^/{}]+)/")
_CDN_AVATAR = re.compile(r"https?://[^/]+/(?:[^/{}]+/)*?user_avatar/(?P<host>[^/{}]+)/")


def sniff(head: str) -> bool:
    """Whether ``head`` (the start of the input) is a Discourse topic: a ``post_stream`` with Discourse's post
    fields (``post_number``, ``cooked``)."""
    stripped = head.lstrip()
    return stripped.startswith("{") and bool(_POST_STREAM.search(head)) and bool(_POST_KEY.search(head))


def read(text: str, *, source: str) -> Thread:
    """Read a Discourse topic.

    Args:
        text (str): the topic's JSON.
        source (str): the file name or URL, for messages.

    Returns:
        Thread: post 1 and every reply, parents first, quotes located.

    Raises:
        InputError: JSON of another shape, or a post whose fields have the wrong type; the message names the post.
        EmptyInput: when no post has text.
    """
    data = load_json(text, source)
    if not isinstance(data, dict):
        raise InputError(source, f"is a JSON {json_type(data)}, not a Discourse topic", fix=_FIX)
    stream = data.get("post_stream")
    if not isinstance(stream, dict) or not isinstance(stream.get("posts"), list):
        raise InputError(source, "has no 'post_stream' with a list of 'posts'", fix=_FIX)
    topic = _number(data.get("id") if data.get("id") is not None else _first_topic_id(stream["posts"]),
                    source, "the topic's 'id'")
    slug = data.get("slug") if isinstance(data.get("slug"), str) and data.get("slug") else "topic"
    title = data.get("title") if isinstance(data.get("title"), str) else None
    notes: list[Note] = []
    posts: list[Post] = []
    quoted_posts: dict[str, list[str]] = {}  # post -> the post numbers its quotes name, in order
    for index, item in enumerate(stream["posts"]):
        post, names = _post(item, index, source, notes)
        if post is not None:
            posts.append(post)
            quoted_posts[post.external_id] = names
    _link(posts, quoted_posts, title)
    if data.get("pinned") is True or data.get("pinned_globally") is True:
        for post in posts:  # a topic pinned to the top of the forum: its opening post is an announcement
            if post.parent is None and post.external_id == "1":
                post.official = True
    announced = stream.get("stream")
    missing = 0
    if isinstance(announced, list) and len(announced) > len(stream["posts"]):
        missing = len(announced) - len(stream["posts"])
        if is_url(source):  # fetched: its URL was what the note told to ingest
            said = (f"the topic lists {len(announced)} posts and argmap fetched {len(stream['posts'])} of them (20 a "
                    "request, at most 1,000 past the first page); save the topic with ?print=true for all")
        else:
            said = (f"the topic lists {len(announced)} posts and the file holds {len(stream['posts'])}; ingest the "
                    "topic's URL, or save it with ?print=true, for all")
        notes.append(Note("more-posts", None, said))
    forum = _forum(source, stream["posts"])
    key = f"discourse:{forum}/{slug}-{topic}" if forum else f"discourse:{slug}-{topic}"
    thread = assemble(key=key, format=NAME, source=source, posts=posts, title=title,
                      notes=notes, missing=missing)
    # Named by no forum, the key may be another forum's topic's: the store tells them apart by their posts, as it
    # does pasted threads that open with the same words.
    thread.opening_key = forum is None
    thread.notes.extend(resolve_quotes(thread.posts))
    return thread


def _forum(source: str, posts: list[Any]) -> str | None:
    """The forum a topic is on, for its key: the host (with a port other than the scheme's) and folder of the URL it
    was fetched from, else the host its posts' uploaded avatars name; ``None`` when neither tells.

    Example:
        >>> _forum("https://Forum.example.org/t/night-trains/55/3", []), _forum("https://example.org/forum/t/55", [])
        ('forum.example.org', 'example.org/forum')
        >>> _forum("t.json", [{"avatar_template": "/user_avatar/forum.example.org/ann/{size}/12_2.png"}])
        'forum.example.org'
    """
    if is_url(source):
        parts = urlsplit(source)
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            port = ""
        folder = parts.path.split("/t/", 1)[0].rstrip("/") if "/t/" in parts.path else ""
        return f"{(parts.hostname or '').lower()}{port}{folder}" or None
    for item in posts:
        template = item.get("avatar_template") if isinstance(item, dict) else None
        if not isinstance(template, str):
            continue
        if (found := _CDN_AVATAR.match(template)) is not None:
            return found["host"].lower()
        if (found := _AVATAR.match(template)) is not None:
            return found["host"].lower() + found["prefix"]
    return None


def _first_topic_id(posts: list[Any]) -> Any:
    """The ``topic_id`` of the first post (``/t/<id>/posts.json`` answers have no topic ``id`` of their own)."""
    return next((p.get("topic_id") for p in posts if isinstance(p, dict)), None)


def _number(value: Any, source: str, what: str, post: str | None = None) -> str:
    """``value`` as the text of a positive whole number (Discourse ids and post numbers), or an error naming it."""
    if value is None:
        raise InputError(source, f"{what} is missing", post=post, fix=_FIX)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise InputError(source, f"{what} is {json_type(value, article=True)} ({str(value)[:20]!r}), not a whole "
                                 "number of 0 or more", post=post, fix=_FIX)
    return str(int(value))


def _post(item: Any, index: int, source: str, notes: list[Note]) -> tuple[Post | None, list[str]]:
    """One post of the stream, and the numbers of the posts its quotes name; ``None`` for a small action."""
    if not isinstance(item, dict):
        raise InputError(source, f"post {index + 1} of the stream is {json_type(item, article=True)}, not an object",
                         fix=_FIX)
    number = _number(item.get("post_number"), source, f"post {index + 1}'s 'post_number'")
    if item.get("post_type") == _SMALL_ACTION:
        action = item.get("action_code") if isinstance(item.get("action_code"), str) else "an action"
        notes.append(Note("small-action", number, f"post {number} records {action}, not words; left out"))
        return None, []
    cooked = item.get("cooked", "")
    if cooked is None:
        cooked = ""
    if not isinstance(cooked, str):
        raise InputError(source, f"'cooked' is {json_type(cooked, article=True)}, not HTML text", post=number,
                         fix=_FIX)
    reply_to = item.get("reply_to_post_number")
    parent = _number(reply_to, source, "'reply_to_post_number'", number) if reply_to is not None else None
    author = item.get("username") if isinstance(item.get("username"), str) and item.get("username") else None
    html, names = _clean(cooked)
    text = html_to_text(html, code_lines=True)
    if item.get("deleted_at") or item.get("user_deleted") is True or _WITHDRAWN.match(text):
        notes.append(Note("deleted", number, f"post {number} was deleted; kept as a placeholder if answered"))
        text, author, names = "", None, []
    elif item.get("hidden") is True:
        notes.append(Note("hidden", number, f"post {number} is hidden by flags on the forum; kept"))
    own, quoted = split_quoted(text)
    post = Post(external_id=number, parent=parent, author=author, text=own, raw=cooked,
                created_at=parse_time(item.get("created_at")),
                quotes=[Quote(words, offset=offset) for words, offset in quoted])
    return post, names


#: Class names of what Discourse draws around a post's words (an image's lightbox, a poll, a mention).
_WIDGETS = ("lightbox", "poll", "mention")


def _unwidget(soup: BeautifulSoup) -> None:
    """Take out what Discourse draws rather than the author writes: an image's lightbox becomes the image's link
    (its file name and size, "sales-chart 1200×675 52.3 KB", were a claim), a poll goes (its options and
    "0 voters" were units), and a mention is its name, "@marta", not a link to the user's page."""
    from bs4 import Tag

    for box in soup.find_all("div", class_="lightbox-wrapper"):
        link = box.find("a", href=True) if isinstance(box, Tag) else None
        paragraph = soup.new_tag("p")
        paragraph.string = str(link["href"]) if isinstance(link, Tag) else ""
        box.replace_with(paragraph)
    for poll in soup.find_all("div", class_="poll"):
        poll.decompose()
    for mention in soup.find_all("a", class_=("mention", "mention-group")):
        mention.replace_with(mention.get_text())


def _clean(cooked: str) -> tuple[str | BeautifulSoup, list[str]]:
    """``cooked`` without what is no one's words (a quote's "ann:" heading, a link preview's summary), and the
    post numbers its quotes name, in order. When there was something to take out, the HTML comes back parsed,
    for :func:`html_to_text` to read without parsing it again."""
    if "<aside" not in cooked and not any(widget in cooked for widget in _WIDGETS):
        return cooked, []
    from bs4 import BeautifulSoup, Tag  # imported here, not with the module: every command loads the readers

    soup = BeautifulSoup(cooked, "html.parser")
    _unwidget(soup)
    names: list[str] = []
    for aside in soup.find_all("aside"):
        if not isinstance(aside, Tag):
            continue
        classes = [str(c) for c in aside.get_attribute_list("class")]
        if "quote" in classes:
            for heading in aside.find_all("div", class_="title"):
                heading.decompose()
            number = str(aside.get("data-post") or "")
            if number.isdigit():
                names.append(str(int(number)))
        elif "onebox" in classes:  # a link's preview: its link is what the post gives
            link = aside.find("a", href=True)
            paragraph = soup.new_tag("p")
            paragraph.string = str(link["href"]) if isinstance(link, Tag) else ""
            aside.replace_with(paragraph)
    return soup, names


def _link(posts: list[Post], quoted_posts: dict[str, list[str]], title: str | None) -> None:
    """Set each post's parent (its ``reply_to_post_number``, else the post it quotes, else post 1) and locate its
    quotes in the posts they name. Post 1 is the root; a file without it (a later page of posts) is rooted at
    its first post."""
    if not posts:
        return
    by_number = {post.external_id: post for post in posts}
    order = {post.external_id: n for n, post in enumerate(posts)}
    root = by_number.get("1", posts[0])
    root.parent, root.title = None, title
    for post in posts:
        for quote in post.quotes:
            named = [by_number[number] for number in quoted_posts.get(post.external_id, [])
                     if number in by_number and by_number[number] is not post]
            found = find_in(quote.text, named)
            if found is not None:
                found.place(quote)
        if post is not root and post.parent is None:
            quoting = next((q.source_post for q in post.quotes if q.source_post), None)
            # A quote names its post even where its words are no longer there (the post was edited since).
            naming = next((n for n in quoted_posts.get(post.external_id, [])
                           if n in by_number and order[n] < order[post.external_id]), None)
            post.parent = quoting or naming or root.external_id
