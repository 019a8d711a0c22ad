"""Fixtures of the evaluation tests."""

from __future__ import annotations

import pytest

from argmap.domain import Extraction
from argmap.evaluate import GoldThread
from tests.evaluate.tiny import tiny_gold, tiny_predicted


@pytest.fixture
def gold() -> GoldThread:
    return tiny_gold()


@pytest.fixture
def predicted() -> Extraction:
    return tiny_predicted()
