"""``read_document`` (the evidence library's reader) reads text in the encodings a thread file may have."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.sources.documents import read_document

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
