"""The rendered-page cache of ``mkdocs serve``: a rebuild writes exactly what a fresh build does.

The five-term fixture site (both languages, generated pages, backlinks) is built in-process
the way ``mkdocs serve`` does it: one process, the ``build_cache`` hook told it is serving,
then edited and rebuilt into the same folder. Each rebuilt site is compared, file by file,
with a fresh build of the edited project without any page cache.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fixture_site import tree
from served_site import build_site as _build

from dlglossary.speed import page_cache


def _rebuild_and_compare(served, monkeypatch) -> tuple[int, int]:
    """Rebuild under serve, build fresh; the trees must be equal. (hits, misses) of the rebuild."""
    before = served.cache.hits, served.cache.misses
    _build(served.root, served.out, True, monkeypatch)
    hits, misses = served.cache.hits - before[0], served.cache.misses - before[1]
    fresh = served.tmp / "fresh"
    _build(served.root, fresh, False, monkeypatch)
    assert tree(served.out) == tree(fresh)
    return hits, misses


def test_first_build_renders_every_page_and_an_unchanged_rebuild_none(served, monkeypatch):
    assert served.cache.hits == 0 and served.pages > 10  # both languages' pages
    assert _rebuild_and_compare(served, monkeypatch) == (served.pages, 0)


def test_editing_one_page_renders_only_that_page_again(served, monkeypatch):
    page = served.root / "docs" / "en" / "index.md"
    page.write_text(page.read_text("utf-8") + "\nA sentence added while serving.\n", "utf-8")
    assert _rebuild_and_compare(served, monkeypatch) == (served.pages - 1, 1)
    assert "A sentence added while serving." in (served.out / "en" / "index.html").read_text()


def test_renaming_a_page_renders_its_language_again(served, monkeypatch):
    """A title is in every page's navigation (and its neighbours' footer links)."""
    page = served.root / "docs" / "en" / "terms" / "relu.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("# ReLU", "# ReLU (renamed)", 1), "utf-8")
    _, misses = _rebuild_and_compare(served, monkeypatch)
    assert misses == served.pages // 2  # every English page, no Chinese one
    assert "ReLU (renamed)" in (served.out / "en" / "index.html").read_text("utf-8")


def test_editing_a_registry_entry_renders_the_pages_that_show_it(served, monkeypatch):
    entry = served.root / "registry" / "leaky-relu.yml"
    text = entry.read_text("utf-8")
    assert "负半轴斜率为 α 的 ReLU。" in text
    entry.write_text(text.replace("负半轴斜率为 α 的 ReLU。", "负半轴有斜率 α 的 ReLU。"), "utf-8")
    _, misses = _rebuild_and_compare(served, monkeypatch)
    assert 1 <= misses < served.pages // 2  # the Chinese pages that show the summary, not all


def _context(**changes):
    """A stand-in for MkDocs' page context: what :func:`page_cache.page_key` reads."""
    extra_dict = type("Extra", (dict,), {})()
    extra_dict.alternate = changes.pop("alternate", [{"lang": "en", "link": "en/x/"}])
    page = SimpleNamespace(
        url="terms/x/", title="X", content=changes.pop("content", "<p>x</p>"), toc=[], meta={},
        canonical_url=None, edit_url=None, abs_url="/terms/x/", is_homepage=False,
        file=SimpleNamespace(src_uri="zh/terms/x.md"), previous_page=None, next_page=None,
    )  # fmt: skip
    return {"page": page, "config": {"extra": extra_dict}, "nav": None, **changes}


@pytest.mark.parametrize(
    "changes",
    [
        {"content": "<p>y</p>"},
        {"alternate": [{"lang": "en", "link": "en/y/"}]},  # static-i18n's per-page attribute
        {"hreflang_links": [{"lang": "en", "href": "http://x/en/"}]},  # a hook's context entry
    ],
    ids=["content", "extra.alternate", "context entry"],
)
def test_the_key_changes_with_what_the_template_reads(changes):
    assert page_cache.page_key("main.html", _context(**changes), "s") != page_cache.page_key(
        "main.html", _context(), "s"
    )


def test_the_key_ignores_the_build_date():
    """It changes every build and no template of the site prints it."""
    key = page_cache.page_key("main.html", _context(build_date_utc="2026-01-01"), "s")
    assert key == page_cache.page_key("main.html", _context(build_date_utc="2027-01-01"), "s")
