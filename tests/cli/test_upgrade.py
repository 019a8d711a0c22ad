"""A database an earlier argmap wrote, opened by today's CLI: upgraded once, with a note, nothing lost."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli
from tests.store.test_migrations import V1, v1_file


def test_upgrade_first_command_upgrades_a_schema_1_database_and_says_so_once(tmp_path: Path) -> None:
    cli = Cli(v1_file(tmp_path))
    first = cli("threads")
    assert first.exit_code == 0, first.output
    assert "Weekly transport" in first.stdout
    assert "note: upgraded" in first.stderr and "from schema 1 to 2" in first.stderr
    second = cli("threads")
    assert second.exit_code == 0 and "upgraded" not in second.stderr
    exported = cli.json("export")
    assert [p["official"] for p in exported["posts"]] == [False] * 4
    assert len(exported["units"]) > 0 and len(exported["relations"]) > 0
    # The thread the earlier argmap stored is the one ingest finds again: not a copy, and nothing to change.
    again = cli.json("ingest", str(V1 / "thread.jsonl"))
    assert [t["changes"]["status"] for t in again["threads"]] == ["unchanged"]
    assert len(cli.json("threads")) == 1
