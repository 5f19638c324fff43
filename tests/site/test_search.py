"""Search: one correct index per language, term names kept whole, small enough for a phone."""

from __future__ import annotations

import gzip
import html
import json
import re

import pytest
from sitefiles import LANGS, ROOT, first_search_part, page_file, pages, search_index

from dlglossary.core.registry import load_registry

REGISTRY = load_registry(ROOT / "registry")


def _page_of(location: str) -> str:
    return location.split("#")[0]


def test_search_separator_splits_on_zero_width_space(built_site):
    """The separator splits on \\u200b, the mark jieba's segmentation puts between words."""
    for lang in LANGS:
        separator = search_index(built_site.path, lang)["config"]["separator"]
        assert re.split(separator, "梯度\u200b消失") == ["梯度", "消失"]


@pytest.mark.parametrize("name", ["非极大值抑制", "知识蒸馏", "交并比", "激活函数"])
def test_chinese_term_names_stay_whole(built_site, name):
    """A Chinese term name is one word of the index (jieba has it in its dictionary), and the
    text around it is segmented."""
    docs = search_index(built_site.path, "zh")["docs"]
    text = "\u200b".join(d["title"] + "\u200b" + d["text"] for d in docs)
    assert f"\u200b{name}\u200b" in text or f"\u200b{name}（" in text
    assert "\u200b的\u200b" in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_once_and_nothing_else(built_site, lang):
    """Each index has one entry per page of its language (no other language's page, no
    location twice), each section of a page at most once."""
    docs = search_index(built_site.path, lang)["docs"]
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations))
    page_entries = sorted(loc for loc in locations if "#" not in loc)
    assert page_entries == sorted(pages(built_site.path, lang))
    for loc in locations:
        assert not loc.startswith("en/"), loc
        assert page_file(built_site.path, lang, _page_of(loc)).is_file(), f"{lang}: {loc}"


@pytest.mark.parametrize("lang", LANGS)
def test_term_pages_carry_their_names(built_site, lang):
    """Every term page's entry holds its summary as text and every name and alias of both
    languages (keys, names), so its own names and the other language's find it."""
    docs = {d["location"]: d for d in search_index(built_site.path, lang)["docs"]}
    for slug, term in REGISTRY.terms.items():
        doc = docs[f"terms/{slug}/"]
        assert doc["names"] == term.surface_forms()
        keys = doc["keys"].replace("\u200b", "")
        for form in term.surface_forms():
            assert form.replace(" ", "") in keys.replace(" ", ""), (slug, form)
        assert html.unescape(doc["text"]).replace("\u200b", "") == term.summary[lang]


def test_english_index_has_no_chinese_titles(built_site):
    """English entries are English pages: no title consists of CJK characters."""
    for doc in search_index(built_site.path, "en")["docs"]:
        assert not re.search(r"[\u4e00-\u9fff]{2,}", doc["title"]), doc["location"]


@pytest.mark.parametrize("lang", LANGS)
def test_index_leaves_out_code_output_and_generated_lists(built_site, lang):
    """No code, program output, notebook prompts or copy buttons in the text, and no entry
    for the generated related-terms, backlinks and references sections or the exercises."""
    for doc in search_index(built_site.path, lang)["docs"]:
        assert not re.search(r"In \[\d+\]|Copied!|import torch|>>>", doc["text"]), doc["location"]
        generated = ("#related-terms", "#referenced-by", "#references", "#exercises")
        assert not doc["location"].endswith(generated)


@pytest.mark.parametrize("lang", LANGS)
def test_index_size_per_term(built_site, lang):
    """Each index stays under 2.5 KB gzipped per term (150 KB at 60 terms, issue 11)."""
    raw = json.dumps(search_index(built_site.path, lang), ensure_ascii=False).encode()
    per_term = len(gzip.compress(raw, 9)) / len(REGISTRY.terms)
    assert per_term < 2500, f"{lang}: {per_term:.0f} bytes per term"


@pytest.mark.parametrize("lang", LANGS)
def test_first_part_holds_the_pages_and_names_the_sections(built_site, lang):
    """The part fetched before the first result has one entry per page (no sections) and
    the sections file's path from the site root; under 600 bytes gzipped per term, so at
    1,000 terms a phone downloads about 600 KB before the first result (issue 13)."""
    raw = first_search_part(built_site.path, lang)
    first = json.loads(raw)
    assert all("#" not in d["location"] for d in first["docs"])
    assert sorted(d["location"] for d in first["docs"]) == sorted(pages(built_site.path, lang))
    assert (built_site.path / first["config"]["sections"]).is_file()
    per_term = len(gzip.compress(raw, 9)) / len(REGISTRY.terms)
    assert per_term < 600, f"{lang}: {per_term:.0f} bytes per term"


def test_pages_use_the_glossary_search_worker(built_site):
    """Every page starts the glossary's worker, which loads Material's from the same folder."""
    for lang in LANGS:
        for rel in pages(built_site.path, lang):
            html = page_file(built_site.path, lang, rel).read_text(encoding="utf-8")
            match = re.search(r'"search": "([^"]+)"', html)
            assert match, rel
            worker, _, material = match.group(1).partition("?material=")
            assert worker.endswith("assets/javascripts/workers/glossary-search.js"), rel
            assert (built_site.path / "assets/javascripts/workers" / material).is_file()
    assert (built_site.path / "assets/javascripts/workers/glossary-search.js").is_file()


def test_english_pages_search_the_english_index(built_site):
    """English pages point the search worker at /en/, Chinese pages at the site root; so do
    the two 404 pages."""
    zh = page_file(built_site.path, "zh", "").read_text(encoding="utf-8")
    en = page_file(built_site.path, "en", "").read_text(encoding="utf-8")
    assert '"base": "."' in zh
    assert '"base": "../en/"' in en
    # The 404 pages are served at any depth: absolute bases under the site's mount point.
    mount = "/" + built_site.url.split("/", 3)[3]
    zh_404 = (built_site.path / "404.html").read_text(encoding="utf-8")
    en_404 = (built_site.path / "en" / "404.html").read_text(encoding="utf-8")
    assert f'"base": "{mount}"' in zh_404
    assert f'"base": "{mount}en/"' in en_404
