"""Whether a thread is written in English, which is all argmap's pipeline and rules read.

A thread in another language still goes through: its units and relations are then little better than noise
(every reply a default attack), so ingest says so rather than let the map pass for a reading. The check is the
share of the thread's words that are common English function words ("the", "and", "because"...). No English
thread of the shared corpora (HN, Reddit, 4forums and the CMV development threads; 88 files) has fewer than 27 %
of its words in the list, and the same paragraph written in German, French, Spanish, Dutch, Italian or
Portuguese has none of them; texts in other scripts have none either. Words of links are left out, since a
post of bare links has no function words in any language. Pure Python: no spaCy pipeline is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ENGLISH_WORDS", "MIN_SHARE", "MIN_WORDS", "LanguageCheck", "check_english"]

#: Common English function words, leaving out those that are common words of another language written in Latin
#: script too ("a", "in", "die", "was", "also", "so", "no", "me", "he", "on", "is", "an", "will", "do", "to", "had").
ENGLISH_WORDS = frozenset({
    "the", "of", "and", "that", "have", "has", "it", "for", "not", "with", "you", "this", "but", "his", "by",
    "from", "they", "we", "she", "her", "or", "would", "there", "their", "what", "about", "which", "when", "can",
    "just", "your", "could", "them", "than", "then", "only", "its", "how", "our", "because", "these",
    "those", "should", "been", "more", "very", "were", "are", "be", "being", "my", "it's", "don't", "i'm", "isn't",
    "doesn't", "didn't", "can't", "won't", "if", "all", "out", "up", "who", "get", "some", "any", "into", "other",
    "such", "many", "much", "well", "going", "think", "really", "way", "make", "does", "did", "said",
    "why", "where", "here",
})
#: A thread with at least :data:`MIN_WORDS` words reads as English when at least this share of them is in
#: :data:`ENGLISH_WORDS`.
MIN_SHARE = 0.08
#: Fewer words than this say too little to judge.
MIN_WORDS = 40

_LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# A Chinese or Japanese character is a word of its own: those scripts put no spaces between words.
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class LanguageCheck:
    """How English a thread's text reads.

    Attributes:
        words (int): its words, links left out (each Chinese or Japanese character a word).
        english (int): how many of them are common English function words (:data:`ENGLISH_WORDS`).
        posts (int): its posts that have words.
        foreign_posts (int): of those with at least :data:`MIN_WORDS` words, the ones that do not read as English.
    """

    words: int
    english: int
    posts: int
    foreign_posts: int

    @property
    def share(self) -> float:
        """The share of its words that are English function words (0 for no words)."""
        return self.english / self.words if self.words else 0.0

    @property
    def english_enough(self) -> bool:
        """Whether it reads as English, or is too short to judge."""
        return self.words < MIN_WORDS or self.share >= MIN_SHARE


def _counts(text: str) -> tuple[int, int]:
    """The words of ``text`` without its links, and how many are in :data:`ENGLISH_WORDS`."""
    words = [word.lower().replace("’", "'") for word in _WORD.findall(_LINK.sub(" ", text))]
    return len(words), sum(word in ENGLISH_WORDS for word in words)


def check_english(texts: Iterable[str]) -> LanguageCheck:
    """Check whether the posts of a thread are written in English.

    Args:
        texts (Iterable[str]): the posts' texts.

    Returns:
        LanguageCheck: the counts, and whether the whole reads as English (:attr:`LanguageCheck.english_enough`).

    Example:
        >>> check_english(["Ich glaube nicht, dass die Stadt mehr Busse braucht."] * 5).english_enough
        False
        >>> check_english(["I don't think the city needs more buses, because they run empty."] * 5).english_enough
        True
    """
    words = english = posts = foreign = 0
    for text in texts:
        count, known = _counts(text)
        words += count
        english += known
        posts += count > 0
        foreign += count >= MIN_WORDS and known / count < MIN_SHARE
    return LanguageCheck(words, english, posts, foreign)
