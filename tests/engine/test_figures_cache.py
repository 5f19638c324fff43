"""The figure cache: drawn once, reused while the module is unchanged, errors name the fix."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dlglossary.figures import draw_into_cache, plan_figures
from dlglossary.snippet_pages import SnippetError

MODULE = dedent('''
    """A tiny snippet module for the cache tests."""

    def plot_line():
        """A straight line."""
        from matplotlib.figure import Figure

        fig = Figure(figsize=(2, 2))
        fig.add_subplot().plot([0, 1], [0, SLOPE])
        return fig

    SLOPE = {slope}
    FIGURES = {{"{name}": plot_line}}
''')


def build(cache, snippets_dir):
    """What the glossary-snippets plugin does: plan, then draw what is missing (in its
    subprocess, ``python -m dlglossary.figures``, which calls the same function)."""
    figures, missing = plan_figures(cache, snippets_dir)
    draw_into_cache(cache, missing, snippets_dir)
    return figures, missing


def test_cache_draws_once_and_redraws_on_change(snippets_dir, tmp_path) -> None:
    """A cold cache draws both variants; a warm one draws nothing; an edit redraws."""
    cache = tmp_path / "cache"
    (snippets_dir / "demo_line.py").write_text(MODULE.format(slope=1, name="demo-line"))
    cold, drawn = build(cache, snippets_dir)
    assert drawn == ["demo_line"] and sorted(cold.paths) == [
        "demo-line.dark.svg",
        "demo-line.svg",
    ]
    light, dark = (
        cold.paths["demo-line.svg"].read_text(),
        cold.paths["demo-line.dark.svg"].read_text(),
    )
    assert light != dark and "<dc:date>" not in light

    warm, drawn = build(cache, snippets_dir)
    assert drawn == [] and warm.cached == ["demo_line"]

    (snippets_dir / "demo_line.py").write_text(MODULE.format(slope=2, name="demo-line"))
    _, drawn = build(cache, snippets_dir)
    assert drawn == ["demo_line"]
    assert len(list(cache.glob("demo_line-*"))) == 1, "the stale entry is removed"


def test_failing_figure_names_module_figure_and_fix(snippets_dir, tmp_path) -> None:
    """A figure function that raises fails with one line naming module, figure and fix."""
    source = MODULE.format(slope="1", name="demo-broken").replace("return fig", "return None")
    (snippets_dir / "demo_broken.py").write_text(source)
    with pytest.raises(SnippetError) as info:
        build(tmp_path / "cache", snippets_dir)
    message = str(info.value)
    assert "\n" not in message
    assert "snippets/demo_broken.py: FIGURES['demo-broken'] failed" in message
    assert "not a matplotlib.figure.Figure" in message and "fix the function" in message


def test_duplicate_figure_names_fail(snippets_dir, tmp_path) -> None:
    """Two modules may not define the same figure name."""
    for module in ("demo_a", "demo_b"):
        (snippets_dir / f"{module}.py").write_text(MODULE.format(slope=1, name="same-name"))
    with pytest.raises(SnippetError, match="'same-name' is already used by snippets/demo_a.py"):
        build(tmp_path / "cache", snippets_dir)


def test_command_line_draws_into_the_cache_or_prints_one_line(snippets_dir, tmp_path, capsys):
    """`python -m dlglossary.figures CACHE SNIPPETS MODULE...` (what the plugin runs): exit 0
    with the SVGs in the cache, or exit 1 with the one-line error on stderr."""
    from dlglossary import figures

    cache = tmp_path / "cache"
    (snippets_dir / "demo_line.py").write_text(MODULE.format(slope=1, name="demo-cli"))
    assert figures.main([str(cache), str(snippets_dir), "demo_line"]) == 0
    planned, missing = plan_figures(cache, snippets_dir)
    assert missing == [] and planned.paths["demo-cli.svg"].is_file()

    source = MODULE.format(slope="1", name="demo-cli-broken").replace("return fig", "return 1")
    (snippets_dir / "demo_broken.py").write_text(source)
    assert figures.main([str(cache), str(snippets_dir), "demo_broken"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("snippets/demo_broken.py: FIGURES['demo-cli-broken']")
