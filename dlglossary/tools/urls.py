"""URL stability: a published URL never disappears without a redirect.

``registry/published/<slug>.txt`` lists the URLs a term was ever published at (``/terms/gelu/``
in Chinese, ``/en/terms/gelu/`` in English), and those of its snippet module's generated API page
(``/api/gelu/``, ``/en/api/gelu/``); ``registry/published/_pages.txt`` those of the other pages
(home, API landing page and its generated topic pages, labs). A listed URL must still be served
by a page or by a redirect in mkdocs.yml (``plugins: - redirects: redirect_maps:``). One file per
term, so two pull requests adding different terms never touch the same file; a removed term's
file stays, so its URLs keep being checked.

``dlglossary update`` adds the URLs of new pages (it never removes any);
``dlglossary check --only urls`` checks.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix
from dlglossary.core.registry import TAGS_FILE, RegistryError, load_registry
from dlglossary.core.snippet_pages import (
    API_MARKER,
    API_PAGE,
    api_module_path,
    api_topic_path,
    snippet_modules,
)
from dlglossary.project import Project

PAGES = "_pages"  # the file of the pages that are not terms
SUFFIXES = (".md", ".ipynb")  # the sources that become pages
HEADER = """\
# Published URLs: never delete a line, or this file. A renamed or removed page keeps its URLs
# working with a redirect in mkdocs.yml (plugins: redirects: redirect_maps:).
"""


def page_url(lang: str, rel: str) -> str:
    """The URL of ``docs/<lang>/<rel>``, from the site root: ``/en/terms/gelu/``, ``/``."""
    stem = rel.rsplit(".", 1)[0]
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return f"/{url_prefix(lang)}{path}"


def owner(rel: str) -> str:
    """The file that lists a page's URLs: the term's slug, or :data:`PAGES`."""
    folder, _, name = rel.rpartition("/")
    return name.rsplit(".", 1)[0] if folder == "terms" else PAGES


def current_urls(project: Project) -> dict[str, list[str]]:
    """File name (a slug or :data:`PAGES`) -> the URLs the sources publish now.

    Raises:
        RegistryError: the registry cannot be read (the API topic pages come from its tags).
    """
    urls: dict[str, list[str]] = {}
    tags = _term_tags(project)
    for lang in LANGUAGES:
        docs = project.docs(lang)
        for page in sorted(docs.rglob("*")):
            if page.suffix in SUFFIXES and page.is_file():
                rel = page.relative_to(docs).as_posix()
                urls.setdefault(owner(rel), []).append(page_url(lang, rel))
        for name, url in _api_urls(project, lang, tags):
            urls.setdefault(name, []).append(url)
    return urls


def _term_tags(project: Project) -> dict[str, tuple[str, ...]]:
    """Term slug -> its topic tags, from the registry (none without a registry folder)."""
    if not (project.registry_dir / TAGS_FILE).is_file():
        return {}
    return {slug: term.tags for slug, term in load_registry(project.registry_dir).terms.items()}


def _api_urls(
    project: Project, lang: str, tags: dict[str, tuple[str, ...]]
) -> list[tuple[str, str]]:
    """(file name, URL) of the API pages the glossary plugin generates for ``lang`` if
    ``docs/<lang>/api.md`` lists them: one per snippet module, its URLs in its term's file, and
    one per topic of those terms (``tags``: slug -> tags), in :data:`PAGES`."""
    landing = project.docs(lang) / API_PAGE
    if not landing.is_file() or API_MARKER not in landing.read_text(encoding="utf-8"):
        return []
    found, topics = [], {}
    for module in snippet_modules(project.snippets_dir):
        slug = module.replace("_", "-")
        has_page = (project.docs(lang) / "terms" / f"{slug}.md").is_file()
        found.append((slug if has_page else PAGES, page_url(lang, api_module_path(module))))
        topics.update(dict.fromkeys(tags.get(slug, ()) if has_page else ()))
    return found + [(PAGES, page_url(lang, api_topic_path(tag))) for tag in topics]


def published_file(project: Project, name: str) -> Path:
    """``registry/published/<name>.txt``: a term's file (``name`` is its slug) or :data:`PAGES`."""
    return project.published_dir / f"{name}.txt"


def published_urls(project: Project) -> dict[str, list[str]]:
    """File name -> the URLs it lists."""
    found = {}
    for path in sorted(project.published_dir.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        found[path.stem] = [x.strip() for x in lines if x.strip() and not x.startswith("#")]
    return found


def _redirects_plugin(config: dict) -> dict:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return plugin["redirects"] or {}
    return {}


def redirect_sources(project: Project) -> set[str]:
    """URLs that mkdocs.yml redirects (keys of ``redirect_maps``, as URLs)."""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV and !relative tags; their values do not matter here.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    maps = _redirects_plugin(config).get("redirect_maps") or {}
    return {page_url(DEFAULT_LANGUAGE, key) for key in maps}


def _language(url: str) -> str:
    return next((x for x in LANGUAGES if x != DEFAULT_LANGUAGE and url.startswith(f"/{x}/")),
                DEFAULT_LANGUAGE)  # fmt: skip


def redirect_hint(url: str) -> str:
    """The exact line to add to redirect_maps for a vanished ``url``."""
    path = url.strip("/")
    home = not path or path in LANGUAGES  # a language's home page: <lang>/index.md
    key = f"{path}/index.md".lstrip("/") if home else f"{path}.md"
    folder = "terms/<new-slug>" if "/terms/" in url else "<new-page>"
    return f"{key}: {_language(url)}/{folder}.md"


def problems(project: Project) -> list[str]:
    """One message per vanished or unlisted URL."""
    current = current_urls(project)
    served = {url for urls in current.values() for url in urls}
    listed = published_urls(project)
    everything_listed = {url for urls in listed.values() for url in urls}
    redirected = redirect_sources(project)
    found = []
    for name, urls in listed.items():
        for url in urls:
            if url not in served and url not in redirected:
                lang = _language(url)
                page = url.removeprefix(f"/{url_prefix(lang)}").strip("/") or "index"
                found.append(
                    f"{project.rel(published_file(project, name))}: published URL {url} is gone "
                    f"(docs/{lang}/{page}.md no longer exists) and has no redirect; restore the "
                    "page, or add under mkdocs.yml plugins -> redirects -> redirect_maps the "
                    f"line   {redirect_hint(url)}"
                )
    for name, urls in current.items():
        for url in urls:
            if url not in everything_listed:
                found.append(
                    f"{project.rel(published_file(project, name))}: new URL {url} is not listed; "
                    "run `dlglossary update` and commit the file"
                )
    return found


def update(project: Project) -> list[tuple[Path, str]]:
    """Append the current URLs that no file lists yet to their files; return (file, URL)."""
    listed = {url for urls in published_urls(project).values() for url in urls}
    added = []
    for name, urls in current_urls(project).items():
        new = [url for url in urls if url not in listed]
        if not new:
            continue
        path = published_file(project, name)
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
        if not text.endswith("\n"):
            text += "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "".join(f"{url}\n" for url in new), encoding="utf-8")
        added += [(path, url) for url in new]
    return added


def check(project: Project) -> int:
    """The ``urls`` gate of ``dlglossary check``."""
    try:
        found = problems(project)
    except RegistryError as exc:
        print(f"{exc} (the API topic pages' URLs come from the registry)")
        return 1
    for message in found:
        print(message)
    if not found:
        count = sum(len(urls) for urls in published_urls(project).values())
        print(f"{count} published URLs, all served")
    return 1 if found else 0
