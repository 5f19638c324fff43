"""The contributor command line: ``dlglossary <command>``, or ``python -m dlglossary <command>``.

    dlglossary new SLUG --zh 名称 --en Name   # scaffold a term
    dlglossary update [TERM …]                # regenerate everything derived from the sources
    dlglossary check [--fast] [--only a,b]    # every gate CI runs
    dlglossary outdated [--accept]            # translations whose Chinese source changed
    dlglossary typography [--fix]             # Chinese punctuation and spacing
    dlglossary todos                          # unfilled scaffold markers
    dlglossary linkcheck [--build]            # every internal link of a built site

Every command takes ``--root`` (default: the folder holding mkdocs.yml, found from the current
directory upwards) and is callable in-process as ``main([...])``, which returns the exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dlglossary.project import Project, ProjectError

PROG = "dlglossary"


def _new(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.tools import new_term

    return new_term.run(project, args.slug, args.zh, args.en, args.tags)


def _update(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.core.registry import RegistryError
    from dlglossary.core.snippet_pages import SnippetError, module_for_slug
    from dlglossary.tools import outputs, translations, urls

    modules = [module_for_slug(term) for term in args.terms]
    unknown = [m for m in modules if not (project.snippets_dir / f"{m}.py").is_file()]
    if unknown:
        print(f"error: no snippets/{unknown[0]}.py; name terms by slug (gelu, leaky-relu)",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        changes = outputs.sync(project, update=True, modules=modules or None)
    except (outputs.UnseededOutput, SnippetError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for change in changes:
        state, _, path = change.partition(": ")
        print(f"{'removed' if state == 'orphan' else 'updated'} {path}")
    recorded = translations.record(project)
    for path in recorded:
        print(f"{'recorded' if path.exists() else 'removed'} {project.rel(path)}")
    try:
        added = urls.update(project)
    except RegistryError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path, url in added:
        print(f"published {url} in {project.rel(path)}")
    if not (changes or recorded or added):
        print("everything is current")
    return 0


def _check(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.tools import check

    return check.run(project, args.fast, args.only, args.list, args.verbose)


def _outdated(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.tools import translations

    if args.accept:
        translations.record(project, accept_outdated=True)
        print(
            f"Recorded every section's current hashes in {project.rel(project.translations_dir)}/."
        )
        return 0
    return translations.report(project)


def _typography(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.tools import typography

    return typography.run(project, fix=args.fix)


def _todos(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.tools import todos

    return todos.run(project)


def _linkcheck(project: Project, args: argparse.Namespace) -> int:
    from dlglossary.tools import linkcheck

    return linkcheck.run(project, args.site_dir, args.base, args.build, args.quiet_external)


def parser() -> argparse.ArgumentParser:
    """The whole command line (a fresh parser per call: no module-level state)."""
    root = argparse.ArgumentParser(add_help=False)
    root.add_argument(
        "--root", type=Path, default=argparse.SUPPRESS,
        help="the glossary repository (default: the folder holding mkdocs.yml, found from "
        "the current directory upwards)",
    )  # fmt: skip
    top = argparse.ArgumentParser(
        prog=PROG, parents=[root], description="The glossary's contributor tools."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="<command>")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[root], help=help, description=help)
        sub.set_defaults(run=run)
        return sub

    new = command("new", _new, "scaffold a new term: registry entry, both pages, snippet, test")
    new.add_argument("slug", help="English kebab-case slug, e.g. batch-normalization")
    new.add_argument("--zh", required=True, help="Chinese display name, e.g. 批归一化")
    new.add_argument("--en", required=True, help="English display name, e.g. 'Batch normalization'")
    new.add_argument("--tags", nargs="*", default=[], help="topic tags (registry/_tags.yml)")

    update = command(
        "update", _update,
        "regenerate what is derived from the sources: golden outputs, figures, lab outputs, "
        "translation state, published URLs",
    )  # fmt: skip
    update.add_argument(
        "terms", nargs="*", help="only these terms' outputs and figures (slugs; default: all)"
    )

    check = command("check", _check, "run every gate CI runs and print a one-screen summary")
    check.add_argument("--fast", action="store_true", help="only the quick gates")
    check.add_argument("--only", help="comma-separated gate names (see --list)")
    check.add_argument("--list", action="store_true", help="list the gates and exit")
    check.add_argument("-v", "--verbose", action="store_true", help="print every gate's output")

    outdated = command(
        "outdated", _outdated,
        "list English sections whose Chinese source changed since the translation was recorded",
    )  # fmt: skip
    outdated.add_argument(
        "--accept", action="store_true",
        help="record every section as translated, the listed ones too (after checking them)",
    )  # fmt: skip

    typography = command("typography", _typography, "check Chinese punctuation and spacing")
    typography.add_argument("--fix", action="store_true", help="apply the automatic fixes first")

    command("todos", _todos, "list unfilled scaffold markers as file:line")

    linkcheck = command("linkcheck", _linkcheck, "check every internal link of a built site")
    linkcheck.add_argument("site_dir", nargs="?", type=Path, help="built site directory")
    linkcheck.add_argument("--base", help="sub-path the site is served under (default /<repo>/)")
    linkcheck.add_argument("--build", action="store_true", help="build the site first")
    linkcheck.add_argument(
        "--quiet-external", action="store_true", help="only count external links"
    )
    return top


def command_names() -> list[str]:
    """Every subcommand, in the order ``--help`` lists them."""
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return list(action.choices)


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = parser().parse_args(argv)
    try:
        root = getattr(args, "root", None)
        project = Project(root.resolve()) if root else Project.discover()
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        return args.run(project, args)
    except BrokenPipeError:  # the listing was piped into `head`: the work is done anyway
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 0
