"""The bad-input catalogue's fixture site: a small, complete copy of the site, and its gates.

:func:`write_pristine` copies the repository's engine (mkdocs.yml, overrides/, dlglossary/, docs
assets, API page, tags, pyproject, this folder's tests) into a directory and writes a two-term
glossary (ReLU, Leaky ReLU) in the house style: registry entries, both pages, snippets with named
sections, golden outputs, a figure, snippet tests. The real terms are not copied, so the
catalogue tests the gates themselves and does not depend on the state of the content. Each test
works in a :func:`copy` of it.

Our own commands run in this process on the copy, as ``dlglossary <command> --root <copy>``
(:meth:`Tree.run`). Two kinds of gate are other programs and run as subprocesses in the copy,
as a contributor runs them: pytest on the copy's tests (:meth:`Tree.pytest`: a snippet's own
test, and the repository tests the copy carries, which are not commands) and
``mkdocs build --strict`` (:meth:`Tree.build`: the build loads the copy's hooks by path from its
mkdocs.yml, which is why the copy carries the engine).

The fixtures are in conftest.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

from dlglossary.tools.cli import main

ROOT = Path(__file__).resolve().parents[2]
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def IGNORE(directory: str, names: list[str]) -> set[str]:  # noqa: N802 - used like a constant
    """What copytree skips: bytecode, and at the top the built ``site/`` and any cache except the
    build caches (the pristine tree is built once so that every copy starts with a warm figure
    cache, compiled templates and memoised search entries; all of them are keyed by their
    inputs, so an injected mistake is still seen)."""
    skipped = set(_IGNORED(directory, names))
    top = Path(directory)
    if (top / "mkdocs.yml").exists():
        skipped |= {"site"} & set(names)
    if top.name == ".cache":
        skipped |= set(names) - WARM_CACHES
    return skipped


WARM_CACHES = {"figures", "jinja2", "build"}  # .cache/ entries every copy inherits


REGISTRY = {
    "relu": """\
        zh:
          name: ReLU
          aliases: [线性整流函数]
        en:
          name: ReLU
          aliases: [rectified linear unit]
        summary:
          zh: 把负输入截为 0 的分段线性激活函数。
          en: A piecewise-linear activation that zeroes negative inputs.
        tags: [activation-functions]
        related:
          - term: leaky-relu
            zh: 在负半轴保留一个小斜率。
            en: Keeps a small slope for negative inputs.
        references:
          - authors: Vinod Nair, Geoffrey E. Hinton
            title: Rectified Linear Units Improve Restricted Boltzmann Machines
            year: 2010
            url: https://icml.cc/Conferences/2010/papers/432.pdf
        """,
    "leaky-relu": """\
        zh:
          name: Leaky ReLU
          aliases: [带泄露线性整流函数]
        en:
          name: Leaky ReLU
          aliases: [LeakyReLU]
        summary:
          zh: 负半轴斜率为一个小常数 α 的 ReLU 变体。
          en: A ReLU variant whose slope for negative inputs is a small constant α.
        tags: [activation-functions]
        related:
          - term: relu
            zh: 它的出发点。
            en: Where it starts from.
        references:
          - authors: Andrew L. Maas, Awni Y. Hannun, Andrew Y. Ng
            title: Rectifier Nonlinearities Improve Neural Network Acoustic Models
            year: 2013
            url: https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf
        """,
}

PAGE_ZH = """\
    # {title} {{ #{slug} }}

    ## 定义 {{ #definition }}

    {title} 是一种激活函数，公式见[下文](#formula)。

    ## 直觉 {{ #intuition }}

    它让正输入原样通过。

    ## 公式 {{ #formula }}

    $$
    f(x) = \\max(x, 0)
    $$

    ## 性质 {{ #properties }}

    在 0 处不可导。

    ## 代码 {{ #code }}

    ```python title="snippets/{module}.py"
    --8<-- "snippets/{module}.py:{module}"
    ```

    ```text title="python -m snippets.{module}"
    --8<-- "snippets/output/{module}.txt"
    ```

    ## 图像 {{ #plot }}

    ![{title} 的函数图像](../../assets/figures/{slug}-curve.svg)

    ## 常见误区与勘误 {{ #pitfalls }}

    不要把它和 {other} 混淆，见 [{other}]({other_slug}.md#definition)。
    """

PAGE_EN = """\
    # {title} {{ #{slug} }}

    ## Definition {{ #definition }}

    {title} is an activation function; see the [formula](#formula).

    ## Intuition {{ #intuition }}

    It lets positive inputs through unchanged.

    ## Formula {{ #formula }}

    $$
    f(x) = \\max(x, 0)
    $$

    ## Properties {{ #properties }}

    It has no derivative at 0.

    ## Code {{ #code }}

    ```python title="snippets/{module}.py"
    --8<-- "snippets/{module}.py:{module}"
    ```

    ```text title="python -m snippets.{module}"
    --8<-- "snippets/output/{module}.txt"
    ```

    ## Plot {{ #plot }}

    ![The graph of {title}](../../assets/figures/{slug}-curve.svg)

    ## Pitfalls and corrections {{ #pitfalls }}

    Do not confuse it with {other}; see [{other}]({other_slug}.md#definition).
    """

SNIPPET = '''\
    """{title}: a tiny fixture module for the bad-input catalogue.

    Run ``python -m snippets.{module}``.
    """

    from __future__ import annotations


    # --8<-- [start:{module}]
    def {module}(x: float, alpha: float = {alpha}) -> float:
        """{title} of one number.

        Args:
            x: Input.
            alpha: Slope for negative inputs.

        Returns:
            ``x`` if positive, else ``alpha * x``.
        """
        return x if x > 0 else alpha * x


    # --8<-- [end:{module}]


    def curve_data() -> tuple[list[float], list[float]]:
        """Points of the curve on [-2, 2]."""
        xs = [i / 2 for i in range(-4, 5)]
        return xs, [{module}(x) for x in xs]


    def plot_curve():
        """The curve, as a matplotlib Figure."""
        from matplotlib.figure import Figure

        fig = Figure(figsize=(3, 2))
        ax = fig.add_subplot()
        ax.plot(*curve_data())
        return fig


    FIGURES = {{"{slug}-curve": plot_curve}}


    def main() -> None:
        """Print the demo output."""
        for x in (-1.0, 2.0):
            print(f"{module}({{x}}) = {{{module}(x)}}")


    if __name__ == "__main__":
        main()
    '''

SNIPPET_TEST = '''\
    """Tests for snippets/{module}.py."""

    from snippets.{module} import curve_data, {module}


    def test_positive_inputs_pass_through() -> None:
        """Positive inputs are returned unchanged."""
        assert {module}(2.0) == 2.0


    def test_curve_data() -> None:
        """The plotted curve has 9 points."""
        assert len(curve_data()[0]) == 9
    '''

TERMS = {
    "relu": {"title": "ReLU", "alpha": "0.0", "other": "Leaky ReLU", "other_slug": "leaky-relu"},
    "leaky-relu": {"title": "Leaky ReLU", "alpha": "0.01", "other": "ReLU", "other_slug": "relu"},
}
HOME = {
    "zh": "# 测试术语表 {{ #home }}\n\n见 [ReLU](terms/relu.md)。\n",
    "en": "# Test glossary {{ #home }}\n\nSee [ReLU](terms/relu.md).\n",
}


def HAS_FIGURES() -> bool:  # noqa: N802
    """Whether mkdocs.yml enables the glossary plugin with its snippet features (which serve
    the snippet figures)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    enabled = re.search(r"^\s*- glossary\b", text, re.M) is not None
    return enabled and re.search(r"^\s*snippets:\s*false\b", text, re.M) is None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _golden(module: str, alpha: float) -> str:
    def f(x: float) -> float:
        return x if x > 0 else alpha * x

    return "".join(f"{module}({x}) = {f(x)}\n" for x in (-1.0, 2.0))


def write_pristine(root: Path) -> Path:
    """Write the fixture site into ``root``, build it once (warming the caches every copy
    inherits), and return ``root``."""
    for name in ("mkdocs.yml", "pyproject.toml", "_typos.toml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("jinja2", "build"):  # compiled theme templates: the repository's, if it has them
        if (ROOT / ".cache" / name).is_dir():
            shutil.copytree(ROOT / ".cache" / name, root / ".cache" / name)
    for name in ("overrides", "dlglossary", "docs/assets"):
        shutil.copytree(ROOT / name, root / name, ignore=IGNORE)
    shutil.rmtree(root / "docs/assets/figures", ignore_errors=True)  # the real terms' figures
    for lang in ("zh", "en"):
        for page in ("api.md",):
            if (ROOT / "docs" / lang / page).exists():
                _write(
                    root / "docs" / lang / page, (ROOT / "docs" / lang / page).read_text("utf-8")
                )
        _write(root / "docs" / lang / "index.md", HOME[lang].replace("{{", "{").replace("}}", "}"))
    shutil.copy(ROOT / "registry" / "_tags.yml", _mk(root / "registry") / "_tags.yml")
    _write(root / "snippets" / "__init__.py", '"""Snippet modules."""\n')
    shutil.copytree(ROOT / "tests" / "tools", root / "tests" / "tools", ignore=IGNORE)
    for helper in ("conftest.py", "catalogue.py"):
        (root / "tests" / "tools" / helper).unlink()
    figures = HAS_FIGURES()
    for slug, values in TERMS.items():
        module = slug.replace("-", "_")
        fmt = {"slug": slug, "module": module, **values}
        _write(root / "registry" / f"{slug}.yml", dedent(REGISTRY[slug]))
        for lang, page in (("zh", PAGE_ZH), ("en", PAGE_EN)):
            text = dedent(page).format(**fmt)
            if not figures:  # the figure plugin is not configured (yet): no plot section
                text = "\n".join(x for x in text.splitlines() if "assets/figures" not in x) + "\n"
            _write(root / f"docs/{lang}/terms" / f"{slug}.md", text)
        _write(root / "snippets" / f"{module}.py", dedent(SNIPPET).format(**fmt))
        _write(root / "tests/snippets" / f"test_{module}.py", dedent(SNIPPET_TEST).format(**fmt))
        _write(root / "snippets/output" / f"{module}.txt", _golden(module, float(values["alpha"])))
    tree = Tree(root)
    updated = tree.run("update")  # draws the golden figures, records the translation state and
    assert not updated.failed, updated.output  # the published URLs
    built = tree.build()  # warms the build caches for every copy
    assert not built.failed, built.output
    shutil.rmtree(root / "site", ignore_errors=True)
    return root


def _mk(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Run:
    """A finished gate: exit code and combined output."""

    returncode: int
    output: str

    @property
    def failed(self) -> bool:
        return self.returncode != 0


def _environ(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }


@dataclass
class Tree:
    """A throw-away copy of the fixture site, and the gates to run in it."""

    root: Path

    def run(self, *argv: str) -> Run:
        """``dlglossary <argv> --root <tree>``, in this process (``main``)."""
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            code = main([*argv, "--root", str(self.root)])
        return Run(code, output.getvalue())

    def links(self) -> Run:
        """The link check of the built ``site/``, served under /dl-glossary/."""
        site = str(self.root / "site")
        return self.run("linkcheck", site, "--base", "/dl-glossary/", "--quiet-external")

    def pytest(self, *paths: str) -> Run:
        """pytest on ``paths`` of the tree, in the tree, with the tree's packages first on the
        path (third-party pytest plugins play no part in what these gates check)."""
        return self._python(
            "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider", *paths,
            env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        )  # fmt: skip

    def build(self) -> Run:
        """``mkdocs build --strict`` under the /dl-glossary/ sub-path, into ``<tree>/site``."""
        return self._python(
            "-m", "mkdocs", "build", "--strict", "-d", "site",
            env={"SITE_URL": "http://127.0.0.1:8000/dl-glossary/"},
        )  # fmt: skip

    def _python(self, *args: str, env: dict[str, str]) -> Run:
        environ = _environ(PYTHONPATH=str(self.root), **env)
        done = subprocess.run(
            [sys.executable, *args], cwd=self.root, env=environ, capture_output=True, text=True
        )
        return Run(done.returncode, done.stdout + done.stderr)

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace ``old`` (which must occur) by ``new`` in ``rel``."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        _write(self.root / rel, text)


def copy_files(pristine: Path, root: Path) -> None:
    """Copy the fixture site to ``root`` (what a copy needs of it: :func:`IGNORE`)."""
    shutil.copytree(pristine, root, ignore=IGNORE)


def copy(pristine: Path, root: Path) -> Tree:
    """A fresh copy of the fixture site at ``root``."""
    copy_files(pristine, root)
    return Tree(root)


#: ``dlglossary`` arguments of the gates the catalogue runs (:meth:`Tree.run`)
REGISTRY_GATE = ("check", "--only", "registry")
URLS_GATE = ("check", "--only", "urls")
OUTPUTS_GATE = ("check", "--only", "outputs")
