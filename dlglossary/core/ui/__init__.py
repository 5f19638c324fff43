"""The site's interface strings, one data file per language (``dlglossary/core/ui/<lang>.yml``).

``strings("en", "term_footer")["related"]`` is "Related terms". A key missing from a language's
file is a one-line error naming the file and the key, not a ``KeyError`` deep in a build.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterator, Mapping

import yaml

UI_DIR = importlib.resources.files(__name__)  # package data, shipped with the engine


class UIStringError(KeyError):
    """A language file lacks a string; the message names the file and the fix."""

    def __str__(self) -> str:
        return str(self.args[0])


class Strings(Mapping):
    """One section of one language's strings; a missing key raises :class:`UIStringError`."""

    def __init__(self, lang: str, section: str, values: dict[str, str]) -> None:
        self._lang, self._section, self._values = lang, section, values

    def __getitem__(self, key: str) -> str:
        try:
            return self._values[key]
        except KeyError:
            raise UIStringError(
                f"dlglossary/core/ui/{self._lang}.yml: no string {self._section}.{key}; add it "
                f"under '{self._section}:' (every language file has the same keys)"
            ) from None

    def count(self, key: str, n: int) -> str:
        """The string ``key`` for ``n`` things: ``<key>_one`` when ``n`` is 1 (English says
        "1 term", not "1 terms"; Chinese files give both keys the same form)."""
        return self[f"{key}_one" if n == 1 else key].format(n=n)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def strings(lang: str, section: str) -> Strings:
    """The strings of ``section`` (``indexes``, ``term_footer``, ``code_block``, ``notebook``)
    in language ``lang``."""
    values = _load(lang).get(section)
    if not isinstance(values, dict):
        raise UIStringError(
            f"dlglossary/core/ui/{lang}.yml: no section '{section}:'; add it "
            "(every language file has the same keys)"
        )
    return Strings(lang, section, values)


@functools.cache
def _load(lang: str) -> dict:
    path = UI_DIR / f"{lang}.yml"
    if not path.is_file():
        raise UIStringError(
            f"dlglossary/core/ui/{lang}.yml does not exist; copy en.yml and translate it"
        )
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
