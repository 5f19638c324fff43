"""Run the labs in the background while the rest of the suite runs.

A lab executes in its own kernel process (about 7 s: torch and matplotlib imports), so it is
prepared in the background (tests/early.py: after the other slow resources, which the tests
need sooner) and the lab tests run last; on a 2-core machine that overlaps it with the other
tests instead of adding its time to the suite.
"""

from __future__ import annotations

from pathlib import Path

import early
import pytest
from repo import PROJECT

from dlglossary.tools import labs


def _is_lab_test(item: pytest.Item) -> bool:
    return Path(__file__).parent in item.path.parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Lab tests last, so the other tests run while the kernel works."""
    items.sort(key=_is_lab_test)  # stable: the order within each group is kept


@pytest.fixture(scope="session")
def executed_labs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Lab name -> its (first language's) notebook, executed top to bottom in a fresh kernel."""
    return early.get("executed_labs", tmp_path_factory)


@early.resource("executed_labs", used_by={"executed_labs"})
def _execute_labs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    labs_ = labs.labs(PROJECT.docs_dir)
    return {lab: labs.execute(paths[0], PROJECT.root) for lab, paths in labs_.items()}
