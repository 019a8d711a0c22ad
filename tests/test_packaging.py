"""The built wheel holds everything argmap needs at run time, and runs from it alone.

The editable install every other test uses reads data files from the source tree, so a file left out of
``package-data`` would only show after a real ``pip install``. This builds the wheel as pip would (an isolated
build, with the build requirements pyproject.toml names) and runs the sample through the unpacked wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.conftest import CORPORA, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the tracked files: setuptools writes build/ into the tree it builds, and two test workers
    # building in the project at once failed on each other's build/bdist.../argmap-0.1.0.dist-info.
    source = tmp_path_factory.mktemp("source")
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in listed.stdout.splitlines():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = out.glob("argmap-*.whl")
    return built


def _tracked_package_files() -> set[str]:
    listed = subprocess.run(["git", "ls-files", "argmap"], cwd=ROOT, capture_output=True, text=True, check=True)
    return {name for name in listed.stdout.splitlines() if name}


@pytest.mark.slow
def test_wheel_holds_every_package_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = Parser().parsestr(archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
                                     .decode())
        entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    missing = sorted(_tracked_package_files() - names)
    assert not missing, f"left out of the wheel (add them to package-data): {missing}"
    assert "argmap/data/kinds.json" in names
    assert metadata["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "argmap = argmap.cli:main" in entry_points
    assert "argmap_units = argmap.nlp.factories:make_units" in entry_points


@pytest.mark.slow
def test_sample_runs_from_the_unpacked_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("ARGMAP_DB", None)
    probe = subprocess.run([sys.executable, "-c", "import argmap; print(argmap.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True)
    assert Path(probe.stdout.strip()).is_relative_to(site), probe.stdout
    for args in (["ingest", str(CORPORA / "hn-open-models.txt"), "--json"], ["render"]):
        done = subprocess.run([sys.executable, "-m", "argmap", *args], cwd=work, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    assert (work / "argmap.db").stat().st_size > 0
    page = (work / "graphs" / "map.html").read_text(encoding="utf-8")
    assert "vis-network" in page or "vis.Network" in page
    assert "5x" in page or "Gemma" in page
