"""Extraction speed: spaCy's own ``nlp.pipe`` against argmap's whole ingest, on the same posts.

Three rates are measured on the same texts, with the same pipeline and the same number of processes:

- **raw pipe**: ``nlp.pipe(texts, n_process=N)`` with argmap's pipeline minus its own ``argmap_units``
  component. With ``N > 1`` spaCy's workers send every Doc back to the parent, which costs time of its own.
- **raw compute**: the same pipeline in ``N`` forked workers that send back only a count, not the Docs: what
  the NLP alone costs, the ceiling for any program built on it.
- **argmap**: a caller-given run of the whole ingest (read the files, extract in worker processes that send
  back light unit records, link, store in a fresh SQLite database), model loading excluded.

Words are the whitespace-separated tokens of the post texts.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from argmap.domain import Thread
from argmap.nlp.extract import DEFAULT_BATCH_SIZE, ignore_interrupt

__all__ = ["Rate", "Speed", "count_words", "measure_speed", "post_texts", "raw_compute", "raw_pipe"]

#: The component argmap adds to spaCy's pipeline; the raw rates run without it.
ARGMAP_COMPONENTS = ("argmap_units",)


@dataclass
class Rate:
    """How fast some posts went through.

    Attributes:
        seconds (float): wall time (the best of the runs).
        posts (int): posts processed.
        words (int): whitespace tokens of their texts.
    """

    seconds: float
    posts: int
    words: int

    @property
    def words_per_s(self) -> float:
        """Words per second."""
        return round(self.words / self.seconds, 1) if self.seconds > 0 else 0.0

    @property
    def posts_per_s(self) -> float:
        """Posts per second."""
        return round(self.posts / self.seconds, 1) if self.seconds > 0 else 0.0


@dataclass
class Speed:
    """The speed section of a benchmark.

    Attributes:
        components (list[str]): the spaCy components that ran (argmap's own excluded).
        excluded (list[str]): components of the pipeline not loaded because extraction does not use them.
        processes (int): processes the pipeline ran in, for every rate.
        batch_size (int): posts per batch.
        runs (int): runs of each measurement; the best counts.
        raw_pipe (Rate): spaCy's ``nlp.pipe`` (Docs sent back to the parent when ``processes > 1``).
        raw_compute (Rate): the pipeline in forked workers that send back nothing but a count.
        argmap (Rate): argmap's whole ingest of the same inputs.
        warm_up_posts (int): posts run through the whole pipeline in this process, untimed, before any
            measurement, so that no side pays the pipeline's first-call costs (and workers forked later start warm).
        argmap_components (list[str]): argmap's own components, which its ingest runs after ``components`` and
            the raw rates do not (besides reading the files, linking the units and storing them).
        run_seconds (dict[str, list[float]]): every run's wall time, ``raw_pipe``, ``raw_compute`` and ``argmap``,
            in order: how far the runs spread (the machine's load), which the best alone hides.
    """

    components: list[str]
    excluded: list[str]
    processes: int
    batch_size: int
    runs: int
    raw_pipe: Rate
    raw_compute: Rate
    argmap: Rate
    warm_up_posts: int = 0
    argmap_components: list[str] = field(default_factory=list)
    run_seconds: dict[str, list[float]] = field(default_factory=dict)

    @property
    def run_ratios(self) -> list[float]:
        """argmap / raw ``nlp.pipe`` of each run (the same words on both sides: their times' inverse ratio)."""
        pairs = zip(self.run_seconds.get("raw_pipe", []), self.run_seconds.get("argmap", []), strict=False)
        return [round(raw / own, 3) if own > 0 else 0.0 for raw, own in pairs]

    @property
    def ratio(self) -> float:
        """argmap's words per second over raw ``nlp.pipe``'s (the issue's target is at least 0.85)."""
        return round(self.argmap.words_per_s / self.raw_pipe.words_per_s, 3) if self.raw_pipe.words_per_s else 0.0

    @property
    def ratio_to_compute(self) -> float:
        """argmap's words per second over the pipeline's cost alone (no Docs sent back)."""
        if not self.raw_compute.words_per_s:
            return 0.0
        return round(self.argmap.words_per_s / self.raw_compute.words_per_s, 3)


def post_texts(threads: Sequence[Thread]) -> list[str]:
    """The texts extraction runs on: every post of every thread, in order (as :func:`extract_stream` sends them).

    Args:
        threads (Sequence[Thread]): threads as the readers give them.

    Returns:
        list[str]: one text per post.
    """
    return [post.text for thread in threads if thread.extraction is None for post in thread.posts]


def count_words(texts: Sequence[str]) -> int:
    """Whitespace-separated tokens in ``texts``."""
    return sum(len(text.split()) for text in texts)


def raw_pipe(nlp: Language, texts: Sequence[str], *, n_process: int = 1,
             batch_size: int = DEFAULT_BATCH_SIZE) -> Rate:
    """Time spaCy's ``nlp.pipe`` over ``texts``, argmap's own components disabled.

    Args:
        nlp (Language): the loaded pipeline (argmap's ``Extractor.nlp``).
        texts (Sequence[str]): the posts.
        n_process (int): spaCy's processes; with more than one, each Doc is sent back to this process.
        batch_size (int): texts per batch.

    Returns:
        Rate: time, posts and words.
    """
    disabled = [name for name in ARGMAP_COMPONENTS if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        began = time.perf_counter()
        if n_process > 1 and hasattr(signal, "sigtimedwait"):
            done = _pipe_stoppable(nlp, texts, n_process=n_process, batch_size=batch_size)
        else:
            done = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
        seconds = time.perf_counter() - began
    return Rate(round(seconds, 3), done, count_words(texts))


#: The signals that stop a benchmark (Ctrl-C, and SIGTERM and SIGHUP, which ``argmap benchmark`` turns into the
#: same stop; a closed terminal sends SIGHUP to every process of its group, the workers too).
_STOPPING = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
#: How often the watching thread of :func:`_pipe_stoppable` looks up from waiting for a signal (seconds).
_WATCH_S = 0.1


def _pipe_stoppable(nlp: Language, texts: Sequence[str], *, n_process: int, batch_size: int) -> int:
    """``nlp.pipe`` in ``n_process`` processes, counting the Docs, that Ctrl-C and SIGTERM stop cleanly.

    spaCy's workers take no initializer, so a stop reached them as it came: Ctrl-C printed their tracebacks, and
    on a stop in this process spaCy's clean-up waited forever for workers blocked sending a batch nobody reads
    (each holds the read end of every pipe, so closing this process's end does not free them). Here the two
    signals are held while the pipe runs (the workers, forked now, inherit that and never see them) and a
    watching thread takes one that comes: it kills the workers (they hold nothing to save), which ends the pipe
    at once, even one waiting on a worker that died; the signal is then raised here again, as it came.
    """
    before = set(multiprocessing.active_children())
    caught: list[int] = []
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if not caught:
                taken = signal.sigtimedwait(_STOPPING, _WATCH_S)
                if taken is not None:
                    caught.append(taken.si_signo)
            else:
                finished.wait(_WATCH_S)
            if caught:  # and again while the pipe ends, for a worker started as the signal came
                for worker in set(multiprocessing.active_children()) - before:
                    worker.kill()

    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    watcher = threading.Thread(target=watch, name="argmap-stop-watch", daemon=True)  # inherits the held signals
    done = 0
    try:
        watcher.start()
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            try:
                done = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
            except Exception:
                if not caught:
                    raise
                # the workers were killed: spaCy finds their pipes closed
        for warning in said:
            if not caught:  # spaCy's "not all workers completed" is no news when they were stopped
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    finally:
        finished.set()
        watcher.join()
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    if caught:
        signal.raise_signal(caught[0])  # its handler raises here (KeyboardInterrupt, or what the command made of it)
    return done


# The pipeline a forked worker runs: set just before the pool forks, so workers share the loaded pipeline.
_NLP: Language | None = None


def _count(batch: list[str]) -> int:
    assert _NLP is not None
    return sum(len(doc) for doc in _NLP.pipe(batch, batch_size=len(batch)))


def _chunks(texts: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(texts), size):
        yield list(texts[start:start + size])


def raw_compute(nlp: Language, texts: Sequence[str], *, n_process: int = 1,
                batch_size: int = DEFAULT_BATCH_SIZE) -> Rate:
    """Time the pipeline over ``texts`` in forked workers that send back only token counts.

    Args:
        nlp (Language): the loaded pipeline; argmap's own components are disabled.
        texts (Sequence[str]): the posts.
        n_process (int): worker processes (1: this process).
        batch_size (int): texts per batch.

    Returns:
        Rate: time, posts and words.
    """
    global _NLP
    disabled = [name for name in ARGMAP_COMPONENTS if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        began = time.perf_counter()
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            _NLP = nlp
            try:
                with multiprocessing.get_context("fork").Pool(n_process, initializer=ignore_interrupt) as pool:
                    sum(pool.imap(_count, _chunks(texts, batch_size)))
            finally:
                _NLP = None
        else:
            sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
        seconds = time.perf_counter() - began
    return Rate(round(seconds, 3), len(texts), count_words(texts))


def measure_speed(nlp: Language, texts: Sequence[str], run_argmap: Callable[[], int], *, n_process: int = 1,
                  batch_size: int = DEFAULT_BATCH_SIZE, runs: int = 1, excluded: Sequence[str] = (),
                  on_step: Callable[[str], None] | None = None) -> Speed:
    """Measure raw ``nlp.pipe``, the raw pipeline cost and argmap's ingest on the same posts, ``runs`` times each.

    The measurements alternate (raw pipe, raw compute, argmap, then again), so that a burst of load from other
    programs does not fall on one of them only; the best run of each counts. Before the first, one batch of posts
    goes through the whole pipeline untimed: the first Docs of a freshly loaded pipeline cost more, and the raw
    pipe, timed first, paid that alone (with one process, argmap's ingest then ran on a warm pipeline).

    Args:
        nlp (Language): the pipeline argmap extracts with (loaded once, outside the timing).
        texts (Sequence[str]): the posts' texts, as :func:`post_texts` gives them.
        run_argmap (Callable[[], int]): runs argmap's ingest of the same posts and returns the posts stored.
        n_process (int): processes, for every measurement.
        batch_size (int): posts per batch.
        runs (int): runs of each measurement.
        excluded (Sequence[str]): components left out of the pipeline at load time (reported).
        on_step (Callable[[str], None] | None): told as each measurement starts (``"run 1 of 2: raw nlp.pipe"``).

    Returns:
        Speed: the three rates and their ratios.
    """
    words = count_words(texts)
    warm = list(texts[:batch_size])
    for _ in nlp.pipe(warm, batch_size=batch_size):  # argmap's components too: its ingest runs them
        pass
    best: dict[str, Rate] = {}
    every: dict[str, list[float]] = {"raw_pipe": [], "raw_compute": [], "argmap": []}

    def keep(name: str, rate: Rate) -> None:
        every[{"pipe": "raw_pipe", "compute": "raw_compute"}.get(name, name)].append(rate.seconds)
        if name not in best or rate.seconds < best[name].seconds:
            best[name] = rate

    def step(run: int, what: str) -> None:
        if on_step:
            on_step(f"run {run} of {max(1, runs)}: {what}")

    for run in range(1, max(1, runs) + 1):
        step(run, "raw nlp.pipe")
        keep("pipe", raw_pipe(nlp, texts, n_process=n_process, batch_size=batch_size))
        step(run, "raw pipeline only")
        keep("compute", raw_compute(nlp, texts, n_process=n_process, batch_size=batch_size))
        step(run, "argmap ingest")
        began = time.perf_counter()
        posts = run_argmap()
        keep("argmap", Rate(round(time.perf_counter() - began, 3), posts, words))
    components = [name for name in nlp.pipe_names if name not in ARGMAP_COMPONENTS]
    return Speed(components, list(excluded), n_process, batch_size, max(1, runs), best["pipe"], best["compute"],
                 best["argmap"], len(warm), [name for name in nlp.pipe_names if name in ARGMAP_COMPONENTS], every)
