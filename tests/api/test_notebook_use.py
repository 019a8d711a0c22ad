"""The API as a notebook meets it: arguments it refuses with a typed error naming them, threads built by hand,
and results that turn into JSON as the command line prints them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from argmap import Post, Settings, Thread
from argmap.api import (
    add_documents,
    claims,
    evidence_for,
    export,
    ingest,
    search,
    show,
    thread_graph,
    topics,
)
from argmap.errors import InputError, QueryError, SettingsError
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
