"""Long posts go through spaCy in pieces: where they are cut."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from argmap.nlp.extract import piece_starts

_TEXT = st.text(alphabet=st.sampled_from("ab .?\n\t"), max_size=400)


@given(_TEXT, st.integers(min_value=1, max_value=60))
def test_pieces_cover_the_text_each_at_most_the_limit(text: str, limit: int) -> None:
    starts = piece_starts(text, limit)
    ends = [*starts[1:], len(text)]
    assert starts[0] == 0 and all(a < b for a, b in zip(starts, ends, strict=True) if text)
    assert all(b - a <= limit for a, b in zip(starts, ends, strict=True))


def test_pieces_are_cut_at_a_paragraph_then_a_line_then_a_sentence() -> None:
    paragraphs = "First point here. More on it.\n\nSecond point. Its reason.\nA line of its own. And more."
    assert piece_starts(paragraphs, 60) == [0, 31]                 # after the blank line
    assert paragraphs[31:].startswith("Second point")
    lines = paragraphs.replace("\n\n", "\n")
    assert [lines[s:s + 6] for s in piece_starts(lines, 60)] == ["First ", "A line"]  # the last line break in reach
    sentences = lines.replace("\n", " ")
    assert [sentences[s:s + 5] for s in piece_starts(sentences, 40)] == ["First", "Secon", "A lin"]
    assert piece_starts("x" * 25, 10) == [0, 10, 20]            # no white space at all: cut mid-word
