"""The page-conversion cache: a warm build must produce exactly what a cold one does.

A small site with the features whose side effects the cache replays — autorefs
cross-references, a mkdocstrings API page (inventory, handler CSS), pymdownx.snippets
includes — is built in-process with our ``build_cache`` hook, once, into a "primed" tree;
each test works on a copy of that tree in another folder, so every warm build here is also a
build of a moved project (the cache stores project paths relative to ``mkdocs.yml``).
"""

from __future__ import annotations

import logging
import shutil
import zlib
from pathlib import Path
from textwrap import dedent

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from dlglossary.speed import render_cache

ROOT = Path(__file__).resolve().parents[2]

MKDOCS_YML = f"""\
site_name: Render cache test
site_url: http://127.0.0.1:8000/
strict: true
validation: {{anchors: warn}}
theme: {{name: material}}
hooks:
  - {ROOT / "dlglossary" / "speed" / "build_cache.py"}
plugins:
  - search
  - autorefs: {{resolve_closest: true}}
  - mkdocstrings:
      default_handler: python
      handlers:
        python:
          paths: [src]
          options: {{docstring_style: google, show_root_heading: true, heading_level: 2}}
markdown_extensions:
  - toc: {{permalink: true}}
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets: {{base_path: [!relative $config_dir], check_paths: true}}
"""

PAGES = {
    "index.md": """\
        # Home

        The [scale function][demo_pkg.maths.scale] lives on the API page; see also
        [the section below](#included) and [the other page](other.md#second-part).

        ## Included { #included }

        ```python
        --8<-- "snippet.py"
        ```
        """,
    "other.md": """\
        # Other

        ## Second part { #second-part }

        Back to [home](index.md).
        """,
    "api.md": """\
        # API

        ::: demo_pkg.maths
        """,
}

MATHS = '''\
"""Tiny maths helpers."""


def scale(x: float, factor: float = 2.0) -> float:
    """Multiply ``x`` by ``factor``.

    Args:
        x: The value.
        factor: The multiplier.

    Returns:
        The product.
    """
    return x * factor
'''


def write_site(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (root / "docs" / name).write_text(dedent(text), encoding="utf-8")
    (root / "snippet.py").write_text("print('first version')\n", encoding="utf-8")
    package = root / "src" / "demo_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Demo package."""\n', encoding="utf-8")
    (package / "maths.py").write_text(MATHS, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def build_site(root: Path, out: str, monkeypatch: pytest.MonkeyPatch, cached: bool = True):
    """Build in-process; returns the RenderCache used (None when disabled)."""
    if cached:
        monkeypatch.delenv("DLGLOSSARY_NO_RENDER_CACHE", raising=False)
    else:
        monkeypatch.setenv("DLGLOSSARY_NO_RENDER_CACHE", "1")
    monkeypatch.chdir(root)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / out))
    used = {}
    original = render_cache.install

    def spy(store):
        used["cache"] = original(store)
        return used["cache"]

    monkeypatch.setattr(render_cache, "install", spy)
    build(config)
    monkeypatch.setattr(render_cache, "install", original)
    return used.get("cache")


def tree(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz"  # gzip headers hold a timestamp
    }


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, int]]:
    """The site, built once from nothing into ``cold/``: its root, and (hits, misses)."""
    root = write_site(tmp_path_factory.mktemp("primed") / "project")
    with pytest.MonkeyPatch.context() as monkeypatch:
        cold = build_site(root, "cold", monkeypatch)
    return root, (cold.hits, cold.misses)


@pytest.fixture
def site_root(primed, tmp_path: Path) -> Path:
    """A copy of the primed project (its ``.cache/`` included) in a folder of its own."""
    root = tmp_path / "moved" / "project"
    shutil.copytree(primed[0], root, ignore=shutil.ignore_patterns("cold"))
    return root


def test_warm_build_converts_nothing_and_writes_the_same_site(primed, site_root, monkeypatch):
    assert primed[1] == (0, 3)  # the cold build converted every page
    warm = build_site(site_root, "warm", monkeypatch)  # in the moved copy
    assert (warm.hits, warm.misses) == (3, 0)
    uncached = build_site(site_root, "uncached", monkeypatch, cached=False)
    assert uncached is None

    reference = tree(site_root / "uncached")
    assert tree(primed[0] / "cold") == reference
    assert tree(site_root / "warm") == reference
    # The replayed side effects are there: the cross-reference to the API page resolved,
    # the API entry is in objects.inv, the handler's stylesheet was written.
    home = (site_root / "warm" / "index.html").read_text(encoding="utf-8")
    assert 'href="api/#demo_pkg.maths.scale"' in home
    inventory = zlib.decompress(reference["objects.inv"].split(b"\n", 4)[4])
    assert b"demo_pkg.maths.scale py:function" in inventory
    assert "doc-heading" in reference["assets/_mkdocstrings.css"].decode()


def test_editing_an_included_file_reconverts_only_its_page(site_root, monkeypatch):
    """The copy's own included file is checked, not the one the entry was made from."""
    (site_root / "snippet.py").write_text("print('second version')\n", encoding="utf-8")
    cache = build_site(site_root, "site", monkeypatch)
    assert (cache.hits, cache.misses) == (2, 1)
    home = (site_root / "site" / "index.html").read_text(encoding="utf-8")
    assert "second version" in home and "first version" not in home


def test_editing_the_documented_module_reconverts_the_api_page(site_root, monkeypatch):
    maths = site_root / "src" / "demo_pkg" / "maths.py"
    maths.write_text(MATHS.replace("Multiply ``x``", "Scale ``x``"), encoding="utf-8")
    cache = build_site(site_root, "site", monkeypatch)
    assert (cache.hits, cache.misses) == (2, 1)
    api = (site_root / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "Scale <code>x</code>" in api


def test_a_page_that_warned_is_never_cached_so_strict_fails_every_time(
    site_root, monkeypatch, caplog
):
    other = site_root / "docs" / "other.md"
    other.write_text(other.read_text() + "\nSee [nowhere](missing.md).\n", encoding="utf-8")
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING), pytest.raises(Abort):
            build_site(site_root, "site", monkeypatch)
        assert any("missing.md" in r.getMessage() for r in caplog.records)


def test_anchor_checks_still_run_on_a_warm_build(site_root, monkeypatch, caplog):
    """MkDocs validates links to other pages' anchors after rendering; cached pages keep them."""
    other = site_root / "docs" / "other.md"
    other.write_text(other.read_text().replace("{ #second-part }", "{ #renamed }"), "utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build_site(site_root, "site", monkeypatch)  # index.md comes from the cache
    assert any("second-part" in r.getMessage() for r in caplog.records)
