"""The theme's listing is kept while its folders do not change, and gives MkDocs' files."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from dlglossary.speed import theme_files


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A project whose theme (MkDocs' own) has an overrides folder, and an empty listing memo."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (tmp_path / "overrides" / "img").mkdir(parents=True)
    (tmp_path / "overrides" / "img" / "logo.svg").write_text("<svg/>", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: mkdocs, custom_dir: overrides}\n", "utf-8"
    )
    monkeypatch.setattr(theme_files, "_listings", {})
    return tmp_path


def _config(root: Path):
    return load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))


def _listed(config, patched: bool, docs: list[File] = ()) -> list[tuple[str, str, str]]:
    files = Files(list(docs))
    env = config.theme.get_env()
    if patched:
        theme_files.add_files_from_theme(files, env, config)
    else:
        theme_files._original(files, env, config)
    return [(f.src_uri, f.abs_src_path, f.abs_dest_path) for f in files]


def test_the_kept_listing_is_mkdocs_own(project):
    config = _config(project)
    expected = _listed(config, patched=False)
    assert ("img/logo.svg", str(project / "overrides" / "img" / "logo.svg")) in [
        row[:2] for row in expected
    ]
    assert _listed(config, patched=True) == expected  # listed, then kept
    assert _listed(config, patched=True) == expected
    assert len(theme_files._listings) == 1


def test_an_added_or_removed_theme_file_is_seen_at_once(project):
    config = _config(project)
    _listed(config, patched=True)
    added = project / "overrides" / "img" / "new.png"
    added.write_bytes(b"png")
    _bump(added.parent)
    assert "img/new.png" in [row[0] for row in _listed(config, patched=True)]
    (project / "overrides" / "img" / "logo.svg").unlink()
    _bump(added.parent)
    rows = _listed(config, patched=True)
    assert rows == _listed(config, patched=False)
    assert "img/logo.svg" not in [row[0] for row in rows]


def _bump(folder: Path) -> None:
    """Filesystems with a coarse clock could keep the folder's time: move it on."""
    stat = folder.stat()
    os.utime(folder, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_a_docs_file_of_the_same_path_wins(project):
    config = _config(project)
    docs_logo = File("img/logo.svg", str(project / "docs"), str(project / "site"), True)
    _listed(config, patched=True)  # kept without the docs file
    rows = _listed(config, patched=True, docs=[docs_logo])
    assert rows == _listed(config, patched=False, docs=[docs_logo])
    assert [row[1] for row in rows if row[0] == "img/logo.svg"] == [docs_logo.abs_src_path]


def test_another_environment_is_listed_as_mkdocs_lists_it(project):
    config = _config(project)
    env = jinja2.Environment(loader=jinja2.DictLoader({"only.css": "x"}))
    files = Files([])
    theme_files.add_files_from_theme(files, env, config)
    assert theme_files._listings == {}
    assert [f.src_uri for f in files] == []  # not in any theme folder: MkDocs adds nothing


def test_every_environment_of_the_theme_gets_the_compiled_template_cache(project):
    config = _config(project)
    cache = jinja2.BytecodeCache()
    theme_files.cache_compiled_templates(config.theme, cache)
    theme_files.cache_compiled_templates(config.theme, cache)  # once
    env = config.theme.get_env()
    assert env.bytecode_cache is cache
    assert config.theme.get_env() is not env  # still a new environment each time
