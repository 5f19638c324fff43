"""Rendered pages kept between ``mkdocs serve`` rebuilds: an untouched page is not re-rendered.

``mkdocs serve`` rebuilds the whole site after every edit. The render cache
(:mod:`dlglossary.speed.render_cache`) spares the Markdown conversion of untouched pages,
which leaves the theme's Jinja templates as the larger part of a rebuild: every page of both
languages renders Material's ``main.html`` (its navigation included) again. This module
keeps, per page, the HTML the template produced and a key over everything that goes into
the template, and hands the HTML back when the key matches.

The key (:func:`page_key`) covers the page (content, table of contents, title, metadata,
URLs, previous/next page), the navigation (every item's kind, title, URL, file and metadata:
a renamed page changes every page's key), the configuration (``extra`` per page:
mkdocs-static-i18n points the language selector at each page's counterpart), every other
value in the template context (what plugins and hooks added, e.g. hreflang links), the
template's name, the theme's template files and this module. ``build_date_utc`` is left
out: it changes every build and no template of this site prints it.

Only while serving (the hook's ``on_startup`` says ``serve``) and only in memory, one entry
per page URL: a single ``mkdocs build`` renders each page once, so there is nothing to
reuse, and the cache never outlives the server. ``DLGLOSSARY_NO_SPEED=1`` (or
``=served-pages``) turns it off, like every cache (:mod:`dlglossary.speed.patches`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from pathlib import Path

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Context entries that are fingerprinted on their own (page, nav, config) or left out.
_SPECIAL = frozenset({"page", "nav", "config", "pages", "build_date_utc"})
_NAV_FIELDS = ("title", "url", "is_index", "is_section", "is_page", "is_link", "typeset")
_HEAVY_CONFIG = frozenset({"plugins", "mdx_configs", "markdown_extensions", "nav", "theme"})


def _stable(value) -> str:
    """A text for an object JSON cannot encode: its repr without memory addresses."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return _ADDRESS.sub("", repr(value))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_stable)


def _toc(items) -> list:
    return [[i.id, i.title, i.level, _toc(i.children)] for i in items or ()]


def _link(page) -> list | None:
    return None if page is None else [page.title, page.url]


def nav_fingerprint(nav) -> str:
    """Every navigation item's kind, title, URL, file and metadata, in order."""
    rows = []

    def walk(items, depth: int) -> None:
        for item in items or ():
            file = getattr(item, "file", None)
            rows.append(
                [depth, type(item).__name__, file.src_uri if file is not None else None]
                + [getattr(item, name, None) for name in _NAV_FIELDS]
                + [getattr(item, "meta", None), getattr(item, "encrypted", None)]
            )
            walk(getattr(item, "children", None), depth + 1)

    walk(getattr(nav, "items", None), 0)
    return hashlib.sha1(_dump(rows).encode("utf-8")).hexdigest()


def config_fingerprint(config) -> str:
    """The configuration: each plugin's name and options, the theme and every other option.

    ``extra`` is left to :func:`page_key` (it changes from page to page).
    """
    theme = config["theme"]
    heavy = [
        [
            [name, dict(getattr(plugin, "config", {}) or {})]
            for name, plugin in config["plugins"].items()
        ],
        config["mdx_configs"],
        config["markdown_extensions"],
        config["nav"],
        [getattr(theme, "name", None), list(getattr(theme, "dirs", [])), dict(theme.items())],
    ]
    rest = {k: v for k, v in config.items() if k not in _HEAVY_CONFIG and k != "extra"}
    return hashlib.sha1(_dump([heavy, rest]).encode("utf-8")).hexdigest()


def templates_fingerprint(dirs) -> str:
    """Name, size and modification time of every file in the theme's template folders."""
    rows = []
    for folder in dirs:
        for dirpath, _, names in os.walk(folder):
            for name in names:
                if name.endswith((".html", ".xml", ".j2", ".jinja")):
                    stat = os.stat(os.path.join(dirpath, name))
                    rows.append([dirpath, name, stat.st_size, stat.st_mtime_ns])
    rows.sort()
    return hashlib.sha1(_dump(rows).encode("utf-8")).hexdigest()


_CODE = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()


def page_key(template_name: str, context: dict, build_state: str) -> str:
    """The key of one page's rendering: ``build_state`` covers what is the same for every page
    (templates, configuration, navigation); this adds the page, ``extra`` and the context."""
    page, config = context["page"], context["config"]
    extra = config["extra"]
    state = [
        _CODE,
        build_state,
        template_name,
        [page.url, page.title, page.content, _toc(page.toc), page.meta],
        [page.canonical_url, page.edit_url, page.abs_url, page.is_homepage, page.file.src_uri],
        [_link(page.previous_page), _link(page.next_page)],
        [dict(extra), {k: v for k, v in vars(extra).items() if not k.startswith("_")}],
        {k: v for k, v in context.items() if k not in _SPECIAL},
    ]
    return hashlib.sha1(_dump(state).encode("utf-8")).hexdigest()


class PageCache:
    """Per page URL: the key of its last rendering and the (compressed) HTML."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, bytes]] = {}
        self.hits = self.misses = 0
        self._build: tuple | None = None  # (nav, config, state) of the pass being rendered

    def build_state(self, context: dict, templates: str) -> str:
        nav, config = context["nav"], context["config"]
        if self._build is None or self._build[0] is not nav or self._build[1] is not config:
            state = [templates, nav_fingerprint(nav), config_fingerprint(config)]
            self._build = (nav, config, hashlib.sha1(_dump(state).encode()).hexdigest())
        return self._build[2]

    def render(self, template, name: str, context: dict, templates: str) -> str:
        key = page_key(name, context, self.build_state(context, templates))
        url = context["page"].url
        entry = self.entries.get(url)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return zlib.decompress(entry[1]).decode("utf-8")
        self.misses += 1
        html = template.render(context)
        self.entries[url] = (key, zlib.compress(html.encode("utf-8"), 1))
        return html

    def end_build(self) -> None:
        self._build = None  # no reference to the last build's navigation or configuration


class _CachedTemplate:
    """A theme template whose page renderings go through the cache; anything else as is."""

    def __init__(self, template, name: str, cache: PageCache, templates: str):
        self._template, self._name, self._cache, self._templates = (
            template,
            name,
            cache,
            templates,
        )

    def render(self, *args, **kwargs) -> str:
        context = args[0] if len(args) == 1 and not kwargs and isinstance(args[0], dict) else None
        if context is None or context.get("page") is None or "nav" not in context:
            return self._template.render(*args, **kwargs)
        return self._cache.render(self._template, self._name, context, self._templates)

    def __getattr__(self, name):
        return getattr(self._template, name)


def install(env, theme_dirs, cache: PageCache) -> None:
    """Route ``env``'s page renderings through ``cache`` (``env`` is one build's theme env)."""
    templates = templates_fingerprint(theme_dirs)
    original = env.get_template

    def get_template(name, *args, **kwargs):
        return _CachedTemplate(original(name, *args, **kwargs), str(name), cache, templates)

    env.get_template = get_template
