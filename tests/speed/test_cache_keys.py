"""Build caches are correct by construction: each key holds our own code and every input.

The five-term fixture site is built in-process the way a new process builds it (caches
loaded from ``.cache/``, written after the build); a warm build must write what a cold
one writes, and a change to the code or the registry must show up in a warm rebuild.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from fixture_site import write_site
from mkdocs.commands.build import build
from mkdocs.config import load_config

from dlglossary.site import plugin as glossary_plugin
from dlglossary.speed import disk_cache
from dlglossary.speed.disk_cache import PACKAGE

PREFIXES = {"zh": "", "en": "en/"}


def _build(root: Path, out: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Build in-process as a new process would: caches read from ``.cache/`` only, and
    written there afterwards (what the build_cache hook does on the real site)."""
    monkeypatch.delenv("DLGLOSSARY_NO_RENDER_CACHE", raising=False)
    monkeypatch.setattr(disk_cache, "_caches", {})
    monkeypatch.chdir(root)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / out)))
    disk_cache.save_all()
    return {
        lang: (root / out / prefix / "search" / "search_index.json").read_bytes()
        for lang, prefix in PREFIXES.items()
    }


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site after one cold build into ``cold/`` (its caches written to .cache/),
    kept as a snapshot next to the place the tests restore it to."""
    base = tmp_path_factory.mktemp("cache-keys")
    root = write_site(base / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _build(root, "cold", monkeypatch)
    shutil.copytree(root, base / "snapshot")
    return base


@pytest.fixture
def cold_built(primed: Path) -> tuple[Path, dict[str, bytes]]:
    """The project just after its cold build, restored in place from :func:`primed` (at the
    same path, as if built there by this test), and the cold build's search indexes."""
    root = primed / "project"
    shutil.rmtree(root)
    shutil.copytree(primed / "snapshot", root)
    return root, {
        lang: (root / "cold" / prefix / "search" / "search_index.json").read_bytes()
        for lang, prefix in PREFIXES.items()
    }


def test_warm_builds_equal_cold_ones_and_see_new_code_and_aliases(cold_built, monkeypatch):
    """A warm build (entries from .cache/) writes the same search index as the cold one.
    Then, warm again: a new linker (other output, other code version) re-links every page
    instead of serving the old HTML, and a new alias in the registry is in both indexes."""
    root, cold = cold_built
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
    monkeypatch.setattr(disk_cache, "code_state", lambda: "a new version of the linker")
    _build(root, "relinked", monkeypatch)  # nothing else changed: only the code version
    assert 'class="glossary-mention v2"' in (root / "relinked" / page).read_text("utf-8")
    entry = root / "registry" / "gelu.yml"
    text = entry.read_text("utf-8").replace("[Gaussian error linear unit]", "[GLU-ish]")
    entry.write_text(text, "utf-8")
    edited = _build(root, "edited", monkeypatch)
    assert b"GLU-ish" in edited["en"] and b"GLU-ish" in edited["zh"]
    assert b"Gaussian error linear unit" not in edited["en"]


@pytest.mark.parametrize("module", ["core/blocks.py", "site/plugin.py", "speed/render_cache.py"])
def test_an_edit_to_any_engine_module_is_a_new_cache_state(tmp_path, module):
    """Every cache file is stamped with a hash of the package's source: an edit anywhere in
    it (not only in the module a cache's key names) makes every cache start empty."""
    package = tmp_path / "dlglossary"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = disk_cache.code_state(package)
    assert disk_cache.code_state.__wrapped__(package) == before  # a pure function of the files
    with (package / module).open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    assert disk_cache.code_state.__wrapped__(package) != before


def test_a_change_outside_the_linker_relinks_every_page(cold_built, monkeypatch):
    """The link targets are made in the plugin, not in linker.py (whose hash the mentions key
    once held alone): with other engine code, a warm build shows the new links."""
    root, _ = cold_built
    page = Path("en/terms/relu/index.html")
    assert "#definition-v2" not in (root / "cold" / page).read_text("utf-8")
    original = glossary_plugin._Targets.__getitem__

    def retargeted(self, slug):
        target = original(self, slug)
        return dataclasses.replace(target, url=target.url + "-v2")

    monkeypatch.setattr(glossary_plugin._Targets, "__getitem__", retargeted)
    monkeypatch.setattr(disk_cache, "code_state", lambda: "the plugin's code, edited")
    _build(root, "edited", monkeypatch)
    assert "#definition-v2" in (root / "edited" / page).read_text("utf-8")


def test_an_edited_summary_relinks_only_the_pages_that_link_its_term(cold_built, monkeypatch):
    """A link's title is its term's summary: after editing ReLU's English summary, the pages
    linking ReLU are linked again and no page shows the old summary; a page that links
    other terms only keeps its links (names, aliases and URLs are unchanged)."""
    root, _ = cold_built
    relinked: list[list[str]] = []
    original = glossary_plugin.link_mentions

    def counted(*args, **kwargs):
        body, seen = original(*args, **kwargs)
        relinked.append(seen)
        return body, seen

    monkeypatch.setattr(glossary_plugin, "link_mentions", counted)
    old, new = "An activation that zeroes negative inputs.", "Zeroes every negative input."
    entry = root / "registry" / "relu.yml"
    entry.write_text(entry.read_text("utf-8").replace(old, new), "utf-8")
    _build(root, "edited", monkeypatch)
    pages = {p: p.read_text("utf-8") for p in (root / "edited" / "en").rglob("*.html")}
    assert not [p for p, html in pages.items() if old in html]
    titled = [p for p, html in pages.items() if f'title="{new}"' in html]
    assert titled and relinked and all("relu" in seen for seen in relinked)
    assert len(relinked) == len(titled)


def test_a_cache_from_an_older_tree_cannot_change_the_output(cold_built, monkeypatch):
    """``.cache/`` restored from another commit (CI's restore-keys fallback): its entries are
    not read, even where their keys match, so they cannot leak into the site."""
    root, cold = cold_built
    for name in ("mentions", "search-docs"):
        path = root / ".cache" / "build" / f"{name}.json"
        stored = json.loads(path.read_text("utf-8"))
        assert stored["state"] == disk_cache.code_state() and stored["entries"]
        stored["state"] = "written by an older dlglossary"
        path.write_text(json.dumps(stored).replace("ReLU", "STALE"), "utf-8")
    assert _build(root, "warm", monkeypatch) == cold
    assert "STALE" not in (root / "warm" / "en/terms/relu/index.html").read_text("utf-8")


def test_the_switch_builds_the_same_site_without_any_cache(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project")
    monkeypatch.setenv("DLGLOSSARY_NO_SPEED", "1")
    uncached = _build(root, "uncached", monkeypatch)
    assert not (root / ".cache" / "build").exists()
    monkeypatch.delenv("DLGLOSSARY_NO_SPEED")
    assert _build(root, "cold", monkeypatch) == uncached
