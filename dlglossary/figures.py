"""Draw every snippet module's ``FIGURES`` as a light and a dark SVG, with a cache.

Each figure function is called once per theme inside ``matplotlib.rc_context`` (most
colours are fixed when an artist is created, so recolouring one drawing is not enough).
The SVGs are reproducible: a fixed ``svg.hashsalt`` and no date in the metadata.

Cache: ``<cache_dir>/<module>-<key>/`` holds one module's SVGs, where ``key`` hashes the
module source, the matplotlib version and this file's source (the theme code). Figure
names are read from the source statically, so a build whose cache is warm imports
neither the snippets nor torch nor matplotlib.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import io
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from dlglossary.snippet_pages import SNIPPETS_DIR, SnippetError, figure_names, snippet_modules

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


@dataclass
class FigureSet:
    """The SVG files of every figure (in the cache, or to be drawn there), and the modules
    whose files were already in the cache."""

    paths: dict[str, Path] = field(default_factory=dict)  # "gelu-curve.dark.svg" -> file
    owner: dict[str, str] = field(default_factory=dict)  # figure name -> module
    cached: list[str] = field(default_factory=list)  # modules served from the cache


@functools.lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    return importlib.metadata.version("matplotlib")


def cache_key(source: str) -> str:
    """Hash of what a module's figures depend on: its source, matplotlib, the themes."""
    digest = hashlib.sha256()
    digest.update(source.encode())
    digest.update(_matplotlib_version().encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _import_fresh(module: str):
    """Import ``snippets.<module>``, re-executing it if an older copy is loaded (serve)."""
    name = f"snippets.{module}"
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ writes in a watched folder (serve loops)
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


def plan_figures(cache_dir: Path, snippets_dir: Path = SNIPPETS_DIR) -> tuple[FigureSet, list[str]]:
    """Where every figure's two SVGs are (or will be) in the cache, without drawing anything,
    and the modules whose cache entry is incomplete (to draw with :func:`draw_into_cache`).

    Raises:
        SnippetError: a figure name is defined twice, or ``FIGURES`` is not a literal.
    """
    result = FigureSet()
    missing = []
    for module in snippet_modules(snippets_dir):
        source = (snippets_dir / f"{module}.py").read_text(encoding="utf-8")
        names = figure_names(source, f"snippets/{module}.py")
        if not names:
            continue
        for name in names:
            if name in result.owner:
                raise SnippetError(
                    f"snippets/{module}.py: figure name '{name}' is already used by "
                    f"snippets/{result.owner[name]}.py; figure names must be unique site-wide"
                )
            result.owner[name] = module
        entry = cache_dir / f"{module}-{cache_key(source)}"
        files = [entry / f"{name}{suffix}" for name in names for suffix in SUFFIX.values()]
        (result.cached if all(f.exists() for f in files) else missing).append(module)
        result.paths.update({f.name: f for f in files})
    return result, missing


def draw_into_cache(cache_dir: Path, modules: list[str], snippets_dir: Path = SNIPPETS_DIR) -> None:
    """Draw both variants of every figure of ``modules`` into their cache entries; stale
    entries of a module are removed once it has been redrawn.

    Raises:
        SnippetError: a module or figure fails.
    """
    for module in modules:
        source = (snippets_dir / f"{module}.py").read_text(encoding="utf-8")
        entry = cache_dir / f"{module}-{cache_key(source)}"
        partial = cache_dir / f".partial-{module}"
        shutil.rmtree(partial, ignore_errors=True)
        draw_module(module, partial)
        for stale in cache_dir.glob(f"{module}-*"):
            shutil.rmtree(stale)
        partial.rename(entry)


def main(argv: list[str] | None = None) -> int:
    """``python -m dlglossary.figures CACHE_DIR SNIPPETS_DIR MODULE...``: draw those modules'
    figures (run by the glossary-snippets plugin beside the build); a failure prints one line."""
    args = sys.argv[1:] if argv is None else argv
    try:
        draw_into_cache(Path(args[0]), args[2:], Path(args[1]))
    except SnippetError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
