"""Hostile answers to ``argmap ingest URL``, from a local HTTP server on 127.0.0.1.

Every one is refused with one message naming the URL and the fix, and leaves the database as it was: a
server that does not answer in time, errors, HTML, JSON of the wrong shape or types, a redirect loop, an
empty or cut body, a gzip-encoded body that unpacks to more than the cap, and a port nobody listens on.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from argmap.cli import app
from tests.robustness.test_corpus import assert_clean


@dataclass(frozen=True)
class Answer:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    location: str | None = None
    encoding: str | None = None




def _bomb(megabytes: int) -> bytes:
    """One gzip member (HTTP decoders read only the first) of about 1 KB per megabyte it unpacks to."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * 2**20
    return b"".join([*(packer.compress(block) for _ in range(megabytes)), packer.flush()])


ANSWERS: dict[str, tuple[Answer, str]] = {
    "timeout": (Answer(body=b"{}", delay=3.0), "did not answer within"),
    "http-500": (Answer(status=500, body=b"oops", content_type="text/plain"), "HTTP 500"),
    "http-404": (Answer(status=404, body=b"{}"), "HTTP 404"),
    "html-not-json": (Answer(body=b"<!doctype html><title>Log in</title>", content_type="text/html"),
                      "an HTML page"),
    "empty-body": (Answer(body=b""), "not JSON"),
    "cut-json": (Answer(body=b'{"id": 1, "children": [{"id": 2, "text": "cut'), "not valid JSON"),
    "wrong-shape": (Answer(body=b"[1, 2, 3]"), "not an Algolia item"),
    "wrong-types": (Answer(body=json.dumps({"id": 1, "type": "story", "title": "t", "created_at_i": 1,
                                            "children": "none"}).encode()), "'children' is a string"),
    "redirect-loop": (Answer(status=302, location="/api/items/redirect-loop"), "redirected too many times"),
    "gzip-bomb": (Answer(encoding="gzip"), "more than 512 MB"),  # the body is made in the fixture
}
IDS = {name: str(1000 + i) for i, name in enumerate(ANSWERS)}


@dataclass
class Server:
    base: str
    closed_port: int


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    by_id = {IDS[name]: answer for name, (answer, _) in ANSWERS.items()}
    by_id["redirect-loop"] = ANSWERS["redirect-loop"][0]
    by_id[IDS["gzip-bomb"]] = Answer(body=_bomb(600), encoding="gzip")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = by_id.get(self.path.rsplit("/", 1)[-1].split("?")[0], Answer(status=404))
            if answer.location and answer.location.endswith("redirect-loop"):
                answer = Answer(status=302, location=self.path)
            time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                if answer.location:
                    self.send_header("Location", answer.location)
                if answer.encoding:
                    self.send_header("Content-Encoding", answer.encoding)
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, cap): that is the point of the test

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}/api", closed)
    finally:
        httpd.shutdown()
        httpd.server_close()


def ingest_url(db: Path, url: str, api: str, *, timeout: str = "0.5") -> Result:
    return CliRunner().invoke(app, ["--db", str(db), "ingest", "--no-extract", url],
                              env={"ARGMAP_HN_API": api, "ARGMAP_TIMEOUT": timeout})


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_urls_hostile_answer_is_refused(name: str, server: Server, db_path: Path) -> None:
    url = f"https://news.ycombinator.com/item?id={IDS[name]}"
    # Unpacking the bomb up to its cap takes seconds on a loaded machine, more than 6 x 0.5 s: the short timeout
    # is for the answers that stall, not for this one.
    result = ingest_url(db_path, url, server.base, timeout="10" if name == "gzip-bomb" else "0.5")
    assert_clean(result)
    assert result.exit_code == 1, result.output
    assert url in result.stderr
    assert ANSWERS[name][1] in result.stderr, result.stderr
    assert "fix:" in result.stderr
    assert not db_path.exists()  # nothing stored, so no database was made either


def test_urls_closed_port_is_refused(server: Server, db_path: Path) -> None:
    url = "https://news.ycombinator.com/item?id=1"
    result = ingest_url(db_path, url, f"http://127.0.0.1:{server.closed_port}/api")
    assert_clean(result)
    assert result.exit_code == 1
    assert "cannot connect" in result.stderr and "fix:" in result.stderr
