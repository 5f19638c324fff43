"""Chinese typography gate: autocorrect-py plus look-alike characters and punctuation mixing.

Runs over docs/zh/**/*.md, CONTRIBUTING.zh.md, the Chinese fields of registry/*.yml, and checks that
English pages and CONTRIBUTING.md carry no full-width punctuation. Fix spacing automatically with
``dlglossary typography --fix``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dlglossary.tools import typography

ROOT = Path(__file__).resolve().parents[2]


def _sources() -> list[Path]:
    files = typography.chinese_markdown_files(ROOT)
    files += sorted((ROOT / "docs" / "en").rglob("*.md"))
    files += [ROOT / "CONTRIBUTING.md"] if (ROOT / "CONTRIBUTING.md").exists() else []
    files += sorted((ROOT / "registry").glob("*.yml"))
    return files


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_typography(path: Path) -> None:
    """The file has no typography problem (each reported as file:line: problem -> fix)."""
    rel = path.relative_to(ROOT).as_posix()
    if path.suffix == ".yml":
        problems = typography.check_registry_file(path, rel)
    else:
        chinese = rel.startswith("docs/zh/") or rel == "CONTRIBUTING.zh.md"
        text = path.read_text(encoding="utf-8")
        problems = typography.check_markdown(rel, text, chinese=chinese)
    assert not problems, "\n".join(map(str, problems))


def test_kangxi_radical_is_reported_with_its_code_point() -> None:
    """A Kangxi radical (⼀ U+2F00) is named with its code point and the ideograph to use."""
    (problem,) = typography.lookalike_problems("x.md", "第⼀个")
    assert "U+2F00" in problem.message and "一" in problem.message
    assert str(problem).startswith("x.md:1:")


def test_cjk_radicals_supplement_is_reported() -> None:
    """A CJK radicals supplement character (⺠ U+2EA0) is a look-alike too."""
    assert typography.lookalike_problems("x.md", "人⺠")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("激活,函数", "'，'"), ("激活:函数", "'："), ("值域(非负)很", "（…）")],
)
def test_half_width_punctuation_between_chinese(text: str, expected: str) -> None:
    """ASCII comma/colon/parentheses inside Chinese prose are reported with the full-width mark."""
    problems = typography.punctuation_problems("x.md", text, chinese=True)
    assert problems and expected in problems[0].message


def test_code_and_math_are_not_prose() -> None:
    """Fenced code, inline code and math may contain ASCII punctuation next to Chinese."""
    text = "```python\nprint('激活,函数')\n```\n\n`激活,函数` 与 $a,b$。\n"
    assert not typography.punctuation_problems("x.md", text, chinese=True)


def test_full_width_punctuation_in_english() -> None:
    """Full-width punctuation in an English sentence is reported."""
    assert typography.punctuation_problems("x.md", "Hello，world.", chinese=False)


def test_autocorrect_spacing() -> None:
    """autocorrect-py wants a space between Chinese and Latin letters or digits."""
    (problem,) = typography.autocorrect_problems("x.md", "使用ReLU激活。\n")
    assert "使用 ReLU 激活" in problem.message


DROPOUT = "随机失活（Dropout）是一种正则化方法。"


@pytest.mark.parametrize(
    "written",
    [DROPOUT, "随机失活 (Dropout) 是一种正则化方法。", "随机失活(Dropout)是一种正则化方法。"],
)
def test_fixer_writes_full_width_brackets_in_chinese_prose(written: str, tmp_path: Path) -> None:
    """`--fix` leaves 随机失活（Dropout）是 as it is and turns the half-width spellings into it
    (never half-width brackets with spaces); the check then finds nothing, and flags the
    half-width spellings before the fix."""
    page = tmp_path / "docs" / "zh" / "terms" / "dropout.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# 随机失活 {{ #dropout }}\n\n{written}\n", encoding="utf-8")
    before = typography.check_markdown("dropout.md", page.read_text("utf-8"), chinese=True)
    assert bool(before) == (written != DROPOUT)
    typography.fix_tree(tmp_path)
    fixed = page.read_text(encoding="utf-8")
    assert fixed == f"# 随机失活 {{ #dropout }}\n\n{DROPOUT}\n"
    assert not typography.check_markdown("dropout.md", fixed, chinese=True)


def test_fixer_leaves_code_math_and_intervals_half_width() -> None:
    """Inside code, inline code and formulas, and in an interval written as text, brackets stay
    half-width; the punctuation fix applies to the prose around them."""
    text = (
        "见 `f(x)` 与 $g(y)$:取值在 (0, 1) 之间\n```python\n随机失活(Dropout)是\n```\n$$\nh(z)\n$$"
    )
    assert typography.fix_punctuation(text) == text.replace("同:取", "同：取")
