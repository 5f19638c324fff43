"""Fixtures of the bad-input catalogue (the fixture site and its gates: catalogue.py)."""

from __future__ import annotations

from pathlib import Path

import catalogue
import pytest
from warm_python import WarmPython


@pytest.fixture(scope="session")
def pristine_tree(tmp_path_factory: pytest.TempPathFactory, warm_python: WarmPython) -> Path:
    """The fixture site, written once per session (copied again for every test)."""
    return catalogue.write_pristine(tmp_path_factory.mktemp("pristine"), warm_python)


@pytest.fixture
def site_tree(pristine_tree: Path, tmp_path: Path, warm_python: WarmPython) -> catalogue.Tree:
    """A fresh copy of the fixture site for one test."""
    return catalogue.copy(pristine_tree, tmp_path / "repo", warm_python)
