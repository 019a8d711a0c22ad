"""Argumentative discourse units: sentences, split further where one sentence holds two moves.

"Of course Opus is better, but we're already hitting diminishing returns" is two units: a concession and the claim that
answers it. Annotated debate corpora cut a sentence where a new clause with its own subject starts after a comma and a
coordinating conjunction (", but they ...", ", and it ..."), after a bare comma or dash (a comma splice), after
", which" (not inside the subject: "The LLM, which learns nothing, is fixed" is one unit) or a comma and a subordinator
that gives a reason or a concession (", because", ", since", ", although", ", though", ", whereas", ", while"), and at a
semicolon or a colon (what follows a colon spells out or backs what precedes it; not after a connective alone, "On the
other hand: ...", which opens the clause). A subordinate clause without a comma ("... because it ...", "... if you ...")
and a verb phrase that shares the subject ("... and went home") stay with their sentence, and so do clauses joined
inside a condition or reason placed first ("Once a fix is found, or new data comes in, ...").
A sentence spaCy ends after an abbreviation ("etc.", "e.g.") but that goes on in lower case on the same line is
one sentence, and so is one it ends inside an operator ("a != b", "x !== y"): the "!" there ends nothing. The
number or letter that opens a list item's line ("1.", "2)", "(a)") is trimmed as a bullet is: spaCy mostly
makes a sentence of it, which left units such as "2." on their own. A footnote marker ("[1]") that
spaCy put at the start of a sentence, on the line where the sentence before ends, goes back to that sentence: the
marker alone after a full stop ("Fares rose. [1]"), else the whole sentence, which the marker had cut in two. A
closing bracket that ends a unit whose opener went with the unit before ("(I measured. Have you?)") goes, as an
opening bracket whose closer lies outside the unit does; a face (":)") keeps its bracket. A line break always
ends a unit: nobody argues across paragraphs. Runs of spaces, which spaCy makes tokens of their
own, are passed over when looking for the comma and connective that open a clause, so "true , but  the gun ..." is
cut as "true, but the gun ..." is.

With a dependency parse the clauses come from the parse; without one (a pipeline with only a sentencizer), a
list of connectives after a comma stands in. The connective stays with the clause it opens, where it tells
the classifier and the linker what the clause does.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc, Span, Token

from argmap.nlp.doctext import doc_text
from argmap.nlp.kinds import SUMMARY_LABEL

__all__ = ["ABBREVIATIONS", "MIN_UNIT_WORDS", "SPLIT_MARKERS", "segments"]

MIN_UNIT_WORDS = 3
"""A piece with fewer words than this stays joined to its neighbour."""

#: Connectives that open a new argumentative move after a comma (used when the Doc has no parse).
SPLIT_MARKERS = frozenset({
    "but", "however", "although", "though", "whereas", "because", "therefore", "thus", "hence", "so", "yet",
})
#: Coordinating conjunctions that join two clauses, each with its own subject.
_COORDINATORS = frozenset({"and", "but", "so", "or", "yet", "nor"})
#: Subordinators whose clause is a unit of its own when a comma sets it off: a reason or a concession. (Not
#: "if"/"when", whose condition annotators keep with the claim it restricts, nor "as", mostly a comparison.)
_SET_OFF = frozenset({"because", "since", "although", "though", "whereas", "while"})
_BREAKS = frozenset({",", "-", "—", "–"})
_INTRODUCERS = _BREAKS | _COORDINATORS | _SET_OFF | {"which"}
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_WORD = re.compile(r"[^\W_]", re.UNICODE)
# A sentence that opens with a connective and a colon ("On the other hand: the test is not saturated", "In other words:
# ...") is not cut at that colon: the connective alone says nothing, and it tells what the clause after it does.
_LINKING = re.compile(
    r"\W*(?:on the (?:one|other) hand|in other words|in short|in sum(?:mary)?|in conclusion|to sum up|for (?:example|"
    r"instance)|however|that said|then again|(?:first|second|third)(?:ly)?|finally|lastly|also|moreover|furthermore|"
    r"besides|in addition|therefore|so|thus|hence|basically|in fact|instead|otherwise|by contrast|in contrast|"
    r"conversely|similarly|likewise|anyway|still|nevertheless|nonetheless|consequently|as a result|to be (?:fair|"
    r"honest)|honestly|frankly|admittedly|ultimately|overall|simply put|put simply|in practice|in theory|in reality|"
    r"either way|at the same time)\W*$",
    re.IGNORECASE,
)


def _fronted_subordinate(verb: Token) -> bool:
    """A subordinate clause ("once ...", "if ...", "because ...") placed before the clause it belongs to.

    Also a condition or time clause the parser made the root of its sentence, the main clause then hanging from
    it as a conjunct ("Once a fix is found, or data comes in, the model can learn it": "found" the root,
    "learn" its conjunct). A sentence opening with a reason ("Because X, and in addition Y.") is left alone:
    there the conjuncts are two reasons.
    """
    marked = any(child.dep_ == "mark" for child in verb.children)
    if verb.dep_ == "ROOT":
        first = verb.doc[verb.left_edge.i]
        return marked and first.dep_ == "mark" and first.lower_ not in _SET_OFF
    return verb.dep_ == "advcl" and verb.i < verb.head.i and marked


def _introduces(token: Token) -> bool:
    """A comma, dash, conjunction or subordinator that can introduce a clause."""
    return token.dep_ in {"cc", "punct", "mark"} and token.text in _INTRODUCERS


def _clause_start(verb: Token, sent: Span) -> int | None:
    """Where the clause headed by ``verb`` starts as a unit, or ``None`` when it is no unit of its own."""
    if not any(child.dep_ in _SUBJECTS for child in verb.children):
        return None
    if verb.dep_ == "conj" and _fronted_subordinate(verb.head):
        return None  # "Once a fix is found, or new data comes in, ...": both clauses are the one condition
    doc = verb.doc
    left = verb.left_edge.i
    start = left
    # Walk back over the comma, conjunction or subordinator that introduces the clause, and over runs of white
    # space, which spaCy makes tokens of their own ("true , but  the gun ...").
    while start > sent.start and (doc[start - 1].is_space or _introduces(doc[start - 1])):
        start -= 1
    while start < left and doc[start].is_space:
        start += 1
    # The clause's own first word counts when it is the connective ("because", "which").
    lead = doc[start:left + 1] if doc[left].dep_ in {"mark", "cc"} or doc[left].lower_ == "which" else doc[start:left]
    comma = len(lead) > 0 and lead[0].text in _BREAKS
    words = [t.lower_ for t in lead if not (t.is_punct or t.is_space)]
    opener = words[0] if words else ""
    if verb.dep_ == "conj":
        ok = (comma and (not words or opener in _COORDINATORS)) or opener == "but"
    elif verb.dep_ == "advcl":
        ok = comma and opener in _SET_OFF
    elif verb.dep_ == "relcl":
        # Not inside the subject of a verb after it ("The LLM itself, which is the source, is not learning"):
        # cut there, the sentence's own claim would lose its subject.
        noun = verb.head
        inside_subject = noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i > verb.right_edge.i
        ok = comma and opener == "which" and not inside_subject
    else:
        ok = False
    if not ok:
        return None
    # The comma or dash stays with the clause before; the conjunction opens the new one.
    return start + 1 if comma else start


def _split_points(sent: Span, parsed: bool) -> tuple[list[int], list[int]]:
    """Token indices (into the doc) where a new unit starts inside ``sent`` (``parsed``: the Doc has deps), and
    how many words the sentence has before each of its tokens (one more entry, for its end), read in one pass."""
    points: set[int] = set()
    words = [0]
    previous: Token | None = None
    for token in sent:
        text = token.text
        # _WORD's "[^\W_]" is an alphanumeric character: an all-alphanumeric token (most are) needs no search.
        is_word = not token.is_punct and (text.isalnum() or _WORD.search(text) is not None)
        words.append(words[-1] + int(is_word))
        if previous is not None:  # every token but the sentence's first
            if text == ";" or (text == ":" and not _LINKING.match(sent.doc[sent.start:token.i].text)):
                points.add(token.i + 1)
            if "\n" in text:  # a line break is always in some token's text: trailing white space is one space at most
                points.add(token.i + 1)
            if not parsed and token.lower_ in SPLIT_MARKERS and previous.text in _BREAKS:
                points.add(token.i)
        if parsed and token.dep_ in {"conj", "advcl", "relcl"}:
            start = _clause_start(token, sent)
            if start is not None and start > sent.start:
                points.add(start)
        previous = token
    return sorted(points), words


#: Abbreviations after which spaCy often ends a sentence that goes on ("..., etc. and then it updates", "w.r.t.
#: your interests"): when the next sentence starts on the same line in lower case, it is the same sentence.
ABBREVIATIONS = frozenset({"etc.", "ect.", "e.g.", "i.e.", "w.r.t.", "al.", "esp.", "vs.", "approx.", "cf.", "min.",
                           "max.", "incl.", "ca.", "est.", "appx.", "hrs.", "mins.", "wks.", "yrs.", "mos.", "sec.",
                           "no.", "nos.", "vol.", "fig.", "pp.", "jan.", "feb.", "apr.", "aug.", "sept.", "sep.",
                           "oct.", "nov.", "dec."})
#: Abbreviations a number follows ("approx. 400 dollars", "ca. 1850", "no. 5", "Jan. 2024"): a sentence cut there
#: goes on, though it does not go on in lower case.
_BEFORE_NUMBERS = frozenset({"approx.", "appx.", "ca.", "est.", "no.", "nos.", "vol.", "fig.", "pp.", "jan.", "feb.",
                             "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec.", "vs.", "e.g.", "i.e.", "cf.",
                             "incl.", "max.", "min."})


def _sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, a sentence cut after an abbreviation and going on in lower case joined again, and a
    footnote marker that spaCy put at the start of the next sentence given back to the one it belongs to."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and (_goes_on(out[-1], sent) or _inside_operator(out[-1], sent)):
            out[-1] = doc[out[-1].start:sent.end]
            continue
        marker = _footnote_end(out[-1], sent) if out else None
        if marker is None:
            out.append(sent)
        elif marker == sent.end or _open_ended(out[-1]) or not _WORD.search(doc[marker:sent.end].text):
            out[-1] = doc[out[-1].start:sent.end]  # "... Silent Generation [0] to ever be elected": one sentence
        else:
            out[-1] = doc[out[-1].start:marker]  # "... as well. [7] Then ...": the marker ends the sentence before
            out.append(doc[marker:sent.end])
    return out


def _footnote_end(before: Span, sent: Span) -> int | None:
    """The token index just past a footnote marker ("[1]", "[12]") that opens ``sent`` on the line where ``before``
    ends, or ``None`` when ``sent`` opens with no such marker there. spaCy starts a sentence at a marker after a full
    stop ("Fares rose. [1]") and often at one in mid-sentence too; a marker opening its own line is a footnote's
    source line ("[1] https://..."), not a reference."""
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.text != "[" or first.i + 2 >= sent.end:
        return None
    number, closer = sent.doc[first.i + 1], sent.doc[first.i + 2]
    if closer.text != "]" or not number.text.isdigit() or len(number.text) > 3:
        return None
    last = next((t for t in reversed(before) if not t.is_space), None)
    if last is None or any("\n" in t.text_with_ws for t in sent.doc[last.i:first.i]):
        return None
    return closer.i + 1


#: What ends a sentence; a sentence that ends otherwise was cut in the middle.
_FINAL = (".", "!", "?", "…")


def _open_ended(sent: Span) -> bool:
    """Whether ``sent`` stops without a full stop, question or exclamation mark (closing quotes and brackets
    aside): spaCy cut it in the middle."""
    for token in reversed(sent):
        if token.is_space or token.text in ('"', "'", "”", "’", ")", "]"):
            continue
        return not token.text.endswith(_FINAL)
    return False


def _inside_operator(before: Span, sent: Span) -> bool:
    """Whether spaCy cut ``before`` from ``sent`` inside an operator: ``before`` ends with a "!" or "?" that
    ``sent``'s "=" follows with no space between ("developer != developer", "a !== b", "x ?= y")."""
    last = before[-1]
    return last.text in ("!", "?") and not last.whitespace_ and sent[0].text.startswith("=")


def _goes_on(before: Span, sent: Span) -> bool:
    """Whether ``sent`` continues ``before``: ``before`` ends with an abbreviation on the line ``sent`` starts on,
    and ``sent`` opens with a lower-case word, or with a number after an abbreviation numbers follow ("approx. 400
    dollars")."""
    last = next((t for t in reversed(before) if not t.is_space), None)
    first = next((t for t in sent if not t.is_space), None)
    if last is None or first is None:
        return False
    number = first.like_num and any(c.isdigit() for c in first.text)
    if not number and not (first.is_lower and first.is_alpha):
        return False
    between = before.doc[last.i + 1:first.i]
    if any("\n" in t.text_with_ws for t in before.doc[last.i:first.i]) or len(between) > 1:
        return False
    if last.text == ".":  # the tokenizer mostly cuts the full stop off: "etc", "."
        abbreviation = before.doc[last.i - 1].lower_ + "." if last.i > before.start else ""
    else:
        abbreviation = last.lower_
    return abbreviation in (_BEFORE_NUMBERS if number else ABBREVIATIONS)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    while (brk := text.find("\n", cursor, end)) != -1:
        pieces.append((cursor, brk))
        cursor = brk + 1
    pieces.append((cursor, end))
    return pieces


def segments(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the units in ``doc``, in order.

    Args:
        doc (Doc): a parsed or sentence-segmented Doc.

    Returns:
        list[tuple[int, int]]: ``(start, end)`` character offsets; white space and edge punctuation
        such as leading dashes or bullets are trimmed, and pieces without words are dropped.

    Example:
        >>> from argmap.nlp.extract import Extractor  # doctest: +SKIP
        >>> nlp = Extractor.load().nlp  # doctest: +SKIP
        >>> segments(nlp("Opus is better, but the returns are shrinking."))  # doctest: +SKIP
        [(0, 14), (16, 46)]
    """
    out: list[tuple[int, int]] = []
    parsed = doc.has_annotation("DEP")  # a scan of the whole Doc: once, not per sentence
    text = doc_text(doc)
    for sent in _sentences(doc):
        bounds = [sent.start]
        points, words = _split_points(sent, parsed)  # words[k]: how many words sent[:k] holds
        for point in points:
            left = words[point - sent.start] - words[bounds[-1] - sent.start]
            right = words[-1] - words[point - sent.start]
            if point > bounds[-1] and left >= MIN_UNIT_WORDS and right >= MIN_UNIT_WORDS:
                bounds.append(point)
        bounds.append(sent.end)
        for a, b in itertools.pairwise(bounds):
            piece = doc[a:b]
            for line_start, line_end in _lines(text, piece.start_char, piece.end_char):
                span = _trim(text, line_start, line_end)
                if span is not None:
                    out.append(span)
    return out


_EDGE = " \t\r\n-–—*•>,;:()[]\"'"
_CLOSERS = {"(": ")", "[": "]"}
_OPENERS = {closer: opener for opener, closer in _CLOSERS.items()}
#: A face that ends a unit (":)", ";-)", "8)", ": )"): its bracket closes nothing.
_SMILEY = re.compile(r"[:;=8xX][ \-o^']?[)\]]$")
#: The number or letter of a list item ("1.", "2)", "(3)", "a.", "B)"): at the start of a line it is a bullet, a
#: mark of the text's layout like "-" or "*", and no word of the item. (A capital with a full stop is left: "A.
#: Lincoln" is more often an initial.)
_LIST_MARK = re.compile(r"(?:\(?(?:\d{1,3}|[a-zA-Z])\)|(?:\d{1,3}|[a-z])\.)(?=\s|$)")


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    start = _trim_start(text, start, end)
    mark = _LIST_MARK.match(text, start, end)
    if mark is not None and _opens_line(text, start):
        start = _trim_start(text, mark.end(), end)  # "2. The N64 has no VGA out": the item is the unit
    label = SUMMARY_LABEL.match(text, start, end)
    if label is not None:  # "TL;DR: the summary": the summary is the unit
        start = label.end()
    while end > start and text[end - 1] in " \t\r\n,;:-–—(":
        end -= 1
    opener = _OPENERS.get(text[end - 1]) if end > start else None
    if opener is not None and text.count(opener, start, end) < text.count(text[end - 1], start, end) \
            and not _SMILEY.search(text, start, end):
        # "(I measured. Have you?)": the opening bracket went with the unit before, so the closer goes too
        end -= 1
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
    if not _WORD.search(text[start:end]):
        return None
    return start, end


def _trim_start(text: str, start: int, end: int) -> int:
    """``start`` moved past the white space, bullets and punctuation that open ``text[start:end]``."""
    while start < end and text[start] in _EDGE:
        closer = _CLOSERS.get(text[start])
        if closer is not None and closer in text[start + 1:end]:
            break  # "[1] https://..." or "(maybe not)": an opening bracket stays with the one that closes it
        if text[start] == '"' and text.count('"', start + 1, end) % 2 == 1:
            break  # '"Fraud" is a strong word': an opening quotation mark stays with the one that closes it
        start += 1
    return start


def _opens_line(text: str, start: int) -> bool:
    """Whether only white space and bullets come between the line's start and ``start``."""
    # Walked back only over those characters, so that a long line costs nothing to ask about.
    at = start
    while at > 0 and text[at - 1] in _EDGE:
        if text[at - 1] == "\n":
            return True
        at -= 1
    return at == 0
