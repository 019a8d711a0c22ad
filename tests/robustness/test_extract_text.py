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


@pytest.mark.slow
def test_extract_text_a_long_post_in_pieces_gives_the_units_of_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A post longer than PIECE_CHARS goes through spaCy a piece at a time (a million characters took 3 GB whole);
    cut at paragraphs, its units are those of the whole post: the same kinds, reasons, offsets and topics."""
    import argmap.nlp.extract as extract
    from tests.conftest import ROOT

    extractor = extract.Extractor.load()
    thread = plaintext.read((ROOT / "corpora" / "hn-open-models.txt").read_text(encoding="utf-8"), source="x.txt")
    text = "\n\n".join(post.text for post in thread.posts)
    whole = extractor.run([(text, True)])[0]
    monkeypatch.setattr(extract, "PIECE_CHARS", 1_500)
    assert len(extract.piece_starts(text, 1_500)) >= 3
    pieced = extractor.run([("A short post.", False), (text, True), ("Another one.", True)])
    assert pieced[1] == whole and len(whole) > 40
    assert all(text[unit.start:unit.end] == unit.text for unit in pieced[1])
    assert [len(units) for units in (pieced[0], pieced[2])] == [1, 1]
