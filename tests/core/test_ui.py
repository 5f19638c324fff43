"""The interface strings: one data file per language, the same keys in each, a clear error
for a missing one."""

from __future__ import annotations

import string

import pytest
import yaml

from dlglossary.core import ui
from dlglossary.core.languages import LANGUAGES


def _keys(lang: str) -> dict[str, set[str]]:
    data = yaml.safe_load((ui.UI_DIR / f"{lang}.yml").read_text(encoding="utf-8"))
    return {section: set(values) for section, values in data.items()}


def test_every_language_has_a_file_with_the_same_keys():
    """Each language of the site has a strings file, and no file lacks a key another has."""
    files = {
        path.name.removesuffix(".yml") for path in ui.UI_DIR.iterdir() if path.name.endswith(".yml")
    }
    assert files == set(LANGUAGES)
    reference = _keys(LANGUAGES[0])
    for lang in LANGUAGES[1:]:
        assert _keys(lang) == reference, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_across_languages(lang):
    """A string fills the same {placeholders} in every language (the code formats them)."""

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for section in _keys(LANGUAGES[0]):
        first, this = ui.strings(LANGUAGES[0], section), ui.strings(lang, section)
        for key in first:
            assert fields(this[key]) == fields(first[key]), f"{lang}: {section}.{key}"


def test_strings_are_read_from_the_language_file():
    assert ui.strings("en", "term_footer")["related"] == "Related terms"
    assert ui.strings("zh", "term_footer")["related"] == "相关术语"


def test_a_missing_key_names_the_file_and_the_fix():
    with pytest.raises(ui.UIStringError) as error:
        ui.strings("en", "term_footer")["no_such_string"]
    assert str(error.value) == (
        "dlglossary/core/ui/en.yml: no string term_footer.no_such_string; add it under "
        "'term_footer:' (every language file has the same keys)"
    )


def test_a_missing_section_or_language_is_a_one_line_error():
    with pytest.raises(ui.UIStringError, match=r"^dlglossary/core/ui/en.yml: no section 'nope:'"):
        ui.strings("en", "nope")
    with pytest.raises(ui.UIStringError, match=r"^dlglossary/core/ui/fr.yml does not exist; "):
        ui.strings("fr", "indexes")


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [("en", 1, "1 term"), ("en", 2, "2 terms"), ("en", 0, "0 terms"), ("zh", 1, "1 个术语")],
)
def test_counts_take_the_singular_for_one(lang, n, text):
    assert ui.strings(lang, "indexes").count("terms_count", n) == text
