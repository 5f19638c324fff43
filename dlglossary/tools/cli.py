"""Command line: ``python -m dlglossary outdated [--update]`` and ``python -m dlglossary check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dlglossary.core import parity
from dlglossary.core.registry import RegistryError, check_pages, list_pages, load_registry
from dlglossary.core.snippet_pages import include_problems
from dlglossary.tools import todos


def _outdated(args: argparse.Namespace) -> int:
    root = Path(args.root)
    lock = root / parity.LOCK_FILE
    current = parity.current_hashes(root / "docs")
    if args.update:
        parity.write_lock(lock, current)
        n = sum(len(sections) for sections in current.values())
        print(f"Recorded {n} section hashes in {parity.LOCK_FILE}.")
        return 0
    outdated, unrecorded = parity.find_outdated(current, parity.read_lock(lock))
    for item in outdated:
        print(item)
    if not outdated:
        print("No possibly outdated translations.")
    if unrecorded:
        print(
            f"{len(unrecorded)} section(s) have no recorded hash yet; after checking the "
            f"translations run: python -m dlglossary outdated --update"
        )
    return 0


def _check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    problems = [  # first: the pages' own include lines name the fix more precisely than parity
        problem
        for page in sorted((root / "docs").glob("*/**/*.md"))
        for problem in include_problems(
            page.read_text(encoding="utf-8"), page.relative_to(root).as_posix(), root
        )
    ]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    try:
        registry = load_registry(root / "registry")
        check_pages(registry, {lang: list_pages(root / "docs", lang) for lang in ("zh", "en")})
        parity.check_docs(root / "docs")
    except (RegistryError, parity.ParityError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Registry, translations and snippet includes OK ({len(registry.terms)} terms).")
    markers = todos.find_markers(root)
    if markers:  # the structure is valid, but a scaffolded term is not written yet
        print(
            f"Not finished: {len(markers)} {todos.MARKER} marker(s) left, first at {markers[0]}; "
            "list them with: python -m dlglossary.tools.todos"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlglossary")
    parser.add_argument("--root", default=".", help="repository root (default: current dir)")
    commands = parser.add_subparsers(dest="command", required=True)
    outdated = commands.add_parser(
        "outdated", help="list English sections whose Chinese source changed since recorded"
    )
    outdated.add_argument("--update", action="store_true", help="record the current hashes")
    outdated.set_defaults(run=_outdated)
    check = commands.add_parser(
        "check", help="validate the registry, pages, parity and snippet includes"
    )
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    return args.run(args)
