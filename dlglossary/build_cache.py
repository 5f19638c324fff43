"""MkDocs hooks: memoise the expensive, deterministic steps of a build (loaded via ``hooks:``).

Each cache returns exactly what the uncached step would, so the site's output does not
change; they only spare work that every build (both languages, every ``mkdocs serve``
rebuild) would otherwise repeat:

* **Signature formatting** (mkdocstrings-python, ``separate_signature: true``): long
  signatures are formatted by Black, or by spawning ``ruff format`` once per signature.
  Results are kept per (code, line length, formatter version).
* **mkdocstrings templates**: the handler's Jinja environment gets the same bytecode cache
  as the theme (:mod:`dlglossary.site_hooks`), so its ~60 templates are not recompiled.
* **Theme file listing**: the installed theme's directories are walked once per process.
* **Search index entries** (Material's search plugin): parsing each rendered page and
  segmenting its Chinese text with jieba is redone for unchanged pages on every build.
  Entries are kept per (page URL, HTML, table of contents, title, meta, versions).

Persistent caches live in ``.cache/`` next to ``mkdocs.yml`` (like the figure and Jinja
caches) and are rewritten after a build only when something new was computed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


class _JsonCache:
    """A string → JSON value dict, loaded once per process and saved when it grew."""

    def __init__(self, path: Path):
        self.path = path
        self.dirty = False
        self.used: set[str] = set()  # keys read or written since the last save
        try:
            self.data: dict = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def get(self, key: str, compute):
        """The cached value for ``key``, computing and storing it on a miss."""
        self.used.add(key)
        if key not in self.data:
            self.data[key] = compute()
            self.dirty = True
        return self.data[key]

    def save(self) -> None:
        """Write the entries this build used; stale ones (edited pages) are dropped."""
        stale = self.data.keys() - self.used
        if stale:
            for key in stale:
                del self.data[key]
            self.dirty = True
        self.used = set()
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: concurrent builds never read half a file
        self.dirty = False


_caches: dict[str, _JsonCache] = {}


def _cache(config: MkDocsConfig, name: str) -> _JsonCache:
    path = Path(config.config_file_path).parent / ".cache" / "build" / f"{name}.json"
    key = str(path)
    if key not in _caches:
        _caches[key] = _JsonCache(path)
    return _caches[key]


# -- signature formatting ---------------------------------------------------------------


def _install_signature_cache(config: MkDocsConfig) -> None:
    try:
        from mkdocstrings_handlers.python._internal import rendering
    except ImportError:  # pragma: no cover - other mkdocstrings-python layout: no cache
        return
    original = getattr(rendering, "_get_formatter", None)
    if original is None or getattr(original, "_dlglossary_cached", False):
        if original is not None:
            original._dlglossary_cache[0] = _cache(config, "signatures")
        return
    holder = [_cache(config, "signatures")]
    salt = f"black {_version('black')} ruff {_version('ruff')}"

    def cached_get_formatter():
        formatter = original()

        def formatter_with_cache(code: str, line_length: int) -> str:
            cache = holder[0]
            key = hashlib.sha1(f"{salt}\0{line_length}\0{code}".encode()).hexdigest()
            return cache.get(key, lambda: formatter(code, line_length))

        return formatter_with_cache

    cached_get_formatter._dlglossary_cached = True
    cached_get_formatter._dlglossary_cache = holder
    rendering._get_formatter = cached_get_formatter


# -- search index entries ---------------------------------------------------------------


def _flat_toc(toc) -> list:
    return [(item.id, item.url, _flat_toc(item.children)) for item in toc]


def _install_search_cache(config: MkDocsConfig) -> None:
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # pragma: no cover
        return
    original = SearchIndex.add_entry_from_context
    if getattr(original, "_dlglossary_cached", False):
        original._dlglossary_cache[0] = _cache(config, "search-entries")
        return
    holder = [_cache(config, "search-entries")]
    salt = f"material {_version('mkdocs-material')} jieba {_version('jieba')}"

    def add_entry_from_context(self, page):
        cache = holder[0]
        state = json.dumps(
            [salt, page.url, str(page.title), page.meta, _flat_toc(page.toc), page.content],
            ensure_ascii=False,
            default=str,
            sort_keys=True,
        )
        key = hashlib.sha1(state.encode("utf-8")).hexdigest()

        def compute():
            scratch = copy.copy(self)
            scratch.entries = []
            original(scratch, page)
            return scratch.entries

        self.entries.extend(copy.deepcopy(cache.get(key, compute)))

    add_entry_from_context._dlglossary_cached = True
    add_entry_from_context._dlglossary_cache = holder
    SearchIndex.add_entry_from_context = add_entry_from_context


# -- theme file listing -----------------------------------------------------------------


def _install_theme_listing_cache() -> None:
    """Walk each installed theme directory once per process, not twice per build.

    ``Files.add_files_from_theme`` lists every file of Material (~10k icons included) and
    filters the names with ~20 glob patterns, for every language build and serve rebuild.
    Directories inside the Python installation do not change while MkDocs runs, so their
    filtered listing is kept; others (``custom_dir: overrides``) are listed every time.
    Same names, same order, same ``File`` objects as MkDocs' own method.
    """
    import fnmatch
    import sysconfig

    import jinja2
    from mkdocs import utils
    from mkdocs.structure.files import File, Files

    original = Files.add_files_from_theme
    if getattr(original, "_dlglossary_cached", False):
        return
    stable = tuple(
        os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("purelib", "platlib")
    )
    listings: dict[tuple, set[str]] = {}

    def add_files_from_theme(self, env, config):
        loader = env.loader
        if type(loader) is not jinja2.FileSystemLoader:
            return original(self, env, config)
        patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml"]
        patterns.append("locales/*")
        patterns.extend(f"*{x}" for x in utils.markdown_extensions)
        patterns.extend(config.theme.static_templates)

        def keep(name: str) -> bool:  # MkDocs' filter, verbatim
            return not any(fnmatch.fnmatch(name.lower(), p) for p in patterns)

        names: set[str] = set()
        for searchpath in loader.searchpath:
            key = (searchpath, loader.followlinks, tuple(patterns))
            if key in listings:
                names |= listings[key]
                continue
            listed = jinja2.FileSystemLoader(searchpath, followlinks=loader.followlinks)
            found = {n for n in listed.list_templates() if keep(n)}
            if os.path.realpath(searchpath).startswith(stable):
                listings[key] = found
            names |= found
        for path in sorted(names):
            # Theme files do not override docs_dir files
            if self.get_file_from_path(path) is None:
                for dir in config.theme.dirs:
                    # Find the first theme dir which contains path
                    if os.path.isfile(os.path.join(dir, path)):
                        self.append(File(path, dir, config.site_dir, config.use_directory_urls))
                        break

    add_files_from_theme._dlglossary_cached = True
    Files.add_files_from_theme = add_files_from_theme


# -- hooks ------------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> None:
    _install_signature_cache(config)
    _install_search_cache(config)
    _install_theme_listing_cache()


_template_cache = None


@event_priority(100)  # before any page is converted (mkdocstrings renders in on_page_markdown)
def on_files(files, config: MkDocsConfig):
    """Give mkdocstrings' Jinja environment the theme's bytecode cache."""
    global _template_cache
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None:
        if _template_cache is None:
            from dlglossary.site_hooks import _TemplateCache

            root = Path(config.config_file_path).parent
            _template_cache = _TemplateCache(root / ".cache" / "jinja2")
        try:
            handler = plugin.handlers.get_handler("python")
        except Exception:  # pragma: no cover - no handler, nothing to speed up
            return files
        handler.env.bytecode_cache = _template_cache
    return files


@event_priority(-300)  # after every other post-build step (static-i18n builds the rest first)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner language build: the outer one saves once every language is done
    for cache in _caches.values():
        cache.save()
