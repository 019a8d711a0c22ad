"""What the three Hacker News readers share: item ids, permalinks, comment HTML into posts, deleted items.

Hacker News comment HTML is the same in every API: paragraphs separated by ``<p>``, entities such as
``&#x27;`` and ``&gt;``, links whose text is cut with ``...``, and quotes written as paragraphs that start
with ``&gt;``. :func:`comment_post` turns such a comment into a :class:`~argmap.domain.Post` whose ``text``
holds the author's own words and whose ``quotes`` hold the quoted paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from argmap.domain import Note, Post, Quote
from argmap.errors import InputError
from argmap.sources.common import html_to_text, json_type
from argmap.sources.common import is_gone as stand_in
from argmap.sources.quotes import find_in_ancestors, split_quoted

__all__ = [
    "HN_ITEM_URL",
    "CommentReader",
    "absolute_url",
    "author_name",
    "comment_post",
    "gone_note",
    "html_field",
    "is_gone",
    "item_id",
    "set_off_quotes",
    "story_post",
    "textless_note",
    "walk_replies",
]

HN_ITEM_URL = "https://news.ycombinator.com/item?id="
"""A Hacker News item's page is this followed by its id."""

def item_id(value: Any, *, source: str, where: str, post: str | None, fix: str) -> str:
    """The id of an item as a string; HN ids are numbers, but some mirrors give them as strings.

    Args:
        value (Any): the ``id`` value from the input.
        source (str): the input's name, for messages.
        where (str): which item this is, for the message (e.g. ``"reply 3 of post '15'"``).
        post (str | None): the post to name in the error (the parent, since this item has no usable id).
        fix (str): what the user can do.

    Returns:
        str: the id, e.g. ``"15"``.

    Raises:
        InputError: when the id is missing, empty or not a number or a string.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value.strip() and not any(ch.isspace() for ch in value.strip()):
        return value.strip()
    got = "no id" if value is None else f"id {value!r}, which is not a number"
    raise InputError(source, f"{where} has {got}", post=post, fix=fix)


def html_field(value: Any, *, source: str, post: str, name: str) -> str:
    """A text field that may be absent (``None``); anything else but a string is an error.

    Args:
        value (Any): the field's value.
        source (str): the input's name, for messages.
        post (str): the item's id, for messages.
        name (str): the field's name, for messages.

    Returns:
        str: the value, or ``""`` when absent.

    Raises:
        InputError: when the value is a number, list or object.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise InputError(source, f"field {name!r} is {json_type(value, article=True)}, not text", post=post,
                     fix=f"give {name!r} as a string (HTML) or null")


def author_name(value: Any) -> str | None:
    """The author's name, or ``None`` for a missing or empty one."""
    if value is None or value == "":
        return None
    return str(value)


def absolute_url(url: Any) -> str | None:
    """A story link made absolute: HNPWA gives self posts as ``item?id=N``."""
    if not isinstance(url, str) or not url.strip():
        return None
    link: str = url.strip()
    if link.startswith("item?id="):
        return "https://news.ycombinator.com/" + link
    return link


def is_gone(html: str) -> bool:
    """Whether the text is empty or a mirror's stand-in for a deleted or killed comment
    (:func:`argmap.sources.common.is_gone`)."""
    return stand_in(html) or not html.strip()


def comment_post(external_id: str, parent: str, author: str | None, html: str,
                 created_at: datetime | None) -> Post:
    """A comment as a post: clean own words in ``text``, quoted paragraphs as quotes, the HTML in ``raw``.

    Args:
        external_id (str): the comment's HN id.
        parent (str): the id of the item it answers.
        author (str | None): the author's name.
        html (str): the comment's HTML.
        created_at (datetime | None): when it was written.

    Returns:
        Post: the post; its quotes are not located yet (see ``quotes.resolve_quotes``).
    """
    clean = "" if is_gone(html) else html_to_text(html, code_lines=True)
    own, quoted = split_quoted(clean)
    return Post(
        external_id=external_id,
        parent=parent,
        author=author,
        text=own,
        raw=html,
        created_at=created_at,
        quotes=[Quote(text, offset=offset) for text, offset in quoted],
        url=HN_ITEM_URL + external_id,
    )


def story_post(external_id: str, title: str | None, html: str, author: str | None,
               created_at: datetime | None, url: str | None) -> Post:
    """The story as the thread's root post: its title, then a blank line and its own text when it has one.

    Args:
        external_id (str): the story's HN id.
        title (str | None): the story's title.
        html (str): the story's own text (Ask HN, Show HN), HTML; may be empty.
        author (str | None): who submitted it.
        created_at (datetime | None): when.
        url (str | None): the link it is about; its HN page when it has none.

    Returns:
        Post: the root post, with ``title`` and ``url`` set.
    """
    body = "" if is_gone(html) else html_to_text(html, code_lines=True)
    own, quoted = split_quoted(body)
    heading = (title or "").strip()
    text = f"{heading}\n\n{own}" if heading and own else heading or own
    shift = len(heading) + 2 if heading and own else 0
    return Post(
        external_id=external_id,
        parent=None,
        author=author,
        text=text,
        raw=html,
        created_at=created_at,
        quotes=[Quote(q, offset=offset + shift) for q, offset in quoted],
        title=title,
        url=url or HN_ITEM_URL + external_id,
    )


def textless_note(post: Post, replies: int) -> Note | None:
    """The note for a comment left with no words of its own (only quotes, or only markup), if it is one.

    Args:
        post (Post): the comment as :func:`comment_post` made it.
        replies (int): how many replies it has in the input.

    Returns:
        Note | None: ``quote-only`` or ``empty-text`` when the post has no text and no replies (the caller
        leaves it out); ``None`` otherwise.
    """
    if post.text.strip() or replies:
        return None
    if post.quotes:
        return Note("quote-only", post.external_id,
                    "the comment only quotes others, with no words of its own; left out")
    return Note("empty-text", post.external_id, "the comment has no text; left out")


def gone_note(external_id: str, replies: int, *, dead: bool = False) -> Note:
    """The note for a deleted (or killed, text-less) comment.

    Args:
        external_id (str): the comment's id.
        replies (int): how many replies it has in the input.
        dead (bool): killed rather than deleted.

    Returns:
        Note: ``deleted`` (or ``dead``), saying whether it stays as a placeholder or is left out.
    """
    what = "killed (dead) comment without text" if dead else "deleted comment"
    if replies:
        detail = f"{what}; kept as an empty placeholder so that its {replies} repl{'y' if replies == 1 else 'ies'} " \
                 "keep their place"
    else:
        detail = f"{what} without replies; left out"
    return Note("dead" if dead else "deleted", external_id, detail)


#: Reads one comment node: ``(node, its id, its parent's id, its replies, notes) -> the post``, or ``None`` to
#: leave the comment and its replies out (the reader adds a note saying why).
CommentReader = Callable[[dict[str, Any], str, str, list[Any], list[Note]], Post | None]


def walk_replies(top: list[Any], root_id: str, *, source: str, noun: str, id_fix: str, shape_fix: str,
                 replies: Callable[[dict[str, Any], str], list[Any]], read: CommentReader,
                 notes: list[Note]) -> list[Post]:
    """The comments of a nested thread, depth first in input order, without recursion.

    An explicit stack instead of recursion: threads can nest deeper than Python's recursion limit. Comments
    left with no words of their own and no replies are left out with :func:`textless_note`.

    Args:
        top (list[Any]): the root's replies as the input gives them.
        root_id (str): the root post's id.
        source (str): the input's name, for messages.
        noun (str): what a reply must be, for the message when it is not an object (e.g. ``"a comment object"``).
        id_fix (str): the fix given when a reply has no usable id.
        shape_fix (str): the fix given when a reply is not an object.
        replies (Callable[[dict[str, Any], str], list[Any]]): a node's replies (checked to be a list).
        read (CommentReader): turns a node into a post.
        notes (list[Note]): where notes go.

    Returns:
        list[Post]: the comments, parents before their replies.

    Raises:
        InputError: a reply that is not an object or has no id, naming the post it answers.
    """
    posts: list[Post] = []
    stack: list[tuple[Any, str, int]] = [(child, root_id, i) for i, child in reversed(list(enumerate(top)))]
    while stack:
        node, parent_id, index = stack.pop()
        where = f"reply {index + 1} of post {parent_id!r}"
        if not isinstance(node, dict):
            raise InputError(source, f"{where} is {json_type(node, article=True)}, not {noun}", post=parent_id,
                             fix=shape_fix)
        pid = item_id(node.get("id"), source=source, where=where, post=parent_id, fix=id_fix)
        children = replies(node, pid)
        post = read(node, pid, parent_id, children, notes)
        if post is None:
            continue
        skipped = textless_note(post, len(children))
        if skipped:
            notes.append(skipped)
            continue
        posts.append(post)
        stack.extend((child, pid, i) for i, child in reversed(list(enumerate(children))))
    return posts


# A paragraph wholly in italics (``<i>...</i>``, no other italics inside) or wholly inside double quotation marks:
# how Hacker News commenters quote without the "> " mark.
_ITALIC_PARAGRAPH = re.compile(r"<i>((?:(?!</?i>).)*)</i>(?:</p>)?", re.DOTALL)
_QUOTED_PARAGRAPH = re.compile(r"[\"“](?P<words>[^\"“”]+)[\"”][.,:]?")
#: A paragraph needs at least this many words to be taken for a quote: a few italic words are emphasis.
SET_OFF_QUOTE_WORDS = 4


def _set_off(raw: str) -> list[str]:
    """The clean text of each paragraph of a comment's HTML that is wholly in italics or in quotation marks."""
    found: list[str] = []
    for paragraph in raw.split("<p>"):
        paragraph = paragraph.strip()
        italic = _ITALIC_PARAGRAPH.fullmatch(paragraph) is not None
        text = html_to_text(paragraph).strip()
        if (italic or _QUOTED_PARAGRAPH.fullmatch(text)) and len(text.split()) >= SET_OFF_QUOTE_WORDS:
            found.append(text)
    return found


def set_off_quotes(posts: list[Post]) -> int:
    """Take the paragraphs a comment sets off in italics or quotation marks as quotes, where an ancestor holds
    their words and the comment answers them below.

    Hacker News has no quote markup besides "> ", and many commenters quote a parent's sentence as an italic
    or quoted paragraph instead; without this such a paragraph is read as the reply's own words. A set-off
    paragraph that no ancestor holds (emphasis, a quote from the article) stays the comment's own text, and so
    does one with nothing after it to answer it.

    Args:
        posts (list[Post]): the thread's posts as :func:`comment_post` made them, parents before replies.

    Returns:
        int: how many paragraphs became quotes (their quotes are located: ``source_post`` is set).

    Example:
        >>> root = Post("1", None, None, "Trains beat planes on short trips.", raw="")
        >>> reply = comment_post("2", "1", None, "<p><i>Trains beat planes on short trips.</i><p>Not on price.",
        ...                      None)
        >>> set_off_quotes([root, reply]), reply.text, reply.quotes[0].source_post
        (1, 'Not on price.', '1')
    """
    by_id = {post.external_id: post for post in posts}
    made = 0
    for post in posts:
        if post.parent is None or ("<i>" not in post.raw and "&quot;" not in post.raw and "“" not in post.raw):
            continue
        for paragraph in _set_off(post.raw):
            made += _take_quote(post, paragraph, by_id)
    return made


def _take_quote(post: Post, paragraph: str, by_id: dict[str, Post]) -> int:
    """Move ``paragraph`` from ``post.text`` to its quotes when an ancestor holds it and own words follow it."""
    text = post.text
    start = text.find(paragraph)
    while start > 0 and text[start - 1] != "\n":  # only a whole paragraph
        start = text.find(paragraph, start + 1)
    end = start + len(paragraph)
    if start < 0 or (end < len(text) and text[end] != "\n"):
        return 0
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    if after == len(text):
        return 0  # nothing answers it
    words = paragraph.strip("\"“”.,: ")
    found = find_in_ancestors(words, post, by_id)
    if found is None:
        return 0
    span = found.span
    cut = after - start
    post.text = text[:start] + text[after:]
    for quote in post.quotes:
        if quote.offset >= after:
            quote.offset -= cut
        elif quote.offset > start:
            quote.offset = start
    post.quotes.append(Quote(words, found.post.external_id, span[0], span[1], offset=start, edited=found.edited))
    post.quotes.sort(key=lambda quote: quote.offset)
    return 1

