"""The page-conversion cache: a warm build must produce exactly what a cold one does.

A small site with the features whose side effects the cache replays — autorefs
cross-references, a mkdocstrings API page (inventory, handler CSS), pymdownx.snippets
includes — is built in-process with our ``build_cache`` hook, once, into a "primed" tree;
each test works on a copy of that tree in another folder, so every warm build here is also a
build of a moved project (the cache stores project paths relative to ``mkdocs.yml``).
"""

from __future__ import annotations

import json
import logging
import shutil
import zlib
from pathlib import Path
from textwrap import dedent

import pytest
from fixture_site import tree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from dlglossary.speed import disk_cache, patches, render_cache

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
    # One page per module, as the glossary's API pages: area imports maths, units nothing.
    "area.md": """\
        # Area

        ::: demo_pkg.area
        """,
    "units.md": """\
        # Units

        ::: demo_pkg.units
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

AREA = '''\
"""Areas, built on the maths helpers."""

from demo_pkg.maths import scale


def square(side: float) -> float:
    """The area of a square of ``side``, by [scale][demo_pkg.maths.scale]."""
    return scale(side, side)
'''

UNITS = '''\
"""Unit conversions."""


def inches(cm: float) -> float:
    """Centimetres to inches."""
    return cm / 2.54
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
    (package / "area.py").write_text(AREA, encoding="utf-8")
    (package / "units.py").write_text(UNITS, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def build_site(root: Path, out: str, monkeypatch: pytest.MonkeyPatch, cached: bool = True):
    """Build in-process; returns the RenderCache used (None when disabled)."""
    monkeypatch.delenv(patches.OLD_SWITCH, raising=False)
    if cached:
        monkeypatch.delenv(patches.SWITCH, raising=False)
    else:
        monkeypatch.setenv(patches.SWITCH, "1")  # every cache and patch off
    monkeypatch.setattr(disk_cache, "_caches", {})  # read .cache/ as a new process would
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
    assert primed[1] == (0, 5)  # the cold build converted every page
    warm = build_site(site_root, "warm", monkeypatch)  # in the moved copy
    assert (warm.hits, warm.misses) == (5, 0)
    uncached = build_site(site_root, "uncached", monkeypatch, cached=False)
    assert uncached is None

    reference = tree(site_root / "uncached")
    assert tree(primed[0] / "cold") == reference
    assert tree(site_root / "warm") == reference
    # The replayed side effects are there: the cross-reference to the API page resolved,
    # the API entry is in objects.inv, the handler's stylesheet was written.
    home = (site_root / "warm" / "index.html").read_text(encoding="utf-8")
    assert 'href="api/#demo_pkg.maths.scale"' in home
    area = (site_root / "warm" / "area" / "index.html").read_text(encoding="utf-8")
    assert 'href="../api/#demo_pkg.maths.scale"' in area  # a module's page to another's
    inventory = zlib.decompress(reference["objects.inv"].split(b"\n", 4)[4])
    assert b"demo_pkg.maths.scale py:function" in inventory
    assert "doc-heading" in reference["assets/_mkdocstrings.css"].decode()


def test_editing_an_included_file_reconverts_only_its_page(site_root, monkeypatch):
    """The copy's own included file is checked, not the one the entry was made from."""
    (site_root / "snippet.py").write_text("print('second version')\n", encoding="utf-8")
    cache = build_site(site_root, "site", monkeypatch)
    assert (cache.hits, cache.misses) == (4, 1)
    home = (site_root / "site" / "index.html").read_text(encoding="utf-8")
    assert "second version" in home and "first version" not in home


def test_editing_a_module_reconverts_its_page_and_its_importers_only(site_root, monkeypatch):
    """A page with ``::: pkg.mod`` depends on that module and the package modules it imports,
    not on the rest of the package: editing maths reconverts its page and area's (which
    imports it), not units'; the result equals a build without the cache."""
    maths = site_root / "src" / "demo_pkg" / "maths.py"
    maths.write_text(MATHS.replace("Multiply ``x``", "Scale ``x``"), encoding="utf-8")
    cache = build_site(site_root, "site", monkeypatch)
    assert (cache.hits, cache.misses) == (3, 2)
    api = (site_root / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "Scale <code>x</code>" in api
    build_site(site_root, "uncached", monkeypatch, cached=False)
    assert tree(site_root / "site") == tree(site_root / "uncached")


def test_editing_a_module_nothing_imports_reconverts_its_page_only(site_root, monkeypatch):
    units = site_root / "src" / "demo_pkg" / "units.py"
    units.write_text(UNITS.replace("Centimetres to inches", "Centimetres in inches"), "utf-8")
    cache = build_site(site_root, "site", monkeypatch)
    assert (cache.hits, cache.misses) == (4, 1)
    page = (site_root / "site" / "units" / "index.html").read_text(encoding="utf-8")
    assert "Centimetres in inches" in page


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


@pytest.mark.parametrize(
    ("old", "new", "page", "expected"),
    [
        # an extension's option (markdown_extensions in mkdocs.yml)
        ("toc: {permalink: true}", 'toc: {permalink: "§"}', "other/index.html", "§</a>"),
        # a plugin's option: mkdocstrings' extension object in the Markdown configuration
        # only says its class, its handler options live in the plugin's config
        ("heading_level: 2}", "heading_level: 4}", "api/index.html", '<h4 id="demo_pkg.maths'),
        # the theme's language: mkdocstrings' locale (docstring section titles) when its own
        # locale option is not set
        (
            "theme: {name: material}",
            "theme: {name: material, language: zh}",
            "api/index.html",
            "参数：",
        ),
    ],
    ids=["extension-option", "plugin-option", "theme-language"],
)
def test_a_changed_option_reconverts_the_pages_it_shapes(
    site_root, monkeypatch, old, new, page, expected
):
    """A warm build after an option changed writes what a build without the cache writes."""
    config = site_root / "mkdocs.yml"
    assert old in config.read_text(encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    warm = build_site(site_root, "warm", monkeypatch)
    assert warm.misses == 5  # the key holds every option, so no entry is reused
    build_site(site_root, "uncached", monkeypatch, cached=False)
    assert expected in (site_root / "warm" / page).read_text(encoding="utf-8")
    assert tree(site_root / "warm") == tree(site_root / "uncached")


def test_a_cache_written_by_other_engine_code_is_never_read(primed, site_root, monkeypatch):
    """``.cache/`` restored from another commit (other engine code or package versions):
    even entries whose keys match are ignored, so they cannot change the output."""
    store = site_root / ".cache" / "build" / "pages.json"
    stored = json.loads(store.read_text(encoding="utf-8"))
    assert stored["state"] == disk_cache.code_state()
    for entry in stored["entries"].values():
        entry["content"] = "<p>stale page from an older tree</p>"
    stored["state"] = "written by an older dlglossary"
    store.write_text(json.dumps(stored), encoding="utf-8")
    warm = build_site(site_root, "warm", monkeypatch)
    assert (warm.hits, warm.misses) == (0, 5)
    assert "stale page" not in (site_root / "warm" / "index.html").read_text(encoding="utf-8")
    assert tree(site_root / "warm") == tree(primed[0] / "cold")


def test_the_switch_turns_the_page_cache_off_and_writes_no_cache(site_root, monkeypatch):
    shutil.rmtree(site_root / ".cache" / "build")
    assert build_site(site_root, "uncached", monkeypatch, cached=False) is None
    assert not (site_root / ".cache" / "build").exists()


def test_the_key_holds_the_theme_language(tmp_path):
    """mkdocstrings renders section titles in the theme's language when its locale option is
    unset: the key changes with it, even without the search plugin (whose options hold the
    language too)."""
    root = write_site(tmp_path / "project")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - search\n", "")
    keys = set()
    for theme in ("{name: material}", "{name: material, language: zh}"):
        (root / "mkdocs.yml").write_text(
            text.replace("theme: {name: material}", f"theme: {theme}"), encoding="utf-8"
        )
        keys.add(render_cache.config_fingerprint(load_config(str(root / "mkdocs.yml"))))
    assert len(keys) == 2
