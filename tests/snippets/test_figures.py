"""Snippet figures: every FIGURES entry draws something, pages and FIGURES agree, and the
built site serves exactly what the code draws now.

The plotted *data* is asserted in each term's own tests (through its data functions).
"""

from __future__ import annotations

import pytest

from dlglossary.figures import SUFFIX, THEMES, draw, to_svg
from dlglossary.snippet_pages import (
    ROOT,
    SNIPPETS_DIR,
    figure_names,
    referenced_figures,
    snippet_modules,
)

DOCS = ROOT / "docs"
FIGURES = [
    (module, name)
    for module in snippet_modules()
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


@pytest.mark.no_snippet_code  # renders the figures light_figures drew
@pytest.mark.parametrize(("module", "name"), FIGURES, ids=[n for _, n in FIGURES])
def test_built_site_serves_current_figure(module, name, light_figures, built_site) -> None:
    """The site's light SVG is byte-identical to what the figure function draws now,
    and its dark twin exists (the SVGs are reproducible: fixed hashsalt, no date)."""
    served = built_site.path / "assets" / "figures" / f"{name}{SUFFIX['light']}"
    assert served.read_bytes() == to_svg(light_figures[name], "light"), (
        f"{served.name} in the built site is not what snippets/{module}.py draws now"
    )
    assert (served.parent / f"{name}{SUFFIX['dark']}").stat().st_size > 0
