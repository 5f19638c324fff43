"""Golden outputs: what the pages show under each snippet is what ``main()`` prints."""

from __future__ import annotations

import pytest
from repo import PROJECT

from dlglossary.core.snippet_pages import snippet_modules
from dlglossary.tools.outputs import SEED_HINT, UPDATE_HINT, golden_path, run_main

MODULES = snippet_modules(PROJECT.snippets_dir)


@pytest.mark.parametrize("module", MODULES)
def test_golden_output_is_current(module: str) -> None:
    """snippets/output/<module>.txt equals the stdout of snippets.<module>.main()."""
    path = golden_path(PROJECT, module)
    rel = PROJECT.rel(path)
    assert path.exists(), f"{rel} is missing; {UPDATE_HINT}"
    actual = run_main(module, seed=2)  # --update ran main() under seeds 0 and 1
    expected = path.read_text(encoding="utf-8")
    if actual != expected and run_main(module, seed=0) == expected:
        pytest.fail(f"snippets/{module}.py: main() depends on the global RNG; {SEED_HINT}")
    assert actual == expected, f"{rel} is stale; {UPDATE_HINT} (and check the page's prose)"


def test_every_golden_file_has_a_module() -> None:
    """No golden file outlives its snippet module."""
    orphans = sorted(p.name for p in PROJECT.outputs_dir.glob("*.txt") if p.stem not in MODULES)
    assert not orphans, f"delete snippets/output/{orphans[0]} (its module is gone)"
