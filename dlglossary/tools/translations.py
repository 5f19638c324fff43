"""Recorded translation state: ``registry/translations/<page>.json`` per page, the hashes of each
section in both languages when the translation was last known to match the Chinese source
(:mod:`dlglossary.core.parity` computes them and finds the possibly outdated sections).

``dlglossary update`` records new and changed sections but keeps the old record of a section
whose Chinese source changed while its translation did not, so ``dlglossary outdated`` keeps
listing it until the translation is updated (or accepted with ``dlglossary outdated --accept``).
"""

from __future__ import annotations

from pathlib import Path

from dlglossary.core import parity
from dlglossary.project import Project


def record(project: Project, accept_outdated: bool = False) -> list[Path]:
    """Write the current section hashes, one file per page; return the files that changed.
    Possibly outdated sections keep their old record unless ``accept_outdated``."""
    current = parity.current_hashes(project.docs_dir)
    if not accept_outdated:
        current = parity.record_current(current, parity.read_lock(project.translations_dir))
    return parity.write_lock(project.translations_dir, current)


def report(project: Project) -> int:
    """``dlglossary outdated``: list the possibly outdated sections (informational: exit 0)."""
    current = parity.current_hashes(project.docs_dir)
    outdated, unrecorded = parity.find_outdated(current, parity.read_lock(project.translations_dir))
    for item in outdated:
        print(item)
    if not outdated:
        print("No possibly outdated translations.")
    if unrecorded:
        print(
            f"{len(unrecorded)} section(s) have no recorded hash yet; after checking the "
            "translations run: dlglossary update"
        )
    return 0
