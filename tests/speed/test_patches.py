"""The registry of run-time patches (dlglossary.speed.patches) and the one switch."""

from __future__ import annotations

import importlib

import pytest
from mkdocs.exceptions import PluginError

from dlglossary.speed import patches
from dlglossary.speed.disk_cache import SWITCHED_BY, NoCache, open_cache


@pytest.fixture
def switch(monkeypatch):
    """Set DLGLOSSARY_NO_SPEED (the old name unset)."""
    monkeypatch.delenv(patches.OLD_SWITCH, raising=False)

    def set_to(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv(patches.SWITCH, raising=False)
        else:
            monkeypatch.setenv(patches.SWITCH, value)

    return set_to


def _resolve(target: str):
    """The object a dotted target names (module path, then attributes)."""
    parts = target.split(" ")[0].split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(target)


@pytest.mark.parametrize("patch", patches.PATCHES.values(), ids=lambda p: p.name)
def test_each_patch_covers_the_installed_versions_and_its_targets_exist(patch, switch):
    """The installed packages are in every patch's range (else every build stops), and each
    attribute a patch replaces exists under that name in them."""
    switch(None)
    assert patches.applies(patch.name)
    for target in patch.targets:
        if not target.startswith("sys.modules"):
            assert _resolve(target) is not None, target


def test_a_package_outside_a_patch_range_stops_the_build_naming_it(switch, monkeypatch):
    """One line: the package, the installed version, the range, and the switch."""
    switch(None)
    monkeypatch.setattr(patches, "dist_version", lambda dist: "99.0" if dist == "mkdocs" else "1")
    with pytest.raises(PluginError) as error:
        patches.applies("pages")
    message = str(error.value)
    assert "\n" not in message
    assert "mkdocs 99.0 is installed" in message
    assert "mkdocs>=1.6,<1.7" in message
    assert "DLGLOSSARY_NO_SPEED=1" in message


def test_under_properdocs_its_own_version_is_checked(switch, monkeypatch):
    """``properdocs build`` answers ``import mkdocs`` with ProperDocs, whose versions follow
    MkDocs': the range is checked against the package that runs, not the MkDocs installed."""
    import mkdocs

    switch(None)
    monkeypatch.setattr(mkdocs, "__name__", "properdocs")
    assert patches.running("mkdocs") == "properdocs"
    versions = {"mkdocs": "0.1", "properdocs": "1.6.7"}
    monkeypatch.setattr(patches, "dist_version", lambda dist: versions.get(dist, "-"))
    assert patches.applies("pages")
    versions["properdocs"] = "1.7.0"
    with pytest.raises(PluginError, match=r"properdocs 1\.7\.0 is installed.*mkdocs>=1\.6,<1\.7"):
        patches.applies("pages")


def test_switched_off_patches_are_not_version_checked(switch, monkeypatch):
    monkeypatch.setattr(patches, "dist_version", lambda dist: "99.0")
    switch("1")
    assert not patches.applies("pages")


@pytest.mark.parametrize("value", ["1", "yes", "all"])
def test_the_switch_turns_every_cache_and_patch_off(switch, value, tmp_path):
    switch(value)
    assert not any(patches.enabled(name) for name in [*patches.PATCHES, *patches.CACHES])
    for name in SWITCHED_BY:
        assert isinstance(open_cache(tmp_path, name), NoCache)


def test_the_old_name_of_the_switch_still_works(switch, monkeypatch):
    switch(None)
    monkeypatch.setenv(patches.OLD_SWITCH, "1")
    assert not patches.enabled("pages") and not patches.enabled("mentions")


def test_the_switch_can_name_some(switch):
    switch("pages, mentions")
    assert not patches.enabled("pages") and not patches.enabled("mentions")
    assert patches.enabled("search") and patches.enabled("mkdocstrings")


def test_an_unknown_name_among_known_ones_is_an_error(switch):
    switch("pages,pagse")
    with pytest.raises(PluginError, match="unknown name.*pagse"):
        patches.enabled("pages")


def test_every_disk_cache_has_a_switch():
    names = {*patches.PATCHES, *patches.CACHES}
    assert set(SWITCHED_BY.values()) <= names
