"""Deferred imports (dlglossary.speed.lazy) and the JSON caches (dlglossary.speed.disk_cache)."""

from __future__ import annotations

import json
import sys

import pytest

from dlglossary.speed import lazy
from dlglossary.speed.disk_cache import JsonCache


@pytest.fixture
def heavy_module(tmp_path, monkeypatch):
    """A module that records each time its body runs."""
    (tmp_path / "heavy_demo.py").write_text(
        "import builtins\n"
        "builtins.heavy_demo_runs = getattr(builtins, 'heavy_demo_runs', 0) + 1\n"
        "VALUE = 42\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import builtins

    monkeypatch.setattr(builtins, "heavy_demo_runs", 0, raising=False)
    yield "heavy_demo"
    sys.modules.pop("heavy_demo", None)


def test_deferred_module_runs_on_first_attribute_not_on_import(heavy_module):
    import builtins

    assert lazy.defer(heavy_module) is True
    import heavy_demo  # the import statement alone must not run the module

    assert builtins.heavy_demo_runs == 0
    assert heavy_demo.VALUE == 42
    assert heavy_demo.VALUE == 42
    assert builtins.heavy_demo_runs == 1
    assert sys.modules[heavy_module].VALUE == 42  # the real module replaced the stand-in


def test_defer_leaves_imported_and_unknown_modules_alone():
    assert lazy.defer("json") is False  # already imported
    assert lazy.defer("no_such_module_for_sure") is False
    assert "no_such_module_for_sure" not in sys.modules


def test_cache_computes_once_and_persists(tmp_path):
    path = tmp_path / "c.json"
    calls = []
    cache = JsonCache(path)
    assert cache.get("k", lambda: calls.append(1) or [1, 2]) == [1, 2]
    assert cache.get("k", lambda: calls.append(1) or [9]) == [1, 2]
    cache.save()
    assert calls == [1]
    assert JsonCache(path).get("k", lambda: pytest.fail("recomputed")) == [1, 2]


def test_save_drops_entries_the_build_did_not_use(tmp_path):
    path = tmp_path / "c.json"
    cache = JsonCache(path)
    cache.get("old", lambda: 1)
    cache.get("kept", lambda: 2)
    cache.save()
    cache.get("kept", lambda: 0)  # the next build only used "kept"
    cache.save()
    assert json.loads(path.read_text())["entries"] == {"kept": 2}


def test_a_cache_no_build_touched_is_left_alone(tmp_path):
    """Two sites built in one process: saving after site B must not empty site A's cache."""
    path = tmp_path / "c.json"
    cache = JsonCache(path)
    cache.get("a", lambda: 1)
    cache.save()
    cache.save()  # a later build that never used this cache
    assert json.loads(path.read_text())["entries"] == {"a": 1}


def test_entries_written_under_another_code_state_are_not_read(tmp_path):
    """A cache file stamped by other engine code (or other package versions) reads as empty."""
    path = tmp_path / "c.json"
    old = JsonCache(path, state="old engine")
    old.get("k", lambda: "old value")
    old.save()
    assert JsonCache(path, state="old engine").get("k", lambda: "new value") == "old value"
    assert JsonCache(path, state="new engine").get("k", lambda: "new value") == "new value"
