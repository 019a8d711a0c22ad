"""The API as a notebook meets it: arguments it refuses with a typed error naming them, threads built by hand,
and results that turn into JSON as the command line prints them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import argmap.api
from argmap import Post, Settings, Thread
from argmap.api import (
    add_documents,
    claims,
    evaluate,
    evidence_for,
    export,
    ingest,
    read_thread,
    search,
    show,
    thread_graph,
    topics,
)
from argmap.errors import InputError, QueryError, SettingsError, UnknownFormat
from tests.cli.conftest import Cli
from tests.conftest import CORPORA


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Cli]:
    """The sample thread and the evidence library, stored once for the module."""
    db = tmp_path_factory.mktemp("nb") / "argmap.db"
    settings = Settings(db=str(db))
    report = ingest(CORPORA / "hn-open-models.txt", settings=settings)
    assert report.ok, report.failures
    return settings, Cli(db)


@pytest.mark.parametrize(("field", "value"), [("db", None), ("db", 3), ("model", 5)])
def test_settings_refuse_what_is_no_string(field: str, value: object) -> None:
    """``Settings(db=os.environ.get("UNSET"))`` was taken, and failed later deep in the store."""
    with pytest.raises(SettingsError, match=rf"Settings\({field}={value!r}\): {field} must be"):
        Settings(**{field: value})  # type: ignore[arg-type]


def test_contradicting_arguments_are_refused_as_the_cli_refuses_them(stored: tuple[Settings, Cli]) -> None:
    settings, _ = stored
    with pytest.raises(QueryError, match="--attacked and --unanswered contradict"):
        claims("open source", settings=settings, attacked=True, unanswered=True)
    with pytest.raises(QueryError, match="leave nothing to search"):
        search("open source", settings=settings, units=False, posts=False)


def test_times_are_read_from_strings_as_since_reads_them(stored: tuple[Settings, Cli]) -> None:
    settings, _ = stored
    # A pasted thread has no dates: nothing passes a since, whichever way it is given, and nothing fails.
    assert claims(None, settings=settings, since="2020-11-08") == []
    assert claims(None, settings=settings, since=datetime(2020, 11, 8)) == []
    assert list(search("hardware", settings=settings, since="2020-11-08T14:00:00Z")) == []
    assert search("hardware", settings=settings)  # the word is there: the since is what left it out
    with pytest.raises(QueryError, match=r"since='yesterday': 'yesterday' is not a date"):
        claims(None, settings=settings, since="yesterday")
    with pytest.raises(QueryError, match=r"answered_since=20201108: give a datetime or a string"):
        claims(None, settings=settings, answered_since=20201108)  # type: ignore[arg-type]


def test_times_past_the_range_of_utc_are_refused_as_the_cli_refuses_them(stored: tuple[Settings, Cli]) -> None:
    """9999-12-31T23:59-01:00 is past the last time there is in UTC: the CLI says so (exit 2), the API raised
    OverflowError from inside the query, which no ``except ArgmapError`` catches."""
    from datetime import timedelta, timezone

    settings, _ = stored
    with pytest.raises(QueryError, match=r"since='9999-12-31T23:59-01:00' is out of the range of times, in UTC"):
        claims(None, settings=settings, since="9999-12-31T23:59-01:00")
    with pytest.raises(QueryError, match=r"answered_since='0001-01-01T00:00\+01:00' is out of the range of times"):
        claims(None, settings=settings, answered_since="0001-01-01T00:00+01:00")
    with pytest.raises(QueryError, match=r"since=datetime.datetime\(9999, 12, 31, 23, 0, tzinfo=.* is out of the"):
        search("hardware", settings=settings, since=datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))))
    # within the range, an offset is converted: noon at UTC+1 is 11:00 UTC
    assert claims(None, settings=settings, since="9999-12-31T12:00+01:00") == []


def test_wrong_values_get_an_error_naming_the_argument(stored: tuple[Settings, Cli]) -> None:
    settings, _ = stored
    with pytest.raises(QueryError, match=r"show\(None\): give a unit id"):
        show(None, settings=settings)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="format=None: give one of json, aif"):
        export(settings=settings, format=None)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="extractor='en_core_web_sm': give an Extractor"):
        ingest(CORPORA / "hn-open-models.txt", settings=settings, extractor="en_core_web_sm")  # type: ignore[arg-type]


def test_results_turn_into_json_as_the_cli_prints_them(stored: tuple[Settings, Cli], tmp_path: Path) -> None:
    """``json.dumps(dataclasses.asdict(show(...)))`` failed on the pydantic models inside; ``as_dict`` gives
    what ``--json`` prints."""
    settings, cli = stored
    hit = claims("open source", settings=settings)[0]
    tree = show(hit.id, settings=settings)
    assert json.loads(json.dumps(tree.as_dict())) == cli.json("show", hit.id)
    assert json.loads(json.dumps(topics(settings=settings).as_dict())) == cli.json("topics")
    assert json.loads(json.dumps(evidence_for(hit.id, settings=settings).as_dict())) == cli.json("evidence", "for",
                                                                                                 hit.id)
    again = ingest(CORPORA / "hn-open-models.txt", settings=settings).as_dict(messages=True)
    assert json.loads(json.dumps(again))["threads"][0]["changes"]["status"] == "unchanged"
    assert set(again) == {"threads", "failures", "notes", "warnings", "messages"}
    added = add_documents(CORPORA / "evidence" / "library", settings=settings, link=False).as_dict()
    assert json.loads(json.dumps(added))["added"] and added["failures"] == []


def _thread(*posts: Post) -> Thread:
    return Thread("hand-built", "python", "<notebook>", posts=list(posts))


@pytest.mark.parametrize(("posts", "message"), [
    ((Post("1", None, "ann", "Buses should be free."), Post("2", "2", "ben", "No, they cost money.")),
     "post '2': its parent '2' is no earlier post"),
    ((Post("1", None, "ann", "Buses should be free."), Post("1", None, "ben", "No, they cost money.")),
     "post '1': its id is given to an earlier post too"),
    ((Post("1", "2", "ann", "Buses should be free."), Post("2", "1", "ben", "No, they cost money.")),
     "post '1': its parent '2' is no earlier post"),
    ((Post("1", None, "ann", None),),  # type: ignore[arg-type]
     "post '1': its text is NoneType, not a string"),
    ((Post("1", None, 7, "Buses should be free."),),  # type: ignore[arg-type]
     "post '1': its author is int, not a string or None"),
    ((Post(1, None, "ann", "Buses should be free."),),  # type: ignore[arg-type]
     r"a post id is int \(1\), not a string"),
])
def test_a_thread_built_by_hand_is_checked_before_extraction(posts: tuple[Post, ...], message: str) -> None:
    """A post naming itself as parent gave a unit attacking itself, a repeated id a support of a unit for itself;
    text ``None`` failed deep inside the extraction."""
    thread = _thread(*posts)
    with pytest.raises(InputError, match=message) as caught:
        thread.check()
    assert "read_thread()" in str(caught.value)  # the fix
    with pytest.raises(InputError, match=message):
        thread_graph(thread, extraction=None)  # refused before any pipeline is loaded


def test_a_thread_read_or_built_right_passes_the_check() -> None:
    from argmap import read_thread

    read_thread(CORPORA / "hn-open-models.txt").check()
    _thread(Post("1", None, None, "Buses should be free."), Post("2", "1", "ben", "No, they cost money.")).check()


#: The API as a notebook without a type checker calls it: wrong types are what these tests give.
_nb: Any = argmap.api
_WRONG_TYPES: list[tuple[str, Callable[[Settings], object], str]] = [
    ("analyze thread", lambda s: _nb.analyze(settings=s, thread=3), r"thread=3 is no text: give a thread's id"),
    ("stats thread", lambda s: _nb.stats(settings=s, thread=["hn-open-models"]), r"thread=\['hn-open-models'\] is no"),
    ("export thread", lambda s: _nb.export(settings=s, thread=3), "thread=3 is no text"),
    ("map_graph thread", lambda s: _nb.map_graph(settings=s, thread=3), "thread=3 is no text"),
    ("claims topic", lambda s: _nb.claims(["open source"], settings=s), r"topic=\['open source'\] is no text"),
    ("claims kind", lambda s: _nb.claims("open source", settings=s, kind=1), "kind=1 is no text: give 'claim' or"),
    ("claims label", lambda s: _nb.claims("open source", settings=s, label=0), "label=0 is no text: give 'in', 'out'"),
    ("claims author", lambda s: _nb.claims(None, settings=s, author=7), "author=7 is no text"),
    ("search text", lambda s: _nb.search(None, settings=s), "text=None is no text: give the words"),
    ("search author", lambda s: _nb.search("open", settings=s, author=7), "author=7 is no text"),
    ("track ref", lambda s: _nb.track(None, settings=s), "ref=None is no text: give a claim id, a unit id or"),
    ("find_author name", lambda s: _nb.find_author(None, settings=s), "name=None is no text"),
    ("evidence_for ref", lambda s: _nb.evidence_for(None, settings=s), "ref=None is no text: give a unit id"),
    ("evidence_sources topic", lambda s: _nb.evidence_sources(settings=s, topic=3), "topic=3 is no text"),
    ("map_graph topic", lambda s: _nb.map_graph(settings=s, topic=3), "topic=3 is no text"),
    ("map_graph claim", lambda s: _nb.map_graph(settings=s, claim=3), "claim=3 is no text: give a unit id"),
]


@pytest.mark.parametrize(("call", "message"), [(c, m) for _, c, m in _WRONG_TYPES],
                         ids=[name for name, _, _ in _WRONG_TYPES])
def test_api_text_argument_of_another_type_is_refused_naming_it(stored: tuple[Settings, Cli],
                                                                 call: Callable[[Settings], object],
                                                                 message: str) -> None:
    """``analyze(thread=3)``, ``claims(["open source"])``, ``track(None)``... failed deep inside as an
    AttributeError ('int' object has no attribute 'strip'), which no ``except ArgmapError`` catches and which names
    no argument."""
    settings, _ = stored
    with pytest.raises(QueryError, match=message):
        call(settings)


def test_api_format_of_another_type_is_refused_as_an_unknown_format(tmp_path: Path) -> None:
    """``read_thread(path, format=5)`` and ``evaluate(gold_format=5)`` failed on ``.lower()`` as an AttributeError."""
    with pytest.raises(UnknownFormat, match=r"format=5 is no reader's name") as caught:
        read_thread(CORPORA / "hn-open-models.txt", format=5)  # type: ignore[arg-type]
    assert "jsonl" in str(caught.value)  # the fix names the readers
    with pytest.raises(UnknownFormat, match=r"format=\['text'\] is no reader's name"):
        ingest(CORPORA / "hn-open-models.txt", settings=Settings(db=str(tmp_path / "x.db")),
               format=["text"])  # type: ignore[arg-type]
    with pytest.raises(UnknownFormat, match="no gold format called 5"):
        evaluate(str(tmp_path), gold_format=5)  # type: ignore[arg-type]


def test_api_thread_graph_of_a_path_names_read_thread() -> None:
    """``thread_graph("thread.jsonl")`` (the path where its thread belongs) failed as "'str' object has no
    attribute 'check'"; ``thread_graph(None)`` alike."""
    path = str(CORPORA / "hn-open-models.txt")
    with pytest.raises(TypeError, match=r"give a Thread, e.g. thread_graph\(read_thread\('.*hn-open-models.txt'\)\)"):
        thread_graph(path)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"thread=None: give a Thread"):
        thread_graph(None)  # type: ignore[arg-type]
    thread = _thread(Post("1", None, None, "Buses should be free."))
    with pytest.raises(TypeError, match=r"extraction=\[\]: give an Extraction"):
        thread_graph(thread, [])  # type: ignore[arg-type]


def test_api_predictions_made_by_hand_score_as_a_predictions_file(tmp_path: Path) -> None:
    """A researcher's own predictions, made in memory, needed a confidence, a model and a reason for each relation
    (``Relation(1, 0, "support")`` was a TypeError) though a unit needs none; scored with ``argmap.evaluate.score``
    they give what ``evaluate(predicted=FILE)`` gives for the same predictions."""
    from argmap import Relation, Unit
    from argmap.domain import Extraction
    from argmap.evaluate import load_brat, score

    text = "Cities should build bike lanes. They make streets safer. But they cost a lot."
    (tmp_path / "doc1.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "doc1.ann").write_text("T1\tClaim 0 31\tCities should build bike lanes.\n"
                                       "T2\tPremise 32 56\tThey make streets safer.\n"
                                       "T3\tPremise 57 77\tBut they cost a lot.\n"
                                       "R1\tsupports Arg1:T2 Arg2:T1\t\n"
                                       "R2\tattacks Arg1:T3 Arg2:T1\t\n", encoding="utf-8")
    gold = load_brat(tmp_path)
    mine = Extraction(units=[Unit("doc1", "claim", 0, 31, text[0:31]), Unit("doc1", "premise", 32, 56, text[32:56])],
                      relations=[Relation(1, 0, "support")])
    scores = score(gold, [mine])
    assert (scores.adu.f1, scores.rel_all.precision, scores.rel_all.recall) == (0.8, 1.0, 0.5)

    predicted = tmp_path / "mine.json"
    predicted.write_text(json.dumps({
        "posts": [{"id": "p1", "external_id": "doc1", "text": text}],
        "units": [{"id": "u1", "post": "p1", "kind": "claim", "start": 0, "end": 31},
                  {"id": "u2", "post": "p1", "kind": "premise", "start": 32, "end": 56}],
        "relations": [{"source": "u2", "target": "u1", "kind": "support"}]}), encoding="utf-8")
    [result] = evaluate(str(tmp_path / "doc1.ann"), predicted=predicted)
    assert result.scores.adu == scores.adu and result.scores.rel_all == scores.rel_all


def test_api_search_results_show_the_words_searched_for_in_a_notebook(stored: tuple[Settings, Cli]) -> None:
    """A notebook showed ``search(...)`` as its list of hits alone: an empty answer read ``[]``, not saying that the
    stop words of the query were left out."""
    settings, _ = stored
    results = search("nothing like this", settings=settings)
    shown = repr(results)
    assert shown.startswith("SearchResults([")
    assert shown.endswith("terms=['nothing'], ignored=['like', 'this'])")
    assert results == list(results)  # still the list of its hits


def test_api_extractor_shows_its_pipeline_in_a_notebook() -> None:
    """A notebook showed a loaded extractor as ``<argmap.nlp.extract.Extractor object at 0x7f...>``, not which
    pipeline the cell had loaded."""
    from argmap.api import load_extractor

    extractor = load_extractor()
    meta = extractor.nlp.meta
    assert repr(extractor) == f"Extractor(pipeline='{meta['lang']}_{meta['name']} {meta['version']}')"


def test_api_ingest_of_a_thread_in_memory_names_what_it_takes(tmp_path: Path) -> None:
    """``ingest(thread)`` with a Thread read or built in memory failed as "'Thread' object is not iterable",
    ``ingest([thread])`` as "expected str, bytes or os.PathLike object, not Thread", ``ingest(None)`` as "'NoneType'
    object is not iterable": none said what ingest takes, nor how such a thread is stored or mapped."""
    settings = Settings(db=str(tmp_path / "x.db"))
    thread = read_thread(CORPORA / "examples" / "example.jsonl")
    for given in (thread, [thread]):
        with pytest.raises(TypeError, match=r"is no path or name: give a string or a pathlib.Path.*JSON Lines.*"
                                            r"thread_graph\(thread\)"):
            ingest(given, settings=settings)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^None is no path or name: give a string or a pathlib\.Path, or a list"):
        ingest(None, settings=settings)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^3 is no path or name"):
        evaluate([3])  # type: ignore[list-item]
    # A path as bytes was taken apart into its numbers: "120 is no path or name".
    with pytest.raises(TypeError, match=r"^b'x\.txt' is no path or name"):
        ingest(b"x.txt", settings=settings)  # type: ignore[arg-type]
    assert not (tmp_path / "x.db").exists()


_WRONG_NUMBERS: list[tuple[str, Callable[[Settings], object], str]] = [
    ("claims limit str", lambda s: _nb.claims("open source", settings=s, limit="3"), r"limit='3': give a whole"),
    ("claims limit float", lambda s: _nb.claims("open source", settings=s, limit=2.5), r"limit=2\.5: give a whole"),
    ("topics limit bool", lambda s: _nb.topics(settings=s, limit=True), "limit=True: give a whole number, 1 or"),
    ("show depth str", lambda s: _nb.show("u-", settings=s, depth="2"), "depth='2': give a whole number, 0 or more"),
    ("export top str", lambda s: _nb.export(settings=s, format="md", top="2"), "top='2': give a whole number"),
    ("map min_confidence str", lambda s: _nb.map_graph(settings=s, min_confidence="0.5"),
     "min_confidence='0.5': give a number between 0 and 1"),
    ("export min_confidence None", lambda s: _nb.export(settings=s, min_confidence=None),
     "min_confidence=None: give a number between 0 and 1"),
    ("map hops str", lambda s: _nb.map_graph(settings=s, claim="u-", hops="2"), "hops='2': give a whole number, 0"),
    ("claims limit 0", lambda s: _nb.claims("open source", settings=s, limit=0), "--limit must be 1 or more, not 0"),
]


@pytest.mark.parametrize(("call", "message"), [(c, m) for _, c, m in _WRONG_NUMBERS],
                         ids=[name for name, _, _ in _WRONG_NUMBERS])
def test_api_count_or_threshold_of_another_type_is_refused_naming_it(stored: tuple[Settings, Cli],
                                                                      call: Callable[[Settings], object],
                                                                      message: str) -> None:
    """``claims(limit="3")`` failed as "'<' not supported between instances of 'str' and 'int'", naming no
    argument, ``map_graph(min_confidence="0.5")`` alike; ``limit=2.5`` reached the query."""
    settings, _ = stored
    with pytest.raises(QueryError, match=message):
        call(settings)


def test_api_count_of_numpy_is_taken_as_its_number(stored: tuple[Settings, Cli]) -> None:
    """A count a notebook computed with numpy is an integer, though no ``int``: it is taken as the number."""
    np = pytest.importorskip("numpy")
    settings, _ = stored
    assert len(claims("open source", settings=settings, limit=np.int64(1))) == 1
