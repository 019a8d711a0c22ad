"""Predictions another system made, read from a file, to score with the same metrics as argmap's own.

The file has the shape of argmap's JSON export (``argmap export --format json``), of which only this is read::

    {"posts": [{"id": "p1", "external_id": "cnhmb9v", "thread": "t1", "text": "..."}],
     "units": [{"id": "u1", "post": "p1", "kind": "claim", "start": 0, "end": 27}],
     "relations": [{"source": "u2", "target": "u1", "kind": "attack"}]}

``external_id`` is the corpus's id for the post (``id`` when it is left out), ``thread`` groups posts into threads
(all posts are one thread when no post has one), ``start``/``end`` are character offsets into the post's
``text``, and a unit's ``text``, when given, must be ``text[start:end]`` (but for a unit of an imported map, model
``import.*``, which keeps the analyst's words: a proposition reworded from what was said spans its locution).
Units and relations may carry
``confidence`` (default 1.0), ``model`` (the rule or system that made them; default ``predicted``) and
``reason``; other fields, and other top-level keys (``threads``, ``quotes``...), are passed over. Kinds are
argmap's: units ``claim`` and ``premise`` are scored, relations ``support`` and ``attack``; they are read in any
case, with the annotated corpora's names (``MajorClaim``, ``supports``, ``rebuttal``: as ``argmap eval`` reads
gold), and a kind argmap does not know is an error rather than a unit or relation passed over unscored.

A predicted thread is the prediction for the gold thread that holds the same posts (by external id), and each of
those posts must have the very text the gold thread gives it (the text a predictor receives: ``argmap ingest``
of the corpus file and ``argmap export --format json`` give it), else the offsets would point elsewhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from argmap.domain import IMPORTED, RELATION_KINDS, UNIT_KINDS, Extraction, Relation, Unit
from argmap.errors import InputError
from argmap.evaluate.brat import UNIT_KINDS as BRAT_UNIT_KINDS
from argmap.evaluate.cmv import relation_kind
from argmap.evaluate.gold import EvaluationError, GoldThread

__all__ = ["DEFAULT_MODEL", "PredictedThread", "Predictions", "align", "read_predictions", "unit_ids"]

#: The ``model`` of a predicted unit or relation that names none.
DEFAULT_MODEL = "predicted"
_FIX = ("write the predictions in the shape of argmap's JSON export: posts [{id, external_id, thread, text}], units "
        "[{id, post, kind, start, end}], relations [{source, target, kind}] (README, 'Scoring another system')")
_UNSCORED_UNITS = tuple(k for k in UNIT_KINDS if k not in ("claim", "premise"))
_TEXT_FIX = ("predict on the posts' text as argmap reads it: argmap ingest the corpus's files, then argmap export "
             "--format json gives every post's text")


@dataclass
class PredictedThread:
    """The predictions for one thread of a predictions file.

    Attributes:
        name (str): the thread's id in the file (``""`` when its posts name no thread).
        texts (dict[str, str]): external id -> text of each of its posts.
        extraction (Extraction): its units (offsets into those texts) and relations.
        ids (list[str]): the file's id of each of ``extraction.units``.
    """

    name: str
    texts: dict[str, str]
    extraction: Extraction = field(default_factory=Extraction)
    ids: list[str] = field(default_factory=list)


@dataclass
class Predictions:
    """What a predictions file holds.

    Attributes:
        source (str): the file, as given.
        threads (list[PredictedThread]): in the order their first post comes in the file.
    """

    source: str
    threads: list[PredictedThread] = field(default_factory=list)


def _key(value: Any, source: str, where: str, name: str) -> str:
    """An id field: a string or an integer, as a string."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(source, f"{where}: {name} must be a string or an integer, not {json.dumps(value)[:40]}",
                         fix=_FIX)
    return str(value)


def _entries(data: dict[str, Any], name: str, source: str, *, required: bool = True) -> list[dict[str, Any]]:
    """The list of objects under ``name``."""
    if name not in data:
        if required:
            raise InputError(source, f"has no {name!r} list", fix=_FIX)
        return []
    entries = data[name]
    if not isinstance(entries, list):
        raise InputError(source, f"{name!r} must be a list of objects", fix=_FIX)
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise InputError(source, f"{name}[{n}] is no object", fix=_FIX)
    return entries


def _number(entry: dict[str, Any], name: str, source: str, where: str, default: float) -> float:
    """An optional number field between 0 and 1 (a confidence)."""
    value = entry.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InputError(source, f"{where}: {name} must be a number from 0 to 1, not {json.dumps(value)[:40]}",
                         fix=_FIX)
    return float(value)


def _text(entry: dict[str, Any], name: str, source: str, where: str, default: str) -> str:
    """An optional string field."""
    value = entry.get(name, default)
    if not isinstance(value, str):
        raise InputError(source, f"{where}: {name} must be a string", fix=_FIX)
    return value


def read_predictions(path: Path | str) -> Predictions:
    """Read a predictions file (the shape in the module docstring).

    Args:
        path (Path | str): a JSON file.

    Returns:
        Predictions: its threads, each with its posts' texts and its extraction.

    Raises:
        InputError: a file that cannot be read, is no JSON, or breaks the shape (the entry at fault is named:
            ``units[3] (id 'u4')``).

    Example:
        >>> import json  # doctest: +SKIP
        >>> from argmap import Settings  # doctest: +SKIP
        >>> from argmap.api import export  # doctest: +SKIP
        >>> mine = export(settings=Settings(db="argmap.db"))  # a map to correct by hand, say  # doctest: +SKIP
        >>> _ = Path("mine.json").write_text(json.dumps(mine), encoding="utf-8")  # doctest: +SKIP
        >>> predictions = read_predictions("mine.json")  # doctest: +SKIP
        >>> [len(thread.extraction.units) for thread in predictions.threads]  # doctest: +SKIP
        [60]
    """
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})",
                         fix="give the path of a JSON file of predictions") from exc
    except UnicodeDecodeError as exc:
        raise InputError(source, "is not UTF-8 text", fix="save the predictions as UTF-8 JSON") from exc
    except json.JSONDecodeError as exc:
        raise InputError(source, f"is not valid JSON ({exc.msg})", line=exc.lineno, fix=_FIX) from exc
    if not isinstance(data, dict):
        raise InputError(source, "holds no JSON object", fix=_FIX)

    threads: dict[str, PredictedThread] = {}
    post_thread: dict[str, tuple[PredictedThread, str]] = {}  # post id in the file -> its thread, external id
    posts = _entries(data, "posts", source)
    grouped = any("thread" in post for post in posts)
    for n, post in enumerate(posts):
        where = f"posts[{n}]"
        post_id = _key(post.get("id"), source, where, "id")
        where = f"posts[{n}] (id {post_id!r})"
        external = _key(post.get("external_id", post_id), source, where, "external_id")
        text = post.get("text")
        if not isinstance(text, str):
            raise InputError(source, f"{where}: text must be a string (the post's text, which units' offsets "
                                     "point into)", fix=_FIX)
        name = _key(post.get("thread"), source, where, "thread") if grouped else ""
        thread = threads.setdefault(name, PredictedThread(name, {}))
        if post_id in post_thread:
            raise InputError(source, f"{where}: a second post with this id", fix="give every post an id of its own")
        if external in thread.texts:
            raise InputError(source, f"{where}: thread {name!r} already has a post with external_id {external!r}",
                             fix="give every post of a thread an external_id of its own")
        thread.texts[external] = text
        post_thread[post_id] = (thread, external)

    unit_at: dict[str, tuple[PredictedThread, int]] = {}
    for n, entry in enumerate(_entries(data, "units", source)):
        unit_id = _key(entry.get("id"), source, f"units[{n}]", "id")
        where = f"units[{n}] (id {unit_id!r})"
        post_id = _key(entry.get("post"), source, where, "post")
        if post_id not in post_thread:
            raise InputError(source, f"{where}: post {post_id!r} is no post of the file",
                             fix="give the id of one of the file's posts")
        if unit_id in unit_at:
            raise InputError(source, f"{where}: a second unit with this id", fix="give every unit an id of its own")
        thread, external = post_thread[post_id]
        text = thread.texts[external]
        start, end = entry.get("start"), entry.get("end")
        if (not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool)
                or isinstance(end, bool) or not 0 <= start <= end <= len(text)):
            raise InputError(source, f"{where}: start and end must be whole numbers with 0 <= start <= end <= "
                                     f"{len(text)} (the length of post {post_id!r}'s text), not {start!r} and {end!r}",
                             fix="give the unit's character offsets into its post's text")
        model = _text(entry, "model", source, where, DEFAULT_MODEL)
        if "text" in entry and entry["text"] != text[start:end] and not model.startswith(IMPORTED):
            raise InputError(source, f"{where}: its text is not its post's text[{start}:{end}] "
                                     f"({text[start:end][:40]!r})",
                             fix="correct the offsets (characters, not bytes, counted from 0), or leave text out")
        kind = _unit_kind(entry.get("kind"), source, where)
        unit_at[unit_id] = (thread, len(thread.extraction.units))
        thread.ids.append(unit_id)
        words = entry["text"] if model.startswith(IMPORTED) and isinstance(entry.get("text"), str) else text[start:end]
        thread.extraction.units.append(Unit(
            post=external, kind=kind, start=start, end=end, text=words,
            confidence=_number(entry, "confidence", source, where, 1.0), source=model,
            reason=_text(entry, "reason", source, where, "")))

    for n, entry in enumerate(_entries(data, "relations", source, required=False)):
        where = f"relations[{n}]" + (f" (id {entry['id']!r})" if isinstance(entry.get("id"), str | int) else "")
        ends = []
        for side in ("source", "target"):
            unit_id = _key(entry.get(side), source, where, side)
            if unit_id not in unit_at:
                raise InputError(source, f"{where}: {side} {unit_id!r} is no unit of the file",
                                 fix="give the id of one of the file's units")
            ends.append(unit_at[unit_id])
        (thread, first), (other, second) = ends
        if thread is not other:
            raise InputError(source, f"{where}: its units are in different threads ({thread.name!r} and "
                                     f"{other.name!r})", fix="relate units of one thread")
        kind = _relation_kind(entry.get("kind"), source, where)
        thread.extraction.relations.append(Relation(
            first, second, kind, _number(entry, "confidence", source, where, 1.0),
            _text(entry, "model", source, where, DEFAULT_MODEL), _text(entry, "reason", source, where, "")))
    return Predictions(source, list(threads.values()))


def _unit_kind(kind: Any, source: str, where: str) -> str:
    """A unit's kind as argmap names it: any case, and the component names of the annotated corpora ("Claim",
    "MajorClaim", "major_claim") as the brat reader takes them.

    Raises:
        InputError: a kind that is no string, or names no kind argmap knows (it would be passed over unscored).
    """
    if not isinstance(kind, str):
        raise InputError(source, f"{where}: kind must be a string (claim or premise are scored)", fix=_FIX)
    key = re.sub(r"[\s_-]+", "", kind.lower())
    if key in BRAT_UNIT_KINDS:
        return BRAT_UNIT_KINDS[key]
    if kind.lower() in UNIT_KINDS:
        return kind.lower()
    raise InputError(source, f"{where}: kind {kind!r} is no unit kind argmap knows, so the unit would not be scored",
                     fix=f"write claim or premise (scored), or one of {', '.join(_UNSCORED_UNITS)} (not scored)")


def _relation_kind(kind: Any, source: str, where: str) -> str:
    """A relation's kind as argmap names it: any case, and the relation labels of the annotated corpora
    ("supports", "rebuttal", "undercutter"...) through the table ``argmap eval`` reads gold relations by.

    Raises:
        InputError: a kind that is no string, or names no kind argmap knows (it would be passed over unscored).
    """
    if not isinstance(kind, str):
        raise InputError(source, f"{where}: kind must be a string (support or attack are scored)", fix=_FIX)
    scored = relation_kind(kind.strip().lower())
    if scored is not None:
        return scored
    if kind.lower() in RELATION_KINDS:
        return kind.lower()
    raise InputError(source, f"{where}: kind {kind!r} is no relation kind argmap knows, so the relation would not "
                             "be scored",
                     fix="write support or attack (scored; rebuttal, undercutter and the like are attack), or quote "
                         "or evidence (not scored)")


def unit_ids(predictions: Predictions, extraction: Extraction) -> list[str | None]:
    """The file's id of each unit of ``extraction``, one :func:`align` gave (which puts the units in post order).

    Args:
        predictions (Predictions): what :func:`read_predictions` read.
        extraction (Extraction): one of the extractions :func:`align` returned for it.

    Returns:
        list[str | None]: one id per unit, in ``extraction.units``' order (``None`` for a unit not read from the
        file).
    """
    # align() reorders the very Unit objects the file gave, so each is found by identity.
    given = {id(unit): name for thread in predictions.threads
             for unit, name in zip(thread.extraction.units, thread.ids, strict=True)}
    return [given.get(id(unit)) for unit in extraction.units]


def align(gold: list[GoldThread], predictions: Predictions) -> tuple[list[Extraction], list[str]]:
    """The prediction for each gold thread: the predicted thread that holds the same posts (by id; a gold thread of
    one post, by that post's text too, whatever its id).

    Args:
        gold (list[GoldThread]): a corpus.
        predictions (Predictions): what :func:`read_predictions` read.

    Returns:
        tuple[list[Extraction], list[str]]: one extraction per gold thread, in its order (an empty one where the
        file has no thread with its posts: it counts as predicting nothing), and the names of those gold threads.

    Raises:
        EvaluationError: a predicted post whose text is not the gold post's, naming the file, thread and post.
    """
    by_posts = {frozenset(thread.texts): thread for thread in predictions.threads}
    # A text that stands alone (a microtext, a web discourse document) is one post, whose id argmap's reader of its
    # file makes up ("1"), where the gold names it after the file: such a post is found by its words.
    alone = {next(iter(thread.texts.values())): thread for thread in reversed(predictions.threads)
             if len(thread.texts) == 1}
    extractions: list[Extraction] = []
    missing: list[str] = []
    for thread in gold:
        found = by_posts.get(frozenset(post.external_id for post in thread.thread.posts))
        if found is None and len(thread.thread.posts) == 1 and thread.thread.posts[0].text in alone:
            found = _renamed(alone[thread.thread.posts[0].text], thread.thread.posts[0].external_id)
        if found is None:
            extractions.append(Extraction())
            missing.append(thread.name)
            continue
        for post in thread.thread.posts:
            if found.texts[post.external_id] != post.text:
                predicted = found.texts[post.external_id]
                at = next((i for i, (a, b) in enumerate(zip(predicted, post.text, strict=False)) if a != b),
                          min(len(predicted), len(post.text)))
                raise EvaluationError(
                    f"{predictions.source}: thread {found.name!r}, post {post.external_id!r}: its text is not the "
                    f"text of that post in {thread.name} (they differ from character {at}: "
                    f"{predicted[at:at + 30]!r} against {post.text[at:at + 30]!r})\n  fix: {_TEXT_FIX}")
        extractions.append(_in_order(found.extraction, [post.external_id for post in thread.thread.posts]))
    return extractions, missing


def _renamed(thread: PredictedThread, post: str) -> PredictedThread:
    """A one-post predicted thread with its post called ``post``, as the gold calls it."""
    text = next(iter(thread.texts.values()))
    units = [replace(unit, post=post) for unit in thread.extraction.units]
    return PredictedThread(thread.name, {post: text}, Extraction(units=units, relations=thread.extraction.relations),
                           thread.ids)


def _in_order(extraction: Extraction, posts: list[str]) -> Extraction:
    """The extraction with its units in post order and text order, as argmap's own are, relations re-pointed."""
    place = {external: n for n, external in enumerate(posts)}
    order = sorted(range(len(extraction.units)),
                   key=lambda i: (place[extraction.units[i].post], extraction.units[i].start,
                                  extraction.units[i].end, i))
    new_index = {old: new for new, old in enumerate(order)}
    return Extraction(units=[extraction.units[i] for i in order],
                      relations=[Relation(new_index[r.source], new_index[r.target], r.kind, r.confidence, r.model,
                                          r.reason) for r in extraction.relations])
