"""A light text normaliser for query strings and claim signatures, without spaCy.

Key phrases are normalised by :func:`argmap.nlp.topics.normalise` from spaCy tokens at ingest. A query typed
on the command line ("open-source", "Open Source models") must meet those keys without loading a pipeline, so
this module approximates the same rules: lower case, hyphens read as spaces, stop words dropped (except inside
a hyphenated compound: "state-of-the-art" -> "state of the art"), plural nouns made singular. The same words
give claims a signature for tracking: content terms, negation polarity and the antonym pairs that turn one
claim into its opposite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from unicodedata import combining, normalize

from argmap.words import NEGATIONS, STOP_WORDS, not_shouted, singular, undotted

__all__ = [
    "ANTONYMS",
    "DECIMAL",
    "FILLERS",
    "MARKS",
    "MAX_SEARCH_WORDS",
    "NEGATIONS",
    "STOP_WORDS",
    "claim_words",
    "content_terms",
    "folded",
    "fts_words",
    "marked_words",
    "normalise_phrase",
    "polarity",
    "polarity_of",
    "quoted_phrases",
    "search_words",
    "singular",
    "terms_of",
    "unaccented",
    "words",
]

FILLERS = frozenset({
    "think", "believe", "guess", "feel", "mean", "suppose", "reckon", "really", "actually", "basically",
    "essentially", "honestly", "literally", "probably", "maybe", "definitely", "certainly", "clearly",
    "obviously", "simply", "pretty", "already", "now", "still", "even", "today", "currently", "sure", "agree",
    "opinion", "imo", "imho", "tbh", "yeah", "yes", "ok", "okay", "lot", "thing", "kind", "sort", "way",
})
"""Hedges, opinion markers and discourse words: how a claim is said, not what it says."""

_PAIRS = [
    ("good", "bad"), ("better", "worse"), ("best", "worst"), ("more", "less"), ("more", "fewer"),
    ("increase", "decrease"), ("rise", "fall"), ("true", "false"), ("right", "wrong"), ("possible", "impossible"),
    ("safe", "dangerous"), ("cheap", "expensive"), ("cheaper", "expensive"), ("fast", "slow"),
    ("faster", "slower"), ("high", "low"), ("higher", "lower"), ("win", "lose"), ("strong", "weak"),
    ("stronger", "weaker"), ("easy", "hard"), ("easier", "harder"), ("open", "closed"), ("legal", "illegal"),
    ("help", "hurt"), ("benefit", "harm"), ("always", "never"), ("all", "none"), ("likely", "unlikely"),
    ("productive", "unproductive"), ("efficient", "inefficient"), ("fair", "unfair"), ("accept", "reject"),
    ("support", "oppose"), ("good", "worse"), ("better", "bad"), ("succeed", "fail"), ("gain", "loss"),
    ("pro", "anti"), ("allow", "ban"), ("allow", "forbid"), ("love", "hate"), ("agree", "disagree"),
]
ANTONYMS: dict[str, frozenset[str]] = {}
"""Word -> words of opposite meaning, for the tracking guard: "cheaper" and "more expensive" never merge."""
for _a, _b in _PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|n't")  # letters of any script: "café" is one word, not "caf"
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_EDGE_PUNCT = "\"'()[]{}.,;:!?“”‘’"


_CLITICS = ("'s", "'re", "'ve", "'ll", "'m", "'d")
"""Endings of a contraction that :func:`words` drops ("they're" is "they"), as stop words would be dropped."""


def words(text: str) -> list[str]:
    """Lower-case word tokens; hyphens and slashes split words, ``don't`` gives ``do`` and ``n't``, and ``I'm``,
    ``you'd`` and ``they're`` give ``i``, ``you`` and ``they``.

    Args:
        text (str): any text.

    Returns:
        list[str]: the tokens in order.

    Example:
        >>> words("Open-source models don't win")
        ['open', 'source', 'models', 'do', "n't", 'win']
        >>> words("I'm sure you'd agree")
        ['i', 'sure', 'you', 'agree']
    """
    # A letter and its accent as one character (NFC), as most text has it: "Cafe\u0301" gave "cafe", not "café".
    text = text if text.isascii() else normalize("NFC", text)
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    if "'" not in lowered:  # most text: no contraction to split, no apostrophe to drop
        return _TOKEN.findall(lowered)
    lowered = re.sub(r"\bcan't\b", "can n't", lowered)
    lowered = re.sub(r"\bwon't\b", "will n't", lowered)
    lowered = re.sub(r"n't\b", " n't", lowered)
    found: list[str] = []
    for token in _TOKEN.findall(lowered):
        if token.endswith(_CLITICS):  # "I'm" and "I'd" were the content words "im" and "id"
            token = token.split("'", 1)[0]
        elif "'" in token and token != "n't":
            token = token.replace("'", "")
        if token:
            found.append(token)
    return found


def _initials(pieces: list[str], at: int) -> str | None:
    """The typed word ``pieces[at]`` as a stored key has it when it names something by its initials: ``U.S.`` and
    ``U.S`` as ``us``, and a function word in capitals (``US``, ``WHO``) as the name it is there, unless the word
    before it (or, first, after it) is in capitals too ("TELL US", "THE US": shouted); else ``None``."""
    core = pieces[at].strip(_EDGE_PUNCT.replace(".", ""))
    letters = undotted(core)
    if letters is not None:
        return letters
    core = core.rstrip(".")
    if not (2 <= len(core) <= 5 and core.isalpha() and core.isupper() and core.lower() in STOP_WORDS):
        return None
    neighbours = (other.strip(_EDGE_PUNCT) for other in (*reversed(pieces[:at]), *pieces[at + 1:]))
    return core.lower() if not_shouted(neighbours) else None


def normalise_phrase(text: str) -> str:
    """A query string as a key phrase: the words of :func:`words` without stop words, made singular.

    A hyphenated compound keeps all its words and only its last is made singular, as the stored keys do.

    Args:
        text (str): what a person typed, e.g. ``"Open-Source models"``.

    Returns:
        str: e.g. ``"open source model"``; empty when only stop words were given.

    Example:
        >>> normalise_phrase("state-of-the-art models"), normalise_phrase("C# developers")
        ('state of the art model', 'c# developer')
    """
    kept: list[str] = []
    pieces = text.split()
    for at, piece in enumerate(pieces):
        initials = _initials(pieces, at)
        if initials is not None:  # "US", "U.S.", "WHO": a name, as the stored keys have it
            kept.append(initials)
            continue
        parts = _key_tokens(piece)  # "C++", "C#" and "5.6" whole, as the pipeline's tokenizer keeps them
        if len(parts) > 1 and _COMPOUND.fullmatch(piece.strip(_EDGE_PUNCT).lower()):
            kept.extend([*parts[:-1], singular(parts[-1])])
        else:
            kept.extend(singular(w) for w in parts if w not in STOP_WORDS and w not in NEGATIONS)
    return " ".join(w for w in kept if any(ch.isalnum() for ch in w))


@lru_cache(maxsize=65_536)
def folded(text: str) -> str:
    """``text`` without accents and case, as the full-text indexes compare words (``remove_diacritics``).

    Args:
        text (str): a word or phrase.

    Returns:
        str: the same letters without their marks, case folded.

    Example:
        >>> folded("Café"), folded("Zürich"), folded("Straße"), folded("naïve view")
        ('cafe', 'zurich', 'strasse', 'naive view')
    """
    return "".join(c for c in normalize("NFKD", text.casefold()) if not combining(c))


MARKS = ("\u0300", "\u036f")
"""The block of combining diacritical marks that :func:`unaccented` drops (as PostgreSQL's full-text columns do,
:mod:`argmap.store.fulltext`)."""


def unaccented(text: str) -> str:
    """``text`` decomposed (NFD) and without its combining accents ("Zürich" -> "Zurich"), case kept.

    PostgreSQL's text search keeps accents, where SQLite's index drops them (``remove_diacritics``): its columns
    index the text through the same steps (``normalize(..., NFD)``, then the marks of :data:`MARKS` removed), and
    queries go through this function, so that "zurich" finds "Zürich" on both. Letters that are letters of their
    own ("ø", "ł", "ß") stay as they are, on both sides.

    Example:
        >>> unaccented("Zürich Café, naïve, Việt Nam, Straße, Ørsted")
        'Zurich Cafe, naive, Viet Nam, Straße, Ørsted'
    """
    if text.isascii():
        return text
    low, high = MARKS
    return "".join(c for c in normalize("NFD", text) if not low <= c <= high)


# "US" and "U.S." name a country in a claim, not the pronoun "us" (a stop word); "USA" and "U.S.A." the same one.
_US = re.compile(r"\b(?:U\.S\.(?:A\.)?|U\.S\.A\b|U\.S\b|USA|US)(?![\w'’])")


def claim_words(text: str) -> list[str]:
    """:func:`words` of a claim, with "US", "U.S.", "USA" and "U.S.A." (as written, in capitals, in text that is not
    all capitals) read as one word, ``usa``: the pronoun "us" is a stop word, and "The US should fund research"
    would otherwise say no more than "China should fund research", and be tracked as the same claim.

    Example:
        >>> claim_words("The U.S. and the US should help us")
        ['the', 'usa', 'and', 'the', 'usa', 'should', 'help', 'us']
    """
    if "U" in text and not text.isupper():
        text = _US.sub(" usa ", text)
    return words(text)


def content_terms(text: str) -> list[str]:
    """What a claim says, as terms: content words made singular, without stop words, negations and fillers.

    Args:
        text (str): a unit's text.

    Returns:
        list[str]: distinct terms in order of appearance.
    """
    return terms_of(words(text))


def terms_of(tokens: Sequence[str]) -> list[str]:
    """:func:`content_terms` of text already split by :func:`words`."""
    found: dict[str, None] = {}
    for word in tokens:
        if word in STOP_WORDS or word in NEGATIONS or word in FILLERS:
            continue
        if len(word) < 2 and not word.isdigit():
            continue
        found.setdefault(singular(word), None)
    return list(found)


def polarity(text: str) -> int:
    """``1`` when a text denies (an odd number of negations), else ``0``.

    Args:
        text (str): a unit's text.

    Returns:
        int: 0 or 1.
    """
    return polarity_of(words(text))


def polarity_of(tokens: Sequence[str]) -> int:
    """:func:`polarity` of text already split by :func:`words`."""
    return sum(1 for w in tokens if w in NEGATIONS) % 2


MAX_SEARCH_WORDS = 12
"""Words a full-text query holds at most; the others of a longer text are left out (and said to be)."""


# A word whose marks belong to its name: "C++", "C#", "F#", "g++" (not "#tag", "issue#12" or "a+b").
_MARKED = re.compile(r"(?<![^\W_])[a-z][a-z0-9]*(?:\+\+|#)(?![\w+#])", re.IGNORECASE)


def marked_words(text: str) -> list[str]:
    """The words of ``text`` whose marks are part of their name, lower-case, distinct, in order.

    The full-text indexes keep letters and digits only, so "C++" is the letter "c" there, and a search for it
    found "C:" and "Plan C". A search looks for such a word in the index by its letters and then checks the text
    for the word itself (:func:`argmap.store.search.search_text`).

    Example:
        >>> marked_words("Is C++ (or C#) faster than F#? Not #tags, a+b or issue#12; g++/clang")
        ['c++', 'c#', 'f#', 'g++']
    """
    return list(dict.fromkeys(m.group().lower() for m in _MARKED.finditer(text)))


# A phrase in double quotes, straight or curly: its words must occur together and in order.
_PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”')
_INDEX_WORD = re.compile(r"[^\W_]+")


def quoted_phrases(text: str) -> tuple[list[tuple[str, ...]], str]:
    """The phrases a search query puts in double quotes, as the words the full-text indexes hold (letters and
    digits: "don't" is "don" and "t" there), and the query without them.

    A phrase of one word is that word, stop word or not; a quote left open is no phrase (its mark is punctuation).

    Example:
        >>> phrases, rest = quoted_phrases('"open source" models “don’t think” "cars')
        >>> phrases, rest.split()
        ([('open', 'source'), ('don', 't', 'think')], ['models', '"cars'])
    """
    phrases: list[tuple[str, ...]] = []
    for found in _PHRASE.finditer(text):
        tokens = tuple(_INDEX_WORD.findall((found.group(1) or found.group(2) or "").lower()))
        if tokens and tokens not in phrases:
            phrases.append(tokens)
    return phrases, _PHRASE.sub(" ", text) if phrases else text


# A number with a decimal point or thousands separator ("5.6" of "GPT-5.6", "1,000"), one token of a stored key.
DECIMAL = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)+(?![\d]|[.,]\d)")


def _key_tokens(text: str) -> list[str]:
    """:func:`_search_tokens` of ``text`` with each :data:`DECIMAL` number one token, as the stored keys have it: the
    query "GPT-5.6" was "gpt 5 6", which met the key "gpt 5.6" only as a near spelling and not "gpt 5.6 sol" at
    all, and "gpt 5.5" met the key "gpt 5"."""
    if "." not in text and "," not in text:
        return _search_tokens(text)
    tokens: list[str] = []
    at = 0
    for found in DECIMAL.finditer(text):
        tokens += _search_tokens(text[at:found.start()])
        tokens.append(found.group())
        at = found.end()
    return tokens + _search_tokens(text[at:])


def _search_tokens(text: str) -> list[str]:
    """:func:`words` of ``text``, with each of its :func:`marked_words` one token as it is ("c++", not "c")."""
    if "+" not in text and "#" not in text:
        return words(text)
    tokens: list[str] = []
    at = 0
    for found in _MARKED.finditer(text):
        tokens += words(text[at:found.start()])
        tokens.append(found.group().lower())
        at = found.end()
    return tokens + words(text[at:])


def _searchable(word: str) -> str | None:
    """``word`` (a token of :func:`_search_tokens`) as a full-text query term, ``None`` when it is no term: a stop
    word, punctuation, or the ``n't`` of a contraction, which the indexes cannot find ("don't" is "don" and "t"
    there). A marked word ("c++") is a term as it is."""
    word = word.replace("'", "")
    if word and (word.isalnum() or _MARKED.fullmatch(word)) and word not in STOP_WORDS and word != "nt":
        return word
    return None


def fts_words(text: str, *, limit: int = MAX_SEARCH_WORDS) -> list[str]:
    """Words safe to hand to a full-text query: letters and digits only, stop words left out.

    Args:
        text (str): what a person typed.
        limit (int): at most this many words.

    Returns:
        list[str]: distinct words, in order; a marked word (:func:`marked_words`) as its letters ("c++" as "c"); a
        quoted phrase (:func:`quoted_phrases`) is none of them.

    Example:
        >>> fts_words('C++ and C "open source" compilers')
        ['c', 'compilers']
    """
    return list(dict.fromkeys(word.rstrip("+#") for word in search_words(text, limit=limit)[0]
                              if not word.startswith('"')))


def search_words(text: str, *, limit: int = MAX_SEARCH_WORDS) -> tuple[list[str], list[str]]:
    """The words a full-text search looks for in ``text`` (:func:`fts_words`), and the words of ``text`` it leaves
    out, so that a search can say what it searched for: "nothing like this" searches for "nothing" alone.

    A whitespace-separated piece of which no word is searched is left out as typed ("don't", "THIS"); of a piece
    some of whose words are searched, the others are named one by one ("of" and "the" of "state-of-the-art").
    Punctuation alone ("?", "--") is no word and is not named.

    Args:
        text (str): what a person typed.
        limit (int): at most this many words are searched; the words after them are left out.

    A phrase in double quotes (:func:`quoted_phrases`) is searched whole, stop words and all, and named as one
    term in quotes, before the words.

    Returns:
        tuple[list[str], list[str]]: the distinct words searched for, in order, and the distinct words left out
        (stop words, contractions' "n't" and the words past ``limit``), in order.

    Example:
        >>> search_words("Nothing like THIS")
        (['nothing'], ['like', 'THIS'])
        >>> search_words("I don't think state-of-the-art models win?")
        (['think', 'state', 'art', 'models', 'win'], ['I', "don't", 'of', 'the'])
        >>> search_words("Is C++ faster?")
        (['c++', 'faster'], ['Is'])
        >>> search_words('"state of the art" models of the "cars')
        (['"state of the art"', 'models', 'cars'], ['of', 'the'])
    """
    phrases, text = quoted_phrases(text)
    found: dict[str, None] = {f'"{" ".join(phrase)}"': None for phrase in phrases}
    for word in _search_tokens(text):
        term = _searchable(word)
        if term is not None:
            found.setdefault(term, None)
    terms = list(found)[:limit]
    searched = set(terms)
    ignored: dict[str, None] = {}
    for piece in text.split():
        tokens = _search_tokens(piece)
        if not tokens:  # punctuation only
            continue
        if not any(_searchable(t) in searched for t in tokens):
            ignored.setdefault(piece.strip(_EDGE_PUNCT) or piece, None)
            continue
        for token in tokens:
            if _searchable(token) not in searched and token != "n't":
                ignored.setdefault(token, None)
    seen = {word.lower() for word in terms}
    return terms, [word for word in ignored if word.lower() not in seen]
