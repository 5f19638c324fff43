"""Notebook labs (``docs/<lang>/labs/*.ipynb``): execution and stored-output checks.

The site renders the outputs stored in each notebook (mkdocs-jupyter with
``execute: false``), so a build never runs a kernel. The tests execute every lab and
compare its text outputs with the stored ones; ``python -m dlglossary.outputs --update``
re-executes stale labs and stores the fresh outputs (plots included).
"""

from __future__ import annotations

from pathlib import Path

from dlglossary.snippet_pages import ROOT

DOCS = ROOT / "docs"
TIMEOUT = 60  # seconds per cell; the labs are meant to run in well under 10 s in total


def notebooks(docs: Path = DOCS) -> list[Path]:
    """Every lab notebook, in every language."""
    return sorted(docs.glob("*/labs/*.ipynb"))


def labs(docs: Path = DOCS) -> dict[str, list[Path]]:
    """Lab name -> its notebook in each language (same code cells, translated prose)."""
    grouped: dict[str, list[Path]] = {}
    for path in notebooks(docs):
        grouped.setdefault(path.stem, []).append(path)
    return grouped


def read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def execute(path: Path):
    """A copy of the notebook, executed top to bottom in a fresh kernel (cwd: repo root)."""
    from nbclient import NotebookClient

    notebook = read(path)
    NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(ROOT)}},
    ).execute()  # fmt: skip
    return notebook


def text_outputs(notebook) -> list[list[str]]:
    """Per code cell, the text it printed or returned (plots excluded: not byte-stable)."""
    result = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            elif output.output_type == "execute_result":
                texts.append(output.data.get("text/plain", ""))
            elif output.output_type == "display_data":
                texts.append("<display>")  # a plot: its presence counts, not its bytes
            elif output.output_type == "error":
                texts.append(f"{output.ename}: {output.evalue}")
        result.append(texts)
    return result


def code_cells(notebook) -> list[str]:
    """The source of every code cell."""
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def copy_outputs(executed, notebook) -> None:
    """Store the outputs of an executed translation in ``notebook`` (same code cells)."""
    runs = [cell for cell in executed.cells if cell.cell_type == "code"]
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for run, cell in zip(runs, cells, strict=True):
        cell.outputs, cell.execution_count = run.outputs, run.execution_count


def stale_notebooks(update: bool = False) -> list[Path]:
    """Labs whose stored text outputs differ from a fresh run; with ``update``, rewrite them.

    The code cells are the same in every language, so each lab runs once and its
    outputs are stored in every translation.
    """
    import nbformat

    stale = []
    for paths in labs().values():
        executed = execute(paths[0])
        for path in paths:
            notebook = read(path)
            if text_outputs(executed) == text_outputs(notebook):
                continue
            stale.append(path.relative_to(ROOT))
            if update:
                copy_outputs(executed, notebook)
                nbformat.write(notebook, path)
    return stale
