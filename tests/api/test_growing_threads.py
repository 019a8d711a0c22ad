"""A moderator's growing thread: the same Reddit or HN thread fetched again and again as it grows, is edited and
loses comments, ingested each time, on SQLite and PostgreSQL.

After each step the database holds exactly what a fresh ingest of that version gives (every table, row by row),
a step that brings the same thread again changes nothing, and the report says what changed.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from argmap import Settings, ingest
from argmap.api import export
from argmap.store.db import make_engine

REDDIT = "reddit/asyncpraw__TestSubreddit.test_sticky__interaction2__pics_fjn0j9.json"
HN = "hn/comments__9dc6b9ca__item26312516.json"

Rows = dict[str, list[tuple[Any, ...]]]


def _rows(db: str) -> Rows:
    """Every row of every table, in a set order, without the times rows were written."""
    import argmap.store.tables  # noqa: F401  (the tables' metadata)

    engine = make_engine(db)
    found: Rows = {}
    try:
        with engine.connect() as conn:
            for table in SQLModel.metadata.sorted_tables:
                found[table.name] = sorted((tuple(v for v in r if not isinstance(v, datetime))
                                            for r in conn.execute(select(table))), key=repr)
    finally:
        engine.dispose()
    return found


def _reddit_comments(listing: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = list(reversed(listing["data"]["children"]))
    while stack:
        child = stack.pop()
        if child["kind"] == "t1":
            found.append(child["data"])
            replies = child["data"].get("replies")
            if isinstance(replies, dict):
                stack.extend(reversed(replies["data"]["children"]))
    return found


def _reddit_versions(shared: Path, folder: Path) -> tuple[Path, Path, Path, int]:
    """The thread as fetched early (the first half of its top-level comments, none deeper than one reply), as it
    is now, and later with three comments edited; and how many comments the early fetch lacks."""
    full = json.loads((shared / "threads" / REDDIT).read_text(encoding="utf-8"))
    early = copy.deepcopy(full)
    top = [c for c in early[1]["data"]["children"] if c["kind"] == "t1"]
    early[1]["data"]["children"] = top[:len(top) // 2]
    for comment in _reddit_comments(early[1]):
        replies = comment.get("replies")
        if isinstance(replies, dict):
            for reply in replies["data"]["children"]:
                if reply["kind"] == "t1":
                    reply["data"]["replies"] = ""
    edited = copy.deepcopy(full)
    for comment in [c for c in _reddit_comments(edited[1]) if c["body"] not in ("[deleted]", "[removed]")][:3]:
        comment["body"] += "\n\nEdit: thanks for the replies, I stand by this."
    paths = []
    for name, data in (("early", early), ("now", full), ("edited", edited)):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    lacking = len(_reddit_comments(full[1])) - len(_reddit_comments(early[1]))
    return paths[0], paths[1], paths[2], lacking


def test_growing_reddit_thread_posts_only(shared: Path, db_url: str, tmp_path: Path) -> None:
    early, now, _, lacking = _reddit_versions(shared, tmp_path)
    settings = Settings(db=db_url)
    first = ingest([str(early)], settings=settings, extract=False)
    assert first.threads[0].changes.status == "new"
    assert first.threads[0].changes.posts_added == first.threads[0].posts
    grown = ingest([str(now)], settings=settings, extract=False)
    [thread] = grown.threads
    assert thread.changes.status == "updated"
    assert 0 < thread.changes.posts_added <= lacking  # comments without text and replies are passed over
    assert thread.changes.posts_added == thread.posts - first.threads[0].posts
    assert (thread.changes.posts_removed, thread.changes.posts_edited) == (0, 0)
    assert _rows(db_url)["post"] and len(_rows(db_url)["thread"]) == 1


@pytest.mark.slow
def test_growing_reddit_thread_matches_a_fresh_ingest_at_every_step(shared: Path, db_url: str, tmp_path: Path,
                                                                     request: pytest.FixtureRequest) -> None:
    early, now, edited, _ = _reddit_versions(shared, tmp_path)
    settings = Settings(db=db_url)
    assert ingest([str(early)], settings=settings).ok
    step = ingest([str(now)], settings=settings)
    [thread] = step.threads
    assert thread.changes.status == "updated" and thread.changes.posts_added > 0
    assert thread.changes.units_added > 0 and thread.changes.relations_added > 0
    assert (thread.changes.posts_removed, thread.changes.posts_edited) == (0, 0)
    grown = _rows(db_url)
    grown_export = export(settings=settings, format="json")

    # The same version ingested into an empty database of the same backend.
    fresh = Settings(db=str(tmp_path / "fresh.db") if "://" not in db_url
                     else str(request.getfixturevalue("pg").new_database()))
    assert ingest([str(now)], settings=fresh).ok
    assert grown == _rows(fresh.db)
    assert grown_export == export(settings=fresh, format="json")

    # The same thread again: nothing changes, in any table.
    [again] = ingest([str(now)], settings=settings).threads
    assert again.changes.status == "unchanged"
    assert _rows(db_url) == grown

    # Three comments edited upstream: three posts edited, and nothing else lost.
    [after_edit] = ingest([str(edited)], settings=settings).threads
    assert after_edit.changes.status == "updated"
    assert (after_edit.changes.posts_edited, after_edit.changes.posts_added, after_edit.changes.posts_removed) == (
        3, 0, 0)
    assert after_edit.posts == thread.posts


_PASTE = ["Cities should make buses free, because fares keep poor riders away.",
          "> fares keep poor riders away\nThat is true in Tallinn, where riding went up after the fares went.",
          "Free buses would cost the city too much, and the service would get worse for everyone.",
          "> the service would get worse\nNot if the money comes from parking fees downtown."]


def _paste(path: Path, posts: list[str]) -> Path:
    path.write_text("\n\n".join(posts) + "\n", encoding="utf-8")
    return path


def _stored_posts(settings: Settings) -> dict[str, tuple[str, str | None]]:
    """Each stored post's words: its id and its parent's id."""
    data = export(settings=settings, format="json")
    return {p["text"]: (p["id"], p["parent"]) for p in data["posts"]}


@pytest.mark.parametrize("extract", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_growing_paste_with_a_comment_added_mid_thread_keeps_the_other_posts(db_url: str, tmp_path: Path,
                                                                             extract: bool) -> None:
    """A pasted thread numbers its posts by place: a reply that appeared in the middle of the page pasted again
    renumbered every post after it, so the ingest said they were all edited (and their units and relations removed
    and added again under new ids). Each post now keeps its id, the new one is said to be added, and the same
    paste again, or the earlier version again, is counted as what it is."""
    settings = Settings(db=db_url)
    path = _paste(tmp_path / "buses.txt", _PASTE)
    ingest([str(path)], settings=settings, extract=extract)
    before = _stored_posts(settings)
    units = {u["id"] for u in export(settings=settings, format="json")["units"]}
    added = "> cost the city too much\nParking fees downtown would pay for it twice over."
    _paste(path, [*_PASTE[:3], added, _PASTE[3]])
    [grown] = ingest([str(path)], settings=settings, extract=extract).threads
    assert (grown.changes.posts_added, grown.changes.posts_edited, grown.changes.posts_removed) == (1, 0, 0)
    after = _stored_posts(settings)
    assert {text: after[text] for text in before} == before  # the same ids, the same parents
    assert after["Parking fees downtown would pay for it twice over."][1] == before[_PASTE[2]][0]
    if extract:
        assert grown.changes.units_removed == 0
        assert units < {u["id"] for u in export(settings=settings, format="json")["units"]}
    # The same paste from standard input finds the thread and its ids; the earlier paste takes the new post away.
    [same] = ingest([str(path)], settings=settings, extract=extract).threads
    assert same.changes.status == "unchanged"
    _paste(path, _PASTE)
    [back] = ingest([str(path)], settings=settings, extract=extract).threads
    assert (back.changes.posts_added, back.changes.posts_edited, back.changes.posts_removed) == (0, 0, 1)
    assert _stored_posts(settings) == before


def test_growing_paste_with_a_post_edited_and_one_gone_keeps_the_others(tmp_path: Path) -> None:
    """A paste with a post edited where it stands and an earlier one gone: the edited post keeps its id and is said
    to be edited, the one gone removed, and the posts after them keep theirs (they were each counted edited)."""
    settings = Settings(db=str(tmp_path / "argmap.db"))
    path = _paste(tmp_path / "buses.txt", _PASTE)
    ingest([str(path)], settings=settings, extract=False)
    before = _stored_posts(settings)
    edited = _PASTE[2].replace("too much", "far too much")
    _paste(path, [_PASTE[0], edited, _PASTE[3]])
    [thread] = ingest([str(path)], settings=settings, extract=False).threads
    assert (thread.changes.posts_added, thread.changes.posts_edited, thread.changes.posts_removed) == (0, 1, 1)
    after = _stored_posts(settings)
    last = _PASTE[3].split("\n")[1]  # its own words, under the quote
    assert after[edited][0] == before[_PASTE[2]][0] and after[last] == before[last]


def test_growing_paste_cut_short_is_said_so(tmp_path: Path) -> None:
    """A paste copied again but cut short (a file half written, a copy that stopped mid-post) replaced the whole
    thread stored before with its first posts, saying only 'posts 2 removed, 1 edited': its posts carry no time, so
    the sign of an older copy (posts written after its newest gone) never showed. Undated posts now count by place,
    and the warning says the copy may be cut short, and how to put the whole thread back."""
    settings = Settings(db=str(tmp_path / "argmap.db"))
    path = _paste(tmp_path / "buses.txt", [*_PASTE, "Parking fees downtown would pay for it twice over."])
    assert not ingest([str(path)], settings=settings, extract=False).warnings
    _paste(path, [_PASTE[0], _PASTE[1], _PASTE[2][:50]])
    report = ingest([str(path)], settings=settings, extract=False)
    [thread] = report.threads
    assert (thread.changes.posts_removed, thread.changes.posts_edited, thread.changes.posts_newer_removed) == (2, 1, 2)
    [warning] = report.warnings
    assert "stored before, or cut short (2 posts written after its newest post are gone)" in warning
    assert "ingest the newer copy again to put it back" in warning
    # A post gone from the middle, the last ones kept, is no sign.
    _paste(path, [*_PASTE, "Parking fees downtown would pay for it twice over."])
    ingest([str(path)], settings=settings, extract=False)
    _paste(path, [_PASTE[0], _PASTE[2], _PASTE[3], "Parking fees downtown would pay for it twice over."])
    report = ingest([str(path)], settings=settings, extract=False)
    assert report.threads[0].changes.posts_removed == 1 and not report.warnings


def test_growing_thread_ingested_from_an_older_copy_is_said_so(db_url: str, tmp_path: Path) -> None:
    """A moderator who ingests an earlier snapshot after a later one took the thread back to it in silence: its
    newer comments gone, nothing said but 'posts 2 removed'. It is still stored (a thread is what was ingested
    last), with a warning that names the sign and the fix."""
    settings = Settings(db=db_url)
    rows = [{"id": n, "parent": None if n == 1 else n - 1, "author": f"a{n}", "thread": "buses",
             "text": f"Point number {n} about free buses and fares.", "created_at": f"2024-03-01T0{n}:00:00Z"}
            for n in range(1, 6)]
    path = tmp_path / "buses.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert not ingest([str(path)], settings=settings, extract=False).warnings
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:3]), encoding="utf-8")
    report = ingest([str(path)], settings=settings, extract=False)
    [thread] = report.threads
    assert (thread.changes.posts_removed, thread.changes.posts_newer_removed) == (2, 2)
    [warning] = report.warnings
    assert "looks older" in warning and "2 posts written after its newest post are gone" in warning
    assert "ingest the newer copy again" in warning and report.notes["older-version"] == 1
    # One comment gone is as likely deleted upstream: no warning.
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:4]), encoding="utf-8")
    ingest([str(path)], settings=settings, extract=False)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:3]), encoding="utf-8")
    assert not ingest([str(path)], settings=settings, extract=False).warnings
