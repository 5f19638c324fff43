"""Small persistent caches of a build: JSON files in ``.cache/build/`` next to mkdocs.yml.

Each is loaded once per process and written after a build (by the ``build_cache`` hook,
:func:`save_all`) only if it changed; entries the build did not use are dropped then, so
an edited page's old entries do not pile up.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dlglossary.speed import patches

#: cache file → the name DLGLOSSARY_NO_SPEED gives it (see dlglossary.speed.patches)
SWITCHED_BY = {
    "pages": "pages",
    "signatures": "mkdocstrings",
    "mentions": "mentions",
    "search-docs": "search",
    "pinyin": "pinyin",
}


class JsonCache:
    """A string → JSON value dict, loaded once per process and saved when it changed."""

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
        tmp.write_text(json.dumps(self.data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: concurrent builds never read half a file
        self.dirty = False


class NoCache(JsonCache):
    """What :func:`open_cache` gives when the switch turns a cache off: computes every time."""

    def __init__(self, path: Path):
        self.path, self.dirty, self.used, self.data = path, False, set(), {}

    def get(self, key: str, compute):
        return compute()

    def save(self) -> None:
        """Nothing is kept."""


_caches: dict[str, JsonCache] = {}


def open_cache(root: Path, name: str) -> JsonCache:
    """The cache ``<root>/.cache/build/<name>.json`` (one object per process), or a
    :class:`NoCache` if ``DLGLOSSARY_NO_SPEED`` turns it off."""
    path = Path(root) / ".cache" / "build" / f"{name}.json"
    if not patches.enabled(SWITCHED_BY[name]):
        return NoCache(path)
    key = str(path)
    if key not in _caches:
        _caches[key] = JsonCache(path)
    return _caches[key]


def save_all() -> None:
    """Write every cache opened in this process that changed."""
    for cache in _caches.values():
        cache.save()
