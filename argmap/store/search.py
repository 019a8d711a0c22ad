"""Full-text search and topic matching on the database's own indexes.

SQLite: the FTS5 tables ``unit_fts``, ``post_fts`` and ``topic_fts`` (see
:func:`argmap.store.fulltext.ensure_text_index`). PostgreSQL: the GIN-indexed ``search_vector`` column of each
table. Nothing scans a table, except that PostgreSQL checks the words its configuration leaves out of the index
("not") in the rows the indexed words found (or in every row, when a query holds no other word).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from argmap.store.fulltext import PG_INDEXED_CHARS, SEARCH_VECTOR, TEXT_SEARCH_CONFIG, pg_unaccented, utf8
from argmap.store.models import SearchHit
from argmap.store.sql import store_error, table_of
from argmap.store.tables import PostRow, TopicRow
from argmap.store.terms import (
    DECIMAL,
    MARKS,
    STOP_WORDS,
    folded,
    fts_words,
    marked_words,
    normalise_phrase,
    quoted_phrases,
    singular,
    unaccented,
    words,
)
from argmap.words import IRREGULAR_PLURALS, MASS_PLURALS

__all__ = [
    "MAX_CANDIDATE_TOPICS",
    "MAX_MATCHED_TOPICS",
    "MIN_TOPIC_SCORE",
    "TopicMatch",
    "as_utc",
    "fts_query",
    "match_topics",
    "score_topic",
    "search_text",
    "topic_matcher",
]

MIN_TOPIC_SCORE = 0.6
"""Least score of a topic key against a query for the key to count as a match."""
MAX_CANDIDATE_TOPICS = 5000
"""Topic keys read from the key index per query before scoring."""
MAX_MATCHED_TOPICS = 50
"""At most this many topic keys (the best) feed a claims query."""
_FUZZY_WORD = 0.85

@dataclass(frozen=True)
class TopicMatch:
    """A stored topic key matching a query.

    Attributes:
        id (str): the topic id.
        key (str): the normalised key phrase.
        score (float): 0..1, 1 for the exact key.
    """

    id: str
    key: str
    score: float

def _read(engine: Engine) -> Connection:
    return engine.connect()


def _dialect(conn: Connection) -> str:
    return conn.dialect.name


# --- full-text query strings -------------------------------------------------------------------------------


def fts_query(conn: Connection, terms: Sequence[str], *, any_of: bool = False, prefix: bool = False,
              forms: bool = False) -> str:
    """A full-text query over ``terms`` in the dialect's syntax (terms are letters and digits only).

    ``forms`` lets each term match its singular and plural too (:func:`word_forms`): the stemmers do not always
    bring them together (Porter makes "bus" "bu" and "buses" "buse"). A marked word ("c++",
    :func:`~argmap.store.terms.marked_words`) is looked for as its letters, whole even with ``prefix``: the
    indexes hold "c" for it, and "c" as a prefix would find every word in c.
    """
    safe = []
    for term in terms:
        letters = term.rstrip("+#")
        if letters.isalnum():
            safe.append((letters, letters != term))
    postgres = _dialect(conn) == "postgresql"
    parts = []
    for term, whole in safe:
        variants = word_forms(term) if forms and not whole else [term]
        stem = prefix and not whole
        if postgres:  # its index holds the text without accents (fulltext.pg_vector), as SQLite's drops them; a
            # database in another encoding than UTF-8 holds it as it is
            variants = list(dict.fromkeys(f for v in variants for f in (unaccented(v), v)))
            quoted = [f"{v}:*" if stem else v for v in variants]
            parts.append(quoted[0] if len(quoted) == 1 else f"({' | '.join(quoted)})")
        else:
            quoted = [f'"{v}"*' if stem else f'"{v}"' for v in variants]
            parts.append(quoted[0] if len(quoted) == 1 else f"({' OR '.join(quoted)})")
    if postgres:
        return (" | " if any_of else " & ").join(parts)
    return (" OR " if any_of else " AND ").join(parts)  # FTS5 reads no implicit AND before a bracket


def word_forms(word: str) -> list[str]:
    """``word``, then its singular and its plural where they differ, as a search should match them.

    Example:
        >>> word_forms("bus"), word_forms("buses"), word_forms("city"), word_forms("news")
        (['bus', 'buses'], ['buses', 'bus', 'buse'], ['city', 'cities'], ['news'])
    """
    if not word.isalpha() or len(word) < 3 or word in MASS_PLURALS:
        return [word]
    ones = [singular(word)]
    if word.endswith("ses") and not word.endswith("sses") and len(word) > 4:
        ones.insert(0, word[:-2])  # "buses": singular() keeps the e that "houses" needs ("boxes" it gets right)
    forms = [word]
    for one in ones:
        if one.endswith("is") and len(one) > 3:  # analysis, analyses
            many = one[:-2] + "es"
        elif one.endswith(("s", "x", "z", "ch", "sh")):
            many = one + "es"
        elif one.endswith("y") and one[-2] not in "aeiou":
            many = one[:-1] + "ies"
        else:
            many = one + "s"
        forms += [one, many]
    return list(dict.fromkeys(forms))


def _prefix(word: str) -> str:
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]

# --- topic keys -------------------------------------------------------------------------------------------------


def _topic_candidates(conn: Connection, terms: Sequence[str], *, any_of: bool, exact: bool = False) -> dict[str, str]:
    query = fts_query(conn, terms, any_of=any_of, prefix=not exact)
    if not query:
        return {}
    if _dialect(conn) == "postgresql":
        sql = text(f"SELECT id, key FROM topic WHERE topic.{SEARCH_VECTOR} @@ "
                   f"to_tsquery('{TEXT_SEARCH_CONFIG['topic']}', :q) LIMIT :n")
    else:
        sql = text("SELECT topic.id, topic.key FROM topic_fts JOIN topic ON topic.rowid = topic_fts.rowid "
                   "WHERE topic_fts MATCH :q LIMIT :n")
    return {str(i): str(k) for i, k in conn.execute(sql, {"q": query, "n": MAX_CANDIDATE_TOPICS}).all()}


def _word_score(word: str, key_words: Sequence[str]) -> tuple[float, int]:
    best, where = 0.0, -1
    for i, other in enumerate(key_words):
        if word == other:
            return 1.0, i
        if len(word) >= 5 and len(other) >= 5:
            ratio = _near(word, other, _FUZZY_WORD)
            if ratio > best:
                best, where = ratio, i
    return best, where


@lru_cache(maxsize=65_536)
def _near(a: str, b: str, least: float) -> float:
    """SequenceMatcher's ratio of ``a`` and ``b`` when it is at least ``least``, else 0 (its cheap upper bounds
    first: most pairs of a query word and a stored key differ in length or letters too much to be near)."""
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < least * total:
        return 0.0
    letters = set(b)
    if 2 * sum(c in letters for c in a) < least * total:  # no more of a's letters can match than occur in b
        return 0.0
    matcher = SequenceMatcher(None, a, b)
    if matcher.quick_ratio() < least:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= least else 0.0


_LEAST_JOINED = 5
"""Fewest letters of a compound that two words written apart are read as (no "us a" for "usa")."""


def _joined(words: list[str], others: Sequence[str]) -> list[str]:
    """``words`` with two neighbours made one word where ``others`` writes them as one and neither alone
    ("health care" against "healthcare" is "healthcare"; against "health care cost" it stays two words).

    Example:
        >>> _joined(["health", "care", "cost"], ["healthcare"]), _joined(["open", "ai"], ["open", "ai"])
        (['healthcare', 'cost'], ['open', 'ai'])
    """
    if len(words) < 2:
        return words
    wanted = set(others)
    out: list[str] = []
    at = 0
    while at < len(words):
        pair = words[at] + words[at + 1] if at + 1 < len(words) else ""
        if (len(pair) >= _LEAST_JOINED and pair in wanted and words[at] not in wanted
                and words[at + 1] not in wanted):
            out.append(pair)
            at += 2
        else:
            out.append(words[at])
            at += 1
    return out


def _compounded(phrase: str, key: str) -> bool:
    """Whether ``key`` writes a compound of the query ``phrase`` apart or together (:func:`_joined`)."""
    query_words = [folded(w) for w in phrase.split()]
    key_words = [folded(singular(w)) for w in key.split()]
    return _joined(key_words, query_words) != key_words or _joined(query_words, key_words) != query_words


def _split_terms(phrase: str) -> list[str]:
    """Full-text terms for the keys that write a compound of the query apart or together: each first part a word
    of it could be cut into ("health" of "healthcare"; exact words, the score checks the rest), and each two
    neighbouring words joined, as a prefix ("openai" of "open ai"). Only for a short query: a pasted paragraph
    would ask for hundreds of terms."""
    query_words = phrase.split()
    if len(query_words) > 4:
        return []
    terms = [word[:cut] for word in query_words if len(word) >= _LEAST_JOINED and word.isalnum()
             for cut in range(1, len(word))]
    return terms


def score_topic(phrase: str, key: str) -> float:
    """How well a stored key phrase answers a normalised query phrase.

    Every query word must be found in the key (exactly, accents and case aside: "cafe" is "café", or as a near
    spelling of five letters or more), or the whole phrase must be a near spelling of the key ("opensource" /
    "open source"). Keys that add words score a little lower than the exact key.

    Args:
        phrase (str): the query, normalised by :func:`argmap.store.terms.normalise_phrase`.
        key (str): a stored topic key.

    Returns:
        float: 0..1.
    """
    # Accents and case folded away on both sides, as the key index folds them (``remove_diacritics``) and as search
    # does: "cafe" found the key "café" in the index, and the scores here threw it away.
    query_words = [folded(w) for w in phrase.split()]
    key_words = [folded(singular(w)) for w in key.split()]
    # A compound written as one word on one side and as two on the other ("healthcare" / "health care", "open ai" /
    # "openai", "web site" / "website") is one word on both: neither side found the other, though each is common.
    key_words = _joined(key_words, query_words)
    query_words = _joined(query_words, key_words)
    phrase = " ".join(query_words)
    if not query_words or not key_words:
        return 0.0
    # The first query word the key lacks decides: only the whole phrase as a near spelling can match then. Words
    # are scored once each, and no further: a pasted paragraph (400 words) took 20 s against the keys a short
    # prefix of its words found, each word compared with each key word.
    scored: dict[str, tuple[float, int]] = {}
    found: list[tuple[float, int]] = []
    for word in query_words:
        if word not in scored:
            scored[word] = _word_score(word, key_words)
        if scored[word][0] == 0.0:
            glued = _near(phrase.replace(" ", ""), "".join(key_words), 0.9)
            return round(glued, 4)
        found.append(scored[word])
    coverage = sum(score for score, _ in found) / len(query_words)
    precision = len({i for _, i in found if i >= 0}) / len(key_words)
    return round(coverage * (0.7 + 0.3 * precision), 4)


def topic_matcher(query: str) -> Callable[[Iterable[str], str], bool]:
    """A test of whether a unit is about ``query``, as a map or an export of a topic selects units in memory.

    A unit is about the query when one of its topic keys answers it as ``claims --topic`` matches keys
    (:func:`score_topic` of at least :data:`MIN_TOPIC_SCORE`: "open source models" finds the key "open source
    model"), or when its text holds every word of the query as a whole word, in any form the query normaliser
    brings together, accents aside ("AI" finds "AI", not "said"; "shops" finds "shop"; "cafe" finds "Café").

    Args:
        query (str): what a person typed, e.g. ``"open-source models"``.

    Returns:
        Callable[[Iterable[str], str], bool]: called with a unit's topic keys and its text.

    Example:
        >>> about = topic_matcher("Open-source models")
        >>> about(["open source model"], ""), about([], "Open source models win."), about(["model"], "")
        (True, True, False)
        >>> topic_matcher("AI")([], "He said so."), topic_matcher("AI")(["ai safety"], "")
        (False, True)
        >>> topic_matcher("C++")([], "Plan C."), topic_matcher("C++")([], "Rewrite it in C++.")
        (False, True)
    """
    phrase = normalise_phrase(query)
    wanted = [folded(word) for word in phrase.split()]
    # A function word kept as a name ("US", "U.S.", "WHO") is that name in a text only as it is written there, in
    # capitals or as initials: the pronoun "us" is no mention of the US.
    names = [re.compile(rf"(?<![\w.])(?:{re.escape(word.upper())}|{re.escape('.'.join(word.upper()))}\.?)(?!\w)")
             for word in wanted if word in STOP_WORDS]
    wanted = [word for word in wanted if word not in STOP_WORDS]
    stems = [_stem(word) for word in wanted]
    decimals = any(DECIMAL.fullmatch(word) for word in wanted)
    keys: dict[str, bool] = {}

    def about(topics: Iterable[str], text: str) -> bool:
        if not wanted and not names:
            return False
        for key in topics:
            hit = keys.get(key)
            if hit is None:
                hit = keys[key] = score_topic(phrase, key) >= MIN_TOPIC_SCORE
            if hit:
                return True
        if not all(name.search(text) for name in names):
            return False
        bare = (text.lower() if text.isascii() else folded.__wrapped__(text)).replace("'", "").replace("’", "")
        if not all(stem in bare for stem in stems):  # cheap: most units lack a word, and need no tokenising
            return False
        found = {folded(singular(word)) for word in words(text)} | set(marked_words(text))  # "c++" too
        if decimals:
            found.update(DECIMAL.findall(text))  # "5.6", which words() cuts in two
        return all(word in found for word in wanted)

    return about


def _stem(word: str) -> str:
    """What every form of a singular ``word`` begins with: "polic" of "policy" and "policies", "wom" of "woman" and
    "women" (an irregular plural: :data:`argmap.words.IRREGULAR_PLURALS`)."""
    for plural, one in IRREGULAR_PLURALS.items():
        if word.endswith(one):
            other = word[:-len(one)] + plural
            return word[:next((i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b), len(word))]
    return word[:-1] if len(word) > 3 else word


def match_topics(engine: Engine, query: str, *, limit: int = MAX_MATCHED_TOPICS) -> list[TopicMatch]:
    """Stored topic keys matching a query, best first (lemma-like and fuzzy matching on the key index).

    Args:
        engine (Engine): the database.
        query (str): what a person typed, e.g. ``"open source"``.
        limit (int): at most this many keys.

    Returns:
        list[TopicMatch]: keys scoring at least :data:`MIN_TOPIC_SCORE`.

    Raises:
        StoreError: the database cannot be read.
    """
    phrase = normalise_phrase(query)
    terms = [w if w.endswith(("+", "#")) else _prefix(w) for w in phrase.split()]
    if not terms:
        return []
    # A key typed as `argmap topics` prints it ("u.s.", "human being") is that key, whatever the query normaliser
    # makes of it: it cut "u.s." into letters and dropped "being" as a stop word, so neither key was found whole.
    typed = " ".join(query.lower().split())
    try:
        with _read(engine) as conn:
            candidates = _topic_candidates(conn, terms, any_of=False)
            if not candidates:  # a typo or a glued compound: widen to keys sharing a short prefix
                candidates = _topic_candidates(conn, [w[:3] for w in phrase.split() if len(w) >= 3] or terms,
                                               any_of=True)
            # The keys that write a compound of the query apart ("health care" for "healthcare") or together
            # ("openai" for "open ai"), kept only when they do: the short parts asked for find many other keys.
            split = _topic_candidates(conn, _split_terms(phrase), any_of=True, exact=True)
            glued = [a + b for a, b in pairwise(phrase.split()) if len(a + b) >= _LEAST_JOINED]
            if glued:
                split.update(_topic_candidates(conn, glued, any_of=True))
            candidates.update((i, k) for i, k in split.items() if _compounded(phrase, k))
            topic = table_of(TopicRow)
            exact = {str(i): str(k) for i, k in conn.execute(select(topic.c.id, topic.c.key)
                                                              .where(topic.c.key == typed)).all()}
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    candidates.update(exact)
    # The key typed is the one exact key: "human being" typed is not the key "human", which the normaliser's
    # "human" (the stop word "being" dropped) would score 1 too.
    scored = [TopicMatch(tid, key, 1.0 if tid in exact else min(score_topic(phrase, key), 0.95 if exact else 1.0))
              for tid, key in candidates.items()]
    kept = [m for m in scored if m.score >= MIN_TOPIC_SCORE]
    kept.sort(key=lambda m: (-m.score, len(m.key), m.key))
    return kept[:limit]


# --- full-text search ------------------------------------------------------------------------------------


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC, as post times are compared (a time without a zone is taken to be UTC already)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def search_text(engine: Engine, query: str, *, limit: int = 20, units: bool = True, posts: bool = True,
                thread_ids: Sequence[str] | None = None, authors: Sequence[str] | None = None,
                since: datetime | None = None) -> list[SearchHit]:
    """Full-text search over units and posts with the database's own index (all words must occur).

    Args:
        engine (Engine): the database.
        query (str): words; punctuation and stop words are left out, stems match ("models" finds "model"). A word
            whose marks are part of its name ("C++", "C#": :func:`~argmap.store.terms.marked_words`) must occur
            as it is, in any case, not merely its letters. Words in double quotes must occur together and in that
            order (``"open source"``; stop words count inside a phrase: ``"don't think"``).
        limit (int): at most this many units and this many posts.
        units (bool): search unit texts.
        posts (bool): search post titles and texts.
        thread_ids (Sequence[str] | None): only these threads; every thread when ``None``.
        authors (Sequence[str] | None): only units and posts by these authors, named exactly as stored; none for
            an empty list.
        since (datetime | None): only units and posts of posts written at this time or later (UTC when naive);
            posts without a time are left out.

    Returns:
        list[SearchHit]: units first, then posts, each best first.

    Raises:
        StoreError: the database cannot be read.
    """
    phrases, rest = quoted_phrases(query)
    terms = fts_words(rest)
    if not terms and not phrases:
        return []
    marked = marked_words(rest)
    hits: list[SearchHit] = []
    kinds = [kind for kind, wanted in (("unit", units), ("post", posts)) if wanted]
    try:
        with _read(engine) as conn:
            # PostgreSQL: the words each configuration leaves out of its index, asked once per configuration.
            configs = {TEXT_SEARCH_CONFIG[kind] for kind in kinds} if _dialect(conn) == "postgresql" else set()
            asked = list(dict.fromkeys([*terms, *(w for phrase in phrases for w in phrase)]))
            dropped = {config: _pg_stop_words(conn, asked, config) for config in configs}
            for kind in kinds:
                hits.extend(_search(conn, kind, terms, limit, dropped.get(TEXT_SEARCH_CONFIG[kind], []), marked,
                                    phrases, thread_ids=thread_ids, authors=authors, since=since))
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None
    return hits


def _pg_stop_words(conn: Connection, terms: Sequence[str], config: str) -> list[str]:
    """Those of ``terms`` that PostgreSQL's text search configuration drops ("not", "no", "few" in English)."""
    rows = conn.execute(text(f"SELECT w FROM unnest(CAST(:ws AS text[])) AS w "
                             f"WHERE to_tsvector('{config}', w) = ''::tsvector"), {"ws": list(terms)}).all()
    return [str(w) for (w,) in rows]


HIT_START, HIT_END = "\x02", "\x03"
"""Control characters (start and end of text) the index puts around the matched words of a snippet: a post's
words hardly ever hold them, and every database encoding has them (a LATIN1 PostgreSQL database has no private-use
characters)."""


_FRAGMENT = "\x1f"
"""What PostgreSQL puts between the fragments of a snippet (the unit separator, as :data:`HIT_START`)."""


def _in_own_words(text: str, headline: str) -> str:
    """PostgreSQL's snippet of ``text``, cut from the text as its index holds it (without accents, and with each
    ``<`` a space: ``ts_headline`` drops what it reads as an HTML tag, ``List<String>``), given back in the text's
    own characters, its matched words marked as they were, its fragments joined and its cut ends shown with "…", as
    SQLite's snippets show them; as PostgreSQL gave it where a fragment is not found in the text.

    Example:
        >>> _in_own_words("The Café opens late.", "The \\x02Cafe\\x03 opens late")
        'The \\x02Café\\x03 opens late'
    """
    indexed = text[:PG_INDEXED_CHARS]
    at: list[int] | None = None  # for each character of the unaccented text, where it comes from in ``text``
    if indexed.isascii():
        flat = indexed.replace("<", " ")  # one character for one: the offsets are the text's own
    else:
        low, high = MARKS
        plain: list[str] = []
        at = []
        for i, char in enumerate(indexed):
            for part in char if char.isascii() else unicodedata.normalize("NFD", char):
                if not low <= part <= high:
                    plain.append(" " if part == "<" else part)
                    at.append(i)
        flat = "".join(plain)

    def place(k: int) -> int:  # the offset in ``text`` of the unaccented text's k-th character (its end: len)
        if at is None:
            return min(k, len(indexed))
        return at[k] if k < len(at) else len(indexed)

    pieces = []
    for fragment in headline.split(_FRAGMENT):
        bare = fragment.replace(HIT_START, "").replace(HIT_END, "")
        start = flat.find(bare) if bare else -1
        if start < 0:
            return headline.replace(_FRAGMENT, " … ")
        marks: list[tuple[int, str]] = []
        k = start
        for char in fragment:
            if char in (HIT_START, HIT_END):
                marks.append((place(k), char))
            else:
                k += 1
        first, end = place(start), place(start + len(bare))
        own = text[first:end]
        for where, mark in reversed(marks):
            own = own[:where - first] + mark + own[where - first:]
        cut_before, cut_after = (any(c.isalnum() for c in part) for part in (text[:first], text[end:]))
        pieces.append(("…" if cut_before else "") + own + ("…" if cut_after else ""))
    return " ".join(pieces)


def marked_snippet(raw: str) -> str:
    r"""A snippet as :class:`~argmap.store.models.SearchHit` gives it: the matched words, which the index marked with
    :data:`HIT_START` and :data:`HIT_END`, between ``[`` and ``]``, and the text's own brackets and backslashes
    written with a backslash, so that a footnote's ``[1]`` is not taken for a match.

    Example:
        >>> print(marked_snippet("Remember \x02WAP\x03[1]"))
        Remember [WAP]\[1\]
    """
    escaped = raw.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return escaped.replace(HIT_START, "[").replace(HIT_END, "]")


def _search(conn: Connection, kind: str, terms: Sequence[str], limit: int, dropped: Sequence[str],
            marked: Sequence[str] = (), phrases: Sequence[Sequence[str]] = (), *, thread_ids: Sequence[str] | None,
            authors: Sequence[str] | None, since: datetime | None) -> list[SearchHit]:
    post_of = "u.post_id" if kind == "unit" else "u.id"
    params: dict[str, object] = {"n": limit}
    # A marked word ("c++") is in the index as its letters ("c"): the text must hold the word itself. LIKE narrows
    # it down in the query, before the limit (case-insensitive for ASCII on both backends, which is all a marked
    # word holds); marked_words then drops the rare hit where it is part of a longer word ("abc++").
    said = "coalesce(u.title, '') || ' ' || u.text" if kind == "post" else "u.text"
    own_title = "u.title AS own_title" if kind == "post" else "NULL AS own_title"
    # Narrowing by thread or author inside the query, so that --limit counts hits in that thread (or by that
    # author), not the best hits of the whole database with the others dropped afterwards.
    narrow = ""
    if thread_ids is not None:
        names = [f"t{i}" for i in range(len(thread_ids))]
        params |= dict(zip(names, thread_ids, strict=True))
        narrow += f" AND u.thread_id IN ({', '.join(':' + n for n in names)})" if names else " AND 1 = 0"
    if authors is not None:
        names = [f"a{i}" for i in range(len(authors))]
        params |= dict(zip(names, authors, strict=True))
        narrow += f" AND a.name IN ({', '.join(':' + n for n in names)})" if names else " AND 1 = 0"
    if since is not None:
        params["since"] = as_utc(since)
        narrow += " AND p.created_at >= :since"
    for i, word in enumerate(marked):
        params[f"m{i}"] = f"%{word}%"  # letters, digits, "+" and "#": nothing LIKE reads as a wildcard
        narrow += f" AND lower({said}) LIKE :m{i}"
    if _dialect(conn) == "postgresql":
        vector = f"u.{SEARCH_VECTOR}"
        config = TEXT_SEARCH_CONFIG[kind]
        # Words the configuration drops are not in its index; each must still occur ("all words must occur",
        # as in SQLite, whose index keeps them), so they are matched as whole words in the text itself.
        # A phrase is its words in a row (<->, stemmed as the index is); where the configuration drops some of them
        # ("don't think" is only "think" to it), the text must also hold the phrase's very words in a row.
        together = [f"({' <-> '.join(unaccented(w) for w in phrase)})" for phrase in phrases
                    if any(w not in dropped for w in phrase)]
        params["q"] = " & ".join(filter(None, [fts_query(conn, [t for t in terms if t not in dropped], forms=True),
                                               *together]))
        where = [f"{vector} @@ to_tsquery('{config}', :q)"] if params["q"] else []
        for i, word in enumerate(w for w in dropped if w in terms):
            params[f"w{i}"] = word
            where.append(f"{said} ~* ('\\m' || :w{i} || '\\M')")
        for i, phrase in enumerate(p for p in phrases if any(w in dropped for w in p)):
            params[f"p{i}"] = "\\W+".join(phrase)  # letters and digits only: nothing else a pattern reads
            where.append(f"{said} ~* ('\\m' || :p{i} || '\\M')")
        # The snippet is cut from the text as its index holds it, without accents, so that the words matched are
        # marked ("cafe" in "Café" was not, nor any word of a snippet that then showed the text's first words), in
        # fragments around the words, however far apart; :func:`_in_own_words` gives it its accents back.
        folds = utf8(conn)
        shown = f"left(u.text, {PG_INDEXED_CHARS})"
        shown = f"translate({pg_unaccented(shown) if folds else shown}, '<', ' ')"
        sql = text(
            f"SELECT u.id, u.thread_id, t.title, {post_of} AS post, a.name, u.text, p.created_at, {own_title}, "
            f"ts_headline('{config}', {shown}, to_tsquery('{config}', :q), "
            f"'StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=18, MinWords=6, MaxFragments=2, "
            f"FragmentDelimiter={_FRAGMENT}') AS snippet, "
            f"ts_rank({vector}, to_tsquery('{config}', :q)) AS score "
            f"FROM {kind} u JOIN post p ON p.id = {post_of} LEFT JOIN author a ON a.id = p.author_id "
            f"JOIN thread t ON t.id = u.thread_id "
            f"WHERE {' AND '.join(where)}{narrow} ORDER BY score DESC, u.id LIMIT :n")
    else:
        # FTS5 reads a double-quoted string as a phrase: its tokens in a row (stemmed by porter, as the index is).
        params["q"] = " AND ".join(filter(None, [fts_query(conn, terms, forms=True),
                                                 *(f'"{" ".join(phrase)}"' for phrase in phrases)]))
        column = 0 if kind == "unit" else -1
        sql = text(
            f"SELECT u.id, u.thread_id, t.title, {post_of} AS post, a.name, u.text, p.created_at, {own_title}, "
            f"snippet({kind}_fts, {column}, '{HIT_START}', '{HIT_END}', '…', 18) AS snippet, -{kind}_fts.rank AS score "
            f"FROM {kind}_fts JOIN {kind} u ON u.rowid = {kind}_fts.rowid JOIN post p ON p.id = {post_of} "
            f"LEFT JOIN author a ON a.id = p.author_id JOIN thread t ON t.id = u.thread_id "
            f"WHERE {kind}_fts MATCH :q{narrow} ORDER BY {kind}_fts.rank, u.id LIMIT :n")
    if since is not None:  # written as the store writes post times, so that SQLite compares like with like
        sql = sql.bindparams(bindparam("since", type_=table_of(PostRow).c.created_at.type))
    # The post time read as the store's column type, so that it comes back in UTC as every other read gives it.
    typed = sql.columns(created_at=table_of(PostRow).c.created_at.type)
    pg = _dialect(conn) == "postgresql"
    return [SearchHit(kind=kind, id=r.id, thread=r.thread_id, thread_title=r.title, post=r.post, author=r.name,
                      text=r.text, snippet=marked_snippet(_in_own_words(r.text, r.snippet or "") if pg else
                                                          r.snippet or ""),
                      score=round(float(r.score), 4), created_at=r.created_at)
            for r in conn.execute(typed, params).all()
            if not marked or set(marked) <= set(marked_words(f"{r.own_title or ''} {r.text}"))]


