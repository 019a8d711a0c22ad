"""Authors by name: whether a typed name is stored, the closest stored names when it is not, and the names a map of
an exchange draws (``render --authors``)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from argmap.api._args import check_text
from argmap.api._store import opened, thread_ids
from argmap.config import Settings
from argmap.errors import NotFound, QueryError
from argmap.store import queries, repository

__all__ = ["CLOSEST", "AuthorMatch", "closest_names", "find_author", "folded_name", "resolve_authors", "split_authors",
           "stored_spellings"]

#: How many stored names a hint for an unknown author suggests.
CLOSEST = 3
#: How alike (difflib's ratio, 0..1) a stored name must be to a typed one to be suggested; difflib's own default.
_CUTOFF = 0.6


@dataclass
class AuthorMatch:
    """Whether a name typed for ``--author`` is the name of a stored author, and if not, which names are close.

    Attributes:
        name (str): the name as typed.
        stored (str | None): the stored author's name as stored ("Ana Vale" for "ana vale": names match in any
            case); ``None`` when no stored author has it.
        closest (list[str]): when ``stored`` is ``None``, up to :data:`CLOSEST` stored names closest to ``name``,
            closest first (names that hold the typed words, then those difflib finds alike); empty otherwise, or
            when none is close.
        thread (str | None): the thread id the names were looked up in (``--thread``); ``None``: every thread.
        elsewhere (str | None): when ``thread`` is given and no author of it has the name, the stored name of the
            author of other threads who has it; ``None`` otherwise.
    """

    name: str
    stored: str | None
    closest: list[str] = field(default_factory=list)
    thread: str | None = None
    elsewhere: str | None = None


def closest_names(name: str, names: Sequence[str], *, limit: int = CLOSEST) -> list[str]:
    """The names of ``names`` closest to ``name``, in any case: those that hold it first ("vale" in "Ana Vale"),
    then those :func:`difflib.get_close_matches` finds alike ("Bnejamin" for "Benjamin"), each once.

    Args:
        name (str): the name as typed.
        names (Sequence[str]): the stored names.
        limit (int): at most this many.

    Returns:
        list[str]: stored names as stored, closest first; empty when none is close.

    Example:
        >>> closest_names("bnejamin", ["Benjamin", "Doc Jones", "Ana Vale"])
        ['Benjamin']
    """
    typed = folded_name(name)
    if not typed:
        return []
    by_folded: dict[str, str] = {}
    for stored in names:
        by_folded.setdefault(folded_name(stored), stored)
    holding = [by_folded[f] for f in sorted(by_folded, key=lambda f: (len(f), f)) if typed in f]
    alike = [by_folded[f] for f in difflib.get_close_matches(typed, list(by_folded), n=limit, cutoff=_CUTOFF)]
    return list(dict.fromkeys(holding + alike))[:limit]


def folded_name(name: str) -> str:
    """``name`` as names are compared: in any case (``Straße`` is ``STRASSE``) and however its accents were typed
    (``José`` with one character or two), without spaces around it.

    Example:
        >>> folded_name(" Jose\u0301 ") == folded_name("JOSÉ")
        True
    """
    return unicodedata.normalize("NFC", name.strip()).casefold()


def _match(name: str, names: Sequence[str]) -> tuple[str | None, list[str]]:
    """The stored spelling of ``name`` among ``names`` (any case), or ``None`` and the closest names."""
    folded = folded_name(name)
    stored = next((n for n in names if folded_name(n) == folded), None)
    return (stored, []) if stored is not None else (None, closest_names(name, names))


def stored_spellings(engine: Engine, name: str) -> list[str]:
    """Every stored author's name that is ``name`` in some case or spelling of its accents (``alice`` and ``Alice``
    both, where two sites wrote them so): what ``--author`` finds posts by."""
    folded = folded_name(name)
    return [stored for stored in queries.author_names(engine) if folded_name(stored) == folded]


def find_author(name: str, *, settings: Settings | None = None, thread: str | None = None) -> AuthorMatch:
    """Look a name typed for ``--author`` up among the stored authors (of one thread when ``thread`` is given).

    ``claims`` and ``search`` find nothing by a misspelt author exactly as they find nothing by a quiet one; this
    tells the two apart and names the stored names closest to the one typed.

    Args:
        name (str): the name as typed (any case).
        settings (Settings | None): which database.
        thread (str | None): look among the authors of this thread (id, key or title prefix) only.

    Returns:
        AuthorMatch: the stored spelling, or the closest stored names.

    Raises:
        QueryError: an empty name or thread.
        NotFound: an unknown thread.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import find_author
        >>> match = find_author("ana vael", settings=Settings(db="argmap.db"))  # doctest: +SKIP
        >>> match.stored, match.closest  # doctest: +SKIP
        (None, [])
    """
    check_text("name", name, optional=False)
    if not name.strip():
        raise QueryError("--author '' names no one (an unset shell variable?): give an author's name")
    with opened(settings) as engine:
        return _lookup(engine, name, thread_ids(engine, thread))


def _lookup(engine: Engine, name: str, ids: Sequence[str] | None, names: Sequence[str] | None = None) -> AuthorMatch:
    """:func:`find_author` on an open database, in the threads ``ids`` (every thread when ``None``), whose authors'
    names are ``names`` when the caller read them already."""
    stored, closest = _match(name, queries.author_names(engine, ids) if names is None else names)
    elsewhere = _match(name, queries.author_names(engine))[0] if stored is None and ids is not None else None
    return AuthorMatch(name=name, stored=stored, closest=closest, thread=ids[0] if ids else None,
                       elsewhere=elsewhere)


def split_authors(authors: str | Sequence[str]) -> list[str]:
    """The names ``--authors`` gives: a string is split at its commas, and blank names are dropped. Repeats stay,
    for :func:`resolve_authors` to drop once the pieces of a name that holds a comma are joined again ("O'Brien,
    Pat,Pat" names two authors).

    Raises:
        QueryError: no name is left (``--authors ''``, an unset shell variable, or ``','``).
    """
    parts = authors.split(",") if isinstance(authors, str) else list(authors)
    names = [part.strip() for part in parts if part.strip()]
    if not names:
        raise QueryError(f"--authors {authors if isinstance(authors, str) else ','.join(authors)!r} names no one: "
                         "give the names of two authors, separated by a comma, e.g. --authors 'Ana Vale,Bo'")
    return names


def _comma_key(name: str) -> str:
    """``name`` as :func:`split_authors` leaves its pieces, joined again: a stored name compared with typed pieces."""
    return folded_name(",".join(piece.strip() for piece in name.split(",")))


def _rejoined(authors: Sequence[str], names: Sequence[str]) -> list[str]:
    """``authors`` with each run of pieces that together spell a stored name holding a comma (``O'Brien, Pat``, which
    ``--authors`` cut at its comma) made that name again, the longest run first; the other pieces as they are.

    Example:
        >>> _rejoined(["bo", "O'Brien", "Pat"], ["bo", "O'Brien, Pat"])
        ['bo', "O'Brien, Pat"]
    """
    whole = {_comma_key(name): name for name in names if "," in name}
    if not whole:
        return list(authors)
    out: list[str] = []
    at = 0
    while at < len(authors):
        runs = ((end, folded_name(",".join(authors[at:end]))) for end in range(len(authors), at + 1, -1))
        end, key = next(((end, key) for end, key in runs if key in whole), (at + 1, ""))
        out.append(whole[key] if key else authors[at])
        at = end
    return out


def resolve_authors(engine: Engine, authors: Sequence[str], ids: Sequence[str] | None) -> list[str]:
    """The stored spellings of ``authors``, each of whom must have written in the threads ``ids``.

    Args:
        engine (Engine): the database.
        authors (Sequence[str]): names as typed (any case), from :func:`split_authors`.
        ids (Sequence[str] | None): the threads to look in (the one ``--thread`` names, whose title the error
            gives); every thread when ``None``.

    Returns:
        list[str]: the names as stored, in the order given, each once.

    Raises:
        NotFound: names that no author (of those threads) has, each with the closest stored names or, when the
            author wrote in other threads only, saying so.
    """
    found: list[str] = []
    unknown = []
    where = "in it" if ids else "in any stored thread"
    names = queries.author_names(engine, ids)  # read once, for every name given
    for author in _rejoined(authors, names):
        match = _lookup(engine, author, ids, names)
        if match.stored is not None:
            if match.stored not in found:  # a name given twice, in any case
                found.append(match.stored)
            continue
        if match.elsewhere is not None:
            unknown.append(f"{match.elsewhere!r} wrote in other threads, not in this one")
        elif match.closest:
            unknown.append(f"nobody named {author!r} wrote {where} "
                           f"(closest: {', '.join(repr(c) for c in match.closest)})")
        else:
            unknown.append(f"nobody named {author!r} wrote {where}, and no name is close")
    if unknown:
        lister = f"argmap analyze --thread {ids[0]} --top 50" if ids else "argmap analyze --top 50"
        named = repository.get_thread(engine, ids[0]) if ids else None  # its title, looked up only for the error
        place = f" of thread {named.title or named.key!r}" if named else ""
        raise NotFound(f"--authors names someone who is not among the authors{place}: {'; '.join(unknown)}. Give "
                       f"their names as {lister} lists them (any case)")
    return found
