"""Reader for generic JSON Lines threads: one post a line.

Each non-blank line is a JSON object::

    {"id": 1, "parent": null, "author": "ana", "text": "Ban cars in cities.", "thread": "cars"}
    {"id": 2, "parent": 1, "author": "ben", "text": "> ban cars\\nThat hurts people who cannot walk far."}

- ``id`` (string or integer, required): unique within the thread; integers are read as strings, and so is a
  whole number written as a float (``2.0``, as pandas writes an integer column with a gap).
- ``parent`` (string, integer or ``null``): the id of the post answered; ``null`` or absent for a root.
- ``author`` (string or ``null``), ``created_at`` (optional: an ISO-8601 string, in UTC when it names no zone, or
  epoch seconds, or epoch milliseconds as JavaScript and pandas write them; a number or string).
- ``text`` (string, required): plain text; lines starting with ``>`` quote the parent and become
  :class:`~argmap.domain.Quote` objects rather than the post's own words. A text ``[deleted]`` or ``[removed]``
  (as Reddit and its dumps, Pushshift's among them, write a deleted post; any of
  :data:`~argmap.sources.common.GONE_TEXTS`) is no words: the post stays, empty, as a placeholder for its replies,
  and is left out when it has none, as the Reddit reader does; so is a ``null`` text (a deleted post as a database
  exports it); an ``author`` so written (a deleted account) is ``None``.
- ``thread`` (string): the thread the line belongs to; a line without it belongs to the thread of the line
  before, so a file names its thread on every line, on each thread's first line, or nowhere (one thread). One
  file may hold many threads. A thread's key is ``jsonl:<thread>`` when named and otherwise ``jsonl:`` + a hash of
  its first post's id and text.
- ``title`` (string): the thread's title, read from a thread's first line only. Without it the title is
  ``thread``, else the file's name without its extension (none from stdin).

Blank lines are skipped. Lines are processed one at a time (:func:`read_lines` takes any iterable of lines,
such as an open file), and every error names the line it is on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from argmap.domain import Note, Post, Quote, Thread
from argmap.errors import InputError
from argmap.sources.common import assemble, file_title, is_gone, json_syntax, json_type, parse_time
from argmap.sources.quotes import resolve_quotes, split_quoted

__all__ = ["NAME", "list_of_posts", "other_lines", "read", "read_lines", "read_lines_threads", "read_threads", "sniff"]

NAME = "jsonl"

_FIX = 'write one JSON object a line: {"id": ..., "parent": ..., "author": ..., "text": ...}'
#: Keys that mark a line as a Hacker News item rather than a JSON Lines post.
_FOREIGN_KEYS = frozenset({"kids", "children", "by", "type", "comments", "kind", "parent_id", "objectID"})
_KEY = re.compile(r'"(\w+)"\s*:')


def sniff(head: str) -> bool:
    """Whether ``head`` starts a JSON Lines thread: its first line is an object with ``id`` and ``text``.

    A first line holding a whole JSON document of another format (an HN item has ``kids`` or ``children``,
    a Reddit thing has ``kind``) is not claimed.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` when the first non-blank line looks like a JSON Lines post.
    """
    stripped = head.lstrip()
    if not stripped.startswith("{"):
        return False
    end = stripped.find("\n")
    first = stripped if end < 0 else stripped[:end]
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        if end >= 0 or len(head) < 65536:
            return False
        # The first line is longer than the head: judge by the keys that can be seen.
        keys = set(_KEY.findall(first[:4096]))
        return "id" in keys and ("text" in keys or "parent" in keys) and not keys & _FOREIGN_KEYS
    if not isinstance(value, dict) or value.keys() & _FOREIGN_KEYS:
        return False
    return "id" in value and "text" in value


def list_of_posts(value: Any, source: str) -> InputError | None:
    """The error for a JSON list of posts (``[{"id": ..., "text": ...}, ...]``, as ``json.dump`` of a list or pandas'
    ``to_json(orient="records")`` write them), which is one JSON document, not JSON Lines; ``None`` for other JSON.

    Example:
        >>> print(list_of_posts([{"id": 1, "parent": None, "text": "Hi"}], "posts.json"))
        posts.json: is a JSON list of posts; argmap reads posts as JSON Lines, one object a line
          fix: write one post a line: jq -c '.[]' posts.json > posts.jsonl (pandas: to_json(orient="records", ...))
    """
    if not (isinstance(value, list) and value and all(isinstance(item, dict) for item in value[:20])):
        return None
    if not all("id" in item and "text" in item and not item.keys() & _FOREIGN_KEYS for item in value[:20]):
        return None
    name = PurePath(source if source not in ("", "<stdin>") else "FILE.json")
    return InputError(source, "is a JSON list of posts; argmap reads posts as JSON Lines, one object a line",
                      fix=f"write one post a line: jq -c '.[]' {name} > {name.with_suffix('.jsonl')} (pandas: "
                          'to_json(orient="records", lines=True))')


#: The fields of a Reddit comment, one a line, as Pushshift's dumps (``RC_*.ndjson``) and Reddit's API give it.
_REDDIT_COMMENT = frozenset({"body", "parent_id", "link_id"})


def _reddit_fix(source: str) -> str:
    """How to turn a file of Reddit comments, one a line, into posts argmap reads (a reply to the submission is a
    root: the submission is no line of the file)."""
    name = PurePath(source if source not in ("", "<stdin>") else "FILE.ndjson")
    return ("turn them into argmap's JSON Lines: jq -c '{id, parent: (.parent_id // \"\" | if startswith(\"t1_\") "
            "then .[3:] else null end), author, text: (.body | gsub(\"&gt;\"; \">\") | gsub(\"&lt;\"; \"<\") | "
            f"gsub(\"&amp;\"; \"&\")), thread: (.link_id // \"\" | sub(\"^t3_\"; \"\"))}}' {name} > "
            f"{name.with_suffix('.jsonl').name if name.suffix != '.jsonl' else name.stem + '-posts.jsonl'}")


def other_lines(text: str, source: str) -> InputError | None:
    """The error for JSON Lines whose lines are objects of no format argmap reads (Reddit comments as Pushshift
    dumps them, or any other export); ``None`` for other text. Such a file was said to be broken JSON ("line 2: is not
    valid JSON: Extra data ... repair or re-download the file"), which it is not.

    Example:
        >>> error = other_lines('{"ID": 1, "comment": "Hi"}\\n{"ID": 2, "comment": "Yo"}\\n', "c.jsonl")
        >>> print(error.detail)
        is JSON Lines, but its lines are no posts argmap reads: the first has 'ID', 'comment', not 'id' and 'text'
    """
    lines = []
    for line in _lines(text):
        if line.strip():
            lines.append(line)
            if len(lines) == 2:
                break
    if len(lines) < 2:
        return None
    try:
        first, second = json.loads(lines[0]), json.loads(lines[1])
    except (ValueError, RecursionError):
        return None
    if not isinstance(first, dict) or not isinstance(second, dict) or {"id", "text"} <= first.keys():
        return None
    if first.keys() >= _REDDIT_COMMENT:
        return InputError(source, "is JSON Lines of Reddit comments ('body', 'parent_id', 'link_id', as Pushshift's "
                                  "dumps give them), not of posts as argmap reads them", fix=_reddit_fix(source))
    name = PurePath(source if source not in ("", "<stdin>") else "FILE.jsonl")
    shown = ", ".join(repr(key) for key in list(first)[:8]) + (", ..." if len(first) > 8 else "")
    return InputError(source, f"is JSON Lines, but its lines are no posts argmap reads: the first has {shown}, not "
                              "'id' and 'text'",
                      fix="name each line's fields as argmap reads them (README, 'Input formats': jsonl), e.g. "
                          "jq -c '{id: .ID, parent: .PARENT, author: .AUTHOR, text: .TEXT}' "
                          f"{name} > {name.stem}-posts.jsonl")


def _whole_list(text: str, source: str) -> None:
    """Refuse a JSON list of posts given as JSON Lines: its first line (``[``, or ``[{...},``) was "not valid JSON".

    Raises:
        InputError: ``text`` is such a list.
    """
    if not text.lstrip("\ufeff \t\r\n").startswith("["):
        return
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return
    if (error := list_of_posts(value, source)) is not None:
        raise error


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, split on ``\\n`` only (JSON strings may hold U+2028 and other separators)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1




def _id(value: Any, field: str, source: str, line: int) -> str:
    """A post id (string or integer) as a string; a whole number written as a float (``2.0``) is that integer.

    pandas writes an integer column that has a gap (the root's ``parent``) as floats, so ``"parent": 2.0``
    answers ``"id": 2``, as the Hacker News readers take such ids.

    Raises:
        InputError: for any other type, a fraction, or an empty string.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(source, f"{field!r} is {json_type(value, article=True)}; it must be a string or an integer",
                         line=line, fix=_FIX)
    if isinstance(value, str) and not value.strip():
        fix = 'write "parent": null (or leave it out) for a post that answers no other' if field == "parent" else _FIX
        raise InputError(source, f"{field!r} is empty", line=line, fix=fix)
    return str(value)


def _post(value: Any, source: str, line: int) -> Post:
    """One line's object as a post.

    Raises:
        InputError: naming the line, when the object lacks ``id`` or ``text`` or a field has the wrong type.
    """
    if not isinstance(value, dict):
        raise InputError(source, f"is a JSON {json_type(value)}, not an object", line=line, fix=_FIX)
    for required in ("id", "text"):
        if required not in value:
            reddit = required == "text" and value.keys() >= _REDDIT_COMMENT
            raise InputError(source, f"the object has no {required!r}" + (" (a Reddit comment)" if reddit else ""),
                             line=line, fix=_reddit_fix(source) if reddit else _FIX)
    external_id = _id(value["id"], "id", source, line)
    parent = value.get("parent")
    parent = None if parent is None else _id(parent, "parent", source, line)
    # A deleted post, as a database or pandas exports one (its text NULL): no words, as the Reddit reader reads a
    # null body; it refused the whole file ("put the post in quotes").
    text = "" if value["text"] is None else value["text"]
    if not isinstance(text, str):
        raise InputError(source, f"'text' is {json_type(text, article=True)}, not a string", line=line,
                         post=external_id, fix='put the post in quotes: "text": "..."')
    author = value.get("author")
    if author is not None and not isinstance(author, str):
        raise InputError(source, f"'author' is {json_type(author, article=True)}, not a string", line=line,
                         post=external_id, fix=_FIX)
    # A Reddit dump's (Pushshift's) deleted or removed post: a placeholder for its replies, not its author's words.
    own, quoted = ("", []) if is_gone(text) else split_quoted(text)
    author = None if author is None or is_gone(author) else author
    return Post(external_id=external_id, parent=parent, author=author or None, text=own, raw=text,
                created_at=parse_time(value.get("created_at")),
                quotes=[Quote(words, offset=offset) for words, offset in quoted], line=line)


def _check_time(value: dict[str, Any], post: Post, line: int, notes: list[Note]) -> None:
    """Note a ``created_at`` that was given but could not be read as a time."""
    given = value.get("created_at")
    if given not in (None, "") and post.created_at is None:
        notes.append(Note("bad-time", post.external_id, f"line {line}: 'created_at' {given!r} is " + (
            "out of the range of times (years 1 to 9999 in UTC)" if _time_form(given) else
            "not ISO-8601 or epoch seconds")))


def _time_form(given: Any) -> bool:
    """Whether ``given`` has the form of a time :func:`parse_time` reads, so that it failed on its range
    (``9999-12-31T23:59:59-01:00``, ``1e20``), not on its form."""
    if isinstance(given, bool) or not isinstance(given, int | float | str):
        return False
    if not isinstance(given, str):
        return given == given  # NaN is no time
    try:
        datetime.fromisoformat(given.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@dataclass
class _Group:
    """The posts of one thread of a JSON Lines file, as its lines arrive."""

    name: str | None
    posts: list[Post] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    title: str | None = None
    ids: set[str] = field(default_factory=set)


def read_lines(lines: Iterable[str], *, source: str) -> Thread:
    """Read a JSON Lines thread from lines that arrive one at a time (an open file, a socket, a list).

    Args:
        lines (Iterable[str]): the input's lines, with or without their line ends.
        source (str): the file name or ``<stdin>``, for messages.

    Returns:
        Thread: the posts, parents first, with quotes located in their parents.

    Raises:
        InputError: naming the line, for invalid JSON, a line that is not an object, a missing ``id`` or
            ``text``, or a field of the wrong type; and for lines of several threads (``thread`` fields that
            differ), which :func:`read_lines_threads` reads.
        EmptyInput: when no line holds a post with text.
    """
    threads = read_lines_threads(lines, source=source)
    if len(threads) > 1:
        names = ", ".join(repr(t.key.removeprefix("jsonl:")) for t in threads[:5])
        raise InputError(source, f"holds {len(threads)} threads ({names}{', ...' if len(threads) > 5 else ''}), "
                                 "where one was asked for",
                         fix="ingest the file, which stores each thread (argmap ingest FILE), or read it with "
                             "argmap.sources.jsonl.read_threads")
    return threads[0]


def read_lines_threads(lines: Iterable[str], *, source: str) -> list[Thread]:
    """Read the threads of JSON Lines that arrive one at a time: a line's ``thread`` field names the thread it
    belongs to, and a line without one belongs to the thread of the line before it (the first thread when no
    line before named one), so a file may name its thread on every line or only on each thread's first.

    Returns:
        list[Thread]: the threads in the order their first lines came.

    Raises:
        InputError: see :func:`read_lines`.
        EmptyInput: when a thread holds no post with text.
    """
    groups: dict[str | None, _Group] = {}
    current: _Group | None = None
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            message, fix = json_syntax(exc)
            raise InputError(source, message, line=number, fix=fix or "put one whole JSON object on each line") from exc
        except RecursionError as exc:
            raise InputError(source, "nests JSON too deeply to be a post", line=number, fix=_FIX) from exc
        except ValueError as exc:  # a number of more than 4,300 digits
            raise InputError(source, f"holds a number argmap cannot read: {exc}".split(";")[0], line=number,
                             fix="give ids and times as numbers of ordinary size, or as strings") from exc
        post = _post(value, source, number)
        named = _field(value, "thread", source, number)
        name = (named.strip() or None) if named is not None else None
        if current is None:
            current = groups.setdefault(name, _Group(name))
        elif named is not None and name != current.name:
            other = groups.get(name) or _Group(name)
            if post.parent is not None and post.parent not in other.ids and post.parent in current.ids:
                # It answers a post of the thread it is in: a 'thread' that differs is a slip, not a new thread.
                current.notes.append(Note("ignored-field", post.external_id,
                                          f"line {number}: 'thread' {named!r} differs from the thread of the post "
                                          "it answers, where it is kept"))
            else:
                current = groups.setdefault(name, other)
        _check_time(value, post, number, current.notes)
        title = _field(value, "title", source, number)
        if title is not None:
            if current.posts:
                current.notes.append(Note("ignored-field", post.external_id,
                                          f"line {number}: 'title' is read from a thread's first line only"))
            else:
                current.title = title.strip() or None
        current.posts.append(post)
        current.ids.add(post.external_id)
    if not groups:
        groups[None] = _Group(None)
    return [_thread(group, source) for group in groups.values()]


def _field(value: dict[str, Any], field: str, source: str, line: int) -> str | None:
    """A line's ``thread`` or ``title``, as text; ``None`` when not given.

    Raises:
        InputError: naming the line, for a value that is no string or integer.
    """
    given = value.get(field)
    if given is None:
        return None
    if not isinstance(given, str | int) or isinstance(given, bool):
        raise InputError(source, f"{field!r} is {json_type(given, article=True)}, not a string", line=line, fix=_FIX)
    return str(given)


def _thread(group: _Group, source: str) -> Thread:
    """The thread of one group of lines, keyed by its name or, without one, by its first post."""
    posts, thread_name = group.posts, group.name
    if posts and posts[0].parent is None:
        posts[0].title = group.title
    if thread_name:
        key = f"jsonl:{thread_name}"
    elif posts:
        first = posts[0]
        key = "jsonl:" + hashlib.sha256(f"{first.external_id}\x1f{first.raw}".encode(
            "utf-8", "surrogatepass")).hexdigest()[:16]
    else:
        key = "jsonl:"
    # Without a title the thread is named by its "thread" field or, as a plain-text thread is, by its file, so
    # that --thread finds it by a name a person knows (it was listed under its hashed key only).
    named = group.title or thread_name or file_title(source)
    thread = assemble(key=key, format=NAME, source=source, posts=posts, title=named, notes=group.notes)
    thread.opening_key = not thread_name
    thread.notes.extend(resolve_quotes(thread.posts))
    return thread


def read(text: str, *, source: str) -> Thread:
    """Read a JSON Lines thread.

    Args:
        text (str): the whole input.
        source (str): the file name or ``<stdin>``, for messages.

    Returns:
        Thread: see :func:`read_lines`.

    Raises:
        InputError: see :func:`read_lines`.
        EmptyInput: when no line holds a post with text.
    """
    _whole_list(text, source)
    return read_lines(_lines(text), source=source)


def read_threads(text: str, *, source: str) -> list[Thread]:
    """Read every thread of a JSON Lines input (see :func:`read_lines_threads`)."""
    _whole_list(text, source)
    return read_lines_threads(_lines(text), source=source)
