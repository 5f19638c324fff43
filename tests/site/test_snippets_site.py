"""The snippet pipeline in the built site: embeds, downloads, API pages, labs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from repo import PROJECT
from sitefiles import LANGS, page_file, parse, search_index

from dlglossary.core import markdown as md
from dlglossary.core.registry import load_registry
from dlglossary.core.search_index import SECTION_CHARS
from dlglossary.core.snippet_pages import module_summary, snippet_modules

ROOT = PROJECT.root

DOCS = ROOT / "docs"

REGISTRY = load_registry(PROJECT.registry_dir)


def _module_tags(module: str) -> tuple[str, ...]:
    """The topics of a module's term (none without a term)."""
    term = REGISTRY.terms.get(module.replace("_", "-"))
    return term.tags if term else ()


def _api_topics() -> list[str]:
    """The topics with modules, in _tags.yml order: those that have an API page."""
    used = {tag for m in snippet_modules(PROJECT.snippets_dir) for tag in _module_tags(m)}
    return [tag for tag in REGISTRY.tags if tag in used]


def _linked(page: Path, nodes) -> list[Path]:
    """The folders the links among ``nodes`` lead to, resolved from ``page``, in order."""
    return [(page.parent / a.attributes["href"]).resolve() for a in nodes]


@pytest.mark.parametrize("lang", LANGS)
def test_every_golden_output_is_shown(lang: str) -> None:
    """Each module's golden output is embedded by a page of each language (that every
    snippets/<module>.py and every include exists: tests/tools/test_snippet_usage.py)."""
    embedded = {
        include.path
        for page in sorted((DOCS / lang).rglob("*.md"))
        for include in md.includes(page.read_text(encoding="utf-8"))
    }
    missing = [
        m
        for m in snippet_modules(PROJECT.snippets_dir)
        if f"snippets/output/{m}.txt" not in embedded
    ]
    assert not missing, (
        f"no docs/{lang}/ page shows the output of {missing}: add "
        '```text title="python -m snippets.<module>"\n--8<-- "snippets/output/<module>.txt"\n```'
    )


@pytest.mark.parametrize("lang", LANGS)
def test_shown_outputs_equal_golden_files(built_site, lang: str) -> None:
    """Each `python -m snippets.<module>` block on a built term page shows its golden file."""
    checked = 0
    for module in snippet_modules(PROJECT.snippets_dir):
        page = page_file(built_site.path, lang, f"terms/{module.replace('_', '-')}/")
        if not page.exists():
            continue
        for block in parse(page).css(".highlight"):
            title = block.css_first(".filename")
            if title is None or title.text() != f"python -m snippets.{module}":
                continue
            golden = (ROOT / "snippets" / "output" / f"{module}.txt").read_text("utf-8")
            assert block.css_first("code").text().strip() == golden.strip(), page
            checked += 1
    assert checked, "no term page shows a golden output"


@pytest.mark.parametrize("lang", LANGS)
def test_code_sections_link_download_and_api(built_site, lang: str) -> None:
    """A term page's code section links its snippet download (served) and its API anchor."""
    checked = 0
    for module in snippet_modules(PROJECT.snippets_dir):
        page = page_file(built_site.path, lang, f"terms/{module.replace('_', '-')}/")
        if not page.exists():
            continue
        tree = parse(page)
        download = tree.css_first(f'a[download="{module}.py"]')
        assert download is not None, f"{page}: no download link for snippets/{module}.py"
        served = (page.parent / download.attributes["href"]).resolve()
        assert served.read_bytes() == (ROOT / "snippets" / f"{module}.py").read_bytes()
        api = tree.css_first(f'a[href$="#snippets.{module}"]')
        assert api is not None, f"{page}: no API link"
        api_page = (page.parent / api.attributes["href"].split("#")[0] / "index.html").resolve()
        assert parse(api_page).css_first(f'[id="snippets.{module}"]') is not None, api_page
        assert f"python -m snippets.{module}" in tree.css_first("article").text()
        checked += 1
    assert checked, "no term page has a code section"


@pytest.mark.parametrize("lang", LANGS)
def test_every_module_has_its_api_page(built_site, lang: str) -> None:
    """api/<module>/ exists in each language, titled snippets.<module>, documents the module
    under the heading id snippets.<module>, and links back to its term page, the API page of
    each of its term's topics and the landing page."""
    for module in snippet_modules(PROJECT.snippets_dir):
        page = page_file(built_site.path, lang, f"api/{module}/")
        assert page.is_file(), f"no API page {page}"
        tree = parse(page)
        assert tree.css_first("article h1").text(strip=True) == f"snippets.{module}", page
        assert tree.css_first(f'[id="snippets.{module}"]') is not None, page
        targets = set(_linked(page, tree.css_first("article > p").css("a")))
        expected = {
            page_file(built_site.path, lang, rel).parent.resolve()
            for rel in (
                f"terms/{module.replace('_', '-')}/",
                "api/",
                *(f"api/topics/{tag}/" for tag in _module_tags(module)),
            )
        }
        assert targets == expected, page


#: mkdocstrings' docstring section titles in each language (its python handler's locales)
SECTION_TITLES = {"zh": ("参数：", "返回："), "en": ("Parameters:", "Returns:")}


@pytest.mark.parametrize("lang", LANGS)
def test_api_pages_speak_their_language(built_site, lang: str) -> None:
    """A module page's docstring section titles are in its own language ("Parameters:" on
    the English page, "参数：" on the Chinese one), in the page and in its language's search
    sections; mkdocstrings once rendered both languages in Chinese."""
    other = next(code for code in SECTION_TITLES if code != lang)
    tree = parse(page_file(built_site.path, lang, "api/gelu/"))
    titles = {node.text(strip=True) for node in tree.css(".doc-section-title")}
    assert titles == set(SECTION_TITLES[lang]), titles
    sections = (built_site.path / LANGS[lang] / "search" / "search_sections.json").read_text(
        encoding="utf-8"
    )
    assert all(title in sections for title in SECTION_TITLES[lang])
    assert not any(title in sections for title in SECTION_TITLES[other])


@pytest.mark.parametrize("lang", LANGS)
def test_api_landing_page_lists_topics_not_modules(built_site, lang: str) -> None:
    """The landing page documents the package contract and links one API page per topic that
    has modules (in _tags.yml order, with its number of modules), but no module's page and no
    module's API: its weight grows by one line per topic, not per term (issue 13)."""
    page = page_file(built_site.path, lang, "api/")
    tree = parse(page)
    assert tree.css_first('[id="snippets"]') is not None
    documented = [n.attributes["id"] for n in tree.css(".doc-heading[id]")]
    assert documented == ["snippets"], documented[:5]
    items = tree.css('[id="modules"] + ul > li')
    topics = _api_topics()
    assert _linked(page, [li.css_first("a") for li in items]) == [
        page_file(built_site.path, lang, f"api/topics/{tag}/").parent.resolve() for tag in topics
    ]
    modules = snippet_modules(PROJECT.snippets_dir)
    for li, tag in zip(items, topics, strict=True):
        count = sum(tag in _module_tags(m) for m in modules)
        assert re.search(rf"(?<!\d){count}(?!\d)", li.text()), (tag, li.text())
    linked = set(_linked(page, tree.css("article a[href]:not([href^='#']):not([href*='://'])")))
    module_pages = {page_file(built_site.path, lang, f"api/{m}/").parent.resolve() for m in modules}
    assert not linked & module_pages, "the landing page lists modules"


@pytest.mark.parametrize("lang", LANGS)
def test_every_module_is_reached_from_the_landing_page_through_its_topics(
    built_site, lang: str
) -> None:
    """Landing page → topic API page → module page: each topic's page (titled with the topic,
    linking the glossary's topic page) lists every module of its terms, with its term page; a
    module without a topic is listed on the landing page itself."""
    landing = page_file(built_site.path, lang, "api/")
    on_landing = set(_linked(landing, parse(landing).css("article a[href$='/']")))
    for module in snippet_modules(PROJECT.snippets_dir):
        module_page = page_file(built_site.path, lang, f"api/{module}/").parent.resolve()
        term_page = page_file(built_site.path, lang, f"terms/{module.replace('_', '-')}/")
        tags = _module_tags(module)
        assert tags or module_page in on_landing, module
        for tag in tags:
            topic_page = page_file(built_site.path, lang, f"api/topics/{tag}/")
            assert topic_page.parent.resolve() in on_landing, tag
            tree = parse(topic_page)
            assert REGISTRY.tags[tag][lang] in tree.css_first("article h1").text(), topic_page
            glossary_topic = page_file(built_site.path, lang, f"topics/{tag}/").parent.resolve()
            assert glossary_topic in _linked(topic_page, tree.css("article > p a")), topic_page
            # A line: the module's page, its term's page, then mentions in its summary.
            lines = [_linked(topic_page, li.css("a"))[:2] for li in tree.css("article > ul > li")]
            assert [module_page, term_page.parent.resolve()] in lines, (tag, module)


@pytest.mark.parametrize("lang", LANGS)
def test_api_pages_are_reference_entries_in_the_sitemap_not_the_nav(built_site, lang: str) -> None:
    """Module and topic API pages are in the sitemap and the search index (cut like the API
    reference, not like prose pages), and out of the sidebar, which would list every module
    on every page."""
    sitemap = (built_site.path / "sitemap.xml").read_text(encoding="utf-8")
    docs = search_index(built_site.path, lang)["docs"]
    api = [d for d in docs if d["location"].startswith("api/") and "#" in d["location"]]
    api_texts = [html.unescape(d["text"]) for d in api]
    assert api_texts and max(map(len, api_texts)) <= SECTION_CHARS["reference"] + 2
    assert any(t.endswith(" …") for t in api_texts), "no API entry long enough to be cut"
    entries = {d["location"]: html.unescape(d["text"]) for d in docs}
    gelu = module_summary((PROJECT.snippets_dir / "gelu.py").read_text(encoding="utf-8"))
    assert entries["api/gelu/"].startswith(gelu[:40]), "the entry should show the docstring"
    home = parse(page_file(built_site.path, lang, ""))
    nav_links = [a.attributes.get("href") or "" for a in home.css("nav.md-nav--primary a")]
    pages = [f"api/{module}/" for module in snippet_modules(PROJECT.snippets_dir)]
    pages += [f"api/topics/{tag}/" for tag in _api_topics()]
    for rel in pages:
        assert f"<loc>{built_site.url}{LANGS[lang]}{rel}</loc>" in sitemap, rel
        assert not any(href.rstrip("/").endswith(rel.rstrip("/")) for href in nav_links), rel
        assert entries.get(rel), f"{rel}: not in the search index"
        shown = entries[rel].replace("\u200b", "")  # jieba's word breaks
        assert len(shown) <= SECTION_CHARS["reference"] + 2, f"{rel}: cut like a page"
        # out of the sidebar's order: no previous/next links (MkDocs' own would point at
        # whichever API page happened to come before it in the folder)
        footer = parse(page_file(built_site.path, lang, rel)).css("a.md-footer__link")
        assert footer == [], f"{rel}: footer links {[a.attributes.get('href') for a in footer]}"


@pytest.mark.parametrize("lang", LANGS)
def test_figures_have_light_and_dark_twins(built_site, lang: str) -> None:
    """Every figure image is a light/dark pair (material's #only-light / #only-dark) that
    exists in the site, with the same alt text in the page's language."""
    for page in sorted((built_site.path / LANGS[lang] / "terms").glob("*/index.html")):
        images = parse(page).css('article img[src*="assets/figures/"]')
        lights = [i for i in images if i.attributes["src"].endswith("#only-light")]
        darks = [i for i in images if i.attributes["src"].endswith("#only-dark")]
        assert len(lights) == len(darks) == len(images) / 2, page
        for light, dark in zip(lights, darks, strict=True):
            assert light.attributes["alt"] and light.attributes["alt"] == dark.attributes["alt"]
            for img in (light, dark):
                assert (page.parent / img.attributes["src"].split("#")[0]).resolve().is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_lab_renders_as_html_with_outputs(built_site, lang: str) -> None:
    """The activation lab is an HTML page with rendered outputs (plots and printed tables),
    the English heading ids in both languages and a working download link, not raw .ipynb
    JSON (mkdocs-static-i18n issue #198)."""
    page = page_file(built_site.path, lang, "labs/activation-lab/")
    text = page.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html"), f"{page} is not HTML"
    tree = parse(page)
    outputs = tree.css("article .jp-OutputArea-output")
    assert len([o for o in outputs if o.css_first('img[src^="data:image/png"]')]) >= 2
    printed = html.unescape(" ".join(o.text() for o in outputs))
    assert re.search(r"sigmoid\s+0\.0067", printed), "the curve table is not rendered"
    heading_ids = [h.attributes.get("id") for h in tree.css("article h2")]
    assert heading_ids == ["1-curves-and-derivatives", "2-gradients-through-a-deep-stack", "try-it"]
    link = tree.css_first("a[download]")
    assert link is not None and (page.parent / link.attributes["href"]).is_file()
    assert (page.parent / link.attributes["href"]).read_text("utf-8").lstrip().startswith("{")


def test_lab_is_in_the_sitemap_in_both_languages(built_site) -> None:
    """The lab pages, which mkdocs-static-i18n saw as plain files, are listed in sitemap.xml."""
    sitemap = (built_site.path / "sitemap.xml").read_text(encoding="utf-8")
    for prefix in LANGS.values():
        assert f"<loc>{built_site.url}{prefix}labs/activation-lab/</loc>" in sitemap, prefix
