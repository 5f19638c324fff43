"""MkDocs plugin ``glossary-snippets``: figures, snippet downloads, API page, notebook fix.

Thin event handlers around :mod:`dlglossary.core.snippet_pages` and :mod:`dlglossary.core.figures`:

* ``on_files``: check that every snippet figure has its golden files
  (``docs/assets/figures/<name>.svg`` and ``<name>.dark.svg``, drawn by
  ``dlglossary update``; the build never draws); serve every snippet
  source at ``/snippets/<module>.py``; turn the lab notebooks that mkdocs-static-i18n demoted to
  plain files back into pages (mkdocs-static-i18n issue #198).
* ``on_page_markdown``: first, every ``--8<--`` include must name an existing file and
  section (one-line error; under ``mkdocs serve`` the page keeps its last good HTML, see
  ``on_page_content``); then light/dark figure twins, the code-section block (download, install
  line, run command, API link), the generated API page.
* ``on_page_content``: a download link on every notebook page.

Runs after mkdocs-static-i18n (priority -100), which rebuilds the file list for every
language and would drop generated files added before it.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import sys
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from dlglossary.core.figures import figure_owners, golden_files, missing_golden_files
from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from dlglossary.project import Project
from dlglossary.core.snippet_pages import (
    API_MARKER,
    FIGURES_URI,
    SNIPPETS_URI,
    SnippetError,
    code_block,
    drop_includes,
    expand_api_marker,
    has_code_section,
    include_problems,
    inject_code_block,
    install_line,
    module_for_slug,
    notebook_heading_ids,
    rewrite_figures,
    set_heading_ids,
    snippet_modules,
)

log = get_plugin_logger(__name__)

NOTEBOOK_DOWNLOAD = {"zh": "下载此 notebook", "en": "Download this notebook"}


def _flatten(toc) -> list:
    """The anchors of a table of contents in document order."""
    return [item for anchor in toc for item in (anchor, *_flatten(anchor.children))]


def _language(page: Page) -> str | None:
    lang = page.file.src_uri.split("/", 1)[0]
    return lang if lang in LANGUAGES else None


class SnippetsPlugin(BasePlugin):
    """See the module docstring."""

    serving = False

    def on_startup(self, command: str, dirty: bool) -> None:
        """Under ``mkdocs serve``, remember each page's last good HTML (defining this event
        also makes MkDocs keep this instance across the rebuilds of one ``serve``)."""
        self.serving = command == "serve"
        self.last_good: dict[str, str] = {}
        self.broken: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> None:
        project = Project.from_config_file(config.config_file_path)
        self.root, self.snippets_dir = project.root, project.snippets_dir

    @event_priority(-150)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
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
        return self._notebooks_as_pages(files, config)

    def _notebooks_as_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Undo mkdocs-static-i18n #198: make its plain-file notebooks pages again.

        mkdocs-jupyter wraps ``.ipynb`` files before mkdocs-static-i18n rebuilds the file
        list with plain ``File`` objects, which MkDocs would copy as raw JSON (for the
        default language straight to ``labs/x/index.html``). Wrap them again, keeping the
        language folder out of the URL.
        """
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None:
            return files
        from mkdocs_jupyter.plugin import NotebookFile

        result = []
        for file in files:
            if file.src_uri.endswith(".ipynb") and not file.is_documentation_page():
                file = self._notebook_page(NotebookFile, file, config)
            result.append(file)
        result = Files(result)
        i18n = config.plugins.get("i18n")
        if i18n is not None:  # its sitemap lists the pages it saw in on_files
            i18n.i18n_files_per_language[i18n.current_language] = result.documentation_pages()
        return result

    def _notebook_page(self, NotebookFile, file: File, config: MkDocsConfig) -> File:
        lang, rest = file.src_uri.split("/", 1)
        stem = posixpath.splitext(rest)[0]
        page = NotebookFile(file, config.use_directory_urls, config.site_dir)
        page.dest_uri = f"{url_prefix(lang)}{stem}/index.html"
        page.abs_dest_path = str(Path(config.site_dir) / page.dest_uri)
        page.url = f"{url_prefix(lang)}{stem}/"
        page.alternates = {
            other: SimpleNamespace(url=f"{url_prefix(other)}{stem}/", page=None)
            for other in LANGUAGES
            if (Path(config.docs_dir) / other / rest).exists()
        }
        return page

    @event_priority(10)  # before mkdocs-jupyter's on_post_build evicts "unused" cache entries
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Keep every language's notebook cache entry.

        mkdocs-jupyter evicts the cache entries its current build did not use, and each
        language is a separate build, so every build would evict the other languages'
        entries and no notebook would ever be a cache hit.
        """
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None or not jupyter.config["cache"]:
            return
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

        for path in Path(config.docs_dir).glob("*/**/*.ipynb"):
            key = _compute_cache_key(str(path), jupyter.config, jupyter.config["execute"])
            jupyter._used_cache_paths.add(_get_cache_path(jupyter.config["cache_dir"], key))

    @event_priority(100)  # before the other plugins spend time on a page that cannot build
    def _check_includes(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
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

    @event_priority(-50)  # after the glossary linker: the injected block is not prose
    def _rewrite(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        lang = _language(page)
        if lang is None:
            return markdown
        src = f"docs/{page.file.src_uri}"
        try:
            markdown = rewrite_figures(markdown, self.figure_names, src)
            if API_MARKER in markdown:
                markdown = expand_api_marker(markdown, sorted(self.modules))
            parts = page.file.src_uri.split("/")
            if len(parts) == 3 and parts[1] == "terms":
                markdown = self._code_section(markdown, parts, lang, src)
        except SnippetError as exc:
            raise PluginError(str(exc)) from exc
        return markdown

    on_page_markdown = CombinedEvent(_check_includes, _rewrite)

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

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files):
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
            f"{NOTEBOOK_DOWNLOAD[lang]} ({name})</a></p>"
        )
        head, sep, tail = html.partition("</h1>")
        return f"{head}{sep}{link}{tail}" if sep else link + html
