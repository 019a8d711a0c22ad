"""Hacker News threads from the Algolia items API (``https://hn.algolia.com/api/v1/items/<id>``).

The format: one JSON object per item, replies nested in ``children``::

    {"id": 1, "type": "story", "author": "pg", "title": "...", "url": "http://...", "text": null,
     "created_at": "2006-10-09T18:21:51.000Z", "created_at_i": 1160418111, "parent_id": null, "story_id": 1,
     "children": [{"id": 15, "type": "comment", "author": "sama", "text": "<p>HTML ...", "parent_id": 1,
                   "story_id": 1, "created_at_i": 1160423461, "children": [...]}, ...]}

How it is read:

- The top object is the root post. For a story its text is the title, then a blank line and the story's
  own text (Ask HN) when it has one; ``Post.title`` and ``Post.url`` are set. The thread key is
  ``hn:<id of the top object>``, which for a story is the story id. A document fetched for a comment
  (``/items/<comment id>``) is read as that comment's subtree and noted (``subtree``).
- Replies hang where they are nested; ``parent_id`` is not needed. Their ids are their HN ids as strings,
  their ``text`` the clean words of the HTML with quoted paragraphs (``&gt; ...``) moved into quotes of the
  parent, and their ``raw`` the HTML.
- Algolia gives a deleted comment as ``author`` and ``text`` both ``null``: it stays as an empty placeholder
  when it has replies and is left out otherwise (``deleted`` note). Poll options are left out
  (``poll-option`` note).
- The walk is iterative, so a thread nested 10,000 deep is fine.
"""

from __future__ import annotations

import re
from typing import Any

from argmap.domain import Note, Post, Thread
from argmap.errors import InputError
from argmap.sources import _hn
from argmap.sources.common import assemble, json_type, load_json, parse_time
from argmap.sources.quotes import resolve_quotes

__all__ = ["NAME", "read", "sniff"]

NAME = "hn"

_CREATED_AT_I = re.compile(r'"created_at_i"\s*:')
_STORY_ID = re.compile(r'"(?:story_id|parent_id)"\s*:')
_CHILDREN = re.compile(r'"children"\s*:\s*\[')
_FIX_SHAPE = "give the JSON body of https://hn.algolia.com/api/v1/items/<id> unchanged"


def sniff(head: str) -> bool:
    """Whether ``head`` starts an Algolia item: a JSON object with ``created_at_i``, ``story_id`` and ``children``.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` for an Algolia ``/items/<id>`` document.
    """
    return (head.lstrip().startswith("{") and bool(_CREATED_AT_I.search(head))
            and bool(_STORY_ID.search(head)) and bool(_CHILDREN.search(head)))


def _children(node: dict[str, Any], post: str, source: str) -> list[Any]:
    children = node.get("children")
    if children is None:
        return []
    if not isinstance(children, list):
        raise InputError(source, f"'children' is {json_type(children, article=True)}, not a list of replies", post=post,
                         fix="give 'children' as a JSON list (empty when there are no replies); " + _FIX_SHAPE)
    return children


def _when(node: dict[str, Any]) -> Any:
    return node.get("created_at_i") if node.get("created_at_i") is not None else node.get("created_at")


def read(text: str, *, source: str) -> Thread:
    """Read an Algolia ``/items/<id>`` document.

    Args:
        text (str): the whole input.
        source (str): the file name or URL, for messages.

    Returns:
        Thread: the story (or comment) and every reply, parents first, quotes located in the parents.

    Raises:
        InputError: when the document is not an item, an item has no usable id, ``children`` is not a list
            or a text field is not a string; the message names the post.
        EmptyInput: when no post has text.
    """
    data = load_json(text, source)
    if not isinstance(data, dict):
        raise InputError(source, f"is a JSON {json_type(data)}, not an Algolia item object", fix=_FIX_SHAPE)
    if "hits" in data and "children" not in data:
        raise InputError(source, "is an Algolia search result, not an item",
                         fix="fetch https://hn.algolia.com/api/v1/items/<story id> for the whole thread")
    root_id = _hn.item_id(data.get("id"), source=source, where="the top item", post=None, fix=_FIX_SHAPE)
    notes: list[Note] = []
    kind = data.get("type")
    title = data.get("title") if isinstance(data.get("title"), str) else None
    html = _hn.html_field(data.get("text"), source=source, post=root_id, name="text")
    author = _hn.author_name(data.get("author"))
    is_comment = kind == "comment" or (data.get("parent_id") is not None and kind not in ("story", "job", "poll"))
    if is_comment:
        parent = data.get("parent_id")
        notes.append(Note("subtree", root_id, f"the document is comment {root_id} and its replies, not a whole "
                                              f"story (story {data.get('story_id')}, parent {parent})"))
        root = _hn.comment_post(root_id, "", author, html, parse_time(_when(data)))
        root.parent = None
    else:
        root = _hn.story_post(root_id, title, html, author, parse_time(_when(data)), _hn.absolute_url(data.get("url")))
    def read_comment(node: dict[str, Any], pid: str, parent_id: str, children: list[Any],
                     notes: list[Note]) -> Post | None:
        if node.get("type") == "pollopt":
            notes.append(Note("poll-option", pid, "poll option; left out"))
            return None
        html = _hn.html_field(node.get("text"), source=source, post=pid, name="text")
        author = _hn.author_name(node.get("author"))
        if _hn.is_gone(html):
            notes.append(_hn.gone_note(pid, len(children)))
            if not children:
                return None
            author = None
        return _hn.comment_post(pid, parent_id, author, html, parse_time(_when(node)))

    posts: list[Post] = [root, *_hn.walk_replies(
        _children(data, root_id, source), root_id, source=source, noun="an item object",
        id_fix="every item in 'children' needs its numeric 'id'; " + _FIX_SHAPE, shape_fix=_FIX_SHAPE,
        replies=lambda node, pid: _children(node, pid, source), read=read_comment, notes=notes)]
    thread = assemble(key=f"hn:{root_id}", format=NAME, source=source, posts=posts, title=title,
                      url=_hn.HN_ITEM_URL + root_id, notes=notes)
    _hn.set_off_quotes(thread.posts)
    thread.notes.extend(resolve_quotes(thread.posts))
    return thread
