"""argmap: turn online discussion threads into argument maps.

The public API::

    from argmap import Settings, ingest, threads, stats
"""

from argmap.api import Failure, IngestReport, ingest, read_thread, stats, threads
from argmap.config import Settings
from argmap.domain import Extraction, Note, Post, Quote, Relation, Thread, Unit
from argmap.errors import (
    ArgmapError,
    EmptyInput,
    FetchError,
    InputError,
    ModelNotFound,
    NotFound,
    SchemaTooNew,
    StoreError,
    UnknownFormat,
)

__all__ = [
    "ArgmapError",
    "EmptyInput",
    "Extraction",
    "Failure",
    "FetchError",
    "IngestReport",
    "InputError",
    "ModelNotFound",
    "NotFound",
    "Note",
    "Post",
    "Quote",
    "Relation",
    "SchemaTooNew",
    "Settings",
    "StoreError",
    "Thread",
    "Unit",
    "UnknownFormat",
    "ingest",
    "read_thread",
    "stats",
    "threads",
]
__version__ = "0.1.0"
