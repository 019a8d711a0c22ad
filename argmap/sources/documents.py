"""Documents for the evidence library: plain text, Markdown, HTML pages and PDFs, as clean text in passages.

:func:`read_document` reads a file or fetches a URL (at most :data:`MAX_DOCUMENT_BYTES`), extracts its text
(HTML through trafilatura, which drops navigation, footers and other boilerplate; PDF through pypdf, page by
page) and splits it into passages of about a paragraph, each with where it stands (lines and section,
page, or paragraph). Whatever cannot be read raises an error that names the file and the fix, before anything
is stored.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from argmap.config import Settings, mask_url
from argmap.errors import FetchError, InputError
from argmap.markup import code_fence
from argmap.sources.common import decode_wide, is_url, looks_binary, mixed_line, office_document, printable
from argmap.sources.fetch import USER_AGENT, deadline, too_slow
from argmap.sources.streams import not_a_file, read_file, stdin

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "MAX_PASSAGE_WORDS",
    "MAX_PDF_CHARS",
    "STDIN",
    "DocumentText",
    "PassageText",
    "check_target",
    "document_files",
    "document_text",
    "front_matter",
    "page_media",
    "read_document",
]

#: How standard input (``-``) is named in messages and as a document's source.
STDIN = "<stdin>"
#: Larger files and pages are refused (a clear error, nothing stored).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
#: File suffixes taken from a folder, and the kind each is read as.
DOCUMENT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                     ".html": "html", ".htm": "html", ".pdf": "pdf"}
_SUFFIX_LIST = ", ".join(DOCUMENT_SUFFIXES)
"""The suffixes a folder's documents are read by, for messages: ".txt, .text, .md, ..."."""
#: A paragraph longer than this is cut into passages at sentence ends.
MAX_PDF_CHARS = 5_000_000
"""The most text a PDF may unpack into (a book of 1,500 pages holds about 3 million characters): 300 pages of a 50 KB
file that share one 1 MB compressed stream took five minutes to read and made a 207 MB database."""
MAX_PASSAGE_WORDS = 160
#: An HTML page whose extracted main text has fewer words is taken as having none (a menu, a login wall).
MIN_HTML_WORDS = 5
#: Paragraphs shorter than this join the next one of the same section or page.
MIN_PASSAGE_WORDS = 12

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


@dataclass
class PassageText:
    """A passage of a document: its words, offsets into the document text and where it stands."""

    start: int
    end: int
    location: str
    text: str


@dataclass
class DocumentText:
    """A document read and split.

    Attributes:
        key (str): what identifies it in the library (``file:/abs/path`` or ``url:...``); adding the same key
            again replaces it.
        source (str): the path or URL as given.
        title (str | None): its title (HTML ``<title>``, PDF metadata, first Markdown heading or line).
        media (str): ``text``, ``markdown``, ``html`` or ``pdf``.
        sha256 (str): of the bytes read.
        text (str): the clean text.
        passages (list[PassageText]): the text split into passages.
    """

    key: str
    source: str
    title: str | None
    media: str
    sha256: str
    text: str
    passages: list[PassageText] = field(default_factory=list)


@dataclass
class _Block:
    text: str
    location: str
    group: str


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
#: URL schemes said letter by letter whose first letter sounds like a vowel ("an ftp URL").
_SPELLED_OUT = frozenset({"ftp", "ftps", "sftp", "http", "https", "smb", "ssh", "nfs", "hdfs", "s3", "rtsp", "nntp",
                          "ldap", "ldaps", "xmpp"})


def check_target(target: str) -> None:
    """Refuse a target that is neither a path nor an http(s) URL, before it is taken for a path.

    Raises:
        InputError: an empty path (``Path("")`` is the current folder: an unset shell variable would read every
            file under it), or a URL of another scheme (``ftp://``), which would be read as a file name.

    Example:
        >>> check_target("ftp://example.org/thread.json")
        Traceback (most recent call last):
        ...
        argmap.errors.InputError: ftp://example.org/thread.json: is an ftp URL; argmap fetches only http(s) URLs
          fix: download it and give the file
    """
    if not target.strip():
        raise InputError(repr(target), "is an empty path",
                         fix="give a file, a folder or an http(s) URL (for the current folder: .)")
    if _SCHEME.match(target) and not is_url(target):
        scheme = target.split(":", 1)[0].lower()
        article = "an" if scheme[0] in "aeiou" or scheme in _SPELLED_OUT else "a"  # an ftp, a file
        raise InputError(target, f"is {article} {scheme} URL; argmap fetches only http(s) URLs",
                         fix="download it and give the file")


def document_files(folder: Path, passed_over: list[str] | None = None) -> list[Path]:
    """The files of ``folder`` (recursively) whose suffix is one of :data:`DOCUMENT_SUFFIXES`, sorted.

    Args:
        folder (Path): the folder.
        passed_over (list[str] | None): gets, for each entry with such a suffix that is no file to read (a named
            pipe, a socket, a link to nothing or in a loop: :func:`argmap.sources.streams.not_a_file`), what it is
            and the fix, in words that name it.
    """
    files: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        if path.is_file():
            files.append(path)
        elif passed_over is not None and (why := not_a_file(path)) is not None:
            what, fix = why
            passed_over.append(f"{printable(str(path))}: {what}; passed over ({fix})")
    return files


def _too_large(source: str, size: int) -> InputError:
    return InputError(source, f"is {size / 1024 / 1024:.1f} MB, more than the library takes "
                              f"({MAX_DOCUMENT_BYTES // 1024 // 1024} MB)",
                      fix="split it into smaller files, or add only the part that matters")


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(str(path), "is a symbolic link in a loop: following it leads back to a link on the "
                             "way", fix="point the link at a file, or remove it") from exc
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})",
                         fix="check the path; folders are read for their " + _SUFFIX_LIST + " files") from exc
    if size > MAX_DOCUMENT_BYTES:
        raise _too_large(str(path), size)
    try:
        # A named pipe or device has no size to check above: read_file refuses a device and caps a pipe.
        return read_file(path, limit=MAX_DOCUMENT_BYTES)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})", fix="check its permissions") from exc


def _read_stdin() -> bytes:
    """Standard input, refused past :data:`MAX_DOCUMENT_BYTES` without reading it all."""
    data = stdin(STDIN).read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(STDIN, len(data))
    return data


def _fetch(url: str, settings: Settings) -> tuple[bytes, str]:
    """The body and content type of a page, refusing more than the size cap as it streams."""
    import httpx  # imported here, not with the module: every command loads this module, few fetch

    try:
        host = urlsplit(url).hostname or url
    except ValueError as exc:  # an unclosed "[" (http://[::1/x), or a bracketed host that is no IP address
        raise FetchError(f"{url}: is not a URL that can be read ({exc})\n  fix: check the URL") from None
    until = deadline(settings)
    try:
        with httpx.Client(timeout=settings.timeout, follow_redirects=True,
                          headers={"User-Agent": USER_AGENT}) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"{url}: {host} answered HTTP {response.status_code} "
                                 f"{response.reason_phrase}".rstrip()
                                 + "\n  fix: check the URL in a browser, or save the page and add the file")
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_DOCUMENT_BYTES:
                raise _too_large(url, declared)
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise _too_large(url, len(body))
                if time.monotonic() > until:
                    raise too_slow(url, host, settings)
            return bytes(body), response.headers.get("content-type", "")
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: {host} did not answer within {settings.timeout:g} s\n"
                         "  fix: try again later, or allow more time with ARGMAP_TIMEOUT=<seconds>") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: {host} redirected too many times (a redirect loop)\n"
                         "  fix: open the URL in a browser to find where the page is now, or save the page and add "
                         "the file") from exc
    except (httpx.ConnectError, httpx.NetworkError) as exc:
        raise FetchError(f"{url}: cannot connect to {host} ({exc or type(exc).__name__}); are you offline?\n"
                         "  fix: check the URL and your connection, or save the page and add the file") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch the page ({exc or type(exc).__name__})\n"
                         "  fix: check the URL, or save the page and add the file") from exc


_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body")


def _media(name: str, data: bytes, content_type: str = "") -> str:
    # A byte-order mark, an XML prolog (XHTML) or no doctype at all opens many a page, piped in or named
    # without a suffix: all of them were read as text, tags and all.
    head = data[:1024].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if data.startswith(b"%PDF-") or "pdf" in content_type:
        return "pdf"
    suffix = DOCUMENT_SUFFIXES.get(Path(urlsplit(name).path).suffix.lower())
    if suffix:
        return suffix
    if "html" in content_type or head.startswith(_HTML_OPENINGS) or (head.startswith(b"<?xml") and b"<html" in head):
        return "html"
    return "text"


def _decode(source: str, data: bytes) -> str:
    """Text as a thread file's is read (:func:`argmap.sources.common.decode`): UTF-16 and UTF-32 by their
    byte-order mark, stray NULs dropped; then UTF-8, else each line that is no UTF-8 with its bytes that are no
    UTF-8 as Windows-1252 (:func:`argmap.sources.common.mixed_line`)."""
    wide = decode_wide(data, source)
    if wide is not None:
        return wide
    if (office := office_document(data)) is not None:
        raise InputError(source, f"is {office[0]}, which argmap does not read",
                         fix="save it as PDF or plain text (.txt) and add that")
    if looks_binary(data):
        raise InputError(source, "is a binary file, not text", fix="add " + _SUFFIX_LIST + " documents")
    data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Line by line, as a thread file is read: one Windows-1252 line garbled every other line's UTF-8.
        return "".join(mixed_line(line) for line in data.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True))


def _text_blocks(text: str, markdown: bool) -> tuple[str | None, list[_Block]]:
    """Paragraphs of plain text or Markdown, with their lines and section."""
    blocks: list[_Block] = []
    title: str | None = None
    section = ""
    lines = text.splitlines()
    current: list[str] = []
    first = 0

    def flush(end_line: int) -> None:
        words = " ".join(line.strip() for line in current).strip()
        if words:
            where = f"lines {first + 1}-{end_line}" if end_line > first + 1 else f"line {first + 1}"
            blocks.append(_Block(words, where + (f", section '{section}'" if section else ""), section))
        current.clear()

    fence: str | None = None  # the marks that opened a fenced code block being read
    start = _front_matter_end(lines) if markdown else 0
    if start:
        title = _front_matter_title(lines[1:start - 1])
    for number, line in enumerate(lines):
        if number < start:
            continue
        fenced, opened = code_fence(line, fence) if markdown else (False, None)
        if fenced:
            # Code is no prose to cite, and a "# comment" in it is no heading: the block is passed over whole.
            if fence is None:
                flush(number)
            fence = opened
            first = number + 1
            continue
        if markdown and _SETEXT.match(line):
            if len(current) == 1:  # "Costs" underlined with === or ---: a heading, not a passage
                section = current[0].strip()
                title = title or section
                current.clear()
            else:
                flush(number)  # a thematic break
            first = number + 1
            continue
        heading = _heading(line) if markdown else None
        if heading is not None or not line.strip():
            flush(number)
            if heading is not None:
                section = heading
                title = title or section
            first = number + 1
            continue
        if not current:
            first = number
        current.append(line)
    flush(len(lines))
    if title is None and lines:
        first_line = next((line.strip() for line in lines if line.strip()), "")
        if len(blocks) > 1 and blocks[0].text == first_line and _is_heading(first_line):
            del blocks[0]  # "Office culture and junior staff" above the text: its title, not a passage of it
        title = _title(first_line) or None
    return title, blocks


_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def _front_matter_end(lines: list[str]) -> int:
    """The line after a Markdown file's front matter (``---`` ... ``---`` or ``...`` opening the file), 0 without
    one."""
    if not lines or lines[0].strip() != "---":
        return 0
    for number, line in enumerate(lines[1:200], start=1):
        if line.strip() in ("---", "..."):
            return number + 1
    return 0


def front_matter(text: str) -> tuple[str | None, str]:
    """The title a Markdown file's front matter gives (``---`` ... ``---`` opening the file, as Jekyll, Hugo, Pandoc
    and Obsidian write it) and the text after it; ``(None, text)`` without one.

    Example:
        >>> front_matter("---\\ntitle: Night buses\\ndate: 2024-03-01\\n---\\n\\nRun them all year.\\n")
        ('Night buses', '\\nRun them all year.\\n')
    """
    lines = text.splitlines(keepends=True)
    end = _front_matter_end([line.rstrip("\r\n") for line in lines])
    if not end:
        return None, text
    return _front_matter_title([line.rstrip("\r\n") for line in lines[1:end - 1]]), "".join(lines[end:])


def _front_matter_title(lines: list[str]) -> str | None:
    """The ``title:`` the front matter gives, unquoted."""
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            return value.strip().strip("\"'") or None
    return None


def _heading(line: str) -> str | None:
    """The words of a Markdown heading line, without its closing hashes, or ``None`` for any other line.

    The closing hashes and the spaces around them are stripped after the match: a lazy title followed by
    optional spaces, hashes and spaces split a long run of spaces between the two in every way (76 s for a
    heading line of 4,000 spaces).

    Example:
        >>> _heading("## Costs and benefits ##"), _heading("#hashtag")
        ('Costs and benefits', None)
    """
    match = _HEADING.match(line)
    if match is None:
        return None
    words = match.group(1)
    return (words.rstrip().rstrip("#").rstrip() or words[:1]).strip()


def _title(line: str, limit: int = 120) -> str:
    """``line`` as a title: whole when it fits, else cut after the last whole word that does, with "...".

    Example:
        >>> _title("Remote work and the commute " * 6, limit=40)
        'Remote work and the commute Remote...'
    """
    words = " ".join(line.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 2].rsplit(" ", 1)[0] if " " in words[: limit - 2] else words[: limit - 3]
    return cut.rstrip(" ,;:") + "..."


def _is_heading(line: str) -> bool:
    """A line that names a text rather than saying something: short, and not ended like a sentence.

    Example:
        >>> _is_heading("Office culture and junior staff"), _is_heading("Offices do not help.")
        (True, False)
    """
    return len(line.split()) <= 12 and not line.endswith((".", "!", "?", ":", ";", ","))


def _html_blocks(source: str, data: bytes) -> tuple[str | None, list[_Block]]:
    try:
        import trafilatura  # imported here: it loads much, and only HTML needs it
    except ImportError as exc:
        # An install that lacks what trafilatura needs, not a bug in argmap. pip before 23.3 reads jusText's
        # requirement lxml[html_clean] as no extra of lxml (which names it html-clean), so a plain
        # `pip install argmap` with it leaves out lxml_html_clean, which lxml's HTML cleaner now lives in.
        said = " ".join(str(exc).split())
        fix = ("install what lxml now ships apart: pip install lxml_html_clean (pip before 23.3 left it out; "
               "upgrading pip first installs it with argmap)" if "lxml_html_clean" in said else
               "install argmap's dependencies again: pip install --force-reinstall argmap")
        raise InputError(source, f"is an HTML page, and trafilatura, which reads HTML, cannot be imported "
                                 f"({type(exc).__name__}: {said})", fix=fix) from exc

    html = _decode(source, data)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError(source, "is an HTML page with no main text that could be extracted",
                         fix="open it in a browser to check it has text (pages drawn by JavaScript have none); "
                             "save the text as a .txt file and add that")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None and metadata.title else None
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return title, [_Block(p, f"paragraph {n}", "") for n, p in enumerate(paragraphs, start=1)]


def _pdf_blocks(source: str, data: bytes) -> tuple[str | None, list[_Block]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    fix = "check that it opens in a PDF viewer; re-save or export it as text and add the .txt file"
    # pypdf logs what it finds wrong ("EOF marker not found") to stderr beside argmap's own error, which says it
    # once with the fix: its warnings are kept quiet while it reads.
    pdf_log = logging.getLogger("pypdf")
    level = pdf_log.level
    pdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        # Most encrypted PDFs ask no password to open (an empty one: only printing or copying is restricted), and
        # every viewer opens them: they were all refused as needing a copy without a password.
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(source, "is an encrypted PDF that asks for a password to open",
                             fix="add a copy without a password (open it and print or save it to a new PDF)")
        pages: list[str] = []
        read = 0
        for sheet in reader.pages:  # page by page: a small PDF can unpack into far more text than its size says
            pages.append(sheet.extract_text() or "")
            read += len(pages[-1])
            if read > MAX_PDF_CHARS:
                raise InputError(source, f"unpacks into more than {MAX_PDF_CHARS:,} characters of text by page "
                                         f"{len(pages)} of {len(reader.pages)}, more than a document argmap "
                                         "stores (a PDF built to unpack, or pages that repeat one huge stream)",
                                 fix="add the part you need as a .txt file")
        meta = reader.metadata
        title = str(meta.title) if meta is not None and meta.title else None
    except InputError:
        raise
    except DependencyError as exc:  # AES encryption, which pypdf reads with a package it does not require
        raise InputError(source, f"is an encrypted PDF, and reading it needs a package not installed ({exc})",
                         fix="pip install cryptography, or add a copy without encryption (open it and print or save "
                             "it to a new PDF)") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError,
            RecursionError, AssertionError) as exc:
        raise InputError(source, f"is not a readable PDF ({type(exc).__name__}: {exc})", fix=fix) from exc
    finally:
        pdf_log.setLevel(level)
    blocks: list[_Block] = []
    for number, page in enumerate(pages, start=1):
        for paragraph in re.split(r"\n\s*\n|(?<=[.!?])\n(?=[A-Z])", page):
            words = " ".join(paragraph.split())
            if words:
                blocks.append(_Block(words, f"page {number}", f"page {number}"))
    if not blocks:
        raise InputError(source, "is a PDF with no text layer (a scan?)",
                         fix="run OCR on it first, or add its text as a .txt file")
    return title, blocks


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _passages(blocks: list[_Block]) -> tuple[str, list[PassageText]]:
    """Join short paragraphs, cut long ones, and lay the passages end to end as the document text."""
    merged: list[_Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.group == block.group
                and len(previous.text.split()) < MIN_PASSAGE_WORDS
                and len(previous.text.split()) + len(block.text.split()) <= MAX_PASSAGE_WORDS):
            start_where = previous.location.split(",")[0]
            merged[-1] = _Block(f"{previous.text}\n{block.text}", _span_location(start_where, block.location),
                                block.group)
        else:
            merged.append(block)
    pieces: list[tuple[str, str]] = []
    for block in merged:
        if len(block.text.split()) <= MAX_PASSAGE_WORDS:
            pieces.append((block.text, block.location))
            continue
        chunk: list[str] = []
        part = 1
        for sentence in _sentences(block.text):
            if chunk and len(" ".join([*chunk, sentence]).split()) > MAX_PASSAGE_WORDS:
                pieces.append((" ".join(chunk), f"{block.location} (part {part})"))
                chunk, part = [], part + 1
            chunk.append(sentence)
        if chunk:
            pieces.append((" ".join(chunk), f"{block.location} (part {part})" if part > 1 else block.location))
    text_parts: list[str] = []
    passages: list[PassageText] = []
    offset = 0
    for words, location in pieces:
        passages.append(PassageText(offset, offset + len(words), location, words))
        text_parts.append(words)
        offset += len(words) + 2
    return "\n\n".join(text_parts), passages


def _span_location(first: str, last: str) -> str:
    """``lines 1-2`` + ``lines 4-6, section 'X'`` -> ``lines 1-6, section 'X'``."""
    a = re.match(r"lines? (\d+)", first)
    b = re.match(r"lines? (?:\d+-)?(\d+)(.*)", last)
    if a and b:
        return f"lines {a.group(1)}-{b.group(1)}{b.group(2)}"
    a = re.match(r"paragraph (\d+)", first)
    b = re.match(r"paragraph (\d+)", last)
    if a and b:
        return f"paragraphs {a.group(1)}-{b.group(1)}"
    return last


def read_document(target: str, settings: Settings | None = None) -> DocumentText:
    """Read a file or fetch a URL, extract its text and split it into passages.

    Args:
        target (str): a path, an http(s) URL, or ``-`` for standard input (keyed ``stdin:<sha256 prefix>``).
        settings (Settings | None): the timeout for URLs.

    Returns:
        DocumentText: the clean text and its passages (at least one).

    Raises:
        InputError: a file that cannot be read, is larger than :data:`MAX_DOCUMENT_BYTES`, is binary, is an
            unreadable PDF or an HTML page without text, or holds no words.
        FetchError: a URL that cannot be fetched.

    Example:
        >>> doc = read_document("corpora/evidence/library/remote-work-study.md")  # doctest: +SKIP
        >>> doc.passages[0].location                                                        # doctest: +SKIP
        "line 5, section 'Design'"
    """
    settings = settings or Settings.load()
    check_target(target)
    content_type = ""
    if is_url(target):
        data, content_type = _fetch(target, settings)
        key = "url:" + target.split("#", 1)[0].rstrip("/")
    elif target == "-":  # standard input, as for ingest: known by its content, since it has no name
        data = _read_stdin()
        key = "stdin:" + hashlib.sha256(data).hexdigest()[:16]
    else:
        path = Path(target)
        if path.is_dir():
            raise InputError(target, "is a folder", fix="give the files, or the folder to add_documents")
        data = _read_file(path)
        key = "file:" + str(path.resolve())
    name = STDIN if target == "-" else target  # what messages and the document's source call it
    return document_text(data, name=name, key=key, content_type=content_type)


def page_media(name: str, data: bytes) -> str | None:
    """``"pdf"`` or ``"html"`` when ``data`` is read as a PDF or an HTML page (by its content, whatever the name
    says, unless the name says text or Markdown), else ``None``.

    Example:
        >>> page_media("download", b"%PDF-1.4"), page_media("a.php", b"<!DOCTYPE html><p>Hi"), page_media("a.md", b"Hi")
        ('pdf', 'html', None)
    """
    media = _media(name, data)
    return media if media in ("pdf", "html") else None


def document_text(data: bytes, *, name: str, key: str, content_type: str = "") -> DocumentText:
    """The document that ``data`` holds, read as :func:`read_document` reads what it fetched or opened.

    Args:
        data (bytes): the file's or page's bytes.
        name (str): what messages and the document's source call it (a path, a URL or ``<stdin>``).
        key (str): what identifies it in the library.
        content_type (str): the content type a server gave, if any.

    Raises:
        InputError: more than :data:`MAX_DOCUMENT_BYTES`, binary, an unreadable PDF, an HTML page without text, or
            no words.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(name, len(data))
    media = _media(name, data, content_type)
    if media == "pdf":
        title, blocks = _pdf_blocks(name, data)
    elif media == "html":
        title, blocks = _html_blocks(name, data)
    else:
        title, blocks = _text_blocks(_decode(name, data), markdown=media == "markdown")
    text, passages = _passages(blocks)
    if not passages:
        raise InputError(name, "holds no words", fix="check that it is the document you meant")
    # A file name that is no UTF-8 is kept with its bytes escaped: no database stores it as Python holds it. A URL's
    # password is not kept: the key and source are stored, listed and exported.
    return DocumentText(key=printable(mask_url(key)), source=printable(mask_url(name)), title=title, media=media,
                        sha256=hashlib.sha256(data).hexdigest(), text=text, passages=passages)
