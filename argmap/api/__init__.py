"""The Python API: the one place where readers, the NLP pipeline, the store and the renderers meet.

Everything the CLI does is a call here, so notebooks and scripts get the same behaviour::

    from argmap import ingest, Settings
    report = ingest(["corpora/hn-open-models.txt"], settings=Settings(db="debates.db"))
    print(report.threads[0].posts)

Each module of this package owns one area (ingest, browse, evaluation, ...); this module re-exports them.

Each name is imported from its module when first used (PEP 562), so that ``import argmap`` and the command
line's start read only what a command needs: ``argmap --help`` took 2.6 s when this package imported every
module at once.
"""

import sys as _sys
import typing as _typing
from importlib import import_module as _import_module
from types import ModuleType as _ModuleType

if _typing.TYPE_CHECKING:
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
        LibraryDocument,
        LinkReport,
        add_documents,
        evidence_for,
        evidence_sources,
        library_documents,
        link_library,
        remove_documents,
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
    "LibraryDocument",
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
    "library_documents",
    "link_library",
    "load_extractor",
    "load_maps",
    "map_graph",
    "read_thread",
    "read_threads",
    "remove_documents",
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

_HOMES: dict[str, str] = {
    **dict.fromkeys(["AuthorMatch", "find_author"], "authors"),
    **dict.fromkeys(["BENCHMARK_SECTIONS", "BenchmarkProgress", "BenchmarkReport", "benchmark", "report_dict"],
                    "benchmark"),
    **dict.fromkeys(["EXPORT_FORMATS", "FORMAT_ALIASES", "delete_threads", "export", "export_brat", "graph_data",
                     "stats", "threads"], "browse"),
    **dict.fromkeys(["CORPORA", "Comparison", "EvalResult", "GOLD_FORMATS", "evaluate", "explain_thread",
                     "explanation_dict", "load_maps"], "evaluation"),
    **dict.fromkeys(["AddReport", "ClaimEvidence", "DocumentFailure", "LibraryDocument", "LinkReport", "add_documents",
                     "evidence_for", "evidence_sources", "library_documents", "link_library", "remove_documents"],
                    "evidence"),
    **dict.fromkeys(["Failure", "IngestProgress", "IngestReport", "ProgressCallback", "ingest", "load_extractor",
                     "read_thread", "read_threads"], "ingest"),
    **dict.fromkeys(["MAP_STAGES", "MAX_MAP_UNITS", "MapProgress", "MapProgressCallback", "MapView", "map_graph",
                     "render_map", "show_map", "thread_graph", "write_output"], "maps"),
    **dict.fromkeys(["ClaimTree", "SearchResults", "TopicReport", "TreeNode", "analyze", "claims", "search", "show",
                     "topics", "track"], "query"),
}
"""The module of this package that defines each public name."""
_SHADOWED = frozenset(name for name, home in _HOMES.items() if name == home)
"""Functions named as their modules (``ingest``, ``benchmark``): ``argmap.api.ingest`` is the function."""


class _Package(_ModuleType):
    """This package, whose functions named as their modules stay the functions when those modules are imported
    (the import system sets a package's attribute to each submodule it loads)."""

    def __setattr__(self, name: str, value: _typing.Any) -> None:
        if name in _SHADOWED and isinstance(value, _ModuleType):
            return
        super().__setattr__(name, value)


def __getattr__(name: str) -> _typing.Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


_sys.modules[__name__].__class__ = _Package
