"""Build caches are correct by construction: each key holds our own code and every input.

The five-term fixture site is built in-process the way a new process builds it (caches
loaded from ``.cache/``, written after the build); a warm build must write what a cold
one writes, and a change to the code or the registry must show up in a warm rebuild.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dlglossary import disk_cache, linker
from dlglossary import plugin as glossary_plugin
from tests.engine.fixture_site import write_site

PREFIXES = {"zh": "", "en": "en/"}


def _build(root: Path, out: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Build in-process as a new process would: caches read from ``.cache/`` only, and
    written there afterwards (what the build_cache hook does on the real site)."""
    monkeypatch.setattr(disk_cache, "_caches", {})
    monkeypatch.chdir(root)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / out)))
    disk_cache.save_all()
    return {
        lang: (root / out / prefix / "search" / "search_index.json").read_bytes()
        for lang, prefix in PREFIXES.items()
    }


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The fixture project built once from nothing (its ``.cache/`` filled), and its indexes."""
    root = write_site(tmp_path_factory.mktemp("cold") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        return root, _build(root, "cold", monkeypatch)


@pytest.fixture
def warm_copy(cold, tmp_path: Path) -> Path:
    """A copy of the cold-built project, ``.cache/`` included, for one test to change."""
    root = tmp_path / "project"
    shutil.copytree(cold[0], root, ignore=shutil.ignore_patterns("cold"))
    return root


def test_a_change_to_the_linker_shows_in_a_warm_build(cold, warm_copy, monkeypatch):
    """Linked mentions are cached per page: a new linker (other output, other code
    version) re-links every page instead of serving the old HTML."""
    page = Path("en/terms/relu/index.html")
    assert 'class="glossary-mention"' in (cold[0] / "cold" / page).read_text("utf-8")
    original = glossary_plugin.link_mentions

    def restyled(*args, **kwargs):
        body, seen = original(*args, **kwargs)
        return body.replace('class="glossary-mention"', 'class="glossary-mention v2"'), seen

    monkeypatch.setattr(glossary_plugin, "link_mentions", restyled)
    monkeypatch.setattr(linker, "CODE_VERSION", "a new version of linker.py")
    _build(warm_copy, "warm", monkeypatch)
    assert 'class="glossary-mention v2"' in (warm_copy / "warm" / page).read_text("utf-8")


def test_cached_index_is_the_uncached_one_and_a_new_alias_is_found(cold, warm_copy, monkeypatch):
    """A warm build (index entries from .cache/) writes the same bytes as the cold one; a
    new alias in the registry is in both indexes after a warm rebuild."""
    assert (warm_copy / ".cache" / "build" / "search-docs.json").is_file()
    assert _build(warm_copy, "warm", monkeypatch) == cold[1]
    entry = warm_copy / "registry" / "gelu.yml"
    text = entry.read_text("utf-8").replace("[Gaussian error linear unit]", "[GLU-ish]")
    entry.write_text(text, "utf-8")
    edited = _build(warm_copy, "edited", monkeypatch)
    assert b"GLU-ish" in edited["en"] and b"GLU-ish" in edited["zh"]
    assert b"Gaussian error linear unit" not in edited["en"]
