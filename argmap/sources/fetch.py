"""Fetching a thread by its web address: Hacker News, Reddit and Discourse thread URLs.

Supported URLs and what is fetched for them:

- ``https://news.ycombinator.com/item?id=N`` fetches ``{settings.hn_api}/items/N`` (the Algolia items API,
  the whole tree in one request) and reads it with :mod:`argmap.sources.hn_algolia`.
- ``https://<forum>/t/<slug>/<id>`` (any Discourse forum; also ``/t/<id>`` and a post's link
  ``/t/<slug>/<id>/<post>``) fetches ``https://<forum>/t/<id>.json``, then the posts it lists but does not hold
  (``/t/<id>/posts.json?post_ids[]=...``, 20 a request, at most :data:`DISCOURSE_REQUESTS` requests), and
  reads them with :mod:`argmap.sources.discourse`.
- ``https://www.reddit.com/r/<sub>/comments/<id>/...`` (also ``reddit.com``, ``old.``, ``np.``, ``new.``
  and ``m.`` hosts) fetches ``{settings.reddit_base}/r/<sub>/comments/<id>.json``;
  ``https://redd.it/<id>`` and ``https://www.reddit.com/comments/<id>`` fetch
  ``{settings.reddit_base}/comments/<id>.json``. The request asks for ``limit=500`` (as many comments as
  Reddit gives without logging in) and is read with :mod:`argmap.sources.reddit`. It does not ask for
  ``raw_json=1``: the Reddit reader expects bodies with ``&amp;``, ``&lt;`` and ``&gt;`` escaped, as Reddit
  sends them by default.

Requests carry a descriptive User-Agent (Reddit refuses generic ones) and give up after
``settings.timeout`` seconds. Every failure is a :class:`~argmap.errors.FetchError` that says what went
wrong (offline, timeout, HTTP status, HTML instead of JSON, unsupported URL) and what to do about it.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from argmap.config import Settings, mask_url
from argmap.domain import Thread
from argmap.errors import FetchError, RateLimited
from argmap.sources.common import decode, load_json
from argmap.sources.registry import MAX_UNPACKED_BYTES

__all__ = [
    "DEADLINE_TIMEOUTS", "DISCOURSE_REQUESTS", "MAX_RETRY_AFTER_S", "MAX_RETRY_WAITS_S", "RATE_LIMIT_TRIES",
    "SUPPORTED", "USER_AGENT", "deadline", "fetch_thread", "resolve_url", "too_slow",
]

log = logging.getLogger("argmap.sources")

USER_AGENT = "argmap/0.1 (argument maps from discussion threads; +https://pypi.org/project/argmap/)"
"""Sent with every request; Reddit asks clients to describe themselves and blocks generic agents."""

SUPPORTED = (
    "https://news.ycombinator.com/item?id=<id>, https://www.reddit.com/r/<subreddit>/comments/<id>/... "
    "(also old., np. and redd.it/<id> links), https://<discourse forum>/t/<slug>/<id>"
)
"""The URLs :func:`fetch_thread` understands, as told to users."""

_REDDIT_HOSTS = frozenset({"reddit.com", "www.reddit.com", "old.reddit.com", "np.reddit.com", "new.reddit.com",
                           "m.reddit.com"})
_HN_HOSTS = frozenset({"news.ycombinator.com", "www.news.ycombinator.com"})
_REDDIT_THREAD = re.compile(r"^/r/(?P<sub>[A-Za-z0-9_]+)/comments/(?P<id>[A-Za-z0-9]+)(?:/|\.json)?", re.IGNORECASE)
_REDDIT_BARE = re.compile(r"^/comments/(?P<id>[A-Za-z0-9]+)(?:/|\.json)?", re.IGNORECASE)
_SHORT_ID = re.compile(r"^/(?P<id>[A-Za-z0-9]+)/?$")
_REDDIT_PARAMS = {"limit": "500"}
_DISCOURSE_PATH = re.compile(r"^(?P<prefix>(?:/[^/]+)*?)/t/(?P<rest>[^?#]+)$")
DISCOURSE_REQUESTS = 50
"""At most this many further requests for a Discourse topic's posts (20 each: 1,000 posts beyond the first page);
the posts left are counted as missing."""
_DISCOURSE_CHUNK = 20
_DNS_FAILURE = ("name or service not known", "nodename nor servname", "temporary failure in name resolution",
                "getaddrinfo failed", "no address associated", "name resolution")


#: A site that answers HTTP 429 and asks to wait at most this many seconds (``Retry-After``) is waited for, and
#: asked again, up to :data:`RATE_LIMIT_TRIES` times in all: a Discourse forum allows 50 requests in 10 s by default,
#: and a long topic's 51st failed the whole fetch, as did following the advice to try again.
MAX_RETRY_AFTER_S = 30
RATE_LIMIT_TRIES = 3
#: The most a fetch waits on such answers over all its requests (a Discourse topic makes up to 51).
MAX_RETRY_WAITS_S = 60


#: A request must be answered whole within this many timeouts. ``timeout`` bounds each wait for bytes, so a
#: server that sends a byte a second would otherwise hold a fetch open for as long as it likes.
DEADLINE_TIMEOUTS = 6


def deadline(settings: Settings) -> float:
    """The ``time.monotonic()`` by which a request started now must have its whole answer."""
    return time.monotonic() + DEADLINE_TIMEOUTS * settings.timeout


def too_slow(url: str, host: str, settings: Settings) -> FetchError:
    """The error for an answer still arriving at its deadline."""
    return FetchError(f"{url}: {host} was still sending after {DEADLINE_TIMEOUTS * settings.timeout:g} s "
                      f"({DEADLINE_TIMEOUTS} times the timeout of {settings.timeout:g} s)\n"
                      "  fix: try again later, or allow more time with ARGMAP_TIMEOUT=<seconds>")


def _unsupported(url: str, why: str) -> FetchError:
    return FetchError(f"{url}: {why}\n  fix: give a thread URL argmap can fetch: {SUPPORTED}; "
                      "or save the thread's JSON to a file and ingest the file")


def resolve_url(url: str, settings: Settings) -> tuple[str, dict[str, str], str]:
    """The API address to fetch for a thread URL, its query parameters, and the reader for the answer.

    Args:
        url (str): a Hacker News, Reddit or Discourse thread URL.
        settings (Settings): supplies ``hn_api`` and ``reddit_base`` (a Discourse topic is fetched from its own
            forum).

    Returns:
        tuple[str, dict[str, str], str]: the address, the query parameters, and the reader name (``"hn"``,
        ``"reddit"`` or ``"discourse"``).

    Raises:
        FetchError: for a URL that is not a supported thread URL; the message lists the supported ones.

    Example:
        >>> resolve_url("https://news.ycombinator.com/item?id=1", Settings())[0]
        'https://hn.algolia.com/api/v1/items/1'
    """
    try:
        parts = urlsplit(url.strip())
        hostname = parts.hostname
    except ValueError as exc:  # an unclosed "[" (http://[::1/x), or a bracketed host that is no IP address
        raise _unsupported(url, f"is not a URL that can be read ({exc})") from None
    if parts.scheme not in ("http", "https") or not hostname:
        raise _unsupported(url, "is not an http(s) URL")
    host = hostname.lower()
    if host in _HN_HOSTS:
        ids = parse_qs(parts.query).get("id", [])
        if parts.path.rstrip("/") != "/item" or len(ids) != 1 or not ids[0].isdigit():
            raise _unsupported(url, "is a Hacker News page but not an item page with a numeric id")
        return f"{settings.hn_api.rstrip('/')}/items/{ids[0]}", {}, "hn"
    base = settings.reddit_base.rstrip("/")
    if host in _REDDIT_HOSTS:
        match = _REDDIT_THREAD.match(parts.path)
        if match:
            return f"{base}/r/{match['sub']}/comments/{match['id']}.json", dict(_REDDIT_PARAMS), "reddit"
        match = _REDDIT_BARE.match(parts.path)
        if match:
            return f"{base}/comments/{match['id']}.json", dict(_REDDIT_PARAMS), "reddit"
        if "/s/" in parts.path:
            raise _unsupported(url, "is a Reddit share link, which does not hold the thread id; open it in a "
                                    "browser and use the address it leads to (…/comments/<id>/…)")
        raise _unsupported(url, "is a Reddit page but not a thread (…/r/<subreddit>/comments/<id>/…)")
    if host == "redd.it":
        match = _SHORT_ID.match(parts.path)
        if match:
            return f"{base}/comments/{match['id']}.json", dict(_REDDIT_PARAMS), "reddit"
        raise _unsupported(url, "is a redd.it link without a thread id")
    match = _DISCOURSE_PATH.match(parts.path)
    topic = _discourse_topic(match["rest"]) if match else None
    if match and topic is not None:
        return f"{parts.scheme}://{parts.netloc}{match['prefix']}/t/{topic}.json", {}, "discourse"
    raise _unsupported(url, f"is on {host}, which argmap cannot fetch threads from")


def _discourse_topic(rest: str) -> str | None:
    """The topic id of a Discourse path after ``/t/``: ``<slug>/<id>``, ``<id>``, ``<slug>/<id>/<post>`` or
    ``<id>/<post>``; ``None`` for a path of another shape (``/t/2024/10/story`` on a news site is no topic)."""
    segments = rest.removesuffix(".json").strip("/").split("/")
    numbers = [segment.isdigit() for segment in segments]
    if numbers in ([True], [True, True], [False, True], [False, True, True]):
        return segments[numbers.index(True)]
    return None


def _reader(name: str) -> Callable[..., Thread]:
    # Imported here: the Reddit reader is optional for HN fetches, and nothing should load at import time.
    if name == "hn":
        from argmap.sources import hn_algolia

        return hn_algolia.read
    if name == "discourse":
        from argmap.sources import discourse

        return discourse.read
    from argmap.sources import reddit

    return reddit.read


@dataclass
class _Waits:
    """The seconds a fetch may still spend waiting on sites that answer HTTP 429, over all its requests."""

    left: float


def _get(api: str, params: dict[str, str] | tuple[tuple[str, str], ...], url: str, settings: Settings,
         waits: _Waits) -> bytes:
    """The body of a successful GET, or a FetchError that explains the failure; an answer of HTTP 429 that asks
    to wait a little (``Retry-After``, at most :data:`MAX_RETRY_AFTER_S`) is waited for and asked again, while the
    fetch's ``waits`` last (:data:`MAX_RETRY_WAITS_S` in all: a topic of 51 requests could otherwise wait an hour).

    Raises:
        RateLimited: HTTP 429 still, or a wait asked for longer than argmap waits (the message says how long).
        FetchError: any other failure.
    """
    for tries in range(1, RATE_LIMIT_TRIES + 1):
        try:
            return _get_once(api, params, url, settings)
        except RateLimited as limited:
            wait = limited.wait
            if wait is None or wait > min(MAX_RETRY_AFTER_S, waits.left) or tries == RATE_LIMIT_TRIES:
                raise
            waits.left -= wait
            # Said, as a lock waited for is: a fetch that stops for half a minute without a word looks hung.
            log.warning("%s asks to wait %.0f s (HTTP 429, too many requests); waiting, then asking again (try %d "
                        "of %d)", urlsplit(api).hostname or api, wait, tries + 1, RATE_LIMIT_TRIES)
            time.sleep(wait)
    raise AssertionError("unreachable")


def _retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (a number of seconds, or an HTTP date); ``None`` without
    one, or one that cannot be read.

    Example:
        >>> _retry_after("7"), _retry_after(None), _retry_after("soon")
        (7.0, None, None)
    """
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


def _get_once(api: str, params: dict[str, str] | tuple[tuple[str, str], ...], url: str, settings: Settings) -> bytes:
    """One GET of :func:`_get`."""
    host = urlsplit(api).hostname or api
    hostname = urlsplit(url).hostname
    env = ("the API address in ARGMAP_HN_API" if hostname in _HN_HOSTS else
           "the API address in ARGMAP_REDDIT_BASE" if hostname in _REDDIT_HOSTS or hostname == "redd.it" else
           "the forum's address in the URL")
    import httpx  # imported here, not with the module: every command loads this module, few fetch

    chunks: list[bytes] = []
    size = 0
    until = deadline(settings)
    try:
        with httpx.Client(timeout=settings.timeout, follow_redirects=True,
                          headers={"User-Agent": USER_AGENT, "Accept": "application/json"}) as client, \
                client.stream("GET", api, params=params) as response:
            # Read in pieces and stop at the cap: a gzip-encoded answer of a few kilobytes can unpack to gigabytes.
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_UNPACKED_BYTES:
                    raise FetchError(f"{url}: {host} sent more than {MAX_UNPACKED_BYTES // 2**20:,} MB (unpacked); "
                                     "argmap reads threads up to that size\n  fix: check the URL; save a larger "
                                     "thread to a file and split it")
                if time.monotonic() > until:
                    raise too_slow(url, host, settings)
                chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: {host} did not answer within {settings.timeout:g} s\n"
                         "  fix: try again later, or allow more time with ARGMAP_TIMEOUT=<seconds>") from exc
    except httpx.ConnectError as exc:
        reason = str(exc) or type(exc).__name__
        if any(marker in reason.lower() for marker in _DNS_FAILURE):
            raise FetchError(f"{url}: cannot resolve the host name {host!r} ({reason}); are you offline?\n"
                             f"  fix: check your internet connection, or {env}") from exc
        raise FetchError(f"{url}: cannot connect to {host} ({reason}); are you offline?\n"
                         f"  fix: check your internet connection, or {env}") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: {host} redirected too many times\n"
                         "  fix: open the URL in a browser to check that the thread still exists") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: request to {api} failed: {exc or type(exc).__name__}\n"
                         f"  fix: check the URL and {env}, then try again") from exc
    status = response.status_code
    if status == 429:
        wait = _retry_after(response.headers.get("retry-after"))
        asked = f" and asked to wait {wait:,.0f} s" if wait is not None else ""
        raise RateLimited(f"{url}: {host} answered HTTP 429 Too Many Requests for {api}{asked}\n  fix: the site "
                          "is rate-limiting this client; wait " + (f"{wait:,.0f} s" if wait is not None else
                                                                   "a minute") + " and try again", wait=wait)
    if status >= 400:
        raise FetchError(f"{url}: {host} answered HTTP {status} {response.reason_phrase}".rstrip()
                         + f" for {api}\n  fix: {_status_fix(status)}")
    body = b"".join(chunks)
    start = body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1]  # a byte-order mark before the JSON is read
    if start not in (b"{", b"["):
        kind = ("an HTML page" if start == b"<" else "nothing" if not start else
                f"{response.headers.get('content-type') or 'non-JSON'} content")
        raise FetchError(f"{url}: {host} answered with {kind}, not JSON (HTTP {status}, from {response.url})\n"
                         "  fix: the site may be asking for a login or a captcha, or blocking this client; "
                         "open the URL in a browser, save the thread's JSON and ingest the file")
    return body


def _status_fix(status: int) -> str:
    if status == 404:
        return "check the id in the URL; the thread may have been deleted"
    if status in (401, 403):
        return "the thread may be private or quarantined, or the site is blocking this client; save the JSON " \
               "from a browser and ingest the file"
    if status >= 500:
        return "the site has a problem of its own; try again later"
    return "check the URL and try again"


def fetch_thread(url: str, settings: Settings) -> Thread:
    """Fetch a Hacker News, Reddit or Discourse thread by its URL and read it (a Discourse topic with the posts
    beyond its first page, see :data:`DISCOURSE_REQUESTS`).

    Args:
        url (str): the thread's address, e.g. ``https://news.ycombinator.com/item?id=26312516``.
        settings (Settings): API bases (``hn_api``, ``reddit_base``) and ``timeout``.

    Returns:
        Thread: the thread, with ``source`` set to ``url`` (its password, if it holds one, masked).

    Raises:
        FetchError: for an unsupported URL, a connection failure, a timeout, an HTTP error status or an
            answer that is not JSON.
        InputError: when the answer is JSON but not a thread the reader understands.

    Example:
        >>> fetch_thread("https://news.ycombinator.com/item?id=1", Settings()).key  # doctest: +SKIP
        'hn:1'
    """
    api, params, reader = resolve_url(url, settings)
    waits = _Waits(MAX_RETRY_WAITS_S)
    body = _get(api, params, url, settings, waits)
    text, notes = decode(body, url)
    if reader == "discourse":
        text = _rest_of_topic(text, api, url, settings, waits)
    thread = _reader(reader)(text, source=mask_url(url))  # stored, listed and exported: never a password
    thread.notes[:0] = notes
    return thread


def _rest_of_topic(text: str, api: str, url: str, settings: Settings, waits: _Waits) -> str:
    """A Discourse topic's JSON with the posts its ``stream`` lists but its first page does not hold, fetched 20
    a request (at most :data:`DISCOURSE_REQUESTS` requests; the reader counts what is still missing)."""
    data: Any = load_json(text, url)
    stream = data.get("post_stream") if isinstance(data, dict) else None
    if not isinstance(stream, dict) or not isinstance(stream.get("posts"), list):
        return text  # not a topic: the reader says what it is
    posts: list[Any] = stream["posts"]
    held = {post.get("id") for post in posts if isinstance(post, dict)}
    wanted = [i for i in stream.get("stream") or [] if isinstance(i, int) and i not in held]
    more = api.removesuffix(".json") + "/posts.json"
    for start in range(0, min(len(wanted), DISCOURSE_REQUESTS * _DISCOURSE_CHUNK), _DISCOURSE_CHUNK):
        chunk = wanted[start:start + _DISCOURSE_CHUNK]
        # A page refused for good fails the whole topic: kept in part, it would replace a version stored whole.
        body = _get(more, tuple(("post_ids[]", str(i)) for i in chunk), url, settings, waits)
        page: Any = load_json(decode(body, url)[0], url)
        found = page.get("post_stream") if isinstance(page, dict) else None
        if isinstance(found, dict) and isinstance(found.get("posts"), list):
            posts.extend(found["posts"])
    posts.sort(key=_post_number)
    return json.dumps(data)


def _post_number(post: Any) -> int:
    number = post.get("post_number") if isinstance(post, dict) else None
    return number if isinstance(number, int) else 0
