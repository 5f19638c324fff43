"""The glossary's MkDocs plugin: thin event handlers around the pure functions of
:mod:`dlglossary.core`.

One plugin does everything the site needs, with its options in
:class:`dlglossary.site.config.GlossaryConfig`: the term features (registry checks, generated
indexes, sidebar order, linked mentions, backlinks, one search index per language), the snippet
features (:mod:`dlglossary.site.snippets`), the 404 page per language and absolute hreflang
links. Whatever works around another package lives in :mod:`dlglossary.site.workarounds`.

mkdocs.yml lists ``glossary`` right after ``i18n``; each handler's ``event_priority`` places it
among the other plugins' handlers (MkDocs runs an event's handlers by priority, highest first,
and in mkdocs.yml order within one priority). The comments give the reason for each place.
"""

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
from dlglossary.core.html_weight import drop_indentation
from dlglossary.core.i18n import hreflang_links
from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from dlglossary.core.linker import Target, compile_mentions, link_mentions, resolve_href
from dlglossary.core.registry import RegistryError, check_pages, list_pages, load_registry
from dlglossary.site import workarounds
from dlglossary.site.config import GlossaryConfig
from dlglossary.site.snippets import SnippetPages
from dlglossary.speed.disk_cache import open_cache
from dlglossary.speed.lazy import defer_notebook_converters
from dlglossary.speed import patches, site_dir
from dlglossary.speed.patches import dist_version
from dlglossary.project import Project

log = get_plugin_logger(__name__)

# mkdocs.yml lists this plugin before mkdocs-jupyter, so this runs before that plugin loads.
defer_notebook_converters()


def _prefixes() -> dict[str, str]:
    return {lang: url_prefix(lang) for lang in LANGUAGES}


def _project(config: MkDocsConfig) -> Project:
    return Project.from_config_file(config.config_file_path)


def _generated_file(config: MkDocsConfig, lang: str, path: str, content: str | bytes) -> File:
    file = File.generated(config, f"{lang}/{path}", content=content)
    return workarounds.as_i18n_file(file, config, lang, path)


def _relative_dir_url(url: str, from_url: str) -> str:
    relative = get_relative_url(url, from_url)
    return relative + "/" if relative.endswith("..") else relative  # "../.." → "../../"


class _Targets(Mapping):
    """Term slug → link target from one page, computed only for the terms the page mentions
    (a dict of every term per page would make each page's cost grow with the glossary)."""

    def __init__(self, term_urls: dict[str, str], summaries: dict[str, str], page_url: str):
        self._urls, self._summaries, self._page = term_urls, summaries, page_url
        self.summaries_used: dict[str, str] = {}  # what the links drawn so far show

    def __getitem__(self, slug: str) -> Target:
        # Point at the definition: material's instant preview shows the linked section,
        # and a term page's first section is just its title.
        url = get_relative_url(self._urls[slug], self._page) + "#definition"
        summary = self.summaries_used[slug] = self._summaries[slug]
        return Target(url, summary)

    def __contains__(self, slug: object) -> bool:
        return slug in self._urls

    def __iter__(self):
        return iter(self._urls)

    def __len__(self) -> int:
        return len(self._urls)


def _drop_from_nav(nav, src_uris: set[str]) -> None:
    """Take the pages of ``src_uris`` (and sections left empty) out of the sidebar. The API
    module and topic pages are reached from the API landing page instead: Material's
    ``navigation.sections`` renders a top-level section's children on every page, so a
    section of one entry per module would put 1,000 links in each page at 1,000 terms."""

    def keep(items: list) -> list:
        kept = []
        for item in items:
            file = getattr(item, "file", None)
            if file is not None and file.src_uri in src_uris:
                # Out of the sidebar, out of its order: no previous/next footer links, as
                # for any page MkDocs finds outside the navigation.
                item.previous_page = item.next_page = None
                continue
            if getattr(item, "children", None):
                item.children = keep(item.children)
                if not item.children:
                    continue
            kept.append(item)
        return kept

    nav.items = keep(nav.items)


_TERM_SRC = re.compile(r"^(?P<lang>[a-z]{2})/terms/(?P<slug>[a-z0-9-]+)\.md$")


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """The glossary: see the module docstring, and :mod:`dlglossary.core` for the logic."""

    serving = False

    def __init__(self) -> None:
        super().__init__()
        self._snippets: SnippetPages | None = None
        self._not_found = workarounds.NotFoundPages()
        self._lang = DEFAULT_LANGUAGE
        self._registry = None
        self._root = Path(".")  # the project folder, set with the registry in on_files
        self._mentions = None
        self._term_urls: dict[str, str] = {}
        self._url_to_slug: dict[str, str] = {}
        self._linking_state = ""  # hash of everything a page's links depend on but its own
        self._summaries: dict[str, str] = {}  # term slug → summary, in this language
        self._generated: set[str] = set()
        self._backlinks: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._search_pages: list[search_index.PageInput] = []
        self._page_urls: list[str] = []
        self._search_indexes: dict[str, dict] = {}  # language → its index, until written
        self._dropped: dict[str, tuple[bytes, str]] = {}  # URL → (input digest, output)
        self._served_language = ""  # DLGLOSSARY_SERVE_LANGUAGE while serving, else ""

    def on_startup(self, command: str, dirty: bool) -> None:
        """Note whether this is ``mkdocs serve`` (defining this event also makes MkDocs keep
        this instance across the rebuilds of one ``serve``: pages keep their last good HTML)."""
        self.serving = command == "serve"

    @event_priority(10)  # before mkdocstrings (0) reads its locale
    def _api_locale(self, config: MkDocsConfig) -> None:
        lang = workarounds.current_language(config, DEFAULT_LANGUAGE)
        workarounds.mkdocstrings_speaks(config, lang)

    def _check_config(self, config: MkDocsConfig) -> MkDocsConfig:
        workarounds.check_versions(config)
        serve_language = workarounds.served_language()
        self._served_language = serve_language if self.serving else ""
        if self._served_language:
            workarounds.serve_one_language(config, serve_language)
        if self.config.snippets and self._snippets is None:
            self._snippets = SnippetPages(_project(config), self.serving)
        material = dist_version("mkdocs-material")
        if not material.startswith("9."):
            raise PluginError(
                f"mkdocs-material {material}: docs/assets/javascripts/workers/glossary-search.js "
                "speaks the search-worker protocol of Material 9; check it against this "
                "version, then widen the check in dlglossary/site/plugin.py"
            )
        return config

    on_config = CombinedEvent(_api_locale, _check_config)

    # ------------------------------------------------------------------ terms

    @event_priority(-110)  # after static-i18n (-100) kept this language's files only
    def _term_files(self, files: Files, config: MkDocsConfig) -> Files:
        project = _project(config)
        docs = Path(config.docs_dir)
        lang = workarounds.current_language(config, DEFAULT_LANGUAGE)
        try:
            registry = load_registry(project.registry_dir)
            if lang == DEFAULT_LANGUAGE:  # the checks span both languages: once per build
                check_pages(registry, {code: list_pages(docs, code) for code in LANGUAGES})
                parity.check_docs(docs)
        except (RegistryError, parity.ParityError) as exc:
            raise PluginError(str(exc)) from None
        if lang == DEFAULT_LANGUAGE:
            self._report_outdated(project, docs)
        self._lang, self._registry, self._root = lang, registry, project.root
        self._mentions = compile_mentions(registry.terms.values())
        self._backlinks = defaultdict(list)
        self._generated = set()
        # Another language is served alone, or rebuilt alone after an edit to its pages only
        # (dlglossary.speed.language_rebuild): this language's build holds no pages.
        alone = self._served_language or site_dir.rebuilding_only() or ""
        slim = alone not in ("", lang)
        if slim:
            files = workarounds.slim_files(files, lang)
        # A home page all the same: static-i18n needs one per language (while another language
        # is rebuilt alone, it is not written: site_dir keeps the last build's files).
        generated = (
            {"index.md": workarounds.SLIM_HOME} if slim else indexes.generated_pages(registry, lang)
        )
        for path, content in generated.items():
            if files.get_file_from_path(f"{lang}/{path}") is not None:
                raise PluginError(
                    f"docs/{lang}/{path}: this page is generated from the registry by the "
                    f"glossary plugin; delete or rename the hand-written file"
                )
            file = _generated_file(config, lang, path, content)
            files.append(file)
            self._generated.add(file.src_uri)
        workarounds.register_pages_with_i18n(config, files)
        self._term_urls = {}
        self._search_pages = []
        # A page's URL as Page.url gives it (the home page's is "", its file's "./").
        self._page_urls = [file.url.removeprefix("./") for file in files.documentation_pages()]
        for file in files.documentation_pages():
            match = _TERM_SRC.match(file.src_uri)
            if match and match["lang"] == lang and match["slug"] in registry.terms:
                self._term_urls[match["slug"]] = file.url
        self._url_to_slug = {url: slug for slug, url in self._term_urls.items()}
        self._summaries = {slug: registry.terms[slug].summary[lang] for slug in self._term_urls}
        self._linking_state = hashlib.sha1(
            json.dumps(
                [self._mentions.regex.pattern, self._mentions.forms, self._term_urls],
                ensure_ascii=False,
                sort_keys=True,
            ).encode("utf-8")
        ).hexdigest()
        return files

    @event_priority(-150)  # after the term pages: static-i18n's sitemap then lists both
    def _snippet_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self._snippets is None:
            return files
        return self._snippets.files(files, config, self._lang, self._registry)

    @event_priority(-150)  # after the notebooks became pages: redirects may point at them
    def _redirect_pages(self, files: Files, config: MkDocsConfig) -> None:
        workarounds.redirects_see_i18n_urls(config, files)

    @event_priority(-200)  # every page of this language is in ``files`` now
    def _own_files(self, files: Files, config: MkDocsConfig) -> None:
        """A rebuild of this language alone may write its pages, its search index and its
        404 page, and nothing else (:func:`dlglossary.speed.site_dir.allow`)."""
        if site_dir.rebuilding_only() != self._lang:
            return
        prefix = url_prefix(self._lang)
        site_dir.allow(file.abs_dest_path for file in files.documentation_pages())
        site_dir.allow(
            [
                f"{prefix}{search_index.INDEX_FILE}",
                f"{prefix}{search_index.SECTIONS_FILE}",
                workarounds.not_found_path(self._lang, DEFAULT_LANGUAGE),
            ]
        )

    on_files = CombinedEvent(_term_files, _snippet_files, _redirect_pages, _own_files)

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
        if self._snippets and self._snippets.api_pages:
            _drop_from_nav(nav, self._snippets.api_pages)

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

    @event_priority(100)  # before the other plugins spend time on a page that cannot build
    def _check_includes(self, markdown: str, *, page: Page, config, files) -> str:
        return self._snippets.check_includes(markdown, page) if self._snippets else markdown

    def _term_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if indexes.CONTENTS_MARKER in markdown:
            contents = indexes.contents_markdown(self._registry, self._lang)
            markdown = markdown.replace(indexes.CONTENTS_MARKER, contents)
        slug = self._term_slug(page)
        if slug is None:
            return markdown
        term = self._registry.terms[slug]
        return blocks.append_blocks(markdown, term, self._registry, self._lang)

    @event_priority(-50)  # after the term blocks and autorefs (0): the code block is ours
    def _snippet_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        return self._snippets.rewrite(markdown, page) if self._snippets else markdown

    on_page_markdown = CombinedEvent(_check_includes, _term_markdown, _snippet_markdown)

    def _link_mentions(self, html: str, *, page: Page, config, files) -> str:
        if page.file.src_uri in self._generated:
            return html  # the indexes already link every term
        targets = _Targets(self._term_urls, self._summaries, page.url)
        body, tail = blocks.split_generated(html)
        own = self._term_slug(page)

        def link() -> list:
            linked, seen = link_mentions(
                body,
                self._mentions,
                targets,
                own_slug=own,
                href_to_slug=lambda href: self._url_to_slug.get(resolve_href(page.url, href) or ""),
            )
            return [linked, seen, targets.summaries_used]

        def still_valid(kept: list) -> bool:  # the summaries its links show are current
            return all(self._summaries.get(slug) == text for slug, text in kept[2].items())

        # A pure function of these inputs; matching every name on every text node is the
        # slowest step of a warm build, so results are kept in .cache/build/mentions.json.
        # The key holds what every link depends on (names, aliases and term URLs, hashed once
        # per build in self._linking_state) and the page; the summaries shown in the links'
        # titles are checked per kept result, so editing a term's summary relinks only the
        # pages that link that term.
        state = [self._linking_state, body, own, page.url]  # the engine's code: the file stamp
        key = hashlib.sha1(json.dumps(state, ensure_ascii=False).encode("utf-8")).hexdigest()
        body, seen, _ = open_cache(self._root, "mentions").get(key, link, still_valid)
        if self._snippets:
            seen = self._snippets.backlink_terms(page.file.src_uri, seen)
        for slug in seen:
            self._backlinks[slug].append((page.url, page.title or page.url))
        return body + tail

    @event_priority(-1)  # after autorefs (0) read the toc, as when glossary-snippets ran last
    def _snippet_content(self, html: str, *, page: Page, config, files) -> str:
        return self._snippets.content(html, page, config) if self._snippets else html

    on_page_content = CombinedEvent(_link_mentions, _snippet_content)

    @event_priority(100)  # every page's content exists now; fill backlinks before search indexes
    def _backlinks_and_search(self, context, *, page: Page, config, nav):
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

    @event_priority(-100)  # after static-i18n (50) pointed the selector at this page's twins
    def _hreflang(self, context, *, page: Page, config, nav):
        """Expose absolute hreflang URLs to ``overrides/main.html``."""
        if self.config.hreflang:
            alternates = workarounds.language_alternates(config)
            context["hreflang_links"] = hreflang_links(
                config.site_url, alternates, DEFAULT_LANGUAGE
            )
        return context

    on_page_context = CombinedEvent(_backlinks_and_search, _hreflang)

    # ------------------------------------------------------------------ page weight

    @event_priority(-200)  # last: every other plugin has written its part of the page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The page without the theme's indentation (:mod:`dlglossary.core.html_weight`).

        While serving, the result is kept per page with a digest of its input: a rebuild
        hands an unchanged page's result back (the ``served-pages`` cache; ~0.1 ms a page)."""
        if not (self.serving and patches.enabled("served-pages")):
            return drop_indentation(output)
        digest = hashlib.sha1(output.encode("utf-8")).digest()
        kept = self._dropped.get(page.url)
        if kept is None or kept[0] != digest:
            kept = self._dropped[page.url] = (digest, drop_indentation(output))
        return kept[1]

    # ------------------------------------------------------------------ 404 pages

    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        if template_name == "404.html" and self.config.not_found_per_language:
            self._not_found.point_selector_at_roots(config)
        return context

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig):
        if template_name == "404.html" and self.config.not_found_per_language:
            self._not_found.remember(config, output)
        return output

    def _search_input(self, page: Page) -> search_index.PageInput:
        slug = self._term_slug(page)
        if slug is not None:
            kind = "term"
        elif page.file.src_uri in self._generated:
            kind = "generated"
        elif page.file.src_uri == f"{self._lang}/api.md" or (
            self._snippets and page.file.src_uri in self._snippets.api_pages
        ):
            kind = "reference"
        else:
            kind = "page"
        title = page.title or ""
        return search_index.PageInput(page.url, title, page.content or "", kind, slug)

    # ------------------------------------------------------------------ search and sitemap

    @event_priority(10)  # before mkdocs-jupyter's on_post_build evicts "unused" cache entries
    def _keep_notebook_cache(self, config: MkDocsConfig) -> None:
        if self._snippets:
            workarounds.keep_every_languages_notebook_cache(config)

    @event_priority(-50)  # this language's pages are done; static-i18n (-100) builds the next
    def _collect_search_index(self, config: MkDocsConfig) -> None:
        # Not for a language left out of a rebuild: its index stays as the last build wrote it.
        if self._registry is not None and site_dir.rebuilding_only() in (None, self._lang):
            self._search_indexes[self._lang] = self._search_index(config)

    @event_priority(-200)  # after Material's search plugin and static-i18n wrote theirs
    def _finish_build(self, config: MkDocsConfig) -> None:
        if workarounds.inner_language_build(config):
            return  # an inner per-language build; the outer one finishes the job
        parts = []
        for lang, index in self._search_indexes.items():
            first, rest = search_index.split_index(index, url_prefix(lang))
            parts.append((url_prefix(lang), search_index.INDEX_FILE, first))
            parts.append((url_prefix(lang), search_index.SECTIONS_FILE, rest))
        workarounds.write_search_indexes(config.site_dir, parts)
        self._search_indexes = {}
        workarounds.write_language_sitemaps(config)

    @event_priority(-200)  # after static-i18n (-100) built every language
    def _write_not_found_pages(self, config: MkDocsConfig) -> None:
        if self.config.not_found_per_language and not workarounds.inner_language_build(config):
            self._not_found.write(config)

    on_post_build = CombinedEvent(
        _keep_notebook_cache, _collect_search_index, _finish_build, _write_not_found_pages
    )

    def _search_index(self, config: MkDocsConfig) -> dict:
        """This language's index, checked (it goes to ``<prefix>search/search_index.json``)."""
        lang, prefixes = self._lang, _prefixes()
        # jieba loads its dictionary in about half a second: only when an entry is computed.
        words = search_index.chinese_names(self._registry)
        cache = open_cache(self._root, "search-docs")
        salt = [sorted(words), lang, prefixes]  # the engine's code and jieba: the file stamp

        def documents(page: search_index.PageInput) -> list[dict]:
            # Keyed by everything that shapes the entries: the page, the registry entry of a
            # term page, the names added to jieba's dictionary (the code and jieba's version
            # are in the cache file's stamp, disk_cache.code_state).
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
