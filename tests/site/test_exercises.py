"""Every term page teaches with practice: an exercises section with collapsed answers."""

from __future__ import annotations

import re

import pytest
from sitefiles import ROOT

from dlglossary.core.registry import load_registry

SLUGS = sorted(load_registry(ROOT / "registry").terms)
ANSWER = {"zh": '??? success "答案"', "en": '??? success "Answer"'}
HEADING = {"zh": "## 练习 { #exercises }", "en": "## Exercises { #exercises }"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_term_page_has_exercises_with_collapsed_answers(slug, lang):
    """The page has an exercises section after its pitfalls, with 2–4 numbered questions,
    each followed by a collapsed answer."""
    text = (ROOT / "docs" / lang / "terms" / f"{slug}.md").read_text(encoding="utf-8")
    assert HEADING[lang] in text, f"docs/{lang}/terms/{slug}.md has no exercises section"
    section = text.split(HEADING[lang], 1)[1].split("\n## ", 1)[0]
    assert text.index("{ #pitfalls }") < text.index(HEADING[lang])
    questions = re.findall(r"^\d+\. ", section, re.MULTILINE)
    assert 2 <= len(questions) <= 4, (slug, lang, len(questions))
    assert section.count(ANSWER[lang]) == len(questions), (slug, lang)
