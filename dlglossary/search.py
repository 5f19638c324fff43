"""Split the merged search index and sitemap into one per language.

mkdocs-static-i18n builds every language and merges all search entries into one
index at the site root, so a reader on a Chinese page would get English hits mixed
in (and the reverse). Each language gets its own index instead; the theme override
points English pages at ``/en/`` as their search base (see ``overrides/main.html``).
"""

from __future__ import annotations

import re


def split_search_index(index: dict, prefixes: dict[str, str]) -> dict[str, dict]:
    """Return one search index per language.

    Args:
        index: The merged index (``{"config": ..., "docs": [...]}``).
        prefixes: Language → URL prefix, the default language with ``""``,
            e.g. ``{"zh": "", "en": "en/"}``.

    Returns:
        Language → index whose ``location`` values are relative to that
        language's root.
    """
    others = sorted((p for p in prefixes.values() if p), key=len, reverse=True)
    result = {}
    for lang, prefix in prefixes.items():
        docs = []
        for doc in index["docs"]:
            loc = doc["location"]
            owner = next((p for p in others if loc.startswith(p)), "")
            if owner == prefix:
                docs.append({**doc, "location": loc[len(prefix) :]})
        result[lang] = {**index, "docs": docs}
    return result


_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)


def sitemap_for_prefix(sitemap: str, site_url: str, prefix: str) -> str:
    """Keep only the ``<url>`` entries whose ``<loc>`` starts with ``site_url + prefix``."""
    base = site_url.rstrip("/") + "/" + prefix

    def keep(match: re.Match) -> str:
        loc = re.search(r"<loc>(.*?)</loc>", match.group(0))
        return match.group(0) if loc and loc.group(1).startswith(base) else ""

    return _URL_BLOCK.sub(keep, sitemap)
