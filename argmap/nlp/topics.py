"""Topics: normalised key phrases, so that "open source models", "open-source model" and "Open Source" meet.

A key phrase is a noun chunk (or, without a parser, a run of adjectives and nouns ending in a noun) or a named
entity, reduced to lower-case lemmas without determiners, pronouns or stop words, with hyphens read as spaces.
A phrase of three or more words also yields its modifier part ("open source model" -> "open source"), which is
where differently worded mentions of one subject meet.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

__all__ = ["MAX_TOPICS", "doc_chunks", "key_phrases", "normalise"]

MAX_TOPICS = 6
"""At most this many topics per unit, longest phrases first."""

_KEEP_POS = {"NOUN", "PROPN", "ADJ", "NUM", "VERB"}
_GENERIC = frozenset({
    "thing", "way", "lot", "people", "time", "point", "kind", "sort", "bit", "fact", "case", "reason", "part",
    "something", "anything", "everything", "nothing", "one", "other", "example", "question", "problem", "idea",
    "issue", "view", "opinion", "post", "comment", "op", "cmv", "term", "level", "number", "amount", "yes", "no",
})


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower() if token.lemma_ and token.pos_ in {"NOUN", "PROPN"} else token.lower_
    return lemma.strip("'’\"")


def normalise(tokens: list[Token]) -> str:
    """A key phrase from tokens: lower-case lemmas of content words, hyphenated parts split."""
    words: list[str] = []
    for token in tokens:
        if token.is_punct or token.is_space or token.like_url:
            continue
        if token.is_stop or token.pos_ in {"DET", "PRON", "ADP", "CCONJ", "PART", "AUX", "SCONJ", "INTJ"}:
            continue
        for part in _lemma(token).replace("_", "-").split("-"):
            if part and any(ch.isalnum() for ch in part):
                words.append(part)
    return " ".join(words)


def doc_chunks(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the candidate phrases of a whole Doc: noun chunks (or adjective-noun runs without a
    parser) and named entities. Computed once per Doc; :func:`key_phrases` picks those inside a unit."""
    ranges: list[tuple[int, int]] = []
    if doc.has_annotation("DEP"):
        ranges.extend((chunk.start, chunk.end) for chunk in doc.noun_chunks)
    else:
        start: int | None = None
        for token in doc:
            if token.pos_ in {"ADJ", "NOUN", "PROPN"} or (token.text == "-" and start is not None):
                start = token.i if start is None else start
                continue
            if start is not None:
                ranges.append((start, token.i))
            start = None
        if start is not None:
            ranges.append((start, len(doc)))
    ranges.extend((ent.start, ent.end) for ent in doc.ents if ent.label_ not in {"CARDINAL", "ORDINAL"})
    return ranges


def _chunks(span: Span, chunks: list[tuple[int, int]]) -> Iterator[list[Token]]:
    doc = span.doc
    for start, end in chunks:
        if start >= span.start and end <= span.end:
            yield list(doc[start:end])


def key_phrases(span: Span, chunks: list[tuple[int, int]] | None = None) -> list[str]:
    """The normalised key phrases of a unit, most specific first.

    Args:
        span (Span): the unit.
        chunks (list[tuple[int, int]] | None): from :func:`doc_chunks` for the unit's Doc, when already at hand.

    Returns:
        list[str]: up to :data:`MAX_TOPICS` distinct phrases.
    """
    found: dict[str, None] = {}
    for tokens in _chunks(span, doc_chunks(span.doc) if chunks is None else chunks):
        # Hyphenated compounds ("open-source") arrive as several tokens; normalise joins them as words.
        phrase = normalise(tokens)
        words = phrase.split()
        if not words or all(w in _GENERIC for w in words) or all(w.isdigit() for w in words):
            continue
        if len(words) > 5:
            words = words[-5:]
            phrase = " ".join(words)
        found.setdefault(phrase, None)
        if len(words) >= 3:
            found.setdefault(" ".join(words[:-1]), None)
    ordered = sorted(found, key=lambda p: (-len(p.split()), p))
    return ordered[:MAX_TOPICS]
