"""Where everything lives: one :class:`Project` per glossary checkout, built from its root.

Nothing in the engine derives a path from its own location (``Path(__file__)``): commands
find the project with :meth:`Project.discover` (or ``--root``), plugins with
:meth:`Project.from_config_file`, and tests build one on a temporary tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlglossary.core.languages import LANGUAGES

CONFIG_FILE = "mkdocs.yml"


class ProjectError(Exception):
    """No glossary project here; the message says where it looked and what to do."""


@dataclass(frozen=True)
class Project:
    """A glossary checkout: the folder holding ``mkdocs.yml``, and every path under it."""

    root: Path

    @classmethod
    def discover(cls, start: Path | None = None) -> Project:
        """The project holding ``start`` (default: the current directory): the nearest
        folder, ``start`` itself or a parent, that holds ``mkdocs.yml``.

        Raises:
            ProjectError: no such folder.
        """
        start = (start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_FILE).is_file():
                return cls(folder)
        raise ProjectError(
            f"no {CONFIG_FILE} in {start} or any folder above it; run this inside the "
            "glossary repository, or pass --root <repository>"
        )

    @classmethod
    def from_config_file(cls, path: str | Path | None) -> Project:
        """The project of a MkDocs config file (``config.config_file_path`` in a plugin)."""
        return cls(Path(path or CONFIG_FILE).resolve().parent)

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes (how messages name files)."""
        return Path(path).relative_to(self.root).as_posix()

    # ---------------------------------------------------------------- sources

    @property
    def config_file(self) -> Path:
        """``mkdocs.yml``."""
        return self.root / CONFIG_FILE

    @property
    def registry_dir(self) -> Path:
        """``registry/``: one ``<slug>.yml`` per term, ``_tags.yml``, and the recorded state."""
        return self.root / "registry"

    @property
    def tags_file(self) -> Path:
        return self.registry_dir / "_tags.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def docs(self, lang: str) -> Path:
        """``docs/<lang>/``: the pages of one language."""
        return self.docs_dir / lang

    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES

    def terms_dir(self, lang: str) -> Path:
        """``docs/<lang>/terms/``: one ``<slug>.md`` per term."""
        return self.docs(lang) / "terms"

    @property
    def snippets_dir(self) -> Path:
        """``snippets/``: one module per term, imported as ``snippets.<module>``."""
        return self.root / "snippets"

    @property
    def outputs_dir(self) -> Path:
        """``snippets/output/``: the golden stdout of every snippet's ``main()``."""
        return self.snippets_dir / "output"

    @property
    def figures_dir(self) -> Path:
        """``docs/assets/figures/``: the golden figures, committed."""
        return self.docs_dir / "assets" / "figures"

    @property
    def snippet_tests_dir(self) -> Path:
        return self.root / "tests" / "snippets"

    # ---------------------------------------------------------------- recorded state

    @property
    def translations_dir(self) -> Path:
        """``registry/translations/``: per page, the section hashes its translation was
        recorded at (``terms/gelu.md`` -> ``terms/gelu.json``)."""
        return self.registry_dir / "translations"

    @property
    def published_dir(self) -> Path:
        """``registry/published/``: the URLs ever published, one file per term
        (``<slug>.txt``, kept when the term goes) and ``_pages.txt`` for the other pages."""
        return self.registry_dir / "published"

    # ---------------------------------------------------------------- caches (not committed)

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    @property
    def figures_cache(self) -> Path:
        return self.cache_dir / "figures"

    @property
    def labs_cache(self) -> Path:
        return self.cache_dir / "labs"

    @property
    def check_logs(self) -> Path:
        """Where ``dlglossary check`` writes each gate's full output."""
        return self.cache_dir / "check"

    @property
    def check_site(self) -> Path:
        """Where ``dlglossary check`` builds the site it link-checks."""
        return self.cache_dir / "check-site"

    @property
    def linkcheck_site(self) -> Path:
        """Where ``dlglossary linkcheck --build`` builds the site."""
        return self.cache_dir / "linkcheck-site"
