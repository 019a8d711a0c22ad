"""A corpus of malformed and hostile thread files, built in code: one :class:`Case` per input.

Each case says what ``argmap ingest --no-extract`` must do with it: refuse it with a message naming the
file, the fault and the fix (``refused``), or store it, counting what it passed over (``stored``, with the
note reasons expected). Cases cover every reader: wrong types at every level of each JSON shape, missing
keys, null where objects belong, huge and negative numbers, deep nesting, gzip bombs, NUL bytes, lone
surrogates, invalid UTF-8, byte-order marks, CR/LF line ends and hostile HTML.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any

__all__ = ["CASES", "STORE_LIMITS", "Case", "big_jsonl"]


@dataclass(frozen=True)
class Case:
    """One hostile input.

    Attributes:
        id (str): the test id; also the file name's stem.
        content (bytes): the file's bytes.
        refused (str | None): words the error must hold when the input is refused; ``None`` when it is stored.
        notes (tuple[str, ...]): note reasons the summary must count when it is stored.
        suffix (str): the file name's suffix.
        format (str | None): ``--format`` to force a reader (the sniffer cannot recognise a broken shape).
    """

    id: str
    content: bytes
    refused: str | None = None
    notes: tuple[str, ...] = ()
    suffix: str = ".json"
    format: str | None = None

    @property
    def filename(self) -> str:
        return self.id + self.suffix


def _j(value: Any) -> bytes:
    return json.dumps(value).encode()


def _lines(*rows: Any) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows)


# --- Reddit ---------------------------------------------------------------------------------------------

_SUB = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
    "id": "abc", "title": "Should cities ban cars?", "selftext": "Discuss.", "author": "op",
    "permalink": "/r/x/comments/abc/_/"}}]}}


def _reddit(*comments: Any, submission: Any = _SUB) -> bytes:
    return _j([submission, {"kind": "Listing", "data": {"children": list(comments)}}])


def _t1(**data: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "c1", "parent_id": "t3_abc", "author": "ann", "body": "Cars are loud.",
                            "replies": ""}
    base.update(data)
    return {"kind": "t1", "data": {k: v for k, v in base.items() if v is not ...}}


REDDIT = [
    Case("reddit-missing-replies", _reddit(_t1(replies=...)), notes=("malformed",)),
    Case("reddit-replies-is-list", _reddit(_t1(replies=[1, 2])), refused="'replies' is a list"),
    Case("reddit-replies-is-number", _reddit(_t1(replies=7)), refused="'replies' is an integer"),
    Case("reddit-body-is-list", _reddit(_t1(body=["Cars"])), refused="'body' is a list"),
    Case("reddit-body-missing", _reddit(_t1(body=...)), refused="no 'body'"),
    Case("reddit-comment-id-number", _reddit(_t1(id=5)), refused="no string 'id'"),
    Case("reddit-parent-id-object", _reddit(_t1(parent_id={"x": 1})), refused="'parent_id' is an object"),
    Case("reddit-author-number", _reddit(_t1(author=42)), refused="'author' is an integer"),
    Case("reddit-children-null", _j([_SUB, {"kind": "Listing", "data": {"children": None}}]),
         refused="no list of 'children'"),
    Case("reddit-listing-data-null", _j([_SUB, {"kind": "Listing", "data": None}]), refused="not a Listing"),
    Case("reddit-children-scalars", _reddit(1, "two", None), refused="not a {'kind', 'data'} object"),
    Case("reddit-kind-null", _reddit({"kind": None, "data": {}}), refused="not a {'kind', 'data'} object"),
    Case("reddit-title-number", _reddit(_t1(), submission={"kind": "Listing", "data": {"children": [
        {"kind": "t3", "data": {"id": "abc", "title": 5}}]}}), refused="'title' is an integer"),
    Case("reddit-three-listings", _j([_SUB, {"kind": "Listing", "data": {"children": []}}, {}]),
         refused="not the 2 Listings"),
    Case("reddit-more-count-huge", _reddit(_t1(), {"kind": "more", "data": {"count": 10**30}}),
         notes=("more-stub",)),
    Case("reddit-more-count-negative", _reddit(_t1(), {"kind": "more", "data": {"count": -3}}),
         notes=("more-stub",)),
    Case("reddit-times-junk", _reddit(_t1(created_utc=1e308), _t1(id="c2", created_utc="soon"),
                                      _t1(id="c3", created_utc=[1]))),
    Case("reddit-unknown-kind", _reddit(_t1(), {"kind": "t5", "data": {}}), notes=("skipped",)),
]

# --- Hacker News, Algolia -------------------------------------------------------------------------------


def _algolia(children: Any = None, **top: Any) -> bytes:
    item: dict[str, Any] = {"id": 1, "type": "story", "title": "Ask HN: tabs or spaces?", "author": "pg",
                            "created_at_i": 1_700_000_000, "story_id": 1, "parent_id": None,
                            "children": [{"id": 2, "author": "a", "text": "Tabs, obviously.", "children": []}]
                            if children is None else children}
    item.update(top)
    return _j(item)


HN = [
    Case("hn-children-is-string", _algolia("none"), refused="'children' is a string", format="hn"),
    Case("hn-children-scalars", _algolia([1, 2, 3]), refused="not an item object"),
    Case("hn-children-null-item", _algolia([None]), refused="not an item object"),
    Case("hn-id-float", _algolia(id=1.5), refused="not a number"),
    Case("hn-id-missing", _algolia([{"text": "no id"}]), refused="has no id"),
    Case("hn-id-negative", _algolia([{"id": -2, "text": "Negative ids are still ids."}], id=-1)),
    Case("hn-id-huge", _algolia([{"id": 10**200, "text": "A 201-digit id."}])),
    Case("hn-id-too-long", _algolia([{"id": 10**400, "text": "A 401-digit id."}]), refused="ids up to 255"),
    Case("hn-text-is-number", _algolia([{"id": 2, "text": 5}]), refused="'text' is an integer"),
    Case("hn-fields-wrong-types", _algolia([{"id": 2, "text": "Odd fields.", "author": {"n": 1},
                                             "created_at_i": "never"}], title=["t"], url={"u": 1})),
    Case("hn-times-overflow", _algolia([{"id": 2, "text": "From the far future.", "created_at_i": 10**30}],
                                       created_at_i=-(10**30))),
    Case("hn-html-unclosed-script", _algolia([{"id": 2, "text": "<p><b><i>Unclosed <a href='x'>tags "
                                               "<script>alert(1)</script><style>p{}</style><div" + "<div>" * 3000,
                                               "children": []}])),
    Case("hn-top-is-list", _j([{"id": 1, "children": []}]), refused="not an Algolia item", format="hn"),
    Case("hn-search-result", _j({"hits": [], "created_at_i": 1, "story_id": 1}), refused="search result",
         format="hn"),
]

# --- Hacker News, Firebase ------------------------------------------------------------------------------

_STORY = {"id": 1, "type": "story", "by": "pg", "time": 1_700_000_000, "title": "Show HN: a thing", "kids": [2]}
_COMMENT = {"id": 2, "type": "comment", "by": "ann", "time": 1_700_000_100, "parent": 1, "text": "Nice thing."}

FIREBASE = [
    Case("firebase-kids-is-string", _j([{**_STORY, "kids": "2"}, _COMMENT]), refused="'kids' is a string"),
    Case("firebase-kid-object-without-id", _j([{**_STORY, "kids": [{"text": "inline"}]}]), refused="no id"),
    Case("firebase-parent-is-object", _j([_STORY, {**_COMMENT, "parent": {"id": 1}}]), refused="the parent of item 2"),
    Case("firebase-null-item", _j([_STORY, None]), refused="not an item object"),
    Case("firebase-two-stories", _j([_STORY, {**_STORY, "id": 9, "kids": []}, _COMMENT]),
         refused="more than one thread"),
    Case("firebase-text-is-list", _j([_STORY, {**_COMMENT, "text": ["x"]}]), refused="'text' is a list"),
    Case("firebase-self-kid", _j([{**_STORY, "kids": [1, 2]}, _COMMENT])),
    Case("firebase-parent-cycle", _j([{**_COMMENT, "parent": 3}, {**_COMMENT, "id": 3, "parent": 2, "text": "Round."}]),
         notes=("missing-story", "parent-cycle")),
    Case("firebase-jsonl-bad-line", _lines(_STORY, b'{"id": 2, "type": "comment", "by": "x", "time": 1, "text": }'),
         refused="line 2", suffix=".jsonl", format="hn-firebase"),
    Case("firebase-wrong-types", _j([{**_STORY, "by": ["pg"], "time": "noon", "url": 5}, _COMMENT])),
]

# --- HNPWA ----------------------------------------------------------------------------------------------

_PWA = {"id": 1, "title": "A story", "user": "pg", "time": 1_700_000_000, "time_ago": "1 day ago",
        "comments_count": 1, "comments": [{"id": 2, "level": 0, "user": "ann", "content": "<p>Good.</p>",
                                           "comments": []}]}

HNPWA = [
    Case("hnpwa-comments-is-object", _j({**_PWA, "comments": {"a": 1}}), refused="'comments' is an object",
         format="hnpwa"),
    Case("hnpwa-content-is-list", _j({**_PWA, "comments": [{"id": 2, "content": ["x"]}]}),
         refused="'content' is a list"),
    Case("hnpwa-comment-is-string", _j({**_PWA, "comments": ["just text"]}), refused="not a comment object"),
    Case("hnpwa-user-number", _j({**_PWA, "user": 5, "comments": [{"id": 2, "content": "Hi.", "user": 7}]})),
    Case("hnpwa-flat-text-number", _j([{"id": 1, "author": "a", "text": 5}]), refused="'text' is an integer"),
    Case("hnpwa-flat-id-bool", _j([{"id": 1, "author": "a", "text": "x"}, {"id": True, "author": "a", "text": "y"}]),
         refused="not a number"),
    Case("hnpwa-flat-scalar", _j([{"id": 1, "author": "a", "text": "x"}, 3]), refused="not an object"),
]

# --- JSON Lines -----------------------------------------------------------------------------------------

_ROOT = {"id": 1, "parent": None, "author": "ann", "text": "Cities should ban cars."}

JSONL = [
    Case("jsonl-id-float", _lines({**_ROOT, "id": 1.5}), refused="'id' is a number", suffix=".jsonl"),
    Case("jsonl-id-list", _lines({**_ROOT, "id": [1]}), refused="'id' is a list", suffix=".jsonl"),
    Case("jsonl-id-null", _lines({**_ROOT, "id": None}), refused="'id' is a null", suffix=".jsonl"),
    Case("jsonl-id-bool", _lines({**_ROOT, "id": True}), refused="'id' is a boolean", suffix=".jsonl"),
    Case("jsonl-text-null", _lines({**_ROOT, "text": None}), refused="holds no post with text", suffix=".jsonl"),
    Case("jsonl-text-object", _lines({**_ROOT, "text": {"en": "hi"}}), refused="'text' is an object",
         suffix=".jsonl"),
    Case("jsonl-author-list", _lines({**_ROOT, "author": ["ann"]}), refused="'author' is a list", suffix=".jsonl"),
    Case("jsonl-parent-object", _lines(_ROOT, {"id": 2, "parent": {}, "text": "x"}), refused="'parent' is an object",
         suffix=".jsonl"),
    Case("jsonl-scalar-line", _lines(_ROOT, 5), refused="line 2", suffix=".jsonl"),
    Case("jsonl-string-lines", _lines("hello", "world"), refused="not an object", suffix=".jsonl", format="jsonl"),
    Case("jsonl-thread-is-list", _lines({**_ROOT, "thread": ["x"]}), refused="'thread' is a list", suffix=".jsonl"),
    Case("jsonl-times-junk", _lines({**_ROOT, "created_at": {"a": 1}}, {"id": 2, "parent": 1, "text": "y",
                                                                         "created_at": "9999-99-99"},
                                    b'{"id": 3, "parent": 1, "text": "z", "created_at": NaN}',
                                    b'{"id": 4, "parent": 1, "text": "w", "created_at": -1e300}'),
         notes=("bad-time",), suffix=".jsonl"),
    Case("jsonl-huge-number", b'{"id": ' + b"9" * 5000 + b', "text": "x"}\n', refused="4300 digits",
         suffix=".jsonl", format="jsonl"),
    Case("jsonl-deep-line", b'{"id": 1, "text": "x", "junk": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n",
         refused="too deeply", suffix=".jsonl", format="jsonl"),
    Case("jsonl-nul-escape", _lines({**_ROOT, "text": "Cars\u0000 are loud.", "author": "a\u0000n"}),
         notes=("unstorable-chars",), suffix=".jsonl"),
    Case("jsonl-lone-surrogates", b'{"id": "\\ud800", "text": "Half \\udfff a pair."}\n'
                                  b'{"id": 2, "parent": "\\ud800", "text": "\\udbff\\udfff whole, \\ud83d half."}\n',
         notes=("unstorable-chars",), suffix=".jsonl"),
    Case("jsonl-surrogate-ids-collide", b'{"id": "\\ud800", "text": "One."}\n{"id": "\\udc00", "text": "Two."}\n',
         notes=("unstorable-chars", "duplicate-id"), suffix=".jsonl"),
    Case("jsonl-invalid-utf8", _lines(_ROOT, b'{"id": 2, "parent": 1, "text": "caf\xe9 \xff\xfe"}'),
         notes=("re-encoded",), suffix=".jsonl"),
    Case("jsonl-bom-crlf", b"\xef\xbb\xbf" + _lines(_ROOT).replace(b"\n", b"\r\n")
         + b'{"id": 2, "parent": 1, "text": "Line\\r\\nbreaks."}\r\n', suffix=".jsonl"),
    Case("jsonl-cr-only", _lines(_ROOT, {"id": 2, "parent": 1, "text": "Not electric ones."}).replace(b"\n", b"\r"),
         suffix=".jsonl"),
    Case("jsonl-files-joined-with-boms", b"\xef\xbb\xbf" + _lines(_ROOT) + b"\xef\xbb\xbf"
         + _lines({"id": 2, "parent": 1, "text": "Not electric ones."}), suffix=".jsonl"),
    Case("jsonl-invisible-text", _lines(_ROOT, {"id": 2, "parent": 1, "text": "\u200b\u200e"}), notes=("empty-text",),
         suffix=".jsonl"),
    Case("jsonl-trailing-comma", _lines(_ROOT) + b'{"id": 2, "parent": 1, "text": "Not electric ones.",}\n',
         refused="line 2: is not valid JSON: a comma ends the object", suffix=".jsonl"),
    Case("jsonl-raw-nul-bytes", _lines(_ROOT, {"id": 2, "parent": 1, "text": "y" * 600}) + b"\x00\x00\n"
         + _lines({"id": 3, "parent": 1, "text": "After the NULs."}), notes=("nul-bytes",), suffix=".jsonl"),
    Case("jsonl-html-payload", _lines({**_ROOT, "text": "<script>alert(1)</script><img src=x onerror=alert(2)>"
                                                         "<div><p>unclosed"}), suffix=".jsonl"),
]

# --- 4forums --------------------------------------------------------------------------------------------


def _forum(*posts: Any, metadata: Any = None) -> bytes:
    return _j([list(posts), {}, metadata if metadata is not None else {"id_number": 7, "title": "4Forums.com - x"}])


FOURFORUMS = [
    Case("4forums-post-is-object", _forum([1, None, "a", "Cars.", {}, None], {"id": 2}),
         refused="not a list of at least 6 fields"),
    Case("4forums-text-number", _forum([1, None, "a", 5, {}, None]), refused="the text is an integer"),
    Case("4forums-author-list", _forum([1, None, ["a"], "Cars.", {}, None]), refused="the author is a list",
         format="4forums"),
    Case("4forums-parent-list", _forum([1, None, "a", "Cars.", {}, None], [2, None, "b", "No.", {}, [1]]),
         refused="parent of type list"),
    Case("4forums-junk-metadata", _forum([1, None, "a", "Cars.", {"post_info": None}, None, None, "zz"],
                                         [2, "x", None, "No.", 5, 1, None, 10**30], metadata={"title": 5})),
]

# --- AIF ------------------------------------------------------------------------------------------------

_NODES = [{"nodeID": "1", "type": "I", "text": "Cars pollute."}, {"nodeID": "2", "type": "I", "text": "Ban cars."},
          {"nodeID": "3", "type": "RA", "text": "Default Inference"}]
_EDGES = [{"edgeID": "e1", "fromID": "1", "toID": "3"}, {"edgeID": "e2", "fromID": "3", "toID": "2"}]

AIF = [
    Case("aif-nodes-is-object", _j({"nodes": {"nodeID": 1}, "edges": []}), refused="no 'nodes' and 'edges' lists"),
    Case("aif-node-without-type", _j({"nodes": [{"nodeID": "1", "text": "x"}], "edges": []}),
         refused="no nodeID or type"),
    Case("aif-edge-scalar", _j({"nodes": _NODES, "edges": [5]}), refused="edge 0 has no fromID"),
    Case("aif-sections-wrong-types", _j({"nodes": _NODES, "edges": _EDGES, "locutions": 5, "participants": "x"})),
    Case("aif-argmap-extension-junk", _j({"nodes": _NODES, "edges": _EDGES, "argmap": {
        "units": {"1": {"kind": 5, "topics": 5}, "2": {"kind": "villain", "topics": [1, "cars"]}},
        "relations": {"3": ["attack"]}, "title": [1], "url": 7}})),
    Case("aif-odd-ids-and-text", _j({"nodes": [{"nodeID": [1], "type": "I", "text": {"t": 1}},
                                               {"nodeID": None, "type": None, "text": "x"}],
                                     "edges": [{"fromID": [1], "toID": None}]}),
         refused="nodes[0]: 'nodeID' is a list; it must be a string or an integer"),
    Case("aif-text-is-list", _j({"nodes": [{"nodeID": "1", "type": "I", "text": ["Cars", "pollute."]}], "edges": []}),
         refused="node '1': 'text' is a list, not a string"),
    Case("aif-text-is-null", _j({"nodes": [{"nodeID": "1", "type": "I", "text": None}], "edges": []}),
         refused="node '1': 'text' is a null, not a string"),
]

# --- Kialo ----------------------------------------------------------------------------------------------

def _kialo_chain(depth: int) -> bytes:
    return ("Discussion Title: deep\n1. Root.\n" + "\n".join(
        "1." + ".".join(["1"] * i) + f". Pro: Level {i}." for i in range(1, depth))).encode()


KIALO = [
    Case("kialo-title-only", b"Discussion Title: Ban cars?\n", refused="no numbered claim", suffix=".txt",
         format="kialo"),
    Case("kialo-text-before-claims", b"Discussion Title: Ban cars?\nstray words\n1. Yes.\n",
         refused="text before the first numbered claim", suffix=".txt"),
    Case("kialo-see-itself", b"Discussion Title: x\n1. Ban cars.\n1.1. Pro: Quiet.\n1.1.1. -> See 1.1.9.\n",
         notes=("dangling-link",), suffix=".txt"),
    Case("kialo-120-deep", _kialo_chain(120), suffix=".txt"),
    Case("kialo-1000-deep", _kialo_chain(1000), refused="ids up to 255", suffix=".txt"),  # ids of 2,000 chars
]

# --- Plain text -----------------------------------------------------------------------------------------

TEXT = [
    # An HTML page, whatever its name: read as a pasted thread, its tags and scripts became the posts' words.
    Case("text-html-unclosed-script", b"<html><body><p>Cars are loud.<div><script>alert(1)</script>"
                                      b"<p>So ban them <b>now", refused="is an HTML page", suffix=".txt"),
    Case("text-only-quotes", b"> quoted\n> and quoted again\n", refused="no post with text", suffix=".txt"),
    Case("text-nul-at-start", b"\x00Cars are loud.\n\nThey are.\n", notes=("nul-bytes",), suffix=".txt"),
    Case("text-utf16-without-bom", "Cars are loud.\n\nThey are.\n".encode("utf-16-le"), refused="binary",
         suffix=".txt"),
    Case("png-named-txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
         + bytes(range(256)) * 4, refused="binary", suffix=".txt"),
    Case("text-nul-later", b"Cars are loud.\n" * 60 + b"\x00 and \x00 NULs.\n", notes=("nul-bytes",),
         suffix=".txt"),
    Case("text-crlf", b"Cars are loud.\r\n\r\n> Cars are loud.\r\nNot electric ones.\r\n", suffix=".txt"),
    Case("text-cr-only", b"Cars are loud.\r\r> Cars are loud.\rNot electric ones.\r", suffix=".txt"),
    Case("text-only-invisible-characters", " \u200b\n\u200f\t\n\ufeff\u2060 \n".encode(), refused="is empty",
         suffix=".txt"),
    Case("text-utf16-bom", "Cars are loud.\n\nNot electric ones.\n".encode("utf-16"), suffix=".txt"),
    Case("text-utf16-bom-odd-bytes", b"\xff\xfeC\x00a\x00r", refused="utf-16 byte-order mark", suffix=".txt"),
    Case("text-rtl-and-controls", "\u202eCars are loud.\u202c\n\n\u200f\u0627\u0644\u0633\u064a\u0627\u0631\u0627\u062a"
                                  " \u2028 \ufeff zero\u200bwidth\n".encode(), suffix=".txt"),
    Case("text-lone-surrogate-bytes", b"Encoded surrogate \xed\xa0\x80 in UTF-8.\n", notes=("re-encoded",),
         suffix=".txt"),
]

# --- Any JSON, and compressed input -------------------------------------------------------------------


def _damaged(packed: bytes) -> bytes:
    """Gzip data with ten bytes of its compressed stream inverted, its header left whole."""
    return packed[:30] + bytes(b ^ 0xFF for b in packed[30:40]) + packed[40:]


def _bomb(byte: bytes, megabytes: int) -> bytes:
    """A gzip file of about a kilobyte per megabyte it unpacks to: one member repeated (gzip allows that)."""
    return gzip.compress(byte * 2**20, 9) * megabytes


GENERIC = [
    Case("json-200k-deep-array", b"[" * 200_000 + b"]" * 200_000, refused="100,000 levels"),
    Case("json-200k-deep-object", b'{"a":' * 200_000 + b"1" + b"}" * 200_000, refused="100,000 levels"),
    Case("json-200k-deep-unclosed", b"[" * 200_000, refused="100,000 levels"),
    Case("json-right-shape-all-strings", _j({"nodes": "n", "edges": "e", "children": "c", "comments": "c"}),
         refused="not in a thread format"),
    Case("json-trailing-comma-in-object", _algolia()[:-1] + b", }", refused="a comma ends the object before '}'"),
    Case("json-trailing-comma-in-list", _algolia()[:-2] + b",]}", refused="a comma ends the list before ']'"),
    Case("json-null", b"null\n", refused="is JSON, but not in a thread format", suffix=".json"),
    Case("json-named-error-page", b"<!DOCTYPE html><html><body>429 Too Many Requests</body></html>\n",
         refused="is named .json but holds no JSON", suffix=".json"),
    Case("pdf-without-format", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
         refused="is a PDF", suffix=".pdf"),
    Case("html-page", b"<!doctype html>\n<title>Buses</title><p>Buses should be free.</p>", refused="is an HTML page",
         suffix=".html"),
    # One byte in seventeen a control character: under the tenth that was the mark, so stored as a thread of junk.
    Case("binary-without-nul", (bytes(range(128, 256)) + bytes(range(1, 9))) * 4, refused="looks like a binary file",
         suffix=".bin"),
    Case("gzip-bomb-zeros", _bomb(b"\x00", 600), refused="unpacks to more than 512 MB", suffix=".json.gz"),
    Case("gzip-bomb-nesting", _bomb(b"[", 200), refused="100,000 levels", suffix=".json.gz"),
    Case("gzip-truncated", gzip.compress(_lines(_ROOT) * 50)[:-20], refused="broken gzip", suffix=".jsonl.gz"),
    Case("gzip-junk-after-magic", b"\x1f\x8b" + b"junk" * 10, refused="broken gzip", suffix=".gz"),
    # A sound header with a damaged stream after it: zlib's own error, which was reported as a bug in argmap.
    Case("gzip-damaged-stream", _damaged(gzip.compress(_lines(_ROOT) * 50)), refused="broken gzip",
         suffix=".jsonl.gz"),
]

CASES: list[Case] = [*REDDIT, *HN, *FIREBASE, *HNPWA, *JSONL, *FOURFORUMS, *AIF, *KIALO, *TEXT, *GENERIC]


def big_jsonl(posts: int, *, thread: str = "big") -> bytes:
    """A JSON Lines thread of ``posts`` posts, each answering one of the three before it (ternary tree)."""
    rows = [json.dumps({"id": i, "parent": None if i == 0 else (i - 1) // 3, "author": f"user{i % 97}",
                        "text": f"Post {i} argues point {i % 13} because of reason {i % 7}.",
                        **({"thread": thread} if i == 0 else {})}) for i in range(posts)]
    return ("\n".join(rows) + "\n").encode()


#: Inputs whose values only a stricter database refuses (PostgreSQL: NUL in text, column lengths, integer range).
STORE_LIMITS = [
    Case("jsonl-nul-and-surrogates-everywhere", b'{"id": "a\\u0000\\ud800", "author": "x\\u0000", "thread": "t\\u0000",'
                                                b' "title": "\\udfff", "text": "Text\\u0000 here \\ud83d."}\n',
         notes=("unstorable-chars",), suffix=".jsonl"),
    Case("jsonl-post-id-300-chars", _lines({**_ROOT, "id": "p" * 300}), refused="ids up to 255", suffix=".jsonl"),
    Case("jsonl-thread-name-600-chars", _lines({**_ROOT, "thread": "t" * 600}), refused="keys up to 512",
         suffix=".jsonl"),
    Case("reddit-more-count-2-63", _reddit(_t1(), {"kind": "more", "data": {"count": 2**63}}), notes=("more-stub",)),
    Case("firebase-kids-2000-missing", _j([{**_STORY, "kids": list(range(2, 2002))}, _COMMENT]),
         notes=("missing-kids",)),
]
