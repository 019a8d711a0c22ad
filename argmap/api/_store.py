"""Opening the configured database for one API call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine

from argmap.config import Settings
from argmap.store import repository
from argmap.store.db import make_engine

__all__ = ["opened"]


@contextmanager
def opened(settings: Settings | None) -> Iterator[Engine]:
    """An engine on the settings' database, with the schema created and checked; disposed afterwards.

    Raises:
        StoreError: the database cannot be opened.
        SchemaTooNew: a newer argmap wrote it.
    """
    engine = make_engine((settings or Settings.load()).db)
    try:
        repository.init_db(engine)
        yield engine
    finally:
        engine.dispose()
