"""While serving, an edit to one language's pages rebuilds that language alone, and the site
folder still ends up as a fresh build of the edited project, byte for byte.

The plan (which edits allow it) is checked on snapshots; the site folder's part (what such a
rebuild may change, and putting the rest back) on a small folder; the whole on the served
fixture site (:mod:`served_site`), edited and rebuilt in-process as ``mkdocs serve`` does.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from fixture_site import write_site
from mkdocs import utils
from mkdocs.config import load_config
from served_site import build_site as _build
from test_site_dir import _matches_a_fresh_build

from dlglossary.core.snippet_pages import API_MARKER
from dlglossary.site.plugin import GlossaryPlugin
from dlglossary.site.workarounds import languages_share_pages
from dlglossary.speed import build_cache, site_dir
from dlglossary.speed.language_rebuild import (
    Planner,
    changed_language,
    reaches_mkdocstrings,
    snapshot,
)

LANGS = ("zh", "en")
DOCS = os.path.join(os.sep, "p", "docs")
ZH_PAGE = os.path.join(DOCS, "zh", "terms", "relu.md")
EN_PAGE = os.path.join(DOCS, "en", "terms", "relu.md")
EN_HOME = os.path.join(DOCS, "en", "index.md")
BEFORE = {
    ZH_PAGE: (1, 10),
    EN_PAGE: (1, 10),
    EN_HOME: (1, 10),
    os.path.join(DOCS, "en", "figure.png"): (1, 10),
    os.path.join(DOCS, "index.md"): (1, 10),
    os.path.join(DOCS, "assets", "extra.md"): (1, 10),
    os.path.join(os.sep, "p", "registry", "relu.yml"): (1, 10),
}


def _after(*changed: str, **replaced) -> dict:
    after = {path: (2, 10) if path in changed else stat for path, stat in BEFORE.items()}
    return after | replaced


def _plan(after: dict, before: dict = BEFORE, autodoc=frozenset(), autodoc_now=frozenset()):
    return changed_language(before, after, DOCS, LANGS, set(autodoc), set(autodoc_now))


def test_pages_of_one_language_are_rebuilt_alone():
    assert _plan(_after(EN_PAGE)) == "en"
    assert _plan(_after(EN_PAGE, EN_HOME)) == "en"
    assert _plan(_after(ZH_PAGE)) == "zh"


@pytest.mark.parametrize(
    "edit",
    [
        "both languages",
        "nothing",
        "not Markdown",
        "outside a language folder",
        "docs root",
        "registry",
        "added",
        "removed",
        "size only",
    ],
)
def test_every_other_change_is_a_full_build(edit):
    after = {
        "both languages": _after(EN_PAGE, ZH_PAGE),
        "nothing": _after(),
        "not Markdown": _after(EN_PAGE, os.path.join(DOCS, "en", "figure.png")),
        "outside a language folder": _after(os.path.join(DOCS, "assets", "extra.md")),
        "docs root": _after(os.path.join(DOCS, "index.md")),
        "registry": _after(EN_PAGE, os.path.join(os.sep, "p", "registry", "relu.yml")),
        "added": _after(EN_PAGE) | {os.path.join(DOCS, "en", "new.md"): (2, 1)},
        "removed": {p: s for p, s in _after(EN_PAGE).items() if p != EN_HOME},
        "size only": _after() | {EN_PAGE: (1, 11)},
    }[edit]
    expected = "en" if edit == "size only" else None  # a change of size is a change
    assert _plan(after) == expected


def test_a_page_that_reaches_mkdocstrings_then_or_now_is_a_full_build():
    assert _plan(_after(EN_PAGE), autodoc={EN_PAGE}) is None
    assert _plan(_after(EN_PAGE), autodoc_now={EN_PAGE}) is None
    assert _plan(_after(EN_PAGE), autodoc={EN_HOME}, autodoc_now={EN_HOME}) == "en"


def test_what_reaches_mkdocstrings(tmp_path: Path):
    pages = {
        "block.md": "# API\n\n::: snippets.relu\n",
        "marker.md": f"# API\n\n{API_MARKER}\n",
        "prose.md": "# ReLU\n\nThree colons ::: inside a sentence are prose.\n",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "binary.md").write_bytes(b"\xff\xfe")
    found = {name: reaches_mkdocstrings(str(tmp_path / name)) for name in [*pages, "binary.md"]}
    assert found == {"block.md": True, "marker.md": True, "prose.md": False, "binary.md": True}


def _project(root: Path) -> tuple[list[str], str]:
    for rel, text in {
        "docs/zh/index.md": "# 首页\n",
        "docs/en/index.md": "# Home\n",
        "docs/en/api.md": f"# API\n\n{API_MARKER}\n",
        "registry/relu.yml": "zh: {name: ReLU}\n",
        "docs/__pycache__/x.pyc": "skipped",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return [str(root / "docs"), str(root / "registry"), str(root / "missing")], str(root / "docs")


def _touch(path: Path, text: str) -> None:
    path.write_text(text, "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a coarse clock


def test_the_planner_compares_with_the_last_build_that_finished(tmp_path: Path):
    roots, docs = _project(tmp_path)
    assert str(tmp_path / "docs/__pycache__/x.pyc") not in snapshot(roots)
    planner = Planner()
    assert planner.plan(roots, docs, LANGS) is None  # the first build
    planner.succeeded()
    _touch(tmp_path / "docs/en/index.md", "# Home\n\nEdited.\n")
    assert planner.plan(roots, docs, LANGS) == "en"
    planner.failed()
    assert planner.plan(roots, docs, LANGS) is None  # after a failure: full
    planner.succeeded()
    _touch(tmp_path / "docs/zh/index.md", "# 首页\n\n改过。\n")
    assert planner.plan(roots, docs, LANGS) == "zh"
    planner.succeeded()
    _touch(tmp_path / "docs/en/api.md", "# API\n\nNo marker any more.\n")
    assert planner.plan(roots, docs, LANGS) is None  # it reached mkdocstrings before
    planner.succeeded()
    _touch(tmp_path / "docs/en/api.md", "# API\n\nStill prose.\n")
    assert planner.plan(roots, docs, LANGS) == "en"  # and no longer does
    planner.succeeded()
    _touch(tmp_path / "registry/relu.yml", "zh: {name: 线性整流}\n")
    assert planner.plan(roots, docs, LANGS) is None


def _small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for name in ("index.html", "en/index.html", "en/other.html", "sitemap.xml", "gone.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"old {name}", "utf-8")
    return site


@pytest.mark.parametrize("ending", ["finish", "abort"])
def test_a_rebuild_of_one_language_changes_its_own_files_only(tmp_path: Path, ending: str):
    """Allowed files take the new bytes; every other file written, replaced, created or
    removed is put back as it was; nothing the rebuild did not write is deleted."""
    site = _small_site(tmp_path)
    site_dir.install("en")
    try:
        utils.clean_directory(str(site))
        assert site_dir.rebuilding_only() == "en"
        site_dir.allow([str(site / "en" / "index.html"), "en/search/search_index.json"])
        (site / "en" / "index.html").write_text("new en", "utf-8")
        (site / "en" / "search").mkdir()
        (site / "en" / "search" / "search_index.json").write_text("{}", "utf-8")
        (site / "index.html").write_text("the other language's stand-in", "utf-8")
        utils.write_file(b"slim sitemap", str(site / "sitemap.xml"))
        (site / "made" / "deep").mkdir(parents=True)
        (site / "made" / "deep" / "new.html").write_text("new", "utf-8")
        os.remove(site / "gone.html")
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "y.html").write_text("moved in", "utf-8")
        os.replace(tmp_path / "elsewhere", site / "moved")  # a whole folder moved in
    finally:
        if ending == "finish":
            assert site_dir.finish() == 0
        else:
            site_dir.abort()
    assert site_dir.rebuilding_only() is None
    assert utils.clean_directory is not site_dir._start_recording
    assert {str(p.relative_to(site)): p.read_text("utf-8") for p in site.rglob("*.*")} == {
        "index.html": "old index.html",
        "en/index.html": "new en",
        "en/other.html": "old en/other.html",
        "en/search/search_index.json": "{}",
        "sitemap.xml": "old sitemap.xml",
        "gone.html": "old gone.html",
    }
    assert not (site / "made").exists() and not (site / "moved").exists()


def test_a_full_rebuild_allows_everything(tmp_path: Path):
    site = _small_site(tmp_path)
    site_dir.install()
    try:
        utils.clean_directory(str(site))
        assert site_dir.rebuilding_only() is None
        site_dir.allow(["en/index.html"])  # ignored: nothing is kept
        (site / "index.html").write_text("new", "utf-8")
    finally:
        site_dir.finish()
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*.html")) == ["index.html"]


def _edit(page: Path, marker: str) -> None:
    text = page.read_text("utf-8")
    page.write_text(text.replace("\n## ", f"\n{marker}\n\n## ", 1), "utf-8")


def _rebuilt_alone(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "building the" in r.getMessage()]


def test_an_edited_page_rebuilds_its_language_alone_and_the_site_is_a_fresh_build(
    served, monkeypatch, caplog
):
    """In each language in turn: a sentence added to a term page and a new title for the
    home page (it is in every page's sidebar and in the 404 page's)."""
    caplog.set_level(logging.INFO)
    _build(served.root, served.out, True, monkeypatch)  # the session's first build: full
    assert _rebuilt_alone(caplog) == []
    for lang in ("en", "zh"):
        caplog.clear()
        _edit(served.root / "docs" / lang / "terms" / "relu.md", f"An edit served ({lang}).")
        home = served.root / "docs" / lang / "index.md"
        home.write_text(home.read_text("utf-8").replace("# ", f"# Renamed {lang} ", 1), "utf-8")
        _build(served.root, served.out, True, monkeypatch)
        assert _rebuilt_alone(caplog) == [
            f"dlglossary: Only '{lang}' pages changed: building the '{lang}' site alone"
        ]
        prefix = "" if lang == "zh" else "en/"
        html = (served.out / prefix / "terms" / "relu" / "index.html").read_text("utf-8")
        assert f"An edit served ({lang})." in html and f"Renamed {lang}" in html
    _matches_a_fresh_build(served, monkeypatch)


def test_a_failed_rebuild_puts_the_site_back_and_the_next_one_is_full(served, monkeypatch, caplog):
    """The English build fails half-way, after the emptied Chinese build wrote its stand-in
    home page and 404 page: every file outside ``en/`` is as before, and the next rebuild
    builds both languages."""
    caplog.set_level(logging.INFO)
    _build(served.root, served.out, True, monkeypatch)
    outside = {
        p: p.read_bytes() for p in served.out.rglob("*") if p.is_file() and "en" not in p.parts
    }
    _edit(served.root / "docs" / "en" / "terms" / "relu.md", "An edit that meets a bug.")
    original = GlossaryPlugin._search_input

    def crash(self, page):
        if self._lang == "en":
            raise RuntimeError("a plugin bug half-way through the English pages")
        return original(self, page)

    with pytest.MonkeyPatch.context() as bug:
        bug.setattr(GlossaryPlugin, "_search_input", crash)
        with pytest.raises(RuntimeError, match="half-way"):
            _build(served.root, served.out, True, monkeypatch)
    assert len(_rebuilt_alone(caplog)) == 1
    assert {p: p.read_bytes() for p in outside} == outside
    caplog.clear()
    _build(served.root, served.out, True, monkeypatch)
    assert _rebuilt_alone(caplog) == []  # after a failure: both languages
    _matches_a_fresh_build(served, monkeypatch)


def test_the_switch_builds_both_languages(served, monkeypatch):
    """Switched off, a build never plans (the planner keeps no inputs to compare with)."""
    monkeypatch.setenv("DLGLOSSARY_NO_SPEED", "one-language")
    _build(served.root, served.out, True, monkeypatch)
    assert build_cache._planner.finished is None
    _build(served.root, served.out, True, monkeypatch)  # switched on again: it plans
    assert build_cache._planner.finished is not None


def test_languages_that_share_pages_are_always_built_together(tmp_path: Path):
    """With static-i18n's ``fallback_to_default``, a language shows the default language's
    page where its own is missing: an edit to one language may change the other's site."""
    root = write_site(tmp_path)
    config_file = root / "mkdocs.yml"
    assert not languages_share_pages(load_config(str(config_file)))
    text = config_file.read_text("utf-8")
    config_file.write_text(text.replace("fallback_to_default: false", "fallback_to_default: true"))
    assert languages_share_pages(load_config(str(config_file)))


def test_a_file_gone_while_listing_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An editor's temporary file can vanish between listing a folder and reading its time."""
    (tmp_path / "kept.md").write_text("kept", "utf-8")
    (tmp_path / ".page.md.swp").write_text("gone", "utf-8")
    listed = list(os.scandir(tmp_path))
    (tmp_path / ".page.md.swp").unlink()
    monkeypatch.setattr(os, "scandir", lambda path: iter(listed))
    assert list(snapshot([str(tmp_path)])) == [str(tmp_path / "kept.md")]
