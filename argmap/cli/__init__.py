"""The ``argmap`` command line: parse options, call :mod:`argmap.api`, print the result.

One module per command or group of commands, all registered on the one typer app in :mod:`argmap.cli.app`.
Every command takes ``--json`` for scripts. Errors print one message with the fix to stderr and exit 1;
``--debug`` shows the traceback too.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys

try:
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
except KeyboardInterrupt:
    # Ctrl-C in the half second the command line takes to load (pressed as soon as a command was seen to be the
    # wrong one) printed the traceback of whichever import it stopped; it ends as any command Ctrl-C stops.
    sys.stderr.write("interrupted; the command stopped before it finished\n")
    raise SystemExit(130) from None

__all__ = ["app", "main"]

reflow_help(app)


def main() -> None:
    """Entry point of the ``argmap`` console script (and of ``python -m argmap``).

    Tables and text for people go through standard output's own encoding; where that is not UTF-8 (a Windows
    code page, ``PYTHONIOENCODING=ascii``), a character it lacks prints as "?" instead of ending the command in a
    UnicodeEncodeError traceback. Output for programs (``--json``, exports) is UTF-8 bytes regardless.
    """
    if sys.stdout is None:  # started with its standard output closed (">&-"): what it prints would be lost
        sys.stderr.write("error: standard output is closed, so nothing argmap prints could be read\n"
                         "  fix: send it somewhere: > FILE, or > /dev/null to drop it\n")
        raise SystemExit(1)
    if isinstance(sys.stdout, io.TextIOWrapper) and codecs.lookup(sys.stdout.encoding).name != "utf-8":
        sys.stdout.reconfigure(errors="replace")
    try:
        app()
    except OSError as exc:
        # A write to standard output that failed (a full disk, "> /dev/full"): a traceback said no more than this.
        # An error of a named file is the command's own and is reported by it, as is a reader gone away (EPIPE).
        if exc.filename is not None or exc.errno == errno.EPIPE:
            raise
        sys.stderr.write(f"error: cannot write to standard output: {exc.strerror or exc}\n"
                         "  fix: free some space, or send the output elsewhere (> FILE, or -o FILE where the command "
                         "takes one)\n")
        with contextlib.suppress(OSError):  # so that the exit's own flush of what is left does not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
