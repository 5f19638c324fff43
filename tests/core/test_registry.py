"""Registry loading and every validation error (one line naming the file and the fix)."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from dlglossary.core.registry import (
    RegistryError,
    check_cross_references,
    check_pages,
    list_pages,
    load_registry,
    parse_tags,
    parse_term,
)

TAGS = {"activation-functions": {"zh": "激活函数", "en": "Activation functions"}}

BLOCKS = {
    "zh": "zh: {name: GELU, aliases: [高斯误差线性单元]}",
    "en": "en: {name: GELU, aliases: [Gaussian error linear unit, GELUs]}",
    "summary": "summary: {zh: 平滑的激活函数。, en: A smooth activation.}",
    "tags": "tags: [activation-functions]",
    "related": "related:\n  - {term: silu, zh: 同一家族。, en: Same family.}",
    "references": (
        'references:\n  - {authors: Dan Hendrycks, title: GELUs, year: 2016, arxiv: "1606.08415"}'
    ),
}
GOOD = "\n".join(BLOCKS.values()) + "\n"


def entry(**replace: str) -> str:
    """GOOD with some top-level blocks replaced (key → new text, "" drops the block)."""
    blocks = {**BLOCKS, **replace}
    return "\n".join(text for text in blocks.values() if text) + "\n"


def test_good_entry_parses():
    """A complete entry yields names, aliases, summary, tags, related and the arXiv link."""
    term = parse_term("gelu", GOOD, TAGS)
    assert term.names == {"zh": "GELU", "en": "GELU"}
    assert term.aliases["en"] == ("Gaussian error linear unit", "GELUs")
    assert term.related[0].term == "silu" and term.related[0].reason["zh"] == "同一家族。"
    assert term.references[0].link == "https://arxiv.org/abs/1606.08415"
    assert term.surface_forms() == [
        "GELU",
        "高斯误差线性单元",
        "Gaussian error linear unit",
        "GELUs",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("zh: [unclosed\n", "registry/gelu.yml: invalid YAML"),
        ("- just a list\n", "registry/gelu.yml: the entry must be a mapping"),
        (entry(en="en: {aliases: [GELUs]}"), "registry/gelu.yml: en.name is missing; add the en"),
        (entry(zh=""), "registry/gelu.yml: missing 'zh'; add zh: with zh and en"),
        (entry(summary="summary: {zh: 平滑。}"), "registry/gelu.yml: summary.en is missing"),
        (entry(summary=""), "registry/gelu.yml: missing 'summary'"),
        (entry(tags="tags: [detection]"), "registry/gelu.yml: unknown tag 'detection'; use one of"),
        (entry(tags="tags: activation-functions"), "registry/gelu.yml: tags must be a list"),
        (GOOD + "colour: red\n", "registry/gelu.yml: unknown key 'colour' in the entry; use only"),
        (
            entry(zh="zh: {name: GELU, alias: [x]}"),
            "registry/gelu.yml: unknown key 'alias' in zh; use only aliases, name",
        ),
        (
            entry(zh="zh: {name: GELU, aliases: 高斯}"),
            "registry/gelu.yml: zh.aliases must be a list",
        ),
        (entry(zh="zh: {name: 42}"), "registry/gelu.yml: zh.name is missing"),
        (
            entry(related="related: [{term: silu, zh: 理由}]"),
            "registry/gelu.yml: related[0].en is missing or not a non-empty string",
        ),
        (
            entry(references='references: [{authors: A, title: T, year: "2016", arxiv: "1"}]'),
            "registry/gelu.yml: references[0].year must be an integer",
        ),
        (
            entry(references="references: [{authors: A, title: T, year: 2016, arxiv: 1606.08415}]"),
            "registry/gelu.yml: references[0].arxiv 1606.08415 is not an arXiv id; quote it",
        ),
        (
            entry(references="references: [{authors: A, title: T}]"),
            "registry/gelu.yml: references[0] has no arxiv, doi or url; add arxiv:, doi: or url:",
        ),
        (
            entry(references="references: [{authors: A, title: T, doi: https://doi.org/10.1/x}]"),
            "registry/gelu.yml: references[0].doi 'https://doi.org/10.1/x' is not a DOI; "
            "write the bare DOI",
        ),
    ],
)
def test_bad_entry_is_rejected_with_one_line(text, message):
    """Each malformed entry raises one line that names the file, the problem and the fix."""
    with pytest.raises(RegistryError) as info:
        parse_term("gelu", text, TAGS)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_bad_tags_file():
    """A tag without an English name names _tags.yml and the missing field."""
    with pytest.raises(RegistryError, match=r"^registry/_tags.yml: tag 'x' en is missing"):
        parse_tags("x: {zh: 某}\n")


def terms(**entries: str):
    return {slug: parse_term(slug, text, TAGS) for slug, text in entries.items()}


def simple(zh: str, en: str, *, related: str = "", zh_aliases: str = "", en_aliases: str = ""):
    return dedent(f"""\
        zh: {{name: {zh}, aliases: [{zh_aliases}]}}
        en: {{name: {en}, aliases: [{en_aliases}]}}
        summary: {{zh: 简介。, en: Summary.}}
        related: [{related}]
        """)


def test_unknown_related_slug():
    """A related slug without a registry entry is reported with the file to add."""
    bad = terms(gelu=simple("GELU", "GELU", related="{term: silu, zh: 理由, en: reason}"))
    with pytest.raises(RegistryError) as info:
        check_cross_references(bad)
    assert str(info.value) == (
        "registry/gelu.yml: related term 'silu' is not in the registry; "
        "add registry/silu.yml or fix the slug"
    )


def test_alias_claimed_by_two_terms():
    """The same alias in two entries is reported, naming both files."""
    bad = terms(
        **{
            "knowledge-distillation": simple(
                "知识蒸馏", "Knowledge distillation", zh_aliases="蒸馏"
            ),
            "self-distillation": simple("自蒸馏", "Self-distillation", zh_aliases="蒸馏"),
        }
    )
    with pytest.raises(RegistryError) as info:
        check_cross_references(bad)
    assert str(info.value) == (
        "registry/self-distillation.yml: name or alias '蒸馏' is also claimed by "
        "registry/knowledge-distillation.yml ('蒸馏'); keep it in one entry only"
    )


def test_name_colliding_with_alias_ignores_case_and_spacing():
    """'Leaky ReLU' as a name and 'leakyrelu' as another term's alias collide (the linker
    treats them as the same word)."""
    bad = terms(
        **{
            "leaky-relu": simple("Leaky ReLU", "Leaky ReLU"),
            "relu": simple("ReLU", "ReLU", en_aliases="leakyrelu"),
        }
    )
    with pytest.raises(RegistryError, match=r"^registry/relu.yml: name or alias 'leakyrelu'"):
        check_cross_references(bad)


def test_same_name_in_both_languages_of_one_term_is_fine():
    """GELU as the Chinese and the English name of one term is not a collision."""
    check_cross_references(terms(gelu=simple("GELU", "GELU", en_aliases="gelu")))


def test_self_related():
    """A term listing itself as related is rejected."""
    bad = terms(gelu=simple("GELU", "GELU", related="{term: gelu, zh: 理由, en: reason}"))
    with pytest.raises(RegistryError, match=r"^registry/gelu.yml: lists itself under related"):
        check_cross_references(bad)


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def test_load_registry_and_pages(tmp_path):
    """A consistent registry and docs tree loads and passes the page checks."""
    write(
        tmp_path,
        {
            "registry/_tags.yml": "activation-functions: {zh: 激活函数, en: Activation}\n",
            "registry/gelu.yml": simple("GELU", "GELU"),
            "docs/zh/terms/gelu.md": "# GELU { #gelu }\n",
            "docs/en/terms/gelu.md": "# GELU { #gelu }\n",
            "docs/zh/index.md": "# 首页 { #home }\n",
            "docs/en/index.md": "# Home { #home }\n",
        },
    )
    registry = load_registry(tmp_path / "registry")
    assert list(registry.terms) == ["gelu"]
    check_pages(registry, {lang: list_pages(tmp_path / "docs", lang) for lang in ("zh", "en")})


PAGE_CASES = [
    (
        {"zh": {"index.md", "terms/gelu.md"}, "en": {"index.md"}},
        "docs/zh/terms/gelu.md: has no English translation; add docs/en/terms/gelu.md",
    ),
    (
        {"zh": {"index.md", "terms/gelu.md"}, "en": {"index.md", "terms/gelu.md", "labs/x.ipynb"}},
        "docs/en/labs/x.ipynb: has no Chinese original; add docs/zh/labs/x.ipynb",
    ),
    (
        {"zh": {"terms/gelu.md", "terms/silu.md"}, "en": {"terms/gelu.md", "terms/silu.md"}},
        "docs/zh/terms/silu.md: has no registry entry; add registry/silu.yml",
    ),
    (
        {"zh": set(), "en": set()},
        "registry/gelu.yml: has no term pages; add docs/zh/terms/gelu.md and docs/en/terms/gelu.md",
    ),
]


@pytest.mark.parametrize(("pages", "message"), PAGE_CASES)
def test_page_checks(pages, message):
    """Missing translations, pages without entries and entries without pages fail."""
    registry = type("R", (), {"terms": terms(gelu=simple("GELU", "GELU"))})()
    with pytest.raises(RegistryError) as info:
        check_pages(registry, pages)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Distilling the Knowledge in a Neural Network",
            "*Distilling the Knowledge in a Neural Network*. ",
        ),
        ("Do Deep Nets Really Need to be Deep?", "*Do Deep Nets Really Need to be Deep?* "),
    ],
)
def test_reference_titles_get_one_full_stop(title, expected):
    """A title ending in ? (or !, .) is not followed by another full stop."""
    from dlglossary.core.blocks import _reference_markdown
    from dlglossary.core.registry import Reference

    text = _reference_markdown(
        Reference(authors="A. Author", title=title, year=2014, arxiv="1312.6184")
    )
    assert text == f"A. Author (2014). {expected}arXiv:[1312.6184](https://arxiv.org/abs/1312.6184)"


def test_doi_reference_links_to_doi_org():
    """A reference with a DOI (and a venue) links to doi.org and shows both."""
    from dlglossary.core.blocks import _reference_markdown

    text = entry(
        references="references:\n  - {authors: K. He, title: Deep Residual Learning, year: 2016,"
        ' venue: CVPR 2016, doi: "10.1109/CVPR.2016.90"}'
    )
    (ref,) = parse_term("gelu", text, TAGS).references
    assert ref.link == "https://doi.org/10.1109/CVPR.2016.90"
    assert _reference_markdown(ref) == (
        "K. He (2016). *Deep Residual Learning*. CVPR 2016. "
        "doi:[10.1109/CVPR.2016.90](https://doi.org/10.1109/CVPR.2016.90)"
    )
