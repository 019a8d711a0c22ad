"""Shared fixtures: a clean environment, a database file, a blank spaCy pipeline, a tiny thread."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
CORPORA = ROOT / "corpora"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run tests that need the trained English pipeline")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="needs the trained pipeline: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ARGMAP_* variable of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("ARGMAP_"):
            monkeypatch.delenv(name)


@pytest.fixture
def shared() -> Path:
    """The shared corpora folder; the test is skipped where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared/corpora is not beside the project")
    return SHARED


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite file path."""
    return tmp_path / "argmap.db"


@pytest.fixture
def tiny_thread() -> str:
    """A three-post plain-text thread with a quote."""
    return (
        "Remote work makes teams more productive.\n"
        "> Remote work makes teams more productive.\n"
        "That is not true, because meetings take longer online.\n"
        "I agree with the first post; my team ships faster at home.\n"
    )


@pytest.fixture
def nlp_blank() -> Iterator[object]:
    import spacy

    yield spacy.blank("en")


@pytest.fixture(scope="session")
def pg() -> Iterator[object]:
    """A throwaway PostgreSQL cluster for the whole session (fails in CI when it cannot start)."""
    from tests.pg import pg_cluster, unavailable_reason

    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
        pytest.skip(reason)
    with pg_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on each backend: a SQLite file, and an empty database on a real PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "argmap.db")
    cluster = request.getfixturevalue("pg")
    return str(cluster.new_database())  # type: ignore[attr-defined]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A fresh, initialised database on each backend (see :func:`db_url`)."""
    from argmap.store import repository
    from argmap.store.db import make_engine

    engine = make_engine(db_url)
    repository.init_db(engine)
    yield engine
    engine.dispose()
