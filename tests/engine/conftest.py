"""Fixtures for the tests of the dlglossary package."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture
def snippets_dir(tmp_path, monkeypatch):
    """A temporary `snippets` package, importable as `snippets` for the duration of a test."""
    package = tmp_path / "pkg" / "snippets"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(package.parent))
    saved = {k: v for k, v in sys.modules.items() if k == "snippets" or k.startswith("snippets.")}
    for key in saved:
        del sys.modules[key]
    yield package
    for key in [k for k in sys.modules if k == "snippets" or k.startswith("snippets.")]:
        del sys.modules[key]
    sys.modules.update(saved)
