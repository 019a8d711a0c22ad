"""Post text that once broke extraction (not reading): the thread is read fine, then a unit's words tripped a
rule. Each post must come out as units, whatever it holds."""

from __future__ import annotations

import pytest

from argmap.sources import plaintext

_POSTS = [
    # urlsplit raised ValueError on a bad port or a bracketed host that is no IP address.
    "Benchmarks are misleading. See http://example.com:99999/results for the raw numbers.",
    "> Benchmarks are misleading.\nNot at all, the server at http://[1]/api and http://127.0.0.1:{port}/x agree.",
    # A run of capitals next to a quotation made the quoted-speaker pattern backtrack without end.
    'HAHA' * 80 + ' "this is the funniest thing anyone has written here" ' + 'HAHA' * 80,
    "According to " + "XYZXYZ" * 60 + " the claim holds.",
]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_extract_text_that_tripped_rules_gives_units() -> None:
    from argmap.nlp.extract import Extractor

    thread = plaintext.read("\n".join(_POSTS) + "\n", source="tripped.txt")
    extraction = Extractor.load().extract(thread)
    posts_with_units = {unit.post for unit in extraction.units}
    assert len(thread.posts) == len(_POSTS)
    assert posts_with_units == {post.external_id for post in thread.posts}
    links = [item for unit in extraction.units for item in unit.evidence if item.kind == "link"]
    assert len(links) == 3
