"""``dlglossary check``: every gate CI runs, in the same order, and a one-screen summary.

    dlglossary check           # everything (about a minute)
    dlglossary check --fast    # quick gates (seconds): lint, spelling, typography…
    dlglossary check --only typos,links
    dlglossary check --list    # the gates and what each runs

External tools (ruff, typos, pytest, mkdocs) run as subprocesses; our own gates run in this
process. Full output of every gate is written to ``.cache/check/<gate>.log``; failing gates
print theirs.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from dlglossary.core import parity
from dlglossary.core.registry import RegistryError, check_pages, list_pages, load_registry
from dlglossary.core.snippet_pages import include_problems
from dlglossary.project import Project
from dlglossary.tools import linkcheck, outputs, todos, translations, typography, urls

PY = sys.executable


@dataclass(frozen=True)
class Gate:
    """One check: a name, what it runs, whether it is quick, and whether failure blocks.

    ``command`` is an external tool, run as a subprocess in the project root; ``run`` is one of
    ours, called in this process with the project (``shown`` is what ``--list`` prints for it).
    """

    name: str
    fast: bool
    command: tuple[str, ...] = ()
    run: Callable[[Project], int] | None = None
    shown: str = ""
    blocking: bool = True  # the outdated-translation report informs, it does not fail
    hint: str = ""

    def describe(self) -> str:
        return self.shown or " ".join(self.command)


def registry(project: Project) -> int:
    """The ``registry`` gate: snippet includes, registry entries, page pairs, translation parity;
    structure only, but a scaffolded term with markers left is not called finished."""
    problems = [  # first: the pages' own include lines name the fix more precisely than parity
        problem
        for page in sorted(project.docs_dir.glob("*/**/*.md"))
        for problem in include_problems(
            page.read_text(encoding="utf-8"), project.rel(page), project.root
        )
    ]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    try:
        entries = load_registry(project.registry_dir)
        pages = {lang: list_pages(project.docs_dir, lang) for lang in project.languages}
        check_pages(entries, pages)
        parity.check_docs(project.docs_dir)
    except (RegistryError, parity.ParityError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Registry, translations and snippet includes OK ({len(entries.terms)} terms).")
    markers = todos.find_markers(project.root)
    if markers:  # the structure is valid, but a scaffolded term is not written yet
        print(
            f"Not finished: {len(markers)} {todos.MARKER} marker(s) left, first at {markers[0]}; "
            "list them with: dlglossary todos"
        )
    return 0


def _links(project: Project) -> int:
    return linkcheck.run(project, project.check_site, quiet_external=True)


def gates(project: Project) -> list[Gate]:
    """Every gate, in CI order (.ci/run runs the fast ones, then the tests)."""
    site = project.rel(project.check_site)
    return [
        Gate("ruff", True, ("ruff", "check", "."), hint="ruff check --fix ."),
        Gate("ruff-format", True, ("ruff", "format", "--check", "."), hint="ruff format ."),
        Gate("typos", True, ("typos",), hint="fix the word, or add it to _typos.toml"),
        Gate("typography", True, run=typography.run, shown="dlglossary typography",
             hint="dlglossary typography --fix"),
        Gate("scaffold-todos", True, run=todos.run, shown="dlglossary todos"),
        Gate("registry", True, run=registry,
             shown="registry entries, page pairs, translation parity, snippet includes"),
        Gate("urls", True, run=urls.check, shown="published URLs still served, new ones listed",
             hint="dlglossary update, or add a redirect"),
        Gate("outputs", False, run=outputs.check,
             shown="golden outputs, figures and lab outputs are what the code makes now",
             hint="dlglossary update"),
        Gate("tests", False, (PY, "-m", "pytest", "-q", "-m", "not e2e", "-x")),
        Gate("build", False, (PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", site)),
        Gate("outdated", False, run=translations.report, shown="dlglossary outdated",
             blocking=False),
        Gate("links", False, run=_links, shown=f"dlglossary linkcheck {site}"),
    ]  # fmt: skip


# Lines worth showing in the summary, most telling first.
ERROR_LINES = [
    re.compile(r"^(ERROR|FAILED)\b"),
    re.compile(r"[\w./-]+\.(py|md|yml|toml|txt|ipynb):\d+"),
    re.compile(r"error:|Error:|broken link|-->|^E\s{3}|would reformat"),
    re.compile(r"^WARNING|Aborted"),
]
NOISE = re.compile(
    r"MkDocs may break|ProperDocs|DISABLE_MKDOCS_2_WARNING|jieba|Prefix dict|^-{10,}"
)


def first_error(output: str) -> str:
    """The most useful single line of a failing gate's output."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if not NOISE.search(line)]
    for pattern in ERROR_LINES:
        for line in lines:
            if pattern.search(line):
                return line
    return lines[0] if lines else ""


@dataclass
class Result:
    gate: Gate
    status: str
    seconds: float
    detail: str
    output: str


def _environ(project: Project) -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SITE_URL": f"http://127.0.0.1:8000/{linkcheck.repo_name(project)}/",
        "PYTHONUNBUFFERED": "1",
    }


def _call(gate: Gate, project: Project) -> tuple[int, str]:
    """Run one of our gates in this process, its output captured (an exception fails it)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = gate.run(project)
        except Exception:  # a gate's own bug: show it, keep going
            traceback.print_exc()
            code = 1
    return code, buffer.getvalue()


def run_gate(gate: Gate, project: Project) -> Result:
    """Run one gate; never raises."""
    start = time.perf_counter()
    if gate.run is not None:
        returncode, output = _call(gate, project)
    else:
        try:
            run = subprocess.run(
                gate.command, cwd=project.root, env=_environ(project),
                capture_output=True, text=True, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            return Result(gate, "FAIL", 0.0, f"{gate.command[0]} is not installed", "")
        returncode = run.returncode
        output = run.stdout + ("\n" + run.stderr if run.stderr.strip() else "")
    seconds = time.perf_counter() - start
    if returncode == 0:
        detail = ""
        if not gate.blocking:
            lines = [x for x in output.splitlines() if x.strip() and not NOISE.search(x)]
            detail = lines[-1].strip() if lines else ""
        return Result(gate, "ok", seconds, detail, output)
    status = "FAIL" if gate.blocking else "warn"
    detail = first_error(output)
    if gate.hint:
        detail = f"{detail}  [fix: {gate.hint}]"
    return Result(gate, status, seconds, detail, output)


def table(results: list[Result], width: int = 118) -> str:
    """The one-screen summary."""
    rows = [f"{'gate':<15} {'status':<6} {'time':>6}  first error / note", "-" * width]
    for r in results:
        line = f"{r.gate.name:<15} {r.status:<6} {r.seconds:>5.1f}s  {r.detail}"
        rows.append(line if len(line) <= width else line[: width - 1] + "…")
    return "\n".join(rows)


def run(
    project: Project,
    fast: bool = False,
    only: str | None = None,
    list_only: bool = False,
    verbose: bool = False,
) -> int:
    """``dlglossary check``: see the module docstring."""
    selected = gates(project)
    if list_only:
        for gate in selected:
            print(f"{gate.name:<15} {'fast' if gate.fast else 'slow':<5} {gate.describe()}")
        return 0
    if fast:
        selected = [g for g in selected if g.fast]
    if only:
        names = set(only.split(","))
        unknown = names - {g.name for g in gates(project)}
        if unknown:
            print(f"unknown gate(s): {', '.join(sorted(unknown))}; see --list", file=sys.stderr)
            return 2
        selected = [g for g in selected if g.name in names]
    logs = project.check_logs
    logs.mkdir(parents=True, exist_ok=True)
    results = []
    for gate in selected:
        print(f"… {gate.name}", end="\r", flush=True, file=sys.stderr)
        if gate.name == "links" and any(
            r.gate.name == "build" and r.status == "FAIL" for r in results
        ):
            results.append(Result(gate, "skip", 0.0, "needs a successful build", ""))
            continue
        result = run_gate(gate, project)
        (logs / f"{gate.name}.log").write_text(result.output, encoding="utf-8")
        results.append(result)
        shown_anyway = len(selected) == 1 or gate.name == "outdated"  # its output is the point
        if verbose or shown_anyway or result.status in {"FAIL", "warn"}:
            shown = [x for x in result.output.strip().splitlines() if not NOISE.search(x)]
            if shown:
                print(f"===== {gate.name} ({result.status}) =====")
                print("\n".join(shown[-25:]))
    print()
    print(table(results))
    failed = [r.gate.name for r in results if r.status == "FAIL"]
    total = sum(r.seconds for r in results)
    if failed:
        print(
            f"\nFAILED: {', '.join(failed)} ({total:.0f}s). "
            f"Full logs: {project.rel(logs)}/<gate>.log; rerun one gate with --only <gate>."
        )
        return 1
    print(f"\nall {len(results)} gates passed ({total:.0f}s)")
    return 0
