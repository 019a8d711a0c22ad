"""Every command has help with an example, and the README documents every command."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from argmap.cli import app
from tests.conftest import ROOT

COMMANDS = sorted(c.name or "" for c in typer.main.get_command(app).commands.values())  # type: ignore[attr-defined]


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_help_every_command_has_help_and_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: argmap" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_help_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"argmap {name}" in readme
