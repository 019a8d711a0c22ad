"""Grounded semantics, supported attacks and the rankings, on frameworks small enough to check by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap.graph.argumentation import BIPOLAR, DUNG, analyse, attack_graph, grounded, pagerank, unanswered


def _graph(edges: list[tuple[str, str, str]], *, kinds: dict[str, str] | None = None,
           authors: dict[str, str] | None = None) -> nx.DiGraph:
    graph = nx.DiGraph()
    names = sorted({n for s, t, _ in edges for n in (s, t)} | set(kinds or {}))
    for n in names:
        graph.add_node(n, kind=(kinds or {}).get(n, "claim"), text=f"unit {n}", post=f"p{n}",
                       author=(authors or {}).get(n), thread="t")
    for s, t, kind in edges:
        graph.add_edge(s, t, kind=kind, confidence=0.7)
    return graph


def _labels(graph: nx.DiGraph, *, bipolar: bool = False) -> dict[str, str]:
    return {n: label.label for n, label in grounded(graph, bipolar=bipolar).items()}


@pytest.mark.parametrize(("edges", "expected"), [
    ([("b", "a", "attack")], {"a": "out", "b": "in"}),
    ([("c", "b", "attack"), ("b", "a", "attack")], {"a": "in", "b": "out", "c": "in"}),  # reinstated
    ([("a", "b", "attack"), ("b", "a", "attack")], {"a": "undecided", "b": "undecided"}),  # even cycle
    ([("a", "b", "attack"), ("b", "c", "attack"), ("c", "a", "attack")],
     {"a": "undecided", "b": "undecided", "c": "undecided"}),  # odd cycle
    ([("a", "a", "attack"), ("a", "b", "attack")], {"a": "undecided", "b": "undecided"}),  # self-attack
    ([("d", "c", "attack"), ("a", "b", "attack"), ("b", "a", "attack"), ("c", "b", "attack")],
     {"a": "undecided", "b": "undecided", "c": "out", "d": "in"}),  # a defeated attacker breaks no cycle
    ([("e", "b", "attack"), ("a", "b", "attack"), ("b", "a", "attack")],
     {"a": "in", "b": "out", "e": "in"}),  # an unattacked attacker does
    ([("e", "b", "attack"), ("b", "a", "attack"), ("c", "a", "attack")],
     {"a": "out", "b": "out", "c": "in", "e": "in"}),  # one standing attacker is enough
])
def test_argumentation_grounded_labels(edges: list[tuple[str, str, str]], expected: dict[str, str]) -> None:
    assert _labels(_graph(edges)) == expected


def test_argumentation_chain_explains_each_label() -> None:
    labels = grounded(_graph([("c", "b", "attack"), ("b", "a", "attack"), ("x", "y", "support")]), bipolar=False)
    assert labels["a"].chain == ["a", "b", "c"] and labels["a"].label == "in"
    assert "all 1 attacker(s) are out" in labels["a"].reason and "defeated by c" in labels["a"].reason
    assert labels["b"].chain == ["b", "c"] and "attacked by c" in labels["b"].reason
    assert labels["c"].reason == "in: nothing attacks it" and labels["c"].chain == ["c"]
    assert labels["x"].label == "in" and labels["y"].label == "in"  # support alone decides nothing


def test_argumentation_other_units_take_no_part() -> None:
    graph = _graph([("b", "a", "attack")], kinds={"z": "other"})
    assert "z" not in grounded(graph)


def test_argumentation_other_units_lend_no_supported_attack() -> None:
    """A bare link (``other``) is evidence for r, which attacks c and falls to d: the link, unattacked, defeated c
    through r and was labelled, though ``other`` units argue nothing and ``--dung`` labelled it not."""
    edges = [("link", "r", "evidence"), ("r", "c", "attack"), ("d", "r", "attack")]
    for bipolar in (False, True):
        labels = grounded(_graph(edges, kinds={"link": "other"}), bipolar=bipolar)
        assert {n: label.label for n, label in labels.items()} == {"c": "in", "d": "in", "r": "out"}, bipolar
    assert not attack_graph(_graph(edges, kinds={"link": "other"}), bipolar=True).has_edge("link", "c")
    # A premise backing the link's claim still attacks through it.
    edges.append(("p", "link", "support"))
    derived = attack_graph(_graph(edges, kinds={"link": "other"}), bipolar=True)
    assert derived.edges["p", "c"]["via"] == "r" and "link" not in derived


def test_argumentation_supported_attack_matters_only_in_bipolar_mode() -> None:
    # p supports r; r attacks c; d attacks r. Under Dung, r is out and c stands; with supported attacks,
    # p (unattacked) attacks c through r, so c is out.
    edges = [("p", "r", "support"), ("r", "c", "attack"), ("d", "r", "attack")]
    assert _labels(_graph(edges))["c"] == "in"
    labels = grounded(_graph(edges), bipolar=True)
    assert labels["c"].label == "out" and labels["c"].chain == ["c", "p"]
    assert "through its support of r" in labels["c"].reason
    derived = attack_graph(_graph(edges), bipolar=True)
    assert derived.edges["p", "c"]["via"] == "r" and derived.edges["r", "c"]["via"] is None
    # Chains of support count too.
    chain = [("q", "p", "support"), ("p", "r", "support"), ("r", "c", "attack")]
    assert attack_graph(_graph(chain), bipolar=True).has_edge("q", "c")


class _CountingGraph(nx.DiGraph):  # type: ignore[type-arg]
    predecessor_calls = 0

    def predecessors(self, n: str):  # type: ignore[no-untyped-def]
        type(self).predecessor_calls += 1
        return super().predecessors(n)


def test_argumentation_pagerank_reads_the_graph_once_and_ranks_as_the_plain_formula() -> None:
    """analyze of 12 threads spent most of its time in PageRank asking networkx for every unit's predecessors in
    each of 80 rounds; the graph is now read once, and the ranks are the plain formula's to the last bit."""
    import random

    rng = random.Random(7)
    graph = _CountingGraph()
    graph.add_nodes_from(f"u{i}" for i in range(300))
    for _ in range(600):
        graph.add_edge(f"u{rng.randrange(300)}", f"u{rng.randrange(300)}", kind="attack")
    nodes = list(graph.nodes)
    n, damping = len(nodes), 0.85
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(100):  # the formula as written before
        dangling = sum(rank[v] for v in nodes if graph.out_degree(v) == 0)
        base = (1.0 - damping) / n + damping * dangling / n
        new = {v: base + damping * sum(rank[m] / graph.out_degree(m) for m in nx.DiGraph.predecessors(graph, v))
               for v in nodes}
        moved = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if moved < 1e-10:
            break
    _CountingGraph.predecessor_calls = 0
    assert pagerank(graph) == rank
    assert _CountingGraph.predecessor_calls <= n  # once per unit, not once per unit and round


def test_argumentation_pagerank_sums_to_one_and_favours_the_answered() -> None:
    graph = _graph([("b", "a", "attack"), ("c", "a", "support"), ("d", "a", "attack"), ("e", "d", "attack")])
    ranks = pagerank(graph)
    assert abs(sum(ranks.values()) - 1.0) < 1e-9
    assert max(ranks, key=ranks.__getitem__) == "a"
    assert pagerank(nx.DiGraph()) == {}


def test_argumentation_unanswered_ignores_premises_of_the_same_post() -> None:
    graph = _graph([("p", "a", "support"), ("c", "b", "attack")])
    graph.nodes["p"]["post"] = graph.nodes["a"]["post"]
    graph.nodes["p"]["kind"] = "premise"
    assert unanswered(graph) == ["a", "c"]


def test_argumentation_analyse_reports_contested_central_and_authors() -> None:
    graph = _graph([("b", "a", "attack"), ("c", "a", "attack"), ("d", "a", "support"), ("e", "b", "attack")],
                   authors={"a": "ann", "b": "bob", "c": "cy", "d": "dee", "e": "bob"})
    result = analyse(graph, bipolar=False, top=2)
    assert result.semantics == DUNG and analyse(graph).semantics == BIPOLAR
    top = result.contested[0]
    assert (top.unit, top.attacks, top.supports, top.attackers, top.balance, top.label) == ("a", 2, 1, 2, 1, "out")
    assert result.central[0].unit == "a" and len(result.central) == 2
    assert result.counts == {"in": 3, "out": 2}
    bob = next(a for a in result.authors if a.author == "bob")
    assert (bob.units, bob.attacks_given, bob.attacks_received, bob.labels) == (2, 2, 1, {"in": 1, "out": 1})



def test_argumentation_units_without_an_author_are_null_not_a_made_up_name() -> None:
    """Units with no author were summed under the name "(unknown)", which ``analyze --json`` printed as if it were
    someone's name (and merged with anyone really called that); ``author`` is null for them everywhere else."""
    graph = _graph([("b", "a", "attack"), ("c", "a", "attack")], authors={"b": "bob", "c": "(unknown)"})
    result = analyse(graph)
    summaries = {a.author: a.units for a in result.authors}
    assert summaries == {None: 1, "bob": 1, "(unknown)": 1}
    assert result.authors[-1].author is None  # named authors first at equal counts

def test_argumentation_evidence_between_the_same_units_hides_no_attack() -> None:
    from argmap.graph.argumentation import grounded_labels, keeps_pair

    units = [("a", "claim", "unit a"), ("b", "premise", "unit b")]
    for relations in ([("b", "a", "attack"), ("b", "a", "evidence")], [("b", "a", "evidence"), ("b", "a", "attack")]):
        labels = grounded_labels(units, relations, bipolar=False)
        assert (labels["a"].label, labels["b"].label) == ("out", "in"), relations
    assert [keeps_pair(new, "support") for new in ("attack", "support", "evidence", "quote")] == [True, True, False,
                                                                                                 False]
    assert keeps_pair("evidence", "quote") and not keeps_pair("quote", "evidence")


def test_argumentation_attackers_counts_people_not_units() -> None:
    """Five attacks from three anonymous posts (one of them makes three) are three people, not five."""
    graph = _graph([(n, "a", "attack") for n in ("b1", "b2", "b3", "c", "d")] + [("e", "a", "attack"),
                                                                                 ("f", "a", "attack")],
                   authors={"e": "eve", "f": "eve"})
    for unit in ("b1", "b2", "b3"):  # one anonymous post holding three attacking units
        graph.nodes[unit]["post"] = "p-b"
    graph.add_node("g", kind="claim", text="unit g", post=None, author=None, thread="t")
    graph.add_edge("g", "a", kind="attack", confidence=0.7)  # nothing known of its writer: one person
    top = analyse(graph).contested[0]
    assert (top.unit, top.attacks, top.attackers) == ("a", 8, 5)  # p-b, c's post, d's post, eve, g


def test_argumentation_exchanges_name_who_argues_with_whom() -> None:
    """A moderator asks which two people trade attacks: pairs back and forth first, one-sided after, each with the
    unit the other attacked most; anonymous units and attacks on one's own units name no pair."""
    from argmap.graph.argumentation import exchanges

    edges = [("b1", "a1", "attack"), ("b2", "a1", "attack"), ("a2", "b1", "attack"),  # bob <-> ann, 2 and 1
             ("c1", "d1", "attack"), ("c2", "d1", "attack"), ("c3", "d2", "attack"),  # cy -> dee, 3, never back
             ("a3", "a1", "attack"), ("x1", "a1", "attack"), ("b3", "a1", "support")]  # own, anonymous, support
    authors = {"a1": "ann", "a2": "ann", "a3": "ann", "b1": "bob", "b2": "bob", "b3": "bob", "c1": "cy", "c2": "cy",
               "c3": "cy", "d1": "dee", "d2": "dee"}
    graph = _graph(edges, authors=authors)
    graph.graph["threads"] = {"t": "Pets"}
    found = [(e.first, e.second, e.first_attacks, e.second_attacks, e.unit, e.thread, e.thread_title)
             for e in exchanges(graph)]
    assert found == [("bob", "ann", 2, 1, "a1", "t", "Pets"), ("cy", "dee", 3, 0, "d1", "t", "Pets")]
    assert [e.first for e in exchanges(graph, top=1)] == ["bob"]
    assert [(e.first, e.second) for e in analyse(graph, top=1).exchanges] == [("bob", "ann")]
    # As much each way: the pair once, led by the first name.
    even = _graph([("a1", "b1", "attack"), ("b1", "a1", "attack")], authors={"a1": "ann", "b1": "bob"})
    assert [(e.first, e.second, e.first_attacks, e.second_attacks) for e in exchanges(even)] == [("ann", "bob", 1, 1)]


def test_argumentation_totals_count_what_top_leaves_out() -> None:
    """analyze listed --top unanswered claims with nothing saying there were more: ten of 500 read as all."""
    graph = _graph([("b", "a", "attack"), ("c", "a", "attack"), ("d", "e", "attack")],
                   kinds={"f": "claim", "g": "claim"},
                   authors={"a": "ann", "b": "bob", "c": "cy", "d": "dee", "e": "eve"})
    result = analyse(graph, top=1)
    assert len(result.contested) == len(result.unanswered) == len(result.exchanges) == 1
    # a and e are attacked; every one of the 7 claims has some PageRank; b, c, d, f and g no other post answers
    assert result.totals == {"contested": 2, "central": 7, "unanswered": 5, "exchanges": 3}


def test_argumentation_assumed_attacks_answer_with_no_stance_when_left_out() -> None:
    """An attack drawn only because replies in debates mostly disagree (no word of the answer agrees or disagrees)
    decided what stands as if the words had said so: with ``assumed=False`` it attacks nobody, yet still answers."""
    graph = _graph([("b", "a", "attack"), ("c", "b", "attack"), ("d", "a", "support")],
                   authors={"a": "ann", "b": "ben", "c": "cy", "d": "dee"})
    graph.edges["b", "a"]["assumed"] = True  # b answers a without a word either way
    counted = analyse(graph)
    assert counted.assumed and counted.assumed_attacks == 1 and counted.semantics == BIPOLAR
    assert counted.labels["a"].label == "in" and counted.labels["b"].label == "out"  # c defeats b, reinstating a
    graph.remove_edge("c", "b")
    counted = analyse(graph)
    assert counted.labels["a"].label == "out" and [s.unit for s in counted.contested] == ["a"]
    assert [(e.first, e.second, e.first_attacks) for e in counted.exchanges] == [("ben", "ann", 1)]
    stated = analyse(graph, assumed=False)
    assert not stated.assumed and stated.assumed_attacks == 1 and stated.semantics == BIPOLAR + "/cued"
    assert stated.labels["a"].label == "in" and "nothing attacks it" in stated.labels["a"].reason
    assert stated.exchanges == [] and stated.contested == []  # nobody argues with anybody in words
    assert "a" not in unanswered(graph) and [s.unit for s in stated.unanswered] == [
        s.unit for s in counted.unanswered]  # b's answer still answers a
    assert graph.edges["b", "a"]["kind"] == "attack"  # the caller's graph is left as it was
    assert analyse(graph, assumed=False, bipolar=False).semantics == DUNG + "/cued"


def test_argumentation_a_unit_backing_its_own_attacker_attacks_itself_in_bipolar_mode() -> None:
    """v supports t, t attacks v: by the supported-attack definition v attacks itself, so it is never "in"; the
    attack was passed over and v stood as "in" in bipolar mode."""
    edges = [("v", "t", "support"), ("t", "v", "attack"), ("f", "t", "attack")]
    assert _labels(_graph(edges))["v"] == "in"  # f defeats t: under Dung v is reinstated
    labels = grounded(_graph(edges), bipolar=True)
    assert labels["v"].label == "undecided"
    assert labels["v"].reason.startswith("undecided: attacked by itself (through its support of t, which attacks it)")


_UNITS = [f"u{i}" for i in range(7)]


def _reference(kinds: dict[str, str], relations: list[tuple[str, str, str]], *,
               bipolar: bool) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Grounded labels from the definitions, by brute force: the least fixed point of Dung's characteristic
    function over the attacks (with supported attacks from argumentative units when ``bipolar``); and the attacks."""
    from argmap.graph.argumentation import ARGUMENTATIVE, keeps_pair

    pairs: dict[tuple[str, str], str] = {}
    for s, t, kind in relations:
        if (s, t) not in pairs or keeps_pair(kind, pairs[s, t]):
            pairs[s, t] = kind
    attacks = {pair for pair, kind in pairs.items() if kind == "attack"}
    supports = nx.DiGraph([pair for pair, kind in pairs.items() if kind in ("support", "evidence")])
    if bipolar:
        attacks |= {(a, c) for b, c in set(attacks) if b in supports for a in nx.ancestors(supports, b)
                    if kinds[a] in ARGUMENTATIVE}
    nodes = {n for n, kind in kinds.items() if kind in ARGUMENTATIVE} | {n for pair in attacks for n in pair}
    accepted: set[str] = set()
    while True:  # F(S): every unit each of whose attackers S attacks
        beaten = {t for s, t in attacks if s in accepted}
        grown = {n for n in nodes if all(s in beaten for s, t in attacks if t == n)}
        if grown == accepted:
            return {n: "in" if n in accepted else "out" if n in beaten else "undecided" for n in nodes}, attacks
        accepted = grown


@settings(max_examples=300, deadline=None)
@given(kinds=st.lists(st.sampled_from(["claim", "premise", "rebuttal", "evidence", "other"]), min_size=7, max_size=7),
       relations=st.lists(st.tuples(st.sampled_from(_UNITS), st.sampled_from(_UNITS),
                                    st.sampled_from(["attack", "attack", "support", "evidence", "quote"])),
                          max_size=14),
       bipolar=st.booleans())
# a bare link (an ``other`` unit) backing an attacker that falls: it lent that attacker's attack, unattacked itself
@example(kinds=["claim", "claim", "other", "claim", "claim", "claim", "claim"],
         relations=[("u1", "u0", "attack"), ("u2", "u1", "evidence"), ("u3", "u1", "attack")], bipolar=True)
def test_argumentation_grounded_agrees_with_the_definition(kinds: list[str], relations: list[tuple[str, str, str]],
                                                           bipolar: bool) -> None:
    """Self-attacks, odd and even cycles, support cycles, a support and an attack on one pair, ``other`` units: the
    labels are the least fixed point's, and each decided label's chain alternates in and out along attacks."""
    from argmap.graph.argumentation import grounded_labels

    by_unit = dict(zip(_UNITS, kinds, strict=True))
    labels = grounded_labels([(n, kind, n) for n, kind in by_unit.items()], relations, bipolar=bipolar)
    expected, attacks = _reference(by_unit, relations, bipolar=bipolar)
    assert {n: label.label for n, label in labels.items()} == expected
    for label in labels.values():
        if label.label != "undecided":
            for above, below in zip(label.chain, label.chain[1:], strict=False):
                assert (below, above) in attacks
                assert labels[below].label == ("in" if labels[above].label == "out" else "out")
