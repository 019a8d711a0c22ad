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

from argmap.nlp.evidence import detect, normalise_url, post_evidence
from argmap.nlp.relations import stance
from argmap.nlp.segment import segments

MANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What the evidence and stance patterns look for, so that random text reaches their harder paths.
_FRAGMENTS = st.sampled_from([
    "http://", "https://", "www.", "[", "]", "]:", ":", "::1", "99999", "/", "?", "#", "&", "=", "%", "doi:",
    "10.1000/", "arXiv:", "2101.00001", "[1]", "\n[1] ", '"', "“", "”", " said ", " according to ", " study by ",
    " published in ", " et al. ", " (2019) ", "HAHAHA", "ABCDEFG", " I ", " my ", " for example ", " 5x ", " 40% ",
    "$3", " but ", " however ", "yeah", "∆", "!delta", "&#8710;", " not ", "?", "\x00", "\ud800", "é", " ",
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
