"""Hacker News threads in the HNPWA API shape (``api.hnpwa.com/v0/item/<id>.json``), and a flat variant.

The nested shape::

    {"id": 1, "title": "...", "points": 100, "user": "pg", "time": 1160418111, "type": "link",
     "url": "http://..." (or "item?id=1" for a self post), "content": "<p>HTML" (self posts only),
     "comments": [{"id": 15, "level": 0, "user": "sama", "time": 1160423461, "content": "<p>HTML",
                   "deleted": true?, "dead": true?, "comments": [...]}, ...]}

Some mirrors give the numbers (``id``, ``time``, ``points``) as strings; both are accepted.

How it is read:

- The story is the root post: its title, then a blank line and its own ``content`` when it has one;
  ``Post.title`` and ``Post.url`` are set (``item?id=N`` links are made absolute). The key is ``hn:<id>``.
- Replies hang where they are nested (``level`` is not needed); ids are the HN ids as strings; ``text``
  holds the comment's own words with quoted paragraphs (``&gt; ...``) moved into quotes of the parent, and
  ``raw`` the HTML.
- A ``deleted`` comment (content ``[deleted]``) stays as an empty placeholder when it has replies and is
  left out otherwise (``deleted`` note). A ``dead`` (flagged) comment keeps its text and is noted (``dead``).
- The walk is iterative, so a thread nested 10,000 deep is fine.

The flat variant is a JSON list of comments without parent links, in depth-first order::

    [{"id": 48849103, "author": "someone", "text": "<p>HTML"}, ...]

Since nothing says which comment answers which, every comment is read as a top-level reply to a synthetic,
empty root post, and a ``flat-thread`` note says so. Quotes are still located: in the comments before the
quoting one, newest first, which in a depth-first list is usually the comment answered. The root's id and
the key come from the number in the file name (``thread-48849066.json`` gives ``hn:48849066``) when it can be the
story's id: HN numbers items in the order they are posted, so it must be below every comment's id and at most
:data:`MAX_STORY_GAP` below the first. Otherwise (no number, or a date or a count such as ``comments-2025-01-10``,
which would give two different threads one key, so that the second replaced the first) the key is
``hn:flat-<digest of the ids>``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePath
from typing import Any

from argmap.domain import Note, Post, Thread
from argmap.errors import InputError
from argmap.sources import _hn
from argmap.sources.common import assemble, json_type, load_json, parse_time
from argmap.sources.quotes import find_in, fold, resolve_quotes

__all__ = ["NAME", "read", "sniff"]

NAME = "hnpwa"

_COMMENTS = re.compile(r'"comments"\s*:\s*\[')
_USER = re.compile(r'"user"\s*:')
_HNPWA_KEY = re.compile(r'"(?:time_ago|comments_count|level)"\s*:')
_FLAT_KEYS = frozenset({"id", "author", "text"})
_LINK_KEYS = frozenset({"parent", "parent_id", "kids", "children", "comments", "replies", "by", "type"})
_FIX_SHAPE = "give the HNPWA item JSON ({id, title, user, time, content?, comments: [...]}) unchanged"
_FIX_FLAT = "give a JSON list of {id, author, text} objects"
#: A number in a flat list's file name is taken as its story's id only this close below its first comment's id
#: (HN gives out some ten thousand ids a day; a thread's first comment comes within days of the story).
MAX_STORY_GAP = 1_000_000
_ID_DIGITS = 30


def _first_flat_item(head: str) -> dict[str, Any] | None:
    """The first object of a JSON list, decoded from ``head`` alone (``None`` when it does not fit)."""
    stripped = head.lstrip()
    if not stripped.startswith("["):
        return None
    start = stripped.find("{")
    if start < 0 or stripped[1:start].strip():
        return None
    try:
        first, _ = json.JSONDecoder().raw_decode(stripped, start)
    except ValueError:
        return None
    return first if isinstance(first, dict) else None


def _is_flat_item(item: dict[str, Any]) -> bool:
    return item.keys() >= _FLAT_KEYS and not (_LINK_KEYS & item.keys()) and (
        (isinstance(item["id"], int) and not isinstance(item["id"], bool))
        or (isinstance(item["id"], str) and item["id"].isdigit()))


def sniff(head: str) -> bool:
    """Whether ``head`` starts an HNPWA item, or a flat list of ``{id, author, text}`` HN comments.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` for an object with ``comments``, ``user`` and an HNPWA-only key (``time_ago``,
        ``comments_count`` or ``level``), or for a JSON list whose first object has exactly the keys
        ``id`` (a number), ``author`` and ``text`` and no parent link.
    """
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return (bool(_COMMENTS.search(head)) and bool(_USER.search(head)) and bool(_HNPWA_KEY.search(head))
                and '"created_at_i"' not in head)
    first = _first_flat_item(head)
    return first is not None and _is_flat_item(first)


def read(text: str, *, source: str) -> Thread:
    """Read an HNPWA item, or a flat list of HN comments.

    Args:
        text (str): the whole input.
        source (str): the file name, for messages and (flat lists) the thread id.

    Returns:
        Thread: the story and every comment, parents first, quotes located.

    Raises:
        InputError: when the document is neither shape, an item has no usable id, ``comments`` is not a list
            or ``content`` is not text; the message names the post.
        EmptyInput: when no post has text.
    """
    data = load_json(text, source)
    if isinstance(data, list):
        return _read_flat(data, source)
    if not isinstance(data, dict):
        raise InputError(source, f"is a JSON {json_type(data)}, not an HNPWA item", fix=_FIX_SHAPE)
    return _read_nested(data, source)


def _comments(node: dict[str, Any], post: str, source: str) -> list[Any]:
    comments = node.get("comments")
    if comments is None:
        return []
    if not isinstance(comments, list):
        raise InputError(source, f"'comments' is {json_type(comments, article=True)}, not a list of replies", post=post,
                         fix="give 'comments' as a JSON list (empty when there are no replies)")
    return comments


def _read_nested(data: dict[str, Any], source: str) -> Thread:
    root_id = _hn.item_id(data.get("id"), source=source, where="the story", post=None, fix=_FIX_SHAPE)
    title = data.get("title") if isinstance(data.get("title"), str) else None
    html = _hn.html_field(data.get("content"), source=source, post=root_id, name="content")
    root = _hn.story_post(root_id, title, html, _hn.author_name(data.get("user")), parse_time(data.get("time")),
                          _hn.absolute_url(data.get("url")))
    notes: list[Note] = []

    def read_comment(node: dict[str, Any], pid: str, parent_id: str, children: list[Any],
                     notes: list[Note]) -> Post | None:
        html = _hn.html_field(node.get("content"), source=source, post=pid, name="content")
        author = _hn.author_name(node.get("user"))
        if node.get("deleted") is True or _hn.is_gone(html):
            notes.append(_hn.gone_note(pid, len(children), dead=node.get("deleted") is not True))
            if not children:
                return None
            html, author = "", None
        elif node.get("dead") is True:
            notes.append(Note("dead", pid, "flagged or killed on Hacker News; kept"))
        return _hn.comment_post(pid, parent_id, author, html, parse_time(node.get("time")))

    posts: list[Post] = [root, *_hn.walk_replies(
        _comments(data, root_id, source), root_id, source=source, noun="a comment object",
        id_fix="every comment needs its numeric 'id'; " + _FIX_SHAPE, shape_fix=_FIX_SHAPE,
        replies=lambda node, pid: _comments(node, pid, source), read=read_comment, notes=notes)]
    thread = assemble(key=f"hn:{root_id}", format=NAME, source=source, posts=posts, title=title,
                      url=_hn.HN_ITEM_URL + root_id, notes=notes)
    _hn.set_off_quotes(thread.posts)
    thread.notes.extend(resolve_quotes(thread.posts))
    return thread


def _story_id(name: str, ids: list[str]) -> str | None:
    """The number in a flat list's file ``name`` that can be the id of the story its comments (``ids``) answer.

    Example:
        >>> _story_id("thread-48849066.json", ["48849103", "48849245"]), _story_id("hn-2025-01-10.json", ["48849103"])
        ('48849066', None)
    """
    # HN ids have at most a few dozen digits; a longer run is no id (and int() refuses 4,300 digits and more).
    if not ids or not all(pid.isascii() and pid.isdigit() and len(pid) <= _ID_DIGITS for pid in ids):
        return None
    first = min(int(pid) for pid in ids)
    for number in re.findall(r"\d+", name):
        if len(number) <= _ID_DIGITS and 0 < first - int(number) <= MAX_STORY_GAP:
            return str(int(number))
    return None


def _read_flat(items: list[Any], source: str) -> Thread:
    ids: list[str] = []
    comments: list[tuple[str, str | None, str]] = []
    for index, item in enumerate(items):
        where = f"comment {index + 1} of the list"
        if not isinstance(item, dict):
            raise InputError(source, f"{where} is {json_type(item, article=True)}, not an object", fix=_FIX_FLAT)
        pid = _hn.item_id(item.get("id"), source=source, where=where, post=None, fix=_FIX_FLAT)
        html = _hn.html_field(item.get("text"), source=source, post=pid, name="text")
        ids.append(pid)
        comments.append((pid, _hn.author_name(item.get("author")), html))
    story = _story_id(PurePath(source).name, ids)
    if story:
        root_id = story
        key = f"hn:{root_id}"
        url: str | None = _hn.HN_ITEM_URL + root_id
    else:
        digest = hashlib.sha256(",".join(ids).encode()).hexdigest()[:16]
        root_id, key, url = "root", f"hn:flat-{digest}", None
    notes = [Note("flat-thread", root_id,
                  f"the input lists {len(comments)} comments without parent links; read as top-level replies to "
                  f"a synthetic empty root {root_id!r}")]
    posts = [Post(external_id=root_id, parent=None, author=None, text="", url=url)]
    for pid, author, html in comments:
        if _hn.is_gone(html):
            notes.append(_hn.gone_note(pid, 0))
            continue
        post = _hn.comment_post(pid, root_id, author, html, None)
        skipped = _hn.textless_note(post, 0)
        if skipped:
            notes.append(skipped)
            continue
        posts.append(post)
    thread = assemble(key=key, format=NAME, source=source, posts=posts, url=url, notes=notes)
    _locate_earlier(thread.posts)
    return thread


#: A quote not found word for word is looked for, allowing cuts and ellipses, in this many earlier comments.
NEAR = 40


def _locate_earlier(posts: list[Post]) -> None:
    """Find each quote in the posts before the quoting one, newest first (the parent is not known).

    A quote copied word for word is found by a cheap substring test over every earlier post; one that was
    trimmed, cut with an ellipsis or lightly edited is matched with ``find_in`` against the nearest earlier posts
    only, which keeps a 1,000-comment list fast.
    """
    folded = [fold(post.text) for post in posts]
    for index, post in enumerate(posts):
        for quote in post.quotes:
            needle = fold(quote.text)
            order = range(index - 1, -1, -1)
            candidates = [i for i in order if needle and needle in folded[i]] or list(order)[:NEAR]
            found = find_in(quote.text, (posts[i] for i in candidates))
            if found is not None:
                found.place(quote)
