"""argmap: turn online discussion threads into argument maps.

The public API::

    from argmap import Settings, ingest, threads, stats
    from argmap import claims, topics, search, show, track, analyze   # querying, tracking, what stands
    from argmap import add_documents, link_library, evidence_for, evidence_sources   # evidence
    from argmap.api import evaluate, explain_thread, load_maps   # scoring (argmap.evaluate is the metrics package)

Names are imported when first used (PEP 562): the command line starts without reading the whole library.
"""

import typing as _typing
from importlib import import_module as _import_module

if _typing.TYPE_CHECKING:
    # From the modules that define them: mypy took "from argmap.api import ingest" for the module argmap.api.ingest
    from argmap.api.browse import stats, threads
    from argmap.api.evidence import add_documents, evidence_for, evidence_sources, link_library
    from argmap.api.ingest import Failure, IngestReport, ingest, read_thread, read_threads
    from argmap.api.query import ClaimTree, SearchResults, TopicReport, analyze, claims, search, show, topics, track
    from argmap.config import Settings
    from argmap.domain import EvidenceItem, Extraction, Note, Post, Quote, Relation, Thread, Unit
    from argmap.errors import (
        ArgmapError,
        EmptyInput,
        FetchError,
        InputError,
        MapTooLarge,
        ModelNotFound,
        ModelUnreadable,
        NotFound,
        OwnExport,
        QueryError,
        RateLimited,
        SchemaTooNew,
        SettingsError,
        StoreBusy,
        StoreError,
        UnknownFormat,
    )
    from argmap.graph.argumentation import Analysis
    from argmap.store.models import ClaimHit, SearchHit, TrackedInfo

__all__ = [
    "Analysis",
    "ArgmapError",
    "ClaimHit",
    "ClaimTree",
    "EmptyInput",
    "EvidenceItem",
    "Extraction",
    "Failure",
    "FetchError",
    "IngestReport",
    "InputError",
    "MapTooLarge",
    "ModelNotFound",
    "ModelUnreadable",
    "NotFound",
    "Note",
    "OwnExport",
    "Post",
    "QueryError",
    "Quote",
    "RateLimited",
    "Relation",
    "SchemaTooNew",
    "SearchHit",
    "SearchResults",
    "Settings",
    "SettingsError",
    "StoreBusy",
    "StoreError",
    "Thread",
    "TopicReport",
    "TrackedInfo",
    "Unit",
    "UnknownFormat",
    "add_documents",
    "analyze",
    "claims",
    "evidence_for",
    "evidence_sources",
    "ingest",
    "link_library",
    "read_thread",
    "read_threads",
    "search",
    "show",
    "stats",
    "threads",
    "topics",
    "track",
]
__version__ = "0.1.0"


_HOMES: dict[str, str] = {
    **dict.fromkeys(["Failure", "IngestReport", "ingest", "read_thread", "read_threads", "stats", "threads",
                     "add_documents", "evidence_for", "evidence_sources", "link_library", "ClaimTree", "SearchResults",
                     "TopicReport", "analyze", "claims", "search", "show", "topics", "track"], "argmap.api"),
    **dict.fromkeys(["Settings"], "argmap.config"),
    **dict.fromkeys(["EvidenceItem", "Extraction", "Note", "Post", "Quote", "Relation", "Thread", "Unit"],
                    "argmap.domain"),
    **dict.fromkeys(["ArgmapError", "EmptyInput", "FetchError", "InputError", "MapTooLarge", "ModelNotFound",
                     "ModelUnreadable", "NotFound", "OwnExport", "QueryError", "RateLimited", "SchemaTooNew",
                     "SettingsError",
                     "StoreBusy", "StoreError", "UnknownFormat"], "argmap.errors"),
    **dict.fromkeys(["Analysis"], "argmap.graph.argumentation"),
    **dict.fromkeys(["ClaimHit", "SearchHit", "TrackedInfo"], "argmap.store.models"),
}
"""The module each public name comes from."""


def __getattr__(name: str) -> _typing.Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
