"""Search: one index per language, Chinese words segmented by jieba."""

from __future__ import annotations

import re

from sitefiles import LANGS, page_file, pages, search_index


def _page_of(location: str) -> str:
    return location.split("#")[0]


def test_search_separator_splits_on_zero_width_space(built_site):
    """The separator splits on \\u200b, the mark jieba's segmentation puts between words."""
    for lang in LANGS:
        separator = search_index(built_site.path, lang)["config"]["separator"]
        assert re.split(separator, "激活\u200b函数") == ["激活", "函数"]


def test_chinese_index_holds_segmented_words(built_site):
    """Chinese titles and text are split into words (激活​函数), not one run of characters."""
    docs = search_index(built_site.path, "zh")["docs"]
    text = "".join(d["title"] + d["text"] for d in docs)
    assert "\u200b" in text
    assert "激活\u200b函数" in text


def test_search_index_is_split_per_language(built_site):
    """Each index lists exactly its own language's pages: no English page in the Chinese one."""
    for lang in LANGS:
        index = search_index(built_site.path, lang)
        located = {_page_of(d["location"]) for d in index["docs"]}
        assert not any(loc.startswith("en/") for loc in located), lang
        for loc in located:
            assert page_file(built_site.path, lang, loc).is_file(), f"{lang}: {loc}"
        assert "" in located and located <= set(pages(built_site.path, lang)), lang


def test_english_index_has_no_chinese_text_runs(built_site):
    """English entries are English pages: no title consists of CJK characters."""
    for doc in search_index(built_site.path, "en")["docs"]:
        assert not re.search(r"[\u4e00-\u9fff]{2,}", doc["title"]), doc["location"]


def test_english_pages_search_the_english_index(built_site):
    """English pages point the search worker at /en/, Chinese pages at the site root."""
    zh = page_file(built_site.path, "zh", "").read_text(encoding="utf-8")
    en = page_file(built_site.path, "en", "").read_text(encoding="utf-8")
    assert '"base": "."' in zh
    assert '"base": "../en/"' in en
