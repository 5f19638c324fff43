"""The mention linker on small rendered-HTML inputs."""

from __future__ import annotations

import re

import pytest

from dlglossary.core.linker import Target, compile_mentions, link_mentions, resolve_href
from dlglossary.core.registry import Term


def term(slug: str, zh: str, en: str, zh_aliases=(), en_aliases=()) -> Term:
    return Term(
        slug=slug,
        names={"zh": zh, "en": en},
        aliases={"zh": tuple(zh_aliases), "en": tuple(en_aliases)},
        summary={"zh": f"{zh}的简介。", "en": f"About {en}."},
    )


TERMS = [
    term("relu", "ReLU", "ReLU"),
    term("leaky-relu", "Leaky ReLU", "Leaky ReLU", en_aliases=["LeakyReLU"]),
    term("elu", "ELU", "ELU"),
    term("gelu", "GELU", "GELU", ["高斯误差线性单元"]),
    term("knowledge-distillation", "知识蒸馏", "Knowledge distillation", ["蒸馏"], ["KD"]),
    term("self-distillation", "自蒸馏", "Self-distillation"),
    term("activation-function", "激活函数", "Activation function"),
]
PATTERN = compile_mentions(TERMS)
TARGETS = {t.slug: Target(f"../{t.slug}/", t.summary["zh"]) for t in TERMS}


def linked(html: str, own: str | None = None, **kwargs) -> list[tuple[str, str]]:
    """(slug, linked text) of every auto-link in the output."""
    import re

    out, _ = link_mentions(html, PATTERN, TARGETS, own_slug=own, **kwargs)
    return re.findall(r'<a class="glossary-mention" href="\.\./([^/]+)/"[^>]*>([^<]*)</a>', out)


def test_link_markup_has_preview_and_tooltip():
    """A mention becomes a link with the target's summary as title and data-preview."""
    out, seen = link_mentions("<p>用 GELU。</p>", PATTERN, TARGETS)
    assert out == (
        '<p>用 <a class="glossary-mention" href="../gelu/" title="GELU的简介。" '
        'data-preview="">GELU</a>。</p>'
    )
    assert seen == ["gelu"]


def test_chinese_longest_match_first():
    """知识蒸馏 links to knowledge-distillation as a whole, not its alias 蒸馏 inside it."""
    assert linked("<p>知识蒸馏很常用。</p>") == [("knowledge-distillation", "知识蒸馏")]


def test_chinese_substring_trap():
    """自蒸馏 is its own term: 蒸馏 inside it never links to knowledge distillation."""
    assert linked("<p>自蒸馏是一种方法。</p>") == [("self-distillation", "自蒸馏")]


def test_chinese_needs_no_word_boundaries():
    """A Chinese name embedded in a sentence without spaces is found."""
    assert linked("<p>常见的激活函数有很多</p>") == [("activation-function", "激活函数")]


@pytest.mark.parametrize("text", ["Leaky ReLU", "LeakyReLU", "Leaky-ReLU", "leaky ReLU"])
def test_leaky_relu_never_links_relu(text):
    """Every spelling of Leaky ReLU links to leaky-relu, never to relu."""
    assert linked(f"<p>Use {text} here.</p>") == [("leaky-relu", text)]


def test_latin_names_need_boundaries():
    """ELU inside GELU or RELU-like words is not a mention; standalone ELU is."""
    assert linked("<p>GELU, ELU and SELUx.</p>") == [("gelu", "GELU"), ("elu", "ELU")]


def test_latin_plural_and_case():
    """An English plural 's' and other letter case still match."""
    assert linked("<p>Two GELUs and knowledge Distillation.</p>") == [
        ("gelu", "GELUs"),
        ("knowledge-distillation", "knowledge Distillation"),
    ]


ERF = [
    term(
        "receptive-field",
        "感受野",
        "Receptive field",
        ["ERF"],
        ["effective receptive field", "ERF"],
    )
]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # The GELU snippet's docstring and term page: the error function is not ERF.
        ("<p>Phi(x) = (1 + erf(x / sqrt 2)) / 2, as in math.erf.</p>", []),
        ("<p>BERT used the exact erf form.</p>", []),
        ("<p>Erf and eRF are not it either.</p>", []),
        ("<p>the ERF grows with depth</p>", [("receptive-field", "ERF")]),
        ("<p>两个 ERFs</p>", [("receptive-field", "ERFs")]),
        (
            "<p>the Effective Receptive Field grows</p>",
            [("receptive-field", "Effective Receptive Field")],
        ),
    ],
)
def test_an_abbreviation_matches_only_with_its_capitals(html, expected):
    """An alias with two or more capitals (ERF) is matched as written, so the code word erf
    (math.erf, "erf(") is no mention; names of ordinary words match in any case."""
    pattern = compile_mentions(ERF)
    targets = {"receptive-field": Target("../receptive-field/", "")}
    out, _ = link_mentions(html, pattern, targets)
    found = re.findall(r'<a class="glossary-mention" href="\.\./([^/]+)/"[^>]*>([^<]*)</a>', out)
    assert found == expected


def test_lower_case_code_words_are_not_mentions():
    """relu and gelu written in lower case are function names, not the terms ReLU and GELU."""
    assert linked("<p>call relu(x) or gelu, then ReLU.</p>") == [("relu", "ReLU")]


def test_latin_inside_chinese_text():
    """A Latin name right next to Chinese characters is a mention (CJK is not a letter)."""
    assert linked("<p>使用GELU激活</p>") == [("gelu", "GELU")]


def test_only_first_mention():
    """Only the first mention of each term is linked."""
    assert linked("<p>GELU 和 GELU。</p><p>GELU</p>") == [("gelu", "GELU")]


def test_own_page_untouched():
    """The page's own term is never linked, and its name does not leak a shorter match."""
    assert linked("<p>知识蒸馏里的蒸馏。自蒸馏</p>", own="knowledge-distillation") == [
        ("self-distillation", "自蒸馏")
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<p><code>GELU</code></p>",
        "<pre><code>GELU(x)</code></pre>",
        '<h2 id="x">GELU</h2>',
        '<p><a href="https://example.com">GELU</a></p>',
        '<p><span class="arithmatex">\\(\\mathrm{GELU}\\)</span></p>',
        '<div class="arithmatex">\\[\\mathrm{GELU}\\]</div>',
        '<div class="admonition note"><p class="admonition-title">GELU</p></div>',
        "<details><summary>GELU</summary></details>",
        "<figure><img alt='GELU' src='x.svg'><figcaption>GELU</figcaption></figure>",
        "<p><kbd>GELU</kbd></p>",
        "<script>var GELU = 1;</script>",
        "<style>.GELU{}</style>",
        '<p><span class="glossary-skip">GELU</span></p>',
        '<p><autoref identifier="x" optional>GELU</autoref></p>',
    ],
)
def test_skipped_contexts(html):
    """Code, headings, links, math, admonition titles, captions, scripts stay untouched."""
    out, _ = link_mentions(html, PATTERN, TARGETS)
    assert out == html


def test_text_after_skipped_nested_element_is_linked():
    """Skipping ends with the element: nested spans inside math do not end it early."""
    html = '<p><span class="arithmatex"><span>GELU</span> GELU</span> then GELU</p>'
    assert linked(html) == [("gelu", "GELU")]
    out, _ = link_mentions(html, PATTERN, TARGETS)
    assert out.endswith(
        'then <a class="glossary-mention" href="../gelu/" title="GELU的简介。" '
        'data-preview="">GELU</a></p>'
    )


def test_attributes_are_not_matched():
    """Names inside attributes (alt, title) are left alone."""
    out, _ = link_mentions('<p><img alt="GELU" src="a.svg"></p>', PATTERN, TARGETS)
    assert out == '<p><img alt="GELU" src="a.svg"></p>'


def test_explicit_link_counts_as_first_mention():
    """A hand-written link to a term before any plain mention suppresses the auto-link."""
    html = '<p><a href="../gelu/">the GELU page</a>, and GELU again.</p>'
    out, seen = link_mentions(
        html, PATTERN, TARGETS, href_to_slug=lambda h: "gelu" if h == "../gelu/" else None
    )
    assert out == html
    assert seen == ["gelu"]


def test_autoref_to_a_term_counts_as_first_mention():
    """`[GELU][gelu]` (an autorefs reference to the term's title id) is an explicit link."""
    html = '<p><autoref identifier="gelu">GELU</autoref> and GELU.</p>'
    out, seen = link_mentions(html, PATTERN, TARGETS)
    assert out == html and seen == ["gelu"]


def test_targets_decide_the_language():
    """Links point at the targets given for the page's language (here: English URLs)."""
    en_targets = {"gelu": Target("../../en/terms/gelu/", "About GELU.")}
    out, _ = link_mentions("<p>高斯误差线性单元</p>", PATTERN, en_targets)
    assert 'href="../../en/terms/gelu/" title="About GELU."' in out


def test_terms_without_target_are_not_linked():
    """A term with no page in this build is matched (consumes text) but not linked."""
    out, seen = link_mentions("<p>Leaky ReLU</p>", PATTERN, {"relu": TARGETS["relu"]})
    assert out == "<p>Leaky ReLU</p>" and seen == []


def test_html_entities_and_comments_survive():
    """Comments and escaped text pass through unchanged."""
    html = "<!-- GELU --><p>a &lt; b &amp; c</p>"
    assert link_mentions(html, PATTERN, TARGETS)[0] == html


@pytest.mark.parametrize(
    ("page", "href", "expected"),
    [
        ("terms/gelu/", "../relu/", "terms/relu/"),
        ("terms/gelu/", "../relu/#formula", "terms/relu/"),
        ("en/terms/gelu/", "../relu/", "en/terms/relu/"),
        ("", "terms/relu/", "terms/relu/"),
        ("a-z/", "../terms/relu/", "terms/relu/"),
        ("terms/gelu/", "#formula", None),
        ("terms/gelu/", "https://arxiv.org/abs/1", None),
        ("terms/gelu/", "../..", ""),
    ],
)
def test_resolve_href(page, href, expected):
    """Relative hrefs resolve to site-relative directory URLs; external ones to None."""
    assert resolve_href(page, href) == expected


def _alternation(terms) -> tuple[re.Pattern, dict[str, str]]:
    """The reference matcher: every form as its own alternative, longest first (the linker's
    earlier implementation, whose cost grew with the number of forms at every position)."""
    sep = re.compile(r"[\s\-]+")
    forms = sorted(
        ((f, t.slug) for t in terms for f in t.surface_forms()),
        key=lambda item: (-len(sep.sub("", item[0])), item[0]),
    )

    def exact(word: str) -> bool:  # an abbreviation: two or more capitals
        return sum(c.isupper() for c in word) >= 2

    def pattern(form: str) -> str:
        words = sep.split(form.strip())
        body = r"[\s\-]?".join(re.escape(w) if exact(w) else f"(?i:{re.escape(w)})" for w in words)
        if re.match(r"[A-Za-z0-9]", form[0]):
            body = r"(?<![A-Za-z0-9])" + body
        if re.match(r"[A-Za-z0-9]", form[-1]):
            plural = "s?" if exact(words[-1]) else "(?i:s)?"
            body += (plural if form[-1].isalpha() else "") + r"(?![A-Za-z0-9])"
        return body

    alternatives = "|".join(f"(?P<t{i}>{pattern(f)})" for i, (f, _) in enumerate(forms))
    return re.compile(alternatives), {f"t{i}": s for i, (_, s) in enumerate(forms)}


def test_trie_finds_what_the_longest_first_alternation_finds():
    """On text full of near-misses (case, hyphens, plurals, word edges, forms that begin or
    end other forms) made from the real registry's names, the trie regex finds exactly the
    matches, spans and terms of an alternation of every form sorted longest first."""
    import random
    from pathlib import Path

    from dlglossary.core.registry import load_registry

    terms = list(load_registry(Path(__file__).resolve().parents[2] / "registry").terms.values())
    pattern = compile_mentions(terms)
    reference, groups = _alternation(terms)
    rng = random.Random(0)
    pieces = [" ", "-", "。", "a", "9", "的"]
    for form in (f for t in terms for f in t.surface_forms()):
        pieces += [form, form.lower(), form + "s", form.replace(" ", "-"), form.replace(" ", "")]
        pieces += [form[: max(1, len(form) // 2)], form[1:]]
    for _ in range(120):
        text = "".join(rng.choice(pieces) for _ in range(10))
        found = [(m.span(), pattern.slug_of(m.group(0))) for m in pattern.regex.finditer(text)]
        expected = [(m.span(), groups[m.lastgroup]) for m in reference.finditer(text)]
        assert found == expected, text
