"""Argumentative discourse units: sentences, split further where one sentence holds two moves.

"Of course Opus is better, but we're already hitting diminishing returns" is two units: a concession and
the claim that answers it. A sentence is split before a contrastive or causal connective that opens a new
clause (", but", "; however", "because", ", so", "and therefore", ...) when both sides keep enough words
to be a proposition. The connective stays with the clause it opens, where it tells the classifier and the
linker what the clause does.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

__all__ = ["MIN_UNIT_WORDS", "SPLIT_MARKERS", "segments"]

MIN_UNIT_WORDS = 3
"""A piece with fewer words than this stays joined to its neighbour."""

#: Connectives that open a new argumentative move inside a sentence.
SPLIT_MARKERS = frozenset({
    "but", "however", "although", "though", "whereas", "because", "since", "therefore", "thus", "hence",
    "so", "yet", "while", "unless", "otherwise", "instead", "meaning",
})
# After these, "and"/"or" + connective also opens a move ("and therefore", "and so", "or else").
_AND = frozenset({"and", "or"})
_WORD = re.compile(r"[^\W_]", re.UNICODE)


def _words(span: Span) -> int:
    return sum(1 for t in span if _WORD.search(t.text) and not t.is_punct)


def _split_points(sent: Span) -> list[int]:
    """Token indices (into the doc) where a new unit starts inside ``sent``."""
    points: list[int] = []
    for token in sent[1:]:
        lower = token.lower_
        previous = token.doc[token.i - 1]
        if token.text == ";":
            points.append(token.i + 1)
            continue
        if lower not in SPLIT_MARKERS:
            continue
        # "so" and "while" split only after a comma or semicolon ("so good", "while loop" are not moves).
        after_break = previous.text in {",", ";", ":", "—", "–", "-"}
        if lower in {"so", "while", "yet", "since", "meaning", "instead", "otherwise"} and not after_break:
            continue
        # Split before "and/or" that introduce the connective: ", and therefore ...".
        start = token.i
        if previous.lower_ in _AND:
            start = previous.i
            if token.doc[start - 1].text == "," and start - 1 > sent.start:
                start = start
        points.append(start)
    return points


def segments(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the units in ``doc``, in order.

    Args:
        doc (Doc): a parsed or sentence-segmented Doc.

    Returns:
        list[tuple[int, int]]: ``(start, end)`` character offsets; white space and edge punctuation
        such as leading dashes or bullets are trimmed, and pieces without words are dropped.
    """
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        bounds = [sent.start]
        for point in _split_points(sent):
            left = doc[bounds[-1]:point]
            right = doc[point:sent.end]
            if _words(left) >= MIN_UNIT_WORDS and _words(right) >= MIN_UNIT_WORDS:
                bounds.append(point)
        bounds.append(sent.end)
        for a, b in zip(bounds, bounds[1:], strict=False):
            piece = doc[a:b]
            span = _trim(doc.text, piece.start_char, piece.end_char)
            if span is not None:
                out.append(span)
    return out


_EDGE = " \t\r\n-–—*•>,;:()[]\"'"


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:-–—(":
        end -= 1
    if not _WORD.search(text[start:end]):
        return None
    return start, end
