"""Bad-input catalogue: each contributor mistake fails its gate with a message naming the file
and the fix.

Every test copies the fixture site (tests/tools/catalogue.py), injects one mistake, runs the
gate a contributor would meet (the command ``dlglossary check`` runs, in this process on the
copy; pytest and the build as subprocesses) and asserts the failure and its message. Builds
take a few seconds each, so only the mistakes that only a build can see are built.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from catalogue import HAS_FIGURES, OUTPUTS_GATE, REGISTRY_GATE, URLS_GATE, Run, Tree, copy

from dlglossary.tools.todos import MARKER

#: what the untouched fixture must pass: every gate the catalogue uses, then the build and the
#: link check of the built site
BASELINE: dict[str, Callable[[Tree], Run]] = {
    "registry": lambda tree: tree.run(*REGISTRY_GATE),
    "todos": lambda tree: tree.run("todos"),
    "urls": lambda tree: tree.run(*URLS_GATE),
    "outputs": lambda tree: tree.run(*OUTPUTS_GATE),
    "typography": lambda tree: tree.run("typography"),
    "snippet tests": lambda tree: tree.pytest(
        "tests/snippets", "tests/tools/test_snippet_usage.py"
    ),
    "front matter": lambda tree: tree.pytest("tests/tools/test_front_matter.py"),
    "build": Tree.build,
    "links": Tree.links,
}


def assert_fails(run, *expected: str) -> None:
    """The gate failed and its output contains every expected fragment."""
    assert run.failed, f"gate passed but should have failed:\n{run.output}"
    for fragment in expected:
        assert fragment in run.output, f"{fragment!r} not in the gate's output:\n{run.output}"


@pytest.fixture(scope="module")
def untouched_copy(
    pristine_tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, Run]]:
    """The BASELINE gates, run in order in an untouched copy of the fixture site."""
    tree = copy(pristine_tree, tmp_path_factory.mktemp("untouched") / "repo")
    return [(name, gate(tree)) for name, gate in BASELINE.items()]


def test_fixture_site_passes_every_gate(untouched_copy) -> None:
    """Baseline: the untouched fixture passes the gates the catalogue uses."""
    for name, run in untouched_copy:
        assert not run.failed, f"{name}: {run.output}"


def test_missing_translation(site_tree) -> None:
    """A Chinese page without its English twin fails, naming the missing file."""
    (site_tree.root / "docs/en/terms/leaky-relu.md").unlink()
    assert_fails(site_tree.run(*REGISTRY_GATE), "leaky-relu", "docs/en/terms/leaky-relu.md")


def test_heading_ids_differ_between_languages(site_tree) -> None:
    """A heading id changed in one language only fails, naming the page and the id."""
    site_tree.edit("docs/en/terms/relu.md", "{ #intuition }", "{ #intuitions }")
    assert_fails(site_tree.run(*REGISTRY_GATE), "docs/en/terms/relu.md", "intuition")


def test_unknown_related_term(site_tree) -> None:
    """A related slug that is not in the registry fails with the file and the fix."""
    site_tree.edit("registry/relu.yml", "term: leaky-relu", "term: leaky-rellu")
    assert_fails(
        site_tree.run(*REGISTRY_GATE), "registry/relu.yml", "'leaky-rellu'", "fix the slug"
    )


def test_duplicate_alias(site_tree) -> None:
    """An alias claimed by two terms fails, naming both entries."""
    site_tree.edit(
        "registry/leaky-relu.yml", "[带泄露线性整流函数]", "[带泄露线性整流函数, 线性整流函数]"
    )
    assert_fails(site_tree.run(*REGISTRY_GATE), "线性整流函数", "registry/leaky-relu.yml", "relu")


def test_malformed_registry_entry(site_tree) -> None:
    """Broken YAML in a registry entry fails with the file and line."""
    site_tree.edit("registry/relu.yml", "aliases: [线性整流函数]", "aliases: [线性整流函数")
    assert_fails(site_tree.run(*REGISTRY_GATE), "registry/relu.yml")


def test_registry_entry_missing_english_name(site_tree) -> None:
    """An entry without en.name fails and says where to add it."""
    site_tree.edit("registry/relu.yml", "en:\n  name: ReLU\n", "en:\n")
    assert_fails(site_tree.run(*REGISTRY_GATE), "registry/relu.yml", "en.name")


def test_malformed_front_matter(site_tree) -> None:
    """Unparsable front matter fails (MkDocs itself would render it as text), naming file:line."""
    page = site_tree.root / "docs/zh/terms/relu.md"
    page.write_text("---\ntitle: [ReLU\n---\n" + page.read_text(encoding="utf-8"), "utf-8")
    run = site_tree.pytest("tests/tools/test_front_matter.py")
    assert_fails(run, "docs/zh/terms/relu.md:", "front matter is not valid YAML", "quote values")


def test_snippet_section_missing(site_tree) -> None:
    """Embedding a section the snippet does not define fails the fast check and the build, each
    with one line naming the page, the snippet file, the section and the fix (no traceback)."""
    for lang in ("zh", "en"):
        site_tree.edit(
            f"docs/{lang}/terms/relu.md", "snippets/relu.py:relu", "snippets/relu.py:grad"
        )
    message = (
        "docs/zh/terms/relu.md: includes section 'grad' of snippets/relu.py, which has no "
        "'# --8<-- [start:grad]' ... '# --8<-- [end:grad]' markers (it has: relu); "
        "fix the section name in the page or add the markers to snippets/relu.py"
    )
    for run in (site_tree.run(*REGISTRY_GATE), site_tree.build()):
        assert_fails(run, message)
        assert "Traceback" not in run.output
        assert sum(message in line for line in run.output.splitlines()) == 1, run.output
    assert_fails(site_tree.pytest("tests/tools/test_snippet_usage.py"), message)


def test_snippet_file_missing(site_tree) -> None:
    """Embedding a snippet file that does not exist fails the fast check, naming the page, the
    path and the fix (the build reports the same line: test_snippet_section_missing)."""
    for lang in ("zh", "en"):
        site_tree.edit(
            f"docs/{lang}/terms/relu.md", "snippets/relu.py:relu", "snippets/rleu.py:relu"
        )
    message = (
        "docs/zh/terms/relu.md: includes 'snippets/rleu.py', which does not exist; fix the path"
    )
    assert_fails(site_tree.run(*REGISTRY_GATE), message)


def test_snippet_raising(site_tree) -> None:
    """A snippet that raises fails its test with the traceback into the snippet file."""
    site_tree.edit(
        "snippets/relu.py",
        "    return x if x > 0",
        "    raise ValueError('boom')\n    return x if x > 0",
    )
    run = site_tree.pytest("tests/snippets/test_relu.py")
    assert_fails(run, "snippets/relu.py", "ValueError: boom", "test_positive_inputs_pass_through")


def test_snippet_main_raising_fails_the_outputs_check(site_tree) -> None:
    """A main() that raises fails the golden-output check, naming the module."""
    site_tree.edit(
        "snippets/relu.py",
        '    """Print the demo output."""',
        '    """Print the demo output."""\n    1 / 0',
    )
    assert_fails(site_tree.run(*OUTPUTS_GATE), "relu")


def test_shown_output_stale(site_tree) -> None:
    """A golden output that no longer matches main() fails and names the update command."""
    site_tree.edit("snippets/relu.py", 'print(f"relu({x}) =', 'print(f"ReLU({x}) =')
    assert_fails(
        site_tree.run(*OUTPUTS_GATE),
        "snippets/output/relu.txt",
        "fix: dlglossary update",
    )


def test_figure_function_failing(site_tree) -> None:
    """A figure function that raises fails the golden-output check, naming figure and module."""
    if not HAS_FIGURES():
        pytest.skip("mkdocs.yml turns off the glossary plugin's snippets, which serve figures")
    site_tree.edit(
        "snippets/relu.py", "    fig = Figure(figsize=(3, 2))", "    raise RuntimeError('no plot')"
    )
    assert_fails(
        site_tree.run(*OUTPUTS_GATE),
        "FIGURES['relu-curve']",
        "snippets/relu.py",
    )


def test_golden_figure_missing(site_tree) -> None:
    """A figure without its golden SVG (a branch that added FIGURES but never ran the update)
    fails the build with one line naming the file, the module and the update command."""
    if not HAS_FIGURES():
        pytest.skip("mkdocs.yml turns off the glossary plugin's snippets, which serve figures")
    (site_tree.root / "docs/assets/figures/relu-curve.dark.svg").unlink()
    run = site_tree.build()
    assert_fails(
        run,
        "docs/assets/figures/relu-curve.dark.svg is missing (FIGURES of snippets/relu.py); "
        "run `dlglossary update`",
    )
    assert "Traceback" not in run.output


def test_broken_internal_link(site_tree) -> None:
    """A link to a page that does not exist fails the strict build, naming the page."""
    for lang in ("zh", "en"):
        site_tree.edit(
            f"docs/{lang}/terms/relu.md", "(leaky-relu.md#definition)", "(leaky-rulu.md)"
        )
    assert_fails(site_tree.build(), "terms/relu.md", "leaky-rulu.md")


def test_hand_written_api_page(site_tree) -> None:
    """A hand-written page where the plugin generates a module's API page fails the build with
    one line naming the file and the fix."""
    for lang in ("zh", "en"):
        site_tree.write(f"docs/{lang}/api/relu.md", "# ReLU API { #relu-api }\n")
    run = site_tree.build()
    assert_fails(
        run,
        "docs/zh/api/relu.md: the API page of snippets/relu.py is generated by the glossary "
        "plugin; delete or rename the hand-written file",
    )
    assert "Traceback" not in run.output


def test_broken_anchor(site_tree) -> None:
    """A link to a heading id that does not exist fails the link check, naming page and anchor."""
    for lang in ("zh", "en"):
        site_tree.edit(
            f"docs/{lang}/terms/relu.md", "(leaky-relu.md#definition)", "(leaky-relu.md#defn)"
        )
    site_tree.build()
    assert_fails(
        site_tree.links(),
        "docs/zh/terms/relu.md",
        "docs/en/terms/relu.md",
        "#defn",
        "heading ids",
    )


def test_unfilled_scaffold_todo(site_tree) -> None:
    """A scaffolded but unwritten term fails the TODO check, listing every file:line."""
    scaffold = site_tree.run("new", "dropout", "--zh", "随机失活", "--en", "Dropout")
    assert not scaffold.failed, scaffold.output
    run = site_tree.run("todos")
    assert_fails(
        run,
        "registry/dropout.yml:",
        "docs/zh/terms/dropout.md:5:",
        "docs/en/terms/dropout.md:5:",
        "snippets/dropout.py:",
        "tests/snippets/test_dropout.py:",
        MARKER,
    )


def test_scaffolded_test_fails_until_written(site_tree) -> None:
    """The scaffolded snippet test fails on its own, pointing at the marker."""
    site_tree.run("new", "dropout", "--zh", "随机失活", "--en", "Dropout")
    run = site_tree.pytest("tests/snippets/test_dropout.py")
    assert_fails(run, MARKER, "assert the claims the Dropout page makes")


def test_chinese_typography_error(site_tree) -> None:
    """Missing CJK–Latin spacing, half-width punctuation and a Kangxi radical are each named."""
    site_tree.edit(
        "docs/zh/terms/relu.md",
        "它让正输入原样通过。",
        "它让正输入(非负的)原样通过,用在ReLU⼀类网络里。",
    )
    run = site_tree.run("typography")
    assert_fails(
        run,
        "docs/zh/terms/relu.md:9:",
        "use full-width '，'",
        "use full-width （…）",
        "U+2F00",
        "autocorrect:",
    )


def test_typography_in_registry_chinese_fields(site_tree) -> None:
    """The Chinese summary in the registry is checked too, naming the field."""
    site_tree.edit("registry/relu.yml", "把负输入截为 0 的", "把负输入截为0的")
    run = site_tree.run("typography")
    assert_fails(run, "registry/relu.yml", "summary.zh")


def test_orphan_snippet(site_tree) -> None:
    """A snippet module no page embeds fails, naming the module and where to embed it."""
    site_tree.write("snippets/softplus.py", '"""Softplus."""\n')
    run = site_tree.pytest("tests/tools/test_snippet_usage.py")
    assert_fails(run, "snippets/softplus.py is not embedded", "docs/zh/terms/softplus.md")


def test_removed_term_without_redirect(site_tree) -> None:
    """Renaming a term without a redirect fails and prints the redirect_maps line to add."""
    for lang in ("zh", "en"):
        page = site_tree.root / f"docs/{lang}/terms/leaky-relu.md"
        page.rename(page.with_name("leaky-rectifier.md"))
    assert_fails(
        site_tree.run(*URLS_GATE),
        "/terms/leaky-relu/ is gone",
        "terms/leaky-relu.md: zh/terms/<new-slug>.md",
        "en/terms/leaky-relu.md: en/terms/<new-slug>.md",
    )
