"""The graph store on a real SQLite file and a real PostgreSQL server: atomic, idempotent writes, a guarded schema."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from argmap.domain import Extraction, Post, Quote, Relation, Thread, Unit
from argmap.errors import NotFound, SchemaTooNew, StoreError
from argmap.store import repository
from argmap.store.db import make_engine
from argmap.store.fulltext import text_index_whole


def _thread(extra: int = 0, text: str = "Cats are better than dogs.") -> Thread:
    posts = [
        Post("1", None, "ann", text),
        Post("2", "1", "bob", "No, dogs are loyal.", quotes=[Quote("Cats are better", "1", 0, 15, 0)]),
    ]
    posts += [Post(str(3 + i), "2", "cy", f"Extra reply {i}.") for i in range(extra)]
    return Thread(key="test:1", format="jsonl", source="x.jsonl", title="Pets", posts=posts)


def _extraction() -> Extraction:
    units = [Unit("1", "claim", 0, 25, "Cats are better than dogs.", 0.9, "test", "r", ["cat", "dog"]),
             Unit("2", "claim", 0, 19, "No, dogs are loyal.", 0.8, "test", "r", ["dog"])]
    return Extraction(units, [Relation(1, 0, "attack", 0.7, "test", "reply disagrees")])


def _rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_repository_load_graph_gives_quotes_in_post_order(engine: Engine) -> None:
    """Quotes come in the order of their posts, then of where they are answered, on both backends: PostgreSQL
    read them in the order it stored them (the later thread's first here) while SQLite went by thread id."""
    def thread(key: str) -> Thread:
        return Thread(key=key, format="jsonl", source=f"{key}.jsonl", title=key, posts=[
            Post("1", None, "ann", "Cats are better than dogs. Dogs bark."),
            Post("2", "1", "bob", "No. Barking is fine.", quotes=[Quote("Cats are better", "1", 0, 15, 0),
                                                                  Quote("Dogs bark", "1", 27, 36, 4)]),
            Post("3", "2", "cy", "It is not.", quotes=[Quote("Barking is fine", "2", 4, 19, 0)])])

    low, high = sorted((thread("test:a"), thread("test:b")), key=lambda t: t.id)
    for one in (high, low):  # the thread with the greater id is stored first
        repository.save_thread(engine, one, Extraction([]))
    graph = repository.load_graph(engine)
    position = {p.id: n for n, p in enumerate(graph.posts)}
    assert [(position[q.post], q.offset) for q in graph.quotes] == sorted((position[q.post], q.offset)
                                                                          for q in graph.quotes)
    assert [q.text for q in graph.quotes] == ["Cats are better", "Dogs bark", "Barking is fine"] * 2


def test_repository_load_graph_builds_no_orm_objects(engine: Engine) -> None:
    """Exports, maps and analyze load the whole graph: an ORM object per row took 1.5 of the 2.4 s that loading
    the 12 shared threads took. Rows are read as plain rows now, with the same values."""
    from sqlalchemy import event

    from argmap.store.tables import PostRow, QuoteRow, RelationRow, UnitRow

    repository.save_thread(engine, _thread(), _extraction())
    loaded: list[object] = []

    def count(target: object, context: object) -> None:
        loaded.append(target)

    tables = (PostRow, QuoteRow, UnitRow, RelationRow)
    for table in tables:
        event.listen(table, "load", count)
    try:
        graph = repository.load_graph(engine)
    finally:
        for table in tables:
            event.remove(table, "load", count)
    assert loaded == []
    assert [(p.author, p.text, p.depth) for p in graph.posts] == [("ann", "Cats are better than dogs.", 0),
                                                                   ("bob", "No, dogs are loyal.", 1)]
    assert [(u.kind, u.start, u.end, u.topics) for u in graph.units] == [("claim", 0, 25, ["cat", "dog"]),
                                                                          ("claim", 0, 19, ["dog"])]
    assert [(r.kind, r.reason) for r in graph.relations] == [("attack", "reply disagrees")]
    assert [(q.text, q.source_start, q.source_end) for q in graph.quotes] == [("Cats are better", 0, 15)]


def test_repository_stats_of_some_threads(engine: Engine) -> None:
    """stats counted the whole database only: a journalist following one debate could not count its authors."""

    pets = repository.save_thread(engine, _thread(extra=2), _extraction())
    other = Thread(key="test:2", format="jsonl", source="y.jsonl", title="Cars",
                   posts=[Post("1", None, "zed", "Cars are fast."), Post("2", "1", "ann", "Too fast.")])
    cars = repository.save_thread(engine, other, Extraction(
        [Unit("1", "claim", 0, 14, "Cars are fast.", 0.9, "test", "r", ["car"]),
         Unit("2", "premise", 0, 9, "Too fast.", 0.6, "test", "r", ["speed"])],
        [Relation(1, 0, "support", 0.5, "rule-b", "agrees")]))
    whole = repository.stats(engine)
    assert (whole.threads, whole.posts, whole.authors) == (2, 6, 4)
    one = repository.stats(engine, [pets.id])
    assert (one.threads, one.posts, one.authors, one.topics) == (1, 4, 3, 2)
    assert one.units == {"claim": 2} and one.relations == {"attack": 1} and one.relation_models == {"test": 1}
    assert one.evidence_sources == 0
    two = repository.stats(engine, [cars.id])
    assert (two.posts, two.authors, two.topics, two.units) == (2, 2, 2, {"claim": 1, "premise": 1})
    assert two.relation_models == {"rule-b": 1}
    assert whole.assumed_attacks == one.assumed_attacks == two.assumed_attacks == 0


def test_repository_stats_count_the_attacks_only_assumed(engine: Engine) -> None:
    """How many of a debate's attacks are guesses (no word of the answer agrees or disagrees) was nowhere counted."""
    from argmap.nlp.stance import NO_CUE

    thread = Thread(key="test:3", format="jsonl", source="z.jsonl", title="Buses", posts=[
        Post("1", None, "ann", "Buses should be free."), Post("2", "1", "ben", "Trams are quieter."),
        Post("3", "1", "cy", "No, fares pay drivers."), Post("4", "1", "dee", "Buses are 100% fine.")])
    units = [Unit(p.external_id, "claim", 0, len(p.text), p.text, 0.9, "test", "r", []) for p in thread.posts]
    saved = repository.save_thread(engine, thread, Extraction(units, [
        Relation(1, 0, "attack", 0.55, "rule", f"reply opens and {NO_CUE}"),
        Relation(2, 0, "attack", 0.75, "rule", "disagrees ('no')"),
        Relation(3, 0, "support", 0.55, "rule", f"100% {NO_CUE}")]))  # a support is no assumed attack
    assert repository.stats(engine).assumed_attacks == repository.stats(engine, [saved.id]).assumed_attacks == 1
    assert repository.stats(engine).relations == {"attack": 2, "support": 1}


def test_repository_writes_every_node_and_edge(engine: Engine) -> None:
    info = repository.save_thread(engine, _thread(), _extraction())
    assert (info.posts, info.units, info.relations) == (2, 2, 1)
    assert _rows(engine, "post") == 2
    assert _rows(engine, "quote") == 1
    assert _rows(engine, "unit_topic") == 3
    assert _rows(engine, "topic") == 2
    assert _rows(engine, "author") == 2
    with engine.connect() as conn:
        kind, reason, model = conn.execute(text("SELECT kind, reason, model FROM relation")).one()
    assert (kind, reason, model) == ("attack", "reply disagrees", "test")
    graph = repository.load_graph(engine)
    assert [p.author for p in graph.posts] == ["ann", "bob"]
    assert graph.units[0].topics == ["cat", "dog"]
    assert graph.quotes[0].source_start == 0


def test_repository_sqlite_file_uses_wal(db_path: Path) -> None:
    engine = make_engine(str(db_path))
    repository.init_db(engine)
    repository.save_thread(engine, _thread())
    assert db_path.is_file()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_repository_reingest_never_duplicates(engine: Engine) -> None:
    first = repository.save_thread(engine, _thread(), _extraction())
    second = repository.save_thread(engine, _thread(), _extraction())
    assert first.id == second.id
    for table in ("thread", "post", "unit", "relation", "quote", "author", "topic", "unit_topic"):
        before = _rows(engine, table)
        repository.save_thread(engine, _thread(), _extraction())
        assert _rows(engine, table) == before, table


def test_repository_reingest_updates_in_place(engine: Engine) -> None:
    repository.save_thread(engine, _thread())
    info = repository.save_thread(engine, _thread(extra=3))
    assert info.posts == 5
    assert _rows(engine, "thread") == 1
    assert _rows(engine, "post") == 5
    assert repository.stats(engine).posts == 5


def test_repository_failed_write_leaves_the_old_version(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    repository.save_thread(engine, _thread(), _extraction())
    real = repository.bulk

    def broken(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
        if table.name == "unit":
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("disk I/O error"))
        real(conn, table, rows)

    monkeypatch.setattr(repository, "bulk", broken)
    with pytest.raises(StoreError, match="disk I/O error"):
        repository.save_thread(engine, _thread(extra=4), _extraction())
    assert _rows(engine, "post") == 2
    assert _rows(engine, "unit") == 2
    assert _rows(engine, "relation") == 1


def test_repository_round_trips_emoji_rtl_and_a_megabyte(engine: Engine) -> None:
    big = "word " * 200_000
    thread = _thread(text="Prices 😀 rose — قال إن الأسعار ارتفعت " + big)
    repository.save_thread(engine, thread)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT text FROM post WHERE external_id = '1'")).scalar_one()
    assert stored == thread.posts[0].text
    assert len(stored) > 1_000_000


def test_repository_refuses_a_newer_schema(engine: Engine, db_url: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = '99' WHERE key = 'schema_version'"))
    fresh = make_engine(db_url)
    with pytest.raises(SchemaTooNew, match="newer argmap") as info:
        repository.init_db(fresh)
    fresh.dispose()
    assert "upgrade argmap" in str(info.value)


def test_repository_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite, just text that fills a page " * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        repository.init_db(make_engine(str(path)))
    assert path.read_text().startswith("this is not sqlite")


def test_repository_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        make_engine(str(tmp_path / "nowhere" / "a.db"))


def test_repository_error_never_shows_the_password() -> None:
    engine = make_engine("postgresql://reader:s3cr3t-pw@127.0.0.1:9/argmap")
    with pytest.raises(StoreError) as info:
        repository.init_db(engine)
    assert "s3cr3t-pw" not in str(info.value)
    assert "reader" in str(info.value)


def test_repository_lists_and_finds_threads(engine: Engine) -> None:
    repository.save_thread(engine, _thread())
    [info] = repository.list_threads(engine)
    assert info.title == "Pets"
    assert repository.get_thread(engine, "Pe").id == info.id
    assert repository.get_thread(engine, info.key).id == info.id


def test_repository_finds_a_thread_by_its_whole_title_though_others_start_with_it(engine: Engine) -> None:
    """``--thread test_map1`` names test_map1, not test_map10 and test_map11 too; a shared start stays ambiguous."""
    for key, title in (("k:1", "test_map1"), ("k:10", "test_map10"), ("k:11", "Test_Map11")):
        repository.save_thread(engine, Thread(key=key, format="aif", source=f"{key}.json", title=title,
                                              posts=[Post("1", None, "ann", f"Post of {title}.")]))
    assert repository.get_thread(engine, "test_map1").key == "k:1"
    assert repository.get_thread(engine, "TEST_MAP11").key == "k:11"
    with pytest.raises(NotFound, match=r"'test_map' is the start of 3 thread titles"):
        repository.get_thread(engine, "test_map")


def test_repository_threads_of_one_title_are_told_apart_by_their_source(engine: Engine) -> None:
    """The sample thread and its brat export, both stored, share the title "hn-open-models": ``--thread
    hn-open-models`` answered "is the start of 2 thread titles: t-55bf... (hn-open-models); t-146a...
    (hn-open-models)", which told the user nothing about which id was which."""
    for key, fmt, source in (("text:1", "text", "corpora/hn-open-models.txt"),
                             ("brat:1", "brat", "brat/text-1.ann")):
        repository.save_thread(engine, Thread(key=key, format=fmt, source=source, title="hn-open-models",
                                              posts=[Post("1", None, "ann", "Open models will win.")]))
    repository.save_thread(engine, Thread(key="k:2", format="aif", source="x.json", title="Other",
                                          posts=[Post("1", None, "bo", "Closed models will win.")]))
    with pytest.raises(NotFound) as info:
        repository.get_thread(engine, "HN-open-models")
    said = str(info.value)
    assert said.startswith("'HN-open-models' is the title of 2 threads: ")
    assert "(hn-open-models, text from corpora/hn-open-models.txt)" in said
    assert "(hn-open-models, brat from brat/text-1.ann)" in said and said.endswith("; give one thread's id")
    with pytest.raises(NotFound, match=r"'hn' is the start of 2 thread titles: t-\w+ \(hn-open-models, \w+ from "):
        repository.get_thread(engine, "hn")


def test_repository_finds_a_thread_by_a_prefix_only_its_id_has(engine: Engine) -> None:
    """A unit id's prefix names its unit, a thread id's answered "no thread 't-656b'"; a thread id copied but for
    its last character likewise. A prefix several ids share lists them."""
    for key in ("k:1", "k:2", "k:3"):
        repository.save_thread(engine, Thread(key=key, format="aif", source=f"{key}.json", title=f"Map {key}",
                                              posts=[Post("1", None, "ann", "A post.")]))
    threads = repository.list_threads(engine)
    for info in threads:
        rest = [t.id for t in threads if t is not info]
        n = next(n for n in range(6, len(info.id)) if not any(other.startswith(info.id[:n]) for other in rest))
        assert repository.get_thread(engine, info.id[:n]).id == info.id
        assert repository.get_thread(engine, info.id[:-1]).id == info.id
    listed = "; ".join(f"{t.id} \\({t.title}\\)" for t in sorted(threads, key=lambda t: t.id))
    with pytest.raises(NotFound, match=rf"several thread ids start with 't-': {listed}; give more of the id"):
        repository.get_thread(engine, "t-")


def test_repository_a_name_no_thread_has_is_told_the_threads_that_hold_it(engine: Engine) -> None:
    """A word from the middle of a title, or a key without its format ("fo7p5b" of "reddit:fo7p5b"), was "no
    thread 'fo7p5b'; list the threads with: argmap threads", naming none."""
    repository.save_thread(engine, Thread(key="reddit:fo7p5b", format="reddit", source="polls.json",
                                          title="Introducing Reddit Polls, An All-New Post Type",
                                          posts=[Post("1", None, "ann", "A post.")]))
    [info] = repository.list_threads(engine)
    for name in ("reddit polls", "fo7p5b"):
        with pytest.raises(NotFound, match=rf"no thread '{name}'; these hold it in their title or key: {info.id} "
                                           r"\(Introducing Reddit Polls, An All-New Post Type\); give one"):
            repository.get_thread(engine, name)
    with pytest.raises(NotFound, match=r"no thread 'zebra'; list the threads with: argmap threads"):
        repository.get_thread(engine, "zebra")


def _fts_ok(path: Path) -> dict[str, int]:
    """Run FTS5's own integrity check on every full-text index, against its content table; the rows of each."""
    con = sqlite3.connect(path)
    try:
        for table in ("unit", "post", "topic"):
            # rank 1: compare the index with the content table (a row indexed twice or not at all raises)
            con.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")
        return {t: con.execute(f"SELECT count(*) FROM {t}_fts").fetchone()[0] for t in ("unit", "post", "topic")}
    finally:
        con.close()


def test_full_text_index_follows_writes_and_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "fts.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    repository.save_thread(engine, _thread(), _extraction())
    assert _fts_ok(path) == {"unit": 2, "post": 2, "topic": 2}
    # Re-ingesting with other words replaces the indexed rows instead of adding to them.
    changed = Extraction([Unit("1", "claim", 0, 25, "Parrots talk more than dogs.", 0.9, "test", "r", ["parrot"]),
                          Unit("2", "claim", 0, 19, "No, dogs are loyal.", 0.8, "test", "r", ["dog"])], [])
    repository.save_thread(engine, _thread(extra=1, text="Parrots talk more than dogs."), changed)
    assert _fts_ok(path) == {"unit": 2, "post": 3, "topic": 2}  # the topic no unit is about any more is gone
    with engine.connect() as conn:
        hits = conn.execute(text("SELECT u.text FROM unit_fts JOIN unit u ON u.rowid = unit_fts.rowid "
                                 "WHERE unit_fts MATCH 'parrots'")).scalars().all()
        stale = conn.execute(text("SELECT count(*) FROM unit_fts WHERE unit_fts MATCH 'cats'")).scalar_one()
    assert hits == ["Parrots talk more than dogs."] and stale == 0
    engine.dispose()


def test_full_text_index_merges_early_and_stays_whole(tmp_path: Path) -> None:
    # Index segments merge once two share a level: a thread stored twelve times over (each time deleting and
    # adding rows) leaves an index that still holds every current row exactly once.
    path = tmp_path / "merged.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    for n in range(12):
        repository.save_thread(engine, _thread(extra=n, text=f"Cats number {n} are better than dogs."), _extraction())
    engine.dispose()
    con = sqlite3.connect(path)
    try:
        settings = {t: con.execute(f"SELECT v FROM {t}_fts_config WHERE k = 'automerge'").fetchone()
                    for t in ("unit", "post", "topic")}
    finally:
        con.close()
    assert settings == {"unit": (2,), "post": (2,), "topic": (2,)}
    assert _fts_ok(path) == {"unit": 2, "post": 13, "topic": 2}


def test_a_database_indexed_by_the_old_insert_trigger_is_not_indexed_twice(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    with engine.begin() as conn:  # what databases written by argmap before this release carry
        conn.execute(text("CREATE TRIGGER unit_fts_ai AFTER INSERT ON unit BEGIN "
                          "INSERT INTO unit_fts(rowid, text) VALUES (new.rowid, new.text); END"))
    engine.dispose()
    engine = make_engine(str(path))
    repository.init_db(engine)  # opening it again drops the trigger
    repository.save_thread(engine, _thread(), _extraction())
    assert _fts_ok(path)["unit"] == 2
    engine.dispose()


def _version(key: str, first: str, source: str = "pets.txt", others: tuple[str, ...] = ("No, dogs are loyal.",
                                                                                      "Cats sleep all day.")) -> Thread:
    posts = [Post("1", None, "ann", first)] + [Post(str(i + 2), "1", "bob", t) for i, t in enumerate(others)]
    return Thread(key=key, format="text", source=source, title="pets", posts=posts)


def test_repository_an_edited_file_replaces_its_earlier_version(engine: Engine, tmp_path: Path) -> None:
    source = str(tmp_path / "pets.txt")
    old = _version("text:old", "Cats are better than dogs.", source)
    repository.save_thread(engine, old, Extraction([Unit("1", "claim", 0, 26, "Cats are better than dogs.", 0.9,
                                                         "test", "r", ["cat"])], []))
    edited = _version("text:new", "Cats are far better than dogs.", source)
    # the same file by another spelling of its path still counts; the thread's own key does not
    assert [t.key for t in repository.earlier_versions(engine, edited)] == ["text:old"]
    same = _version("text:new", "x", str(tmp_path / "." / "pets.txt"))
    assert [t.key for t in repository.earlier_versions(engine, same)] == ["text:old"]
    # another thread saved under that file name (most posts differ), another file, stdin: no earlier version
    assert repository.earlier_versions(engine, _version("text:other", "Bikes.", source, ("Trains.", "Buses."))) == []
    assert repository.earlier_versions(engine, _version("text:new", "x", str(tmp_path / "b.txt"))) == []
    assert repository.earlier_versions(engine, _version("text:new", "x", "<stdin>")) == []
    repository.save_thread(engine, edited, replaces=[t.id for t in repository.earlier_versions(engine, edited)])
    assert [t.key for t in repository.list_threads(engine)] == ["text:new"]
    assert _rows(engine, "post") == 3 and _rows(engine, "unit") == 0
    assert _rows(engine, "topic") == 0  # "cat" was only the old version's


def test_repository_delete_threads_leaves_the_others_whole(engine: Engine) -> None:
    repository.save_thread(engine, _thread(extra=1), _extraction())  # "cy" writes only in this thread
    other = _version("text:pets", "Cats are better than dogs.", "pets.txt", ("Birds sing.",))
    repository.save_thread(engine, other, Extraction([Unit("2", "claim", 0, 11, "Birds sing.", 0.9, "test", "r",
                                                           ["bird", "dog"])], []))
    repository.delete_threads(engine, [repository.get_thread(engine, "test:1").id])
    assert [t.key for t in repository.list_threads(engine)] == ["text:pets"]
    assert (_rows(engine, "post"), _rows(engine, "unit"), _rows(engine, "relation"), _rows(engine, "quote")) == (
        2, 1, 0, 0)
    with engine.connect() as conn:
        assert sorted(k for (k,) in conn.execute(text("SELECT key FROM topic"))) == ["bird", "dog"]
        assert sorted(n for (n,) in conn.execute(text("SELECT name FROM author"))) == ["ann", "bob"]  # not cy


@pytest.mark.parametrize(("message", "hint"), [
    ("database or disk is full", "free some disk space"),
    ("attempt to write a readonly database", "its folder can be written"),
    ("unable to open database file", "-wal and -shm files"),
    ("no such table: thread", "check the --db path"),
    ("database disk image is malformed", "the file is damaged; restore it from a backup, or copy out what"),
])
def test_repository_sqlite_errors_give_a_fix_for_sqlite(tmp_path: Path, message: str, hint: str) -> None:
    from argmap.store.sql import store_error

    engine = make_engine(str(tmp_path / "e.db"))
    error = store_error(engine, OperationalError("SELECT", {}, sqlite3.OperationalError(message)), "read")
    assert message in str(error) and hint in str(error)
    assert "server" not in str(error)  # there is no server to check for a SQLite file
    engine.dispose()


def test_repository_postgresql_errors_name_their_own_fix(pg: object) -> None:
    """Each said "check the --db URL and that the server is running", though the server was running."""
    import psycopg

    url = str(pg.new_database())  # type: ignore[attr-defined]
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS reader")
        conn.execute("CREATE ROLE reader LOGIN")  # may connect, may not create tables in public (PostgreSQL 15+)
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    base, name = url.rsplit("/", 1)
    cases = {base.replace("postgres@", "nobody_here@") + "/" + name: "check the user name and the password",
             base + "/no_such_db": "create the database first (createdb NAME)",
             base.replace("postgres@", "reader@") + "/" + name: "GRANT CREATE ON SCHEMA public"}
    for bad, fix in cases.items():
        engine = make_engine(bad)
        with pytest.raises(StoreError, match=re.escape(fix)) as info:
            repository.init_db(engine)
        engine.dispose()
        assert "server is running" not in str(info.value)


def test_repository_postgresql_password_left_out_names_where_to_give_it(
        pg: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that asks for a password, given a URL without one ("fe_sendauth: no password supplied"), was told
    to "check the --db URL and that the server is running"; the fix now says where a password goes."""
    import psycopg

    url = str(pg.new_database())  # type: ignore[attr-defined]
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS keyholder")
        conn.execute("CREATE ROLE keyholder LOGIN PASSWORD 'open sesame'")
        conn.execute("GRANT CREATE ON SCHEMA public TO keyholder")
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
        rules = hba.read_text(encoding="utf-8")
        if "keyholder" not in rules:  # this role alone must give a password; the session's others stay trusted
            hba.write_text("host all keyholder 127.0.0.1/32 scram-sha-256\n" + rules, encoding="utf-8")
        conn.execute("SELECT pg_reload_conf()")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    engine = make_engine(url.replace("postgres@", "keyholder@"))
    with pytest.raises(StoreError) as info:
        repository.init_db(engine)
    engine.dispose()
    assert "no password supplied" in str(info.value)
    assert "give it in the --db URL after the user name" in str(info.value) and "PGPASSWORD" in str(info.value)
    assert "server is running" not in str(info.value)
    engine = make_engine(url.replace("postgres@", "keyholder:open%20sesame@"))
    repository.init_db(engine)  # the password in the URL opens it
    engine.dispose()


def test_repository_postgresql_data_error_is_not_blamed_on_the_connection() -> None:
    """A value the server refused ("string is too long for tsvector", SQLSTATE 54000) was told to check the --db URL
    and that the server is running."""
    from argmap.store.sql import store_error

    class Refused(Exception):
        sqlstate = "54000"

    class Wrapped(Exception):
        orig = Refused("string is too long for tsvector (1193724 bytes, max 1048575 bytes)")

    engine = make_engine("postgresql+psycopg://argmap@127.0.0.1:1/none")
    message = str(store_error(engine, Wrapped(), "write to"))
    engine.dispose()
    assert "string is too long for tsvector" in message and "the server refused the data itself" in message
    assert "server is running" not in message


def test_repository_postgresql_searches_a_stored_vector_column(pg: object) -> None:
    from argmap.store.fulltext import ensure_text_index

    engine = make_engine(str(pg.new_database()))  # type: ignore[attr-defined]
    repository.init_db(engine)

    with engine.begin() as conn:  # a database made before the column: its expression index goes, the column comes
        conn.execute(text("DROP INDEX ix_unit_search_vector"))
        conn.execute(text("ALTER TABLE unit DROP COLUMN search_vector"))
        conn.execute(text("CREATE INDEX ix_unit_search ON unit USING GIN (to_tsvector('english', text))"))
        ensure_text_index(conn)
        ensure_text_index(conn)  # and again changes nothing
    repository.save_thread(engine, _thread(), _extraction())
    with engine.connect() as conn:
        indexes = {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'unit'"))}
        found = conn.execute(text("SELECT text FROM unit WHERE search_vector @@ to_tsquery('english', 'loyal')"))
        assert [r[0] for r in found] == ["No, dogs are loyal."]
    assert "ix_unit_search_vector" in indexes and "ix_unit_search" not in indexes
    engine.dispose()


def test_repository_postgresql_vector_columns_made_before_accent_folding_are_made_again(pg: object) -> None:
    """PostgreSQL's columns indexed the text with its accents, so "zurich" did not find "Zürich" as SQLite finds
    it. A database made then gets the new columns (and their indexes) when opened, and its rows are found."""
    from argmap.store.search import match_topics, search_text

    engine = make_engine(str(pg.new_database()))  # type: ignore[attr-defined]
    repository.init_db(engine)
    old = {"unit": "to_tsvector('english', text)",
           "post": "to_tsvector('english', coalesce(title, '') || ' ' || text)",
           "topic": "to_tsvector('simple', key)"}
    with engine.begin() as conn:  # the columns as the last release made them
        for table, expression in old.items():
            conn.execute(text(f"ALTER TABLE {table} DROP COLUMN search_vector"))
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                              f"({expression}) STORED"))
            conn.execute(text(f"CREATE INDEX ix_{table}_search_vector ON {table} USING GIN (search_vector) "
                              "WITH (fastupdate = off)"))
    said = "Dogs are loyal, as in Zürich."
    thread = Thread(key="test:z", format="jsonl", source="z.jsonl", title="Pets", posts=[Post("1", None, "ann", said)])
    repository.save_thread(engine, thread, Extraction([Unit("1", "claim", 0, len(said), said, 0.9, "test", "r",
                                                            ["zürich"])]))
    with engine.connect() as conn:
        assert not text_index_whole(conn)
        assert conn.execute(text("SELECT count(*) FROM unit WHERE search_vector @@ to_tsquery('english', 'zurich')")
                            ).scalar_one() == 0
    repository.init_db(engine)  # opened again: each column is made again from the stored rows, with its index
    with engine.connect() as conn:
        assert text_index_whole(conn)
        indexes = {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE "
                                                   "'ix_%_search_vector'"))}
    assert indexes == {"ix_unit_search_vector", "ix_post_search_vector", "ix_topic_search_vector"}
    assert [h.text for h in search_text(engine, "zurich", posts=False)] == ["Dogs are loyal, as in Zürich."]
    assert [h.kind for h in search_text(engine, "Zürich", units=False)] == ["post"]
    assert [m.key for m in match_topics(engine, "zurich")] == ["zürich"]
    engine.dispose()


def test_repository_postgresql_database_in_latin1_searches_its_words_as_they_are(pg: object) -> None:
    """``normalize()``, which takes accents off the indexed text, needs a UTF-8 database: one in LATIN1 indexes
    the text as it is, and a word is found as typed."""
    import psycopg

    from argmap.store.search import search_text

    port = pg.port  # type: ignore[attr-defined]
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "latin"')
        conn.execute("CREATE DATABASE \"latin\" ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    engine = make_engine(pg.url("latin"))  # type: ignore[attr-defined]
    repository.init_db(engine)
    said = "The café in Zürich opens late."
    thread = Thread(key="test:l", format="jsonl", source="l.jsonl", title="Cafés", posts=[Post("1", None, "ann", said)])
    repository.save_thread(engine, thread, Extraction([Unit("1", "claim", 0, len(said), said, 0.9, "test", "r",
                                                            ["café"])]))
    with engine.connect() as conn:
        assert text_index_whole(conn)
    assert [h.text for h in search_text(engine, "Zürich café", posts=False)] == [said]
    assert search_text(engine, "zurich", posts=False) == []  # accents are kept there
    engine.dispose()


def test_repository_postgresql_database_not_in_utf8_stores_what_it_can_hold_and_refuses_the_rest(pg: object) -> None:
    """A LATIN1 database's "İ" failed in Python as "a bug in argmap" (psycopg encoded in the database's encoding),
    and every command on a SQL_ASCII one, whose text came back as bytes."""
    import psycopg

    port = pg.port  # type: ignore[attr-defined]
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as conn:
        for name, encoding in (("latin_i", "LATIN1"), ("ascii_db", "SQL_ASCII")):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C' "
                         "TEMPLATE template0")
    said = "İstanbul's cafés open late."
    thread = Thread(key="test:i", format="jsonl", source="i.jsonl", title="Cafés", posts=[Post("1", None, "ann", said)])
    extraction = Extraction([Unit("1", "claim", 0, len(said), said, 0.9, "test", "r", ["café"])])
    latin = make_engine(pg.url("latin_i"))  # type: ignore[attr-defined]
    repository.init_db(latin)
    with pytest.raises(StoreError, match=r"has no equivalent in encoding \"LATIN1\".*createdb -E UTF8"):
        repository.save_thread(latin, thread, extraction)
    assert repository.list_threads(latin) == []
    latin.dispose()
    ascii_db = make_engine(pg.url("ascii_db"))  # type: ignore[attr-defined]
    repository.init_db(ascii_db)
    repository.save_thread(ascii_db, thread, extraction)
    [stored] = repository.list_threads(ascii_db)
    assert stored.title == "Cafés" and repository.load_graph(ascii_db).units[0].text == said
    ascii_db.dispose()


def test_repository_postgresql_plans_each_full_text_match_for_its_words(pg: object) -> None:
    engine = make_engine(str(pg.new_database()))  # type: ignore[attr-defined]
    with engine.connect() as first, engine.connect() as second:
        modes = [conn.execute(text("SHOW plan_cache_mode")).scalar_one() for conn in (first, second)]
    # psycopg prepares a statement from its sixth run, and PostgreSQL then plans it once for any words; a plan that
    # cannot tell a rare word from a common one scanned every unit and made claim tracking four times slower.
    assert modes == ["force_custom_plan", "force_custom_plan"]
    engine.dispose()


def test_repository_postgresql_full_text_index_takes_new_rows_in_at_once(pg: object) -> None:
    engine = make_engine(str(pg.new_database()))  # type: ignore[attr-defined]
    repository.init_db(engine)
    with engine.begin() as conn:  # as an earlier argmap made it: new rows wait in the index's pending list
        conn.execute(text("ALTER INDEX ix_unit_search_vector SET (fastupdate = on)"))
    repository.save_thread(engine, _thread(), _extraction())
    pending = "SELECT pending_tuples FROM pgstatginindex('ix_unit_search_vector')"
    with engine.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pgstattuple"))
        assert conn.execute(text(pending)).scalar_one() == 2
    repository.init_db(engine)  # opened again: the index is switched over and its pending rows go in
    repository.save_thread(engine, _thread(extra=3), _extraction())
    with engine.connect() as conn:
        options = conn.execute(text("SELECT reloptions FROM pg_class WHERE relname LIKE 'ix_%_search_vector'")).all()
        # A pending list is read whole by every search: claim tracking's searches scanned every unit stored.
        assert conn.execute(text(pending)).scalar_one() == 0
    assert options == [(["fastupdate=off"],)] * 3
    engine.dispose()


def test_repository_a_thread_id_prefix_needs_four_characters(engine: Engine) -> None:
    """``argmap delete t-`` deleted a database's only thread: "t-" was the prefix only its id had. A prefix names a
    thread from four characters after "t-" on; a shorter one is refused, naming the thread and how much to give."""
    repository.save_thread(engine, Thread(key="k:1", format="aif", source="k.json", title="Map one",
                                          posts=[Post("1", None, "ann", "A post.")]))
    [info] = repository.list_threads(engine)
    for short in ("t-", info.id[:5]):
        with pytest.raises(NotFound, match=rf"'{short}' is too short to name a thread: give at least 4 characters "
                                           rf"after 't-', e.g. {info.id[:6]} \(Map one\)"):
            repository.get_thread(engine, short)
    assert repository.get_thread(engine, info.id[:6]).id == info.id
