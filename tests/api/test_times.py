"""Post times through the whole tool: read from a file, stored in UTC on SQLite and PostgreSQL, and said again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from argmap import Settings, ingest
from argmap.api import export


def _write(path: Path, *posts: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(p) + "\n" for p in posts), encoding="utf-8")
    return str(path)


def _times(settings: Settings) -> dict[str, str | None]:
    data = export(settings=settings, format="json")
    assert isinstance(data, dict)
    return {p["external_id"]: p["created_at"] for p in data["posts"]}


def test_times_past_the_range_of_utc_are_noted_and_the_thread_stored(tmp_path: Path, db_url: str) -> None:
    """9999-12-31T23:59:59-01:00 is past the last time there is in UTC: the whole ingest failed, blaming the
    database ("cannot write to sqlite:///argmap.db: date value out of range; check the --db path")."""
    settings = Settings(db=db_url)
    path = _write(tmp_path / "far.jsonl",
                  {"id": 1, "text": "Buses are slow.", "created_at": "2024-03-01T09:00:00+01:00"},
                  {"id": 2, "parent": 1, "text": "Not at night.", "created_at": "9999-12-31T23:59:59-01:00"},
                  {"id": 3, "parent": 1, "text": "Only at rush hour.", "created_at": "0001-01-01T00:30:00+01:00"})
    report = ingest([path], settings=settings, extract=False)
    assert report.failures == [] and [t.posts for t in report.threads] == [3]
    assert _times(settings) == {"1": "2024-03-01T08:00:00Z", "2": None, "3": None}
    assert [m.split(": ", 1)[1] for m in report.messages] == [
        "post '2': line 2: 'created_at' '9999-12-31T23:59:59-01:00' is out of the range of times (years 1 to 9999 "
        "in UTC)",
        "post '3': line 3: 'created_at' '0001-01-01T00:30:00+01:00' is out of the range of times (years 1 to 9999 "
        "in UTC)"]
