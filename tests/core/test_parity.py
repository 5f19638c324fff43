"""Translation parity (ids, includes, links) and possibly-outdated sections."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from dlglossary.core import parity
from dlglossary.core.parity import ParityError, check_pair
from dlglossary.tools import cli

ZH = dedent("""\
    ---
    title: 忽略
    ---
    # GELU { #gelu }

    ## 定义 { #definition }

    见 [ReLU](relu.md) 与 [维基百科](https://zh.wikipedia.org/wiki/x)。

    ## 代码 { #code }

    ```python title="snippets/gelu.py"
    --8<-- "snippets/gelu.py:gelu"
    # 不是标题
    ```

    ![图](../../assets/figures/gelu.svg)
    """)
EN = dedent("""\
    # GELU { #gelu }

    ## Definition { #definition }

    See [ReLU](relu.md) and [Wikipedia](https://en.wikipedia.org/wiki/x).

    ## Code { #code }

    ```python title="snippets/gelu.py"
    --8<-- "snippets/gelu.py:gelu"
    # not a heading
    ```

    ![plot](../../assets/figures/gelu.svg)
    """)


def test_matching_pair_passes():
    """Same ids, includes and internal links pass; external links may differ per language."""
    check_pair(ZH, EN, "terms/gelu.md")


@pytest.mark.parametrize(
    ("en", "message"),
    [
        (
            EN.replace("## Code { #code }", "## Code"),
            "docs/en/terms/gelu.md:7: heading 'Code' has no explicit id; append { #english-id }",
        ),
        (
            EN.replace("## Definition { #definition }\n", ""),
            "docs/en/terms/gelu.md: section { #definition } of docs/zh/terms/gelu.md is missing",
        ),
        (
            EN + "\n## Extra { #extra }\n",
            "docs/en/terms/gelu.md: section { #extra } is not in docs/zh/terms/gelu.md",
        ),
        (
            EN.replace("{ #definition }", "{ #tmp }")
            .replace("{ #code }", "{ #definition }")
            .replace("{ #tmp }", "{ #code }"),
            "docs/en/terms/gelu.md: sections are in a different order than in "
            "docs/zh/terms/gelu.md",
        ),
        (
            EN.replace("gelu.py:gelu", "gelu.py:other"),
            "docs/en/terms/gelu.md: snippet include 'snippets/gelu.py:gelu' of "
            "docs/zh/terms/gelu.md is missing",
        ),
        (
            EN.replace("(relu.md)", "(elu.md)"),
            "docs/en/terms/gelu.md: link target 'relu.md' of docs/zh/terms/gelu.md is missing",
        ),
        (
            EN + "\nSee [SiLU](silu.md).\n",
            "docs/en/terms/gelu.md: link target 'silu.md' is not in docs/zh/terms/gelu.md",
        ),
    ],
)
def test_mismatch_fails_with_one_line(en, message):
    """Each structural difference names the page and the fix in one line."""
    with pytest.raises(ParityError) as info:
        check_pair(ZH, en, "terms/gelu.md")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_chinese_heading_without_id_fails():
    """The Chinese page is checked for explicit ids too."""
    with pytest.raises(ParityError, match=r"^docs/zh/terms/gelu.md:6: heading '定义' has no"):
        check_pair(ZH.replace("## 定义 { #definition }", "## 定义"), EN, "terms/gelu.md")


def test_headings_skip_code_fences_and_front_matter():
    """'# comments' in code and front matter are not headings."""
    assert [h.id for h in parity.headings(ZH)] == ["gelu", "definition", "code"]


def test_section_hashes_change_only_with_their_section():
    """Editing one section changes that section's hash only."""
    before = parity.section_hashes(ZH)
    after = parity.section_hashes(ZH.replace("见 [ReLU]", "参见 [ReLU]"))
    assert before["definition"] != after["definition"]
    assert before["code"] == after["code"] and before["gelu"] == after["gelu"]


def test_find_outdated():
    """zh changed and en not → outdated; both changed → not; missing record → unrecorded."""
    recorded = {"p.md": {"a": {"zh": "1", "en": "1"}, "b": {"zh": "1", "en": "1"}}}
    current = {
        "p.md": {
            "a": {"zh": "2", "en": "1"},
            "b": {"zh": "2", "en": "2"},
            "c": {"zh": "1", "en": "1"},
        }
    }
    outdated, unrecorded = parity.find_outdated(current, recorded)
    assert outdated == [parity.Outdated("p.md", "a")]
    assert unrecorded == [("p.md", "c")]
    assert str(outdated[0]) == (
        "docs/en/p.md#a: possibly outdated "
        "(docs/zh/p.md#a changed since the translation was recorded)"
    )


def write_docs(root: Path, zh: str, en: str) -> None:
    for lang, text in (("zh", zh), ("en", en)):
        path = root / "docs" / lang / "terms" / "gelu.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "registry").mkdir(exist_ok=True)


def test_outdated_command(tmp_path, capsys):
    """`update` records the hashes, one file per page; a later zh-only edit is listed (exit code
    0) and stays listed after another `update`, until `outdated --accept`."""
    write_docs(tmp_path, ZH, EN)
    root = ["--root", str(tmp_path)]
    assert cli.main(["outdated", *root]) == 0
    assert "3 section(s) have no recorded hash yet" in capsys.readouterr().out
    assert cli.main(["update", *root]) == 0
    assert "recorded registry/translations/terms/gelu.json" in capsys.readouterr().out
    assert cli.main(["outdated", *root]) == 0
    assert capsys.readouterr().out == "No possibly outdated translations.\n"

    write_docs(tmp_path, ZH.replace("见 [ReLU]", "参见 [ReLU]"), EN)
    listed = [
        "docs/en/terms/gelu.md#definition: possibly outdated "
        "(docs/zh/terms/gelu.md#definition changed since the translation was recorded)"
    ]
    assert cli.main(["outdated", *root]) == 0
    assert capsys.readouterr().out.splitlines() == listed
    assert cli.main(["update", *root]) == 0  # records the rest, keeps the outdated record
    capsys.readouterr()
    assert cli.main(["outdated", *root]) == 0
    assert capsys.readouterr().out.splitlines() == listed
    assert cli.main(["outdated", "--accept", *root]) == 0
    capsys.readouterr()
    assert cli.main(["outdated", *root]) == 0
    assert capsys.readouterr().out == "No possibly outdated translations.\n"


def test_lock_is_one_file_per_page(tmp_path):
    """Each page's hashes live in their own file, read back as written; a page that is gone
    loses its file."""
    pages = {"terms/a.md": {"x": {"zh": "1", "en": "2"}}, "index.md": {"y": {"zh": "3", "en": "4"}}}
    parity.write_lock(tmp_path, pages)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")) == [
        "index.json",
        "terms/a.json",
    ]
    assert parity.read_lock(tmp_path) == pages
    parity.write_lock(tmp_path, {"index.md": pages["index.md"]})
    assert parity.read_lock(tmp_path) == {"index.md": pages["index.md"]}
