"""Page front matter parses: MkDocs silently renders broken front matter as page text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").glob("*/**/*.md"))


def front_matter(text: str) -> str | None:
    """The YAML between the opening and closing ``---`` lines, or None without front matter."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in {"---", "..."}:
            return "\n".join(lines[1:i])
    return "\n".join(lines[1:]) + "\n<unterminated>"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_front_matter_is_a_yaml_mapping(page: Path) -> None:
    """If a page opens with ---, the block is closed by --- and is a YAML mapping."""
    rel = page.relative_to(ROOT).as_posix()
    block = front_matter(page.read_text(encoding="utf-8"))
    if block is None:
        return
    assert not block.endswith("<unterminated>"), (
        f"{rel}:1: front matter opened with --- is never closed; add a --- line after it"
    )
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark else ":1"
        problem = getattr(error, "problem", None) or error
        pytest.fail(
            f"{rel}{line}: front matter is not valid YAML ({problem}); "
            "quote values containing ': ', '[' or '#', e.g. title: \"ReLU: the basics\"",
            pytrace=False,
        )
    assert isinstance(data, dict) or data is None, (
        f"{rel}:2: front matter must be 'key: value' lines, got {type(data).__name__}"
    )
