"""The scaffold command: every file a term needs, markers everywhere, and one-line refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dlglossary.tools import cli, new_term
from dlglossary.tools.todos import MARKER, find_markers

ROOT = Path(__file__).resolve().parents[2]
IDS = [sid for sid, *_ in new_term.SECTIONS]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A minimal tree: the registry tags and the snippets package."""
    (tmp_path / "registry").mkdir()
    shutil.copy(ROOT / "registry" / "_tags.yml", tmp_path / "registry" / "_tags.yml")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "__init__.py").write_text("", encoding="utf-8")
    return tmp_path


def _run(root: Path, *args: str) -> int:
    return cli.main(["new", *args, "--root", str(root)])


def test_scaffold_writes_every_file_with_markers(root: Path) -> None:
    """Registry entry, both pages, snippet, test and golden output are created and all marked."""
    assert _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout", "--tags", "training") == 0
    expected = [
        "registry/dropout.yml",
        "docs/zh/terms/dropout.md",
        "docs/en/terms/dropout.md",
        "snippets/dropout.py",
        "tests/snippets/test_dropout.py",
    ]
    for rel in expected:
        assert (root / rel).is_file(), rel
    marked = {m.path for m in find_markers(root)}
    assert set(expected) <= marked
    assert (root / "snippets/output/dropout.txt").read_text(encoding="utf-8").startswith(MARKER)


def test_pages_share_house_order_and_ids(root: Path) -> None:
    """Both pages carry every house section, in order, with the same explicit ids."""
    _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout")
    for lang in ("zh", "en"):
        text = (root / f"docs/{lang}/terms/dropout.md").read_text(encoding="utf-8")
        ids = [line.split("{ #")[1].rstrip(" }") for line in text.splitlines() if "{ #" in line]
        assert ids == ["dropout", *IDS]
        assert '--8<-- "snippets/dropout.py:dropout"' in text
        assert '--8<-- "snippets/output/dropout.txt"' in text


def test_snippet_runs_and_names_its_section(root: Path) -> None:
    """The snippet has main(), the named section the pages embed, and FIGURES."""
    _run(root, "batch-normalization", "--zh", "批归一化", "--en", "Batch normalization")
    text = (root / "snippets/batch_normalization.py").read_text(encoding="utf-8")
    assert "# --8<-- [start:batch_normalization]" in text
    assert "# --8<-- [end:batch_normalization]" in text
    assert "def main() -> None:" in text and "FIGURES" in text


def test_refuses_to_overwrite(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second scaffold of the same slug fails in one line naming the existing file."""
    _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout")
    capsys.readouterr()
    assert _run(root, "dropout", "--zh", "丢弃", "--en", "Drop") == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "registry/dropout.yml already exists" in err


@pytest.mark.parametrize("slug", ["Dropout", "drop_out", "drop--out", "dropout-", "1cycle"])
def test_rejects_non_kebab_slug(root: Path, slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Slugs must be lower-case kebab-case starting with a letter."""
    assert _run(root, slug, "--zh", "随机失活", "--en", "Dropout") == 2
    assert "kebab-case" in capsys.readouterr().err


def test_rejects_unknown_tag(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown tag is refused with the list of known tags."""
    assert (
        _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout", "--tags", "regularisation")
        == 2
    )
    assert "training" in capsys.readouterr().err


def test_rejects_name_taken_by_another_term(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name already used as another term's name or alias is refused, naming that entry."""
    _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout")
    capsys.readouterr()
    assert _run(root, "drop-out", "--zh", "丢弃法", "--en", "dropout") == 2
    assert "registry/dropout.yml" in capsys.readouterr().err


def test_output_piped_into_head_is_not_an_error(root: Path) -> None:
    """`python -m dlglossary new … | head -1`: the files are written, no traceback."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "dlglossary", "new", "piped-term", "--zh", "管道",
               "--en", "Piped term", "--root", str(root)]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()  # the reader went away before the listing was printed
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait() == 0, stderr
    assert "BrokenPipeError" not in stderr and "Traceback" not in stderr, stderr
    assert (root / "registry" / "piped-term.yml").is_file()


def _guide_commands(guide: str) -> list[str]:
    """The ``dlglossary …`` commands of a guide's "add a term" steps."""
    import re

    steps = guide.split("{ #add-a-term }" if "{ #add-a-term }" in guide else "## Add a term", 1)[1]
    steps = steps.split("\n## ", 1)[0]
    command = r"`(dlglossary [a-z-]+(?: --[a-z]+)?)`"
    return sorted(set(re.findall(command, steps)))


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "CONTRIBUTING.zh.md"])
def test_next_steps_list_every_command_of_the_guide(
    root: Path, guide: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """After scaffolding, the printed steps include every dlglossary command the guide's
    "add a term" steps use, and `mkdocs serve`."""
    _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout")
    printed = capsys.readouterr().out
    commands = _guide_commands((ROOT / guide).read_text(encoding="utf-8"))
    assert len(commands) >= 3, commands
    missing = [c for c in commands if c.strip() not in printed]
    assert not missing and "mkdocs serve" in printed, missing


def test_pages_end_with_an_exercise_and_collapsed_answer(root: Path) -> None:
    """Both pages end their teaching part with an exercises section holding a numbered
    question and a collapsed answer (STYLE.md, "Exercises")."""
    _run(root, "dropout", "--zh", "随机失活", "--en", "Dropout")
    for lang, heading, answer in (("zh", "## 练习", "答案"), ("en", "## Exercises", "Answer")):
        text = (root / f"docs/{lang}/terms/dropout.md").read_text(encoding="utf-8")
        exercises = text.split(f"{heading} {{ #exercises }}", 1)[1]
        assert "\n1. " in exercises and f'\n    ??? success "{answer}"\n' in exercises
        assert text.index("{ #pitfalls }") < text.index("{ #exercises }")
