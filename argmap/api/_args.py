"""Arguments the API takes as a list, given as one value: ``ingest("thread.txt")`` from a notebook."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["listed"]


def listed(value: str | Iterable[str]) -> list[str]:
    """``value`` as a list: one string is a list of one, never a list of its characters.

    A string is itself an iterable of strings, so ``ingest("corpora/x.txt")`` would otherwise read each character
    as a target (``/`` and ``.`` being folders) and ``delete_threads("hn-open-models")`` look up thread ``h``.

    Example:
        >>> listed("corpora/x.txt"), listed(("a", "b"))
        (['corpora/x.txt'], ['a', 'b'])
    """
    return [value] if isinstance(value, str) else list(value)
