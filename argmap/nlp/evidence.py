"""Evidence in a post: what a unit offers to back what it argues, and the outside source it points at.

Pure functions over text already at hand (cheap regular expressions, no model): :func:`detect` finds typed
:class:`~argmap.domain.EvidenceItem` objects in a unit's words, :func:`footnotes` reads a post's ``[1] ...``
source lines so that a ``[1]`` in a sentence resolves to its source, :func:`normalise_url` gives the key under
which the same link meets itself across posts and threads, and :func:`link_evidence` draws ``evidence``
relations from an evidence-bearing unit to the claim it backs.

Kinds of evidence:

- ``link``: a URL (key ``url:host/path?query``: scheme, ``www.``, tracking parameters, fragment and trailing
  slash dropped; a DOI or arXiv URL becomes a ``doi:``/``arxiv:`` key).
- ``citation``: ``according to X``, ``a study by X``, ``Smith et al. (2019)``, a quoted paper title, a DOI,
  an arXiv id, a ``[1]`` footnote whose source line is in the post.
- ``statistic``: a figure (``5x``, ``30%``, ``3 out of 4``, ``$2 billion``, ``10 million people``).
- ``experience``: personal experience (``As a software engineer, I ...``, ``in my experience``, ``I went
  from ...``).
- ``example``: ``for example``, ``for instance``, ``e.g.``, ``such as``.
- ``quotation``: an outside source's words in double quotes with an attribution (``X said "..."``).

Units keep their kind (claim or premise, which ``argmap eval`` scores); the evidence travels beside them as
items, and an ``evidence`` relation joins the unit that holds it to the claim it backs, next to the
``support`` relation the linker drew.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from argmap.domain import EvidenceItem, Relation, Unit, shorten

__all__ = [
    "EVIDENCE_KINDS",
    "MODEL",
    "SOURCE_ROLES",
    "TRACKING_PARAMS",
    "detect",
    "footnotes",
    "from_tuple",
    "link_evidence",
    "normalise_doi",
    "normalise_url",
    "post_evidence",
    "source_of",
    "source_role",
    "to_tuple",
]

MODEL = "argmap.evidence.v2"
EVIDENCE_KINDS = ("link", "citation", "statistic", "experience", "example", "quotation")
#: Query parameters that say who sent the reader, not what the page is; dropped from URL keys.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "si",
    "ref", "ref_src", "ref_url", "referrer", "_hsenc", "_hsmi", "mkt_tok", "spm", "cmpid", "share", "trk",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "oly_")
#: What YouTube adds to a video's address that leaves the video the same: where the click came from (``feature``,
#: ``pp``) and the moment it starts at (``t``, ``start``), which is to a video what a fragment is to a page.
_YOUTUBE_PARAMS = frozenset({"feature", "pp", "t", "start", "time_continue", "ab_channel"})

# A URL ends before "](": in a Markdown link written with its address as its text, "[https://a.org](https://a.org)",
# the text and the target are two URLs (read as one, the pair was a source of its own, "a.org](https:/a.org").
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)(?:[^\s<>\"'`\]]|\](?!\())+", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+)")
_ARXIV = re.compile(r"\barxiv(?:\.org/(?:abs|pdf)/|:\s?|\s)(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_FOOTNOTE_DEF = re.compile(r"^[ \t]*\[(\d{1,3})\][ \t]*:?[ \t]*(\S.*)$", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[(\d{1,3})\]")
# A name word takes all the word characters it can and gives none back (possessive ``*+``): with the space
# between words optional, a run of capitals ("HAHAHA...") could otherwise be cut into words in exponentially
# many ways, and a search over it never ended.
_NAME = r"((?:(?:[A-Z][\w&'.-]*+|of|for|and|the|de|von)\s?){1,7})"
_ACCORDING = re.compile(r"\b(?i:according to (?:a |an |the |this |that )?(?:(?:new |recent |latest |\d{4} )*"
                        r"(?:study|survey|report|paper|poll|analysis|article|review|meta-analysis)"
                        r"(?: (?:by|from|of|in) (?:the )?)?)?)" + _NAME)
_STUDY = re.compile(r"\b(?i:(?:a|an|the|this|one|recent|new|another)\s+(?:\w+\s+){0,2}(study|survey|report|paper|"
                    r"poll|analysis|meta-analysis|review|experiment|trial|census|dataset)\s+(?:by|from|of|at|in|"
                    r"published in|conducted by)\s+(?:the\s+)?)" + _NAME)
_UNNAMED_STUDY = re.compile(r"\b(?:studies|research|data|evidence|statistics|surveys|polls|a study|studies show|"
                            r"research shows|the data)\s+(?:show|shows|found|finds|suggest|suggests|indicate|"
                            r"indicates|proved|proves|demonstrate|demonstrates)\b", re.IGNORECASE)
_ET_AL = re.compile(r"\b([A-Z][A-Za-z'-]+)(?: et al\.?| (?:and|&) [A-Z][A-Za-z'-]+)?,? \(?((?:19|20)\d{2})\)?")
# One name and a year in brackets is a citation only as one is written: after "see" or "cf.", or before what the
# work found ("Smith (2019) showed"). Else it names a person, place or event of that year: "Nixon (1960)", the
# Nixon of that campaign, and "in Illinois (1978)", when a law came back, were the shared threads' citations.
_ONE_NAME_CITED = re.compile(r"(?i:\b(?:see|cf\.?)\s+$)")
_FINDS = re.compile(r"(?i:,?\s+(?:\w+ly\s+)?(?:found|finds|find|showed|shown|shows|show|argued|argues|argue|reported|"
                    r"reports|report|wrote|writes|estimated|estimates|suggested|suggests|concluded|concludes|noted|"
                    r"notes|observed|observes|demonstrated|demonstrates|measured|measures|claimed|claims|says|said|"
                    r"describes|described|defines|defined|proposed|proposes)\b)")
# Not "written in": what is written in a named thing is a program in its language ("written in Python", "in C",
# "in Rust": every "written in" of the 19 shared threads), not a text in a journal.
_PUBLISHED = re.compile(r"\b(?i:(?:published|reported|appeared) in (?:the )?)" + _NAME)
#: Names of times, which say when a thing was published, not where ("published in June").
_WHEN = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                   "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                   "spring", "summer", "autumn", "fall", "winter"})
_TITLE = re.compile(r"\b(?:paper|study|article|report|book|essay|post|piece)\s*,?\s*(?:called |titled |entitled )?"
                    r"[\"“]([^\"”]{8,200})[\"”]", re.IGNORECASE)
_STAT = re.compile(
    r"(?:\$|€|£)\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|trillion|thousand))?\b"
    r"|\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b|percentage points?\b)"
    r"|\b\d+(?:\.\d+)?\s?x\b(?:\s+(?:more|less|faster|slower|better|worse|cheaper|productivity|boost|speed\w*|"
    r"improvement|increase|gain))*"
    r"|\b\d+(?:\.\d+)?-fold\b|\b(?:twice|three times|four times|ten times|half) as\b"
    # "N in M" is a ratio, but not where M is a year ("a Treo 650 in 2009"): only "1 in 2000" is read so.
    r"|\b(?:1\s+in|\d+\s+in(?!\s+(?:1[89]|20)\d\d\b)|\d+\s+out of)\s+(?:\d+|ten|a hundred)\b"
    # At most 40 more digits, commas and dots: unbounded, every digit of a run such as "1.1.1.1..." scanned the
    # rest of the run again (7.7 s for 20,000 characters, a 100 KB unit over three minutes).
    # ... and the word after it, what is counted ("10 million people"), unless it is a verb or a function word
    # ("300 million is ...", "2 billion in taxes").
    r"|\b\d[\d,.]{0,40}\s?(?:million|billion|trillion|thousand|hundred)\b(?:\s+(?!(?:is|are|was|were|be|been|has|"
    r"have|had|will|would|can|could|should|may|might|must|do|does|did|in|of|on|at|by|to|for|from|with|and|or|but|"
    r"than|that|this|the|a|an|it|as|per|more|less|each|every)\b)\w+)?",
    re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# Figures that count or measure nothing. "100%" said of agreement or certainty: "I agree 100%", "100% sure",
# "100% with you", "I 100% noticed", "This ^ 100%" (14 of the shared threads' 43 "100%" figures; "100% of the
# vote" stays). A stake in a bet: "I'd bet $100 that ...". A multiple that names a plan, "the 20x plan", or is a
# verb, "they will 10x it".
_WHOLLY = re.compile(r"(?i:100\s?(?:%|percent|per cent))")
_WHOLLY_BEFORE = re.compile(r"(?i:\bagree[sd]?\s*$|\b(?:i|you|we|they|he|she|will|would|'ll|'d)\s+$)")
_WHOLLY_ALONE = re.compile(r"(?i:(?:^|\bthis|\^)\W*$)")  # "100%.", "This ^ 100%!", not "this 100% tariff"
_WHOLLY_DEGREE = re.compile(r"(?i:\s*,?\s*(?:\w+ly\s+|fucking\s+|damn\s+)?(?:sure|certain|convinced|positive|"
                            r"confident|right|correct|wrong|true|agree\w*|with|behind|on board|into|for sure|"
                            r"serious|honest)\b)")
_STAKE_BEFORE = re.compile(r"(?i:\b(?:bet|bets|betting|wager|wagers|wagering)(?:\s+(?:you|anyone|anybody|someone|"
                           r"somebody))?\s+$)")
_MULTIPLE = re.compile(r"\d+(?:\.\d+)?\s?x", re.IGNORECASE)
_MULTIPLE_NAMES = re.compile(r"(?i:\s+(?:plans?|tiers?|subscriptions?|subs?|accounts?|memberships?)\b|"
                             r"\s+(?:this|it|them)(?!\w|\s+(?:is|was|are|were)\b))")
#: Words ``_STUDY`` and ``_UNNAMED_STUDY`` cannot match without (as lower-case substrings).
_STUDY_NOUNS = ("study", "survey", "report", "paper", "poll", "analysis", "review", "experiment", "trial",
                "census", "dataset")
_FINDING_VERBS = ("show", "found", "find", "suggest", "indicate", "prove", "demonstrate")
#: Words ``_EXAMPLE`` cannot match without (lower-case; as it ignores case, tested only on ASCII text).
_EXAMPLE_WORDS = ("take", "consider", "look at", "e.g", "example", "for instance", "such as", "case in point")
#: Words ``_EXPERIENCE`` cannot match without (the same way: one per alternative, ASCII text only).
_EXPERIENCE_WORDS = ("as a", "i ", "i'", "my ", "experience")
#: What a figure without a digit needs: a currency sign or a spelled-out ratio (see ``_STAT``).
_STAT_WORDS = re.compile(r"[$€£]|twice as|times as|half as")
_ADVERB = r"(?:\w+ly |only |just |never |also |once |even )?"
_EXPERIENCE = re.compile(
    r"^\s*(?:as an? ([\w\s/-]{2,40}?),\s*(?:i|we)\b)"
    r"|\b(?:in my (?:experience|work|job|career|company|team|field|country|city|time)|speaking from experience|"
    r"from (?:my own|personal) experience|i(?:'ve| have) " + _ADVERB
    + r"(?:worked|used|seen|been|tried|lived|spent|had|done|taught|run|built|noticed|watched|owned)|i " + _ADVERB
    + r"(?:worked|used|went|tried|saw|noticed|switched|spent|lived|taught|ran|built|moved|grew up|had|lost|got|"
    r"paid|bought|started|quit)\b|when i was|"
    r"my (?:wife|husband|partner|kids?|son|daughter|friends?|company|team|job|doctor|boss|employer|"
    r"(?:grand)?(?:mother|father|parents)|family|colleagues?|coworkers?))\b",
    re.IGNORECASE)
# What an experience verb starts that tells no experience: an opinion once held ("I used to think the same way",
# "I had the impression that", "the trust I had in them", "ideas that I had"), what the writer has been saying or
# reading ("I've been telling my friends this for years", "I've been reading that ..."), and the idiom
# "(not) ... if I tried", what the writer could not do, not did. Other suppositions ("if I had children, they
# would ...") stay: the web-discourse corpus's annotators took such sentences for premises.
_NO_EXPERIENCE = re.compile(r"(?i:i used to (?:think|believe|feel|say|agree|assume|wonder)\b|"
                            r"i(?:'ve| have) (?:\w+ly |just |also |always )?been (?:saying|telling|thinking|arguing|"
                            r"wondering|reading|hearing|asking|hoping)\b|"
                            r"i(?:'ve| have)? had (?:the |a |an |no |some )?(?:idea|feeling|impression|thought|hope|"
                            r"doubt|belief|opinion|suspicion|sense|hunch|notion)s?\b)")
_HELD = re.compile(r"(?i:\b(?:ideas?|thoughts?|hunch|notions?|suspicions?|trust|faith|hopes?|doubts?|beliefs?|"
                   r"opinions?|impressions?|feelings?|respect|confidence|views?)\s+(?:that\s+|which\s+)?$)")
_SUPPOSED = re.compile(r"\b(?i:if)\s+$")
# "e.g." ends in a full stop, after which no word boundary follows: it has its own alternative.
_EXAMPLE = re.compile(r"^\s*(?:take|consider|look at)\b|\be\.g\b\.?|\b(?:for example|for instance|such as|"
                      r"a good example|an example|case in point)\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“]([^\"”]{20,400})[\"”]")
_SAID = re.compile(r"\b(?:said|says|wrote|writes|stated|states|put it|argued|argues|claimed|claims|according to|"
                   r"told)\b", re.IGNORECASE)
_SAYER = re.compile(r"[\"”]\s*,?\s*(?:said|says|wrote|writes|argued|argues)\s+" + _NAME
                    + r"|" + _NAME + r"\s*(?:said|says|wrote|writes|argued|argues|"
                    r"put it)\s*,?\s*:?\s*[\"“]")
#: Each span between double quotation marks, however short: a verb of saying inside one belongs to the quoted words
#: (a scare-quoted "knowledge claims", "he says the quiet part out loud" given as one's own words), not to whoever
#: said them.
_INSIDE_QUOTES = re.compile(r"([\"“])([^\"”]*)([\"”])")
#: A verb of saying whose subject is the discussion's own people ("as you said", "I wrote", "OP claims"): what they
#: said is this thread's words, quoted to answer them, not an outside source's.
_OWN_SAYER = re.compile(r"\b(?i:you|i|we|op)(?:'ve| have| had| just| already| also| never| yourself| myself)?\s+$")
# Who is meant by a pronoun, or the discussion's own people ("according to OP", "as OP said"), is no outside source.
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "you", "it", "this", "that", "i", "we", "me",
                       "some", "many", "most", "people", "others", "one", "op", "op's", "ops", "gp", "parent"})
_TRAILING = ".,;:!?)]}'\"”’>"
#: Characters a path segment may hold as they are (RFC 3986 ``pchar`` less the unreserved ones ``quote`` keeps).
_SEGMENT_SAFE = "!$&'()*+,;=:@"
_SURROGATE = re.compile("[\ud800-\udfff]")
_STOP_NAME = frozenset({"the", "of", "for", "and", "de", "von"})
_LEADING = frozenset({"as", "in", "but", "and", "so", "then", "when", "while", "like", "also", "even", "yet", "or"})


def _measures_nothing(text: str, figure: re.Match[str]) -> bool:
    """Whether a figure ``_STAT`` found counts or measures nothing: ``100%`` said of agreement or certainty, a bet's
    stake, a multiple that names a plan or is a verb (see ``_WHOLLY``)."""
    written, start, end = figure.group(0).strip(), figure.start(), figure.start() + len(figure.group(0).rstrip())
    before = text[max(0, start - 40):start]
    if _WHOLLY.fullmatch(written):
        return bool((_WHOLLY_BEFORE.search(before) and not text.startswith(" of", end))
                    or (_WHOLLY_ALONE.search(before) and re.match(r"\s*(?:[.!]|$)", text[end:end + 3]))
                    or _WHOLLY_DEGREE.match(text, end))
    if written[:1] in "$€£":
        return _STAKE_BEFORE.search(before) is not None
    return bool(_MULTIPLE.fullmatch(written) and _MULTIPLE_NAMES.match(text, end))


def _trim(written: str) -> str:
    """A URL or DOI as matched in running text, without the punctuation that ends the sentence around it.

    A closing bracket stays when it closes one opened inside (Wikipedia's ``.../Mercury_(planet)``): only the
    closing brackets the text opened before the URL are dropped (``(see https://a.org/x).``).

    Args:
        written (str): e.g. ``"https://en.wikipedia.org/wiki/Mercury_(planet))."``.

    Returns:
        str: e.g. ``"https://en.wikipedia.org/wiki/Mercury_(planet)"``.
    """
    written = written.strip()
    opened = {")": written.count("("), "]": written.count("[")}
    closed = {")": written.count(")"), "]": written.count("]")}
    end = len(written)
    while end and written[end - 1] in _TRAILING:
        mark = written[end - 1]
        if mark in opened:
            if closed[mark] <= opened[mark]:
                break
            closed[mark] -= 1
        end -= 1
    return written[:end]


def _same_path(path: str) -> str:
    """A URL path with its percent-escapes written one way: ``%28`` as ``(``, ``ü`` and ``%c3%bc`` as ``%C3%BC``.

    Each segment is decoded and encoded again (bytes that are no UTF-8 kept as they were), so a page cited from a
    browser's address bar and as it was typed is one source; an escaped slash stays escaped, inside its segment.
    """
    return "/".join(quote(unquote(segment, errors="surrogateescape"), safe=_SEGMENT_SAFE, errors="surrogateescape")
                    for segment in path.split("/"))


def normalise_doi(doi: str) -> str:
    """A DOI in the form it is compared in: lower case, without a trailing full stop or bracket.

    Args:
        doi (str): e.g. ``"10.1038/NATURE14539."``.

    Returns:
        str: e.g. ``"10.1038/nature14539"``.
    """
    return _trim(doi).lower()


def _desktop_host(host: str) -> str:
    """A mobile host's desktop name (``m.youtube.com``, ``mobile.twitter.com``, Wikimedia's ``en.m.wikipedia.org``):
    the mobile page is the same page, and one article cited from a phone and from a desk is one source."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[0] in ("m", "mobile"):
        return ".".join(labels[1:])
    if len(labels) == 4 and labels[1] == "m" and labels[2].startswith("wiki") and labels[3] == "org":
        return ".".join((labels[0], *labels[2:]))
    return host


#: Hosts that serve the same pages under another name: Reddit's old and new designs (``old.reddit.com``,
#: ``np.reddit.com``), and Twitter under its later name. In the shared threads one poll was cited as
#: ``reddit.com/poll/fo7p5b`` and ``old.reddit.com/poll/fo7p5b``: two sources.
_SAME_SITE = {"old.reddit.com": "reddit.com", "new.reddit.com": "reddit.com", "np.reddit.com": "reddit.com",
              "i.reddit.com": "reddit.com", "x.com": "twitter.com"}
#: Parameters that leave a site's page the same: how much of a Reddit thread is shown around a comment
#: (``context``), who shared a tweet and how (``s``, ``t``), which page of a Hacker News thread (``p``).
_SITE_PARAMS = {"reddit.com": frozenset({"context", "share_id", "sort"}), "twitter.com": frozenset({"s", "t"}),
                "news.ycombinator.com": frozenset({"p"})}


def _site_path(host: str, path: str) -> str:
    """A path as the site reads it: a Twitter handle in any case is one account (``/realDonaldTrump`` and
    ``/realdonaldtrump/status/1``), and a Reddit subreddit's name likewise (``/r/AskReddit``, ``/r/askreddit``)."""
    if host == "twitter.com":
        handle, _, rest = path[1:].partition("/")
        return "/" + handle.lower() + ("/" + rest if rest else "") if handle else path
    if host == "reddit.com":
        return re.sub(r"^/(r|u|user)/([^/]+)", lambda m: f"/{m.group(1).lower()}/{m.group(2).lower()}", path,
                      flags=re.IGNORECASE)
    return path


def normalise_url(url: str) -> tuple[str, str, str]:
    """The key, label and domain of a URL, so that the same page cited two ways is one source.

    Lower-cases scheme and host, treats http as https, drops ``www.`` and a mobile host's ``m.`` (``m.youtube.com``,
    ``en.m.wikipedia.org``), default ports, the fragment, tracking
    parameters (``utm_*``, ``fbclid``, ``gclid``, ``ref``, ...) and a trailing slash, and sorts the remaining
    query parameters. A YouTube video is its watch page (``youtu.be/ID`` is ``youtube.com/watch?v=ID``), without
    YouTube's own parameters for where the click came from and the moment it starts at. Reddit's other designs
    (``old.``, ``new.``, ``np.``) are reddit.com and ``x.com`` is twitter.com; a Twitter handle or a subreddit is
    one in any case; Reddit's ``context``, Twitter's ``s`` and ``t`` and the page of a Hacker News thread (``p``)
    are dropped. A ``doi.org`` link
    becomes a ``doi:`` key and an ``arxiv.org/abs|pdf`` link an ``arxiv:`` key.

    Args:
        url (str): as written in a post (``www.`` without a scheme is accepted).

    Returns:
        tuple[str, str, str]: ``(key, label, domain)``, e.g. ``("url:example.com/a?b=1",
        "https://example.com/a?b=1", "example.com")``.

    Example:
        >>> normalise_url("HTTP://www.Example.com/a/?utm_source=x&b=1#top")[0]
        'url:example.com/a?b=1'
    """
    raw = _trim(url)
    if not re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.IGNORECASE):
        raw = "https://" + raw
    raw = _SURROGATE.sub("\ufffd", raw)  # a lone surrogate cannot be percent-encoded into the query
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:  # "http://host:99999/", "http://[1]/": the standard library cannot split it
        written = re.sub(r"^[a-z][a-z0-9+.-]*://", "", raw, flags=re.IGNORECASE)
        return f"url:{written.lower()}", raw, ""
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    host = _desktop_host(host)
    host = _SAME_SITE.get(host, host)
    port = port if port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = _site_path(host, _same_path(re.sub(r"/{2,}", "/", parts.path).rstrip("/")))
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if host == "youtu.be" and re.fullmatch(r"/[\w-]+", path):  # YouTube's short link is its watch page
        host = netloc = "youtube.com"
        pairs, path = [("v", path[1:]), *pairs], "/watch"
    dropped = TRACKING_PARAMS | (_YOUTUBE_PARAMS if host == "youtube.com" else _SITE_PARAMS.get(host, frozenset()))
    params = sorted((k, v) for k, v in pairs
                    if k.lower() not in dropped and not k.lower().startswith(_TRACKING_PREFIXES))
    query = urlencode(params)
    if host in ("doi.org", "dx.doi.org") and path.startswith("/10."):
        # A path is percent-encoded: share buttons write a DOI's slash as %2F, which is no part of the DOI.
        doi = normalise_doi(unquote(path[1:]))
        return f"doi:{doi}", f"doi:{doi}", host
    arxiv = _ARXIV.search(f"arxiv.org{path}") if host == "arxiv.org" else None
    if arxiv:
        return f"arxiv:{arxiv.group(1)}", f"arXiv:{arxiv.group(1)}", host
    label = urlunsplit(("https", netloc, path, query, ""))
    key = f"url:{netloc}{path}" + (f"?{query}" if query else "")
    return key, label, host


#: What a cited source is to a reader checking a claim, from :func:`source_role`: a ``page`` (an article, a paper,
#: a video, a document: a source), and the links a thread holds that are no source of what it argues, kept apart.
SOURCE_ROLES = ("page", "media", "profile", "community", "discussion", "search")
#: Hosts that serve pictures, GIFs and clips (a meme in a reply, a screenshot), not pages.
_MEDIA_HOSTS = frozenset({"i.imgur.com", "imgur.com", "i.redd.it", "preview.redd.it", "v.redd.it", "pbs.twimg.com",
                          "i.pinimg.com", "upload.wikimedia.org", "gfycat.com", "giphy.com", "media.giphy.com",
                          "i.giphy.com", "tenor.com", "media.tenor.com"})
_MEDIA_FILE = re.compile(r"\.(?:jpe?g|png|gifv?|webp|bmp|svg|mp4|webm|mov|avi|mp3|wav)$", re.IGNORECASE)
_MEDIA_PARAM = re.compile(r"(?:^|&)format=(?:jpe?g|png|gif|webp)(?:&|$)", re.IGNORECASE)


def source_role(key: str) -> str:
    """What a cited source is (one of :data:`SOURCE_ROLES`), read from its key alone.

    ``media``: a picture, GIF or clip (an image host, a file of that kind); ``profile``: a person's page on a site
    (``twitter.com/NAME``, ``reddit.com/u/NAME``, a YouTube channel); ``community``: a subreddit or a site's front
    page; ``discussion``: a Reddit or Hacker News thread or comment (what others said, in this thread or another);
    ``search``: a search's results; ``page``: anything else, a source proper (so is every DOI, arXiv id and named
    work).

    Args:
        key (str): a source key (``url:host/path?query``, ``doi:...``, ``work:...``).

    Returns:
        str: the role.

    Example:
        >>> [source_role(k) for k in ("url:i.imgur.com/a.gifv", "url:twitter.com/ap", "url:bbc.com/news/world-1")]
        ['media', 'profile', 'page']
    """
    if not key.startswith("url:"):
        return "page"
    address, _, query = key[4:].partition("?")  # "hn.algolia.com?query=...": a query right after the host
    host, _, path = address.partition("/")
    parts = [p for p in path.split("/") if p]
    if host in _MEDIA_HOSTS or _MEDIA_FILE.search(path) or _MEDIA_PARAM.search(query):
        return "media"
    if host in ("twitter.com", "reddit.com") and (parts[-1:] == ["search"] or parts[:1] == ["hashtag"]):
        return "search"  # twitter.com/search?q=..., a hashtag's tweets, reddit.com/r/NAME/search: no handle
    if host == "twitter.com":
        if parts in (["home"], ["explore"]):
            return "community"
        return "profile" if len(parts) == 1 else "page"
    if host == "reddit.com":
        if "comments" in parts or parts[:1] == ["poll"]:
            return "discussion"
        if parts[:1] in (["u"], ["user"]):
            return "profile"
        return "community" if not parts or parts[:1] == ["r"] else "page"
    if host == "news.ycombinator.com":
        if parts in (["item"], ["user"]):
            return "discussion" if parts == ["item"] else "profile"
        return "community" if not parts or parts in (["news"], ["newest"], ["front"]) else "page"
    if host == "youtube.com" and parts and (parts[0].startswith("@") or parts[0] in ("channel", "c", "user")):
        return "profile"
    if (host == "hn.algolia.com" or (host.startswith("google.") and parts[:1] == ["search"])
            or (host.startswith("amazon.") and parts[:1] == ["s"])):
        return "search"
    return "page"


def _work_key(name: str) -> tuple[str, str] | None:
    """``work:`` key and label of a named source, or ``None`` for a pronoun or an empty name."""
    words = re.findall(r"[\w&'-]+", name.replace("’", "'"))
    while words and words[-1].lower() in _STOP_NAME:
        words.pop()
    if words:  # the owner, not its possessive: "according to OpenAI's benchmarks" cites OpenAI; and "Barron's"
        # is one source however the sentence goes on ("according to Barron's the market fell", "in Barron's")
        words[-1] = re.sub(r"'s?$", "", words[-1])
    while words and words[-1].lower() in _STOP_NAME:
        words.pop()
    while words and (words[0].lower() in _STOP_NAME or words[0].lower() in _LEADING):
        words.pop(0)
    if not words or words[0].lower() in _PRONOUNS:
        return None
    label = " ".join(words)
    return f"work:{label.lower()}", label


def footnotes(post_text: str) -> dict[str, tuple[str, str, str, str | None]]:
    """The footnote source lines of a post: ``[1] https://...`` or ``[2] Smith, "A title", 2019``.

    Args:
        post_text (str): the whole post.

    Returns:
        dict[str, tuple[str, str, str, str | None]]: footnote number -> ``(source key, source kind, label,
        domain)``.
    """
    found: dict[str, tuple[str, str, str, str | None]] = {}
    for match in _FOOTNOTE_DEF.finditer(post_text):
        number, body = match.group(1), match.group(2).strip()
        source = source_of(body)
        if source is None:
            # A note that starts in lower case is a remark, not a reference, which opens with its author or title
            # ("[0] opinion", "[1] not to be confused with the other one"): no source, and "[0]" cites nothing.
            opening = re.match(r"[^\w\d]*([^\W\d_])", body)
            if opening is not None and opening.group(1).islower():
                continue
            work = _work_key(re.sub(r"\s+", " ", body)[:120])
            if work is None:
                continue
            source = (work[0], "work", work[1], None)
        found.setdefault(number, source)
    return found


def source_of(text: str) -> tuple[str, str, str, str | None] | None:
    """The first outside source ``text`` names by a URL, a DOI or an arXiv id.

    Args:
        text (str): any words.

    Returns:
        tuple[str, str, str, str | None] | None: ``(key, kind, label, domain)`` or ``None``.
    """
    url = _URL.search(text)
    if url:
        key, label, domain = normalise_url(url.group(0))
        return key, key.split(":", 1)[0], label, domain
    doi = _DOI.search(text)
    if doi:
        value = normalise_doi(doi.group(1))
        return f"doi:{value}", "doi", f"doi:{value}", None
    arxiv = _ARXIV.search(text)
    if arxiv:
        return f"arxiv:{arxiv.group(1)}", "arxiv", f"arXiv:{arxiv.group(1)}", None
    return None


class _Taken:
    """The spans of a text taken so far, answering whether one of them holds a new span in O(log n) steps.

    A Fenwick tree over start offsets keeps the furthest end of the spans starting at or before each offset: a
    span is held when that end, up to its own start, reaches its end. (Checking every taken span in turn made a
    unit of 10,000 figures, ``"$1$1$1..."``, take 10 s, and one of 100 KB minutes.)
    """

    def __init__(self, size: int) -> None:
        self._ends = [-1] * (size + 2)

    def add(self, start: int, end: int) -> None:
        i = start + 1
        while i < len(self._ends):
            self._ends[i] = max(self._ends[i], end)
            i += i & -i

    def holds(self, start: int, end: int) -> bool:
        i, furthest = start + 1, -1
        while i > 0:
            furthest = max(furthest, self._ends[i])
            i -= i & -i
        return furthest >= end


def detect(text: str, *, notes: dict[str, tuple[str, str, str, str | None]] | None = None) -> list[EvidenceItem]:
    """The evidence a unit offers, typed, with the source each piece points at.

    Args:
        text (str): the unit's words.
        notes (dict | None): the post's footnotes from :func:`footnotes`, so that ``[1]`` resolves.

    Returns:
        list[EvidenceItem]: in text order; offsets are into ``text``. A footnote source line itself gives no
        item when the footnote is referenced elsewhere (the reference carries the source).

    Example:
        >>> [i.kind for i in detect("That was a 5x productivity boost for me.")]
        ['statistic']
    """
    items: list[EvidenceItem] = []
    taken = _Taken(len(text))

    def add(kind: str, start: int, end: int, reason: str, confidence: float,
            source: tuple[str, str, str, str | None] | None = None) -> None:
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start or taken.holds(start, end):
            return
        taken.add(start, end)
        key, source_kind, label, domain = source if source else (None, None, None, None)
        items.append(EvidenceItem(kind, start, end, text[start:end], key, source_kind, label, domain, confidence,
                                  reason))

    # Each pattern needs some plain substring to match at all; testing for it first skips most scans.
    lower = text.lower()
    has_digit = _DIGIT.search(text) is not None
    has_quote = '"' in text or "“" in text
    markdown_text: tuple[int, str] | None = None  # where "](" follows a URL, and its key
    for match in _URL.finditer(text) if "http" in lower or "www." in lower else ():
        start, end = match.start(), match.start() + len(_trim(match.group(0)))
        key, label, domain = normalise_url(match.group(0))
        kind = key.split(":", 1)[0]
        if markdown_text == (start, key):  # "[URL](URL)": one link, written twice
            continue
        markdown_text = (match.end() + 2, key) if text.startswith("](", match.end()) else None
        add("link" if kind == "url" else "citation", start, end, f"links to {label}", 0.9,
            (key, kind, label, domain))
    for match in _DOI.finditer(text) if "10." in text else ():
        value = normalise_doi(match.group(1))
        add("citation", match.start(), match.start() + len(_trim(match.group(1))), f"cites DOI {value}",
            0.95, (f"doi:{value}", "doi", f"doi:{value}", None))
    for match in _ARXIV.finditer(text) if "arxiv" in lower else ():
        add("citation", match.start(), match.end(), f"cites arXiv:{match.group(1)}", 0.95,
            (f"arxiv:{match.group(1)}", "arxiv", f"arXiv:{match.group(1)}", None))
    for match in _FOOTNOTE_REF.finditer(text) if "[" in text else ():
        note = (notes or {}).get(match.group(1))
        line_start = text.rfind("\n", 0, match.start()) + 1
        if note is not None and text[line_start:match.start()].strip():
            add("citation", match.start(), match.end(), f"footnote [{match.group(1)}] cites {note[2]}", 0.85, note)
    for pattern, reason, needles in (
        (_ACCORDING, "'according to' names a source", ("according to",)),
        (_STUDY, "names a study and its source", _STUDY_NOUNS),
        (_PUBLISHED, "says where it was published", (" in ",)),
    ):
        for match in pattern.finditer(text) if any(needle in lower for needle in needles) else ():
            work = _work_key(match.group(match.lastindex or 1))
            if work is not None and pattern is _PUBLISHED and work[1].split()[0].lower() in _WHEN:
                continue  # "published in June 2019" says when, not where
            if work is not None and work[1][:1].isupper():
                add("citation", match.start(), match.end(), f"{reason}: {work[1]}", 0.75,
                    (work[0], "work", work[1], None))
    for match in _ET_AL.finditer(text) if has_digit else ():
        one_name = not any(joint in match.group(0) for joint in (" et al", " and ", " & "))
        if one_name and not (_ONE_NAME_CITED.search(text, max(0, match.start() - 8), match.start())
                             or _FINDS.match(text, match.end())):
            continue
        if " et al" in match.group(0) or "(" in match.group(0):
            label = f"{match.group(1)} {match.group(2)}"
            add("citation", match.start(), match.end(), f"cites an author and year: {label}", 0.75,
                (f"work:{label.lower()}", "work", label, None))
    for match in _TITLE.finditer(text) if has_quote else ():
        # the title without the punctuation that the sentence put inside the quotation marks: "After Virtue,"
        title = re.sub(r"\s+", " ", match.group(1)).strip().rstrip(".,;:")
        add("citation", match.start(), match.end(), f"names a work: {title!r}", 0.7,
            (f"work:{title.lower()}", "work", title, None))
    for match in _UNNAMED_STUDY.finditer(text) if any(verb in lower for verb in _FINDING_VERBS) else ():
        add("citation", match.start(), match.end(), "appeals to studies or data without naming them", 0.5)
    quoted = list(_QUOTED.finditer(text)) if has_quote else []
    # Who said it is looked for once in the whole unit, not again for every quotation in it (4,000 quotations in
    # a unit of 108 KB took 98 s), and outside the quotation marks.
    outside = _INSIDE_QUOTES.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3), text) if quoted else ""
    sayer = _SAYER.search(outside) if quoted else None
    attributed = sayer is not None or any(not _OWN_SAYER.search(outside, max(0, said.start() - 24), said.start())
                                          for said in (_SAID.finditer(outside) if quoted else ()))
    work = _work_key(next((g for g in sayer.groups() if g), "")) if sayer else None
    for match in quoted if attributed else ():
        add("quotation", match.start(), match.end(), "quotes an outside source" + (f": {work[1]}" if work else ""),
            0.65, (work[0], "work", work[1], None) if work else None)
    for match in _STAT.finditer(text) if has_digit or _STAT_WORDS.search(lower) else ():
        if re.fullmatch(r"(?:19|20)\d\d", match.group(0).strip()) or _measures_nothing(text, match):
            continue
        add("statistic", match.start(), match.end(), f"gives a figure: {match.group(0).strip()!r}", 0.7)
    maybe_experience = not text.isascii() or any(word in lower for word in _EXPERIENCE_WORDS)
    for match in _EXPERIENCE.finditer(text) if maybe_experience else ():
        before = text[max(0, match.start() - 24):match.start()]
        if (_NO_EXPERIENCE.match(text, match.start())
                or (_SUPPOSED.search(before) and match.group(0).lower().endswith("tried"))
                or (match.group(0).lower().endswith("had") and _HELD.search(before))):
            continue
        add("experience", match.start(), match.end(), f"reports personal experience: {match.group(0).strip()!r}", 0.7)
    maybe_example = not text.isascii() or any(word in lower for word in _EXAMPLE_WORDS)
    for match in _EXAMPLE.finditer(text) if maybe_example else ():
        add("example", match.start(), match.end(), f"gives an example: {match.group(0).strip()!r}", 0.65)
    items.sort(key=lambda item: (item.start, item.end))
    return items


def to_tuple(item: EvidenceItem) -> tuple[str, int, int, str, str | None, str | None, str | None, str | None,
                                           float, str]:
    """An item as plain values (what a spaCy extension and a worker process carry)."""
    return (item.kind, item.start, item.end, item.text, item.source_key, item.source_kind, item.source_label,
            item.domain, item.confidence, item.reason)


def from_tuple(values: Sequence[object]) -> EvidenceItem:
    """The item :func:`to_tuple` made."""
    kind, start, end, text, key, source_kind, label, domain, confidence, reason = values
    return EvidenceItem(str(kind), int(str(start)), int(str(end)), str(text), None if key is None else str(key),
                        None if source_kind is None else str(source_kind), None if label is None else str(label),
                        None if domain is None else str(domain), float(str(confidence)), str(reason))


_MAX_HOPS = 3


def _backed_claim(index: int, units: Sequence[Unit], supports: dict[int, int]) -> int | None:
    """The claim a unit backs: along support relations inside its post, at most a few steps."""
    seen = {index}
    current = supports.get(index)
    while current is not None and current not in seen and len(seen) <= _MAX_HOPS:
        if units[current].kind == "claim":
            return current
        seen.add(current)
        current = supports.get(current)
    first = supports.get(index)
    return first


BACKED = "the claim it backs in its post"
ANSWERED = "the claim it supports in the post it answers"
NEAREST = "its post's nearest claim, for want of a claim it backs"
"""How :func:`link_evidence` chose the claim an ``evidence`` relation goes to, as its reason says."""
GUESSED_TARGET = 0.7
"""An ``evidence`` relation to its post's nearest claim takes this share of its evidence's confidence: no support
relation leads there (of 30 evidence relations of the shared threads read by hand, about 10 went to the wrong claim,
nearly all of them these)."""


def _nearest_claim(index: int, units: Sequence[Unit]) -> int | None:
    post = units[index].post
    before = [i for i in range(index - 1, -1, -1) if units[i].post == post and units[i].kind == "claim"]
    after = [i for i in range(index + 1, len(units)) if units[i].post == post and units[i].kind == "claim"]
    return before[0] if before else after[0] if after else None


def link_evidence(units: Sequence[Unit], relations: Sequence[Relation]) -> list[Relation]:
    """``evidence`` relations from each unit that offers evidence to the claim it backs.

    A premise backs the claim its ``support`` relations lead to inside its post (through a chain of
    premises), else the claim it supports in the parent post, else the nearest claim of its post. An ``other``
    unit holding only a link or source line backs the nearest claim of its post. A claim that carries its own
    evidence gets no relation: its items are its evidence.

    Args:
        units (Sequence[Unit]): the thread's units, with their evidence items.
        relations (Sequence[Relation]): the support and attack relations found so far.

    Returns:
        list[Relation]: new relations of kind ``evidence`` (the support relations stay as they are).
    """
    inside: dict[int, int] = {}
    across: dict[int, int] = {}
    for rel in relations:
        if rel.kind != "support":
            continue
        same = units[rel.source].post == units[rel.target].post
        (inside if same else across).setdefault(rel.source, rel.target)
    made: list[Relation] = []
    for index, unit in enumerate(units):
        if not unit.evidence or unit.kind == "claim":
            continue
        target, how = None, NEAREST
        if unit.kind == "premise":
            target, how = _backed_claim(index, units, inside), BACKED
            if target is None:
                target, how = across.get(index), ANSWERED
        elif not (unit.kind == "other" and any(item.source_key for item in unit.evidence)):
            continue
        if target is None:
            target, how = _nearest_claim(index, units), NEAREST
        if target is None or target == index:
            continue
        kinds = ", ".join(dict.fromkeys(item.kind for item in unit.evidence))
        what = "; ".join(item.reason for item in unit.evidence[:3])
        claim = units[target].text
        sure = max(item.confidence for item in unit.evidence) * (GUESSED_TARGET if how == NEAREST else 1.0)
        made.append(Relation(index, target, "evidence", round(sure, 3), MODEL,  # no flag or accent cut in two:
                             f"{kinds} for '{shorten(claim, 48)}' ({how}): {what}"))
    return made


def post_evidence(post_text: str, spans: Sequence[tuple[int, int]]) -> list[list[EvidenceItem]]:
    """The evidence of each unit of one post, with the post's footnotes resolved.

    Args:
        post_text (str): the whole post.
        spans (Sequence[tuple[int, int]]): ``(start, end)`` of each unit in ``post_text``.

    Returns:
        list[list[EvidenceItem]]: one list per span, offsets into the unit's text. A footnote source line
        (``[1] https://...``) whose number a sentence of the post refers to gives nothing itself: the reference
        carries the source.
    """
    notes = footnotes(post_text) if "[" in post_text else {}
    referenced = set()
    for match in _FOOTNOTE_REF.finditer(post_text):
        line_start = post_text.rfind("\n", 0, match.start()) + 1
        if post_text[line_start:match.start()].strip():
            referenced.add(match.group(1))
    found: list[list[EvidenceItem]] = []
    for start, end in spans:
        text = post_text[start:end]
        definition = _FOOTNOTE_DEF.match(text)
        if definition is not None and definition.group(1) in referenced:
            found.append([])
            continue
        found.append(detect(text, notes=notes))
    return found
