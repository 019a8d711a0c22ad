"""Stance: whether the words of a reply agree with the post they answer or disagree with it.

The cues, read on the unit's text as :func:`argmap.nlp.kinds.cue_text` gives it (lower case, a Markdown or
quoting lead-in dropped): agreement ("yeah", "fair point", "you're right", "the broader point stands", a Change
My View delta), denial ("that's not true", "no, ...", "I disagree", agreeing words denied before they come: "I
don't think that's true"), a challenge (a question that doubts,
demands reasons or puts the point back: "Is this really true?", "Why would ...?"; a plain request, "What did you
say?", is no cue), and a point granted before the real answer ("true, but ...", "while that may be true, ..."),
which is an attack. With no cue, an answer disagrees: replies in debates mostly do (on the CMV development split
77 % of the replies that relate to an earlier post attack it). :mod:`argmap.nlp.relations` decides which unit a
reply answers; this module only says how.
"""

from __future__ import annotations

import re

from argmap.domain import ASSUMED_STANCE, shorten
from argmap.nlp.kinds import DELTA_MARK, cue_text

__all__ = ["CHALLENGE_CUE", "NO_CUE", "delta_award", "stance"]

NO_CUE = f"answers without agreeing ({ASSUMED_STANCE})"
"""The reason :func:`stance` gives when the words hold no cue either way and the answer is taken to disagree
(:func:`argmap.domain.assumed_attack` tells such relations apart)."""
CHALLENGE_CUE = "challenges with a question"
"""The reason :func:`stance` gives an answer that asks a question back: a challenge, an attack."""

_DELTA = re.compile(
    DELTA_MARK + r"|\b(give|giving|gave|award|awarding|awarded|here'?s) (you )?(a|the|my|your|this) delta\b|"
    r"\bdelta (for|to) you\b",
    re.IGNORECASE,  # also a Greek capital delta lower-cased with its text
)
_SUPPORT = re.compile(
    # Words that agree only as an interjection ("Exactly.", "True, ..."), not opening a sentence ("This is
    # wrong", "Right now ...", "Definitely not").
    r"^(yes|yeah|yep|yup|agreed)\b(?!,? (?:not|no)\b)|"
    r"^((so|very|quite|exactly|absolutely|totally|completely|100 ?%|100 percent) )?(exactly|absolutely|definitely|"
    r"indeed|true|right|correct|this|same|ditto|sure|i (really |do )?(like|love) "
    r"(that|this|it|your (idea|point|answer|suggestion|reasoning)))(?=\s*(?:[,.!;:]|$))|"
    r"\b(i (completely |totally |fully |entirely |wholeheartedly |kind of |mostly |largely |partly |partially )?"
    r"agree|(good|great|fair|valid|excellent|interesting) (point|way to (look at|put) it)|fair enough|"
    r"you'?re (absolutely |completely )?right|you are right|you'?re not wrong|you are not wrong|"
    # "You and Brad are right", "you both are right", "you are both partly right"
    r"you(?: and [\w' ]{1,25}| both| all| guys)? are (?:both |all )?(?:absolutely |completely |partly |partially |"
    r"kind of |sort of )?right|"
    r"(can'?t|cannot|don'?t|do not) (really )?disagree|"
    r"(that|this|it)(?:'s| is) (very |so |absolutely |definitely )?(true|fair|right|correct|a (good|great|fair|valid) "
    r"point)|(that|this|it) (may|might|could) (well )?be (true|right)|"
    r"point stands|well said|makes (a lot of |some |perfect |more )?sense|changed my (view|mind)|"
    r"i see (your point|what you mean|where you'?re coming from)|you have a point|"
    r"(you'?re|you are|you might be|you may be) (really |definitely )?on(to| to) something|"
    r"(hadn'?t|haven'?t|had not|have not|never) (really )?(considered|thought (of|about))|"
    r"i stand corrected|i was wrong|i(?:'m| am) wrong|my (mistake|bad)|(you'?ve|you have) convinced me|"
    r"i concede|admittedly|i(?:'ll| will)? admit|i grant|good call|thank(s| you) for|"
    r"(totally|completely|fully|entirely|definitely|absolutely|strongly|100 ?%) agree|"
    r"(couldn'?t|could not|can'?t|cannot) agree (more|with you more)|spot on|same here|"
    # Saying one holds the same view: "I think so too", "I feel the same way", "me too", "my thoughts exactly".
    r"i (think|thought|believe|feel|felt) so (too|as well)|i (feel|felt|think|thought) the same( way)?|"
    r"(was|were) (just )?(going|about) to say (that|this|the same)|my thoughts (exactly|too|as well)|"
    r"^((ya|yeah|yes|yep|yup),? )?me too\b|"
    r"(that'?s|that is|that has|that'?s been|this is|this has been|has been|was|is) "
    r"(also |exactly |just )?(my|our) (own )?experience( too| as well)?(?=\s*(?:[,.!;:]|$))|"
    r"(my|our) experience (too|as well|exactly)|came here to say (exactly )?(this|that|the same|it)|beat me to it|"
    r"i (fully |totally |completely |wholeheartedly )?support (this|that|it|all of (this|that)|your (idea|point|"
    r"proposal|view))|"
    r"(great|good|excellent|nice) (post|comment|reply|answer|summary)(?=\s*(?:[,.!;:]|$))|"
    # Praise of how the point was made, as what the answer opens with ("Well put.", "Very nicely explained", "Great
    # breakdown"; not "It is well explained in the paper that ..."), or "You summed it up", "Couldn't have said it
    # better" anywhere.
    r"^(?:(?:wow|oh|yes|yeah|yep|agreed|very|really|so|just|that'?s|that is|this is|that was|this was|what an?|"
    r"such an?)\W+)*(?:(?:well|nicely|beautifully|perfectly|brilliantly|eloquently|succinctly|elegantly) "
    r"(?:put|said|stated|explained|written|argued|articulated|expressed|phrased)|(?:great|good|excellent|nice|"
    r"brilliant|perfect|fantastic) (?:explanation|analysis|breakdown|write-?up))|"
    r"(you|that|this) (sums?|summed) (it|this|that|things|everything) up|"
    r"(couldn'?t|could not|can'?t|cannot) have (said|put) it better)\b|"
    + DELTA_MARK,
    re.IGNORECASE,
)
# What follows an opening "No" that denies ("No it isn't", "No, you ...", "No. The ..."), rather than a "no" that
# opens a noun phrase ("No quarantine here", "No one knows", "No education is free"): the end, a punctuation mark,
# or a pronoun, an article, a negation or a conjunction.
_NO_THEN = (r"(?:i|i'm|i'd|you|you're|it|it's|its|that|that's|this|he|she|they|they're|we|there|the|not|but|no|way|"
            r"because|actually|just|really|sir|man|dude)\b")
# "Wrong" and "false" deny, but not in a hedge ("don't get me wrong"), an event ("something went wrong"), a
# negation ("nothing wrong with it"), a pair of values ("right or wrong", "true/false") or a term ("a false flag",
# "false positives").
_WRONG = (r"(?<!get me )(?<!went )(?<!go )(?<!goes )(?<!going )(?<!gone )(?<!nothing )(?<!anything )"
          r"(?<!right[/ ])(?<!right or )(?<!right and )(?<!right vs )(?<!right vs\. )wrong")
_FALSE = (r"(?<!true[/ ])(?<!true or )(?<!true and )(?<!true vs )(?<!true vs\. )"
          r"false(?! (?:flags?|positives?|negatives?|alarms?|starts?)\b)")
_ATTACK = re.compile(
    r"\b(i (don'?t|do not|can'?t|cannot) (agree|see)(?! (?:with you )?more)|disagree|not true|isn'?t true|"
    r"that'?s (simply |just |really |clearly |plainly |completely |totally )?(wrong|not|false|incorrect|ridiculous|"
    r"absurd)|you'?re wrong|" + _WRONG + "|" + _FALSE +
    # Doubt said outright ("I'm not convinced", "I doubt that"), and the point called a myth ("that's a myth").
    r"|i'?m (still |just )?(not |un)convinced|i am (still |just )?(not |un)convinced|i remain unconvinced|"
    r"i (really |seriously |strongly )?doubt (that|it|this|those|these|whether|if)|i'?m (very |a bit |rather )?"
    r"(skeptical|sceptical)|(that'?s|that is|this is|it'?s|it is) (just |simply |largely |mostly )?an? "
    r"(myth|misconception|fallacy)" +
    r"|nope|nonsense|no(?=,)|"
    r"not really|doesn'?t mean|does not mean|not necessarily|misunderstand|strawman|straw man)\b|"
    r"^(no(?=\s*$|\s*[.!?;:,\-–—]|\s+" + _NO_THEN + r")|but|however|actually|except|even so|nevertheless|"
    r"nonetheless|not (in (my|our) experience|at all|quite|exactly))\b"
)
_CHALLENGE = re.compile(r"\?\s*$")
# What makes a question a challenge rather than a request ("What did you say?", "Which model was it?"): doubt
# ("really", "even", "any evidence"), a question put back at the writer ("are you saying ...", "do you realize
# ..."), a negation ("Isn't this ...?", "Is Biden not a centrist?"), a demand for reasons ("why ...", "so?",
# "care to show ...?"), a tag ("..., right?") or marks of disbelief ("??", "?!").
_RHETORICAL = re.compile(
    r"\b(really|actually|even|seriously|honestly|truly|sure|evidence|proof|sources?|citation|so what|says who|"
    r"how do you know|what makes you (think|say|believe)|where did you (get|hear|read)|are you (saying|suggesting|"
    r"claiming|implying|equating|serious|kidding)|do you (think|believe|reali[sz]e|understand)|did you (read|forget)|"
    r"any idea|care to|what are you talking about|how so|not|never|no one|nobody)\b|n't\b|"
    # "Does it, though?", and a question that only echoes the point back ("Is it?", "Does it?", "Are they?")
    r",? though\W*$|^(is|are|was|were|does|do|did|has|have|can|will|would) (it|that|this|they|he|she|you|we)\W*$|"
    r"^((and|but|so|well|again|ok|okay)\W+)*(why|how come|what about|so)\b|,? (right|no|eh|huh)\W*$|[?!]\s*[?!]"
)
_CONCESSION_TURN = re.compile(r"\b(but|however|though|yet)\b")
# Agreeing words the clause denies before they come: "I don't think that's true", "I doubt that's correct", "Nobody
# who has tried it thinks that makes sense"; only while the denial's sentence goes on, and does not turn ("I wouldn't
# say cheaper, but I agree ...").
_DENIED_BEFORE = re.compile(
    r"\b(?:(?:don'?t|do not|doesn'?t|does not|didn'?t|did not|never|can'?t|cannot|wouldn'?t|would not) (?:really |"
    r"honestly |actually )?(?:think|believe|feel|say|agree)|(?:i|we) doubt|doubtful|nobody|no one|not sure|"
    r"not convinced|hardly)\b(?:(?!\b(?:but|however|though|yet)\b)[^.;!?])*$")
# A point granted in a clause put first ("While that may be true, ..."): what follows is the real answer.
_SUBORDINATE_CONCESSION = re.compile(r"(while|although|though|even if|even though|whilst)\b[^,;]*[,;]")
_LEADING_MARKER = re.compile(r"(?:(?:but|however|still|even so|nevertheless|nonetheless|anyway|well|and|so)\b[,\s]*)*")


def stance(text: str) -> tuple[str, float, str]:
    """Whether words answering another post agree or disagree.

    Args:
        text (str): the answering unit's text.

    Returns:
        tuple[str, float, str]: ``support`` or ``attack``, a confidence, and the cue in words.
    """
    lower = cue_text(text)
    support = _SUPPORT.search(lower)
    # "But the broader point stands": an opening "but"/"however" turns back to the point being conceded;
    # only a real denial before the agreement makes it an attack.
    lead = _LEADING_MARKER.match(lower)
    attack = _ATTACK.search(lower, lead.end() if support and lead else 0)
    denied = _DENIED_BEFORE.search(lower, 0, support.start()) if support else None
    if support and denied:  # "I don't think that's true": the agreeing words are denied
        return "attack", 0.7, f"disagrees ('{shorten(denied.group().strip(), 40)} {support.group().strip()}')"
    if support and not (attack and attack.start() < support.start()) and not re.search(
        r"\b(not|n't|never) (a )?(good|great|fair|valid)? ?point\b", lower
    ):
        agreed = support.group().strip()
        turn = _CONCESSION_TURN.search(lower, support.end())
        if turn is not None:  # "true, but ...": granted, then the real answer
            return "attack", 0.6, f"concedes ('{agreed}') then disagrees ('{turn.group().strip()}')"
        granted = _SUBORDINATE_CONCESSION.match(lower)
        if granted is not None and support.end() <= granted.end():  # "While that may be true, ..."
            return "attack", 0.6, f"concedes ('{agreed}') in a clause put first ('{granted.group(1)}'), then disagrees"
        return "support", 0.7, f"agrees ('{agreed}')"
    if attack:
        return "attack", 0.75, f"disagrees ('{attack.group().strip(' ,')}')"
    if _CHALLENGE.search(lower) and _RHETORICAL.search(lower):
        return "attack", 0.65, CHALLENGE_CUE
    return "attack", 0.55, NO_CUE


def delta_award(text: str) -> str | None:
    """The words with which ``text`` awards a Change My View delta (its author's view was changed), if it does.

    Example:
        >>> delta_award("Good point, here's a delta for you")
        "here's a delta"
        >>> delta_award("The delta between v1 and v2 is small.") is None
        True
    """
    found = _DELTA.search(cue_text(text))
    return found.group() if found else None
