"""Golden figures: `dlglossary update` draws them into docs/assets/figures/ (through a cache
keyed by the code), a check reports stale, missing and orphan files, errors name the fix."""

from __future__ import annotations

from textwrap import dedent

import pytest

from dlglossary.core import figures
from dlglossary.core.figures import cache_key, missing_golden_files, sync
from dlglossary.core.snippet_pages import SnippetError

MODULE = dedent('''
    """A tiny snippet module for the golden-figure tests."""

    def plot_line():
        """A straight line."""
        from matplotlib.figure import Figure

        fig = Figure(figsize=(2, 2))
        fig.add_subplot().plot([0, 1], [0, SLOPE])
        return fig

    SLOPE = {slope}
    FIGURES = {{"{name}": plot_line}}
''')


@pytest.fixture
def dirs(snippets_dir, tmp_path):
    """(snippets, golden figures, cache) folders of a throw-away project."""
    return snippets_dir, tmp_path / "docs" / "assets" / "figures", tmp_path / "cache"


def test_update_writes_golden_files_and_check_sees_edits(dirs, monkeypatch) -> None:
    """An update writes both variants; a check after it finds nothing and draws nothing (the
    cache); after an edit the check reports the stale files and the update rewrites them."""
    snippets, golden, cache = dirs
    (snippets / "demo_line.py").write_text(MODULE.format(slope=1, name="demo-line"))
    assert sync(True, None, snippets, golden, cache) == [
        "missing: docs/assets/figures/demo-line.dark.svg",
        "missing: docs/assets/figures/demo-line.svg",
    ]
    light, dark = (
        (golden / "demo-line.svg").read_text(),
        (golden / "demo-line.dark.svg").read_text(),
    )
    assert light != dark and "<dc:date>" not in light

    def no_drawing(module, out_dir):
        raise AssertionError(f"{module} drawn again")

    with monkeypatch.context() as patch:
        patch.setattr(figures, "draw_module", no_drawing)
        assert sync(False, None, snippets, golden, cache) == []

    (snippets / "demo_line.py").write_text(MODULE.format(slope=2, name="demo-line"))
    assert sync(False, None, snippets, golden, cache) == [
        "stale: docs/assets/figures/demo-line.dark.svg",
        "stale: docs/assets/figures/demo-line.svg",
    ]
    assert (golden / "demo-line.svg").read_text() == light, "a check writes nothing"
    sync(True, None, snippets, golden, cache)
    assert (golden / "demo-line.svg").read_text() != light
    assert len(list(cache.glob("demo_line-*"))) == 1, "the stale cache entry is removed"


def test_orphan_golden_files_are_reported_and_removed(dirs) -> None:
    """A golden file no FIGURES defines (a renamed figure) is listed, and an update deletes it."""
    snippets, golden, cache = dirs
    (snippets / "demo_line.py").write_text(MODULE.format(slope=1, name="demo-line"))
    sync(True, None, snippets, golden, cache)
    (golden / "old-name.svg").write_text("<svg/>")
    assert sync(False, None, snippets, golden, cache) == [
        "orphan: docs/assets/figures/old-name.svg"
    ]
    sync(True, None, snippets, golden, cache)
    assert not (golden / "old-name.svg").exists() and (golden / "demo-line.svg").exists()


def test_cache_key_follows_imported_snippets(snippets_dir) -> None:
    """Editing a snippet module that a figure's module imports changes that module's key."""
    (snippets_dir / "demo_base.py").write_text("SLOPE = 1\n")
    (snippets_dir / "demo_user.py").write_text("from snippets.demo_base import SLOPE\n")
    before = cache_key("demo_user", snippets_dir)
    (snippets_dir / "demo_base.py").write_text("SLOPE = 2\n")
    assert cache_key("demo_user", snippets_dir) != before


def test_missing_golden_file_names_the_update_command(dirs) -> None:
    """What the build checks: a figure without its golden file is named with the fix."""
    snippets, golden, _ = dirs
    (snippets / "demo_line.py").write_text(MODULE.format(slope=1, name="demo-new"))
    owners = figures.figure_owners(snippets)
    assert missing_golden_files(owners, golden) == [
        f"docs/assets/figures/demo-new{suffix} is missing (FIGURES of snippets/demo_line.py); "
        "run `dlglossary update` and commit the result"
        for suffix in (".svg", ".dark.svg")
    ]


def test_failing_figure_names_module_figure_and_fix(dirs) -> None:
    """A figure function that does not return a Figure fails with one line naming module,
    figure and fix."""
    snippets, golden, cache = dirs
    source = MODULE.format(slope="1", name="demo-broken").replace("return fig", "return None")
    (snippets / "demo_broken.py").write_text(source)
    with pytest.raises(SnippetError) as info:
        sync(True, None, snippets, golden, cache)
    message = str(info.value)
    assert "\n" not in message
    assert "snippets/demo_broken.py: FIGURES['demo-broken'] failed" in message
    assert "not a matplotlib.figure.Figure" in message and "fix the function" in message


def test_duplicate_figure_names_fail(dirs) -> None:
    """Two modules may not define the same figure name."""
    snippets, golden, cache = dirs
    for module in ("demo_a", "demo_b"):
        (snippets / f"{module}.py").write_text(MODULE.format(slope=1, name="same-name"))
    with pytest.raises(SnippetError, match="'same-name' is already used by snippets/demo_a.py"):
        sync(True, None, snippets, golden, cache)
