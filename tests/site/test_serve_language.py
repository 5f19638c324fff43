"""What the glossary plugin does only while serving: ``DLGLOSSARY_SERVE_LANGUAGE=zh`` builds
Chinese only and ``=en`` English only with a nearly empty Chinese build (``mkdocs build``
ignores both), and the page-weight step is kept per page.

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


def test_serving_english_alone_writes_the_english_pages_of_a_full_build(
    project, tmp_path, monkeypatch
):
    """The Chinese build keeps its home page only (the site root); every English file is the
    one the default serve writes."""
    _build(project, tmp_path / "full", "serve")
    monkeypatch.setenv("DLGLOSSARY_SERVE_LANGUAGE", "en")
    _build(project, tmp_path / "served", "serve")
    full, served = tmp_path / "full" / "en", tmp_path / "served" / "en"
    english = sorted(p.relative_to(full) for p in full.rglob("*") if p.is_file())
    assert [p.relative_to(served) for p in sorted(served.rglob("*")) if p.is_file()] == english
    assert any(p.parts[0] == "terms" for p in english)
    for path in english:
        assert (served / path).read_bytes() == (full / path).read_bytes(), path
    chinese = [p.relative_to(tmp_path / "served") for p in (tmp_path / "served").rglob("*.html")]
    assert sorted(str(p) for p in chinese if p.parts[0] != "en") == ["404.html", "index.html"]
    root = (tmp_path / "served" / "index.html").read_text(encoding="utf-8")
    assert "DLGLOSSARY_SERVE_LANGUAGE=en" in root  # the stand-in home page, pointing at /en/
    assert (tmp_path / "full" / "terms" / "relu" / "index.html").is_file()


def test_mkdocs_build_ignores_english_alone(project, tmp_path, monkeypatch):
    monkeypatch.setenv("DLGLOSSARY_SERVE_LANGUAGE", "en")
    _build(project, tmp_path / "built", "build")
    assert (tmp_path / "built" / "terms" / "relu" / "index.html").is_file()
    assert (tmp_path / "built" / "en" / "terms" / "relu" / "index.html").is_file()


def test_a_language_the_site_does_not_have_is_named_with_the_fix(
    project, tmp_path, monkeypatch, caplog
):
    monkeypatch.setenv("DLGLOSSARY_SERVE_LANGUAGE", "fr")
    with pytest.raises(Abort):
        _build(project, tmp_path / "served", "serve")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        "DLGLOSSARY_SERVE_LANGUAGE=fr: not a language of the site; set it to one of zh, en, "
        "or unset DLGLOSSARY_SERVE_LANGUAGE to serve every language"
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
