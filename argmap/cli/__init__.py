"""The ``argmap`` command line: parse options, call :mod:`argmap.api`, print the result.

One module per command or group of commands, all registered on the one typer app in :mod:`argmap.cli.app`.
Every command takes ``--json`` for scripts. Errors print one message with the fix to stderr and exit 1;
``--debug`` shows the traceback too.
"""

from __future__ import annotations

from argmap.cli import (  # noqa: F401  (each registers its commands)
    benchmark,
    browse,
    evaluation,
    evidence,
    ingest,
    maps,
    query,
)
from argmap.cli.app import app, reflow_help

__all__ = ["app", "main"]

reflow_help(app)


def main() -> None:
    """Entry point of the ``argmap`` console script."""
    app()
