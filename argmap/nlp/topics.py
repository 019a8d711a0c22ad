"""Topics: normalised key phrases, so that "open source models", "open-source model" and "Open Source" meet.

A key phrase is a noun chunk (or, without a parser, a run of adjectives and nouns ending in a noun) or a named
entity, reduced to lower-case lemmas without determiners, pronouns or stop words, with hyphens read as spaces.
A phrase of three or more words also yields its modifier part ("open source model" -> "open source"), which is
where differently worded mentions of one subject meet.

spaCy cuts a hyphenated compound into words and hyphens, and its noun chunks often cut through one ("entire
sub-tasks" comes out as "entire sub", "-" and "tasks"; "end-to-end features" as "end"). A phrase that touches such
a compound is therefore widened to hold all of it and the nouns right after it. Plurals used as mass nouns keep
their form ("data", "media", "politics"), where the lemmatiser would give "datum", "medium" and "politic"; plural
names of groups are made singular ("Democrats" -> "democrat", "LLMs" -> "llm"), which the lemmatiser leaves as
written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from argmap.nlp.doctext import doc_text
from argmap.words import MASS_PLURALS, NEGATIONS, STOP_WORDS, not_shouted, singular, undotted

__all__ = ["MAX_TOPICS", "doc_chunks", "key_phrases", "normalise"]

MAX_TOPICS = 6
"""At most this many topics per unit, longest phrases first."""

_GENERIC = frozenset({
    "thing", "way", "lot", "people", "time", "point", "kind", "sort", "bit", "fact", "case", "reason", "part",
    "something", "anything", "everything", "nothing", "one", "other", "example", "question", "problem", "idea",
    "issue", "view", "opinion", "post", "comment", "op", "cmv", "term", "level", "number", "amount", "yes", "no",
    # Nouns that measure out what follows them ("a bunch of", "a couple of", "plenty of", "the rest of"): the
    # subject is what they count, which is a phrase of its own. Alone they were 233 units' keys in the 19 shared
    # threads.
    "bunch", "couple", "dozen", "half", "handful", "plenty", "rest", "ton",
    # Words for people or things in general, as "people" and "thing" are ("you guys", "folks", "all this stuff",
    # "this shit"): 242 units' keys in the 19 shared threads, "guy" the 30th most used topic.
    "guy", "dude", "folk", "stuff", "shit", "crap",
})
# Numbers written as words: "millions of people" gave the key "million", "a hundred" "hundred" (the 19 shared threads
# had 148 units with such keys, alone or before a generic word as in "70 million people").
_NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion",
})
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")


_NOUNS = {"NOUN", "PROPN"}


def _plural_name(token: Token) -> bool:
    """A plural proper noun naming a group ("Democrats", "LLMs"), not the end of a longer name ("Bernie Sanders")
    nor an acronym in capitals ("AWS", which was "aw")."""
    return token.tag_ == "NNPS" and not token.text.isupper() and not any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.lefts)


# The plural of an acronym: its capitals and a lower-case "s" ("LLMs", "GPUs", "IDs").
_ACRONYMS = re.compile(r"[A-Z][A-Z0-9]*[A-Z]s")


def _lemma(token: Token) -> str:
    lower = token.lower_
    if token.pos_ in _NOUNS and _ACRONYMS.fullmatch(token.text):
        # spaCy tags "LLMs" as a singular proper noun as often as a plural, and leaves it as written then
        lemma = lower[:-1]
    elif token.pos_ not in _NOUNS or lower in MASS_PLURALS or (1 < len(lower) <= 5 and token.text.isupper()):
        lemma = lower  # an acronym keeps its letters: "AWS" is no plural of "aw"
        lemma = undotted(lemma) or lemma  # "U.S." and "U.S" are "US"
    elif _plural_name(token):
        # spaCy leaves proper nouns as written, so "Democrats" and "a Democrat", "LLMs" and "an LLM" would not meet
        lemma = singular(lower)
    else:
        lemma = token.lemma_.lower() or lower
        if lemma.endswith("xis") and lower.endswith("xes"):
            # the lemmatiser reads "taxes" as the plural of "taxis" ("high taxis", "property taxis": 29 units of the
            # 19 shared threads), which the query normaliser's "tax" never met; a plural in -xes is of an -x word
            lemma = singular(lower)
    return lemma.strip("'’\"")


_FUNCTION = {"DET", "PRON", "ADP", "CCONJ", "PART", "AUX", "SCONJ", "INTJ", "ADV"}
# Marks of an abbreviated aside ("e.g. Python", "approx. 400", "w/ prod data"), which are no words of a subject.
_ASIDE = frozenset({"e.g.", "eg", "e.g", "i.e.", "ie", "i.e", "cf", "cf.", "approx", "approx.", "ca.", "etc", "etc.",
                    "vs", "vs.", "w/", "w/o", "viz", "viz."})
# A number, however written: "3.5", "12,000", "40%", "+17", "~1950", "90+%" name no subject (whole numbers were
# already left out).
_NUMBER = re.compile(r"[~≈±+<>$€£]*[\d.,%]*\d[\d.,%+]*")
# A negated auxiliary or a pronoun with its verb that the tokenizer left whole ("DIDN'T" in capitals, "doesn't/won't",
# "...I’m" after dots), which then read as a noun of a key phrase ("732,000 didn't", "i’m"). "gov't" is a word.
_CONTRACTION = re.compile(r"[a-z]+n['’]t|(?:i|you|we|they|he|she|it|that|there|who|what)['’](?:m|re|ve|ll|d|s)")
# What joins the parts of a compound written as one token: the hyphen, Unicode's hyphens ("GPT‑5.6" with U+2011, as
# pages copied from the web have it: the key was "gpt‑5.6", apart from "gpt 5.6") and an underscore.
_HYPHENS = re.compile("[-_\u2010\u2011]")
# A bracket glued to the word before it: a footnote marker ("Democrats[0]") or an aside opened without a space.
_GLUED = re.compile(r"(?<=[^\W_])[\[(]|(?<=[.,;:!?])[\[(]")


def _name_in_capitals(token: Token) -> bool:
    """Whether ``token`` is a name in capitals that is a function word in lower case ("the US", "US troops", "the
    WHO"), not the word shouted ("TELL US", "GET US OUT"): a proper noun of two to five capitals whose neighbour
    before it (or, opening its sentence, after it) is not in capitals too."""
    text = token.text
    if token.pos_ != "PROPN" or not 2 <= len(text) <= 5 or not text.isalpha() or not text.isupper():
        return False
    doc = token.doc
    return not_shouted(doc[i].text for i in (*range(token.i - 1, token.sent.start - 1, -1),
                                             *range(token.i + 1, token.sent.end)))


# spaCy's stop list holds nouns and adjectives that name a thing with the noun after them ("front page", "side
# effect", "due process", "third party", "bottom line", "domain name"): the keys were "page", "effect", "process",
# where a query keeps the word, so neither "front page" nor "third-party app" typed met them. Kept as nouns, and
# these as adjectives, unless the query normaliser drops them too (:data:`argmap.words.STOP_WORDS`).
_NAMING_ADJECTIVES = frozenset({"back", "bottom", "front", "top", "side", "third", "part", "due"})
# Stop words that spaCy tags as nouns but that name nothing: pronouns' kin, and pieces of contractions ("'re").
_NO_NAMES = frozenset({"everything", "everyone", "everywhere", "noone", "somewhere", "anywhere", "elsewhere",
                            "one", "re", "ca", "sometime", "please"})


def _function_word(token: Token) -> bool:
    """Whether ``token`` is no word of a key phrase: a function word by its part of speech, or a stop word that is
    no noun naming something."""
    if token.pos_ in _FUNCTION:
        return True
    if not token.is_stop:
        return False
    lower = token.lower_
    if lower in STOP_WORDS or lower in NEGATIONS or lower in _NO_NAMES:
        return True
    return not (token.pos_ in _NOUNS or (token.pos_ == "ADJ" and lower in _NAMING_ADJECTIVES))


def _joins(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` is a hyphen that joins the tokens either side of it, with no space between."""
    return 0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _in_compound(token: Token) -> bool:
    """Whether a hyphen joins ``token`` to a neighbour with no space between ("state-of-the-art")."""
    return token.is_alpha and (_joins(token.doc, token.i - 1) or _joins(token.doc, token.i + 1))


def _unglued(token: Token) -> str:
    """The word of a token that the tokenizer left glued to a bracket: a footnote marker ("Democrats[0]" gave the
    key "democrats[0") or an aside opened without a space ("control(including" in "birth control(including ...)");
    empty when that word is a function word."""
    word = _GLUED.split(token.lower_.lstrip("(["), maxsplit=1)[0].rstrip(".,;:!?")
    if not word or token.vocab[word].is_stop:
        return ""
    return singular(word) if token.pos_ in _NOUNS else word


def normalise(tokens: list[Token]) -> str:
    """A key phrase from tokens: lower-case lemmas of content words, hyphenated parts split (and kept whole,
    function words too: "state-of-the-art" -> "state of the art")."""
    return _normalise(tokens, hyphens=True)


def _normalise(tokens: list[Token], *, hyphens: bool) -> str:
    """:func:`normalise`; ``hyphens`` false when the Doc holds no "-", so that no token is in a compound."""
    words: list[str] = []
    # A noun or an adjective on spaCy's stop list ("side", "front", "third", "latter", "whole", "top") is a word of
    # a key beside a word that is on no stop list ("side effect", "third party"), but names no subject alone.
    named = False
    for token in tokens:
        if token.is_punct or token.is_space or token.like_url or token.like_email or token.lower_ in _ASIDE:
            continue
        compound = hyphens and _in_compound(token)
        name = token.is_stop and _name_in_capitals(token)
        if _function_word(token) and not compound and not name:
            continue
        named = named or not token.is_stop or compound or name
        if ("'" in token.text or "’" in token.text) and _CONTRACTION.fullmatch(token.lower_):
            continue
        lemma = _lemma(token)
        if "[" in lemma or "(" in lemma:
            lemma = _unglued(token)
        for part in _HYPHENS.split(lemma):
            if part.isalnum() or any(ch.isalnum() for ch in part):  # isalnum(): the common case, at once
                words.append(part)
    return " ".join(words) if named else ""


def _hyphen_groups(doc: Doc) -> list[int]:
    """For each token, the index of the first token of the hyphenated compound it belongs to (itself if none).

    Tokens belong together when a hyphen joins them with no space on either side ("end-to-end").
    """
    first = list(range(len(doc)))
    if "-" not in doc_text(doc):
        return first  # no hyphen, no compound: the common case, without reading a token
    for token in doc:  # iterating is cheaper than indexing, and keeps the order chains ("end-to-end") need
        i = token.i
        if token.text == "-" and _joins(doc, i) and doc[i - 1].is_alpha and doc[i + 1].is_alpha:
            first[i] = first[i + 1] = first[i - 1]
    return first


def _widen(doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Phrase ranges widened over the hyphenated compounds they touch and the nouns that follow one."""
    first = _hyphen_groups(doc)
    last = list(range(len(doc)))
    if "-" in doc_text(doc):  # else no token is in a compound, and each is its own first and last
        for i in range(len(doc) - 1, -1, -1):
            if first[i] != i:
                last[first[i]] = max(last[first[i]], i)
        for i in range(len(doc)):
            last[i] = last[first[i]]
    widened: list[tuple[int, int]] = []
    for start, end in ranges:
        new_start, new_end = first[start], last[end - 1] + 1
        if (new_start, new_end) != (start, end):
            while new_end < len(doc) and doc[new_end].pos_ in _NOUNS and not doc[new_end - 1].is_punct:
                new_end = last[new_end] + 1
            while new_start > 0 and doc[new_start - 1].pos_ in {"ADJ", "NOUN", "PROPN", "NUM"} \
                    and new_start <= doc[new_start - 1].head.i < new_end:
                new_start = first[new_start - 1]
        if any(not doc[i].is_punct for i in range(new_start, new_end)):
            widened.append((new_start, new_end))
    return list(dict.fromkeys(widened))


def doc_chunks(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the candidate phrases of a whole Doc: noun chunks (or adjective-noun runs without a
    parser) and named entities, widened over hyphenated compounds, in order of their start. Computed once per
    Doc; :func:`key_phrases` picks those inside a unit."""
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
    return sorted(_widen(doc, ranges))


def _chunks(span: Span, chunks: list[tuple[int, int]]) -> Iterator[list[Token]]:
    """The phrases of ``chunks`` (sorted by start) inside ``span``, found by bisection: a post of a million
    characters has tens of thousands of units and of phrases, and testing each phrase for each unit took minutes."""
    tokens: list[Token] | None = None  # the unit's tokens, read once and sliced (cheaper than a Span per phrase)
    for i in range(bisect_left(chunks, span.start, key=lambda chunk: chunk[0]), len(chunks)):
        start, end = chunks[i]
        if start >= span.end:
            break
        if end <= span.end:
            if tokens is None:
                tokens = list(span)
            yield tokens[start - span.start:end - span.start]


def _count(word: str) -> bool:
    """Whether ``word`` is a number, in digits ("3.5", "+17") or in words ("million", "ten")."""
    return word in _NUMBER_WORDS or _NUMBER.fullmatch(word) is not None


def _no_subject(words: list[str]) -> bool:
    """Whether a phrase's words name no subject: none at all, generic words or numbers only ("1 thing", "ten
    thousand", "70 million people"), or ordinals and numbers ("19th", "second"; beside another word an ordinal
    names one: "second term")."""
    return not words or all(w in _GENERIC or _count(w) for w in words) \
        or all(_count(w) or _ORDINAL.fullmatch(w) for w in words)


# Fixed phrases whose noun names no subject, by the noun and a word before it (its lemma; the words of
# _IDIOM_FILLERS and adverbs between them aside): "of course", "over the course of", "in order (to)", "on the other
# hand", "for instance", "in addition", "it makes (absolutely no) sense", "in a sense", "no matter", "for that
# matter", "as a matter of fact", "keep in mind", "change your mind", "comes to mind", "in the end", "in favor of",
# "in this regard", "with regard to", "to some extent", "by no means", "take a look". spaCy reads each
# noun as a noun chunk, so "course", "order", "hand", "sense", "matter" and "mind" were among the 100 most used
# topics of the 19 shared threads, most of their units these phrases (60 of 66 units of "course", 56 of 70 of
# "order"). A noun with a word of its own is a key as before ("common sense", "executive order").
_IDIOMS: dict[str, frozenset[str]] = {
    "course": frozenset({"of", "over"}), "order": frozenset({"in"}), "hand": frozenset({"on"}),
    "instance": frozenset({"for"}), "addition": frozenset({"in"}), "sense": frozenset({"make", "in"}),
    "matter": frozenset({"no", "as", "for"}), "mind": frozenset({"in", "to", "change", "make", "up"}),
    "end": frozenset({"in"}), "favor": frozenset({"in"}), "favour": frozenset({"in"}),
    "regard": frozenset({"in", "with"}), "extent": frozenset({"to"}), "mean": frozenset({"by"}),
    "look": frozenset({"take", "have"}),
}
_IDIOM_FILLERS = frozenset({"the", "a", "an", "other", "one", "any", "no", "that", "this", "some", "same", "much",
                            "more", "little", "quick", "close", "good",
                            "my", "your", "his", "her", "our", "their", "its"})


def _idiom(tokens: list[Token], words: list[str]) -> bool:
    """Whether a phrase of one word is the noun of a fixed phrase that names no subject (:data:`_IDIOMS`)."""
    if len(words) != 1 or words[0] not in _IDIOMS:
        return False
    cues = _IDIOMS[words[0]]
    doc = tokens[0].doc
    for at in range(tokens[-1].i - 1, max(tokens[-1].i - 6, -1), -1):
        token = doc[at]
        if token.lower_ in cues or token.lemma_.lower() in cues:
            return True
        if token.lower_ not in _IDIOM_FILLERS and token.pos_ != "ADV":
            return False
    return False


def key_phrases(span: Span, chunks: list[tuple[int, int]] | None = None) -> list[str]:
    """The normalised key phrases of a unit, most specific first.

    Args:
        span (Span): the unit.
        chunks (list[tuple[int, int]] | None): from :func:`doc_chunks` for the unit's Doc, when already at hand.

    Returns:
        list[str]: up to :data:`MAX_TOPICS` distinct phrases.
    """
    found: dict[str, None] = {}
    # A hyphen that joins one of the unit's tokens to a neighbour is in the unit's text or right next to it.
    hyphens = "-" in doc_text(span.doc)[max(span.start_char - 1, 0):span.end_char + 1]
    for tokens in _chunks(span, doc_chunks(span.doc) if chunks is None else chunks):
        # Hyphenated compounds ("open-source") arrive as several tokens; normalise joins them as words.
        phrase = _normalise(tokens, hyphens=hyphens)
        words = phrase.split()
        if _no_subject(words) or _idiom(tokens, words):
            continue
        if len(words) > 5:
            words = words[-5:]
            phrase = " ".join(words)
        found.setdefault(phrase, None)
        if len(words) >= 3 and not _no_subject(words[:-1]):  # "22-24 hours" is about hours, not "22 24"
            found.setdefault(" ".join(words[:-1]), None)
    ordered = sorted(found, key=lambda p: (-len(p.split()), p))
    return ordered[:MAX_TOPICS]
