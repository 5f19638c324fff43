"""The offline link checker, on tiny hand-made sites served under a sub-path."""

from __future__ import annotations

from pathlib import Path

from dlglossary.tools.linkcheck import check_site, format_report, source_for

BASE = "/dl-glossary/"


def _page(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def _site(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "site"
    _page(site, "index.html", '<h1 id="home">Home</h1>')
    _page(site, "terms/relu/index.html", '<h2 id="definition">Def</h2>')
    _page(site, "en/terms/gelu/index.html", body)
    (site / "assets").mkdir()
    (site / "assets/x.css").write_text("", encoding="utf-8")
    return site


def test_relative_links_and_anchors_resolve(tmp_path: Path) -> None:
    """Relative links, existing anchors and assets under the sub-path all pass."""
    body = (
        '<a href="../../../terms/relu/#definition">r</a><a href="#top" id="top">t</a>'
        '<link href="../../../assets/x.css"><a href="http://127.0.0.1:8000/dl-glossary/">home</a>'
    )
    report = check_site(_site(tmp_path, body), BASE)
    assert report.broken == [] and report.links == 4


def test_missing_anchor_names_the_anchor_and_the_fix(tmp_path: Path) -> None:
    """A link to a heading id that does not exist is reported with the id and the fix."""
    report = check_site(
        _site(tmp_path, '<a href="../../../terms/relu/#no-such-heading">r</a>'), BASE
    )
    (broken,) = report.broken
    assert "#no-such-heading" in broken.reason and "heading ids" in broken.reason


def test_missing_page(tmp_path: Path) -> None:
    """A link to a page that was not built is reported."""
    report = check_site(_site(tmp_path, '<a href="../silu/">s</a>'), BASE)
    (broken,) = report.broken
    assert "no page or file" in broken.reason


def test_root_absolute_link_escapes_the_sub_path(tmp_path: Path) -> None:
    """/assets/x.css works at the domain root but not on a GitHub Pages project site."""
    report = check_site(_site(tmp_path, '<img src="/assets/x.css">'), BASE)
    (broken,) = report.broken
    assert "outside the site's sub-path" in broken.reason


def test_external_links_are_listed_not_fetched(tmp_path: Path) -> None:
    """External links are counted per page and never reported broken."""
    report = check_site(_site(tmp_path, '<a href="https://arxiv.org/abs/1606.08415">p</a>'), BASE)
    assert report.broken == []
    assert report.external == {"https://arxiv.org/abs/1606.08415": {"en/terms/gelu/index.html"}}
    assert "1 external" in format_report(report)


def test_source_for_maps_pages_back_to_markdown() -> None:
    """Built pages map back to their Markdown source in the right language."""
    assert source_for("en/terms/gelu/index.html", None) == "docs/en/terms/gelu.md"
    assert source_for("terms/gelu/index.html", None) == "docs/zh/terms/gelu.md"
    assert source_for("index.html", None) == "docs/zh/index.md"
