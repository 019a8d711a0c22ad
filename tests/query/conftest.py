"""Threads built by hand (no spaCy) and databases holding them, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from argmap.api._linking import after_save
from argmap.config import Settings
from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.store import repository
from argmap.store.db import make_engine

# (post id, parent, author, day of month, [(kind, text, topics)])
PostSpec = tuple[str, str | None, str, int, list[tuple[str, str, list[str]]]]


def build(key: str, title: str, posts: Sequence[PostSpec],
          relations: Sequence[tuple[int, int, str]] = ()) -> tuple[Thread, Extraction]:
    """A thread whose posts are the units' texts joined by spaces, and its extraction."""
    thread_posts: list[Post] = []
    units: list[Unit] = []
    for post_id, parent, author, day, specs in posts:
        text = " ".join(t for _, t, _ in specs)
        thread_posts.append(Post(post_id, parent, author, text,
                                 created_at=datetime(2024, 1, day, 12, tzinfo=UTC)))
        offset = 0
        for kind, words, topics in specs:
            start = text.index(words, offset)
            units.append(Unit(post_id, kind, start, start + len(words), words, 0.8, "test", f"{kind}: by hand",
                              topics))
            offset = start + len(words)
    rels = [Relation(s, t, kind, 0.7, "test", f"{kind} by hand") for s, t, kind in relations]
    return Thread(key=key, format="jsonl", source=f"{key}.jsonl", title=title, posts=thread_posts), \
        Extraction(units, rels)


def store(engine: Engine, thread: Thread, extraction: Extraction) -> str:
    """Save and link a thread the way ingest does; returns the thread id."""
    info = repository.save_thread(engine, thread, extraction)
    after_save(engine, thread, extraction)
    return info.id


def stored_in(db: Path | str, thread: Thread, extraction: Extraction) -> Settings:
    """Store a thread built by :func:`build` in the SQLite file ``db`` (made if new); settings that open it."""
    engine = make_engine(str(db))
    repository.init_db(engine)
    store(engine, thread, extraction)
    engine.dispose()
    return Settings(db=str(db))


def reply_chain(posts: int) -> tuple[Thread, Extraction]:
    """A thread ("chain") of ``posts`` posts, each answering the one before with one claim ("Point N of the
    chain.") that attacks the claim it answers: a reply chain as deep as it is long."""
    return build("chain", "A long chain", [
        (str(n), None if n == 1 else str(n - 1), f"a{n % 2}", 1 + n % 28, [("claim", f"Point {n} of the chain.", [])])
        for n in range(1, posts + 1)], relations=[(n, n - 1, "attack") for n in range(1, posts)])


OPEN = build("open", "Open models", [
    ("1", None, "ann", 1, [("claim", "Open source models will win in the long run.", ["open source model",
                                                                                       "open source", "long run"]),
                           ("premise", "Anyone can fine-tune them for a niche.", ["niche"])]),
    ("2", "1", "bob", 2, [("claim", "No, closed labs have far more compute.", ["closed lab", "compute"])]),
    ("3", "2", "cy", 3, [("claim", "Compute gets cheaper every year.", ["compute", "year"])]),
    ("4", "1", "dee", 4, [("claim", "Open-source tooling is already better than the closed kind.",
                           ["open source tooling", "open source"])]),
    ("5", "1", "eve", 5, [("claim", "Letters to the editor about open letters are a different topic.",
                           ["open letter", "letter", "editor"])]),
], relations=[(1, 0, "support"), (2, 0, "attack"), (3, 2, "attack")])


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite file."""
    engine = make_engine(str(tmp_path / "q.db"))
    repository.init_db(engine)
    yield engine
    engine.dispose()


def stored(path: Path, *threads: tuple[Thread, Extraction]) -> Settings:
    """Settings on a new SQLite file at ``path`` holding ``threads`` (each as :func:`build` makes it)."""
    engine = make_engine(str(path))
    repository.init_db(engine)
    for thread in threads:
        store(engine, *thread)
    engine.dispose()
    return Settings(db=str(path))


@pytest.fixture
def open_db(tmp_path: Path) -> Settings:
    """Settings on a SQLite file holding the OPEN thread."""
    return stored(tmp_path / "open.db", OPEN)
