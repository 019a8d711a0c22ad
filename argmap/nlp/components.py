"""The spaCy component that finds argument units in a post.

It writes ``doc.spans["argmap"]``: one span per unit labelled ``CLAIM``, ``PREMISE`` or ``OTHER``
(non-argumentative text), with ``span._.argmap_confidence`` and ``span._.argmap_reason``. Topics and
content terms are in ``span._.argmap_topics`` and ``span._.argmap_terms``; the evidence each unit offers
(:mod:`argmap.nlp.evidence`) in ``span._.argmap_evidence``, as plain tuples.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import raise_error

from argmap.nlp.doctext import doc_text, span_text
from argmap.nlp.evidence import post_evidence, to_tuple
from argmap.nlp.kinds import (
    classify,
    code_lines,
    default_model,
    edit_section,
    features,
    is_non_argumentative,
    learned_features,
    paragraph_openers,
)
from argmap.nlp.segment import segments
from argmap.nlp.topics import doc_chunks, key_phrases

__all__ = ["LEAD_IN_WORDS", "PIECE_KEY", "SPANS_KEY", "UNITS_MODEL", "UnitFinder", "content_terms",
           "register_extensions"]

SPANS_KEY = "argmap"
PIECE_KEY = "argmap_piece"
"""``doc.user_data`` key of a Doc that is one piece of a long post: ``(pieces before it, pieces after it)`` as two
booleans, so that its units are not taken for the post's first or last (see :data:`argmap.nlp.extract.PIECE_CHARS`)."""
UNITS_MODEL = "argmap.units.v10"
"""Provenance stored with every unit; a new version when segmentation or the kind rules change what a thread yields (v2:
runs of spaces no longer hide where a clause starts; v3: a condition the parser made the root of its sentence keeps
its main clause, "Once X, or Y, Z" staying one unit; v4: an opening quotation mark whose closer is in the unit stays
with it, and a sentence cut after an abbreviation that goes on in lower case is one; v5: a list item's number or
letter is trimmed like a bullet, a footnote marker stays with the sentence it marks, a closing bracket whose opener
went with the unit before is trimmed, and the lines of a code block and units with no word of two characters are
other; v6: a moderator's note on the thread is other; v7: the line forum software puts above a quoted message is
other; v8: a ", which" clause inside its sentence's subject stays with the sentence, a sentence spaCy ends inside an
operator ("a != b") is one, a connective before a colon, "On the other hand: ...", stays with the clause after it,
and thanking or congratulating someone, or "sorry, but ...", in what is argued is no courtesy, nor "I'll add" before
a point a plan)."""
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def content_terms(span: Span) -> set[str]:
    """Lower-case lemmas of the content words of ``span`` (for matching units against each other)."""
    return {  # len(t) is the length of t.text, without decoding the text
        (t.lemma_ or t.text).lower()
        for t in span
        if (t.pos_ in _CONTENT_POS or not t.pos_) and not t.is_stop and not t.is_punct and len(t) > 1
    }


def register_extensions() -> None:
    """Register the ``Doc`` and ``Span`` extensions argmap uses (safe to call again)."""
    if not Doc.has_extension("argmap_reply"):
        Doc.set_extension("argmap_reply", default=False)
    for name in ("argmap_confidence", "argmap_reason"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    # Plain values set by the component (so that they travel back from nlp.pipe worker processes), not getters.
    for name in ("argmap_topics", "argmap_terms", "argmap_evidence"):
        if not Span.has_extension(name) or Span.get_extension(name)[2] is not None:
            Span.set_extension(name, default=None, force=True)


# A short unit that ends its line with a colon ("My argument is as follows:", "Scenario 2:") announces what
# follows; a longer one ("I can imagine an AI insulting humans in the same way:") mostly makes a point itself.
_LEAD_IN = re.compile(r"[ \t]*:[ \t]*(?:\r?\n|$)")
#: A unit of at most this many words that ends its line with a colon is a lead-in.
LEAD_IN_WORDS = 8


@dataclass(frozen=True)
class _Found:
    start: int  # character offsets into the post
    end: int
    label: str
    confidence: float
    reason: str
    first: int  # token range of the span the unit was found as
    stop: int


def _left_out(span: Span, text: str, edit_start: int, code: list[tuple[int, int]]) -> str | None:
    """Why a unit argues nothing (``None`` when it may argue): the reason an ``other`` unit carries. ``code`` holds
    the post's code lines (:func:`argmap.nlp.kinds.code_lines`), in order."""
    if span.start_char >= edit_start:
        return "edit note: about the discussion"
    if code:
        at = bisect.bisect_right(code, (span.start_char, len(text))) - 1
        if at >= 0 and code[at][0] <= span.start_char < code[at][1]:
            return "code: a line of a code block, shown rather than argued"
    words = span_text(span)
    if _LEAD_IN.match(text, span.end_char) and len(words.split()) <= LEAD_IN_WORDS:
        return "lead-in: a few words ending the line with a colon, introducing what follows"
    if is_non_argumentative(words):
        return "greeting, thanks, meta, link, heading or fragment: argues nothing"
    return None


class UnitFinder:
    """Segments a post into units and labels each one.

    Args:
        nlp (Language): the pipeline it belongs to.
        name (str): its name in the pipeline.

    Raises:
        ModelUnreadable: the learned weights shipped with argmap are damaged (:func:`argmap.nlp.kinds.load_model`).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()
        default_model()  # read (and cached) now: a damaged file is reported before any post is read

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.set_annotations(doc, self.predict(doc))
        except Exception as exc:  # spaCy's convention: the handler decides, by default it re-raises
            error_handler(self.name, self, [doc], exc)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def get_error_handler(self) -> Callable[[str, Any, list[Doc], Exception], NoReturn]:
        """The handler spaCy calls when a post fails (``nlp.set_error_handler`` replaces it)."""
        handler: Callable[[str, Any, list[Doc], Exception], NoReturn] = getattr(self, "_error_handler", raise_error)
        return handler

    def set_error_handler(self, error_handler: Callable[[str, Any, list[Doc], Exception], NoReturn]) -> None:
        """Replace the error handler (spaCy calls this from ``nlp.set_error_handler``)."""
        self._error_handler = error_handler

    def predict(self, doc: Doc) -> list[_Found]:
        """Find the units of one post, without changing the Doc."""
        pieces = segments(doc)
        spans = [doc.char_span(s, e, alignment_mode="expand") for s, e in pieces]
        kept = [span for span in spans if span is not None]
        found: list[_Found] = []
        # Everything in a closing "EDIT:" section answers the thread, not the question.
        text = doc_text(doc)
        edit = edit_section(text)
        edit_start = edit if edit is not None else len(text) + 1
        code = code_lines(text)
        whys = [_left_out(span, text, edit_start, code) for span in kept]
        argumentative = [span for span, why in zip(kept, whys, strict=True) if why is None]
        # A paragraph's first unit is mostly the point the paragraph makes.
        openers = paragraph_openers(text, [span.start_char for span in argumentative])
        # One piece of a long post: its units come after (before) those of the pieces before (after) it.
        before, after = doc.user_data.get(PIECE_KEY, (False, False))
        count = len(argumentative) + int(before) + int(after)
        is_reply = doc._.argmap_reply
        model = default_model()
        index = -1  # position among the argumentative units
        for span, why in zip(kept, whys, strict=True):
            if why is not None:
                found.append(_Found(span.start_char, span.end_char, "OTHER", 0.8, why, span.start, span.end))
                continue
            index += 1
            cues = features(span, index=index + int(before), count=count, is_reply=is_reply,
                            opens_paragraph=openers[index])
            decision = classify(cues, learned=learned_features(span, cues), model=model)
            reason = ", ".join(decision.cues) if decision.cues else "no cue: default"
            found.append(_Found(span.start_char, span.end_char, decision.kind.upper(), decision.confidence,
                                f"{decision.kind}: {reason}", span.start, span.end))
        return found

    def set_annotations(self, doc: Doc, found: list[_Found]) -> None:
        """Write the units into ``doc.spans``, with their topics and content terms."""
        group = []
        chunks = doc_chunks(doc)
        evidence = post_evidence(doc_text(doc), [(unit.start, unit.end) for unit in found])
        for unit, items in zip(found, evidence, strict=True):
            span = Span(doc, unit.first, unit.stop, label=unit.label)
            extensions = span._  # each ``span._`` makes a new accessor object: one will do
            extensions.argmap_confidence = unit.confidence
            extensions.argmap_reason = unit.reason
            extensions.argmap_topics = key_phrases(span, chunks) if unit.label != "OTHER" else []
            extensions.argmap_terms = sorted(content_terms(span))  # a list: msgpack (worker processes) has no sets
            extensions.argmap_evidence = [to_tuple(item) for item in items]
            group.append(span)
        doc.spans[SPANS_KEY] = group
