"""Pure functions of the snippets pipeline, on small Markdown and Python strings."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest

from dlglossary.core import markdown as md
from dlglossary.core.snippet_pages import (
    API_MARKER,
    ApiModule,
    ApiTopic,
    SnippetError,
    api_index_markdown,
    api_module_markdown,
    api_topic_markdown,
    api_topics,
    code_block,
    expand_api_marker,
    figure_names,
    inject_code_block,
    install_line,
    module_summary,
    notebook_heading_ids,
    referenced_figures,
    rewrite_figures,
    sections,
    set_heading_ids,
)


def test_figure_names_read_statically() -> None:
    """FIGURES keys are read from the source without importing it."""
    source = 'import torch\nFIGURES = {"a-curve": f, "b-bars": g}\n'
    assert figure_names(source) == ["a-curve", "b-bars"]
    assert figure_names("x = 1\n") == []


def test_figure_names_rejects_computed_dicts() -> None:
    """A FIGURES that is not a literal dict is an error naming the file."""
    with pytest.raises(SnippetError, match="snippets/x.py: FIGURES must be a dict literal"):
        figure_names("FIGURES = dict(a=f)\n", "snippets/x.py")


def test_install_line_lists_what_the_module_imports() -> None:
    """The install line names the imported third-party packages, torch pinned, in order."""
    source = dedent("""
        import math
        import numpy as np
        import torch.nn.functional as F

        def plot():
            from matplotlib.figure import Figure
    """)
    assert install_line(source) == 'pip install "torch>=2.3" numpy matplotlib'
    assert install_line("import math\n") == ""


def test_rewrite_figures_makes_light_and_dark_twins() -> None:
    """A figure image becomes a #only-light / #only-dark pair with the same alt and attrs."""
    markdown = "![曲线与导数](../../assets/figures/gelu-curve.svg){ width=600 }"
    assert rewrite_figures(markdown, {"gelu-curve"}) == (
        "![曲线与导数](../../assets/figures/gelu-curve.svg#only-light){ width=600 } "
        "![曲线与导数](../../assets/figures/gelu-curve.dark.svg#only-dark){ width=600 }"
    )


def test_rewrite_figures_leaves_code_blocks_and_other_images() -> None:
    """Images inside fenced code and images outside assets/figures are not touched."""
    markdown = dedent("""
        ````markdown
        ![alt](../../assets/figures/unknown.svg)
        ````
        ![logo](../../assets/logo.svg)
    """)
    assert rewrite_figures(markdown, set()) == markdown
    assert referenced_figures(markdown) == []


def test_rewrite_figures_names_the_page_and_fix_for_unknown_figures() -> None:
    """An unknown figure fails with the page, the name and what to do."""
    with pytest.raises(SnippetError, match=r"docs/en/terms/x.md: figure 'nope' .* FIGURES"):
        rewrite_figures("![a](../../assets/figures/nope.svg)", {"yes"}, "docs/en/terms/x.md")


def test_code_block_goes_right_under_the_code_heading() -> None:
    """The standard block lands under `## … { #code }` with page-relative links."""
    page = dedent("""
        # ReLU { #relu }

        ## Code { #code }

        ```python
        --8<-- "snippets/relu.py:relu"
        ```
    """)
    block = code_block("relu", "en", "en/terms/relu.md", 'pip install "torch>=2.3"')
    out = inject_code_block(page, block)
    assert out.index("{ #code }") < out.index("[Download `snippets/relu.py`]") < out.index("--8<--")
    assert '(../../snippets/relu.py){ download="relu.py" }' in out
    assert "[API reference](../api/relu.md#snippets.relu)" in out
    assert '```bash\npip install "torch>=2.3"\npython -m snippets.relu\n```' in out
    assert inject_code_block("# No code here\n", block) == "# No code here\n"


GELU = ApiModule(
    "gelu", "GELU and its tanh approximation.", "GELU", "terms/gelu.md", ("activation-functions",)
)
FOCAL = ApiModule("focal_loss", "Focal loss.", "Focal loss", "terms/focal-loss.md",
                  ("training", "detection"))  # fmt: skip
UNTAGGED = ApiModule("stem_block", "", "Stem block", "terms/stem-block.md")  # a term, no topic
HELPER = ApiModule("helper", "")  # a module without a term page in this language
TITLES = {"activation-functions": "Activation functions", "training": "Training",
          "detection": "Object detection", "compute": "Compute"}  # fmt: skip
MODULES = [FOCAL, GELU, HELPER, UNTAGGED]


def test_modules_are_grouped_under_every_topic_of_their_term() -> None:
    """Topics come in the order of _tags.yml (``titles``), only those with modules; a module of a
    term with two topics sits under both; modules without a topic are in none."""
    topics = api_topics(MODULES, TITLES)
    assert [(t.tag, t.title, [m.module for m in t.modules]) for t in topics] == [
        ("activation-functions", "Activation functions", ["gelu"]),
        ("training", "Training", ["focal_loss"]),
        ("detection", "Object detection", ["focal_loss"]),
    ]


def test_api_marker_expands_to_the_package_and_one_line_per_topic() -> None:
    """The landing page gets `::: snippets` (the package contract), one line per topic linking
    its API page with its number of modules, and no module line but those no topic lists."""
    page = f"# API\n\n{API_MARKER}\n"
    out = expand_api_marker(page, MODULES, api_topics(MODULES, TITLES), "en")
    assert out.startswith("# API\n\n::: snippets\n\n## Modules by topic { #modules }\n\n")
    assert (
        "- [Activation functions](api/topics/activation-functions.md): 1 module\n"
        "- [Training](api/topics/training.md): 1 module\n"
        "- [Object detection](api/topics/detection.md): 1 module\n"
    ) in out
    other = out.split("## Other modules { #other-modules }\n\n")[1]
    assert other.rstrip("\n") + "\n" == (
        "- [`snippets.helper`](api/helper.md)\n"
        "- [`snippets.stem_block`](api/stem_block.md) · [Stem block](terms/stem-block.md)\n"
    )
    assert "snippets.gelu" not in out and "snippets.focal_loss" not in out
    assert "::: snippets." not in out


def test_api_landing_page_without_untopical_modules_has_no_other_list() -> None:
    """When every module has a topic, the landing page has no "Other modules" heading."""
    out = api_index_markdown([GELU], api_topics([GELU], TITLES), "en")
    assert "other-modules" not in out and "snippets.gelu" not in out


def test_api_landing_list_is_in_the_page_language() -> None:
    """The Chinese landing page names the topics in Chinese with Chinese punctuation."""
    zh = ApiModule("gelu", "GELU.", "高斯误差线性单元", "terms/gelu.md", ("activation-functions",))
    out = expand_api_marker(
        API_MARKER, [zh], api_topics([zh], {"activation-functions": "激活函数"}), "zh"
    )
    assert "## 按主题分类的模块 { #modules }" in out
    assert "- [激活函数](api/topics/activation-functions.md)：1 个模块" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_api_topic_page_lists_its_modules_with_their_terms(lang: str) -> None:
    """A topic's API page (docs/<lang>/api/topics/<tag>.md) is titled with the topic, links its
    glossary topic page and the landing page, then lists each module as the landing page did:
    its API page, its term page and its docstring's first line, relative to api/topics/."""
    topic = ApiTopic("training", "Training", (FOCAL, HELPER))
    out = api_topic_markdown(topic, lang)
    assert out.startswith("# ") and out.splitlines()[0].endswith("Training { #training }")
    assert "[Training](../../topics/training.md)" in out
    assert "](../../api.md)" in out
    colon = "：" if lang == "zh" else ": "
    assert (
        f"- [`snippets.focal_loss`](../focal_loss.md) · [Focal loss](../../terms/focal-loss.md)"
        f"{colon}Focal loss.\n- [`snippets.helper`](../helper.md)\n"
    ) in out
    assert ":::" not in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_api_module_page_links_its_term_its_topics_and_the_landing_page(lang: str) -> None:
    """A module page is titled snippets.<module>, links back to its term page, the API page
    of each of its term's topics and the landing page (relative to docs/<lang>/api/), then
    documents the module alone."""
    out = api_module_markdown(GELU, lang, TITLES)
    assert out.startswith("---\ntitle: snippets.gelu\n---\n")
    assert "[GELU](../terms/gelu.md)" in out
    assert "[Activation functions](topics/activation-functions.md)" in out
    assert "](../api.md)" in out
    assert out.rstrip().endswith("::: snippets.gelu")
    assert out.count(":::") == 1
    assert "{ data-search-exclude }" in out  # the search entry shows the docstring instead
    separator = "、" if lang == "zh" else ", "
    both = "[Training](topics/training.md)" + separator + "[Object detection](topics/detection.md)"
    assert both in api_module_markdown(FOCAL, lang, TITLES)
    untagged = api_module_markdown(UNTAGGED, lang, TITLES)
    assert "[Stem block](../terms/stem-block.md)" in untagged and "topics/" not in untagged
    orphan = api_module_markdown(HELPER, lang, TITLES)
    assert "terms/" not in orphan and "topics/" not in orphan and "](../api.md)" in orphan


def test_module_summary_is_the_docstring_first_line() -> None:
    """The landing page shows the first line of a module's docstring, or nothing."""
    assert module_summary('"""ReLU (线性整流).\n\nMore text.\n"""\nx = 1\n') == "ReLU (线性整流)."
    assert module_summary("x = 1\n") == ""


def test_includes_and_sections() -> None:
    """Includes are parsed as (path, section); only complete sections count."""
    page = dedent("""
        ```python
        --8<-- "snippets/gelu.py:gelu"
        ```
        ```text
        --8<-- "snippets/output/gelu.txt"
        ```
    """)
    found = [(include.path, include.section) for include in md.includes(page)]
    assert found == [("snippets/gelu.py", "gelu"), ("snippets/output/gelu.txt", None)]
    source = "# --8<-- [start:a]\nx = 1\n# --8<-- [end:a]\n# --8<-- [start:b]\n"
    assert sections(source) == {"a"}


def test_notebook_heading_ids_come_from_markdown_cells() -> None:
    """Lab heading ids are slugs of the Markdown headings, in order; code is ignored."""
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Activation lab\n", "\n", "Intro.\n"]},
            {"cell_type": "code", "source": "# not a heading\n"},
            {"cell_type": "markdown", "source": "## 1. Curves and derivatives\n"},
        ]
    }
    ids = notebook_heading_ids(json.dumps(notebook))
    assert ids == ["activation-lab", "1-curves-and-derivatives"]


def test_set_heading_ids_rewrites_ids_and_pilcrow_links() -> None:
    """Headings get the given ids in order, and their ¶ links follow; counts must match."""
    html = '<h1 id="">实验<a href="#">¶</a></h1><p>x</p><h2 id="1">1. 曲线<a href="#1">¶</a></h2>'
    assert set_heading_ids(html, ["lab", "curves"]) == (
        '<h1 id="lab">实验<a href="#lab">¶</a></h1><p>x</p>'
        '<h2 id="curves">1. 曲线<a href="#curves">¶</a></h2>'
    )
    with pytest.raises(SnippetError, match="docs/zh/labs/x.ipynb: 2 headings but"):
        set_heading_ids(html, ["lab"], "docs/zh/labs/x.ipynb")


def test_include_problems_name_page_file_section_and_fix(tmp_path) -> None:
    """A missing section or file is one line naming the page, the file, the section and the
    fix; a good include (with or without a section) is no problem."""
    from dlglossary.core.markdown import drop_includes
    from dlglossary.core.snippet_pages import include_problems

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets/demo.py").write_text(
        "# --8<-- [start:good]\nx = 1\n# --8<-- [end:good]\n"
    )
    page = dedent("""\
        ```python
        --8<-- "snippets/demo.py:good"
        --8<-- "snippets/demo.py:gone"
        --8<-- "snippets/nope.py"
        ```
    """)
    assert include_problems(page, "docs/en/terms/demo.md", tmp_path) == [
        "docs/en/terms/demo.md: includes section 'gone' of snippets/demo.py, which has no "
        "'# --8<-- [start:gone]' ... '# --8<-- [end:gone]' markers (it has: good); fix the "
        "section name in the page or add the markers to snippets/demo.py",
        "docs/en/terms/demo.md: includes 'snippets/nope.py', which does not exist; fix the path "
        "in the --8<-- line (snippets/<module>.py, module = slug with '-' -> '_')",
    ]
    assert "--8<--" not in drop_includes(page) and drop_includes(page).startswith("```python\n")
