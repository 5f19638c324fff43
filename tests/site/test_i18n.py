"""Both languages: every page, its counterpart, the language links between them."""

from __future__ import annotations

import re

from sitefiles import LANGS, ROOT, page_file, pages, parse

from dlglossary.core.i18n import hreflang_links, not_found_alternates


def test_every_page_exists_in_both_languages(built_site):
    """The Chinese and the English site have exactly the same page paths."""
    zh, en = set(pages(built_site.path, "zh")), set(pages(built_site.path, "en"))
    assert "" in zh and "" in en
    assert zh - en == set(), "pages without an English version"
    assert en - zh == set(), "pages without a Chinese version"


def test_pages_declare_their_language(built_site):
    """Each page's <html lang> is the language of the folder it is served from."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            html = parse(page_file(built_site.path, lang, rel)).css_first("html")
            assert html.attributes.get("lang") == lang, f"{lang}:{rel}"


def test_hreflang_alternates_point_at_counterpart(built_site):
    """Every page links (absolute URLs) to itself and its counterpart, plus x-default = Chinese."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            tree = parse(page_file(built_site.path, lang, rel))
            links = {
                n.attributes["hreflang"]: n.attributes["href"]
                for n in tree.css("link[hreflang]")
                if "alternate" in (n.attributes.get("rel") or "").split()
            }
            expected = {
                "zh": built_site.url + rel,
                "en": built_site.url + "en/" + rel,
                "x-default": built_site.url + rel,
            }
            assert links == expected, f"{lang}:{rel}"


def test_no_exact_rel_alternate(built_site):
    """No page link has rel exactly "alternate": Material would fetch a sitemap next to it (404)."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            text = page_file(built_site.path, lang, rel).read_text(encoding="utf-8")
            assert not re.search(r'<link rel="alternate"(?! type="application/rss)', text), rel


def test_language_selector_links_to_counterpart(built_site):
    """The header's language menu on each page points at the same page in the other language."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            path = page_file(built_site.path, lang, rel)
            tree = parse(path)
            for link in tree.css("a.md-select__link[hreflang]"):
                target_lang = link.attributes["hreflang"]
                href = link.attributes["href"]
                if href.startswith("/"):
                    target = built_site.path / href.removeprefix(f"/{built_site.subpath}/")
                else:
                    target = path.parent / href
                target = (target / "index.html").resolve()
                assert target == page_file(built_site.path, target_lang, rel).resolve(), (
                    f"{lang}:{rel} → {target_lang}: {href}"
                )


def test_404_pages_exist_in_both_languages(built_site):
    """/404.html is Chinese (Pages serves it for any missing URL), /en/404.html English."""
    zh = parse(built_site.path / "404.html")
    en = parse(built_site.path / "en" / "404.html")
    assert zh.css_first("html").attributes["lang"] == "zh"
    assert en.css_first("html").attributes["lang"] == "en"
    assert zh.css_first("h1#not-found").text() == "页面不存在"
    assert en.css_first("h1#not-found").text() == "Page not found"
    for tree in (zh, en):
        menu = {
            a.attributes["hreflang"]: a.attributes["href"] for a in tree.css("a.md-select__link")
        }
        assert menu == {"zh": f"/{built_site.subpath}/", "en": f"/{built_site.subpath}/en/"}
        # served at any depth: every asset is addressed from the mount point
        for node in tree.css("script[src], link[rel=stylesheet]"):
            ref = node.attributes.get("src") or node.attributes.get("href")
            assert ref.startswith(f"/{built_site.subpath}/"), ref


def test_nav_titles_are_translated(built_site):
    """Chinese pages show no untranslated English section titles from folder names."""
    tree = parse(page_file(built_site.path, "zh", ""))
    titles = {n.text(strip=True) for n in tree.css("nav.md-nav--primary .md-ellipsis")}
    untranslated = titles & {"Terms", "Topics", "Home", "Index", "Reference"}
    assert not untranslated


def test_edit_links_open_the_source_file(built_site):
    """The edit button opens docs/<lang>/<page>.md on GitHub; generated pages have none."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            stem = f"docs/{lang}/{rel.rstrip('/')}" if rel else f"docs/{lang}/index"
            sources = [f"{stem}.md", f"{stem}/index.md", f"{stem}.ipynb"]
            source = next((s for s in sources if (ROOT / s).is_file()), None)
            edit = parse(page_file(built_site.path, lang, rel)).css_first("a.md-content__button")
            if source is None:  # written by a plugin: nothing to edit on GitHub
                assert edit is None or "/edit/" not in edit.attributes["href"], f"{lang}:{rel}"
                continue
            assert edit is not None, f"{lang}:{rel}"
            href = edit.attributes["href"]
            assert re.fullmatch(r"https://github\.com/[^/]+/[^/]+/edit/main/" + source, href), href


def test_canonical_and_sitemap_use_site_url(built_site):
    """Canonical URLs and every sitemap <loc> start with SITE_URL."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            tree = parse(page_file(built_site.path, lang, rel))
            assert (
                tree.css_first("link[rel=canonical]").attributes["href"]
                == built_site.url + LANGS[lang] + rel
            )
    locs = re.findall(r"<loc>(.*?)</loc>", (built_site.path / "sitemap.xml").read_text("utf-8"))
    assert locs and all(loc.startswith(built_site.url) for loc in locs)


def test_hreflang_links_are_absolute():
    """Relative and absolute-path selector links both become full URLs, plus x-default."""
    links = hreflang_links(
        "https://x.github.io/dl-glossary",
        [{"lang": "zh", "link": "/dl-glossary/"}, {"lang": "en", "link": "en/terms/gelu/"}],
        "zh",
    )
    assert links == [
        {"lang": "zh", "href": "https://x.github.io/dl-glossary/"},
        {"lang": "en", "href": "https://x.github.io/dl-glossary/en/terms/gelu/"},
        {"lang": "x-default", "href": "https://x.github.io/dl-glossary/"},
    ]
    assert hreflang_links(None, [], "zh") == []


def test_not_found_alternates_use_the_mount_point():
    """The 404 page's language links are absolute paths under the site's sub-path."""
    assert not_found_alternates("https://x.github.io/dl-glossary/", ("zh", "en"), "zh") == [
        {"lang": "zh", "link": "/dl-glossary/"},
        {"lang": "en", "link": "/dl-glossary/en/"},
    ]


def _sidebar_terms(site, lang: str, rel: str) -> list[str]:
    """Slugs of the term links in a page's primary sidebar, in order (the page's own entry
    included: its link is ``./``)."""
    tree = parse(page_file(site, lang, rel))
    slugs = []
    for link in tree.css("nav.md-nav--primary a.md-nav__link[href]"):
        href = link.attributes["href"]
        target = (page_file(site, lang, rel).parent / href).resolve()
        if target.parent.name == "terms":
            slugs.append(target.name)
    return slugs


def _nav_order(registry, lang: str) -> list[list[str]]:
    """Term slugs grouped by topic (first tag, in _tags.yml order), A–Z order within a group."""
    from dlglossary.core import indexes

    az = [t.slug for _, t in indexes.sort_terms(list(registry.terms.values()), lang)]
    groups = {tag: [] for tag in registry.tags}
    for slug in az:
        groups[registry.terms[slug].tags[0]].append(slug)
    return [group for group in groups.values() if group]


def test_sidebar_lists_a_topics_terms_in_index_order(built_site):
    """The Terms section of the sidebar groups terms by topic; a term page's sidebar lists
    its own topic's terms in the A–Z index's order of its language (pinyin for Chinese); each
    other topic is one link to its first term (navigation.prune: a page's weight does not
    grow with the glossary).
    The footer's previous/next links follow the same order across topics."""
    from dlglossary.core.registry import load_registry

    registry = load_registry(ROOT / "registry")
    for lang in LANGS:
        groups = _nav_order(registry, lang)
        for group in groups:
            expected = [slug for g in groups for slug in (g if g is group else g[:1])]
            assert _sidebar_terms(built_site.path, lang, f"terms/{group[-1]}/") == expected, lang
        order = [slug for group in groups for slug in group]
        middle = order[len(order) // 2]
        footer = parse(page_file(built_site.path, lang, f"terms/{middle}/"))
        links = [
            (page_file(built_site.path, lang, f"terms/{middle}/").parent / a.attributes["href"])
            .resolve()
            .name
            for a in footer.css("nav.md-footer__inner a[href]")
        ]
        i = order.index(middle)
        assert links == [order[i - 1], order[i + 1]], lang
