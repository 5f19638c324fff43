"""The theme's files, listed once while their folders do not change.

Every build (each language, every ``mkdocs serve`` rebuild) lists the theme's folders to find
its static files (``Files.add_files_from_theme``): Material's templates folder holds ~14,500
files (its icons), each name matched against a dozen patterns, ~0.05 s per language build,
a tenth of a rebuild of one language at 56 terms. The result depends only on the names of
the files in those folders and on the theme's options; adding, removing or renaming a file
changes the modification time of its folder, so the listing is kept with the modification
time of every folder under the theme's folders and listed again when one differs. Reading
those times costs ~0.1 ms. The files are then added as MkDocs adds them: a file of the docs
folder still wins over a theme file of the same path.

Every Jinja environment the theme creates also gets the compiled-template cache
(:func:`dlglossary.speed.build_cache.template_cache`): Material's search plugin renders
``partials/language.html`` in an environment of its own in every build's ``on_config``,
compiling it each time (~0.02 s per language build).

``DLGLOSSARY_NO_SPEED=theme-files`` (or ``=1``) lists the folders in every build.
"""

from __future__ import annotations

import os

import jinja2
from mkdocs import utils
from mkdocs.structure.files import File, Files

_original = Files.add_files_from_theme
Listing = tuple[list[tuple[str, int]], list[tuple[str, str]]]
_listings: dict[tuple, Listing] = {}  # (theme folders, options) → (folder times, files)


def folder_times(dirs: list[str]) -> list[tuple[str, int]]:
    """Every folder under ``dirs`` (themselves included) with its modification time."""
    found = []
    for top in dirs:
        for folder, _, _ in os.walk(top):
            try:
                found.append((folder, os.stat(folder).st_mtime_ns))
            except OSError:
                continue
    return found


def unchanged(times: list[tuple[str, int]]) -> bool:
    """Whether every folder still has the modification time it had (and still exists)."""
    try:
        return all(os.stat(folder).st_mtime_ns == mtime for folder, mtime in times)
    except OSError:
        return False


def add_files_from_theme(self: Files, env: jinja2.Environment, config) -> None:
    """``Files.add_files_from_theme`` with the theme's listing kept (see the module)."""
    dirs = list(config.theme.dirs)
    loader = env.loader
    if not (isinstance(loader, jinja2.FileSystemLoader) and list(loader.searchpath) == dirs):
        return _original(self, env, config)  # not the environment MkDocs' theme creates
    key = (
        tuple(dirs),
        tuple(config.theme.static_templates),
        tuple(utils.markdown_extensions),
        config.site_dir,
        config.use_directory_urls,
    )
    listing = _listings.get(key)
    if listing is None or not unchanged(listing[0]):
        times = folder_times(dirs)  # before listing: a change meanwhile shows next time
        probe = Files([])
        _original(probe, env, config)
        listing = _listings[key] = (times, [(f.src_path, f.src_dir) for f in probe])
    for path, folder in listing[1]:
        if self.get_file_from_path(path) is None:  # a docs file of that path wins
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def install() -> None:
    """Route ``Files.add_files_from_theme`` through the kept listing (once per process)."""
    Files.add_files_from_theme = add_files_from_theme


def uninstall() -> None:
    """List the theme's folders in every build again."""
    Files.add_files_from_theme = _original


def cache_compiled_templates(theme, bytecode_cache: jinja2.BytecodeCache) -> None:
    """Give every Jinja environment ``theme`` creates ``bytecode_cache`` (this theme object
    only: MkDocs creates one per configuration)."""
    if getattr(theme.get_env, "_dlglossary_cached", False):
        return
    original = theme.get_env

    def get_env() -> jinja2.Environment:
        env = original()
        env.bytecode_cache = bytecode_cache
        return env

    get_env._dlglossary_cached = True
    theme.get_env = get_env
