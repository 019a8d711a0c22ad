"""Arguments the API takes as a list or a path, given as one value or as a ``Path``: ``ingest("thread.txt")``,
``ingest([Path("thread.txt")])`` from a notebook; and the settings, when none are given."""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TypeAlias, TypeVar

from argmap.config import Settings
from argmap.domain import Thread, parse_time, shorten
from argmap.errors import QueryError, SettingsError
from argmap.store.terms import normalise_phrase

__all__ = ["Items", "Moment", "check_count", "check_text", "check_topic_words", "configured", "input_key", "listed",
           "moment", "once"]

T = TypeVar("T")

Items: TypeAlias = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
"""One or several paths or names: a string, a ``Path`` or an iterable of them."""


Moment: TypeAlias = datetime | str | None
"""A time: a ``datetime`` (UTC when it has no zone), or a string as ``--since`` takes it (``"2020-11-08"``,
``"2020-11-08T14:00:00Z"``)."""


def moment(value: Moment, name: str) -> datetime | None:
    """``value`` (the argument ``name``) as a ``datetime``, read from a string as the CLI reads ``--since``.

    Raises:
        QueryError: a string that is no time, or a value that is neither a time nor a string, naming the argument.

    Example:
        >>> moment("2020-11-08", "since")
        datetime.datetime(2020, 11, 8, 0, 0)
        >>> moment(20201108, "since")
        Traceback (most recent call last):
        ...
        argmap.errors.QueryError: since=20201108: give a datetime or a string such as '2020-11-08'
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        when = value
    elif not isinstance(value, str):
        raise QueryError(f"{name}={value!r}: give a datetime or a string such as '2020-11-08'")
    else:
        try:
            when = parse_time(value.strip())
        except ValueError as exc:
            raise QueryError(f"{name}={value!r}: {exc}") from None
    try:
        # In UTC here, as the CLI takes it: 9999-12-31T23:59-01:00 is past the last time there is, and raised
        # OverflowError from the query, no ArgmapError.
        return when.astimezone(UTC) if when.tzinfo else when
    except OverflowError:
        raise QueryError(f"{name}={value!r} is out of the range of times, in UTC; give a date between 0001-01-02 "
                         "and 9999-12-30") from None


def listed(value: Items) -> list[str]:
    """``value`` as a list of strings: one string or path is a list of one, never a list of its characters.

    A string is itself an iterable of strings, so ``ingest("corpora/x.txt")`` would otherwise read each character
    as a target (``/`` and ``.`` being folders) and ``delete_threads("hn-open-models")`` look up thread ``h``.
    A ``pathlib.Path`` is a path like any other.

    Raises:
        TypeError: a value, or an item, that is neither a string nor a path (``ingest(thread)``, a
            :class:`~argmap.domain.Thread` in memory, failed as "'Thread' object is not iterable"), naming it.

    Example:
        >>> from pathlib import PurePosixPath
        >>> listed("corpora/x.txt"), listed(("a", PurePosixPath("b/c"))), listed(PurePosixPath("d"))
        (['corpora/x.txt'], ['a', 'b/c'], ['d'])
        >>> listed([None])
        Traceback (most recent call last):
        ...
        TypeError: None is no path or name: give a string or a pathlib.Path, or a list of them
    """
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    given: object = value  # what a caller without a type checker may give
    # bytes are iterable too, of numbers: ingest(b"x.txt") was refused as "120 is no path or name"
    items: list[object] = (list(given) if isinstance(given, Iterable)
                           and not isinstance(given, (Thread, bytes, bytearray)) else [given])
    paths: list[str] = []
    for item in items:
        path = os.fspath(item) if isinstance(item, (str, os.PathLike)) else None
        if isinstance(path, str):
            paths.append(path)
        else:
            hint = ("; a Thread is read from a file, not stored from memory: write its posts as JSON Lines (one "
                    "{\"id\", \"parent\", \"author\", \"text\"} a line) and give that file, or map it without a "
                    "database: thread_graph(thread)") if isinstance(item, Thread) else ""
            raise TypeError(f"{shorten(repr(item), 80)} is no path or name: give a string or a pathlib.Path, or a "
                            f"list of them{hint}")
    return paths


def input_key(name: str, path: str | os.PathLike[str] | None) -> str:
    """What makes two inputs one: the file ``path`` leads to, by any path to it (``os.path.realpath``, not
    ``Path.resolve``: a link in a loop must reach the reader, which names it with the fix); without a path (a URL,
    ``-``), the name as given."""
    return os.path.realpath(path) if path is not None else name


def once(inputs: Iterable[T], key: Callable[[T], str]) -> tuple[list[T], list[T]]:
    """Each input once (:func:`input_key` tells them apart), and the repeats left out, in order.

    Example:
        >>> once(["a", "-", "./a", "-"], lambda name: input_key(name, None if name == "-" else name))
        (['a', '-'], ['./a', '-'])
    """
    seen: set[str] = set()
    kept: list[T] = []
    again: list[T] = []
    for item in inputs:
        known = key(item)
        (again if known in seen else kept).append(item)
        seen.add(known)
    return kept, again


def configured(settings: Settings | None) -> Settings:
    """``settings``, or when ``None`` the settings of the ``ARGMAP_*`` environment variables and the defaults.

    Raises:
        SettingsError: a variable that cannot mean anything (``ARGMAP_WORKERS=two``), naming it; ``settings`` that
            are no :class:`Settings` (a database path given for them: ``threads(settings="debates.db")``).
    """
    if isinstance(settings, Settings):
        return settings
    if settings is not None:
        # A notebook's slip: the database's path where its settings belong. Said here, not as an AttributeError
        # ('str' object has no attribute 'db') from deep in the store.
        given: object = settings
        fix = (f"settings=Settings(db={os.fspath(given)!r})" if isinstance(given, (str, os.PathLike))
               else "settings=Settings(db='argmap.db')")
        raise SettingsError(f"settings must be argmap.Settings, not {type(given).__name__} {given!r}; give {fix}")
    return Settings.load()


def check_count(name: str, value: object, least: int = 1, *, flag: str | None = None) -> int:
    """``value``, the count argument ``name`` (``limit``, ``depth``...), as an ``int`` of at least ``least``.

    An integer of another type (numpy's, from a notebook's arithmetic) is taken as the number it is; a string, a
    float or a bool is refused, where ``limit="3"`` failed as "'<' not supported between instances of 'str' and
    'int'" and ``limit=2.5`` reached the query.

    Raises:
        QueryError: naming the argument (as ``flag``, the command line's option, when below ``least``: ``--limit
            must be 1 or more, not 0``, as the CLI says it).

    Example:
        >>> check_count("limit", 3), check_count("depth", 0, 0)
        (3, 0)
        >>> check_count("limit", "3")
        Traceback (most recent call last):
        ...
        argmap.errors.QueryError: limit='3': give a whole number, 1 or more
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise QueryError(f"{name}={shorten(repr(value), 80)}: give a whole number, {least} or more")
    if value < least:
        raise QueryError(f"{flag or '--' + name.replace('_', '-')} must be {least} or more, not {value}")
    return int(value)


#: What each text argument of the API names, with an example, for :func:`check_text`'s message.
_TEXT_EXAMPLES = {
    "thread": "a thread's id, key or title, e.g. thread='hn-open-models' (threads() lists them)",
    "topic": "the topic's words, e.g. topic='open source'",
    "author": "an author's name, e.g. author='Ana Vale'",
    "name": "an author's name, e.g. 'Ana Vale'",
    "kind": "'claim' or 'premise'",
    "label": "'in', 'out' or 'undecided'",
    "claim": "a unit id or a start only one unit id has, e.g. from claims()",
    "ref": "a unit id or a start only one unit id has, e.g. from claims()",
    "text": "the words to look for, e.g. 'open source'",
}


def check_text(name: str, value: object, *, optional: bool = True, what: str | None = None) -> None:
    """Refuse a value of the text argument ``name`` that is no string (``None`` too, unless ``optional``); the
    message says it takes ``what`` (by default, what such an argument names).

    A notebook's slip (``thread=3``, ``topic=["open source"]``, a variable left ``None``) failed deep inside as an
    ``AttributeError`` on ``.strip()``, which no ``except ArgmapError`` catches and which names no argument.

    Raises:
        QueryError: naming the argument, the value and what it takes.

    Example:
        >>> check_text("thread", "hn-open-models"), check_text("topic", None)
        (None, None)
        >>> check_text("kind", ["claim"])
        Traceback (most recent call last):
        ...
        argmap.errors.QueryError: kind=['claim'] is no text: give 'claim' or 'premise'
    """
    if isinstance(value, str) or (value is None and optional):
        return
    what = what or _TEXT_EXAMPLES.get(name, "a string")
    raise QueryError(f"{name}={shorten(repr(value), 80)} is no text: give {what}")


def check_topic_words(topic: str | None) -> None:
    """Refuse a topic of stop words only ("of the", "nothing like this"): no topic key is made of them, so
    ``claims`` matched nothing, and ``render`` and ``export``, which also take units whose text contains the
    words, took nearly every unit ("the" is in "other").

    Raises:
        QueryError: the words and the fix.

    Example:
        >>> check_topic_words("open source")
        >>> check_topic_words("of the")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        argmap.errors.QueryError: --topic 'of the' holds no word a topic is made of (stop words and negations only)...
    """
    check_text("topic", topic)
    if topic is not None and topic.strip() and not normalise_phrase(topic):
        # "???" holds no stop word either: said as what it is
        what = "stop words and negations only" if any(ch.isalnum() for ch in topic) else "no letter or digit"
        raise QueryError(f"--topic {shorten(topic, 80)!r} holds no word a topic is made of ({what}); give the "
                         "topic's own words, e.g. --topic 'open source', or list the topics with: argmap topics")
