"""The repository under test, as a :class:`~dlglossary.project.Project`: the ``project``
fixture, and ``from repo import PROJECT`` for module-level tables (``parametrize`` lists)."""

from __future__ import annotations

from pathlib import Path

from dlglossary.project import Project

PROJECT = Project.discover(Path(__file__).parent)
