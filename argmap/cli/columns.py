"""Table columns that keep what a reader needs whole in a narrow terminal.

When a table is wider than the terminal, rich narrows every column that may wrap, each by its share. In 80
columns that cut unit ids to ``u-d3d9fdd…`` (no longer an id to give ``argmap show``) and squeezed a claim into
a column of single words, while numbers kept room they did not need. Here only the text column may wrap: ids
stay whole, numbers and labels keep their width, names are cut with an ellipsis, and the text takes what is
left (never less than :data:`TEXT_MIN_WIDTH`). A terminal too narrow for even that gets the table wider than
itself (:func:`fit`), every column kept, rather than a table that fits with a column left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.measure import Measurement
from rich.table import Column, Table

__all__ = ["AUTHOR_WIDTH", "ID_WIDTH", "NAME_WIDTH", "TEXT_MIN_WIDTH", "author", "count", "fit", "key", "label", "name",
           "number", "room", "text"]

#: The narrowest a text column gets, however many other columns there are.
TEXT_MIN_WIDTH = 20
#: The widest an author or thread name column gets; longer names end in an ellipsis.
NAME_WIDTH = 14
#: The widest an author column gets where the author is the row (:func:`author`): a Reddit name's length.
AUTHOR_WIDTH = 20


#: How wide an id is printed (``u-`` and 16 hex digits, :func:`argmap.domain.stable_id`), whatever the terminal.
ID_WIDTH = 18


def key(header: str = "id") -> Column:
    """An id, printed whole on one line: it is what the reader copies into the next command. Never narrower than an
    id: in a terminal too narrow for the table rich cut ids one character short (``t-acb30fabb8b7953``), which no
    command then found; it cuts the other columns instead."""
    return Column(header, no_wrap=True, overflow="ignore", min_width=ID_WIDTH)


def count(header: str) -> Column:
    """A number, right-aligned, never wrapped, never narrower than its header."""
    return Column(header, justify="right", no_wrap=True, min_width=len(header))


def number(n: int) -> str:
    """A count as a table cell, thousands separated as every message counts (:func:`argmap.words.counted`):
    ``stats`` printed ``12300`` topics in its table and ``… 12,295 more topics`` under ``topics``.

    Example:
        >>> number(12300), number(7)
        ('12,300', '7')
    """
    return f"{n:,}"


def label(header: str = "label") -> Column:
    """A one-word label (in/out/undecided, a kind, a status), never wrapped, never narrower than its header."""
    return Column(header, no_wrap=True, min_width=len(header))


def name(header: str, width: int = NAME_WIDTH) -> Column:
    """An author or a thread: one line, cut with an ellipsis past ``width``."""
    return Column(header, no_wrap=True, overflow="ellipsis", max_width=width)


def author(header: str = "author") -> Column:
    """An author who is what the row is about (analyze's authors), printed whole: a name cut with an ellipsis
    ("laylajerrbe…") could be neither recognised nor given to ``claims --author``. Up to :data:`AUTHOR_WIDTH` wide,
    and wrapped onto a second line, not cut, where the terminal has no room for that."""
    return Column(header, overflow="fold", min_width=NAME_WIDTH - 2, max_width=AUTHOR_WIDTH)


def text(header: str) -> Column:
    """The words of a unit or a reason: the one column that wraps, and takes the room the others leave."""
    return Column(header, min_width=TEXT_MIN_WIDTH, overflow="fold")


def room(total: int, widths: Sequence[int]) -> int:
    """The width one more column can have in a table ``total`` characters wide beside columns of ``widths``.

    Each column has a space of padding either side and a border after it, and the table a border before the
    first. Rich narrows a table too wide for the terminal by cutting every column in proportion, numbers and
    ids included, so a table whose columns do not wrap has to be sized to fit beforehand.

    Example:
        >>> room(80, [18, 6])
        46
    """
    return total - sum(widths) - 3 * (len(widths) + 1) - 1


def fit(table: Table, console: Console) -> Table:
    """``table``, drawn wider than ``console`` when the terminal cannot hold its columns at their narrowest.

    Rich fits a table to the terminal whatever it takes: below some 55 columns it narrowed the text column to
    nothing, then cut every column in proportion, and a column cut to nothing is not drawn at all. ``claims`` at
    40 columns listed ids and counts with no claim beside them, ``threads`` no titles and ``analyze`` its authors
    without the attacks they made. The narrowest is each column's fixed width, the widest cell of a column that
    does not wrap (up to its ``max_width``: a name is cut with an ellipsis), and the ``min_width`` of one that wraps,
    each with its padding, plus the borders; a table that needs more than the terminal has is given that width.

    Args:
        table (Table): a table with its rows added, padded and bordered as rich's default (one space either side
            of a cell, a border before each column and after the last).
        console (Console): the console it is printed on.

    Returns:
        Table: ``table`` itself, its ``width`` set when the terminal is too narrow for it.
    """
    narrowest = len(table.columns) + 1  # the borders
    for column in table.columns:
        if column.width is not None:
            inner = column.width
        elif column.no_wrap:
            inner = max(Measurement.get(console, console.options, cell).maximum
                        for cell in (column.header, *column.cells))
            inner = inner if column.max_width is None else min(inner, column.max_width)
        else:
            inner = 1
        narrowest += max(inner, column.min_width or 1) + 2  # a space of padding either side
    if narrowest > console.width:
        table.width = narrowest
    return table
