"""A Doc's text, joined once.

``Doc.text`` builds the string anew from every token on each access, which costs about as much as a pass of
the tagger over a long post. argmap reads a post's text several times (segmenting, classifying, evidence), so
the text is kept in ``doc.user_data``: set for free where the Doc is made from a known string, joined once
otherwise. spaCy's tokenizer loses no character, so the two are the same string.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["TEXT_KEY", "doc_text", "span_text"]

TEXT_KEY = "argmap_text"


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, joined from its tokens at most once."""
    text = doc.user_data.get(TEXT_KEY)
    # The length check is cheap and catches a text left from before the Doc was retokenized.
    last = doc[-1] if len(doc) else None
    if not isinstance(text, str) or len(text) != (last.idx + len(last.text_with_ws) if last is not None else 0):
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def span_text(span: Span) -> str:
    """The text of ``span``, cut from its Doc's cached text (what ``Span.text`` gives, without the join)."""
    return doc_text(span.doc)[span.start_char:span.end_char]
