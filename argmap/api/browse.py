"""Reading what is stored: threads, counts and the graph in interchange formats."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, overload

from argmap.api._args import check_count, check_text, check_topic_words, listed
from argmap.api._store import opened, thread_ids
from argmap.api.authors import resolve_authors, split_authors
from argmap.config import EXPORT_FORMATS, FORMAT_ALIASES, Settings
from argmap.domain import shorten
from argmap.errors import NotFound, QueryError
from argmap.store import evidence, repository
from argmap.store.models import GraphData, ThreadInfo
from argmap.store.repository import Stats

__all__ = ["EXPORT_FORMATS", "FORMAT_ALIASES", "delete_threads", "export", "export_brat", "graph_data", "stats",
           "threads"]



def threads(*, settings: Settings | None = None) -> list[ThreadInfo]:
    """Every stored thread, newest first.

    Returns:
        list[ThreadInfo]: each thread's id, key, format, source, title, url, counts and when it was stored.

    Raises:
        NotFound: ``settings.db`` is a SQLite file that does not exist.
        StoreError: the database cannot be opened.

    Example:
        >>> from argmap import Settings, threads
        >>> [(t.title, t.posts, t.units) for t in threads(settings=Settings(db="argmap.db"))]  # doctest: +SKIP
        [('hn-open-models', 19, 60)]
    """
    with opened(settings) as engine:
        return repository.list_threads(engine)


def stats(*, settings: Settings | None = None, thread: str | None = None) -> Stats:
    """Counts of everything stored, or of one thread (by id, key or title prefix): its posts, authors, units and
    relations by kind, relations by rule, topics and the evidence sources it cites.

    Returns:
        Stats: the counts; ``units`` and ``relations`` by kind, ``relation_models`` by the rule that made them;
        for one thread, its id and title (``thread``, ``thread_title``).

    Raises:
        NotFound: ``settings.db`` is a SQLite file that does not exist, or ``thread`` matches no stored thread.
        QueryError: an empty ``thread``.
        StoreError: the database cannot be opened.

    Example:
        >>> from argmap import Settings, stats
        >>> stats(settings=Settings(db="argmap.db"), thread="hn-open-models").relations  # doctest: +SKIP
        {'attack': 21, 'evidence': 3, 'support': 24}
    """
    check_text("thread", thread)
    with opened(settings) as engine:
        if thread is None:
            return repository.stats(engine, None)
        one = repository.get_thread(engine, thread)  # refuses an empty name, as every --thread does
        counts = repository.stats(engine, [one.id])
        counts.thread, counts.thread_title = one.id, one.title or one.key
        return counts



def graph_data(*, settings: Settings | None = None, thread: str | None = None) -> GraphData:
    """Everything stored about one thread (by id, key or title prefix) or about all threads: posts, units,
    relations, quotes, and the evidence items of the units and the library passages linked to them.

    Returns:
        GraphData: the typed records :func:`export` writes (``threads``, ``posts``, ``units``, ``relations``,
        ``quotes``, ``evidence_items``, ``passage_links``).

    Raises:
        NotFound: when ``thread`` matches no stored thread.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import graph_data
        >>> data = graph_data(settings=Settings(db="argmap.db"), thread="hn-open-models")  # doctest: +SKIP
        >>> len(data.posts), len(data.units), len(data.relations)  # doctest: +SKIP
        (19, 60, 48)
    """
    with opened(settings) as engine:
        ids = thread_ids(engine, thread)
        return evidence.with_evidence(engine, repository.load_graph(engine, ids))


#: The export formats whose result is text (every one but ``json``, and their short names), for the type of
#: :func:`export`'s result.
TextFormat = Literal["aif", "graphml", "dot", "argdown", "markdown", "csv", "md", "gv"]


@overload
def export(*, settings: Settings | None = None, thread: str | None = None, format: Literal["json"] = "json",
           min_confidence: float = 0.0, topic: str | None = None, top: int | None = None,
           authors: str | Sequence[str] | None = None) -> dict[str, Any]: ...


@overload
def export(*, settings: Settings | None = None, thread: str | None = None, format: TextFormat,
           min_confidence: float = 0.0, topic: str | None = None, top: int | None = None,
           authors: str | Sequence[str] | None = None) -> str: ...


@overload
def export(*, settings: Settings | None = None, thread: str | None = None, format: str,
           min_confidence: float = 0.0, topic: str | None = None, top: int | None = None,
           authors: str | Sequence[str] | None = None) -> dict[str, Any] | str: ...


def export(*, settings: Settings | None = None, thread: str | None = None,
           format: str = "json", min_confidence: float = 0.0, topic: str | None = None,
           top: int | None = None, authors: str | Sequence[str] | None = None) -> dict[str, Any] | str:
    """The stored graph in an interchange format.

    Typed by format for type checkers: ``export(format="aif")`` is a ``str``, ``export()`` a ``dict``, so that
    ``open(path, "w").write(export(settings=s, format="aif"))`` checks without a cast.

    Args:
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix); every thread when ``None``.
        format (str): one of :data:`EXPORT_FORMATS`: ``json``, ``aif``, ``graphml``, ``dot``, ``argdown``,
            ``markdown``, ``csv`` (see :mod:`argmap.render.export`), in any case and by the short names of
            :data:`FORMAT_ALIASES` (``md``, ``gv``), as the CLI takes it; brat standoff, a folder of files, is
            :func:`export_brat`.
        min_confidence (float): leave out relations less confident than this (0..1); every unit stays with its
            evidence items and passage links, and each thread's ``relations`` counts the relations kept.
        topic (str | None): only the units about this topic (a topic key matching it, or every word of it in
            the text) and those directly related to them, as ``render_map(topic=...)`` draws them, with the
            posts that hold them and the posts those answer; each thread's counts are of what is exported, and
            its key and source end in ``#topic=<words>`` and its title in ``(topic: <words>)`` (the part, ingested
            back from AIF, is a thread beside the whole one, not it, and has a title of its own).
        top (int | None): ``markdown`` only: the report's ``top`` most discussed topics (short enough to paste
            into a chat), and a line counting the rest; every topic when ``None``.
        authors (str | Sequence[str] | None): only the units of these authors (any case; a string is split at
            its commas) and the relations between them, as ``render_map(authors=...)`` draws one exchange; with
            ``topic``, their units on it. The part's key and source end in ``#authors=<names>``, and its title in
            ``(authors: <names>)``, as a topic's do.

    Returns:
        dict[str, Any] | str: the argmap JSON graph as a dictionary for ``json``; the document as text for
        every other format.

    Raises:
        NotFound: an unknown thread, a topic no unit is about, an author who wrote nothing in the threads (with the
            closest stored names), or authors whose posts hold no unit (on the topic).
        QueryError: an unknown format, or ``brat`` (its files are written by :func:`export_brat`); a
            ``min_confidence`` outside 0..1; an empty topic; ``top`` below 1, or given for another format than
            ``markdown``; ``authors`` naming no one.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import export
        >>> graph = export(settings=Settings(db="argmap.db"), thread="hn-open-models")  # doctest: +SKIP
        >>> sorted(graph)  # doctest: +SKIP
        ['argmap_json', 'evidence_items', 'passage_links', 'posts', 'quotes', 'relations', 'threads', 'units']
        >>> export(settings=Settings(db="argmap.db"), format="graphml").startswith("<?xml")  # doctest: +SKIP
        True
    """
    if not isinstance(format, str):  # format=None from a notebook failed deep inside, on .lower()
        raise QueryError(f"format={format!r}: give one of {', '.join(EXPORT_FORMATS)}")
    format = format.lower()  # "JSON" is json
    format = FORMAT_ALIASES.get(format, format)
    if format == "brat":  # three files a thread: no one text to return
        raise QueryError("brat standoff is three files a thread (.txt, .ann, .metadata), not one text; write them "
                         "into a folder with export_brat(FOLDER, ...)")
    if format not in EXPORT_FORMATS:
        raise QueryError(f"no export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)} (or "
                         f"{', '.join(FORMAT_ALIASES)}), or export_brat(FOLDER) for brat")
    if top is not None and format != "markdown":
        raise QueryError(f"--top cuts the Markdown report to its most discussed topics; the {format} export has "
                         "every unit: use --format markdown, or leave out --top")
    top = None if top is None else check_count("top", top)
    from argmap.render.export import export_text, to_json  # as in _exported

    data = _exported(settings, thread, min_confidence=min_confidence, topic=topic, authors=authors)
    return to_json(data) if format == "json" else export_text(data, format, top=top)


def export_brat(folder: str | os.PathLike[str], *, settings: Settings | None = None, thread: str | None = None,
                min_confidence: float = 0.0, topic: str | None = None,
                authors: str | Sequence[str] | None = None) -> list[Path]:
    """Write the stored maps as brat standoff files into ``folder``: per thread a ``.txt``, an ``.ann`` of its
    claims, premises, supports and attacks (each with argmap's reason as a note) and a ``.metadata`` of its posts
    (:mod:`argmap.render.brat`), for annotators to correct in brat and ``argmap eval`` to read back as gold.

    Args:
        folder (str | Path): where to write (made if missing); files of the same names are replaced, a
            document's three together: a write that fails part-way leaves that document's earlier files as they
            were (the documents before it are written).
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix); every thread when ``None``.
        min_confidence (float): leave out relations less confident than this (0..1).
        topic (str | None): only the units about this topic and those directly related, as :func:`export`.
        authors (str | Sequence[str] | None): only the exchange between these authors, as :func:`export`.

    Returns:
        list[Path]: the files written, three per thread.

    Raises:
        NotFound: an unknown thread, a topic no unit is about, unknown authors.
        QueryError: a ``min_confidence`` outside 0..1; an empty topic; ``authors`` naming no one.
        ArgmapError: a file that cannot be written (the folder is a file, no permission...).

    Example:
        >>> from argmap.api import export_brat
        >>> files = export_brat("annotate/", thread="hn-open-models")  # doctest: +SKIP
        >>> sorted(path.suffix for path in files)  # doctest: +SKIP
        ['.ann', '.metadata', '.txt']
    """
    data = _exported(settings, thread, min_confidence=min_confidence, topic=topic, authors=authors)
    written: list[Path] = []
    # Imported here, as in _exported: listing and counting threads needs no renderer.
    from argmap.api.maps import write_together
    from argmap.render.brat import to_brat

    for document in to_brat(data):
        parts = ((".txt", document.text), (".ann", document.ann), (".metadata", document.metadata))
        files = [(Path(folder) / f"{document.name}{suffix}", text) for suffix, text in parts]
        write_together(files, fix="choose another -o folder")  # a new .txt beside an old .ann is no document
        written.extend(path for path, _text in files)
    return written

def _exported(settings: Settings | None, thread: str | None, *, min_confidence: float, topic: str | None,
              authors: str | Sequence[str] | None) -> GraphData:
    """The graph an export writes: the thread's (or every thread's), cut to a topic, an exchange between authors
    and a confidence threshold as :func:`export` documents them.

    Raises:
        NotFound: a topic no unit is about, unknown authors, authors whose posts hold no unit.
        QueryError: a ``min_confidence`` outside 0..1; an empty topic; ``authors`` naming no one.
    """
    # Imported here: listing and counting threads, this module's most common use, needs no graph (networkx) and
    # no renderer.
    from argmap.graph.build import build_graph, check_min_confidence, select
    from argmap.render.export import keep_confident, keep_units

    check_min_confidence(min_confidence)
    check_topic_words(topic)  # first: it refuses a topic that is no string
    if topic is not None and not topic.strip():
        raise QueryError("the topic is empty; give some words, e.g. --topic 'open source', or leave out --topic")
    names: list[str] | None = None
    if authors is not None:
        typed = split_authors(authors)
        with opened(settings) as engine:
            names = resolve_authors(engine, typed, thread_ids(engine, thread))
    data = graph_data(settings=settings, thread=thread)
    if min_confidence > 0:  # the threads then count the relations exported, not those stored
        data = keep_confident(data, min_confidence)
    if topic is not None or names is not None:
        kept = set(select(build_graph(data), topic=topic, min_confidence=min_confidence, authors=names).nodes)
        if not kept:
            where = f" of thread {thread!r}" if thread is not None else ""
            who = f" by {', '.join(names)}" if names is not None else ""
            if topic is None:
                raise NotFound(f"no post{where}{who} holds an argument unit; leave out --authors to export every "
                               "unit")
            raise NotFound(f"no unit{who}{where} is about {shorten(topic, 80)!r}; try another --topic, or list the "
                           "topics with: argmap topics")
        data = keep_units(data, kept)
        # A part is not the thread: under the thread's own key (or from its own source, if it keeps half of its
        # posts), an AIF export of it ingested back into the database it came from would replace the whole thread.
        part = (f"#topic={' '.join(topic.split())}" if topic is not None else "") + (
            f"#authors={','.join(names)}" if names is not None else "")
        # Its title says which part it is too: ingested back beside the whole thread, the two had one title, and
        # the thread's own name (--thread hn-open-models) named two threads.
        said = "; ".join(([f"topic: {' '.join(topic.split())}"] if topic is not None else [])
                         + ([f"authors: {', '.join(names)}"] if names is not None else []))
        data = data.model_copy(update={"threads": [t.model_copy(update={
            "key": t.key + part, "source": t.source + part,
            "title": f"{t.title} ({said})" if t.title else t.title}) for t in data.threads]})
    return data


def delete_threads(refs: str | Iterable[str], *, settings: Settings | None = None) -> list[ThreadInfo]:
    """Delete stored threads with everything found in them, in one transaction.

    Posts, units, relations, labels, evidence links and memberships of tracked claims go; so do topics and
    authors nothing else refers to, and tracked claims left with fewer than two appearances. Evidence sources
    and the evidence library's documents stay.

    Args:
        refs (str | Iterable[str]): threads by id, key or unique title prefix (as ``argmap threads`` lists
            them); one string is one thread.
        settings (Settings | None): which database.

    Returns:
        list[ThreadInfo]: the threads deleted, as they were.

    Raises:
        NotFound: when a ref matches no thread, or several; then nothing is deleted.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import delete_threads
        >>> [t.title for t in delete_threads("hn-open-models", settings=Settings(db="argmap.db"))]  # doctest: +SKIP
        ['hn-open-models']
    """
    from argmap.api._linking import prune  # here: listing threads needs no tracking (nor networkx)

    with opened(settings) as engine:
        found = {info.id: info for info in (repository.get_thread(engine, ref, every=None) for ref in listed(refs))}
        repository.delete_threads(engine, list(found))
        prune(engine)
        return list(found.values())
