"""One command line: every tool is a documented subcommand of ``dlglossary``, callable in-process
on any tree, and no engine module derives a path from its own location."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dlglossary.project import Project, ProjectError
from dlglossary.tools import cli
from dlglossary.tools.todos import MARKER


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "CONTRIBUTING.zh.md"])
def test_every_command_is_documented(project: Project, guide: str) -> None:
    """Each subcommand appears as `dlglossary <command>` in both contributor guides."""
    text = (project.root / guide).read_text(encoding="utf-8")
    missing = [name for name in cli.command_names() if f"`dlglossary {name}" not in text]
    assert not missing, f"{guide} does not document: {', '.join(missing)}"


def test_help_lists_every_command(project: Project) -> None:
    """`python -m dlglossary --help` (the same program as `dlglossary`) lists every command."""
    run = subprocess.run(
        [sys.executable, "-m", "dlglossary", "--help"],
        cwd=project.root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert run.stdout.startswith("usage: dlglossary")
    listed = re.findall(r"^    (\w+)", run.stdout, flags=re.MULTILINE)
    assert listed == cli.command_names()


def test_commands_run_in_process_on_another_tree(tmp_path: Path, capsys) -> None:
    """`main([...])` works on a temporary tree and returns the exit code."""
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    page = tmp_path / "docs" / "zh" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# 首页 {{ #home }}\n\n{MARKER} 写这里。\n", encoding="utf-8")
    assert cli.main(["todos", "--root", str(tmp_path)]) == 1
    assert f"docs/zh/index.md:3: {MARKER}" in capsys.readouterr().out
    assert cli.main(["check", "--only", "scaffold-todos", "--root", str(tmp_path)]) == 1
    assert "FAILED: scaffold-todos" in capsys.readouterr().out


def test_project_is_found_from_a_subfolder(project: Project) -> None:
    """Without --root, the project is the nearest folder above holding mkdocs.yml."""
    assert Project.discover(project.snippets_dir / "output") == project


def test_no_project_is_one_clear_line(tmp_path: Path, capsys, monkeypatch) -> None:
    """Outside a glossary checkout the command says so in one line (exit code 2)."""
    with pytest.raises(ProjectError, match="no mkdocs.yml in"):
        Project.discover(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["todos"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "no mkdocs.yml" in line and "--root" in line


def test_no_module_derives_paths_from_its_own_location(project: Project) -> None:
    """Paths come from a Project, never from `Path(__file__).parents` (hashing a module's own
    source for a cache key is fine)."""
    pattern = re.compile(r"Path\(__file__\)[^\n]*\.(parent|parents)\b")
    found = [
        f"{project.rel(path)}:{number}"
        for path in sorted((project.root / "dlglossary").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, found
