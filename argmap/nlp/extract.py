"""From a thread to units and relations: run the pipeline over every post, then link the units.

Posts go through ``nlp.pipe`` in batches (over several processes where asked), so a thread costs about what
the spaCy pipeline costs; the rest (segmenting, labelling, linking) is light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

import argmap.nlp.factories  # noqa: F401  (registers the argmap_* factories)
from argmap.domain import Extraction, Thread, Unit
from argmap.nlp.components import SPANS_KEY, UNITS_MODEL, register_extensions
from argmap.nlp.pipeline import load_pipeline
from argmap.nlp.relations import UnitView, link_thread

__all__ = ["DEFAULT_BATCH_SIZE", "UNUSED_COMPONENTS", "Extractor"]

DEFAULT_BATCH_SIZE = 64
#: Components of the English pipeline that extraction does not use: not loaded at all, which saves time.
UNUSED_COMPONENTS = ("ner",)

_KINDS = {"CLAIM": "claim", "PREMISE": "premise", "OTHER": "other"}


class Extractor:
    """Finds argument units and relations in threads.

    Args:
        nlp (Language): a pipeline with a tagger, lemmatizer and sentence boundaries; ``argmap_units`` is added
            when missing.

    Example:
        >>> extractor = Extractor.load()                               # doctest: +SKIP
        >>> extraction = extractor.extract(thread)                     # doctest: +SKIP
    """

    def __init__(self, nlp: Language) -> None:
        register_extensions()
        if "argmap_units" not in nlp.pipe_names:
            nlp.add_pipe("argmap_units", last=True)
        self.nlp = nlp

    @classmethod
    def load(cls, model: str | None = None) -> Extractor:
        """Load the configured spaCy pipeline (see :func:`argmap.nlp.pipeline.load_pipeline`)."""
        return cls(load_pipeline(model, exclude=UNUSED_COMPONENTS))

    def docs(self, threads: Sequence[Thread], *, n_process: int = 1,
             batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Doc]:
        """Run the pipeline over every post of ``threads``, in order."""
        def inputs() -> Iterator[Doc]:
            for thread in threads:
                for post in thread.posts:
                    doc = self.nlp.make_doc(post.text)
                    doc._.argmap_reply = post.parent is not None
                    yield doc

        yield from self.nlp.pipe(inputs(), n_process=n_process, batch_size=batch_size)

    def extract(self, thread: Thread, *, n_process: int = 1, batch_size: int = DEFAULT_BATCH_SIZE,
                on_post: Callable[[int, int], None] | None = None) -> Extraction:
        """Units and relations of one thread.

        Args:
            thread (Thread): the posts.
            n_process (int): processes for ``nlp.pipe``.
            batch_size (int): posts per batch.
            on_post (Callable[[int, int], None] | None): told ``(posts done, posts in all)`` every batch.

        Returns:
            Extraction: the same result every time for the same thread.
        """
        total = len(thread.posts)
        collected = _Collector()
        docs = self.docs([thread], n_process=n_process, batch_size=batch_size)
        for count, (post, doc) in enumerate(zip(thread.posts, docs, strict=True), start=1):
            collected.add(post.external_id, doc)  # the Doc is dropped here: memory stays flat on long threads
            if on_post and (count % batch_size == 0 or count == total):
                on_post(count, total)
        return collected.finish(thread)

    def extract_many(self, threads: Sequence[Thread], *, n_process: int = 1,
                     batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Extraction]:
        """Extractions of several threads, batching their posts together through the pipeline."""
        stream = iter(self.docs(threads, n_process=n_process, batch_size=batch_size))
        for thread in threads:
            yield from_docs(thread, [next(stream) for _ in thread.posts])


class _Collector:
    """Turns processed Docs into units as they arrive, keeping only what linking needs."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.views: list[UnitView] = []

    def add(self, post: str, doc: Doc) -> None:
        for span in doc.spans.get(SPANS_KEY, []):
            kind = _KINDS.get(span.label_, "other")
            self.views.append(UnitView(len(self.units), post, kind, span.text, span.start_char, span.end_char,
                                       set(span._.argmap_terms or ())))
            self.units.append(Unit(
                post=post, kind=kind, start=span.start_char, end=span.end_char, text=span.text,
                confidence=float(span._.argmap_confidence or 0.5), source=UNITS_MODEL,
                reason=str(span._.argmap_reason or ""), topics=list(span._.argmap_topics or []),
            ))

    def finish(self, thread: Thread) -> Extraction:
        return Extraction(units=self.units, relations=link_thread(thread.posts, self.views))


def from_docs(thread: Thread, docs: Iterable[Doc]) -> Extraction:
    """Build the extraction of ``thread`` from its processed Docs (one per post, in order)."""
    collected = _Collector()
    for post, doc in zip(thread.posts, docs, strict=True):
        collected.add(post.external_id, doc)
    return collected.finish(thread)
