"""URL stability: published term URLs stay served, by a page or by a redirect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dlglossary.tools import urls

ROOT = Path(__file__).resolve().parents[2]


def test_published_urls_are_served_and_new_ones_listed() -> None:
    """Every listed URL has a page or a redirect, and every term URL is listed."""
    problems = urls.problems(ROOT)
    assert not problems, "\n".join(problems)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """mkdocs.yml, the URL list and one term in both languages."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for lang in ("zh", "en"):
        page = tmp_path / "docs" / lang / "terms" / "relu.md"
        page.parent.mkdir(parents=True)
        page.write_text("# ReLU { #relu }\n", encoding="utf-8")
    urls.update(tmp_path)
    return tmp_path


def test_removed_term_needs_a_redirect(tree: Path) -> None:
    """Removing a term's page fails and names the redirect_maps line to add."""
    (tree / "docs/en/terms/relu.md").unlink()
    (message,) = urls.problems(tree)
    assert "/en/terms/relu/ is gone" in message
    assert "en/terms/relu.md: en/terms/<new-slug>.md" in message


def test_redirect_keeps_the_url(tree: Path) -> None:
    """A redirect_maps entry for the old URL satisfies the check."""
    (tree / "docs/zh/terms/relu.md").unlink()
    config = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "redirect_maps: {}", "redirect_maps:\n        terms/relu.md: zh/terms/other.md"
    )
    (tree / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert urls.problems(tree) == []


def test_new_term_must_be_appended(tree: Path) -> None:
    """A new term's URLs fail until `python -m dlglossary.tools.urls --update` appends them."""
    for lang in ("zh", "en"):
        (tree / "docs" / lang / "terms" / "silu.md").write_text("# SiLU\n", encoding="utf-8")
    problems = urls.problems(tree)
    assert len(problems) == 2 and "--update" in problems[0]
    assert urls.update(tree) == ["terms/silu/", "en/terms/silu/"]
    assert urls.problems(tree) == []
