"""Keep each page's Markdown → HTML conversion between builds (installed by build_cache).

Like Sphinx's pickled doctrees: a page whose final Markdown (after every plugin's
``on_page_markdown``), URL, Markdown configuration, set of site files and included files
are unchanged is not converted again. Everything :meth:`mkdocs.structure.pages.Page.render`
leaves behind is stored and restored:

* the HTML, the table of contents, the title found in the content, the anchors present
  and the links to other pages' anchors (MkDocs validates those after all pages);
* the side effects of the conversion on other plugins, recorded while it runs and
  replayed on a hit: anchors and URLs registered with autorefs, items registered in
  mkdocstrings' inventory, mkdocstrings handlers used (their CSS is written per build;
  a :class:`HandlerStandIn` answers for a handler no page had to load);
* the log records (INFO and up) it emitted, re-emitted on a hit. A conversion that
  logged a warning is never stored, so ``--strict`` fails on every build, not only the
  first.

Dependencies found while converting are checked on every hit: files included by
``pymdownx.snippets`` and, for a page with ``::: package.module`` blocks, the ``.py`` files
that shape what mkdocstrings renders: the module, the packages' ``__init__.py`` on the way and
the package's modules it imports (:func:`_package_sources`). Anything else that shapes the HTML
(extension versions, ``markdown_extensions`` and their options, link validation
settings) is part of the key. ``DLGLOSSARY_NO_SPEED=pages`` (or ``=1``: every cache off)
converts every page; the patches are declared in :mod:`dlglossary.speed.patches`.

Paths inside the project (the folder of ``mkdocs.yml``) are stored relative to it, in the
key and among the dependencies: a copy of the project elsewhere (another checkout, a CI
workspace, a test's temporary copy) with the same ``.cache/`` reuses its entries, and a hit
checks the copy's own files.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import re
import sys
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

_AUTODOC = re.compile(r"^\s*:::\s+([\w.]+)", re.MULTILINE)
_FORMAT = 3  # bump when the stored entry changes shape


# -- fingerprints -----------------------------------------------------------------------

_file_digests: dict[str, tuple[int, int, str]] = {}


def file_digest(path: str) -> str | None:
    """sha1 of a file's bytes (memoised by mtime and size); None if it does not exist."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    known = _file_digests.get(path)
    if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    with open(path, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()
    _file_digests[path] = (stat.st_mtime_ns, stat.st_size, digest)
    return digest


def _plain(value):
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, Mapping):  # plugin configs (UserDicts)
        return {str(k): v for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return type(value).__qualname__  # extension instances: their class, not their address


def _plugin_options(config) -> dict:
    """Every plugin's options (mkdocstrings' handler options shape the API page's HTML, and
    its extension instance in ``markdown_extensions`` only says its class)."""
    return {name: getattr(plugin, "config", None) for name, plugin in config.plugins.items()}


def project_root(config) -> str:
    """The folder of ``mkdocs.yml``, absolute: what the cache's paths are relative to."""
    return os.path.abspath(os.path.dirname(config.config_file_path or "mkdocs.yml"))


def portable(path: str, root: str) -> str:
    """``path`` relative to ``root`` (with ``/``) if it lies inside it, else unchanged."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive (Windows)
        return path
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return path
    return Path(relative).as_posix()


def local(path: str, root: str) -> str:
    """The file a stored dependency ``path`` names in the project at ``root``."""
    return path if os.path.isabs(path) else os.path.join(root, *path.split("/"))


def config_fingerprint(config) -> str:
    """What in mkdocs.yml shapes a page's HTML (not ``site_url``: links are relative).

    Package versions and our own code are not here: the cache file is stamped with them
    (:func:`dlglossary.speed.disk_cache.code_state`).

    The project's own absolute path is replaced by a placeholder wherever it occurs (e.g. a
    ``pymdownx.snippets`` ``base_path`` written as ``!relative $config_dir``)."""
    extensions = [e if isinstance(e, str) else _plain(e) for e in config.markdown_extensions]
    state = [
        _FORMAT,
        extensions,
        config.mdx_configs,
        _plugin_options(config),
        config.theme.name,  # mkdocstrings picks its templates by theme
        # and its locale (docstring section titles) by its option, else the theme's language
        str(config.theme.get("language")),
        str(config.theme.get("locale")),
        config.use_directory_urls,
        str(config.validation),
        config.docs_dir,
    ]
    text = json.dumps(state, default=_plain, sort_keys=True)
    root = json.dumps(project_root(config))[1:-1]  # as it appears inside a JSON string
    text = text.replace(root + json.dumps(os.sep)[1:-1], "<project>/").replace(root, "<project>")
    return hashlib.sha1(text.encode()).hexdigest()


_files_fingerprints: dict[int, tuple[object, str]] = {}


def files_fingerprint(files) -> str:
    """The site's files and their URLs (relative links are checked and rewritten against them)."""
    known = _files_fingerprints.get(id(files))
    if known and known[0] is files:
        return known[1]
    digest = hashlib.sha1()
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"{file.src_uri}\0{file.url}\n".encode())
    _files_fingerprints.clear()  # one Files object per language build is live at a time
    _files_fingerprints[id(files)] = (files, digest.hexdigest())
    return digest.hexdigest()


def _autodoc_search_paths(config) -> list[Path]:
    """Where mkdocstrings' Python handler looks for packages: its ``paths``, then sys.path."""
    root = Path(config.config_file_path or ".").parent
    dirs: list[Path] = []
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None:
        handlers = plugin.config.get("handlers") or {}
        for path in (handlers.get("python") or {}).get("paths", ["."]):
            dirs.append(root / path)
    dirs.extend(Path(p or ".") for p in sys.path)
    return dirs


def _package_sources(
    markdown: str, search: list[Path], submodules: bool = False
) -> list[str] | None:
    """The .py files that shape what mkdocstrings renders for the page's ``:::`` blocks (None:
    cannot tell). For ``::: pkg.mod``: the ``__init__.py`` of each package on the way, the
    module, and, transitively, the modules of the same top package it imports (their names
    and docstrings can appear in its rendering); not the package's other modules, so editing
    one snippet module reconverts its own API page only. A package shown with its submodules
    (``show_submodules``) depends on every file under it."""
    paths: set[Path] = set()
    for identifier in sorted({m.group(1) for m in _AUTODOC.finditer(markdown)}):
        parts = identifier.split(".")
        directory = next(
            (d for d in search if (d / parts[0]).is_dir() or (d / f"{parts[0]}.py").is_file()),
            None,
        )
        if directory is None:
            return None
        found = _object_sources(directory, parts, submodules)
        if found is None:
            return None
        paths.update(found)
    return sorted(str(p) for p in paths)


def _module_file(directory: Path, parts: list[str]) -> tuple[list[Path], Path] | None:
    """(``__init__.py`` of the packages on the way, the file defining ``parts``): the module
    itself, or the module an object like ``pkg.mod.func`` lives in."""
    inits, path = [], directory
    for part in parts:
        if (path / part).is_dir():
            path = path / part
            if not (path / "__init__.py").is_file():
                return None  # a namespace package: let mkdocstrings decide, uncached
            inits.append(path / "__init__.py")
        elif (path / f"{part}.py").is_file():
            return inits, path / f"{part}.py"
        else:
            break  # an object inside the module found so far
    return (inits[:-1], inits[-1]) if inits else None


def _imported_modules(source: Path, parts: list[str], top: str) -> list[list[str]]:
    """Dotted names (as lists) of the modules of package ``top`` that ``source`` imports;
    ``parts`` is the dotted name of the module ``source`` defines."""
    package = parts if source.name == "__init__.py" else parts[:-1]
    found = []
    for node in ast.walk(ast.parse(source.read_bytes(), str(source))):
        if isinstance(node, ast.Import):
            found += [a.name.split(".") for a in node.names if a.name.split(".")[0] == top]
        elif isinstance(node, ast.ImportFrom):
            base = (node.module or "").split(".") if node.module else []
            if node.level:
                if node.level - 1 > len(package) - 1:
                    continue
                base = package[: len(package) - (node.level - 1)] + base
            if base[:1] != [top]:
                continue
            found.append(base)
            found += [base + [a.name] for a in node.names if a.name != "*"]
    return found


def _object_sources(directory: Path, parts: list[str], submodules: bool) -> set[Path] | None:
    files: set[Path] = set()
    todo, seen = [parts], set()
    while todo:
        dotted = todo.pop()
        if tuple(dotted) in seen:
            continue
        seen.add(tuple(dotted))
        located = _module_file(directory, dotted)
        if located is None:
            if dotted is parts:
                return None
            continue  # an imported name that is not a module: its module is queued too
        inits, module = located
        files.update(inits)
        if module in files:
            continue
        files.add(module)
        if module.name == "__init__.py" and submodules and dotted is parts:
            files.update(module.parent.rglob("*.py"))
        depth = len(inits) + 1  # the packages on the way, then the module itself
        todo += _imported_modules(module, dotted[:depth], parts[0])
    return files


def _show_submodules(config) -> bool:
    plugin = config.plugins.get("mkdocstrings")
    handlers = (plugin.config.get("handlers") or {}) if plugin is not None else {}
    return bool(((handlers.get("python") or {}).get("options") or {}).get("show_submodules"))


# -- recording side effects -------------------------------------------------------------


class _Recording:
    def __init__(self, page: Page):
        self.page = page
        self.calls: list[list] = []
        self.includes: set[str] = set()
        self.records: dict[int, logging.LogRecord] = {}
        self.cacheable = True


_recording: _Recording | None = None


class _Capture(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if _recording is not None:
            _recording.records[id(record)] = record


_patched: set[str] = set()  # methods wrapped in this process


def _wrap(owner, name: str, record):
    """Let ``record(*args, **kwargs)`` see each call of ``owner.name`` during a render."""
    label = f"{owner.__module__}.{owner.__qualname__}.{name}"
    if label in _patched:
        return
    _patched.add(label)
    original = getattr(owner, name)

    def wrapper(self, *args, **kwargs):
        if _recording is not None:
            record(_recording, *args, **kwargs)
        return original(self, *args, **kwargs)

    wrapper.__wrapped__ = original
    setattr(owner, name, wrapper)


def _on_anchor(rec, page, identifier, anchor=None, *, title=None, primary=True):
    if page is not rec.page and getattr(page, "url", page) != rec.page.url:
        rec.cacheable = False  # registered for another page: cannot replay it faithfully
    rec.calls.append(["anchor", identifier, anchor, title, primary])


def _on_url(rec, identifier, url):
    rec.calls.append(["url", identifier, url])


def _on_inventory(rec, name, domain, role, uri, priority=1, dispname=None):
    rec.calls.append(["inventory", name, domain, role, uri, priority, dispname])


def _on_handler(rec, name, handler_config=None):
    if handler_config is not None:
        rec.cacheable = False
    if ["handler", name] not in rec.calls:
        rec.calls.append(["handler", name])


class HandlerStandIn:
    """What mkdocstrings asks of a handler after the pages are converted, without loading it.

    A build whose ``:::`` pages all come from the cache still needs what mkdocstrings
    writes per handler seen (its CSS, whether it feeds ``objects.inv``); importing the
    Python handler for that costs ~0.3 s. Anything else asked of the stand-in (a page
    needs converting after all) loads the real handler and hands over to it.
    """

    def __init__(self, handlers, name: str, extra_css: str, enable_inventory: bool):
        self._handlers, self._name = handlers, name
        self.extra_css, self.enable_inventory = extra_css, enable_inventory

    def teardown(self) -> None:
        """Nothing was started."""

    def __getattr__(self, attr: str):
        if self._handlers._handlers.get(self._name) is self:
            del self._handlers._handlers[self._name]
        return getattr(self._handlers.get_handler(self._name), attr)


def _install_recorders() -> None:
    from mkdocs_autorefs import AutorefsPlugin

    _wrap(AutorefsPlugin, "register_anchor", _on_anchor)
    _wrap(AutorefsPlugin, "register_url", _on_url)
    try:
        from mkdocstrings import Handlers, Inventory
    except ImportError:  # pragma: no cover - mkdocstrings not installed
        pass
    else:
        _wrap(Inventory, "register", _on_inventory)
        _wrap(Handlers, "get_handler", _on_handler)
    from pymdownx.snippets import SnippetPreprocessor

    if "snippets" not in _patched:
        _patched.add("snippets")
        original = SnippetPreprocessor.get_snippet_path

        def get_snippet_path(self, path):
            found = original(self, path)
            if _recording is not None and found is not None:
                _recording.includes.add(os.path.abspath(found))
            return found

        SnippetPreprocessor.get_snippet_path = get_snippet_path


@contextmanager
def _recording_for(page: Page):
    global _recording
    capture = _Capture(logging.INFO)
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(capture)
    _recording = rec = _Recording(page)
    try:
        yield rec
    finally:
        _recording = None
        for logger in loggers:
            logger.removeHandler(capture)


# -- store and restore ------------------------------------------------------------------


def _toc_tokens(items) -> list[dict]:
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)}
        for i in items
    ]


def _replay(calls: list[list], page: Page, config) -> None:
    autorefs = config.plugins.get("autorefs")
    mkdocstrings = config.plugins.get("mkdocstrings")
    for kind, *args in calls:
        if kind == "anchor":
            identifier, anchor, title, primary = args
            autorefs.register_anchor(page, identifier, anchor, title=title, primary=primary)
        elif kind == "url":
            autorefs.register_url(*args)
        elif kind == "inventory":
            mkdocstrings.handlers.inventory.register(*args)
        elif kind == "handler":
            name, extra_css, enable_inventory = args
            handlers = mkdocstrings.handlers
            if name not in handlers._handlers:
                handlers._handlers[name] = HandlerStandIn(
                    handlers, name, extra_css, enable_inventory
                )


class RenderCache:
    """Entries by key; ``store`` is the persistent JSON cache of build_cache."""

    def __init__(self, store):
        self.store = store
        self.hits = 0
        self.misses = 0

    def key(self, page: Page, config, files) -> str:
        state = [
            config_fingerprint(config),
            files_fingerprint(files),
            page.file.src_uri,
            page.url,
            page.markdown,
        ]
        return hashlib.sha1(json.dumps(state, ensure_ascii=False).encode()).hexdigest()

    def restore(self, page: Page, config, files) -> bool:
        key = self.key(page, config, files)
        entry = self.store.data.get(key)
        if entry is None:
            return False
        root = project_root(config)
        if any(file_digest(local(p, root)) != digest for p, digest in entry["deps"].items()):
            return False
        self.store.used.add(key)
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if entry["links"] is not None:
            # Stored URIs are src_uris (POSIX, normalised): a dict lookup, PurePath only for a miss.
            page.links_to_anchors = {
                target: links
                for uri, links in entry["links"].items()
                if (target := files.src_uris.get(uri) or files.get_file_from_path(uri)) is not None
            }
        _replay(entry["calls"], page, config)
        for name, level, message in entry["log"]:
            logging.getLogger(name).log(level, "%s", message)
        self.hits += 1
        return True

    def render(self, original, page: Page, config, files) -> None:
        key = self.key(page, config, files)
        with _recording_for(page) as rec:
            original(page, config, files)
        self.misses += 1
        records = list(rec.records.values())
        if not rec.cacheable or any(r.levelno >= logging.WARNING for r in records):
            return
        deps = sorted(rec.includes)
        if _AUTODOC.search(page.markdown):
            submodules = _show_submodules(config) or "show_submodules" in page.markdown
            sources = _package_sources(page.markdown, _autodoc_search_paths(config), submodules)
            if sources is None:
                return
            deps.extend(sources)
        root = project_root(config)
        digests = {portable(path, root): file_digest(path) for path in deps}
        if None in digests.values():
            return
        for call in rec.calls:
            if call[0] == "handler":  # what the stand-in must answer without the handler
                handler = config.plugins["mkdocstrings"].handlers.get_handler(call[1])
                call[2:] = [handler.extra_css, bool(handler.enable_inventory)]
        links = page.links_to_anchors
        self.store.data[key] = {
            "content": page.content,
            "toc": _toc_tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: v for f, v in links.items()},
            "calls": rec.calls,
            "log": [[r.name, r.levelno, r.getMessage()] for r in records],
            "deps": digests,
        }
        self.store.used.add(key)
        self.store.dirty = True


_active: RenderCache | None = None


def uninstall() -> None:
    """Convert every page from now on (the patched ``Page.render`` falls through)."""
    global _active
    _active = None


def install(store) -> RenderCache:
    """Route ``Page.render`` through a cache backed by ``store`` (patched once per process)."""
    global _active
    _install_recorders()
    _active = RenderCache(store)
    if "render" in _patched:
        return _active
    _patched.add("render")
    original_render = Page.render

    def render(self, config, files):
        cache = _active
        if cache is None or self.markdown is None:
            return original_render(self, config, files)
        if cache.restore(self, config, files):
            return None
        return cache.render(original_render, self, config, files)

    Page.render = render
    return _active
