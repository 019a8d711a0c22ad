"""Claims tracked across threads: restatements merge, look-alikes do not, ingest links incrementally."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from argmap import track
from argmap.config import Settings
from argmap.domain import Extraction, Thread
from argmap.errors import NotFound, QueryError
from argmap.store import repository
from argmap.store.db import make_engine
from tests.conftest import ROOT
from tests.query.conftest import build, store, stored

TOPICS = ["open weight model", "open weight", "gpt 4"]

FIRST = build("t1", "Caught up?", [
    ("1", None, "alice", 10, [("claim", "I think open-weight models are as good as GPT-4 now.", TOPICS)]),
    ("2", "1", "bruno", 11, [("claim", "Open-weight models are not as good as GPT-4.", TOPICS)]),
], relations=[(1, 0, "attack")])
SECOND = build("t2", "Costs", [
    ("a", None, "chen", 12, [("claim", "Open-weight models are cheaper than GPT-4.", TOPICS)]),
    ("b", "a", "dana", 13, [("claim", "Open weight models are already as good as GPT-4.", TOPICS)]),
    ("c", "b", "emil", 14, [("claim", "I disagree, they break on long prompts.", ["long prompt"])]),
], relations=[(2, 1, "attack")])
THIRD = build("t3", "Benchmarks", [
    ("x", None, "farah", 15, [("claim", "Benchmark results are out.", ["benchmark result"])]),
    ("y", "x", "gus", 16, [("claim", "Honestly, open-weight models are as good as GPT-4 for most tasks.",
                            [*TOPICS, "task"]),
                           ("premise", "Blind user votes show it.", ["blind user vote"])]),
], relations=[(2, 1, "support")])


def _members(engine: Engine) -> list[tuple[str, str, float]]:
    with engine.connect() as conn:
        return [(c, u, s) for c, u, s in conn.execute(text(
            "SELECT claim_id, unit_id, similarity FROM tracked_member ORDER BY claim_id, unit_id")).all()]


def _ids(pair: tuple[Thread, Extraction], *indexes: int) -> set[str]:
    thread, extraction = pair
    return {extraction.units[i].id(thread.key) for i in indexes}


def test_tracking_merges_a_restatement_across_three_threads(engine: Engine) -> None:
    for pair in (FIRST, SECOND, THIRD):
        store(engine, *pair)  # one thread at a time, as ingest does: linking is incremental
    members = _members(engine)
    assert len({c for c, _, _ in members}) == 1
    assert {u for _, u, _ in members} == _ids(FIRST, 0) | _ids(SECOND, 1) | _ids(THIRD, 1)
    # The negation and the look-alike that shares every word but one are left out.
    assert not ({u for _, u, _ in members} & (_ids(FIRST, 1) | _ids(SECOND, 0)))


def test_tracking_keeps_the_evidence_and_follows_the_claim_in_time(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    for pair in (THIRD, SECOND, FIRST):  # ingested out of time order
        store(engine, *pair)
    engine.dispose()
    settings = Settings(db=str(path))
    info = track("open-weight models are as good as GPT-4", settings=settings)
    assert info.id is not None and info.id.startswith("c-")
    assert [m.author for m in info.members] == ["alice", "dana", "gus"]  # time order, not ingest order
    assert info.text == "Honestly, open-weight models are as good as GPT-4 for most tasks."  # first stored
    alice, dana, gus = info.members
    assert alice.attacks[0].text == "Open-weight models are not as good as GPT-4." and alice.label == "out"
    assert dana.attacks[0].author == "emil"
    assert gus.supports[0].text == "Blind user votes show it." and gus.label == "in"
    assert gus.similarity == 1.0 and gus.reason == "canonical wording"
    assert 0.6 <= alice.similarity < 1.0
    assert {"open", "weight", "model", "good", "gpt", "4"} <= set(alice.shared_terms)
    assert "open weight model" in alice.shared_phrases and "restates" in alice.reason
    # By unit id and by tracked claim id, the same claim.
    assert track(alice.unit, settings=settings).id == info.id
    assert [m.unit for m in track(info.id, settings=settings).members] == [m.unit for m in info.members]


def test_tracking_a_claim_stated_once_has_one_appearance(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    store(engine, *SECOND)
    engine.dispose()
    info = track("Open-weight models are cheaper than GPT-4.", settings=Settings(db=str(path)))
    assert info.id is None and [m.author for m in info.members] == ["chen"]
    with pytest.raises(NotFound, match="argmap search"):
        track("zebras unicycles", settings=Settings(db=str(path)))
    # one word in common ("models") is no match for a claim of several
    with pytest.raises(NotFound, match="argmap search"):
        track("zebras and unicycles are models of balance at night", settings=Settings(db=str(path)))
    # most of the claim's words, in other order and form, still find it
    near = track("open-weight models are cheap to run", settings=Settings(db=str(path)))
    assert [m.author for m in near.members] == ["chen"] and near.found_by is not None
    assert "closest shares" in near.found_by and "model" in near.found_by
    assert track(info.members[0].unit, settings=Settings(db=str(path))).found_by is None  # an id: nothing to match
    with pytest.raises(NotFound):
        track("c-0000000000000000", settings=Settings(db=str(path)))


def test_tracking_reingest_is_idempotent_and_prunes(engine: Engine) -> None:
    for pair in (FIRST, SECOND, THIRD):
        store(engine, *pair)
    before = _members(engine)
    for pair in (FIRST, SECOND, THIRD):
        store(engine, *pair)
    assert _members(engine) == before
    # The second thread changes: its restatement is gone, the other two still meet.
    changed = build("t2", "Costs", [("a", None, "chen", 12, [("claim", "GPUs cost a lot.", ["gpu"])])])
    store(engine, *changed)
    assert {u for _, u, _ in _members(engine)} == _ids(FIRST, 0) | _ids(THIRD, 1)
    # The first changes too: a claim with a single member is no tracked claim.
    store(engine, *build("t1", "Caught up?", [("1", None, "alice", 10, [("claim", "Bikes beat cars.", [])])]))
    assert _members(engine) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM tracked_claim")).scalar_one() == 0


def test_tracking_within_one_thread(engine: Engine) -> None:
    pair = build("solo", "Solo", [
        ("1", None, "ann", 1, [("claim", "Remote work makes teams more productive.", ["remote work", "team"])]),
        ("2", "1", "bob", 2, [("claim", "Remote work makes teams less productive.", ["remote work", "team"])]),
        ("3", "1", "cy", 3, [("claim", "Honestly remote work does make teams more productive.", ["remote work"])]),
        # ann's words asked back, and all of them said again, by someone else in her thread: a question and a
        # quotation, not a third person stating the claim
        ("4", "3", "dee", 4, [("claim", "Remote work makes teams more productive?", ["remote work"]),
                              ("claim", "Well, remote work makes teams more productive.", ["remote work"])]),
    ])
    store(engine, *pair)
    assert {u for _, u, _ in _members(engine)} == _ids(pair, 0, 2)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT DISTINCT model FROM tracked_member")).scalars().all() == ["argmap.tracking.v7"]


@pytest.mark.slow
def test_tracking_corpus_through_the_pipeline(tmp_path: Path) -> None:
    from argmap import ingest

    settings = Settings(db=str(tmp_path / "t.db"))
    report = ingest([str(ROOT / "tests" / "data" / "tracking")], settings=settings)
    assert report.ok and len(report.threads) == 3
    info = track("open-weight models are as good as GPT-4", settings=settings)
    assert [m.author for m in info.members] == ["alice", "dana", "gus"]
    assert len({m.thread for m in info.members}) == 3
    texts = " ".join(m.text for m in info.members)
    assert "not as good" not in texts and "cheaper" not in texts
    assert info.members[0].attacks  # bruno's denial answers alice


def test_tracking_words_prefer_a_unit_that_says_it_the_same_way_round(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    store(engine, *build("dp", "Death penalty", [
        ("1", None, "ann", 1, [("claim", "The death penalty does not deter crime at all.", [])]),
        ("2", "1", "bob", 2, [("claim", "Fines deter crime better than prisons.", [])])]))
    engine.dispose()
    settings = Settings(db=str(path))
    # every word is in the denial, so the full-text search finds it; the answer must say it is the opposite
    found = track("the death penalty deters crime", settings=settings)
    assert found.members[0].text.startswith("The death penalty does not")
    assert found.found_by is not None and "says the opposite" in found.found_by
    same = track("the death penalty does not deter crime", settings=settings)
    assert same.found_by is not None and "opposite" not in same.found_by


NOTHING = build("t9", "Replies", [
    ("p", None, "hal", 20, [("claim", "Nothing.", [])]),
    ("q", "p", "ivy", 21, [("claim", "No. Not perfect, not bad.", [])]),
    ("r", "q", "jo", 22, [("claim", "Nothing went wrong with the night buses at all whatsoever.", ["night bus"])]),
])


@pytest.mark.parametrize("words", ["nothing-like-this", "not that", "it is what it is", "I don't think so"])
def test_tracking_words_that_are_all_stop_words_match_nothing(tmp_path: Path, words: str) -> None:
    """``argmap track nothing-like-this`` followed the unit "Nothing.": every word but the negation was a stop word,
    and the full-text search keeps negations. Such words are refused, naming them and the fix."""
    engine = make_engine(str(tmp_path / "t.db"))
    repository.init_db(engine)
    store(engine, *NOTHING)
    engine.dispose()
    with pytest.raises(QueryError, match=r"holds no word that tells one claim from another \(") as info:
        track(words, settings=Settings(db=str(tmp_path / "t.db")))
    assert "stop words, negations and hedges); give more of the claim's own words" in str(info.value)
    assert "argmap claims --topic WORDS" in str(info.value)


@pytest.mark.parametrize(("words", "said"), [
    ("C++", "(c: stop words, negations, hedges and single letters)"),  # "c" is no stop word, it is one letter
    ("???", "(no letter or digit)"),  # was "(no words: stop words, negations and hedges)"
])
def test_tracking_words_without_a_content_word_are_named_for_what_they_are(tmp_path: Path, words: str,
                                                                           said: str) -> None:
    settings = _stored(tmp_path, NOTHING)
    with pytest.raises(QueryError, match="holds no word that tells one claim from another") as info:
        track(words, settings=settings)
    assert f"{words!r} holds no word that tells one claim from another {said}; give more" in str(info.value)


LONG = build("long", "Long", [
    ("1", None, "kai", 1, [("claim", "Xbox studios walked back scummy microtransactions in Halo, Gears and Forza "
                                     "after players complained loudly, yet Arkadium keeps them.",
                            ["microtransaction"])]),
])


def test_tracking_words_past_the_searched_ones_are_said_to_be_left_out(tmp_path: Path) -> None:
    """Words of more than 12 followed the unit that held the first 12 "best holds all of the words", though the
    search had looked for those 12 only."""
    settings = _stored(tmp_path, LONG)
    pasted = ("Xbox studios walked back scummy microtransactions in Halo, Gears and Forza after players complained "
              "loudly, yet Arkadium keeps them, and penguins never walk back anything")
    found = track(pasted, settings=settings)
    assert found.members[0].text.startswith("Xbox studios walked back")
    assert found.found_by is not None and found.found_by.startswith(
        "the stored unit that best holds the first 12 of its words (the others, 'Arkadium', 'keeps', 'penguins', "
        "'never', ..., were not searched for)")  # "never" makes it no restatement, so the search decides
    short = track("Xbox studios walked back microtransactions", settings=settings)
    assert short.found_by == "the stored unit that best holds all of the words"


def _stored(tmp_path: Path, *threads: tuple[Thread, Extraction]) -> Settings:
    engine = make_engine(str(tmp_path / "t.db"))
    repository.init_db(engine)
    for pair in threads:
        store(engine, *pair)
    engine.dispose()
    return Settings(db=str(tmp_path / "t.db"))


def test_tracking_words_sharing_one_content_word_match_nothing(tmp_path: Path) -> None:
    """"nothing at all whatsoever" followed a unit holding "whatsoever", its one content word, and not "nothing":
    one word in common is a coincidence, as one word of several is."""
    engine = make_engine(str(tmp_path / "t.db"))
    repository.init_db(engine)
    store(engine, *NOTHING)
    engine.dispose()
    settings = Settings(db=str(tmp_path / "t.db"))
    with pytest.raises(NotFound, match=r"no unit holds all of its words, nor two and at least half of whatsoever;"):
        track("never at all, whatsoever", settings=settings)
    with pytest.raises(NotFound, match="argmap claims --topic WORDS or argmap search WORDS"):
        track("buses are late", settings=settings)
    found = track("the night buses were late", settings=settings)  # two content words of three: still the closest
    assert found.members[0].author == "jo" and found.found_by is not None and "closest shares" in found.found_by
    assert track("whatsoever", settings=settings).members[0].author == "jo"  # one word typed, held: found


def _remote(key: str, author: str, day: int, words: str) -> tuple[Thread, Extraction]:
    return build(key, key, [("1", None, author, day, [("claim", words, ["remote work"])])])


def _unit(pair: tuple[Thread, Extraction]) -> str:
    return next(iter(_ids(pair, 0)))


FIRST_WORDING = _remote("r1", "ann", 1, "Remote work makes software teams more productive.")
SAID = _remote("r3", "cy", 3, "Honestly, remote work makes software teams more productive, in my experience.")


@pytest.mark.parametrize("gone", ["deleted", "changed"])
def test_issue6_tracking_drops_members_that_do_not_restate_the_new_canonical_wording(tmp_path: Path,
                                                                                     gone: str) -> None:
    # "far more" and "in my experience" each restate the first wording, but neither restates the other: with the
    # first gone (its thread deleted or ingested again without it), the two stayed one tracked claim.
    from argmap.api import delete_threads

    far = _remote("r2", "bob", 2, "Remote work makes software teams far more productive.")
    settings = stored(tmp_path / "t.db", FIRST_WORDING, far, SAID)
    assert len(track(_unit(FIRST_WORDING), settings=settings).members) == 3
    if gone == "deleted":
        delete_threads("r1", settings=settings)
    else:
        engine = make_engine(str(settings.db))
        store(engine, *_remote("r1", "ann", 1, "Bikes beat cars in every city."))
        engine.dispose()
    for pair in (far, SAID):
        info = track(_unit(pair), settings=settings)
        assert info.id is None and len(info.members) == 1


def test_tracking_takes_the_new_words_of_a_canonical_unit_edited_in_place(tmp_path: Path) -> None:
    # A post edited in place ("the" mended to "new": the unit's span, and so its id, unchanged) kept its tracked
    # claim in the old words, which no unit said any more, and a member that restates only the old words stayed.
    first = _remote("r1", "ann", 1, "Remote work makes the software teams more productive.")
    same = _remote("r2", "bob", 2, "Remote work makes software teams more productive.")
    settings = stored(tmp_path / "t.db", first, same, SAID)
    assert len(track(_unit(first), settings=settings).members) == 3
    edited = _remote("r1", "ann", 1, "Remote work makes new software teams more productive.")
    assert _unit(edited) == _unit(first)
    engine = make_engine(str(settings.db))
    store(engine, *edited)
    with engine.connect() as conn:
        stale = conn.execute(text("SELECT c.id FROM tracked_claim c JOIN unit u ON u.id = c.canonical_unit_id "
                                  "WHERE u.text != c.text")).all()
    engine.dispose()
    assert stale == []
    info = track(_unit(edited), settings=settings)
    assert info.text == "Remote work makes new software teams more productive."
    assert info.canonical_unit == _unit(edited) and [m.author for m in info.members] == ["ann", "bob"]
    assert track(_unit(SAID), settings=settings).id is None  # restates the old words, not the new ones


def test_issue6_tracking_members_name_the_new_canonical_unit_they_restate(tmp_path: Path) -> None:
    # With the first wording deleted, the same words stated in another thread become the canonical wording; a
    # member's reason named the deleted unit ("restates u-..."), and the new canonical's did not say it was one.
    from argmap.api import delete_threads

    again = _remote("r4", "dee", 4, "Remote work makes software teams more productive.")
    settings = stored(tmp_path / "t.db", FIRST_WORDING, again, SAID)
    delete_threads("r1", settings=settings)
    info = track(_unit(again), settings=settings)
    assert [m.author for m in info.members] == ["cy", "dee"] and info.canonical_unit == _unit(again)
    assert info.text == "Remote work makes software teams more productive."
    reasons = {m.unit: m.reason for m in info.members}
    assert reasons[_unit(again)] == "canonical wording"
    assert reasons[_unit(SAID)].startswith(f"restates {_unit(again)}: shares remote")
    assert all(_unit(FIRST_WORDING) not in r for r in reasons.values())


@pytest.mark.parametrize("pad", [" {}", "{} ", "\t{}\n"])
def test_issue6_tracking_a_claim_id_copied_with_spaces_around_it(tmp_path: Path, pad: str) -> None:
    # A unit id with a space around it was followed, a tracked claim's was not: " c-..." was refused as "a tracked
    # claim id, not a unit id; follow it with: argmap track c-...", the command just given.
    settings = stored(tmp_path / "t.db", FIRST_WORDING, SAID)
    claim = track(_unit(SAID), settings=settings).id
    assert claim is not None
    assert track(pad.format(claim), settings=settings).id == claim
    assert track(pad.format(_unit(SAID)), settings=settings).id == claim


def test_issue6_tracking_words_that_start_like_a_claim_id(tmp_path: Path) -> None:
    # Any text starting "c-" was taken for a tracked claim's id: "c-sections ..." answered "no tracked claim".
    pair = build("cs", "Births", [
        ("1", None, "ann", 1, [("claim", "Hospitals perform far too many elective c-sections nowadays.", [])])])
    settings = stored(tmp_path / "t.db", pair)
    info = track("c-sections hospitals elective", settings=settings)
    assert [m.unit for m in info.members] == [next(iter(_ids(pair, 0)))] and info.found_by is not None


def test_tracking_a_claim_id_prefix_is_followed_as_a_unit_id_prefix_is(tmp_path: Path) -> None:
    """``track`` took a unit id's prefix but not a tracked claim id's: ``show`` names the claim (``argmap track
    c-...``), and a part of that id copied answered "no tracked claim", while ``show c-7`` itself suggested
    ``argmap track c-7``."""
    settings = stored(tmp_path / "t.db", FIRST_WORDING, SAID)
    claim = track(_unit(SAID), settings=settings).id
    assert claim is not None
    assert track(claim[:6], settings=settings).id == claim
    assert track(f" {claim[:-1]} ", settings=settings).id == claim
    with pytest.raises(NotFound, match=r"no tracked claim 'c-ffffffff'; .*argmap show UNIT"):
        track("c-ffffffff", settings=settings)


def test_tracking_an_ambiguous_claim_id_prefix_lists_the_claims_it_starts(tmp_path: Path) -> None:
    """A prefix several tracked claims share names some of them, as an ambiguous unit id prefix does."""
    other_first = _remote("r5", "eve", 5, "Night trains save travellers a hotel bill on long journeys.")
    other_again = _remote("r6", "fay", 6, "Night trains save travellers a hotel bill on long journeys.")
    settings = stored(tmp_path / "t.db", FIRST_WORDING, SAID, other_first, other_again)
    ids = sorted({track(_unit(p), settings=settings).id or "" for p in (SAID, other_again)})
    assert len(ids) == 2 and all(ids)
    with pytest.raises(NotFound, match=rf"several tracked claim ids start with 'c-' \({ids[0]}, {ids[1]}\)"):
        track("c-", settings=settings)


LONGER = "Remote work makes software teams more productive, calmer and happier."


def test_tracking_copies_of_one_wording_make_one_tracked_claim(engine: Engine) -> None:
    """One author wrote a shorter wording, then the longer one three times. The shorter one first took one copy
    of the longer; the next copy then preferred the third (the same words, in no claim yet) to that claim, and
    started a second tracked claim of the same words: ``track`` on either showed two of the four appearances."""
    pair = build("copies", "Copies", [
        ("1", None, "bob", 1, [("claim", "Remote work makes software teams more productive.", ["remote work"])]),
        *[(str(n), "1", "bob", n, [("claim", LONGER, ["remote work"])]) for n in (2, 3, 4)],
    ])
    store(engine, *pair)
    members = _members(engine)
    assert len({c for c, _, _ in members}) == 1 and {u for _, u, _ in members} == _ids(pair, 0, 1, 2, 3)


def test_tracking_a_new_claim_takes_the_stored_unit_both_of_its_first_members_restate(engine: Engine) -> None:
    """A stored unit that two new units both restate (they are the same words) was left out of the claim they
    started with each other, the better match: following it said "not restated elsewhere"."""
    first = _remote("r1", "ann", 1, "Remote work makes software teams more productive.")
    store(engine, *first)
    pair = build("copies", "Copies", [(str(n), None, "bob", n, [("claim", LONGER, ["remote work"])]) for n in (2, 3)])
    store(engine, *pair)
    members = _members(engine)
    assert len({c for c, _, _ in members}) == 1 and {u for _, u, _ in members} == _ids(first, 0) | _ids(pair, 0, 1)


def test_tracking_never_merges_a_unit_with_one_that_attacks_it(engine: Engine) -> None:
    """A reply that disagrees in its parent's words ("Neither side empowers anyone who executed your family" to
    "when one side empowers those that executed my family ..., it is no longer a disagreement") was merged with
    it: ``track`` showed the attack as a second appearance of the claim it attacks."""
    pair = build("apart", "Apart", [
        ("1", None, "ann", 1, [("claim", LONGER, ["remote work"])]),
        ("2", "1", "bob", 2, [("claim", "Remote work makes software teams happier.", ["remote work"])]),
    ], relations=[(1, 0, "attack")])
    store(engine, *pair)
    assert _members(engine) == []


def test_tracking_drops_a_member_that_attacks_the_new_canonical_unit(tmp_path: Path) -> None:
    """With the canonical unit gone, the members are compared with the new one's words again; one that attacks it
    stayed, merged with the unit it denies."""
    from argmap.api import delete_threads

    pair = build("t2", "Replies", [
        ("a", None, "bob", 2, [("claim", "Remote work makes software teams more productive.", ["remote work"])]),
        ("b", "a", "cy", 3, [("claim", "Remote work makes software teams happier and more productive.",
                              ["remote work"])]),
    ], relations=[(1, 0, "attack")])
    settings = stored(tmp_path / "t.db", FIRST_WORDING, pair)
    assert len(track(_unit(FIRST_WORDING), settings=settings).members) == 3
    delete_threads("r1", settings=settings)
    for unit in _ids(pair, 0, 1):
        info = track(unit, settings=settings)
        assert info.id is None and len(info.members) == 1


def test_tracking_ids_typed_in_capitals_are_the_ids(tmp_path: Path) -> None:
    """A unit or tracked claim id in capitals ("U-94D3...", as a spreadsheet or a phone gives it back) was read
    as the words of a claim: track answered that no stored claim holds the words "94d3...", and show and
    evidence for that no unit has the id."""
    from argmap import api, show

    path = tmp_path / "t.db"
    engine = make_engine(str(path))
    repository.init_db(engine)
    for pair in (FIRST, SECOND, THIRD):
        store(engine, *pair)
    engine.dispose()
    settings = Settings(db=str(path))
    info = track("open-weight models are as good as GPT-4", settings=settings)
    assert info.id is not None
    unit = info.members[0].unit
    assert track(info.id.upper(), settings=settings).id == info.id
    assert track(f" {unit.upper()} ", settings=settings).id == info.id
    assert track(unit[:10].upper(), settings=settings).id == info.id  # a prefix too
    assert show(unit.upper(), settings=settings).root.id == unit
    assert api.evidence_for(unit.upper(), settings=settings).unit.id == unit
