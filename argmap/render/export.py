"""Interchange formats: the argmap JSON graph (stable, documented in the README).

``to_json`` turns stored graph data into plain dictionaries:

- ``posts``: ``{id, external_id, thread, parent, author, created_at, title, url, text}``
- ``units``: ``{id, post, kind, text, start, end, confidence, model, reason, topics}``; ``start``/``end`` are
  character offsets into the post's ``text``
- ``relations``: ``{id, source, target, kind, confidence, model, reason}``; ``source``/``target`` are unit ids,
  ``kind`` is ``support`` or ``attack``
- ``quotes``: ``{post, text, source_post, source_start, source_end}``
- ``threads``: ``{id, key, format, source, title, url, posts, units, relations, missing}``
"""

from __future__ import annotations

from typing import Any

from argmap.store.tables import GraphData

__all__ = ["JSON_VERSION", "to_json"]

JSON_VERSION = 1
"""Bumped when a key is renamed or removed; adding keys does not bump it."""


def to_json(data: GraphData) -> dict[str, Any]:
    """The argmap JSON graph of ``data`` (see the module docstring for the keys)."""
    return {
        "argmap_json": JSON_VERSION,
        "threads": [t.model_dump(mode="json", exclude={"ingested_at"}) for t in data.threads],
        "posts": [p.model_dump(mode="json", exclude={"depth"}) for p in data.posts],
        "units": [u.model_dump(mode="json", exclude={"thread"}) for u in data.units],
        "relations": [r.model_dump(mode="json", exclude={"thread"}) for r in data.relations],
        "quotes": [q.model_dump(mode="json") for q in data.quotes],
    }
