"""Property-based tests over the rules that read a unit's words: any text gives an answer, never an exception.

Readers accept any text a post can hold, so the evidence finder, the stance cues and the segmenter meet it all.
Two such texts once failed a post (a URL with an impossible port; a run of capitals by a quotation); these
properties look for more, mixing random text with the fragments the patterns key on.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.domain import Post
from argmap.nlp.evidence import detect, normalise_url, post_evidence
from argmap.nlp.kinds import is_non_argumentative
from argmap.nlp.relations import UnitView, link_thread, stance
from argmap.nlp.segment import segments

MANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What the evidence and stance patterns look for, so that random text reaches their harder paths.
_FRAGMENTS = st.sampled_from([
    "http://", "https://", "www.", "[", "]", "]:", ":", "::1", "99999", "/", "?", "#", "&", "=", "%", "doi:",
    "10.1000/", "arXiv:", "2101.00001", "[1]", "\n[1] ", '"', "“", "”", " said ", " according to ", " study by ",
    " published in ", " et al. ", " (2019) ", "HAHAHA", "ABCDEFG", " I ", " my ", " for example ", " 5x ", " 40% ",
    "$3", " but ", " however ", "yeah", "∆", "!delta", "&#8710;", " not ", "?", "\x00", "\ud800", "é", " ",
    "Of course ", "Sure, ", "that may be true", ", though", "](", "/r/", "/comments/", "THE CASE FOR", "How so?",
])
texty = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=30).map("".join)


@MANY
@given(text=texty)
def test_text_properties_evidence_offsets_lie_inside_the_text(text: str) -> None:
    for item in detect(text):
        assert 0 <= item.start < item.end <= len(text)
        assert item.text == text[item.start:item.end]
        assert 0.0 < item.confidence <= 1.0 and item.reason


@MANY
@given(text=texty, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=6))
def test_text_properties_post_evidence_gives_one_list_per_unit(text: str, cuts: list[int]) -> None:
    points = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    spans = [(a, b) for a, b in itertools.pairwise(points) if a < b]
    assert len(post_evidence(text, spans)) == len(spans)


@MANY
@given(text=texty)
def test_text_properties_any_url_gets_a_key(text: str) -> None:
    key, label, domain = normalise_url("http://" + text.strip().replace(" ", "") + "x")
    assert key.startswith(("url:", "doi:", "arxiv:")) and isinstance(label, str) and isinstance(domain, str)


@MANY
@given(text=texty)
def test_text_properties_stance_always_decides(text: str) -> None:
    kind, confidence, cue = stance(text)
    assert kind in ("support", "attack") and 0.0 < confidence <= 1.0 and cue


@MANY
@given(text=texty)
def test_text_properties_non_argumentative_decides(text: str) -> None:
    assert is_non_argumentative(text) in (True, False)


@MANY
@given(parent=st.lists(texty, min_size=1, max_size=5), reply=st.lists(texty, min_size=1, max_size=5),
       kinds=st.lists(st.sampled_from(["claim", "premise"]), min_size=10, max_size=10))
def test_text_properties_relations_are_well_formed(parent: list[str], reply: list[str], kinds: list[str]) -> None:
    posts = [Post("p", None, None, " ".join(parent)), Post("r", "p", None, " ".join(reply))]
    units = [UnitView(i, post, kinds[i], text, 0, len(text), set(text.lower().split()))
             for i, (post, text) in enumerate([("p", t) for t in parent] + [("r", t) for t in reply])]
    relations = link_thread(posts, units)
    assert len({(r.source, r.target) for r in relations}) == len(relations)  # one relation a pair
    for relation in relations:
        assert relation.source != relation.target and relation.kind in ("support", "attack")
        assert 0.0 < relation.confidence <= 1.0 and relation.reason
        source, target = units[relation.source], units[relation.target]
        assert (source.post, target.post) in (("p", "p"), ("r", "r"), ("r", "p"))  # never back in time


@cache
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texty)
def test_text_properties_segments_are_ordered_and_inside(text: str) -> None:
    text = text.replace("\ud800", "\ufffd")  # readers repair lone surrogates before spaCy sees a post
    found = segments(_sentencizer()(text))
    assert all(0 <= a < b <= len(text) for a, b in found)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(found))
