"""The exceptions argmap raises. Every one of them derives from :class:`ArgmapError`.

The tree::

    ArgmapError                  anything argmap reports on purpose; the CLI prints it and exits 1
    ├── InputError               a thread file or stream that cannot be read as the format says
    │   ├── UnknownFormat        no reader recognises the content (or --format names no reader)
    │   │   └── OwnExport        argmap's own JSON export, which is output, not read back as a thread
    │   └── EmptyInput           the input holds no post at all
    ├── FetchError               a URL could not be fetched (offline, timeout, HTTP error, not JSON)
    ├── ModelNotFound            no spaCy pipeline of the configured names is installed, or the one named is no
    │                            pipeline spaCy can load (--model argmap)
    ├── ModelUnreadable          the weights argmap ships (argmap/data/kinds.json) are damaged or not a model
    ├── StoreError               the database cannot be opened or written, or is another application's
    │   ├── StoreBusy            another writer held it too long (a lock or a deadlock); retried first
    │   └── SchemaTooNew         the database was written by a newer argmap
    ├── NotFound                 an id (thread, unit, ...) that the database does not hold
    ├── MapTooLarge              a map of more units than a browser opens readably (render --max-units)
    ├── QueryError               a query that cannot mean anything (an empty topic, an unknown label or format,
    │                            a threshold outside 0..1)
    └── SettingsError            an ARGMAP_* variable that cannot mean anything (ARGMAP_WORKERS=two), or a
                                 Settings field out of range (Settings(workers=-1)); a ValueError too

Each message names the thing that failed (file, line, post id) and says how to fix it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

__all__ = [
    "ArgmapError",
    "EmptyInput",
    "FetchError",
    "InputError",
    "MapTooLarge",
    "ModelNotFound",
    "ModelUnreadable",
    "NotFound",
    "OwnExport",
    "QueryError",
    "RateLimited",
    "SchemaTooNew",
    "SettingsError",
    "StoreBusy",
    "StoreError",
    "UnknownFormat",
]


class ArgmapError(Exception):
    """Base class of every error argmap raises on purpose."""


class InputError(ArgmapError):
    """A thread source that cannot be read.

    Args:
        source (str): the file name, URL or ``<stdin>``.
        message (str): what is wrong.
        line (int | None): 1-based line number, where one applies.
        post (str | None): the id of the post at fault, where one applies.
        fix (str | None): what the user can do about it.
    """

    def __init__(
        self,
        source: str,
        message: str,
        *,
        line: int | None = None,
        post: str | None = None,
        fix: str | None = None,
    ) -> None:
        source = _printable(source)
        self.source = source
        self.line = line
        self.post = post
        self.fix = fix
        self.detail = message
        where = source
        if line is not None:
            where += f", line {line}"
        if post is not None:
            where += f", post {post!r}"
        text = f"{where}: {message}"
        if fix:
            text += f"\n  fix: {fix}"
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        """Made again from its parts, as a worker process sends it back (``pickle`` calls the class with
        ``args``, the one message, and a process pool broke on it)."""
        return partial(type(self), line=self.line, post=self.post, fix=self.fix), (self.source, self.detail)


def _printable(name: str) -> str:
    """``name`` with what no terminal, JSON or database takes written as escapes: the bytes of a file name that
    were no UTF-8 (which Python keeps as lone surrogates) as ``\\xNN``, any other lone surrogate as ``\\udNNN``.

    Example:
        >>> _printable("caf\\udce9.txt")
        'caf\\\\xe9.txt'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


class UnknownFormat(InputError):
    """No reader recognises the input, or the named format does not exist."""


class OwnExport(UnknownFormat):
    """argmap's own JSON export given as a thread or a map: it is output for other tools and for
    ``argmap eval --predicted``, not read back (the AIF export is)."""


class EmptyInput(InputError):
    """The input holds no post."""


class FetchError(ArgmapError):
    """A thread URL could not be fetched or did not answer with a thread."""


class RateLimited(FetchError):
    """The site answered HTTP 429 (too many requests), asked to wait longer than argmap waits, or still answered so
    after argmap waited; ``wait`` is the seconds it asked for (``None``: it did not say)."""

    def __init__(self, message: str, *, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait

    def __reduce__(self) -> tuple[Any, ...]:
        """Made again from its parts (see :meth:`InputError.__reduce__`)."""
        return partial(type(self), wait=self.wait), self.args


class ModelNotFound(ArgmapError):
    """None of the configured spaCy pipelines is installed, or the one named is no pipeline spaCy can load."""


class ModelUnreadable(ArgmapError):
    """A model file argmap reads (the learned weights shipped as ``argmap/data/kinds.json``) cannot be read, or
    is not such a model: a damaged installation or a file written over, not a bug."""


class StoreError(ArgmapError):
    """The database could not be opened or written, or holds tables argmap did not make."""


class StoreBusy(StoreError):
    """Another process held the database: a lock that did not clear through every wait, or a deadlock."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of argmap."""


class NotFound(ArgmapError):
    """An id that the database does not hold."""


class MapTooLarge(ArgmapError):
    """A map that would draw more units than it was allowed (``render --max-units``): its page would take a browser
    many seconds to open and show every unit too small to read. The message names the parts to draw instead.

    Args:
        message (str): the cause and the fix.
        units (int): the units the map would draw.
        relations (int): the relations it would draw.
        limit (int): the most it was allowed.
    """

    def __init__(self, message: str, *, units: int, relations: int, limit: int) -> None:
        super().__init__(message)
        self.units = units
        self.relations = relations
        self.limit = limit

    def __reduce__(self) -> tuple[Any, ...]:
        """Made again from its parts (see :meth:`InputError.__reduce__`)."""
        return partial(type(self), units=self.units, relations=self.relations, limit=self.limit), self.args


class QueryError(ArgmapError):
    """A query that cannot mean anything: an empty topic, an unknown label or kind, a negative limit."""


class SettingsError(ArgmapError, ValueError):
    """An ``ARGMAP_*`` environment variable whose value cannot mean anything, e.g. ``ARGMAP_WORKERS=two``, a
    :class:`argmap.Settings` field out of range (``Settings(workers=-1)``), or settings that are no
    :class:`argmap.Settings` (a database path passed as ``settings=``). A ``ValueError`` too: a bad value, and what
    ``Settings.load`` raised for one before."""
