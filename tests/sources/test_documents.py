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
