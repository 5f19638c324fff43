"""``mkdocs serve`` rebuilds over the last site folder: it ends up as a fresh build's.

The served fixture site (:mod:`served_site`) is rebuilt in-process, as ``mkdocs serve``
does, after edits that remove output; every file and every folder must then match a fresh
build of the edited project with every speed-up off. The recording itself is checked on a
small folder written in each of the ways a plugin may write.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fixture_site import tree
from mkdocs import utils
from served_site import build_site as _build

from dlglossary.speed import site_dir


def _folders(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_dir()}


def _matches_a_fresh_build(served, monkeypatch) -> None:
    """The served folder holds every file and folder a fresh build writes, and nothing else."""
    fresh = served.tmp / "fresh"
    _build(served.root, fresh, False, monkeypatch)
    assert tree(served.out) == tree(fresh)
    assert _folders(served.out) == _folders(fresh)


def test_a_deleted_page_and_its_folder_are_gone_after_the_rebuild(served, monkeypatch):
    pages = [served.root / "docs" / lang / "about.md" for lang in ("zh", "en")]
    for page, title in zip(pages, ("关于", "About"), strict=True):
        page.write_text(f"# {title} {{ #about }}\n\nA page that goes away.\n", "utf-8")
    _build(served.root, served.out, True, monkeypatch)
    assert (served.out / "about" / "index.html").is_file()
    for page in pages:
        page.unlink()
    _build(served.root, served.out, True, monkeypatch)
    assert not (served.out / "about").exists() and not (served.out / "en" / "about").exists()
    _matches_a_fresh_build(served, monkeypatch)


def test_a_removed_asset_is_gone_and_hidden_top_level_entries_stay(served, monkeypatch):
    """Hidden entries at the top are kept, as MkDocs' own clean step keeps them."""
    asset = served.root / "docs" / "zh" / "extra.txt"
    asset.write_text("an asset\n", "utf-8")
    _build(served.root, served.out, True, monkeypatch)
    assert (served.out / "extra.txt").is_file()
    (served.out / ".hidden").write_text("kept\n", "utf-8")
    asset.unlink()
    _build(served.root, served.out, True, monkeypatch)
    assert not (served.out / "extra.txt").exists()
    assert (served.out / ".hidden").read_text("utf-8") == "kept\n"
    (served.out / ".hidden").unlink()
    _matches_a_fresh_build(served, monkeypatch)


def test_the_switch_keeps_mkdocs_clean_step(served, monkeypatch):
    monkeypatch.setenv("DLGLOSSARY_NO_SPEED", "site-dir")
    stale = served.out / "stale" / "index.html"
    stale.parent.mkdir()
    stale.write_text("stale\n", "utf-8")
    clean = utils.clean_directory
    _build(served.root, served.out, True, monkeypatch)
    assert utils.clean_directory is clean and not stale.parent.exists()


def test_only_what_the_build_wrote_or_created_survives(tmp_path: Path):
    """Written by open(), os.open(), shutil.copyfile() or moved in: kept; the rest goes."""
    site = tmp_path / "site"
    for name in ("a/old.html", "a/b/gone.html", "kept-by-open.html", "moved/x.html", "c.css"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("old", "utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "y.html").write_text("new", "utf-8")
    site_dir.install()
    try:
        utils.clean_directory(str(site))
        (site / "kept-by-open.html").write_text("new", "utf-8")
        os.close(os.open(site / "a" / "new.html", os.O_WRONLY | os.O_CREAT))
        shutil.copyfile(site / "c.css", site / "copied.css")
        shutil.rmtree(site / "moved")
        os.replace(tmp_path / "elsewhere", site / "moved")
        (site / "empty-but-made").mkdir()
        (site / "c.css").read_text("utf-8")  # read, not written: goes
    finally:
        removed = site_dir.finish()
    assert utils.clean_directory is not site_dir._start_recording
    left = {str(p.relative_to(site)) for p in site.rglob("*")}
    assert left == {"kept-by-open.html", "a", "a/new.html", "copied.css", "moved",
                    "moved/y.html", "empty-but-made"}  # fmt: skip
    assert removed == 3  # a/old.html, a/b/gone.html, c.css


def test_finishing_without_a_clean_step_removes_nothing(tmp_path: Path):
    """``mkdocs serve --dirty`` never calls the clean step: nothing is recorded or removed."""
    (tmp_path / "page.html").write_text("x", "utf-8")
    site_dir.install()
    assert site_dir.finish() == 0 and (tmp_path / "page.html").exists()


def test_a_file_whose_bytes_would_not_change_is_not_rewritten(tmp_path: Path):
    """Same bytes: left as it is (same modification time) and kept; other bytes: written."""
    site, source = tmp_path / "site", tmp_path / "asset.css"
    site.mkdir()
    source.write_bytes(b"body {}")
    for name in ("page.html", "same.css", "other.css"):
        (site / name).write_bytes(b"body {}" if name == "same.css" else b"old")
    (site / "page.html").write_bytes(b"<p>x</p>")
    os.utime(site / "page.html", ns=(1, 1))
    os.utime(site / "same.css", ns=(1, 1))
    site_dir.install()
    try:
        utils.clean_directory(str(site))
        utils.write_file(b"<p>x</p>", str(site / "page.html"))
        utils.copy_file(str(source), str(site / "same.css"))
        utils.copy_file(str(source), str(site / "other.css"))
    finally:
        site_dir.finish()
    assert {p.name: p.read_bytes() for p in site.iterdir()} == {
        "page.html": b"<p>x</p>", "same.css": b"body {}", "other.css": b"body {}"
    }  # fmt: skip
    assert os.stat(site / "page.html").st_mtime_ns == os.stat(site / "same.css").st_mtime_ns == 1


def test_finishing_leaves_another_replacement_of_mkdocs_functions_alone(monkeypatch):
    """A normal build finishes too: it must not undo what another plugin put in place."""

    def theirs(content, output_path):  # pragma: no cover - never called
        raise AssertionError

    monkeypatch.setattr(utils, "write_file", theirs)
    site_dir.finish()
    assert utils.write_file is theirs
