"""What a unit does: a claim (a stance taken), a premise (a reason, example or experience), or neither.

A small linear model over readable features decides. Each feature is a cue a person would name ("opens with
'because'", "first person past tense: an experience", "a number"), so the reason stored with every unit is the
list of cues that weighed most. The weights are hand-set from the argumentation literature's discourse cues and
checked on the development corpora with ``argmap eval``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from spacy.tokens import Span

__all__ = ["CLAIM_THRESHOLD", "EDIT_NOTE", "WEIGHTS", "KindDecision", "classify", "features", "is_non_argumentative"]

#: A unit whose claim score is at least this is a claim; below, a premise.
CLAIM_THRESHOLD = 0.0

WEIGHTS: dict[str, float] = {
    "bias": -0.2,
    "first_in_post": 0.9,
    "first_in_reply": 0.3,
    "last_in_post": 0.2,
    "opinion_marker": 1.2,
    "modal_should": 1.0,
    "evaluative": 0.5,
    "negated_stance": 0.6,
    "agreement": 0.8,
    "reason_opener": -1.6,
    "example_opener": -1.6,
    "conditional_opener": -0.6,
    "experience": -1.0,
    "number": -0.6,
    "question": -0.9,
    "challenge_question": 1.4,
    "link": -0.8,
    "long": -0.3,
    "pronoun_subject": -0.2,
    "contrast_opener": 0.4,
    "conclusion_opener": 0.9,
}

_REASON_OPENERS = ("because", "since", "as ", "for ", "due to", "given that", "considering")
_EXAMPLE_OPENERS = ("for example", "for instance", "e.g", "such as", "like when", "take ", "look at", "consider")
_CONDITIONAL = ("if ", "when ", "unless ", "once ", "whenever ")
_CONTRAST = ("but ", "however", "although", "though", "yet ", "still", "nevertheless", "on the other hand")
_CONCLUSION = ("so ", "therefore", "thus", "hence", "that's why", "that is why", "which is why", "in short",
               "ultimately", "overall")
_OPINION = re.compile(
    r"\b(i (really |strongly |honestly |personally )?(think|believe|feel|suspect|doubt|guess|would argue|argue|"
    r"maintain|am (confident|convinced|sure|not sure))|in my (opinion|view|experience)|imo|imho|i'm (confident|"
    r"convinced|sure|not sure)|seems to me|my (view|point|thesis) is|the (point|problem|issue|question) is)\b"
)
_SHOULD = re.compile(r"\b(should|shouldn't|must|mustn't|ought|need to|needs to|have to|has to|deserve|"
                     r"it's (wrong|right|better|worse|unfair|fair)|is (wrong|right|better|worse|unfair|immoral))\b")
_EVALUATIVE = re.compile(r"\b(better|worse|best|worst|good|bad|important|necessary|wrong|right|true|false|"
                         r"fair|unfair|stupid|ridiculous|harmful|beneficial|dangerous|useless|pointless|"
                         r"unlikely|likely|impossible|inevitable)\b")
_NEGATED = re.compile(r"\b(not (true|the case|really|necessarily)|isn't|aren't|doesn't|don't|won't|can't|"
                      r"never|no one|nobody)\b")
_AGREE = re.compile(r"^(yes|yeah|yep|agreed|i agree|exactly|true|right|fair|good point|that's (true|fair))\b")
_EXPERIENCE = re.compile(r"\b(i|we|my|our) (went|was|were|had|have been|used|worked|saw|noticed|didn't|did|tried|"
                         r"found|lived|grew up|met|started|spent|learned|got)\b|\bas an? [a-z ]{2,30}, i\b")
_NUMBER = re.compile(r"\d|%|\b(percent|twice|half|million|billion|thousand|hundred)\b")
_LINK = re.compile(r"https?://|www\.|\[\d+\]|\bdoi\b|\bstud(y|ies)\b|\bresearch\b|\bsurvey\b|\baccording to\b")
_CHALLENGE = re.compile(r"^(is|are|does|do|did|can|could|would|will|isn't|aren't|doesn't|don't|how|why|what makes|"
                        r"really|seriously|says who|who says)\b.*\b(really|actually|true|sure|evidence|proof|source|"
                        r"how do you know|so what|any)\b|^(really|seriously|says who|source|citation needed)\b")
_NON_ARG = re.compile(r"^(hi|hello|hey|thanks|thank you|edit|update|tl;?dr|lol|haha|this\.?$|"
                      r"∆|!delta|delta|welcome|cheers|good luck|sorry)\b", re.IGNORECASE)
# Talk about the discussion rather than its subject: notes (edit, P.S.), the forum and its rituals (the
# post, the title, "change my view", deltas), courtesy (thanks, sorry, hope this helps) and the writer's plans
# for the thread ("I'll reply later"). Annotators leave such text out.
_META = re.compile(
    r"^\W*(edit|update|eta|ps|p\.s|note|tl;?dr)\b|\b(cmv|change my view|c my v|delta|∆|subreddit|upvotes?|"
    r"downvotes?|this (post|thread|sub)|my (post|cmv|title)|hope (that|this) helps|thanks?( you)?|sorry|"
    r"apologi[sz]e|apologies|feel free|congrat\w*|let me clarify)\b|"
    r"\bi('ll| will| may| might) (be|end up|return|come back|respond|reply|try|get back|add|look)\b",
    re.IGNORECASE,
)
#: A line that opens an edit note: what follows it in the post is about the discussion.
EDIT_NOTE = re.compile(r"(?:^|\n)[\W_]*(edit|update|eta)\b", re.IGNORECASE)


@dataclass(frozen=True)
class KindDecision:
    """The kind chosen for a unit, how sure, and the cues that decided it."""

    kind: str
    confidence: float
    cues: tuple[str, ...]


def is_non_argumentative(text: str) -> bool:
    """Greetings, thanks, edit notes, delta awards, talk about the thread and fragments: text that argues nothing."""
    stripped = text.strip().lower()
    words = re.findall(r"[^\W_]+", stripped)
    return len(words) < 2 or bool(_NON_ARG.match(stripped)) or bool(_META.search(stripped))


def _first_person_past(span: Span) -> bool:
    """"I switched ...", "we tried ...": a first-person subject of a past-tense verb reports an experience."""
    return any(t.lower_ in {"i", "we"} and t.dep_ == "nsubj" and t.head.tag_ == "VBD" for t in span)


def features(span: Span, *, index: int, count: int, is_reply: bool) -> dict[str, float]:
    """The cues of one unit.

    Args:
        span (Span): the unit.
        index (int): its position among the post's units.
        count (int): how many units the post has.
        is_reply (bool): whether the post answers another post.

    Returns:
        dict[str, float]: feature name to value (mostly 0/1).
    """
    text = span.text.strip()
    lower = text.lower()
    pron_subject = any(t.dep_ == "nsubj" and t.pos_ == "PRON" and t.lower_ in {"it", "this", "that", "they"}
                       for t in span)
    found = {
        "bias": 1.0,
        "first_in_post": float(index == 0),
        "first_in_reply": float(index == 0 and is_reply),
        "last_in_post": float(index == count - 1 and count > 1),
        "opinion_marker": float(bool(_OPINION.search(lower))),
        "modal_should": float(bool(_SHOULD.search(lower))),
        "evaluative": float(bool(_EVALUATIVE.search(lower))),
        "negated_stance": float(index == 0 and bool(_NEGATED.search(lower))),
        "agreement": float(bool(_AGREE.match(lower))),
        "reason_opener": float(lower.startswith(_REASON_OPENERS) or " because " in lower[:40]),
        "example_opener": float(lower.startswith(_EXAMPLE_OPENERS)),
        "conditional_opener": float(lower.startswith(_CONDITIONAL)),
        "experience": float(bool(_EXPERIENCE.search(lower)) or _first_person_past(span)),
        "number": float(bool(_NUMBER.search(lower))),
        "question": float(text.endswith("?")),
        "challenge_question": float(text.endswith("?") and is_reply and index == 0 and bool(_CHALLENGE.search(lower))),
        "link": float(bool(_LINK.search(lower))),
        "long": float(len(span) > 35),
        "pronoun_subject": float(pron_subject),
        "contrast_opener": float(lower.startswith(_CONTRAST)),
        "conclusion_opener": float(lower.startswith(_CONCLUSION)),
    }
    return {name: value for name, value in found.items() if value}


_CUE_WORDS = {
    "first_in_post": "opens the post",
    "first_in_reply": "opens the reply",
    "last_in_post": "closes the post",
    "opinion_marker": "states an opinion ('I think', 'the point is')",
    "modal_should": "says what should or must be",
    "evaluative": "evaluates ('better', 'wrong')",
    "negated_stance": "denies something",
    "agreement": "agrees",
    "reason_opener": "gives a reason ('because', 'since')",
    "example_opener": "gives an example",
    "conditional_opener": "sets a condition ('if', 'when')",
    "experience": "reports personal experience",
    "number": "cites a figure",
    "question": "asks a question",
    "challenge_question": "challenges with a question",
    "link": "points to a source",
    "long": "is long",
    "pronoun_subject": "continues with a pronoun",
    "contrast_opener": "opens with a contrast",
    "conclusion_opener": "draws a conclusion ('so', 'therefore')",
}


def classify(found: dict[str, float], weights: dict[str, float] | None = None) -> KindDecision:
    """Claim or premise from the cues, with a confidence and the cues that weighed most.

    Args:
        found (dict[str, float]): from :func:`features`.
        weights (dict[str, float] | None): feature weights; :data:`WEIGHTS` when ``None``.

    Returns:
        KindDecision: kind, confidence (a logistic of the score's distance from the threshold) and cues.
    """
    weights = weights or WEIGHTS
    contributions = {name: weights.get(name, 0.0) * value for name, value in found.items()}
    score = sum(contributions.values()) - CLAIM_THRESHOLD
    kind = "claim" if score >= 0 else "premise"
    confidence = 1.0 / (1.0 + math.exp(-abs(score) * 1.5))
    sign = 1 if kind == "claim" else -1
    decisive = sorted((n for n, c in contributions.items() if c * sign > 0 and n != "bias"),
                      key=lambda n: -abs(contributions[n]))
    return KindDecision(kind, round(confidence, 3), tuple(_CUE_WORDS.get(n, n) for n in decisive[:3]))
