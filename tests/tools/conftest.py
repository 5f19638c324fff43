"""Fixtures of the bad-input catalogue (the fixture site and its gates: catalogue.py)."""

from __future__ import annotations

from pathlib import Path

import catalogue
import pytest


@pytest.fixture(scope="session")
def pristine_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, written once per session (copied again for every test)."""
    return catalogue.write_pristine(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def site_tree(pristine_tree: Path, tmp_path: Path) -> catalogue.Tree:
    """A fresh copy of the fixture site for one test."""
    return catalogue.copy(pristine_tree, tmp_path / "repo")
