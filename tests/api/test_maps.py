"""``api.write_output``: a map or export is written whole or not at all; ``hops`` is refused without ``claim``."""

from __future__ import annotations

import os
import resource
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from argmap import api
from argmap.api import write_output
from argmap.errors import ArgmapError, QueryError
from tests.query.conftest import OPEN, stored

FIX = "choose another -o path"


@contextmanager
def file_size_limit(size: int) -> Iterator[None]:
    """Writes past ``size`` bytes fail (EFBIG) as they would on a full disk, part-way through the file."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def test_maps_write_output_failing_part_way_keeps_the_earlier_file(tmp_path: Path) -> None:
    output = tmp_path / "map.html"
    output.write_text("<html>the map of yesterday</html>", encoding="utf-8")
    with file_size_limit(64 * 1024), pytest.raises(ArgmapError, match=r"cannot write .*map\.html'.*; choose another"):
        write_output(output, "<p>a bigger map</p>" * 20_000, fix=FIX)
    assert output.read_text(encoding="utf-8") == "<html>the map of yesterday</html>"  # was cut to 64 KB of the new
    assert os.listdir(tmp_path) == ["map.html"]  # no partial file left beside it


def test_maps_write_output_keeps_permissions_and_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert write_output(link, '{"argmap_json": 1}\n', fix=FIX) == link
    assert link.is_symlink() and target.read_text(encoding="utf-8") == '{"argmap_json": 1}\n'
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["export.json", "latest.json"]


def test_maps_write_output_to_a_device_or_a_folder(tmp_path: Path) -> None:
    write_output(Path(os.devnull), "ignored", fix=FIX)  # written to, not replaced by a file
    assert Path(os.devnull).is_char_device()
    with pytest.raises(ArgmapError, match=r"cannot write .*: Is a directory; choose another -o path$"):
        write_output(tmp_path, "text", fix=FIX)


def test_maps_write_output_in_a_folder_it_may_not_write_still_writes_the_file(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that may be written, in a folder that may not (no new file beside it): written in place, as before
    the new file beside it was tried first."""
    output = tmp_path / "map.html"
    output.write_text("old", encoding="utf-8")
    real = Path.open

    def no_new_files(self: Path, *args: object, **kwargs: object) -> object:
        if self.name.endswith(".partial"):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", no_new_files)
    write_output(output, "new", fix=FIX)
    assert output.read_text(encoding="utf-8") == "new"
    with pytest.raises(ArgmapError, match=r"cannot write .*other\.html': Permission denied; choose another -o path"):
        write_output(tmp_path / "other.html", "new", fix=FIX)  # no file there to write in place


@pytest.mark.parametrize("call", [api.render_map, api.map_graph, api.show_map])
@pytest.mark.parametrize("hops", [3, 2, 0])  # 2 is the default's value: given, it is still refused
def test_maps_hops_without_claim_is_refused(tmp_path: Path, call: object, hops: int) -> None:
    """``render_map(hops=3)`` without ``claim`` drew every unit, the reach silently ignored, while the CLI refused
    ``--hops`` without ``--claim``: the API refuses it now, with the same message."""
    settings = stored(tmp_path / "open.db", OPEN)
    assert callable(call)
    with pytest.raises(QueryError, match=rf"^--hops {hops} needs --claim: .*--claim ID, or leave out --hops$"):
        call(settings=settings, hops=hops)


def test_maps_hops_with_claim_or_left_out(tmp_path: Path) -> None:
    """Left out, ``hops`` is the default reach around a claim, and a map without a claim draws everything."""
    settings = stored(tmp_path / "open.db", OPEN)
    claim = OPEN[1].units[3].id(OPEN[0].key)  # cy's: one attack from bob's, two from ann's claim
    assert len(api.map_graph(settings=settings)) == 6
    assert len(api.map_graph(settings=settings, claim=claim)) == 3  # DEFAULT_HOPS, 2: cy, bob, ann's claim
    assert len(api.map_graph(settings=settings, claim=claim, hops=1)) == 2
    page = api.render_map(settings=settings, claim=claim)
    assert isinstance(page, str) and "within 2 relations of it" in page


def test_maps_min_confidence_keeps_a_sure_relation_beside_a_weak_one_between_the_same_units(tmp_path: Path) -> None:
    """The graph keeps one relation per pair of units, a support before evidence; it was built before the
    confidence cut, so a 0.3 support kept there and then cut took the 0.7 evidence link of the same two units with
    it: the map drew 15 relations where every export had 17. The cut is now made as the graph is built, for a
    stored thread's map and a thread read in memory alike."""
    import dataclasses

    from tests.query.conftest import build

    thread, extraction = build("pair", "Pair", [
        ("1", None, "ann", 1, [("claim", "Remote work raises output.", []),
                               ("premise", "A study of 16,000 workers found 13 % more calls.", [])])],
        relations=[(1, 0, "support"), (1, 0, "evidence")])
    extraction.relations[0] = dataclasses.replace(extraction.relations[0], confidence=0.3)
    settings = stored(tmp_path / "pair.db", (thread, extraction))
    graph = api.map_graph(settings=settings, min_confidence=0.6)
    assert [kind for _, _, kind in graph.edges(data="kind")] == ["evidence"]
    exported = api.export(settings=settings, min_confidence=0.6, topic=None)
    assert [r["kind"] for r in exported["relations"]] == ["evidence"]  # type: ignore[index]
    # and a thread read without a database, drawn as it would be once stored
    unstored = api.thread_graph(thread, extraction, min_confidence=0.6)
    assert [kind for _, _, kind in unstored.edges(data="kind")] == ["evidence"]
