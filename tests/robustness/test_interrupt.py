"""Interrupting ``argmap ingest`` (SIGINT, SIGKILL) leaves a consistent database; running it again completes it.

The command ingests three JSON Lines threads, the middle one of 50,000 posts, in a subprocess. It is
interrupted once the first thread is stored, while the large one is being read or written. Afterwards the
database passes SQLite's integrity and foreign-key checks, every stored thread has exactly the post rows its
``posts`` count says, and running the same command again gives the counts of an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.robustness.corpus import big_jsonl

ROOT = Path(__file__).resolve().parents[2]
BIG_POSTS = 50_000


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    paths = []
    for name, posts in (("first", 40), ("big", BIG_POSTS), ("last", 30)):
        path = folder / f"{name}.jsonl"
        path.write_bytes(big_jsonl(posts, thread=name))
        paths.append(str(path))
    return paths


def command(db: str, inputs: list[str]) -> list[str]:
    return [sys.executable, "-m", "argmap", "--db", db, "ingest", "--no-extract", *inputs]


def run(db: str, inputs: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(db, inputs), capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env=_env())


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}


Counts = dict[str, tuple[int, int]]


def counts(url: str) -> Counts:
    """Per thread key: the ``posts`` the thread row records, and the post rows it has."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT t.key, t.posts, (SELECT count(*) FROM post p WHERE p.thread_id = t.id) "
                                     "FROM thread t")).all()
    finally:
        engine.dispose()
    return {key: (posts, stored) for key, posts, stored in rows}


def assert_consistent(found: Counts) -> None:
    for key, (posts, stored) in found.items():
        assert posts == stored, f"thread {key}: {posts} posts recorded, {stored} stored"


def sqlite_checks(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def wait_for_first_thread(process: subprocess.Popen[str], stored: Callable[[], int]) -> None:
    """Wait until the ingest has stored one thread, and a little more, while it is still running."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if stored() >= 1:
                break
        except Exception:  # the schema may not exist yet
            pass
        time.sleep(0.05)
    time.sleep(0.3)  # into the next thread
    assert process.poll() is None, "the ingest finished before it could be interrupted"


def interrupt_after_first_thread(db: str, inputs: list[str], url: str, how: signal.Signals,
                                 stored: Callable[[], int]) -> subprocess.CompletedProcess[str]:
    """Start the ingest, wait until one thread is stored, then send ``how``."""
    process = subprocess.Popen(command(db, inputs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=ROOT, env=_env())
    try:
        wait_for_first_thread(process, stored)  # now reading or writing the 50,000-post thread
        process.send_signal(how)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture(scope="module")
def reference(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Counts:
    """The counts of an uninterrupted run."""
    db = tmp_path_factory.mktemp("reference") / "argmap.db"
    result = run(str(db), inputs)
    assert result.returncode == 0, result.stderr
    found = counts(f"sqlite:///{db}")
    assert len(found) == 3 and found["jsonl:big"] == (BIG_POSTS, BIG_POSTS)
    return found


def sqlite_stored(path: Path) -> Callable[[], int]:
    def stored() -> int:
        if not path.exists():
            return 0
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM thread").fetchone()[0])

    return stored


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_interrupt_sqlite_leaves_consistent_database_and_rerun_completes(
        how: signal.Signals, inputs: list[str], reference: Counts, tmp_path: Path) -> None:
    db = tmp_path / "argmap.db"
    result = interrupt_after_first_thread(str(db), inputs, f"sqlite:///{db}", how, sqlite_stored(db))
    assert result.returncode != 0
    if how == signal.SIGINT:
        assert result.returncode == 130
        assert "Traceback" not in result.stderr + result.stdout
        assert "interrupted; 1 thread stored" in result.stderr, result.stderr
        assert "run the command again to finish" in result.stderr
    sqlite_checks(db)
    partial = counts(f"sqlite:///{db}")
    assert_consistent(partial)
    assert "jsonl:first" in partial and "jsonl:last" not in partial
    again = run(str(db), inputs)
    assert again.returncode == 0, again.stderr
    sqlite_checks(db)
    assert counts(f"sqlite:///{db}") == reference


def test_interrupt_postgresql_sigkill_leaves_consistent_database(
        inputs: list[str], reference: Counts, request: pytest.FixtureRequest) -> None:
    cluster = request.getfixturevalue("pg")
    url = str(cluster.new_database())

    def stored() -> int:
        return sum(1 for _ in counts(url))

    result = interrupt_after_first_thread(url, inputs, url, signal.SIGKILL, stored)
    assert result.returncode == -signal.SIGKILL
    partial = counts(url)
    assert_consistent(partial)
    assert "jsonl:first" in partial and "jsonl:last" not in partial
    again = run(url, inputs)
    assert again.returncode == 0, again.stderr
    assert counts(url) == reference


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_interrupt_while_a_stored_thread_grows_keeps_its_stored_version(
        how: signal.Signals, inputs: list[str], reference: Counts, db_url: str, tmp_path: Path) -> None:
    """A thread fetched again as it grew: interrupted while the new version is written, the version stored before
    stays whole (not deleted, not partly new), and running the command again stores the grown one."""
    url = db_url if "://" in db_url else f"sqlite:///{db_url}"
    earlier = tmp_path / "big.jsonl"  # the same thread as fetched early: the first 2,000 of its posts
    earlier.write_bytes(big_jsonl(2_000, thread="big"))
    assert run(db_url, [str(earlier)]).returncode == 0
    assert counts(url)["jsonl:big"] == (2_000, 2_000)

    def first_stored() -> int:
        return int("jsonl:first" in counts(url))

    result = interrupt_after_first_thread(db_url, inputs, url, how, first_stored)
    assert result.returncode == (130 if how == signal.SIGINT else -signal.SIGKILL), result.stderr
    if "://" not in db_url:
        sqlite_checks(Path(db_url))
    partial = counts(url)
    assert_consistent(partial)
    assert partial["jsonl:big"] == (2_000, 2_000) and "jsonl:last" not in partial
    again = run(db_url, inputs)
    assert again.returncode == 0, again.stderr
    assert counts(url) == reference


def ingest_with_workers(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, list[int]]:
    """Start ingesting three threads with two worker processes, in a process group of its own (as a terminal's
    job), and return once the first thread is stored and the workers extract the big one: the process, its
    SQLite file and its workers' process ids. The caller stops the process (``os.killpg(process.pid, ...)``
    reaches the whole group)."""
    from argmap.config import usable_cpus

    if usable_cpus() < 2:  # --workers runs at most one process a CPU
        pytest.skip("two worker processes need two CPUs")
    paths = []
    for name, posts in (("first", 40), ("big", 8_000), ("last", 30)):
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(big_jsonl(posts, thread=name))
        paths.append(str(path))
    db = tmp_path / "argmap.db"
    args = [sys.executable, "-m", "argmap", "--db", str(db), "--workers", "2", "ingest", *paths]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env=_env(), start_new_session=True)
    try:
        wait_for_first_thread(process, sqlite_stored(db))
        workers = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
        assert len(workers) >= 2
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return process, db, workers


@pytest.mark.slow
def test_interrupt_from_the_terminal_with_workers_prints_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the terminal's group, worker processes included: they leave it to the
    parent, which stops them and reports in one line, with the database consistent."""
    process, db, workers = ingest_with_workers(tmp_path)
    try:
        # The workers first, with time to print what they would: whether a worker's traceback makes it out
        # before the parent stops the pool is a race when the whole group is signalled at once.
        for worker in workers:
            os.kill(worker, signal.SIGINT)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in err
    assert "interrupted; 1 thread stored" in err, err
    sqlite_checks(db)
    assert_consistent(counts(f"sqlite:///{db}"))


def test_interrupt_sigterm_with_workers_stops_as_ctrl_c_does(tmp_path: Path) -> None:
    """SIGTERM to the command alone (``kill PID``, ``timeout``, a service stopping) ended it at once: its worker
    processes then printed BrokenPipeError tracebacks, and nothing said what was stored. Now it stops as Ctrl-C
    does, with status 143 (128 + SIGTERM)."""
    process, db, workers = ingest_with_workers(tmp_path)
    try:
        process.send_signal(signal.SIGTERM)  # the parent only
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 143, err
    time.sleep(0.5)  # a worker finding its parent gone printed its traceback after the parent's end
    assert "Traceback" not in out + err and "BrokenPipeError" not in err
    assert ("terminated; 1 thread stored whole, the rest not (a thread stopped mid-way is not stored); run the "
            "command again to finish") in err, err
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()
                and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]  # none left running
    sqlite_checks(db)
    assert_consistent(counts(f"sqlite:///{db}"))


def benchmark_with_workers(tmp_path: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """Start ``argmap benchmark --sections speed`` with two worker processes on a thread of 3,000 posts, in a
    process group of its own (as a terminal's job), and return once spaCy's ``nlp.pipe`` workers (the raw rate,
    measured first) are busy: the process and its workers' process ids. The caller stops the process."""
    path = tmp_path / "big.jsonl"
    path.write_bytes(big_jsonl(3_000, thread="big"))
    args = [sys.executable, "-m", "argmap", "--db", str(tmp_path / "argmap.db"), "--workers", "2", "benchmark",
            str(path), "--sections", "speed", "--runs", "1"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env=_env(), start_new_session=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while time.monotonic() < deadline and process.poll() is None and len(workers) < 2:
            time.sleep(0.05)
            workers = [int(pid) for pid in children.read_text().split()]
        time.sleep(1)  # into their first batches
        assert process.poll() is None and len(workers) >= 2, "the benchmark started no workers"
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return process, workers


def _running(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (a zombie is not)."""
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()
            and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]


def _stopped(process: subprocess.Popen[str], how: signal.Signals, *, group: bool) -> tuple[str, str]:
    """Send ``how`` to the process (or its whole group), and its output once it ends."""
    try:
        if group:
            os.killpg(process.pid, how)
        else:
            process.send_signal(how)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    time.sleep(0.5)  # a worker finding its parent gone printed its traceback after the parent's end
    return out, err


def _kill_group(process: subprocess.Popen[str]) -> None:
    """What is left of the process's group, workers left running included."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def test_interrupt_sigterm_stops_the_benchmark_as_it_stops_ingest(tmp_path: Path,
                                                                  request: pytest.FixtureRequest) -> None:
    """SIGTERM to ``argmap benchmark`` alone ended it at once and left spaCy's workers running; now it stops as
    ingest does: one line, status 143, no traceback, no worker left."""
    process, workers = benchmark_with_workers(tmp_path)
    request.addfinalizer(lambda: _kill_group(process))
    out, err = _stopped(process, signal.SIGTERM, group=False)
    assert process.returncode == 143, err
    assert "Traceback" not in out + err and "Error" not in err
    assert "terminated; the benchmark stopped before its report" in err, err
    assert not _running(workers)


def test_interrupt_a_closed_terminal_stops_the_benchmark_and_its_workers_quietly(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A closed terminal sends SIGHUP to every process of its group: spaCy's workers, forked with the parent's
    handler, each printed the traceback of its stop (``argmap.cli.app.HungUp``)."""
    process, workers = benchmark_with_workers(tmp_path)
    request.addfinalizer(lambda: _kill_group(process))
    out, err = _stopped(process, signal.SIGHUP, group=True)
    assert process.returncode == 129, err
    assert "Traceback" not in out + err and "HungUp" not in err, err
    assert "the benchmark stopped before its report" in err, err
    assert not _running(workers)


def test_interrupt_stops_the_benchmark_waiting_on_a_dead_worker(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A spaCy worker that dies (the kernel's out-of-memory killer) leaves ``nlp.pipe`` waiting for its batch for
    ever; SIGTERM must still stop the benchmark, and kill the other worker."""
    process, workers = benchmark_with_workers(tmp_path)
    request.addfinalizer(lambda: _kill_group(process))
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(1)
    out, err = _stopped(process, signal.SIGTERM, group=False)
    assert process.returncode == 143, err
    assert "terminated; the benchmark stopped before its report" in err and "Traceback" not in out + err
    assert not _running(workers)


@pytest.mark.slow
def test_interrupt_from_the_terminal_stops_the_benchmark_without_a_traceback(tmp_path: Path,
                                                                            request: pytest.FixtureRequest) -> None:
    """Ctrl-C reaches every process of the terminal's group: spaCy's workers printed a KeyboardInterrupt
    traceback each (and a warning that they did not complete); now only the parent's one line."""
    process, workers = benchmark_with_workers(tmp_path)
    request.addfinalizer(lambda: _kill_group(process))
    out, err = _stopped(process, signal.SIGINT, group=True)
    assert process.returncode == 130, err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in err and "W127" not in err
    assert "interrupted; the benchmark stopped before its report" in err, err
    assert not _running(workers)


def test_interrupt_after_a_thread_is_written_counts_it_as_stored(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C while the stored thread is labelled and tracked (long on PostgreSQL): the report must count it,
    # since the message after an interrupt says how many threads are stored
    import importlib

    from argmap import Settings
    from argmap.api import IngestReport, threads

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    ingest_module = importlib.import_module("argmap.api.ingest")  # argmap.api.ingest is also the function's name
    monkeypatch.setattr(ingest_module, "after_save", interrupted)
    source = tmp_path / "t.txt"
    source.write_text("Cats are better pets than dogs.\nNo, dogs are loyal.\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "i.db"))
    report = IngestReport()
    with pytest.raises(KeyboardInterrupt):
        ingest_module.ingest([str(source)], settings=settings, extract=False, report=report)
    assert [t.key for t in report.threads] == [t.key for t in threads(settings=settings)] != []


def test_interrupt_after_a_grown_thread_is_written_leaves_its_labels_stored(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Stopped while a thread fetched again is tracked (seconds on a big thread): its grounded labels went with the
    # version it replaced, so they must have been written with it, not in a step after it
    import importlib

    from sqlalchemy import create_engine

    from argmap import Settings

    ingest_module = importlib.import_module("argmap.api.ingest")
    source = tmp_path / "pets.txt"
    opening = "Discussion Title: Cats or dogs\n\n1. Cats are better pets than dogs.\n"
    source.write_text(opening + "1.1. Con: Dogs are more loyal than cats.\n", encoding="utf-8")
    settings = Settings(db=str(tmp_path / "i.db"))
    assert ingest_module.ingest([str(source)], settings=settings, format="kialo").ok

    def labelled() -> tuple[int, int]:
        engine = create_engine(f"sqlite:///{tmp_path / 'i.db'}")
        try:
            with engine.connect() as conn:
                return (int(conn.execute(text("SELECT count(*) FROM unit")).scalar_one()),
                        int(conn.execute(text("SELECT count(*) FROM unit_label")).scalar_one()))
        finally:
            engine.dispose()

    assert labelled() == (2, 2)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "after_save", interrupted)
    source.write_text(opening + "1.1. Con: Dogs are more loyal than cats.\n1.2. Pro: Cats need less care.\n"
                      "1.1.1. Con: Loyalty is not what makes a good pet.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest_module.ingest([str(source)], settings=settings, format="kialo")
    assert labelled() == (4, 4)


@pytest.mark.slow
def test_workers_of_a_killed_ingest_end_quietly(tmp_path: Path) -> None:
    """``kill -9`` of the ingest alone (not its group): its two workers each printed a BrokenPipeError traceback
    for every batch they could not send back (68 lines on a Reddit thread), where a killed command says nothing.
    They now end with it."""
    process, _db, workers = ingest_with_workers(tmp_path)
    try:
        process.kill()  # the parent only, as `kill -9 PID` does
        _out, err = process.communicate(timeout=60)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and "Z" not in
                                                   Path(f"/proc/{pid}/stat").read_text().split()[2]
                                                   for pid in workers):
            time.sleep(0.2)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert not any(Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
                   for pid in workers), "a worker outlived its killed parent"
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


# Runs the command line with a signal sent to itself once the -o file's new content is written, before it is
# put in place of the old one (as the moment a user's Ctrl-C or a `kill` may come).
_SIGNALLED_WRITE = """
import os, signal, sys
from argmap.cli import main
real, how = os.fsync, getattr(signal, sys.argv[1])
# As in a terminal's session, whatever the tests' own (a job started in the background ignores SIGINT, nohup SIGHUP)
signal.signal(how, signal.default_int_handler if how == signal.SIGINT else signal.SIG_DFL)
def fsync(fd):
    real(fd)
    os.kill(os.getpid(), how)
os.fsync = fsync
sys.argv = ["argmap", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGHUP"])
@pytest.mark.parametrize("command", [("export", "--format", "json"), ("render",)])
def test_interrupt_while_writing_an_output_keeps_the_earlier_file_and_leaves_no_partial(
        tmp_path: Path, how: str, command: tuple[str, ...]) -> None:
    """SIGTERM (or SIGHUP: the terminal closed) while a map or export was written ended the command at once: the
    new file, written beside the -o file to replace it, was left there (``.map.html.1a2b3c4d.partial``, as large
    as the map), and nothing was said. Now it stops as Ctrl-C does: the earlier file as it was, no partial file,
    one line, status 143 (129, 130)."""
    from tests.query.conftest import OPEN, stored

    settings = stored(tmp_path / "argmap.db", OPEN)
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "map.html"
    output.write_text("the map of yesterday", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _SIGNALLED_WRITE, how, "--db", settings.db, *command,
                             "-o", str(output)], capture_output=True, text=True, cwd=ROOT, timeout=120, env=_env())
    assert result.returncode == {"SIGTERM": 143, "SIGINT": 130, "SIGHUP": 129}[how], result.stderr
    assert os.listdir(folder) == ["map.html"] and output.read_text(encoding="utf-8") == "the map of yesterday"
    word = "interrupted" if how == "SIGINT" else "terminated"
    assert f"{word}; the command stopped before it finished" in result.stderr and "Traceback" not in result.stderr


# The command line as its console script starts it, with Ctrl-C landing while it imports its commands.
_INTERRUPTED_IMPORT = """
import sys
class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "argmap.cli.query":
            raise KeyboardInterrupt
sys.meta_path.insert(0, CtrlC())
from argmap.cli import main
sys.exit(main())
"""


def test_interrupt_while_the_command_line_loads_prints_no_traceback() -> None:
    """Ctrl-C in the half second the command line takes to import its commands printed the traceback of the
    import it stopped (KeyboardInterrupt in some module of spaCy or rich); now one line, status 130."""
    result = subprocess.run([sys.executable, "-c", _INTERRUPTED_IMPORT, "threads"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, env=_env())
    assert result.returncode == 130, result.stderr
    assert result.stderr == "interrupted; the command stopped before it finished\n"
