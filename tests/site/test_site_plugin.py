"""The glossary plugin's options, its place in MkDocs' event order, and the version checks of
its workarounds for other packages."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import Abort, PluginError
from packaging.specifiers import SpecifierSet

from dlglossary.site import workarounds
from dlglossary.site.plugin import GlossaryPlugin
from dlglossary.speed import patches
from fixture_site import write_site

ROOT = Path(__file__).resolve().parents[2]


def test_options_default_to_what_the_site_needs():
    """With no options, every feature is on."""
    plugin = GlossaryPlugin()
    errors, warnings = plugin.load_config({})
    assert (errors, warnings) == ([], [])
    assert (plugin.config.snippets, plugin.config.not_found_per_language) == (True, True)
    assert plugin.config.hreflang is True


@pytest.mark.parametrize("option", ["snippets", "not_found_per_language", "hreflang"])
def test_an_option_of_the_wrong_type_is_an_error_naming_it(option):
    """A switch given a string is a validation error for that option."""
    errors, _ = GlossaryPlugin().load_config({option: "maybe"})
    assert [name for name, _ in errors] == [option]
    assert isinstance(errors[0][1], ValidationError)
    assert "bool" in str(errors[0][1])


def test_a_bad_option_in_mkdocs_yml_stops_the_build(tmp_path, caplog):
    """mkdocs.yml with a bad glossary option fails to load, and MkDocs' error names the
    plugin and the option."""
    root = write_site(tmp_path)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - glossary\n", "  - glossary:\n      snippets: maybe\n"), "utf-8"
    )
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        load_config(str(root / "mkdocs.yml"))
    assert "Plugin 'glossary' option 'snippets'" in caplog.text


def test_a_misspelt_option_is_reported():
    """An unknown option is a warning (an error under --strict) naming it."""
    _, warnings = GlossaryPlugin().load_config({"snipets": False})
    assert [name for name, _ in warnings] == ["snipets"]


def _order(event: str) -> list[str]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugins = config.plugins
    names = [f"{plugins._event_origins.get(m, '?')}.{m.__name__}" for m in plugins.events[event]]
    return [name for name in names if not name.startswith("dlglossary/")]  # hooks: not ours


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        # mkdocstrings reads its locale after the glossary set it to the language being built.
        (
            "config",
            [
                "glossary._api_locale",
                "material/search.on_config",
                "glossary._check_config",
                "autorefs.on_config",
                "mkdocstrings.on_config",
                "i18n.on_config",
            ],
        ),
        # static-i18n (-100) rebuilds each language's files; the redirect table is refreshed
        # once the notebooks are pages again; a rebuild of one language learns its files last.
        (
            "files",
            [
                "mkdocs-jupyter.on_files",
                "redirects.on_files",
                "i18n.on_files",
                "glossary._term_files",
                "glossary._snippet_files",
                "glossary._redirect_pages",
                "glossary._own_files",
            ],
        ),
        (
            "page_markdown",
            [
                "glossary._check_includes",
                "i18n.on_page_markdown",
                "glossary._term_markdown",
                "autorefs.on_page_markdown",
                "glossary._snippet_markdown",
            ],
        ),
        # autorefs reads the table of contents before a notebook's heading ids are set.
        (
            "page_content",
            ["glossary._link_mentions", "autorefs.on_page_content", "glossary._snippet_content"],
        ),
        (
            "page_context",
            [
                "glossary._backlinks_and_search",
                "i18n.on_page_context",
                "material/search.on_page_context",
                "glossary._hreflang",
            ],
        ),
        (
            "post_build",
            [
                "glossary._keep_notebook_cache",
                "material/search.on_post_build",
                "mkdocstrings.on_post_build",
                "mkdocs-jupyter.on_post_build",
                "redirects.on_post_build",
                "glossary._collect_search_index",
                "i18n.on_post_build",
                "glossary._finish_build",
                "glossary._write_not_found_pages",
            ],
        ),
        ("template_context", ["i18n.on_template_context", "glossary.on_template_context"]),
    ],
)
def test_handlers_run_where_the_three_old_plugins_and_hooks_ran(event, expected):
    """Each handler runs in the place the glossary-snippets plugin (listed after autorefs,
    mkdocstrings and mkdocs-jupyter) and the two hooks (after every plugin) had, so the site
    is the one they built."""
    assert _order(event) == expected


def test_a_version_outside_the_range_is_a_one_line_error(monkeypatch):
    """A workaround called with its package outside the range it was written for fails
    with one line naming the package, the version, the workaround and what to do."""
    monkeypatch.setattr(patches, "dist_version", lambda dist: "1.4.0")
    with pytest.raises(PluginError) as error:
        workarounds.require("mkdocs-static-i18n", ">=1.3,<1.4", "notebooks_as_pages", "#198")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("mkdocs-static-i18n 1.4.0 is installed, but ")
    assert "dlglossary/site/workarounds.py:notebooks_as_pages (#198)" in message
    assert "mkdocs-static-i18n>=1.3,<1.4" in message and "widen its range" in message


def test_a_missing_package_is_a_one_line_error(monkeypatch):
    monkeypatch.setattr(patches, "dist_version", lambda dist: "-")  # not installed
    with pytest.raises(PluginError, match=r"^mkdocs-redirects is not installed, but "):
        workarounds.require("mkdocs-redirects", ">=1.2,<1.3", "redirects_see_i18n_urls")


def test_every_call_of_a_workaround_checks_the_version():
    """A registered workaround refuses to run outside its range and runs inside it."""
    too_new = workarounds.written_for(("mkdocs", ">=99", "none"), "no upstream issue")(
        lambda: "ran"
    )
    with pytest.raises(PluginError, match="mkdocs>=99"):
        too_new()
    fits = workarounds.written_for(("mkdocs", ">=1.6", "none"), "no upstream issue")(lambda: "ran")
    assert fits() == "ran"
    workarounds.WORKAROUNDS[:] = [w for w in workarounds.WORKAROUNDS if w.plugin != "none"]


def test_installed_packages_fit_every_workaround_and_each_cites_its_issue():
    """The build's check passes with the installed packages; every workaround names the
    upstream issue it works around, or says that none is filed."""
    workarounds.check_versions(load_config(str(ROOT / "mkdocs.yml")))
    assert workarounds.WORKAROUNDS
    for w in workarounds.WORKAROUNDS:
        assert w.upstream.startswith(("https://github.com/", "no upstream issue")), w.name


def test_check_versions_fails_when_an_enabled_plugin_is_out_of_range(monkeypatch):
    """The plugin's on_config check covers the packages whose plugins mkdocs.yml enables."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    monkeypatch.setattr(patches, "dist_version", lambda dist: "0.1")
    with pytest.raises(PluginError, match="is installed, but dlglossary/site/workarounds.py:"):
        workarounds.check_versions(config)


def _build_fixture(root: Path, options: str, monkeypatch) -> Path:
    from mkdocs.commands.build import build

    from dlglossary.speed import disk_cache

    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - glossary\n", f"  - glossary: {options}\n"), "utf-8"
    )
    monkeypatch.setattr(disk_cache, "_caches", {})
    monkeypatch.chdir(root)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return root / "site"


def test_the_404_option_switches_the_page_per_language(tmp_path, monkeypatch):
    """By default each language has its 404 page; switched off, static-i18n's single 404 page
    (the last language built, English) is left alone."""
    on = _build_fixture(write_site(tmp_path / "on"), "{}", monkeypatch)
    assert 'lang="zh"' in (on / "404.html").read_text("utf-8")
    assert 'lang="en"' in (on / "en" / "404.html").read_text("utf-8")

    off = _build_fixture(
        write_site(tmp_path / "off"), "{not_found_per_language: false}", monkeypatch
    )
    assert not (off / "en" / "404.html").exists()
    assert 'lang="en"' in (off / "404.html").read_text("utf-8")


def test_the_hreflang_option_switches_the_template_variable():
    """With hreflang on, a page's context gets absolute links to its language twins and
    x-default; switched off, the template variable is not set."""
    alternates = [{"lang": "zh", "link": "terms/relu/"}, {"lang": "en", "link": "en/terms/relu/"}]
    config = SimpleNamespace(
        site_url="https://example.org/g/", extra=SimpleNamespace(alternate=alternates)
    )
    plugin = GlossaryPlugin()
    plugin.load_config({})
    context = plugin._hreflang({}, page=None, config=config, nav=None)
    assert context["hreflang_links"] == [
        {"lang": "zh", "href": "https://example.org/g/terms/relu/"},
        {"lang": "en", "href": "https://example.org/g/en/terms/relu/"},
        {"lang": "x-default", "href": "https://example.org/g/terms/relu/"},
    ]
    plugin.load_config({"hreflang": False})
    assert plugin._hreflang({}, page=None, config=config, nav=None) == {}


def test_pyproject_installs_only_versions_the_workarounds_accept():
    """pyproject.toml's range for each worked-around package is the workaround's own, so a
    fresh install never gets a version the build refuses."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {(r := Requirement(dep)).name: str(r.specifier) for dep in project["dependencies"]}
    for w in workarounds.WORKAROUNDS:
        if w.plugin != "none":
            assert SpecifierSet(declared[w.dist]) == SpecifierSet(w.versions), w.dist


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("zh/terms/gelu.md", "zh"),
        ("en/terms/gelu.md", "en"),
        ("en/terms/gelu.md#definition", "en"),
        ("terms/gelu.md", "zh"),  # in no language folder: reported once, by the default build
        ("en.md", "zh"),
        ("https://example.org/en/x", "zh"),
    ],
)
def test_each_redirect_is_written_by_its_target_languages_build(target, lang):
    """static-i18n builds one language at a time: a redirect goes with its target's language."""
    assert workarounds.redirect_language(target) == lang
