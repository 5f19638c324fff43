"""Fixtures of the bad-input catalogue (the fixture site and its gates: catalogue.py)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
from pathlib import Path

import catalogue
import early
import pytest
import warm_python
from warm_python import WarmPython

_SPARE: queue.SimpleQueue[Path] = queue.SimpleQueue()  # copies of the fixture site made ahead


@pytest.fixture(scope="session")
def pristine_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, written once per session (copied again for every test)."""
    return early.get("pristine_tree", tmp_path_factory)


@early.resource("pristine_tree", used_by={"pristine_tree"})
def _prepare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return catalogue.write_pristine(tmp_path_factory.mktemp("pristine"), warm_python.shared())


@early.resource("spare_trees", used_by={"site_tree"})
def _copy_ahead(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One copy of the fixture site per test that will want one, made in the background (by
    another process: copying in this one would hold up the tests running here)."""
    pristine = early.get("pristine_tree", tmp_path_factory)
    spares = tmp_path_factory.mktemp("spare")
    wanted = early.count("site_tree")
    script = (
        "import sys; from pathlib import Path; from catalogue import copy_files\n"
        "for n in range(int(sys.argv[3])):\n"
        "    copy_files(Path(sys.argv[1]), Path(sys.argv[2]) / str(n))\n"
        "    print(Path(sys.argv[2]) / str(n), flush=True)\n"
    )
    path = os.pathsep.join([str(Path(__file__).parent), str(Path(__file__).parents[1])])
    with subprocess.Popen(
        [sys.executable, "-c", script, str(pristine), str(spares), str(wanted)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path},
        text=True,
    ) as copier:
        for line in copier.stdout:
            _SPARE.put(Path(line.strip()))


@pytest.fixture
def site_tree(pristine_tree: Path, tmp_path: Path, warm_python: WarmPython) -> catalogue.Tree:
    """A fresh copy of the fixture site for one test (made ahead in the background, if one is
    ready: copying takes a fifth of a second)."""
    root = tmp_path / "repo"
    try:
        os.rename(_SPARE.get_nowait(), root)
    except queue.Empty:
        catalogue.copy_files(pristine_tree, root)
    return catalogue.Tree(root, catalogue.Gate(root, warm_python))
