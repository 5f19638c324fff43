"""MkDocs hook: let mkdocs-redirects see the page URLs that mkdocs-static-i18n assigns.

mkdocs-redirects records the pages in its ``on_files`` (priority 0), before static-i18n (priority
-100) moves the default language from ``zh/terms/x/`` to ``terms/x/``; a redirect to a Chinese page
would then point at ``zh/terms/x/``, which is not published. Refreshing its page table afterwards
makes ``redirect_maps`` entries such as ``terms/old.md: zh/terms/new.md`` land on ``terms/new/``.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


@event_priority(-150)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Give mkdocs-redirects the final (language-prefixed) page table."""
    redirects = config.plugins.get("redirects")
    if redirects is not None and hasattr(redirects, "doc_pages"):
        redirects.doc_pages = {f.src_uri: f for f in files.documentation_pages()}
    return files
