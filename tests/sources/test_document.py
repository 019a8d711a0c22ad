"""The document reader: a whole essay or article as one post, asked for with --format document."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from argmap.api.ingest import read_thread
from argmap.errors import EmptyInput
from argmap.sources import document
from argmap.sources.registry import FORMATS, read_bytes, read_path
from tests.conftest import CORPORA
from tests.pdf import pdf_bytes

ESSAY = CORPORA / "essay.md"


def test_document_is_one_post_with_its_paragraphs() -> None:
    text = "Cities should close their centres to cars.\n\nAir gets cleaner.\nShops sell more.\n"
    thread = document.read(text, source="op-ed.txt")
    [post] = thread.posts
    assert (thread.format, thread.title, post.parent) == ("document", "op-ed", None)
    # paragraphs kept for the relation rules; a line break inside one only wraps it
    assert post.text == "Cities should close their centres to cars.\n\nAir gets cleaner. Shops sell more."
    # the same words, however spaced, are the same document: ingesting it again updates it
    assert document.read(text.replace("\n\n", "\n \n"), source="copy.txt").key == thread.key


def test_document_wrapped_lines_join_but_lists_keep_theirs() -> None:
    text = ("Nurses and bakers finish work long after\nmidnight, and most of them have no car.\n\n"
            "What the buses give:\n- a way home\n- a safe wait\n> quoted line\n# heading")
    [post] = document.read(text, source="wrapped.txt").posts
    assert post.text.startswith("Nurses and bakers finish work long after midnight, and most")
    assert "\n\nWhat the buses give:\n- a way home\n- a safe wait\n> quoted line\n# heading" in post.text
    assert len(post.text) == len(text)  # a wrapped break becomes a space, one for one


def test_document_markdown_heading_is_the_title_and_marks_go() -> None:
    thread = read_path(ESSAY, format="document")
    [post] = thread.posts
    assert thread.title == "Night buses should run all year"
    assert not post.text.startswith("#") and "Night buses should run all year" not in post.text
    assert post.text.startswith("The city should keep its night buses running all year.")
    assert post.raw.startswith("# Night buses")


def test_document_is_never_sniffed_and_needs_words() -> None:
    assert "document" in FORMATS
    assert read_bytes(b"One line.\n\nAnother line.\n", source="x.txt").format == "text"  # plain text stays the default
    assert not document.sniff("# Title\n\nText.")
    with pytest.raises(EmptyInput):
        document.read(" \n\n \n", source="blank.txt")


def test_document_html_page_file_and_url(tmp_path: Path) -> None:
    page = CORPORA / "evidence" / "library" / "four-day-week-pilot.html"
    from_file = read_thread(str(page), format="document")
    [post] = from_file.posts
    assert (from_file.format, from_file.title) == ("document", "Results of the UK four-day week pilot")
    assert post.text.startswith("Sixty-one companies reduced working hours")  # the title is not repeated as text
    assert "<" not in post.text
    served = tmp_path / "op-ed.html"
    served.write_bytes(page.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/op-ed.html"
        from_url = read_thread(url, format="document")
        # the page is edited: it stays the same document (ingesting it again updates the stored one)
        served.write_text(page.read_text(encoding="utf-8").replace("Sixty-one", "Sixty-two"), encoding="utf-8")
        edited = read_thread(url + "#findings", format="document")
    finally:
        server.shutdown()
        server.server_close()
    assert from_url.posts[0].text == post.text and from_url.source == url
    assert edited.key == from_url.key != from_file.key
    assert edited.posts[0].text.startswith("Sixty-two companies")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("line", ["# " * 500_000 + "!", "# Title" + " \t" * 500_000 + "x #"])
def test_document_a_megabyte_heading_line_reads_in_linear_time(line: str) -> None:
    # A lazy title before "[ \t#]*" tried every end of the line in turn: 10 s for 40,000 characters.
    thread = document.read(line + "\nThe body of the essay argues something.", source="essay.md")
    # (the title is read as Markdown too: its first "# " is a heading mark of its own)
    assert thread.title == ("# " * 499_998 + "!" if line.endswith("!") else "Title" + " \t" * 500_000 + "x")
    assert thread.posts[0].text == "The body of the essay argues something."


@pytest.mark.timeout(20)
def test_document_library_heading_of_many_spaces_reads_in_linear_time(tmp_path: Path) -> None:
    # "\s*#*\s*$" after a lazy title split a run of spaces in every way: 76 s for a heading of 4,000 spaces.
    from argmap.sources.documents import read_document
    path = tmp_path / "notes.md"
    path.write_text("# Costs" + " " * 200_000 + "x ##\n\nLibraries cost less than people think, by a wide margin.\n")
    doc = read_document(str(path))
    assert doc.title == "Costs" + " " * 200_000 + "x"
    assert [p.text for p in doc.passages] == ["Libraries cost less than people think, by a wide margin."]


def _pdf(*lines: str) -> bytes:
    """A one-page PDF whose text layer holds ``lines``."""
    shown = b" ".join(b"(%s) '" % line.encode("latin-1") for line in lines)
    stream = b"BT /F1 12 Tf 72 720 Td 14 TL " + shown + b" ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 3 0 R >> >> >>"]
    return pdf_bytes(objects)


PAGE = ("<!DOCTYPE html>\n<html><head><title>Night buses</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Night buses</h1><p>The city should keep its night buses running all year, because nurses "
        "and bakers finish work long after midnight.</p></article><footer>Copyright 2024</footer></body></html>")


@pytest.mark.parametrize("name", ["download", "op-ed.php"])
def test_document_a_pdf_or_page_is_told_by_its_content_not_its_name(tmp_path: Path, name: str) -> None:
    """A PDF saved as ``download`` (or a page as ``op-ed.php``) was read as text with --format document: one post of
    PDF syntax (``%PDF-1.4 1 0 obj << /Type /Catalog ...``) or of the page's tags, scripts and menus."""
    (tmp_path / "pdf").mkdir()
    pdf = tmp_path / "pdf" / name
    pdf.write_bytes(_pdf("Night buses should run all year.", "Nurses finish work after midnight."))
    [post] = read_thread(str(pdf), format="document").posts
    assert post.text == "Night buses should run all year.\nNurses finish work after midnight."
    page = tmp_path / name
    page.write_text(PAGE, encoding="utf-8")
    thread = read_thread(str(page), format="document")
    assert thread.title == "Night buses"
    assert thread.posts[0].text.startswith("The city should keep its night buses") and "<" not in thread.posts[0].text


def test_document_a_pdf_piped_in_is_read_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_pdf("Night buses should run all year."))))
    [post] = read_thread("-", format="document").posts
    assert post.text == "Night buses should run all year."


@pytest.mark.parametrize(("opening", "title", "first"), [
    ("title: \"Night buses all year\"\ndate: 2024-03-01\n", "Night buses all year", "The city should keep"),
    ("layout: post\ntags: [transport]\n", "Night buses all year", "The city should keep"),
    ("title: Transport\n", "Transport", "Night buses all year\n\nThe city should keep"),
])
def test_document_markdown_front_matter_is_no_words_of_it(opening: str, title: str, first: str) -> None:
    """A post of Jekyll, Hugo or Pandoc opens with front matter: it was read as the document's first paragraph
    (``--- title: Night buses date: 2024-03-01``), and the title was the file's name, the heading below it being no
    longer on the first line."""
    text = f"---\r\n{opening}---\n\n# Night buses all year\n\nThe city should keep its night buses running.\n"
    thread = document.read(text, source="2024-03-01-buses.md")
    assert thread.title == title
    assert thread.posts[0].text.startswith(first)
    assert "---" not in thread.posts[0].text and "date:" not in thread.posts[0].text


def test_document_a_pdf_without_a_title_is_titled_by_its_file(tmp_path: Path) -> None:
    """A PDF with no title in its metadata (most that word processors write) was stored untitled: listed as
    ``document:e744ea1ab2df7a16``, and ``--thread report`` found nothing, where a text document is titled ``report``."""
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf("Night buses should run all year."))
    thread = read_thread(str(path), format="document")
    assert thread.title == "report" == document.read("Night buses should run all year.", source="report.txt").title


def test_document_a_folder_read_as_documents_takes_its_pdfs_and_pages(tmp_path: Path) -> None:
    """``argmap ingest --format document essays/`` passed a folder's PDFs and pages over as "not a kind of file threads
    come in ... (name the file, with --format, to ingest it)", though --format document was given, and took only its
    text files."""
    from argmap import Settings, ingest

    folder = tmp_path / "essays"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "buses.pdf").write_bytes(_pdf("Night buses should run all year."))
    (folder / "op-ed.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.markdown").write_text("# Trams\n\nTrams should run at night too.\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    report = ingest([str(folder)], settings=Settings(db=str(tmp_path / "a.db")), format="document", extract=False)
    assert not report.failures
    assert sorted(t.title or "" for t in report.threads) == ["Night buses", "Trams", "buses"]
    [skipped] = report.messages
    assert "photo.png: not a kind of file documents come in (" in skipped and ".pdf" in skipped
