"""MkDocs hooks for the bilingual site engine (loaded via ``hooks:`` in mkdocs.yml).

Thin handlers around :mod:`dlglossary.core.i18n`: give each language its own 404 page
(``/404.html`` in Chinese, ``/en/404.html`` in English; mkdocs-static-i18n renders the
404 template once per language into the same ``site/404.html``, so the last language
would win) and absolute hreflang URLs; and around :mod:`dlglossary.core.html_weight`:
pages without the theme's indentation. (Compiled templates are cached by the
``build_cache`` hook.)
Missing translations are caught by the glossary plugin (``registry.check_pages``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from dlglossary.core.html_weight import drop_indentation
from dlglossary.core.i18n import hreflang_links, not_found_alternates

_not_found_pages: dict[str, str] = {}


def _i18n(config: MkDocsConfig):
    return config.plugins.get("i18n")


def _languages(config: MkDocsConfig) -> tuple[list[str], str]:
    i18n = _i18n(config)
    langs = [lang.locale for lang in i18n.config.languages]
    return langs, i18n.default_language


def _alternates(config: MkDocsConfig) -> list[dict]:
    # static-i18n sets ``extra.alternate`` as an attribute per page, the theme reads
    # the item when no attribute exists: mirror Jinja's lookup order.
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []


def _current_language(config: MkDocsConfig) -> str:
    return _i18n(config).current_language


@event_priority(-100)  # after mkdocs-static-i18n pointed the selector at this page's counterparts
def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    """Expose absolute hreflang URLs to ``overrides/main.html``."""
    _, default = _languages(config)
    context["hreflang_links"] = hreflang_links(config.site_url, _alternates(config), default)
    return context


@event_priority(-200)  # last: every other plugin has written its part of the page
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    """The page without the theme's indentation (:mod:`dlglossary.core.html_weight`)."""
    return drop_indentation(output)


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """Point the 404 page's language selector at the language roots."""
    if template_name == "404.html":
        langs, default = _languages(config)
        names = {a["lang"]: a["name"] for a in _alternates(config)}
        alternates = [
            {**alt, "name": names.get(alt["lang"], alt["lang"])}
            for alt in not_found_alternates(config.site_url, langs, default)
        ]
        config.extra["alternate"] = alternates
        config.extra.alternate = alternates
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Remember each language's rendering of the 404 page."""
    if template_name == "404.html":
        _not_found_pages[_current_language(config)] = output
    return output


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config: MkDocsConfig) -> None:
    """Write ``404.html`` at the site root (default language) and under each language."""
    if getattr(_i18n(config), "building", False):
        return
    _, default = _languages(config)
    site = Path(config.site_dir)
    for lang, html in _not_found_pages.items():
        target = site / ("404.html" if lang == default else f"{lang}/404.html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    _not_found_pages.clear()
