"""Every snippet module keeps the contract of the snippets package (see snippets/__init__.py)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest
from repo import PROJECT

from dlglossary.core.snippet_pages import (
    figure_names,
    sections,
    snippet_modules,
)
from dlglossary.tools.outputs import UPDATE_HINT, golden_path

ROOT, SNIPPETS_DIR = PROJECT.root, PROJECT.snippets_dir
MODULES = snippet_modules(SNIPPETS_DIR)

_PROBE = """
import contextlib, importlib, io, json, runpy, sys
report = {"imports": {}}
for name in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        importlib.import_module("snippets." + name)
    report["imports"][name] = out.getvalue()
report["matplotlib"] = "matplotlib" in sys.modules
out = io.StringIO()
with contextlib.redirect_stdout(out):
    runpy.run_module("snippets." + sys.argv[1], run_name="__main__")
report["python -m"] = out.getvalue()
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def fresh_run() -> dict:
    """In one fresh interpreter: import every snippet module (recording what each prints),
    note whether matplotlib got imported, then run the first module as ``__main__``."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *MODULES],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout)


@pytest.mark.parametrize("module", MODULES)
def test_import_prints_nothing(module: str, fresh_run: dict) -> None:
    """Importing the module has no visible side effect (nothing printed)."""
    assert fresh_run["imports"][module] == "", f"snippets/{module}.py prints at import time"


def test_import_does_not_load_matplotlib(fresh_run: dict) -> None:
    """matplotlib is imported lazily inside plotting functions, never at module import."""
    assert not fresh_run["matplotlib"], "a snippet imports matplotlib at module level"


def test_python_m_prints_the_golden_output(fresh_run: dict) -> None:
    """What a reader's `python -m snippets.<module>` prints equals the golden file.

    Golden files are made in-process (torch imported once); this checks on the first
    module that resetting global state makes that equal to a real `__main__` run.
    """
    golden = golden_path(PROJECT, MODULES[0])
    assert fresh_run["python -m"] == golden.read_text(encoding="utf-8"), (
        f"{golden.name}: `python -m snippets.{MODULES[0]}` differs; {UPDATE_HINT}"
    )


@pytest.mark.parametrize("module", MODULES)
def test_module_shape(module: str) -> None:
    """Module docstring, a main() run by `python -m`, docstrings on public functions."""
    source = (SNIPPETS_DIR / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    where = f"snippets/{module}.py"
    assert ast.get_docstring(tree), f"{where}: add a module docstring naming the term"
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert "main" in functions, f"{where}: define main() -> None that prints the demo"
    assert 'if __name__ == "__main__":\n    main()' in source, (
        f'{where}: end with `if __name__ == "__main__":` / `    main()`'
    )
    undocumented = [n for n, f in functions.items() if not n.startswith("_") and not
                    ast.get_docstring(f)]  # fmt: skip
    assert not undocumented, f"{where}: add docstrings to {', '.join(undocumented)}"
    figure_names(source, where)  # FIGURES, if any, is a literal dict


@pytest.mark.parametrize("module", MODULES)
def test_sections_are_balanced(module: str) -> None:
    """Every `# --8<-- [start:x]` has its `[end:x]` and vice versa."""
    source = (SNIPPETS_DIR / f"{module}.py").read_text(encoding="utf-8")
    starts = re.findall(r"--8<--\s*\[start:([\w-]+)\]", source)
    ends = re.findall(r"--8<--\s*\[end:([\w-]+)\]", source)
    assert sorted(starts) == sorted(ends) == sorted(sections(source)), (
        f"snippets/{module}.py: unbalanced sections {sorted(set(starts) ^ set(ends))}"
    )
