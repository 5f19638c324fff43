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


def test_update_and_check_in_process_on_another_tree(tmp_path, capsys) -> None:
    """`check --only outputs` and `update` run in this process on a temporary tree import that
    tree's snippets, whatever `snippets` package was imported before."""
    from dlglossary.tools import cli

    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    (tmp_path / "snippets" / "output").mkdir(parents=True)
    (tmp_path / "snippets" / "__init__.py").write_text("")
    (tmp_path / "snippets" / "demo_tree.py").write_text('def main():\n    print("fresh")\n')
    (tmp_path / "snippets" / "output" / "demo_tree.txt").write_text("old\n")
    root = ["--root", str(tmp_path)]
    assert cli.main(["check", "--only", "outputs", *root]) == 1
    out = capsys.readouterr().out
    assert "stale: snippets/output/demo_tree.txt" in out and "fix: dlglossary update" in out
    assert cli.main(["update", *root]) == 0
    assert "updated snippets/output/demo_tree.txt" in capsys.readouterr().out
    assert (tmp_path / "snippets" / "output" / "demo_tree.txt").read_text() == "fresh\n"
    assert cli.main(["check", "--only", "outputs", *root]) == 0
