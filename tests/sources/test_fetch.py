"""Fetching threads by URL, against a real local HTTP server that serves recorded (invented) responses."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from argmap.config import Settings
from argmap.errors import FetchError, RateLimited
from argmap.sources.fetch import USER_AGENT, fetch_thread, resolve_url

# ---------------------------------------------------------------------------------------------------------
# Fixture code: recorded responses (invented for these tests) and a local server that plays them back.

ALGOLIA_ITEM = {
    "id": 4242, "created_at": "2024-05-01T10:00:00.000Z", "created_at_i": 1714557600, "type": "story",
    "author": "fennwick", "title": "Libraries should lend tools, not just books", "url": "https://example.org/tools",
    "text": None, "points": 31, "parent_id": None, "story_id": 4242, "options": [],
    "children": [
        {"id": 4243, "created_at_i": 1714558000, "type": "comment", "author": "brandt_o", "parent_id": 4242,
         "story_id": 4242, "text": "Tool libraries work because most drills are used for thirteen minutes in "
                                   "their whole life.", "children": [
             {"id": 4244, "created_at_i": 1714558600, "type": "comment", "author": "imaru", "parent_id": 4243,
              "story_id": 4242, "text": "<p>&gt; most drills are used for thirteen minutes<p>That number is "
                                        "folklore; see <a href=\"https://example.org/drill-myth\">"
                                        "https://example.org/drill-myth</a>", "children": []}]},
    ],
}

REDDIT_THREAD = [
    {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {
        "id": "zz9abc", "name": "t3_zz9abc", "title": "Should bike lanes replace street parking?",
        "selftext": "Our council votes next week.", "author": "cyclist_kat", "subreddit": "urbanism",
        "url": "https://www.reddit.com/r/urbanism/comments/zz9abc/bike_lanes/", "created_utc": 1714557600.0,
        "permalink": "/r/urbanism/comments/zz9abc/bike_lanes/", "num_comments": 2}}]}},
    {"kind": "Listing", "data": {"children": [
        {"kind": "t1", "data": {"id": "c1", "name": "t1_c1", "parent_id": "t3_zz9abc", "author": "shopkeep_dan",
                                "body": "Parking brings customers to my shop, so removing it hurts business.",
                                "created_utc": 1714558000.0, "permalink": "/r/urbanism/comments/zz9abc/_/c1/",
                                "replies": {"kind": "Listing", "data": {"children": [
            {"kind": "t1", "data": {"id": "c2", "name": "t1_c2", "parent_id": "t1_c1", "author": "ped_ana",
                                    "body": "&gt; Parking brings customers to my shop\n\nStudies of "
                                            "shopping streets find cyclists spend more per month.",
                                    "created_utc": 1714558600.0, "permalink": "/r/urbanism/comments/zz9abc/_/c2/",
                                    "replies": ""}}]}}}},
    ]}},
]


@dataclass
class Recorded:
    """One canned answer."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    respond: Callable[[str], bytes] | None = None  # the body for the request's path and query, when it depends on them
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    """A local server, its routes, and the requests it saw (path, User-Agent)."""

    base: str
    routes: dict[str, Recorded]
    seen: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    """A ThreadingHTTPServer on a free port of 127.0.0.1, stopped after the test."""
    routes: dict[str, Recorded] = {}
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            seen.append((self.path, self.headers.get("User-Agent", "")))
            answer = routes.get(path, Recorded(404, b'{"error": "not found"}'))
            if answer.delay:
                time.sleep(answer.delay)
            body = answer.respond(self.path) if answer.respond else answer.body
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

        def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, seen)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def settings_for(server: Server, timeout: float = 5.0) -> Settings:
    return Settings(hn_api=f"{server.base}/api/v1", reddit_base=server.base, timeout=timeout)


def free_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


HN_URL = "https://news.ycombinator.com/item?id=4242"

# ---------------------------------------------------------------------------------------------------------


def test_fetch_hn_item(server: Server) -> None:
    server.routes["/api/v1/items/4242"] = Recorded(body=json.dumps(ALGOLIA_ITEM).encode())
    thread = fetch_thread(HN_URL, settings_for(server))
    assert (thread.format, thread.key, thread.source) == ("hn", "hn:4242", HN_URL)
    assert [p.external_id for p in thread.posts] == ["4242", "4243", "4244"]
    reply = thread.posts[2]
    assert reply.quotes[0].source_post == "4243"
    assert "https://example.org/drill-myth" in reply.text
    assert server.seen == [("/api/v1/items/4242", USER_AGENT)]


def test_fetch_reddit_thread(server: Server) -> None:
    pytest.importorskip("argmap.sources.reddit")
    server.routes["/r/urbanism/comments/zz9abc.json"] = Recorded(body=json.dumps(REDDIT_THREAD).encode())
    url = "https://old.reddit.com/r/urbanism/comments/zz9abc/bike_lanes/"
    thread = fetch_thread(url, settings_for(server))
    assert (thread.format, thread.source) == ("reddit", url)
    assert len(thread.posts) == 3
    assert thread.posts[2].quotes and thread.posts[2].quotes[0].source_post == "c1"
    path, agent = server.seen[0]
    assert path.startswith("/r/urbanism/comments/zz9abc.json?") and "limit=500" in path
    assert agent == USER_AGENT and "argmap" in agent


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (HN_URL, "https://hn.example/api/v1/items/4242"),
        ("http://news.ycombinator.com/item?id=7&p=2", "https://hn.example/api/v1/items/7"),
        ("https://www.reddit.com/r/urbanism/comments/zz9abc/bike_lanes/", "https://rd.example/r/urbanism/comments/zz9abc.json"),
        ("https://np.reddit.com/r/urbanism/comments/zz9abc/", "https://rd.example/r/urbanism/comments/zz9abc.json"),
        ("https://reddit.com/r/urbanism/comments/zz9abc/x/c1/", "https://rd.example/r/urbanism/comments/zz9abc.json"),
        ("https://redd.it/zz9abc", "https://rd.example/comments/zz9abc.json"),
        ("https://www.reddit.com/comments/zz9abc", "https://rd.example/comments/zz9abc.json"),
    ],
)
def test_fetch_resolves_supported_urls(url: str, expected: str) -> None:
    settings = Settings(hn_api="https://hn.example/api/v1/", reddit_base="https://rd.example")
    assert resolve_url(url, settings)[0] == expected


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://example.com/thread/1", "example.com"),
        ("https://news.ycombinator.com/news", "not an item page"),
        ("https://news.ycombinator.com/item?id=abc", "not an item page"),
        ("https://www.reddit.com/r/urbanism/", "not a thread"),
        ("https://www.reddit.com/r/urbanism/s/AbCdEf", "share link"),
        ("ftp://news.ycombinator.com/item?id=1", "not an http(s) URL"),
        ("https://news.example/t/2024/10/story", "news.example"),  # a /t/ path of another shape is no topic
        ("thread.json", "not an http(s) URL"),
        # urlsplit raised ValueError for these, which ingest reported as a bug in argmap's reader
        ("http://[::1/t/topic/1", "is not a URL that can be read (Invalid IPv6 URL)"),
        ("https://[forum]/t/topic/1", "is not a URL that can be read"),
    ],
)
def test_fetch_unknown_url_says_what_is_supported(url: str, words: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch_thread(url, Settings())
    message = str(info.value)
    assert words in message
    assert "news.ycombinator.com/item?id=" in message and "reddit.com/r/" in message
    assert "fix:" in message


def test_fetch_http_500(server: Server) -> None:
    server.routes["/api/v1/items/4242"] = Recorded(500, b'{"error": "internal"}')
    with pytest.raises(FetchError) as info:
        fetch_thread(HN_URL, settings_for(server))
    assert "HTTP 500" in str(info.value) and "try again later" in str(info.value)
    assert str(info.value).startswith(HN_URL)


def test_fetch_http_404(server: Server) -> None:
    with pytest.raises(FetchError, match=r"HTTP 404[\s\S]*check the id"):
        fetch_thread("https://news.ycombinator.com/item?id=1", settings_for(server))


def test_fetch_html_instead_of_json(server: Server) -> None:
    server.routes["/api/v1/items/4242"] = Recorded(
        body=b"<!DOCTYPE html><html><body>Please log in</body></html>", content_type="text/html")
    with pytest.raises(FetchError) as info:
        fetch_thread(HN_URL, settings_for(server))
    assert "HTML page, not JSON" in str(info.value)
    assert "fix:" in str(info.value)


def test_fetch_timeout(server: Server) -> None:
    server.routes["/api/v1/items/4242"] = Recorded(body=b"{}", delay=2.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch_thread(HN_URL, settings_for(server, timeout=0.3))
    assert time.monotonic() - started < 1.9
    assert "did not answer within 0.3 s" in str(info.value)
    assert "ARGMAP_TIMEOUT" in str(info.value)


def test_fetch_connection_refused_reads_as_offline() -> None:
    settings = Settings(hn_api=f"http://127.0.0.1:{free_port()}/api/v1", timeout=2.0)
    with pytest.raises(FetchError) as info:
        fetch_thread(HN_URL, settings)
    assert "cannot connect" in str(info.value) and "offline" in str(info.value)
    assert "ARGMAP_HN_API" in str(info.value)


def test_fetch_unresolvable_host_is_a_fetch_error() -> None:
    # .invalid never resolves (RFC 2606); offline machines fail the same way.
    settings = Settings(hn_api="http://argmap-test.invalid/api/v1", timeout=3.0)
    with pytest.raises(FetchError) as info:
        fetch_thread(HN_URL, settings)
    assert "argmap-test.invalid" in str(info.value)


def _discourse_post(number: int, cooked: str, reply_to: int | None = None) -> dict[str, object]:
    return {"id": 7000 + number, "post_number": number, "username": f"member{number}", "cooked": cooked,
            "created_at": "2025-02-03T04:05:06.000Z", "post_type": 1, "reply_to_post_number": reply_to}


def test_fetch_discourse_topic_and_the_posts_its_first_page_lacks(server: Server) -> None:
    """A topic's JSON holds its first 20 posts; the rest are asked for 20 at a time by id."""
    posts = [_discourse_post(1, "<p>The library should open on Sundays.</p>")]
    posts += [_discourse_post(n, f"<p>Reply {n}: Sundays are when families have time.</p>", reply_to=1)
              for n in range(2, 46)]
    server.routes["/forum/t/77.json"] = Recorded(body=json.dumps({
        "id": 77, "title": "Sunday opening", "slug": "sunday-opening",
        "post_stream": {"posts": posts[:20], "stream": [p["id"] for p in posts]}}).encode())

    asked: list[list[int]] = []

    def page(path: str) -> bytes:
        wanted = [int(v) for v in parse_qs(urlsplit(path).query)["post_ids[]"]]
        asked.append(wanted)
        return json.dumps({"post_stream": {"posts": [p for p in posts if p["id"] in wanted]}, "id": 77}).encode()

    server.routes["/forum/t/77/posts.json"] = Recorded(respond=page)
    url = f"{server.base}/forum/t/sunday-opening/77/12"  # a link to post 12 of a forum under /forum
    thread = fetch_thread(url, settings_for(server))
    forum = urlsplit(server.base).netloc + "/forum"  # the forum's host and folder: another forum has a topic 77
    assert (thread.format, thread.key, thread.source) == ("discourse", f"discourse:{forum}/sunday-opening-77", url)
    assert [p.external_id for p in thread.posts] == [str(n) for n in range(1, 46)] and thread.missing == 0
    assert [len(ids) for ids in asked] == [20, 5]
    assert server.seen[0][0] == "/forum/t/77.json"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://forum.example/t/sunday-opening/77", "https://forum.example/t/77.json"),
    ("https://forum.example/t/77", "https://forum.example/t/77.json"),
    ("https://forum.example/t/sunday-opening/77/12?u=ann", "https://forum.example/t/77.json"),
    ("https://example.org/community/t/sunday-opening/77.json", "https://example.org/community/t/77.json"),
])
def test_fetch_resolves_discourse_topic_urls(url: str, expected: str) -> None:
    assert resolve_url(url, Settings())[:3:2] == (expected, "discourse")


@pytest.fixture
def dripping() -> Iterator[str]:
    """A server on 127.0.0.1 that answers 200 and then sends one byte every 0.1 s for 30 s: never silent for
    as long as a timeout, never done."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
                for _ in range(300):
                    if stop.wait(0.1):
                        return
                    conn.sendall(b" ")
            except OSError:
                pass  # the client gave up: what the test wants

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("what", ["thread", "document"])
def test_fetch_a_server_sending_a_byte_at_a_time_is_cut_off(dripping: str, what: str) -> None:
    # The timeout bounds each wait for bytes; a trickle kept the fetch open as long as the server liked (30 s
    # here, with a timeout of 0.2 s). The whole answer must now come within six timeouts.
    from argmap.sources.documents import read_document

    settings = Settings(hn_api=f"{dripping}/api/v1", timeout=0.2)
    with pytest.raises(FetchError, match=r"still sending after 1\.2 s .*\n  fix: .*ARGMAP_TIMEOUT"):
        if what == "thread":
            fetch_thread(HN_URL, settings)
        else:
            read_document(f"{dripping}/report.html", settings)


def test_fetch_discourse_topic_whose_title_was_edited_is_updated_in_place(server: Server, tmp_path: Path) -> None:
    """Discourse gives an edited title a new slug, and the slug is in the thread's key: fetched again, the topic was
    stored a second time beside the first, every post twice."""
    from argmap import api

    posts = [_discourse_post(1, "<p>The library should open on Sundays.</p>"),
             _discourse_post(2, "<p>Sundays are when families have time.</p>", reply_to=1)]

    def topic(title: str, slug: str) -> Recorded:
        return Recorded(body=json.dumps({"id": 77, "title": title, "slug": slug,
                                         "post_stream": {"posts": posts, "stream": [p["id"] for p in posts]}}
                                        ).encode())

    settings = settings_for(server).with_(db=str(tmp_path / "d.db"))
    server.routes["/t/77.json"] = topic("Sunday opening", "sunday-opening")
    assert api.ingest([f"{server.base}/t/sunday-opening/77"], settings=settings, extract=False).ok
    server.routes["/t/77.json"] = topic("Sunday opening of the library", "sunday-opening-of-the-library")
    again = api.ingest([f"{server.base}/t/sunday-opening-of-the-library/77"], settings=settings, extract=False)
    [stored] = again.threads
    forum = urlsplit(server.base).netloc
    assert (stored.key, stored.changes.status, stored.changes.title_changed) == (
        f"discourse:{forum}/sunday-opening-of-the-library-77", "updated", True)
    assert [(t.key, t.posts) for t in api.threads(settings=settings)] == [
        (f"discourse:{forum}/sunday-opening-of-the-library-77", 2)]
    # another topic of the same number with other posts stays beside it; so does another forum's, even with the
    # same first post (a forum's starter topic)
    posts[:] = [_discourse_post(1, "<p>Knitting needles: bamboo or steel?</p>")]
    server.routes["/t/77.json"] = topic("Needles", "needles")
    assert api.ingest([f"{server.base}/t/needles/77"], settings=settings, extract=False).threads[0].changes.status == \
        "new"
    server.routes["/other/t/77.json"] = topic("Needles again", "needles-again")
    other = api.ingest([f"{server.base}/other/t/needles-again/77"], settings=settings, extract=False)
    assert other.threads[0].changes.status == "new"
    assert len(api.threads(settings=settings)) == 3


def test_fetch_discourse_topic_saved_to_a_file_before_is_updated_in_place(server: Server, tmp_path: Path) -> None:
    """A topic's key names its forum, which a saved file tells only by its uploaded avatars: a topic saved to a file
    whose avatars are all letters, then fetched from its URL, would be stored twice. The fetched topic is found under
    the file's key by its posts, as a retitled topic is, and updates it in place; so does the file after the URL."""
    from argmap import api

    posts = [_discourse_post(1, "<p>The library should open on Sundays.</p>"),
             _discourse_post(2, "<p>Sundays are when families have time.</p>", reply_to=1)]
    topic = json.dumps({"id": 77, "title": "Sunday opening", "slug": "sunday-opening",
                        "post_stream": {"posts": posts, "stream": [p["id"] for p in posts]}})
    saved = tmp_path / "sunday.json"
    saved.write_text(topic, encoding="utf-8")
    settings = settings_for(server).with_(db=str(tmp_path / "d.db"))
    assert api.ingest([str(saved)], settings=settings, extract=False).threads[0].changes.status == "new"
    server.routes["/t/77.json"] = Recorded(body=topic.encode())
    fetched = api.ingest([f"{server.base}/t/sunday-opening/77"], settings=settings, extract=False)
    assert fetched.threads[0].changes.status == "unchanged"
    forum = urlsplit(server.base).netloc
    assert [t.key for t in api.threads(settings=settings)] == [f"discourse:{forum}/sunday-opening-77"]
    again = api.ingest([str(saved)], settings=settings, extract=False)
    assert again.threads[0].changes.status == "unchanged" and len(api.threads(settings=settings)) == 1


@pytest.mark.parametrize("url", ["HTTPS://news.ycombinator.com/item?id=4242", "Https://news.ycombinator.com/item?id=4242",
                                 " https://news.ycombinator.com/item?id=4242 "])
def test_fetch_a_url_whose_scheme_is_in_capitals_or_that_has_spaces_around_it(server: Server, tmp_path: Path,
                                                                               url: str) -> None:
    """Such a URL was read as a path: "HTTPS:/news.ycombinator.com/item?id=4242: does not exist"."""
    from argmap import api

    server.routes["/api/v1/items/4242"] = Recorded(body=json.dumps(ALGOLIA_ITEM).encode())
    report = api.ingest([url], settings=settings_for(server).with_(db=str(tmp_path / "u.db")), extract=False)
    assert report.ok, report.failures
    assert [t.key for t in report.threads] == ["hn:4242"]


def test_fetch_discourse_topic_with_posts_left_out_says_so_in_the_fetch_s_words(server: Server) -> None:
    """The note said "the file holds 25; ingest the topic's URL ... for all" after its URL was what was ingested."""
    posts = [_discourse_post(1, "<p>The library should open on Sundays.</p>")]
    posts += [_discourse_post(n, f"<p>Reply {n}.</p>", reply_to=1) for n in range(2, 31)]
    server.routes["/t/77.json"] = Recorded(body=json.dumps({
        "id": 77, "title": "Sunday opening", "slug": "sunday-opening",
        "post_stream": {"posts": posts[:20], "stream": [p["id"] for p in posts]}}).encode())
    server.routes["/t/77/posts.json"] = Recorded(body=json.dumps({"post_stream": {"posts": posts[20:25]}}).encode())
    thread = fetch_thread(f"{server.base}/t/sunday-opening/77", settings_for(server))
    [note] = [n.detail for n in thread.notes if n.reason == "more-posts"]
    assert note.startswith("the topic lists 30 posts and argmap fetched 25 of them") and "file" not in note


def test_fetch_a_site_that_asks_to_wait_a_little_is_waited_for(server: Server,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """HTTP 429 with Retry-After failed at once, with "wait a minute", whatever the site asked."""
    answers = iter([Recorded(429, b"{}", headers={"Retry-After": "1"}),
                    Recorded(body=json.dumps(ALGOLIA_ITEM).encode())])
    server.routes["/api/v1/items/4242"] = next(answers)

    def swap(path: str) -> bytes:  # the first answer is 429; the next request gets the item
        server.routes["/api/v1/items/4242"] = next(answers)
        return b"{}"

    server.routes["/api/v1/items/4242"].respond = swap
    began = time.monotonic()
    assert fetch_thread(HN_URL, settings_for(server)).key == "hn:4242"
    assert time.monotonic() - began >= 1 and len(server.seen) == 2
    assert [r.getMessage() for r in caplog.records] == [
        "127.0.0.1 asks to wait 1 s (HTTP 429, too many requests); waiting, then asking again (try 2 of 3)"]


def test_fetch_a_site_that_asks_to_wait_an_hour_says_so(server: Server) -> None:
    server.routes["/api/v1/items/4242"] = Recorded(429, b"{}", headers={"Retry-After": "3600"})
    with pytest.raises(RateLimited, match=r"asked to wait 3,600 s\n  fix: the site is rate-limiting this client; "
                                          r"wait 3,600 s and try again"):
        fetch_thread(HN_URL, settings_for(server))
    assert len(server.seen) == 1  # not waited for


def test_fetch_discourse_topic_the_forum_stops_answering_leaves_the_stored_version_whole(
        server: Server, tmp_path: Path) -> None:
    """A page refused for good fails the whole topic: stored in part, it would replace the version stored whole."""
    from argmap import api

    posts = [_discourse_post(1, "<p>The library should open on Sundays.</p>")]
    posts += [_discourse_post(n, f"<p>Reply {n}.</p>", reply_to=1) for n in range(2, 81)]
    server.routes["/t/77.json"] = Recorded(body=json.dumps({
        "id": 77, "title": "Sunday opening", "slug": "sunday-opening",
        "post_stream": {"posts": posts[:20], "stream": [p["id"] for p in posts]}}).encode())

    def page(path: str) -> bytes:
        wanted = [int(v) for v in parse_qs(urlsplit(path).query)["post_ids[]"]]
        return json.dumps({"post_stream": {"posts": [p for p in posts if p["id"] in wanted]}}).encode()

    server.routes["/t/77/posts.json"] = Recorded(respond=page)
    settings = settings_for(server).with_(db=str(tmp_path / "d.db"))
    url = f"{server.base}/t/sunday-opening/77"
    assert api.ingest([url], settings=settings, extract=False).threads[0].posts == 80
    server.routes["/t/77/posts.json"] = Recorded(429, b"{}", headers={"Retry-After": "600"})
    again = api.ingest([url], settings=settings, extract=False)
    assert not again.ok and "asked to wait 600 s" in again.failures[0].error
    assert [t.posts for t in api.threads(settings=settings)] == [80]


def test_fetch_json_after_a_byte_order_mark_is_read_and_an_empty_answer_named(server: Server) -> None:
    """A UTF-8 byte-order mark before the JSON was refused as "application/json content, not JSON"; an empty
    answer was called that too."""
    server.routes["/api/v1/items/4242"] = Recorded(body=b"\xef\xbb\xbf" + json.dumps(ALGOLIA_ITEM).encode())
    assert fetch_thread(HN_URL, settings_for(server)).key == "hn:4242"
    server.routes["/api/v1/items/4242"] = Recorded(body=b"")
    with pytest.raises(FetchError, match="answered with nothing, not JSON"):
        fetch_thread(HN_URL, settings_for(server))


def test_fetch_a_thread_url_with_a_format_it_is_not_is_refused_before_fetching(server: Server, tmp_path: Path) -> None:
    """--format reddit on a Hacker News URL was passed over without a word."""
    from argmap import api

    server.routes["/api/v1/items/4242"] = Recorded(body=json.dumps(ALGOLIA_ITEM).encode())
    settings = settings_for(server).with_(db=str(tmp_path / "f.db"))
    report = api.ingest([HN_URL], settings=settings, format="reddit", extract=False)
    assert [f.error for f in report.failures] == [
        f"{HN_URL}: is a hn thread, which --format reddit does not read\n  fix: leave --format out (a thread's URL is "
        "read as its site gives it), or give --format document to read the page as one document"]
    assert server.seen == []
    assert api.ingest([HN_URL], settings=settings, format="hn", extract=False).ok


def test_fetch_the_same_thread_by_two_of_its_urls_is_fetched_once(server: Server, tmp_path: Path) -> None:
    """Two forms of one thread's URL in one command were fetched twice and listed twice (new, then unchanged)."""
    from argmap import api

    server.routes["/api/v1/items/4242"] = Recorded(body=json.dumps(ALGOLIA_ITEM).encode())
    report = api.ingest([HN_URL, HN_URL + "&utm_source=x", HN_URL.replace("https://", "http://")],
                        settings=settings_for(server).with_(db=str(tmp_path / "t.db")), extract=False)
    assert [t.key for t in report.threads] == ["hn:4242"] and report.notes["repeated-input"] == 2
    assert len(server.seen) == 1


def test_fetch_two_pages_of_one_thread_read_as_documents_are_two_inputs(tmp_path: Path) -> None:
    """With --format document a URL is a page: the second page of a thread's comments was dropped as a repeat of
    the first, both keyed by the thread's API request."""
    from argmap.api.ingest import IngestReport, _once
    from argmap.config import Settings

    pages = [(f"{HN_URL}&p={n}", None) for n in (1, 2)]
    assert _once(list(pages), IngestReport(), Settings(), "document") == pages
    assert _once(list(pages), IngestReport(), Settings()) == pages[:1]


def test_fetch_a_thread_url_with_a_password_is_stored_without_it(server: Server) -> None:
    """A thread URL given with a user name and password was kept whole as the thread's source: stored, listed by
    ``threads`` and written into every export and map."""
    server.routes["/api/v1/items/4242"] = Recorded(body=json.dumps(ALGOLIA_ITEM).encode())
    thread = fetch_thread("https://ann:s3cret@news.ycombinator.com/item?id=4242", settings_for(server))
    assert (thread.key, thread.source) == ("hn:4242", "https://ann:***@news.ycombinator.com/item?id=4242")
