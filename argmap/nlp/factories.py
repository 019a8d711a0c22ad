"""Every spaCy factory argmap registers. Names start with ``argmap_``."""

from __future__ import annotations

from spacy.language import Language

from argmap.nlp.components import UnitFinder

__all__ = ["make_units"]


@Language.factory(
    "argmap_units",
    default_config={},
    requires=["token.lemma", "token.pos", "doc.sents"],
    assigns=["doc.spans"],
)
def make_units(nlp: Language, name: str) -> UnitFinder:
    """Build the component that segments posts into argument units and labels them CLAIM/PREMISE/OTHER."""
    return UnitFinder(nlp, name)
