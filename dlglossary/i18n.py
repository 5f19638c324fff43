"""Language plumbing that mkdocs-static-i18n leaves to us: pure functions.

- ``missing_translations``: static-i18n skips a page that lacks a translation
  (``fallback_to_default: false``) without a word; we fail the build instead.
- ``not_found_alternates``: the 404 page is served at any depth, so its language
  links must be absolute paths to the language roots.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

PAGE_SUFFIXES = (".md", ".ipynb")


def missing_translations(src_uris: Iterable[str], languages: Sequence[str]) -> list[str]:
    """List the pages that exist in some language folder but not in another.

    Args:
        src_uris: Paths relative to ``docs/``, e.g. ``"zh/terms/gelu.md"``;
            assets and files outside the language folders are ignored.
        languages: The language folders, e.g. ``("zh", "en")``.

    Returns:
        One line per missing page, ``"docs/en/terms/gelu.md (counterpart of
        docs/zh/terms/gelu.md)"``, sorted; empty when every page has all its
        translations.
    """
    pages: dict[str, set[str]] = {lang: set() for lang in languages}
    for uri in src_uris:
        path = PurePosixPath(uri)
        if path.suffix in PAGE_SUFFIXES and len(path.parts) > 1 and path.parts[0] in pages:
            pages[path.parts[0]].add(PurePosixPath(*path.parts[1:]).as_posix())
    problems = []
    for lang in languages:
        for other in languages:
            for rel in sorted(pages[other] - pages[lang]):
                problems.append(f"docs/{lang}/{rel} (counterpart of docs/{other}/{rel})")
    return sorted(set(problems))


def not_found_alternates(
    site_url: str | None, languages: Sequence[str], default: str
) -> list[dict[str, str]]:
    """Language-selector links for the 404 page: absolute paths to each language root.

    Args:
        site_url: The configured ``site_url`` (its path is the site's mount point,
            e.g. ``/dl-glossary/`` on a GitHub Pages project site).
        languages: Language codes in selector order.
        default: The language served at the site root.

    Returns:
        ``[{"lang": "zh", "link": "/dl-glossary/"}, {"lang": "en", "link": "/dl-glossary/en/"}]``
        style entries (``name`` is left to the caller).
    """
    root = urlsplit(site_url or "/").path.rstrip("/") + "/"
    return [
        {"lang": lang, "link": root if lang == default else f"{root}{lang}/"} for lang in languages
    ]


def hreflang_links(
    site_url: str | None, alternates: Sequence[dict[str, str]], default: str
) -> list[dict[str, str]]:
    """Absolute ``hreflang`` targets for a page (search engines want full URLs).

    Args:
        site_url: The configured ``site_url``.
        alternates: The language selector entries for the page, each with ``lang``
            and ``link`` (relative to the site root, e.g. ``"en/terms/gelu/"``, or an
            absolute path such as ``"/dl-glossary/en/"``).
        default: The default language, repeated as ``x-default``.

    Returns:
        ``[{"lang": ..., "href": ...}]`` with an extra ``x-default`` entry; empty
        when ``site_url`` is unset (relative hreflang is worse than none).
    """
    if not site_url:
        return []
    base = site_url if site_url.endswith("/") else site_url + "/"
    links = [{"lang": a["lang"], "href": urljoin(base, a["link"])} for a in alternates]
    links += [{"lang": "x-default", "href": a["href"]} for a in links if a["lang"] == default]
    return links
