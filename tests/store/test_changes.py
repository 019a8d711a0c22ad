"""What storing a thread again changed (``StoredThread.changes``), on a real SQLite file and a real PostgreSQL
server: a thread that grows, is edited, shrinks, is stored again as it was, or comes back under another key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.engine import Engine

from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.store import repository
from argmap.store.models import ThreadChanges

OPENER = "Cats are better than dogs."
REPLY = "No, dogs are loyal."


def _thread(posts: list[Post], key: str = "test:grow") -> Thread:
    return Thread(key=key, format="jsonl", source="grow.jsonl", title="Pets", posts=posts)


def _base(reply: str = REPLY) -> list[Post]:
    return [Post("1", None, "ann", OPENER), Post("2", "1", "bob", reply)]


def _extraction(posts: list[Post]) -> Extraction:
    """One claim per post, each reply attacking its parent's claim."""
    units = [Unit(p.external_id, "claim", 0, len(p.text), p.text, 0.9, "test", "r", []) for p in posts]
    index = {p.external_id: n for n, p in enumerate(posts)}
    relations = [Relation(index[p.external_id], index[p.parent], "attack", 0.7, "test", "reply")
                 for p in posts if p.parent in index]
    return Extraction(units, relations)


def _save(engine: Engine, posts: list[Post], **kwargs: object) -> ThreadChanges:
    thread = _thread(posts, **kwargs)  # type: ignore[arg-type]
    return repository.save_thread(engine, thread, _extraction(posts)).changes


def test_changes_new_thread_counts_everything_as_added(engine: Engine) -> None:
    changes = _save(engine, _base())
    assert changes == ThreadChanges(status="new", posts_added=2, units_added=2, relations_added=1)


def test_changes_grown_thread_counts_only_the_new_posts(engine: Engine) -> None:
    _save(engine, _base())
    grown = [*_base(), Post("3", "2", "cy", "Loyalty is overrated."), Post("4", "1", "dee", "Both are fine pets.")]
    changes = _save(engine, grown)
    assert changes == ThreadChanges(status="updated", posts_added=2, units_added=2, relations_added=2)
    info = repository.list_threads(engine)[0]
    assert (info.posts, info.units, info.relations) == (4, 4, 3)


def test_changes_identical_thread_is_unchanged(engine: Engine) -> None:
    _save(engine, _base())
    assert _save(engine, _base()) == ThreadChanges(status="unchanged")


def test_changes_edited_and_deleted_posts(engine: Engine) -> None:
    _save(engine, [*_base(), Post("3", "2", "cy", "Loyalty is overrated.")])
    # The reply is edited (a longer text: its unit's span changes) and the last comment is gone upstream.
    changes = _save(engine, _base(REPLY + " EDIT: mostly."))
    # Undated, the comment gone stood after every post kept: counted as newer (one alone warns of nothing).
    assert changes == ThreadChanges(status="updated", posts_removed=1, posts_edited=1, units_added=1,
                                    units_removed=2, relations_added=1, relations_removed=2, posts_newer_removed=1)
    assert len(repository.load_graph(engine).posts) == 2


def test_changes_unit_with_another_kind_is_changed(engine: Engine) -> None:
    posts = _base()
    _save(engine, posts)
    extraction = _extraction(posts)
    extraction.units[1] = Unit("2", "premise", 0, len(REPLY), REPLY, 0.9, "test", "r", [])
    changes = repository.save_thread(engine, _thread(posts), extraction).changes
    assert changes == ThreadChanges(status="updated", units_changed=1)


@pytest.mark.parametrize(("model", "confidence"), [("test.v2", 0.7), ("test", 0.55)])
def test_changes_relation_drawn_by_another_rule_is_changed(engine: Engine, model: str, confidence: float) -> None:
    """A newer argmap's rules (their version in each relation's model) re-extract every relation: the thread was
    reported "unchanged (stored again as it was)"."""
    posts = _base()
    _save(engine, posts)
    extraction = _extraction(posts)
    extraction.relations[0] = replace(extraction.relations[0], model=model, confidence=confidence)
    changes = repository.save_thread(engine, _thread(posts), extraction).changes
    assert changes == ThreadChanges(status="updated", relations_changed=1)
    [stored] = repository.load_graph(engine).relations
    assert (stored.model, stored.confidence) == (model, confidence)


def test_changes_post_moved_to_another_parent_is_edited(engine: Engine) -> None:
    _save(engine, [*_base(), Post("3", "2", "cy", "Loyalty is overrated.")])
    changes = _save(engine, [*_base(), Post("3", "1", "cy", "Loyalty is overrated.")])
    assert (changes.posts_edited, changes.relations_added, changes.relations_removed) == (1, 1, 1)


def test_changes_post_with_another_time_is_edited(engine: Engine) -> None:
    """A file whose times were mended (a zone added) was stored with the new times but reported as "unchanged
    (stored again as it was)", though ``--since`` answered otherwise; the same instant in another zone is the same."""
    from datetime import UTC, datetime, timedelta, timezone

    def posts(when: datetime | None) -> list[Post]:
        return [Post("1", None, "ann", OPENER, created_at=datetime(2024, 3, 1, 8, tzinfo=UTC)),
                Post("2", "1", "bob", REPLY, created_at=when)]

    _save(engine, posts(datetime(2024, 3, 1, 9, tzinfo=UTC)))
    changes = _save(engine, posts(datetime(2024, 3, 1, 10, tzinfo=UTC)))
    assert changes == ThreadChanges(status="updated", posts_edited=1)
    assert [p.created_at for p in repository.load_graph(engine).posts] == [
        datetime(2024, 3, 1, 8, tzinfo=UTC), datetime(2024, 3, 1, 10, tzinfo=UTC)]
    assert _save(engine, posts(None)) == ThreadChanges(status="updated", posts_edited=1)
    assert _save(engine, posts(datetime(2024, 3, 1, 10, tzinfo=UTC))).posts_edited == 1
    east = datetime(2024, 3, 1, 11, tzinfo=timezone(timedelta(hours=1)))
    assert _save(engine, posts(east)) == ThreadChanges(status="unchanged")


def test_changes_version_under_another_key_is_compared_post_by_post(engine: Engine) -> None:
    """An edited paste gets a new key (from its content) and replaces the version it was: what changed is counted
    against that version, though every id differs."""
    old = repository.save_thread(engine, _thread(_base(), key="text:old"), _extraction(_base()))
    grown = [*_base(), Post("3", "2", "cy", "Loyalty is overrated.")]
    stored = repository.save_thread(engine, _thread(grown, key="text:new"), _extraction(grown), replaces=[old.id])
    assert stored.changes == ThreadChanges(status="updated", posts_added=1, units_added=1, relations_added=1)
    assert [t.key for t in repository.list_threads(engine)] == ["text:new"]


def test_changes_title_only_edit_is_updated_and_stored(engine: Engine) -> None:
    """The thread's title is on no post: a thread retitled and nothing else was reported unchanged."""
    _save(engine, _base())
    retitled = replace(_thread(_base()), title="Pets, revisited")
    changes = repository.save_thread(engine, retitled, _extraction(_base())).changes
    assert changes == ThreadChanges(status="updated", title_changed=True)
    assert [t.title for t in repository.list_threads(engine)] == ["Pets, revisited"]
    assert repository.save_thread(engine, retitled, _extraction(_base())).changes == ThreadChanges(status="unchanged")


def test_changes_link_only_edit_is_updated_and_stored(engine: Engine) -> None:
    """The thread's link is on no post either: a story whose link alone changed upstream was reported unchanged."""
    _save(engine, _base())
    moved = replace(_thread(_base()), url="https://example.org/pets-revisited")
    changes = repository.save_thread(engine, moved, _extraction(_base())).changes
    assert changes == ThreadChanges(status="updated", url_changed=True)
    assert [t.url for t in repository.list_threads(engine)] == ["https://example.org/pets-revisited"]
    assert repository.save_thread(engine, moved, _extraction(_base())).changes == ThreadChanges(status="unchanged")


def test_changes_title_compared_with_the_version_under_another_key(engine: Engine) -> None:
    old = repository.save_thread(engine, _thread(_base(), key="text:old"), _extraction(_base()))
    new = replace(_thread(_base(), key="text:new"), title=None)
    stored = repository.save_thread(engine, new, _extraction(_base()), replaces=[old.id])
    assert stored.changes == ThreadChanges(status="updated", title_changed=True)
    assert [(t.key, t.title) for t in repository.list_threads(engine)] == [("text:new", None)]


def test_changes_older_copy_counts_restored_and_newer_removed_posts(engine: Engine) -> None:
    """A version older than the stored one (a snapshot fetched earlier, ingested after a later one) replaced it with
    no sign: a deleted post that has its words again, and the comments written after every post it holds, are now
    counted, so that ingest can say so."""
    from datetime import UTC, datetime

    def at(hour: int) -> datetime:
        return datetime(2024, 3, 1, hour, tzinfo=UTC)

    early = [Post("1", None, "ann", OPENER, created_at=at(8)), Post("2", "1", "bob", REPLY, created_at=at(9)),
             Post("3", "2", "cy", "Loyalty is overrated.", created_at=at(10))]
    later = [early[0], replace(early[1], author=None, text=""), early[2],  # bob's reply deleted, its answer kept
             Post("4", "1", "dee", "Both are fine pets.", created_at=at(11)),
             Post("5", "4", "eve", "Fish are better still.", created_at=at(12))]
    assert _save(engine, early).posts_restored == 0
    grown = _save(engine, later)
    assert (grown.posts_restored, grown.posts_newer_removed) == (0, 0)
    older = _save(engine, early)
    assert (older.posts_restored, older.posts_newer_removed, older.posts_removed) == (1, 2, 2)
