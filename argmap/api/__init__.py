"""The Python API: the one place where readers, the NLP pipeline, the store and the renderers meet.

Everything the CLI does is a call here, so notebooks and scripts get the same behaviour::

    from argmap import ingest, Settings
    report = ingest(["corpora/hn-open-models.txt"], settings=Settings(db="debates.db"))
    print(report.threads[0].posts)

Each module of this package owns one area (ingest, browse, evaluation, ...); this module re-exports them.
"""

from __future__ import annotations

from argmap.api.authors import AuthorMatch, find_author
from argmap.api.benchmark import BENCHMARK_SECTIONS, BenchmarkProgress, BenchmarkReport, benchmark, report_dict
from argmap.api.browse import (
    EXPORT_FORMATS,
    FORMAT_ALIASES,
    delete_threads,
    export,
    export_brat,
    graph_data,
    stats,
    threads,
)
from argmap.api.evaluation import (
    CORPORA,
    GOLD_FORMATS,
    Comparison,
    EvalResult,
    evaluate,
    explain_thread,
    explanation_dict,
    load_maps,
)
from argmap.api.evidence import (
    AddReport,
    ClaimEvidence,
    DocumentFailure,
    LinkReport,
    add_documents,
    evidence_for,
    evidence_sources,
    link_library,
)
from argmap.api.ingest import (
    Failure,
    IngestProgress,
    IngestReport,
    ProgressCallback,
    ingest,
    load_extractor,
    read_thread,
    read_threads,
)
from argmap.api.maps import (
    MAP_STAGES,
    MAX_MAP_UNITS,
    MapProgress,
    MapProgressCallback,
    MapView,
    map_graph,
    render_map,
    show_map,
    thread_graph,
    write_output,
)
from argmap.api.query import (
    ClaimTree,
    SearchResults,
    TopicReport,
    TreeNode,
    analyze,
    claims,
    search,
    show,
    topics,
    track,
)

__all__ = [
    "BENCHMARK_SECTIONS",
    "CORPORA",
    "EXPORT_FORMATS",
    "FORMAT_ALIASES",
    "GOLD_FORMATS",
    "MAP_STAGES",
    "MAX_MAP_UNITS",
    "AddReport",
    "AuthorMatch",
    "BenchmarkProgress",
    "BenchmarkReport",
    "ClaimEvidence",
    "ClaimTree",
    "Comparison",
    "DocumentFailure",
    "EvalResult",
    "Failure",
    "IngestProgress",
    "IngestReport",
    "LinkReport",
    "MapProgress",
    "MapProgressCallback",
    "MapView",
    "ProgressCallback",
    "SearchResults",
    "TopicReport",
    "TreeNode",
    "add_documents",
    "analyze",
    "benchmark",
    "claims",
    "delete_threads",
    "evaluate",
    "evidence_for",
    "evidence_sources",
    "explain_thread",
    "explanation_dict",
    "export",
    "export_brat",
    "find_author",
    "graph_data",
    "ingest",
    "link_library",
    "load_extractor",
    "load_maps",
    "map_graph",
    "read_thread",
    "read_threads",
    "render_map",
    "report_dict",
    "search",
    "show",
    "show_map",
    "stats",
    "thread_graph",
    "threads",
    "topics",
    "track",
    "write_output",
]
