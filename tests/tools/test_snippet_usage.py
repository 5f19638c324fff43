"""Every snippet module is embedded by a page in each language (no orphan snippets)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlglossary.core.snippet_pages import include_problems

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r"""--8<--\s*["']?snippets/([A-Za-z0-9_]+)\.py""")


def _modules() -> list[str]:
    return sorted(p.stem for p in (ROOT / "snippets").glob("*.py") if not p.stem.startswith("_"))


def _embedded(lang: str) -> set[str]:
    found: set[str] = set()
    for page in (ROOT / "docs" / lang).rglob("*.md"):
        found |= set(INCLUDE.findall(page.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("module", _modules())
def test_snippet_is_embedded_in_both_languages(module: str) -> None:
    """snippets/<module>.py is included (--8<--) by at least one Chinese and one English page."""
    slug = module.replace("_", "-")
    for lang in ("zh", "en"):
        assert module in _embedded(lang), (
            f"snippets/{module}.py is not embedded by any {lang} page (orphan snippet): add "
            f'```python title="snippets/{module}.py"\n--8<-- "snippets/{module}.py:<section>"\n```'
            f" under `## ... {{ #code }}` in docs/{lang}/terms/{slug}.md, or delete the module"
        )


def _pages() -> list[Path]:
    return sorted((ROOT / "docs").glob("*/**/*.md"))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_embedded_file_and_section_exists(page: Path) -> None:
    """Each --8<-- include names an existing file and, if given, a section defined in it
    (what `dlglossary check --only registry` and the build report, one line per include)."""
    rel = page.relative_to(ROOT).as_posix()
    problems = include_problems(page.read_text(encoding="utf-8"), rel, ROOT)
    assert not problems, "\n".join(problems)
