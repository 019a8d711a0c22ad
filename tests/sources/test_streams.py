"""Reading an input's bytes: files whole, pipes and stdin up to a cap, devices and sockets refused."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.sources.streams import read_file, read_stream
from tests.conftest import ROOT

LINES = b'{"id": "1", "text": "Kites fly best by the sea."}\n{"id": "2", "parent": "1", "text": "Not in a gale."}\n'


def _feed(fifo: Path, data: bytes, *, times: int = 1) -> threading.Thread:
    """Write ``data`` into the named pipe ``fifo`` ``times`` times (until the reader goes, when it stops early)."""
    def write() -> None:
        try:
            with open(fifo, "wb") as pipe:
                for _ in range(times):
                    pipe.write(data)
        except BrokenPipeError:
            pass
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "thread.jsonl"
    os.mkfifo(path)
    yield path


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_streams_character_device_is_refused_before_reading() -> None:
    """/dev/zero was read until the memory ran out."""
    with pytest.raises(InputError) as caught:
        read_file(Path("/dev/zero"))
    message = str(caught.value)
    assert message.startswith("/dev/zero: is a character device, not a file to read")
    assert "fix: give a file, or pipe what it holds into standard input (-)" in message
    with open("/dev/zero", "rb") as zero, pytest.raises(InputError, match="<stdin>: is a character device"):
        read_stream(zero, "<stdin>")


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_streams_dev_null_is_read_as_empty(tmp_path: Path) -> None:
    """``argmap ingest - < /dev/null`` (standard input of a job started without one: cron, ``ssh -n``) was refused
    as "a character device ... a device such as /dev/zero sends bytes without end"; the null device ends at once,
    and is read: nothing, said to be empty as an empty pipe is."""
    with open(os.devnull, "rb") as null:
        assert read_stream(null, "<stdin>") == b""
    assert read_file(Path(os.devnull)) == b""
    with open(os.devnull, "rb") as null:
        ran = subprocess.run([sys.executable, "-m", "argmap", "--db", str(tmp_path / "a.db"), "ingest", "-"],
                             stdin=null, capture_output=True, text=True, timeout=120, cwd=tmp_path,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ran.returncode == 1 and "<stdin>: is empty" in ran.stderr and "character device" not in ran.stderr


def test_streams_named_pipe_is_read_whole(fifo: Path) -> None:
    writer = _feed(fifo, LINES)
    assert read_file(fifo) == LINES
    writer.join(5)


def test_streams_endless_pipe_is_refused_at_the_limit(fifo: Path) -> None:
    writer = _feed(fifo, b"y\n" * 4096, times=10_000)
    with pytest.raises(InputError) as caught:
        read_file(fifo, limit=100_000)
    message = str(caught.value)
    assert f"{fifo}: sent more than 100,000 bytes without ending" in message and "fix: check that it is" in message
    writer.join(5)
    assert not writer.is_alive()


def test_streams_stdin_in_memory_or_a_pipe_is_capped_too() -> None:
    assert read_stream(io.BytesIO(LINES), "<stdin>") == LINES  # no file descriptor: CliRunner's stdin
    with pytest.raises(InputError, match="sent more than 10 bytes"):
        read_stream(io.BytesIO(LINES), "<stdin>", limit=10)
    read_end, write_end = os.pipe()
    with open(write_end, "wb") as pipe:
        pipe.write(LINES)
    with open(read_end, "rb") as pipe:
        assert read_stream(pipe, "<stdin>", limit=len(LINES)) == LINES  # exactly the limit is allowed


def test_streams_regular_file_is_read_whole_past_the_stream_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(LINES * 1000)
    assert read_file(path, limit=len(LINES)) == LINES * 1000


def test_streams_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InputError, match=r"s\.sock: is a socket, not a file to read"):
            read_file(path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize(("command", "stdin"), [
    (["ingest", "--no-extract", "/dev/zero"], False),
    (["ingest", "--no-extract", "-"], True),
    (["evidence", "add", "/dev/zero"], False),  # its size check saw 0 bytes
], ids=["ingest-path", "ingest-stdin", "evidence-add"])
def test_streams_dev_zero_ends_with_an_error(tmp_path: Path, command: list[str], stdin: bool) -> None:
    """``argmap ingest /dev/zero`` (or ``- < /dev/zero``) read until the memory ran out; it is refused at once."""
    with open("/dev/zero", "rb") as zero:
        ran = subprocess.run([sys.executable, "-m", "argmap", "--db", str(tmp_path / "a.db"), *command],
                             stdin=zero if stdin else subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
                             cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert ran.returncode == 1
    said = "<stdin>" if stdin else "/dev/zero"
    assert f"{said}: is a character device, not a file to read" in " ".join(ran.stderr.split())
    assert "Traceback" not in ran.stderr
