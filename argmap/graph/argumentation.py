"""What stands: grounded semantics over the attacks of an argument graph, and the measures around it.

Attacks form a Dung argumentation framework. With ``bipolar=True`` support counts where it changes the
outcome, through *supported attacks* (Cayrol & Lagasquie-Schiex): a unit that supports, directly or through
a chain of supports, a unit that attacks C attacks C too; if the reply falls but its premise stands, C is
still attacked by something that stands.

The grounded labelling is the least one: a unit is ``in`` when every attacker is ``out`` (so unattacked
units are ``in``), ``out`` when some attacker is ``in``, and ``undecided`` otherwise (cycles of attacks no
unattacked unit breaks). Each decided label comes with the chain of units that decides it, found in the
order the labels were fixed, so the chain always ends at an unattacked unit.

Edges point the way a relation goes (attacker -> attacked), as :func:`argmap.graph.build.build_graph` builds
them. Nothing here touches the database.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from argmap.domain import shorten

__all__ = [
    "ANSWER",
    "ARGUMENTATIVE",
    "BIPOLAR",
    "CUED",
    "DUNG",
    "IN",
    "OUT",
    "PAIR_PRECEDENCE",
    "UNATTACKED",
    "UNDECIDED",
    "Analysis",
    "AuthorSummary",
    "ClaimScore",
    "Exchange",
    "Label",
    "analyse",
    "attack_graph",
    "exchanges",
    "grounded",
    "grounded_labels",
    "keeps_pair",
    "pagerank",
    "unanswered",
]

IN, OUT, UNDECIDED = "in", "out", "undecided"
DUNG = "grounded"
BIPOLAR = "grounded+supported-attacks"
CUED = "/cued"
"""Added to the semantics' name when attacks only assumed (:func:`argmap.domain.assumed_attack`) were left out."""
ANSWER = "answer"
"""The kind an assumed attack takes when it is not counted: an answer with no stance, which attacks and supports
nothing but still answers (its claim is not unanswered)."""
ARGUMENTATIVE = ("claim", "premise", "rebuttal", "evidence", "quote")
"""Unit kinds that take part in the framework (``other`` units argue nothing)."""
UNATTACKED = "in: nothing attacks it"
"""The reason given for a unit that nothing attacks."""
_SUPPORTS = ("support", "evidence")
_MAX_CHAIN = 12
_QUOTED = 60
"""How many characters of a unit a label's reason quotes."""
PAIR_PRECEDENCE = {"attack": 0, "support": 0, "evidence": 1, "quote": 2}
"""Which relation one pair of units keeps when several join it (lower first): an attack or a support before
evidence, evidence before a quote; between equals, the later one."""


def keeps_pair(new: str | None, old: str | None) -> bool:
    """Whether a relation of kind ``new`` takes the place of one of kind ``old`` between the same two units.

    Example:
        >>> keeps_pair("evidence", "attack"), keeps_pair("attack", "evidence"), keeps_pair("attack", "support")
        (False, True, True)
    """
    return PAIR_PRECEDENCE.get(new or "", 3) <= PAIR_PRECEDENCE.get(old or "", 3)


@dataclass
class Label:
    """A unit's grounded label.

    Attributes:
        unit (str): the unit id.
        label (str): ``in``, ``out`` or ``undecided``.
        reason (str): why, in words.
        chain (list[str]): the unit, the unit that decides it, the unit that decides that one, ... down to an
            unattacked unit (for ``undecided``: the unit and its undecided attackers).
        text (str): the unit's words, author (str | None) who wrote them and thread_title (str | None) where, as
            :func:`analyse` gives them: a moderator reading what does not stand recognises a claim and its author,
            not its id ("" and ``None`` elsewhere).
        id (str): ``unit`` again, under the key that names a unit's id in every other answer (``claims``,
            ``search``, ``show``); ``unit`` is kept for the scripts that read it.
    """

    unit: str
    label: str
    reason: str
    chain: list[str] = field(default_factory=list)
    text: str = ""
    author: str | None = None
    thread_title: str | None = None
    id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.id = self.unit


@dataclass
class ClaimScore:
    """A claim with the measures that rank it.

    Attributes:
        unit (str): the unit id.
        text (str): its words.
        author (str | None): who wrote it.
        thread (str | None): its thread id.
        attacks (int): attacks it receives.
        supports (int): supports and evidence it receives.
        attackers (int): how many people attack it: distinct authors, where the author is unknown distinct
            posts (an anonymous post counts as one person, however many of its units attack).
        balance (int): ``attacks - supports``.
        pagerank (float): its centrality.
        label (str): its grounded label.
        thread_title (str | None): its thread's title, beside ``thread`` as every other answer gives it.
        id (str): ``unit`` again, under the key that names a unit's id in every other answer (as :class:`Label`).
    """

    unit: str
    text: str
    author: str | None
    thread: str | None
    attacks: int
    supports: int
    attackers: int
    balance: int
    pagerank: float
    label: str
    thread_title: str | None = None
    id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.id = self.unit


@dataclass
class AuthorSummary:
    """What one author contributed and how it fared.

    Attributes:
        author (str | None): the name; ``None`` for the units without one (as ``author`` is everywhere else).
        units (int): argumentative units written.
        claims (int): of which claims.
        premises (int): of which premises.
        supports_given (int): support and evidence relations from their units.
        attacks_given (int): attacks from their units.
        supports_received (int): supports their units receive.
        attacks_received (int): attacks their units receive.
        labels (dict[str, int]): their units by grounded label.
    """

    author: str | None
    units: int = 0
    claims: int = 0
    premises: int = 0
    supports_given: int = 0
    attacks_given: int = 0
    supports_received: int = 0
    attacks_received: int = 0
    labels: dict[str, int] = field(default_factory=dict)


@dataclass
class Exchange:
    """Two people attacking each other's units in one thread: who argues with whom, and where it got heated.

    Attributes:
        first (str): the author who attacked the other more (the first by name when both attacked as much).
        second (str): the other author.
        thread (str | None): the thread id.
        thread_title (str | None): its title.
        first_attacks (int): attacks from ``first``'s units on ``second``'s.
        second_attacks (int): attacks from ``second``'s units on ``first``'s (0: one-sided).
        unit (str): the unit of the two that the other attacked most (the earliest of equals): where to start
            ``argmap show`` or ``argmap render --claim``.
    """

    first: str
    second: str
    thread: str | None
    thread_title: str | None
    first_attacks: int
    second_attacks: int
    unit: str


@dataclass
class Analysis:
    """Everything :func:`analyse` reports.

    Attributes:
        semantics (str): :data:`DUNG` or :data:`BIPOLAR`, ending :data:`CUED` when assumed attacks were left out.
        labels (dict[str, Label]): every argumentative unit's label.
        counts (dict[str, int]): units per label.
        contested (list[ClaimScore]): the most contested claims.
        central (list[ClaimScore]): the most central claims (PageRank).
        unanswered (list[ClaimScore]): claims no other post answers.
        authors (list[AuthorSummary]): per-author summaries, most active first.
        exchanges (list[Exchange]): pairs of authors who attack each other's units, back and forth first (see
            :func:`exchanges`).
        totals (dict[str, int]): how many there are in all of ``contested``, ``central``, ``unanswered`` and
            ``exchanges``, each of which lists at most ``top``.
        assumed (bool): whether attacks only assumed counted as attacks (see :func:`analyse`).
        assumed_attacks (int): how many of the graph's attacks are only assumed, counted or not.
        threads (int): how many threads hold the units labelled (the tables name each row's thread when several).
    """

    semantics: str
    labels: dict[str, Label] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    contested: list[ClaimScore] = field(default_factory=list)
    central: list[ClaimScore] = field(default_factory=list)
    unanswered: list[ClaimScore] = field(default_factory=list)
    authors: list[AuthorSummary] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    assumed: bool = True
    assumed_attacks: int = 0
    threads: int = 0


@dataclass
class _Attacks:
    """The attack relation in plain dicts: lists only for units that attack or are attacked.

    Attributes:
        nodes (dict[str, None]): every argumentative unit, then any other attack end, in order (an ordered set).
        successors (dict[str, list[str]]): attacker -> attacked.
        predecessors (dict[str, list[str]]): attacked -> attackers.
        via (dict[tuple[str, str], str | None]): the supported unit that carries an attack (``None``: direct).
    """

    nodes: dict[str, None] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    via: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def add(self, source: str, target: str, via: str | None) -> None:
        self.nodes.setdefault(source)
        self.nodes.setdefault(target)
        self.successors.setdefault(source, []).append(target)
        self.predecessors.setdefault(target, []).append(source)
        self.via[source, target] = via


def _attacks(kinds: Iterable[tuple[str, str | None]], edges: Iterable[tuple[str, str, str | None]], *,
             bipolar: bool) -> _Attacks:
    """The attack relation over units ``(id, kind)`` and relations ``(source, target, kind)``.

    When several relations join the same pair, the one :func:`keeps_pair` prefers counts (an attack is not
    hidden by evidence between the same units), as in the graph :func:`argmap.graph.build.build_graph` builds.
    A supported attack comes from argumentative units only (:data:`ARGUMENTATIVE`); a chain of supports may pass
    through any unit.
    """
    found = _Attacks(nodes=dict.fromkeys(n for n, kind in kinds if kind in ARGUMENTATIVE))
    pairs: dict[tuple[str, str], str | None] = {}
    for source, target, kind in edges:
        if (source, target) not in pairs or keeps_pair(kind, pairs[source, target]):
            pairs[source, target] = kind
    direct = [pair for pair, kind in pairs.items() if kind == "attack"]
    supporters: dict[str, list[str]] = {}
    for (source, target), kind in pairs.items():
        if kind in _SUPPORTS:
            supporters.setdefault(target, []).append(source)
    del pairs
    arguing = set(found.nodes)
    for source, target in direct:
        found.add(source, target, None)
    if bipolar:
        for attacker, target in sorted(direct):
            # Only a unit that argues lends an attack its support: a bare link (``other``) giving evidence for an
            # attacker stood unattacked and defeated the claim when the attacker itself fell.
            for helper in sorted(_ancestors(supporters, attacker) & arguing):
                # A unit backing its own attacker attacks itself (a supported attack, as the definition has it): it
                # was passed over, so such a unit could still be "in".
                if (helper, target) not in found.via:
                    found.add(helper, target, attacker)
    return found


def _ancestors(into: dict[str, list[str]], node: str) -> set[str]:
    """Every unit with a chain of supports to ``node`` (``node`` itself left out)."""
    seen: set[str] = set()
    stack = list(into.get(node, ()))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(into.get(current, ()))
    seen.discard(node)
    return seen


def attack_graph(graph: nx.DiGraph, *, bipolar: bool = True) -> nx.DiGraph:
    """The attack relation of ``graph`` as a graph of its own (attacker -> attacked).

    Args:
        graph (nx.DiGraph): the argument graph.
        bipolar (bool): add supported attacks: ``A`` supports (through any chain of supports) ``B`` which
            attacks ``C`` gives ``A`` -> ``C`` with ``via=B``.

    Returns:
        nx.DiGraph: every argumentative unit of ``graph`` as a node; edges carry ``via`` (``None`` for direct
        attacks).
    """
    found = _attacks(graph.nodes(data="kind"), graph.edges(data="kind"), bipolar=bipolar)
    attacks = nx.DiGraph()
    attacks.add_nodes_from(found.nodes)
    attacks.add_edges_from((s, t, {"via": via}) for (s, t), via in found.via.items())
    return attacks


def grounded(graph: nx.DiGraph, *, bipolar: bool = True) -> dict[str, Label]:
    """Label every argumentative unit ``in``, ``out`` or ``undecided`` under grounded semantics.

    Linear in the number of attacks: a unit becomes ``in`` when its last attacker goes ``out``, and every unit
    an ``in`` unit attacks goes ``out``.

    Args:
        graph (nx.DiGraph): the argument graph.
        bipolar (bool): count supported attacks too (see :func:`attack_graph`).

    Returns:
        dict[str, Label]: unit id -> label with its reason and deciding chain.
    """
    return grounded_labels(list(_node_data(graph)), graph.edges(data="kind"), bipolar=bipolar)


def _node_data(graph: nx.DiGraph) -> Iterable[tuple[str, str | None, str | None]]:
    for node, attrs in graph.nodes(data=True):
        yield node, attrs.get("kind"), attrs.get("text")


def grounded_labels(units: Sequence[tuple[str, str | None, str | None]],
                    relations: Iterable[tuple[str, str, str | None]], *, bipolar: bool = True) -> dict[str, Label]:
    """:func:`grounded` over plain data, without building a graph (what ingest uses on huge threads).

    Args:
        units (Sequence[tuple[str, str | None, str | None]]): ``(id, kind, text)`` in thread order.
        relations (Iterable[tuple[str, str, str | None]]): ``(source id, target id, kind)``.
        bipolar (bool): count supported attacks too (see :func:`attack_graph`).

    Returns:
        dict[str, Label]: unit id -> label, for every argumentative unit and every other end of an attack.
    """
    order = {n: i for i, (n, _, _) in enumerate(units)}
    attacks = _attacks(((n, kind) for n, kind, _ in units), relations, bipolar=bipolar)
    text = {n: words for n, _, words in units if n in attacks.successors}  # attackers are the units named

    def ordered(nodes: Iterable[str]) -> list[str]:
        return sorted(nodes, key=lambda n: order.get(n, 0))

    pending = {n: len(attacks.predecessors[n]) for n in attacks.predecessors}
    label: dict[str, str] = {}
    decider: dict[str, str | None] = {}
    queue = deque(ordered(n for n in attacks.nodes if n not in pending))
    for n in queue:
        label[n], decider[n] = IN, None
    while queue:
        winner = queue.popleft()
        for loser in ordered(attacks.successors.get(winner, ())):
            if loser in label:
                continue
            label[loser], decider[loser] = OUT, winner
            for freed in ordered(attacks.successors.get(loser, ())):
                pending[freed] -= 1
                if pending[freed] == 0 and freed not in label:
                    label[freed], decider[freed] = IN, loser
                    queue.append(freed)
    return {node: _explain(attacks, text, node, label, decider) for node in attacks.nodes}


def _via(attacks: _Attacks, source: str, target: str) -> str:
    via = attacks.via.get((source, target))
    return f" (through its support of {via}, which attacks it)" if via else ""


def _explain(attacks: _Attacks, text: dict[str, str | None], node: str, label: dict[str, str],
             decider: dict[str, str | None]) -> Label:
    state = label.get(node, UNDECIDED)
    attackers = sorted(attacks.predecessors.get(node, ()))
    if state == UNDECIDED:
        open_attackers = [a for a in attackers if label.get(a) != OUT]
        return Label(node, UNDECIDED, "undecided: attacked by " + ", ".join(
            f"itself{_via(attacks, a, node)}" if a == node else
            f"{a} ('{shorten(text.get(a), _QUOTED)}'{_via(attacks, a, node)}, undecided)" for a in open_attackers[:3])
            + " and no unattacked unit settles the cycle", [node, *open_attackers])
    chain = [node]
    current: str | None = node
    while current is not None and len(chain) < _MAX_CHAIN:
        current = decider.get(current)
        if current is not None:
            chain.append(current)
    if state == IN:
        if not attackers:
            return Label(node, IN, UNATTACKED, chain)
        last = decider[node]
        assert last is not None
        defeat = decider.get(last)
        return Label(node, IN, f"in: all {len(attackers)} attacker(s) are out; the last, {last} "
                               f"('{shorten(text.get(last), _QUOTED)}'), is defeated by {defeat}", chain)
    winner = decider[node]
    assert winner is not None
    how = "unattacked" if decider.get(winner) is None else "itself defended"
    words = shorten(text.get(winner), _QUOTED)
    return Label(node, OUT, f"out: attacked by {winner} ('{words}'){_via(attacks, winner, node)}, which is in ({how})",
                 chain)


def pagerank(graph: nx.DiGraph, *, damping: float = 0.85, iterations: int = 100,
             tolerance: float = 1e-10) -> dict[str, float]:
    """PageRank over the relations (a unit answered by central units is central), by power iteration.

    Args:
        graph (nx.DiGraph): the argument graph; rank flows along the edges, towards the units answered.
        damping (float): the usual damping factor.
        iterations (int): at most this many rounds.
        tolerance (float): stop when the ranks move less than this in total.

    Returns:
        dict[str, float]: node -> rank, summing to 1 (empty for an empty graph).
    """
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    n = len(nodes)
    # Positions instead of node names and networkx lookups inside the loop: the same sums in the same order (so
    # the same ranks to the last bit), about four times faster (10 s to 2 s over the 24,700 units of 12 threads).
    index = {node: i for i, node in enumerate(nodes)}
    incoming = [[index[m] for m in graph.predecessors(node)] for node in nodes]
    out_degree = [graph.out_degree(node) for node in nodes]
    dangling_at = [i for i in range(n) if out_degree[i] == 0]
    rank = [1.0 / n] * n
    for _ in range(iterations):
        dangling = sum(rank[i] for i in dangling_at)
        base = (1.0 - damping) / n + damping * dangling / n
        share = [rank[i] / out_degree[i] if out_degree[i] else 0.0 for i in range(n)]
        new = [base + damping * sum(share[j] for j in incoming[i]) for i in range(n)]
        moved = sum(abs(new[i] - rank[i]) for i in range(n))
        rank = new
        if moved < tolerance:
            break
    return dict(zip(nodes, rank, strict=True))


def unanswered(graph: nx.DiGraph) -> list[str]:
    """Claims that no unit of another post supports or attacks, in graph order."""
    found = []
    for node, kind in graph.nodes(data="kind"):
        if kind != "claim":
            continue
        post = graph.nodes[node].get("post")
        if not any(graph.nodes[s].get("post") != post for s in graph.predecessors(node)
                   if graph.edges[s, node].get("kind") in ("support", "attack", ANSWER)):
            found.append(node)
    return found


def exchanges(graph: nx.DiGraph, *, top: int | None = None) -> list[Exchange]:
    """Pairs of named authors whose units attack each other's, in each thread: who argues with whom.

    Only the attacks the relations draw count (not supported attacks): a moderator asks who answered whom.
    Units without an author and attacks on one's own units are left out (no second person to name).

    Args:
        graph (nx.DiGraph): the argument graph.
        top (int | None): at most this many; all when ``None``.

    Returns:
        list[Exchange]: the most back and forth first (the smaller of the two directions' counts), then the
        most attacks in all; a pair that only one of the two attacked comes after every two-sided one.
    """
    order = {n: i for i, n in enumerate(graph.nodes)}
    attacks: Counter[tuple[str | None, str, str]] = Counter()
    received: dict[tuple[str | None, str, str], Counter[str]] = {}  # (thread, attacker, attacked) -> attacked units
    for source, target, kind in graph.edges(data="kind"):
        if kind != "attack":
            continue
        by, to = graph.nodes[source].get("author"), graph.nodes[target].get("author")
        if not by or not to or by == to:
            continue
        key = (graph.nodes[target].get("thread"), str(by), str(to))
        attacks[key] += 1
        received.setdefault(key, Counter())[target] += 1
    titles = graph.graph.get("threads", {})
    found: list[Exchange] = []
    for (thread, by, to), n in attacks.items():
        back = attacks.get((thread, to, by), 0)
        if back > n or (back == n and to < by):  # the pair once, led by whoever attacked more, else by name
            continue
        targets = received[thread, by, to] + received.get((thread, to, by), Counter())
        unit = min(targets, key=lambda u: (-targets[u], order[u]))
        found.append(Exchange(first=by, second=to, thread=thread, thread_title=titles.get(thread), first_attacks=n,
                              second_attacks=back, unit=unit))
    found.sort(key=lambda e: (-e.second_attacks, -(e.first_attacks + e.second_attacks), e.thread or "", e.first,
                              e.second))
    return found if top is None else found[:top]


def _person(graph: nx.DiGraph, node: str) -> tuple[str, str]:
    """Who wrote a unit, as far as the graph tells: its author; else its post (an anonymous post is at least one
    person, and its units are that person's); else the unit itself."""
    attrs = graph.nodes[node]
    if attrs.get("author"):
        return "author", str(attrs["author"])
    if attrs.get("post"):
        return "post", str(attrs["post"])
    return "unit", node


def _score(graph: nx.DiGraph, node: str, ranks: dict[str, float], labels: dict[str, Label]) -> ClaimScore:
    attrs = graph.nodes[node]
    attack_from = [s for s in graph.predecessors(node) if graph.edges[s, node].get("kind") == "attack"]
    supports = sum(1 for s in graph.predecessors(node) if graph.edges[s, node].get("kind") in _SUPPORTS)
    authors = {_person(graph, s) for s in attack_from}
    return ClaimScore(unit=node, text=str(attrs.get("text", "")), author=attrs.get("author"),
                      thread=attrs.get("thread"), attacks=len(attack_from), supports=supports,
                      attackers=len(authors), balance=len(attack_from) - supports,
                      pagerank=round(ranks.get(node, 0.0), 6),
                      label=labels[node].label if node in labels else UNDECIDED, thread_title=attrs.get("thread_title"))


def analyse(graph: nx.DiGraph, *, bipolar: bool = True, top: int = 10, assumed: bool = True) -> Analysis:
    """Labels, the most contested and most central claims, unanswered claims, per-author summaries and who argues
    with whom.

    Args:
        graph (nx.DiGraph): the argument graph (one thread or several; relations never cross threads).
        bipolar (bool): count supported attacks in the labelling.
        top (int): how many contested, central and unanswered claims and exchanges to list.
        assumed (bool): count the attacks only assumed (edges with ``assumed`` true: no word of the answer agrees
            or disagrees) as attacks; when ``False`` they are answers with no stance (:data:`ANSWER`), which
            attack nobody, so that what stands rests on the attacks the words show.

    Returns:
        Analysis: the report.
    """
    guessed = [(s, t) for s, t, flag in graph.edges(data="assumed") if flag]
    if guessed and not assumed:
        graph = graph.copy()  # the caller's graph is left as it is
        for pair in guessed:
            graph.edges[pair]["kind"] = ANSWER
    labels = grounded(graph, bipolar=bipolar)
    for node, label in labels.items():
        attrs = graph.nodes[node]
        label.text, label.author = attrs.get("text") or "", attrs.get("author") or None
        label.thread_title = attrs.get("thread_title") or attrs.get("thread")
    ranks = pagerank(graph)
    order = {n: i for i, n in enumerate(graph.nodes)}
    claims = [n for n, kind in graph.nodes(data="kind") if kind in ("claim", "rebuttal")]
    scores = {n: _score(graph, n, ranks, labels) for n in claims}
    contested = sorted((s for s in scores.values() if s.attacks),
                       key=lambda s: (-s.attackers, -s.balance, -s.attacks, order[s.unit]))
    central = sorted(scores.values(), key=lambda s: (-s.pagerank, order[s.unit]))
    authors: dict[str | None, AuthorSummary] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") not in ARGUMENTATIVE:
            continue
        author = attrs.get("author") or None  # no name: one summary, and null in JSON, not a made-up name
        summary = authors.setdefault(author, AuthorSummary(author))
        summary.units += 1
        summary.claims += attrs.get("kind") == "claim"
        summary.premises += attrs.get("kind") == "premise"
        if node in labels:
            summary.labels[labels[node].label] = summary.labels.get(labels[node].label, 0) + 1
        for _, _, kind in graph.out_edges(node, data="kind"):
            summary.supports_given += kind in _SUPPORTS
            summary.attacks_given += kind == "attack"
        for _, _, kind in graph.in_edges(node, data="kind"):
            summary.supports_received += kind in _SUPPORTS
            summary.attacks_received += kind == "attack"
    ranked = {"contested": contested, "central": [s for s in central if s.pagerank > 0],
              "unanswered": [scores[n] for n in unanswered(graph) if n in scores]}
    pairs = exchanges(graph)
    return Analysis(
        semantics=(BIPOLAR if bipolar else DUNG) + ("" if assumed else CUED),
        labels=labels,
        counts=dict(sorted(Counter(label.label for label in labels.values()).items())),
        contested=ranked["contested"][:top],
        central=ranked["central"][:top],
        unanswered=ranked["unanswered"][:top],
        authors=sorted(authors.values(), key=lambda a: (-a.units, a.author is None, a.author or "")),
        exchanges=pairs[:top],
        # A list cut to --top is not all there is: 10 unanswered claims of 3,000 read as the thread's only ten.
        totals={name: len(rows) for name, rows in ranked.items()} | {"exchanges": len(pairs)},
        assumed=assumed, assumed_attacks=len(guessed),
        threads=len({graph.nodes[unit].get("thread") for unit in labels}),
    )
