"""Plain text where replies quote what they answer with ``>``.

The rules (also in the README, "Input formats"):

1. **Posts.** When the text holds blank lines, each blank-line-separated block is one post. Otherwise each
   line is one post (a pasted Hacker News page reads like that).
2. **Quotes.** Lines that start with ``>`` (or ``>>``, ``&gt;``) quote an earlier post; the post that follows
   them (the rest of the block, or the next line) answers that quote. The quoted words are looked up in
   earlier posts, newest first, ignoring case, white space and punctuation, and allowing a quote trimmed
   at either end or cut with "..."; the reply becomes a reply to the post holding them, and the quoted span
   is recorded on the reply. A quote found nowhere is reported and the post becomes a top-level reply.
3. **Posts without a quote.** The first post opens the thread. A later post without a quote answers the
   earlier post with which it shares the most distinctive words (words rare in the thread, weighted by
   inverse document frequency, names capitalised inside a sentence counting double) when that overlap is
   strong, and is a top-level reply to the first post
   otherwise. Every such inferred parent is listed in the ingest summary (``inferred-parent``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from pathlib import PurePath

from argmap.domain import Note, Post, Quote, Thread
from argmap.sources.common import assemble
from argmap.sources.quotes import QUOTE_LINE, find_quote, quoted_words

__all__ = ["NAME", "read", "sniff"]

NAME = "text"

#: An unquoted post attaches to an earlier post only when their shared rare words weigh at least this much.
MIN_ANCHOR_WEIGHT = 2.0

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "even",
        "ever",
        "few",
        "for",
        "from",
        "further",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'm",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let's",
        "like",
        "me",
        "more",
        "most",
        "much",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "really",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they're",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "we're",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "one",
        "thing",
        "things",
        "way",
        "make",
        "made",
        "see",
        "think",
        "know",
        "yes",
        "yeah",
        "well",
        "still",
        "going",
        "go",
        "want",
        "need",
        "say",
        "said",
    ]
)


def sniff(head: str) -> bool:
    """Any text that is not JSON can be read as plain text; the registry asks this reader last."""
    stripped = head.lstrip()
    return bool(stripped) and stripped[0] not in "[{"


def _names(text: str) -> set[str]:
    """Words written with a capital inside a sentence: names, which anchor a reply better than common words."""
    return {m.group(2).lower() for m in re.finditer(r"([^\W_]|[,;:] )\s*\b([A-Z][\w'’-]+)", text)}


def _terms(text: str) -> set[str]:
    terms = set()
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if len(word) < 3 or word in _STOP or word.isdigit():
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.add(word)
    return terms


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blocks of non-blank lines with the line number each starts at."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    has_blank = any(not line.strip() for line in lines[:-1]) and sum(1 for x in lines if x.strip()) > 1
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    pending_quotes: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            # A blank line after quoted lines alone does not end the post: the answer to the quote follows it.
            if has_blank and current and not all(QUOTE_LINE.match(x) for x in current):
                blocks.append((start, current))
                current = []
            continue
        if not has_blank:
            # One post per line; quote lines travel with the line they precede.
            if QUOTE_LINE.match(line):
                if not pending_quotes:
                    start = number
                pending_quotes.append(line)
                continue
            blocks.append((start if pending_quotes else number, [*pending_quotes, line]))
            pending_quotes = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    if pending_quotes:
        blocks.append((start, pending_quotes))
    return blocks


def read(text: str, *, source: str) -> Thread:
    """Read a plain-text thread.

    Args:
        text (str): the whole input.
        source (str): the file name or ``<stdin>``, for messages and the title.

    Returns:
        Thread: posts with parents and quotes resolved.
    """
    notes: list[Note] = []
    posts: list[Post] = []
    index = _Index()
    for line, block in _blocks(text):
        own: list[str] = []
        quoted: list[str] = []
        quotes: list[tuple[str, int]] = []
        for raw_line in block:
            if QUOTE_LINE.match(raw_line):
                quoted.append(raw_line)
                continue
            if quoted:
                offset = len("\n".join(own)) + (1 if own else 0)
                quotes.append((quoted_words(quoted), offset))
                quoted = []
            own.append(raw_line.strip())
        if quoted:
            quotes.append((quoted_words(quoted), len("\n".join(own))))
        external_id = str(len(posts) + 1)
        body = "\n".join(own)
        post = Post(external_id=external_id, parent=None, author=None, text=body, raw="\n".join(block), line=line)
        for quote_text, offset in quotes:
            post.quotes.append(_locate(quote_text, offset, posts))
        if posts:
            located = [q.source_post for q in post.quotes if q.source_post]
            if located:
                post.parent = located[0]
            elif post.quotes:
                post.parent = posts[0].external_id
                notes.append(
                    Note(
                        "unmatched-quote",
                        external_id,
                        f"line {line}: quoted words not found in any earlier post; attached to the first post",
                    )
                )
        bag, names = _terms(body), _names(body)
        if posts and post.parent is None:
            # A name the thread has written as one counts as a name here too, also opening a sentence.
            post.parent = index.anchor(bag, names | (index.names & bag), posts, notes, external_id, line)
        posts.append(post)
        index.add(bag, names)
    title = PurePath(source).stem if source not in ("", "<stdin>") else None
    first = posts[0].text if posts else ""
    digest = hashlib.sha256(re.sub(r"\s+", " ", first.strip().lower()).encode()).hexdigest()[:16]
    return assemble(key=f"text:{digest}", format=NAME, source=source, posts=posts, title=title, notes=notes)


def _locate(quote_text: str, offset: int, earlier: list[Post]) -> Quote:
    for candidate in reversed(earlier):
        span = find_quote(quote_text, candidate.text)
        if span:
            return Quote(quote_text, candidate.external_id, span[0], span[1], offset)
    return Quote(quote_text, None, None, None, offset)


class _Index:
    """The distinctive words of the posts read so far, kept up to date as posts come (rule 3)."""

    def __init__(self) -> None:
        self.bags: list[set[str]] = []
        self.df: Counter[str] = Counter()
        self.postings: dict[str, list[int]] = {}
        self.names: set[str] = set()

    def add(self, bag: set[str], names: set[str]) -> None:
        """Count the words of the post just read, and remember the names it writes."""
        self.names |= names
        for word in bag:
            self.postings.setdefault(word, []).append(len(self.bags))
        self.df.update(bag)
        self.bags.append(bag)

    def anchor(self, mine: set[str], names: set[str], earlier: list[Post], notes: list[Note], external_id: str,
               line: int) -> str:
        """The earlier post this unquoted post most likely answers (see rule 3 in the module docstring)."""
        n = len(self.bags) + 1
        limit = max(2, n // 8)

        def df(word: str) -> int:  # documents holding the word, this post included
            return self.df[word] + 1

        rare = [w for w in mine if df(w) <= limit]
        # Only posts sharing a rare word can weigh anything; visit them in order, as a full scan would.
        candidates = sorted({index for w in rare for index in self.postings.get(w, ())})
        best, best_weight, best_words = 0, 0.0, []
        for index in candidates:
            shared = mine & self.bags[index]
            weight = sum(math.log(n / df(w)) * (2 if w in names else 1) for w in shared if df(w) <= limit)
            if weight >= best_weight and weight > 0:
                best, best_weight, best_words = index, weight, sorted(shared, key=lambda w: (df(w), w))[:3]
        if best_weight >= MIN_ANCHOR_WEIGHT and best != 0:
            parent = earlier[best].external_id
            notes.append(Note("inferred-parent", external_id,
                              f"line {line}: no quote; answers post {parent} (shares {', '.join(best_words)})"))
            return parent
        return earlier[0].external_id
