"""Golden outputs: ``snippets/output/<module>.txt`` is the exact stdout of ``main()``.

``dlglossary update`` rewrites the stale ones, the figures and the labs' stored outputs
(``dlglossary update gelu relu``: only these terms' outputs and figures);
``dlglossary check --only outputs`` checks them all and fails if one is stale.

Pages embed the golden files with ``--8<-- "snippets/output/<module>.txt"`` and the golden
figures ``docs/assets/figures/<name>.svg`` (:mod:`dlglossary.core.figures`), so the build never
executes snippet code: builds stay fast, deterministic and need neither torch nor matplotlib,
and a code change that alters an output or a figure fails the tests until the golden file
(and the prose) is updated.

``main()`` runs in this process with stdout captured, so torch is imported once for all
modules. Global state a module could leak into the next one (default dtype, print options)
is reset first, so the result equals ``python -m snippets.<module>``; a test checks that
for one module. The global RNGs are seeded differently on each run (torch seeds a fresh
interpreter randomly), and the update refuses an output that changes with them: ``main()``
must seed what it draws.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from dlglossary.core import figures
from dlglossary.core.snippet_pages import SnippetError, snippet_modules
from dlglossary.project import Project
from dlglossary.tools import labs

UPDATE_HINT = "run `dlglossary update`"
SEED_HINT = "seed every RNG main() draws from (torch.manual_seed, np.random.default_rng(0))"


class UnseededOutput(Exception):
    """``main()`` prints something that depends on the global RNG state."""


def reset_global_state(seed: int) -> None:
    """Give the next ``main()`` a fresh run's defaults, with global RNGs seeded by ``seed``."""
    random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)
        torch.set_default_dtype(torch.float32)
        torch.set_printoptions(profile="default", sci_mode=None)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(seed)
        numpy.set_printoptions(
            edgeitems=3, linewidth=75, precision=8, suppress=False, threshold=1000,
            formatter=None, sign="-", floatmode="maxprec", legacy=False,
        )  # fmt: skip


def run_main(module: str, seed: int = 1) -> str:
    """The stdout of ``snippets.<module>.main()``, global RNGs seeded with ``seed``."""
    mod = importlib.import_module(f"snippets.{module}")
    reset_global_state(seed)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        mod.main()
    return buffer.getvalue()


def deterministic_output(module: str) -> str:
    """The stdout of ``main()``, checked not to depend on the global RNG state.

    Raises:
        UnseededOutput: two runs with differently seeded global RNGs print different text.
    """
    output = run_main(module, seed=0)
    if run_main(module, seed=1) != output:
        raise UnseededOutput(f"snippets/{module}.py: main() prints different text on each run; "
                             f"{SEED_HINT}")  # fmt: skip
    return output


def golden_path(project: Project, module: str) -> Path:
    """Where the golden output of a module lives."""
    return project.outputs_dir / f"{module}.txt"


@contextlib.contextmanager
def snippets_of(project: Project) -> Iterator[None]:
    """Within the block, ``import snippets`` imports the project's own ``snippets/`` folder
    (whatever was imported before, and however the command was started: the ``dlglossary``
    script does not put the current folder on the path); the previous state is restored after."""

    def loaded() -> dict:
        return {k: m for k, m in sys.modules.items() if k.partition(".")[0] == "snippets"}

    saved, path = loaded(), sys.path[:]
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(project.root))
    try:
        yield
    finally:
        for name in loaded():
            del sys.modules[name]
        sys.modules.update(saved)
        sys.path[:] = path


def sync(project: Project, update: bool, modules: list[str] | None = None) -> list[str]:
    """Compare every golden file (text outputs, figures and, for a run over all modules, the
    labs' stored outputs) with what the code produces now; with ``update``, rewrite the stale
    ones. Returns one ``state: path`` line per file that differed (``stale``, ``missing``,
    ``orphan``, ``stale outputs``), whether it was rewritten or not.

    Raises:
        UnseededOutput: an update would store output that depends on the global RNG.
        SnippetError: a module or a figure function fails.
    """
    changes = []
    with snippets_of(project):
        for module in modules or snippet_modules(project.snippets_dir):
            path = golden_path(project, module)
            actual = deterministic_output(module) if update else run_main(module)
            expected = path.read_text(encoding="utf-8") if path.exists() else None
            if actual == expected:
                continue
            changes.append(f"{'missing' if expected is None else 'stale'}: {project.rel(path)}")
            if update:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(actual, encoding="utf-8")
        changes += figures.sync(
            update, modules, project.snippets_dir, project.figures_dir, project.figures_cache
        )
    if not modules:
        changes += [
            f"stale outputs: {notebook.as_posix()}"
            for notebook in labs.stale_notebooks(project, update=update)
        ]
    return changes


def check(project: Project) -> int:
    """The ``outputs`` gate of ``dlglossary check``: 1 if a golden file is stale."""
    try:
        changes = sync(project, update=False)
    except SnippetError as exc:
        print(exc, file=sys.stderr)
        return 1
    for change in changes:
        print(change)
    if changes:
        print(f"{len(changes)} stale; {UPDATE_HINT}", file=sys.stderr)
        return 1
    print(
        f"{len(snippet_modules(project.snippets_dir))} golden outputs, their figures and the "
        "labs are current"
    )
    return 0
