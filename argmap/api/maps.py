"""Interactive argument maps: select part of the stored graph and render it as one HTML page."""

from __future__ import annotations

import contextlib
import html
import os
import secrets
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

import networkx as nx

from argmap.api._args import check_count, check_text, check_topic_words, configured
from argmap.api._store import opened, thread_ids
from argmap.api._units import resolve
from argmap.api.authors import resolve_authors, split_authors
from argmap.config import MAX_MAP_UNITS, Settings
from argmap.domain import Extraction, Thread, shorten
from argmap.errors import ArgmapError, MapTooLarge, ModelNotFound, NotFound, QueryError
from argmap.graph import build
from argmap.graph.build import DEFAULT_HOPS, build_graph, select
from argmap.render.html import Layout, render_html
from argmap.store import queries, repository

if TYPE_CHECKING:  # spaCy takes half a second to import: thread_graph loads it only when it has to extract
    from argmap.nlp.extract import Extractor

__all__ = ["LAYOUTS", "MAP_STAGES", "MAX_MAP_UNITS", "MapProgress", "MapProgressCallback", "MapView", "map_graph",
           "render_map", "show_map", "thread_graph", "write_output"]

#: The layouts :func:`render_map` knows.
LAYOUTS = ("auto", "fixed", "physics")


MAP_STAGES = ("reading", "drawing", "writing")
"""What :attr:`MapProgress.stage` can say: reading the units and relations from the database, laying out and
drawing the page, writing it to its file."""


@dataclass(frozen=True)
class MapProgress:
    """Where drawing a map stands (see :data:`MAP_STAGES`).

    Attributes:
        stage (str): one of :data:`MAP_STAGES`.
        units (int): the units the map draws (0 while ``reading``).
        relations (int): the relations it draws (0 while ``reading``).
    """

    stage: str
    units: int = 0
    relations: int = 0


MapProgressCallback = Callable[[MapProgress], None]
"""Called with a :class:`MapProgress` as :func:`render_map` moves from one stage to the next."""


def map_graph(
    *,
    settings: Settings | None = None,
    thread: str | None = None,
    topic: str | None = None,
    claim: str | None = None,
    hops: int | None = None,
    min_confidence: float = 0.0,
    authors: str | Sequence[str] | None = None,
) -> nx.DiGraph:
    """The argument graph a map shows: one thread, one topic, the neighbourhood of one claim, or the exchange
    between some authors.

    Args:
        settings (Settings | None): which database.
        thread (str | None): a thread id, key or title prefix; every thread when ``None``.
        topic (str | None): keep units about this topic (a topic key matching it as ``claims --topic``
            matches, or every word of it in the text) and what they relate to.
        claim (str | None): a unit id (or a prefix only one unit id has): keep the units within ``hops``
            relations of it.
        hops (int | None): how many relations from ``claim`` to reach; :data:`DEFAULT_HOPS` when ``None``.
            Only with ``claim``: without it there is nothing to count from, and it is refused.
        min_confidence (float): leave out relations less confident than this (0..1; their units stay).
        authors (str | Sequence[str] | None): keep only the units of these authors (any case; a string is split
            at its commas: ``"Ana Vale,Bo"``) and the relations between them, e.g. two who argue with each other
            (:func:`argmap.api.analyze`'s ``exchanges``); with ``topic`` or ``claim``, their part of it (a claim's
            hops then go through their units only).

    Returns:
        nx.DiGraph: see :mod:`argmap.graph.build`.

    Raises:
        QueryError: a ``topic`` with no words in it or of stop words only (it would select everything), ``authors``
            naming no one, a negative ``hops``, ``hops`` without ``claim`` (it would be ignored) or a
            ``min_confidence`` outside 0..1.
        NotFound: an unknown thread or unit (an id of another kind, such as a post's, is named as such), a unit
            of another thread than ``thread`` or by another author than ``authors``, an author who wrote nothing
            in ``thread`` (the closest stored names are suggested), or a selection with nothing in it.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import map_graph
        >>> graph = map_graph(settings=Settings(db="argmap.db"), thread="hn-open-models")  # doctest: +SKIP
        >>> graph.number_of_nodes(), graph.number_of_edges()  # doctest: +SKIP
        (59, 46)
    """
    return _map_graph(settings=settings, thread=thread, topic=topic, claim=claim, hops=hops,
                      min_confidence=min_confidence, authors=authors)[0]


def _map_graph(*, settings: Settings | None, thread: str | None, topic: str | None, claim: str | None,
               hops: int | None, min_confidence: float, authors: str | Sequence[str] | None = None,
               ) -> tuple[nx.DiGraph, str | None, list[str] | None]:
    """:func:`map_graph`, the unit id ``claim`` resolved to (a prefix made whole) and the names ``authors`` gives
    as stored, for the map's heading."""
    check_text("claim", claim)
    build.check_min_confidence(min_confidence)  # before any is compared with it
    _check_hops(claim, hops)
    check_topic_words(topic)  # first: it refuses a topic that is no string
    if topic is not None and not topic.strip():
        raise QueryError("the topic is empty; give some words, e.g. --topic 'open source', or leave out --topic")
    typed = split_authors(authors) if authors is not None else None
    names: list[str] | None = None
    with opened(settings) as engine:
        ids = thread_ids(engine, thread)
        if typed is not None:
            names = resolve_authors(engine, typed, ids)
        if claim is not None:
            # As show and track take it: a unique prefix, and an error that names a post's units for a post id.
            claim = resolve(engine, claim, command="render --claim")
            unit, by, title, _ = queries.units_by_id(engine, [claim])[claim]
            if ids is not None and unit.thread not in ids:
                raise NotFound(f"unit {claim} is in thread {title or unit.thread!r}, not in the thread --thread "
                               f"names; leave --thread out, or give --thread {unit.thread}")
            if names is not None and (by or "").casefold() not in {n.casefold() for n in names}:
                raise NotFound(f"unit {claim} is by {by or 'an unknown author'!r}, not by one of --authors "
                               f"{', '.join(names)!r}: give --claim a unit of theirs (argmap analyze names one for "
                               "each pair that argues), or leave out --authors")
        data = repository.load_graph(engine, ids)
    graph = select(build_graph(data, min_confidence=min_confidence), topic=topic, claim=claim, hops=_reach(hops),
                   min_confidence=min_confidence, authors=names)
    if graph.number_of_nodes() == 0:
        if not data.threads:
            raise NotFound("the database holds no thread; ingest one first: argmap ingest FILE")
        if names is not None and not topic:
            place = f"thread {data.threads[0].title or data.threads[0].key!r}" if thread else "any stored thread"
            raise NotFound(f"no post by {_names(names, 'or')} in {place} holds an argument unit; leave out --authors "
                           "to see every unit, or ingest the thread again without --no-extract")
        if topic:
            who = f" by {_names(names, 'or')}" if names is not None else ""
            where = f" of thread {data.threads[0].title or data.threads[0].key!r}" if thread else ""
            if claim is not None:  # units about it may well exist, only not this near the claim
                reach = _reach(hops)
                raise NotFound(f"no unit{who} within {reach} relation{'s' if reach != 1 else ''} of unit {claim} is "
                               f"about {shorten(topic, 80)!r}; give a larger --hops, another --topic, or leave out "
                               "--claim to draw every unit about it")
            raise NotFound(f"no unit{who}{where} is about {shorten(topic, 80)!r}; try another --topic, or list the "
                           f"topics with: argmap topics{' --thread ' + data.threads[0].id if thread else ''}")
        if thread:
            raise NotFound(f"thread {data.threads[0].title or data.threads[0].key!r} holds no argument units (stored "
                           f"with --no-extract, or nothing in it argues); to extract them, ingest it again without "
                           f"--no-extract: argmap ingest {data.threads[0].source}")
        raise NotFound("no stored thread holds argument units (were they stored with --no-extract?); ingest them "
                       "again without --no-extract")
    return graph, claim, names


def _check_hops(claim: str | None, hops: int | None) -> None:
    """Refuse ``hops`` without ``claim`` (any number, the default's too): with no unit to count from it would be
    ignored, and every unit drawn as if a reach had been applied.

    Example:
        >>> _check_hops(None, 3)
        Traceback (most recent call last):
        ...
        argmap.errors.QueryError: --hops 3 needs --claim: ... or leave out --hops
    """
    if hops is not None and claim is None:
        raise QueryError(f"--hops {hops} needs --claim: give the unit id to start from with --claim ID, or leave "
                         "out --hops")
    if hops is not None:
        check_count("hops", hops, 0)  # hops="2" failed as "'<' not supported", hops=1.5 drew a reach of 1


def _reach(hops: int | None) -> int:
    """How many relations a claim's map reaches: ``hops``, or :data:`DEFAULT_HOPS` when not given."""
    return DEFAULT_HOPS if hops is None else hops


def _names(names: Sequence[str], conjunction: str = "and") -> str:
    """Names as a phrase: "Ana", "Ana and Bo", "Ana, Bo and Cy"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def thread_graph(
    thread: Thread,
    extraction: Extraction | None = None,
    *,
    extractor: Extractor | None = None,
    settings: Settings | None = None,
    min_confidence: float = 0.0,
) -> nx.DiGraph:
    """The argument graph of a thread read with :func:`read_thread`, without a database: what :func:`map_graph`
    gives for it once ingested (the same node and edge ids and attributes), every unit kept.

    Args:
        thread (Thread): the thread, e.g. ``read_thread("thread.jsonl")`` or ``read_thread("map.json")``.
        extraction (Extraction | None): what was found in it; when ``None``, a curated map's own units and
            relations (``thread.extraction``, an AIF or Kialo file, its units given topics by the pipeline as
            ingest gives them, when one is installed), else what ``extractor`` finds.
        extractor (Extractor | None): the pipeline to extract with (:func:`load_extractor`; reuse it across
            threads); loaded from ``settings`` when needed and not given.
        settings (Settings | None): which spaCy pipeline to load, when ``extractor`` is not given.
        min_confidence (float): leave out relations less confident than this (0..1; their units stay).

    Returns:
        nx.DiGraph: units as nodes and relations as edges (:mod:`argmap.graph.build` lists their attributes).

    Raises:
        QueryError: ``min_confidence`` is not between 0 and 1.
        ModelNotFound: a pipeline has to be loaded and none is installed.
        InputError: a thread built by hand that no reader makes (:meth:`argmap.domain.Thread.check`).
        TypeError: a ``thread`` that is no :class:`~argmap.domain.Thread` (a file's path: read it with
            :func:`read_thread`), an ``extraction`` that is no :class:`~argmap.domain.Extraction`.

    Example:
        >>> from argmap import read_thread
        >>> from argmap.api import thread_graph
        >>> graph = thread_graph(read_thread("corpora/hn-open-models.txt"))  # doctest: +SKIP
        >>> graph.number_of_nodes(), graph.number_of_edges()  # doctest: +SKIP
        (60, 46)
    """
    build.check_min_confidence(min_confidence)
    if not isinstance(thread, Thread):  # a file's path given for its thread failed on 'str' has no 'check'
        call = (f"thread_graph(read_thread({os.fspath(thread)!r}))" if isinstance(thread, (str, os.PathLike))
                else "thread_graph(read_thread(PATH))")
        raise TypeError(f"thread={shorten(repr(thread), 80)}: give a Thread, e.g. {call}")
    if extraction is not None and not isinstance(extraction, Extraction):
        raise TypeError(f"extraction={shorten(repr(extraction), 80)}: give an Extraction, e.g. from "
                        "load_extractor().extract(thread), or leave it out")
    thread.check()
    if extraction is None:
        from argmap.nlp.extract import Extractor

        if thread.extraction is not None:
            extraction = thread.extraction
            with contextlib.suppress(ModelNotFound):  # no pipeline: no topics, as ingest stores the map then
                # its units get the topics ingest gives them, when a pipeline is at hand
                (extractor or Extractor.load(configured(settings).model)).tag_topics(extraction)
        else:
            extraction = (extractor or Extractor.load(configured(settings).model)).extract(thread)
    return select(build.thread_graph(thread, extraction, min_confidence=min_confidence), keep_isolated_other=True,
                  min_confidence=min_confidence)


def _scope(graph: nx.DiGraph, *, topic: str | None, claim: str | None, hops: int | None,
           min_confidence: float, authors: Sequence[str] | None = None) -> str | None:
    """What part of the threads a map shows, in words for its heading; ``None`` for all of it."""
    parts = []
    hops = _reach(hops)
    if authors is not None:
        parts.append(f"only the units by {_names(authors)}, and the relations between them")
    if topic is not None:
        parts.append(f"units about “{shorten(topic.strip(), 80)}” and what they relate to")
    if claim is not None:
        said = shorten(graph.nodes[claim].get("text"), 60) if claim in graph else claim
        parts.append(f"“{said}” and what lies within {hops} relation{'s' * (hops != 1)} of it")
    if min_confidence > 0:
        parts.append(f"only relations at least {min_confidence:g} confident")
    return "; ".join(parts) or None


def render_map(
    *,
    settings: Settings | None = None,
    thread: str | None = None,
    topic: str | None = None,
    claim: str | None = None,
    hops: int | None = None,
    output: Path | str | None = None,
    title: str | None = None,
    layout: str = "auto",
    min_confidence: float = 0.0,
    authors: str | Sequence[str] | None = None,
    max_units: int | None = MAX_MAP_UNITS,
    on_progress: MapProgressCallback | None = None,
) -> Path | str:
    """Render an interactive, self-contained HTML argument map (see :mod:`argmap.render.html`).

    Args:
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix).
        topic (str | None): units about a topic, with their context.
        claim (str | None): a unit id, drawn with its neighbourhood of ``hops`` relations.
        hops (int | None): see ``claim``; :data:`DEFAULT_HOPS` when ``None``, refused without ``claim``.
        output (Path | str | None): the HTML file to write (its folder is created); the page is returned as a
            string when ``None``.
        title (str | None): the page heading; the thread titles when ``None``.
        layout (str): one of :data:`LAYOUTS` (see :func:`argmap.render.html.render_html`).
        min_confidence (float): draw only relations at least this confident (0..1), e.g. 0.6 for the surer
            ones (see the README's accuracy section); every unit stays.
        authors (str | Sequence[str] | None): draw only the units of these authors and the relations between
            them, e.g. ``"Ana Vale,Bo"`` for an exchange :func:`argmap.api.analyze` lists (see
            :func:`map_graph`).
        max_units (int | None): refuse a map of more units than this (:data:`MAX_MAP_UNITS` unless given);
            ``None`` draws any size. Checked before anything is drawn.
        on_progress (MapProgressCallback | None): called as each stage starts (:class:`MapProgress`), with the
            map's counts once they are known.

    Returns:
        Path | str: ``output`` once written, or the page itself. A map of part of the threads (``topic``,
        ``claim``, ``min_confidence``, ``authors``) says which part beside its counts.

    Raises:
        QueryError: an empty topic, ``authors`` naming no one, an unknown layout, a negative ``hops``, ``hops``
            without ``claim``, a ``min_confidence`` outside 0..1 or a ``max_units`` below 1.
        NotFound: nothing to draw, an unknown thread, unit or author.
        MapTooLarge: the map would draw more than ``max_units`` units; the message names the parts that could be
            drawn instead (``--thread``, ``--topic``, ``--claim``) and ``--max-units``.
        ArgmapError: ``output`` cannot be written.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import render_map
        >>> settings = Settings(db="argmap.db")
        >>> render_map(settings=settings, thread="hn-open-models", output="graphs/hn.html")  # doctest: +SKIP
        PosixPath('graphs/hn.html')
    """
    if layout not in LAYOUTS:
        raise QueryError(f"no layout {layout!r}; use one of: {', '.join(LAYOUTS)}")
    max_units = None if max_units is None else check_count("max_units", max_units)
    report = on_progress or (lambda _progress: None)
    report(MapProgress("reading"))
    graph, claim, names = _map_graph(settings=settings, thread=thread, topic=topic, claim=claim, hops=hops,
                                     min_confidence=min_confidence, authors=authors)
    units, relations = graph.number_of_nodes(), graph.number_of_edges()
    if max_units is not None and units > max_units:
        raise MapTooLarge(_too_large(graph, max_units, thread=thread, topic=topic, claim=claim, hops=_reach(hops)),
                          units=units, relations=relations, limit=max_units)
    report(MapProgress("drawing", units, relations))
    page = render_html(graph, title=title, layout=cast(Layout, layout),
                       scope=_scope(graph, topic=topic, claim=claim, hops=hops, min_confidence=min_confidence,
                                    authors=names))
    if output is None:
        return page
    report(MapProgress("writing", units, relations))
    return write_output(Path(output), page, fix="choose another -o path")


def _too_large(graph: nx.DiGraph, limit: int, *, thread: str | None, topic: str | None, claim: str | None,
               hops: int) -> str:
    """Why a map is refused, and the parts of it that could be drawn instead, fewest words first."""
    units, relations = graph.number_of_nodes(), graph.number_of_edges()
    per_thread = Counter(str(attrs.get("thread", "")) for _, attrs in graph.nodes(data=True))
    titles = {str(attrs.get("thread", "")): str(attrs.get("thread_title") or attrs.get("thread") or "")
              for _, attrs in graph.nodes(data=True)}
    where = (f"{len(per_thread)} threads" if len(per_thread) > 1 else
             f"thread {shorten(next(iter(titles.values())), 60)!r}")
    fixes = []
    if thread is None and len(per_thread) > 1:
        largest, most = per_thread.most_common(1)[0]
        fixes.append(f"one thread with --thread ID (argmap threads lists them; the largest here, "
                     f"{shorten(titles[largest], 40)!r}, would draw {most:,} units)")
    fixes.append("the units about a topic with --topic WORDS (argmap topics lists them)" if topic is None else
                 "a narrower --topic")
    if claim is None:
        fixes.append("one claim and what lies within a relation or two of it with --claim UNIT --hops 1")
    elif hops > 0:
        fixes.append(f"fewer --hops than {hops}")
    return (f"the map would draw {units:,} units and {relations:,} relations of {where}, more than the {limit:,} it "
            f"draws unless told: a browser takes many seconds to open such a page and shows every unit too small "
            f"to read. Draw part of it: {'; or '.join(fixes)}; or give --max-units {units} to draw it all")


@dataclass
class MapView:
    """A rendered map that shows itself in Jupyter (inside a sandboxed frame) and saves itself.

    Attributes:
        html (str): the page (left out of the repr: it is the whole map, hundreds of kilobytes).
        height (int): the frame's height in a notebook, in pixels.
    """

    html: str = field(repr=False)
    height: int = 650

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{self.height}px;border:1px solid #e5e7eb" loading="lazy"></iframe>')

    def save(self, path: Path | str) -> Path:
        """Write the page to ``path`` (its folder is created) and return it.

        Raises:
            ArgmapError: ``path`` cannot be written.
        """
        return write_output(Path(path), self.html, fix="choose another path")


def write_output(output: Path, text: str, *, fix: str) -> Path:
    """Write ``text`` to ``output`` (a map, an export), its folder created, and return the path.

    The text goes to a new file beside ``output`` that replaces it once whole, so a write that fails part-way (a
    full disk, a file size limit, Ctrl-C) leaves the map or export already there as it was, not cut short. A
    symbolic link is written through; a device or a pipe (``/dev/stdout``) is written to as it is.

    A SQLite database (argmap's ``--db`` given as ``-o`` by a slip) is refused, not replaced by the text: every
    thread stored in it would be lost.

    Returns:
        Path: ``output``.

    Raises:
        ArgmapError: it cannot be written; a path under a file names that file (not the system's "File exists"),
            and ``fix`` says what to do; ``output`` is a SQLite database.

    Example:
        >>> from pathlib import Path
        >>> from argmap.api import write_output
        >>> write_output(Path("graphs/notes.md"), "# Notes\\n", fix="give another -o")  # doctest: +SKIP
        PosixPath('graphs/notes.md')
    """
    write_together([(output, text)], fix=fix)
    return output


def write_together(files: Sequence[tuple[Path, str]], *, fix: str) -> None:
    """Write each text to its path as :func:`write_output` does, and put the new files in place of the old ones
    only once all are whole: files that belong together (a brat document's ``.txt`` and ``.ann``, whose offsets
    point into that text) are all replaced or none is, not a new text beside the annotations of an earlier one.

    Raises:
        ArgmapError: as :func:`write_output`, naming the file that could not be written.
    """
    for output, _text in files:
        if _is_sqlite(output):
            raise ArgmapError(f"cannot write {str(output)!r}: it is a SQLite database (argmap's --db?), which this "
                              f"would replace, losing all it stores; {fix}")
    ready: list[tuple[Path, Path]] = []  # (the new file, the file it replaces)
    try:
        for output, text in files:
            try:
                output.parent.mkdir(parents=True, exist_ok=True)
                ready.extend(_write_beside(output, text))
            except OSError as exc:
                blocker = next((parent for parent in output.parents if parent.exists() and not parent.is_dir()), None)
                reason = f"{str(blocker)!r} is a file, not a folder" if blocker else exc.strerror  # not "File exists"
                raise ArgmapError(f"cannot write {str(output)!r}: {reason}; {fix}") from None
        while ready:
            partial, target = ready[0]
            try:
                os.replace(partial, target)
            except OSError as exc:
                raise ArgmapError(f"cannot write {str(target)!r}: {exc.strerror}; {fix}") from None
            ready.pop(0)
    finally:
        for partial, _target in ready:  # not put in place: a failure, Ctrl-C
            partial.unlink(missing_ok=True)


#: the first bytes of every SQLite database file
_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` (or the file a link at it names) is a SQLite database; ``False`` for no file, a folder, a
    device or one that cannot be read (writing it then fails or succeeds on its own)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _write_beside(output: Path, text: str) -> list[tuple[Path, Path]]:
    """Write ``text`` to a new file beside ``output``, whole, and return it with the file it is to replace; write
    a device, or a file in a folder that takes no new file, in place (returning nothing to replace)."""
    target = Path(os.path.realpath(output)) if output.is_symlink() else output
    if target.exists() and not target.is_file():  # a folder fails here as it should; a device is no file to replace
        with target.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return []
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        stream = partial.open("x", encoding="utf-8")  # "x": made new, with the umask's permissions
    except PermissionError:
        if not target.is_file():
            raise
        # A file that may be written in a folder that may not: written in place, as before (not whole on failure).
        with target.open("w", encoding="utf-8") as direct:
            direct.write(text)
        return []
    try:
        with stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(partial, stat.S_IMODE(target.stat().st_mode))  # a replaced file keeps its permissions
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return [(partial, target)]


def show_map(
    *,
    settings: Settings | None = None,
    thread: str | None = None,
    topic: str | None = None,
    claim: str | None = None,
    hops: int | None = None,
    title: str | None = None,
    height: int = 650,
    min_confidence: float = 0.0,
    authors: str | Sequence[str] | None = None,
    max_units: int | None = MAX_MAP_UNITS,
) -> MapView:
    """A map for a notebook: the last expression of a cell, ``show_map(thread="hn-open-models")``, draws it.

    Args and Raises: as :func:`render_map`; ``height`` is the frame's height in pixels.

    Returns:
        MapView: displays inline in Jupyter.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import show_map
        >>> show_map(settings=Settings(db="argmap.db"), thread="hn-open-models", height=500)  # doctest: +SKIP
        MapView(height=500)
    """
    page = render_map(settings=settings, thread=thread, topic=topic, claim=claim, hops=hops, title=title,
                      min_confidence=min_confidence, authors=authors, max_units=max_units)
    assert isinstance(page, str)
    return MapView(page, height)
