"""The labs, executed once per run (each in its own kernel process: about 7 s)."""

from __future__ import annotations

import pytest
from repo import PROJECT

from dlglossary.tools import labs


@pytest.fixture(scope="session")
def executed_labs() -> dict:
    """Lab name -> its (first language's) notebook, executed top to bottom in a fresh kernel."""
    labs_ = labs.labs(PROJECT.docs_dir)
    return {lab: labs.execute(paths[0], PROJECT.root) for lab, paths in labs_.items()}
