"""MkDocs plugin: thin event handlers around the pure functions of this package."""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from dlglossary.search import sitemap_for_prefix, split_search_index

DEFAULT_LANGUAGE = "zh"
LANGUAGES = ("zh", "en")


def _prefixes() -> dict[str, str]:
    return {lang: "" if lang == DEFAULT_LANGUAGE else f"{lang}/" for lang in LANGUAGES}


class GlossaryPlugin(BasePlugin):
    """Glossary features: see the ``dlglossary`` package for the logic."""

    @event_priority(-200)  # after mkdocs-static-i18n (-100) merged every language's entries
    def on_post_build(self, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # an inner per-language build; the outer one finishes the job
        site = Path(config.site_dir)
        index_path = site / "search" / "search_index.json"
        if index_path.exists():
            merged = json.loads(index_path.read_text(encoding="utf-8"))
            for lang, index in split_search_index(merged, _prefixes()).items():
                out = site / _prefixes()[lang] / "search" / "search_index.json"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        sitemap_path = site / "sitemap.xml"
        if sitemap_path.exists():
            sitemap = sitemap_path.read_text(encoding="utf-8")
            for lang, prefix in _prefixes().items():
                if prefix:
                    text = sitemap_for_prefix(sitemap, config.site_url or "/", prefix)
                    (site / prefix / "sitemap.xml").write_text(text, encoding="utf-8")
