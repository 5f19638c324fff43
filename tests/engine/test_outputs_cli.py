"""Golden-output machinery on a throwaway snippets package."""

from __future__ import annotations

import pytest

from dlglossary.tools.outputs import UnseededOutput, deterministic_output, run_main

SEEDED = '''"""Seeded demo."""
import torch


def main() -> None:
    """Print a seeded draw."""
    torch.manual_seed(0)
    print(f"{torch.rand(1).item():.6f}")
'''


def test_seeded_output_is_deterministic(snippets_dir) -> None:
    """A main() that seeds its RNG gives the same text whatever the global RNG state."""
    (snippets_dir / "demo_seeded.py").write_text(SEEDED)
    assert deterministic_output("demo_seeded") == run_main("demo_seeded", seed=7)


def test_unseeded_output_is_refused(snippets_dir) -> None:
    """A main() whose text changes with the global RNG cannot become a golden file."""
    source = SEEDED.replace("    torch.manual_seed(0)\n", "")
    (snippets_dir / "demo_unseeded.py").write_text(source)
    with pytest.raises(UnseededOutput, match="snippets/demo_unseeded.py: main\\(\\) prints"):
        deterministic_output("demo_unseeded")
