"""No scaffold marker is left in registry/, docs/, snippets/ or tests/."""

from __future__ import annotations

from pathlib import Path

from dlglossary.tools.todos import MARKER, find_markers

ROOT = Path(__file__).resolve().parents[2]


def test_no_unfilled_scaffold_markers() -> None:
    """Every scaffold marker has been replaced by real content (each listed as file:line)."""
    markers = find_markers(ROOT)
    assert not markers, f"unfilled {MARKER} markers; write the content they ask for:\n" + "\n".join(
        map(str, markers)
    )


def test_marker_is_found_with_file_and_line(tmp_path: Path) -> None:
    """A marker in a page is reported as path:line."""
    page = tmp_path / "docs" / "zh" / "terms" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# X\n\n{MARKER} 写定义。\n", encoding="utf-8")
    (marker,) = find_markers(tmp_path)
    assert str(marker).startswith("docs/zh/terms/x.md:3:")


def test_registry_check_does_not_call_a_scaffolded_term_finished(tmp_path: Path, capsys) -> None:
    """`dlglossary check --only registry` validates structure only; with a marker left it says the
    work is not finished and where, instead of a bare "OK"."""
    import shutil

    from dlglossary.tools import cli

    for folder in ("registry", "docs", "snippets"):  # the check also resolves the includes
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("assets"))
    page = tmp_path / "docs" / "en" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{MARKER} write this.\n", "utf-8")
    assert cli.main(["check", "--only", "registry", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Not finished: 1 " in out and "docs/en/index.md:" in out
