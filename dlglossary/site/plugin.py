"""MkDocs plugin: thin event handlers around the pure functions of this package."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from dlglossary.core import blocks, indexes, linker, parity, search_index
from dlglossary.speed.disk_cache import open_cache
from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from dlglossary.speed.lazy import defer_notebook_converters
from dlglossary.core.linker import Target, compile_mentions, link_mentions, resolve_href
from dlglossary.core.registry import RegistryError, check_pages, list_pages, load_registry
from dlglossary.speed.render_cache import dist_version
from dlglossary.core.sitemap import sitemap_for_prefix
from dlglossary.project import Project

log = get_plugin_logger(__name__)

# mkdocs.yml lists this plugin before mkdocs-jupyter, so this runs before that plugin loads.
defer_notebook_converters()


def _prefixes() -> dict[str, str]:
    return {lang: url_prefix(lang) for lang in LANGUAGES}


def _current_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE


def _served_file(config: MkDocsConfig, lang: str, path: str) -> File:
    """A File for ``docs/<lang>/<path>`` placed where static-i18n serves that language."""
    served = url_prefix(lang) + path
    return File(served, None, config.site_dir, config.use_directory_urls)


def _generated_file(config: MkDocsConfig, lang: str, path: str, content: str | bytes) -> File:
    file = File.generated(config, f"{lang}/{path}", content=content)
    file.dest_uri = _served_file(config, lang, path).dest_uri
    # The attributes static-i18n gives its own files (language switcher, page context).
    file.locale = file.localization = file.locale_alternate_of = lang
    file.norm_src_uri = path
    file.alternates = {other: _served_file(config, other, path) for other in LANGUAGES}
    return file


def _relative_dir_url(url: str, from_url: str) -> str:
    relative = get_relative_url(url, from_url)
    return relative + "/" if relative.endswith("..") else relative  # "../.." → "../../"


class _Targets(Mapping):
    """Term slug → link target from one page, computed only for the terms the page mentions
    (a dict of every term per page would make each page's cost grow with the glossary)."""

    def __init__(self, term_urls: dict[str, str], registry, lang: str, page_url: str):
        self._urls, self._registry, self._lang, self._page = term_urls, registry, lang, page_url

    def __getitem__(self, slug: str) -> Target:
        # Point at the definition: material's instant preview shows the linked section,
        # and a term page's first section is just its title.
        url = get_relative_url(self._urls[slug], self._page) + "#definition"
        return Target(url, self._registry.terms[slug].summary[self._lang])

    def __contains__(self, slug: object) -> bool:
        return slug in self._urls

    def __iter__(self):
        return iter(self._urls)

    def __len__(self) -> int:
        return len(self._urls)


_TERM_SRC = re.compile(r"^(?P<lang>[a-z]{2})/terms/(?P<slug>[a-z0-9-]+)\.md$")


class GlossaryPlugin(BasePlugin):
    """Glossary features: see the ``dlglossary`` package for the logic."""

    def __init__(self) -> None:
        super().__init__()
        self._lang = DEFAULT_LANGUAGE
        self._registry = None
        self._mentions = None
        self._term_urls: dict[str, str] = {}
        self._url_to_slug: dict[str, str] = {}
        self._linking_state = ""  # hash of everything a page's links depend on but its own
        self._generated: set[str] = set()
        self._backlinks: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._search_pages: list[search_index.PageInput] = []
        self._page_urls: list[str] = []
        self._search_indexes: dict[str, dict] = {}  # language → its index, until written

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        material = dist_version("mkdocs-material")
        if not material.startswith("9."):
            raise PluginError(
                f"mkdocs-material {material}: docs/assets/javascripts/workers/glossary-search.js "
                "speaks the search-worker protocol of Material 9; check it against this "
                "version, then widen the check in dlglossary/site/plugin.py"
            )
        return config

    # ------------------------------------------------------------------ terms

    @event_priority(-110)  # after static-i18n (-100) kept this language's files only
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        project = Project.from_config_file(config.config_file_path)
        docs = Path(config.docs_dir)
        lang = _current_language(config)
        try:
            registry = load_registry(project.registry_dir)
            if lang == DEFAULT_LANGUAGE:  # the checks span both languages: once per build
                check_pages(registry, {code: list_pages(docs, code) for code in LANGUAGES})
                parity.check_docs(docs)
        except (RegistryError, parity.ParityError) as exc:
            raise PluginError(str(exc)) from None
        if lang == DEFAULT_LANGUAGE:
            self._report_outdated(project, docs)
        self._lang, self._registry = lang, registry
        self._mentions = compile_mentions(registry.terms.values())
        self._backlinks = defaultdict(list)
        self._generated = set()
        for path, content in indexes.generated_pages(registry, lang).items():
            if files.get_file_from_path(f"{lang}/{path}") is not None:
                raise PluginError(
                    f"docs/{lang}/{path}: this page is generated from the registry by the "
                    f"glossary plugin; delete or rename the hand-written file"
                )
            file = _generated_file(config, lang, path, content)
            files.append(file)
            self._generated.add(file.src_uri)
        i18n = config.plugins.get("i18n")
        if i18n is not None and hasattr(i18n, "i18n_files_per_language"):
            # static-i18n's sitemap lists the pages it saw before ours were added.
            i18n.i18n_files_per_language[lang] = files.documentation_pages()
        self._term_urls = {}
        self._search_pages = []
        # A page's URL as Page.url gives it (the home page's is "", its file's "./").
        self._page_urls = [file.url.removeprefix("./") for file in files.documentation_pages()]
        for file in files.documentation_pages():
            match = _TERM_SRC.match(file.src_uri)
            if match and match["lang"] == lang and match["slug"] in registry.terms:
                self._term_urls[match["slug"]] = file.url
        self._url_to_slug = {url: slug for slug, url in self._term_urls.items()}
        summaries = {slug: registry.terms[slug].summary[lang] for slug in self._term_urls}
        self._linking_state = hashlib.sha1(
            json.dumps(
                [self._mentions.regex.pattern, self._mentions.forms, self._term_urls, summaries],
                ensure_ascii=False,
                sort_keys=True,
            ).encode("utf-8")
        ).hexdigest()
        return files

    @event_priority(-150)  # after static-i18n (-100) rebuilt this language's navigation
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        """Term pages in the sidebar grouped by topic, and large topics by initial letter, in
        the A–Z index's order for the language (:func:`indexes.nav_tree`); MkDocs would list
        the folder by file name, i.e. by English slug.

        With Material's ``navigation.prune``, a page's sidebar then holds the terms of its own
        group only, so a page's weight and render time do not grow with the whole glossary.
        """
        if self._registry is None:
            return nav

        def slug_of(item) -> str | None:
            file = getattr(item, "file", None)
            match = _TERM_SRC.match(file.src_uri) if file is not None else None
            return match["slug"] if match and match["slug"] in self._registry.terms else None

        def walk(items):
            for item in items:
                yield item
                yield from walk(getattr(item, "children", None) or [])

        def section(title: str, children: list, parent) -> Section:
            group = Section(title, children)
            group.parent = parent
            for child in children:
                child.parent = group
            return group

        for folder in list(walk(nav.items)):
            children = getattr(folder, "children", None)
            if not children or not all(slug_of(child) for child in children):
                continue
            page_of = {slug_of(child): child for child in children}
            folder.children = []
            for title, members in indexes.nav_tree(self._registry, self._lang, set(page_of)):
                if members and isinstance(members[0], tuple):  # split by initial letter
                    topic = section(title, [], folder)
                    topic.children = [
                        section(letter, [page_of[s] for s in slugs], topic)
                        for letter, slugs in members
                    ]
                else:
                    topic = section(title, [page_of[s] for s in members], folder)
                folder.children.append(topic)
        # Previous/next links (the footer) follow the sidebar's order.
        nav.pages = [item for item in walk(nav.items) if isinstance(item, Page)]
        for i, page in enumerate(nav.pages):
            page.previous_page = nav.pages[i - 1] if i else None
            page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
        return nav

    def _report_outdated(self, project: Project, docs: Path) -> None:
        recorded = parity.read_lock(project.translations_dir)
        outdated, _ = parity.find_outdated(parity.current_hashes(docs), recorded)
        if outdated:
            log.info(
                f"{len(outdated)} translated section(s) possibly outdated; "
                f"list them with: dlglossary outdated"
            )

    def _term_slug(self, page: Page) -> str | None:
        match = _TERM_SRC.match(page.file.src_uri)
        if match and match["lang"] == self._lang and match["slug"] in self._registry.terms:
            return match["slug"]
        return None

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if indexes.CONTENTS_MARKER in markdown:
            contents = indexes.contents_markdown(self._registry, self._lang)
            markdown = markdown.replace(indexes.CONTENTS_MARKER, contents)
        slug = self._term_slug(page)
        if slug is None:
            return markdown
        term = self._registry.terms[slug]
        return blocks.append_blocks(markdown, term, self._registry, self._lang)

    def on_page_content(self, html: str, *, page: Page, config, files) -> str:
        if page.file.src_uri in self._generated:
            return html  # the indexes already link every term
        targets = _Targets(self._term_urls, self._registry, self._lang, page.url)
        body, tail = blocks.split_generated(html)
        own = self._term_slug(page)

        def link() -> list:
            return list(
                link_mentions(
                    body,
                    self._mentions,
                    targets,
                    own_slug=own,
                    href_to_slug=lambda href: self._url_to_slug.get(
                        resolve_href(page.url, href) or ""
                    ),
                )
            )

        # A pure function of these inputs; matching every name on every text node is the
        # slowest step of a warm build, so results are kept in .cache/build/mentions.json.
        # The link targets are a function of the page URL and the term URLs and summaries,
        # which are hashed once per build (self._linking_state), not once per page.
        state = [linker.CODE_VERSION, self._linking_state, body, own, page.url]
        key = hashlib.sha1(json.dumps(state, ensure_ascii=False).encode("utf-8")).hexdigest()
        root = Path(config.config_file_path or ".").parent
        body, seen = open_cache(root, "mentions").get(key, link)
        for slug in seen:
            self._backlinks[slug].append((page.url, page.title or page.url))
        return body + tail

    @event_priority(100)  # every page's content exists now; fill backlinks before search indexes
    def on_page_context(self, context, *, page: Page, config, nav):
        if page.content and "data-glossary-backlinks" in page.content:
            # Only the slugs whose placeholder is on this page (its own term): a cost per page
            # that does not grow with the number of terms.
            backlinks = {
                slug: [
                    blocks.Backlink(_relative_dir_url(url, page.url), title)
                    for url, title in sorted(
                        self._backlinks.get(slug, ()), key=lambda s: (s[1].casefold(), s[0])
                    )
                ]
                for slug in blocks.backlink_slugs(page.content)
            }
            page.content = blocks.fill_backlinks(page.content, backlinks, self._lang)
        # This plugin writes the search index (on_post_build): Material's indexer skips the page.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        self._search_pages.append(self._search_input(page))
        return context

    def _search_input(self, page: Page) -> search_index.PageInput:
        slug = self._term_slug(page)
        if slug is not None:
            kind = "term"
        elif page.file.src_uri in self._generated:
            kind = "generated"
        elif page.file.src_uri == f"{self._lang}/api.md":
            kind = "reference"
        else:
            kind = "page"
        title = page.title or ""
        return search_index.PageInput(page.url, title, page.content or "", kind, slug)

    # ------------------------------------------------------------------ search and sitemap

    @event_priority(-50)  # this language's pages are done; static-i18n (-100) builds the next
    def _collect_search_index(self, config: MkDocsConfig) -> None:
        if self._registry is not None:
            self._search_indexes[self._lang] = self._search_index(config)

    @event_priority(-200)  # after Material's search plugin and static-i18n wrote theirs
    def _finish_build(self, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # an inner per-language build; the outer one finishes the job
        site = Path(config.site_dir)
        for lang, index in self._search_indexes.items():
            first, rest = search_index.split_index(index, url_prefix(lang))
            for name, part in (
                ("search/search_index.json", first),
                (search_index.SECTIONS_FILE, rest),
            ):
                out = site / url_prefix(lang) / name
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), "utf-8")
        self._search_indexes = {}
        sitemap_path = site / "sitemap.xml"
        if sitemap_path.exists():
            sitemap = sitemap_path.read_text(encoding="utf-8")
            for prefix in _prefixes().values():
                if prefix:
                    text = sitemap_for_prefix(sitemap, config.site_url or "/", prefix)
                    (site / prefix / "sitemap.xml").write_text(text, encoding="utf-8")

    on_post_build = CombinedEvent(_collect_search_index, _finish_build)

    def _search_index(self, config: MkDocsConfig) -> dict:
        """This language's index, checked (it goes to ``<prefix>search/search_index.json``)."""
        lang, prefixes = self._lang, _prefixes()
        # jieba loads its dictionary in about half a second: only when an entry is computed.
        words = search_index.chinese_names(self._registry)
        cache = open_cache(Path(config.config_file_path or ".").parent, "search-docs")
        salt = [search_index.CODE_VERSION, sorted(words), lang, prefixes]

        def documents(page: search_index.PageInput) -> list[dict]:
            # Keyed by everything that shapes the entries: the page, the registry entry of a
            # term page, the jieba dictionary and this code (a code change is a cache miss).
            term = self._registry.terms[page.slug] if page.slug else None
            state = [salt, page, repr(term)]
            key = hashlib.sha1(
                json.dumps(state, ensure_ascii=False, default=repr).encode()
            ).hexdigest()
            return cache.get(
                key,
                lambda: search_index.page_documents(
                    page, self._registry, lang, search_index.segmenter_for(words), prefixes[lang]
                ),
            )

        try:
            return search_index.build_index(
                self._search_pages, self._registry, lang, prefixes, documents, self._page_urls
            )
        except search_index.SearchIndexError as exc:
            raise PluginError(str(exc)) from None
