"""A database built up over many mixed writes stays whole: a seeded random walk of ingests (new threads, the same
thread again, edited, shortened, grown and renamed versions, files of several threads), deletions and analyses,
with the stored property graph checked by SQL after every step.

No spaCy: JSON Lines threads are stored with ``extract=False`` and AIF maps bring their own units and relations
(labelled, and tracked across threads, as extracted ones are).
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from argmap import Settings, analyze, ingest, search
from argmap.api import delete_threads, stats, threads

SENTENCES = [
    "Remote work makes software teams more productive.",
    "The city should build protected bike lanes on every main road.",
    "Nuclear power is the safest source of electricity per unit of energy.",
    "A four-day week keeps output the same while staff are happier.",
    "Congestion pricing cut traffic in Stockholm by a fifth.",
    "Zoning reform is the cheapest way to lower rents in big cities.",
    "I agree.",
]

ORPHANS = {
    "post without its thread": "SELECT p.id FROM post p LEFT JOIN thread t ON t.id = p.thread_id WHERE t.id IS NULL",
    "post answering no post of its thread": "SELECT p.id FROM post p LEFT JOIN post q ON q.id = p.parent_id "
    "WHERE p.parent_id IS NOT NULL AND (q.id IS NULL OR q.thread_id != p.thread_id)",
    "author of no post": "SELECT a.id FROM author a WHERE NOT EXISTS (SELECT 1 FROM post p WHERE p.author_id = a.id)",
    "unit without its post": "SELECT u.id FROM unit u LEFT JOIN post p ON p.id = u.post_id "
    "WHERE p.id IS NULL OR p.thread_id != u.thread_id",
    "relation without its units": "SELECT r.id FROM relation r LEFT JOIN unit a ON a.id = r.source_id LEFT JOIN unit b "
    "ON b.id = r.target_id WHERE a.id IS NULL OR b.id IS NULL OR a.thread_id != r.thread_id",
    "label of no unit": "SELECT l.unit_id FROM unit_label l LEFT JOIN unit u ON u.id = l.unit_id WHERE u.id IS NULL",
    "unit without a label": "SELECT u.id FROM unit u WHERE u.kind != 'other' AND NOT EXISTS "
    "(SELECT 1 FROM unit_label l WHERE l.unit_id = u.id)",
    "member of no unit": "SELECT m.unit_id FROM tracked_member m LEFT JOIN unit u ON u.id = m.unit_id "
    "WHERE u.id IS NULL OR u.thread_id != m.thread_id",
    "tracked claim of fewer than two members": "SELECT c.id FROM tracked_claim c WHERE (SELECT count(*) FROM "
    "tracked_member m WHERE m.claim_id = c.id) < 2",
    "canonical unit no member": "SELECT c.id FROM tracked_claim c WHERE NOT EXISTS (SELECT 1 FROM tracked_member m "
    "WHERE m.claim_id = c.id AND m.unit_id = c.canonical_unit_id)",
    "canonical words not its unit's": "SELECT c.id FROM tracked_claim c JOIN unit u ON u.id = c.canonical_unit_id "
    "WHERE u.text != c.text",
    "topic of no unit": "SELECT k.id FROM topic k WHERE NOT EXISTS "
    "(SELECT 1 FROM unit_topic x WHERE x.topic_id = k.id)",
    "thread counts": "SELECT t.id FROM thread t WHERE t.posts != (SELECT count(*) FROM post p WHERE "
    "p.thread_id = t.id) OR t.units != (SELECT count(*) FROM unit u WHERE u.thread_id = t.id) "
    "OR t.relations != (SELECT count(*) FROM relation r WHERE r.thread_id = t.id)",
}


@dataclass
class Model:
    """A thread as its file holds it: ``posts`` are (id, parent, author, text)."""

    key: str  # a JSON Lines thread's (an AIF map's comes from its content)
    format: str
    title: str
    posts: list[tuple[int, int | None, str, str]] = field(default_factory=list)


def _posts(rng: random.Random, words: list[str]) -> list[tuple[int, int | None, str, str]]:
    found: list[tuple[int, int | None, str, str]] = []
    for n in range(1, rng.randint(1, 4) + 1):
        text = rng.choice(SENTENCES) + (f" The {words.pop()} case." if rng.random() < 0.6 else "")
        found.append((n, None if n == 1 else rng.randint(1, n - 1), rng.choice(["ann", "bo", "cy"]), text))
    return found


def _write(folder: Path, files: dict[str, list[Model]]) -> None:
    for name, models in files.items():
        path = folder / name
        if models[0].format == "jsonl":
            path.write_text("".join(json.dumps({"id": n, "parent": parent, "author": author, "text": text,
                                                "thread": m.key, "title": m.title}) + "\n"
                                    for m in models for n, parent, author, text in m.posts), encoding="utf-8")
        else:
            [m] = models
            nodes = [{"nodeID": str(n), "type": "I", "text": text} for n, _, _, text in m.posts]
            edges = []
            for n, parent, _, _ in m.posts[1:]:
                nodes.append({"nodeID": f"s{n}", "type": "CA" if n % 2 else "RA", "text": "x"})
                edges += [{"edgeID": f"a{n}", "fromID": str(n), "toID": f"s{n}"},
                          {"edgeID": f"b{n}", "fromID": f"s{n}", "toID": str(parent)}]
            path.write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")


def _check(db: Path, settings: Settings, files: dict[str, list[Model]], tokens: set[str]) -> None:
    con = sqlite3.connect(db)
    try:
        for what, sql in ORPHANS.items():
            assert con.execute(sql).fetchall() == [], what
        for table in ("unit", "post", "topic"):  # the full-text index holds exactly the rows' text
            con.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")
        posts = " ".join(text for (text,) in con.execute("SELECT text FROM post"))
        units = {tid: {u for (u,) in con.execute("SELECT id FROM unit WHERE thread_id = ?", (tid,))}
                 for (tid,) in con.execute("SELECT id FROM thread")}
        labels = dict(con.execute("SELECT unit_id, label FROM unit_label").fetchall())
        authors = con.execute("SELECT count(DISTINCT author_id) FROM post").fetchone()[0]
    finally:
        con.close()
    for token in tokens:  # no ghost hit of a word a post no longer holds
        found = {hit.kind for hit in search(token, settings=settings)}
        assert ("post" in found) == (token in posts), token
    stored = threads(settings=settings)
    assert sorted(Path(t.source).name for t in stored) == sorted(name for name, ms in files.items() for _ in ms)
    counts = stats(settings=settings)
    assert (counts.threads, counts.posts, counts.authors) == (len(stored), sum(t.posts for t in stored), authors)
    for thread in stored:  # the labels stored at ingest are those analyze finds
        again = analyze(settings=settings, thread=thread.id, store=False).labels
        assert {u: labels[u] for u in units[thread.id] if u in labels} == {u: lab.label for u, lab in again.items()}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_integrity_of_a_database_built_up_by_mixed_writes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    words = [f"zq{a}{b}{c}x" for a in "bcdfg" for b in "hjklm" for c in "nprst"]
    rng.shuffle(words)
    db = tmp_path / "argmap.db"
    settings = Settings(db=str(db))
    files: dict[str, list[Model]] = {}
    tokens: set[str] = set()
    for step in range(18):
        op = rng.choice(["new", "new", "same", "edit", "edit", "delete", "analyze"]) if files else "new"
        name = rng.choice(sorted(files)) if files else ""
        before: set[str] = set()
        if op == "new":
            fmt = rng.choice(["jsonl", "aif"])
            name = f"f{step}.{fmt}.json" if fmt == "aif" else f"f{step}.jsonl"
            many = 1 if fmt == "aif" else rng.randint(1, 3)  # a JSON Lines file of several threads
            files[name] = [Model(f"k{step}-{i}", fmt, f"T{step}-{i}", _posts(rng, words)) for i in range(many)]
        elif op == "same":
            before = _units_of(db, tmp_path / name)
        elif op == "edit":
            model = rng.choice(files[name])
            change = rng.choice(["text", "remove", "add", "title"])
            if change == "text":
                at = rng.randrange(len(model.posts))
                n, parent, author, text = model.posts[at]
                model.posts[at] = (n, parent, author, f"{text} The {words.pop()} point.")
            elif change == "remove" and len(model.posts) > 1:
                gone = model.posts.pop(rng.randrange(1, len(model.posts)))[0]
                model.posts = [(n, 1 if parent == gone else parent, a, t) for n, parent, a, t in model.posts]
            elif change == "add":
                n = max(p[0] for p in model.posts) + 1
                model.posts.append((n, rng.randint(1, n - 1), "dee", f"{rng.choice(SENTENCES)} The {words.pop()} one."))
            else:
                model.title += " (edited)"
        elif op == "delete":
            del files[name]
            gone = [t.id for t in threads(settings=settings) if t.source == str(tmp_path / name)]
            assert len(delete_threads(gone, settings=settings)) == len(gone) > 0
        elif op == "analyze":
            analyze(settings=settings, bipolar=rng.random() < 0.5)
        if op in ("new", "same", "edit"):
            _write(tmp_path, {name: files[name]})
            report = ingest(str(tmp_path / name), settings=settings, extract=False)
            assert report.ok and len(report.threads) == len(files[name]), report.failures
            if op == "same":
                assert {t.changes.status for t in report.threads} == {"unchanged"}
        for models in files.values():
            for model in models:
                tokens |= {w for _, _, _, text in model.posts for w in text.split() if w.startswith("zq")}
        _check(db, settings, files, tokens)
        if op == "same":  # a unit id a user kept resolves still
            assert _units_of(db, tmp_path / name) == before


def _units_of(db: Path, path: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {u for (u,) in con.execute("SELECT u.id FROM unit u JOIN thread t ON t.id = u.thread_id "
                                          "WHERE t.source = ?", (str(path),))}
    finally:
        con.close()
