"""One sitemap per language.

mkdocs-static-i18n writes one sitemap for the whole site; each language root also gets
its own (``/en/sitemap.xml``), which Material's language selector and crawlers read.
"""

from __future__ import annotations

import re

_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)


def sitemap_for_prefix(sitemap: str, site_url: str, prefix: str) -> str:
    """Keep only the ``<url>`` entries whose ``<loc>`` starts with ``site_url + prefix``."""
    base = site_url.rstrip("/") + "/" + prefix

    def keep(match: re.Match) -> str:
        loc = re.search(r"<loc>(.*?)</loc>", match.group(0))
        return match.group(0) if loc and loc.group(1).startswith(base) else ""

    return _URL_BLOCK.sub(keep, sitemap)
