"""One document as one post: an essay, an op-ed, a blog post or a report, argued by one author on its own.

The plain-text format reads a file as a thread, one comment per block. A document is one author's text: read
with ``--format document`` it becomes a thread of a single post, and argmap relates its units as it does in
any text that stands alone (each premise backs the point of its paragraph, later claims the main claim).
Blank lines keep separating paragraphs; a line break that only wraps a paragraph's text is read as a space, so
that a sentence wrapped over two lines stays one unit (list items, quotes and headings keep their lines).
Markdown (``.md``, ``.markdown``) is read as the plain text a reader sees; its front matter (``---`` ... ``---``
opening the file, as Jekyll, Hugo and Pandoc write it) is no words of the document, and its ``title:`` or else a
Markdown heading on the first line (``# Title``) becomes the thread's title. An HTML page or a PDF, a file or a
URL, is read through the evidence library's document reader (main text only, see :mod:`argmap.sources.documents`)
and then made a thread by :func:`page_thread`; a page or a PDF is told by its content, whatever its name
(``download``, ``article.php``, standard input), not only by ``.html`` or ``.pdf``. The format is never guessed: a
file is read as a document only when asked.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from argmap.domain import Post, Thread
from argmap.sources.common import assemble, file_title, is_url, scrub
from argmap.sources.markdown import plain_text

if TYPE_CHECKING:
    from argmap.sources.documents import DocumentText

__all__ = ["NAME", "page_thread", "read", "read_page", "sniff", "thread_of"]

NAME = "document"
_MARKDOWN = (".md", ".markdown")
# The heading's line; its closing hashes and spaces are stripped after the match (a lazy title before
# ``[ \t#]*`` tried every end of a long line in turn: 10 s for a first line of 40,000 characters).
_HEADING = re.compile(r"\A\s*#{1,6}[ \t]+([^\n]+)\n?")
# A line break inside a paragraph that only wraps the text: not before a blank line, the end, a list item, a
# quote, a heading or a table row, and not after an empty line.
_SOFT_BREAK = re.compile(r"(?<=\S)[ \t]*\n(?![ \t]*(?:\n|\Z|[-*+•>#|]|\d{1,3}[.)][ \t]))")


def _space(match: re.Match[str]) -> str:
    """The wrapped line break as spaces, as long as what it replaces (offsets into the text stay simple)."""
    return " " * len(match.group())


def sniff(head: str) -> bool:
    """Never: a text file is a thread unless ``--format document`` says otherwise."""
    return False


def read(text: str, *, source: str) -> Thread:
    """Read a whole document into a thread of one post.

    Raises:
        EmptyInput: a document with no words.
    """
    # Imported here: the document library imports the fetcher, which imports the registry, which imports this.
    from argmap.sources.documents import front_matter

    title = file_title(source)
    body = text
    if source.lower().endswith(_MARKDOWN):
        given, body = front_matter(text)
        heading = _HEADING.match(body)
        if heading is not None:
            line = heading.group(1)
            words = scrub(plain_text(line.rstrip(" \t#") or line[:1]).strip())
            if given is None or words == given:  # the title, which the text need not repeat
                title, body = words or title, body[heading.end():]
        if given is not None:
            title = scrub(plain_text(given).strip()) or title
        body = plain_text(body)
    body = _SOFT_BREAK.sub(_space, body)
    return thread_of(body, source=source, title=title, raw=text)


def thread_of(text: str, *, source: str, title: str | None, raw: str | None = None,
              identity: str | None = None) -> Thread:
    """A thread of one post holding a document's clean text (also for pages and PDFs read by
    :func:`argmap.sources.documents.read_document`).

    Args:
        text (str): the document's words, paragraphs separated by blank lines.
        source (str): the file or URL it came from.
        title (str | None): its title.
        raw (str | None): what was read, when it differs from ``text``.
        identity (str | None): what makes it the same document when read again (a page's URL, so that an
            edited page updates the stored one); its words when ``None``.

    Raises:
        EmptyInput: a document with no words.
    """
    same = identity if identity is not None else re.sub(r"\s+", " ", text.strip().lower())
    digest = hashlib.sha256(same.encode("utf-8", "surrogatepass")).hexdigest()
    post = Post(external_id="1", parent=None, author=None, text=text.strip("\n"), raw=text if raw is None else raw)
    return assemble(key=f"document:{digest[:16]}", format=NAME, source=source, posts=[post],
                    title=scrub(title) if title else None)


def page_thread(page: DocumentText, *, source: str, identity: str | None = None) -> Thread:
    """A thread of one post holding the main text of a page or a PDF as the document reader read it; the title, which
    the page's text repeats on its first line, is no words of the post, and a file that gives none is titled by its
    name.

    Args:
        page (DocumentText): what :func:`argmap.sources.documents.read_document` read.
        source (str): the file or URL it came from.
        identity (str | None): what makes it the same document when read again (see :func:`thread_of`).
    """
    first, _, rest = page.text.partition("\n")
    body = rest if page.title and rest.strip() and first.strip() == page.title.strip() else page.text
    # A PDF without a title in its metadata, or a page without <title>, is titled by its file's name, as a text is.
    title = page.title or (None if is_url(source) else file_title(source))
    return thread_of(body, source=source, title=title, identity=identity)


def read_page(data: bytes, *, source: str) -> Thread | None:
    """The document thread of ``data`` when it is a PDF or an HTML page, told by its content (a PDF saved as
    ``download``, a page as ``article.php``, either piped in); ``None`` for text, which :func:`read` reads.

    Raises:
        InputError: a PDF or page that cannot be read (see :func:`argmap.sources.documents.document_text`).
    """
    from argmap.sources import documents  # here, not with the module: see read

    if documents.page_media(source, data) is None:
        return None
    page = documents.document_text(data, name=source, key=source)
    return page_thread(page, source=source)
