"""Helpers for driving the command line in tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from argmap.cli import app


class Cli:
    """Runs ``argmap --db <tmp file> ...`` in-process."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None) -> Any:
        return self.runner.invoke(app, ["--db", str(self.db), *args], input=input)

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


def refused_output(result: Any, *, as_json: bool) -> bool:
    """Whether an error left standard output as a script reads it: empty, or with --json the error as JSON, alone."""
    if not as_json:
        return bool(result.stdout == "")
    said = json.loads(result.stdout)
    return isinstance(said, dict) and set(said) == {"error"} and " ".join(said["error"].split()) in " ".join(
        result.stderr.split())


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)
