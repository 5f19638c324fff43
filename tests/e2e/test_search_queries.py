"""The search box finds the term: the query table of search_queries.py, in a real browser.

Each query runs through the site's own search worker and index, served under a sub-path
like a GitHub Pages project site; the expected term page must be the first result (or
among the first three for typos and prefixes). A few queries are also typed into the
search box itself (tests/e2e/test_reader.py types others).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from search_queries import AWAIT_SECTIONS, QUERIES, registry_queries, run_queries
from test_reader import _search

from dlglossary.core.registry import load_registry

pytestmark = pytest.mark.e2e


REGISTRY = load_registry(Path(__file__).resolve().parents[2] / "registry")
NAMES = registry_queries(REGISTRY)


@pytest.fixture(scope="module")
def answers(browser, site_server) -> dict[tuple[str, str], list[str]]:
    """(language, query) → result pages, best first, for the table and every term name."""
    page = browser.new_page()
    found = {}
    for lang in ("zh", "en"):
        queries = list(dict.fromkeys(q for code, q, _, _ in QUERIES + NAMES if code == lang))
        for query, pages in zip(
            queries, run_queries(page, site_server, lang, queries), strict=True
        ):
            found[lang, query] = pages
    page.close()
    return found


@pytest.mark.parametrize(("lang", "query", "slug", "rank"), QUERIES)
def test_query_finds_the_term(answers, lang, query, slug, rank):
    """The term page is the first result (or in the top ``rank``)."""
    results = answers[lang, query]
    assert f"terms/{slug}/" in results[:rank], f"{lang} {query!r}: {results[:5]}"


@pytest.mark.parametrize("slug", sorted(REGISTRY.terms))
def test_every_name_and_alias_finds_its_term_first(answers, slug):
    """Each name and alias of the term, in both languages' registry entries, typed on a
    site (its two names on both): the term page is the first result."""
    misses = {
        (lang, query): answers[lang, query][:3]
        for lang, query, expected, _ in NAMES
        if expected == slug and answers[lang, query][:1] != [f"terms/{slug}/"]
    }
    assert not misses, misses


@pytest.mark.parametrize(
    ("lang", "query", "slug"),
    [("en", "Swish", "silu")],
)
def test_typed_query_shows_the_term_with_its_summary(watched_page, site_server, lang, query, slug):
    """Typed into the search box: the term is the first result, and the result shows the
    term's one-line summary from the registry (not code or table cells)."""
    page = watched_page
    page.goto(site_server if lang == "zh" else f"{site_server}en/")
    hits = _search(page, query)
    assert hits[0].split("?")[0] == f"{site_server}{'' if lang == 'zh' else 'en/'}terms/{slug}/"
    article = page.locator("ol.md-search-result__list > li article").first
    title = article.locator("h1").inner_text()
    shown = article.inner_text().removeprefix(title).strip().replace("\u200b", "")
    term = REGISTRY.terms[slug]
    # Material shows the text up to its last word: the closing punctuation may be cut.
    assert term.summary[lang].startswith(shown) and len(shown) > 0.9 * len(term.summary[lang])
    page.watch.assert_clean()


@pytest.mark.parametrize("lang", ["zh"])  # the segmented language; English works alike
def test_sections_arrive_after_the_first_part(browser, site_server, built_site, lang):
    """A word that only a section holds (not a page's names or summary) is found once the
    worker has fetched the sections file: sections come after the first results, not never."""
    root = built_site.path / ("" if lang == "zh" else "en/") / "search"
    first = json.loads((root / "search_index.json").read_text("utf-8"))
    sections = json.loads((root / "search_sections.json").read_text("utf-8"))
    separator = re.compile(first["config"]["separator"])

    def words(docs):
        return {w.lower() for d in docs for w in separator.split(d["title"] + " " + d["text"])}

    word = min(
        w for w in words(sections["docs"]) - words(first["docs"]) if re.fullmatch("[a-z]{7,}", w)
    )
    page = browser.new_page()
    page.goto(site_server if lang == "zh" else f"{site_server}en/")
    found = page.evaluate(AWAIT_SECTIONS, word)
    page.close()
    assert any("#" in loc for loc in found), (word, found)
