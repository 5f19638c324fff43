"""What the glossary plugin does only while serving: ``DLGLOSSARY_SERVE_LANGUAGE=zh`` builds
Chinese only (``mkdocs build`` ignores it), and the page-weight step is kept per page.

The fixture site is built in-process, told it is served the way ``mkdocs serve`` tells its
plugins (``on_startup``), or built as ``mkdocs build`` does.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from fixture_site import write_site
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from dlglossary.core.html_weight import drop_indentation
from dlglossary.site.plugin import GlossaryPlugin


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


def test_while_serving_the_page_weight_step_is_kept_per_page_and_follows_its_input(monkeypatch):
    """The served-pages memo of ``on_post_page`` returns what the pure step returns for
    every input, a changed page included, and is off under the switch."""
    plugin, page = GlossaryPlugin(), SimpleNamespace(url="terms/x/")
    plugin.serving = True
    first, second = "<div>\n    <p>a</p>\n</div>", "<div>\n    <p>b</p>\n</div>"
    for html in (first, first, second, first):
        assert plugin.on_post_page(html, page=page, config=None) == drop_indentation(html)
    assert plugin._dropped[page.url][1] == drop_indentation(first)
    monkeypatch.setenv("DLGLOSSARY_NO_SPEED", "served-pages")
    plugin._dropped.clear()
    assert plugin.on_post_page(second, page=page, config=None) == drop_indentation(second)
    assert plugin._dropped == {}
