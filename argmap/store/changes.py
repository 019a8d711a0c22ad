"""What storing a thread again changed: its title, and the posts, units and relations it adds, removes and edits.

:func:`argmap.store.repository.save_thread` reads a small fingerprint of each row of the version stored before
(inside its transaction, before deleting it), then checks every row it writes against them: a row whose id is new
is added, one whose id is there with other content is edited, and the ids no written row had are removed. Rows are
compared by id, and ids are stable (the same post, the same span of it, the same pair of units), so a thread that
grew by a hundred comments reports those hundred and nothing else. Only a thread stored before pays for it.
The thread's own title (a plain-text file's name, a story retitled upstream) and link are compared too: they
are on no post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from argmap.store.models import ThreadChanges
from argmap.store.sql import table_of
from argmap.store.tables import PostRow, RelationRow, ThreadRow, UnitRow

__all__ = ["NEW", "UNCHANGED", "UPDATED", "ChangeCounter"]

NEW = "new"
"""No version of the thread was stored before."""
UPDATED = "updated"
"""A stored version was replaced by one with another title, or other posts, units or relations."""
UNCHANGED = "unchanged"
"""A stored version was written again as it was."""

_POST = ("parent_id", "author_id", "text", "title", "url", "official", "created_at")
"""What makes a post edited: its words, title, link, author, the post it answers or its time (a file whose times
were mended was stored with them, and said to be "unchanged (stored again as it was)"); the time is compared as an
instant, the same in any zone."""
_UNIT = ("kind", "text")
"""What makes a unit changed: its kind or words (its span is in its id)."""
_RELATION = ("model", "confidence")
"""What makes a relation changed: the rule that drew it (with its version: a newer argmap's rules re-extract every
relation, which was reported as "unchanged (stored again as it was)") or its confidence (its ends and kind are in
its id)."""

Translate = Callable[[str], str]
"""Maps a new row's id to the id the same row had in the earlier version (identity when the key is the same)."""


def _same(value: str) -> str:
    return value


def _fingerprint(row: Mapping[Any, Any], columns: tuple[str, ...], translate: Translate) -> int:
    values = tuple(translate(row[c]) if c == "parent_id" and row[c] is not None else row[c] for c in columns)
    return hash(values)


class ChangeCounter:
    """Counts what writing a thread changes against the version stored before it.

    Args:
        conn (Connection): the write transaction, before the earlier version is deleted.
        previous (str | None): the id of the earlier version, ``None`` when there is none (then nothing is read).
        title (str | None): the title being written; the earlier version's row must still hold its own.
        url (str | None): the thread's link being written; likewise.
        posts (Translate): new post id -> the id the same post had in the earlier version.
        units (Translate): the same for unit ids.
        relations (Translate): the same for relation ids.
    """

    def __init__(self, conn: Connection, previous: str | None, *, title: str | None, url: str | None = None,
                 posts: Translate = _same, units: Translate = _same, relations: Translate = _same) -> None:
        self.previous = previous
        self._title_changed = self._url_changed = False
        self._translate = {"posts": posts, "units": units, "relations": relations}
        self._before: dict[str, dict[str, int]] = {"posts": {}, "units": {}, "relations": {}}
        self._added = {"posts": 0, "units": 0, "relations": 0}
        self._edited = {"posts": 0, "units": 0, "relations": 0}
        self._blank: set[str] = set()  # posts stored as deleted: a placeholder without words or author
        self._times: dict[str, datetime] = {}
        self._restored = 0
        self._newest: datetime | None = None
        self._places: dict[str, int] = {}  # undated posts (a paste's) by place: a copy cut short loses the last
        self._last_kept = -1
        if previous is None:
            return
        thread = table_of(ThreadRow)
        stored = conn.execute(select(thread.c.title, thread.c.url).where(thread.c.id == previous)).one_or_none()
        before_title, before_url = (stored.title, stored.url) if stored is not None else (None, None)
        self._title_changed, self._url_changed = before_title != title, before_url != url
        post, unit, relation = table_of(PostRow), table_of(UnitRow), table_of(RelationRow)
        # Streamed: a fingerprint per row is all that is kept of the earlier version.
        for row in conn.execute(select(post.c.id, post.c.position, *(post.c[c] for c in _POST))
                                .where(post.c.thread_id == previous)).mappings():
            self._before["posts"][row["id"]] = _fingerprint(row, _POST, _same)
            if not row["text"] and row["author_id"] is None and row["title"] is None:
                self._blank.add(row["id"])
            if row["created_at"] is not None:
                self._times[row["id"]] = _utc(row["created_at"])
            else:
                self._places[row["id"]] = row["position"]
        for row in conn.execute(select(unit.c.id, *(unit.c[c] for c in _UNIT))
                                .where(unit.c.thread_id == previous)).mappings():
            self._before["units"][row["id"]] = _fingerprint(row, _UNIT, _same)
        for row in conn.execute(select(relation.c.id, *(relation.c[c] for c in _RELATION))
                                .where(relation.c.thread_id == previous)).mappings():
            self._before["relations"][row["id"]] = _fingerprint(row, _RELATION, _same)

    def _seen(self, what: str, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        if self.previous is None:
            for row in rows:
                self._added[what] += 1
                yield row
            return
        before, translate = self._before[what], self._translate[what]
        posts = self._translate["posts"]
        for row in rows:
            old = before.pop(translate(row["id"]), None)
            if old is None:
                self._added[what] += 1
            elif old != _fingerprint(row, columns, posts):
                self._edited[what] += 1
            yield row

    def posts(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``rows`` (post rows as written) passed on unchanged, each checked against the earlier version."""
        return self._seen("posts", _POST, self._dated(rows))

    def _dated(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``rows`` passed on, noting the newest time written and the deleted posts that have words again."""
        translate = self._translate["posts"]
        for row in rows:
            if row["created_at"] is not None and (self._newest is None or _utc(row["created_at"]) > self._newest):
                self._newest = _utc(row["created_at"])
            if row["text"] and translate(row["id"]) in self._blank:
                self._restored += 1
            self._last_kept = max(self._last_kept, self._places.get(translate(row["id"]), -1))
            yield row

    def units(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``rows`` (unit rows as written) passed on unchanged, each checked against the earlier version."""
        return self._seen("units", _UNIT, rows)

    def relations(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``rows`` (relation rows as written) passed on unchanged, each checked against the earlier version (its
        id names both units and its kind: another rule or confidence changes it)."""
        return self._seen("relations", _RELATION, rows)

    def result(self) -> ThreadChanges:
        """What changed, once every row has been written."""
        if self.previous is None:
            return ThreadChanges(status=NEW, posts_added=self._added["posts"], units_added=self._added["units"],
                                 relations_added=self._added["relations"])
        counts = {
            "posts_added": self._added["posts"], "posts_removed": len(self._before["posts"]),
            "posts_edited": self._edited["posts"],
            "units_added": self._added["units"], "units_removed": len(self._before["units"]),
            "units_changed": self._edited["units"],
            "relations_added": self._added["relations"], "relations_removed": len(self._before["relations"]),
            "relations_changed": self._edited["relations"],
        }
        newest = self._newest
        newer = 0 if newest is None else sum(1 for post in self._before["posts"]
                                             if post in self._times and self._times[post] > newest)
        # Undated posts (a paste) stand in the order they were written: those gone that stood after every post
        # kept are the end of a copy cut short (a file half written, a paste that stopped) as much as newer ones.
        newer += sum(1 for post in self._before["posts"]
                     if post in self._places and self._places[post] > self._last_kept >= 0)
        changed = any(counts.values()) or self._title_changed or self._url_changed
        return ThreadChanges(status=UPDATED if changed else UNCHANGED, title_changed=self._title_changed,
                             url_changed=self._url_changed, posts_restored=self._restored,
                             posts_newer_removed=newer, **counts)


def _utc(when: datetime) -> datetime:
    """``when`` comparable with any other: a time without a zone (SQLite gives them back so) is UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
