"""A tiny bilingual glossary (five terms) written into a temporary directory.

Used by the integration test (built with ``mkdocs build --strict``) and by the CLI tests.
The terms are chosen for the linker's traps: 知识蒸馏 / 蒸馏 / 自蒸馏, ReLU / Leaky ReLU.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

MKDOCS_YML = """\
site_name: 测试术语表
site_url: http://127.0.0.1:8000/
docs_dir: docs
strict: true
theme:
  name: material
  language: zh
  features: [content.tooltips, navigation.instant.preview, navigation.indexes]
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      reconfigure_material: true
      languages:
        - {locale: zh, default: true, name: 简体中文, build: true}
        - {locale: en, name: English, build: true, site_name: Test glossary}
  - glossary
markdown_extensions:
  - attr_list
  - admonition
  - toc: {permalink: true}
  - pymdownx.arithmatex: {generic: true}
  - pymdownx.superfences
"""

TAGS = """\
activation-functions: {zh: 激活函数, en: Activation functions}
distillation: {zh: 知识蒸馏, en: Knowledge distillation}
detection: {zh: 目标检测, en: Object detection}
"""

REGISTRY = {
    "relu": """\
        zh: {name: ReLU, aliases: [线性整流函数]}
        en: {name: ReLU, aliases: [rectified linear unit]}
        summary: {zh: 把负数变成零的激活函数。, en: An activation that zeroes negative inputs.}
        tags: [activation-functions]
        related:
          - {term: leaky-relu, zh: 负半轴有小斜率。, en: Keeps a small negative slope.}
        references:
          - {authors: Vinod Nair and Geoffrey Hinton, title: Rectified Linear Units, year: 2010,
             url: "https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf"}
        """,
    "leaky-relu": """\
        zh: {name: Leaky ReLU, aliases: [带泄漏线性整流函数, LeakyReLU]}
        en: {name: Leaky ReLU, aliases: [LReLU]}
        summary: {zh: 负半轴斜率为 α 的 ReLU。, en: ReLU with slope α for negative inputs.}
        tags: [activation-functions]
        related:
          - {term: relu, zh: α = 0 时就是 ReLU。, en: It is ReLU when α = 0.}
        """,
    "gelu": """\
        zh: {name: GELU, aliases: [高斯误差线性单元]}
        en: {name: GELU, aliases: [Gaussian error linear unit]}
        summary: {zh: 输入乘以 Φ(x) 的平滑激活函数。, en: A smooth activation x·Φ(x).}
        tags: [activation-functions]
        references:
          - {authors: Dan Hendrycks and Kevin Gimpel, title: Gaussian Error Linear Units (GELUs),
             year: 2016, arxiv: "1606.08415"}
        """,
    "knowledge-distillation": """\
        zh: {name: 知识蒸馏, aliases: [蒸馏]}
        en: {name: Knowledge distillation, aliases: [KD, distillation]}
        summary: {zh: 让小模型学习大模型输出的方法。, en: Small model trained on a big one.}
        tags: [distillation]
        related:
          - {term: self-distillation, zh: 教师就是学生自己。, en: Teacher = student.}
        """,
    "self-distillation": """\
        zh: {name: 自蒸馏}
        en: {name: Self-distillation}
        summary: {zh: 模型向自己学习的蒸馏。, en: Distillation where a model teaches itself.}
        tags: [distillation]
        """,
}

PAGES = {
    ("zh", "index.md"): """\
        # 测试术语表 { #home }

        激活函数里，ReLU 和 Leaky ReLU 最常见；知识蒸馏和自蒸馏是训练方法。
        """,
    ("en", "index.md"): """\
        # Test glossary { #home }

        ReLU and LeakyReLU are common activations; knowledge distillation is a training method.
        """,
    ("zh", "terms/relu.md"): """\
        # ReLU { #relu }

        ## 定义 { #definition }

        ReLU 是最简单的激活函数；Leaky ReLU 在负半轴保留斜率。再说一次 Leaky ReLU。

        `GELU` 在代码里不链接，公式 $\\mathrm{GELU}(x)$ 也不链接，但 GELU 在正文中链接。
        """,
    ("en", "terms/relu.md"): """\
        # ReLU { #relu }

        ## Definition { #definition }

        ReLU is the simplest activation; Leaky ReLU keeps a slope. Leaky ReLU again.

        `GELU` in code is not linked, nor $\\mathrm{GELU}(x)$ in math, but GELUs in prose are.
        """,
    ("zh", "terms/leaky-relu.md"): """\
        # Leaky ReLU { #leaky-relu }

        ## 定义 { #definition }

        负半轴斜率为 α，见 [ReLU](relu.md)。
        """,
    ("en", "terms/leaky-relu.md"): """\
        # Leaky ReLU { #leaky-relu }

        ## Definition { #definition }

        The slope is α for negative inputs; see [ReLU](relu.md).
        """,
    ("zh", "terms/gelu.md"): """\
        # GELU { #gelu }

        ## 定义 { #definition }

        GELU 是平滑的激活函数。
        """,
    ("en", "terms/gelu.md"): """\
        # GELU { #gelu }

        ## Definition { #definition }

        GELU is a smooth activation.
        """,
    ("zh", "terms/knowledge-distillation.md"): """\
        # 知识蒸馏 { #knowledge-distillation }

        ## 定义 { #definition }

        知识蒸馏训练小模型；自蒸馏是它的一种。
        """,
    ("en", "terms/knowledge-distillation.md"): """\
        # Knowledge distillation { #knowledge-distillation }

        ## Definition { #definition }

        KD trains a small model; self-distillation is one kind.
        """,
    ("zh", "terms/self-distillation.md"): """\
        # 自蒸馏 { #self-distillation }

        ## 定义 { #definition }

        自蒸馏是蒸馏的特例。
        """,
    ("en", "terms/self-distillation.md"): """\
        # Self-distillation { #self-distillation }

        ## Definition { #definition }

        Self-distillation is a special case of distillation.
        """,
}


def write_site(root: Path) -> Path:
    """Write the fixture project into ``root`` and return ``root``."""
    (root / "registry").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "registry" / "_tags.yml").write_text(TAGS, encoding="utf-8")
    for slug, text in REGISTRY.items():
        (root / "registry" / f"{slug}.yml").write_text(dedent(text), encoding="utf-8")
    for (lang, path), text in PAGES.items():
        target = root / "docs" / lang / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dedent(text), encoding="utf-8")
    return root


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path (to compare two builds byte for byte)."""
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz"  # gzip headers hold a timestamp
    }
