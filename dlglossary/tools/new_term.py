"""Scaffold a new term: registry entry, both pages, snippet module, its test and golden output.

    dlglossary new dropout --zh 随机失活 --en Dropout --tags training

Every place that needs writing carries the marker ``TODO(scaffold)``; ``dlglossary todos`` (and
``dlglossary check``) fail until none is left, so a scaffold never lands half-written.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from dlglossary.project import Project
from dlglossary.tools.todos import MARKER

DEMO_LINE = f"{MARKER} print what the page shows"
SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

# (id, Chinese heading, English heading, Chinese hint, English hint, optional section)
SECTIONS = [
    (
        "definition",
        "定义",
        "Definition",
        "用一两句话给出定义。",
        "Define the term in one or two sentences.",
        False,
    ),
    (
        "intuition",
        "直觉",
        "Intuition",
        "用日常语言解释它为什么有用。",
        "Explain in plain words why it helps.",
        False,
    ),
    (
        "formula",
        "公式",
        "Formula",
        "写出公式（行内用 $…$，独立公式用 $$…$$）。",
        "Give the formula ($…$ inline, $$…$$ display).",
        False,
    ),
    (
        "properties",
        "性质",
        "Properties",
        "列出可以由代码验证的性质。",
        "List properties the snippet can check.",
        False,
    ),
    ("code", "代码", "Code", None, None, False),
    ("plot", "图像", "Plot", None, None, True),
    (
        "when-to-use",
        "何时使用",
        "When to use it",
        "说明何时使用、何时不用。",
        "Say when to use it and when not to.",
        True,
    ),
    ("pitfalls", "常见误区与勘误", "Pitfalls and corrections", None, None, False),
    ("exercises", "练习", "Exercises", None, None, False),
]


class ScaffoldError(Exception):
    """A one-line reason the scaffold refused to run."""


@dataclass(frozen=True)
class Term:
    """What the contributor typed on the command line."""

    slug: str
    zh: str
    en: str
    tags: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        return self.slug.replace("-", "_")


def _todo(text: str) -> str:
    return f"{MARKER} {text}"


def page(term: Term, lang: str) -> str:
    """The page in ``lang``: every house section with its heading id and a marker to fill in."""
    zh = lang == "zh"
    title = term.zh if zh else term.en
    lines = [f"# {title} {{ #{term.slug} }}", ""]
    for sid, zh_head, en_head, zh_hint, en_hint, optional in SECTIONS:
        lines += [f"## {zh_head if zh else en_head} {{ #{sid} }}", ""]
        if optional:
            lines += [
                _todo(
                    "可选章节：写好它，或者在中英两个页面里同时删掉本节。"
                    if zh
                    else "Optional section: fill it in, or delete it from BOTH pages."
                ),
                "",
            ]
        if sid == "code":
            lines += [
                _todo(
                    "用一句话说明下面的代码演示了什么。"
                    if zh
                    else "Say in one sentence what the code below shows."
                ),
                "",
                f'```python title="snippets/{term.module}.py"',
                f'--8<-- "snippets/{term.module}.py:{term.module}"',
                "```",
                "",
                f'```text title="python -m snippets.{term.module}"',
                f'--8<-- "snippets/output/{term.module}.txt"',
                "```",
                "",
            ]
        elif sid == "plot":
            figure = f"{term.slug}-curve"
            lines += [
                _todo(
                    f"在 snippets/{term.module}.py 的 FIGURES 里注册 `{figure}`，"
                    f"然后写 `![图像说明](../../assets/figures/{figure}.svg)`。"
                    if zh
                    else f"Register `{figure}` in FIGURES of snippets/{term.module}.py, then write "
                    f"`![alt text](../../assets/figures/{figure}.svg)`."
                ),
                "",
            ]
        elif sid == "pitfalls":
            lines += [
                _todo(
                    "写出常见误区；如果笔记有误，用 "
                    '`!!! correction "笔记勘误：……"` 说明笔记怎么说、事实是什么、哪段代码证明了它。'
                    if zh
                    else "List common mistakes; if the notes are wrong, use "
                    '`!!! correction "Correction to the notes: ..."` saying what they claim, '
                    "what is true and which snippet shows it."
                ),
                "",
            ]
        elif sid == "exercises":
            lines += [
                _todo(
                    "写 2–4 道检验理解（而不是记忆）的题，答案折叠；"
                    "数值答案由代码片段算出、测试断言。"
                    if zh
                    else "Write 2-4 questions that check understanding, not recall, each answer "
                    "collapsed; the snippet computes a numeric answer, its test asserts it."
                ),
                "",
                "1. "
                + _todo(
                    "先让读者预测，再用代码验证的问题？"
                    if zh
                    else "A question the reader predicts, then checks with the code?"
                ),
                "",
                f'    ??? success "{"答案" if zh else "Answer"}"',
                "",
                "        "
                + _todo(
                    "答案，并指出哪段代码或哪个测试证明了它。"
                    if zh
                    else "The answer, and the snippet function or test that shows it."
                ),
                "",
            ]
        else:
            lines += [_todo(zh_hint if zh else en_hint), ""]
    return "\n".join(lines)


def registry_entry(term: Term) -> str:
    """``registry/<slug>.yml`` with the names filled in and markers everywhere else."""
    tags = ", ".join(term.tags)
    return f"""\
# Term registry entry: the ONE source of truth for names, aliases, relations and references.
# See CONTRIBUTING.md ("The registry entry"). Delete every {MARKER} line once it is filled in.
zh:
  name: {term.zh}
  aliases: []  # {MARKER} other Chinese spellings/abbreviations, e.g. [BN, 批标准化]; [] if none
en:
  name: {term.en}
  aliases: []  # {MARKER} other English spellings/abbreviations; [] if none
summary:
  zh: "{MARKER} 一句话中文摘要（用于悬停提示和索引）。"
  en: "{MARKER} One-sentence English summary (used for hover previews and indexes)."
tags: [{tags}]  # keys of registry/_tags.yml
related: []  # {MARKER} [{{term: <slug>, zh: 理由, en: reason}}]; slugs must exist
references:  # primary sources: paper (arxiv id) or official docs (url)
  - authors: "{MARKER} First Author, Second Author"
    title: "{MARKER} Paper title"
    year: 2000
    arxiv: "0000.00000"
"""


def snippet(term: Term) -> str:
    """``snippets/<module>.py`` with ``main()``, one named section and markers."""
    m = term.module
    return f'''\
"""{term.en} ({term.zh}): {MARKER} one line saying what this module demonstrates."""

from __future__ import annotations

import torch


# --8<-- [start:{m}]
def {m}(x: torch.Tensor) -> torch.Tensor:
    """{MARKER} One-line summary.

    Args:
        x: Input tensor.

    Returns:
        {MARKER} What comes back.
    """
    raise NotImplementedError("{MARKER} implement {m}")


# --8<-- [end:{m}]

# Figures (optional): name -> function returning a matplotlib Figure; `dlglossary update`
# draws them into docs/assets/figures/<name>.svg and .dark.svg.
FIGURES: dict = {{}}


def main() -> None:
    """Print the deterministic demo output shown on the term page."""
    torch.manual_seed(0)
    print("{DEMO_LINE}")


if __name__ == "__main__":
    main()
'''


def snippet_test(term: Term) -> str:
    """``tests/snippets/test_<module>.py``: one failing test to replace with real ones."""
    m = term.module
    return f'''\
"""Tests for snippets/{m}.py: every claim the {term.en} page makes."""

import pytest

from snippets.{m} import {m}  # noqa: F401


def test_{m}_claims() -> None:
    """{MARKER} Say which claim of the page this test checks."""
    pytest.fail("{MARKER} assert the claims the {term.en} page makes (see CONTRIBUTING.md)")
'''


def targets(term: Term, project: Project) -> dict[Path, str]:
    """Every file the scaffold writes (except the golden output), with its content."""
    return {
        project.registry_dir / f"{term.slug}.yml": registry_entry(term),
        **{project.terms_dir(lang) / f"{term.slug}.md": page(term, lang) for lang in ("zh", "en")},
        project.snippets_dir / f"{term.module}.py": snippet(term),
        project.snippet_tests_dir / f"test_{term.module}.py": snippet_test(term),
    }


def golden_path(term: Term, project: Project) -> Path:
    return project.outputs_dir / f"{term.module}.txt"


def validate(term: Term, project: Project) -> None:
    """Raise ScaffoldError (one line) for a bad slug, unknown tag, taken name or existing file."""
    if not SLUG.match(term.slug):
        raise ScaffoldError(
            f"slug {term.slug!r} is not kebab-case English (e.g. batch-normalization); "
            "use lower-case letters, digits and single hyphens"
        )
    if not term.zh.strip() or not term.en.strip():
        raise ScaffoldError("both --zh and --en names are required and must not be empty")
    for path in [*targets(term, project), golden_path(term, project)]:
        if path.exists():
            raise ScaffoldError(
                f"{project.rel(path)} already exists; refusing to overwrite "
                "(edit the existing term, or pick another slug)"
            )
    tags_file = project.tags_file
    known = (
        set(yaml.safe_load(tags_file.read_text(encoding="utf-8")) or {})
        if tags_file.exists()
        else set()
    )
    for tag in term.tags:
        if known and tag not in known:
            raise ScaffoldError(
                f"unknown tag {tag!r}; use one of {', '.join(sorted(known))} "
                "or add it to registry/_tags.yml first"
            )
    for path in sorted(project.registry_dir.glob("*.yml")):
        if path.name.startswith("_"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for lang, name in (("zh", term.zh), ("en", term.en)):
            names = data.get(lang) or {}
            taken = [names.get("name"), *(names.get("aliases") or [])]
            if name.casefold() in {str(t).casefold() for t in taken if t}:
                raise ScaffoldError(
                    f"{lang} name {name!r} is already used by registry/{path.name}; "
                    "edit that term instead, or pick a more specific name"
                )


def scaffold(term: Term, project: Project) -> list[Path]:
    """Write every file of a new term; return the paths written."""
    validate(term, project)
    written = []
    for path, text in targets(term, project).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    golden = golden_path(term, project)
    golden.parent.mkdir(parents=True, exist_ok=True)
    # Exactly what the scaffolded main() prints (running it would import torch: seconds).
    golden.write_text(f"{DEMO_LINE}\n", encoding="utf-8")
    written.append(golden)
    return written


def next_steps(term: Term) -> str:
    """Every step left after the scaffold, in order (CONTRIBUTING.md, "Add a term")."""
    m, slug = term.module, term.slug
    return f"""
Next (CONTRIBUTING.md, "Add a term, step by step"):
  1. dlglossary todos          # lists every {MARKER} marker as file:line
  2. write registry/{slug}.yml: aliases, summaries, related terms, references
  3. write snippets/{m}.py and tests/snippets/test_{m}.py (FIGURES for a plot), then
     python -m pytest tests/snippets/test_{m}.py -q --no-cov
     python -m snippets.{m}    # what the pages will show under the code
  4. write docs/zh/terms/{slug}.md, then docs/en/terms/{slug}.md (exercises included)
  5. dlglossary update         # golden output, figures, translation state, published URLs
  6. dlglossary check          # every gate, as CI does; each failure names its fix
                               # (Chinese punctuation and spacing: dlglossary typography --fix)
  7. mkdocs serve              # look at /terms/{slug}/ and /en/terms/{slug}/
  8. commit all files of the term in one commit and open a pull request"""


def run(project: Project, slug: str, zh: str, en: str, tags: list[str]) -> int:
    """``dlglossary new``: scaffold a term, list the files written and the steps left."""
    term = Term(slug, zh.strip(), en.strip(), tuple(t for tag in tags for t in tag.split(",") if t))
    try:
        written = scaffold(term, project)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"created {project.rel(path)}")
    print(next_steps(term))
    return 0
