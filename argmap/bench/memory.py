"""Memory on a large input: generate a big JSON Lines thread from real threads, ingest it in a subprocess.

:func:`write_jsonl` cycles the posts of real threads (Hacker News, Reddit, ...) into one JSON Lines thread of
any size: every post gets a fresh id and keeps its parent link (the parent's fresh id in the same cycle), and
each cycled thread's root answers the file's first post, so the file is one tree. :func:`measure_memory` writes
such a file to a temporary folder, runs ``python -m argmap ingest`` on it in a subprocess with extraction on,
and reports the wall time and the subprocess's peak memory; the file and the database are deleted afterwards.

Peak memory is measured two ways: ``ru_maxrss`` of the finished subprocess (``os.wait4``, which covers the
subprocess and the workers it waited for: the largest single process), and the sum of the proportional set
sizes (PSS, which splits pages the forked workers share) of the whole process tree, sampled while it runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from argmap.config import DEFAULT_MEMORY_POSTS, LIMIT_MB
from argmap.domain import Thread
from argmap.errors import ArgmapError, InputError
from argmap.sources import registry

__all__ = ["DEFAULT_MEMORY_POSTS", "LIMIT_MB", "Generated", "MemoryUse", "measure_memory", "source_threads",
           "write_jsonl"]

_SAMPLE_S = 0.5


@dataclass
class Generated:
    """A generated JSON Lines thread.

    Attributes:
        posts (int): lines written.
        words (int): whitespace tokens of the texts.
        bytes (int): size of the file.
        sources (int): real threads its posts were cycled from.
    """

    posts: int
    words: int
    bytes: int
    sources: int


def source_threads(folders: Sequence[Path]) -> list[Thread]:
    """Read every thread file under ``folders`` that a reader recognises (others are passed over).

    Args:
        folders (Sequence[Path]): folders (searched recursively) or files.

    Returns:
        list[Thread]: the threads with at least one post with text.

    Raises:
        InputError: when none of them holds a thread.
    """
    threads: list[Thread] = []
    for _name, path in registry.iter_inputs([str(f) for f in folders]):
        if path is None:
            continue
        try:
            thread = registry.read_path(path)
        except ArgmapError:
            continue  # a side file (a readme, a quote index) or a format the reader refuses
        if any(post.text.strip() for post in thread.posts):
            threads.append(thread)
    if not threads:
        shown = ", ".join(str(f) for f in folders)
        raise InputError(shown, "holds no thread argmap can read",
                         fix="give a folder of thread files with --source")
    return threads


def _lines(threads: Sequence[Thread], posts: int) -> Iterator[dict[str, object]]:
    """``posts`` JSON Lines records cycled from ``threads`` with fresh ids and parent links kept."""
    made = 0
    while True:
        before = made
        for thread in threads:
            fresh: dict[str, int] = {}
            for post in thread.posts:
                parent = fresh.get(post.parent) if post.parent is not None else None
                if not post.text.strip():
                    # A deleted post is left out; its replies answer what it answered.
                    if parent is not None:
                        fresh[post.external_id] = parent
                    continue
                if made == posts:
                    return
                if parent is None and made > 0:
                    parent = 0  # every cycled root answers the file's first post: one tree
                record: dict[str, object] = {"id": made, "parent": parent, "author": post.author, "text": post.text}
                if made == 0:
                    record.update(thread=f"bench-memory-{posts}", title="argmap benchmark: cycled real threads")
                fresh[post.external_id] = made
                made += 1
                yield record
        if made == before:
            return  # no post with text at all: nothing to cycle


def write_jsonl(threads: Sequence[Thread], posts: int, output: IO[str]) -> Generated:
    """Write a JSON Lines thread of ``posts`` posts cycled from ``threads``.

    Args:
        threads (Sequence[Thread]): real threads to take posts from, in turn.
        posts (int): posts to write.
        output (IO[str]): where to write, one JSON object a line.

    Returns:
        Generated: what was written.

    Raises:
        InputError: when the threads hold no post with text.
    """
    if not any(post.text.strip() for thread in threads for post in thread.posts):
        raise InputError("--source", "holds no post with text", fix="give a folder of real threads")
    written = words = size = 0
    for record in _lines(threads, posts):
        line = json.dumps(record, ensure_ascii=False) + "\n"
        output.write(line)
        written += 1
        words += len(str(record["text"]).split())
        size += len(line.encode("utf-8"))
    return Generated(written, words, size, len(threads))


@dataclass
class MemoryUse:
    """The memory section of a benchmark.

    Attributes:
        posts (int): posts in the generated file.
        words (int): whitespace tokens of their texts.
        file_mb (float): size of the file, in megabytes.
        seconds (float): wall time of the ingest subprocess (model loading included).
        peak_rss_mb (float): ``ru_maxrss`` of the subprocess: the largest single process of its tree.
        peak_pss_mb (float): the largest sampled sum of PSS over the subprocess and its workers.
        units (int): units the ingest stored.
        exit_code (int): the subprocess's exit status.
        error (str): the end of its standard error when it failed.
    """

    posts: int
    words: int
    file_mb: float
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    units: int = 0
    exit_code: int = 0
    error: str = ""

    @property
    def within_limit(self) -> bool:
        """Whether both peaks stay under :data:`LIMIT_MB`."""
        return max(self.peak_rss_mb, self.peak_pss_mb) < LIMIT_MB


def _tree(root: int) -> list[int]:
    """``root`` and every process below it, from ``/proc``."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _sample(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(_SAMPLE_S):
        if not os.path.exists("/proc/self/smaps_rollup"):
            return
        peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(pid)))


def measure_memory(threads: Sequence[Thread], posts: int = DEFAULT_MEMORY_POSTS, *,
                   argmap_args: Sequence[str] = (), on_phase: Callable[[str], None] | None = None) -> MemoryUse:
    """Generate a JSON Lines thread of ``posts`` posts and ingest it in a subprocess, measuring its memory.

    Args:
        threads (Sequence[Thread]): real threads to cycle posts from (see :func:`source_threads`).
        posts (int): posts in the generated file.
        argmap_args (Sequence[str]): global options for the subprocess (``--model NAME``, ``--workers N``).
        on_phase (Callable[[str], None] | None): told ``"generate"``, then ``"ingest"``.

    Returns:
        MemoryUse: wall time and peaks; ``exit_code`` and ``error`` tell when the ingest failed.

    Raises:
        InputError: when the threads hold no post with text.
    """
    with tempfile.TemporaryDirectory(prefix="argmap-memory-") as folder:
        path = Path(folder) / "posts.jsonl"
        if on_phase:
            on_phase("generate")
        with path.open("w", encoding="utf-8") as output:
            generated = write_jsonl(threads, posts, output)
        if on_phase:
            on_phase("ingest")
        command = [sys.executable, "-m", "argmap", "--db", str(Path(folder) / "memory.db"), *argmap_args,
                   "ingest", "--json", str(path)]
        out_path, err_path = Path(folder) / "stdout", Path(folder) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            began = time.perf_counter()
            process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            stop, peak = threading.Event(), [0]
            sampler = threading.Thread(target=_sample, args=(process.pid, stop, peak), daemon=True)
            sampler.start()
            try:
                # wait4, not getrusage(RUSAGE_CHILDREN): the peak of this child only, not of every earlier child.
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:  # Ctrl-C or SIGTERM stopping the benchmark: the ingest stops too, in order
                process.terminate()
                process.wait()
                stop.set()
                raise
            seconds = time.perf_counter() - began
            stop.set()
            sampler.join()
            process.returncode = os.waitstatus_to_exitcode(status)
        units, error = 0, ""
        if process.returncode == 0:
            try:
                report = json.loads(out_path.read_text(encoding="utf-8"))
                units = sum(int(t.get("units", 0)) for t in report.get("threads", []))
            except (OSError, ValueError):
                error = "the ingest printed no JSON report"
        else:
            error = err_path.read_text(encoding="utf-8", errors="replace")[-2000:]
    return MemoryUse(generated.posts, generated.words, round(generated.bytes / 1e6, 1), round(seconds, 1),
                     round(usage.ru_maxrss / 1024, 1), round(peak[0] / 1024, 1), units, process.returncode, error)
