"""Finding the unit a user names by id, and saying what went wrong when no unit has the id.

A unit id is easy to confuse with the other ids argmap prints beside it (a post's in ``search``, a tracked
claim's in ``show``, a document's in ``evidence add --json``); the error names the kind of id given and the
command that takes it, or the units a post id holds.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine

from argmap.domain import ID_KINDS, shorten
from argmap.errors import NotFound
from argmap.store import queries, tracked

__all__ = ["id_kind", "id_written", "resolve", "resolve_claim", "unknown_unit"]

#: How many of the unit ids a post holds, or a prefix starts, an error lists.
SHOWN = 5
# In any case: an id typed or copied in capitals ("U-94D3", as some terminals and spreadsheets give it) is the id.
_ID = re.compile(r"([a-z]{1,2})-[0-9a-f]*", re.IGNORECASE)


def id_kind(ref: str) -> str | None:
    """The kind of node ``ref`` is the id (or an id prefix) of, from its prefix, in any case; ``None`` for other
    words.

    Example:
        >>> id_kind("p-7f6eff0baf5c3d90"), id_kind("U-94"), id_kind("the death penalty")
        ('post', 'unit', None)
    """
    match = _ID.fullmatch(ref.strip())
    return ID_KINDS.get(match.group(1).lower()) if match else None


def id_written(ref: str) -> str:
    """``ref`` as ids are stored: without the spaces around it and, when it is an id, in lower case (``U-94D3`` is
    ``u-94d3``); other words as they are.

    Example:
        >>> id_written(" U-94D3 "), id_written("The US")
        ('u-94d3', 'The US')
    """
    return ref.strip().lower() if id_kind(ref) is not None else ref


def resolve(engine: Engine, ref: str, *, command: str) -> str:
    """The id of the unit ``ref`` names (its id, or a prefix only one unit id has).

    Args:
        engine (Engine): the database.
        ref (str): what the user typed.
        command (str): the command that takes a unit id, e.g. ``"show"``, named in the error's fix.

    Returns:
        str: the unit id.

    Raises:
        NotFound: no unit, or several, have ids starting with ``ref`` (see :func:`unknown_unit`).
    """
    ref = id_written(ref)
    found = queries.resolve_unit(engine, ref)
    if found is None:
        raise unknown_unit(engine, ref, command=command)
    return found


def resolve_claim(engine: Engine, ref: str) -> str:
    """The id of the tracked claim ``ref`` names (its id, or a prefix only one tracked claim id has), as
    :func:`resolve` takes a unit id's prefix: ``show`` names a unit's tracked claim for ``track``, and a part of
    it copied was "no tracked claim".

    Raises:
        NotFound: no tracked claim, or several, have ids starting with ``ref``.
        StoreError: the database cannot be read.
    """
    ref = id_written(ref).strip()
    found = tracked.claims_starting(engine, ref, limit=SHOWN + 1)
    if ref in found:
        return ref
    if len(found) == 1:
        return found[0]
    if found:
        shown = ", ".join(found[:SHOWN]) + (", ..." if len(found) > SHOWN else "")
        raise NotFound(f"several tracked claim ids start with {ref!r} ({shown}); give more of the id")
    raise NotFound(f"no tracked claim {shorten(ref, 80)!r}; find claims with: argmap claims --topic WORDS, and "
                   "a claim's tracked id with: argmap show UNIT")


def unknown_unit(engine: Engine, ref: str, *, command: str) -> NotFound:
    """The error for a ``ref`` no single unit id starts with: an id of another kind (and, for a post, the ids
    of its units), an ambiguous prefix (with some of the ids it starts), or no unit at all.

    Raises:
        StoreError: the database cannot be read.
    """
    ref = id_written(ref).strip()
    find = "find unit ids with: argmap search WORDS or argmap claims --topic WORDS"
    if not ref:
        return NotFound(f"no unit id given; {find}")
    kind = id_kind(ref)
    if kind == "tracked claim":
        return NotFound(f"{ref!r} is a tracked claim id, not a unit id; follow it with: argmap track {ref}")
    if kind == "post":
        units = queries.post_units(engine, ref)
        if units:
            shown = ", ".join(units[:SHOWN]) + (f" ({len(units)} in all)" if len(units) > SHOWN else "")
            return NotFound(f"{ref!r} is a post id, not a unit id; the post's units are {shown}: give one, e.g. "
                            f"argmap {command} {units[0]}")
        if units is not None:
            return NotFound(f"{ref!r} is a post id, not a unit id, and the post holds no argument unit; {find}")
    if kind is not None and kind != "unit":
        return NotFound(f"{ref!r} is not a unit id: ids starting {ref.split('-')[0]}- are {kind} ids, unit ids "
                        f"start u-; {find}")
    several = queries.units_starting(engine, ref, limit=SHOWN + 1)
    if len(several) > 1:
        shown = ", ".join(several[:SHOWN]) + (", ..." if len(several) > SHOWN else "")
        return NotFound(f"several unit ids start with {ref!r} ({shown}); give more of the id")
    return NotFound(f"no unit {shorten(ref, 80)!r}; {find}")
