"""Small persistent caches of a build: JSON files in ``.cache/build/`` next to mkdocs.yml.

Each is loaded once per process and written after a build (by the ``build_cache`` hook,
:func:`save_all`) only if it changed; entries the build did not use are dropped then, so
an edited page's old entries do not pile up.

Every file is stamped with :func:`code_state`: this package's source and the versions of
the packages that shape an entry. A file with another stamp (written by an older checkout,
restored by CI from another commit, or before an engine edit) is ignored as a whole, so
each cache's own key only has to hold the entry's inputs.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
import os
import sys
from pathlib import Path

from dlglossary.speed import patches

#: Distributions whose code shapes a cached entry (HTML, links, search entries, pinyin).
SHAPING = (
    "mkdocs",
    "properdocs",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "mkdocs-autorefs",
    "mkdocstrings",
    "mkdocstrings-python",
    "griffelib",
    "griffe",
    "jinja2",
    "black",
    "ruff",
    "jieba",
    "pypinyin",
)

#: cache file → the name DLGLOSSARY_NO_SPEED gives it (see dlglossary.speed.patches)
SWITCHED_BY = {
    "pages": "pages",
    "signatures": "mkdocstrings",
    "mentions": "mentions",
    "search-docs": "search",
    "pinyin": "pinyin",
}


PACKAGE = Path(str(importlib.resources.files("dlglossary")))  # the engine's own source


@functools.cache
def code_state(package: Path = PACKAGE) -> str:
    """sha1 of the ``dlglossary`` package's source (.py, and the .yml interface strings) and
    of the :data:`SHAPING` versions.

    Taken once per process: the code running is the code imported (``mkdocs serve`` does not
    re-import the engine after an edit), and a new process sees the edit.
    """
    digest = hashlib.sha1(f"{sys.version}\n{patches.running('mkdocs')}\n".encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yml")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for dist in SHAPING:
        digest.update(f"{dist} {patches.dist_version(dist)}\n".encode())
    return digest.hexdigest()


class JsonCache:
    """A string → JSON value dict, loaded once per process and saved when it changed.

    The file holds ``{"state": <code_state>, "entries": {...}}``; entries written under
    another state are not read.
    """

    def __init__(self, path: Path, state: str = ""):
        self.path = path
        self.state = state
        self.dirty = False
        self.used: set[str] = set()  # keys read or written since the last save
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        fresh = isinstance(stored, dict) and stored.get("state") == state
        self.data: dict = stored.get("entries", {}) if fresh else {}

    def get(self, key: str, compute, valid=None):
        """The cached value for ``key``, computing and storing it on a miss, or when
        ``valid(value)`` says a kept value no longer holds (it depends on more than the key)."""
        self.used.add(key)
        if key not in self.data or (valid is not None and not valid(self.data[key])):
            self.data[key] = compute()
            self.dirty = True
        return self.data[key]

    def save(self) -> None:
        """Write the entries this build used; stale ones (edited pages) are dropped.

        A cache this build never touched (another site's, in the same process) is left alone.
        """
        if not self.used and not self.dirty:
            return
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
        text = json.dumps({"state": self.state, "entries": self.data}, ensure_ascii=False)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: concurrent builds never read half a file
        self.dirty = False


class NoCache(JsonCache):
    """What :func:`open_cache` gives when the switch turns a cache off: computes every time."""

    def __init__(self, path: Path):
        self.path, self.state, self.dirty, self.used, self.data = path, "", False, set(), {}

    def get(self, key: str, compute, valid=None):
        return compute()

    def save(self) -> None:
        """Nothing is kept."""


_caches: dict[str, JsonCache] = {}


@functools.lru_cache(maxsize=64)
def _cache_path(root: str, name: str) -> tuple[Path, str]:
    path = Path(root) / ".cache" / "build" / f"{name}.json"
    return path, str(path)


def open_cache(root: Path, name: str) -> JsonCache:
    """The cache ``<root>/.cache/build/<name>.json`` (one object per process), or a
    :class:`NoCache` if ``DLGLOSSARY_NO_SPEED`` turns it off. Called for every page: the
    path is built once per project (pathlib's joins cost ~25 µs, 0.3 s at 1,000 terms)."""
    path, key = _cache_path(os.fspath(root), name)
    if not patches.enabled(SWITCHED_BY[name]):
        return NoCache(path)
    if key not in _caches:
        _caches[key] = JsonCache(path, code_state())
    return _caches[key]


def save_all() -> None:
    """Write every cache opened in this process that changed."""
    for cache in _caches.values():
        cache.save()
