"""Which side of a debate each post is on: with the opening post or against it.

A reply whose units attack the post it answers takes the other side from that post; one that supports it takes
the same side; one with neither relation is ``unknown``, and so are its replies. Two attacks in a row bring a
post back to the opening post's side. Pure: works on :class:`~argmap.store.models.GraphData`.
"""

from __future__ import annotations

from argmap.store.models import GraphData

__all__ = ["AGAINST", "UNKNOWN", "WITH", "post_sides"]

WITH = "with the opening post"
AGAINST = "against the opening post"
UNKNOWN = "unknown"


def post_sides(data: GraphData) -> dict[str, str]:
    """The side of every post of ``data``.

    Args:
        data (GraphData): from :func:`argmap.store.repository.load_graph` (posts in thread order).

    Returns:
        dict[str, str]: post id -> :data:`WITH`, :data:`AGAINST` or :data:`UNKNOWN`.
    """
    unit_post = {u.id: u.post for u in data.units}
    parent = {p.id: p.parent for p in data.posts}
    answer: dict[str, str] = {}
    for rel in data.relations:
        source, target = unit_post.get(rel.source), unit_post.get(rel.target)
        if source is None or target is None or parent.get(source) != target:
            continue
        if rel.kind == "attack":
            answer[source] = "attack"
        elif rel.kind == "support":
            answer.setdefault(source, "support")
    sides: dict[str, str] = {}
    for post in data.posts:  # parents come before their replies
        if post.parent is None or post.parent not in parent:
            sides[post.id] = WITH
            continue
        above = sides.get(post.parent, UNKNOWN)
        how = answer.get(post.id)
        if above == UNKNOWN or how is None:
            sides[post.id] = UNKNOWN
        elif how == "support":
            sides[post.id] = above
        else:
            sides[post.id] = AGAINST if above == WITH else WITH
    return sides
