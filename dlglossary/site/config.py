"""The glossary plugin's options (``plugins: - glossary: {...}`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GlossaryConfig(Config):
    """Options of :class:`dlglossary.site.plugin.GlossaryPlugin`; every one defaults to what
    the glossary's own site needs."""

    snippets = c.Type(bool, default=True)
    """Serve the tested code: check every ``--8<--`` include, serve each snippet module at
    ``/snippets/<module>.py`` and its figures at ``/assets/figures/``, add the code-section
    block to term pages, generate the API pages (the module list and one page per module) and
    make the lab notebooks pages again.
    Set ``false`` for a glossary without a ``snippets/`` package."""

    not_found_per_language = c.Type(bool, default=True)
    """Write a 404 page per language (``/404.html`` in the default language,
    ``/<lang>/404.html`` for the others) whose language selector points at the language
    roots; without it, the last language built owns ``/404.html``."""

    hreflang = c.Type(bool, default=True)
    """Give ``overrides/main.html`` absolute ``hreflang`` URLs for every page (the
    ``hreflang_links`` template variable; empty when ``site_url`` is unset)."""
