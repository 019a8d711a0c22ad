"""What a unit does: a claim (a stance taken), a premise (a reason, example or experience), or neither.

A small linear model over readable features decides. Each feature is a cue a person would name ("opens with
'because'", "first person past tense: an experience", "a number"), so the reason stored with every unit is the
list of cues that weighed most. The cue weights are hand-set from the argumentation literature's discourse cues
and checked on the development corpora with ``argmap eval``.

A learned part adds to that score: a logistic regression over the same cues (without the position ones) and
light lexical features (lemmas, lemma pairs, the opening words, the main verb's tense, the subject, modals),
trained on the Habernal & Gurevych (2017) web-discourse corpus by ``python -m argmap.nlp.train`` and shipped
as plain weights in ``argmap/data/kinds.json``. Its strongest features are named in the reason too.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

from argmap.errors import ModelUnreadable
from argmap.markup import code_fence
from argmap.nlp.doctext import span_text

__all__ = [
    "CLAIM_THRESHOLD", "CONCLUSION_OPENERS", "DELTA_MARK", "EDIT_NOTE", "FORUM_REMARK_WORDS", "LINK_UNIT_WORDS",
    "MODEL_FILE", "PARAGRAPH_BREAK", "POSITION_CUES", "SUMMARY_LABEL", "WEIGHTS", "KindDecision", "LearnedModel",
    "classify", "code_lines", "cue_text", "default_model", "describe", "edit_section", "features",
    "is_non_argumentative", "learned_features", "load_model", "paragraph_openers",
]

#: A unit whose claim score from the hand-set weights alone is at least this is a claim; below, a premise. With a
#: learned model (the shipped one) it cancels out and the model's ``threshold`` is the cut: moving that cut by -0.6
#: to +0.6 on the CMV development split, nested 5-fold cross-validation keeps the shipped cut in every fold (kind
#: 0.703, its highest; rel_all 0.2183).
CLAIM_THRESHOLD = 0.0

WEIGHTS: dict[str, float] = {
    "bias": -0.2,
    "first_in_post": 0.9,
    "first_in_reply": 0.3,
    # A paragraph's opening unit is mostly its topic sentence, the point the rest of the paragraph backs: on
    # the CMV development split 60% of later paragraph openers are claims, 34% of other units are. The weight
    # was chosen by 5-fold cross-validation over opening posts (relation F1; see PARAGRAPH_WEIGHT).
    "first_in_paragraph": 1.5,
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

#: Cues that say where the unit stands in its post. The learned part leaves them out: the web-discourse
#: documents it learns from are not forum replies, so positions there mean something else.
POSITION_CUES = frozenset({"bias", "first_in_post", "first_in_reply", "first_in_paragraph", "last_in_post",
                           "negated_stance", "challenge_question"})
#: The learned weights shipped with the package (in ``argmap/data``).
MODEL_FILE = "kinds.json"

_REASON_OPENERS = ("because", "since", "as ", "for ", "due to", "given that", "considering")
_EXAMPLE_OPENERS = ("for example", "for instance", "e.g", "such as", "like when", "take ", "look at", "consider")
_CONDITIONAL = ("if ", "when ", "unless ", "once ", "whenever ")
_CONTRAST = ("but ", "however", "although", "though", "yet ", "still", "nevertheless", "on the other hand")
CONCLUSION_OPENERS = ("so ", "therefore", "thus", "hence", "that's why", "that is why", "which is why", "in short",
                      "ultimately", "overall")
"""How a unit that draws a conclusion opens (its :func:`cue_text`): a cue for its kind, and for what it follows on
from (:mod:`argmap.nlp.relations`)."""
_OPINION = re.compile(
    r"\b(i (really |strongly |honestly |personally )?(think|believe|feel|suspect|doubt|guess|would argue|argue|"
    r"maintain|am (confident|convinced|sure|not sure))|in my (opinion|view)|imo|imho|i'm (confident|"
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
                         r"found|lived|grew up|met|started|spent|learned|got)\b|\bas an? [a-z ]{2,30}, i\b|"
                         # "In my experience ..." tells one (it was an opinion marker); "Not in my experience." denies
                         r"(?<!not )\bin (my|our) experience\b")
_NUMBER = re.compile(r"\d|%|\b(percent|twice|half|(million|billion|thousand|hundred|dozen)s?|(two|three|four|five|six|"
                     r"seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) "
                     r"(percent|times|years|months|weeks|days|hours|minutes|people|dollars|pounds|euros))\b")
_LINK = re.compile(r"https?://|www\.|\[\d+\]|\bdoi\b|\bstud(y|ies)\b|\bresearch\b|\bsurvey\b|\baccording to\b")
# Substrings that ``_LINK`` and ``_LINKISH`` cannot match without, one per alternative: testing for them first skips
# most scans. (``_LINKISH`` ignores case, and then a dotless "ı" would match an "i": its test is only for ASCII.)
_LINK_NEEDLES = ("http", "www.", "[", "doi", "stud", "research", "survey", "according to")
_LINKISH_NEEDLES = ("http", "www.", "r/", "/comments/")
_CHALLENGE = re.compile(r"^(is|are|does|do|did|can|could|would|will|isn't|aren't|doesn't|don't|how|why|what makes|"
                        r"really|seriously|says who|who says)\b.*\b(really|actually|true|sure|evidence|proof|source|"
                        r"how do you know|so what|any)\b|^(really|seriously|says who|source|citation needed)\b")
# A delta is Change My View's award, not the difference between two things ("the delta between v1 and v2").
_NOT_A_DIFFERENCE = r"(?!\s+(?:between|of|from|across)\b)"
# After "thanks": not "to" a cause ("thanks to natural factors"), only to people ("thanks to everyone").
_NOT_TO_A_CAUSE = r"(?! to (?!(?:you|all|every(?:one|body)|those)\b))"
# A greeting or a laugh that opens a unit (thanks, apologies and edit notes anywhere in it are ``_META``'s). A laugh
# opens a remark only when little follows it ("LOL that is hilarious"): "lol no, there is not going to be a civil
# war" argues.
_NON_ARG = re.compile(r"^(hi|hello|hey|edit|update|(?:lol|haha)\b(?=(?:\W+\w+){0,5}\W*$)|this\.?$|∆|!delta|delta\b"
                      + _NOT_A_DIFFERENCE
                      + r"|welcome|cheers|good luck|good (?:morning|afternoon|evening)|greetings)\b",
                      re.IGNORECASE)
#: Change My View's delta (a reply changed the awarding person's view), as a character, an HTML entity or a
#: command. The character must stand apart from words, so that a formula's "Δt" is no delta; a regular
#: expression fragment (no flags), for the unit cues here and for reply stance in :mod:`argmap.nlp.relations`.
DELTA_MARK = r"(?<![^\W_])(?:[∆Δ]|&#(?:8710|916|x2206|x394);)(?![^\W_])|!delta\b"
# Talk about the discussion rather than its subject: notes (edit, P.S.), deltas and votes, courtesy (thanks,
# sorry, hope this helps), the writer's plans for the thread ("I'll reply later") and a moderator's notes on it
# ("We detached this subthread from ..."). Annotators leave such text out.
_META = re.compile(
    r"^\W*(edit|update|eta|ps|p\.s|note)\b|\b(deltas?\b" + _NOT_A_DIFFERENCE + r"|upvotes?|downvotes?|"
    r"hope (that|this) helps|"
    # thanks, but not thanking someone in what is argued ("we should thank the people who counted the votes", "to
    # thank them for their service"); sorry, but not "you'll be sorry", nor "sorry, but ..." before the point
    r"(?:thanks|thank (?:you|u|ya|y'all|everyone|everybody|all|me|god|goodness|heavens|christ|fuck))"
    + _NOT_TO_A_CAUSE + r"|(?<!be )(?<!feel )sorry(?!,? but\b)|"
    # the writer's congratulations, not a report of someone congratulating ("Trump congratulated Xi on ...")
    r"apologi[sz]e|apologies|feel free|congrats|congratulations?|let me clarify)\b|"
    # plans for the thread, but not "I will be afraid of ...", "I'll be the first to admit ..."
    r"\bi('ll| will| may| might) (be (back|away|gone|offline|without|busy|out)|end up|return|come back|respond|"
    # "I'll add sources later", but not "I'll add (that) one need not be a centrist to ..."
    r"reply|try|get back|add (?:more|later|a link|links|sources?|an edit|some)|look)\b|"
    # a moderator's note on the thread itself: comments moved about, the submission's link or title changed, the
    # way to later pages of comments
    r"\b(detached|split off) this (sub)?thread\b|\b(merged|moved) (the |these |this )?(comments|threads?|subthread|"
    r"submissions?) (here|from|into|to)\b|\b(changed|updated|edited) the (url|title|link|headline) (from|to|above)\b|"
    r"\b(later|next|other) pages of (the )?comments\b|\bsee the (later|next|other) pages\b|"
    r"\bclick (on )?['\u2018\"\u201c]more['\u2019\"\u201d]|" + DELTA_MARK,
    re.IGNORECASE,
)
# Substrings ``_META`` cannot match without, at least one per alternative (DELTA_MARK's "∆" and "Δ" are not ASCII).
# ``_META`` ignores case, and then a dotless "ı" matches an "i" and a long "ſ" an "s": the test stands in for the
# search only on ASCII text. Add a needle with every new alternative.
_META_NEEDLES = ("edit", "update", "eta", "ps", "p.s", "note", "delta", "upvote", "downvote", "hope th", "thank",
                 "sorry", "apologi", "feel free", "congrat", "let me clarify", "i'll", "i will", "i may", "i might",
                 "&#", "detached", "split off", "merged", "moved", "the url", "the title", "the link", "the headline",
                 "pages", "click")
# The forum itself (the post, the thread, "change my view"): a short remark about it ("Please, CMV!", "So
# here's my CMV") is about the discussion, but a sentence that argues about what the discussion is about
# ("this CMV is not about X, it's about Y") is an argument like any other.
# The line forum, mail and newsgroup software puts above a quoted message: "Quote: Originally Posted by Ann",
# "Originally Posted by Ann View Post" (vBulletin), "Quoting Ann:", "Ann wrote:", "On 3 May 2024, Ann
# <ann@example.org> wrote:". It names who said the quoted words; it argues nothing. A sentence that goes on after
# the colon ("Ann wrote: taxes are theft") is not such a line.
_QUOTE_HEADER = re.compile(
    # no sentence ends inside it: a full stop only within a word or an address ("jo@example.org", "J. Smith")
    r"^\W*(?:quote\W*)?(?:originally posted by|quoting|quote from)\b(?:[^.!?\n]|\.(?=\S)){0,80}$|"
    r"^\W*quote\W*$|"
    r"^(?:[^.!?\n]|\.(?=\S)){0,160}\b(?:wrote|writes|posted)\s*:$"
)
_FORUM = re.compile(r"\b(cmv|change my view|c my v|subreddit|this (post|thread|sub)|my (post|cmv|title)|"
                    r"(interesting|great|good|fascinating|fun) (thread|discussion))\b",
                    re.IGNORECASE)
#: A unit naming the forum is a remark about the discussion when it has at most this many words.
FORUM_REMARK_WORDS = 8
# A link, a Markdown link's target or a Reddit path: a unit that is little else names a source (the evidence
# linker attaches it to the nearest claim) but argues nothing itself.
_LINKISH = re.compile(r"\]?\(?https?://\S+|\bwww\.\S+|(?<![\w/])/?r/\w+\S*|/comments/\S+", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")
#: "TL;DR:" labels the author's own summary, which restates the argument: the label goes, the summary stays.
SUMMARY_LABEL = re.compile(r"\W*tl;?\s*dr\b\W*", re.IGNORECASE)
#: A unit that, once its links are removed, has fewer words than this is a link, not an argument.
LINK_UNIT_WORDS = 3
#: A blank line: what follows it starts a new paragraph.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
#: A line that opens an edit note: what follows it in the post is about the discussion. The marks before the
#: word are those of its own line; :func:`edit_section` takes in the blank lines and marks above it. (Letting the
#: pattern itself cross lines, ``(?:^|\n)[\W_]*``, made every newline of a run of marks and newlines scan the
#: whole run again: 1.4 s for 10,000 characters of ``"\n-"``, four times that for twice as many.)
EDIT_NOTE = re.compile(r"(?:^|\n)(?:[^\w\n]|_)*(edit|update|eta)\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]")


@dataclass(frozen=True)
class KindDecision:
    """The kind chosen for a unit, how sure, and the cues that decided it."""

    kind: str
    confidence: float
    cues: tuple[str, ...]


def cue_text(text: str) -> str:
    """Text as the cue patterns read it: trimmed, lower-case, a typographic apostrophe (’) as a plain one.

    Example:
        >>> cue_text("  That’s TRUE. ")
        "that's true."
    """
    return text.strip().lower().replace("\u2019", "'")


def is_non_argumentative(text: str) -> bool:
    """Greetings, thanks, edit notes, delta awards, talk about the thread, the line a forum puts above a quoted
    message ("Originally Posted by Ann", "Ann wrote:"), fragments (fewer than two words, or no word of two
    characters), bare links and headings: text that argues nothing.

    Example:
        >>> is_non_argumentative("Source](https://example.org/report)"), is_non_argumentative("BACKGROUND AND SCOPE")
        (True, True)
    """
    stripped = cue_text(text)
    label = SUMMARY_LABEL.match(stripped)
    stripped = stripped[label.end():] if label else stripped
    found = _WORDS.findall(stripped)
    words = len(found)
    # No word of two characters: a face drawn in letters ("ಠ_ಠ"), a word spelled out letter by letter ("T H E"), a
    # stray "e.g." or "j/k".
    if words < 2 or max(map(len, found)) < 2 or _NON_ARG.match(stripped) or _is_meta(stripped):
        return True
    if _QUOTE_HEADER.match(stripped):
        return True
    if words <= FORUM_REMARK_WORDS and _FORUM.search(stripped):
        return True
    maybe_link = not stripped.isascii() or any(needle in stripped for needle in _LINKISH_NEEDLES)
    if maybe_link and _LINKISH.search(stripped) and len(_WORDS.findall(_LINKISH.sub(" ", stripped))) < LINK_UNIT_WORDS:
        return True
    return _is_heading(text)


def _is_meta(stripped: str) -> bool:
    """Whether ``_META`` finds talk about the discussion in ``stripped`` (lower-case cue text)."""
    if stripped.isascii() and not any(needle in stripped for needle in _META_NEEDLES):
        return False
    return _META.search(stripped) is not None


def _is_heading(text: str) -> bool:
    """A heading: all capitals (at least two words of them) and no closing punctuation; shouting ends with some."""
    stripped = text.strip()
    if stripped.endswith((".", "!", "?")) or len(stripped.split()) < 2:
        return False  # the cheap tests first: most units end with a full stop
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def paragraph_openers(text: str, starts: list[int]) -> list[bool]:
    """Which units open a paragraph: a blank line lies between the previous unit's start and theirs.

    Args:
        text (str): the post.
        starts (list[int]): character offsets where its argumentative units start, in order.

    Returns:
        list[bool]: one flag per unit; the first unit is always an opener.

    Example:
        >>> paragraph_openers("A claim. A reason.\\n\\nNext point.", [0, 9, 20])
        [True, False, True]
    """
    flags: list[bool] = []
    previous = 0
    for start in starts:
        flags.append(not flags or PARAGRAPH_BREAK.search(text, previous, start) is not None)
        previous = start
    return flags


# A line indented by four spaces or a tab, as Markdown indents a code block, unless a bullet or a list number opens
# it: forums without list markup (Hacker News) indent lists, and a list item is the writer's own words.
_CODE_LINE = re.compile(r"(?: {4}|[ ]{0,3}\t)(?![ \t]*(?:[-*+•]|\d{1,3}[.)])\s)[ \t]*\S")


def code_lines(text: str) -> list[tuple[int, int]]:
    """The lines of a post's code blocks: indented by four spaces or a tab after a blank line (or the post's start),
    and the indented lines that go on from there, as Markdown reads an indented code block; and the lines of a
    fenced block (```), its fences included.

    Code, a shell session or a program's output pasted into a post is shown, not argued: "rm -rf ~" is no claim.
    An indented line right under a line of text goes on with that paragraph (Markdown reads it so too).

    Args:
        text (str): the post.

    Returns:
        list[tuple[int, int]]: ``(start, end)`` character offsets of each code line, in order.

    Example:
        >>> code_lines("Try this:\\n\\n    rm -rf ~\\n\\nIt deletes your home.")
        [(11, 23)]
    """
    if "    " not in text and "\t" not in text and "```" not in text and "~~~" not in text:
        return []
    found: list[tuple[int, int]] = []
    offset = 0
    opens = True  # a code block may start here: after a blank line, the post's start or a code line
    fence: str | None = None  # the marks of the fenced block being read (```), whose lines are code too
    for line in text.split("\n"):
        blank = not line.strip()
        fenced, fence = code_fence(line, fence)
        if fenced and not blank:
            found.append((offset, offset + len(line)))
            opens = False
        elif not blank and opens and _CODE_LINE.match(line):
            found.append((offset, offset + len(line)))
        else:
            opens = blank
        offset += len(line) + 1
    return found


def edit_section(text: str) -> int | None:
    """Where a post's closing edit section starts: from there on it talks about the discussion.

    An "EDIT:" line that opens the post starts no section (the post argues after it), and neither does an edit
    that outgrows the post, longer than the text before it and over more paragraphs: there the author makes the
    case itself rather than adding a note to it.

    Args:
        text (str): the post.

    Returns:
        int | None: the offset of the edit line, or ``None`` when the post has no such section.

    Example:
        >>> edit_section("Uniforms should go.\\nEDIT: wow, lots of replies.")
        19
    """
    edit = EDIT_NOTE.search(text)
    if edit is None:
        return None
    # The section starts at the first newline of the run of marks and blank lines just above the word (or at
    # the post's start when only marks come before it), as ``(?:^|\n)[\W_]*`` would find it: one step back per
    # character of that run.
    start = at = edit.start()
    while at > 0 and _NOT_WORD.match(text, at - 1):
        at -= 1
        if text[at] == "\n":
            start = at
    if at == 0:
        start = 0
    if start == 0:
        return None
    before, after = text[:start], text[start:]
    if len(after) > len(before) and len(PARAGRAPH_BREAK.findall(after)) > len(PARAGRAPH_BREAK.findall(before)):
        return None
    return start


def _subjects(span: Span) -> tuple[bool, bool]:
    """What the subjects of ``span`` say, in one pass over its tokens: whether one is a pronoun that continues
    ("it", "this", "that", "they"), and whether one is a first-person subject of a past-tense verb ("I switched
    ...", "we tried ...": an experience)."""
    pronoun = past = False
    for token in span:
        if token.dep_ == "nsubj":
            lower = token.lower_
            pronoun = pronoun or (token.pos_ == "PRON" and lower in {"it", "this", "that", "they"})
            past = past or (lower in {"i", "we"} and token.head.tag_ == "VBD")
    return pronoun, past


def features(span: Span, *, index: int, count: int, is_reply: bool, opens_paragraph: bool = False) -> dict[str, float]:
    """The cues of one unit.

    Args:
        span (Span): the unit.
        index (int): its position among the post's units.
        count (int): how many units the post has.
        is_reply (bool): whether the post answers another post.
        opens_paragraph (bool): whether a blank line separates it from the post's previous unit (see
            :func:`paragraph_openers`); the post's first unit has ``first_in_post`` instead.

    Returns:
        dict[str, float]: feature name to value (mostly 0/1).
    """
    text = span_text(span).strip()
    lower = cue_text(text)
    pron_subject, first_person_past = _subjects(span)
    found = {
        "bias": 1.0,
        "first_in_post": float(index == 0),
        "first_in_reply": float(index == 0 and is_reply),
        "first_in_paragraph": float(opens_paragraph and index > 0),
        "last_in_post": float(index == count - 1 and count > 1),
        "opinion_marker": float(bool(_OPINION.search(lower))),
        "modal_should": float(bool(_SHOULD.search(lower))),
        "evaluative": float(bool(_EVALUATIVE.search(lower))),
        "negated_stance": float(index == 0 and bool(_NEGATED.search(lower))),
        "agreement": float(bool(_AGREE.match(lower))),
        "reason_opener": float(lower.startswith(_REASON_OPENERS) or " because " in lower[:40]),
        "example_opener": float(lower.startswith(_EXAMPLE_OPENERS)),
        "conditional_opener": float(lower.startswith(_CONDITIONAL)),
        "experience": float(bool(_EXPERIENCE.search(lower)) or first_person_past),
        "number": float(bool(_NUMBER.search(lower))),
        "question": float(text.endswith("?")),
        "challenge_question": float(text.endswith("?") and is_reply and index == 0 and bool(_CHALLENGE.search(lower))),
        "link": float(any(needle in lower for needle in _LINK_NEEDLES) and bool(_LINK.search(lower))),
        "long": float(len(span) > 35),
        "pronoun_subject": float(pron_subject),
        "contrast_opener": float(lower.startswith(_CONTRAST)),
        "conclusion_opener": float(lower.startswith(CONCLUSION_OPENERS)),
    }
    return {name: value for name, value in found.items() if value}


_CUE_WORDS = {
    "first_in_post": "opens the post",
    "first_in_reply": "opens the reply",
    "first_in_paragraph": "opens a paragraph",
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


_MODALS = frozenset({"would", "could", "might", "may", "will", "can", "should", "must", "shall"})
_TAGS = {"VBD": "past tense", "VBN": "past participle", "VBZ": "present tense", "VBP": "present tense",
         "VB": "base verb", "VBG": "-ing verb", "MD": "modal verb"}


def learned_features(span: Span, cues: dict[str, float]) -> dict[str, float]:
    """The features of the learned part: the cues that do not depend on position, plus lexical ones.

    Args:
        span (Span): the unit (tagged, parsed and lemmatised).
        cues (dict[str, float]): its cues, from :func:`features`.

    Returns:
        dict[str, float]: feature name to value. Names read as ``cue:<cue>``, ``w:<lemma>``,
        ``b:<lemma> <lemma>``, ``first:<lemma>``, ``first2:<lemma> <lemma>``, ``root:<tag>``, ``pos0:<pos>``,
        ``subj:<pronoun or pos>``, ``md`` (a modal), ``len:<words // 8, at most 4>`` and ``qmark``.
    """
    found = {f"cue:{name}": value for name, value in cues.items() if name not in POSITION_CUES}
    # One pass over the tokens (white space left out) reads all they give; the features then go in in a fixed
    # order, which the learned score's sum and the ranking of the strongest features follow.
    lemmas: list[str] = []
    grammar: list[str] = []  # subject and modal features, in the order of their tokens
    first: Token | None = None
    last: Token | None = None
    root_tag: str | None = None
    for token in span:
        if token.is_space:
            continue
        if first is None:
            first = token
        last = token
        if not token.is_punct:
            lemmas.append((token.lemma_ or token.text).lower())
        dep = token.dep_
        if dep == "ROOT" and root_tag is None:
            root_tag = token.tag_
        if dep in ("nsubj", "nsubjpass"):
            grammar.append(f"subj:{token.lower_}" if token.pos_ == "PRON" else f"subj:{token.pos_}")
        if token.tag_ == "MD" or token.lower_ in _MODALS:
            grammar.append("md")
    for lemma in lemmas:
        found[f"w:{lemma}"] = 1.0
    for a, b in itertools.pairwise(lemmas):
        found[f"b:{a} {b}"] = 1.0
    if lemmas:
        found[f"first:{lemmas[0]}"] = 1.0
    if len(lemmas) > 1:
        found[f"first2:{lemmas[0]} {lemmas[1]}"] = 1.0
    if root_tag is not None:
        found[f"root:{root_tag}"] = 1.0
    if first is not None:
        found[f"pos0:{first.pos_}"] = 1.0
    found.update((name, 1.0) for name in grammar)
    found[f"len:{min(4, len(lemmas) // 8)}"] = 1.0
    if last is not None and last.text == "?":
        found["qmark"] = 1.0
    return found


def describe(feature: str) -> str:
    """A learned feature's name in words, e.g. ``w:should`` -> ``'should'``, ``root:VBD`` -> ``main verb past
    tense``."""
    kind, _, value = feature.partition(":")
    if kind == "cue":
        return _CUE_WORDS.get(value, value)
    if kind in ("w", "b"):
        return f"'{value}'"
    if kind in ("first", "first2"):
        return f"opens with '{value}'"
    if kind == "root":
        return f"main verb {_TAGS.get(value, value)}"
    if kind == "pos0":
        return f"starts with a {value}"
    if kind == "subj":
        return f"subject '{value}'" if value.islower() else f"subject a {value}"
    if kind == "len":
        return f"about {int(value) * 8}+ words"
    return {"md": "has a modal verb", "qmark": "ends with '?'"}.get(feature, feature)


@dataclass(frozen=True)
class LearnedModel:
    """Learned weights and how they join the hand-set score.

    Attributes:
        weights (dict[str, float]): learned feature weights (logistic regression, claim positive).
        bias (float): the learned intercept.
        scale (float): what the learned score is multiplied by before it is added to the hand-set score.
        threshold (float): claim when hand-set score + scale * learned score is at least this.
        about (dict[str, str]): where the weights came from (data, licence, command).
    """

    weights: dict[str, float]
    bias: float
    scale: float
    threshold: float
    about: dict[str, str]

    def contributions(self, found: dict[str, float]) -> dict[str, float]:
        """Each learned feature's share of the (scaled) learned score; the intercept is left out."""
        weights, scale = self.weights, self.scale  # read once: this runs for every unit
        parts: dict[str, float] = {}
        for name, value in found.items():
            weight = weights.get(name)
            if weight is not None:
                parts[name] = scale * weight * value
        return parts


def load_model(path: Path | str) -> LearnedModel:
    """Read learned weights written by ``python -m argmap.nlp.train``.

    Args:
        path (Path | str): a ``kinds.json`` file.

    Returns:
        LearnedModel: the weights and the two scalars that join them to the hand-set score.

    Raises:
        ModelUnreadable: when the file cannot be read, is no JSON, or is not such a model (another format, a value
            missing, of the wrong type or not finite), naming the file and the fix.
    """
    def unreadable(what: str) -> ModelUnreadable:
        # Damaged or written over: the file is named, with the ways to get it back; not reported as a bug.
        return ModelUnreadable(f"{path}: {what}\n  fix: reinstall argmap, or rebuild the file with: "
                               f"python -m argmap.nlp.train ../shared/corpora --out {path}")

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise unreadable(f"the learned weights cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise unreadable(f"the learned weights are damaged: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise unreadable(f"the learned weights are damaged: not JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg})") from exc
    except (ValueError, RecursionError) as exc:  # a number too long to read, JSON nested too deep
        raise unreadable(f"the learned weights are damaged: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != "argmap.kinds.v1":
        raise unreadable("is not an argmap kinds model (its \"format\" is not argmap.kinds.v1)")
    try:
        model = LearnedModel(weights={str(k): float(v) for k, v in data["weights"].items()},
                             bias=float(data["bias"]), scale=float(data["scale"]),
                             threshold=float(data["threshold"]),
                             about={str(k): str(v) for k, v in data.get("about", {}).items()})
    except KeyError as exc:
        raise unreadable(f"the learned weights are damaged: {exc.args[0]!r} is missing") from exc
    except (TypeError, ValueError, AttributeError) as exc:  # a weight that is text, "weights" that is a list
        raise unreadable(f"the learned weights are damaged: a value of the wrong type ({exc})") from exc
    numbers = (model.bias, model.scale, model.threshold, *model.weights.values())
    if not all(math.isfinite(number) for number in numbers):  # JSON's NaN and Infinity would make every score NaN
        raise unreadable("the learned weights are damaged: a value is not a finite number")
    return model


@cache
def default_model() -> LearnedModel | None:
    """The learned weights shipped in ``argmap/data`` (read once), or ``None`` when the file is missing.

    Raises:
        ModelUnreadable: the shipped file is damaged (see :func:`load_model`).
    """
    resource = resources.files("argmap").joinpath("data", MODEL_FILE)
    if not resource.is_file():
        return None
    with resources.as_file(resource) as path:
        return load_model(path)


def classify(found: dict[str, float], weights: dict[str, float] | None = None, *,
             learned: dict[str, float] | None = None, model: LearnedModel | None = None) -> KindDecision:
    """Claim or premise from the cues, with a confidence and the cues that weighed most.

    Without ``model`` only the hand-set weights decide (claim when their score is at least
    :data:`CLAIM_THRESHOLD`). With it, ``model.scale`` times the learned score over ``learned`` is added and
    ``model.threshold`` is the cut.

    Args:
        found (dict[str, float]): from :func:`features`.
        weights (dict[str, float] | None): feature weights; :data:`WEIGHTS` when ``None``.
        learned (dict[str, float] | None): from :func:`learned_features` (used only with ``model``).
        model (LearnedModel | None): learned weights, e.g. :func:`default_model`.

    Returns:
        KindDecision: kind, confidence (a logistic of the score's distance from the threshold) and cues: up to
        three hand-set cues, then (with a model) ``learned: ...`` naming the two strongest learned features.
    """
    weights = weights or WEIGHTS
    contributions = {name: weights.get(name, 0.0) * value for name, value in found.items()}
    score = sum(contributions.values()) - CLAIM_THRESHOLD
    learned_parts: dict[str, float] = {}
    if model is not None:
        learned_parts = model.contributions(learned or {})
        score += model.scale * model.bias + sum(learned_parts.values()) + CLAIM_THRESHOLD - model.threshold
    kind = "claim" if score >= 0 else "premise"
    confidence = 1.0 / (1.0 + math.exp(-abs(score) * 1.5))
    sign = 1 if kind == "claim" else -1
    decisive = sorted((n for n, c in contributions.items() if c * sign > 0 and n != "bias"),
                      key=lambda n: -abs(contributions[n]))
    cues = [_CUE_WORDS.get(n, n) for n in decisive[:3]]
    strongest = sorted((n for n, c in learned_parts.items() if c * sign > 0), key=lambda n: -abs(learned_parts[n]))
    if strongest:
        cues.append("learned: " + ", ".join(f"{describe(n)} ({learned_parts[n]:+.1f})" for n in strongest[:2]))
    return KindDecision(kind, round(confidence, 3), tuple(cues))
