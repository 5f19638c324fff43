"""A–Z ordering (pinyin for Chinese), topic pages and the terminology downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dlglossary.core.indexes import (
    az_markdown,
    contents_markdown,
    generated_pages,
    nav_tree,
    pinyin_key,
    sort_terms,
    terminology_csv,
    terminology_json,
    topics_overview_markdown,
)
from dlglossary.core.registry import Registry, Term


def term(slug, zh, en, tags=(), zh_aliases=()):
    return Term(
        slug=slug,
        names={"zh": zh, "en": en},
        aliases={"zh": tuple(zh_aliases), "en": ()},
        summary={"zh": f"{zh}。", "en": f"{en}."},
        tags=tuple(tags),
    )


REGISTRY = Registry(
    terms={
        t.slug: t
        for t in [
            term("activation-function", "激活函数", "Activation function", ["act"]),
            term("knowledge-distillation", "知识蒸馏", "Knowledge distillation", ["kd"], ["蒸馏"]),
            term("prior-box", "先验框", "Prior box"),
            term("gelu", "GELU", "GELU", ["act"]),
            term("long-range-dependency", "长距离依赖关系", "Long-range dependency"),
            term("hard-label", "硬标签", "Hard label", ["kd"]),
            term("freezing", "冻结", "Freezing"),
            term("early-fusion", "早融合", "Early fusion"),
        ]
    },
    tags={
        "act": {"zh": "激活函数", "en": "Activation functions"},
        "kd": {"zh": "知识蒸馏", "en": "Knowledge distillation"},
        "unused": {"zh": "未用", "en": "Unused"},
    },
)


@pytest.mark.parametrize(
    ("name", "initial"),
    [
        ("激活函数", "J"),
        ("蒸馏", "Z"),
        ("先验框", "X"),
        ("长距离依赖关系", "C"),
        ("硬标签", "Y"),
        ("冻结", "D"),
        ("GELU", "G"),
        ("Leaky ReLU 函数", "L"),
    ],
)
def test_pinyin_initial(name, initial):
    """Initials as in the notes: 激活 J, 蒸馏 Z, 先验 X, 长 (cháng) C, 硬 Y; Latin by letter."""
    assert pinyin_key(name)[0] == initial


def test_chinese_order_is_by_pinyin():
    """The Chinese index sorts by pinyin, mixing Latin names in by their letters."""
    order = [t.names["zh"] for _, t in sort_terms(list(REGISTRY.terms.values()), "zh")]
    assert order == [
        "长距离依赖关系",
        "冻结",
        "GELU",
        "激活函数",
        "先验框",
        "硬标签",
        "早融合",
        "知识蒸馏",
    ]


def test_english_order_is_alphabetical():
    """The English index sorts case-insensitively by English name."""
    order = [t.slug for _, t in sort_terms(list(REGISTRY.terms.values()), "en")]
    assert order == [
        "activation-function",
        "early-fusion",
        "freezing",
        "gelu",
        "hard-label",
        "knowledge-distillation",
        "long-range-dependency",
        "prior-box",
    ]


def test_az_page_lists_every_term_once_under_its_letter():
    """Each term appears once, under a heading with a fixed id, with its other-language name."""
    md = az_markdown(REGISTRY, "zh")
    for t in REGISTRY.terms.values():
        assert md.count(f"(terms/{t.slug}.md)") == 1
    assert "## Z { #z }" in md
    assert (
        "- [知识蒸馏](terms/knowledge-distillation.md)（Knowledge distillation）：知识蒸馏。" in md
    )
    assert md.index("## C { #c }") < md.index("## D { #d }")


def test_topics_only_for_used_tags():
    """Topic pages exist for tags in use; the overview counts their terms."""
    pages = generated_pages(REGISTRY, "en")
    assert "topics/act.md" in pages and "topics/unused.md" not in pages
    assert "- [Activation functions](act.md): 2 terms" in topics_overview_markdown(REGISTRY, "en")
    assert pages["topics/kd.md"].count("../terms/") == 2


def test_csv_has_bom_and_matches_registry():
    """The CSV starts with a UTF-8 BOM (Excel) and has one row per term with both names."""
    data = terminology_csv(REGISTRY)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["slug"] for r in rows] == sorted(REGISTRY.terms)
    kd = next(r for r in rows if r["slug"] == "knowledge-distillation")
    assert (kd["zh_name"], kd["en_name"], kd["zh_aliases"]) == (
        "知识蒸馏",
        "Knowledge distillation",
        "蒸馏",
    )


def test_json_matches_registry():
    """The JSON lists each term with names, aliases, summaries, URLs and tags."""
    data = json.loads(terminology_json(REGISTRY))
    gelu = next(t for t in data["terms"] if t["slug"] == "gelu")
    assert gelu == {
        "slug": "gelu",
        "zh": {"name": "GELU", "aliases": [], "summary": "GELU。", "url": "terms/gelu/"},
        "en": {"name": "GELU", "aliases": [], "summary": "GELU.", "url": "en/terms/gelu/"},
        "tags": ["act"],
    }


def test_home_contents_count_the_terms_and_link_every_used_topic():
    """The home page's contents: the number of terms and used topics, each topic linked to
    its page with its count and its first names (A–Z) linked to their pages."""
    en = contents_markdown(REGISTRY, "en", names_per_topic=1)
    assert en.startswith("8 terms so far, in 2 topics:")
    assert "- [Activation functions](topics/act.md) (2 terms): [Activation function]" in en
    assert "(terms/activation-function.md) …" in en  # one name shown of two
    assert "unused" not in en
    zh = contents_markdown(REGISTRY, "zh")
    assert zh.startswith("目前共有 8 个术语，分属 2 个主题：")
    assert "- [知识蒸馏](topics/kd.md)（2 个术语）：[硬标签](terms/hard-label.md)、[知识蒸馏]" in zh


def test_nav_tree_groups_by_first_tag_and_splits_large_topics_by_letter():
    """Sidebar grouping: untagged terms first under "Other", then topics in _tags.yml order,
    each in A–Z order; a topic above the limit is split by initial letter."""
    tree = nav_tree(REGISTRY, "en", set(REGISTRY.terms))
    assert [title for title, _ in tree] == [
        "Other",
        "Activation functions",
        "Knowledge distillation",
    ]
    assert tree[1][1] == ["activation-function", "gelu"]
    assert tree[0][1] == ["early-fusion", "freezing", "long-range-dependency", "prior-box"]
    split = nav_tree(REGISTRY, "en", set(REGISTRY.terms), limit=3)
    letters = [("E", ["early-fusion"]), ("F", ["freezing"]), ("L", ["long-range-dependency"])]
    assert split[0] == ("Other", [*letters, ("P", ["prior-box"])])
    assert split[1] == ("Activation functions", ["activation-function", "gelu"])
    zh = nav_tree(REGISTRY, "zh", {"freezing", "prior-box", "hard-label"}, limit=1)
    assert zh == [
        ("其他", [("D", ["freezing"]), ("X", ["prior-box"])]),
        ("知识蒸馏", ["hard-label"]),
    ]
