"""The search index builder (dlglossary/core/search_index.py) and its cache."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from dlglossary.core import search_index
from dlglossary.core.registry import load_registry
from dlglossary.core.search_index import PageInput, SearchIndexError

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry(ROOT / "registry")
PREFIXES = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def segmenter() -> search_index.Segmenter:
    return search_index.segmenter_for(search_index.chinese_names(REGISTRY))


TERM_HTML = dedent(
    """\
    <h1 id="relu">ReLU<a class="headerlink" href="#relu">¶</a></h1>
    <h2 id="definition">Definition</h2>
    <p>ReLU keeps <code>x</code> when positive:
    <span class="arithmatex">\\(\\max(x, 0)\\)</span>.</p>
    <h2 id="code">Code</h2>
    <div class="highlight"><pre><span>import torch</span></pre></div>
    <table><tr><td>cell</td></tr></table>
    <p>Prose after the code.</p>
    <h2 id="related-terms">Related terms</h2>
    <ul><li>GELU: smoother.</li></ul>
    <h2 id="referenced-by">Referenced by</h2>
    <div class="glossary-backlinks" data-glossary-backlinks="relu"><ul><li>API</li></ul></div>
    """
)


def test_sections_keep_prose_and_leave_out_code_tables_math():
    """Sections split at headings with ids; code blocks, tables, formulas and permalink
    marks are not text, inline code is."""
    sections = {s.id: s for s in search_index.extract_sections(TERM_HTML)}
    assert sections["relu"].title == "ReLU"
    assert sections["definition"].text == "ReLU keeps x when positive: ."
    assert sections["code"].text == "Prose after the code."
    assert sections["referenced-by"].text == ""


def test_term_page_documents(segmenter):
    """A term page: the page entry (summary, every name in keys and names), then one entry
    per written section; the generated sections are left out."""
    page = PageInput("en/terms/relu/", "ReLU", TERM_HTML, "term", "relu")
    docs = search_index.page_documents(page, REGISTRY, "en", segmenter, "en/")
    assert [d["location"] for d in docs] == [
        "terms/relu/",
        "terms/relu/#definition",
        "terms/relu/#code",
    ]
    first = docs[0]
    assert first["text"] == REGISTRY.terms["relu"].summary["en"]
    assert first["names"] == REGISTRY.terms["relu"].surface_forms()
    for form in ("ReLU", "rectified linear unit", "rectifiedlinearunit", "线性整流函数"):
        assert form in first["keys"]


def test_chinese_names_stay_whole_and_their_parts_are_keys(segmenter):
    """jieba keeps every Chinese term name as one word; keys also hold its parts."""
    words = segmenter.words("非极大值抑制和知识蒸馏都用到交并比").split("\u200b")
    assert {"非极大值抑制", "知识蒸馏", "交并比"} <= set(words)
    keys = search_index.term_keys(REGISTRY, "knowledge-distillation", segmenter).split()
    assert {"知识蒸馏", "知识", "蒸馏", "KD"} <= set(keys)


def _pages(lang: str) -> list[PageInput]:
    prefix = PREFIXES[lang]
    pages = [PageInput(prefix, "Home", "<h1 id='home'>Home</h1><p>Hello.</p>", "page")]
    pages += [
        PageInput(f"{prefix}terms/{slug}/", slug, f"<h1 id='{slug}'>{slug}</h1>", "term", slug)
        for slug in REGISTRY.terms
    ]
    return pages


@pytest.mark.parametrize("lang", PREFIXES)
def test_index_has_every_page_once(lang):
    """One entry per page, locations relative to the language root, every term named."""
    index = search_index.build_index(_pages(lang), REGISTRY, lang, PREFIXES)
    locations = [d["location"] for d in index["docs"]]
    assert sorted(locations) == sorted(["", *(f"terms/{slug}/" for slug in REGISTRY.terms)])
    assert all(d["keys"] for d in index["docs"] if d["location"].startswith("terms/"))
    assert index["config"]["lang"] == [lang]
    assert "keys" in index["config"]["fields"]


def test_a_page_of_the_other_language_fails_the_index():
    """An English page in the Chinese build, or the reverse, is an error naming the page."""
    with pytest.raises(SearchIndexError, match=r"search index \(zh\).*'en/terms/[a-z-]+/'"):
        search_index.build_index(_pages("zh") + _pages("en")[1:2], REGISTRY, "zh", PREFIXES)
    with pytest.raises(SearchIndexError, match=r"search index \(en\).*\['terms/[a-z-]+/'\]"):
        search_index.build_index(_pages("en") + _pages("zh")[1:2], REGISTRY, "en", PREFIXES)


def test_a_page_that_was_never_rendered_fails_the_index():
    """A page the build lists but whose content never reached the index is an error."""
    pages = _pages("en")
    urls = [p.url for p in pages] + ["en/terms/never-rendered/"]
    missing = r"no entry for page\(s\) \['terms/never-rendered/'\]"
    with pytest.raises(SearchIndexError, match=missing):
        search_index.build_index(pages, REGISTRY, "en", PREFIXES, expected_urls=urls)


def test_check_index_names_each_problem():
    """A location twice, a page missing, a Chinese title in the English index, a term page
    without names: each is a one-line error."""
    doc = {"location": "terms/relu/", "title": "ReLU", "text": "", "keys": "ReLU"}
    with pytest.raises(SearchIndexError, match="'terms/relu/' twice"):
        search_index.check_index([doc, doc], "en", ["terms/relu/"], [])
    with pytest.raises(SearchIndexError, match=r"no entry for page\(s\) \['terms/gelu/'\]"):
        search_index.check_index([doc], "en", ["terms/relu/", "terms/gelu/"], [])
    with pytest.raises(SearchIndexError, match="Chinese title"):
        search_index.check_index([{**doc, "title": "线性整流"}], "en", [], [])
    with pytest.raises(SearchIndexError, match="have no names"):
        search_index.check_index([{**doc, "keys": ""}], "zh", [], ["terms/relu/"])
