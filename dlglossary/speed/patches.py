"""Every run-time patch of another package, and the one switch that turns speed off.

``DLGLOSSARY_NO_SPEED=1`` builds without any cache of this package and without any patch:
every page converted, every mention linked, every search entry computed, nothing read from
or written to ``.cache/build/``. The output must be the same; if it is not, a cache is wrong
(please report it). ``DLGLOSSARY_NO_SPEED=pages,mentions`` turns off only the named ones
(:data:`PATCHES` and :data:`CACHES`), to find which one, or to measure one
(``scripts/bench.py``). ``DLGLOSSARY_NO_RENDER_CACHE=1``, the switch's old name, still works.

A patch replaces code of another package at run time where no public hook exists. Each is
declared here with the versions it was written for; with another version installed the
build stops with one line naming the package, the version and the switch, rather than
patching code it was not checked against.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import metadata

from mkdocs.exceptions import PluginError
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion

SWITCH = "DLGLOSSARY_NO_SPEED"
OLD_SWITCH = "DLGLOSSARY_NO_RENDER_CACHE"  # its name until the speed code had one home


@functools.cache
def dist_version(dist: str) -> str:
    """The installed version of a distribution ("-" if absent), looked up once per process."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def running(dist: str) -> str:
    """The distribution whose code runs as ``dist``: ProperDocs, the drop-in fork of MkDocs
    1.6, answers every ``import mkdocs`` when ``properdocs`` builds; its versions follow
    MkDocs', so a patch written for ``mkdocs>=1.6,<1.7`` is checked against ProperDocs' version.
    """
    if dist == "mkdocs":
        import mkdocs

        if mkdocs.__name__ == "properdocs":
            return "properdocs"
    return dist


@dataclass(frozen=True)
class Patch:
    """A run-time change to another package's code, applied by the module that owns it."""

    name: str  #: what ``DLGLOSSARY_NO_SPEED`` calls it
    #: (distribution, versions it was written for); the first one is the one patched, the
    #: others are optional (their part of the patch is skipped when they are not installed)
    requires: tuple[tuple[str, str], ...]
    targets: tuple[str, ...]  #: what is replaced
    why: str  #: what it saves, as measured by scripts/bench.py
    module: str  #: where it is applied
    upstream: str  #: the upstream issue that would make it unnecessary


PATCHES: dict[str, Patch] = {
    p.name: p
    for p in (
        Patch(
            name="pages",
            requires=(
                ("mkdocs", ">=1.6,<1.7"),
                ("mkdocs-autorefs", ">=1.4,<1.5"),
                ("mkdocstrings", ">=1.0,<1.1"),
                ("pymdown-extensions", ">=10.0,<14"),
            ),
            targets=(
                "mkdocs.structure.pages.Page.render",
                "mkdocs_autorefs.AutorefsPlugin.register_anchor",
                "mkdocs_autorefs.AutorefsPlugin.register_url",
                "mkdocstrings.Inventory.register",
                "mkdocstrings.Handlers.get_handler",
                "mkdocstrings.Handlers (a stand-in handler in an instance's _handlers)",
                "pymdownx.snippets.SnippetPreprocessor.get_snippet_path",
            ),
            why=(
                "unchanged pages are not converted again: MkDocs 1.6 has no event around a "
                "page's conversion, so its side effects (autorefs anchors, mkdocstrings "
                "inventory, included files) are recorded and replayed"
            ),
            module="dlglossary.speed.render_cache",
            upstream=(
                "https://github.com/mkdocs/mkdocs/issues/1705 (MkDocs offers --dirtyreload, "
                "which leaves the other pages' navigation stale, not a conversion cache)"
            ),
        ),
        Patch(
            name="mkdocstrings",
            requires=(("mkdocstrings", ">=1.0,<1.1"), ("mkdocstrings-python", ">=2.0,<2.1")),
            targets=(
                "mkdocstrings.Handlers._download_inventories",
                "mkdocstrings.Handlers.get_handler",
                "mkdocstrings_handlers.python._internal.rendering._get_formatter",
            ),
            why=(
                "mkdocstrings loads its Python handler only when a page needs it, with the "
                "theme's compiled-template cache, and signatures are formatted once instead of "
                "spawning `ruff format` per long signature (installing black would be the "
                "supported route, but black formats some signatures differently): ~1.5-2 s CPU "
                "whenever the API page is converted (cold builds, any snippet edit)"
            ),
            module="dlglossary.speed.build_cache",
            upstream=(
                "https://github.com/mkdocstrings/python/pull/216 (ruff runs as one process per "
                "signature until https://github.com/astral-sh/ruff/issues/659 gives it an API)"
            ),
        ),
        Patch(
            name="site-dir",
            requires=(("mkdocs", ">=1.6,<1.7"),),
            targets=(
                "mkdocs.utils.clean_directory",
                "mkdocs.utils.write_file",
                "mkdocs.utils.copy_file",
            ),
            why=(
                "mkdocs serve rebuilds over the last build's files and deletes only those the "
                "rebuild did not write, instead of deleting every file and folder first "
                "(~1.7 s of a ~3 s rebuild at 300 terms), and leaves files whose bytes would "
                "not change"
            ),
            module="dlglossary.speed.site_dir",
            upstream=(
                "https://github.com/mkdocs/mkdocs/issues/1705 (serve rebuilds everything; "
                "--dirty skips the cleaning but leaves deleted pages and stale navigation)"
            ),
        ),
        Patch(
            name="theme-files",
            requires=(("mkdocs", ">=1.6,<1.7"),),
            targets=("mkdocs.structure.files.Files.add_files_from_theme",),
            why=(
                "the theme's ~14,500 files are listed and matched once, then again only when "
                "one of its folders changes: ~0.05 s per language build, a tenth of a "
                "one-language rebuild at 56 terms"
            ),
            module="dlglossary.speed.theme_files",
            upstream=(
                "none filed yet: MkDocs lists the theme's folders in every build, including "
                "every rebuild of mkdocs serve"
            ),
        ),
        Patch(
            name="notebook-imports",
            requires=(("mkdocs-jupyter", ">=0.25,<0.27"),),
            targets=("sys.modules['jupytext']", "sys.modules['mkdocs_jupyter.convert']"),
            why=(
                "mkdocs-jupyter imports nbconvert and jupytext (~1.4 s) when it loads, but "
                "needs them only for a notebook missing from its own cache"
            ),
            module="dlglossary.speed.lazy",
            upstream="none filed yet: mkdocs-jupyter could import its converters on first use",
        ),
        Patch(
            name="notebook-cache",
            requires=(("mkdocs-jupyter", ">=0.25,<0.27"),),
            targets=(
                "mkdocs_jupyter.plugin._compute_cache_key",
                "mkdocs_jupyter.plugin._get_cache_path",
                "mkdocs_jupyter.plugin.Plugin (an instance's _used_cache_paths)",
            ),
            why=(
                "keeps every language's converted notebooks: mkdocs-jupyter evicts the entries "
                "its build did not use, and each language is a build of its own (without it no "
                "notebook is ever a cache hit)"
            ),
            module="dlglossary.site.workarounds",
            upstream="none filed yet: mkdocs-jupyter evicts per build, assuming one build per site",
        ),
    )
}

#: Caches that patch nothing (public hooks, or our own code); the switch turns them off too.
CACHES = {
    "templates": (
        "Jinja's bytecode cache for the theme's templates (on_env, and every environment the "
        "theme creates: Material's search plugin compiles partials/language.html in its own)"
    ),
    "mentions": "linked mentions per page (.cache/build/mentions.json)",
    "search": "search-index entries per page (.cache/build/search-docs.json)",
    "pinyin": "pinyin of Chinese names for the A–Z index (.cache/build/pinyin.json)",
    "one-language": (
        "while mkdocs serve runs, an edit to one language's Markdown pages only rebuilds that "
        "language; the rest of the site folder stays as the last build wrote it "
        "(language_rebuild, with the site-dir patch)"
    ),
    "served-pages": (
        "rendered HTML per page, in memory, while mkdocs serve runs (page_cache), and each "
        "page's indentation-free output (the glossary plugin's on_post_page)"
    ),
}


def _switched_off() -> set[str] | None:
    """The names switched off; None for all of them."""
    value = (os.environ.get(SWITCH) or os.environ.get(OLD_SWITCH) or "").strip()
    if not value:
        return set()
    names = {part.strip() for part in value.split(",") if part.strip()}
    unknown = names - PATCHES.keys() - CACHES.keys()
    if unknown == names:  # "1", "yes", "all": everything
        return None
    if unknown:
        raise PluginError(
            f"{SWITCH}={value}: unknown name(s) {', '.join(sorted(unknown))}; "
            f"use 1 for everything, or some of: {', '.join([*PATCHES, *CACHES])}"
        )
    return names


def enabled(name: str) -> bool:
    """Whether the cache or patch ``name`` is on (the switch does not name it)."""
    if name not in PATCHES and name not in CACHES:
        raise KeyError(name)
    off = _switched_off()
    return off is not None and name not in off


def applies(name: str) -> bool:
    """Whether to apply the patch ``name``: switched on and its packages installed.

    Raises PluginError, naming the package, its version and the switch, if an installed
    package is outside the versions the patch was written for.
    """
    if not enabled(name):
        return False
    patch = PATCHES[name]
    for i, (written_for, versions) in enumerate(patch.requires):
        dist = running(written_for)
        installed = dist_version(dist)
        if installed == "-":
            if i == 0:
                return False  # the patched package is not installed: nothing to patch
            continue  # an optional one (its part of the patch is skipped)
        try:
            ok = SpecifierSet(versions).contains(installed, prereleases=True)
        except InvalidVersion:
            ok = False
        if not ok:
            raise PluginError(
                f"{dist} {installed} is installed, but the '{name}' speed patch in "
                f"{patch.module} was written for {written_for}{versions}: build with {SWITCH}=1 "
                f"(or {SWITCH}={name}), and check the patch against {dist} {installed} before "
                f"widening its range in dlglossary/speed/patches.py"
            )
    return True
