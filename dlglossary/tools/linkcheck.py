"""Offline link check of the built site, as served from a GitHub Pages project sub-path.

Every internal ``<a href>``, ``<link href>`` and ``src`` of every HTML page must resolve to a file
of the built site, and every ``#anchor`` to an ``id`` in the target page. The site is checked as if
served under ``/<repo>/`` (built with ``SITE_URL=http://127.0.0.1:8000/<repo>/``): a root-absolute
link such as ``/assets/x.css`` that escapes the sub-path is broken there even though it works at
``http://127.0.0.1:8000/``. External links are listed (count and pages) but never fetched.

    dlglossary linkcheck --build  # build into .cache/linkcheck-site, then check
    dlglossary linkcheck SITE_DIR --base /dl-glossary/
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from dlglossary.project import Project

HOST = "http://127.0.0.1:8000"
SKIPPED_SCHEMES = ("mailto:", "javascript:", "data:", "tel:", "blob:")
# Attributes that point somewhere: (CSS selector, attribute)
LINK_ATTRIBUTES = (
    ("a[href]", "href"),
    ("link[href]", "href"),
    ("img[src]", "src"),
    ("script[src]", "src"),
    ("source[src]", "src"),
    ("iframe[src]", "src"),
)


def repo_name(project: Project) -> str:
    """The GitHub repository name (the Pages sub-path) from ``repo_name`` in mkdocs.yml."""
    text = project.config_file.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("repo_name:"):
            return line.split(":", 1)[1].strip().strip("\"'").split("/")[-1]
    return "dl-glossary"


@dataclass(frozen=True)
class Broken:
    """One link that does not resolve."""

    page: str  # HTML file, relative to the site dir
    source: str  # Markdown source the page was built from (best guess), or the HTML file
    link: str  # the href/src as written in the HTML
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: broken link {self.link!r} ({self.reason}) [in site/{self.page}]"


@dataclass
class Report:
    """Result of a link check."""

    pages: int = 0
    links: int = 0
    broken: list[Broken] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def source_for(page: str, docs_dir: Path | None, languages: tuple[str, ...] = ("zh", "en")) -> str:
    """Best guess of the Markdown file that produced ``page`` (``en/terms/gelu/index.html``)."""
    parts = page.split("/")
    lang = languages[0]
    if parts[0] in languages[1:]:
        lang, parts = parts[0], parts[1:]
    stem = "/".join(parts)
    if stem.endswith("/index.html"):
        stem = stem[: -len("/index.html")]
    elif stem == "index.html":
        stem = "index"
    elif stem.endswith(".html"):
        stem = stem[: -len(".html")]
    for candidate in (f"{stem}.md", f"{stem}/index.md", f"{stem}.ipynb"):
        path = f"docs/{lang}/{candidate}"
        if docs_dir is None or (docs_dir.parent / path).exists():
            return path
    return f"site/{page}"


class Site:
    """A built site directory seen through a sub-path."""

    def __init__(self, site_dir: Path, base: str) -> None:
        self.dir = site_dir
        self.base = "/" + base.strip("/") + "/" if base.strip("/") else "/"

    def file_for(self, path: str) -> Path | None:
        """The file served at URL ``path`` (already inside the base), or None."""
        rel = unquote(path[len(self.base) :])
        target = self.dir / rel
        if rel == "" or rel.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    @cache  # noqa: B019 - one Site per check, pages are parsed once
    def ids(self, file: Path) -> frozenset[str]:
        """Every ``id`` (and legacy ``<a name>``) in an HTML file."""
        tree = HTMLParser(file.read_text(encoding="utf-8", errors="replace"))
        found = {node.attributes.get("id") for node in tree.css("[id]")}
        found |= {node.attributes.get("name") for node in tree.css("a[name]")}
        return frozenset(x for x in found if x)


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def check_site(site_dir: Path, base: str = "/", host: str = HOST) -> Report:
    """Check every HTML page of ``site_dir`` as served at ``host`` under ``base``."""
    site = Site(site_dir, base)
    docs_dir = site_dir.parent / "docs" if (site_dir.parent / "docs").is_dir() else None
    report = Report()
    for file in sorted(site_dir.rglob("*.html")):
        page = file.relative_to(site_dir).as_posix()
        page_url = site.base + (page[: -len("index.html")] if page.endswith("index.html") else page)
        report.pages += 1
        tree = HTMLParser(file.read_text(encoding="utf-8", errors="replace"))
        for selector, attribute in LINK_ATTRIBUTES:
            for node in tree.css(selector):
                link = (node.attributes.get(attribute) or "").strip()
                if not link or link.startswith(SKIPPED_SCHEMES):
                    continue
                report.links += 1
                if link == host or link.startswith(host + "/"):
                    target = urlsplit(link)  # absolute link to our own site (site_url)
                elif _is_external(link):
                    report.external[link].add(page)
                    continue
                else:
                    target = urlsplit(urljoin(host + page_url, link))
                reason = _resolve(site, file, target.path or page_url, target.fragment)
                if reason:
                    source = source_for(page, docs_dir)
                    report.broken.append(Broken(page, source, link, reason))
    return report


def _resolve(site: Site, page_file: Path, path: str, fragment: str) -> str | None:
    """Why ``path#fragment`` does not resolve, or None when it does."""
    if not path.startswith(site.base):
        return (
            f"{path} is outside the site's sub-path {site.base}; "
            "use a relative link (e.g. ../relu/ or relu.md) instead of a root-absolute one"
        )
    target = site.file_for(path)
    if target is None:
        return (
            f"no page or file at {path}; check the file name/slug "
            "(links between pages are written to the .md file, e.g. [ReLU](relu.md))"
        )
    anchor = unquote(fragment)
    if anchor and target.suffix == ".html" and anchor not in site.ids(target):
        return (
            f"{path} has no anchor #{anchor}; use one of the page's heading ids "
            "(the { #id } after each heading, identical in both languages)"
        )
    return None


def build(root: Path, site_dir: Path, base: str) -> subprocess.CompletedProcess:
    """Build the site strictly as it would be served under ``base``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": HOST + base}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def format_report(report: Report, *, show_external: bool = True) -> str:
    """Human-readable report: broken links first, then the external ones (not fetched)."""
    lines = [str(b) for b in report.broken]
    if show_external and report.external:
        lines.append(f"{len(report.external)} external link(s), not fetched:")
        for url, pages in sorted(report.external.items()):
            lines.append(f"  {url}  ({len(pages)} page(s), e.g. {sorted(pages)[0]})")
    lines.append(
        f"{report.pages} pages, {report.links} links checked, {len(report.broken)} broken, "
        f"{len(report.external)} external"
    )
    return "\n".join(lines)


def run(
    project: Project,
    site_dir: Path | None = None,
    base: str | None = None,
    build_first: bool = False,
    quiet_external: bool = False,
) -> int:
    """``dlglossary linkcheck``: check a built site (``--build``: build it first)."""
    base = base or f"/{repo_name(project)}/"
    site_dir = site_dir or project.linkcheck_site
    if build_first:
        run = build(project.root, site_dir, base)
        if run.returncode != 0:
            print(run.stderr.strip() or run.stdout.strip())
            print("the site does not build; fix the build first (mkdocs build --strict)")
            return 1
    if not (site_dir / "index.html").exists():
        print(f"{site_dir} is not a built site; run with --build")
        return 1
    report = check_site(site_dir, base)
    print(format_report(report, show_external=not quiet_external))
    return 1 if report.broken else 0
