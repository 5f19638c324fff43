"""Every place the glossary plugin works around another package's shortcoming, in one room.

Each function names the upstream issue it works around (or says plainly that none is filed)
and the version range of the package it was written for. :func:`check_versions` (called from
the plugin's ``on_config``) and every call of a workaround fail with one line when the installed
version is outside that range: check the workaround against the new version, then widen the
range here. Nothing else in :mod:`dlglossary.site` touches another plugin's attributes.

Not here: the run-time patches of :mod:`dlglossary.speed` (render cache, build cache, lazy
imports, including the build cache's write to ``indexes.PINYIN_MEMO``), which live with the
caches they serve.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from dlglossary.core.i18n import not_found_alternates
from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from dlglossary.core.sitemap import sitemap_for_prefix
from dlglossary.speed import patches

F = TypeVar("F", bound=Callable)

STATIC_I18N = ("mkdocs-static-i18n", ">=1.3,<1.4", "i18n")
JUPYTER = ("mkdocs-jupyter", ">=0.26,<0.27", "mkdocs-jupyter")
REDIRECTS = ("mkdocs-redirects", ">=1.2,<1.3", "redirects")
MKDOCSTRINGS = ("mkdocstrings", ">=1.0,<1.1", "mkdocstrings")


@dataclass(frozen=True)
class Workaround:
    """A workaround and the package versions it was written for."""

    name: str
    dist: str
    versions: str
    plugin: str  # the name the package's plugin has in mkdocs.yml
    upstream: str


WORKAROUNDS: list[Workaround] = []


def require(dist: str, versions: str, what: str, upstream: str = "") -> None:
    """Fail with one line unless ``dist`` is installed in the range ``versions``."""
    installed = patches.dist_version(dist)  # "-": not installed
    if installed == "-" or Version(installed) not in SpecifierSet(versions):
        found = f"{dist} {installed} is installed" if installed != "-" else f"{dist} is not installed"
        cited = f" ({upstream})" if upstream else ""
        raise PluginError(
            f"{found}, but dlglossary/site/workarounds.py:{what}{cited} was written for "
            f"{dist}{versions}; check the workaround against this version, then widen its range"
        )


def check_versions(config: MkDocsConfig) -> None:
    """Check the version of every package whose plugin is enabled and worked around."""
    for w in WORKAROUNDS:
        if w.plugin in config.plugins:
            require(w.dist, w.versions, w.name, w.upstream)


def written_for(package: tuple[str, str, str], upstream: str) -> Callable[[F], F]:
    """Register a workaround for ``package`` = (distribution, version range, plugin name);
    every call checks the installed version (once per process)."""
    dist, versions, plugin = package

    def register(function: F) -> F:
        WORKAROUNDS.append(Workaround(function.__name__, dist, versions, plugin, upstream))
        checked = functools.cache(lambda: require(dist, versions, function.__name__, upstream))

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            checked()
            return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return register


# ---------------------------------------------------------------- mkdocs-static-i18n: state

NO_I18N_ISSUE = "no upstream issue: static-i18n has no API for this"


@written_for(STATIC_I18N, NO_I18N_ISSUE)
def current_language(config: MkDocsConfig, default: str) -> str:
    """The language being built: static-i18n builds one language per MkDocs build and keeps
    no public record of which (its ``current_language`` attribute)."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or default


def inner_language_build(config: MkDocsConfig) -> bool:
    """Whether this is one of static-i18n's inner per-language builds (its ``building`` flag,
    set while its ``on_post_build`` builds the other languages); work done once per site
    waits for the outer build."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and _inner_build(i18n)


@written_for(STATIC_I18N, NO_I18N_ISSUE)
def _inner_build(i18n) -> bool:
    return bool(getattr(i18n, "building", False))


@written_for(STATIC_I18N, NO_I18N_ISSUE)
def languages_share_pages(config: MkDocsConfig) -> bool:
    """Whether a language's build may show another language's pages: static-i18n's
    ``fallback_to_default`` fills a page missing in a language with the default language's
    (this site sets it to false; a rebuild of one language alone assumes it is)."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and bool(getattr(i18n.config, "fallback_to_default", True))


SERVE_LANGUAGE = "DLGLOSSARY_SERVE_LANGUAGE"


def served_language() -> str:
    """The language ``DLGLOSSARY_SERVE_LANGUAGE`` asks ``mkdocs serve`` to build alone ("")."""
    return os.environ.get(SERVE_LANGUAGE, "").strip()


def serve_one_language(config: MkDocsConfig, value: str) -> None:
    """``mkdocs serve`` builds only ``value`` (``DLGLOSSARY_SERVE_LANGUAGE``), at its usual URLs.

    The default language: static-i18n's public ``build: false`` for every other language, so
    a rebuild is one language's build. Another language: static-i18n always builds the
    default language first, as the outer build at the site root (its ``build_only_locale``
    would move the language to the root, where the engine's URLs do not expect it), so every
    language stays built and the glossary plugin makes the default language's build nearly
    empty (:func:`slim_files`)."""
    if value not in LANGUAGES:
        raise PluginError(
            f"{SERVE_LANGUAGE}={value}: not a language of the site; set it to one of "
            f"{', '.join(LANGUAGES)}, or unset {SERVE_LANGUAGE} to serve every language"
        )
    if value != DEFAULT_LANGUAGE:
        return
    i18n = config.plugins.get("i18n")
    for language in getattr(i18n, "config", {}).get("languages", []):
        language.build = language.locale == value


def slim_files(files: Files, lang: str) -> Files:
    """The files of ``lang``'s build while another language is served alone: the files that
    are not pages (assets every language links at the site root), without its pages and
    notebooks; the plugin adds :data:`SLIM_HOME` as its home page, so the site root exists."""
    return Files(
        [
            file
            for file in files
            if not file.src_uri.startswith(f"{lang}/")
            or not (file.is_documentation_page() or file.src_uri.endswith(".ipynb"))
        ]
    )


# The home page of the default language's build while English is served alone (its real home
# page links every term, which this build does not have).
SLIM_HOME = """# 只预览英文

这次预览只构建英文站点（`DLGLOSSARY_SERVE_LANGUAGE=en`），没有中文页面。
请打开<a href="en/">英文站点</a>。

This preview builds the English site only (`DLGLOSSARY_SERVE_LANGUAGE=en`): open
<a href="en/">the English site</a>.
"""


@written_for(STATIC_I18N, NO_I18N_ISSUE)
def register_pages_with_i18n(config: MkDocsConfig, files: Files) -> None:
    """Tell static-i18n about the pages added after its ``on_files`` (generated indexes,
    notebooks made pages again): its sitemap and language alternates list the pages it saw
    in ``on_files`` only, kept in the private ``i18n_files_per_language``. No upstream issue
    is filed; the closest is https://github.com/ultrabug/mkdocs-static-i18n/issues/194
    (incomplete sitemap, another cause)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and hasattr(i18n, "i18n_files_per_language"):
        lang = current_language(config, "")
        i18n.i18n_files_per_language[lang] = files.documentation_pages()


@written_for(STATIC_I18N, NO_I18N_ISSUE)
def as_i18n_file(file: File, config: MkDocsConfig, lang: str, path: str) -> File:
    """Give a generated page of ``docs/<lang>/<path>`` the URL and the attributes static-i18n
    gives its own files (language switcher, page context): static-i18n offers no way to add
    a page for one language after its ``on_files``."""
    file.dest_uri = _served_file(config, lang, path).dest_uri
    file.locale = file.localization = file.locale_alternate_of = lang
    file.norm_src_uri = path
    file.alternates = {other: _served_file(config, other, path) for other in LANGUAGES}
    return file


def _served_file(config: MkDocsConfig, lang: str, path: str) -> File:
    """A File for ``docs/<lang>/<path>`` placed where static-i18n serves that language."""
    return File(url_prefix(lang) + path, None, config.site_dir, config.use_directory_urls)


@written_for(STATIC_I18N, NO_I18N_ISSUE)
def language_alternates(config: MkDocsConfig) -> list[dict]:
    """The language selector's entries for the page being built. static-i18n sets
    ``extra.alternate`` as an attribute per page, the theme reads the item when no attribute
    exists: mirror Jinja's lookup order."""
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []


# ---------------------------------------------------------------- mkdocs-static-i18n: 404

NOT_FOUND_ISSUE = "https://github.com/ultrabug/mkdocs-static-i18n/issues/284"


def not_found_path(lang: str, default: str) -> str:
    """Where a language's 404 page goes, relative to the site folder."""
    return "404.html" if lang == default else f"{lang}/404.html"


class NotFoundPages:
    """A 404 page per language (``/404.html`` in the default language, ``/<lang>/404.html``
    for the others). static-i18n renders the 404 template once per language into the same
    ``site/404.html``, so the last language built wins and its selector points at the page
    that was not found (https://github.com/ultrabug/mkdocs-static-i18n/issues/284, open)."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}

    @written_for(STATIC_I18N, NOT_FOUND_ISSUE)
    def point_selector_at_roots(self, config: MkDocsConfig) -> None:
        """The 404 page is served at any depth: point its selector at the language roots."""
        i18n = config.plugins.get("i18n")
        langs = [lang.locale for lang in i18n.config.languages]
        names = {a["lang"]: a["name"] for a in language_alternates(config)}
        alternates = [
            {**alt, "name": names.get(alt["lang"], alt["lang"])}
            for alt in not_found_alternates(config.site_url, langs, i18n.default_language)
        ]
        config.extra["alternate"] = alternates
        config.extra.alternate = alternates

    @written_for(STATIC_I18N, NOT_FOUND_ISSUE)
    def remember(self, config: MkDocsConfig, html: str) -> None:
        """Keep this language's rendering of the 404 page."""
        self.pages[config.plugins.get("i18n").current_language] = html

    @written_for(STATIC_I18N, NOT_FOUND_ISSUE)
    def write(self, config: MkDocsConfig) -> None:
        """Write every language's 404 page where it belongs (after static-i18n's last build
        overwrote ``site/404.html``)."""
        default = config.plugins.get("i18n").default_language
        site = Path(config.site_dir)
        for lang, html in self.pages.items():
            target = site / not_found_path(lang, default)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        self.pages.clear()


# ---------------------------------------------------------------- search and sitemap


@written_for(STATIC_I18N, "https://github.com/ultrabug/mkdocs-static-i18n/issues/271")
def write_search_indexes(site_dir: str, parts: Iterable[tuple[str, str, dict]]) -> None:
    """Write one search index per language, ``(prefix, file name, index)`` each, over the
    ones Material and static-i18n wrote. Material's theme loads one index per site and
    static-i18n merges every language into it, so a Chinese query finds English pages
    (https://github.com/ultrabug/mkdocs-static-i18n/issues/271 and #129, closed as a
    limitation); mkdocs.yml sets ``reconfigure_search: false`` and the search worker
    (docs/assets/javascripts/workers/glossary-search.js) loads the language's own index."""
    for prefix, name, part in parts:
        out = Path(site_dir) / prefix / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), "utf-8")


@written_for(STATIC_I18N, "no upstream issue: static-i18n writes one sitemap")
def write_language_sitemaps(config: MkDocsConfig) -> None:
    """Give each language root its own ``sitemap.xml`` (``/en/sitemap.xml``): Material's
    language selector fetches ``sitemap.xml`` next to each language-root alternate link (see
    overrides/main.html), and crawlers read it; static-i18n writes one sitemap for the site. No upstream issue is filed with
    static-i18n; https://github.com/squidfunk/mkdocs-material/issues/6582 is cited elsewhere
    for Material fetching the sitemap relative to the alternate link (not verified here)."""
    site = Path(config.site_dir)
    sitemap_path = site / "sitemap.xml"
    if not sitemap_path.exists():
        return
    sitemap = sitemap_path.read_text(encoding="utf-8")
    for lang in LANGUAGES:
        prefix = url_prefix(lang)
        if prefix and (site / prefix).is_dir():  # not built: DLGLOSSARY_SERVE_LANGUAGE
            text = sitemap_for_prefix(sitemap, config.site_url or "/", prefix)
            (site / prefix / "sitemap.xml").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- mkdocs-jupyter


@written_for(STATIC_I18N, "https://github.com/ultrabug/mkdocs-static-i18n/issues/198")
def notebooks_as_pages(files: Files, config: MkDocsConfig) -> Files:
    """Undo https://github.com/ultrabug/mkdocs-static-i18n/issues/198 (open): make the lab
    notebooks that static-i18n demoted to plain files pages again.

    mkdocs-jupyter wraps ``.ipynb`` files before static-i18n rebuilds the file list with plain
    ``File`` objects, which MkDocs would copy as raw JSON (for the default language straight to
    ``labs/x/index.html``). Wrap them again, keeping the language folder out of the URL.
    """
    if config.plugins.get("mkdocs-jupyter") is None:
        return files
    result = Files(
        [
            _notebook_page(file, config)
            if file.src_uri.endswith(".ipynb") and not file.is_documentation_page()
            else file
            for file in files
        ]
    )
    register_pages_with_i18n(config, result)
    return result


@written_for(JUPYTER, "https://github.com/ultrabug/mkdocs-static-i18n/issues/198")
def _notebook_page(file: File, config: MkDocsConfig) -> File:
    from mkdocs_jupyter.plugin import NotebookFile

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


@written_for(JUPYTER, "no upstream issue: mkdocs-jupyter assumes one build per site")
def keep_every_languages_notebook_cache(config: MkDocsConfig) -> None:
    """Keep every language's notebook cache entry (must run before mkdocs-jupyter's
    ``on_post_build``). mkdocs-jupyter evicts the cache entries its current build did not use
    (its private ``_used_cache_paths``), and static-i18n makes each language a separate build,
    so every build would evict the other languages' entries and no notebook would ever be a
    cache hit. No upstream issue is filed."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not jupyter.config["cache"] or not patches.applies("notebook-cache"):
        return
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    for path in Path(config.docs_dir).glob("*/**/*.ipynb"):
        key = _compute_cache_key(str(path), jupyter.config, jupyter.config["execute"])
        jupyter._used_cache_paths.add(_get_cache_path(jupyter.config["cache_dir"], key))


# ---------------------------------------------------------------- mkdocstrings


def mkdocstrings_speaks(config: MkDocsConfig, lang: str) -> None:
    """Make mkdocstrings render this language build's docstring section titles ("Parameters:"
    on English pages, "参数：" on Chinese ones) through its public ``locale`` option (must run
    before mkdocstrings' ``on_config``). Without the option, mkdocstrings takes the locale from
    ``theme.language`` in its ``on_config`` (priority 0), before static-i18n's (-100) sets the
    language being built: every language got the default one, Chinese. No upstream issue is
    filed."""
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        _set_locale(mkdocstrings, lang)


@written_for(MKDOCSTRINGS, "no upstream issue: static-i18n sets the theme language too late")
def _set_locale(mkdocstrings, lang: str) -> None:
    mkdocstrings.config["locale"] = lang


# ---------------------------------------------------------------- mkdocs-redirects


@written_for(REDIRECTS, "https://github.com/mkdocs/mkdocs-redirects/issues/63")
def redirects_see_i18n_urls(config: MkDocsConfig, files: Files) -> None:
    """Let mkdocs-redirects see the page URLs static-i18n assigns (run after static-i18n's
    ``on_files``). mkdocs-redirects records the pages in its ``on_files`` (its private
    ``doc_pages``), before static-i18n moves the default language from ``zh/terms/x/`` to
    ``terms/x/``; a redirect to a Chinese page would point at ``zh/terms/x/``, which is not
    published (https://github.com/mkdocs/mkdocs-redirects/issues/63, open; #33 is the same
    with static-i18n's suffix layout). Refreshing its table makes ``redirect_maps`` entries
    such as ``terms/old.md: zh/terms/new.md`` land on ``terms/new/``.

    Each of static-i18n's per-language builds sees its own language's pages only, and
    mkdocs-redirects writes every entry of ``redirect_maps`` in every build: the Chinese build
    failed on ``en/terms/new.md`` and the English build on ``zh/terms/new.md`` ("Redirect
    target ... does not exist!"). Each build keeps the entries whose target is in its language
    (:func:`redirect_language`); a target in no language's folder stays with the default
    language's build, where mkdocs-redirects still reports it once if it does not exist."""
    redirects = config.plugins.get("redirects")
    if redirects is not None and hasattr(redirects, "doc_pages"):
        redirects.doc_pages = {f.src_uri: f for f in files.documentation_pages()}
        lang = current_language(config, DEFAULT_LANGUAGE)
        redirects.redirects = {
            old: new
            for old, new in redirects.config["redirect_maps"].items()
            if redirect_language(str(new)) == lang
        }


def redirect_language(target: str) -> str:
    """The language whose build writes a redirect to ``target`` (a ``redirect_maps`` value):
    the language folder it starts with (``en/terms/x.md``), else the default language
    (external URLs, paths in no language's folder)."""
    first = target.split("/", 1)[0]
    return first if first in LANGUAGES and "/" in target else DEFAULT_LANGUAGE
