"""The snippet half of the glossary plugin: figures, snippet downloads, API pages, notebooks.

Thin steps around :mod:`dlglossary.core.snippet_pages` and :mod:`dlglossary.core.figures`,
called by :class:`dlglossary.site.plugin.GlossaryPlugin` (which sets each step's place in
MkDocs' event order):

* ``files``: check that every snippet figure has its golden files
  (``docs/assets/figures/<name>.svg`` and ``<name>.dark.svg``, drawn by
  ``dlglossary update``; the build never draws); serve every snippet
  source at ``/snippets/<module>.py``; generate one API page per module and one per topic, in
  each language (``docs/<lang>/api/<module>.md``, ``docs/<lang>/api/topics/<tag>.md``, only
  where ``docs/<lang>/api.md`` holds the API marker);
  turn the lab notebooks that mkdocs-static-i18n demoted to
  plain files back into pages (:func:`dlglossary.site.workarounds.notebooks_as_pages`).
* ``check_includes``, then ``rewrite`` (page Markdown): first, every ``--8<--`` include must
  name an existing file and section (one-line error; under ``mkdocs serve`` the page keeps its
  last good HTML, see ``content``); then light/dark figure twins, the code-section block
  (download, install line, run command, API link), the topic list of the API landing page.
* ``content``: a download link on every notebook page.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dlglossary.core import ui
from dlglossary.core.figures import figure_owners, golden_files, missing_golden_files
from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES
from dlglossary.core.markdown import drop_includes
from dlglossary.core.snippet_pages import (
    API_MARKER,
    API_PAGE,
    FIGURES_URI,
    SNIPPETS_URI,
    ApiModule,
    ApiTopic,
    SnippetError,
    api_module_markdown,
    api_module_path,
    api_topic_markdown,
    api_topic_path,
    api_topics,
    code_block,
    expand_api_marker,
    has_code_section,
    include_problems,
    inject_code_block,
    install_line,
    module_for_slug,
    module_summary,
    notebook_heading_ids,
    rewrite_figures,
    set_heading_ids,
    snippet_modules,
)
from dlglossary.project import Project
from dlglossary.site import workarounds
from dlglossary.site.workarounds import notebooks_as_pages


def _flatten(toc) -> list:
    """The anchors of a table of contents in document order."""
    return [item for anchor in toc for item in (anchor, *_flatten(anchor.children))]


def _language(page: Page) -> str | None:
    lang = page.file.src_uri.split("/", 1)[0]
    return lang if lang in LANGUAGES else None


class SnippetPages:
    """The snippet steps of one site (see the module docstring); kept across the rebuilds
    of one ``mkdocs serve``, so a page's last good HTML survives a broken include."""

    def __init__(self, project: Project, serving: bool) -> None:
        self.root = project.root
        self.snippets_dir = project.snippets_dir
        self.serving = serving
        self.last_good: dict[str, str] = {}
        self.broken: dict[str, str] = {}
        self.modules: set[str] = set()
        self.sources: dict[str, str] = {}
        self.figure_names: set[str] = set()
        self.api_modules: list[ApiModule] = []  # the language being built's, for the landing
        self.api_topics: list[ApiTopic] = []  # the same, grouped by topic
        self.api_pages: set[str] = set()  # src_uri of the generated module and topic pages
        self.landing = ""  # src_uri of the API landing page of the language being built

    def files(self, files: Files, config: MkDocsConfig, lang: str, registry) -> Files:
        """Check the golden figures, serve figures and snippet sources, generate the API pages
        of ``lang`` (module names from ``registry``), notebooks as pages."""
        modules = snippet_modules(self.snippets_dir)
        self.modules = set(modules)
        self.sources = {
            m: (self.snippets_dir / f"{m}.py").read_text(encoding="utf-8") for m in modules
        }
        try:
            owners = figure_owners(self.snippets_dir)
            missing = missing_golden_files(owners, Path(config.docs_dir) / FIGURES_URI)
        except SnippetError as exc:
            raise PluginError(str(exc)) from exc
        if missing:
            raise PluginError(
                missing[0] if len(missing) == 1 else f"{missing[0]} (and {len(missing) - 1} more)"
            )
        self.figure_names = set(owners)
        # Every language build links /assets/figures/ at the site root (mkdocs-static-i18n
        # would route the English build's copy of docs/ assets to /en/).
        figures_dir = Path(config.docs_dir) / FIGURES_URI
        for filename in golden_files(owners):
            uri = f"{FIGURES_URI}/{filename}"
            if uri in files.src_uris:
                files.remove(files.src_uris[uri])
            files.append(File.generated(config, uri, abs_src_path=str(figures_dir / filename)))
        for module in modules:
            path = self.snippets_dir / f"{module}.py"
            files.append(
                File.generated(config, f"{SNIPPETS_URI}/{module}.py", abs_src_path=str(path))
            )
        self._api_pages(files, config, lang, registry, modules)
        return notebooks_as_pages(files, config)

    def _api_pages(self, files: Files, config: MkDocsConfig, lang: str, registry, modules):
        """One page per module, ``docs/<lang>/api/<module>.md``, and one per topic that has
        modules, ``docs/<lang>/api/topics/<tag>.md``, generated in memory like the indexes, if
        this language's API landing page holds the marker that lists them."""
        self.api_modules, self.api_topics, self.api_pages, self.landing = [], [], set(), ""
        landing = files.get_file_from_path(f"{lang}/{API_PAGE}")
        if landing is None or API_MARKER not in landing.content_string:
            return
        self.landing = landing.src_uri
        titles = {tag: names[lang] for tag, names in registry.tags.items()} if registry else {}
        for module in modules:
            slug = module.replace("_", "-")
            term_path = f"terms/{slug}.md"
            has_term = registry is not None and slug in registry.terms
            has_page = files.get_file_from_path(f"{lang}/{term_path}") is not None
            term = registry.terms[slug] if has_term and has_page else None
            self.api_modules.append(
                ApiModule(
                    module,
                    module_summary(self.sources[module]),
                    term.names[lang] if term else None,
                    term_path if term else None,
                    term.tags if term else (),
                )
            )
        self.api_topics = api_topics(self.api_modules, titles)
        pages = {}  # path -> (content, what the page documents)
        for entry in self.api_modules:
            content = api_module_markdown(entry, lang, titles)
            pages[api_module_path(entry.module)] = (content, f"snippets/{entry.module}.py")
        for topic in self.api_topics:
            content = api_topic_markdown(topic, lang)
            pages[api_topic_path(topic.tag)] = (content, f"the topic '{topic.tag}'")
        for path, (content, source) in pages.items():
            if files.get_file_from_path(f"{lang}/{path}") is not None:
                raise PluginError(
                    f"docs/{lang}/{path}: the API page of {source} is generated by the "
                    "glossary plugin; delete or rename the hand-written file"
                )
            file = File.generated(config, f"{lang}/{path}", content=content)
            files.append(workarounds.as_i18n_file(file, config, lang, path))
            self.api_pages.add(file.src_uri)
        workarounds.register_pages_with_i18n(config, files)

    def backlink_terms(self, src_uri: str, mentioned: list[str]) -> list[str]:
        """The terms a page stands for in the terms' "Referenced by" lists: none for a
        generated API page; for the landing page, what it mentions and every module's term,
        which it lists through its topic pages (one entry per term, not one per API page)."""
        if src_uri in self.api_pages:
            return []
        if src_uri != self.landing:
            return mentioned
        listed = [e.module.replace("_", "-") for e in self.api_modules if e.term]
        return list(dict.fromkeys([*mentioned, *listed]))

    def check_includes(self, markdown: str, page: Page) -> str:
        """A missing snippet file or section fails the build with one line naming the page,
        the file, the section and the fix (pymdownx would raise a long traceback naming none).

        Under ``mkdocs serve`` the error is printed and the page keeps its last good version:
        a failed rebuild would leave MkDocs' server holding every request until the fix.
        """
        src = f"docs/{page.file.src_uri}"
        problems = include_problems(markdown, src, self.root)
        if not problems:
            return markdown
        if not self.serving:
            raise PluginError(problems[0])
        # Not through MkDocs' logger: under strict mode a logged warning fails the rebuild.
        print(f"ERROR    -  {problems[0]}", file=sys.stderr)
        self.broken[page.file.src_uri] = problems[0]
        return drop_includes(markdown)

    def rewrite(self, markdown: str, page: Page) -> str:
        """Figure twins, the API page and the code-section block of a term page."""
        lang = _language(page)
        if lang is None:
            return markdown
        src = f"docs/{page.file.src_uri}"
        try:
            markdown = rewrite_figures(markdown, self.figure_names, src)
            if API_MARKER in markdown:
                markdown = expand_api_marker(markdown, self.api_modules, self.api_topics, lang)
            parts = page.file.src_uri.split("/")
            if len(parts) == 3 and parts[1] == "terms":
                markdown = self._code_section(markdown, parts, lang, src)
        except SnippetError as exc:
            raise PluginError(str(exc)) from exc
        return markdown

    def _code_section(self, markdown: str, parts: list[str], lang: str, src: str) -> str:
        module = module_for_slug(posixpath.splitext(parts[2])[0])
        if not has_code_section(markdown):
            return markdown
        if module not in self.modules:
            raise SnippetError(
                f"{src}: the page has a code section but snippets/{module}.py does not exist; "
                "add the module or remove the { #code } heading"
            )
        block = code_block(module, lang, "/".join(parts), install_line(self.sources[module]))
        return inject_code_block(markdown, block)

    def _last_good(self, html: str, src_uri: str) -> str:
        """Under serve: the page's last good HTML under a box naming the broken include, if
        the page has one now; else the page, remembered as its last good version."""
        problem = self.broken.pop(src_uri, None)
        if problem is None:
            self.last_good[src_uri] = html
            return html
        shown = "the last good version of this page" if src_uri in self.last_good else (
            "this page without its includes"
        )  # fmt: skip
        banner = (
            '<div class="admonition failure"><p class="admonition-title">Broken include</p>'
            f"<p>{html_lib.escape(problem)}</p><p>Showing {shown} until it is fixed.</p></div>"
        )
        return banner + self.last_good.get(src_uri, html)

    def content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """Page HTML: under serve, the last good version of a page with a broken include;
        on a notebook page, the English heading ids and a download link."""
        if self.serving:
            html = self._last_good(html, page.file.src_uri)
        if not page.file.src_uri.endswith(".ipynb"):
            return html
        lang = _language(page) or DEFAULT_LANGUAGE
        rest = page.file.src_uri.split("/", 1)[1]
        english = Path(config.docs_dir) / "en" / rest
        ids = notebook_heading_ids(english.read_text(encoding="utf-8"))
        try:
            html = set_heading_ids(html, ids, f"docs/{page.file.src_uri}")
        except SnippetError as exc:
            raise PluginError(str(exc)) from exc
        for anchor, new_id in zip(_flatten(page.toc), ids, strict=False):
            anchor.id = new_id
        name = posixpath.basename(page.file.src_uri)
        link = (
            f'<p class="notebook-download"><a href="{name}" download>'
            f"{ui.strings(lang, 'notebook')['download']} ({name})</a></p>"
        )
        head, sep, tail = html.partition("</h1>")
        return f"{head}{sep}{link}{tail}" if sep else link + html
