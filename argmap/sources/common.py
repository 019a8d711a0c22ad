"""What every reader shares: decoding bytes, reading JSON, cleaning HTML, assembling a valid tree.

Readers stay small because the checks that every format needs (duplicate ids, parents that point nowhere,
cycles, empty posts, deep nesting) live here, in :func:`assemble`, and run without recursion.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import ijson

from argmap.domain import Note, Post, Thread
from argmap.errors import EmptyInput, InputError
from argmap.markup import line_ends
from argmap.sources.quotes import CODE_MARK

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

__all__ = [
    "GONE_TEXTS",
    "MAX_ID_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_KEY_CHARS",
    "MAX_POST_CHARS",
    "assemble",
    "decode",
    "decode_wide",
    "file_title",
    "html_to_text",
    "is_blank",
    "is_gone",
    "is_url",
    "json_syntax",
    "json_type",
    "load_json",
    "looks_binary",
    "mixed_line",
    "office_document",
    "parse_time",
    "printable",
    "scrub",
]

MAX_POST_CHARS = 1_000_000
"""Posts longer than this are cut (and the cut is reported); a 1 MB comment still goes in whole."""

MAX_ID_CHARS = 255
"""Post ids longer than this are refused (the database column holds this many)."""
MAX_KEY_CHARS = 512
"""Thread keys (``format:name``) longer than this are refused (the database column holds this many)."""
MAX_JSON_DEPTH = 100_000
"""JSON nested deeper than this is refused (a reply chain 10,000 deep is read; 100,000 levels is not a thread)."""

GONE_TEXTS = frozenset({"[deleted]", "[removed]", "[dead]", "[flagged]", "[flagged][dead]"})
"""What Reddit (and the dumps made of it, Pushshift's among them) and the Hacker News mirrors write in place of the
text of a deleted, removed or killed post, and Reddit in place of a deleted account's name."""
# What Reddit writes in place of a body its admins removed: "[ Removed by Reddit ]", also "... on account of
# violating the [content policy](/help/contentpolicy). ]".
_REMOVED_BY_REDDIT = re.compile(r"^\[\s*Removed by Reddit\b.*\]$", re.IGNORECASE | re.DOTALL)

_SNIFF_BYTES = 8192
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: The stand-ins ``surrogateescape`` decoding puts for the bytes that are no UTF-8 (U+DC80-U+DCFF, one a byte).
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
#: White space and the characters that show nothing: zero-width spaces and joiners, direction marks and
#: embeddings, word joiners, variation selectors, the soft hyphen, the Hangul filler, a stray byte-order mark.
_INVISIBLE = re.compile("[\\s\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
                        "\ufe00-\ufe0f\ufeff]*")


#: NUL bytes at the start of a file (its first 512 bytes) that still make it text with stray NULs, not binary.
_STRAY_NULS = 4


_JSON_TYPES = {"NoneType": "null", "str": "string", "int": "integer", "float": "number", "bool": "boolean",
               "list": "list", "dict": "object"}


def json_type(value: Any, *, article: bool = False) -> str:
    """The JSON name of a parsed value's type, for messages ("list", or "a list" with ``article``)."""
    name = _JSON_TYPES.get(type(value).__name__, type(value).__name__)
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}" if article else name


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: white space and invisible characters (zero-width, direction marks) only.

    Example:
        >>> is_blank(" \\u200b\\u200f\\n"), is_blank("\\u200bno")
        (True, False)
    """
    return _INVISIBLE.fullmatch(text) is not None


def is_gone(text: str) -> bool:
    """Whether ``text`` is only a stand-in for a post that is gone (:data:`GONE_TEXTS`, or Reddit's ``[ Removed by
    Reddit ]``): a reader keeps such a post with no words, as a placeholder for its replies, not as the words of
    its author.

    Example:
        >>> is_gone(" [deleted] "), is_gone("[ Removed by Reddit ]"), is_gone("[deleted] my own post, sorry")
        (True, True, False)
    """
    stripped = text.strip()
    return stripped in GONE_TEXTS or _REMOVED_BY_REDDIT.match(stripped) is not None


def decode(data: bytes, source: str) -> tuple[str, list[Note]]:
    """Turn bytes into text, tolerating mixed encodings line by line.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such. A file that is mostly UTF-8 but
    holds lines in another encoding has the bytes of those lines that are no UTF-8 read as Windows-1252 and the
    lines reported; the UTF-8 in such a line stays as it is, since a single JSON document (a Reddit or Algolia
    answer) is one line, and one stray byte must not garble every other post's text. NUL bytes in a text
    file are dropped and reported; a file whose start looks binary is refused. Line ends come out as ``\n``
    whether they were written CRLF (Windows) or CR (classic Mac), so that every reader splits lines alike
    and a file saved on another system gives the same thread (and key); the byte-order mark of each file
    joined into this one (``cat a.jsonl b.jsonl``) is dropped as the first one is.

    Args:
        data (bytes): the raw input.
        source (str): its name, for messages.

    Returns:
        tuple[str, list[Note]]: the text and what had to be repaired.

    Raises:
        EmptyInput: when there is nothing but white space.
        InputError: when the content looks binary.
    """
    notes: list[Note] = []
    wide = decode_wide(data, source)
    if wide is not None:
        return _checked(wide, source), notes
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if looks_binary(data):
        raise InputError(source, "looks like a binary file, not a thread",
                         fix="give a text, JSON or JSON Lines file (see README, 'Input formats')")
    if b"\x00" in data:
        count = data.count(b"\x00")
        data = data.replace(b"\x00", b"")
        notes.append(Note("nul-bytes", None, f"removed {count} NUL byte(s)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        lines = []
        bad = []
        for number, line in enumerate(data.split(b"\n"), start=1):
            try:
                lines.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(mixed_line(line))
                bad.append(number)
        text = "\n".join(lines)
        shown = ", ".join(str(n) for n in bad[:5]) + (" ..." if len(bad) > 5 else "")
        notes.append(Note("re-encoded", None,
                          f"{len(bad)} line(s) held bytes that are not UTF-8, read as Windows-1252 (lines {shown})"))
    return _checked(text, source), notes


def mixed_line(line: bytes) -> str:
    """A line that is no valid UTF-8: its UTF-8 sequences as UTF-8, every other byte as Windows-1252.

    Example:
        >>> mixed_line("caf\\u00e9 \\u2014 ".encode() + b"na\\xefve") == "caf\\u00e9 \\u2014 na\\u00efve"
        True
    """
    return _ESCAPED_BYTE.sub(lambda byte: bytes([ord(byte.group()) - 0xDC00]).decode("cp1252", errors="replace"),
                             line.decode("utf-8", errors="surrogateescape"))


def file_title(source: str) -> str | None:
    """The title a thread without one takes from its file: the name without its extension; none from stdin. A name
    that is no UTF-8 (a Latin-1 ``caf\\xe9.txt``, or any name outside ASCII under a C locale without UTF-8) is
    :func:`printable`, as the thread's ``source`` is: each byte of it was stored as U+FFFD, so ``caf\\xe9.txt`` and
    ``caf\\xe8.txt`` were two threads titled ``caf�``, which ``--thread`` could not tell apart.

    Example:
        >>> file_title("threads/times.jsonl"), file_title("<stdin>"), file_title("caf\\udce9.txt")
        ('times', None, 'caf\\\\xe9')
    """
    return printable(PurePath(source).stem) if source not in ("", "<stdin>") else None


def decode_wide(data: bytes, source: str) -> str | None:
    """``data`` read as the UTF-32 or UTF-16 its byte-order mark names; ``None`` when it starts with neither.

    Raises:
        InputError: it starts with such a mark but is no such text.
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"starts with a {codec} byte-order mark but is not {codec}: {exc}",
                                 fix="save the file as UTF-8") from exc
    return None


def looks_binary(data: bytes) -> bool:
    """Whether bytes that are no UTF-16 or UTF-32 with a byte-order mark look binary rather than text.

    Binary formats (images, archives, UTF-16 without a byte-order mark) put runs of NULs near the start; a
    text file with a stray NUL or two is a text file, whose NULs the caller drops.
    """
    head = data[:_SNIFF_BYTES]
    # Control characters other than white space, and DEL: about one byte in nine of random data, none in text
    # (a share of a tenth let 200 random bytes through as a thread of junk).
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return bool(head) and (head[:512].count(b"\x00") > _STRAY_NULS or controls > len(head) * 0.05)


#: What an office file (a zip archive inside) is, by the part only it holds or the ``mimetype`` its first entry names,
#: and whether it is a table (read as rows) or a text (read as one document).
_OFFICE_PARTS = (("word/document.xml", "a Word document", False), ("xl/workbook.xml", "an Excel spreadsheet", True),
                 ("ppt/presentation.xml", "a PowerPoint presentation", False))
_OFFICE_MIMETYPES = (("application/vnd.oasis.opendocument.text", "an OpenDocument text", False),
                     ("application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet", True),
                     ("application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation", False),
                     ("application/epub+zip", "an EPUB book", False))


def office_document(data: bytes) -> tuple[str, bool] | None:
    """What an office file is (``.docx``, ``.xlsx``, ``.pptx``, ``.odt``, ``.ods``, ``.odp``, ``.epub``: zip archives
    of XML, whose unpacked parts are no thread or document either), and whether it is a table; ``None`` for any other
    data.

    Example:
        >>> import io, zipfile
        >>> packed = io.BytesIO()
        >>> with zipfile.ZipFile(packed, "w") as archive:
        ...     archive.writestr("word/document.xml", "<w:document/>")
        >>> office_document(packed.getvalue()), office_document(b"PK\\x03\\x04 broken"), office_document(b"text")
        (('a Word document', False), None, None)
    """
    import io
    import zipfile

    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return None
    for part, what, table in _OFFICE_PARTS:
        if part in names:
            return what, table
    for kind, what, table in _OFFICE_MIMETYPES:
        if mimetype == kind:
            return what, table
    return None


def _checked(text: str, source: str) -> str:
    """Decoded ``text`` with its line ends made LF (:func:`_line_ends`).

    Raises:
        EmptyInput: when it shows nothing (:func:`is_blank`).
    """
    if is_blank(text):
        raise EmptyInput(source, "is empty", fix="give a file that holds at least one post")
    return _line_ends(text)


def _line_ends(text: str) -> str:
    """``text`` with CRLF and lone CR line ends written as LF (a raw CR cannot sit inside a JSON string), and
    without the byte-order marks that open a line: files joined with ``cat`` carry each one's mark inside."""
    text = line_ends(text)
    return text.replace("\n\ufeff", "\n") if "\n\ufeff" in text else text


def json_syntax(exc: json.JSONDecodeError) -> tuple[str, str | None]:
    """What a JSON syntax error says, and its fix when the error itself tells one: a comma after the last item
    of an object or list, which hand-edited JSON often has, and which the parser reports as a missing name or value.
    """
    end = exc.doc[exc.pos:exc.pos + 1]
    if end in ("}", "]") and exc.doc[:exc.pos].rstrip().endswith(","):
        kind = "object" if end == "}" else "list"
        return (f"is not valid JSON: a comma ends the {kind} before {end!r} (column {exc.colno})",
                "remove the comma after its last item")
    return f"is not valid JSON: {exc.msg} (column {exc.colno})", None


def load_json(text: str, source: str) -> Any:
    """Parse JSON of any nesting depth.

    The standard parser recurses and gives up near depth 1,000; nested thread formats (Reddit, HN) can be
    deeper than that, so such documents are parsed again with ijson's iterative builder.

    Raises:
        InputError: naming the line and column of the first syntax error.
    """
    try:
        return json.loads(text)
    except RecursionError:
        pass
    except json.JSONDecodeError as exc:
        message, fix = json_syntax(exc)
        fix = fix or "repair or re-download the file; a truncated download often ends like this"
        raise InputError(source, message, line=exc.lineno, fix=fix) from exc
    except ValueError as exc:  # a number of more than 4,300 digits
        raise InputError(source, f"holds JSON argmap cannot read: {exc}".split(";")[0],
                         fix="give ids and times as numbers of ordinary size, or as strings") from exc
    try:
        return _build(ijson.basic_parse(text.encode("utf-8", "surrogatepass"), use_float=True), source)
    except (ijson.JSONError, StopIteration, ValueError) as exc:
        raise InputError(source, f"is not valid JSON: {exc}", fix="repair or re-download the file") from exc


def _build(events: Iterable[tuple[str, Any]], source: str) -> Any:
    """The first JSON value from ijson's ``basic_parse`` events, built with an explicit stack.

    ``ijson.items`` would do the same, but it tracks a dotted prefix per event that grows with the depth, which
    makes a 10,000-deep document take seconds; ``basic_parse`` events carry no prefix.

    Raises:
        StopIteration: when the events end before a whole value.
        InputError: when the document nests deeper than :data:`MAX_JSON_DEPTH`.
    """
    stack: list[Any] = []
    keys: list[str | None] = []
    for event, value in events:
        if len(stack) > MAX_JSON_DEPTH:
            # A few bytes of "[" per level: a small (or gzipped) file would otherwise fill the memory.
            raise InputError(source, f"nests JSON more than {MAX_JSON_DEPTH:,} levels deep; no thread is that deep",
                             fix="check that the file is the thread you meant, not generated or corrupted data")
        if event == "map_key":
            keys[-1] = value
            continue
        if event in ("end_map", "end_array"):
            done = stack.pop()
            keys.pop()
            if not stack:
                return done
            continue
        item: Any = {} if event == "start_map" else [] if event == "start_array" else value
        if stack:
            top = stack[-1]
            if isinstance(top, list):
                top.append(item)
            else:
                top[keys[-1]] = item
        if event in ("start_map", "start_array"):
            stack.append(item)
            keys.append(None)
        elif not stack:
            return item
    raise StopIteration


_BLOCK = {"p", "div", "br", "pre", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
# Where a <blockquote> starts and ends in the text being built (characters no comment holds: dropped from its text).
_QUOTE_START, _QUOTE_END = "\x01", "\x02"
_NO_MARKS = str.maketrans("", "", _QUOTE_START + _QUOTE_END)


#: An http(s) URL, its scheme in any case and white space around it (``HTTPS://...``); "http:notes.txt" is a file.
_URL = re.compile(r"\s*https?://", re.IGNORECASE)


def is_url(target: str) -> bool:
    """Whether ``target`` is an http(s) URL rather than a path; a malformed one too (``http://[::1/x``), which its
    fetch refuses with the reason.

    Example:
        >>> is_url("https://example.org/a"), is_url("http://[::1/x"), is_url("notes/a.html"), is_url("http:notes")
        (True, True, False, False)
    """
    return _URL.match(target) is not None


def html_to_text(html: str | BeautifulSoup, *, code_lines: bool = False) -> str:
    """Clean text from comment HTML.

    Entities are decoded, ``<p>`` becomes a paragraph break and ``<br>`` a line break (two of them a paragraph
    break), ``<pre>`` keeps its lines, and a link
    becomes its target (``text (target)`` where the text says something else). Tags that are not closed
    are tolerated. ``<blockquote>`` paragraphs are prefixed with ``> `` so that quotes are found later.

    Args:
        html (str | BeautifulSoup): the HTML fragment, or its tree when the caller parsed it already.
        code_lines (bool): open each line of a ``<pre>`` block with :data:`argmap.sources.quotes.CODE_MARK`, for
            :func:`argmap.sources.quotes.split_quoted`, which takes no such line for a quote (``>>> import sys``)
            and takes the mark away; for callers that split quotes next.

    Returns:
        str: text with paragraphs separated by blank lines.
    """
    if isinstance(html, str) and "<" not in html and "&" not in html:
        return html.strip()
    # BeautifulSoup encodes a short fragment without tags to UTF-8 (is it a file name?), which a lone surrogate
    # fails: the thread was refused as a bug. They are replaced as every field's are (the post's raw keeps them,
    # to be counted by ``assemble``).
    html = scrub(html) if isinstance(html, str) else html
    # Imported here, not with the module: every command loads this module, only reading a thread needs it.
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser") if isinstance(html, str) else html
    if code_lines:
        for block in soup.find_all("pre"):
            for n, piece in enumerate(block.find_all(string=True)):
                marked = str(piece).replace("\n", "\n" + CODE_MARK)
                piece.replace_with(CODE_MARK + marked if n == 0 else marked)
    parts: list[str] = []
    # An explicit stack instead of recursion: hostile HTML can nest tags thousands deep.
    stack: list[tuple[Any, bool]] = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if isinstance(node, Tag) and node.name in _BLOCK and node.name != "br":
                parts.append(_QUOTE_END + "\n\n" if node.name == "blockquote" else "\n\n")
            continue
        if isinstance(node, NavigableString):
            if type(node).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                continue
            parts.append(str(node).translate(_NO_MARKS))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name in ("script", "style"):
            continue
        if node.name == "a" and node.get("href"):
            href = str(node.get("href"))
            label = node.get_text()
            short = label.rstrip(".").rstrip("…")
            parts.append(href if not label or href.startswith(short) or label == href else f"{label} ({href})")
            continue
        if node.name == "br":  # a line break inside a paragraph, as Discourse writes one: no new paragraph
            parts.append("\n")
        elif node.name in _BLOCK:
            parts.append("\n\n" + (_QUOTE_START if node.name == "blockquote" else ""))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.children)))
    text = _quoted_lines("".join(parts).replace("\r\n", "\n").replace("\xa0", " "))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _quoted_lines(text: str) -> str:
    """Text with every line inside a ``<blockquote>`` (between :data:`_QUOTE_START` and :data:`_QUOTE_END`) marked
    ``> `` once per level, so that a quote of several paragraphs stays one quote
    (:func:`argmap.sources.quotes.split_quoted`); before, only its first line was marked.

    Example:
        >>> html_to_text("<blockquote><p>Cars pollute.</p><p>A lot.</p></blockquote><p>Not all.</p>")
        '> Cars pollute.\\n> A lot.\\n\\nNot all.'
    """
    if _QUOTE_START not in text:
        return text
    lines: list[str] = []
    depth = 0
    for line in text.split("\n"):
        words = line.lstrip(_QUOTE_START + _QUOTE_END)
        for mark in line[:len(line) - len(words)]:  # marks opening the line apply to it
            depth = max(depth + (1 if mark == _QUOTE_START else -1), 0)
        level = depth
        depth = max(depth + words.count(_QUOTE_START) - words.count(_QUOTE_END), 0)  # the rest to the next line
        words = words.translate(_NO_MARKS)
        if not level:
            lines.append(words)
        elif words.strip():  # the blank lines between a quote's paragraphs go: they would end the quote there
            lines.append("> " * level + words)
    return "\n".join(lines)


_LEAP_SECOND = re.compile(r"(\d{2}:\d{2}):60(?=[.,+\-]|$)")


def parse_time(value: Any) -> datetime | None:
    """A UTC datetime from an epoch number (int, float or numeric string: seconds, or milliseconds where it is too
    large to be seconds) or an ISO-8601 string (one without a
    zone is in UTC; one with an offset is converted to UTC); ``None`` for anything else, and for a time that has
    no UTC date in the years 1 to 9999 (``9999-12-31T23:59:59-01:00``), which no database column stores.

    Example:
        >>> parse_time("2024-03-01T09:00:00+01:00")
        datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.timezone.utc)
        >>> parse_time("9999-12-31T23:59:59-01:00") is None
        True
        >>> print(parse_time(1709280000), parse_time(1709280000250))
        2024-03-01 08:00:00+00:00 2024-03-01 08:00:00.250000+00:00
        >>> print(parse_time("20240301"), parse_time("2016-12-31T23:59:60Z"))
        2024-03-01 00:00:00+00:00 2016-12-31 23:59:59+00:00
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{8}", value):
        # A date written without dashes (20240301, ISO 8601's basic form), not 1970-08-23 in epoch seconds:
        # eight digits of seconds are 1970 to 1973, before any thread argmap reads.
        try:
            return datetime.strptime(value, "%Y%m%d").replace(tzinfo=UTC)
        except ValueError:
            pass
    if isinstance(value, int | float) or (isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value)):
        # Epoch seconds; or milliseconds, as JavaScript's Date.now() and pandas' to_json give a time, where the
        # number is too large to be seconds (past the year 9999): 1709280000000 was no time at all.
        for scale in (1, 1000):
            try:
                return datetime.fromtimestamp(float(value) / scale, tz=UTC)
            except (OverflowError, OSError, ValueError):
                continue
        return None
    if isinstance(value, str):
        # A leap second (23:59:60, as UTC has them) is its minute's last second: Python's datetime has no 60th.
        iso = _LEAP_SECOND.sub(r"\1:59", value.replace("Z", "+00:00"))
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            return None
        try:
            # In UTC here: the store converted it on writing, and one past the range of times failed the whole
            # ingest there ("cannot write to sqlite:///argmap.db: date value out of range; check the --db path").
            return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        except OverflowError:
            return None
    return None


def printable(name: str) -> str:
    """A file name as text every output and database takes: the bytes of it that were no UTF-8 (which Python
    keeps as lone surrogates, refused by UTF-8 encoders) written as ``\\xNN``, so that two such names stay two.

    Example:
        >>> printable("caf\\udce9.txt"), printable("café.txt")
        ('caf\\\\xe9.txt', 'café.txt')
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # as InputError does with the names in its messages
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate of no byte: from JSON, not from the file system
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


def scrub(text: str) -> str:
    """``text`` with the characters no database stores replaced by U+FFFD (one for one, so offsets hold).

    JSON escapes can carry them into any field: ``"\\u0000"`` (PostgreSQL refuses NUL in text) and lone UTF-16
    surrogates such as ``"\\ud800"`` (which cannot be encoded as UTF-8 at all).

    Example:
        >>> scrub("a\\x00b") == "a\\ufffdb"
        True
    """
    return _UNSTORABLE.sub("\ufffd", text)


def _scrub_post(post: Post) -> int:
    """Scrub every text field of ``post`` in place (see :func:`scrub`); the number of characters replaced, each
    counted where the input gave it: in the post's id, author, title and url, and in its words (the larger count of
    its text and its raw form, the text being read from the raw), not again in the copies (its quotes' words, a
    parent or a quote's source naming another post)."""

    counts: dict[str, int] = {}

    def clean(name: str) -> None:  # the field scrubbed in place, its count kept
        value = getattr(post, name)
        if value:
            cleaned, counts[name] = _UNSTORABLE.subn("\ufffd", value)
            setattr(post, name, cleaned)

    for name in ("external_id", "author", "title", "url", "text", "raw"):
        clean(name)
    replaced = sum(counts.get(name, 0) for name in ("external_id", "author", "title", "url"))
    replaced += max(counts.get("text", 0), counts.get("raw", 0))
    post.parent = None if post.parent is None else scrub(post.parent)
    for quote in post.quotes:
        quote.text = scrub(quote.text)
        quote.source_post = None if quote.source_post is None else scrub(quote.source_post)
    return replaced


def assemble(
    *,
    key: str,
    format: str,
    source: str,
    posts: Iterable[Post],
    title: str | None = None,
    url: str | None = None,
    notes: Iterable[Note] = (),
    missing: int = 0,
) -> Thread:
    """Check posts and order them into a valid tree.

    - a post whose id was seen before is notes (``duplicate-id``);
    - a post with empty text and no replies is notes (``empty-text``, or ``quote-only`` when it only quoted
      others); one with replies stays as a placeholder so that its replies keep their place;
    - a parent that points nowhere makes the post a reply to the thread's first root (``dangling-parent``);
    - posts in a parent cycle are cut loose at one post, which becomes a reply to the root (``parent-cycle``);
    - posts come out parents first, in the order they came in otherwise; nothing recurses, so a chain
      10,000 deep is fine.

    Raises:
        EmptyInput: when no post with text remains.
    """
    notes = list(notes)
    by_id: dict[str, Post] = {}
    order: list[str] = []
    unstorable = 0
    if len(key) > MAX_KEY_CHARS:
        raise InputError(source, f"the thread's key ({key[:30]!r}...) is {len(key):,} characters long; keys up to "
                                 f"{MAX_KEY_CHARS} characters are stored", fix="give the thread a shorter name or id")
    for post in posts:
        unstorable += _scrub_post(post)
        if len(post.external_id) > MAX_ID_CHARS:
            raise InputError(source, f"a post id is {len(post.external_id):,} characters long "
                                     f"({post.external_id[:20]!r}...); ids up to {MAX_ID_CHARS} characters are stored",
                             line=post.line, fix="give the posts shorter ids")
        if post.external_id in by_id:
            notes.append(Note("duplicate-id", post.external_id,
                              f"post id {post.external_id!r} appears again (line {post.line}); kept the first"
                              if post.line else f"post id {post.external_id!r} appears again; kept the first"))
            continue
        if len(post.text) > MAX_POST_CHARS:
            notes.append(Note("truncated", post.external_id,
                              f"text of {len(post.text):,} characters cut to {MAX_POST_CHARS:,}"))
            post.text = post.text[:MAX_POST_CHARS]
        by_id[post.external_id] = post
        order.append(post.external_id)
    if not by_id:
        raise EmptyInput(source, "holds no post", fix="check that the file is the thread you meant")
    if unstorable:
        notes.append(Note("unstorable-chars", None, f"replaced {unstorable} NUL or lone-surrogate character(s) "
                                                    "(JSON escapes such as \\u0000 or \\ud800) with U+FFFD"))
    roots = [pid for pid in order if by_id[pid].parent is None]
    root = roots[0] if roots else order[0]
    if not roots:
        by_id[root].parent = None
        notes.append(Note("parent-cycle", root, f"no post is a root; made {root!r} the root"))
    for pid in order:
        post = by_id[pid]
        if post.parent == pid:  # a cycle of one
            notes.append(Note("parent-cycle", pid, f"post {pid!r} names itself as its parent; attached to the root "
                                                   f"{root!r}"))
            post.parent = root
        elif post.parent is not None and post.parent not in by_id:
            notes.append(Note("dangling-parent", pid,
                              f"parent {post.parent!r} is not in the thread; attached to the root {root!r}"))
            post.parent = root
    # Parents first, otherwise in input order: a post waits until its parent is out.
    waiting: dict[str, list[str]] = defaultdict(list)
    reached: list[str] = []
    seen: set[str] = set()

    def emit(start: str) -> None:
        queue = deque([start])
        while queue:
            current = queue.popleft()
            seen.add(current)
            reached.append(current)
            queue.extend(waiting.pop(current, ()))

    for pid in order:
        parent = by_id[pid].parent
        if parent is None or parent in seen:
            emit(pid)
        else:
            waiting[parent].append(pid)
    for pid in order:
        if pid not in seen:
            notes.append(Note("parent-cycle", pid, f"post {pid!r} is in a parent cycle; attached to the root"))
            by_id[pid].parent = root
            for children in waiting.values():
                if pid in children:
                    children.remove(pid)
            emit(pid)
    # Drop empty leaves; keep empty posts that others answer.
    answered = {by_id[pid].parent for pid in reached}
    kept: list[Post] = []
    for pid in reached:
        post = by_id[pid]
        if is_blank(post.text) and pid not in answered:
            # A post of quotes alone has text; "no text (deleted or empty)" sent its reader looking for what was lost.
            notes.append(Note("quote-only", pid, f"post {pid!r} only quotes others, with no words of its own; left out")
                         if post.quotes else Note("empty-text", pid, f"post {pid!r} has no text (deleted or empty)"))
            continue
        kept.append(post)
    if all(is_blank(p.text) for p in kept):
        raise EmptyInput(source, "holds no post with text", fix="check that the file is the thread you meant")
    for note in notes:
        note.detail = scrub(note.detail)
        note.post = None if note.post is None else scrub(note.post)
    return Thread(key=scrub(key), format=format, source=printable(source),
                  title=None if title is None else scrub(title), url=None if url is None else scrub(url),
                  posts=kept, notes=notes, missing=missing)
