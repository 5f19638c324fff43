"""Fixtures for the tests of the dlglossary package."""

from __future__ import annotations

import pytest

from dlglossary.project import Project
from dlglossary.tools.outputs import snippets_of


@pytest.fixture
def snippets_dir(tmp_path):
    """A temporary `snippets` package, importable as `snippets` for the duration of a test."""
    package = tmp_path / "pkg" / "snippets"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    with snippets_of(Project(package.parent)):
        yield package
