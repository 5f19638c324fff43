"""Golden outputs: ``snippets/output/<module>.txt`` is the exact stdout of ``main()``.

Usage (from the repository root)::

    python -m dlglossary.outputs            # check every golden file, exit 1 if one is stale
    python -m dlglossary.outputs --update   # rewrite the stale ones (and the labs' outputs)
    python -m dlglossary.outputs gelu relu  # only these modules

Pages embed the golden files with ``--8<-- "snippets/output/<module>.txt"``, so the build
never executes snippet code: builds stay fast and deterministic, and a code change that
alters an output fails the tests until the golden file (and the prose) is updated.

``main()`` runs in this process with stdout captured, so torch is imported once for all
modules. Global state a module could leak into the next one (torch's RNG, default dtype
and print options, numpy's print options) is reset to a fresh interpreter's values first,
so the result equals ``python -m snippets.<module>``; a test checks that for one module.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
from pathlib import Path

from dlglossary.snippet_pages import OUTPUT_DIR, snippet_modules

UPDATE_HINT = "run `python -m dlglossary.outputs --update`"
TORCH_DEFAULT_SEED = 67280421310721  # torch.initial_seed() of a fresh interpreter


def reset_global_state() -> None:
    """Give the next ``main()`` the global state of a fresh ``python -m`` run."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(TORCH_DEFAULT_SEED)
        torch.set_default_dtype(torch.float32)
        torch.set_printoptions(profile="default", sci_mode=None)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.set_printoptions(
            edgeitems=3, linewidth=75, precision=8, suppress=False, threshold=1000,
            formatter=None, sign="-", floatmode="maxprec", legacy=False,
        )  # fmt: skip


def run_main(module: str) -> str:
    """The stdout of ``snippets.<module>.main()``."""
    mod = importlib.import_module(f"snippets.{module}")
    reset_global_state()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        mod.main()
    return buffer.getvalue()


def golden_path(module: str) -> Path:
    """Where the golden output of a module lives."""
    return OUTPUT_DIR / f"{module}.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlglossary.outputs", description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite stale golden files")
    parser.add_argument("modules", nargs="*", help="snippet modules (default: all)")
    args = parser.parse_args(argv)

    stale = []
    modules = args.modules or snippet_modules()
    for module in modules:
        path = golden_path(module)
        actual = run_main(module)
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

    if not args.modules:
        from dlglossary import labs

        for notebook in labs.stale_notebooks(update=args.update):
            print(f"{'updated' if args.update else 'stale outputs'}: {notebook}")
            if not args.update:
                stale.append(str(notebook))

    if stale:
        print(f"{len(stale)} stale; {UPDATE_HINT}", file=sys.stderr)
        return 1
    print(f"{len(modules)} golden outputs{'' if args.modules else ' and the labs'} are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
