"""Full-text indexes over units, posts and topics, made when the database is opened.

SQLite: FTS5 tables over ``unit.text``, ``post.title``/``text`` and ``topic.key``. The rows a thread's write adds
are indexed by one statement per table in the same transaction (:func:`index_new_rows`); triggers take deleted
and updated rows out. PostgreSQL: a stored ``search_vector`` column generated from the text
(:data:`PG_VECTORS`) with a GIN index, which needs no syncing. The index takes new rows in as they are written
(``fastupdate = off``): by default GIN keeps them in a pending list that every search reads whole until a vacuum,
so claim tracking's searches while a thread is stored scanned every unit stored before it. The searches are in
:mod:`argmap.store.search`; on PostgreSQL they match that column (:data:`SEARCH_VECTOR`).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from argmap.errors import StoreError
from argmap.store.terms import MARKS

__all__ = ["FTS_TABLES", "PG_INDEXED_CHARS", "PG_VECTORS", "SEARCH_VECTOR", "TEXT_SEARCH_CONFIG", "ensure_text_index",
           "index_new_rows", "last_rowids", "pg_unaccented", "pg_vector", "text_index_whole", "utf8"]


TEXT_SEARCH_CONFIG = {"unit": "english", "post": "english", "topic": "simple"}
"""PostgreSQL text search configuration per table (topics are matched by prefix, not stemmed)."""

FTS_TABLES = {
    # table: (columns, tokenizer)
    "unit": (("text",), "porter unicode61 remove_diacritics 2"),
    "post": (("title", "text"), "porter unicode61 remove_diacritics 2"),
    "topic": (("key",), "unicode61 remove_diacritics 2"),
}
_TEXTS = {"unit": "text", "post": "coalesce(title, '') || ' ' || text", "topic": "key"}


PG_INDEXED_CHARS = 250_000
"""How much of a text PostgreSQL indexes: a tsvector holds at most 1 MB, which a post of 920 KB in 80,000 distinct
words passed (its thread could not be stored at all); SQLite's index has no such bound."""
_PUNCTUATION = "[[:punct:]]+"


def pg_vector(table: str, *, unaccented: bool = True) -> str:
    """The SQL that PostgreSQL's ``search_vector`` column of ``table`` is generated from.

    The text goes in without its accents, as :func:`argmap.store.terms.unaccented` takes them off a query:
    decomposed by ``normalize(..., NFD)`` and the combining marks removed (both immutable, as a generated column
    needs; the ``unaccent`` extension is neither, nor always installed). ``normalize`` needs a UTF-8 database: in
    any other the text goes in as it is (``unaccented=False``), and queries look for both forms of a word.
    """
    words = f"left({_TEXTS[table]}, {PG_INDEXED_CHARS})"
    if unaccented:
        words = pg_unaccented(words)
    # Punctuation parts words, as SQLite's tokenizer parts them: PostgreSQL's parser keeps a URL, a path, an e-mail
    # address or "2.5" whole, so "insights" was not found in "data/insights", nor "youdebate" in its URL.
    words = f"regexp_replace({words}, '{_PUNCTUATION}', ' ', 'g')"
    return f"to_tsvector('{TEXT_SEARCH_CONFIG[table]}', {words})"


def pg_unaccented(expression: str) -> str:
    """The SQL of ``expression`` decomposed and without its combining accents, as :func:`pg_vector` indexes a text
    in a UTF-8 database (and :func:`argmap.store.terms.unaccented` takes them off in Python)."""
    low, high = (f"\\u{ord(c):04x}" for c in MARKS)
    return f"regexp_replace(normalize({expression}, NFD), '[{low}-{high}]', '', 'g')"


PG_VECTORS = {table: pg_vector(table) for table in _TEXTS}
"""What PostgreSQL indexes of each table (:func:`pg_vector`): a stored, generated ``search_vector`` column with a
GIN index, so that a search reads each row's vector instead of computing it again (a query whose index pages are
lossy rechecks every row of them; claim tracking makes one such query per unit it stores)."""
SEARCH_VECTOR = "search_vector"
"""The column of each of those tables that the searches match on PostgreSQL (qualify it with the table's alias)."""


def ensure_text_index(conn: Connection) -> None:
    """Create the full-text indexes where missing (filled from existing rows when created late).

    SQLite FTS5 rows are keyed by the content table's rowid; ``VACUUM`` may renumber those, after which
    ``INSERT INTO unit_fts(unit_fts) VALUES('rebuild')`` (and the same for post_fts, topic_fts) restores them.

    Args:
        conn (Connection): inside init_db's transaction.

    Raises:
        StoreError: for a database other than SQLite or PostgreSQL.
    """
    if conn.dialect.name == "postgresql":
        folds = utf8(conn)
        for table in PG_VECTORS:
            # Databases made before the column indexed the expression itself: that index goes, the column comes.
            conn.execute(text(f"DROP INDEX IF EXISTS ix_{table}_search"))
            if _pg_vector_outdated(conn, table, folds):  # made before accents were folded: made again, with its index
                conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {SEARCH_VECTOR}"))
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {SEARCH_VECTOR} tsvector "
                              f"GENERATED ALWAYS AS ({pg_vector(table, unaccented=folds)}) STORED"))
            index = f"ix_{table}_{SEARCH_VECTOR}"
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN ({SEARCH_VECTOR}) "
                              "WITH (fastupdate = off)"))
            options = conn.execute(text("SELECT reloptions FROM pg_class WHERE relname = :i"), {"i": index}).scalar()
            if "fastupdate=off" not in (options or []):  # made by an earlier argmap: its pending rows go in now
                conn.execute(text(f"ALTER INDEX {index} SET (fastupdate = off)"))
                conn.execute(text("SELECT gin_clean_pending_list(CAST(:i AS regclass))"), {"i": index})
        return
    if conn.dialect.name != "sqlite":
        raise StoreError(f"argmap stores threads in SQLite or PostgreSQL, not {conn.dialect.name}")
    for table, (columns, tokenizer) in FTS_TABLES.items():
        fts = f"{table}_fts"
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
                              {"n": fts}).first()
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        conn.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
                          f"content_rowid='rowid', tokenize='{tokenizer}')"))
        # New rows are indexed by save_thread in one statement per table (see index_new_rows), many times
        # faster than a trigger per row; databases written before that lose their insert trigger here.
        conn.execute(text(f"DROP TRIGGER IF EXISTS {fts}_ai"))
        conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
                          f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"))
        conn.execute(text(f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN "
                          f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
                          f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new}); END"))
        if exists is None:
            conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
            # Merge index segments as soon as two share a level (FTS5's default waits for four): every thread
            # stored adds segments, and each lookup visits them all. Claim tracking's many small queries ran
            # about twice as fast on the benchmark threads' database, for little more work when writing.
            conn.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('automerge', 2)"))


def text_index_whole(conn: Connection) -> bool:
    """Whether :func:`ensure_text_index` would change nothing, found by reading the catalog only.

    Its statements take locks even when they change nothing (on PostgreSQL ``ALTER TABLE`` waits for every open
    transaction that read the table), so a database whose indexes are whole is only read.
    """
    if conn.dialect.name == "postgresql":
        folds = utf8(conn)
        for table in PG_VECTORS:
            column = conn.execute(text("SELECT 1 FROM information_schema.columns WHERE table_schema = "
                                       "current_schema() AND table_name = :t AND column_name = :c"),
                                  {"t": table, "c": SEARCH_VECTOR}).first()
            options = conn.execute(text("SELECT reloptions FROM pg_class WHERE relname = :i"),
                                   {"i": f"ix_{table}_{SEARCH_VECTOR}"}).first()
            old = conn.execute(text("SELECT 1 FROM pg_class WHERE relname = :i"), {"i": f"ix_{table}_search"}).first()
            if (column is None or options is None or "fastupdate=off" not in (options[0] or []) or old is not None
                    or _pg_vector_outdated(conn, table, folds)):
                return False
        return True
    listed = conn.execute(text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))
    names = {name for (name,) in listed}
    for table in FTS_TABLES:  # the index and its triggers, without the old insert trigger
        if f"{table}_fts_ai" in names or not {f"{table}_fts", f"{table}_fts_ad", f"{table}_fts_au"} <= names:
            return False
    return True


def utf8(conn: Connection) -> bool:
    """Whether the PostgreSQL database is in UTF-8, the one encoding in which its index takes accents off."""
    return conn.execute(text("SHOW server_encoding")).scalar() == "UTF8"


def _pg_vector_outdated(conn: Connection, table: str, folds: bool) -> bool:
    """Whether ``table``'s ``search_vector`` column exists and folds accents, parts words at punctuation or bounds
    the text other than :func:`pg_vector` says (made by an earlier argmap; a generated column's expression cannot
    be changed before PostgreSQL 17, so the column is made again)."""
    expression = conn.execute(text(
        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid "
        "AND a.attnum = d.adnum WHERE d.adrelid = CAST(:t AS regclass) AND a.attname = :c"),
        {"t": table, "c": SEARCH_VECTOR}).scalar()
    if expression is None:
        return False
    written = str(expression).lower()
    return ("normalize(" in written) != folds or "[:punct:]" not in written or f"{PG_INDEXED_CHARS}" not in written


def last_rowids(conn: Connection) -> dict[str, int]:
    """The highest rowid of each table with a full-text index (SQLite), before new rows go in."""
    if conn.dialect.name != "sqlite":
        return {}
    return {table: int(conn.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {table}")).scalar() or 0)
            for table in FTS_TABLES}


def index_new_rows(conn: Connection, before: dict[str, int]) -> None:
    """Add the rows written since :func:`last_rowids` to the full-text indexes, one statement per table.

    Inside the writing transaction, which holds SQLite's write lock, every new row has a higher rowid.
    """
    for table, last in before.items():
        cols = ", ".join(FTS_TABLES[table][0])
        conn.execute(text(f"INSERT INTO {table}_fts(rowid, {cols}) SELECT rowid, {cols} FROM {table} "
                          f"WHERE rowid > :last"), {"last": last})
