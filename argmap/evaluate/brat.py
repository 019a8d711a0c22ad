"""Load brat standoff annotation: a ``<name>.ann`` file of annotations over the text of ``<name>.txt``.

Most argument-mining corpora ship in this format (Stab & Gurevych's Persuasive Essays, AbstRCT, the Change My
View modes corpus). One ``.ann``/``.txt`` pair is one :class:`~argmap.evaluate.gold.GoldThread`.

How the files become gold:

- **Lines.** ``T`` lines are components (``T3<TAB>Claim 120 180<TAB>the words``); a discontinuous span
  (``120 150;160 180``) is taken at its outer extent, from its first start to its last end, since a gold unit
  is one stretch of a post. ``R`` lines are relations (``R1<TAB>supports Arg1:T3 Arg2:T1``: T3 supports T1).
  ``A`` lines are attributes; only ``Stance`` is read (below). ``#`` comments and ``N`` normalisations are
  ignored; other lines (events, equivalences) are passed over with an ``other-annotation`` note.
- **Components.** Major claim, main claim and claim are ``claim``; premise is ``premise`` (case, spaces and
  underscores do not count: ``MajorClaim``, ``main_claim``). Other types are not components: they are passed
  over with an ``other-entity`` note, and relations to them with ``unscored-ref``. When the ``.ann`` carries a
  component's text after a second tab, it must be the text at its offsets (white space aside; fragments of a
  discontinuous span joined by a space, as brat writes them); when it is not, the offsets are kept, as brat
  keeps them, and a ``span-mismatch`` warning names the line.
- **Relations.** Labels are read through the CMV table (:func:`argmap.evaluate.cmv.relation_kind`): support,
  supports, agreement, partial_agreement are ``support``; attack, attacks, rebuttal, rebuttal_attack,
  undercutter, undercutter_attack, partial_attack, disagreement, partial_disagreement are ``attack`` (case,
  spaces and hyphens do not count). Other labels are passed over with an ``unknown-relation`` warning, a
  relation to an id the file does not hold with ``dangling-ref``.
- **Stance.** ``A1<TAB>Stance T3 For`` (Persuasive Essays) is the relation of claim T3 to the major claim:
  ``For`` a ``support``, ``Against`` an ``attack``. It goes to the document's first major claim, so that a
  thesis restated in the conclusion does not count each claim twice; another value is an ``unknown-stance``
  warning, and a stance in a file with no major claim a ``stance-without-major-claim`` warning.
- **Posts.** One document is one post (an essay), named after its file. When a ``<name>.metadata`` file lies
  beside it in the layout of the Change My View modes corpus (``Title 0 <end>``, ``Source <url>``,
  ``Content <post id> <author> <start> <end>`` lines), each ``Content`` range is a post and the ``Title``
  range the thread's title, which is no post: the first post is the opening post and every later one
  answers the post before it, as :mod:`argmap.evaluate.cmv` reads the same threads, unless a ``Reply <post id>
  <id of the post it answers>`` line (argmap's own addition, which ``argmap export --format brat`` writes) names
  an earlier post, or a ``Root <post id>`` line (argmap's too) says it answers none; a ``Reply`` naming no
  earlier post is an ``unknown-parent`` warning. Components are given to
  the post that holds them, their offsets re-based into it; relations between posts are kept (they are the
  cross-post relations). A component inside the title is passed over (``title-component``) and relations to it
  too (``title-relation``), as the CMV loader does; one that straddles two posts (``straddling-component``)
  or lies outside every post and the title (``outside-posts``) is a warning, not a crash.
- **Entities.** HTML character references in the text (``&gt;``, ``&amp;``, ``&#8217;``), as Reddit's API
  writes post bodies and the CMV modes corpus's ``.txt`` files keep them, are decoded, as argmap's Reddit reader
  and the CMV XML loader decode them, and every offset is moved to match (a ``decoded-entities`` note says
  how many): a quote written ``&gt;`` is a quote, and "don&#8217;t" reads as "don’t". Not so in a document
  whose ``.metadata`` has a ``Text literal`` line (argmap's own addition, which ``argmap export --format brat``
  writes): its text is the posts' text as it is, so a post that says ``&amp;`` keeps those five characters.
- **Post text.** Each post's text is cleaned as argmap's readers clean it (and as the CMV loader does): lines
  quoting the previous post (``>``) move to :attr:`argmap.domain.Post.quotes`, lines are trimmed, runs of
  blank lines become one; gold offsets are mapped into that text. A component left without a word (a lone
  ``?``, or one inside a quoted line) is not scored (``wordless-component``, ``quoted-component``).
- **Broken files** raise :class:`~argmap.evaluate.gold.CorpusError` naming the file (and line) with the fix:
  an ``.ann`` without its ``.txt``, a line that cannot be parsed, offsets beyond the end of the text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from argmap.domain import Note, Post, Thread
from argmap.evaluate.cmv import map_span, post_from_raw, relation_kind
from argmap.evaluate.gold import CorpusError, GoldKind, GoldRelation, GoldRelationKind, GoldThread, GoldUnit, tokens

__all__ = ["FORMAT", "LITERAL", "UNIT_KINDS", "is_brat", "load_brat", "read_brat"]

FORMAT = "brat"
#: ``Text literal``, a ``.metadata`` line of argmap's own: the ``.txt`` holds the posts' text as it is, with no HTML
#: character reference to decode (argmap's brat export writes it).
LITERAL = "literal"
#: Entity types that are components, by their key (lower case, spaces and underscores removed).
UNIT_KINDS: dict[str, GoldKind] = {"majorclaim": "claim", "mainclaim": "claim", "claim": "claim",
                                   "premise": "premise"}
_MAJOR = frozenset({"majorclaim", "mainclaim"})
_STANCES: dict[str, GoldRelationKind] = {"for": "support", "against": "attack"}
_SPAN = re.compile(r"^(\d{1,18}) (\d{1,18})$")  # no offset of 19 digits or more (an int of 4,300 failed)
_ARG = re.compile(r"^[^:\s]+:(\S+)$")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_IGNORED = ("#", "N")  # annotator comments and normalisations: nothing an argument map holds


@dataclass
class _Entity:
    id: str
    type: str
    fragments: list[tuple[int, int]]
    written: str | None  # the text the .ann carries after a second tab, white space collapsed
    line: int
    raw: str

    @property
    def start(self) -> int:
        return min(a for a, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(b for _, b in self.fragments)


@dataclass
class _Ann:
    """What one ``.ann`` file says, before it is placed in posts."""

    entities: list[_Entity] = field(default_factory=list)
    relations: list[tuple[str, str, str, int]] = field(default_factory=list)  # label, source, target, line
    stances: list[tuple[str, str, int]] = field(default_factory=list)  # component, value, line
    notes: list[Note] = field(default_factory=list)


@dataclass
class _PostRange:
    id: str
    author: str | None
    start: int
    end: int


@dataclass
class _Metadata:
    posts: list[_PostRange] = field(default_factory=list)
    titles: list[tuple[int, int]] = field(default_factory=list)  # a title may run over several lines
    url: str | None = None
    parents: dict[str, str] = field(default_factory=dict)  # post id -> the id of the post it answers (Reply lines)
    roots: set[str] = field(default_factory=set)  # ids of later posts that answer none (Root lines)
    literal: bool = False  # a "Text literal" line: the .txt holds no HTML character reference to decode


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name.lower())


def _bad(ann: Path, number: int, line: str, what: str, fix: str) -> CorpusError:
    shown = line if len(line) <= 80 else line[:77] + "..."
    return CorpusError(f"{ann}:{number}", f"{what}: {shown!r}", fix=fix)


def _entity(ann: Path, number: int, line: str, fields: list[str]) -> _Entity:
    """One ``T`` line, as written (offsets are checked against the text later, in :func:`_offsets`)."""
    type_, _, spans = fields[1].partition(" ")
    fragments: list[tuple[int, int]] = []
    for piece in spans.split(";"):
        match = _SPAN.match(piece.strip())
        if match is None:
            raise _bad(ann, number, line, "is no component line argmap can read",
                       "write it as 'T<n><TAB><type> <start> <end>' (fragments of a discontinuous span joined by "
                       "';'), with a tab after the id")
        fragments.append((int(match.group(1)), int(match.group(2))))
    if any(a > b for a, b in fragments):
        raise _bad(ann, number, line, "has a span that ends before it starts", "give each span as 'start end'")
    # the text is all after the second tab: brat writes the words at the span as they are, a tab among them
    written = " ".join("\t".join(fields[2:]).split()) if len(fields) > 2 else None
    return _Entity(fields[0], type_, fragments, written, number, line)


def _fits(entity: _Entity, text: str) -> bool | None:
    """Whether the entity's written text is the text at its offsets (``None`` when it carries none)."""
    if entity.written is None:
        return None
    return entity.written == " ".join(" ".join(text[a:b] for a, b in entity.fragments).split())


def _offsets(ann: Path, text: str, entities: list[_Entity], notes: list[Note]) -> Callable[[int], int]:
    """How the file's offsets become character offsets into ``text``, checking every component against it.

    brat counts characters; some converters wrote UTF-8 byte offsets instead (13 files of the CMV modes corpus,
    those with a non-ASCII character). When the offsets of a file with such characters miss their written text
    as characters but find it as bytes, they are read as bytes (a ``byte-offsets`` note).

    Raises:
        CorpusError: a span beyond the end of the text, naming its line.
    """
    def chars(offset: int) -> int:
        return offset

    encoded = text.encode("utf-8")
    convert = chars
    if len(encoded) != len(text):
        starts = list(accumulate((len(ch.encode("utf-8")) for ch in text), initial=0))

        def from_bytes(offset: int) -> int:
            return bisect_left(starts, offset)

        as_bytes = [_Entity(e.id, e.type, [(from_bytes(a), from_bytes(b)) for a, b in e.fragments], e.written,
                            e.line, e.raw) for e in entities]
        in_chars = sum(e.end <= len(text) and bool(_fits(e, text)) for e in entities)
        in_bytes = sum(e.end <= len(encoded) and bool(_fits(b, text)) for e, b in zip(entities, as_bytes,
                                                                                       strict=True))
        if in_bytes > in_chars:
            notes.append(Note("byte-offsets", None, f"{ann.name}: offsets count UTF-8 bytes, not characters; "
                                                    "read as bytes"))
            convert = from_bytes
            limit = len(encoded)
            for entity in entities:
                if entity.end > limit:
                    raise _bad(ann, entity.line, entity.raw,
                               f"has a span beyond the end of the text ({limit} bytes)",
                               f"pair {ann.name} with the {ann.stem}.txt it was annotated on")
                entity.fragments = [(from_bytes(a), from_bytes(b)) for a, b in entity.fragments]
    if convert is chars:
        for entity in entities:
            if entity.end > len(text):
                raise _bad(ann, entity.line, entity.raw,
                           f"has a span beyond the end of the text ({len(text)} characters)",
                           f"pair {ann.name} with the {ann.stem}.txt it was annotated on")
    for entity in entities:
        if _fits(entity, text) is False:
            found = " ".join(" ".join(text[a:b] for a, b in entity.fragments).split())
            notes.append(Note("span-mismatch", None, f"line {entity.line}: {entity.id} is {entity.written!r:.60} "
                                                     f"in the .ann but {found!r:.60} in the .txt; offsets kept"))
    return convert


_LINE_END = re.compile(r"\r\n|\r|\n")


def _parse_ann(ann: Path, source: str) -> _Ann:
    """Every line of a ``.ann`` file; broken lines raise, other annotation is noted."""
    parsed = _Ann()
    # Lines end at a line feed or carriage return only, as brat reads them: str.splitlines also ends one at U+2028,
    # NEL or a form feed, which a component's words may hold (the text at its span), and cut its line in two.
    for number, line in enumerate(_LINE_END.split(source), start=1):
        if not line.strip() or line.startswith(_IGNORED):
            continue
        fields = line.rstrip("\r\n").split("\t")
        kind = line[0]
        if kind == "T":
            if len(fields) < 2:
                raise _bad(ann, number, line, "is no component line argmap can read",
                           "write it as 'T<n><TAB><type> <start> <end><TAB><text>', with tabs between the parts")
            parsed.entities.append(_entity(ann, number, line, fields))
        elif kind == "R":
            parts = fields[1].split() if len(fields) > 1 else []
            args = [_ARG.match(part) for part in parts[1:3]]
            if len(parts) < 3 or args[0] is None or args[1] is None:
                raise _bad(ann, number, line, "is no relation line argmap can read",
                           "write it as 'R<n><TAB><type> Arg1:T<source> Arg2:T<target>'")
            parsed.relations.append((parts[0], args[0].group(1), args[1].group(1), number))
        elif kind == "A":
            parts = fields[1].split() if len(fields) > 1 else []
            if len(parts) >= 2 and parts[0].lower() == "stance":
                parsed.stances.append((parts[1], parts[2] if len(parts) > 2 else "", number))
            # other attributes (CMV's semantic types) say nothing about the map
        else:
            parsed.notes.append(Note("other-annotation", None, f"line {number}: {fields[0]} ({kind} lines are "
                                                               "no component, relation or stance)"))
    return parsed


def _metadata(path: Path, text: str, convert: Callable[[int], int]) -> _Metadata | None:
    """The posts of a ``.metadata`` file beside an ``.ann`` (Change My View modes layout), if there is one.

    Raises:
        CorpusError: a line that cannot be read, or a range beyond the text.
    """
    if not path.is_file():
        return None
    meta = _Metadata()
    fix = (f"write posts as 'Content <post id> <author> <start> <end>' and the title as 'Title 0 <end>', "
           f"offsets into {path.stem}.txt")
    for number, line in enumerate(_read(path).removeprefix(_BOM).splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        head = parts[0].lower()
        if head in ("content", "title"):
            try:
                start, end = convert(int(parts[-2])), convert(int(parts[-1]))
            except (IndexError, ValueError):
                raise _bad(path, number, line, "has no start and end offsets", fix) from None
            if end == len(text) + 1:
                end = len(text)  # counts the line end after the last line, which the .txt does not hold
            if not 0 <= start <= end <= len(text):
                raise _bad(path, number, line, f"has a range outside the text ({len(text)} characters)", fix)
            if head == "title":
                meta.titles.append((start, end))
            elif len(parts) < 4:
                raise _bad(path, number, line, "has no post id", fix)
            else:
                meta.posts.append(_PostRange(parts[1], " ".join(parts[2:-2]) or None, start, end))
        elif head == "source" and len(parts) > 1:
            meta.url = parts[1]
        elif head == "reply":
            if len(parts) != 3:
                raise _bad(path, number, line, "is no reply", "write 'Reply <post id> <id of the post it answers>'")
            meta.parents[parts[1]] = parts[2]
        elif head == "root":
            if len(parts) != 2:
                raise _bad(path, number, line, "is no root line", "write 'Root <post id>' for a post that answers none")
            meta.roots.add(parts[1])
        elif head == "text" and [part.lower() for part in parts[1:]] == [LITERAL]:
            meta.literal = True
    return meta if meta.posts else None


def _decoded(text: str) -> tuple[str, list[int], int]:
    """``text`` with its HTML character references decoded; for each offset of ``text`` (its end too) the offset
    it becomes (one inside a reference moves to where the decoded character starts); and how many were decoded."""
    pieces: list[str] = []
    moved: list[int] = []
    at = length = count = 0
    for match in _ENTITY.finditer(text):
        decoded = html.unescape(match.group())
        if decoded == match.group():
            continue  # no reference HTML knows: the text stays
        plain = text[at:match.start()]
        pieces.append(plain)
        moved.extend(range(length, length + len(plain)))
        length += len(plain)
        moved.extend([length] * (match.end() - match.start()))
        pieces.append(decoded)
        length += len(decoded)
        at = match.end()
        count += 1
    rest = text[at:]
    pieces.append(rest)
    moved.extend(range(length, length + len(rest) + 1))
    return "".join(pieces), moved, count


_BOM = "\ufeff"


def _read(path: Path) -> str:
    """A file's text with its line ends as written: brat offsets count a ``\\r`` as a character."""
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            return handle.read()
    except OSError as exc:
        raise CorpusError(str(path), f"cannot be read ({exc.strerror}); check the path and permissions") from exc


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_brat(path: Path | str, *, name: str | None = None) -> GoldThread:
    """Read one brat document (``<name>.ann`` with ``<name>.txt``, and ``<name>.metadata`` when there is one).

    Args:
        path (Path | str): the ``.ann`` file (or its ``.txt``).
        name (str | None): the thread's name; default ``<parent folder>/<stem>``.

    Returns:
        GoldThread: the document's posts, gold units and relations, with notes on what was passed over.

    Raises:
        CorpusError: an ``.ann`` without its ``.txt``, an unreadable file or line, or offsets beyond the text,
            naming the file and line.

    Example:
        >>> gold = read_brat("../shared/corpora/annotated/cmv-dev/negative/0.ann")  # doctest: +SKIP
        >>> [post.external_id for post in gold.thread.posts][:2]  # doctest: +SKIP
        ['2rppq9', 'cnidt3q']
    """
    path = Path(path)
    ann, txt = path.with_suffix(".ann"), path.with_suffix(".txt")
    if not ann.is_file():
        raise CorpusError(str(ann), "does not exist", fix=f"give the .ann file beside {txt.name}")
    if not txt.is_file():
        raise CorpusError(str(ann), f"has no {txt.name} beside it, and its offsets point into that text",
                          fix=f"put the text it was annotated on beside it as {txt.name}")
    # The folder's own name, however the path was typed: "0.ann" given from inside "positive/" is "positive/0",
    # as "positive/0.ann" given from outside is (it was "/0", one key for every folder's 0.ann).
    label = name or f"{ann.resolve().parent.name}/{ann.stem}"
    text = _read(txt)
    # A byte order mark (a Windows editor saves one) is no part of the first line's id: with it, "T1" was an
    # unknown annotation and every relation to it dangled. The .txt keeps its mark: brat counts it in the offsets.
    parsed = _parse_ann(ann, _read(ann).removeprefix(_BOM))
    convert = _offsets(ann, text, parsed.entities, parsed.notes)
    meta = _metadata(ann.with_suffix(".metadata"), text, convert)
    # argmap's own export says its text is as the posts have it: "&amp;" there is what someone typed
    decoded, moved, references = (text, [], 0) if meta is not None and meta.literal else _decoded(text)
    if references:  # every offset is now into the decoded text
        parsed.notes.append(Note("decoded-entities", None, f"{ann.name}: decoded {references} HTML character "
                                                           "reference(s) (&gt;, &#8217;...) in the text"))
        for entity in parsed.entities:
            entity.fragments = [(moved[a], moved[b]) for a, b in entity.fragments]
        if meta is not None:
            meta.titles = [(moved[a], moved[b]) for a, b in meta.titles]
            meta.posts = [_PostRange(p.id, p.author, moved[p.start], moved[p.end]) for p in meta.posts]
        text = decoded
    title: str | None = None
    if meta is not None:
        title = " ".join(" ".join(text[a:b] for a, b in meta.titles).split()) or None
    ranges = meta.posts if meta else [_PostRange(ann.stem, None, 0, len(text))]
    thread = Thread(key=f"brat:{label}", format=FORMAT, source=str(ann), title=title,
                    url=meta.url if meta else None, notes=list(parsed.notes))
    posts: list[tuple[_PostRange, Post, list[int]]] = []
    previous: Post | None = None
    by_id: dict[str, Post] = {}
    for number, span in enumerate(ranges):
        external = span.id if span.id not in {p.external_id for p in thread.posts} else f"{span.id}#{number}"
        parent = previous  # as in the CMV modes corpus, unless a Reply line says which post it answers
        if meta is not None and span.id in meta.roots and number:
            parent = None  # a later root (a Root line): it answers no post
        elif meta is not None and span.id in meta.parents and number:
            parent = by_id.get(meta.parents[span.id])
            if parent is None:
                thread.notes.append(Note("unknown-parent", span.id, f"post {span.id!r} answers "
                                                                    f"{meta.parents[span.id]!r}, no post before it; "
                                                                    "read as answering the post before it"))
                parent = previous
        raw = text[span.start:span.end]
        # argmap's own export (Text literal): each post's text as the post has it, spaces at a line's ends and
        # "\r" too, so that a map exported, corrected and scored against its JSON export still meets its posts
        # (trimmed, 38 of 278 posts of three shared threads did not, and nothing was scored).
        post, index = post_from_raw(raw, external_id=external, previous=parent, author=span.author, markup=raw,
                                    title=None if number else title, literal=meta is not None and meta.literal)
        thread.posts.append(post)
        posts.append((span, post, index))
        by_id.setdefault(span.id, post)
        previous = post
    units, kinds, left_out = _units(parsed, text, meta, posts, thread)
    relations = _relations(parsed, units, kinds, left_out, thread)
    return GoldThread(name=label, thread=thread, units=sorted(units.values(), key=_order(thread)),
                      relations=relations)


def _order(thread: Thread) -> Callable[[GoldUnit], tuple[int, int, int]]:
    """Units in post order, then by offset."""
    rank = {post.external_id: number for number, post in enumerate(thread.posts)}

    def key(unit: GoldUnit) -> tuple[int, int, int]:
        return rank[unit.post], unit.start, unit.end

    return key


def _units(parsed: _Ann, text: str, meta: _Metadata | None, posts: list[tuple[_PostRange, Post, list[int]]],
           thread: Thread) -> tuple[dict[str, GoldUnit], dict[str, str], dict[str, str]]:
    """The scored components by id; every entity's type key by id; why each entity left out was left out."""
    units: dict[str, GoldUnit] = {}
    kinds: dict[str, str] = {}
    left_out: dict[str, str] = {}
    for entity in parsed.entities:
        key = _key(entity.type)
        if entity.id in kinds:
            thread.notes.append(Note("duplicate-id", None, f"line {entity.line}: component {entity.id!r} is "
                                                           "defined twice; the first is kept"))
            continue
        kinds[entity.id] = key
        what = f"{entity.id} ({entity.type}, line {entity.line})"
        if key not in UNIT_KINDS:
            thread.notes.append(Note("other-entity", None, f"{what}: not a claim or premise"))
            left_out[entity.id] = "other-entity"
            continue
        start, end = _trimmed(text, entity.start, entity.end)
        home = [(span, post, index) for span, post, index in posts if span.start <= start and end <= span.end]
        if not home:
            touched = [post.external_id for span, post, _ in posts if span.start < end and start < span.end]
            if meta is not None and meta.titles and min(meta.titles)[0] <= start and end <= max(meta.titles)[1]:
                reason, detail = "title-component", f"{what}: in the title, which is no post"
            elif len(touched) > 1:
                reason, detail = "straddling-component", f"{what}: runs across posts {', '.join(touched)}"
            else:
                reason, detail = "outside-posts", f"{what}: at {entity.start}-{entity.end}, in no post"
            thread.notes.append(Note(reason, touched[0] if touched else None, detail))
            left_out[entity.id] = reason
            continue
        span, post, index = home[0]
        lo, hi = map_span(post.text, index, start - span.start, end - span.start)
        if not tokens(post.text[lo:hi]):
            quoted = bool(tokens(text[start:end]))
            reason = "quoted-component" if quoted else "wordless-component"
            thread.notes.append(Note(reason, post.external_id, f"component {entity.id!r}"))
            left_out[entity.id] = reason
            continue
        units[entity.id] = GoldUnit(entity.id, post.external_id, UNIT_KINDS[key], lo, hi, post.text[lo:hi])
    return units, kinds, left_out


def _relations(parsed: _Ann, units: dict[str, GoldUnit], kinds: dict[str, str], left_out: dict[str, str],
               thread: Thread) -> list[GoldRelation]:
    """The scored relations of ``R`` lines, then of ``Stance`` attributes, each once."""
    relations: list[GoldRelation] = []

    def add(source: str, target: str, kind: GoldRelationKind, line: int, label: str) -> None:
        post = units[source].post if source in units else None
        for end in (source, target):
            if end in units:
                continue
            if left_out.get(end) == "title-component":
                thread.notes.append(Note("title-relation", post, f"line {line}: {source} -> {target} (title)"))
            elif end in left_out:
                thread.notes.append(Note("unscored-ref", post, f"line {line}: {source} -> {target}: {end} is not "
                                                               f"scored ({left_out[end]})"))
            else:
                thread.notes.append(Note("dangling-ref", post, f"line {line}: {label} {source} -> {target}: "
                                                               f"{end!r} names no component of the file"))
            return
        if source == target:
            thread.notes.append(Note("self-relation", post, f"line {line}: {label} {source} -> {source}, itself"))
            return
        relation = GoldRelation(source, target, kind)
        if relation not in relations:
            relations.append(relation)

    for label, source, target, line in parsed.relations:
        kind = relation_kind(label)
        if kind is None:
            post = units[source].post if source in units else None
            thread.notes.append(Note("unknown-relation", post, f"line {line}: {source} -> {target}: {label!r} "
                                                               "is no relation label"))
            continue
        add(source, target, kind, line, label)
    majors = sorted((unit for unit in units.values() if kinds[unit.id] in _MAJOR), key=_order(thread))
    for component, value, line in parsed.stances:
        stance = _STANCES.get(value.lower())
        post = units[component].post if component in units else None
        if stance is None:
            thread.notes.append(Note("unknown-stance", post, f"line {line}: {component} has stance {value!r}"))
        elif kinds.get(component) in _MAJOR:
            thread.notes.append(Note("major-claim-stance", post, f"line {line}: {component} is a major claim"))
        elif not majors:
            thread.notes.append(Note("stance-without-major-claim", post,
                                     f"line {line}: {component} is {value} a major claim the file does not mark"))
        else:
            add(component, majors[0].id, stance, line, f"Stance {value}")
    return relations


def _number(path: Path) -> tuple[str, int, str]:
    stem = path.stem
    return (str(path.parent), int(stem), "") if stem.isdigit() else (str(path.parent), 1 << 30, stem)


def is_brat(path: Path) -> bool:
    """Whether ``path`` is brat annotation: an ``.ann`` file (or a ``.txt`` with one beside it), or a folder
    holding ``.ann`` files, in itself or one level down.

    Args:
        path (Path): a file or folder.

    Returns:
        bool: what it looks like; :func:`load_brat` still checks every file.
    """
    if path.is_file():
        suffix = path.suffix.lower()
        return suffix == ".ann" or (suffix == ".txt" and path.with_suffix(".ann").is_file())
    return path.is_dir() and (any(path.glob("*.ann")) or any(path.glob("*/*.ann")))


def load_brat(path: Path | str) -> list[GoldThread]:
    """Load a folder of brat documents (``.ann`` files with their ``.txt``), or one document.

    Args:
        path (Path | str): an ``.ann`` file, or a folder holding ``.ann`` files (or sub-folders of them, such as
            ``positive/`` and ``negative/``: those are read when the folder itself holds none).

    Returns:
        list[GoldThread]: one per ``.ann`` file, named ``<folder>/<stem>``; sub-folders in name order, files by
        number, then by name.

    Raises:
        CorpusError: a folder with no ``.ann`` file, or a broken document (:func:`read_brat`).

    Example:
        >>> corpus = load_brat("../shared/corpora/annotated/cmv-dev")  # doctest: +SKIP
        >>> len(corpus)  # doctest: +SKIP
        69
    """
    root = Path(path)
    if root.is_file():
        return [read_brat(root)]
    files = sorted(root.glob("*.ann"), key=_number) or sorted(root.glob("*/*.ann"), key=_number)
    if not files:
        raise CorpusError(str(root), "holds no .ann file, in itself or one folder down",
                          fix="pass a folder of brat .ann files with their .txt files, or one .ann file")
    return [read_brat(file) for file in files]
