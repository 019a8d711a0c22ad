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
    # The thread the earlier argmap stored is the one ingest finds again: not a copy, its posts and units as they
    # were (its relations follow the rules of the argmap that reads it: v18 adds one support to it).
    again = cli.json("ingest", str(V1 / "thread.jsonl"))
    [changes] = [t["changes"] for t in again["threads"]]
    assert changes["status"] in ("unchanged", "updated") and not changes["title_changed"]
    assert [changes[k] for k in ("posts_added", "posts_removed", "posts_edited", "units_added", "units_removed",
                                 "units_changed")] == [0] * 6
    assert len(cli.json("threads")) == 1
