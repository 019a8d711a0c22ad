"""``queries.author_names``: the stored authors, of every thread or of some, on both backends."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from argmap.store import queries
from tests.api.test_exchange_map import BUSES, FERRIES
from tests.query.conftest import store


def test_author_names_of_every_thread_and_of_one(engine: Engine) -> None:
    buses, ferries = store(engine, *BUSES), store(engine, *FERRIES)
    assert queries.author_names(engine) == sorted(["Ana Vale", "bo", "cy", "fay", "dee"])
    assert queries.author_names(engine, [buses]) == sorted(["Ana Vale", "bo", "cy", "fay"])
    assert queries.author_names(engine, [ferries]) == ["dee"]
    assert queries.author_names(engine, []) == []
