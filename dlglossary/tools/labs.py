"""Notebook labs (``docs/<lang>/labs/*.ipynb``): execution and stored-output checks.

The site renders the outputs stored in each notebook (mkdocs-jupyter with
``execute: false``), so a build never runs a kernel. The tests execute every lab and
compare its text outputs with the stored ones; ``dlglossary update`` re-executes stale labs
and stores the fresh outputs (plots included). A lab whose notebooks,
snippets and libraries are unchanged since it was last found current is not executed again
(``.cache/labs/``: one key per lab).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
from pathlib import Path

from dlglossary.project import Project

TIMEOUT = 60  # seconds per cell; the labs are meant to run in well under 10 s in total


def notebooks(docs: Path) -> list[Path]:
    """Every lab notebook, in every language."""
    return sorted(docs.glob("*/labs/*.ipynb"))


def labs(docs: Path) -> dict[str, list[Path]]:
    """Lab name -> its notebook in each language (same code cells, translated prose)."""
    grouped: dict[str, list[Path]] = {}
    for path in notebooks(docs):
        grouped.setdefault(path.stem, []).append(path)
    return grouped


def read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def execute(path: Path, root: Path):
    """A copy of the notebook, executed top to bottom in a fresh kernel (cwd: ``root``, the
    repository, so that ``import snippets`` works)."""
    from nbclient import NotebookClient

    notebook = read(path)
    NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(root)}},
        # The kernel's "running over TCP without encryption" warning: the kernel only talks
        # to this process, on 127.0.0.1.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
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


def content_key(paths: list[Path], root: Path) -> str:
    """Hash of everything a lab's outputs depend on: its notebooks, the snippet modules it may
    import, this file, and the versions of the libraries it runs."""
    digest = hashlib.sha256()
    for path in [*paths, *sorted((root / "snippets").glob("*.py")), Path(__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for dist in ("torch", "numpy", "matplotlib", "ipykernel"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    return digest.hexdigest()


def stale_notebooks(project: Project, update: bool = False) -> list[Path]:
    """Labs whose stored text outputs differ from a fresh run; with ``update``, rewrite them.

    The code cells are the same in every language, so each lab runs once and its
    outputs are stored in every translation. A lab found current is remembered by its
    :func:`content_key`, and not run again while that key stays the same.
    """
    import nbformat

    stale = []
    cache_dir = project.labs_cache
    for lab, paths in labs(project.docs_dir).items():
        marker = cache_dir / f"{lab}.key"
        key = content_key(paths, project.root)
        if marker.is_file() and marker.read_text() == key:
            continue
        executed = execute(paths[0], project.root)
        lab_stale = False
        for path in paths:
            notebook = read(path)
            if text_outputs(executed) == text_outputs(notebook):
                continue
            lab_stale = True
            stale.append(path.relative_to(project.root))
            if update:
                copy_outputs(executed, notebook)
                nbformat.write(notebook, path)
        if update or not lab_stale:  # current now: remember the key it is current for
            cache_dir.mkdir(parents=True, exist_ok=True)
            marker.write_text(key)
    return stale
