"""Notebook labs: the same code in every language, and it still runs and prints what the
site shows (the site renders the outputs stored in the notebooks)."""

from __future__ import annotations

import pytest
from repo import PROJECT

from dlglossary.tools import labs
from dlglossary.tools.outputs import UPDATE_HINT

LABS = labs.labs(PROJECT.docs_dir)


@pytest.mark.parametrize("lab", sorted(LABS))
def test_code_cells_identical_across_languages(lab: str) -> None:
    """zh and en notebooks of a lab have the same code cells; only the prose is translated."""
    paths = LABS[lab]
    assert [p.parent.parent.name for p in paths] == ["en", "zh"], f"{lab}: add both languages"
    first, *others = [labs.code_cells(labs.read(p)) for p in paths]
    for path, cells in zip(paths[1:], others, strict=True):
        assert cells == first, f"{path}: code cells differ from {paths[0]}"


@pytest.mark.parametrize("lab", sorted(LABS))
def test_lab_runs_and_stored_outputs_are_current(lab: str, executed_labs: dict) -> None:
    """The lab executes without error in a fresh kernel, shows plots, and the text it
    prints equals the outputs stored in each language's notebook."""
    paths = LABS[lab]
    fresh = labs.text_outputs(executed_labs[lab])  # a failing cell raised CellExecutionError
    assert sum(out.count("<display>") for out in fresh) >= 2, f"{paths[0]}: plots missing"
    for path in paths:
        assert labs.text_outputs(labs.read(path)) == fresh, f"{path}: outputs stale; {UPDATE_HINT}"
