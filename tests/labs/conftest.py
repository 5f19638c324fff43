"""Run the labs in the background while the rest of the suite runs.

A lab executes in its own kernel process (about 7 s: torch and matplotlib imports), so
starting it as soon as collection ends, and running the lab tests last, overlaps it with
the in-process tests on a 2-core machine instead of adding its time to the suite.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from dlglossary import labs

_RUNS: dict[str, Future] = {}


def _is_lab_test(item: pytest.Item) -> bool:
    return Path(__file__).parent in item.path.parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Lab tests last, so the other tests run while the kernel works."""
    items.sort(key=_is_lab_test)  # stable: the order within each group is kept


def pytest_collection_finish(session: pytest.Session) -> None:
    if _RUNS or not any(_is_lab_test(item) for item in session.items):
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="labs")
    for lab, paths in labs.labs().items():
        _RUNS[lab] = pool.submit(labs.execute, paths[0])
    pool.shutdown(wait=False)


@pytest.fixture(scope="session")
def executed_labs() -> dict:
    """Lab name -> its (first language's) notebook, executed top to bottom in a fresh kernel."""
    return {lab: run.result() for lab, run in _RUNS.items()}
