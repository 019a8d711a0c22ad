"""PDF files built by hand for the tests: no PDF writer is needed to make one that pypdf reads."""

from __future__ import annotations

from collections.abc import Sequence


def pdf_bytes(objects: Sequence[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalogue), with its cross-reference table and trailer.

    Example:
        >>> pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>"]).startswith(b"%PDF-1.4")
        True
    """
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    size = len(objects) + 1
    return out + b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, table, size, len(out))
