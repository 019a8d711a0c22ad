"""Claims by topic, topics, full-text search and a claim's tree, through the API on real databases."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from argmap import QueryError, analyze, claims, search, show, topics, track
from argmap.config import Settings
from argmap.domain import Extraction
from argmap.errors import NotFound
from argmap.store import queries, repository
from argmap.store import search as store_search
from argmap.store.db import make_engine
from argmap.store.search import match_topics, score_topic, search_text
from argmap.words import singular
from tests.query.conftest import OPEN, build, reply_chain, store, stored, stored_in


def test_query_topic_match_is_normalised_and_fuzzy(engine: Engine) -> None:
    store(engine, *OPEN)
    keys = [m.key for m in match_topics(engine, "Open-Source")]
    assert keys[0] == "open source"
    assert "open source model" in keys and "open source tooling" in keys
    assert "open letter" not in keys  # one word in common is not the topic
    assert match_topics(engine, "open source models")[0].key == "open source model"
    assert "open source" in [m.key for m in match_topics(engine, "opensource")]  # glued
    assert "compute" in [m.key for m in match_topics(engine, "computes")]
    assert match_topics(engine, "the of and") == []


def test_query_topic_us_finds_the_country_not_the_pronoun(engine: Engine) -> None:
    """`claims --topic US` was refused as stop words only; "U.S." typed found the key "u.s." alone."""
    store(engine, *build("us", "The US", [
        ("1", None, "ann", 1, [("claim", "The US spends twice as much on health care.", ["us", "health care"])]),
        ("2", "1", "bob", 2, [("claim", "Let us compare the U.S. government with others.", ["us government"])]),
        ("3", "1", "cy", 3, [("claim", "Nobody told us the price.", ["price"])]),
    ]))
    for typed in ("US", "U.S.", "the US"):
        assert [m.key for m in match_topics(engine, typed)][:2] == ["us", "us government"], typed
    about = store_search.topic_matcher("US")
    assert about([], "The US spends more.") and about([], "In the U.S. today")
    assert not about([], "Nobody told us the price.") and not about([], "Bonus round")


def test_query_topic_compound_meets_it_written_apart_or_together(engine: Engine) -> None:
    """A compound written as one word on one side and as two on the other was two topics a query never joined:
    "healthcare" found no key "health care", "open ai" no key "openai", "web site" no key "website"."""
    store(engine, *build("cmp", "Compounds", [
        ("1", None, "ann", 1, [("claim", "Health care costs too much here.", ["health care", "health care cost"])]),
        ("2", "1", "bob", 2, [("claim", "Healthcare is cheaper elsewhere.", ["healthcare"])]),
        ("3", "1", "cy", 3, [("claim", "The OpenAI site is down again.", ["openai", "website"])]),
        ("4", "3", "di", 4, [("claim", "Open AI runs a web site for it.", ["open ai", "web site"])]),
        ("5", "3", "ed", 5, [("claim", "A faction of them left.", ["faction of a", "second"])]),
    ]))
    for typed, keys in (("healthcare", {"healthcare", "health care", "health care cost"}),
                        ("health care", {"healthcare", "health care", "health care cost"}),
                        ("open ai", {"openai", "open ai"}), ("OpenAI", {"openai", "open ai"}),
                        ("web sites", {"website", "web site"}), ("website", {"website", "web site"})):
        assert {m.key for m in match_topics(engine, typed)} == keys, typed
    # the parts looked up to find a compound written apart find other keys, which stay out
    assert match_topics(engine, "action") == []
    assert score_topic("healthcare", "health care") >= 0.9 and score_topic("open ai", "openai") >= 0.9
    assert score_topic("health", "healthcare") == 0.0


def test_query_score_topic_prefers_the_exact_key() -> None:
    assert score_topic("open source", "open source") == 1.0
    assert 0.6 <= score_topic("open source", "open source model") < 1.0
    assert score_topic("open source", "open letter") == 0.0
    assert score_topic("opensource", "open source") >= 0.9


@pytest.mark.parametrize(("typed", "key"), [("cafe", "café"), ("zurich", "zürich"), ("naive view", "naïve view"),
                                            ("hauptstrasse", "hauptstraße"), ("café", "cafe")])
def test_query_score_topic_ignores_accents_as_the_key_index_does(typed: str, key: str) -> None:
    assert score_topic(typed, key) == 1.0


def test_query_claims_on_a_topic_typed_without_its_accents(engine: Engine) -> None:
    """``claims --topic cafe`` said "no claims on 'cafe'" beside a topic "café" that ``search cafe`` found: the key
    index ignores accents, and the scoring of what it found did not. PostgreSQL's key index kept them, so there
    "zurich" did not find "zürich": it now indexes and queries the keys without them."""
    store(engine, *build("cafe", "Cafés", [
        ("1", None, "ana", 1, [("claim", "The new café in Zürich serves the best coffee.", ["new café", "café",
                                                                                           "zürich"])]),
        ("2", "1", "li", 2, [("claim", "Coffee is cheaper at home.", ["coffee", "home"])])]))
    for typed in ("cafe", "Cafe", "café"):
        assert [m.key for m in match_topics(engine, typed)] == ["café", "new café"], typed
    assert [m.key for m in match_topics(engine, "zurich")] == ["zürich"]
    assert [m.key for m in match_topics(engine, "ZURICH cafe")] == []  # every word must be in one key
    assert [m.key for m in match_topics(engine, "zürich")] == ["zürich"]


def test_query_score_topic_of_a_pasted_paragraph_stops_at_the_first_missing_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``claims --topic`` given a pasted paragraph (400 words) took 20 s to say "no claims": each of its words was
    compared letter by letter with each word of every candidate key, though the first word a key lacks decides."""
    compared: list[str] = []

    class Counting(SequenceMatcher):
        def ratio(self) -> float:
            compared.append("ratio")
            return super().ratio()

    monkeypatch.setattr(store_search, "SequenceMatcher", Counting)
    paragraph = " ".join(["latency", "performance", "animation", "developer", "keyboard"] * 80)
    assert score_topic(paragraph, "animation frame") == 0.0
    assert len(compared) <= 2  # was 800: two key words for each of the 400 words
    assert score_topic("animaton frame", "animation frame") > 0.9  # near spellings still match
    assert score_topic("opensource", "open source") >= 0.9


def test_query_claims_on_a_topic_rank_discussion_and_show_rebuttals(open_db: Settings) -> None:
    hits = claims("open source", settings=open_db)
    assert [h.text for h in hits] == ["Open source models will win in the long run.",
                                      "Open-source tooling is already better than the closed kind."]
    first = hits[0]
    assert (first.supports, first.attacks, first.evidence) == (1, 1, 0)
    assert first.author == "ann" and first.thread_title == "Open models"
    assert first.label == "in"  # its attacker is itself attacked by an unattacked unit
    assert [r.text for r in first.rebuttals] == ["No, closed labs have far more compute."]
    assert first.matched[0] == "open source"


def test_query_claims_filters(open_db: Settings) -> None:
    assert [h.author for h in claims("open source", settings=open_db, attacked=True)] == ["ann"]
    assert [h.author for h in claims("open source", settings=open_db, unanswered=True)] == ["dee"]
    assert [h.author for h in claims("open source", settings=open_db, author="DEE")] == ["dee"]
    assert claims("open source", settings=open_db, kind="premise") == []
    assert [h.author for h in claims("compute", settings=open_db, label="out")] == ["bob"]
    assert len(claims("open source", settings=open_db, limit=1)) == 1
    assert claims("open source", settings=open_db, thread="Open models")
    with pytest.raises(NotFound, match="argmap threads"):
        claims("open source", settings=open_db, thread="no such thread")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"topic": " "}, "topic is empty"),
    ({"topic": "x", "label": "maybe"}, "use one of: in, out, undecided"),
    ({"topic": "x", "kind": "rebuttal"}, "--kind claim"),
    ({"topic": "x", "limit": 0}, "--limit"),
])
def test_query_claims_refuses_meaningless_queries(open_db: Settings, kwargs: dict[str, object],
                                                  message: str) -> None:
    topic = str(kwargs.pop("topic"))
    with pytest.raises(QueryError, match=message):
        claims(topic, settings=open_db, **kwargs)  # type: ignore[arg-type]


def test_query_topics_groups_join_topics_by_the_share_of_units_they_have_in_common(tmp_path: Path) -> None:
    """Groups were communities of the graph weighed by how many units two topics share, so a word of every post
    ("year") that met two subjects once each joined one of their groups; a once-met word of 150 units is no
    relation of a subject of 5."""
    posts: list = [(str(i), None, f"a{i}", 1, [("claim", f"Post {i} this year.", ["year"])]) for i in range(150)]
    posts += [(f"v{i}", None, "ann", 1, [("claim", f"Vote {i} by ballot.", ["vote", "ballot"])]) for i in range(4)]
    posts += [(f"r{i}", None, "bob", 1, [("claim", f"Recipe {i} with flour.", ["recipe", "flour"])]) for i in range(4)]
    posts += [("vy", None, "cy", 1, [("claim", "A vote this year.", ["vote", "year"])]),
              ("fy", None, "di", 1, [("claim", "Flour this year.", ["flour", "year"])])]
    settings = stored(tmp_path / "groups.db", build("grp", "Groups", posts))
    assert topics(settings=settings).groups == [["ballot", "vote"], ["flour", "recipe"]]


def test_query_topics_counts_and_groups(open_db: Settings) -> None:
    report = topics(settings=open_db)
    counts = {t.key: t.units for t in report.topics}
    assert counts["open source"] == 2 and counts["compute"] == 2
    assert all(t.threads == 1 for t in report.topics)
    assert any({"open source", "open source model", "long run"} <= set(g) for g in report.groups)
    assert topics(settings=open_db, thread="open", limit=2).topics[0].units == 2


def test_query_claims_without_a_topic_are_a_thread_s_or_an_author_s_most_discussed(open_db: Settings) -> None:
    """claims needed --topic: a thread's most discussed claims, or what one person claimed, could not be asked."""
    hits = claims(None, settings=open_db, thread="Open models")
    assert [h.author for h in hits][:2] == ["ann", "bob"]  # answered twice, then once
    assert hits[0].matched == [] and hits[0].relevance == 0.0
    assert {h.author for h in hits} == {"ann", "bob", "cy", "dee", "eve"}
    assert [h.text for h in claims(None, settings=open_db, author="CY")] == ["Compute gets cheaper every year."]
    assert [h.author for h in claims(None, settings=open_db, thread="Open models", attacked=True)] == ["ann", "bob"]
    with pytest.raises(QueryError, match="--author NAME, --since DATE or --answered-since DATE"):
        claims(None, settings=open_db)


def test_query_claims_matched_keys_come_best_first(open_db: Settings) -> None:
    """matched was meant best first, but its keys were looked up in a table keyed by topic id: always 0, so
    alphabetical, and "compute" came after a key that only holds the word among others."""
    engine = make_engine(open_db.db)
    store(engine, *build("cloud", "Cloud", [("1", None, "fay", 1, [
        ("claim", "Cloud compute beats owning compute.", ["cloud compute", "compute"])])]))
    engine.dispose()
    [hit] = claims("compute", settings=open_db, thread="Cloud")
    assert hit.matched == ["compute", "cloud compute"]


def test_query_search_uses_the_full_text_index_and_follows_reingest(engine: Engine) -> None:
    store(engine, *OPEN)
    hits = search_text(engine, "open-source models", posts=False)
    assert [h.text for h in hits] == ["Open source models will win in the long run."]
    assert "[models]" in hits[0].snippet.lower() or "models" in hits[0].snippet.lower()
    assert search_text(engine, "computes", units=False)[0].kind == "post"  # stems match
    # Re-ingesting with other words replaces what the index finds: nothing stale, nothing twice.
    thread, extraction = build("open", "Open models", [("1", None, "ann", 1, [("claim", "Bikes beat cars.", [])])])
    store(engine, thread, extraction)
    assert search_text(engine, "compute") == []
    assert [h.text for h in search_text(engine, "bikes")] == ["Bikes beat cars.", "Bikes beat cars."]
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT rowid FROM unit_fts WHERE unit_fts MATCH 'bikes'")).all())
        assert "VIRTUAL TABLE INDEX" in plan


def test_query_search_snippet_keeps_the_text_s_own_brackets_apart_from_the_matches(engine: Engine) -> None:
    """The index marked matched words with brackets, so a footnote's "[1]" read as a match: the table printed
    "WAP1" and a script could not tell the two apart. Matches are bracketed; the text's own brackets and
    backslashes come escaped with a backslash."""
    store(engine, *build("wap", "WAP", [("1", None, "ann", 1, [
        ("claim", "Remember WAP[1] and WML[2], under C:\\wap on the disk.", [])])]))
    [hit] = search_text(engine, "WAP", posts=False)
    assert hit.text == "Remember WAP[1] and WML[2], under C:\\wap on the disk."
    assert "[WAP]\\[1\\] and WML\\[2\\]" in hit.snippet
    if engine.dialect.name == "sqlite":  # PostgreSQL's headline chooses a shorter passage around the match
        assert hit.snippet == "Remember [WAP]\\[1\\] and WML\\[2\\], under C:\\\\[wap] on the disk."


def test_query_search_finds_words_inside_links_paths_addresses_and_numbers(engine: Engine) -> None:
    """PostgreSQL's parser kept a URL, a path, an e-mail address and "2.5" whole, so "youdebate", "insights",
    "kaffee" and "2.5" found nothing there while SQLite found them: both now part words at punctuation."""
    said = ("See http://www.youdebate.com/DEBATES/death.HTM and data/insights, or write to barista@kaffee.de "
            "about version 2.5 of the report.")
    store(engine, *build("links", "Links", [("1", None, "ann", 1, [("claim", said, [])])]))
    for words in ("youdebate", "insights", "kaffee", "2.5", "data insights"):
        assert [h.text for h in search_text(engine, words, posts=False)] == [said], words


def test_query_a_post_too_long_for_a_postgresql_text_vector_is_stored(engine: Engine) -> None:
    """A tsvector holds at most 1 MB: a post of 900 KB in 100,000 distinct words could not be stored on PostgreSQL
    at all ("string is too long for tsvector"). Its first 250,000 characters are indexed there; SQLite's index has
    no bound."""
    from argmap.store.fulltext import PG_INDEXED_CHARS

    said = " ".join(f"w{n:06d}x" for n in range(100_000))
    store(engine, *build("long", "Long", [("1", None, "ann", 1, [("claim", said, [])])]))
    assert [h.kind for h in search_text(engine, "w000001x")] == ["unit", "post"]
    late = said[PG_INDEXED_CHARS + 10:].split()[1]
    expected = [] if engine.dialect.name == "postgresql" else ["unit", "post"]
    assert [h.kind for h in search_text(engine, late)] == expected


def test_query_search_finds_a_marked_word_as_it_is(engine: Engine) -> None:
    """``search "C++"`` on a programming thread found "Back to not-studying. C:" and "Plan C": the indexes keep
    letters and digits only, so it searched for "c". A marked word must now occur as it is, in any case, on both
    backends, in units and in posts (title or text), before the limit counts."""
    store(engine, *build("langs", "Which language?", [
        ("1", None, "ann", 1, [("claim", "Back to studying. C:", []), ("claim", "Plan C is best.", [])]),
        ("2", "1", "bo", 2, [("claim", "Rewrite it in C++ for speed.", [])]),
        ("3", "1", "cy", 3, [("claim", "c# and F# run on .NET.", [])]),
        ("4", "1", "di", 4, [("claim", "abc++ is a typo, not a language.", [])]),
    ]))
    assert [h.text for h in search_text(engine, "C++", posts=False)] == ["Rewrite it in C++ for speed."]
    assert [h.text for h in search_text(engine, "C++", posts=False, limit=1)] == ["Rewrite it in C++ for speed."]
    assert [h.text for h in search_text(engine, "C#", units=False)] == ["c# and F# run on .NET."]
    assert [h.text for h in search_text(engine, "f# C#", posts=False)] == ["c# and F# run on .NET."]
    assert search_text(engine, "C++ speed typo") == []
    assert sorted(h.text for h in search_text(engine, "C", posts=False)) == [  # a plain letter finds what it did
        "Back to studying. C:", "Plan C is best.", "Rewrite it in C++ for speed.", "c# and F# run on .NET."]


def test_query_search_finds_a_quoted_phrase_whole(engine: Engine) -> None:
    """``search '"open source"'`` found "Source code is open." too, and ``"don't think"`` every unit with "think":
    quotes were punctuation. A quoted phrase's words must now occur together and in order, its stop words too, on
    both backends (PostgreSQL's index drops "don", "t", "of" and "the": the text is checked for them)."""
    store(engine, *build("phr", "Phrases", [
        ("1", None, "ann", 1, [("claim", "Open source models win.", []), ("claim", "Source code is open.", [])]),
        ("2", "1", "bo", 2, [("claim", "I don't think so.", []), ("claim", "I think so, and I don't mind.", [])]),
        ("3", "1", "cy", 3, [("claim", "State-of-the-art models are costly.", []),
                             ("claim", "The state of the art moves fast.", []),
                             ("claim", "The art of the state is law.", [])]),
    ]))

    def found(query: str) -> list[str]:
        return sorted(h.text for h in search_text(engine, query, posts=False))

    assert found('"open source"') == found("“Open Source”") == ["Open source models win."]
    assert found("open source") == ["Open source models win.", "Source code is open."]  # unquoted: any order
    assert found('"source open"') == []
    assert found('"don\'t think"') == ["I don't think so."]
    assert found('"state of the art"') == ["State-of-the-art models are costly.", "The state of the art moves fast."]
    assert found('"state of the art" models') == ["State-of-the-art models are costly."]
    assert found('"open source" "state of the art"') == []
    assert [h.kind for h in search_text(engine, '"open source"')] == ["unit", "post"]  # posts hold phrases too


def test_query_topic_match_of_a_marked_word(engine: Engine) -> None:
    """``claims --topic "C++"`` matched the key "c" (the query lost its marks) and so every unit about "Plan C"."""
    store(engine, *build("langs", "Which language?", [
        ("1", None, "ann", 1, [("claim", "Plan C is best.", ["plan c", "c"])]),
        ("2", "1", "bo", 2, [("claim", "Rewrite it in C++ for speed.", ["c++", "speed"])]),
        ("3", "1", "cy", 3, [("claim", "C# code is safer than the standard C++ library.",
                              ["c#", "standard c++ library"])]),
    ]))
    assert [m.key for m in match_topics(engine, "C++")] == ["c++", "standard c++ library"]
    assert [m.key for m in match_topics(engine, "c#")] == ["c#"]
    assert match_topics(engine, "C")[0].key == "c"


def test_query_search_names_a_marked_word_it_searched_for(open_db: Settings) -> None:
    hits = search("C++ models", settings=open_db)
    assert (hits.terms, hits.ignored, hits.note) == (["c++", "models"], [], None)


def test_query_search_names_a_quoted_phrase_as_one_term(open_db: Settings) -> None:
    hits = search('"open source" of the models', settings=open_db, posts=False)
    assert (hits.terms, hits.ignored) == (['"open source"', "models"], ["of", "the"])
    assert [h.text for h in hits] == ["Open source models will win in the long run."]
    assert search('"the"', settings=open_db).terms == ['"the"']  # a stop word in quotes is searched


def test_query_search_narrows_to_a_thread_and_an_author_before_the_limit(engine: Engine) -> None:
    """An analyst following one debate searched every thread: no --thread, no --author, and no thread named."""
    first = store(engine, *OPEN)
    other = store(engine, *build("costs", "Compute costs", [
        ("a", None, "zed", 1, [("claim", "Compute is not cheap for small labs.", ["compute"])]),
        ("b", "a", "Bob", 2, [("claim", "Compute rental is cheap enough.", ["compute"])])]))
    everywhere = search_text(engine, "compute", units=True, posts=False)
    assert {h.thread for h in everywhere} == {first, other}
    assert {h.thread_title for h in everywhere} == {"Open models", "Compute costs"}
    # the limit counts hits in the thread asked for, not the best of every thread with the others dropped
    for thread in (first, other):
        hits = search_text(engine, "compute", limit=1, posts=False, thread_ids=[thread])
        assert len(hits) == 1 and hits[0].thread == thread
    by_bob = search_text(engine, "compute", authors=["bob", "Bob"])  # the names as stored, units and posts
    assert {(h.kind, h.author) for h in by_bob} == {("unit", "bob"), ("unit", "Bob"), ("post", "bob"),
                                                    ("post", "Bob")}
    assert [h.text for h in search_text(engine, "compute", authors=["Bob"], thread_ids=[other], posts=False)] == [
        "Compute rental is cheap enough."]
    assert search_text(engine, "compute", authors=[]) == []
    # a word PostgreSQL's index leaves out ("not") is still matched inside the narrowed rows
    assert [h.author for h in search_text(engine, "not compute", thread_ids=[other], posts=False)] == ["zed"]
    assert search_text(engine, "compute", authors=["nobody"]) == []


def test_query_search_thread_and_author_through_the_api(open_db: Settings) -> None:
    assert sorted(h.author or "" for h in search("compute", settings=open_db, thread="Open models", posts=False)
                  ) == ["bob", "cy"]
    with pytest.raises(NotFound, match="argmap threads"):
        search("compute", settings=open_db, thread="no such thread")
    for call in (lambda: search("compute", settings=open_db, author=" "),
                 lambda: claims("compute", settings=open_db, author="")):
        with pytest.raises(QueryError, match="names no one"):
            call()


def test_query_search_refuses_stop_words_only(open_db: Settings) -> None:
    with pytest.raises(QueryError, match="nothing to search") as info:
        search("the and of", settings=open_db)
    assert "a search leaves out stop words ('the', 'and', 'of'); give the words you look for" in str(info.value)
    with pytest.raises(QueryError, match=r"nothing to search for in '\?\?\?': it holds no word, no letter or digit"):
        search("???", settings=open_db)
    assert search("fine-tune", settings=open_db, posts=False)[0].text == "Anyone can fine-tune them for a niche."


@pytest.mark.parametrize(("topic", "said"), [("of the", "stop words and negations only"),
                                             ("???", "no letter or digit"), ("-- !", "no letter or digit")])
def test_query_claims_topic_without_a_word_says_what_it_holds(open_db: Settings, topic: str, said: str) -> None:
    """``claims --topic '???'`` was refused as "stop words and negations only", which it does not hold."""
    with pytest.raises(QueryError, match="holds no word a topic is made of") as info:
        claims(topic, settings=open_db)
    assert f"--topic {topic!r} holds no word a topic is made of ({said}); give the topic's own words" in str(info.value)


def test_query_search_says_which_words_it_searched_for(open_db: Settings) -> None:
    """``search "nothing like this"`` searched for "nothing" alone and did not say so: the hits now name the words
    searched for and those left out, with a note to print."""
    hits = search("the compute of this", settings=open_db, posts=False)
    assert (hits.terms, hits.ignored) == (["compute"], ["the", "of", "this"])
    assert hits == search("compute", settings=open_db, posts=False)  # a list of the same hits as ever
    assert hits.note == "searched for 'compute' only: 'the', 'of', 'this' left out (a search leaves out stop words)"
    every = search("compute cheaper", settings=open_db)
    assert (every.terms, every.ignored, every.note) == (["compute", "cheaper"], [], None)
    nothing = search("nothing like this", settings=open_db)  # said when nothing is found too
    assert nothing == [] and nothing.note is not None and "'like', 'this' left out" in nothing.note
    long = search("compute " + " ".join(f"filler{chr(ord('a') + n)}" for n in range(12)), settings=open_db)
    assert long.ignored == ["fillerl"] and long.note is not None
    assert "'fillerl' left out (a search looks for its first 12 words)" in long.note



def test_query_search_for_an_id_says_which_command_takes_it(open_db: Settings) -> None:
    """An id given to search, in capitals as a spreadsheet gives it back or as printed, was searched for as the
    words "u" and "94d3...", and "nothing matches" said no more; the note now names the command that takes it."""
    unit = claims("open source model", settings=open_db)[0].id
    hits = search(unit.upper(), settings=open_db)
    assert hits == [] and hits.note == (f"{unit!r} is a unit id, and a search looks for words; see the unit with: "
                                        f"argmap show {unit}")
    post = search(" P-7F6E01 ", settings=open_db).note
    assert post == "'p-7f6e01' is a post id, and a search looks for words; search for words of its text"
    assert search("c-sections", settings=open_db).note is None  # words that only look like an id


MANY = build("many", "Answered by everyone", [
    ("1", None, "op", 1, [("claim", "Everyone should cycle to work.", ["cycle"])]),
    *((str(n), "1", f"r{n}", 2, [("claim", f"Reply number {n} to the cycling claim.", ["cycle"])])
      for n in range(2, 9)),
], relations=[(1, 0, "support"), (1, 0, "evidence"), *((n, 0, "attack") for n in range(2, 8))])


def test_query_show_limit_keeps_both_sides_and_counts_the_rest(tmp_path: Path) -> None:
    """show printed every answer: an opening post a whole thread answers made thousands of lines."""
    settings = stored_in(tmp_path / "many.db", *MANY)
    root = MANY[1].units[0].id("many")
    whole = show(root, settings=settings).root
    # the unit that supports and gives evidence is an answer of each (its evidence was never shown), marked again
    assert [c.relation for c in whole.children] == ["support", "evidence", *["attack"] * 6] and whole.more == {}
    assert [c.repeated for c in whole.children[:3]] == [False, True, False]
    cut = show(root, settings=settings, limit=4).root
    # in turn from each relation: the support, the evidence, then attacks
    assert [c.relation for c in cut.children] == ["support", "evidence", "attack", "attack"]
    assert cut.more == {"attack": 4}
    assert show(root, settings=settings, limit=8).root.more == {}
    # track takes the answers as show does, with or without a limit: --json and the table list the same
    member = track(root, settings=settings).members[0]
    assert [len(member.supports), len(member.evidence), len(member.attacks)] == [1, 1, 6]
    cut_member = track(root, settings=settings, limit=4).members[0]
    assert [len(cut_member.supports), len(cut_member.evidence), len(cut_member.attacks)] == [1, 1, 2]
    with pytest.raises(QueryError, match="--limit must be 1 or more"):
        show(root, settings=settings, limit=0)


def test_query_show_lists_a_unit_that_answers_two_units_under_both(tmp_path: Path) -> None:
    """A unit attacking two units of the tree was shown under the first only: the second looked unanswered (yet
    "out"), and nothing counted the answer left out. It is under both now, its answers under the first; a cycle
    back to the root shows the root again, marked, and stops there."""
    school = build("school", "School", [
        ("1", None, "ann", 1, [("claim", "School should start at ten.", [])]),
        ("2", "1", "bob", 2, [("claim", "Parents drop children off at eight.", [])]),
        ("3", "1", "cat", 3, [("claim", "Buses cannot run later without new drivers.", [])]),
        ("4", "1", "dan", 4, [("claim", "Most employers allow flexible starts.", [])]),
        ("5", "4", "eve", 5, [("claim", "Not in shops.", [])]),
    ], relations=[(1, 0, "attack"), (2, 0, "attack"), (3, 1, "attack"), (3, 2, "attack"), (4, 3, "attack"),
                  (0, 4, "attack")])
    settings = stored_in(tmp_path / "school.db", *school)
    ids = [unit.id("school") for unit in school[1].units]
    root = show(ids[0], settings=settings, depth=4).root
    first, second = root.children
    assert [(c.id, c.repeated) for c in first.children] == [(ids[3], False)]
    assert [(c.id, c.repeated) for c in second.children] == [(ids[3], True)]
    assert second.children[0].children == [] and second.more == {}
    (eve,) = first.children[0].children
    assert eve.id == ids[4] and [(c.id, c.repeated) for c in eve.children] == [(ids[0], True)]


def test_query_show_builds_the_tree(open_db: Settings) -> None:
    hit = claims("open source model", settings=open_db)[0]
    tree = show(hit.id, settings=open_db)
    assert tree.root.text == hit.text and tree.root.label == "in"
    kids = [(c.relation, c.author) for c in tree.root.children]
    assert kids == [("support", "ann"), ("attack", "bob")]
    attack = tree.root.children[1]
    assert [(c.relation, c.author, c.label) for c in attack.children] == [("attack", "cy", "in")]
    assert attack.label == "out"
    assert tree.label is not None and tree.label.chain[:2] == [hit.id, tree.label.chain[1]]
    shallow = show(hit.id, settings=open_db, depth=1)
    assert shallow.truncated and shallow.root.children[1].children == []
    with pytest.raises(NotFound, match="argmap search"):
        show("u-nothing", settings=open_db)



def test_query_answers_carry_their_relations_provenance(open_db: Settings) -> None:
    """show, claims' rebuttals and track gave an answer's relation and reason but not its confidence or the rule
    that drew it, which every export gives: an audit of a claim's tree had to join the JSON export by hand."""
    hit = claims("open source model", settings=open_db)[0]
    tree = show(hit.id, settings=open_db)
    assert (tree.root.confidence, tree.root.model) == (None, None)
    assert [(c.relation, c.confidence, c.model) for c in tree.root.children] == [
        ("support", 0.7, "test"), ("attack", 0.7, "test")]
    assert [(r.confidence, r.model) for r in hit.rebuttals] == [(0.7, "test")]
    member = track(hit.id, settings=open_db).members[0]
    assert [(r.relation, r.confidence, r.model) for r in [*member.supports, *member.attacks]] == [
        ("support", 0.7, "test"), ("attack", 0.7, "test")]

def test_query_show_accepts_a_unique_prefix(open_db: Settings) -> None:
    hit = claims("open source model", settings=open_db)[0]
    assert show(hit.id[:12], settings=open_db).root.id == hit.id


def test_query_ids_of_another_kind_are_named_with_the_fix(open_db: Settings) -> None:
    """A post id where a unit id belongs (search prints both) said only "no unit ... (or several start so)"."""
    from argmap import api, track
    from argmap.domain import stable_id

    thread, extraction = OPEN
    post = thread.post_id("1")
    units = [u.id(thread.key) for u in extraction.units if u.post == "1"]
    for call, command in ((show, "show"), (api.evidence_for, "evidence for"), (track, "track")):
        with pytest.raises(NotFound) as raised:
            call(post, settings=open_db)
        assert str(raised.value) == (f"{post!r} is a post id, not a unit id; the post's units are "
                                     f"{', '.join(units)}: give one, e.g. argmap {command} {units[0]}")
    with pytest.raises(NotFound, match=r"is not a unit id: ids starting t- are thread ids, unit ids start u-; "
                                       "find unit ids with: argmap search"):
        show(thread.id, settings=open_db)
    claim = stable_id("c", "u-0")
    with pytest.raises(NotFound, match=f"is a tracked claim id, not a unit id; follow it with: argmap track {claim}"):
        api.evidence_for(claim, settings=open_db)
    with pytest.raises(NotFound, match=r"several unit ids start with 'u-' \(u-[0-9a-f]{16}, .*\); give more of the id"):
        show("u-", settings=open_db)
    with pytest.raises(NotFound, match=r"^no unit id given; find unit ids with"):
        api.evidence_for(" ", settings=open_db)
    with pytest.raises(QueryError, match=r"^no unit id given; find unit ids with: argmap search"):  # not "show('')"
        show(" ", settings=open_db)
    assert track(units[1][:10], settings=open_db).members[0].unit == units[1]  # a unique prefix still works


@pytest.mark.parametrize("blank", ["", "  "])
def test_query_empty_thread_is_refused_not_read_as_every_thread(open_db: Settings, blank: str) -> None:
    """--thread "$T" with T unset answered for every thread, as if --thread had been left out."""
    from argmap import api

    calls = [lambda: claims("open source", settings=open_db, thread=blank),
             lambda: topics(settings=open_db, thread=blank), lambda: analyze(settings=open_db, thread=blank),
             lambda: api.evidence_sources(settings=open_db, thread=blank),
             lambda: api.graph_data(settings=open_db, thread=blank),
             lambda: api.map_graph(settings=open_db, thread=blank)]
    for call in calls:
        with pytest.raises(QueryError, match=r"the thread '\s*' is empty; give a thread's id, key or title prefix "
                                             r"\(argmap threads lists them\), or leave --thread out"):
            call()
    assert claims("open source", settings=open_db, thread=None)  # left out: every thread


def test_query_analyze_stores_labels_for_claims(open_db: Settings) -> None:
    result = analyze(settings=open_db, bipolar=False)
    assert result.semantics == "grounded"
    by_author = {a.author: a for a in result.authors}
    assert by_author["bob"].labels == {"out": 1} and by_author["bob"].attacks_given == 1
    assert [c.author for c in result.contested] == ["bob", "ann"]  # bob: 1 attack, no support
    assert {c.author for c in result.unanswered} == {"cy", "dee", "eve"}
    assert [h.author for h in claims("compute", settings=open_db, label="in")] == ["cy"]


@pytest.mark.parametrize("kinds", [("support", "attack"), ("attack", "support")])
def test_query_labels_stored_at_ingest_are_those_analyze_gives(tmp_path: Path, kinds: tuple[str, str]) -> None:
    """A map (brat, AIF) may join two units by a support and an attack: ingest labelled them with the relation
    listed later, analyze (and the map) with the one the store gives back later, so ``claims --label out`` named
    the claim until ``analyze`` was run, and not after."""
    settings = stored(tmp_path / "both.db", build("both", "Both ways", [
        ("1", None, "ann", 1, [("claim", "Trains should be free for everyone.", [])]),
        ("2", "1", "bob", 2, [("premise", "Free trains would cost too much money.", [])]),
    ], relations=[(1, 0, kinds[0]), (1, 0, kinds[1])]))
    engine = make_engine(settings.db)
    ids = [row.id for row in repository.load_graph(engine).units]
    at_ingest = {u: label.label for u, label in queries.labels_for(engine, ids).items()}
    result = analyze(settings=settings)
    assert at_ingest == {u: label.label for u, label in result.labels.items()} == dict.fromkeys(ids, "in")
    engine.dispose()


def test_query_labels_are_replaced_on_reingest(engine: Engine) -> None:
    thread_id = store(engine, *OPEN)
    labels = queries.labels_for(engine, [u.id("open") for u in OPEN[1].units])
    assert sorted(label.label for label in labels.values()) == ["in"] * 5 + ["out"]
    store(engine, *OPEN)
    assert len(queries.labels_for(engine, [u.id("open") for u in OPEN[1].units])) == 6
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM unit_label WHERE thread_id = :t"),
                            {"t": thread_id}).scalar_one() == 6


def test_query_topics_no_unit_is_about_any_more_are_pruned(engine: Engine) -> None:
    """Storing a thread again without its units (--no-extract) or with other topics leaves no orphan topic behind;
    a topic another thread still uses stays."""
    store(engine, *OPEN)
    other = build("other", "Compute", [("a", None, "fay", 6, [("claim", "Compute is the moat.", ["compute"])])])
    store(engine, *other)
    store(engine, OPEN[0], Extraction())  # the same thread, posts only
    with engine.connect() as conn:
        keys = {k for (k,) in conn.execute(text("SELECT key FROM topic")).all()}
    assert keys == {"compute"}
    assert [m.key for m in match_topics(engine, "niche")] == [] and match_topics(engine, "compute")
    assert repository.stats(engine).topics == 1


def test_query_words_with_accents_are_found_as_typed(engine: Engine) -> None:
    thread, extraction = build("cafe", "Cafés", [
        ("1", None, "ann", 1, [("claim", "The new café on Main Street should get a licence.", ["café", "licence"])]),
        ("2", "1", "bob", 2, [("claim", "Die Straße ist zu schmal für Tische.", ["straße"])]),
    ])
    store(engine, thread, extraction)
    # the query's words were cut at the first letter outside ASCII ("caf"), so nothing matched
    assert [h.text for h in search_text(engine, "café", posts=False)] == [
        "The new café on Main Street should get a licence."]
    assert [h.text for h in search_text(engine, "Straße", posts=False)] == ["Die Straße ist zu schmal für Tische."]
    assert [m.key for m in match_topics(engine, "Café")][:1] == ["café"]
    # typed without the accents, on both backends (PostgreSQL's index kept them: "cafe" missed "café" there)
    assert [h.text for h in search_text(engine, "cafe licence", posts=False)] == [
        "The new café on Main Street should get a licence."]
    assert [h.author for h in search_text(engine, "schmal fur", units=False)] == ["bob"]


def test_query_search_words_postgresql_drops_from_its_index_must_still_occur(engine: Engine) -> None:
    thread, extraction = build("neg", "Negation", [
        ("1", None, "ann", 1, [("claim", "That is not true of night buses.", [])]),
        ("2", "1", "bob", 2, [("claim", "That is true of night buses.", [])]),
        ("3", "1", "cy", 3, [("claim", "Not every bus runs at night.", [])])])
    store(engine, thread, extraction)
    # PostgreSQL's English configuration leaves "not" out of its index; all words must occur on both backends
    assert [h.text for h in search_text(engine, "not true", posts=False)] == ["That is not true of night buses."]
    assert sorted(h.text for h in search_text(engine, "not", posts=False)) == [
        "Not every bus runs at night.", "That is not true of night buses."]
    assert len(search_text(engine, "true buses", posts=False)) == 2


def test_query_export_of_a_topic_keeps_its_units_their_context_and_the_posts_they_answer(open_db: Settings) -> None:
    """export had no --topic, though render has: a report or a file of one topic of a long debate could not be had."""
    from argmap.api import export

    data = export(settings=open_db, topic="compute")
    assert isinstance(data, dict)
    texts = {u["text"] for u in data["units"]}
    # the units about compute, with what they answer (ann's claim), not the rest of the thread
    assert texts == {"No, closed labs have far more compute.", "Compute gets cheaper every year.",
                     "Open source models will win in the long run."}
    assert [r["kind"] for r in data["relations"]] == ["attack", "attack"]
    posts = {p["id"] for p in data["posts"]}
    assert all(p["parent"] in posts for p in data["posts"] if p["parent"])  # every post's parent is there
    [thread] = data["threads"]
    assert (thread["posts"], thread["units"], thread["relations"]) == (3, 3, 2)
    assert thread["key"] == "open#topic=compute"  # a part of the thread, not the thread
    assert thread["source"] == "open.jsonl#topic=compute"
    # and titled as a part: ingested back beside the whole thread, the two had one title, which named neither
    assert thread["title"] == f"{export(settings=open_db)['threads'][0]['title']} (topic: compute)"
    from argmap.api import ingest, threads

    aif = export(settings=open_db, topic="compute", format="aif")
    part = open_db.db + ".part.aif.json"
    with open(part, "w", encoding="utf-8") as file:
        file.write(aif)
    assert ingest(part, settings=open_db, extract=False).ok
    titles = sorted(t.title or "" for t in threads(settings=open_db))
    assert len(titles) == 2 and titles[1] == f"{titles[0]} (topic: compute)"
    assert export(settings=open_db, thread=titles[0])["threads"][0]["key"] == "open"  # the whole one, by its title
    report = export(settings=open_db, topic="compute", format="markdown")
    assert isinstance(report, str) and "Letters to the editor" not in report and "cheaper every year" in report
    with pytest.raises(NotFound, match="no unit is about 'zeppelins'"):
        export(settings=open_db, topic="zeppelins")
    with pytest.raises(QueryError, match="the topic is empty"):
        export(settings=open_db, topic=" ")


def test_query_since_keeps_what_was_posted_from_then_on(engine: Engine) -> None:
    """Following a long debate, "what was said since Tuesday?" could not be asked of claims or search."""
    from datetime import UTC, datetime, timedelta, timezone

    store(engine, *OPEN)  # posts on 1 to 5 January 2024, at noon UTC
    day3 = datetime(2024, 1, 3)  # no zone: UTC
    assert [h.author for h in search_text(engine, "compute", posts=False, since=day3)] == ["cy"]
    assert {h.author for h in search_text(engine, "compute", posts=False)} == {"bob", "cy"}
    # the same moment in another zone: 13:00 in UTC+1 is noon UTC, so the post of noon on the 3rd counts
    east = datetime(2024, 1, 3, 13, tzinfo=timezone(timedelta(hours=1)))
    assert [h.author for h in search_text(engine, "compute", units=False, since=east)] == ["cy"]
    assert search_text(engine, "compute", since=datetime(2024, 1, 3, 12, 0, 1, tzinfo=UTC)) == []
    hits = queries.find_claims(engine, None, thread_ids=None, since=day3, limit=10)
    assert sorted(h.author or "" for h in hits) == ["cy", "dee", "eve"]
    # answered since: however old the claim, another post supported or attacked it from then on (bob's claim of
    # the 2nd, attacked by cy on the 3rd; not ann's, answered by bob on the 2nd and by her own premise)
    answered = queries.find_claims(engine, None, thread_ids=None, answered_since=day3, limit=10)
    assert [h.author for h in answered] == ["bob"]
    day2 = datetime(2024, 1, 2)
    assert sorted(h.author or "" for h in queries.find_claims(engine, None, answered_since=day2)) == ["ann", "bob"]
    assert queries.find_claims(engine, None, answered_since=datetime(2024, 1, 3, 12, 0, 1)) == []
    # each hit says when it was posted, in UTC on both backends, for the next --since
    [found] = search_text(engine, "compute", posts=False, since=day3)
    noon = datetime(2024, 1, 3, 12, tzinfo=UTC)
    assert found.created_at == noon and found.created_at.utcoffset() == timedelta(0)
    assert {h.created_at for h in hits if h.author == "cy"} == {noon}


def test_query_author_matches_in_any_case_beyond_ascii(tmp_path: Path) -> None:
    """SQLite's own lower() folds A-Z only: "ÉLISE" missed "Élise" there. Then a name stored with its accent as a
    second character ("Jose\u0301") missed "José" as typed, and "STRASSE" missed "Straße", though ``export
    --authors`` found both."""
    settings = stored_in(tmp_path / "cafes.db", *build("cafes", "Cafés", [
        ("a", None, "Élise", 1, [("claim", "Every café should open on Sundays.", ["café"])]),
        ("b", "a", "Ödön", 2, [("claim", "Sunday staff cost double.", ["staff"])]),
        ("c", "b", "Jose\u0301", 3, [("claim", "Sunday customers tip more.", ["tip"])]),
        ("d", "c", "Straße", 4, [("claim", "Sunday rent is the same rent.", ["rent"])])]))
    for typed, name in (("élise", "Élise"), ("ÉLISE", "Élise"), ("Élise", "Élise"), ("ÖDÖN", "Ödön"),
                        ("José", "Jose\u0301"), ("JOSE\u0301", "Jose\u0301"), ("STRASSE", "Straße")):
        assert [h.author for h in claims(None, settings=settings, author=typed)] == [name], typed
        assert {h.author for h in search("sunday", settings=settings, author=typed)} == {name}, typed
    assert claims(None, settings=settings, author="elise") == []  # an accent is a letter, not a case


def test_query_search_snippet_marks_the_words_found_without_their_accents(engine: Engine) -> None:
    """On PostgreSQL "cafe" found "Café owners ..." and showed a snippet with nothing marked, or one of words that did
    not hold it; words far apart showed the text's first words, none of them marked."""
    far = ("We seem to be going round in circles here. " * 3 + "Evolution is a fact of biology. "
           + "Filler words keep going on about many other things. " * 12 + "Jesus taught kindness to strangers.")
    store(engine, *build("plant", "Plant", [
        ("a", None, "ann", 1, [("claim", "Café owners near the plant say it's fine.", ["plant"])]),
        ("b", "a", "bob", 2, [("claim", "Modern reactors are safe. Café owners near the plant agree.", ["reactor"]),
                              ("premise", far, ["evolution"])]),
        ("c", "b", "cy", 3, [("claim", "Keep a List<String> of every <b>naïve</b> kiosk menu.", ["menu"])])]))
    snippets = {h.text: h.snippet for h in search_text(engine, "cafe", posts=False)}
    assert snippets["Café owners near the plant say it's fine."].startswith("[Café] owners near the plant")
    assert "[Café] owners near the plant" in snippets["Modern reactors are safe. Café owners near the plant agree."]
    # what PostgreSQL's headline reads as an HTML tag is kept, and the accents with it
    [tagged] = search_text(engine, "naive kiosk", posts=False)
    assert "List<String> of every <b>[naïve]</b> [kiosk]" in tagged.snippet
    [hit] = search_text(engine, "evolution jesus", posts=False)
    assert "[Evolution] is a fact" in hit.snippet and hit.snippet.startswith("…")
    if engine.dialect.name == "postgresql":  # in fragments around each word (SQLite shows one window of 18 words)
        assert "[Jesus] taught kindness" in hit.snippet


def test_query_search_finds_the_singular_and_the_plural(engine: Engine) -> None:
    # the stemmers keep "bus" and "buses" apart (Porter: "bu" and "buse"): "search bus" found nothing in a thread
    # about buses
    store(engine, *build("transit", "Transit", [
        ("a", None, "ann", 1, [("claim", "Night buses should run every ten minutes.", ["night bus"])]),
        ("b", "a", "bob", 2, [("claim", "One bus an hour is enough for the cities.", ["bus"])])]))
    assert {h.author for h in search_text(engine, "bus", posts=False)} == {"ann", "bob"}
    assert {h.author for h in search_text(engine, "buses", posts=False)} == {"ann", "bob"}
    assert {h.author for h in search_text(engine, "city", posts=False)} == {"bob"}
    assert [h.author for h in search_text(engine, "night bus minutes", posts=False)] == ["ann"]  # every word
    assert search_text(engine, "busy", posts=False) == []


def test_query_claims_count_the_evidence_a_claim_gives_itself(engine: Engine) -> None:
    from argmap.domain import EvidenceItem

    thread, extraction = build("cars", "Cars", [
        ("a", None, "ann", 1, [("claim", "Cities should ban cars.", ["car"]),
                               ("premise", "Air pollution kills 7 million people a year.", ["air pollution"])]),
        ("b", "a", "ben", 2, [("claim", "A ban hurt shops in Oslo, see https://example.org/shops.", ["shop"])])],
        relations=[(1, 0, "support"), (1, 0, "evidence"), (2, 0, "attack")])
    extraction.units[1].evidence = [EvidenceItem("statistic", 19, 28, "7 million", confidence=0.8, reason="a figure")]
    extraction.units[2].evidence = [EvidenceItem("link", 32, 56, "https://example.org/shops",
                                                 source_key="url:example.org/shops", source_kind="url",
                                                 source_label="https://example.org/shops", domain="example.org",
                                                 confidence=0.9, reason="a link")]
    store(engine, thread, extraction)
    counts = {h.text[:12]: h.evidence for h in queries.find_claims(engine, None)}
    # the ban: the premise's evidence relation; the Oslo claim: its own link (it showed 0); the premise: its figure
    assert counts == {"Cities shoul": 1, "A ban hurt s": 1, "Air pollutio": 1}


def test_query_show_of_a_deep_chain_turns_into_json(tmp_path: Path) -> None:
    """``show --json --depth 500`` of a 2,000-post reply chain ended in a RecursionError traceback: the tree was
    turned into a dict by ``dataclasses.asdict``, once a level. ``as_dict`` now goes level by level, and gives what
    ``asdict`` gave for a tree it could take."""
    import dataclasses

    chain = reply_chain(600)
    settings = stored_in(tmp_path / "chain.db", *chain)
    root = chain[1].units[0].id("chain")
    deep = show(root, settings=settings, depth=599).as_dict()
    levels, node = 0, deep["root"]
    while node["children"]:
        levels, node = levels + 1, node["children"][0]
    assert levels == 599 and node["text"] == "Point 600 of the chain."
    shallow = show(root, settings=settings, depth=3)
    assert shallow.as_dict()["root"] == dataclasses.asdict(shallow.root)
    assert set(shallow.as_dict()) == {f.name for f in dataclasses.fields(shallow)}


def test_query_a_topic_typed_as_topics_prints_it_is_that_key(engine: Engine, db_url: str) -> None:
    """"u.s." and "human being", typed as ``argmap topics`` lists them, found nothing or ranked below "human": the
    query normaliser cut "u.s." into letters and dropped "being" as a stop word."""
    keys = build("keys", "Keys", [
        ("1", None, "ann", 1, [("claim", "The U.S. should fund public research.", ["u.s.", "public research"])]),
        ("2", "1", "ben", 2, [("claim", "Human beings are too cruel to each other.", ["human being"])]),
        ("3", "1", "cat", 3, [("claim", "Every human deserves a fair trial.", ["human", "fair trial"])]),
    ])
    store(engine, *keys)
    assert [(m.key, m.score) for m in match_topics(engine, "u.s.")] == [("u.s.", 1.0)]
    assert [(m.key, m.score) for m in match_topics(engine, "Human  Being")] == [("human being", 1.0), ("human", 0.95)]
    assert match_topics(engine, "human")[0].key == "human"  # as before
    hits = claims("u.s.", settings=Settings(db=db_url))
    assert [h.text for h in hits] == ["The U.S. should fund public research."]


def test_query_topic_irregular_plural_meets_its_singular_key(engine: Engine) -> None:
    """The lemmatiser stores "women" as the key "woman", but the query normaliser's suffix rules left "women",
    "children" and "men" as typed, so `claims women` found none of the units about women."""
    store(engine, *build("irr", "Irregular", [
        ("1", None, "ann", 1, [("claim", "Women earn less than men.", ["woman", "man"])]),
        ("2", "1", "bob", 2, [("claim", "Children need schools.", ["child", "school"])]),
        ("3", "1", "cy", 3, [("claim", "Congressmen voted no.", ["congressman"])]),
        ("4", "1", "di", 4, [("claim", "The specimen was lost.", ["specimen"])]),
    ]))
    for typed, key in (("women", "woman"), ("Men", "man"), ("children", "child"), ("women's pay", None),
                       ("congressmen", "congressman"), ("specimen", "specimen")):
        keys = [m.key for m in match_topics(engine, typed)]
        assert (keys[:1] == [key]) if key else keys == [], (typed, keys)
    assert store_search.topic_matcher("women")([], "Women earn less.")  # the text still meets the word typed


def test_query_topic_name_ending_in_men_is_no_plural(engine: Engine) -> None:
    """The "-men" compound rule made the names "Bremen" and "Carmen" plurals: `claims bremen` looked for the key
    "breman" and missed the stored "bremen" (a proper noun the lemmatiser leaves as written)."""
    store(engine, *build("men", "Names", [
        ("1", None, "ann", 1, [("claim", "Werder Bremen will win.", ["werder bremen"])]),
        ("2", "1", "bob", 2, [("claim", "Carmen is an opera.", ["carmen"])]),
    ]))
    for typed, key in (("Werder Bremen", "werder bremen"), ("carmen", "carmen")):
        assert [m.key for m in match_topics(engine, typed)][:1] == [key], typed
    assert [singular(w) for w in ("bremen", "carmen", "firemen", "chairmen")] == \
        ["bremen", "carmen", "fireman", "chairman"]


def test_query_topic_version_number_is_one_word_as_in_the_keys(engine: Engine) -> None:
    """The keys keep "5.6" whole ("gpt 5.6"), the query normaliser cut it into "5" and "6": "GPT-5.6" met the key
    "gpt 5.6" only as a near spelling and "gpt 5.6 sol" not at all, and "gpt 5.5" met the key "gpt 5"."""
    store(engine, *build("ver", "Versions", [
        ("1", None, "ann", 1, [("claim", "GPT-5.6 writes better tests.", ["gpt 5.6", "test"])]),
        ("2", "1", "bob", 2, [("claim", "GPT-5.6 Sol is slower.", ["gpt 5.6 sol"])]),
        ("3", "1", "cy", 3, [("claim", "GPT-5 was worse.", ["gpt 5"])]),
    ]))
    assert [(m.key, m.score) for m in match_topics(engine, "GPT-5.6")] == [("gpt 5.6", 1.0), ("gpt 5.6 sol", 0.9)]
    assert match_topics(engine, "gpt 5.5") == []
    assert [m.key for m in match_topics(engine, "GPT-5")] == ["gpt 5"]
    about = store_search.topic_matcher("GPT-5.6")
    assert about([], "I tried GPT-5.6 today.") and not about([], "I tried GPT-5 on 6 tasks.")
