"""Every internal link, anchor and asset of the built site resolves under the /<repo>/ sub-path."""

from __future__ import annotations

from dlglossary.tools.linkcheck import check_site, format_report


def test_internal_links_and_anchors_resolve(built_site) -> None:
    """Both languages: every <a href>, #anchor, <link href> and src resolves; externals listed."""
    report = check_site(
        built_site.path,
        f"/{built_site.subpath}/",
        host=built_site.url.split(f"/{built_site.subpath}/")[0],
    )
    assert report.pages > 0 and report.links > 0
    assert not report.broken, format_report(report, show_external=False)
