"""Plain data helpers shared by every layer."""

from __future__ import annotations

import pytest

from argmap.domain import shorten


@pytest.mark.parametrize(("tail", "kept"), [
    ("🇳🇱 and on", ""),  # a flag is two regional indicators: one alone draws as a boxed letter
    ("e\u0301te\u0301 and on", ""),  # "é" written as e + a combining accent: never a bare "e"
    ("👍🏽 and on", ""),  # a thumb is never printed without its skin tone
])
def test_domain_shorten_cuts_between_grapheme_clusters(tail: str, kept: str) -> None:
    # printed tables (claims, show, search) cut unit texts with shorten(), by code points: a cut could fall inside
    # a cluster and print a broken glyph
    text = "x" * 106 + tail
    assert shorten(text, 110) == "x" * 106 + kept + "..."


def test_domain_shorten_keeps_plain_text_as_before() -> None:
    assert shorten("Night buses   should run all year.", 20) == "Night buses shoul..."
    assert shorten("城市应该禁止汽车进入市中心", 8) == "城市应该禁..."
    assert shorten(None, 5) == ""
