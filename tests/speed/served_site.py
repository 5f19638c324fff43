"""The fixture site built in-process as ``mkdocs serve`` builds it (one process, the
``build_cache`` hook told it is serving), once per test module, and restored for each test:
the shared state of the page-cache and site-folder tests (fixtures via tests/speed/conftest.py).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from fixture_site import write_site
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dlglossary.speed import build_cache, disk_cache, language_rebuild, page_cache

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "dlglossary" / "speed" / "build_cache.py"


def build_site(root: Path, out: Path, serving: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    monkeypatch.setitem(build_cache._session, "serving", serving)
    if not serving:
        monkeypatch.setenv("DLGLOSSARY_NO_SPEED", "1")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
    build(config, serve_url="http://127.0.0.1:8000/" if serving else None)
    monkeypatch.delenv("DLGLOSSARY_NO_SPEED", raising=False)


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The fixture site with the hook, built once "under serve" with a fresh page cache, and a
    snapshot of the project, the output and the page cache right after that first build."""
    base = tmp_path_factory.mktemp("served")
    root = write_site(base / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"hooks:\n  - {HOOK}\n", "utf-8")
    cache = page_cache.PageCache()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, cache, builds=0)
        build_site(root, base / "served", True, monkeypatch)
        builds = build_cache._session["builds"]
    for name in ("project", "served"):
        shutil.copytree(base / name, base / "snapshot" / name)
    return SimpleNamespace(base=base, cache=cache, builds=builds)


def _isolate(monkeypatch: pytest.MonkeyPatch, cache: page_cache.PageCache, builds: int) -> None:
    """The serve session's state in this process: its page cache, its build count, and no
    in-memory disk or template cache of an earlier test's project."""
    monkeypatch.setattr(build_cache, "_page_cache", cache)
    # No earlier build of this session: the next build is a full one (language_rebuild).
    monkeypatch.setattr(build_cache, "_planner", language_rebuild.Planner())
    monkeypatch.setitem(build_cache._session, "builds", builds)
    monkeypatch.setattr(disk_cache, "_caches", {})
    monkeypatch.setattr(build_cache, "_template_caches", {})


@pytest.fixture
def served(primed: SimpleNamespace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The state right after the first build under serve, restored from :func:`primed`'s
    snapshot at the same paths (the page cache's keys hold the project's paths), so that
    every test edits and rebuilds its own copy without building it first."""
    for name in ("project", "served"):
        shutil.rmtree(primed.base / name)
        shutil.copytree(primed.base / "snapshot" / name, primed.base / name)
    cache = copy.deepcopy(primed.cache)
    _isolate(monkeypatch, cache, builds=primed.builds)
    root, out = primed.base / "project", primed.base / "served"
    return SimpleNamespace(root=root, out=out, cache=cache, tmp=tmp_path, pages=cache.misses)
