"""URL stability: published URLs stay served, by a page or by a redirect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dlglossary.core.snippet_pages import API_MARKER
from dlglossary.project import Project
from dlglossary.tools import urls


def test_published_urls_are_served_and_new_ones_listed(project: Project) -> None:
    """Every listed URL has a page or a redirect, and every page URL is listed."""
    problems = urls.problems(project)
    assert not problems, "\n".join(problems)


@pytest.fixture
def tree(tmp_path: Path, project: Project) -> Project:
    """mkdocs.yml, the published URLs, a home page and one term in both languages."""
    shutil.copy(project.config_file, tmp_path / "mkdocs.yml")
    for lang in ("zh", "en"):
        page = tmp_path / "docs" / lang / "terms" / "relu.md"
        page.parent.mkdir(parents=True)
        page.write_text("# ReLU { #relu }\n", encoding="utf-8")
        (tmp_path / "docs" / lang / "index.md").write_text("# Home { #home }\n", "utf-8")
    tree = Project(tmp_path)
    urls.update(tree)
    return tree


def test_one_file_per_term_and_one_for_the_other_pages(tree: Project) -> None:
    """A term's URLs are in registry/published/<slug>.txt, the other pages' in _pages.txt."""
    assert urls.published_urls(tree) == {
        "_pages": ["/", "/en/"],
        "relu": ["/terms/relu/", "/en/terms/relu/"],
    }


def test_removed_term_needs_a_redirect(tree: Project) -> None:
    """Removing a term's page fails and names the redirect_maps line to add; its file stays."""
    (tree.docs_dir / "en/terms/relu.md").unlink()
    urls.update(tree)
    (message,) = urls.problems(tree)
    assert message.startswith("registry/published/relu.txt: published URL /en/terms/relu/ is gone")
    assert "en/terms/relu.md: en/terms/<new-slug>.md" in message


def test_removed_page_needs_a_redirect(tree: Project) -> None:
    """A page that is not a term is checked the same way."""
    (tree.docs_dir / "en/index.md").rename(tree.docs_dir / "en/start.md")
    urls.update(tree)
    (message,) = urls.problems(tree)
    assert "registry/published/_pages.txt: published URL /en/ is gone" in message
    assert "en/index.md: en/<new-page>.md" in message


def test_redirect_keeps_the_url(tree: Project) -> None:
    """A redirect_maps entry for the old URL satisfies the check."""
    (tree.docs_dir / "zh/terms/relu.md").unlink()
    config = tree.config_file.read_text(encoding="utf-8")
    config = config.replace(
        "redirect_maps: {}", "redirect_maps:\n        terms/relu.md: zh/terms/other.md"
    )
    tree.config_file.write_text(config, encoding="utf-8")
    assert urls.problems(tree) == []


def test_new_term_must_be_listed(tree: Project) -> None:
    """A new term's URLs fail until `dlglossary update` lists them in the term's own file."""
    for lang in ("zh", "en"):
        (tree.terms_dir(lang) / "silu.md").write_text("# SiLU\n", encoding="utf-8")
    problems = urls.problems(tree)
    assert len(problems) == 2 and "dlglossary update" in problems[0]
    assert problems[0].startswith("registry/published/silu.txt: new URL /terms/silu/")
    path = tree.published_dir / "silu.txt"
    assert urls.update(tree) == [(path, "/terms/silu/"), (path, "/en/terms/silu/")]
    assert urls.problems(tree) == []


def _api_landing(tree: Project, *modules: str) -> None:
    """The API landing page (with the module-list marker) and snippet modules."""
    for lang in ("zh", "en"):
        (tree.docs_dir / lang / "api.md").write_text(f"# API {{ #api }}\n\n{API_MARKER}\n", "utf-8")
    (tree.root / "snippets").mkdir(exist_ok=True)
    for module in modules:
        (tree.root / "snippets" / f"{module}.py").write_text(f'"""{module}."""\n', "utf-8")


def test_a_modules_api_pages_are_listed_with_its_term(tree: Project) -> None:
    """The generated API page of a term's module is listed in the term's file (a module
    without a term page in _pages.txt), so two new-term pull requests touch different files."""
    _api_landing(tree, "relu", "_helpers", "shared")
    urls.update(tree)
    listed = urls.published_urls(tree)
    assert listed["relu"] == ["/terms/relu/", "/en/terms/relu/", "/api/relu/", "/en/api/relu/"]
    assert {"/api/shared/", "/en/api/shared/", "/api/", "/en/api/"} <= set(listed["_pages"])
    assert not any("_helpers" in url for urls_ in listed.values() for url in urls_)


def test_removed_module_needs_a_redirect(tree: Project) -> None:
    """Removing a snippet module removes its API pages: without a redirect the check fails."""
    _api_landing(tree, "relu")
    urls.update(tree)
    (tree.root / "snippets" / "relu.py").unlink()
    problems = urls.problems(tree)
    assert len(problems) == 2
    assert problems[0].startswith("registry/published/relu.txt: published URL /api/relu/ is gone")


def _registry(tree: Project, relu_tags: str) -> None:
    """A registry of one term, relu, with ``relu_tags`` (YAML flow list), and two topics."""
    folder = tree.registry_dir
    folder.mkdir(exist_ok=True)
    (folder / "_tags.yml").write_text(
        "activation-functions: {zh: 激活函数, en: Activation functions}\n"
        "training: {zh: 训练, en: Training}\n",
        encoding="utf-8",
    )
    (folder / "relu.yml").write_text(
        "zh: {name: ReLU}\nen: {name: ReLU}\nsummary: {zh: 激活函数。, en: An activation.}\n"
        f"tags: {relu_tags}\n",
        encoding="utf-8",
    )


def test_api_topic_pages_are_listed_and_checked(tree: Project) -> None:
    """Each topic of a module's term has an API page per language, listed in _pages.txt (no
    page for a topic without modules); when its last module goes, its URLs need a redirect."""
    _api_landing(tree, "relu")
    _registry(tree, "[activation-functions]")
    urls.update(tree)
    listed = urls.published_urls(tree)["_pages"]
    assert {"/api/topics/activation-functions/", "/en/api/topics/activation-functions/"} <= set(
        listed
    )
    assert not any("training" in url for url in listed)
    (tree.root / "snippets" / "relu.py").unlink()
    gone = [p for p in urls.problems(tree) if p.startswith("registry/published/_pages.txt")]
    assert len(gone) == 2 and "published URL /api/topics/activation-functions/ is gone" in gone[0]


def test_unreadable_registry_fails_the_urls_gate(tree: Project, capsys) -> None:
    """A registry the topic pages cannot be read from fails the gate with its one-line error."""
    _api_landing(tree, "relu")
    _registry(tree, "[no-such-topic]")
    assert urls.check(tree) == 1
    out = capsys.readouterr().out
    assert out.startswith("registry/relu.yml: ") and "topic" in out
