"""Which library passages bear on a claim: BM25 retrieval (``bm25s``), a normalised threshold, heuristic stance.

Scores are made comparable across claims by dividing a passage's BM25 score by what a passage of average
length holding each word of the claim once would score: the sum of the claim's term weights (Lucene IDF over
the library; a term the library lacks counts with the weight of a term seen nowhere) times ``1 / (1 + k1)``,
capped at 1. A passage that holds every word of the claim comes near 1; one that shares a single common word
stays near 0. Matches under :data:`MIN_SCORE` are not
evidence and are not stored, and neither are passages that share only one word with the claim
(:data:`MIN_SHARED`): in a small library a single word ("break", "year") can look rare enough to pass the score;
words of any discussion (:data:`GENERIC`: "see", "people", "new") do not count among them.

Stance is a heuristic, said as such: a passage that negates or contradicts (``not``, ``no evidence``,
``fails to``, ``contrary to``, ``decline``) where the claim does not, or the reverse, *contests* it; a strong
match without that *supports* it; a weaker one is *related*.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import bm25s
    import numpy as np

__all__ = ["GENERIC", "MIN_SCORE", "MIN_SHARED", "MODEL", "SUPPORT_SCORE", "TOP_K", "Match", "PassageIndex", "stance",
           "terms"]

MODEL = "argmap.retrieval.bm25s.v1"
#: Normalised score under which a passage is not shown as evidence for a claim (measured on the evaluation set
#: in tests/evidence: P@1 0.75 and R@5 1.0 there, and no passage linked to the claims it does not bear on).
MIN_SCORE = 0.2
#: Distinct words (retrieval terms) a passage shares with a claim, at least: a claim of one word is no claim a
#: passage can be evidence for. Every
#: right match of the evaluation set shares two or more; with a library of ten passages, 695 of the 780 matches
#: over 14,722 claims of unrelated Hacker News, Reddit and forum threads shared one ("Oh give me a break."
#: against a passage on breaks), and none of them bore on the claim.
MIN_SHARED = 2
#: Normalised score from which a match without contrary cues counts as support rather than merely related.
SUPPORT_SCORE = 0.4
#: Passages kept per claim at most.
TOP_K = 5
_K1, _B = 1.5, 0.75

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
    "there", "here", "i", "you", "he", "she", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his",
    "our", "their", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any", "both",
    "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "than",
    "too", "very", "can", "will", "just", "do", "does", "did", "doing", "have", "has", "had", "having", "would",
    "should", "could", "may", "might", "must", "shall", "about", "above", "after", "again", "against", "below",
    "between", "into", "through", "during", "before", "under", "over", "up", "down", "out", "off", "once", "also"
})
_NEGATION = re.compile(
    r"\b(not|no|never|none|cannot|can't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|fails? to|failed to|"
    r"no evidence|little evidence|contrary to|refute[sd]?|debunk(?:s|ed)?|myth|false|wrong|decline[sd]?|"
    r"decrease[sd]?|lower|fewer|less|worse|reduce[sd]?|drop(?:s|ped)?|unfounded|overstated|disprove[sd]?|"
    r"kills?|hurts?|harms?|damages?|destroys?|undermines?)\b")


def _stem(word: str) -> str:
    """A light suffix stripper so that 'workers' meets 'worker' and 'studies' meets 'study'."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""), ("ly", ""),
                                ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


def _distinct_words(shared: frozenset[str] | set[str]) -> int:
    """How many words the shared terms are, leaving out :data:`GENERIC` ones: 'vote' and 'vot' (of 'votes',
    'voted') are one word, which the light stemmer leaves in two forms."""
    return len({term.removesuffix("e") for term in shared - GENERIC})


def terms(text: str) -> list[str]:
    """The retrieval terms of ``text``: lower-case words without stop words, lightly stemmed.

    Args:
        text (str): any words.

    Returns:
        list[str]: in order, repeats kept (BM25 counts them).

    Example:
        >>> terms("Remote workers were studied")
        ['remote', 'worker', 'studi']
    """
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


#: Words any discussion uses on any subject (as retrieval terms: stemmed): shared, they say nothing of what a
#: claim and a passage are about, and they do not count towards :data:`MIN_SHARED` (BM25 still weighs them).
#: Against a library of four short documents on the shared threads' subjects, "Lets see if Biden will do as well."
#: was linked to a page on Reddit polls by "let, see", "The people who voted for Trump are not all racists." to
#: one on voter fraud by "people, vot", and "when your new to reddit" by "new, reddit".
GENERIC = frozenset(_stem(word) for word in (
    "see", "let", "lets", "let's", "get", "got", "make", "made", "go", "going", "gone", "know", "think", "thought",
    "say", "said", "says", "want", "need", "use", "used", "like", "well", "really", "even", "much", "many", "way",
    "thing", "things", "people", "person", "new", "old", "good", "bad", "one", "first", "still", "yes", "yeah",
    "look", "show", "shows", "ask", "give", "take", "come", "tell", "told", "lot", "lots", "right", "sure", "back",
    "find", "found", "seem", "seems", "try", "tried", "keep", "mean", "means", "put", "call", "point",
    "case", "part", "fact", "actually", "probably", "maybe", "something", "anything", "nothing", "everything",
    "someone", "anyone", "everyone", "every", "always", "often", "now", "today", "already", "yet", "since",
    "though", "although", "because", "without", "another", "great", "big", "little", "whole", "enough", "able",
    "different", "sort", "kind", "bit", "around", "else", "ever", "while", "i'm", "it's", "that's", "there's",
))


@dataclass(frozen=True)
class Match:
    """A passage that bears on a query.

    Attributes:
        index (int): the passage's position in the index.
        score (float): normalised 0..1 (see the module docstring).
        bm25 (float): the raw BM25 score.
        rank (int): 1 for the best passage of the query.
        shared (tuple[str, ...]): the retrieval terms the passage shares with the query, rarest first.
    """

    index: int
    score: float
    bm25: float
    rank: int
    shared: tuple[str, ...] = ()


class PassageIndex:
    """A BM25 index over passages.

    Args:
        passages (Sequence[str]): the passage texts.

    Example:
        >>> index = PassageIndex(["Cats sleep a lot.", "Remote work raises productivity."])
        >>> index.search("remote work productivity")[0].index
        1
    """

    def __init__(self, passages: Sequence[str]) -> None:
        self.size = len(passages)
        tokens = [terms(text) for text in passages]
        self._terms = [frozenset(doc) for doc in tokens]
        self._df: Counter[str] = Counter(t for doc in tokens for t in set(doc))
        self._retriever: bm25s.BM25 | None = None
        if self.size and any(tokens):
            import bm25s  # imported here, not with the module: every command loads this module, few link evidence

            self._retriever = bm25s.BM25(k1=_K1, b=_B, method="lucene")
            # bm25s refuses an empty document; a passage of stop words alone gets a placeholder term.
            self._retriever.index([doc or ["\x00"] for doc in tokens], show_progress=False)

    def _idf(self, term: str) -> float:
        df = self._df.get(term, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Raw and normalised scores of every passage for ``query``.

        Args:
            query (str): a claim's words.

        Returns:
            tuple[np.ndarray, np.ndarray]: ``(bm25, normalised)``, one value per passage.
        """
        return self._scores(list(dict.fromkeys(terms(query))))

    def _scores(self, query_terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`scores` of a query's distinct terms."""
        import numpy as np  # imported here, not with the module: every command loads this module, few score

        raw = np.zeros(self.size, dtype=np.float64)
        if self._retriever is None or not query_terms:
            return raw, raw.copy()
        known = [t for t in query_terms if t in self._df]
        if known:
            raw = np.asarray(self._retriever.get_scores(known), dtype=np.float64)
        ceiling = sum(self._idf(t) for t in query_terms) / (1 + _K1)
        return raw, np.minimum(raw / ceiling, 1.0) if ceiling > 0 else raw.copy()

    def search(self, query: str, *, top_k: int = TOP_K, min_score: float = MIN_SCORE,
               among: Sequence[int] | None = None) -> list[Match]:
        """The best passages for ``query`` at or above ``min_score``, best first.

        Args:
            query (str): a claim's words.
            top_k (int): at most this many.
            min_score (float): normalised threshold; 0 keeps every passage that shares :data:`MIN_SHARED` terms.
            among (Sequence[int] | None): consider only these passage positions (the new ones, when linking
                incrementally); all when ``None``.

        Returns:
            list[Match]: ranked 1.. in order of score.
        """
        query_terms = list(dict.fromkeys(terms(query)))  # once: a linking run searches for every claim
        raw, normalised = self._scores(query_terms)
        asked = set(query_terms)
        candidates = range(self.size) if among is None else among
        ranked = sorted((i for i in candidates
                         if raw[i] > 0 and normalised[i] >= min_score
                         and _distinct_words(asked & self._terms[i]) >= MIN_SHARED),
                        key=lambda i: (-normalised[i], i))[:top_k]
        return [Match(i, round(float(normalised[i]), 4), round(float(raw[i]), 4), n + 1,
                      tuple(sorted(asked & self._terms[i], key=lambda t: (-self._idf(t), t))))
                for n, i in enumerate(ranked)]


def stance(claim: str, passage: str, score: float) -> tuple[str, str]:
    """Whether a passage supports or contests a claim, or is only related (a heuristic over cue words).

    Args:
        claim (str): the claim's words.
        passage (str): the passage's words.
        score (float): their normalised retrieval score.

    Returns:
        tuple[str, str]: ``("supports" | "contests" | "related", reason)``.

    Example:
        >>> stance("Remote work raises productivity.", "Studies found no evidence that remote work raises it.", 0.5)[0]
        'contests'
    """
    claim_cues = sorted(set(_NEGATION.findall(claim.lower())))
    passage_cues = sorted(set(_NEGATION.findall(passage.lower())))
    if bool(claim_cues) != bool(passage_cues):
        cues = passage_cues or claim_cues
        side = "passage" if passage_cues else "claim"
        return "contests", f"heuristic: the {side} alone negates or contradicts ({', '.join(cues[:3])})"
    if score >= SUPPORT_SCORE:
        return "supports", f"heuristic: strong match ({score:.2f}) with no contrary cue on one side only"
    return "related", f"heuristic: weaker match ({score:.2f}); stance not told"
