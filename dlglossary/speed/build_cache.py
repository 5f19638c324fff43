"""MkDocs hooks: memoise the expensive, deterministic steps of a build (loaded via ``hooks:``).

Each cache returns exactly what the uncached step would, so the site's output does not
change; they only spare work that every build (both languages, every ``mkdocs serve``
rebuild) would otherwise repeat. The patches they need are declared, with the versions
they were written for, in :mod:`dlglossary.speed.patches`; ``DLGLOSSARY_NO_SPEED=1`` turns
every cache and patch off.

* **Signature formatting** (mkdocstrings-python, ``separate_signature: true``): long
  signatures are formatted by Black, or by spawning ``ruff format`` once per signature.
  Results are kept per (code, line length, formatter version).
* **mkdocstrings templates**: the handler's Jinja environment gets the same bytecode cache
  as the theme (this module's ``on_env``), so its ~60 templates are not recompiled.
* **Page conversions** (Markdown → HTML, :mod:`dlglossary.speed.render_cache`): unchanged
  pages are not converted again; their side effects on autorefs and mkdocstrings are
  replayed, their includes checked.
* **Pinyin** of Chinese names for the A–Z index (pypinyin is imported only for new names).
* **Rendered pages** while serving (:mod:`dlglossary.speed.page_cache`): a rebuild after an
  edit renders again only the pages whose template input changed.

Persistent caches live in ``.cache/`` next to ``mkdocs.yml`` (like the figure and Jinja
caches) and are rewritten after a build only when something new was computed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger

from dlglossary.core.languages import LANGUAGES
from dlglossary.site.workarounds import (
    inner_language_build,
    languages_share_pages,
    served_language,
)
from dlglossary.speed import (
    language_rebuild,
    page_cache,
    patches,
    render_cache,
    site_dir,
    theme_files,
)
from dlglossary.speed.disk_cache import JsonCache, open_cache, save_all
from dlglossary.speed.patches import dist_version


def _cache(config: MkDocsConfig, name: str) -> JsonCache:
    return open_cache(Path(config.config_file_path).parent, name)


# -- mkdocstrings: signature formatting and templates -----------------------------------

log = get_plugin_logger("dlglossary.speed")
_config: list[MkDocsConfig] = []  # the configuration of the build in progress
_installed: set[str] = set()  # patches applied in this process


def _install_signature_cache() -> None:
    # mkdocstrings-python's private formatter, in the versions dlglossary.speed.patches names
    from mkdocstrings_handlers.python._internal import rendering

    original = rendering._get_formatter
    if getattr(original, "_dlglossary_cached", False):
        return
    salt = f"black {dist_version('black')} ruff {dist_version('ruff')}"

    def cached_get_formatter():
        formatter = original()

        def formatter_with_cache(code: str, line_length: int) -> str:
            cache = _cache(_config[0], "signatures")
            key = hashlib.sha1(f"{salt}\0{line_length}\0{code}".encode()).hexdigest()
            return cache.get(key, lambda: formatter(code, line_length))

        return formatter_with_cache

    cached_get_formatter._dlglossary_cached = True
    rendering._get_formatter = cached_get_formatter


def _install_handler_caches() -> None:
    """Speed up mkdocstrings' Python handler when (and only if) a page needs it.

    Loading the handler costs ~0.3 s of imports; with the page render cache most builds
    never need it, so nothing here imports it. When a handler is created: its Jinja
    environment gets the theme's bytecode cache (~60 templates are not recompiled) and
    signature formatting is memoised (it spawns ``ruff format`` once per signature).
    """
    from mkdocstrings import Handlers

    if "handlers" in _installed:
        return
    _installed.add("handlers")
    original = Handlers.get_handler

    download = Handlers._download_inventories

    def _download_inventories(self):
        # mkdocstrings loads every configured handler in on_config just to ask it for
        # inventory URLs; ours configure none, so the handler is loaded when a page needs it.
        if not patches.enabled("mkdocstrings") or any(
            conf.get("inventories") or conf.get("import") for conf in self._handlers_config.values()
        ):
            download(self)

    Handlers._download_inventories = _download_inventories

    def get_handler(self, name, handler_config=None):
        new = name not in self._handlers
        handler = original(self, name, handler_config)
        if new and _config and patches.enabled("mkdocstrings"):
            if name == "python":
                _install_signature_cache()
            env = getattr(handler, "env", None)
            if env is not None:
                env.bytecode_cache = template_cache(_config[0])
        return handler

    Handlers.get_handler = get_handler


# -- pinyin of Chinese names (A–Z index) ------------------------------------------------

_pinyin_loaded = 0


def _install_pinyin_memo(config: MkDocsConfig) -> None:
    """Reuse the romanisation of every name seen before (pypinyin loads in ~0.4 s)."""
    global _pinyin_loaded
    from dlglossary.core import indexes

    phrases = json.dumps(indexes.PHRASES, ensure_ascii=False, sort_keys=True)
    salt = hashlib.sha1(f"pypinyin {dist_version('pypinyin')}\0{phrases}".encode()).hexdigest()
    indexes.PINYIN_MEMO = _cache(config, "pinyin").get(salt, dict)
    _pinyin_loaded = len(indexes.PINYIN_MEMO)


def _save_pinyin_memo(config: MkDocsConfig) -> None:
    from dlglossary.core import indexes

    if len(indexes.PINYIN_MEMO) != _pinyin_loaded:
        _cache(config, "pinyin").dirty = True


# -- compiled templates -----------------------------------------------------------------


class _TemplateCache(BytecodeCache):
    """Compiled templates kept in memory, backed by ``.cache/jinja2`` for cold builds.

    Buckets are keyed by template name and checked against the source's checksum,
    so an edited template is recompiled.
    """

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.disk = FileSystemBytecodeCache(str(directory))
        self.memory: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.memory:
            bucket.bytecode_from_string(self.memory[bucket.key])
        else:
            self.disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.memory[bucket.key] = bucket.bytecode_to_string()
        self.disk.dump_bytecode(bucket)


_template_caches: dict[Path, _TemplateCache] = {}


def template_cache(config: MkDocsConfig) -> _TemplateCache:
    """The project's compiled-template cache (``.cache/jinja2`` next to ``mkdocs.yml``)."""
    root = Path(config.config_file_path).parent
    if root not in _template_caches:
        _template_caches[root] = _TemplateCache(root / ".cache" / "jinja2")
    return _template_caches[root]


# -- hooks ------------------------------------------------------------------------------

# `mkdocs serve` (on_startup runs once, before the first build) and the builds finished since.
_session = {"serving": False, "builds": 0}
_page_cache = page_cache.PageCache()
_planner = language_rebuild.Planner()


def on_startup(command: str, dirty: bool) -> None:
    _session["serving"] = command == "serve"


def on_shutdown() -> None:
    """Write the caches a serve session filled since its first build (rewriting tens of MB
    of JSON after every edit would cost a large part of a rebuild at 1,000 terms)."""
    save_all()


@event_priority(100)  # before Material's search plugin renders a template in its on_config
def on_config(config: MkDocsConfig) -> None:
    _config[:] = [config]
    if patches.enabled("templates"):
        theme_files.cache_compiled_templates(config.theme, template_cache(config))
    if patches.applies("theme-files"):
        theme_files.install()
    else:
        theme_files.uninstall()
    if patches.enabled("pinyin"):
        _install_pinyin_memo(config)
    if patches.applies("pages"):
        render_cache.install(_cache(config, "pages"))
    else:
        render_cache.uninstall()
    if _session["serving"] and not inner_language_build(config) and patches.applies("site-dir"):
        # The clean step that follows records instead of deleting; after an edit to one
        # language's pages only, that language is the one rebuilt (language_rebuild).
        only = None
        if (
            patches.enabled("one-language")
            and not served_language()
            and not languages_share_pages(config)
        ):
            roots = language_rebuild.roots(config)
            only = _planner.plan(roots, config.docs_dir, LANGUAGES)
            if only:
                log.info(f"Only '{only}' pages changed: building the '{only}' site alone")
        site_dir.install(only)


def on_env(env, config: MkDocsConfig, files):
    """Reuse the theme's compiled templates across language builds, rebuilds and runs
    (Material's ~50 templates take ~0.6 s to compile)."""
    if patches.enabled("templates"):
        env.bytecode_cache = template_cache(config)
    if _session["serving"] and patches.enabled("served-pages"):
        page_cache.install(env, config.theme.dirs, _page_cache)
    return env


@event_priority(-300)  # after every other post-build step (static-i18n builds the rest first)
def on_post_build(config: MkDocsConfig) -> None:
    if inner_language_build(config):
        return  # an inner language build: the outer one saves once every language is done
    site_dir.finish()  # every language written: delete what this rebuild did not write
    _planner.succeeded()
    if patches.enabled("pinyin"):
        _save_pinyin_memo(config)
    if not _session["serving"] or not _session["builds"]:
        save_all()  # while serving: after the first build and at shutdown, not every rebuild
    _session["builds"] += 1
    _page_cache.end_build()
    render_cache.uninstall()  # until the next build's on_config: no leak into other builds


def on_build_error(error: Exception) -> None:
    """A failed build: put back what a rebuild of one language changed outside its own
    files, and make the next build a full one."""
    site_dir.abort()
    _planner.failed()


if __name__ == "dlglossary.speed.build_cache":
    if patches.applies("mkdocstrings"):
        _install_handler_caches()  # before mkdocstrings' on_config would load its handler
else:
    # MkDocs loads a hook from its path as a new module, again on every `mkdocs serve`
    # rebuild: use the package's module instead, so patches and caches exist once.
    from dlglossary.speed.build_cache import (  # noqa: F401, F811
        on_build_error,
        on_config,
        on_env,
        on_post_build,
        on_shutdown,
        on_startup,
    )
