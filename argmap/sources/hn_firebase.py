"""Hacker News threads as items of the official Firebase API (``hacker-news.firebaseio.com/v0/item/<id>.json``).

The API gives one item at a time; a thread is the story and its comments collected into a JSON list (or
JSON Lines, one item a line)::

    [{"id": 8863, "type": "story", "by": "dhouston", "time": 1175714200, "title": "...", "url": "http://...",
      "text": "HTML (self posts)", "kids": [8952, 9224], "descendants": 71},
     {"id": 8952, "type": "comment", "by": "someone", "time": 1175727286, "parent": 8863, "text": "<p>HTML",
      "kids": [...]},
     {"id": 9224, "type": "comment", "deleted": true, "parent": 8863, "time": 1175741232}, ...]

Items may come in any order. A ``kids`` entry may also be the item itself (an object) rather than its id,
as tools that inline the tree write it.

How it is read:

- The item without a ``parent`` is the story and the root post: its title, then a blank line and its own
  text when it has one; ``Post.title`` and ``Post.url`` are set. The key is ``hn:<story id>``. When the list
  holds only comments whose top ones answer the same absent item, that item becomes an empty synthetic
  root (``missing-story`` note); a list with several parentless items is refused (one thread per file).
- A comment answers its ``parent`` (or, without one, the item whose ``kids`` list it). Replies come in the
  order of their parent's ``kids`` (HN's ranking), then any others in input order.
- Ids listed in ``kids`` but absent from the input are counted in ``Thread.missing`` (``missing-kids``).
- A ``deleted`` item (no text, no author) stays as an empty placeholder when it has replies and is left out
  otherwise (``deleted`` note); a ``dead`` (flagged) one keeps its text and is noted (``dead``). Poll
  options are left out (``poll-option``).
- Nothing recurses, so a chain of replies 10,000 deep is fine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from argmap.domain import Note, Post, Thread
from argmap.errors import EmptyInput, InputError
from argmap.sources import _hn
from argmap.sources.common import assemble, json_type, load_json, parse_time
from argmap.sources.quotes import resolve_quotes

__all__ = ["NAME", "read", "sniff"]

NAME = "hn-firebase"

_TYPE = re.compile(r'"type"\s*:\s*"(?:story|comment|job|poll|pollopt)"')
_TIME = re.compile(r'"time"\s*:\s*\d')
_LINK = re.compile(r'"(?:kids|parent)"\s*:')
_BY = re.compile(r'"by"\s*:')
_STORY_TYPES = ("story", "job", "poll")
_FIX_SHAPE = ("give a JSON list (or JSON Lines) of items as https://hacker-news.firebaseio.com/v0/item/<id>.json "
              "returns them")


def sniff(head: str) -> bool:
    """Whether ``head`` starts a list (or JSON Lines) of Firebase HN items.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` when the JSON holds an HN item ``type``, a numeric ``time``, a ``by`` author and a
        ``kids`` or ``parent`` link, and none of the Algolia or HNPWA keys.
    """
    stripped = head.lstrip()
    if not stripped or stripped[0] not in "[{":
        return False
    if '"created_at_i"' in head or re.search(r'"(?:level|time_ago|comments_count)"\s*:', head):
        return False
    return all(pattern.search(head) for pattern in (_TYPE, _TIME, _LINK, _BY))


def _documents(text: str, source: str) -> list[tuple[Any, int | None]]:
    """The top-level JSON values with their line number: one for a JSON document, one a line for JSON Lines."""
    lines = text.splitlines()
    filled = [(number, line) for number, line in enumerate(lines, start=1) if line.strip()]
    if text.lstrip().startswith("{") and len(filled) > 1:
        first = filled[0][1].strip()
        if first.startswith("{") and first.endswith("}"):
            try:
                load_json(first, source)
            except InputError:
                pass
            else:
                values: list[tuple[Any, int | None]] = []
                for number, line in filled:
                    try:
                        values.append((load_json(line, source), number))
                    except InputError as exc:
                        raise InputError(source, f"is not valid JSON Lines: {exc.detail}", line=number,
                                         fix="give one complete JSON item per line") from exc
                return values
    data = load_json(text, source)
    if isinstance(data, list):
        return [(item, None) for item in data]
    return [(data, None)]


def _kids(item: dict[str, Any], post: str, source: str) -> list[Any]:
    kids = item.get("kids")
    if kids is None:
        return []
    if not isinstance(kids, list):
        raise InputError(source, f"'kids' is {json_type(kids, article=True)}, not a list of ids", post=post,
                         fix="give 'kids' as a JSON list of item ids")
    return kids


def read(text: str, *, source: str) -> Thread:
    """Read a list (or JSON Lines) of Firebase HN items that make up one thread.

    Args:
        text (str): the whole input.
        source (str): the file name or URL, for messages.

    Returns:
        Thread: the story and its comments, parents first, quotes located in the parents.

    Raises:
        InputError: when an item is not an object, has no usable id, has ``kids`` that are not a list or
            text that is not a string, or when the input holds more than one story; the message names the
            post (or line).
        EmptyInput: when no post has text.
    """
    items: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    parent_of: dict[str, str | None] = {}
    listed: dict[str, list[str]] = {}
    notes: list[Note] = []
    # An explicit stack: kids may be inline objects nested to any depth.
    stack: list[tuple[Any, str | None, str]] = [
        (value, None, f"line {line}" if line else f"item {index + 1} of the list")
        for index, (value, line) in reversed(list(enumerate(_documents(text, source))))
    ]
    while stack:
        item, implied, where = stack.pop()
        if not isinstance(item, dict):
            raise InputError(source, f"{where} is {json_type(item, article=True)}, not an item object", post=implied,
                             fix=_FIX_SHAPE)
        pid = _hn.item_id(item.get("id"), source=source, where=where, post=implied,
                          fix="every item needs its numeric 'id'; " + _FIX_SHAPE)
        if pid in items:
            notes.append(Note("duplicate-id", pid, f"item {pid} appears again; kept the first"))
            continue
        items[pid] = item
        order.append(pid)
        raw_parent = item.get("parent")
        parent = None if raw_parent is None else _hn.item_id(
            raw_parent, source=source, where=f"the parent of item {pid}", post=pid, fix="give 'parent' as an item id")
        parent_of[pid] = parent if parent is not None else implied
        kid_ids: list[str] = []
        inline: list[tuple[Any, str | None, str]] = []
        for index, kid in enumerate(_kids(item, pid, source)):
            kid_where = f"kid {index + 1} of post {pid!r}"
            if isinstance(kid, dict):
                inline.append((kid, pid, kid_where))
                kid = kid.get("id")
            kid_ids.append(_hn.item_id(kid, source=source, where=kid_where, post=pid, fix="give 'kids' as item ids"))
        listed[pid] = kid_ids
        stack.extend(reversed(inline))
    # A comment with no 'parent' field hangs under the item whose kids list it.
    for pid, kid_ids in listed.items():
        for kid in kid_ids:
            if kid in parent_of and parent_of[kid] is None and items[kid].get("type") not in _STORY_TYPES:
                parent_of[kid] = pid
    root_id = _root(order, items, parent_of, notes, source)
    missing = [kid for kid_ids in listed.values() for kid in kid_ids if kid not in items]
    if missing:
        notes.append(Note("missing-kids", None, f"{len(missing)} repl{'y' if len(missing) == 1 else 'ies'} listed "
                          f"in 'kids' are not in the input (e.g. {', '.join(missing[:3])})"))
    children: dict[str, list[str]] = defaultdict(list)
    for pid in order:
        parent = parent_of[pid]
        if parent is not None:
            children[parent].append(pid)
    for pid, kid_ids in listed.items():
        rank = {kid: i for i, kid in enumerate(kid_ids)}
        children[pid].sort(key=lambda kid: rank.get(kid, len(rank)))
    posts = _posts(root_id, order, items, parent_of, children, notes, source)
    root = items.get(root_id, {})
    title = root.get("title") if isinstance(root.get("title"), str) else None
    thread = assemble(key=f"hn:{root_id}", format=NAME, source=source, posts=posts, title=title,
                      url=_hn.HN_ITEM_URL + root_id, notes=notes, missing=len(missing))
    _hn.set_off_quotes(thread.posts)
    thread.notes.extend(resolve_quotes(thread.posts))
    return thread


def _root(order: list[str], items: dict[str, dict[str, Any]], parent_of: dict[str, str | None],
          notes: list[Note], source: str) -> str:
    """The story's id; a synthetic root's id when only comments are given."""
    if not order:
        raise EmptyInput(source, "holds no item", fix=_FIX_SHAPE)
    roots = [pid for pid in order if parent_of[pid] is None]
    if len(roots) > 1:
        shown = ", ".join(roots[:5]) + (" ..." if len(roots) > 5 else "")
        raise InputError(source, f"holds {len(roots)} items without a parent ({shown}): more than one thread",
                         post=roots[1], fix="give one thread (a story and its comments) per file")
    if roots:
        return roots[0]
    absent = [parent_of[pid] for pid in order if parent_of[pid] not in items]
    root_id = str(absent[0]) if absent else order[0]
    notes.append(Note("missing-story", root_id, f"the input holds comments only; item {root_id}, which they answer, "
                                                 "is an empty synthetic root"))
    return root_id


def _posts(root_id: str, order: list[str], items: dict[str, dict[str, Any]], parent_of: dict[str, str | None],
           children: dict[str, list[str]], notes: list[Note], source: str) -> list[Post]:
    """Posts in depth-first order from the root, following ``kids``; items not reached come after."""
    posts: list[Post] = []
    if root_id not in items:
        posts.append(Post(external_id=root_id, parent=None, author=None, text="", url=_hn.HN_ITEM_URL + root_id))
    done: set[str] = set()
    starts = [root_id] if root_id in items else [pid for pid in order if parent_of[pid] == root_id]
    pending = [*starts, *order]
    stack: list[str] = []
    for start in pending:
        if start in done or start not in items:
            continue
        stack.append(start)
        while stack:
            pid = stack.pop()
            if pid in done:
                continue
            done.add(pid)
            post = _post(pid, items[pid], parent_of[pid], len(children.get(pid, ())), notes, source)
            if post is not None:
                posts.append(post)
            stack.extend(reversed(children.get(pid, [])))
    return posts


def _post(pid: str, item: dict[str, Any], parent: str | None, replies: int, notes: list[Note],
          source: str) -> Post | None:
    kind = item.get("type")
    html = _hn.html_field(item.get("text"), source=source, post=pid, name="text")
    author = _hn.author_name(item.get("by"))
    created = parse_time(item.get("time"))
    if parent is None:
        title = item.get("title") if isinstance(item.get("title"), str) else None
        return _hn.story_post(pid, title, html, author, created, _hn.absolute_url(item.get("url")))
    if kind == "pollopt":
        notes.append(Note("poll-option", pid, "poll option; left out"))
        return None
    if item.get("deleted") is True or _hn.is_gone(html):
        notes.append(_hn.gone_note(pid, replies, dead=item.get("deleted") is not True))
        if not replies:
            return None
        html, author = "", None
    elif item.get("dead") is True:
        notes.append(Note("dead", pid, "flagged or killed on Hacker News; kept"))
    post = _hn.comment_post(pid, parent, author, html, created)
    skipped = _hn.textless_note(post, replies)
    if skipped:
        notes.append(skipped)
        return None
    return post
