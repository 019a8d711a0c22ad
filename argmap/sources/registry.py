"""Which reader reads what: look-up by name, sniffing by content, and reading files, folders and stdin."""

from __future__ import annotations

import codecs
import errno
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from argmap.domain import Note, Thread, shorten
from argmap.errors import EmptyInput, InputError, OwnExport, UnknownFormat
from argmap.sources import document, jsonl, plaintext
from argmap.sources.common import decode, is_url, load_json, looks_binary, office_document
from argmap.sources.streams import not_a_file, read_file, read_stream, stdin

__all__ = ["DOCUMENTATION_NAMES", "FORMATS", "IMPORT_FORMATS", "MAX_UNPACKED_BYTES", "OTHER_KIND", "SUFFIXES",
           "TABLE_SUFFIXES", "Reader", "ThreadsReader", "folder_suffixes", "get_reader", "is_documentation",
           "iter_inputs", "read_bytes", "read_bytes_threads", "read_path", "read_path_threads", "read_stdin_threads",
           "skip_reason", "sniff_format", "sniff_path"]

#: Files in a folder that are read; others are passed over.
SUFFIXES = (".txt", ".text", ".md", ".json", ".jsonl", ".ndjson", ".gz", ".xml")
#: Files a folder read with ``--format document`` holds besides those: documents in Markdown, pages and PDFs.
_DOCUMENT_SUFFIXES = (".markdown", ".html", ".htm", ".pdf")


def folder_suffixes(format: str | None = None) -> tuple[str, ...]:
    """The suffixes of the files a folder is read for, with ``format`` forced (``None``: sniffed): with ``document``,
    its pages and PDFs too, which no thread comes in.

    Example:
        >>> folder_suffixes("document")[-3:]
        ('.html', '.htm', '.pdf')
    """
    return SUFFIXES + _DOCUMENT_SUFFIXES if format == document.NAME else SUFFIXES


#: A folder's own documentation (``README.md``, ``LICENSE.txt``...), by file name before the first dot: passed
#: over when a folder is read, since plain text would take it for a thread; read when named.
DOCUMENTATION_NAMES = frozenset({
    "readme", "license", "licence", "copying", "changelog", "changes", "authors", "contributing", "notice",
    "citation", "code_of_conduct",
})
# A Markdown file named in capitals (``FACTS.md``, ``SOURCES.md``, ``STYLE.md``): a repository's notes by convention.
_CAPITALISED_NOTES = re.compile(r"[A-Z][A-Z0-9_-]*[A-Z][A-Z0-9_-]*\.md")


def is_documentation(path: Path) -> bool:
    """Whether ``path`` is named like a folder's documentation: one of :data:`DOCUMENTATION_NAMES` (any case, any
    suffix), or a Markdown file named in capitals, as repositories name their notes (``FACTS.md``, ``SOURCES.md``).

    Example:
        >>> is_documentation(Path("corpus/README.md")), is_documentation(Path("corpus/readme-thread.txt"))
        (True, False)
        >>> is_documentation(Path("corpus/FACTS.md")), is_documentation(Path("corpus/facts.md"))
        (True, False)
    """
    return (path.name.split(".", 1)[0].lower() in DOCUMENTATION_NAMES
            or _CAPITALISED_NOTES.fullmatch(path.name) is not None)


#: Spreadsheet and table files: refused unless a format is forced, since plain text would take them row by row.
TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".xls", ".xlsx", ".ods")
# The fix for a table (and, saved as CSV first, for a spreadsheet in an office file).
_TABLE_FIX = ("convert it to JSON Lines, one post a line with id, parent, author and text (README, 'Input formats'), "
              "or read each line as a comment with --format text")
SNIFF_CHARS = 65536
MAX_UNPACKED_BYTES = 512 * 2**20
"""A gzip-compressed input that unpacks to more than this (512 MB) is refused: a small file can unpack to gigabytes."""
_GUNZIP_CHUNK = 2**20
_GZIP_MAGIC = b"\x1f\x8b"
# Other compressors' first bytes, and the command that unpacks each: argmap unpacks gzip only.
_OTHER_COMPRESSION = ((b"BZh", "bzip2", "bunzip2"), (b"\xfd7zXZ\x00", "xz", "unxz"),
                      (b"\x28\xb5\x2f\xfd", "zstd", "unzstd"), (b"PK\x03\x04", "zip", "unzip"),
                      (b"7z\xbc\xaf\x27\x1c", "7z", "7z x"))


class Reader(Protocol):
    """What a reader module provides."""

    NAME: str

    def sniff(self, head: str) -> bool: ...

    def read(self, text: str, *, source: str) -> Thread: ...


class ThreadsReader(Reader, Protocol):
    """A reader whose input may hold several threads (an argmap AIF export of several): ``read`` gives the whole
    input as one thread, ``read_threads`` each thread it holds."""

    def read_threads(self, text: str, *, source: str) -> list[Thread]: ...


def _modules() -> list[ModuleType]:
    # Imported here, not at module level, so that a reader under construction cannot break the others.
    from argmap.sources import (
        aif,
        brat,
        cmv,
        discourse,
        document,
        fourforums,
        hn_algolia,
        hn_firebase,
        hnpwa,
        jsonl,
        kialo,
        reddit,
    )

    # Order matters: the most specific sniffers first, plain text (which takes anything) last; a document is
    # never sniffed, only asked for.
    return [aif, reddit, discourse, hn_algolia, hnpwa, hn_firebase, fourforums, jsonl, kialo, cmv, brat, document,
            plaintext]


def _readers() -> dict[str, Reader]:
    return {module.NAME: cast(Reader, module) for module in _modules()}


FORMATS: tuple[str, ...] = ("text", "document", "hn", "hn-firebase", "hnpwa", "reddit", "discourse", "jsonl", "4forums",
                            "aif", "kialo", "cmv", "brat")
#: Formats that carry their own units and relations (curated maps, annotated documents): no extraction is run on
#: them.
IMPORT_FORMATS: tuple[str, ...] = ("aif", "kialo", "brat")


#: The key that marks argmap's own JSON export (:data:`argmap.render.export.JSON_VERSION` is its value).
_JSON_EXPORT_KEY = "argmap_json"


def get_reader(name: str) -> Reader:
    """The reader called ``name``.

    Raises:
        UnknownFormat: naming the formats there are.
    """
    readers = _readers()
    if name not in readers:
        raise UnknownFormat("--format", f"no reader called {name!r}",
                            fix=f"use one of: {', '.join(sorted(readers))}")
    return readers[name]


def sniff_format(head: str, source: str, text: str | None = None) -> str:
    """The name of the first reader that recognises ``head`` (the start of the input).

    Args:
        head (str): the first :data:`SNIFF_CHARS` characters.
        source (str): the input's name, for messages.
        text (str | None): the whole input; when no reader recognises JSON-looking content, it is parsed so
            that a broken file is reported as such (with its line), not as an unknown format.

    Raises:
        InputError: JSON that does not parse.
        UnknownFormat: when no reader recognises the content.
    """
    for name, reader in _readers().items():
        if reader.sniff(head):
            return name
    fix = f"force one with --format ({', '.join(FORMATS)}); see README, 'Input formats'"
    if head.lstrip()[:1] in ("[", "{"):
        if (lines := jsonl.other_lines(text if text is not None else head, source)) is not None:
            raise UnknownFormat(lines.source, lines.detail, fix=lines.fix)
        parsed = load_json(text if text is not None else head, source)  # raises, naming the line, when broken
        if (listed := jsonl.list_of_posts(parsed, source)) is not None:
            raise UnknownFormat(listed.source, listed.detail, fix=listed.fix)
        if isinstance(parsed, dict) and _JSON_EXPORT_KEY in parsed:
            # argmap's own JSON export (`argmap export`): the format for other tools and for --predicted, not read
            # back; the AIF export is, whole
            raise OwnExport(source, "is argmap's own JSON export, which argmap ingest does not read back "
                                        "(argmap eval --predicted reads it as predictions)",
                                fix="export the threads as AIF, which argmap ingest reads back whole, ids, offsets "
                                    "and provenance included: argmap export --format aif -o FILE.aif.json")
        raise UnknownFormat(source, "is JSON, but not in a thread format argmap knows", fix=fix)
    raise UnknownFormat(source, "is not a thread format argmap knows", fix=fix)


def read_bytes(data: bytes, *, source: str, format: str | None = None) -> Thread:
    """Read one thread from raw bytes (an input that holds several is read as one: see :func:`read_bytes_threads`).

    Args:
        data (bytes): the input (gzip-compressed input is unpacked).
        source (str): its name, for messages.
        format (str | None): a reader name; sniffed from the content when ``None``.

    Raises:
        InputError: what the reader or decoder found wrong.
    """
    if format == document.NAME and (page := document.read_page(data, source=source)) is not None:
        return page  # a PDF or an HTML page, whatever its name: its main text, not its markup
    text, notes, name = _decoded(data, source, format)
    try:
        thread = get_reader(name).read(text, source=source)
    except InputError as exc:
        raise _hinted(exc, text, source, format) from exc
    thread.notes[:0] = notes
    return thread


def read_bytes_threads(data: bytes, *, source: str, format: str | None = None) -> list[Thread]:
    """Read every thread in raw bytes: one, but for an argmap AIF export of several threads, which gives each
    (:func:`argmap.sources.aif.read_threads`). The arguments and errors are those of :func:`read_bytes`.

    Returns:
        list[Thread]: at least one thread; the decoder's notes go to the first.
    """
    if format == document.NAME and (page := document.read_page(data, source=source)) is not None:
        return [page]  # a PDF or an HTML page, whatever its name: its main text, not its markup
    text, notes, name = _decoded(data, source, format)
    reader = get_reader(name)
    try:
        if hasattr(reader, "read_threads"):
            threads = cast(ThreadsReader, reader).read_threads(text, source=source)
        else:
            threads = [reader.read(text, source=source)]
    except InputError as exc:
        raise _hinted(exc, text, source, format) from exc
    threads[0].notes[:0] = notes
    return threads


def _hinted(exc: InputError, text: str, source: str, format: str | None) -> InputError:
    """``exc``, raised by the reader ``--format`` forced, with the fix that input read as another format needs.

    A Reddit file forced as ``jsonl`` was told to "put one whole JSON object on each line", and a pasted thread
    forced as ``4forums`` to repair a truncated download: the mistake was the flag, and the message did not say so.

    Args:
        exc (InputError): what the forced reader found wrong.
        text (str): the whole input, sniffed here as it would be without ``--format``.
        source (str): the input's name, for messages.
        format (str | None): the forced format; ``None`` (sniffed) leaves ``exc`` as it is.

    Returns:
        InputError: ``exc`` itself when no format was forced, when the input is empty or when it reads as no other
        format; else an error of the same class, place and words whose fix names the format the content reads as.
    """
    if format is None or isinstance(exc, EmptyInput):
        return exc
    try:
        sniffed = sniff_format(text[:SNIFF_CHARS], source, text)
    except InputError:
        return exc
    if sniffed == format:
        return exc
    fix = (f"it reads as {sniffed}, not {format}: leave out --format (or give --format {sniffed})"
           + (f"; else {exc.fix}" if exc.fix else ""))
    return type(exc)(exc.source, exc.detail, line=exc.line, post=exc.post, fix=fix)


def _decoded(data: bytes, source: str, format: str | None) -> tuple[str, list[Note], str]:
    """The text of ``data``, the notes of decoding it, and the name of the reader for it.

    Raises:
        InputError: a broken or oversized gzip file, undecodable or empty input, or no reader for it.
    """
    if format in (None, "brat") and _blank_annotation(data, source):
        return "", [], "brat"  # a document with no annotation: its posts are in the .txt beside it
    notes: list[Note] = []
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, source)
    else:
        notes += _not_gzip(data, source)
    if format is None and data.lstrip()[:5] == b"%PDF-":
        # A PDF opens with a line of text: read as a pasted thread, its streams became posts of junk.
        raise UnknownFormat(source, "is a PDF, which argmap reads as one document, not as a thread",
                            fix=f"ingest it with --format document (argmap ingest --format document {source}), or "
                                "add it to the evidence library: argmap evidence add FILE")
    text, decoding = decode(data, source)
    notes += decoding
    name = format or sniff_format(text[:SNIFF_CHARS], source, text)
    if format is None and name == plaintext.NAME and (source.lower().endswith(".xml") or text.lstrip("\ufeff \t\r\n")
                                                       .startswith("<?xml")):
        # Plain text takes anything: read as such, markup would become the posts' words, tags and all.
        raise UnknownFormat(source, "is XML, but not a thread format argmap knows (of XML it reads the Change My "
                                    "View corpus's thread files)",
                            fix=f"force one with --format ({', '.join(FORMATS)}), or convert it to JSON Lines "
                                "(README, 'Input formats')")
    if format is None and name == plaintext.NAME:
        _not_plain_text(text, source)
    if format is None and name == plaintext.NAME and source.lower().endswith(".ann"):
        name = "brat"  # a brat file with a line brat cannot read: its reader names the line, plain text took it
    if format is None and name == plaintext.NAME and source.lower().endswith(TABLE_SUFFIXES):
        # Plain text takes anything: read as such, a table would become one "post" per row, silently.
        raise UnknownFormat(source, "is a table, and argmap has no table reader", fix=_TABLE_FIX)
    return text, notes, name


def _not_plain_text(text: str, source: str) -> None:
    """Refuse what only plain text would take, and would take wrongly: a file named ``.json`` that holds no
    thread (JSON of no known shape such as ``null``, or no JSON at all: a saved error page, most often) and an
    HTML page (its tags and scripts became the posts' words).

    Raises:
        UnknownFormat: ``text`` is one of those.
    """
    start = text.lstrip("\ufeff \t\r\n")
    if source.lower().endswith(".json"):
        try:
            json.loads(start)
        except ValueError:
            first = shorten(start.split("\n", 1)[0], 60)
            raise UnknownFormat(source, f"is named .json but holds no JSON (it begins {first!r})",
                                fix="download it again (a saved error page is no thread), or read it as a pasted "
                                    "thread with --format text") from None
        raise UnknownFormat(source, "is JSON, but not in a thread format argmap knows",
                            fix=f"force one with --format ({', '.join(FORMATS)}); see README, 'Input formats'")
    if source.lower().endswith((".html", ".htm")) or start[:200].lower().startswith(("<!doctype html", "<html")):
        raise UnknownFormat(source, "is an HTML page, not a thread format argmap knows",
                            fix=f"ingest the article it holds as one post with --format document (argmap ingest "
                                f"--format document {source}), or give the thread's JSON (a Hacker News, Reddit or "
                                "Discourse thread's URL or its .json)")


def _blank_annotation(data: bytes, source: str) -> bool:
    """Whether ``data`` is a brat ``.ann`` file that holds no annotation: valid brat (a document nobody has
    annotated yet, or a thread argmap's brat export wrote with no units, as ``ingest --no-extract`` stores it),
    where the posts are in the ``.txt`` beside it, not an empty thread file.

    Example:
        >>> _blank_annotation(b"\\n", "essay01.ann"), _blank_annotation(b"", "thread.txt")
        (True, False)
    """
    return source.lower().endswith(".ann") and not data.removeprefix(codecs.BOM_UTF8).strip()


def _not_gzip(data: bytes, source: str) -> list[Note]:
    """Check input that is not gzip-compressed, whatever its name: compression is told by content, as formats are.

    A file named ``.gz`` that holds text (saved by a browser that had already unpacked it) is read as the text it
    is, with a note (``not-gzip``); one compressed by another tool, or named ``.gz`` and holding no text, is refused.

    Raises:
        InputError: the data is compressed by a tool other than gzip, or is named ``.gz`` and is no text either.
    """
    if (office := office_document(data)) is not None:
        # A zip archive, but of XML parts: "unpack it with unzip and give the file it holds" could not help.
        what, table = office
        if table:
            raise InputError(source, f"is {what}, and argmap has no table reader",
                             fix="save it as CSV and " + _TABLE_FIX.replace("each line", "each row of the CSV"))
        raise InputError(source, f"is {what}, which argmap does not read",
                         fix="save it as plain text (.txt) or PDF and ingest that as one post with --format document "
                             "(argmap ingest --format document FILE.txt), or copy the thread it holds into a text "
                             "file (README, 'Input formats')")
    for magic, tool, command in _OTHER_COMPRESSION:
        if data.startswith(magic):
            raise InputError(source, f"is {tool}-compressed; argmap unpacks gzip only",
                             fix=f"unpack it with {command} and give the file it holds, or compress the "
                                 "thread with gzip instead")
    # A fetched answer was unpacked by the fetch, whatever its URL says.
    if "://" in source or not source.lower().endswith(".gz"):
        return []
    if looks_binary(data):
        raise InputError(source, "is named .gz but is not gzip-compressed, and holds no text either (a truncated "
                                 "or broken download?)",
                         fix="download or copy it again, or compress the thread with gzip (gzip -k FILE)")
    return [Note("not-gzip", None, "is named .gz but is not gzip-compressed; read as the text it holds (rename it "
                                   "without .gz, or gzip it, for the note to go)")]


def _gunzip(data: bytes, source: str) -> bytes:
    """Unpack gzip data, refusing it as soon as it unpacks to more than :data:`MAX_UNPACKED_BYTES`.

    The data is unpacked twice: once to count, keeping nothing, so that a "zip bomb" is refused without
    holding its first 512 MB, then into memory once its size is known to be allowed.

    Raises:
        InputError: a broken gzip file, or one that unpacks to too much (a "zip bomb").
    """
    import gzip
    import io
    import zlib

    size = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            while chunk := packed.read(_GUNZIP_CHUNK):
                size += len(chunk)
                if size > MAX_UNPACKED_BYTES:
                    raise InputError(source, f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20:,} MB; argmap "
                                             "reads threads up to that size",
                                     fix="check that the file is the thread you meant; split a larger one")
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:  # a damaged stream inside a sound header is zlib's error
        raise InputError(source, f"is a broken gzip file: {exc}", fix="re-download or re-compress it") from exc


def read_path(path: Path, *, format: str | None = None) -> Thread:
    """Read one thread from a file (a file that holds several is read as one: see :func:`read_path_threads`).

    Raises:
        InputError: when the file is missing, unreadable or not a thread.
    """
    return read_bytes(_file_bytes(path), source=str(path), format=format)


def read_path_threads(path: Path, *, format: str | None = None) -> list[Thread]:
    """Read every thread in a file (see :func:`read_bytes_threads`).

    Raises:
        InputError: when the file is missing, unreadable or not a thread.
    """
    return read_bytes_threads(_file_bytes(path), source=str(path), format=format)


def sniff_path(path: Path) -> str:
    """The name of the reader the file at ``path`` is read with when no format is forced, decided as
    :func:`read_path_threads` decides it (a gzip file unpacked, a brat ``.ann`` by its name).

    Raises:
        InputError: what :func:`read_path_threads` raises before its reader runs (a missing file, no format).
    """
    return _decoded(_file_bytes(path), str(path), None)[2]


def _file_bytes(path: Path) -> bytes:
    """The bytes of the file at ``path`` (a named pipe's up to :data:`~argmap.sources.streams.MAX_STREAM_BYTES`).

    Raises:
        InputError: when the file is missing (or a link to nothing), a folder, unreadable, a device or socket, or a
            stream that does not end.
    """
    try:
        data = read_file(path)
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise InputError(str(path), f"is a link to {str(path.readlink())!r}, which does not exist",
                             fix="restore the file it points to, or remove the link") from exc
        raise InputError(str(path), "does not exist", fix="check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(str(path), "is a folder", fix="give the folder itself to read every thread in it") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # "check its permissions" could not help
            raise InputError(str(path), "is a symbolic link in a loop: following it leads back to a link on the way",
                             fix="point the link at a file, or remove it") from exc
        raise InputError(str(path), f"cannot be read: {exc.strerror}", fix="check its permissions") from exc
    return data


def _brat_text(path: Path) -> bool:
    """Whether ``path`` is the text of a brat annotation (a ``.txt`` with its ``.ann`` beside it): a copy of a
    thread in another file, for annotation tools (the CMV corpus ships each thread as XML and as brat)."""
    return path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file()


def _brat_annotation(path: Path) -> bool:
    """Whether ``path`` is a brat annotation to read in a folder: an ``.ann`` with its ``.txt`` beside it and no
    other copy of the document (the CMV corpus's ``.xml``), which is read instead."""
    return (path.suffix.lower() == ".ann" and path.with_suffix(".txt").is_file()
            and not path.with_suffix(".xml").is_file())


#: :func:`skip_reason` for a file of no kind a folder is read for: one only ``--format`` can make argmap read.
OTHER_KIND = f"not a kind of file threads come in ({', '.join(SUFFIXES)})"


def skip_reason(path: Path, *, format: str | None = None) -> str:
    """Why :func:`iter_inputs` passes ``path`` over when it reads the folder ``path`` is in (with ``format`` forced), in
    words.

    Example:
        >>> skip_reason(Path("corpus/README.md"))
        "the folder's documentation, not a thread"
    """
    odd = not_a_file(path) if path.exists() and not path.is_file() else None
    if odd is not None:  # a named pipe, a socket, a device
        return odd[0].removeprefix("is ")
    if is_documentation(path):
        return "the folder's documentation, not a thread"
    suffix = path.suffix.lower()
    xml = path.with_suffix(".xml")
    if suffix in (".ann", ".txt", ".metadata") and path.with_suffix(".ann").is_file():
        part = {".ann": "a brat annotation", ".txt": "the text of a brat annotation",
                ".metadata": "the post list of a brat annotation"}[suffix]
        if xml.is_file():
            return f"{part}: a copy of {xml.name}, which is read instead"
        if suffix != ".ann":
            return f"{part}: read with {path.with_suffix('.ann').name}"
    if format == document.NAME:
        return f"not a kind of file documents come in ({', '.join(folder_suffixes(format))})"
    return OTHER_KIND


def iter_inputs(targets: list[str], skipped: list[Path] | None = None, *,
                format: str | None = None) -> Iterator[tuple[str, Path | None]]:
    """Expand targets: a folder yields the thread files in it (sorted), ``-`` yields stdin, URLs pass through.

    Args:
        targets (list[str]): files, folders, URLs or ``-``.
        format (str | None): the format forced, if any: a folder read with ``document`` yields its pages and PDFs too
            (:func:`folder_suffixes`).
        skipped (list[Path] | None): gets the files of a folder that are not yielded: its documentation
            (:func:`is_documentation`), the text files of brat annotations (a ``.txt`` with its ``.ann``, which is
            read, unless an ``.xml`` copy of the document lies beside them and is read instead), files of other
            kinds (``.csv``, images...) and what is no file (a named pipe, a socket, a device); hidden files are
            left out.
            A link to a file that does not exist is yielded, so that reading it reports it.

    Yields:
        tuple[str, Path | None]: the name, and the path for files (``None`` for URLs and stdin).
    """
    suffixes = folder_suffixes(format)
    for target in targets:
        if target == "-" or is_url(target) or not target.strip():
            yield target, None  # an empty path is no folder to read: reading it says so
            continue
        path = Path(target)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                # A link to a file that is gone is yielded, so that reading it says so (not silently missed).
                gone = child.is_symlink() and not child.exists()
                if child.name.startswith(".") or child.is_dir():
                    continue
                if not (child.is_file() or gone):  # a named pipe (reading it waits for a writer), a socket, a device
                    if skipped is not None:
                        skipped.append(child)
                    continue
                if _brat_annotation(child):
                    yield str(child), child
                    continue
                if not child.name.endswith(suffixes) or is_documentation(child) or _brat_text(child):
                    if skipped is not None:
                        skipped.append(child)
                    continue
                yield str(child), child
        else:
            yield target, path


def read_stdin_threads(*, format: str | None = None) -> list[Thread]:
    """Read every thread in standard input (see :func:`read_bytes_threads`), up to
    :data:`~argmap.sources.streams.MAX_STREAM_BYTES`.

    Raises:
        InputError: what :func:`read_bytes_threads` raises; standard input that is closed, a device other than a
            terminal (``< /dev/zero``), or that sends more than :data:`~argmap.sources.streams.MAX_STREAM_BYTES`.
    """
    return read_bytes_threads(read_stream(stdin(), "<stdin>"), source="<stdin>", format=format)
