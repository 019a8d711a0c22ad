"""``read_document`` (the evidence library's reader) reads text in the encodings a thread file may have."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.sources.documents import read_document
from tests.pdf import pdf_bytes

WORDS = "Remote workers were 13 percent more productive in a Stanford study of a call centre."


@pytest.mark.parametrize(("name", "data"), [
    ("utf16.txt", WORDS.encode("utf-16")),
    ("utf16be.txt", b"\xfe\xff" + WORDS.encode("utf-16-be")),
    ("utf32.txt", WORDS.encode("utf-32")),
    ("utf16.html", f"<html><body><p>{WORDS}</p></body></html>".encode("utf-16")),
    ("stray-nul.txt", WORDS[:20].encode() + b"\x00" + WORDS[20:].encode()),
    ("bom.md", b"\xef\xbb\xbf" + WORDS.encode()),
])
def test_documents_read_wide_unicode_and_stray_nuls_as_threads_are(tmp_path: Path, name: str, data: bytes) -> None:
    """UTF-16 with its byte-order mark was refused as "a binary file, not text", as was a text with one NUL,
    though ``ingest`` reads both."""
    path = tmp_path / name
    path.write_bytes(data)
    document = read_document(str(path))
    assert document.text.replace("\n", " ").strip() == WORDS


def test_documents_binary_is_still_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match=r"photo\.txt: is a binary file, not text\n  fix: add \.txt"):
        read_document(str(path))


def test_documents_an_office_file_is_named_as_such(tmp_path: Path) -> None:
    """A Word file was "a binary file, not text; fix: add .txt, ... documents"."""
    import zipfile

    path = tmp_path / "study.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document>{WORDS}</w:document>")
    with pytest.raises(InputError, match=r"study\.docx: is a Word document, which argmap does not read\n"
                                         r"  fix: save it as PDF or plain text \(\.txt\) and add that"):
        read_document(str(path))


def test_documents_a_link_in_a_loop_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    with pytest.raises(InputError, match=r"a\.txt: is a symbolic link in a loop.*\n  fix: point the link at a file"):
        read_document(str(tmp_path / "a.txt"))


def test_documents_a_file_name_that_is_no_utf8_is_kept_escaped(tmp_path: Path) -> None:
    """Its name, held with lone surrogates, could be stored in no database; two such names stay two documents."""
    import os

    first, second = tmp_path / os.fsdecode(b"caf\xe9.txt"), tmp_path / os.fsdecode(b"caf\xe8.txt")
    first.write_text(WORDS, encoding="utf-8")
    second.write_text(WORDS, encoding="utf-8")
    one, two = read_document(str(first)), read_document(str(second))
    assert one.source == f"{tmp_path}/caf\\xe9.txt" and one.key == f"file:{tmp_path.resolve()}/caf\\xe9.txt"
    assert one.key != two.key
    one.key.encode("utf-8")  # storable


class _BrokenImport:
    """A meta-path finder that fails the import of ``name`` as a broken install does."""

    def __init__(self, name: str, error: ImportError) -> None:
        self.name, self.error = name, error

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname == self.name:
            raise self.error


LXML_CLEAN = ("lxml.html.clean module is now a separate project lxml_html_clean.\n"
              "Install lxml[html-clean] or lxml_html_clean directly.")


@pytest.mark.parametrize(("error", "fix"), [
    # pip before 23.3 read justext's lxml[html_clean] as no extra of lxml (which calls it html-clean), so a plain
    # `pip install argmap` left lxml_html_clean out and every HTML document failed as "a bug in argmap".
    (ImportError(LXML_CLEAN), r"pip install lxml_html_clean"),
    (ImportError("No module named 'trafilatura'", name="trafilatura"), r"pip install --force-reinstall argmap"),
])
def test_documents_html_without_its_reader_names_the_missing_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: ImportError, fix: str) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "trafilatura", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_BrokenImport("trafilatura", error), *sys.meta_path])
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><p>{WORDS}</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=rf"page\.html: is an HTML page, and trafilatura, which reads HTML, cannot "
                                         rf"be imported \(.*\)\n  fix: .*{fix}") as caught:
        read_document(str(path))
    assert "bug" not in str(caught.value)
    assert str(caught.value).count("\n") == 1  # the import's own message on one line, the fix on the next


def _encrypted_pdf(tmp: Path, password: str) -> Path:
    """A PDF of :data:`WORDS`, encrypted (RC4, which pypdf reads with no other package) with ``password`` to open."""
    import io

    from pypdf import PdfWriter

    stream = f"BT /F1 12 Tf 72 720 Td ({WORDS}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 "
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"]
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes(objects)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    path = tmp / "report.pdf"
    path.write_bytes(out.getvalue())
    return path


def test_documents_an_encrypted_pdf_that_asks_no_password_is_read(tmp_path: Path) -> None:
    """A PDF encrypted with an empty password to open (only printing or copying restricted, as many reports are)
    opens in every viewer, and was refused: "is an encrypted PDF; fix: add a copy without a password"."""
    assert read_document(str(_encrypted_pdf(tmp_path, ""))).text == WORDS
    with pytest.raises(InputError, match=r"report\.pdf: is an encrypted PDF that asks for a password to open\n"
                                         r"  fix: add a copy without a password"):
        read_document(str(_encrypted_pdf(tmp_path, "secret")))


def test_documents_an_aes_pdf_without_its_package_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def needs_package(self: PdfReader, password: str) -> int:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", needs_package)
    with pytest.raises(InputError, match=r"report\.pdf: is an encrypted PDF, and reading it needs a package not "
                                         r"installed \(cryptography>=3\.1 .*\n  fix: pip install cryptography"):
        read_document(str(_encrypted_pdf(tmp_path, "")))


def test_documents_a_url_with_a_password_is_kept_without_it() -> None:
    """A document fetched from a URL with a user name and password kept it in its key and source: stored, listed
    by ``evidence documents`` and exported."""
    from argmap.sources.documents import document_text

    url = "https://ann:s3cret@intranet.example/report.html"
    page = b"<html><title>Report</title><body><main><p>" + b"Tool libraries save their members money. " * 20 + \
        b"</p></main></body></html>"
    found = document_text(page, name=url,
                          key=f"url:{url}", content_type="text/html")
    assert (found.key, found.source) == ("url:https://ann:***@intranet.example/report.html",
                                         "https://ann:***@intranet.example/report.html")
