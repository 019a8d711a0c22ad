"""The ``argmap`` command line: parse options, call :mod:`argmap.api`, print the result.

One module per command or group of commands, all registered on the one typer app in :mod:`argmap.cli.app`.
Every command takes ``--json`` for scripts. Errors print one message with the fix to stderr and exit 1;
``--debug`` shows the traceback too.
"""

from __future__ import annotations

import codecs
import io
import sys

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
    """Entry point of the ``argmap`` console script (and of ``python -m argmap``).

    Tables and text for people go through standard output's own encoding; where that is not UTF-8 (a Windows
    code page, ``PYTHONIOENCODING=ascii``), a character it lacks prints as "?" instead of ending the command in a
    UnicodeEncodeError traceback. Output for programs (``--json``, exports) is UTF-8 bytes regardless.
    """
    if isinstance(sys.stdout, io.TextIOWrapper) and codecs.lookup(sys.stdout.encoding).name != "utf-8":
        sys.stdout.reconfigure(errors="replace")
    app()
