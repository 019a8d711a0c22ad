from __future__ import annotations

from typing import Any

from argmap.nlp.doctext import TEXT_KEY, doc_text, span_text


def test_doctext_joins_once_and_matches_spacy(nlp_blank: Any) -> None:
    text = "Cats are better.  Dogs?\n\nNo — birds!  "
    doc = nlp_blank(text)
    assert TEXT_KEY not in doc.user_data
    assert doc_text(doc) == doc.text == text
    assert doc.user_data[TEXT_KEY] == text  # kept for the next read
    span = doc[3:6]
    assert span_text(span) == span.text


def test_doctext_ignores_a_text_that_does_not_fit_the_doc(nlp_blank: Any) -> None:
    doc = nlp_blank("Cats are better than dogs.")
    doc.user_data[TEXT_KEY] = "something else"
    assert doc_text(doc) == "Cats are better than dogs."
    empty = nlp_blank("")
    assert doc_text(empty) == ""
