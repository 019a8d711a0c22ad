"""Every real thread beside the project goes into a real SQLite file, and a second ingest changes no count."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from argmap import Settings, ingest

THREAD_FILES = [
    "hn/comments__87486160__item1.json",
    "hn/comments__9dc6b9ca__item26312516.json",
    "hn/comments__cae8303b__item25015967.json",
    "hn/thread-48849066.json.gz",
    "hn/root_comment.json",
    "reddit/asyncpraw__TestCommentForest.test_replace__all_large__interaction1__announcements_n49rw.json",
    "reddit/asyncpraw__TestCommentForest.test_replace__all__interaction1__funny_3hahrw.json",
    "reddit/praw__TestPollData.test_get_attrs__interaction1__announcements_fo7p5b.json",
    "reddit/asyncpraw__TestSubreddit.test_sticky__interaction2__pics_fjn0j9.json",
    "reddit/praw__TestComment.test_refresh__removed_comment__interaction2__AskReddit_6wmniq.json",
    "reddit/asyncpraw__TestCommentForest.test_replace__on_direct_comment__interaction2__IAmA_57dw9a.json",
]
TABLES = ("thread", "post", "author", "quote", "unit", "relation", "topic", "unit_topic")


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def test_ingest_every_real_thread_twice_without_duplicates(shared: Path, db_path: Path) -> None:
    settings = Settings(db=str(db_path))
    files = [str(shared / "threads" / name) for name in THREAD_FILES]
    files.append(str(shared / "threads" / "4forums" / "discussions"))
    first = ingest(files, settings=settings, extract=False)
    assert first.failures == []
    by_source = {Path(t.source).name: t.posts for t in first.threads}
    assert by_source["comments__cae8303b__item25015967.json"] == 2072  # 2,170 comments less 98 deleted leaves
    n49rw = "asyncpraw__TestCommentForest.test_replace__all_large__interaction1__announcements_n49rw.json"
    assert by_source[n49rw] == 1370  # 1,371 comments less 2 deleted leaves, plus the submission
    # Each note names the comment it is about: 104 lines "flagged or killed on Hacker News; kept" named none.
    dead = [m for m in first.messages if "comments__cae8303b" in m and "flagged or killed" in m]
    assert len(dead) == 104 and len(set(dead)) == len(dead)
    assert "comments__cae8303b__item25015967.json: post '" in dead[0]
    assert len(first.threads) == len(THREAD_FILES) + 8
    counts = _counts(db_path)
    assert counts["thread"] == len(THREAD_FILES) + 8
    assert counts["post"] == sum(t.posts for t in first.threads)
    again = ingest(files, settings=settings, extract=False)
    assert again.failures == []
    assert _counts(db_path) == counts


@pytest.mark.slow
def test_ingest_real_thread_with_extraction_is_idempotent(shared: Path, db_path: Path) -> None:
    settings = Settings(db=str(db_path))
    path = str(shared / "threads" / "hn" / "comments__9dc6b9ca__item26312516.json")
    first = ingest([path], settings=settings)
    counts = _counts(db_path)
    assert counts["unit"] > counts["post"] > 400
    assert counts["relation"] > 0
    ingest([path], settings=settings)
    assert _counts(db_path) == counts
    assert first.threads[0].units == counts["unit"]


def test_ingest_notes_name_a_post_whose_id_is_a_digit_of_their_words(tmp_path: Path, db_path: Path) -> None:
    """The note's words were searched for the post's id: "2" is in "line 2", so post 2 went unnamed."""
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": 1, "text": "Buses are slow."}\n'
                    '{"id": 2, "parent": 1, "text": "Not at night.", "created_at": "3 days ago"}\n', encoding="utf-8")
    report = ingest([str(path)], settings=Settings(db=str(db_path)), extract=False)
    assert [m.split(": ", 1)[1] for m in report.messages] == [
        "post '2': line 2: 'created_at' '3 days ago' is not ISO-8601 or epoch seconds"]

