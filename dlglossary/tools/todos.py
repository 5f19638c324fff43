"""Find unfilled scaffold markers: a scaffolded term must never land half-written.

``dlglossary new`` writes ``TODO(scaffold)`` wherever a contributor has to write something.
``dlglossary todos`` lists every marker left in registry/, docs/, snippets/ and tests/ as
``file:line`` and exits 1 if there is any.
"""

from __future__ import annotations

from pathlib import Path

from dlglossary.project import Project
from dlglossary.tools.finding import Finding, report

MARKER = "TODO" + "(scaffold)"  # split so this file does not match itself
SEARCHED = ("registry", "docs", "snippets", "tests")
SUFFIXES = {".md", ".yml", ".yaml", ".py", ".txt"}
SKIPPED_DIRS = {"__pycache__", ".cache", "assets", ".pytest_cache"}


class Marker(Finding):
    """One unfilled scaffold marker (the message is the marked line)."""


def find_markers(root: Path) -> list[Marker]:
    """Every line containing the scaffold marker under the searched folders of ``root``."""
    found = []
    for folder in SEARCHED:
        for path in sorted((root / folder).rglob("*")):
            if (
                path.suffix not in SUFFIXES
                or not path.is_file()
                or SKIPPED_DIRS & set(path.relative_to(root).parts)
            ):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if MARKER in line:
                    found.append(Marker(path.relative_to(root).as_posix(), number, line.strip()))
    return found


def run(project: Project) -> int:
    """``dlglossary todos``: print every marker; 1 if any is left."""
    markers = find_markers(project.root)
    return report(
        markers,
        f"{len(markers)} unfilled {MARKER} marker(s): replace each with real content "
        "(or delete the optional section in BOTH languages), then rerun.",
        f"no {MARKER} markers left",
    )
