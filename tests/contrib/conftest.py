"""Fixtures of the bad-input catalogue (the fixture site and its gates: catalogue.py)."""

from __future__ import annotations

from pathlib import Path

import catalogue
import early
import pytest
import warm_python
from warm_python import WarmPython


@pytest.fixture(scope="session")
def pristine_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, written once per session (copied again for every test)."""
    return early.get("pristine_tree", tmp_path_factory)


@early.resource("pristine_tree", used_by={"pristine_tree"})
def _prepare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return catalogue.write_pristine(tmp_path_factory.mktemp("pristine"), warm_python.shared())


@pytest.fixture
def site_tree(pristine_tree: Path, tmp_path: Path, warm_python: WarmPython) -> catalogue.Tree:
    """A fresh copy of the fixture site for one test."""
    return catalogue.copy(pristine_tree, tmp_path / "repo", warm_python)
