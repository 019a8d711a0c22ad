"""``argmap claims``, ``topics``, ``search``, ``show``, ``track`` and ``analyze``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from argmap import api
from argmap.cli import columns
from argmap.cli.app import (
    JsonOption,
    app,
    bad_value,
    ctx_of,
    err,
    errors,
    fail,
    out,
    print_json,
    print_wrapped,
    say_none,
)
from argmap.config import DEFAULT_DEPTH, DEFAULT_LIMIT, LABELS
from argmap.domain import parse_time, shorten
from argmap.words import counted

if TYPE_CHECKING:
    from argmap.api.query import TreeNode
    from argmap.store.models import ClaimHit

__all__ = ["analyze_cli", "claims_cli", "search_cli", "show_cli", "topics_cli", "track_cli"]

ThreadOption = Annotated[str | None, typer.Option(
    "--thread", "-t", help="One thread (id, key or title prefix); every thread when left out.", show_default=False)]
#: The largest --limit taken; a larger one is this (2**63 and up overflowed SQLite's integers: "a bug in argmap").
MAX_LIMIT = 1_000_000_000


def _at_most(limit: int) -> int:
    """A --limit, at most :data:`MAX_LIMIT` (as good as all): typer's ``clamp`` would also make a 0 a 1, unsaid."""
    return min(limit, MAX_LIMIT)


LimitOption = Annotated[int, typer.Option("--limit", "-n", help="At most this many rows.", min=1, callback=_at_most)]
def _time(value: str) -> datetime:
    """A --since or --answered-since time (:func:`argmap.domain.parse_time`).

    Raises:
        typer.BadParameter: naming the forms a time takes as a user types them: the strptime codes
            (``'%Y-%m-%dT%H:%M:%S.%f%z'``) that typer listed for ``--since yesterday`` mean nothing to most users.
    """
    try:
        # In UTC (:func:`_utc`), and here: 9999-12-31T23:59-01:00 is past the last time there is.
        return _utc(parse_time(value))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    except OverflowError:
        raise typer.BadParameter(f"{value!r} is out of the range of times, in UTC; give a date between 0001-01-02 "
                                 "and 9999-12-30") from None


SinceOption = Annotated[datetime | None, typer.Option(
    "--since", help="Only what was posted at this time or later, in UTC: 2020-11-08 or 2020-11-08T14:00, or a time "
                    "as --json prints it (2020-11-08T14:00:00Z; another zone's offset, +01:00, is converted) or track "
                    "shows it (2020-11-08 14:00 UTC). Posts "
                    "without a date (a pasted plain-text thread) are left out.",
    parser=_time, metavar="DATE", show_default=False)]
#: What --unanswered keeps, as the README says it, under the table: a reader seeing "sup 3" asks who answered.
_UNANSWERED = "unanswered: no other post supports or attacks it"
#: Under analyze's unanswered table, whose rows can be out: a unit of the claim's own post may attack it.
_UNANSWERED_OWN = f"{_UNANSWERED};\na unit of its own post may, so it can be out"
#: What the grounded labels mean, in words, for a reader who has not read the README (analyze and show print it).
_LABELS_MEAN = ("in: stands (unattacked, or every attacker is out); out: an attacker that stands defeats it; "
                "undecided: attacks in a circle leave it open")
#: What "attack (assumed)" in a tree means: without it a reader took every such line for a stated disagreement.
_ASSUMED_MEANS = ("attack (assumed): the reply has no word that agrees or disagrees, and replies in debates mostly "
                  "disagree; argmap analyze --no-assumed labels without them")


def _undated(option: str = "--since") -> str:
    """Said when ``option`` (--since or --answered-since) left nothing: a pasted thread has no dates, and its posts
    never pass it. ``claims --answered-since`` named --since, an option it had not been given."""
    return f" (posts without a date, such as a pasted plain-text thread's, never pass {option})"


_STYLE = {"in": "green", "out": "red", "undecided": "yellow", "support": "green", "attack": "red",
          "evidence": "cyan"}


def _label(label: str | None) -> str:
    if not label:
        return ""
    return f"[{_STYLE.get(label, 'white')}]{label}[/]"


def _labelled(label: str | None) -> str:
    """A grounded label inside a line of words: named as one, since "... in u-12ab" reads as the word "in"."""
    return f" [dim]label[/] {_label(label)}" if label else ""


def _byline(author: str | None, thread: str | None = None) -> str:
    """Who wrote a unit (and where), dim, on a line of its own under the unit's words."""
    where = [escape(part) for part in (author, thread) if part]
    return f"\n[dim]— {', '.join(where)}[/]" if where else ""


@app.command("claims")
def claims_cli(
    ctx: typer.Context,
    words: Annotated[str | None, typer.Argument(
        help="Words of the topic, as --topic takes them: argmap claims 'open source'.", metavar="TOPIC",
        show_default=False)] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", help="Words of the topic, e.g. 'open source'; left out, the claims of --thread, --author, "
                        "--since or --answered-since, most discussed first.", show_default=False)] = None,
    thread: ThreadOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="claim or premise; both when left out.",
                                             show_default=False)] = None,
    attacked: Annotated[bool, typer.Option("--attacked", help="Only claims that are attacked.")] = False,
    unanswered: Annotated[bool, typer.Option("--unanswered", help="Only claims no other post answers.")] = False,
    label: Annotated[str | None, typer.Option(
        "--label", help="Only claims with this grounded label: in, out or undecided (see argmap analyze).",
        show_default=False)] = None,
    author: Annotated[str | None, typer.Option(
        "--author", help="Only claims by this author (any case); a name no stored author has is said so, with the "
                         "closest stored names.", show_default=False)] = None,
    since: SinceOption = None,
    answered_since: Annotated[datetime | None, typer.Option(
        "--answered-since", help="Only claims that another post supported or attacked at this time or later, "
                                 "however old the claim (what was argued over since you last looked); times as "
                                 "--since takes them.", parser=_time, metavar="DATE",
        show_default=False)] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Find claims on a topic, ranked by relevance and by how much discussion they drew (or a thread's, an
    author's or every thread's since a time, most discussed first).

    Example: argmap claims "open source" --attacked
    """
    if words is not None and topic is not None and words != topic:
        fail(f"give the topic once: as words ({words!r}) or as --topic ({topic!r}), not both")
    topic = topic if topic is not None else words
    if attacked and unanswered:
        fail("use just one of --attacked or --unanswered: an attacked claim has been answered")
    if unanswered and answered_since is not None:
        fail("use just one of --unanswered or --answered-since: a claim answered since then has been answered")
    if topic is None and thread is None and author is None and since is None and answered_since is None:
        fail("claims needs a topic, --thread, --author, --since or --answered-since (one or more): e.g. argmap "
             "claims 'open source', argmap claims --thread ID for a thread's most discussed claims, or argmap "
             "claims --since DATE for what is new in every thread")
    kind, label = (kind.lower() if kind else kind), (label.lower() if label else label)  # any case, as --format
    if kind is not None and kind not in ("claim", "premise"):
        bad_value("--kind", f"{kind!r} is not a unit kind; use --kind claim or --kind premise")
    if label is not None and label not in LABELS:
        bad_value("--label", f"{label!r} is not a label; use one of: {', '.join(LABELS)}")
    with errors(ctx):
        # One more than asked for, to tell the table that stops at --limit from one that holds every claim.
        hits = api.claims(topic, settings=ctx_of(ctx).settings, thread=thread, kind=kind, attacked=attacked,
                          unanswered=unanswered, label=label, author=author, limit=limit + 1, since=since,
                          answered_since=answered_since)
    more = len(hits) > limit
    hits = hits[:limit]
    # Nothing by a misspelt author looks like nothing by a quiet one: say when no stored author has the name.
    unknown = _unknown_author(ctx, author) if not hits and author is not None else None
    mixed = _mixed_semantics(hits)
    if mixed:  # a note in either form: the JSON list stays what scripts read
        err.print(f"note: {escape(mixed)}", highlight=False)
    if as_json:
        print_json([h.model_dump(mode="json") for h in hits])
        if unknown:  # the list stays the answer scripts read; the hint is a note, and notes go to stderr
            err.print(f"note: {escape(unknown)}", highlight=False)
        return
    # Name the options that narrowed the search: "no claims on 'X'" alone reads as if no one discussed X.
    narrowed = _narrowed((("--thread", thread), ("--kind", kind), ("--label", label), ("--author", author),
                          ("--since", _when(since)), ("--answered-since", _when(answered_since))),
                         (("--attacked", attacked), ("--unanswered", unanswered)))
    undated = _undated("--since") if since else _undated("--answered-since") if answered_since else ""
    if not hits and topic is None:
        say_none(f"no claims with {escape(', '.join(narrowed))}{undated}")
        if unknown:
            say_none(escape(unknown))
        return
    if not hits:
        assert topic is not None
        fix = (f" with {', '.join(narrowed)}; leave {'it' if len(narrowed) == 1 else 'them'} out to see every claim "
               "on the topic, or" if narrowed else ";")
        say_none(f"no claims on {escape(repr(shorten(topic, 80)))}{escape(fix)} list the topics with: argmap topics"
                 f"{undated}")
        if unknown:
            say_none(escape(unknown))
        return
    # Claims from several threads say which thread each is in; from one, its title is said once, in the heading
    # (under each claim it took two or three lines of every row of a thread's claims).
    several = len({h.thread for h in hits}) > 1
    where = "" if several else f" in {shorten(hits[0].thread_title or hits[0].thread, 60)}"
    posted = f" since {_when(since)}" if since is not None else ""  # a table of what is new says so
    posted += f" answered since {_when(answered_since)}" if answered_since is not None else ""
    if topic is not None:
        heading = f"claims on {shorten(topic, 80)!r}{where}{posted}"
    else:
        # The name as stored ("Ana Vale"), not as typed ("ana vale"): authors match in any case.
        by = f" by {hits[0].author or author}" if author is not None else ""
        heading = f"claims{by}{where}{posted}, most discussed first"
    # Unanswered claims can still show supports, all from premises of their own post, which read as answers.
    caption = (f"sup: supports from the claim's own post (its premises); {_UNANSWERED}" if unanswered else None)
    table = Table(columns.key(), columns.text("claim"), columns.count("sup"), columns.count("att"),
                  columns.count("evid"), columns.label(), title=escape(heading), caption=caption)
    for h in hits:
        words = escape(shorten(h.text, 110)) + _byline(h.author, h.thread_title or h.thread if several else None)
        for rebuttal in h.rebuttals:
            guess = ", assumed" if rebuttal.assumed else ""  # no word of it disagrees: an attack only by default
            words += (f"\n  [red]↳ {escape(shorten(rebuttal.text, 90))}[/] "
                      f"[dim]({escape(rebuttal.author or '?')}{guess})[/]")
        table.add_row(h.id, words, *map(columns.number, (h.supports, h.attacks, h.evidence)), _label(h.label))
    out.print(columns.fit(table, out))
    if more:
        out.print(_more_rows("claims", limit), highlight=False)


def _more_rows(what: str, limit: int, count: int | None = None) -> str:
    """The line under a table that ``--limit`` cut (``claims``, ``search``, ``topics``), with how many it left out
    where that is known: a table of 20 rows read as all there is."""
    many = f" {count:,}" if count is not None else ""
    return f"[dim]…{many} more {what} not shown: raise --limit (now {limit:,})[/]"


def _mixed_semantics(hits: list[ClaimHit]) -> str | None:
    """What to say when the claims' labels were not all decided the same way (``analyze --dung --thread X`` labels
    one thread's units anew, the others keep theirs): "out" under one semantics is no "out" under another."""
    threads: dict[str, set[str]] = {}
    for hit in hits:
        if hit.label is not None and hit.semantics is not None:
            threads.setdefault(hit.semantics, set()).add(hit.thread)
    if len(threads) < 2:
        return None
    parts = ", ".join(f"{name} in {len(found)} thread{'s' * (len(found) > 1)}"
                      for name, found in sorted(threads.items()))
    return (f"these claims' labels were decided under different semantics ({parts}), since argmap analyze with "
            "--thread labels only that thread; run argmap analyze without --thread, with the options you want, to "
            "label every thread the same way")


@app.command("topics")
def topics_cli(
    ctx: typer.Context,
    thread: ThreadOption = None,
    limit: LimitOption = 30,
    as_json: JsonOption = False,
) -> None:
    """List the topics of a thread or of the whole database, with counts and groups of related topics.

    Example: argmap topics --thread hn-open-models
    """
    with errors(ctx):
        report = api.topics(settings=ctx_of(ctx).settings, thread=thread, limit=limit)
    if as_json:
        print_json(report.as_dict())
        return
    if not report.topics:  # an empty table said nothing of why
        where = "that thread holds" if thread is not None else "the database holds"
        if report.untagged:
            of = "of that thread" if thread is not None else "in the database"
            say_none(f"no topics: the {report.untagged:,} argument units {of} have none (a map imported from "
                     "AIF, Kialo or brat with --no-extract, or with no spaCy pipeline installed, is stored without "
                     "them); ingest it again without --no-extract to give them topics, or find its units with "
                     "argmap claims --thread ID or argmap search TEXT")
            return
        say_none(f"no topics: {where} no argument units (threads stored with --no-extract have none); ingest "
                 "threads without --no-extract to find them")
        return
    table = Table("topic", columns.count("units"), columns.count("threads"))
    for t in report.topics:
        table.add_row(escape(t.key), columns.number(t.units), columns.number(t.threads))
    out.print(table)
    if report.more:
        out.print(_more_rows("topics", limit, report.more), highlight=False)
    for n, group in enumerate(report.groups, start=1):
        out.print(f"group {n}: " + ", ".join(group), highlight=False, markup=False, soft_wrap=False)  # at the edge


@app.command("search")
def search_cli(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(
        help="Words that must all occur; stop words, and the words after the first 12, are left out, and a note says "
             "which. Words in double quotes must occur together, in order: '\"open source\" models'.",
        show_default=False)],
    limit: Annotated[int, typer.Option(
        "--limit", "-n", help="At most this many units and this many posts (twice as many rows with both).",
        min=1, callback=_at_most)] = DEFAULT_LIMIT,
    units: Annotated[bool, typer.Option("--units/--no-units", help="Search argument units.")] = True,
    posts: Annotated[bool, typer.Option("--posts/--no-posts", help="Search whole posts.")] = True,
    thread: ThreadOption = None,
    author: Annotated[str | None, typer.Option(
        "--author", help="Only units and posts by this author (any case); a name no stored author has is said so, "
                         "with the closest stored names.", show_default=False)] = None,
    since: SinceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search units and posts with the database's full-text index (SQLite FTS5, PostgreSQL tsvector).

    Example: argmap search "open source models" --no-posts --thread hn-open-models
    """
    if not units and not posts:
        fail("--no-units and --no-posts leave nothing to search; drop one of them")
    with errors(ctx):
        hits = api.search(text, settings=ctx_of(ctx).settings, limit=limit + 1, units=units, posts=posts,
                          thread=thread, author=author, since=since)
    # One more of each kind than asked for (units come first, then posts), to say where --limit cut the list.
    by_kind = Counter(h.kind for h in hits)
    cut = [kind for kind in ("unit", "post") if by_kind[kind] > limit]
    for kind in cut:  # its last hit, the one more
        del hits[max(n for n, h in enumerate(hits) if h.kind == kind)]
    if hits.note:  # "nothing like this" searched for "nothing" alone: said, on stderr so that --json stays a list
        err.print(f"note: {escape(hits.note)}", highlight=False)
    unknown = _unknown_author(ctx, author) if not hits and author is not None else None
    if as_json:
        print_json([h.model_dump(mode="json") for h in hits])  # times as ISO 8601, as claims gives them
        if unknown:
            err.print(f"note: {escape(unknown)}", highlight=False)
        return
    if not hits:
        narrowed = _narrowed((("--thread", thread), ("--author", author), ("--since", _when(since))))
        fix = f" with {', '.join(narrowed)}; leave {'them' if len(narrowed) > 1 else 'it'} out to search more" \
            if narrowed else ""
        say_none(f"nothing matches {escape(repr(shorten(text, 80)))}{escape(fix)}{_undated() if since else ''}")
        if unknown:
            say_none(escape(unknown))
        return
    # Hits from several threads say which thread each is in, as `claims` does; from one, the title once above.
    several = len({h.thread for h in hits}) > 1
    title = None if several else f"in {shorten(hits[0].thread_title or hits[0].thread, 70)}"
    table = Table(columns.label("kind"), columns.key(), columns.text("text"), columns.count("score"),
                  title=escape(title) if title else None)
    for h in hits:
        snippet = _highlight(shorten(h.snippet, 160))
        snippet.append_text(Text.from_markup(_byline(h.author, h.thread_title or h.thread if several else None)))
        table.add_row(h.kind, h.id, snippet, f"{h.score:.2f}")
    out.print(columns.fit(table, out))
    if cut:
        out.print(_more_rows(" and ".join(f"{kind}s" for kind in cut), limit), highlight=False)


def _unknown_author(ctx: typer.Context, author: str) -> str | None:
    """Why ``--author`` found nothing when no stored author has that name, with the closest stored names; ``None``
    when one has it (then that author wrote nothing the other options let through, which the answer says)."""
    with errors(ctx):
        match = api.find_author(author, settings=ctx_of(ctx).settings)
    if match.stored is not None:
        return None
    who = f"no stored author is named {author!r}"
    if match.closest:
        return f"{who} (names match in any case); the closest: {', '.join(repr(n) for n in match.closest)}"
    return f"{who}, and no name is close; argmap analyze --top 50 lists the authors"


def _narrowed(options: tuple[tuple[str, str | None], ...], flags: tuple[tuple[str, bool], ...] = ()) -> list[str]:
    """The options given that narrowed a query, as they were typed (``--thread 'x'``, ``--attacked``)."""
    return [f"{name} {value!r}" for name, value in options if value is not None] + [flag for flag, on in flags if on]


def _utc(moment: datetime) -> datetime:
    """A --since time in UTC without a zone, as the stored post times are compared and as :func:`_when` says it
    (``14:00+01:00`` is ``13:00``)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _when(moment: datetime | None) -> str | None:
    """A --since time as the user would type it again, to the microsecond it has (a time copied from a Discourse
    post's ``created_at``, ``...T00:00:00.250Z``, was said as ``2024-03-02``, a time that gives other answers)."""
    if moment is None:
        return None
    if moment.microsecond:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0")
    return moment.strftime("%Y-%m-%d" if (moment.hour, moment.minute, moment.second) == (0, 0, 0) else
                           "%Y-%m-%dT%H:%M:%S" if moment.second else "%Y-%m-%dT%H:%M")


_SNIPPET_PART = re.compile(r"\\(.)|([\[\]])|([^\\\[\]]+|\\)", re.S)


def _highlight(snippet: str) -> Text:
    """A snippet whose matched words the store put in [brackets] (the text's own brackets and backslashes escaped
    with a backslash; see :func:`argmap.store.search.marked_snippet`), with the matches bold."""
    shown = Text()
    bold = False
    for escaped, mark, plain in _SNIPPET_PART.findall(snippet):
        if mark:
            bold = mark == "["
        else:
            shown.append(escaped or plain, style="bold" if bold else None)
    return shown


def _more(count: int, shown: int, *, in_json: bool = True) -> str | None:
    """The caption of a table cut to ``shown`` of ``count`` rows (``in_json``: --json has them all)."""
    if count <= shown:
        return None
    return f"{count - shown:,} more not shown: a larger --top{', or --json for all' if in_json else ''}"


SHOW_LIMIT = 10
"""Answers ``argmap show`` lists under each unit unless told otherwise: a claim a whole thread answers (an opening
post with 200 replies) otherwise printed thousands of lines."""


def _node(node: TreeNode) -> str:
    assumed = " (assumed)" if node.assumed else ""
    relation = f"[{_STYLE.get(node.relation or '', 'white')}]{node.relation}{assumed}[/] " if node.relation else ""
    label = _labelled(node.label)
    who = f" [dim]— {escape(node.author)}[/]" if node.author else ""
    why = f"\n[dim]{escape(shorten(node.reason, 120))}[/]" if node.reason else ""
    # The place that shows its answers is the one nearest the claim, which the printed tree may reach later.
    again = " [dim](again: its answers are under its other place)[/]" if node.repeated else ""
    return (f"{relation}[bold]{node.kind}[/] {escape(shorten(node.text, 160))}{who}{label} [dim]{node.id}[/]{again}"
            f"{why}")


@app.command("show")
def show_cli(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(help="A unit id (or a prefix only one unit id has).", show_default=False)],
    depth: Annotated[int, typer.Option("--depth", "-d", help="Levels of replies to follow.", min=0)] = DEFAULT_DEPTH,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", help=f"At most this many answers under each unit, taken in turn from supports, evidence "
                              f"and attacks; the rest are counted. Default: {SHOW_LIMIT}, every answer with --json.",
        min=1, show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Show a claim as a tree: who supports it, who attacks it (recursively), evidence, quotes, reasons.

    Example: argmap show u-c20478fd15a6a9e1 --depth 2 --limit 5
    """
    # Scripts (--json) get the whole tree unless they ask for less, as they did before there was a --limit.
    limit = limit if limit is not None or as_json else SHOW_LIMIT
    with errors(ctx):
        tree = api.show(unit, settings=ctx_of(ctx).settings, depth=depth, limit=limit)
    if as_json:
        print_json(tree.as_dict())
        return
    root = Tree(_node(tree.root))
    # Each level takes 4 columns of guides: past about 18 at 80 columns rich stopped drawing, levels went missing
    # and ids broke across lines. The levels that fit are drawn, with a line saying what is below them.
    room = max(2, (out.width - 40) // 4)
    stack = [(tree.root, root, 0)]
    while stack:
        node, branch, level = stack.pop()
        if level == room and node.children:
            branch.add(f"[dim]… {_deeper(node)} deeper than {out.width} columns show: argmap show {node.id}, "
                       "or --json[/]")
            continue
        for child in node.children:
            stack.append((child, branch.add(_node(child)), level + 1))
        if node.more:
            branch.add(_more_not_shown(node.more, limit))
    out.print(root, soft_wrap=False)  # wrap inside the tree's guides; a soft-wrapped tree is cropped
    print_wrapped(f"[dim]thread:[/] {escape(tree.thread_title or tree.thread)}   "
                  f"[dim]kind:[/] {escape(tree.unit_reason)}")
    if tree.label:
        print_wrapped(f"[dim]label:[/] {_label(tree.label.label)} — {escape(tree.label.reason)}")
    for quote in tree.quotes:
        print_wrapped(f"[dim]quoted by post {quote.post}:[/] “{escape(shorten(quote.text, 140))}”")
    if tree.tracked:
        print_wrapped(f"[dim]tracked claim:[/] {tree.tracked} (argmap track {tree.tracked})")
    if tree.truncated:
        out.print(f"[dim]deeper replies left out; raise --depth (now {depth})[/]")
    # The tree printed "label out" and "attack (assumed)" on every line and said nowhere what they mean.
    if any(node.label for node in _drawn(tree.root)):
        print_wrapped(f"[dim]{_LABELS_MEAN}[/]")
    if any(node.assumed for node in _drawn(tree.root)):
        print_wrapped(f"[dim]{_ASSUMED_MEANS}[/]")


def _drawn(root: TreeNode) -> list[TreeNode]:
    """``root`` and every node under it in the tree ``show`` was given (at most --depth and --limit of them)."""
    nodes, stack = [], [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.children)
    return nodes


def _deeper(node: TreeNode) -> str:
    """How many answers lie under ``node`` in the tree, in words ("1 answer", "12 answers")."""
    count, stack = 0, list(node.children)
    while stack:
        child = stack.pop()
        count += 1
        stack.extend(child.children)
    return counted(count, "answer")


def _more_not_shown(more: dict[str, int], limit: int | None) -> str:
    """The line under a unit's answers that ``show`` and ``track`` cut at ``--limit``: how many were left out, by
    relation, and how to see them."""
    left = ", ".join(counted(n, relation) for relation, n in more.items())
    return f"[dim]… {sum(more.values()):,} more not shown ({escape(left)}): raise --limit (now {limit})[/]"


@app.command("track")
def track_cli(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="A tracked claim id (c-...) or a unit id (or a prefix only one id has), "
                                            "or the words of a claim.",
                                       show_default=False)],
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", help=f"At most this many answers under each appearance, taken in turn from supports, "
                              f"evidence and attacks; the rest are counted. Default: {SHOW_LIMIT}, every answer "
                              f"with --json.", min=1, show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Follow a claim across threads: every appearance in time order, and how it fared there.

    Example: argmap track "open models are as good as GPT-4" --limit 5
    """
    # As show: an opening post a whole thread answers printed every one of its hundreds of answers.
    limit = limit if limit is not None or as_json else SHOW_LIMIT
    with errors(ctx):
        info = api.track(ref, settings=ctx_of(ctx).settings, limit=limit)
    if as_json:
        print_json(info.model_dump(mode="json"))
        return
    if info.found_by:
        # The words as typed, cut: a pasted paragraph was echoed whole above the claim it found.
        print_wrapped(f"[dim]{escape(repr(shorten(ref, 80)))}: {escape(info.found_by)}[/]")
    appearances = len(info.members)
    print_wrapped(f"[bold]{escape(info.text)}[/] [dim]{info.id or '(not restated elsewhere)'}; "
                  f"{appearances} appearance{'' if appearances == 1 else 's'}[/]")
    # One block per appearance, not a table: three columns of sentences do not fit side by side in a terminal.
    for n, m in enumerate(info.members, start=1):
        when = m.created_at.strftime("%Y-%m-%d %H:%M UTC") if m.created_at else "undated"  # the zone said
        out.print()
        print_wrapped(f"[bold]{n}.[/] {when} [dim]in[/] {escape(m.thread_title or m.thread)}"
                      f"{' [dim]by[/] ' + escape(m.author) if m.author else ''}{_labelled(m.label)} [dim]{m.unit}[/]")
        print_wrapped(f"“{escape(shorten(m.text, 200))}”", indent=3)
        for relation, replies in (("support", m.supports), ("attack", m.attacks), ("evidence", m.evidence)):
            for reply in replies:
                print_wrapped(f"{_label(relation)}: {escape(shorten(reply.text, 100))}", indent=3)
        if m.more:
            print_wrapped(_more_not_shown(m.more, limit), indent=3)
        if info.id is not None:  # a claim no other unit restates was merged with nothing: the header says so
            print_wrapped(f"[dim]merged because {m.similarity:.2f}: {escape(m.reason)}[/]", indent=3)


@app.command("analyze")
def analyze_cli(
    ctx: typer.Context,
    thread: ThreadOption = None,
    bipolar: Annotated[bool, typer.Option(
        "--bipolar/--dung", help="Count supported attacks (a unit supporting an attacker attacks too), or "
                                 "attacks alone.")] = True,
    top: Annotated[int, typer.Option("--top", help="How many claims each ranking lists, and how many pairs of "
                                                   "authors who argues with whom lists; what does not stand and "
                                                   "authors list twice as many rows.", min=1)] = 10,
    assumed: Annotated[bool, typer.Option(
        "--assumed/--no-assumed", help="Count the attacks only assumed (no word of the answer agrees or disagrees; "
                                       "replies in debates mostly disagree) as attacks, or only the attacks the "
                                       "words show (the others answer with no stance).")] = True,
    as_json: JsonOption = False,
) -> None:
    """Decide what stands: grounded labels (in/out/undecided), contested, central and unanswered claims, who argues
    with whom, authors.

    Example: argmap analyze --thread hn-open-models --no-assumed
    """
    with errors(ctx):
        result = api.analyze(settings=ctx_of(ctx).settings, thread=thread, bipolar=bipolar, top=top,
                             assumed=assumed)
    if as_json:
        print_json(asdict(result))
        return
    if not result.labels:  # six empty tables said nothing of why, where topics and render say it
        where = f"thread {thread!r} holds" if thread else "the database holds"
        say_none(f"nothing to analyze: {escape(where)} no argument units (threads stored with --no-extract have "
                 "none); ingest threads without --no-extract to find them", wrapped=True)
        return
    # Which thread each row is in, in every table, when the analysis spans several threads; the one --thread names
    # is said once, here. Each table asked for itself, and one whose rows all came from one of several threads
    # named none.
    named = [(row.thread_title, row.thread) for row in (*result.contested, *result.central, *result.unanswered)]
    named += [(e.thread_title, e.thread) for e in result.exchanges]
    several = result.threads > 1
    where = f" in {escape(shorten(named[0][0] or named[0][1], 70))}" if thread is not None and named else ""
    # Wrapped: with a long thread title it ran on past the terminal's edge (116 columns of 80).
    print_wrapped(f"[bold]{result.semantics}[/]{where}: " + ", ".join(f"{_label(k)} {n:,}"
                                                                      for k, n in result.counts.items()))
    # The labels are the command's answer: said in words once, for a reader who has not read the README.
    print_wrapped(f"[dim]{_LABELS_MEAN}[/]")
    if result.assumed_attacks:  # guesses decide labels only when the reader knows they are guesses
        if result.assumed:
            one = result.assumed_attacks == 1
            print_wrapped(f"[dim]{result.assumed_attacks:,} of the attacks {'is' if one else 'are'} assumed (no word "
                          "of the answer agrees or disagrees; replies in debates mostly disagree); --no-assumed "
                          f"leaves {'it' if one else 'them'} out[/]")
        else:
            count = "counts as an answer" if result.assumed_attacks == 1 else "count as answers"
            print_wrapped(f"[dim]{counted(result.assumed_attacks, 'assumed attack')} (no word of the answer agrees or "
                          f"disagrees) {count} with no stance (--no-assumed)[/]")
    # Each ranking shows the numbers it is ranked by; the author goes under the claim's words.
    received = "att, sup: attacks received, and supports and evidence received"
    contested = f"{received};\nauthors: how many people attack it (an anonymous post counts as one)"
    rankings = (("most contested", "contested", result.contested, ("att", "authors", "sup"), contested),
                ("most central", "central", result.central, ("pagerank", "att", "sup"), received),
                ("unanswered", "unanswered", result.unanswered, (), _UNANSWERED_OWN))
    # A ranking with no row is said in a line: its headings alone read as a table that failed to fill.
    none = {"contested": "no claim is attacked", "central": "no claims",
            "unanswered": "every claim has an answer"}
    for title, key, rows, numbers, caption in rankings:
        if not rows:
            print_wrapped(f"[bold]{title}[/]: none ({none[key]})")
            continue
        # Ten rows of thousands of unanswered claims read as the only ten; --json too lists --top of them.
        more = _more(result.totals.get(key, len(rows)), len(rows), in_json=False)
        table = Table(columns.key(), columns.text("claim"), *(columns.count(h) for h in numbers), columns.label(),
                      title=title, caption="\n".join(part for part in (caption, more) if part) or None)
        for s in rows:
            values = {"att": columns.number(s.attacks), "authors": columns.number(s.attackers),
                      "sup": columns.number(s.supports), "pagerank": f"{s.pagerank:.4f}"}
            table.add_row(s.unit, escape(shorten(s.text, 90)) + _byline(s.author, s.thread_title or s.thread
                                                                          if several else None),
                          *(values[h] for h in numbers), _label(s.label))
        out.print(columns.fit(table, out))
    if result.exchanges:
        # Who argues with whom: the pairs trading attacks, each with a unit to open the exchange from.
        more = _more(result.totals.get("exchanges", 0), len(result.exchanges), in_json=False)
        table = Table(columns.text("first ↔ second"), columns.count("→"), columns.count("←"),
                      columns.key("most attacked"), title="who argues with whom",
                      caption="→: attacks by the first on the second's units; ←: back;\nargmap show ID or "
                              "argmap render --claim ID opens the exchange;\nargmap render --thread T --authors "
                              "'FIRST,SECOND' draws it whole" + (f"\n{more}" if more else ""))
        for e in result.exchanges:
            table.add_row(f"{escape(e.first)} ↔ {escape(e.second)}"
                          + _byline(None, e.thread_title or e.thread if several else None),
                          columns.number(e.first_attacks), columns.number(e.second_attacks), e.unit)
        out.print(columns.fit(table, out))
    decided = [lab for lab in result.labels.values() if lab.label != "in"]
    if decided:
        table = Table(columns.key(), columns.label(), columns.text("unit and why"), title="what does not stand",
                      caption=_more(len(decided), top * 2))
        for lab in decided[: top * 2]:
            # A reason quotes its attacker already cut short; at 150 characters the cut fell on its end, the
            # words saying whether the attacker stands ("..., whi..."), which is what the row answers. The unit's
            # own words and author come first: an id alone told a moderator nothing of which claim fell.
            words = (escape(shorten(lab.text, 90)) + _byline(lab.author, lab.thread_title if several else None)
                     if lab.text else "")
            table.add_row(lab.unit, _label(lab.label),
                          "\n".join(part for part in (words, escape(shorten(lab.reason, 400))) if part))
        out.print(columns.fit(table, out))
    table = Table(columns.author(),
                  *(columns.count(h) for h in ("units", "claims", "premises", "sup", "att", "attacked", "labels")),
                  title="authors", caption="sup, att: supports and attacks made; attacked: attacks received on "
                                           "their units;\nlabels: how many of their units are in/out/undecided"
                  + (f"\n{_more(len(result.authors), top * 2)}" if len(result.authors) > top * 2 else ""))
    for a in result.authors[: top * 2]:
        labels = "/".join(columns.number(a.labels.get(k, 0)) for k in ("in", "out", "undecided"))
        table.add_row(escape(a.author or "(unknown)"),
                      *map(columns.number, (a.units, a.claims, a.premises, a.supports_given, a.attacks_given,
                                            a.attacks_received)), labels)
    out.print(columns.fit(table, out))
