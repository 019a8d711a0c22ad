"""From a thread to units and relations: run the pipeline over every post, then link the units.

Posts go through ``nlp.pipe`` in batches. With several processes, each worker runs the whole pipeline (spaCy
and ``argmap_units``) on its batches and sends back only light unit records, not Docs, so the main process
does little more than link units and write them; a thread costs about what the spaCy pipeline costs.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from sys import intern
from typing import NamedTuple, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

import argmap.nlp.factories  # noqa: F401  (registers the argmap_* factories)
from argmap.domain import IMPORTED, Extraction, Thread, Unit
from argmap.nlp.components import PIECE_KEY, SPANS_KEY, UNITS_MODEL, register_extensions
from argmap.nlp.doctext import TEXT_KEY, span_text
from argmap.nlp.evidence import from_tuple, link_evidence
from argmap.nlp.pipeline import check_sentences, load_pipeline
from argmap.nlp.relations import UnitView, link_thread
from argmap.nlp.topics import key_phrases

__all__ = ["DEFAULT_BATCH_SIZE", "PIECE_CHARS", "UNUSED_COMPONENTS", "Extractor", "UnitRecord", "extract_stream",
           "from_docs", "ignore_interrupt", "piece_starts"]

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 64
#: Components of the English pipeline that extraction does not use: not loaded at all, which saves time.
UNUSED_COMPONENTS = ("ner",)

_KINDS = {"CLAIM": "claim", "PREMISE": "premise", "OTHER": "other"}

PIECE_CHARS = 50_000
"""A post longer than this (a document, a pasted report) goes through spaCy one piece at a time, each at most this
long and cut where a paragraph, else a line, else a sentence ends. A Doc's memory grows with its length: one
post of 400,000 characters took 1.1 GB, one of a million 3 GB. No post of the shared threads is half as long."""

# Where a piece may end, best first: after a blank line, a line break, a sentence's end, any white space.
_CUTS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"')\]]*\s+"), re.compile(r"\s+"))


class UnitRecord(NamedTuple):
    """What the main process needs of one unit found by the pipeline (cheap to send between processes)."""

    kind: str
    start: int
    end: int
    text: str
    confidence: float
    reason: str
    topics: list[str]
    terms: list[str]
    evidence: tuple[tuple[object, ...], ...] = ()  # argmap.nlp.evidence.to_tuple of each item


def piece_starts(text: str, limit: int = PIECE_CHARS) -> list[int]:
    """Where each piece of ``text`` starts, for pieces of at most ``limit`` characters (see :data:`PIECE_CHARS`).

    Example:
        >>> piece_starts("One. Two.\\n\\nThree four.", limit=16)
        [0, 11]
    """
    starts = [0]
    while len(text) - starts[-1] > limit:
        start = starts[-1]
        window = text[start:start + limit]
        cut = limit  # no white space at all: cut mid-word
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window) if m.start() > 0 and m.end() <= limit]
            if ends:
                cut = ends[-1]
                break
        starts.append(start + cut)
    return starts


def records(doc: Doc) -> list[UnitRecord]:
    """The units ``argmap_units`` wrote into ``doc``, as records."""
    return [
        UnitRecord(_KINDS.get(span.label_, "other"), span.start_char, span.end_char, span_text(span),
                   float(span._.argmap_confidence or 0.5), str(span._.argmap_reason or ""),
                   list(span._.argmap_topics or []), list(span._.argmap_terms or []),
                   tuple(tuple(item) for item in span._.argmap_evidence or ()))
        for span in doc.spans.get(SPANS_KEY, [])
    ]


class Extractor:
    """Finds argument units and relations in threads.

    Args:
        nlp (Language): a pipeline with a tagger, lemmatizer and sentence boundaries; ``argmap_units`` is added
            when missing.

    Example:
        >>> from argmap import read_thread                             # doctest: +SKIP
        >>> extractor = Extractor.load()                               # doctest: +SKIP
        >>> extraction = extractor.extract(read_thread("corpora/hn-open-models.txt"))  # doctest: +SKIP
        >>> len(extraction.units), len(extraction.relations)           # doctest: +SKIP
        (60, 48)
    """

    def __init__(self, nlp: Language) -> None:
        register_extensions()
        if "argmap_units" not in nlp.pipe_names:
            nlp.add_pipe("argmap_units", last=True)
        self.nlp = nlp

    def __repr__(self) -> str:
        """The pipeline it runs, as a notebook shows it (it showed ``<argmap.nlp.extract.Extractor object at
        0x7f...>``, not which pipeline a cell had loaded): ``Extractor(pipeline='en_core_web_sm 3.8.0')``."""
        meta = self.nlp.meta
        pipeline = f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()
        return f"Extractor(pipeline={pipeline!r})"

    @classmethod
    def load(cls, model: str | None = None) -> Extractor:
        """Load the configured spaCy pipeline (see :func:`argmap.nlp.pipeline.load_pipeline`).

        Raises:
            ModelNotFound: no such pipeline is installed, or it sets no sentence boundaries.
        """
        extractor = cls(load_pipeline(model, exclude=UNUSED_COMPONENTS))
        check_sentences(extractor.nlp, model)
        return extractor

    def tag_topics(self, extraction: Extraction) -> None:
        """Give the units of an imported map (AIF, Kialo, brat: stored as the analyst made them) that have no
        topics the key phrases argmap gives its own units, read from each unit's words alone, so that
        ``claims --topic`` and ``topics`` work on such a map as on an extracted thread. Nothing else changes, and
        units argmap made (an argmap AIF export read back, ``model`` not ``import.*``) keep the topics they had."""
        untagged = [unit for unit in extraction.units
                    if not unit.topics and unit.source.startswith(IMPORTED) and unit.text.strip()]
        if not untagged:
            return
        with self.nlp.select_pipes(disable=[name for name in self.nlp.pipe_names if name.startswith("argmap_")]):
            for unit, doc in zip(untagged, self.nlp.pipe(unit.text for unit in untagged), strict=True):
                unit.topics = key_phrases(doc[:])

    def run(self, batch: Sequence[tuple[str, bool]], *, batch_size: int = DEFAULT_BATCH_SIZE) -> list[list[UnitRecord]]:
        """Unit records of each ``(text, is_reply)`` post of ``batch``, in this process.

        A post longer than :data:`PIECE_CHARS` goes through the pipeline a piece at a time, on its own.
        """
        short = [i for i, (text, _) in enumerate(batch) if len(text) <= PIECE_CHARS]
        found: list[list[UnitRecord]] = [[] for _ in batch]
        docs = self.nlp.pipe((self._doc(*batch[i]) for i in short), batch_size=batch_size)
        for i, doc in zip(short, docs, strict=True):
            found[i] = records(doc)
        for i, (text, is_reply) in enumerate(batch):
            if len(text) > PIECE_CHARS:
                found[i] = self._in_pieces(text, is_reply)
        return found

    def _doc(self, text: str, is_reply: bool) -> Doc:
        doc = self.nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text  # saves joining it again from the tokens
        doc._.argmap_reply = is_reply
        return doc

    def _in_pieces(self, text: str, is_reply: bool) -> list[UnitRecord]:
        """The unit records of a long post, its pieces run one by one and their offsets made the post's."""
        starts = piece_starts(text)
        found: list[UnitRecord] = []
        for k, (start, end) in enumerate(zip(starts, [*starts[1:], len(text)], strict=True)):
            doc = self._doc(text[start:end], is_reply)
            doc.user_data[PIECE_KEY] = (k > 0, end < len(text))
            for record in records(self.nlp(doc)):
                found.append(record._replace(start=record.start + start, end=record.end + start))
        return found

    def docs(self, threads: Sequence[Thread], *, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Doc]:
        """Run the pipeline over every post of ``threads``, in order, in this process (for inspection)."""
        def inputs() -> Iterator[Doc]:
            for thread in threads:
                for post in thread.posts:
                    doc = self.nlp.make_doc(post.text)
                    doc.user_data[TEXT_KEY] = post.text
                    doc._.argmap_reply = post.parent is not None
                    yield doc

        yield from self.nlp.pipe(inputs(), batch_size=batch_size)

    def extract(self, thread: Thread, *, n_process: int = 1, batch_size: int = DEFAULT_BATCH_SIZE,
                on_post: Callable[[int, int], None] | None = None) -> Extraction:
        """Units and relations of one thread.

        Args:
            thread (Thread): the posts.
            n_process (int): processes to run the pipeline in.
            batch_size (int): posts per batch.
            on_post (Callable[[int, int], None] | None): told ``(posts done, posts in all)`` every batch.

        Returns:
            Extraction: the same result every time for the same thread, whatever ``n_process``.

        Raises:
            InputError: a thread built by hand that no reader makes (:meth:`argmap.domain.Thread.check`).
        """
        thread.check()

        def told(_thread: Thread, done: int, total: int) -> None:
            if on_post:
                on_post(done, total)

        for _, _, extraction in extract_stream(self, [(thread, None)], n_process=n_process, batch_size=batch_size,
                                               on_post=told):
            return extraction
        raise AssertionError("extract_stream yields every thread it is given")

    def extract_many(self, threads: Sequence[Thread], *, n_process: int = 1,
                     batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Extraction]:
        """Extractions of several threads, batching their posts together through the pipeline.

        Raises:
            InputError: a thread built by hand that no reader makes (:meth:`argmap.domain.Thread.check`).
        """
        for thread in threads:
            thread.check()
        for _, _, extraction in extract_stream(self, ((t, None) for t in threads), n_process=n_process,
                                               batch_size=batch_size):
            yield extraction


class _Collector:
    """Turns unit records into units as they arrive, keeping only what linking needs."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.views: list[UnitView] = []

    def add(self, post: str, found: list[UnitRecord]) -> None:
        for record in found:
            # The kind's confidence, turned into how sure the classifier is that the unit is a claim.
            claim_score = record.confidence if record.kind == "claim" else 1.0 - record.confidence
            # Terms and topics repeat across units: one shared string each keeps a huge thread small.
            kind = intern(record.kind)
            self.views.append(UnitView(len(self.units), post, kind, record.text, record.start, record.end,
                                       tuple(intern(t) for t in dict.fromkeys(record.terms)), claim_score))
            self.units.append(Unit(
                post=post, kind=kind, start=record.start, end=record.end, text=record.text,
                confidence=record.confidence, source=UNITS_MODEL, reason=record.reason,
                topics=[intern(t) for t in record.topics],
                evidence=[from_tuple(item) for item in record.evidence],
            ))

    def finish(self, thread: Thread) -> Extraction:
        relations = link_thread(thread.posts, self.views)
        return Extraction(units=self.units, relations=relations + link_evidence(self.units, relations))


# The extractor a forked worker process uses: set in the parent just before the pool forks, so that the
# workers share the loaded pipeline instead of loading or unpickling their own.
_WORKER: Extractor | None = None


def ignore_interrupt() -> None:
    """A worker leaves Ctrl-C to the parent, which stops the pool and reports; it would print a traceback.

    It ends quietly on SIGTERM, which stopping the pool sends, whatever handler it was forked with (``argmap
    ingest`` turns SIGTERM into an orderly stop in the parent, and a worker would print that stop's traceback).
    So it does on SIGHUP, which a closed terminal sends to every process of its group, unless it is ignored
    (``nohup``).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    _end_with_parent()


#: Linux's prctl option that sends a process a signal when its parent dies.
_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """On Linux, a worker ends quietly when its parent is killed (``kill -9``): it printed a BrokenPipeError
    traceback for each batch it could not send back, where a killed command says nothing. Elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _work(batch: list[tuple[str, bool]]) -> list[list[UnitRecord]]:
    assert _WORKER is not None
    return _WORKER.run(batch)


def _batches(items: Iterable[tuple[Thread, T]], pending: deque[tuple[Thread, T]],
             batch_size: int) -> Iterator[list[tuple[str, bool]]]:
    batch: list[tuple[str, bool]] = []
    for thread, companion in items:
        pending.append((thread, companion))
        if thread.extraction is not None:
            continue
        for post in thread.posts:
            batch.append((post.text, post.parent is not None))
            if len(batch) == batch_size:
                yield batch
                batch = []
    if batch:
        yield batch


def extract_stream(
    extractor: Extractor,
    items: Iterable[tuple[Thread, T]],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_post: Callable[[Thread, int, int], None] | None = None,
) -> Iterator[tuple[Thread, T, Extraction]]:
    """Extract many threads through one stream of batches, reading them lazily and yielding them in order.

    Batches run across thread boundaries, so worker processes stay busy, and a thread is yielded as soon as its
    last post is through. A thread that brings its own extraction (an imported map) passes through as it is, but
    for topics on the units that have none (:meth:`Extractor.tag_topics`).
    Worker processes are forked from this one and share its loaded pipeline.

    Args:
        extractor (Extractor): the loaded extractor.
        items (Iterable[tuple[Thread, T]]): threads with whatever the caller wants back beside them.
        n_process (int): processes to run the pipeline in (1: this process only).
        batch_size (int): posts per batch.
        on_post (Callable[[Thread, int, int], None] | None): told ``(thread, posts done, posts in all)``.

    Yields:
        tuple[Thread, T, Extraction]: each thread, its companion and its extraction, in input order.
    """
    global _WORKER
    pending: deque[tuple[Thread, T]] = deque()
    batches = _batches(items, pending, batch_size)
    pool = None
    frozen = False
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        _WORKER = extractor
        # Everything alive now, the loaded pipeline above all, is left out of garbage collection until the
        # stream ends: the collector no longer walks it, here or in the forked workers (whose pages it would
        # otherwise copy by touching them). About a second of CPU on the benchmark threads.
        gc.freeze()
        frozen = True
        pool = multiprocessing.get_context("fork").Pool(n_process, initializer=ignore_interrupt)
        results: Iterator[list[list[UnitRecord]]] = pool.imap(_work, batches)
    else:
        results = (extractor.run(batch, batch_size=batch_size) for batch in batches)

    def ready() -> Iterator[tuple[Thread, T, Extraction]]:
        # Threads that need no pipeline: an imported map with its own extraction, or a thread with no post
        # (built by hand; a reader refuses one), whose extraction is empty.
        while pending and (pending[0][0].extraction is not None or not pending[0][0].posts):
            thread, companion = pending.popleft()
            if thread.extraction is not None:
                extractor.tag_topics(thread.extraction)
            yield thread, companion, thread.extraction if thread.extraction is not None else Extraction()

    current: tuple[Thread, T] | None = None
    collected = _Collector()
    count = 0
    finished: list[tuple[Thread, T, Extraction]] = []
    try:
        for result in results:
            # More work came back, so the threads finished before were not the last: hand them over now.
            yield from finished
            finished = []
            for found in result:
                if current is None:
                    finished.extend(ready())
                    current, collected, count = pending.popleft(), _Collector(), 0
                thread = current[0]
                collected.add(thread.posts[count].external_id, found)
                count += 1
                if on_post and (count % batch_size == 0 or count == len(thread.posts)):
                    on_post(thread, count, len(thread.posts))
                if count == len(thread.posts):
                    finished.append((thread, current[1], collected.finish(thread)))
                    current, collected = None, _Collector()
        # Every batch is back: the worker processes go before the last threads are stored, so their memory is
        # free for the caller's work on them (a huge last thread needs it).
        _stop(pool)
        pool = None
        yield from finished
        yield from ready()
    finally:
        _stop(pool)
        _WORKER = None
        if frozen:
            gc.unfreeze()


def _stop(pool: multiprocessing.pool.Pool | None) -> None:
    if pool is not None:
        pool.terminate()
        pool.join()


def from_docs(thread: Thread, docs: Iterable[Doc]) -> Extraction:
    """Build the extraction of ``thread`` from its processed Docs (one per post, in order)."""
    collected = _Collector()
    for post, doc in zip(thread.posts, docs, strict=True):
        collected.add(post.external_id, records(doc))
    return collected.finish(thread)
