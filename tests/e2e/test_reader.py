"""What a reader does in a real browser: switch language, search, read formulas."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

PREFERRED_TERMS = ("gelu", "relu", "sigmoid")  # activation functions: they have formulas


def _term_pages(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "terms").glob("*/index.html"))


@pytest.fixture(scope="module")
def term(built_site) -> str:
    """A real term page's slug: an activation function if one exists, else the first term."""
    slugs = _term_pages(built_site.path)
    if not slugs:
        pytest.skip("no term page has been written yet")
    return next((s for s in PREFERRED_TERMS if s in slugs), slugs[0])


def _open_search(page) -> None:
    _settle(page)  # the search worker has its index
    page.locator("input.md-search__input").click()  # in the header at desktop width


def _search(page, text: str) -> list[str]:
    """Type a query key by key, press a key as a reader would, return the result links."""
    _open_search(page)
    page.keyboard.type(text)  # one key event per character
    page.keyboard.press("End")  # the search box reacts to key events
    results = page.locator("ol.md-search-result__list > li a.md-search-result__link")
    results.first.wait_for(state="attached", timeout=10_000)
    # absolute URLs, whatever the page's depth
    return results.evaluate_all("links => links.map(a => a.href)")


# Material fills the search results' meta line with its "type to start searching" text
# once the search worker answered the first (empty) query, i.e. has built its index.
_SEARCH_READY = """() => {
    const meta = document.querySelector(".md-search-result__meta");
    const config = JSON.parse(document.getElementById("__config").textContent);
    return meta !== null
        && meta.textContent.trim() === config.translations["search.result.placeholder"];
}"""


def _settle(page) -> None:
    """Let the search worker finish loading: leaving earlier would abort its requests.

    Waits for exactly that (the worker has its index, then no request is in flight), not
    for a fixed quiet period as ``networkidle`` does.
    """
    page.wait_for_function(_SEARCH_READY)
    page.watch.wait_until_idle(page)


def _switch_language(page, lang: str) -> None:
    _settle(page)
    before = page.url
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f"a.md-select__link[hreflang='{lang}']").first.click()
    page.wait_for_url(lambda url: url != before)  # then waits for its load event


def test_language_switch_lands_on_the_counterpart(watched_page, site_server):
    """Home → the sidebar's first term → language menu: the same term in English, and back."""
    page = watched_page
    page.goto(site_server)
    _settle(page)
    link = page.locator("nav.md-nav--primary a[href*='terms/']").first
    term = link.evaluate("a => a.href").rstrip("/").rsplit("/", 1)[1]
    link.click()
    page.wait_for_url(f"{site_server}terms/{term}/")
    _switch_language(page, "en")
    assert page.url == f"{site_server}en/terms/{term}/"
    assert page.locator("html").get_attribute("lang") == "en"
    _switch_language(page, "zh")
    assert page.url == f"{site_server}terms/{term}/"
    page.watch.assert_clean()


def test_chinese_search_returns_chinese_pages(watched_page, site_server, term):
    """激活函数 typed on a Chinese page finds Chinese pages only, term or topic pages among them."""
    page = watched_page
    page.goto(f"{site_server}terms/{term}/")
    hits = _search(page, "激活函数")
    assert hits, "no results"
    assert not [h for h in hits if h.startswith(f"{site_server}en/")]
    assert any(
        "/terms/" in h or "/topics/" in h or h.rstrip("/") + "/" == site_server for h in hits
    )
    page.watch.assert_clean()


def test_english_search_returns_english_pages(watched_page, site_server, term):
    """ "activation function" typed on an English page finds English pages only."""
    page = watched_page
    page.goto(f"{site_server}en/terms/{term}/")
    hits = _search(page, "activation function")
    assert hits, "no results"
    assert all(h.startswith(f"{site_server}en/") for h in hits), hits
    page.watch.assert_clean()


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_formulas_are_rendered(watched_page, site_server, built_site, term, lang_prefix):
    """KaTeX, served by the site, turns a term page's TeX into .katex markup: no raw \\( left."""
    page = watched_page
    html = (built_site.path / lang_prefix / "terms" / term / "index.html").read_text("utf-8")
    if "arithmatex" not in html:
        pytest.skip(f"terms/{term} has no formula yet")
    page.goto(f"{site_server}{lang_prefix}terms/{term}/")
    page.locator(".md-content .katex").first.wait_for(timeout=10_000)
    text = page.locator(".md-content").inner_text()
    assert not re.search(r"\\\(|\\\[|\$\$", text), "raw TeX visible"
    page.watch.assert_clean()


def test_missing_english_page_shows_the_english_404(watched_page, site_server):
    """A missing URL under /en/ gets /404.html from the server, which hands over to English."""
    page = watched_page
    missing = f"{site_server}en/no-such-page/"
    page.watch.expected_404.add(missing)
    page.watch.redirects_itself = True
    page.goto(missing)
    page.wait_for_url(f"{site_server}en/404.html")
    assert page.locator("h1#not-found").inner_text() == "Page not found"
    page.watch.assert_clean()


def test_missing_chinese_page_shows_the_chinese_404(watched_page, site_server):
    """A missing URL elsewhere shows the Chinese 404 page, its assets all loading."""
    page = watched_page
    missing = f"{site_server}terms/no-such-term/"
    page.watch.expected_404.add(missing)
    page.goto(missing)
    assert page.locator("h1#not-found").inner_text() == "页面不存在"
    assert page.url == missing
    page.watch.assert_clean()


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_hovering_a_mention_previews_its_definition(watched_page, site_server, lang_prefix):
    """A linked term mention shows the target's Definition section, formulas rendered."""
    page = watched_page
    page.goto(f"{site_server}{lang_prefix}terms/gelu/")
    mention = page.locator("article a.glossary-mention[href*='activation-function']").first
    mention.hover()
    preview = page.locator(".md-tooltip2").first
    preview.wait_for(state="visible", timeout=10_000)
    preview.locator(".katex").first.wait_for(timeout=10_000)
    text = preview.inner_text()
    assert re.match(r"(定义|Definition)", text.strip()), text[:80]
    assert not re.search(r"\\\(|\\\[", text), "raw TeX in the preview"
    page.watch.assert_clean()
