"""Integration: build the five-term fixture site with ``mkdocs build --strict`` and read the HTML.

Checks what unit tests cannot: static-i18n builds both languages with our generated pages in
the nav, backlinks collected across the whole site, and links into the same language.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from dlglossary.tools.urls import redirect_hint
from fixture_site import REGISTRY, write_site

SLUGS = sorted(REGISTRY)
PREFIX = {"zh": "", "en": "en/"}


def build(root: Path) -> subprocess.CompletedProcess:
    """``python -m mkdocs build --strict`` in ``root``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root, env=env, capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site, built once for this module."""
    root = write_site(tmp_path_factory.mktemp("glossary"))
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def html(site: Path, lang: str, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / PREFIX[lang] / path / "index.html").read_text("utf-8"))


def article(site: Path, lang: str, path: str):
    return html(site, lang, path).css_first("article")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_generated_blocks_on_every_term_page(site, lang, slug):
    """Every term page ends with related terms and referenced-by, with those ids, in the TOC."""
    page = html(site, lang, f"terms/{slug}")
    ids = [h.attributes.get("id") for h in page.css("article h2")]
    assert ids[-3:-1] == ["related-terms", "referenced-by"] or ids[-2:] == [
        "related-terms",
        "referenced-by",
    ]
    toc = [a.attributes.get("href") for a in page.css(".md-nav--secondary a")]
    assert "#related-terms" in toc and "#referenced-by" in toc
    assert "data-glossary-backlinks" not in page.html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mentions_link_into_the_same_language(site, lang):
    """Auto-links on the home page point at term pages of the same language."""
    links = article(site, lang, "").css("a.glossary-mention")
    assert {a.text() for a in links} >= {"ReLU"}
    for a in links:
        assert a.attributes["href"].startswith("terms/")  # relative to /  or /en/
        assert "data-preview" in a.attributes and a.attributes["title"]


def test_longest_match_and_untouched_contexts(site):
    """On the ReLU page: Leaky ReLU links once to leaky-relu's definition; code, math plain."""
    body = article(site, "zh", "terms/relu")
    hrefs = [a.attributes["href"] for a in body.css("a.glossary-mention")]
    assert hrefs == ["../leaky-relu/#definition", "../gelu/#definition"]
    assert body.css_first("code").text() == "GELU"
    assert not body.css(".arithmatex a")
    assert not body.css("a.glossary-mention[href^='../relu/']")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_backlinks(site, lang):
    """ReLU is referenced by Leaky ReLU (explicit link) and the home page (mention)."""
    page = article(site, lang, "terms/relu")
    backlinks = [a.attributes["href"] for a in page.css("ul.glossary-backlinks a")]
    assert sorted(backlinks) == ["../../", "../leaky-relu/"]


def test_references_link_to_arxiv(site):
    """Registry references render under { #references } with the arXiv link."""
    page = article(site, "en", "terms/gelu")
    assert page.css_first("h2#references")
    assert page.css_first("a[href='https://arxiv.org/abs/1606.08415']")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["a-z", "terminology"])
def test_indexes_list_every_term_once(site, lang, path):
    """The A–Z index and the terminology table link each term exactly once, no mentions added."""
    body = article(site, lang, path)
    hrefs = [a.attributes["href"] for a in body.css("a") if "/terms/" in a.attributes["href"]]
    assert sorted(hrefs) == sorted(f"../terms/{slug}/" for slug in SLUGS)
    assert not body.css("a.glossary-mention")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_pages_are_in_nav_and_switch_language(site, lang):
    """Indexes and topic pages appear in the nav; the language switch points at the twin page."""
    page = html(site, lang, "a-z")
    nav = {a.attributes.get("href") for a in page.css("nav.md-nav--primary a")}
    assert {"../terminology/", "../topics/", "../topics/distillation/"} <= nav
    other = {"zh": "en", "en": "zh"}[lang]
    switch = {a.attributes.get("hreflang"): a.attributes["href"] for a in page.css(".md-select a")}
    assert switch[other].rstrip("/").endswith("a-z")


def test_generated_pages_in_sitemap(site):
    """The sitemap lists the generated pages of both languages."""
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    for url in ("a-z/", "en/a-z/", "terminology/", "en/topics/distillation/"):
        assert f"<loc>http://127.0.0.1:8000/{url}</loc>" in sitemap


def test_topic_pages(site):
    """The distillation topic lists its two terms in both languages."""
    for lang in PREFIX:
        body = article(site, lang, "topics/distillation")
        assert len(body.css("a[href^='../../terms/']")) == 2


def test_downloads_match_registry(site):
    """terminology.csv (UTF-8 with BOM) and .json list every registry term."""
    for lang in PREFIX:
        raw = (site / PREFIX[lang] / "terminology.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [r["slug"] for r in rows] == SLUGS
        data = json.loads((site / PREFIX[lang] / "terminology.json").read_text("utf-8"))
        assert [t["slug"] for t in data["terms"]] == SLUGS
        assert data["terms"][SLUGS.index("knowledge-distillation")]["zh"]["name"] == "知识蒸馏"


def test_broken_registry_fails_the_build(tmp_path):
    """An unknown related slug stops the build with the one-line registry message."""
    root = write_site(tmp_path)
    path = root / "registry" / "gelu.yml"
    path.write_text(
        path.read_text("utf-8") + "related: [{term: silu, zh: 理由, en: reason}]\n", "utf-8"
    )
    result = build(root)
    assert result.returncode != 0
    assert (
        "registry/gelu.yml: related term 'silu' is not in the registry; "
        "add registry/silu.yml or fix the slug" in result.stderr
    )


def test_parity_mismatch_fails_the_build(tmp_path):
    """A section missing from the English page stops the build naming both pages."""
    root = write_site(tmp_path)
    page = root / "docs" / "en" / "terms" / "gelu.md"
    page.write_text(page.read_text("utf-8").replace("## Definition { #definition }", ""), "utf-8")
    result = build(root)
    assert result.returncode != 0
    assert "docs/en/terms/gelu.md: section { #definition } of docs/zh/terms/gelu.md is missing" in (
        result.stderr
    )


def test_rename_redirects_work_in_both_languages(tmp_path):
    """The redirect_maps lines the urls gate prints for a renamed term (the form
    CONTRIBUTING.md documents) build under --strict in both languages, and each old URL
    points at the new page of its own language."""
    root = write_site(tmp_path)
    lines = "".join(
        f"        {redirect_hint(url).replace('<new-slug>', 'gelu')}\n"
        for url in ("/terms/gaussian-relu/", "/en/terms/gaussian-relu/")
    )
    assert "terms/gaussian-relu.md: zh/terms/gelu.md" in lines
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace(
            "  - glossary\n", f"  - glossary\n  - redirects:\n      redirect_maps:\n{lines}"
        ),
        "utf-8",
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for lang in PREFIX:
        old = html(site, lang, "terms/gaussian-relu")
        assert old.css_first("link[rel=canonical]").attributes["href"] == "../gelu/"
        new = site / PREFIX[lang] / "terms" / "gaussian-relu" / "../gelu" / "index.html"
        assert f'lang="{lang}"' in new.read_text("utf-8")
