"""When two units state the same claim: the pure rule behind claim tracking across threads.

Precision matters more than recall here, because a wrong merge tells a reader that two people said the same
thing when they did not. Two units state the same claim when:

- each has at least :data:`MIN_TERMS` content terms (short units such as "Is this true?" are never merged);
- a short unit (fewer than :data:`SHORT_TERMS` content terms made of letters: numbers such as the ``3`` and ``2``
  of "version 3.2" do not count) merges only with a unit of the same terms: with so few words, one added word
  ("this is wrong on many levels" against "fencing off the park is wrong on many levels") is the whole
  difference between a bare remark and a claim about one particular thing;
- one says everything the other says: every content term of one is in the other (terms compared after
  :func:`argmap.store.terms.content_terms`; near-identical spellings such as ``gpt4``/``gpt`` count as one);
  the other may only add context ("... for most tasks"), never swap a word for another;
- their Dice similarity over content terms is at least :data:`MIN_SIMILARITY`;
- they have the same polarity (an odd number of negations on one side only is a denial, not a restatement);
- neither uses a word whose opposite the other uses ("cheaper" / "more expensive", "more" / "less", "pro" /
  "anti");
- neither sets the same two things against each other the other way round: with the same word of
  :data:`RELATING` ("than", "beat", "over", "causes", ...), the terms on its two sides are not exchanged ("open
  source models will beat closed models" is not "closed models will beat open source models");
- both or neither open with a condition ("If you want an answer, I can give you one" says something else than
  "Some questions have one answer", whatever words they share);
- both or neither are questions (ending in a question mark): "Why do the trains run late?" asks, and
  "The trains run late" asserts;
- both or neither report words (:data:`REPORTING`: "said", "wrote", "asked", "statement", ...; or another's
  words or mind, "you say", "he told me", "you keep saying", "they think"): "You said the trains run late" and
  "You say I lack patience" are about what someone said, not the claim;
- they are not in the same post;
- they are not a quotation: when two named, different authors in the same thread share a run of
  :data:`QUOTE_WORDS` or more words word for word, or all the words of the shorter unit in a row, or either
  writes quotation marks, one is reproducing the other's words (to answer them, or to report them: "you wrote
  that ...", a pasted sentence signed with a name), not stating the claim again. Forums often quote without
  markup, and on the shared threads such quotations were the most frequent wrong merge. The same author
  repeating a sentence still merges, and so do units whose authors are not known (a typed query, a plain-text
  paste) and units of different threads (people who never read each other can state a claim in the same
  words).

Linking (:func:`argmap.api._linking.track_units`) also keeps apart two units of which one attacks the other, which
only the stored relations tell. Nothing here touches the database: :class:`Signature` objects come from stored
units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from sys import intern

from argmap.store.terms import ANTONYMS, claim_words, polarity_of, singular, terms_of, words

__all__ = ["MIN_SIMILARITY", "MIN_TERMS", "MODEL", "QUOTE_MARKS", "QUOTE_WORDS", "REPORTING", "SHORT_TERMS",
           "TRACKED_KINDS", "Match", "Signature", "compare", "signature"]

MODEL = "argmap.tracking.v7"
MIN_TERMS = 3
"""Units with fewer content terms than this are not tracked."""
MIN_SIMILARITY = 0.65
"""Least Dice similarity of content terms for a merge."""
SHORT_TERMS = 4
"""Units with fewer content terms made of letters than this merge only with a unit of the same terms."""
QUOTE_WORDS = 8
"""Words in a row, shared word for word by two different authors, that make one a quotation of the other."""
QUOTE_MARKS = frozenset('"“”„«»')
"""Characters that mark quoted words (not the apostrophe, which is mostly one)."""
REPORTING = frozenset({
    "said", "says", "wrote", "writes", "written", "ask", "asks", "asked", "claim", "claims", "claimed", "statement",
    "statements", "quote", "quotes", "quoted", "quoting", "according",
})
"""Words that report what someone said or asked: a unit holding one is about words, not the claim they state."""
SAYERS = frozenset({"you", "he", "she", "they", "op"})
"""Who, followed closely by a word of :data:`VERBS_OF_SAYING`, says or thinks what the unit reports: the other side."""
VERBS_OF_SAYING = frozenset({
    "say", "saying", "tell", "tells", "telling", "told", "think", "thinks", "thinking", "believe", "believes",
    "argue", "argues", "argued", "arguing", "insist", "insists", "insisted", "insisting", "accuse", "accuses",
    "accused", "accusing", "imply", "implies", "implied", "implying", "assume", "assumes", "assumed", "suggest",
    "suggests", "suggested", "suggesting",
})
"""Verbs that report another's words or mind when :data:`SAYERS` come first ("you say I lack ...", "he told me
...", "you keep saying ..."); said of oneself ("I think ...", "I say we ...") they still state the claim."""
TRACKED_KINDS = ("claim", "premise")
"""Units of these kinds can be tracked."""
_FUZZY = 0.85


@dataclass(frozen=True)
class Signature:
    """What the tracking rule knows about a unit.

    Attributes:
        unit (str): the unit id.
        post (str): its post id.
        terms (tuple[str, ...]): content terms in order (see :func:`argmap.store.terms.content_terms`).
        text (str): its words, from which :attr:`words` is computed when needed.
        phrases (frozenset[str]): its key phrases (topics).
        polarity (int): 1 for a denial, else 0.
        author (str | None): who wrote its post (any stable key, e.g. the author id); ``None`` when unknown.
        thread (str | None): its thread id; ``None`` when unknown.
    """

    unit: str
    post: str
    terms: tuple[str, ...]
    text: str
    phrases: frozenset[str]
    polarity: int
    author: str | None = None
    thread: str | None = None

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word and its singular, for the antonym and reporting guards (only the few pairs that get that far
        need it)."""
        tokens = words(self.text)
        return frozenset(tokens) | {singular(w) for w in tokens}

    @property
    def conditional(self) -> bool:
        """Whether the unit opens with a condition ("if ...", "unless ..."), which the claim holds only under."""
        return self.text.lstrip(" \"'(*-").lower().startswith(("if ", "unless ", "only if "))

    @property
    def question(self) -> bool:
        """Whether the unit asks: it ends with a question mark (before closing quotes and brackets, as in
        ``"...?"`` or ``?!``)."""
        return self.text.rstrip(" \t\n\"'”’»)]*.!…").endswith("?")

    @property
    def reports(self) -> bool:
        """Whether the unit reports words: it holds a word of :data:`REPORTING`, or one of :data:`SAYERS` with a
        word of :data:`VERBS_OF_SAYING` at most three words after it ("you say I lack ...", "you seem to think
        ..."): the other side's words, which its author does not claim."""
        if not REPORTING.isdisjoint(self.words):
            return True
        if SAYERS.isdisjoint(self.words) or VERBS_OF_SAYING.isdisjoint(self.words):
            return False
        tokens = words(self.text)
        return any(token in SAYERS and not VERBS_OF_SAYING.isdisjoint(tokens[i + 1:i + 4])
                   for i, token in enumerate(tokens))

    @property
    def short(self) -> bool:
        """Whether the unit has fewer than :data:`SHORT_TERMS` content terms made of letters (numbers left out)."""
        return sum(1 for t in self.terms if not t.isdigit()) < SHORT_TERMS

    @property
    def trackable(self) -> bool:
        """Whether the unit says enough to be compared at all."""
        return len(self.terms) >= MIN_TERMS


@dataclass(frozen=True)
class Match:
    """The evidence that two units state the same claim.

    Attributes:
        similarity (float): Dice similarity of their content terms, 0..1.
        shared_terms (tuple[str, ...]): the content terms they share.
        shared_phrases (tuple[str, ...]): the key phrases they share.
        reason (str): the decision in words.
    """

    similarity: float
    shared_terms: tuple[str, ...]
    shared_phrases: tuple[str, ...]
    reason: str


def signature(unit: str, post: str, text: str, topics: Iterable[str] = (), *, author: str | None = None,
              thread: str | None = None) -> Signature:
    """The signature of a unit.

    Args:
        unit (str): the unit id.
        post (str): the post id.
        text (str): the unit's words.
        topics (Iterable[str]): its normalised key phrases.
        author (str | None): who wrote the post, when known (see :class:`Signature`).
        thread (str | None): the thread id, when known.

    Returns:
        Signature: terms, words, phrases and polarity.
    """
    tokens = claim_words(text)
    # Terms repeat across units: one shared string each keeps the signatures of a huge thread small.
    return Signature(unit, post, tuple(intern(t) for t in terms_of(tokens)), text, frozenset(topics),
                     polarity_of(tokens), author, thread)


@lru_cache(maxsize=262_144)
def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[0] != b[0] or len(a) < 3 or len(b) < 3 or a.isdigit() or b.isdigit():
        return False  # spelling variants ("organise"/"organize") keep their first letter
    # The cheap upper bounds first: most pairs of words are rejected by their lengths or letters alone.
    matcher = SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= _FUZZY and matcher.quick_ratio() >= _FUZZY and matcher.ratio() >= _FUZZY


def _any_unmatched(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    exact = set(theirs)
    for term in mine:
        if term in exact:
            continue
        initial = term[0]
        if not any(o[0] == initial and _same(term, o) for o in theirs):
            return True
    return False


def _unmatched(mine: tuple[str, ...], theirs: tuple[str, ...]) -> list[str]:
    exact = set(theirs)
    return [t for t in mine if t not in exact and not any(_same(t, o) for o in theirs)]


def _opposed(a: Signature, b: Signature) -> str | None:
    # Only words that have opposites can oppose: the same first hit in sorted order, without sorting them all.
    for word in sorted(a.words & ANTONYMS.keys()):
        for opposite in sorted(ANTONYMS.get(word, ())):
            if opposite in b.words and word not in b.words:
                return f"'{word}' against '{opposite}'"
    return None


#: Words that set two things against each other: what stands before one and what after are not interchangeable
#: ("open models beat closed models" is not "closed models beat open models").
RELATING = frozenset({"than", "beat", "beats", "outperform", "outperforms", "over", "versus", "vs", "against",
                      "cause", "causes", "caused", "replace", "replaces", "kill", "kills", "win", "wins", "lose",
                      "loses"})


def _sides(signature: Signature) -> tuple[str, frozenset[str], frozenset[str]] | None:
    """The first word of :data:`RELATING` in a unit, and the content terms before and after it; ``None`` without
    one."""
    tokens = claim_words(signature.text)
    at = next((i for i, word in enumerate(tokens) if word in RELATING), None)
    if at is None:
        return None
    return tokens[at], frozenset(terms_of(tokens[:at])), frozenset(terms_of(tokens[at + 1:]))


def _swapped(a: Signature, b: Signature) -> bool:
    """Whether ``a`` and ``b`` set the same things against each other the other way round: the same relating word,
    with a term only before it in one and only after it in the other, and a term the other way round as well (an
    exchange: a year or a place moved from one end of the sentence to the other is no swap)."""
    if RELATING.isdisjoint(a.words) or RELATING.isdisjoint(b.words):  # the cheap test first: mostly no such word
        return False
    mine, theirs = _sides(a), _sides(b)
    if mine is None or theirs is None or mine[0] != theirs[0]:
        return False
    my_before, my_after = mine[1] - mine[2], mine[2] - mine[1]
    their_before, their_after = theirs[1] - theirs[2], theirs[2] - theirs[1]
    return bool(my_before & their_after) and bool(my_after & their_before)


def _quotation(a: Signature, b: Signature) -> bool:
    """Whether two different named authors of one thread share :data:`QUOTE_WORDS` words in a row, or every word
    of the shorter unit in a row, or either writes quotation marks: one quotes the other."""
    if a.author is None or b.author is None or a.author == b.author or a.thread is None or a.thread != b.thread:
        return False
    if not QUOTE_MARKS.isdisjoint(a.text) or not QUOTE_MARKS.isdisjoint(b.text):
        return True
    mine, theirs = words(a.text), words(b.text)
    if len(mine) > len(theirs):
        mine, theirs = theirs, mine
    run = min(QUOTE_WORDS, len(mine))  # a unit shorter than QUOTE_WORDS is quoted when all of it is
    runs = {tuple(mine[i:i + run]) for i in range(len(mine) - run + 1)}
    return any(tuple(theirs[i:i + run]) in runs for i in range(len(theirs) - run + 1))


def compare(a: Signature, b: Signature) -> Match | None:
    """Whether ``a`` and ``b`` state the same claim, and the evidence.

    Args:
        a (Signature): one unit.
        b (Signature): another unit.

    Returns:
        Match | None: the evidence when they state the same claim; ``None`` when any rule of the module
        docstring fails.
    """
    if a.unit == b.unit or a.post == b.post or not a.trackable or not b.trackable:
        return None
    # Rejections only, cheapest and most frequent first (their order changes no result).
    if a.polarity != b.polarity:
        return None
    if 2 * len(a.terms) < MIN_SIMILARITY * (len(a.terms) + len(b.terms)):
        return None  # even if every term of a were shared, too little of b would be said (shared <= len(a))
    if _any_unmatched(a.terms, b.terms) and _any_unmatched(b.terms, a.terms):
        return None  # each says something the other does not: a different claim, however many words agree
    if _opposed(a, b) or _opposed(b, a):
        return None
    if a.conditional != b.conditional or a.question != b.question or a.reports != b.reports:
        return None
    only_a = _unmatched(a.terms, b.terms)
    only_b = _unmatched(b.terms, a.terms)
    shared = tuple(t for t in a.terms if t not in only_a)
    if len(shared) < MIN_TERMS:
        return None
    if (only_a or only_b) and (a.short or b.short):
        return None  # a short unit says too little to add a word to it and keep the claim
    similarity = round(2 * len(shared) / (len(a.terms) + len(b.terms)), 4)
    if similarity < MIN_SIMILARITY:
        return None
    if _swapped(a, b):
        return None  # "open models beat closed ones" against "closed models beat open ones": the same words, turned
    if _quotation(a, b):
        return None  # last: it reads the words again, and only pairs that would merge get this far
    phrases = tuple(sorted(a.phrases & b.phrases))
    extra = only_a or only_b
    reason = (f"same content terms ({', '.join(shared)})" if not extra else
              f"shares {', '.join(shared)}; one adds only {', '.join(extra)}")
    return Match(similarity, shared, phrases, reason + "; same polarity, no opposed words")
