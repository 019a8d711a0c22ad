"""Plain text where replies quote what they answer with ``>``.

The rules (also in the README, "Input formats"):

1. **Posts.** When the text holds blank lines, each blank-line-separated block is one post. Otherwise each
   line is one post (a pasted Hacker News page reads like that). A Hacker News page copied whole, with the
   page's own words around each comment ("alice 3 hours ago | next [–]", "reply"), is read as the page shows
   it: each comment under its heading, by the author it names (:func:`_hn_page`).
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
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from argmap.domain import Note, Post, Quote, Thread
from argmap.sources.common import assemble, file_title, is_blank, is_gone
from argmap.sources.quotes import QUOTE_LINE, find_in, find_quote, looked_in, split_quoted

__all__ = ["NAME", "keep_ids", "read", "sniff"]

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


def _one_per_line(numbered: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """One post per line, with the number of its first line; quote lines travel with the line they precede."""
    blocks: list[tuple[int, list[str]]] = []
    pending: list[str] = []
    start = 0
    for number, line in numbered:
        if QUOTE_LINE.match(line):
            if not pending:
                start = number
            pending.append(line)
            continue
        blocks.append((start if pending else number, [*pending, line]))
        pending = []
    if pending:
        blocks.append((start, pending))
    return blocks


def _quotes_itself(block: list[str]) -> bool:
    """Whether quoted lines of ``block`` quote its own earlier lines: then it is posts pasted one a line (a
    post quotes what it answers, never itself), in a text that a blank line somewhere made read by blocks."""
    own, quotes = split_quoted("\n".join(block))
    return any(offset and find_quote(quote, own[:offset]) for quote, offset in quotes)


def _blocks(text: str) -> tuple[list[tuple[int, list[str]]], list[Note]]:
    """Posts as blocks of lines with the number of the line each starts at, and notes on blocks read line by line.

    Blank lines part posts when the text has any (a blank line after quoted lines alone does not: the answer to
    the quote follows it); otherwise each line is a post. A block whose quotes quote its own earlier lines is
    read one post a line (a pasted page into which one blank line slipped)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if not is_blank(line)]
    has_blank = any(is_blank(line) for line in lines[:-1]) and len(numbered) > 1
    if not has_blank:
        return _one_per_line(numbered), []
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not is_blank(line):
            current.append((number, line))
        elif current and not all(QUOTE_LINE.match(x) for _, x in current):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    blocks: list[tuple[int, list[str]]] = []
    notes: list[Note] = []
    for group in groups:
        if _quotes_itself([line for _, line in group]):
            posts = _one_per_line(group)
            blocks += posts
            notes.append(Note("lines-as-posts", None, f"lines {group[0][0]}-{group[-1][0]}: quotes words of "
                              f"lines above them in the same block, so read as {len(posts)} posts, one a line "
                              "(put a blank line between posts to keep a post's lines together)"))
        else:
            blocks.append((group[0][0], [line for _, line in group]))
    return blocks, notes


# What a Hacker News page shows around its comments, copied with them: "alice 3 hours ago | parent | next [–]"
# heads a comment, "120 points by starter 5 hours ago | hide | past | favorite | 3 comments" the story.
_HN_AGO = r"(?:\d+|an?)\s+(?:second|minute|hour|day|month|year)s?\s+ago"
# A heading has the page's links after the time ("| parent | next") or its fold mark ("[–]"), so that a line of
# someone's words ("Posted 3 days ago") is no heading.
_HN_COMMENT = re.compile(rf"^\s*(\S+)\s+{_HN_AGO}(?:\s*\|\s*(?:parent|next|prev|root|context|flag|favorite|on:)\b.*"
                         r"|\s*\[(?:[–-]|\+?\d*)\])\s*$", re.IGNORECASE)
_HN_STORY = re.compile(rf"^\s*\d+\s+points?\s+by\s+(\S+)\s+{_HN_AGO}\b.*$", re.IGNORECASE)
_HN_SITE = re.compile(r"\s+\((?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?\)\s*$", re.IGNORECASE)
_HN_CHROME = re.compile(r"^\s*(?:reply|\[[–-]\]|\[\+?\d*\])\s*$", re.IGNORECASE)


def _hn_page(text: str) -> tuple[list[tuple[int, list[str]]], dict[int, str]] | None:
    """A pasted Hacker News page read as the page shows it: each comment the lines under its heading ("alice 3
    hours ago | next [–]"), by the author the heading names, the story's title and text the first post, by the
    story's submitter; the page's own words ("reply", the headings, the points line) are no post. ``None`` for
    text with fewer than two comment headings: no such page.

    Returns:
        tuple[list[tuple[int, list[str]]], dict[int, str]]: the blocks, each with the number of its first line,
        and the author of each block by that number.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if sum(1 for line in lines if _HN_COMMENT.match(line)) < 2:
        return None
    blocks: list[tuple[int, list[str]]] = []
    authors: dict[int, str] = {}
    current: list[str] = []
    start, author, submitted = 0, None, False

    def close() -> None:
        if any(not is_blank(line) for line in current):
            blocks.append((start, [line for line in current if not is_blank(line)]))
            if author is not None:
                authors[start] = author
        current.clear()

    for number, line in enumerate(lines, start=1):
        heading = _HN_COMMENT.match(line)
        story = _HN_STORY.match(line)
        if heading is not None or story is not None:
            if story is not None and not blocks:  # the submitter of the title and text above and below it
                author, submitted = story.group(1), True
                continue
            close()
            start, author = number + 1, heading.group(1) if heading is not None else None
            continue
        if _HN_CHROME.match(line):
            continue
        if not current and is_blank(line):
            continue
        if not current:
            start = number
        current.append(line)
    close()
    if blocks and submitted:
        title = blocks[0][1]  # the story's title as the page shows it, "Is it fixed? (example.org)": the site goes
        title[0] = _HN_SITE.sub("", title[0]) or title[0]
    return blocks, authors


def read(text: str, *, source: str) -> Thread:
    """Read a plain-text thread.

    Args:
        text (str): the whole input.
        source (str): the file name or ``<stdin>``, for messages and the title.

    Returns:
        Thread: posts with parents and quotes resolved.
    """
    posts: list[Post] = []
    index = _Index()
    page = _hn_page(text)
    blocks, notes = (page[0], []) if page is not None else _blocks(text)
    authors = page[1] if page is not None else {}
    for line, block in blocks:
        # A block holds no blank line; its own lines are kept stripped of the indentation a paste brings.
        body, quotes = split_quoted("\n".join(raw_line.strip() for raw_line in block))
        if is_gone(body):  # a pasted page's "[deleted]" or "[removed]": no one's words, as its readers give them
            body = ""
        external_id = str(len(posts) + 1)
        post = Post(external_id=external_id, parent=None, author=authors.get(line), text=body, raw="\n".join(block),
                    line=line)
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
    title = file_title(source)
    first = posts[0].text if posts else ""
    digest = hashlib.sha256(re.sub(r"\s+", " ", first.strip().lower()).encode()).hexdigest()[:16]
    thread = assemble(key=f"text:{digest}", format=NAME, source=source, posts=posts, title=title, notes=notes)
    thread.opening_key = True
    return thread


def _locate(quote_text: str, offset: int, earlier: list[Post]) -> Quote:
    quote = Quote(quote_text, offset=offset)
    found = find_in(quote_text, looked_in(earlier))
    if found is not None:
        found.place(quote)
    return quote


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


#: Two posts at the same place in two versions of a paste are one post edited when this much of their words agree.
SAME_POST = 0.5
#: How many stored posts, from the last one kept, a post of the new version is compared with to find the one it
#: edits: an edit stays where it was, and comparing every pair of two unrelated pastes of thousands of posts took
#: minutes.
EDIT_WINDOW = 20
_POST_NAMED = re.compile(r"\bpost (\d+)\b")


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _alike(old: str, new: str) -> bool:
    """Whether two posts' words agree enough to be one post edited (the cheap upper bounds first)."""
    matcher = SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return matcher.real_quick_ratio() >= SAME_POST and matcher.quick_ratio() >= SAME_POST \
        and matcher.ratio() >= SAME_POST


def keep_ids(thread: Thread, stored: Sequence[tuple[str, str]]) -> Thread:
    """``thread``, a paste read again, with the ids its posts had in the version stored before (``stored``: each
    post's id and text, in the thread's order).

    A paste numbers its posts by place. A comment that appears in the middle of a thread pasted again (a refreshed
    page, where new replies sit under the posts they answer) moved every later post to the next number: the ingest
    said each of them was edited, their units and relations were removed and added again under new ids, and what
    hung on those ids (library links, tracking, an export to compare) was lost. The two versions are aligned
    instead: a post whose words are still there keeps its id, one whose words changed at the same place keeps it
    too (edited), and a new post takes a number no post of the stored version had.

    Args:
        thread (Thread): as :func:`read` gives it (ids ``"1"``, ``"2"``... by place).
        stored (Sequence[tuple[str, str]]): the stored version's posts, ``(id, text)``, in order.

    Returns:
        Thread: the same thread, its posts, parents, quotes and notes under the kept ids (``thread`` itself when
        they are the ids it already has).

    Example:
        >>> old = read("Buses should be free.\\nFares keep the poor away.", source="a.txt")
        >>> new = read("Buses should be free.\\nThey would cost too much.\\nFares keep the poor away.",
        ...            source="a.txt")
        >>> [(p.external_id, p.text) for p in keep_ids(new, [(p.external_id, p.text) for p in old.posts]).posts]
        [('1', 'Buses should be free.'), ('3', 'They would cost too much.'), ('2', 'Fares keep the poor away.')]
    """
    if not stored:
        return thread
    old = [_words(text) for _, text in stored]
    new = [_words(post.text) for post in thread.posts]
    ids: dict[str, str] = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            ids.update((thread.posts[j1 + k].external_id, stored[i1 + k][0]) for k in range(j2 - j1))
        elif tag == "replace":  # edited in place, with posts added or gone around them: each keeps its order
            at = i1
            for j in range(j1, j2):
                for i in range(at, min(i2, at + EDIT_WINDOW)):
                    if _alike(old[i], new[j]):
                        ids[thread.posts[j].external_id], at = stored[i][0], i + 1
                        break
    numbers = [int(n) for n, _ in stored if n.isdigit()]
    fresh = max(numbers, default=0)
    for post in thread.posts:
        if post.external_id not in ids:
            fresh += 1
            ids[post.external_id] = str(fresh)
    if all(new_id == old_id for old_id, new_id in ids.items()):
        return thread

    def named(detail: str) -> str:
        return _POST_NAMED.sub(lambda m: f"post {ids.get(m.group(1), m.group(1))}", detail)

    posts = [replace(post, external_id=ids[post.external_id],
                     parent=ids.get(post.parent, post.parent) if post.parent is not None else None,
                     quotes=[replace(q, source_post=ids.get(q.source_post, q.source_post)
                                     if q.source_post is not None else None) for q in post.quotes])
             for post in thread.posts]
    notes = [replace(note, post=ids.get(note.post, note.post) if note.post is not None else None,
                     detail=named(note.detail)) for note in thread.notes]
    return replace(thread, posts=posts, notes=notes)
