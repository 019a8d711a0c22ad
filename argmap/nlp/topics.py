"""Topics: normalised key phrases, so that "open source models", "open-source model" and "Open Source" meet.

A key phrase is a noun chunk (or, without a parser, a run of adjectives and nouns ending in a noun) or a named
entity, reduced to lower-case lemmas without determiners, pronouns or stop words, with hyphens read as spaces.
A phrase of three or more words also yields its modifier part ("open source model" -> "open source"), which is
where differently worded mentions of one subject meet.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

__all__ = ["MAX_TOPICS", "key_phrases", "normalise"]

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


def _chunks(span: Span) -> Iterator[list[Token]]:
    doc = span.doc
    if doc.has_annotation("DEP"):
        for chunk in doc.noun_chunks:
            if chunk.start >= span.start and chunk.end <= span.end:
                yield list(chunk)
    else:
        run: list[Token] = []
        for token in span:
            if token.pos_ in {"ADJ", "NOUN", "PROPN"} or (token.text == "-" and run):
                run.append(token)
                continue
            if run:
                yield run
            run = []
        if run:
            yield run
    for ent in doc.ents:
        if ent.start >= span.start and ent.end <= span.end and ent.label_ not in {"CARDINAL", "ORDINAL"}:
            yield list(ent)


def key_phrases(span: Span) -> list[str]:
    """The normalised key phrases of a unit, most specific first.

    Args:
        span (Span): the unit.

    Returns:
        list[str]: up to :data:`MAX_TOPICS` distinct phrases.
    """
    found: dict[str, None] = {}
    for tokens in _chunks(span):
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
