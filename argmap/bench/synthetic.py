"""Synthetic threads for measuring query latency at scale (up to millions of units) without spaCy.

:func:`synthetic_threads` yields threads with their extraction (claims, premises, topics, support and attack
relations) from a seeded generator, so the same arguments give the same database; :func:`populate` stores
them; :func:`time_queries` times the index-backed queries on a database. The ``argmap benchmark`` command of a
later issue is meant to call these.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.store import queries, repository, search

__all__ = ["Timing", "populate", "synthetic_threads", "time_queries"]

_ADJ = ["open", "closed", "remote", "public", "free", "local", "large", "small", "cheap", "fast", "safe", "green",
        "digital", "national", "private", "urban", "rural", "nuclear", "solar", "electric"]
_NOUN = ["model", "source", "work", "transit", "energy", "school", "library", "tax", "policy", "market", "city",
         "car", "bike", "team", "wage", "rent", "housing", "vaccine", "court", "network", "license", "benchmark",
         "budget", "farm", "river", "startup", "union", "museum", "phone", "game"]
_PRED = ["are better than", "cost less than", "matter more than", "last longer than", "help more than",
         "are safer than", "grow faster than", "are fairer than"]
_REPLY = ["No, {x} fail in practice.", "That is wrong because {x} never scale.", "Yes, {x} clearly work.",
          "I agree, {x} made a difference here.", "Is that true for {x}?", "Evidence shows {x} improve outcomes."]


def _phrase(rng: random.Random) -> tuple[str, str]:
    adj, noun = rng.choice(_ADJ), rng.choice(_NOUN)
    return f"{adj} {noun}s", f"{adj} {noun}"


def synthetic_threads(units: int, *, per_thread: int = 50, seed: int = 0) -> Iterator[tuple[Thread, Extraction]]:
    """Threads holding about ``units`` units in total, with topics and relations.

    Args:
        units (int): how many units in all.
        per_thread (int): units per thread (one or two per post).
        seed (int): the generator seed; the same seed gives the same threads.

    Yields:
        tuple[Thread, Extraction]: a thread and what an extraction would have found in it.
    """
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    made = 0
    number = 0
    while made < units:
        number += 1
        key = f"synthetic:{seed}:{number}"
        posts: list[Post] = []
        found: list[Unit] = []
        relations: list[Relation] = []
        count = min(per_thread, units - made)
        while len(found) < count:
            index = len(posts)
            a_text, a_key = _phrase(rng)
            b_text, b_key = _phrase(rng)
            if index == 0:
                words, kind, topics = f"{a_text.capitalize()} {rng.choice(_PRED)} {b_text}.", "claim", [a_key, b_key]
            else:
                words, kind, topics = rng.choice(_REPLY).format(x=a_text), rng.choice(["claim", "premise"]), [a_key]
            parent = str(rng.randrange(index)) if index else None
            author = f"user{rng.randrange(max(units // 20, 10))}"
            posts.append(Post(str(index), parent, author, words, created_at=start + timedelta(minutes=made)))
            found.append(Unit(str(index), kind, 0, len(words), words, 0.7, "synthetic", "synthetic", topics))
            if parent is not None:
                kind_of = "support" if words.startswith(("Yes", "I agree", "Evidence")) else "attack"
                relations.append(Relation(len(found) - 1, int(parent), kind_of, 0.6, "synthetic", "synthetic"))
        made += len(found)
        yield Thread(key=key, format="synthetic", source="synthetic", title=f"Synthetic thread {number}",
                     posts=posts), Extraction(found, relations)


def populate(engine: Engine, units: int, *, per_thread: int = 50, seed: int = 0,
             on_thread: Callable[[int], None] | None = None) -> int:
    """Store synthetic threads holding about ``units`` units (one transaction per thread).

    Args:
        engine (Engine): an initialised database.
        units (int): how many units in all.
        per_thread (int): units per thread.
        seed (int): the generator seed.
        on_thread (Callable[[int], None] | None): told the running count of units after each thread.

    Returns:
        int: the units stored.

    Raises:
        StoreError: the database cannot be written.
    """
    stored = 0
    for thread, extraction in synthetic_threads(units, per_thread=per_thread, seed=seed):
        repository.save_thread(engine, thread, extraction)
        stored += len(extraction.units)
        if on_thread:
            on_thread(stored)
    return stored


@dataclass
class Timing:
    """How long each query took, in milliseconds (best of ``repeat`` runs)."""

    milliseconds: dict[str, float] = field(default_factory=dict)


def time_queries(engine: Engine, *, topic: str = "open source", words: str = "open sources",
                 repeat: int = 3) -> Timing:
    """Time the index-backed queries on a database.

    Args:
        engine (Engine): the database.
        topic (str): a topic to match and list claims on.
        words (str): words to search for.
        repeat (int): runs per query; the best counts.

    Returns:
        Timing: milliseconds per query name.

    Raises:
        StoreError: the database cannot be read.
    """
    matches = search.match_topics(engine, topic)
    some = queries.find_claims(engine, matches, limit=20)
    ids = [h.id for h in some]
    runs: dict[str, Callable[[], object]] = {
        "match_topics": lambda: search.match_topics(engine, topic),
        "claims": lambda: queries.find_claims(engine, search.match_topics(engine, topic), limit=20),
        "claims --attacked": lambda: queries.find_claims(engine, search.match_topics(engine, topic), limit=20,
                                                         attacked=True),
        "search": lambda: search.search_text(engine, words, limit=20),
        "replies (show)": lambda: queries.replies_to(engine, ids),
        "labels": lambda: queries.labels_for(engine, ids),
    }
    timing = Timing()
    for name, run in runs.items():
        best = float("inf")
        for _ in range(repeat):
            began = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - began)
        timing.milliseconds[name] = round(best * 1000, 2)
    return timing
