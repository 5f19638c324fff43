"""Shared fixtures.

``built_site``: the whole site, built ONCE per test session with ``mkdocs build --strict``
into a temporary directory, for every test that asserts on the output (tests/site/,
tests/e2e/). Use it, never build again in a test:

    def test_something(built_site):
        html = (built_site.path / "en" / "index.html").read_text(encoding="utf-8")

``built_site.path`` is the output directory (a ``Path``), ``built_site.url`` the
``site_url`` it was built with: ``http://127.0.0.1:<free port>/dl-glossary/``, the
address under which tests/e2e/ serves it (a GitHub Pages project site lives under
``/<repo>/``, so the site is tested under a sub-path too).

Slow resources like ``built_site`` are prepared in the background while the tests that do not
need them run, and the tests that need them run last (see early.py).
"""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import early
import pytest
from repo import PROJECT
from warm_python import WarmPython, close_shared, shared

from dlglossary.project import Project

ROOT = Path(__file__).resolve().parent.parent
SUBPATH = "dl-glossary"


@pytest.fixture(scope="session")
def project() -> Project:
    """The repository under test."""
    return PROJECT


# The snippets compute on tiny tensors, where torch's (and BLAS's) thread pools only add
# hand-offs between threads: one thread is about a third faster here, and leaves the other
# core to the work prepared in the background. Set before anything imports torch; the
# subprocesses (lab kernel, fresh interpreters, gates) inherit it.
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


@pytest.hookimpl(tryfirst=True)  # before tests/labs/conftest.py moves the lab tests last
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need a resource prepared in the background (early.py) run after the others,
    those whose resources are prepared first first, the browser tests last: a browser needs
    both cores, so they run once the background work is done.

    Coverage of ``snippets/`` (the 95 % gate) is measured while the snippet tests run. Every
    other test checks the engine, the built site or the contributor tooling and runs no snippet
    code in this process, and so do snippet tests marked ``no_snippet_code``: pytest-cov pauses
    for them (``no_cover``), since tracing every line of MkDocs, matplotlib and the other
    libraries they run roughly doubles their time.
    """
    items.sort(key=lambda item: (early.needs(item), "e2e" in item.keywords, early.rank(item)))
    if config.getoption("no_cov", default=True):  # pytest-cov off (its no_cover would crash)
        return
    snippet_tests = ROOT / "tests" / "snippets"
    for item in items:
        if snippet_tests not in item.path.parents or item.get_closest_marker("no_snippet_code"):
            item.add_marker(pytest.mark.no_cover)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (torch, matplotlib, MkDocs, every test module) stays until the
    end: keep it out of the garbage collector's full passes, which would otherwise walk all
    of it again and again (gc.freeze; garbage the tests make is collected as usual)."""
    gc.freeze()


def pytest_sessionstart(session: pytest.Session) -> None:
    """A run of the whole suite (plain ``pytest``: no paths, ``-k``, ``-m`` or ``--lf``) needs
    the built site: start building it now, while collection imports torch and the test
    modules on the other core, rather than once the first test starts."""
    config = session.config
    whole_suite = (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not config.option.keyword
        and not config.option.markexpr
        and not config.getoption("lf", default=False)
        and not config.getoption("deselect", default=None)
    )
    if whole_suite:
        early.start_now(["built_site"], config._tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def _prepare_early(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """As the first test starts, start preparing what the collected tests will need."""
    early.start(request.session.items, tmp_path_factory)
    yield
    early.stop()
    close_shared()


@pytest.fixture(scope="session")
def warm_python(tmp_path_factory: pytest.TempPathFactory) -> WarmPython:
    """The warm interpreter that runs ``python <args>`` commands in throw-away trees
    (tests/warm_python.py); the tests using it run late, when it has imported everything."""
    return early.get("warm_python", tmp_path_factory)


@early.resource("warm_python", used_by={"warm_python"}, eager=True)  # imports in its own process
def _start_warm_python(tmp_path_factory: pytest.TempPathFactory) -> WarmPython:
    python = shared()
    python.start()
    return python


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site built once with ``--strict`` (a failed build fails every test using it)."""
    return early.get("built_site", tmp_path_factory)


@early.resource("built_site", used_by={"built_site"})
def _build_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("site")
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
