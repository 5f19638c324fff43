"""Shared fixtures.

``built_site``: the whole site, built ONCE per test run with ``mkdocs build --strict`` into a
temporary directory, for every test that asserts on the output (tests/site/, tests/e2e/). Use
it, never build again in a test:

    def test_something(built_site):
        html = (built_site.path / "en" / "index.html").read_text(encoding="utf-8")

``built_site.path`` is the output directory (a ``Path``), ``built_site.url`` the
``site_url`` it was built with: ``http://127.0.0.1:<free port>/dl-glossary/``, the
address under which tests/e2e/ serves it (a GitHub Pages project site lives under
``/<repo>/``, so the site is tested under a sub-path too).

The suite runs on two pytest-xdist workers (``-n 2`` in pyproject's addopts). Tests that share
an expensive module- or session-scoped fixture run on the same worker (``xdist_group``, see
:func:`pytest_collection_modifyitems`), so each such fixture is made once per run; the site
build is in addition shared through a file lock (pytest-xdist's documented pattern for
session fixtures that must run only once), whatever the distribution.
"""

from __future__ import annotations

import gc
import json
import os
import socket
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import coverage
import pytest
from filelock import FileLock
from repo import PROJECT

from dlglossary.project import Project
from dlglossary.tools.outputs import snippets_of

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "dl-glossary"


@pytest.fixture(scope="session")
def project() -> Project:
    """The repository under test."""
    return PROJECT


# The snippets compute on tiny tensors, where torch's (and BLAS's) thread pools only add
# hand-offs between threads: one thread is about a third faster here, and leaves the other
# core to the other worker. Set before anything imports torch; the subprocesses (lab kernel,
# fresh interpreters, gates) inherit it.
os.environ.setdefault("OMP_NUM_THREADS", "1")


@dataclass(frozen=True)
class BuiltSite:
    """A built copy of the site."""

    path: Path  #: output directory, the site root (``index.html``, ``en/``, ``assets/``)
    url: str  #: ``site_url`` used for the build, ending in ``/dl-glossary/``
    port: int  #: the port in ``url``, free when the build started
    subpath: str = SUBPATH  #: the mount point's name, without slashes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Which worker runs what, and where coverage is traced.

    Under pytest-xdist (``--dist loadgroup``) every test that uses ``built_site`` is in one
    group (one worker builds the site, serves it and drives the browser, the other runs the
    rest meanwhile), and every other test is grouped with its module, so that a module- or
    session-scoped fixture of a module (a fixture site built once, the labs' kernel, the
    figures drawn once) is made once per run, as without xdist.

    Coverage of ``snippets/`` (the 95 % gate) is measured while the snippet tests run. Every
    other test checks the engine, the built site or the contributor tooling and runs no snippet
    code in its process, and so do snippet tests marked ``no_snippet_code``: pytest-cov pauses
    for them (``no_cover``), since tracing every line of MkDocs, matplotlib and the other
    libraries they run roughly doubles their time; the pause covers their fixtures' setup and
    teardown too (:func:`pytest_runtest_setup`), where pytest-cov pauses only the test itself.
    """
    for item in items:
        group = "built_site" if "built_site" in item.fixturenames else item.path.as_posix()
        item.add_marker(pytest.mark.xdist_group(group))
    if config.getoption("no_cov", default=True):  # pytest-cov off (its no_cover would crash)
        return
    snippet_tests = ROOT / "tests" / "snippets"
    for item in items:
        if snippet_tests not in item.path.parents or item.get_closest_marker("no_snippet_code"):
            item.add_marker(pytest.mark.no_cover)


@pytest.hookimpl(tryfirst=True)  # before pytest-cov starts the worker's coverage
def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop the coverage pytest-cov (7.1) starts by mistake in every pytest-xdist worker.

    A worker parses the same options, ``-n 2`` included (addopts), so pytest-cov starts its
    controller's coverage there too, and the worker's own on top of it at session start.
    Pausing the worker's coverage for a ``no_cover`` test then resumes the stray one underneath
    (coverage resumes the collector below the one it stops): every test was traced on the
    workers, the in-process builds at about twice their CPU time. Its data is never saved.
    """
    if getattr(session.config, "workerinput", None) is None:  # not a pytest-xdist worker
        return
    controller = getattr(session.config.pluginmanager.getplugin("_cov"), "cov_controller", None)
    if type(controller).__name__ == "DistMaster":
        controller.cov.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Coverage stays paused while a ``no_cover`` test's fixtures are made (fixture sites built
    in this process, gates run on copies): pytest-cov pauses for the test call only."""
    yield from _untraced(item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item):
    """As :func:`pytest_runtest_setup`, for the fixtures' teardown."""
    yield from _untraced(item)


def _untraced(item: pytest.Item):
    tracer = coverage.Coverage.current() if item.get_closest_marker("no_cover") else None
    if tracer is None:  # a traced test, or pytest-cov off
        yield
        return
    tracer.stop()
    try:
        yield
    finally:
        tracer.start()


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (torch, matplotlib, MkDocs, every test module) stays until the
    end: keep it out of the garbage collector's full passes, which would otherwise walk all
    of it again and again (gc.freeze; garbage the tests make is collected as usual)."""
    gc.freeze()


@pytest.fixture
def snippets_dir(tmp_path: Path):
    """A temporary `snippets` package, importable as `snippets` for the duration of a test."""
    package = tmp_path / "pkg" / "snippets"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    with snippets_of(Project(package.parent)):
        yield package


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltSite:
    """The site built once per run with ``--strict`` (a failed build fails every test using
    it). Under pytest-xdist the first worker that needs it builds it into the run's shared
    temporary directory and the others read where it is (pytest-xdist's "Making
    session-scoped fixtures execute only once")."""
    if worker_id == "master":  # not under xdist
        return _build_site(tmp_path_factory.mktemp("site"))
    shared_tmp = tmp_path_factory.getbasetemp().parent  # this run's, common to its workers
    record = shared_tmp / "built_site.json"
    with FileLock(str(record) + ".lock"):
        if record.is_file():
            fields = json.loads(record.read_text(encoding="utf-8"))
            return BuiltSite(**{**fields, "path": Path(fields["path"])})
        site = _build_site(shared_tmp / "site")
        record.write_text(json.dumps({**asdict(site), "path": str(site.path)}), encoding="utf-8")
    return site


def _build_site(out: Path) -> BuiltSite:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{SUBPATH}/"
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        output = f"{proc.stdout}\n{proc.stderr}"
        # The lines that failed the build first (a strict build aborts on any warning), then
        # everything it printed.
        problems = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
        pytest.fail(
            "mkdocs build --strict failed:\n" + "\n".join(problems[:10]) + f"\n\n{output}",
            pytrace=False,
        )
    return BuiltSite(path=out, url=url, port=port)
