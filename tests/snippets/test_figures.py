"""Snippet figures: every FIGURES entry draws something, pages and FIGURES agree, the golden
files in docs/assets/figures/ are exactly what the code draws now, and the site serves them.

The plotted *data* is asserted in each term's own tests (through its data functions).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from repo import PROJECT

from dlglossary.core.figures import SUFFIX, THEMES, draw, golden_files
from dlglossary.core.snippet_pages import figure_names, referenced_figures, snippet_modules

ROOT, DOCS, SNIPPETS_DIR = PROJECT.root, PROJECT.docs_dir, PROJECT.snippets_dir
FIGURES_DIR = PROJECT.figures_dir
FIGURES = [
    (module, name)
    for module in snippet_modules(SNIPPETS_DIR)
    for name in figure_names((SNIPPETS_DIR / f"{module}.py").read_text(encoding="utf-8"))
]


@pytest.fixture(scope="session")
def light_figures() -> dict:
    """Every figure, drawn once in the light theme (the figure functions run here)."""
    import importlib

    drawn = {}
    for module, name in FIGURES:
        func = importlib.import_module(f"snippets.{module}").FIGURES[name]
        drawn[name] = draw(func, "light")
    return drawn


@pytest.mark.parametrize(("module", "name"), FIGURES, ids=[n for _, n in FIGURES])
def test_figure_draws_something(module: str, name: str, light_figures: dict) -> None:
    """FIGURES[name] returns a Figure whose axes hold at least one line, patch or image."""
    fig = light_figures[name]
    assert fig.axes, f"snippets/{module}.py: FIGURES['{name}'] has no axes"
    artists = sum(
        len(ax.lines) + len(ax.patches) + len(ax.collections) + len(ax.images) for ax in fig.axes
    )
    assert artists > 0, f"snippets/{module}.py: FIGURES['{name}'] draws nothing"


def test_figure_names_are_unique_kebab_case() -> None:
    """Figure names are kebab-case and unique across all snippet modules."""
    names = [name for _, name in FIGURES]
    assert len(names) == len(set(names)), "a figure name is used by two modules"
    bad = [n for n in names if not n.replace("-", "").isalnum() or n != n.lower()]
    assert not bad, f"use kebab-case figure names: {bad}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_and_figures_agree(lang: str) -> None:
    """Every figure a page embeds is in some FIGURES, and every FIGURES entry is embedded."""
    used = {}
    for page in sorted((DOCS / lang).rglob("*.md")):
        for name in referenced_figures(page.read_text(encoding="utf-8")):
            used.setdefault(name, page.relative_to(ROOT).as_posix())
    defined = {name for _, name in FIGURES}
    unknown = {name: page for name, page in used.items() if name not in defined}
    assert not unknown, f"pages embed figures no snippet defines: {unknown}"
    unused = sorted(defined - set(used))
    assert not unused, (
        f"no docs/{lang}/ page embeds {unused}: add ![alt](../../assets/figures/<name>.svg)"
    )


def test_themes_set_the_same_keys() -> None:
    """Light and dark themes differ in colours only, never in what they configure."""
    assert THEMES["light"].keys() == THEMES["dark"].keys()


def _drift(name: str, module: str, theme: str) -> str:
    """Why a golden file differs from what the code draws, and the fix."""
    import matplotlib

    path = FIGURES_DIR / f"{name}{SUFFIX[theme]}"
    drawn_by = re.search(rb"Matplotlib v([\w.+]+)", path.read_bytes()) if path.exists() else None
    version = drawn_by.group(1).decode() if drawn_by else "?"
    hint = "run `dlglossary update` and commit the result"
    if version != matplotlib.__version__:
        hint = (
            f"it was drawn with matplotlib {version}, this is {matplotlib.__version__}: "
            "install the pinned versions (pip install -r requirements/test.txt), or " + hint
        )
    return f"docs/assets/figures/{path.name} is not what snippets/{module}.py draws now; {hint}"


# Every figure, both variants, drawn again by a fresh interpreter, as `dlglossary update` draws
# them (through the same code, into an empty cache; no state left by other tests).
REDRAW = (
    "import json, sys; from pathlib import Path; from dlglossary.core import figures\n"
    "owners = figures.figure_owners(Path('snippets'))\n"
    "drawn = figures.drawn(sorted(set(owners.values())), Path('snippets'), Path(sys.argv[1]))\n"
    "print(json.dumps({name: str(path) for name, path in drawn.items()}))\n"
)


@pytest.fixture(scope="session")
def redrawn_figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """File name -> the SVG the current code draws for it (light and dark)."""
    cache = tmp_path_factory.mktemp("redrawn-figures")
    process = subprocess.run(
        [sys.executable, "-c", REDRAW, str(cache)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if process.returncode != 0:
        lines = [line for line in process.stderr.splitlines() if line.strip()]
        pytest.fail(f"redrawing the figures failed: {lines[-1] if lines else process.stderr}")
    return {name: Path(path) for name, path in json.loads(process.stdout).items()}


@pytest.mark.no_snippet_code  # compares files drawn by another process
@pytest.mark.parametrize(("module", "name"), FIGURES, ids=[n for _, n in FIGURES])
def test_golden_figures_are_current(module: str, name: str, redrawn_figures: dict) -> None:
    """Both golden SVGs of a figure are byte-identical to what its function draws now (the
    SVGs are reproducible: fixed hashsalt, text as paths, no date)."""
    for theme, suffix in SUFFIX.items():
        golden = FIGURES_DIR / f"{name}{suffix}"
        fresh = redrawn_figures[golden.name].read_bytes()
        assert golden.is_file() and golden.read_bytes() == fresh, _drift(name, module, theme)


def test_no_orphan_golden_figures() -> None:
    """Every SVG in docs/assets/figures/ belongs to a figure some FIGURES defines."""
    known = golden_files({name: module for module, name in FIGURES})
    orphans = sorted(p.name for p in FIGURES_DIR.glob("*.svg") if p.name not in known)
    assert not orphans, f"no FIGURES defines {orphans}: `dlglossary update` removes them"


@pytest.mark.no_snippet_code  # compares files
def test_built_site_serves_the_golden_figures(built_site) -> None:
    """The site serves the committed golden SVGs, byte for byte, both variants."""
    for module, name in FIGURES:
        for suffix in SUFFIX.values():
            served = built_site.path / "assets" / "figures" / f"{name}{suffix}"
            assert served.read_bytes() == (FIGURES_DIR / served.name).read_bytes(), (
                f"{served.name} in the built site differs from docs/assets/figures/ ({module})"
            )
