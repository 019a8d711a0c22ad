"""Reading threads, extracting their arguments and storing both."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.api._args import Items, configured, input_key, listed, once
from argmap.api._linking import after_save, thread_labels
from argmap.api._store import WhenStored
from argmap.api.evidence import link_claims_to_library
from argmap.config import DEFAULT_DB, PARALLEL_FROM_POSTS, Settings, mask_url
from argmap.domain import IMPORTED, Extraction, Thread
from argmap.errors import ArgmapError, InputError, ModelNotFound, StoreError, UnknownFormat
from argmap.graph.argumentation import BIPOLAR, CUED
from argmap.nlp.evidence import post_evidence
from argmap.nlp.language import check_english
from argmap.sources import document, plaintext, registry
from argmap.sources.common import is_url, printable
from argmap.sources.documents import check_target, read_document
from argmap.store import queries, repository
from argmap.store.db import in_memory
from argmap.store.models import StoredThread, ThreadInfo
from argmap.words import counted

if TYPE_CHECKING:  # spaCy takes half a second to import: only commands that extract load it
    from sqlalchemy.engine import Engine

    from argmap.nlp.extract import Extractor

__all__ = ["STAGES", "Failure", "IngestProgress", "IngestReport", "ProgressCallback", "ingest", "load_extractor",
           "read_thread", "read_threads"]

@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest stands: inputs done of all inputs, posts extracted of the current input's posts, and
    what it is doing (:data:`STAGES`: the long steps that move no count)."""

    inputs_done: int
    inputs_total: int
    source: str
    posts_done: int = 0
    posts_total: int = 0
    stage: str = "reading"


STAGES = ("loading the pipeline", "reading", "storing", "tracking claims")
"""What :attr:`IngestProgress.stage` can say: loading spaCy before anything is read (seconds), reading and
extracting the threads, writing one thread, and comparing its claims with those stored."""


ProgressCallback = Callable[[IngestProgress], None]
"""Called with an :class:`IngestProgress` as posts are extracted and after each input."""


@dataclass
class Failure:
    """An input that could not be ingested, and why; the password of a URL in either is masked (``https://u:***@``).
    """

    source: str
    error: str

    def __post_init__(self) -> None:
        # A thread URL given with a password, or an ARGMAP_HN_API holding one, was printed whole as the failure,
        # on the command line and in --json.
        self.source, self.error = mask_url(self.source), mask_url(self.error)


@dataclass
class IngestReport:
    """What an ingest did.

    Attributes:
        threads (list[StoredThread]): the threads stored, with their counts and what storing each changed
            (``changes``: new, or the posts, units and relations added, removed and edited since the version
            stored before).
        failures (list[Failure]): inputs that were refused; nothing of those was stored.
        notes (dict[str, int]): what readers passed over or inferred, counted by reason.
        messages (list[str]): each of those notes in words, naming its input (what ``--verbose`` lists).
        warnings (list[str]): what a user should know of a thread that was stored, said even without
            ``--verbose``: a thread that does not read as English (note ``not-english``), whose map is unreliable.
    """

    threads: list[StoredThread] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def note(self, reason: str, message: str, *, count: int = 1) -> None:
        """Count a note of ``reason`` and keep its message for ``--verbose``, a URL's password masked."""
        self.notes[reason] = self.notes.get(reason, 0) + count
        self.messages.append(mask_url(message))

    @property
    def ok(self) -> bool:
        """True when every input was ingested."""
        return not self.failures

    def as_dict(self, *, messages: bool = False) -> dict[str, Any]:
        """The report as ``argmap ingest --json`` prints it (times as ISO 8601); ``messages`` adds each note in
        words, as ``--verbose`` does."""
        return {"threads": [t.model_dump(mode="json") for t in self.threads],
                "failures": [asdict(f) for f in self.failures], "notes": self.notes, "warnings": self.warnings,
                **({"messages": self.messages} if messages else {})}


def _once(inputs: list[tuple[str, Path | None]], report: IngestReport, settings: Settings,
          format: str | None = None) -> list[tuple[str, Path | None]]:
    """Each input once: a file given twice (also by another path to it, or inside a folder given too), a thread's
    URL repeated (also in another form: ``old.reddit.com``, a query added), or ``-`` repeated would be read and
    listed again for nothing (note ``repeated-input``)."""
    def key(item: tuple[str, Path | None]) -> str:
        name, path = item
        if path is None and is_url(name) and format != document.NAME:  # a page, as a document: its own URL
            from argmap.sources.fetch import resolve_url  # no request: only what would be asked for

            with suppress(ArgmapError):  # a URL of no thread is refused when it is read
                api, params, _ = resolve_url(name.strip(), settings)
                return f"{api} {sorted(params.items()) if isinstance(params, dict) else params}"
        return input_key(name, path)

    kept, again = once(inputs, key)
    for name, _ in again:
        report.note("repeated-input", f"{printable(name)}: given more than once; read once")
    return kept


OLDER_FROM = 2
"""Posts written after every post of a version, gone from it, that make it look older than the stored one (one alone
is as likely the newest comment deleted upstream)."""


def _check_older(report: IngestReport, thread: Thread, name: str, info: StoredThread) -> None:
    """Warn of a version that looks older than the one it replaced (a snapshot fetched earlier, ingested after a
    later one): it took the thread back to it without a word, its newer comments and edits gone."""
    changes = info.changes
    signs = [f"{counted(n, 'post')} stored as deleted {'has its' if n == 1 else 'have their'} words again"
             for n in [changes.posts_restored] if n]
    signs += [f"{counted(n, 'post')} written after its newest post {'is' if n == 1 else 'are'} gone"
              for n in [changes.posts_newer_removed] if n >= OLDER_FROM]
    if not signs:
        return
    # A paste's posts carry no time: the last ones gone are as likely a copy cut short (a file half written).
    undated = bool(thread.posts) and all(post.created_at is None for post in thread.posts)
    message = (f"{name}: looks older than the version of '{info.title or info.key}' stored before"
               + (", or cut short" if undated else "") + f" ({'; '.join(signs)}); it replaced that version: "
               "ingest the newer copy again to put it back")
    report.note("older-version", message)
    report.warnings.append(message)


def _check_opening_edited(report: IngestReport, engine: Engine, name: str, info: StoredThread,
                          thread: Thread) -> None:
    """Warn of a new thread keyed by its opening post (:attr:`Thread.opening_key`) that holds most replies of one
    stored before: likely that thread with its opening post edited (an "EDIT:" added), pasted again from standard
    input or saved to another file, which nothing else tells from another thread that shares replies. It is stored
    beside it, not over it: a guess that replaced another thread would lose it, and a copy too many is deleted."""
    for other, shared, total in repository.sharing_replies(engine, thread):
        message = (f"{name}: holds {shared} of the {total} replies of '{other.title or other.key}' ({other.source}), "
                   "stored before, under another opening post, and is stored beside it; if it is that thread with "
                   f"its opening post edited, argmap delete {other.id} removes the older copy (an edited file "
                   "ingested again from its path replaces what it gave before)")
        report.note("edited-opening", message)
        report.warnings.append(message)


def _check_language(report: IngestReport, thread: Thread, name: str, info: StoredThread) -> None:
    """Warn of a stored thread that does not read as English, and note posts of another language in one that
    does (:func:`argmap.nlp.language.check_english`)."""
    language = check_english(post.text for post in thread.posts)
    if not language.english_enough:
        message = (f"{name}: does not read as English: {round(100 * language.share)} % of its {language.words} words "
                   f"are common English words such as 'the' and 'because', against 27 % or more in English threads; "
                   f"argmap reads English only, so its units and relations are unreliable. It was stored: argmap "
                   f"delete {info.id} removes it")
        report.note("not-english", message)
        report.warnings.append(message)
    elif language.foreign_posts:
        report.note("not-english-post", f"{name}: {language.foreign_posts} of its {language.posts} posts do not read "
                                        "as English; argmap reads English only, so their units and relations are "
                                        "unreliable", count=language.foreign_posts)


def read_thread(target: str | os.PathLike[str], *, settings: Settings | None = None,
                format: str | None = None) -> Thread:
    """Read one thread from a path (a string or a ``Path``), a URL or ``-`` (stdin) without storing it.

    Args:
        target (str | Path): the file, URL or ``-``.
        settings (Settings | None): the timeout and API bases for URLs.
        format (str | None): force a reader (one of ``argmap.sources.registry.FORMATS``, in any case); sniffed
            when ``None``.

    Returns:
        Thread: its posts; a map file (AIF, Kialo, brat) also gives its own units and relations as
        ``thread.extraction``.

    Raises:
        UnknownFormat: ``format`` names no reader.
        InputError: the input cannot be read as a thread, or holds several (an argmap AIF export of several
            threads: :func:`read_threads` reads them).
        FetchError: a URL cannot be fetched.

    Example:
        >>> from argmap import read_thread
        >>> thread = read_thread("corpora/hn-open-models.txt")  # doctest: +SKIP
        >>> thread.format, thread.title, len(thread.posts)  # doctest: +SKIP
        ('text', 'hn-open-models', 19)
    """
    threads = read_threads(target, settings=settings, format=format)
    if len(threads) > 1:
        name = os.fspath(target)
        raise InputError(name, f"holds {len(threads)} threads ({', '.join(t.key for t in threads[:3])}"
                               f"{', ...' if len(threads) > 3 else ''})",
                         fix=f"read them with read_threads({name!r}), or store them with argmap ingest")
    return threads[0]


def read_threads(target: str | os.PathLike[str], *, settings: Settings | None = None,
                 format: str | None = None) -> list[Thread]:
    """Read every thread in a path, a URL or ``-`` (stdin) without storing them: one, but for an argmap AIF export
    of several threads, which gives each (README, "Export formats"). The arguments are those of
    :func:`read_thread`.

    Returns:
        list[Thread]: the threads, in the order the input gives them.

    Raises:
        UnknownFormat: ``format`` names no reader.
        InputError: the input cannot be read as a thread.
        FetchError: a URL cannot be fetched.

    Example:
        >>> from argmap import read_threads
        >>> [t.title for t in read_threads("corpora/hn-open-models.txt")]  # doctest: +SKIP
        ['hn-open-models']
    """
    settings = configured(settings)
    target = os.fspath(target)
    target = target.strip() if is_url(target) else target  # " https://..." as a page too
    format = _reader_name(format)
    check_target(target)
    if format == document.NAME and target != "-" and (
            is_url(target) or Path(target).suffix.lower() in (".html", ".htm", ".pdf")):
        # A page or a PDF as one document: its main text, as the evidence library reads it.
        page = read_document(target, settings)
        # A page is the same document at the same URL, however edited.
        return [document.page_thread(page, source=target,
                                     identity=target.split("#", 1)[0] if is_url(target) else None)]
    if is_url(target):  # "HTTPS://..." or " https://..." too: they were read as paths that did not exist
        from argmap.sources.fetch import fetch_thread, resolve_url  # httpx is only imported when a URL is given

        site = resolve_url(target, settings)[2]
        if format is not None and format != site:  # it was passed over without a word
            raise InputError(target, f"is a {site} thread, which --format {format} does not read",
                             fix=f"leave --format out (a thread's URL is read as its site gives it), or give "
                                 f"--format {document.NAME} to read the page as one document")
        fetched: Thread = fetch_thread(target, settings)
        return [fetched]
    if target == "-":
        return [_cited_sources(t) for t in registry.read_stdin_threads(format=format)]
    return [_cited_sources(t) for t in registry.read_path_threads(Path(target), format=format)]


def _cited_sources(thread: Thread) -> Thread:
    """An imported map (Kialo, AIF, brat) with each of its units' outside sources (the links, DOIs and works its
    words or footnotes name) as that unit's evidence: a Kialo reader puts a claim's cited ``Sources:`` lines into its
    post, an AIF proposition or a brat span may hold a link, and only argmap's evidence reading can tell the sources
    they name. The rest of the evidence reading (figures, experience) is extraction, which a curated map is spared.
    A unit that brings evidence of its own (an argmap AIF export read back) keeps it, as do the units argmap made.

    Example:
        >>> from argmap.sources import aif
        >>> doc = ('{"nodes": [{"nodeID": "1", "type": "I", "text": "See https://example.org/air for the data"}],'
        ...        ' "edges": []}')
        >>> [e.source_key for e in _cited_sources(aif.read(doc, source="m.json")).extraction.units[0].evidence]
        ['url:example.org/air']
    """
    if thread.extraction is None:
        return thread
    texts = {post.external_id: post.text for post in thread.posts}
    for unit in thread.extraction.units:
        if unit.evidence or not unit.source.startswith(IMPORTED):
            continue
        text, span = texts.get(unit.post, ""), (unit.start, unit.end)
        if not (0 <= unit.start <= unit.end <= len(text) and text[unit.start:unit.end] == unit.text):
            # a proposition reworded from its locution: its own words are all there is to read
            text, span = unit.text, (0, len(unit.text))
        found = post_evidence(text, [span])[0]
        unit.evidence = [item for item in found if item.source_key is not None]
    return thread


def _reader_name(format: str | None) -> str | None:
    """The reader ``format`` names, in any case (``"TEXT"`` is text, as on the command line).

    Raises:
        UnknownFormat: no reader has that name.
    """
    if format is None:
        return None
    if not isinstance(format, str):  # format=5 failed on .lower(), an AttributeError naming no argument
        raise UnknownFormat("--format", f"format={format!r} is no reader's name",
                            fix=f"give one as a string: {', '.join(sorted(registry.FORMATS))}")
    registry.get_reader(format.lower())
    return format.lower()


def load_extractor(settings: Settings | None = None) -> Extractor:
    """Load the spaCy pipeline named in the settings, ready to extract (reuse it across calls).

    Returns:
        Extractor: its ``extract(thread)`` gives a thread's units and relations, the same every time.

    Raises:
        ModelNotFound: when no English pipeline is installed, with the command that installs one.

    Example:
        >>> from argmap import read_thread
        >>> from argmap.api import load_extractor
        >>> extraction = load_extractor().extract(read_thread("corpora/hn-open-models.txt"))  # doctest: +SKIP
        >>> len(extraction.units), len(extraction.relations)  # doctest: +SKIP
        (60, 48)
    """
    settings = configured(settings)
    from argmap.nlp.extract import Extractor

    return Extractor.load(settings.model)


def ingest(
    targets: Items,
    *,
    settings: Settings | None = None,
    format: str | None = None,
    extract: bool = True,
    extractor: Extractor | None = None,
    on_progress: ProgressCallback | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Read threads, extract their arguments and store both; each thread is written whole or not at all.

    Args:
        targets (str | Path | Iterable[str | Path]): files, folders (every thread file inside), URLs, or ``-``
            for stdin, as strings or paths; one string or path is one target.
        settings (Settings | None): database and model; from the environment when ``None``.
        format (str | None): force a reader (one of ``argmap.sources.registry.FORMATS``, in any case); sniffed
            when ``None``.
        extract (bool): find units and relations; ``False`` stores the posts only. Curated maps (AIF, Kialo)
            keep the units and relations they give either way.
        extractor (Extractor | None): a loaded extractor to reuse; loaded from the settings when ``None``.
        on_progress (ProgressCallback | None): told as posts are extracted and after each input.
        report (IngestReport | None): filled in as each input is done (a new one when ``None``), so that a
            caller interrupted half-way (Ctrl-C) still knows which threads were stored whole.

    Returns:
        IngestReport: what was stored, what failed and why. Failures do not stop the other inputs.

    Raises:
        UnknownFormat: when ``format`` names no reader (then nothing is read, and no pipeline loaded).
        StoreError: when the database cannot be opened (then nothing is read). A new SQLite file is made when the
            first thread is stored, so an ingest that stores nothing leaves none; its folder is checked first.
        ModelNotFound: when extraction is asked for and no pipeline is installed (then nothing is read), unless
            every input is a curated map (``format`` one of them, or every input a file sniffed as one), which is
            stored without topics (note ``no-topics``).
        TypeError: an ``extractor`` that is none (a pipeline's name: that goes in ``Settings(model=...)``).

    Example:
        >>> from argmap import Settings, ingest
        >>> report = ingest("corpora/hn-open-models.txt", settings=Settings(db="argmap.db"))  # doctest: +SKIP
        >>> [(t.title, t.units, t.relations) for t in report.threads], report.failures  # doctest: +SKIP
        ([('hn-open-models', 60, 48)], [])
    """
    settings = configured(settings)
    # A model's name given as the extractor failed deep inside (spaCy is imported only when used: no isinstance).
    if extractor is not None and not callable(getattr(extractor, "run", None)):
        raise TypeError(f"extractor={extractor!r}: give an Extractor from load_extractor(), or leave it out (a "
                        "pipeline's name goes in Settings(model=...))")
    format = _reader_name(format)  # a misspelt format is the caller's mistake, not each input's
    done_without: str | None = None
    if extract and extractor is None:
        if on_progress:
            on_progress(IngestProgress(0, 0, "", stage=STAGES[0]))
        try:
            extractor = load_extractor(settings)  # before the database: a missing model must not leave an empty file
        except ModelNotFound as exc:
            if format not in registry.IMPORT_FORMATS and not (format is None and _maps_only(listed(targets))):
                raise
            # An imported map is stored as the analyst made it; the pipeline only gives its units topics.
            done_without = str(exc).splitlines()[0]
    with WhenStored(settings) as store:
        done = _ingest(store, listed(targets), settings, format, extractor if extract else None, extract, on_progress,
                       IngestReport() if report is None else report)
        if done.threads and in_memory(settings.db):  # it said "ingested" and kept nothing
            done.warnings.append(f"{settings.db} is a database in memory: what this ingest stored is gone when it "
                                 f"ends; give a file to keep it (--db FILE, ARGMAP_DB; the default is {DEFAULT_DB})")
        if done_without is not None and done.threads:
            done.note("no-topics", f"stored without topics, since no spaCy pipeline loaded ({done_without})")
        if done.threads:
            # New claims meet the evidence library at once (a single empty-table query when there is none).
            linked = link_claims_to_library(store.engine(), [t.id for t in done.threads])
            if linked.links:
                done.notes["library-links"] = done.notes.get("library-links", 0) + linked.links
            if linked.note and linked.units:  # said, so that links made otherwise than by default are no surprise
                done.note("library-settings", f"the library: {counted(linked.units, 'claim')} {linked.note}")
        return done


def _maps_only(targets: list[str]) -> bool:
    """Whether every input is a file read, unforced, as a curated map (AIF, Kialo, brat), which is stored as its
    analyst made it and needs no pipeline. Asked only when none is installed: a URL, standard input or a file that
    cannot be read answers no, and the missing pipeline is reported as before; so does a pipe (``<(cat map.json)``,
    a FIFO), which sniffing would use up before it is read."""
    inputs = list(registry.iter_inputs(targets))
    try:
        return bool(inputs) and all(path is not None and path.is_file()
                                    and registry.sniff_path(path) in registry.IMPORT_FORMATS for _, path in inputs)
    except ArgmapError:
        return False


def _ingest(store_in: WhenStored, targets: list[str], settings: Settings, format: str | None,
            extractor: Extractor | None, extract: bool, on_progress: ProgressCallback | None,
            report: IngestReport) -> IngestReport:
    passed_over: list[Path] = []
    inputs = _once(list(registry.iter_inputs(targets, passed_over, format=format)), report, settings, format)
    named = {Path(t) for t in targets}
    folders = [Path(t) for t in targets if t.strip() and t != "-" and Path(t).is_dir()]
    for folder in folders:
        if not any(path is not None and path.is_relative_to(folder) for _, path in inputs):
            # Nothing to read is an error, not a success that stored nothing.
            skipped = sum(1 for path in passed_over if path.is_relative_to(folder))
            report.failures.append(Failure(printable(str(folder)), str(InputError(
                str(folder), f"holds no {'document' if format == document.NAME else 'thread'} file "
                             f"({', '.join(registry.folder_suffixes(format))})"
                + (f"; {counted(skipped, 'other file')} passed over (--verbose lists them)" if skipped else ""),
                fix="check the folder, or name a file (with --format) to ingest it"))))
    for path in passed_over:
        reason = registry.skip_reason(path, format=format)
        report.note("skipped-file", f"{printable(str(path))}: {reason}; skipped (name the file"
                                    + (", with --format," if reason == registry.OTHER_KIND else "") + " to ingest it)")

    unknown: list[Path] = []  # files found in a folder that no reader recognised, each passed over with a note

    def tell(state: IngestProgress) -> None:
        if on_progress:
            on_progress(state)

    def readable() -> Iterator[tuple[Thread, tuple[int, str, frozenset[str]]]]:
        """Threads as they are read; an input that cannot be read is reported and passed over."""
        for done, (target, path) in enumerate(inputs, start=1):
            name = printable(target)  # what reports call it: a file name that is no UTF-8 could not be printed
            try:
                threads = read_threads(target, settings=settings, format=format)
            except UnknownFormat as exc:
                if path is not None and path not in named and format is None:
                    # A file found inside a folder that holds no thread (a readme, a side file) is passed over.
                    report.note("skipped-file", f"{name}: not a thread format argmap knows; skipped (name the "
                                                "file, with --format, to ingest it)")
                    unknown.append(path)
                else:
                    report.failures.append(Failure(name, str(exc)))
                tell(IngestProgress(done, len(inputs), name))
            except ArgmapError as exc:
                report.failures.append(Failure(name, str(exc)))
                tell(IngestProgress(done, len(inputs), name))
            except Exception as exc:  # a reader bug must not cost the other inputs; reported, not hidden
                report.failures.append(Failure(name, f"{name}: argmap could not read it ({type(exc).__name__}: "
                                                     f"{exc})\n  fix: this is a bug in argmap's reader; please "
                                                     "report it with the file, or try another --format"))
                tell(IngestProgress(done, len(inputs), name))
            else:
                keys = frozenset(t.key for t in threads) if len(threads) > 1 else frozenset()
                for thread in threads:  # one, or each thread of an argmap AIF export or a JSON Lines file
                    yield _as_stored(store_in, thread), (done, name, keys - {thread.key})

    def store(thread: Thread, done: int, name: str, extraction: Extraction | None, siblings: frozenset[str]) -> None:
        try:
            # An edited file read again replaces what it gave before (its key, taken from its content, changed).
            tell(IngestProgress(done - 1, len(inputs), name, stage=STAGES[2]))
            engine = store_in.engine()
            info, earlier, labelled, semantics = _save(engine, thread, extraction, siblings)
            # Stored now: counted before the tracking below, so that a Ctrl-C during it (or a database error)
            # still reports it as stored.
            report.threads.append(info)
            tell(IngestProgress(done - 1, len(inputs), name, stage=STAGES[3]))
            after_save(engine, thread, extraction, labelled=labelled)  # links to claims tracked across threads
        except StoreError:
            raise
        except ArgmapError as exc:
            report.failures.append(Failure(name, str(exc)))
        else:
            for gone in earlier:
                report.note("replaced", f"{name}: an edited version of the thread this file gave before "
                                        f"({gone.key}, ingested {gone.ingested_at:%Y-%m-%d %H:%M}); it replaces it")
            if semantics is not None and labelled:
                flags = " ".join(["--dung"] * (not semantics.startswith(BIPOLAR))
                                 + ["--no-assumed"] * semantics.endswith(CUED))
                report.note("labels-kept", f"{name}: its labels keep the semantics 'argmap analyze {flags}' gave "
                                           f"the version stored before ({semantics}) instead of the default; "
                                           f"'argmap analyze --thread {info.id}' labels it the default way again")
            for note in thread.notes:
                # The post it concerns, where its words do not name it ("flagged or killed on Hacker News; kept").
                named = not note.post or repr(note.post) in note.detail or re.search(
                    rf"\bpost {re.escape(note.post)}(?![\w.-])", note.detail) is not None
                post = "" if named else f"post {note.post!r}: "
                report.note(note.reason, f"{name}: {post}{note.detail}")
            if extraction is not None and thread.extraction is None:  # argmap's own map, not a curated one
                _check_language(report, thread, name, info)
            _check_older(report, thread, name, info)
            if thread.opening_key and not earlier and info.changes.status == "new":
                _check_opening_edited(report, engine, name, info, thread)
        tell(IngestProgress(done, len(inputs), name))

    stream = readable()
    if not extract or extractor is None:
        stored = {t.key: t for t in repository.list_threads(store_in.engine())} if store_in.exists else {}
        for thread, (done, name, siblings) in stream:
            before = stored.get(thread.key)
            if thread.extraction is None and before is not None and before.units:
                # Said even without --verbose: what an earlier ingest extracted is gone with this one.
                report.note("units-dropped", f"{name}: stored again with --no-extract, so its "
                                             f"{counted(before.units, 'argument unit')} and "
                                             f"{counted(before.relations, 'relation')} are gone; ingest it "
                                             "without --no-extract to extract them again")
            store(thread, done, name, thread.extraction, siblings)  # a curated map (AIF, Kialo) is stored as given
        return _unread_folders(report, folders, inputs, unknown)
    # Peek at the first thread: a second process pays off for a long thread or several threads.
    first = next(stream, None)
    if first is None:
        return _unread_folders(report, folders, inputs, unknown)
    processes = settings.processes_for(len(first[0].posts) if len(inputs) == 1 else PARALLEL_FROM_POSTS)
    if settings.workers > processes:
        report.note("workers-capped", f"--workers {settings.workers}: more processes than the {processes} CPU(s) "
                                      f"this can run on; ran {processes}")
    items = itertools.chain([first], stream)

    def posts(thread: Thread, count: int, total: int) -> None:
        tell(IngestProgress(len(report.threads) + len(report.failures), len(inputs), thread.source,
                            count, total))

    from argmap.nlp.extract import extract_stream

    for thread, (done, name, siblings), extraction in extract_stream(extractor, items, n_process=processes,
                                                                     on_post=posts):
        store(thread, done, name, extraction, siblings)
    return _unread_folders(report, folders, inputs, unknown)


def _as_stored(store_in: WhenStored, thread: Thread) -> Thread:
    """A paste read again with the ids its posts were stored under (:func:`argmap.sources.plaintext.keep_ids`),
    found as :func:`_save` finds the version it replaces: the thread under its own key, else its earlier version
    from the same file. A paste numbers its posts by place, so a comment that appeared mid-thread renumbered every
    post after it. Other formats give their posts ids of their own, and are returned as they are."""
    if thread.format != plaintext.NAME or not store_in.exists:
        return thread
    engine = store_in.engine()
    stored = replace(thread, key=repository.own_key(engine, thread))
    posts = repository.stored_posts(engine, stored.id)
    if not posts:
        earlier = repository.earlier_versions(engine, stored)
        posts = repository.stored_posts(engine, earlier[0].id) if earlier else []
    return plaintext.keep_ids(thread, posts)


def _save(engine: Engine, thread: Thread, extraction: Extraction | None,
          siblings: frozenset[str] = frozenset()) -> tuple[StoredThread, list[ThreadInfo], int, str | None]:
    """Store ``thread`` under its own key (:func:`argmap.store.repository.own_key`: another thread that opens with
    the same words is kept beside it), replacing its earlier versions (none of ``siblings``, the keys of the other
    threads its file gives), with its grounded labels; what was stored, the versions it replaced, how many
    labels, and the semantics of those labels when it is not the default one but the one ``analyze`` gave the
    version stored before (``analyze --dung``, ``--no-assumed``).

    Two ingests at once of two threads that open with the same words could both find the key free, and the second
    write replaced the first thread. The key is checked again inside the write (``opening``); when another process
    took it meanwhile, it is worked out again, with the ids made from it.
    """
    opening, title = thread.key, thread.title
    for attempt in range(1, 4):
        thread.key = repository.own_key(engine, replace(thread, key=opening))
        # A paste from stdin names nothing: the title its file gave the stored thread stays.
        thread.title = title if title is not None else repository.stored_title(engine, thread.id)
        earlier = repository.earlier_versions(engine, thread, siblings=siblings)
        # The labels' semantics an analyst chose for the version stored before (analyze --dung, --no-assumed) is
        # kept: stored again with the default labels, `claims --label out` answered by the other semantics.
        semantics = next((found for tid in [thread.id, *(t.id for t in earlier)]
                          if (found := queries.label_semantics(engine, tid)) is not None), BIPOLAR)
        # Labels are stored with the thread, in its transaction: an ingest stopped after it leaves no thread
        # without them (they went with the version the thread replaces).
        labels = thread_labels(thread, extraction, semantics=semantics)
        try:
            info = repository.save_thread(engine, thread, extraction, replaces=[t.id for t in earlier],
                                          labels=labels, opening=opening if thread.opening_key else None)
        except repository.KeyTaken:
            if attempt == 3:
                raise StoreError("three other ingests at once stored threads that open with the same words as "
                                 f"{thread.source}; run the command again") from None
            continue
        return info, earlier, len(labels.labels), None if semantics == BIPOLAR else semantics
    raise AssertionError("unreachable")


def _unread_folders(report: IngestReport, folders: list[Path], inputs: list[tuple[str, Path | None]],
                    unknown: list[Path]) -> IngestReport:
    """``report`` with a failure for each folder given whose every file was passed over as no thread format (a
    folder of a corpus's side files, such as 4forums's ``ranges_quotes``): a run that read nothing from it is not a
    success, as a folder holding no thread file at all is not."""
    passed = set(unknown)
    for folder in folders:
        found = [path for _, path in inputs if path is not None and path.is_relative_to(folder)]
        if found and all(path in passed for path in found):
            report.failures.append(Failure(printable(str(folder)), str(InputError(
                str(folder), f"holds no thread argmap reads: its {counted(len(found), 'file')} "
                             f"{'is' if len(found) == 1 else 'are'} in no thread format "
                             "argmap knows (--verbose lists them)",
                fix="check the folder, or name a file with --format to ingest it (README, 'Input formats')"))))
    return report
