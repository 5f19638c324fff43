"""`dlglossary update` runs a lab again only when its notebooks, the snippets or the libraries
changed since it was last found current."""

from __future__ import annotations

import nbformat

from dlglossary.project import Project
from dlglossary.tools import labs


def _lab(path, printed: str) -> None:
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)


def test_unchanged_lab_is_not_executed_again(tmp_path, monkeypatch) -> None:
    """A current lab runs once; a second check skips it; an edit to the notebook runs it again,
    and a stale stored output is reported."""
    notebook = tmp_path / "docs" / "en" / "labs" / "demo.ipynb"
    _lab(notebook, "1\n")
    runs = []

    def fake_execute(path, root):
        runs.append(path)
        executed = labs.read(path)
        executed.cells[0].outputs[0].text = "1\n"
        return executed

    monkeypatch.setattr(labs, "execute", fake_execute)
    project = Project(tmp_path)
    assert labs.stale_notebooks(project) == [] and len(runs) == 1
    assert labs.stale_notebooks(project) == [] and len(runs) == 1
    _lab(notebook, "2\n")
    assert labs.stale_notebooks(project) == [notebook.relative_to(tmp_path)]
    assert len(runs) == 2
