"""Slow session resources, prepared in the background while the tests that do not need them run.

Building the site, writing and building the bad-input catalogue's fixture tree, importing every
snippet in a fresh interpreter: each takes seconds of a subprocess, during which the test
process would only wait. A test module or conftest declares such a resource with
:func:`resource`: a function of the session's ``tmp_path_factory`` that makes it, and the
fixtures whose tests need it. tests/conftest.py then runs those tests after all the others,
and starts preparing the resources that collected tests need, one after another in a
background thread, in the order the tests will first use them, as the first test starts. The
fixture that provides a resource takes it with :func:`get`, which waits for it (or prepares
it right then if its preparation has not started; so a preparation may ``get`` another
resource); an exception raised while preparing it is raised there, in every test that uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class _Recipe:
    prepare: Callable[[pytest.TempPathFactory], Any]
    used_by: frozenset[str]  # fixture names
    eager: bool = False  # prepared before the others, whenever its first user runs


_RECIPES: dict[str, _Recipe] = {}
_JOBS: dict[str, Future] = {}
_POOL: list[ThreadPoolExecutor] = []
_ITEMS: list[pytest.Item] = []  # the session's tests, once started


def resource(name: str, used_by: Iterable[str], *, eager: bool = False):
    """Decorator: the function, called with ``tmp_path_factory``, makes the resource ``name``;
    tests that use any fixture in ``used_by`` need it. ``eager``: prepare it before the
    others (for a preparation that only starts a process and returns)."""

    def register(prepare):
        _RECIPES[name] = _Recipe(prepare, frozenset(used_by), eager)
        return prepare

    return register


def needs(item: pytest.Item) -> bool:
    """Whether the test uses a resource declared here."""
    return rank(item) > 0


def rank(item: pytest.Item) -> int:
    """0 if the test uses no resource declared here, else 1 + the position (in the order they
    are declared) of the last one it uses: sorting by rank runs a test as soon as what it needs
    is likely ready."""
    names = set(getattr(item, "fixturenames", ()))
    used = [i for i, recipe in enumerate(_RECIPES.values(), 1) if recipe.used_by & names]
    return max(used, default=0)


def start(items: Iterable[pytest.Item], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Start preparing, in the background, every resource that one of ``items`` needs, in the
    order the tests (in their final order) first use them, eager ones first."""
    _ITEMS[:] = items
    first_use: dict[str, int] = {}
    for position, item in enumerate(_ITEMS):
        names = set(getattr(item, "fixturenames", ()))
        for name, recipe in _RECIPES.items():
            if name not in first_use and recipe.used_by & names:
                first_use[name] = position
    for name in sorted(first_use, key=lambda n: (not _RECIPES[n].eager, first_use[n])):
        if name not in _JOBS:
            _submit(name, tmp_path_factory)


def start_now(names: Iterable[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Start preparing the resources ``names`` (declared by then) before collection is over:
    for a run known to need them, collection's seconds of imports are a head start."""
    for name in names:
        if name in _RECIPES and name not in _JOBS:
            _submit(name, tmp_path_factory)


def _submit(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not _POOL:  # one worker: the other core runs the tests
        _POOL.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="early"))
    _JOBS[name] = _POOL[0].submit(_RECIPES[name].prepare, tmp_path_factory)


def count(fixture: str) -> int:
    """How many of the session's tests use ``fixture`` (for a preparation)."""
    return sum(fixture in getattr(item, "fixturenames", ()) for item in _ITEMS)


def get(name: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The resource ``name``: waits for its background preparation, or prepares it now.

    While it is being prepared elsewhere, this thread does not sit idle: it takes the
    preparations still queued behind it (in their order) and does them itself, until the
    resource is ready (on a cold start the site build alone takes half a minute).
    """
    job = _JOBS.get(name)
    if job is not None and job.cancel():  # still queued: prepare it here rather than wait
        job = None
    if job is None:
        job = _prepare_here(name, tmp_path_factory)
    while not job.done():
        queued = next((n for n, other in list(_JOBS.items()) if other.cancel()), None)
        if queued is None:
            break
        _prepare_here(queued, tmp_path_factory)
    return job.result()


def _prepare_here(name: str, tmp_path_factory: pytest.TempPathFactory) -> Future:
    job = _JOBS[name] = Future()
    job.set_running_or_notify_cancel()  # another thread asking for it now waits for it
    try:
        job.set_result(_RECIPES[name].prepare(tmp_path_factory))
    except BaseException as exc:
        job.set_exception(exc)
    return job


def stop() -> None:
    """Drop the preparations that have not started (the session is over)."""
    for pool in _POOL:
        pool.shutdown(wait=False, cancel_futures=True)
