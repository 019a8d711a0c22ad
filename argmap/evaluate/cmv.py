"""Load the Change My View argument corpus (Hidey et al. 2017; relations from Chakrabarty et al. 2019).

Each ``positive/<n>.xml`` or ``negative/<n>.xml`` file is one thread: a ``<title>``, an ``<OP>`` and a
chain of ``<reply>`` elements in which every reply answers the post before it. Components are inline
``<claim|premise type id rel ref>`` elements; ``rel`` and ``ref`` on component X give the relation
X -> ``ref``, where ``ref`` is a component id, ``title``, or several of these joined by ``_``.

How the files become :class:`~argmap.evaluate.gold.GoldThread` objects:

- **Lenient parsing.** Some files are not well-formed XML (an unclosed ``<reply>``, notes after
  ``</thread>``, annotator notes written as ``<!--> ... </!-->``). The loader therefore scans tags itself:
  only the corpus's own element names are tags (so a ``<`` in a comment's text stays text), comments are
  dropped with their content (they hold superseded annotations), a new ``<reply>`` closes one left open,
  everything after ``</thread>`` is ignored, and entities (also a bare ``&``) are decoded as HTML does.
- **Post text.** A post's text is its own words with markup removed, as argmap's readers produce it:
  lines quoting the previous post (``>``) are moved to :attr:`argmap.domain.Post.quotes` (``source_post``
  is the parent; ``source_start``/``source_end`` are filled when the quoted words are found there), each
  line is trimmed, and runs of blank lines become one. Markdown emphasis (``*``) is left as written.
  Gold offsets index into this text.
- **Posts.** The opening post's external id is the thread's ``ID`` and it is the root; every reply's
  parent is the post before it. The title becomes ``Thread.title`` and the opening post's ``title``.
- **Units.** ``claim`` and ``premise`` keep their kind; title components are not units (the title is no
  post). A component with no word in it (a lone ``?``) is left out, since no prediction can match it, and
  so is one inside a line that opens with ``>``: argmap's readers move such a line out of the reply's text
  as a quote (Reddit shows it as one), so no prediction made from that text can match it. In the
  development split this is one reply of ``negative/79``, whose author set sentences of his own (they are
  not in its parent) after ``>``: 5 components, and the 10 relations that start or end at them (5 noted
  ``unscored-ref``). Scored as misses they would take adu F1 from 0.8169 to 0.8161 and rel_all F1 from
  0.2343 to 0.2336 (rel_cross and stance unchanged).
- **Relations.** support, agreement, partial_agreement -> ``support``; rebuttal, rebuttal_attack,
  undercutter, undercutter_attack, partial_attack, disagreement, partial_disagreement, attack ->
  ``attack``. Relations to the title are left out, as are labels outside these lists (one ``understand``)
  and references to ids the thread does not hold. Each omission is recorded as a
  :class:`argmap.domain.Note` on the thread (``title-relation``, ``unknown-relation``, ``dangling-ref``,
  ``missing-ref``...); ``argmap eval`` shows those that are mistakes in the annotation as warnings.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from argmap.domain import Note, Post, Quote, Thread
from argmap.evaluate.gold import CorpusError, GoldKind, GoldRelation, GoldRelationKind, GoldThread, GoldUnit, tokens

__all__ = ["ATTACK_RELS", "FORMAT", "SPLITS", "SUPPORT_RELS", "load_cmv", "map_span", "parse_cmv", "post_from_raw",
           "read_cmv", "relation_kind"]

FORMAT = "cmv-xml"
SPLITS: tuple[str, ...] = ("negative", "positive")
#: Relation labels that mean support and attack: CMV's own, and the plain ``supports``/``attacks`` of other
#: corpora (the brat loader, :mod:`argmap.evaluate.brat`, reads its labels through the same table).
SUPPORT_RELS = frozenset({"support", "supports", "agreement", "partial_agreement"})
ATTACK_RELS = frozenset({
    "rebuttal", "rebuttal_attack", "undercutter", "undercutter_attack", "partial_attack", "disagreement",
    "partial_disagreement", "attack", "attacks",
})

_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<\?.*?\?>"
    r"|<(?P<close>/?)(?P<name>thread|title|source|op|reply|claim|premise)\b(?P<attrs>[^<>]*)>",
    re.S | re.I,
)
# A name starts after no other name character: tried from every letter of a long run, the pattern read the run
# again each time (0.26 s for 4,000 underscores, minutes for a tag of 100 KB).
_ATTR = re.compile(r'(?<![\w-])([A-Za-z_][\w-]*)\s*=\s*"([^"]*)"')
_QUOTE_LINE = re.compile(r"^\s*(?:>|&gt;)+\s?")
_POST_TAGS = ("op", "reply")
_UNIT_TAGS = ("claim", "premise")


@dataclass
class _Component:
    kind: GoldKind
    attrs: dict[str, str]
    start: int
    end: int = -1


@dataclass
class _RawPost:
    tag: str
    attrs: dict[str, str]
    raw_start: int
    raw_end: int = -1
    parts: list[str] = field(default_factory=list)
    length: int = 0
    open: list[_Component] = field(default_factory=list)
    done: list[_Component] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)


@dataclass
class _Scan:
    """What one pass over a file's markup recovers, before any text is cleaned."""

    thread_id: str = ""
    title: str = ""
    url: str = ""
    posts: list[_RawPost] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _close_post(scan: _Scan, post: _RawPost, at: int) -> None:
    post.raw_end = at
    for comp in post.open:
        comp.end = post.length
        post.done.append(comp)
        scan.notes.append(Note("unclosed-component", post.attrs.get("id"), f"component {comp.attrs.get('id')!r}"))
    post.open = []


def _scan(markup: str) -> _Scan:
    """Walk the tags of one corpus file, tolerating the corpus's malformed spots."""
    scan = _Scan()
    post: _RawPost | None = None
    where: str | None = None  # "title" or "source" while inside those elements
    cursor = 0
    ended = False
    for match in _TAG.finditer(markup):
        text = html.unescape(markup[cursor:match.start()])
        cursor = match.end()
        if where == "title":
            scan.title += text
        elif where == "source":
            scan.url += text
        elif post is not None:
            post.add(text)
        name = (match.group("name") or "").lower()
        if not name:
            continue  # a comment or processing instruction: dropped with what it holds
        closing = match.group("close") == "/"
        attrs: dict[str, str] = dict(_ATTR.findall(match.group("attrs") or ""))
        if name == "thread":
            if closing:
                ended = True
                break
            scan.thread_id = attrs.get("ID", attrs.get("id", ""))
        elif name in ("title", "source"):
            where = None if closing else name
        elif name in _POST_TAGS:
            if post is not None:
                _close_post(scan, post, match.start())
                if not closing:
                    scan.notes.append(Note("unclosed-post", post.attrs.get("id"), "closed by the next post"))
                post = None
            if not closing:
                post = _RawPost(name, attrs, match.start())
                scan.posts.append(post)
        elif post is not None and where is None:
            kind: GoldKind = "claim" if name == "claim" else "premise"
            if not closing:
                post.open.append(_Component(kind, attrs, post.length))
                continue
            for i in range(len(post.open) - 1, -1, -1):
                if post.open[i].kind == kind:
                    comp = post.open.pop(i)
                    comp.end = post.length
                    post.done.append(comp)
                    break
    if post is not None:
        if not ended:
            post.add(html.unescape(markup[cursor:]))
        _close_post(scan, post, len(markup))
    return scan


def _clean(raw: str, *, literal: bool = False) -> tuple[str, list[int], list[tuple[str, int]]]:
    """A post's own text from its raw text, with the raw offset of every character kept.

    Args:
        raw (str): the post's text with tags removed and entities decoded.
        literal (bool): the text is the post's own but for its quoted lines (argmap's brat export, which puts
            them back): every other line is kept as it is, spaces at its ends and blank lines too.

    Returns:
        tuple[str, list[int], list[tuple[str, int]]]: the text; for each of its characters, its offset in
        ``raw`` (non-decreasing); and each quote with the offset in the text of the words answering it.
    """
    chars: list[str] = []
    index: list[int] = []
    quotes: list[tuple[str, int]] = []
    pending: list[str] = []
    waiting: list[str] = []
    blank = False
    pos = 0
    kept = 0  # lines kept, when literal
    for line in raw.split("\n"):
        start, pos = pos, pos + len(line) + 1
        quoted = _QUOTE_LINE.match(line)
        if quoted:
            pending.append(line[quoted.end():].strip())
            continue
        if pending:
            words = " ".join(p for p in pending if p)
            pending = []
            if words:
                waiting.append(words)
        if literal:
            if kept:
                chars.append("\n")
                index.append(start - 1)
            kept += 1
            quotes.extend((words, len(chars)) for words in waiting)
            waiting = []
            chars.extend(line)
            index.extend(range(start, start + len(line)))
            continue
        content = line.strip()
        if not content:
            blank = blank or bool(chars)
            continue
        if chars:
            for ch in "\n\n" if blank else "\n":
                chars.append(ch)
                index.append(start - 1)
        blank = False
        quotes.extend((words, len(chars)) for words in waiting)
        waiting = []
        lead = len(line) - len(line.lstrip())
        chars.extend(content)
        index.extend(range(start + lead, start + lead + len(content)))
    if pending:
        waiting.append(" ".join(p for p in pending if p))
    quotes.extend((words, len(chars)) for words in waiting if words)
    return "".join(chars), index, quotes


def _normalised(text: str) -> tuple[str, list[int]]:
    kept = [(i, ch) for i, ch in enumerate(text.lower()) if ch.isalnum()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _locate(words: str, text: str) -> tuple[int, int] | None:
    """Where ``text`` holds ``words``, ignoring case, spacing and punctuation (also cut by a word each end).

    Args:
        words (str): the quoted words.
        text (str): the text that may hold them.

    Returns:
        tuple[int, int] | None: start and end offsets in ``text``, or ``None`` when not found.
    """
    hay, index = _normalised(text)
    candidates = [words]
    split = words.split()
    if len(split) > 3:
        candidates.append(" ".join(split[1:-1]))
    for candidate in candidates:
        needle = _normalised(candidate)[0]
        at = hay.find(needle) if len(needle) >= 4 else -1
        if at >= 0:
            return index[at], index[at + len(needle) - 1] + 1
    return None


def relation_kind(label: str) -> GoldRelationKind | None:
    """``support`` or ``attack`` for a relation label of :data:`SUPPORT_RELS` or :data:`ATTACK_RELS`.

    Args:
        label (str): the label as annotated; case, spaces and hyphens do not count (``Partial-Attack``).

    Returns:
        GoldRelationKind | None: the kind, or ``None`` for a label in neither table.
    """
    key = re.sub(r"[\s-]+", "_", label.strip().lower())
    if key in SUPPORT_RELS:
        return "support"
    if key in ATTACK_RELS:
        return "attack"
    return None


def map_span(text: str, index: list[int], start: int, end: int) -> tuple[int, int]:
    """Raw offsets ``start:end`` as offsets into the cleaned ``text``, trimmed of white space.

    Args:
        text (str): a post's cleaned text (:func:`post_from_raw`).
        index (list[int]): the raw offset of each of its characters.
        start (int): raw start offset.
        end (int): raw end offset (exclusive).

    Returns:
        tuple[int, int]: start and end in ``text`` (equal when the span holds none of its characters).
    """
    lo, hi = bisect_left(index, start), bisect_left(index, end)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def post_from_raw(raw: str, *, external_id: str, previous: Post | None, author: str | None, markup: str,
                  title: str | None, literal: bool = False) -> tuple[Post, list[int]]:
    """A post of a thread in which every post answers the one before, from its raw text, as argmap's readers give
    it: quoted lines moved to :attr:`argmap.domain.Post.quotes` (found in ``previous`` where they can be), lines
    trimmed, runs of blank lines made one.

    Args:
        raw (str): the post's words, markup removed.
        external_id (str): the post's id.
        previous (Post | None): the post it answers (its parent); ``None`` for the opening post.
        author (str | None): who wrote it.
        markup (str): what it was read from (:attr:`argmap.domain.Post.raw`).
        title (str | None): the thread's title, given to the opening post.
        literal (bool): the text is the post's own but for its quoted lines (see :func:`_clean`).

    Returns:
        tuple[Post, list[int]]: the post, and for each character of its text its offset in ``raw``
        (for :func:`map_span`).
    """
    text, index, found = _clean(raw, literal=literal)
    post = Post(external_id=external_id, parent=previous.external_id if previous else None, author=author,
                text=text, raw=markup, title=title if previous is None else None)
    for words, offset in found:
        quote = Quote(text=words, source_post=post.parent, offset=offset)
        span = _locate(words, previous.text) if previous is not None else None
        if span is not None:
            quote.source_start, quote.source_end = span
        post.quotes.append(quote)
    return post, index


def read_cmv(path: Path, *, name: str | None = None) -> GoldThread:
    """Read one corpus file into a gold thread; never fails on malformed markup.

    Args:
        path (Path): a ``<n>.xml`` file of the corpus.
        name (str | None): the thread's name; default ``<parent folder>/<stem>``.

    Returns:
        GoldThread: the thread, its gold units and relations, and notes on what was passed over.

    Raises:
        CorpusError: when the file cannot be read at all, or holds no post (an empty file, a title alone).
    """
    label = name or f"{path.parent.name}/{path.stem}"
    try:
        markup = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise CorpusError(str(path), f"cannot be read ({exc.strerror}); check the path and permissions") from exc
    return parse_cmv(markup, label=label, source=str(path))


def parse_cmv(markup: str, *, label: str, source: str) -> GoldThread:
    """One corpus file's markup as a gold thread (what :func:`read_cmv` does once the file is read).

    Args:
        markup (str): the file's text.
        label (str): the thread's name (its key is ``cmv:<label>``).
        source (str): where the markup came from, for messages and :attr:`Thread.source`.

    Returns:
        GoldThread: the thread, its gold units and relations, and notes on what was passed over.

    Raises:
        CorpusError: when the markup holds no post (an empty file, a title alone).
    """
    scan = _scan(markup)
    if not scan.posts:
        raise CorpusError(source, "holds no post (no <OP> or <reply> element), so there is nothing to score",
                          fix="remove it from the folder, or restore the thread's <OP> and <reply> elements")
    root_id = scan.thread_id or label
    title = " ".join(scan.title.split()) or None
    thread = Thread(key=f"cmv:{label}", format=FORMAT, source=source, title=title,
                    url=scan.url.strip() or None, notes=list(scan.notes))
    units: list[GoldUnit] = []
    pending: list[tuple[GoldUnit, dict[str, str]]] = []
    seen: set[str] = set()
    left_out: set[str] = set()  # components not scored (quoted, wordless): a relation to one is no mistake
    previous: Post | None = None
    for number, raw_post in enumerate(scan.posts):
        external = raw_post.attrs.get("id") or (root_id if number == 0 else f"{root_id}#{number}")
        if external in {p.external_id for p in thread.posts}:
            external = f"{external}#{number}"
        raw = "".join(raw_post.parts)
        post, index = post_from_raw(raw, external_id=external, previous=previous,
                                    author=raw_post.attrs.get("author"),
                                    markup=markup[raw_post.raw_start:raw_post.raw_end], title=title)
        text = post.text
        thread.posts.append(post)
        previous = post
        for comp in sorted(raw_post.done, key=lambda c: (c.start, c.end)):
            start, end = map_span(text, index, comp.start, comp.end)
            unit_id = comp.attrs.get("id") or f"{external}:{start}"
            if not tokens(text[start:end]):
                # Either a component with no word (a lone "?") or one inside a line that quotes the parent.
                quoted = bool(tokens(raw[comp.start:comp.end]))
                reason = "quoted-component" if quoted else "wordless-component"
                thread.notes.append(Note(reason, external, f"component {unit_id!r}"))
                left_out.add(unit_id)
                continue
            if unit_id in seen:
                thread.notes.append(Note("duplicate-id", external, f"component {unit_id!r} renamed"))
                unit_id = f"{unit_id}@{external}"
            seen.add(unit_id)
            unit = GoldUnit(unit_id, external, comp.kind, start, end, text[start:end])
            units.append(unit)
            pending.append((unit, comp.attrs))
    relations = _relations(pending, seen, left_out, thread)
    return GoldThread(name=label, thread=thread, units=units, relations=relations)


def _relations(pending: list[tuple[GoldUnit, dict[str, str]]], ids: set[str], left_out: set[str],
               thread: Thread) -> list[GoldRelation]:
    """The scored relations of one thread from the ``rel``/``ref`` attributes of its components (``ids``; those in
    ``left_out`` are in the file but not scored)."""
    relations: list[GoldRelation] = []
    for unit, attrs in pending:
        rel, ref = attrs.get("rel", "").strip().lower(), attrs.get("ref", "").strip()
        if not rel and not ref:
            continue
        kind = relation_kind(rel) if rel else None
        if kind is None:
            thread.notes.append(Note("unknown-relation", unit.post,
                                     f"component {unit.id!r} -> {ref!r}: rel={rel!r} is no relation label"))
            continue
        if not ref:
            thread.notes.append(Note("missing-ref", unit.post, f"component {unit.id!r} has rel={rel!r} but no ref"))
            continue
        targets = [ref] if ref in ids or ref.lower() == "title" else ref.split("_")
        for target in targets:
            if target.lower() == "title":
                thread.notes.append(Note("title-relation", unit.post, f"{unit.id} -> title"))
            elif target in left_out and target not in ids:
                thread.notes.append(Note("unscored-ref", unit.post, f"component {unit.id!r} -> {target!r}, which is "
                                                                    "not scored (quoted or without words)"))
            elif target == unit.id:
                thread.notes.append(Note("self-relation", unit.post,
                                         f"component {unit.id!r} -> {target!r} names itself"))
            elif target not in ids:
                thread.notes.append(Note("dangling-ref", unit.post,
                                         f"component {unit.id!r} -> {target!r} names no component of the thread"))
            else:
                relation = GoldRelation(unit.id, target, kind)
                if relation not in relations:
                    relations.append(relation)
    return relations


def _number(path: Path) -> tuple[int, str]:
    return (int(path.stem), "") if path.stem.isdigit() else (1 << 30, path.stem)


def load_cmv(folder: Path | str, *, splits: tuple[str, ...] = SPLITS) -> list[GoldThread]:
    """Load every thread of the CMV corpus folder.

    Args:
        folder (Path | str): the folder holding ``negative/`` and ``positive/`` (e.g.
            ``shared/corpora/annotated/cmv-dev``), or, without them, the thread files themselves.
        splits (tuple[str, ...]): which sub-folders to read, in order.

    Returns:
        list[GoldThread]: one per ``.xml`` file, named ``<split>/<stem>`` (``<folder>/<stem>`` from a flat
        folder), sub-folders in the order given and files by number.

    Raises:
        CorpusError: when the folder holds none of the sub-folders or no ``.xml`` file.

    Example:
        >>> corpus = load_cmv("../shared/corpora/annotated/cmv-dev")  # doctest: +SKIP
        >>> len(corpus)  # doctest: +SKIP
        69
    """
    root = Path(folder)
    files = [path for split in splits for path in sorted((root / split).glob("*.xml"), key=_number)]
    if not files:  # a folder of thread files without the split sub-folders
        files = sorted(root.glob("*.xml"), key=_number)
    if not files:
        raise CorpusError(str(root), f"holds no .xml file, in itself or under {', '.join(splits)}; "
                                     "pass the cmv-dev folder or a folder of its thread files")
    return [read_cmv(path) for path in files]
