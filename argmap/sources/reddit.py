"""Reader for Reddit ``/comments/<id>.json`` responses.

The format, as Reddit's API returns it for ``https://www.reddit.com/comments/<id>.json``::

    [
      {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {submission}}]}},
      {"kind": "Listing", "data": {"children": [comment or more, ...]}}
    ]

- The submission (``t3``) has ``id``, ``title``, ``selftext`` (Markdown, may be empty), ``author``, ``url``,
  ``permalink`` and ``created_utc``; Reddit escapes ``&``, ``<`` and ``>`` in its title and link as in bodies.
  It becomes the root post: its text is the title, a blank line and the self text when there is one.
- A comment (``t1``) has ``id``, ``parent_id`` (``t1_<comment id>`` or ``t3_<submission id>``), ``author``,
  ``body`` (Markdown with ``&amp;``, ``&lt;`` and ``&gt;`` escaped), ``created_utc``, ``permalink`` and
  ``replies``: either ``""`` or a Listing of further children, nested to any depth.
- A ``more`` stub stands for comments the response left out; ``count`` says how many (``0`` for a
  "continue this thread" link, which hides at least one, and counts as one). Stubs are not posts: their counts
  add up to :attr:`Thread.missing`, and each is recorded as a ``more-stub`` note.
- Deleted or removed comments have body and/or author ``[deleted]`` or ``[removed]`` (or the body
  ``[ Removed by Reddit ]``, with or without the policy it broke); the author becomes
  ``None`` and the text empty, so that :func:`~argmap.sources.common.assemble` keeps them only as
  placeholders for their replies.
- Lines starting with ``>`` quote another comment: they become :class:`~argmap.domain.Quote` objects
  located in the parent, not the reply's own words.
- The Markdown of titles' self text and bodies is read as plain text (:func:`~argmap.sources.markdown.plain_text`:
  ``[label](url)`` becomes ``label (url)``, emphasis marks go); ``raw`` keeps it as written.

Some responses hold only a branch around one comment; a ``parent_id`` that points outside the file is
reported by ``assemble`` as a dangling parent. The comment tree is walked with an explicit stack, so
nesting of any depth is read without recursion.
"""

from __future__ import annotations

import re
from typing import Any

from argmap.domain import Note, Post, Quote, Thread
from argmap.errors import InputError
from argmap.markup import line_ends
from argmap.sources.common import assemble, is_gone, json_type, load_json, parse_time
from argmap.sources.markdown import plain_text
from argmap.sources.quotes import resolve_quotes, split_quoted

__all__ = ["NAME", "read", "sniff"]

NAME = "reddit"

#: Prefixed to a ``permalink`` to make a URL.
BASE_URL = "https://www.reddit.com"

_FIX = "give the unmodified response of https://www.reddit.com/comments/<id>.json"
_LISTING = re.compile(r'"kind"\s*:\s*"Listing"')
_SUBMISSION = re.compile(r'"kind"\s*:\s*"t3"')
_PREFIX = re.compile(r"^t\d_")
#: A ``more`` stub's count above this is not a count (no thread has a billion comments; a database column has limits).
_MAX_MORE = 10**9
#: The "distinguished" values of a post its subreddit's moderators or Reddit's admins made as such.
_OFFICIAL = ("admin", "moderator")


def sniff(head: str) -> bool:
    """Whether ``head`` starts a Reddit comments response: a JSON array holding a Listing with a ``t3``.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` for a Reddit ``/comments/<id>.json`` response.
    """
    if not head.lstrip().startswith("["):
        return False
    return bool(_LISTING.search(head, 0, 4096)) and bool(_SUBMISSION.search(head))


def _unescape(markdown: str) -> str:
    """Undo the entities Reddit escapes in Markdown (``&amp;`` last, so ``&amp;gt;`` stays ``&gt;``)."""
    return markdown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _strip_prefix(fullname: str) -> str:
    """``t1_abc`` -> ``abc``; an id without a type prefix is returned as it is."""
    return _PREFIX.sub("", fullname, count=1)


def _permalink(data: dict[str, Any]) -> str | None:
    """The absolute URL of a submission or comment's ``permalink``, or ``None`` when it has none."""
    link = data.get("permalink")
    if isinstance(link, str) and link:
        return BASE_URL + link if link.startswith("/") else link
    return None


def _children(listing: Any, source: str, where: str | None) -> list[Any]:
    """The ``children`` list of a Listing, checked.

    Raises:
        InputError: when ``listing`` is not a Listing object with a list of children.
    """
    what = f"the replies of comment {where!r}" if where else "a top-level Listing"
    if not isinstance(listing, dict) or not isinstance(listing.get("data"), dict):
        raise InputError(source, f"{what} is not a Listing object ({json_type(listing)})", post=where,
                         fix=_FIX)
    children = listing["data"].get("children")
    if not isinstance(children, list):
        raise InputError(source, f"{what} has no list of 'children' (found {json_type(children, article=True)})",
                         post=where, fix=_FIX)
    return children


def _thing(node: Any, source: str, parent: str | None) -> tuple[str, dict[str, Any]]:
    """The ``kind`` and ``data`` of one child of a Listing.

    Raises:
        InputError: when the child is not ``{"kind": str, "data": object}``.
    """
    valid = isinstance(node, dict) and isinstance(node.get("kind"), str)
    valid = valid and isinstance(node.get("data"), dict)
    if not valid:
        raise InputError(source, "a child of a Listing is not a {'kind', 'data'} object"
                         + (f" (under {parent!r})" if parent else ""), post=parent, fix=_FIX)
    return node["kind"], node["data"]


def _text(value: Any, field: str, source: str, post: str) -> str:
    """A Markdown field as a string; ``None`` or a missing field is empty.

    Raises:
        InputError: when the field is not a string.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(source, f"{field!r} is {json_type(value, article=True)}, not text", post=post, fix=_FIX)
    return value


def _author(value: Any, source: str, post: str) -> str | None:
    """The author's name; ``None`` for a deleted account.

    Raises:
        InputError: when the author is not a string.
    """
    if not isinstance(value, str | None):
        raise InputError(source, f"'author' is {json_type(value, article=True)}, not a name", post=post, fix=_FIX)
    if value is None or is_gone(value):
        return None
    return value


def _own_words(markdown: str, base: int = 0) -> tuple[str, list[Quote]]:
    """Own text and quotes of a Markdown body; quote offsets are shifted by ``base``."""
    if is_gone(markdown):
        return "", []
    own, quotes = split_quoted(plain_text(line_ends(_unescape(markdown))))
    return own, [Quote(text, offset=base + offset) for text, offset in quotes]


def _submission(data: Any, source: str) -> tuple[Post, str | None]:
    """The root post from the submission Listing, and the thread's permalink.

    Raises:
        InputError: when the Listing holds no ``t3`` with an id.
    """
    for node in _children(data, source, None):
        kind, item = _thing(node, source, None)
        if kind != "t3":
            continue
        sid = item.get("id") or _strip_prefix(str(item.get("name") or ""))
        if not isinstance(sid, str) or not sid:
            raise InputError(source, "the submission has no 'id'", fix=_FIX)
        # Reddit escapes &, < and > in every string of its answer, the title and link too, not only in bodies.
        title = _unescape(_text(item.get("title"), "title", source, sid)).strip()
        selftext = _text(item.get("selftext"), "selftext", source, sid)
        own, quotes = _own_words(selftext, len(title) + 2 if title else 0)
        text = f"{title}\n\n{own}" if title and own else title or own
        raw = f"{title}\n\n{selftext}" if title and selftext else title or selftext
        url = _unescape(item["url"]) if isinstance(item.get("url"), str) else None
        # An admin's or a moderator's post, or one pinned to the top of the subreddit: an announcement.
        official = item.get("distinguished") in _OFFICIAL or item.get("stickied") is True
        post = Post(external_id=sid, parent=None, author=_author(item.get("author"), source, sid), text=text,
                    raw=raw, created_at=parse_time(item.get("created_utc")), quotes=quotes,
                    title=title or None, url=url or _permalink(item), official=official)
        return post, _permalink(item) or post.url
    raise InputError(source, "the first Listing holds no submission ('t3')", fix=_FIX)


def _comment(data: dict[str, Any], structural_parent: str, source: str) -> Post:
    """One ``t1`` comment as a post.

    Raises:
        InputError: when the id, body or author has the wrong type.
    """
    cid = data.get("id")
    if cid is None and isinstance(data.get("name"), str):
        cid = _strip_prefix(data["name"])
    if not isinstance(cid, str) or not cid:
        raise InputError(source, f"a comment under {structural_parent!r} has no string 'id'",
                         post=structural_parent, fix=_FIX)
    parent_id = data.get("parent_id")
    if parent_id is not None and not isinstance(parent_id, str):
        raise InputError(source, f"'parent_id' is {json_type(parent_id, article=True)}, not a string", post=cid,
                         fix=_FIX)
    if "body" not in data:
        raise InputError(source, "the comment has no 'body'", post=cid, fix=_FIX)
    body = _text(data.get("body"), "body", source, cid)
    own, quotes = _own_words(body)
    return Post(external_id=cid, parent=_strip_prefix(parent_id) if parent_id else structural_parent,
                author=_author(data.get("author"), source, cid), text=own, raw=body,
                created_at=parse_time(data.get("created_utc")), quotes=quotes, url=_permalink(data),
                official=data.get("distinguished") in _OFFICIAL or data.get("stickied") is True)


def _more(data: dict[str, Any], parent: str, notes: list[Note]) -> int:
    """Record a ``more`` stub as a note and return how many comments it stands for."""
    count = data.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= _MAX_MORE:
        notes.append(Note("more-stub", parent, f"a 'more' stub under {parent!r} has a bad count: {count!r}"))
        return 0
    if count == 0:  # "continue this thread": Reddit does not count them, but there is at least one
        detail = f"the thread continues below {parent!r} in a further request (not included; counted as one)"
        notes.append(Note("more-stub", parent, detail))
        return 1
    notes.append(Note("more-stub", parent, f"{count} comment(s) under {parent!r} not included in the response"))
    return count


def read(text: str, *, source: str) -> Thread:
    """Read a Reddit ``/comments/<id>.json`` response.

    Args:
        text (str): the whole JSON response.
        source (str): the file name or URL, for messages.

    Returns:
        Thread: key ``reddit:<submission id>``, the submission as root post, every comment in reading order,
        ``missing`` = the comments ``more`` stubs stand for.

    Raises:
        InputError: when the JSON is not a Reddit comments response or a comment has fields of the wrong type.
        EmptyInput: when no post has text.
    """
    data = load_json(text, source)
    if not isinstance(data, list) or len(data) != 2:
        shape = f"a list of {len(data)}" if isinstance(data, list) else json_type(data, article=True)
        raise InputError(source, f"is {shape}, not the 2 Listings (submission, comments) of Reddit's answer",
                         fix=_FIX)
    root, thread_url = _submission(data[0], source)
    posts: list[Post] = [root]
    notes: list[Note] = []
    missing = 0
    # Depth-first with an explicit stack (reversed, so children come out in listing order).
    top = _children(data[1], source, None)
    stack: list[tuple[Any, str]] = [(child, root.external_id) for child in reversed(top)]
    while stack:
        node, parent = stack.pop()
        kind, item = _thing(node, source, parent)
        if kind == "more":
            missing += _more(item, parent, notes)
            continue
        if kind != "t1":
            notes.append(Note("skipped", parent, f"a {kind!r} item under {parent!r} was passed over"))
            continue
        post = _comment(item, parent, source)
        posts.append(post)
        replies = item.get("replies", ...)
        if replies is ...:
            notes.append(Note("malformed", post.external_id, "the comment has no 'replies'; read as none"))
        elif replies == "" or replies is None:
            continue
        elif isinstance(replies, dict):
            children = _children(replies, source, post.external_id)
            stack.extend((child, post.external_id) for child in reversed(children))
        else:
            raise InputError(source, f"'replies' is {json_type(replies, article=True)}, not \"\" or a Listing",
                             post=post.external_id, fix=_FIX)
    thread = assemble(key=f"reddit:{root.external_id}", format=NAME, source=source, posts=posts,
                      title=root.title, url=thread_url, notes=notes, missing=missing)
    thread.notes.extend(resolve_quotes(thread.posts))
    return thread

