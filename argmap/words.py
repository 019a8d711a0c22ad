"""English word forms that the topic extractor and the query normaliser must agree on.

A stored topic key is made by spaCy's lemmatiser; a typed query is normalised without spaCy. Both keep the
same mass plurals as written and make other plurals singular, so that the words a user types meet the keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["IRREGULAR_PLURALS", "MASS_PLURALS", "NEGATIONS", "STOP_WORDS", "counted", "not_shouted", "singular",
           "undotted"]

MASS_PLURALS = frozenset({
    # Latin plurals used as mass nouns: the lemmatiser's singular ("datum", "medium") is another word.
    "data", "media", "agenda", "trivia",
    # One word though it ends in -s ("news" is no plural of "new").
    "news", "series", "species",
    # Fields of study and practice: "politics" is not the plural of the adjective "politic".
    "acoustics", "aerodynamics", "aesthetics", "analytics", "astrophysics", "athletics", "bioethics",
    "civics", "cybernetics", "dynamics", "economics", "electronics", "ergonomics", "ethics", "forensics",
    "genetics", "geopolitics", "graphics", "gymnastics", "informatics", "linguistics", "logistics",
    "mathematics", "metaphysics", "optics", "phonetics", "physics", "politics", "pragmatics", "robotics",
    "semantics", "thermodynamics",
    # Greek words in -os that are no plural of an -o word ("mythos" is not "mythoes", "chaos" not "chao").
    "asbestos", "bathos", "chaos", "cosmos", "ethos", "kudos", "mythos", "pathos", "thermos",
})
"""Words ending in -s that are not plurals to make singular."""

STOP_WORDS = frozenset({
    "a", "about", "above", "after", "again", "against", "all", "almost", "along", "also", "although", "am", "among",
    "an", "and", "any", "anyone", "anything", "are", "around", "as", "at", "be", "became", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "done",
    "down", "during", "each", "either", "else", "etc", "ever", "every", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "least", "less", "let", "like", "may", "me", "might", "mine",
    "more", "most", "much", "must", "my", "myself", "of", "off", "on", "once", "only", "or", "other", "others",
    "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "quite", "rather", "same",
    "say", "says", "said", "see", "seem", "seems", "shall", "she", "should", "since", "so", "some", "someone",
    "something", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
    "they", "this", "those", "though", "through", "thus", "to", "too", "toward", "towards", "under", "until", "up",
    "upon", "us", "very", "via", "was", "we", "well", "were", "what", "whatever", "when", "whenever", "where",
    "whether", "which", "while", "who", "whoever", "whom", "whose", "why", "will", "with", "within", "would", "yet",
    "you", "your", "yours", "yourself", "yourselves", "'s", "'re", "'ve", "'d", "'ll", "'m",
})
"""English function words: never part of a key phrase or a claim's content."""

NEGATIONS = frozenset({
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "cannot", "without",
    "hardly", "barely", "scarcely", "n't",
})
"""Words that turn a statement into its denial; their count decides a claim's polarity."""

_KEEP_ENDINGS = ("ss", "us", "is", "ous")
# Plurals no suffix rule undoes, as the lemmatiser gives the stored keys them ("women" -> "woman"): `claims women`
# found no key "woman" (113 units in the 19 shared threads), `claims children` no "child" (90). Also at the end of a
# compound ("congresswomen", "grandchildren"; "-men" only after the endings of "spokesmen", "chairmen",
# "gentlemen", "freshmen", "policemen" and "firemen", as "specimen", "semen" and "abdomen" are no plurals).
IRREGULAR_PLURALS = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
              "geese": "goose", "mice": "mouse"}
"""Plurals that are no singular with an ending added, and their singulars."""
_IRREGULAR_ENDINGS = (("women", "woman"), ("children", "child"))
_MEN_COMPOUNDS = ("smen", "rmen", "lemen", "shmen", "chmen", "cemen", "remen")
# Names those endings would wrongly make singular ("Werder Bremen" was queried as "breman", "Carmen" as "carman").
_MEN_NAMES = frozenset({"bremen", "carmen", "armen", "germen", "harmen", "hermen"})


@lru_cache(maxsize=65_536)
def singular(word: str) -> str:
    """A plural noun made singular by suffix rules (``models`` -> ``model``, ``policies`` -> ``policy``).

    Args:
        word (str): a lower-case word.

    Returns:
        str: the word without its plural ending, or the singular of an irregular plural ("women", "feet"); short
        words, mass plurals (:data:`MASS_PLURALS`) and ``-ss``/``-us``/``-is`` words are kept ("topics" -> "topic"
        as the lemmatiser has it, "politics" stays).

    Example:
        >>> [singular(w) for w in ("models", "policies", "topics", "news", "politics", "llms")]
        ['model', 'policy', 'topic', 'news', 'politics', 'llm']
        >>> [singular(w) for w in ("women", "children", "congressmen", "specimen", "semen")]
        ['woman', 'child', 'congressman', 'specimen', 'semen']
    """
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    for plural, one in _IRREGULAR_ENDINGS:
        if word.endswith(plural):
            return word[:-len(plural)] + one
    if word.endswith(_MEN_COMPOUNDS) and word not in _MEN_NAMES:
        return word[:-3] + "man"
    if (len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_ENDINGS) or word in MASS_PLURALS
            or any(c.isdigit() for c in word)):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


# Initials with full stops ("U.S.", "U.S", "U.K.", "D.C."), which mean what the letters without them mean.
_DOTTED = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?")


def undotted(word: str) -> str | None:
    """The letters of initials written with full stops, as the key and a typed query both have them; ``None`` for
    any other word.

    Example:
        >>> undotted("U.S."), undotted("u.k"), undotted("e.g"), undotted("3.8"), undotted("US")
        ('us', 'uk', 'eg', None, None)
    """
    if "." in word and _DOTTED.fullmatch(word):
        return word.replace(".", "").lower()
    return None


def not_shouted(neighbours: Iterable[str]) -> bool:
    """Whether a function word written in capitals is a name there ("the US", "US troops", "the WHO"), not the
    word shouted ("TELL US", "GET US OUT"): the nearest of its ``neighbours`` made of letters (the words before it,
    nearest first, then those after it) is not in capitals too. Both the topic extractor, over a sentence's tokens,
    and the query normaliser, over the words typed, decide it so.

    Example:
        >>> not_shouted(["the"]), not_shouted(["TELL"]), not_shouted(["(", "A"]), not_shouted([])
        (True, False, True, True)
    """
    for word in neighbours:
        if word.isalpha():
            return not (len(word) > 1 and word.isupper())
    return True


def counted(n: int, word: str) -> str:
    """``n`` and ``word`` as a count reads, thousands separated and the plural after any number but one.

    Example:
        >>> counted(1, "unit"), counted(9100, "relation")
        ('1 unit', '9,100 relations')
    """
    return f"{n:,} {word}{'s' * (n != 1)}"
