"""Golden outputs: ``snippets/output/<module>.txt`` is the exact stdout of ``main()``.

Usage (from the repository root)::

    python -m dlglossary.tools.outputs            # check every golden file, exit 1 if one is stale
    python -m dlglossary.tools.outputs --update   # rewrite the stale ones, figures and labs too
    python -m dlglossary.tools.outputs gelu relu  # only these modules (and their figures)

Pages embed the golden files with ``--8<-- "snippets/output/<module>.txt"`` and the golden
figures ``docs/assets/figures/<name>.svg`` (:mod:`dlglossary.core.figures`), so the build never
executes snippet code: builds stay fast, deterministic and need neither torch nor matplotlib,
and a code change that alters an output or a figure fails the tests until the golden file
(and the prose) is updated.

``main()`` runs in this process with stdout captured, so torch is imported once for all
modules. Global state a module could leak into the next one (default dtype, print options)
is reset first, so the result equals ``python -m snippets.<module>``; a test checks that
for one module. The global RNGs are seeded differently on each run (torch seeds a fresh
interpreter randomly), and ``--update`` refuses an output that changes with them: ``main()``
must seed what it draws.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import random
import sys
from pathlib import Path

from dlglossary.core.snippet_pages import OUTPUT_DIR, snippet_modules

UPDATE_HINT = "run `python -m dlglossary.tools.outputs --update`"
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


def golden_path(module: str) -> Path:
    """Where the golden output of a module lives."""
    return OUTPUT_DIR / f"{module}.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlglossary.tools.outputs", description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite stale golden files")
    parser.add_argument("modules", nargs="*", help="snippet modules (default: all)")
    args = parser.parse_args(argv)

    stale = []
    modules = args.modules or snippet_modules()
    for module in modules:
        path = golden_path(module)
        try:
            actual = deterministic_output(module) if args.update else run_main(module)
        except UnseededOutput as exc:
            print(exc, file=sys.stderr)
            return 1
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        if actual == expected:
            continue
        if args.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            print(f"updated {path.relative_to(OUTPUT_DIR.parent.parent)}")
        else:
            stale.append(module)
            state = "missing" if expected is None else "stale"
            print(f"{state}: {path.relative_to(OUTPUT_DIR.parent.parent)}")

    from dlglossary.core import figures
    from dlglossary.core.snippet_pages import SnippetError

    try:
        changes = figures.sync(args.update, args.modules or None)
    except SnippetError as exc:
        print(exc, file=sys.stderr)
        return 1
    for change in changes:
        state, _, path = change.partition(": ")
        print(
            f"{('removed' if state == 'orphan' else 'updated') if args.update else state}: {path}"
        )
        if not args.update:
            stale.append(path)

    if not args.modules:
        from dlglossary.tools import labs

        for notebook in labs.stale_notebooks(update=args.update):
            print(f"{'updated' if args.update else 'stale outputs'}: {notebook}")
            if not args.update:
                stale.append(str(notebook))

    if stale:
        print(f"{len(stale)} stale; {UPDATE_HINT}", file=sys.stderr)
        return 1
    print(
        f"{len(modules)} golden outputs, their figures{'' if args.modules else ' and the labs'} "
        "are current"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
