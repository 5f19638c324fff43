"""Build caches are correct by construction: each key holds our own code and every input.

The five-term fixture site is built in-process the way a new process builds it (caches
loaded from ``.cache/``, written after the build); a warm build must write what a cold
one writes, and a change to the code or the registry must show up in a warm rebuild.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import write_site
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dlglossary.core import linker
from dlglossary.site import plugin as glossary_plugin
from dlglossary.speed import disk_cache

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


def test_warm_builds_equal_cold_ones_and_see_new_code_and_aliases(tmp_path, monkeypatch):
    """A warm build (entries from .cache/) writes the same search index as the cold one.
    Then, warm again: a new linker (other output, other code version) re-links every page
    instead of serving the old HTML, and a new alias in the registry is in both indexes."""
    root = write_site(tmp_path / "project")
    cold = _build(root, "cold", monkeypatch)
    assert (root / ".cache" / "build" / "search-docs.json").is_file()
    assert (root / ".cache" / "build" / "mentions.json").is_file()
    assert _build(root, "warm", monkeypatch) == cold
    page = Path("en/terms/relu/index.html")
    assert 'class="glossary-mention"' in (root / "warm" / page).read_text("utf-8")

    original = glossary_plugin.link_mentions

    def restyled(*args, **kwargs):
        body, seen = original(*args, **kwargs)
        return body.replace('class="glossary-mention"', 'class="glossary-mention v2"'), seen

    monkeypatch.setattr(glossary_plugin, "link_mentions", restyled)
    monkeypatch.setattr(linker, "CODE_VERSION", "a new version of linker.py")
    _build(root, "relinked", monkeypatch)  # nothing else changed: only the code version
    assert 'class="glossary-mention v2"' in (root / "relinked" / page).read_text("utf-8")
    entry = root / "registry" / "gelu.yml"
    text = entry.read_text("utf-8").replace("[Gaussian error linear unit]", "[GLU-ish]")
    entry.write_text(text, "utf-8")
    edited = _build(root, "edited", monkeypatch)
    assert b"GLU-ish" in edited["en"] and b"GLU-ish" in edited["zh"]
    assert b"Gaussian error linear unit" not in edited["en"]
