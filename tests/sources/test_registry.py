"""Reading files by sniffing: what is refused before a reader guesses wrong."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import EmptyInput, InputError, UnknownFormat
from argmap.sources.registry import (
    TABLE_SUFFIXES,
    is_documentation,
    iter_inputs,
    read_bytes,
    read_bytes_threads,
    read_path,
    skip_reason,
)

TABLE = "id,author,text\n1,ann,Remote work is better.\n2,bob,No it is not.\n"


@pytest.mark.parametrize("suffix", [".csv", ".TSV"])
def test_registry_table_file_is_refused_with_the_way_out(tmp_path: Path, suffix: str) -> None:
    assert suffix.lower() in TABLE_SUFFIXES
    path = tmp_path / f"comments{suffix}"
    path.write_text(TABLE, encoding="utf-8")
    with pytest.raises(UnknownFormat) as caught:
        read_path(path)
    message = str(caught.value)
    assert str(path) in message and "table" in message
    assert "JSON Lines" in message and "--format text" in message


def test_registry_table_file_reads_as_text_when_forced(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(TABLE, encoding="utf-8")
    thread = read_path(path, format="text")
    assert [post.text for post in thread.posts] == TABLE.strip().split("\n")


def test_registry_json_in_a_csv_named_file_is_still_read_by_its_reader(tmp_path: Path) -> None:
    path = tmp_path / "thread.csv"
    path.write_text('{"id": "1", "parent": null, "author": "ann", "text": "Remote work is better."}\n'
                    '{"id": "2", "parent": "1", "author": "bob", "text": "No it is not."}\n', encoding="utf-8")
    thread = read_path(path)
    assert [post.external_id for post in thread.posts] == ["1", "2"]


def test_registry_folder_leaves_out_its_documentation(tmp_path: Path) -> None:
    for name in ("a.txt", "README", "readme.md", "LICENSE.txt", "Changelog.md", "readme-thread.txt", "b.jsonl"):
        (tmp_path / name).write_text("x\n")
    skipped: list[Path] = []
    names = [Path(name).name for name, _ in iter_inputs([str(tmp_path)], skipped)]
    assert names == ["a.txt", "b.jsonl", "readme-thread.txt"]  # README has no thread suffix: never read
    assert sorted(p.name for p in skipped) == ["Changelog.md", "LICENSE.txt", "README", "readme.md"]  # each said
    assert [name for name, _ in iter_inputs([str(tmp_path / "readme.md")])] == [str(tmp_path / "readme.md")]
    assert is_documentation(Path("COPYING.txt")) and not is_documentation(Path("licensing-debate.txt"))
    # a Markdown file named in capitals is a repository's notes; a thread may be named "notes" or "AMA"
    assert is_documentation(Path("FACTS.md")) and is_documentation(Path("HOW_TO-READ.md"))
    assert not any(is_documentation(Path(name)) for name in ("facts.md", "notes.csv", "AMA.txt", "A.md", "Facts.md"))


def test_registry_folder_reads_every_thread_suffix_the_readme_names_in_sub_folders_too(tmp_path: Path) -> None:
    """README, 'Input formats': a folder is read file by file (.txt, .text, .md, .json, .jsonl, .ndjson, .gz,
    .xml, in sub-folders too); other files are passed over."""
    suffixes = (".txt", ".text", ".md", ".json", ".jsonl", ".ndjson", ".gz", ".xml")
    (tmp_path / "sub").mkdir()
    for n, suffix in enumerate(suffixes):
        (tmp_path / ("sub" if n % 2 else ".") / f"t{n}{suffix}").write_text("x\n")
    (tmp_path / "sub" / "notes.csv").write_text("a,b\n")
    skipped: list[Path] = []
    read = sorted(Path(name).suffix for name, _ in iter_inputs([str(tmp_path)], skipped))
    assert read == sorted(suffixes)
    assert [p.name for p in skipped] == ["notes.csv"]


def test_registry_folder_yields_a_link_to_a_missing_file_and_reading_it_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n")
    (tmp_path / "moved.jsonl").symlink_to(tmp_path / "elsewhere" / "moved.jsonl")
    names = [Path(name).name for name, _ in iter_inputs([str(tmp_path)], [])]
    assert names == ["a.txt", "moved.jsonl"]
    with pytest.raises(InputError) as caught:
        read_path(tmp_path / "moved.jsonl")
    message = str(caught.value)
    assert "moved.jsonl: is a link to" in message and "which does not exist" in message
    assert "fix: restore the file it points to" in message


def test_registry_folder_names_a_named_pipe_it_passes_over(tmp_path: Path) -> None:
    """A named pipe in a folder was left out without a word (reading it would wait for a writer)."""
    (tmp_path / "a.jsonl").write_text("x\n")
    os.mkfifo(tmp_path / "queue.jsonl")
    (tmp_path / "sub").mkdir()
    skipped: list[Path] = []
    assert [Path(name).name for name, _ in iter_inputs([str(tmp_path)], skipped)] == ["a.jsonl"]
    assert skipped == [tmp_path / "queue.jsonl"]  # the sub-folder is no entry to name
    assert skip_reason(tmp_path / "queue.jsonl") == "a named pipe, not a file"


THREAD_LINES = ('{"id": "1", "parent": null, "author": "ann", "text": "Trains beat planes for short trips."}\n'
                '{"id": "2", "parent": "1", "author": "bob", "text": "Not when the line is closed."}\n')


def test_registry_gz_named_text_is_read_by_content_with_a_note(tmp_path: Path) -> None:
    """A file named .gz that holds text (a browser saves a download it already unpacked) was read as text without
    a word; it is still read, as compression is told by content, but the note says the name is wrong."""
    path = tmp_path / "trains.jsonl.gz"
    path.write_text(THREAD_LINES, encoding="utf-8")
    thread = read_path(path)
    assert [post.external_id for post in thread.posts] == ["1", "2"]
    [note] = [n for n in thread.notes if n.reason == "not-gzip"]
    assert "not gzip-compressed" in note.detail and "rename it" in note.detail
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(THREAD_LINES.encode()))
    assert not [n for n in read_path(packed).notes if n.reason == "not-gzip"]


def _zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("trains.jsonl", data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "pack", "tool", "command"), [
    ("trains.jsonl.gz", bz2.compress, "bzip2", "bunzip2"),
    ("trains.jsonl.gz", lzma.compress, "xz", "unxz"),
    ("trains.gz", _zipped, "zip", "unzip"),
    ("trains.jsonl.bz2", bz2.compress, "bzip2", "bunzip2"),  # told by content, whatever the name
])
def test_registry_other_compression_is_refused_naming_the_tool(tmp_path: Path, name: str, pack: Any, tool: str,
                                                               command: str) -> None:
    path = tmp_path / name
    path.write_bytes(pack(THREAD_LINES.encode()))
    with pytest.raises(InputError) as caught:
        read_path(path)
    message = str(caught.value)
    assert f"{path}: is {tool}-compressed; argmap unpacks gzip only" in message
    assert f"fix: unpack it with {command}" in message


def _office(parts: list[str], mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "what", "fix"), [
    ("essay.docx", _office(["[Content_Types].xml", "word/document.xml"]), "a Word document, which argmap does not read",
     "save it as plain text (.txt) or PDF and ingest that as one post with --format document"),
    ("essay", _office(["content.xml"], "application/vnd.oasis.opendocument.text"),
     "an OpenDocument text, which argmap does not read", "with --format document"),
    ("thread.xlsx", _office(["[Content_Types].xml", "xl/workbook.xml"]),
     "an Excel spreadsheet, and argmap has no table reader", "save it as CSV and convert it to JSON Lines"),
    ("slides.pptx", _office(["ppt/presentation.xml"]), "a PowerPoint presentation", "with --format document"),
])
@pytest.mark.parametrize("format", [None, "document", "text"])
def test_registry_an_office_file_is_named_as_such_not_as_a_zip_to_unpack(tmp_path: Path, name: str, data: bytes,
                                                                        what: str, fix: str,
                                                                        format: str | None) -> None:
    """A .docx, .xlsx or .odt (zip archives of XML) was "zip-compressed; fix: unpack it with unzip and give the file
    it holds", which gives XML parts, no thread; and a spreadsheet was not told to be a table, as a .csv is."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_path(path, format=format)
    message = str(caught.value)
    assert f"{path}: is {what}" in message and fix in message and "unzip" not in message


def test_registry_gz_named_binary_that_is_not_gzip_is_refused_naming_the_name(tmp_path: Path) -> None:
    path = tmp_path / "thread.json.gz"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError) as caught:
        read_path(path)
    message = str(caught.value)
    assert f"{path}: is named .gz but is not gzip-compressed" in message and "gzip -k" in message


_PEAK = """
import gzip, resource
from argmap.errors import InputError
from argmap.sources.registry import read_bytes
bomb = gzip.compress(bytes(2**20), 9) * 600
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_bytes(bomb, source="bomb.json.gz")
except InputError as exc:
    print(exc)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


@pytest.mark.slow
def test_registry_gzip_bomb_is_refused_without_holding_what_it_unpacks() -> None:
    # A 600 MB bomb was refused only once its first 512 MB were held in memory.
    ran = subprocess.run([sys.executable, "-c", _PEAK], capture_output=True, text=True, check=True)
    *message, grown_kb = ran.stdout.strip().splitlines()
    assert "unpacks to more than 512 MB" in message[0]
    assert int(grown_kb) < 64 * 1024


def test_registry_skip_reason_names_what_each_passed_over_file_is(tmp_path: Path) -> None:
    # A CMV-style corpus folder: each thread as XML, and again as brat (.ann, .txt, .metadata) for annotation tools.
    for name in ("1.xml", "1.ann", "1.txt", "1.metadata", "2.ann", "2.txt", "2.metadata", "README.md", "plot.png"):
        (tmp_path / name).write_text("x")
    skipped: list[Path] = []
    read = {path.name for _, path in iter_inputs([str(tmp_path)], skipped) if path is not None}
    assert read == {"1.xml", "2.ann"}
    reasons = {path.name: skip_reason(path) for path in skipped}
    assert reasons == {
        "1.ann": "a brat annotation: a copy of 1.xml, which is read instead",
        "1.txt": "the text of a brat annotation: a copy of 1.xml, which is read instead",
        "1.metadata": "the post list of a brat annotation: a copy of 1.xml, which is read instead",
        "2.txt": "the text of a brat annotation: read with 2.ann",
        "2.metadata": "the post list of a brat annotation: read with 2.ann",
        "README.md": "the folder's documentation, not a thread",
        "plot.png": "not a kind of file threads come in (.txt, .text, .md, .json, .jsonl, .ndjson, .gz, .xml)",
    }


REDDIT = (b'[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "ab1", "title": "Buses", '
          b'"selftext": "Buses should be free.", "author": "ana", "created_utc": 1700000000}}]}}, '
          b'{"kind": "Listing", "data": {"children": []}}]')


@pytest.mark.parametrize(("data", "forced", "sniffed"), [
    (REDDIT, "jsonl", "reddit"),  # was told to "put one whole JSON object on each line"
    (REDDIT, "hn", "reddit"),
    (b"Buses should be free.\n\nNo, they cost money.\n", "4forums", "text"),  # was told to re-download it
])
@pytest.mark.parametrize("read", [read_bytes, read_bytes_threads])
def test_registry_forced_format_that_the_content_is_not_names_the_format_it_is(
        data: bytes, forced: str, sniffed: str, read: Any) -> None:
    assert read_bytes(data, source="t.input").format == sniffed
    with pytest.raises(InputError) as caught:
        read(data, source="t.input", format=forced)
    assert type(caught.value) is InputError
    fix = str(caught.value).split("\n  fix: ", 1)[1]
    assert fix.startswith(f"it reads as {sniffed}, not {forced}: leave out --format (or give --format {sniffed}); "
                          "else ")  # the reader's own fix follows, for a file that is broken after all


def test_registry_forced_format_keeps_its_error_when_the_content_reads_as_no_other(tmp_path: Path) -> None:
    broken = b'[{"kind": "Listing", "data": {"children": [{"kind": "t3"'  # a truncated download
    with pytest.raises(InputError) as caught:
        read_bytes(broken, source="t.json", format="reddit")
    assert "it reads as" not in str(caught.value)
    with pytest.raises(EmptyInput) as empty:
        read_bytes(b"   \n", source="t.json", format="reddit")
    assert "it reads as" not in str(empty.value)
