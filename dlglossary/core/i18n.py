"""Language plumbing that mkdocs-static-i18n leaves to us: pure functions.

- ``not_found_alternates``: the 404 page is served at any depth, so its language
  links must be absolute paths to the language roots.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit


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
