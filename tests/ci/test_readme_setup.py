"""The README's set-up commands: what .ci/readme_serve.py runs is there, one line, with its venv."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("readme_serve", ROOT / ".ci" / "readme_serve.py")
readme_serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme_serve)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_serve_block_creates_a_venv_installs_without_torch_and_serves() -> None:
    """The block CI runs creates and activates a venv, installs the project without extras
    (no torch) and ends in `mkdocs serve`."""
    command = readme_serve.serve_command(README)
    assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert "pip install -e . &&" in command and "[" not in command
    assert command.endswith("mkdocs serve")


def test_test_commands_install_the_pinned_cpu_requirements() -> None:
    """Both test commands (bash, PowerShell) install requirements/test.txt, which pins the CPU
    build of torch through PyTorch's CPU index."""
    lines = re.findall(r"^(?:python3|py) -m venv .+$", README, re.MULTILINE)
    tests = [line for line in lines if line.endswith("python -m pytest")]
    assert len(tests) == 2 and all("pip install -r requirements/test.txt" in t for t in tests)
    requirements = (ROOT / "requirements" / "test.txt").read_text(encoding="utf-8").splitlines()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in requirements
    assert any(re.fullmatch(r"torch==[\d.]+", line) for line in requirements)
