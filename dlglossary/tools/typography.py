"""Chinese typography checks: autocorrect-py plus look-alike characters and punctuation mixing.

Run ``dlglossary typography [--fix]`` (or ``tests/tools/test_typography.py``).
Every problem is reported as ``file:line: message -> fix``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from dlglossary.core import markdown as md
from dlglossary.project import Project
from dlglossary.tools.finding import Finding, report

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Kangxi radicals (⼀ U+2F00) and the CJK radicals supplement (⺁ U+2E80) look exactly like ordinary
# ideographs (一) but are different code points: search, segmentation and fonts treat them apart.
LOOKALIKE = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")
ASCII_PUNCT_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])[,:;!?](?=[{CJK}])")
ASCII_PARENS_AROUND_CJK = re.compile(rf"(?<=[{CJK}])\([^()\n]*[{CJK}][^()\n]*\)")
FULLWIDTH_IN_ENGLISH = re.compile(
    r"(?<=[A-Za-z0-9 ])[，。：；！？（）]|[，。：；！？（）](?=[A-Za-z0-9])"
)
# Half-width brackets right after Chinese text (a space between allowed): 随机失活(Dropout)是 and
# 随机失活 (Dropout) 是 are both written 随机失活（Dropout）是 in Chinese prose, whatever is inside.
CJK_OR_MARK = rf"[{CJK}，。：；！？、]"
ASCII_PARENS_AFTER_CJK = re.compile(rf"(?<={CJK_OR_MARK}) ?\(([^()\n]*)\)(?: (?=\S))?")
# ...but notation written in plain text is not prose: an interval or tuple, (0, 1) or
# (l, t, r, b), a single symbol (x), or an expression with an operator, (1 − p_t) or (H − 1).
NOTATION = re.compile(
    r"\s*[-−+]?[\w.∞]{1,4}(?:\s*,\s*[-−+]?[\w.∞]{1,4})+\s*|\s*[A-Za-z]\s*"
    r"|[^\u3400-\u9fff]*[−+=×÷*/^_<>≤≥·][^\u3400-\u9fff]*"
)
ASCII_PUNCT_AFTER_CJK = re.compile(rf"(?<=[{CJK}])([,:;!?]) ?(?=[{CJK}])")
FULLWIDTH_FOR = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}

INLINE_CODE_OR_MATH = re.compile(r"`[^`\n]*`|\$\$[^$]*\$\$|\$[^$\n]+\$")


class Problem(Finding):
    """One typography problem at ``path:line``."""


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (number, line) outside code fences (:mod:`dlglossary.core.markdown`) and display
    math; inline code/math blanked. Front matter is checked like prose (it holds titles)."""
    in_math = False
    for line in md.lines(text):
        if line.kind == md.FENCE:
            continue
        if line.text.strip() == "$$":
            in_math = not in_math
            continue
        if in_math:
            continue
        yield line.number, INLINE_CODE_OR_MATH.sub(lambda m: " " * len(m.group()), line.text)


def lookalike_problems(path: str, text: str) -> list[Problem]:
    """Kangxi radicals / CJK radical supplement characters (Markdown: outside code and math)."""
    problems = []
    lines = prose_lines(text) if path.endswith(".md") else enumerate(text.splitlines(), start=1)
    for number, line in lines:
        for match in LOOKALIKE.finditer(line):
            char = match.group()
            problems.append(
                Problem(
                    path,
                    number,
                    f"look-alike character {char!r} (U+{ord(char):04X}, a Kangxi/CJK radical); "
                    "retype it as the ordinary ideograph (e.g. ⼀ U+2F00 -> 一 U+4E00)",
                )
            )
    return problems


def punctuation_problems(path: str, text: str, *, chinese: bool) -> list[Problem]:
    """Half-width punctuation inside Chinese prose, or full-width punctuation in English prose."""
    problems = []
    for number, line in prose_lines(text):
        if chinese:
            for match in ASCII_PUNCT_BETWEEN_CJK.finditer(line):
                mark = match.group()
                problems.append(
                    Problem(
                        path,
                        number,
                        f"half-width {mark!r} between Chinese characters; "
                        f"use full-width {FULLWIDTH_FOR[mark]!r}",
                    )
                )
            flagged = set()
            for match in ASCII_PARENS_AROUND_CJK.finditer(line):
                flagged.add(match.start())
                problems.append(
                    Problem(
                        path,
                        number,
                        f"half-width parentheses {match.group()!r} around Chinese text; "
                        "use full-width （…）",
                    )
                )
            for match in ASCII_PARENS_AFTER_CJK.finditer(line):
                if {match.start(), match.start() + 1} & flagged or _notation(match):
                    continue
                problems.append(
                    Problem(
                        path,
                        number,
                        f"half-width parentheses {match.group().strip()!r} in Chinese prose; "
                        f"write （{match.group(1)}） with no spaces around "
                        "(dlglossary typography --fix)",
                    )
                )
        else:
            for match in FULLWIDTH_IN_ENGLISH.finditer(line):
                problems.append(
                    Problem(
                        path,
                        number,
                        f"full-width {match.group()!r} in English text; use the ASCII mark",
                    )
                )
    return problems


def autocorrect_problems(path: str, text: str) -> list[Problem]:
    """What autocorrect-py (spaces between CJK and Latin, full-width punctuation) would change."""
    import autocorrect_py

    result = autocorrect_py.lint_for(text, path if path.endswith(".md") else "md")
    return [
        Problem(path, item.line, f"autocorrect: {item.old.strip()!r} -> {item.new.strip()!r}")
        for item in result.lines
    ]


def check_markdown(path: str, text: str, *, chinese: bool) -> list[Problem]:
    """All typography problems of one Markdown file."""
    problems = lookalike_problems(path, text)
    problems += punctuation_problems(path, text, chinese=chinese)
    if chinese:  # what autocorrect would still change once the brackets are full-width
        problems += autocorrect_problems(path, fix_punctuation(text))
    return sorted(problems, key=lambda p: p.line)


def registry_zh_strings(data: dict) -> Iterator[tuple[str, str]]:
    """(field, text) for every Chinese string of a registry entry."""
    zh = data.get("zh") or {}
    if isinstance(zh, dict):
        if zh.get("name"):
            yield "zh.name", str(zh["name"])
        for alias in zh.get("aliases") or []:
            yield "zh.aliases", str(alias)
    summary = data.get("summary") or {}
    if isinstance(summary, dict) and summary.get("zh"):
        yield "summary.zh", str(summary["zh"])
    for i, rel in enumerate(data.get("related") or []):
        if isinstance(rel, dict) and rel.get("zh"):
            yield f"related[{i}].zh", str(rel["zh"])


def check_registry_file(path: Path, rel: str) -> list[Problem]:
    """Typography of the Chinese fields of one ``registry/<slug>.yml``."""
    import autocorrect_py

    text = path.read_text(encoding="utf-8")
    problems = lookalike_problems(rel, text)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return problems  # malformed YAML is the registry validator's job
    if not isinstance(data, dict):
        return problems
    lines = text.splitlines()
    for field, value in registry_zh_strings(data):
        number = next((i for i, line in enumerate(lines, 1) if value in line), 1)
        fixed = autocorrect_py.format(fix_punctuation(value))
        if fixed != value:
            problems.append(Problem(rel, number, f"{field}: autocorrect: {value!r} -> {fixed!r}"))
        for p in punctuation_problems(rel, value, chinese=True):
            problems.append(Problem(rel, number, f"{field}: {p.message}"))
    return problems


def chinese_markdown_files(root: Path) -> list[Path]:
    """Chinese Markdown sources: docs/zh/**/*.md and CONTRIBUTING.zh.md."""
    files = sorted((root / "docs" / "zh").rglob("*.md"))
    if (root / "CONTRIBUTING.zh.md").exists():
        files.append(root / "CONTRIBUTING.zh.md")
    return files


def check_tree(root: Path) -> list[Problem]:
    """Every typography problem in the repository at ``root``."""
    problems: list[Problem] = []

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    for path in chinese_markdown_files(root):
        problems += check_markdown(rel(path), path.read_text(encoding="utf-8"), chinese=True)
    english: Iterable[Path] = sorted((root / "docs" / "en").rglob("*.md"))
    for path in [*english, root / "CONTRIBUTING.md"]:
        if path.exists():
            problems += check_markdown(rel(path), path.read_text(encoding="utf-8"), chinese=False)
    for path in sorted((root / "registry").glob("*.yml")):
        problems += check_registry_file(path, rel(path))
    return problems


def _notation(match: re.Match) -> bool:
    return NOTATION.fullmatch(match.group(1)) is not None


def _fix_prose(part: str) -> str:
    """Full-width brackets and punctuation in a piece of Chinese prose (no code, no math)."""
    part = ASCII_PARENS_AFTER_CJK.sub(
        lambda m: m.group() if _notation(m) else f"（{m.group(1)}）", part
    )
    return ASCII_PUNCT_AFTER_CJK.sub(lambda m: FULLWIDTH_FOR[m.group(1)], part)


def fix_punctuation(text: str) -> str:
    """Chinese Markdown with half-width brackets and punctuation in its prose made full-width
    (随机失活 (Dropout) 是 -> 随机失活（Dropout）是); code, math and intervals untouched."""
    prose = dict(prose_lines(text))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if index + 1 not in prose:
            continue
        pieces, last = [], 0
        for code in INLINE_CODE_OR_MATH.finditer(line):
            pieces += [_fix_prose(line[last : code.start()]), code.group()]
            last = code.end()
        lines[index] = "".join(pieces) + _fix_prose(line[last:])
    return "\n".join(lines)


def fix_tree(root: Path) -> list[Path]:
    """Apply the full-width bracket and punctuation fixes, then autocorrect-py's spacing
    fixes, to the Chinese Markdown files in place."""
    import autocorrect_py

    changed = []
    for path in chinese_markdown_files(root):
        text = path.read_text(encoding="utf-8")
        fixed = autocorrect_py.format_for(fix_punctuation(text), "md")
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed


def run(project: Project, fix: bool = False) -> int:
    """``dlglossary typography``: print every problem; 1 if there is any. ``fix`` first applies
    the automatic fixes."""
    if fix:
        for path in fix_tree(project.root):
            print(f"fixed {project.rel(path)}")
    problems = check_tree(project.root)
    return report(
        problems,
        f"{len(problems)} typography problem(s). Fix them by hand, or run "
        "`dlglossary typography --fix` for the autocorrect ones "
        "(see CONTRIBUTING.md, 'Chinese typography').",
        "typography: OK",
    )
