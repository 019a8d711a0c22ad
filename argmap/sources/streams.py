"""Reading an input's bytes whatever it is: a file, a named pipe, standard input, or something never to read.

A regular file is read whole, whatever its size. A stream (a named pipe, ``<(command)``, standard input, a
terminal) has no size to check first and may never end (``yes | argmap ingest -``), so it is read up to a limit
and refused past it. A character device other than a terminal (``/dev/zero``, ``/dev/urandom``), a block device
(a disk) or a socket is no thread: it is refused before a byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from argmap.errors import InputError

__all__ = ["MAX_STREAM_BYTES", "not_a_file", "read_file", "read_stream", "stdin"]

MAX_STREAM_BYTES = 512 * 2**20
"""A stream (standard input, a named pipe) that sends more than this (512 MB) is refused: it may never end."""
_CHUNK = 2**20
_FIX = "give a file, or pipe what it holds into standard input (-)"


def _refused(mode: int) -> str | None:
    """What a file of ``mode`` is, in words, when it is no kind of input to read; ``None`` when it is one."""
    if stat.S_ISBLK(mode):
        return "a block device (a disk or partition)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def not_a_file(path: Path) -> tuple[str, str] | None:
    """Why a folder's entry ``path`` is neither a file nor a folder to read, with the fix; ``None`` when it is one.

    For a folder's reader to name what it passes over: a named pipe (reading it waits for a writer), a socket or a
    device, a link to nothing or a link in a loop.

    Returns:
        tuple[str, str] | None: what it is ("is a named pipe, not a file") and what to do about it.

    Example:
        >>> not_a_file(Path("/dev/null"))[0]
        'is a character device, not a file'
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ("is a symbolic link in a loop: following it leads back to a link on the way",
                    "point the link at a file, or remove it")
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            return (f"is a link to {str(path.readlink())!r}, which does not exist",
                    "restore the file it points to, or remove the link")
        return (f"cannot be read: {exc.strerror or exc}",
                "check its permissions" if isinstance(exc, PermissionError) else "check the path")
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a file", "name it to read what is written into it"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    what = _refused(mode) or "a character device"
    return f"is {what}, not a file", "argmap reads files and named pipes; put the file meant in its place"


def stdin(source: str = "<stdin>") -> BinaryIO:
    """Standard input's bytes, to read with :func:`read_stream`.

    Raises:
        InputError: standard input is closed (``argmap ingest - <&-``, a service started without one): Python then
            has no ``sys.stdin``, and reading it failed as "AttributeError ... a bug in argmap's reader".
    """
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(source, "is closed: this command was started without a standard input to read",
                         fix="pipe what to read into it (- < FILE), or give the file")
    return stream  # type: ignore[no-any-return]


def read_file(path: Path, *, limit: int = MAX_STREAM_BYTES) -> bytes:
    """The bytes of the file at ``path`` (links followed): see :func:`read_stream`.

    Raises:
        OSError: as :func:`open` raises it (missing, a folder, a link in a loop, no permission), for the caller to
            name.
        InputError: a device, a socket, or a stream that sends more than ``limit`` bytes.
    """
    what = _refused(os.stat(path).st_mode)  # before opening: opening a socket fails, a disk is not to be read
    if what is not None:
        raise InputError(str(path), f"is {what}, not a file to read", fix=_FIX)
    with open(path, "rb") as file:
        return read_stream(file, str(path), limit=limit)


def read_stream(file: BinaryIO, source: str, *, limit: int = MAX_STREAM_BYTES) -> bytes:
    """Everything ``file`` holds: whole for a regular file, up to ``limit`` bytes for a stream.

    Args:
        file (BinaryIO): an open file, a pipe or standard input.
        source (str): its name, for messages.
        limit (int): the most a stream may send.

    Raises:
        InputError: a character device other than a terminal (it may never end: ``/dev/zero``), a block device,
            or a stream that sends more than ``limit`` bytes.
    """
    try:
        fd: int | None = file.fileno()
    except (OSError, ValueError):  # in memory (io.UnsupportedOperation), or closed: read as a stream
        fd = None
    if fd is not None:
        status = os.fstat(fd)
        mode = status.st_mode
        if stat.S_ISREG(mode):
            return file.read()
        what = _refused(mode)
        if what is None and stat.S_ISCHR(mode) and not os.isatty(fd) and not _is_null(status):
            what = "a character device"
        if what is not None:
            raise InputError(source, f"is {what}, not a file to read (a device such as /dev/zero sends bytes "
                                     "without end)", fix=_FIX)
    chunks: list[bytes] = []
    size = 0
    while chunk := file.read(min(_CHUNK, limit + 1 - size)):
        size += len(chunk)
        if size > limit:
            raise InputError(source, f"sent more than {_size(limit)} without ending; argmap reads a stream "
                                     f"(standard input, a pipe) up to that size",
                             fix="check that it is the thread you meant; save a larger one to a file and give the "
                                 "file")
        chunks.append(chunk)
    return b"".join(chunks)


def _is_null(status: os.stat_result) -> bool:
    """Whether ``status`` is that of the null device, which ends at once: ``argmap ingest - < /dev/null`` (standard
    input of a job started without one: cron, ``ssh -n``, ``docker run`` without ``-i``) was refused as "a device
    such as /dev/zero sends bytes without end"; it is read, and said to be empty, as an empty pipe is."""
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(null.st_mode) and status.st_rdev == null.st_rdev


def _size(limit: int) -> str:
    return f"{limit // 2**20:,} MB" if limit >= 2**20 else f"{limit:,} bytes"

