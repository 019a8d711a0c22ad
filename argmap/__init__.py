"""argmap: turn online discussion threads into argument maps.

The public API::

    from argmap import Settings, ingest, threads, stats
    from argmap import claims, topics, search, show, track, analyze   # querying, tracking, what stands
    from argmap import add_documents, link_library, evidence_for, evidence_sources   # evidence
    from argmap.api import evaluate, explain_thread, load_maps   # scoring (argmap.evaluate is the metrics package)
"""

from argmap.api import Failure, IngestReport, ingest, read_thread, read_threads, stats, threads
from argmap.api.evidence import add_documents, evidence_for, evidence_sources, link_library
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
