"""Support and attack between units: inside a post, and from a reply to the post it answers.

Inside a post, a premise backs the most claim-like of the few units just before it, nearer ones preferred (or, when it
opens the post, the first claim after it that the post does not grant only to turn against); how claim-like a unit is
comes from the kind classifier's score, so a unit it was unsure about can still be the claim a reason backs. When every
unit before it is plainly another premise, it is left unrelated rather than chained to one; a premise that adds a
further reason ("and ...", "also ...", "secondly ...") backs the nearest claim before it, however many reasons lie
between, and in a discussion a claim that follows on from what came before ("and ...", "so ...", "therefore ...")
supports the nearest claim before it, and a post's second unit, a claim that relates to nothing else and does not turn,
supports the claim the post opens with. A unit that turns ("but ...", "however ...") right after a point the post grants
("of course ...", "that may be true", "some say ...") attacks that point, and the granted point, being the other side's,
speaks against the claim it would otherwise back.
In a text that stands alone, answering no post and answered by none (an essay, a comment on its own), a premise
backs the point of its paragraph (its first claim) and the later claims support the text's main claim, there being
nothing else for them to argue for.
Across posts, a reply answers its parent: the unit after a quote answers the quoted unit (when it disagrees, every unit
of a short answer to the quote does, and the first two of a longer one, and the first answers every unit the quote holds
whole; an answer that agrees makes its one move in its first unit); the reply's first unit, unless it answers a quote,
answers the parent unit it shares most words with, or the parent's main claim (its most claim-like unit, those further
in counting less, passing over a point it grants only to turn against). Agreement ("yeah", "fair point", "the broader
point stands") makes that answer a support; a challenge, a denial or plain disagreement, which is what debate replies
mostly are, an attack, and so is a point granted before the real answer ("true, but ...", "while that may be true,
..."). The opening's stance is read from the top of the post, so a line before its first claim counts, and a Change My
View delta anywhere in the reply makes it a support (the cues are read by :mod:`argmap.nlp.stance`). A later unit of the
reply that concedes ("but the broader point stands") supports the parent's main claim.
A post that continues its own author's previous post (a self-reply, a speaker's next turn) goes on with that
argument: a support, unless it plainly disagrees. A comment on news (an opening post that is a shared link's title
alone, or an announcement the platform marks as its staff's or moderators' own) answers it only when its words take
a stance: the debate default does not hold there.

Each relation names the rule that made it in its ``model`` (``argmap.relations.v22/backs``; :data:`RULES`),
beside its confidence and a reason in words, so that a map can be audited, and ``argmap eval --rules`` can
say how often each rule is right on an annotated corpus.

Nothing here runs spaCy: units arrive as :class:`UnitView` objects, so the rules are easy to test.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from argmap.domain import Post, Quote, Relation, shorten
from argmap.nlp.kinds import CONCLUSION_OPENERS, cue_text, paragraph_openers
from argmap.nlp.stance import CHALLENGE_CUE, NO_CUE, delta_award, stance

__all__ = [
    "DISTANCE_PENALTY", "FOLLOW_ON_CONFIDENCE", "MAIN_CLAIM_DECAY", "MAX_CLAIM_DISTANCE", "MIN_BACKED_CLAIMNESS",
    "MIN_LEXICAL", "MODEL", "OPENING_BACKED_CONFIDENCE", "QUOTE_ANSWER_LEAD", "QUOTE_ANSWER_UNITS", "RULES",
    "SHORT_QUESTION_WORDS", "TARGET_CERTAINTY", "UnitView", "backing_confidence", "link_thread", "rule_model", "stance",
]

MODEL = "argmap.relations.v22"
"""The version of these rules. Each relation's ``model`` names it with the rule that made the relation:
``argmap.relations.v22/quote`` (see :data:`RULES` and :func:`rule_model`)."""
#: Every rule that makes relations, by the name a relation's ``model`` carries after :data:`MODEL`.
RULES: dict[str, str] = {
    "quote": "the unit after a quote answers the quoted unit",
    "quote-whole": "the unit after a quote, disagreeing, answers each further unit the quote holds whole",
    "quote-answer": "the rest of a short answer that disagrees with a quote, or the second unit of a longer one, "
                    "answers it too",
    "opener-words": "a reply's first unit answers the parent unit it shares the most rare words with",
    "opener-main": "a reply's first unit answers the parent's main claim (not a point the parent grants only to "
                   "turn against)",
    "concession": "a later unit of a reply that concedes supports the parent's main claim",
    "backs": "a premise backs the most claim-like of the units just before it, when one is claim-like enough",
    "further-reason": "a premise that adds a further reason ('and ...', 'also ...', 'secondly ...') backs the "
                      "nearest claim before it",
    "follow-on": "in a discussion, a claim that follows on from what came before ('and ...', 'also ...', 'so ...', "
                 "'therefore ...') supports the nearest claim before it",
    "opening-backed": "in a discussion, a post's second unit, a claim that relates to nothing else, supports the claim "
                      "the post opens with",
    "leads-up": "a premise that opens its post, no question, backs the first claim after it that the post does not "
                "grant only to turn against",
    "paragraph-point": "in a text that stands alone, a premise backs the point of its paragraph",
    "turn": "a unit that turns ('but ...') attacks the point granted just before it",
    "granted": "a granted point speaks against the claim it would otherwise back",
    "main-claim": "in a text that stands alone, a later claim supports (or, granted, attacks) its main claim",
}


def rule_model(rule: str) -> str:
    """The ``model`` of a relation made by ``rule`` (a key of :data:`RULES`).

    Raises:
        KeyError: for a name that is no rule.

    Example:
        >>> rule_model("quote")
        'argmap.relations.v22/quote'
    """
    if rule not in RULES:
        raise KeyError(f"no relation rule {rule!r}; the rules are: {', '.join(RULES)}")
    return f"{MODEL}/{rule}"


MIN_LEXICAL = 4.0
"""Shared-word weight (inverse-frequency weighted) a parent unit needs to be chosen over the main claim.

About two rare words' worth: one shared common word is no evidence that a reply answers that sentence rather
than the parent's main claim (chosen by cross-validation over opening posts on the CMV development split)."""
MAIN_CLAIM_DECAY = 0.08
"""How much claim score (0..1) a unit loses per place further into its post when the post's main claim is chosen
(the claim a reply's opening answers when it shares too few words with any one unit, and the one a concession
grants).

The first unit the classifier calls a claim is often a question or an aside ("How so?", "I fixed your statement.")
that scores barely above a premise, while the post's point, a sentence later, scores far higher. On the CMV
development split, choosing the most claim-like unit so discounted re-aims about 30 answers: 4 more are right (in 4
opening posts) and none fewer; rel_all 0.2289 → 0.2313, rel_cross 0.1871 → 0.1962, no fold lower. Any value from
0.06 to 0.1 gives the same there; nested 5-fold cross-validation over opening posts chose 0.06 in four folds and 0.03
in the fifth (held-out rel_all 0.2307 → 0.2326, rel_cross 0.1748 → 0.1815); 0.08 is the middle of that range."""
QUOTE_ANSWER_UNITS = 6
"""An answer to a quote (the units after it, up to the next quote) this short answers it with every unit.

A short answer is one point made about the quoted words; a longer one moves on, and only its first
:data:`QUOTE_ANSWER_LEAD` units are taken to answer the quote. Both chosen together by nested 5-fold
cross-validation over opening posts on the CMV development split: 6 in four folds and 4 in the fifth, with a
lead of 2 in every fold."""
QUOTE_ANSWER_LEAD = 2
"""How many units of a longer answer to a quote answer it: the point made and the first thing said for it."""
SHORT_QUESTION_WORDS = 3
"""A reply that opens with a question this short ("How so?", "Are you sure?") is taken to answer its parent
with the unit after it (on the CMV development split such questions are mostly left unannotated; every fold
gains or holds)."""
_QUOTED = 48
"""How many characters of a unit a relation's reason quotes."""
MAX_CLAIM_DISTANCE = 3
"""A premise backs one of the (at most) this many units just before it."""
DISTANCE_PENALTY = 0.3
"""How much claim score (0..1) a candidate target loses per unit of distance from the premise.

With sure kinds (scores 1 and 0) a premise backs the nearest claim among the units before it; with the
classifier's scores, a unit it was unsure about can win over a sure premise next door. Window and penalty
chosen by 5-fold cross-validation over opening posts on the CMV development split (the same choice in every
fold)."""
MIN_BACKED_CLAIMNESS = 1 / 3
"""The claim score (0..1) the unit a premise backs needs; a premise whose best candidate scores less (every unit
before it is plainly another premise) backs nothing rather than start a chain of reasons.

On the CMV development split such chained supports were right 6 % of the time (11 of 176), under half the
rate at which a relation adds to F1; left out, rel_all rises 0.2035 → 0.2078, in each of the five folds over
opening posts (nested cross-validation over thresholds 0.2 to 0.45 chose 1/3 or 0.37 in every fold; held-out
mean 0.2057 → 0.2088). Pointing such a premise at the claim after it instead lowers rel_all (0.200)."""

# Inside a post: a point granted ("of course ...", "that may be true") or the other side's view reported ("some
# say ...", "critics argue ...") and then turned against ("but ...").
_GRANTED = re.compile(
    r"^((sure|true|yes|yeah|granted)[,.!]|(of course|admittedly|i agree|i understand|i get (that|it)|it'?s true|"
    r"it is true|you'?re right|you are right|fair enough|i know|i admit|i'?ll admit|i concede|"
    r"i(?:'?ll| will)? grant)\b)|"
    r"\b(may|might|could) (well )?(be|have)\b|"
    r"\b(some|many|most) (people |critics |opponents )?(say|argue|claim|think|believe|object)\b|"
    r"\b(critics|opponents|proponents|supporters)\b|\bit is (often |sometimes |frequently )?(said|argued|claimed)\b"
)
# A grant its own unit turns at once ("Sure, but ...", "Yes, however ..."): the unit makes the author's point, and
# grants nothing a later "but" could turn against.
_GRANT_TURNED = re.compile(r"^(sure|true|yes|yeah|granted|of course|fair enough|i agree|i know|i understand|"
                           r"i get (that|it))\W+(but|however|though|yet)\b")
_TURN = re.compile(r"^(but|however|though|yet|still|nevertheless|nonetheless|on the other hand|that said|even so|"
                   r"then again)\b|,? though\W*$")
# Inside a post: a reason added to the ones before it ("And ...", "Also, ...", "Secondly, ..."), which argues for the
# same point as they do, the claim they follow, rather than for the reason just before it.
_FURTHER = re.compile(r"^(and|also|plus|additionally|moreover|furthermore|besides|in addition|on top of that|"
                      r"what'?s more|another|(second|third|fourth)(ly)?,|(second|third|fourth)ly|finally|lastly|"
                      r"similarly|likewise)\b")
FOLLOW_ON_CONFIDENCE = 0.4
"""How sure a claim's support for the claim it follows on from is (rule ``follow-on``): below every premise's support
(at least 0.45), the cue being one opening word (on the CMV development split such supports are right 17 times in 67;
ranking AUC 0.609 → 0.601, and 0.599–0.602 for values from 0.3 to 0.5)."""
OPENING_BACKED_CONFIDENCE = 0.4
"""How sure the support from a post's second claim to its opening claim is (rule ``opening-backed``)."""
# "So many ...", "so far ...": "so" as a degree word, drawing no conclusion.
_SO_MUCH = re.compile(r"so (many|much|few|little|far|long|often)\b")
_GENERIC_TARGET = re.compile(r"\b(the|your|their|his|her|op'?s|broader|main|general|overall) (broader |main |"
                             r"general |overall |original )?(point|argument|thesis|claim|premise|idea)\b|"
                             r"^(that|this|it) (is|'s) (true|fair|right|correct)\b")


@dataclass(slots=True)
class UnitView:
    """What relation finding needs to know about a unit.

    Attributes:
        index (int): position in the thread's unit list (what :class:`Relation` refers to).
        post (str): external id of its post.
        kind (str): ``claim``, ``premise`` or ``other``.
        text (str): its words.
        start (int): offset in the post text.
        end (int): end offset in the post text.
        terms (Collection[str]): distinct content lemmas, for lexical matching (a tuple keeps a big thread small).
        claim_score (float | None): how sure the kind classifier is that the unit is a claim (0..1); ``None``
            takes its kind as sure (1 for a claim, 0 otherwise).
    """

    index: int
    post: str
    kind: str
    text: str
    start: int
    end: int
    terms: Collection[str] = ()
    claim_score: float | None = None

    @property
    def claimness(self) -> float:
        """The claim score, or 1/0 from the kind when there is none."""
        if self.claim_score is not None:
            return self.claim_score
        return 1.0 if self.kind == "claim" else 0.0

    @property
    def argumentative(self) -> bool:
        """Claims and premises argue; other units do not."""
        return self.kind in ("claim", "premise")


#: How sure a rule is of the unit it relates to, as a share of the confidence of the relation's stance: less
#: where the target is a fallback than where the text points at it (a quote, shared rare words). With the
#: claim score of a premise's target (see :func:`backing_confidence`), this makes a relation's confidence rank
#: right relations above wrong ones: on the CMV development split the ranking's AUC is 0.63, against 0.52
#: when every rule took its stance's confidence as it is and every premise's support had 0.6.
TARGET_CERTAINTY: dict[str, float] = {"quote-whole": 0.7, "quote-answer": 0.7, "opener-main": 0.5, "leads-up": 0.5}


def backing_confidence(target: UnitView) -> float:
    """How sure a premise's support for ``target`` is: the more claim-like the target, the surer (0.35 to 0.65;
    from 0.45 for the targets :func:`link_thread` keeps, whose claim score is at least :data:`MIN_BACKED_CLAIMNESS`).

    On the CMV development split such a support is right 12 % of the time when the target's claim score is
    under 0.4 (8 of 64), and 29 % when it is 0.8 or more (155 of 539).

    Example:
        >>> backing_confidence(UnitView(0, "p", "claim", "Buses should be free.", 0, 21, claim_score=0.9))
        0.62
    """
    return round(0.35 + 0.3 * target.claimness, 2)


def _confidence(rule: str, confidence: float) -> float:
    """``confidence`` (of a stance or a kind) times how sure ``rule`` is of its target."""
    return round(confidence * TARGET_CERTAINTY.get(rule, 1.0), 3)


def _short_question(text: str) -> bool:
    """A question of at most :data:`SHORT_QUESTION_WORDS` words."""
    stripped = text.strip()
    return stripped.endswith("?") and len(stripped.split()) <= SHORT_QUESTION_WORDS


def _quoted(quote: Quote) -> str:
    """The quoted words for a reason, saying so when the quoted post has a few of them otherwise.

    Example:
        >>> _quoted(Quote("Buses shuold be free", "p", 0, 20, edited=True))
        "'Buses shuold be free' (found with a few words changed)"
    """
    said = f"'{shorten(quote.text, _QUOTED)}'"
    return f"{said} (found with a few words changed)" if quote.edited else said


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _main_claim(units: Sequence[UnitView]) -> UnitView | None:
    """A post's main claim: of its argumentative units, the most claim-like, each unit further into the post
    counting :data:`MAIN_CLAIM_DECAY` less; with sure kinds (no claim scores) its first claim, else its first
    argumentative unit.

    Example:
        >>> units = [UnitView(0, "p", "claim", "How so?", 0, 7, claim_score=0.55),
        ...          UnitView(1, "p", "claim", "Buses should be free.", 8, 29, claim_score=0.95)]
        >>> _main_claim(units).text
        'Buses should be free.'
    """
    candidates = [u for u in units if u.argumentative]
    if any(u.claim_score is None for u in candidates):  # so there is at least one candidate
        return next((u for u in candidates if u.kind == "claim"), candidates[0])
    best = max(enumerate(candidates), key=lambda x: (x[1].claimness - MAIN_CLAIM_DECAY * x[0], -x[0]), default=None)
    return best[1] if best is not None else None


def link_thread(posts: Sequence[Post], units: Sequence[UnitView]) -> list[Relation]:
    """Find support and attack relations in a whole thread.

    Args:
        posts (Sequence[Post]): the thread's posts, parents first (quotes resolved by the reader).
        units (Sequence[UnitView]): every unit, in post order.

    Returns:
        list[Relation]: relations with confidence, model and reason.
    """
    by_post: dict[str, list[UnitView]] = {}
    for unit in units:
        by_post.setdefault(unit.post, []).append(unit)
    df: Counter[str] = Counter()
    for unit in units:
        df.update(unit.terms)
    n_units = max(len(units), 1)
    authors = {post.external_id: post.author for post in posts}
    answered = {post.parent for post in posts if post.parent is not None}
    news = {post.external_id for post in posts if _headline(post) or _announcement(post)}
    relations: list[Relation] = []
    granted: dict[str, set[int]] = {}  # each post's units it grants only to turn against (parents come first)
    for post in posts:
        own = [u for u in by_post.get(post.external_id, []) if u.argumentative]
        turns = _turns(own)
        conceded = granted[post.external_id] = {r.target for r in turns}
        standalone = post.parent is None and post.external_id not in answered
        inside = _inside(own, turns, _paragraph_points(post.text, own, conceded) if standalone else None)
        made = list(inside)  # this post's relations: the only ones its units can be the source of
        if standalone:
            made.extend(_standalone(own, inside, conceded))
        if post.parent is not None and own:
            continues = post.author is not None and post.author == authors.get(post.parent)
            made.extend(_across(post, own, by_post, df, n_units, continues, post.parent in news,
                                granted.get(post.parent, ())))
        if not standalone:
            made.extend(_opening_backed(own, made, turns))
        relations.extend(made)
    return relations


def _announcement(post: Post) -> bool:
    """Whether ``post`` opens its thread as the platform's or the forum's own word (:attr:`Post.official`: an
    admin's or a moderator's post, a pinned one): news to react to, not a view put up for debate."""
    return post.parent is None and post.official


def _headline(post: Post) -> bool:
    """Whether ``post`` opens its thread with a title and nothing else: a link shared on Hacker News or Reddit,
    whose title is a headline ("X wins the election") rather than a view its author argues for."""
    return post.parent is None and bool(post.title) and post.text.strip() == (post.title or "").strip()


def _turns(own: list[UnitView]) -> list[Relation]:
    """Attacks from a unit that turns ("but ...") against the point its post concedes just before it."""
    relations: list[Relation] = []
    for previous, unit in itertools.pairwise(own):
        turn = _TURN.search(cue_text(unit.text))
        if turn is None:  # most units do not turn: the unit before them is not read
            continue
        before = cue_text(previous.text)
        granted = None if _GRANT_TURNED.match(before) else _GRANTED.search(before)
        if granted:
            relations.append(Relation(
                unit.index, previous.index, "attack", 0.6, rule_model("turn"),
                f"turns ('{turn.group().strip(' ,')}') against the point conceded just before it "
                f"('{granted.group().strip()}'): '{shorten(previous.text, _QUOTED)}'"))
    return relations


def _paragraph_points(text: str, own: list[UnitView], conceded: set[int]) -> dict[int, UnitView]:
    """Each unit's paragraph point: the first claim of its paragraph that the text does not turn against."""
    paragraph: dict[int, int] = {}
    number = -1
    for unit, opens in zip(own, paragraph_openers(text, [u.start for u in own]), strict=True):
        number += opens
        paragraph[unit.index] = number
    first: dict[int, UnitView] = {}
    for unit in own:
        if unit.kind == "claim" and unit.index not in conceded:
            first.setdefault(paragraph[unit.index], unit)
    return {unit.index: first[paragraph[unit.index]] for unit in own if paragraph[unit.index] in first}


def _inside(own: list[UnitView], turns: list[Relation], points: dict[int, UnitView] | None = None) -> list[Relation]:
    """The turns, and a relation from each premise to the unit it backs (or, when granted, speaks against).

    ``points`` (for a text that stands alone) gives each unit's paragraph point, which a premise of that
    paragraph backs instead of a nearby unit.
    """
    relations = list(turns)
    turned = {(r.source, r.target) for r in turns}
    conceded = {r.target for r in turns}
    for i, unit in enumerate(own):
        if unit.kind == "claim" and points is None and unit.index not in conceded:
            relations.extend(_follow_on(unit, own[:i], conceded, turned))
        if unit.kind != "premise":
            continue
        window = own[max(0, i - MAX_CLAIM_DISTANCE):i]
        if points is not None and unit.index in points:
            target, rule = points[unit.index], "paragraph-point"
            where = "the point of its paragraph (the text stands alone)"
        elif window and (further := _further_reason(unit, own[:i], conceded)) is not None:
            target, rule, cue = further
            where = f"the claim {_how_far(i - own.index(target))}, as a further reason ('{cue}')"
        elif window:
            # Most claim-like, nearer ones first on a tie: reasons mostly follow the point they back, closely.
            distance, target = max(((i - j, c) for j, c in enumerate(window, max(0, i - MAX_CLAIM_DISTANCE))),
                                   key=lambda x: (x[1].claimness - DISTANCE_PENALTY * x[0], -x[0]))
            if target.claimness < MIN_BACKED_CLAIMNESS:
                continue
            back = _how_far(distance)
            rule = "backs"
            where = f"the claim {back}" if target.kind == "claim" else f"the premise {back} (a chain of reasons)"
            if target.claim_score is not None:
                where += f", claim score {target.claim_score:.2f}"
        else:
            # The claim it leads up to, not one the post grants only to turn against ("Of course X, but Y": Y). A
            # question that opens a post asks rather than gives a reason for what follows ("What about teachers?").
            after = next((c for c in own[i + 1:] if c.kind == "claim" and c.index not in conceded), None)
            if after is None or unit.text.rstrip().endswith("?"):
                continue
            target, where, rule = after, "the claim it leads up to", "leads-up"
        if (unit.index, target.index) in turned:  # it argues against that point, not for it
            continue
        if unit.index in conceded:  # "Sure, X. But ...": X is the other side's point, granted, not a reason
            relations.append(Relation(unit.index, target.index, "attack", 0.55, rule_model("granted"),
                                      f"a point the post grants and then turns against, so it speaks against "
                                      f"{where}: '{shorten(target.text, _QUOTED)}'"))
            continue
        sure = backing_confidence(target) if rule in ("backs", "further-reason") else _confidence(rule, 0.6)
        relations.append(Relation(unit.index, target.index, "support", sure, rule_model(rule),
                                  f"premise backs {where}: '{shorten(target.text, _QUOTED)}'"))
    return relations


def _further_reason(unit: UnitView, before: list[UnitView], conceded: set[int]) -> tuple[UnitView, str, str] | None:
    """The claim a premise that adds a further reason ("And ...", "Also, ...", "Secondly, ...") backs: the nearest
    claim before it that the post does not grant only to turn against, however many reasons lie between (a list of
    reasons for one point). ``None`` for a premise that opens with no such word, or with no such claim before it.

    On the CMV development split such premises back the nearest claim before them more often than the unit the
    window of :data:`MAX_CLAIM_DISTANCE` picks (32 against 26 of 118 gold relations), most of all where that unit
    is the reason before them: rel_all 0.2078 → 0.2123; of five folds by opening post four rose and one fell 0.0003.

    Example:
        >>> claim = UnitView(0, "p", "claim", "Buses should be free.", 0, 21)
        >>> reason = UnitView(1, "p", "premise", "Cars pollute.", 22, 35)
        >>> further = UnitView(2, "p", "premise", "And fares cost more to collect than they bring in.", 36, 86)
        >>> target, rule, cue = _further_reason(further, [claim, reason], set())
        >>> target.index, rule, cue
        (0, 'further-reason', 'and')
    """
    found = _FURTHER.search(cue_text(unit.text))
    claim = _nearest_claim(before, conceded) if found is not None else None
    if found is None or claim is None:
        return None
    return claim, "further-reason", found.group().strip(" ,")


def _nearest_claim(before: list[UnitView], conceded: set[int]) -> UnitView | None:
    """The last claim of ``before`` that its post does not grant only to turn against, if any."""
    return next((u for u in reversed(before) if u.kind == "claim" and u.index not in conceded), None)


def _how_far(distance: int) -> str:
    """Where a unit ``distance`` units back lies, in a relation's reason."""
    return "just before it" if distance == 1 else f"{distance} units before it"


def _follow_on(unit: UnitView, before: list[UnitView], conceded: set[int],
               turned: set[tuple[int, int]]) -> list[Relation]:
    """The support from a claim that follows on from what came before: one that adds to it ("And ...", "Also, ...",
    the cues of :func:`_further_reason`) or draws a conclusion ("So ...", "Therefore, ..."), to the nearest claim
    before it that the post does not grant only to turn against. Empty for a claim that opens with no such word or
    has no such claim before it.

    A claim that opens with such a word goes on with the point before it rather than starting a new one; on the
    CMV development split the annotators relate such claims to the nearest claim before them 17 times in 67 (a
    claim with no cue, 10 %): rel_all 0.2123 → 0.2183, each of five folds by opening post rising. "So" as a degree
    word ("so many ...", "so far ...") draws no conclusion. Only in a discussion: in a text that stands alone,
    later claims support its main claim (:func:`_standalone`).

    Example:
        >>> claim = UnitView(0, "p", "claim", "Buses should be free.", 0, 21)
        >>> reason = UnitView(1, "p", "premise", "Fares cost more to collect than they bring in.", 22, 68)
        >>> (support,) = _follow_on(UnitView(2, "p", "claim", "So the city loses nothing.", 69, 95), [claim, reason],
        ...                         set(), set())
        >>> support.target, support.kind, support.reason
        (0, 'support', "follows on ('so') from the claim 2 units before it: 'Buses should be free.'")
    """
    text = cue_text(unit.text)
    further = _FURTHER.search(text)
    cue = further.group().strip(" ,") if further else next((c for c in CONCLUSION_OPENERS if text.startswith(c)), None)
    if cue is None or _SO_MUCH.match(text):
        return []
    target = _nearest_claim(before, conceded)
    if target is None or (unit.index, target.index) in turned:
        return []
    back = _how_far(len(before) - before.index(target))
    return [Relation(unit.index, target.index, "support", FOLLOW_ON_CONFIDENCE, rule_model("follow-on"),
                     f"follows on ('{cue.strip()}') from the claim {back}: '{shorten(target.text, _QUOTED)}'")]


def _opening_backed(own: list[UnitView], found: list[Relation], turns: list[Relation]) -> list[Relation]:
    """The support from a post's second unit to the claim the post opens with, when that second unit is a claim that
    relates to nothing else (no unit in reach it backs, no earlier post it answers): it goes on to argue for the
    point the post opened with. Empty otherwise; for a second claim that turns ("But ...", "However, ..."), which
    speaks against the opening rather than for it; and where either end is a point the post grants only to turn
    against. Only in a discussion: a text that stands alone has :func:`_standalone` for its later claims.

    On the CMV development split such a claim supports the opening claim in gold 24 times in 59 (15 distinct pairs
    from 12 of the 21 opening posts), against about 1 in 10 for a claim that relates to nothing further into a
    post: rel_all 0.2183 → 0.2289, four of five folds by opening post rising and one falling 0.0016. Nested
    cross-validation over where (replies, or every post of a discussion), the target's kind, how far into the post
    and whether a turning claim counts chose every post, a claim target, the second unit and no turn in four folds.

    Example:
        >>> opening = UnitView(0, "p", "claim", "Buses should be free.", 0, 21)
        >>> second = UnitView(1, "p", "claim", "The city can afford it.", 22, 45)
        >>> (support,) = _opening_backed([opening, second], [], [])
        >>> support.source, support.target, support.kind
        (1, 0, 'support')
    """
    if len(own) < 2 or own[0].kind != "claim" or own[1].kind != "claim":
        return []
    opening, second = own[0], own[1]
    if any(r.source == second.index for r in found) or _TURN.search(cue_text(second.text)):
        return []
    if any(second.index in (r.source, r.target) or opening.index == r.target for r in turns):
        return []
    return [Relation(second.index, opening.index, "support", OPENING_BACKED_CONFIDENCE, rule_model("opening-backed"),
                     f"the post's second claim goes on to argue for the claim it opens with: "
                     f"'{shorten(opening.text, _QUOTED)}'")]


def _standalone(own: list[UnitView], inside: list[Relation], conceded: set[int]) -> list[Relation]:
    """Supports from the later claims of a text that stands alone to its main claim.

    A reply's claims answer its parent, and in an opening post that started a discussion they argue much as in
    replies (on CMV, linking them to the post's first claim loses). A text that answers no post and that no post
    answers, such as an essay or a comment on its own, has only its own main claim for them to argue for: of the
    units the text does not turn against, the one :func:`_main_claim` picks, as it picks a parent's (on the
    microtexts, with the decay chosen on CMV, rel_all 0.2775 → 0.2860, 4 more right and none fewer; web discourse
    0.0491 → 0.0485, one fewer).
    """
    related = {r.source for r in inside}
    main = _main_claim([u for u in own if u.index not in conceded])
    if main is None:
        return []
    relations: list[Relation] = []
    for unit in own:
        if unit.kind != "claim" or unit is main or unit.index in related:
            continue
        if unit.index in conceded:  # granted, then turned against: the other side's point
            relations.append(Relation(unit.index, main.index, "attack", 0.45, rule_model("main-claim"),
                                      f"a point the text grants and then turns against speaks against its main "
                                      f"claim: '{shorten(main.text, _QUOTED)}'"))
        else:
            relations.append(Relation(unit.index, main.index, "support", 0.45, rule_model("main-claim"),
                                      f"a further claim of a text that stands alone argues for its main claim: "
                                      f"'{shorten(main.text, _QUOTED)}'"))
    return relations


def _weight(a: Collection[str], b: Collection[str], df: Counter[str], n: int) -> tuple[float, list[str]]:
    shared = set(a).intersection(b)
    return sum(math.log(1 + n / df[w]) for w in shared), sorted(shared, key=lambda w: (df[w], w))[:3]


def _turned(first: UnitView, following: UnitView | None, kind: str, confidence: float,
            cue: str) -> tuple[str, float, str]:
    """The stance of an answer whose first unit grants a point with no cue either way ("Of course some people thrive
    at home", "I'll grant you that paint is weak protection") and whose next unit turns ("but many ..."): the answer
    disagrees, as "true, but ..." does in one unit, and says so rather than being an assumed attack. Otherwise
    ``(kind, confidence, cue)`` as they are.

    An answer that agrees in words ("Fair point on bullying. But kids ...") keeps its support: Change My View's
    annotators draw such an opening as agreement (on the development split, reading it as a concession before an
    attack turns 5 replies and lowers stance 0.871 → 0.836).

    Example:
        >>> first = UnitView(0, "r", "claim", "Of course some people thrive at home", 0, 36)
        >>> turn = UnitView(1, "r", "claim", "but many live in small flats", 38, 66)
        >>> _turned(first, turn, "attack", 0.55, NO_CUE)
        ('attack', 0.6, "grants a point ('of course') then disagrees ('but')")
    """
    if cue != NO_CUE or following is None:
        return kind, confidence, cue
    turn = _TURN.search(cue_text(following.text))
    text = cue_text(first.text)
    granted = None if turn is None or _GRANT_TURNED.match(text) else _GRANTED.search(text)
    if turn is None or granted is None:
        return kind, confidence, cue
    said, turned = granted.group().strip(" ,"), turn.group().strip(" ,")
    return "attack", 0.6, f"grants a point ('{said}') then disagrees ('{turned}')"


def _answer_stance(text: str, continues: bool) -> tuple[str, float, str]:
    """:func:`stance`, except that a post continuing its own author's previous one goes on with that argument:
    it supports it unless it plainly disagrees ("no", "that's wrong", "I take that back")."""
    kind, confidence, cue = stance(text)
    if continues and not (kind == "attack" and cue.startswith("disagrees")):
        return "support", 0.6, "continues its author's own previous post"
    return kind, confidence, cue


def _across(post: Post, own: list[UnitView], by_post: dict[str, list[UnitView]], df: Counter[str],
            n: int, continues: bool = False, news: bool = False,
            parent_granted: Collection[int] = ()) -> list[Relation]:
    parent_units = [u for u in by_post.get(post.parent or "", []) if u.argumentative]
    relations: list[Relation] = []
    answered: set[int] = set()
    linked: set[tuple[int, int]] = set()  # (source, target) pairs already related
    # 1. Quotes: the unit after a quote answers the quoted unit. When the answer is short (few units before the
    #    next quote or the end), each of its units answers the quoted unit, with the first unit's stance; when it
    #    is longer, its first two do (the point made and the first thing said for it). A quote that holds several
    #    whole units is answered in each of them by the answer's first unit.
    offsets = sorted(quote.offset for quote in post.quotes)
    for quote in post.quotes:
        if quote.source_post is None or quote.source_start is None or quote.source_end is None:
            continue
        targets = [u for u in by_post.get(quote.source_post, []) if u.argumentative]
        span = (quote.source_start, quote.source_end)
        quoted = {u.index: _overlap(span, (u.start, u.end)) for u in targets}  # characters of each unit quoted
        best = max(targets, key=lambda u: quoted[u.index], default=None)
        if best is None or quoted[best.index] == 0:
            continue
        end = next((offset for offset in offsets if offset > quote.offset), None)
        block = [u for u in own if u.start >= quote.offset and (end is None or u.start < end)]
        if not block:
            continue
        source = block[0]
        kind, confidence, cue = _answer_stance(source.text, continues)
        if cue == NO_CUE:  # an "Agreed." or "No." left out as a unit of its own still sets the answer's tone
            kind, confidence, cue = _answer_stance(post.text[quote.offset:source.start], continues)
        kind, confidence, cue = _turned(source, block[1] if len(block) > 1 else None, kind, confidence, cue)
        if (source.index, best.index) not in linked:
            # rounded: 0.55 + 0.15 is 0.7000000000000001, which ranked apart from another rule's 0.7 (no tie)
            sure = round(min(0.95, confidence + 0.15), 3)
            relations.append(Relation(source.index, best.index, kind, sure, rule_model("quote"),
                                      f"reply quotes {_quoted(quote)} and {cue}"))
            linked.add((source.index, best.index))
        answered.add(source.index)
        if kind != "attack":
            # Agreeing is one move: the rest of an answer that agrees builds on its own first unit, not on the
            # quote (on the CMV development split none of the 21 relations from such answers' further units, or
            # to the further units their quote holds, is one the annotators drew).
            continue
        # A quote of several whole sentences: the answer takes on each of them, not only the one it quotes most of.
        for other in targets:
            if other is best or (source.index, other.index) in linked:
                continue
            if quoted[other.index] == other.end - other.start:
                relations.append(Relation(source.index, other.index, kind, _confidence("quote-whole", confidence),
                                          rule_model("quote-whole"),
                                          f"reply quotes {_quoted(quote)}, which holds "
                                          f"'{shorten(other.text, _QUOTED)}' whole, and {cue}"))
                linked.add((source.index, other.index))
        for unit in block[1:len(block) if len(block) <= QUOTE_ANSWER_UNITS else QUOTE_ANSWER_LEAD]:
            if (unit.index, best.index) in linked:
                continue
            why = f"goes on answering the quote {_quoted(quote)}; the answer's first unit {cue}"
            relations.append(Relation(unit.index, best.index, kind, _confidence("quote-answer", confidence),
                                      rule_model("quote-answer"), why))
            linked.add((unit.index, best.index))
            answered.add(unit.index)
    if not parent_units:
        return relations
    # The parent's point, not one it grants only to turn against ("Of course X, but Y": Y).
    main = _main_claim([u for u in parent_units if u.index not in parent_granted] or parent_units)
    # 2. The reply's opening unit answers the parent, unless it already answers a quote. A bare question of a
    #    few words ("How so?", "Source?") asks for more rather than answering a sentence: the unit after it opens.
    opener = next((u for u in own if not _short_question(u.text)), own[0])
    if opener.index not in answered:
        delta = delta_award(post.text)
        if delta is not None:  # wherever it stands, the reply says the parent changed its author's view
            kind, confidence, cue = "support", 0.8, f"awards a delta ('{delta}'): its author's view was changed"
        else:  # read from the top: "Thanks, that makes sense!" on a line before the first claim sets the tone
            kind, confidence, cue = _answer_stance(post.text[:opener.start] + opener.text, continues)
            after = own.index(opener) + 1
            kind, confidence, cue = _turned(opener, own[after] if after < len(own) else None, kind, confidence, cue)
        # A comment on news (a shared link's headline, an announcement by the site's staff or the forum's
        # moderators) reacts to it: it disputes the news only when it says so ("misleading title", "no, ...").
        # Without such a cue, or with only a question ("Is there a video?", "Will this come to the app?", which
        # asks about the news rather than doubting it), it answers no sentence in particular.
        if not (news and cue in (NO_CUE, CHALLENGE_CUE)):
            scored = [(_weight(opener.terms, u.terms, df, n), u) for u in parent_units]
            (weight, words), best = max(scored, key=lambda x: x[0][0])
            if _GENERIC_TARGET.search(cue_text(opener.text)) or weight < MIN_LEXICAL or main is None:
                target = main or best
                why, rule = "answers the parent's main claim", "opener-main"
            else:
                target = best
                why, rule = f"shares {', '.join(words)} with '{shorten(best.text, _QUOTED)}'", "opener-words"
            relations.append(Relation(opener.index, target.index, kind, _confidence(rule, confidence),
                                      rule_model(rule), f"reply opens by answering its parent ({why}) and {cue}"))
            answered.add(opener.index)
    # 3. Later concessions and agreements support the parent's main claim.
    if main is not None:
        for unit in own:
            # The cheap test first: most units name no point, and reading their stance would be wasted.
            if unit.index in answered or not _GENERIC_TARGET.search(cue_text(unit.text)):
                continue
            kind, confidence, cue = stance(unit.text)
            if kind == "support":
                relations.append(Relation(unit.index, main.index, "support", confidence, rule_model("concession"),
                                          f"reply concedes the parent's main point and {cue}"))
    return relations
