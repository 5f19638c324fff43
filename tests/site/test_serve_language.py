"""``DLGLOSSARY_SERVE_LANGUAGE=zh mkdocs serve`` builds Chinese only; ``mkdocs build`` ignores it.

The fixture site is built in-process, told it is served the way ``mkdocs serve`` tells its
plugins (``on_startup``), or built as ``mkdocs build`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import write_site
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort


def _build(root: Path, out: Path, command: str) -> None:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command=command, dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_site(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def test_serving_one_language_builds_only_its_pages(project, tmp_path, monkeypatch):
    monkeypatch.setenv("DLGLOSSARY_SERVE_LANGUAGE", "zh")
    _build(project, tmp_path / "served", "serve")
    served = tmp_path / "served"
    assert (served / "terms" / "relu" / "index.html").is_file()
    assert (served / "search" / "search_index.json").is_file()
    assert not (served / "en").exists()


def test_mkdocs_build_ignores_the_serve_language(project, tmp_path, monkeypatch):
    """CI and deployments build every language whatever the environment says."""
    monkeypatch.setenv("DLGLOSSARY_SERVE_LANGUAGE", "zh")
    _build(project, tmp_path / "built", "build")
    assert (tmp_path / "built" / "en" / "terms" / "relu" / "index.html").is_file()


@pytest.mark.parametrize("value", ["en", "fr"])
def test_a_language_that_cannot_be_served_alone_is_named_with_the_fix(
    project, tmp_path, monkeypatch, caplog, value
):
    monkeypatch.setenv("DLGLOSSARY_SERVE_LANGUAGE", value)
    with pytest.raises(Abort):
        _build(project, tmp_path / "served", "serve")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        f"DLGLOSSARY_SERVE_LANGUAGE={value}: only zh (the default language, served at the site "
        "root) can be served alone; unset DLGLOSSARY_SERVE_LANGUAGE to serve every language"
    ]
