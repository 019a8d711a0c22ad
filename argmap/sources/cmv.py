"""Read a thread file of the Change My View argument corpus (Hidey et al. 2017): XML with inline annotations.

Each file is one chain of a Reddit thread: a ``<title>``, the opening post (``<OP author=...>``) and the replies
(``<reply id=... author=...>``) in which every reply answers the one before. The markup is read as the
evaluation reads it (:func:`argmap.evaluate.cmv.parse_cmv`, lenient about the corpus's malformed spots): posts
get their own words, with the lines they quote (``>``) as quotes located in the post they answer. The
annotators' components and relations are not imported: ingesting a file maps its text as argmap reads it, so
that its map can be set beside the annotated one (``argmap eval --explain``).

The corpus holds several chains of one Reddit thread, each in a file of its own and all with the thread's ``ID``.
A file's key is therefore that ``ID`` and the id of its chain's last reply (``cmv:2rppq9/cni5g16``): the same file
from any path finds its thread again, and two chains of one thread are two threads.
"""

from __future__ import annotations

import re

from argmap.domain import Thread
from argmap.errors import InputError
from argmap.evaluate.cmv import parse_cmv
from argmap.evaluate.gold import CorpusError

__all__ = ["NAME", "read", "sniff"]

NAME = "cmv"
_FIX = "give a thread file of the Change My View corpus (<thread ID=...> with <OP> and <reply> elements)"
_START = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<thread\b[^>]*>", re.I | re.S)
_POST = re.compile(r"<(?:op|reply)\b", re.I)
#: Notes of the markup scan that bear on the posts themselves.
_POST_NOTES = frozenset({"unclosed-post"})

def sniff(head: str) -> bool:
    """Whether ``head`` starts a CMV corpus file: a ``<thread>`` element (after any XML declaration) and a post.

    Example:
        >>> sniff('<?xml version="1.0"?>\\n<thread ID="t1"><title>CMV: x</title><OP author="a">Hi</OP>')
        True
    """
    return _START.match(head) is not None and _POST.search(head) is not None

def read(text: str, *, source: str) -> Thread:
    """The thread of one corpus file, keyed by the Reddit thread's id and its chain's last reply.

    Raises:
        InputError: when the file holds no post.
    """
    try:
        gold = parse_cmv(text, label=source, source=source)
    except CorpusError as exc:
        raise InputError(source, exc.detail, fix=exc.fix or _FIX) from exc
    thread = gold.thread
    # The opening post's id is the thread's ID (the corpus gives the opening post none of its own).
    root, last = thread.posts[0].external_id, thread.posts[-1].external_id
    thread.key = f"cmv:{root}" if last == root else f"cmv:{root}/{last}"
    thread.format = NAME
    # Only what bears on the posts: notes on the annotation (relations to the title, dangling references...) are
    # the evaluation's business, and nothing of the annotation is imported.
    thread.notes = [note for note in thread.notes if note.reason in _POST_NOTES]
    return thread
