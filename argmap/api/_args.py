"""Arguments the API takes as a list or a path, given as one value or as a ``Path``: ``ingest("thread.txt")``,
``ingest([Path("thread.txt")])`` from a notebook; and the settings, when none are given."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TypeAlias

from argmap.config import Settings
from argmap.errors import SettingsError

__all__ = ["Items", "configured", "listed"]

Items: TypeAlias = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]
"""One or several paths or names: a string, a ``Path`` or an iterable of them."""


def listed(value: Items) -> list[str]:
    """``value`` as a list of strings: one string or path is a list of one, never a list of its characters.

    A string is itself an iterable of strings, so ``ingest("corpora/x.txt")`` would otherwise read each character
    as a target (``/`` and ``.`` being folders) and ``delete_threads("hn-open-models")`` look up thread ``h``.
    A ``pathlib.Path`` is a path like any other.

    Example:
        >>> from pathlib import PurePosixPath
        >>> listed("corpora/x.txt"), listed(("a", PurePosixPath("b/c"))), listed(PurePosixPath("d"))
        (['corpora/x.txt'], ['a', 'b/c'], ['d'])
    """
    if isinstance(value, (str, os.PathLike)):
        return [os.fspath(value)]
    return [os.fspath(item) for item in value]


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
