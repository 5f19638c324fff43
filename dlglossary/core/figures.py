"""Snippet figures: golden SVG files, drawn by the snippets' ``FIGURES`` functions.

Every figure is committed as ``docs/assets/figures/<name>.svg`` and ``<name>.dark.svg``, like
the golden text outputs in ``snippets/output/``: the build only copies them (it never imports
the snippets, torch or matplotlib), ``dlglossary update`` redraws them,
and ``tests/snippets/test_figures.py`` redraws every figure and fails if a file differs.

Each figure function is called once per theme inside ``matplotlib.rc_context`` (most
colours are fixed when an artist is created, so recolouring one drawing is not enough).
The SVGs are reproducible: a fixed ``svg.hashsalt``, text as paths and no date in the
metadata, so the same code and matplotlib version give the same bytes.

The update keeps what it drew in ``.cache/figures/<module>-<key>/``, where ``key`` hashes the
module's source and the sources of the snippet modules it imports, the versions of matplotlib,
numpy and torch and this file (the themes): an update redraws only modules that changed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import io
import shutil
import sys
from pathlib import Path

from dlglossary.core.snippet_pages import (
    SnippetError,
    figure_names,
    snippet_imports,
    snippet_modules,
)

UPDATE_HINT = "run `dlglossary update` and commit the result"

SVG_HASHSALT = "dl-glossary"

_COMMON = {
    "figure.facecolor": "none",  # transparent: the page background shows through
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "legend.framealpha": 0.0,
    "legend.frameon": False,
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "font.size": 11,
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",  # text as paths: looks the same whatever fonts the reader has
}

# Colours chosen against material's default (white) and slate (#1e2129-ish) backgrounds.
THEMES: dict[str, dict] = {
    "light": {
        **_COMMON,
        "text.color": "#1f2328",
        "axes.labelcolor": "#1f2328",
        "axes.edgecolor": "#57606a",
        "xtick.color": "#57606a",
        "ytick.color": "#57606a",
        "grid.color": "#d0d7de",
        "axes.prop_cycle": "cycler(color=['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', "
        "'#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'])",
    },
    "dark": {
        **_COMMON,
        "text.color": "#e2e4e9",
        "axes.labelcolor": "#e2e4e9",
        "axes.edgecolor": "#9ba1ab",
        "xtick.color": "#9ba1ab",
        "ytick.color": "#9ba1ab",
        "grid.color": "#3a3f4b",
        "axes.prop_cycle": "cycler(color=['#6cb4ff', '#ff7b72', '#56d364', '#ffa657', "
        "'#d2a8ff', '#e3b341', '#ff9bce', '#39c5cf', '#b1bac4', '#a5d6ff'])",
    },
}

# File suffix per theme: light is the plain name authors write in pages.
SUFFIX = {"light": ".svg", "dark": ".dark.svg"}


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    """Versions of the libraries that shape a drawing ("-" for one that is not installed)."""
    found = []
    for dist in ("matplotlib", "numpy", "torch"):
        try:
            found.append(f"{dist}={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{dist}=-")
    return " ".join(found)


def _with_imports(module: str, snippets_dir: Path) -> list[str]:
    """``module`` and every snippet module it imports, directly or not."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        path = snippets_dir / f"{name}.py"
        if name in seen or not path.exists():
            continue
        seen.add(name)
        todo += snippet_imports(path.read_text(encoding="utf-8"))
    return sorted(seen)


def cache_key(module: str, snippets_dir: Path) -> str:
    """Hash of what a module's figures depend on: its source and the snippet modules it
    imports, matplotlib, numpy and torch, the themes."""
    digest = hashlib.sha256()
    for name in _with_imports(module, snippets_dir):
        digest.update(f"{name}\0".encode())
        digest.update((snippets_dir / f"{name}.py").read_bytes())
    digest.update(_versions().encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def figure_owners(snippets_dir: Path) -> dict[str, str]:
    """Figure name -> the module whose ``FIGURES`` defines it, read without importing anything.

    Raises:
        SnippetError: a figure name is defined twice, or ``FIGURES`` is not a literal.
    """
    owners: dict[str, str] = {}
    for module in snippet_modules(snippets_dir):
        source = (snippets_dir / f"{module}.py").read_text(encoding="utf-8")
        for name in figure_names(source, f"snippets/{module}.py"):
            if name in owners:
                raise SnippetError(
                    f"snippets/{module}.py: figure name '{name}' is already used by "
                    f"snippets/{owners[name]}.py; figure names must be unique site-wide"
                )
            owners[name] = module
    return owners


def golden_files(owners: dict[str, str]) -> dict[str, str]:
    """File name in ``docs/assets/figures/`` -> module, for every figure and theme."""
    return {
        f"{name}{suffix}": module for name, module in owners.items() for suffix in SUFFIX.values()
    }


def missing_golden_files(owners: dict[str, str], figures_dir: Path) -> list[str]:
    """One line per golden file that is missing (what the build checks: it draws nothing)."""
    rel = figures_dir.relative_to(figures_dir.parents[2]).as_posix()
    return [
        f"{rel}/{filename} is missing (FIGURES of snippets/{module}.py); {UPDATE_HINT}"
        for filename, module in golden_files(owners).items()
        if not (figures_dir / filename).is_file()
    ]


def _import_fresh(module: str):
    """Import ``snippets.<module>``, re-executing it if an older copy is loaded (its file
    may have changed since: tests that rewrite a module and draw it again)."""
    name = f"snippets.{module}"
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ next to snippets
    try:
        if name in sys.modules:
            return importlib.reload(sys.modules[name])
        return importlib.import_module(name)
    finally:
        sys.dont_write_bytecode = dont_write


def draw(func, theme: str):
    """Call a figure function with a theme's rcParams in effect; return its Figure."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(THEMES[theme]):
        fig = func()
    if not isinstance(fig, Figure):
        raise TypeError(f"returned {type(fig).__name__}, not a matplotlib.figure.Figure")
    return fig


def to_svg(fig, theme: str) -> bytes:
    """Reproducible SVG bytes of a figure drawn by :func:`draw` under ``theme``."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(THEMES[theme]):  # savefig.* and svg.* apply at save time
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def draw_module(module: str, out_dir: Path) -> None:
    """Draw both variants of every figure of one module into ``out_dir``.

    Raises:
        SnippetError: one line naming the module, the figure and how to reproduce it.
    """
    try:
        figures = _import_fresh(module).FIGURES
    except Exception as exc:  # any failure of user code must name the module
        raise SnippetError(
            f"snippets/{module}.py: import failed ({type(exc).__name__}: {exc}); "
            f"fix it and check with `python -m snippets.{module}`"
        ) from exc
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, func in figures.items():
        for theme, suffix in SUFFIX.items():
            try:
                svg = to_svg(draw(func, theme), theme)
            except Exception as exc:
                raise SnippetError(
                    f"snippets/{module}.py: FIGURES['{name}'] failed ({type(exc).__name__}: "
                    f'{exc}); reproduce with `python -c "from snippets.{module} import '
                    f"FIGURES; FIGURES['{name}']()\"` and fix the function"
                ) from exc
            (out_dir / f"{name}{suffix}").write_bytes(svg)


def drawn(modules: list[str], snippets_dir: Path, cache_dir: Path) -> dict[str, Path]:
    """File name -> the SVG the current code draws for it, for every figure of ``modules``:
    taken from the cache when the module's key is there, else drawn into it.

    Raises:
        SnippetError: a module or figure fails (one line naming it and how to reproduce it).
    """
    result: dict[str, Path] = {}
    for module in modules:
        names = figure_names((snippets_dir / f"{module}.py").read_text(encoding="utf-8"))
        if not names:
            continue
        entry = cache_dir / f"{module}-{cache_key(module, snippets_dir)}"
        files = [entry / f"{name}{suffix}" for name in names for suffix in SUFFIX.values()]
        if not all(f.is_file() for f in files):
            partial = cache_dir / f".partial-{module}"
            shutil.rmtree(partial, ignore_errors=True)
            draw_module(module, partial)
            for stale in cache_dir.glob(f"{module}-*"):
                shutil.rmtree(stale)
            partial.rename(entry)
        result.update({f.name: f for f in files})
    return result


def sync(
    update: bool,
    modules: list[str] | None,
    snippets_dir: Path,
    figures_dir: Path,
    cache_dir: Path,
) -> list[str]:
    """Compare the golden figures with what the code draws; with ``update``, rewrite the
    stale ones, add the missing ones and (for a run over all modules) delete the files no
    ``FIGURES`` defines any more. Returns one ``missing|stale|orphan: <path>`` line per file.

    Raises:
        SnippetError: a module or figure fails.
    """
    owners = figure_owners(snippets_dir)
    wanted = sorted(set(owners.values())) if modules is None else modules
    fresh = drawn(wanted, snippets_dir, cache_dir)
    rel = figures_dir.relative_to(figures_dir.parents[2]).as_posix()
    changes = []
    for filename, source in sorted(fresh.items()):
        target = figures_dir / filename
        current = target.read_bytes() if target.is_file() else None
        if current == source.read_bytes():
            continue
        changes.append(f"{'missing' if current is None else 'stale'}: {rel}/{filename}")
        if update:
            figures_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    if modules is None:
        known = golden_files(owners)
        for orphan in sorted(p for p in figures_dir.glob("*.svg") if p.name not in known):
            changes.append(f"orphan: {rel}/{orphan.name}")
            if update:
                orphan.unlink()
    return changes
