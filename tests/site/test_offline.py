"""Zero third-party requests: nothing a page loads comes from another host.

Links a reader clicks (<a href> to papers, the GitHub repository) are fine; scripts,
stylesheets, icons, fonts, images and CSS imports must be served by this site. Readers
use the site offline and from mainland China, where Google Fonts and public CDNs fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from sitefiles import ROOT, parse

# rel tokens that make a <link> load its href when the page loads
LOADING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
    "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon",
}  # fmt: skip
SRC_SELECTORS = ", ".join(
    f"{tag}[src]"
    for tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track")
)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)
CDN_HOSTS = re.compile(
    r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|polyfill\.io|mathjax|"
    r"googletagmanager|google-analytics"
)


def _is_remote(ref: str) -> bool:
    parts = urlsplit(ref.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _loaded_refs(path: Path) -> list[str]:
    tree = parse(path)
    refs = [n.attributes.get("src") or "" for n in tree.css(SRC_SELECTORS)]
    for node in tree.css("img[srcset], source[srcset]"):
        refs += [part.split()[0] for part in node.attributes["srcset"].split(",") if part.strip()]
    for node in tree.css("link[href]"):
        if LOADING_RELS & set((node.attributes.get("rel") or "").lower().split()):
            refs.append(node.attributes["href"])
    for node in tree.css("object[data]"):
        refs.append(node.attributes["data"])
    css = "".join(n.text() for n in tree.css("style"))
    css += "".join(n.attributes.get("style") or "" for n in tree.css("[style]"))
    refs += [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]
    return refs


def test_html_loads_nothing_from_another_host(built_site):
    """No script, stylesheet, icon, image, frame or inline-CSS url() in any page points off-site."""
    offenders = {
        str(p.relative_to(built_site.path)): remote
        for p in _html_files(built_site.path)
        if (remote := [r for r in _loaded_refs(p) if _is_remote(r)])
    }
    assert offenders == {}


def test_css_loads_nothing_from_another_host(built_site):
    """Every url() and @import in the site's CSS is local, and the local files exist."""
    for css in built_site.path.rglob("*.css"):
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            ref = match.group(2) or match.group(4)
            assert not _is_remote(ref), f"{css.name}: {ref}"
            if not ref.startswith(("data:", "#")):
                target = css.parent / urlsplit(ref).path
                assert target.is_file(), f"{css.name}: {ref} missing"


# Material's bundle names two CDN scripts it loads only on demand: a ResizeObserver
# polyfill (every browser since 2020 has ResizeObserver) and Mermaid (only for
# `.mermaid` diagrams, which this site does not use: see test_no_mermaid_diagrams).
MATERIAL_ON_DEMAND = (
    "https://unpkg.com/resize-observer-polyfill",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
)


def test_javascript_names_no_cdn(built_site):
    """No script names a font/CDN/analytics host, except Material's two on-demand ones."""
    for js in built_site.path.rglob("*.js"):
        text = js.read_text(encoding="utf-8", errors="replace")
        for url in MATERIAL_ON_DEMAND:
            text = text.replace(url, "")
        assert not CDN_HOSTS.search(text), js.name


def test_no_mermaid_diagrams(built_site):
    """No page has a Mermaid diagram, so Material never fetches mermaid.min.js from unpkg."""
    for path in _html_files(built_site.path):
        assert not parse(path).css(".mermaid"), path.name


def test_our_javascript_has_no_absolute_urls():
    """The scripts we write (docs/assets/javascripts) contain no http(s) URL at all."""
    for js in (ROOT / "docs" / "assets" / "javascripts").rglob("*.js"):
        assert not re.search(r"https?://", js.read_text(encoding="utf-8")), js.name


def test_no_github_api_facts(built_site):
    """The repository button is not wired to Material's source facts (a fetch to api.github.com)."""
    for path in _html_files(built_site.path):
        assert 'data-md-component="source"' not in path.read_text(encoding="utf-8"), path.name


def test_local_scripts_and_stylesheets_exist(built_site):
    """Every local script and stylesheet a page loads is in the build (KaTeX included)."""
    index = built_site.path / "index.html"
    refs = [r for r in _loaded_refs(index) if not _is_remote(r) and not r.startswith("data:")]
    assert any("katex.min.js" in r for r in refs) and any("katex.min.css" in r for r in refs)
    for ref in refs:
        assert (index.parent / urlsplit(ref).path).is_file(), ref
