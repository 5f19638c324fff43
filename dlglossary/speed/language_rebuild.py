"""While ``mkdocs serve`` runs, an edit to one language's pages rebuilds that language only.

mkdocs-static-i18n builds every language on every rebuild, so editing an English page costs
the Chinese build too (about half of a rebuild at any size). Nothing in the Chinese output
can change with the text of an English page, provided no file was added or removed (the
language selectors and sitemaps follow the set of files, not their text) and the page does
not reach mkdocstrings (its inventory, ``objects.inv``, is shared). So before each rebuild
the project's inputs (``docs/``, ``registry/``, ``snippets/``, ``mkdocs.yml``, the
overrides and every ``watch:`` folder) are compared with
those of the last build that finished (their size and modification time). When every
change is a Markdown page of one language, modified, without ``:::`` or the API marker in
its old or new text, :func:`plan` names that language:

* the other language's build is emptied (no pages), as for ``DLGLOSSARY_SERVE_LANGUAGE``;
* the site folder (:mod:`dlglossary.speed.site_dir`) lets that rebuild write only the
  rebuilt language's pages, its search index and its 404 page; anything else it writes is
  put back as it was before the rebuild, and nothing is deleted.

Any other change (a new page, the registry, a snippet, a figure, mkdocs.yml, the engine's
code), a failed build, or the first build is a full build. ``DLGLOSSARY_NO_SPEED=1`` (or
``=one-language``) turns this off: every rebuild builds both languages.
"""

from __future__ import annotations

import os
import re

from dlglossary.core.snippet_pages import API_MARKER
from dlglossary.project import Project

# A line that hands Markdown to mkdocstrings (``::: package.module``).
_AUTODOC = re.compile(r"^\s*:::\s", re.MULTILINE)
_SKIP_DIRS = frozenset({"__pycache__", ".git", ".cache"})

Snapshot = dict[str, tuple[int, int]]  # absolute path → (mtime_ns, size)


def snapshot(roots: list[str]) -> Snapshot:
    """Size and modification time of every file under ``roots`` (files or folders)."""
    found: Snapshot = {}
    todo = [os.path.abspath(r) for r in roots]
    while todo:
        path = todo.pop()
        try:
            if os.path.isfile(path):
                stat = os.stat(path)
                found[path] = (stat.st_mtime_ns, stat.st_size)
                continue
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in _SKIP_DIRS:
                        todo.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue  # gone meanwhile (an editor's temporary file): the next snapshot tells
    return found


def reaches_mkdocstrings(path: str) -> bool:
    """Whether the Markdown file at ``path`` holds a ``:::`` block or the API marker."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return True  # cannot tell: treat it as shared
    return API_MARKER in text or _AUTODOC.search(text) is not None


def changed_language(
    before: Snapshot,
    after: Snapshot,
    docs_dir: str,
    languages: tuple[str, ...],
    autodoc_before: set[str],
    autodoc_after: set[str],
) -> str | None:
    """The one language whose Markdown pages are all that changed from ``before`` to
    ``after``; None if anything else changed (or nothing did: a rebuild nobody asked for
    the reason of is a full one). ``autodoc_*``: the pages reaching mkdocstrings then and now."""
    if before.keys() != after.keys():
        return None  # a file added or removed
    changed = [path for path, stat in after.items() if before[path] != stat]
    if not changed:
        return None
    docs = os.path.abspath(docs_dir) + os.sep
    found: set[str] = set()
    for path in changed:
        if not path.startswith(docs) or not path.endswith(".md"):
            return None
        lang = path[len(docs) :].split(os.sep, 1)[0]
        if lang not in languages:  # also a file at the top of docs/ (its name is not one)
            return None
        if path in autodoc_before or path in autodoc_after:
            return None
        found.add(lang)
    return found.pop() if len(found) == 1 else None


class Planner:
    """The inputs of the last build that finished, and the plan for the build in progress."""

    def __init__(self) -> None:
        self.finished: Snapshot | None = None  # at the start of the last build that finished
        self.autodoc: set[str] = set()  # Markdown files reaching mkdocstrings, as last seen
        self._pending: tuple[Snapshot, set[str]] | None = None

    def plan(self, roots: list[str], docs_dir: str, languages: tuple[str, ...]) -> str | None:
        """Take the inputs' snapshot for this build; the language to rebuild alone, if any."""
        now = snapshot(roots)
        before = self.finished
        autodoc = set(self.autodoc)
        for path, stat in now.items():
            if path.endswith(".md") and (before is None or before.get(path) != stat):
                if reaches_mkdocstrings(path):
                    autodoc.add(path)
                else:
                    autodoc.discard(path)
        autodoc &= now.keys()
        self._pending = (now, autodoc)
        if before is None:
            return None
        return changed_language(before, now, docs_dir, languages, self.autodoc, autodoc)

    def succeeded(self) -> None:
        """The build in progress finished: the next one compares with its inputs."""
        if self._pending is not None:
            self.finished, self.autodoc = self._pending
        self._pending = None

    def failed(self) -> None:
        """The build in progress failed: the next build is a full one."""
        self.finished, self._pending = None, None


def roots(config) -> list[str]:
    """What a build reads from the project: the docs, the registry, the snippets, mkdocs.yml,
    the theme's overrides and the ``watch:`` folders (watched or not, a change there makes the
    next rebuild a full one)."""
    found = [config.docs_dir, *config.watch]
    if config.config_file_path:
        project = Project.from_config_file(config.config_file_path)
        found += [config.config_file_path, str(project.registry_dir), str(project.snippets_dir)]
    custom = config.theme.custom_dir
    if custom:
        found.append(custom)
    return found
