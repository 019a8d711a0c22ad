"""``argmap evidence`` from the command line (the library and the links are tested through the API in
tests/evidence and tests/render)."""

from __future__ import annotations

from argmap.config import Settings
from tests.cli.conftest import Cli
from tests.render.test_export_evidence import _store


def test_evidence_sources_limit_cuts_the_table_and_says_how_many_more(cli: Cli) -> None:
    """The 12 shared threads cite 547 sources: `evidence sources` printed all of them, a 1,700-line table."""
    _store(Settings(db=str(cli.db)))
    everything = cli.json("evidence", "sources")
    assert len(everything) == 2  # --json gives every source unless told a --limit
    cut = cli("evidence", "sources", "--limit", "1")
    assert cut.exit_code == 0, cut.output
    assert "1 more not shown: a larger --limit, or --json for all" in cut.stdout
    assert "doi:10.1234/abc" in cut.stdout or "https://example.org/study" in cut.stdout
    assert not ("doi:10.1234/abc" in cut.stdout and "https://example.org/study" in cut.stdout)
    assert [s["id"] for s in cli.json("evidence", "sources", "--limit", "1")] == [everything[0]["id"]]
    assert "more not shown" not in cli("evidence", "sources").stdout  # 2 sources: under the default of 30


def test_evidence_stats_of_one_thread_count_the_sources_it_cites(cli: Cli) -> None:
    """stats had no --thread: the counts of one debate (its authors, the sources it cites) could not be had."""
    _store(Settings(db=str(cli.db)))
    assert cli.json("stats")["evidence_sources"] == 2
    offices = cli.json("stats", "--thread", "Offices")
    assert (offices["threads"], offices["posts"], offices["authors"], offices["evidence_sources"]) == (1, 2, 2, 1)
    assert offices["relations"] == {"evidence": 1, "support": 1}
    assert cli.json("stats", "--thread", "Desks")["units"] == {"claim": 1}
    missing = cli("stats", "--thread", "Gardens")
    assert missing.exit_code == 1 and "argmap threads" in missing.stderr
    assert cli("stats", "--thread", "Desks").exit_code == 0
