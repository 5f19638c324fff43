"""Run every gate CI runs, in the same order, each as a subprocess, and print a one-screen summary.

    python -m dlglossary.tools.check           # everything (about a minute)
    python -m dlglossary.tools.check --fast    # quick gates (seconds): lint, spelling, typography…
    python -m dlglossary.tools.check --only typos,links
    python -m dlglossary.tools.check --list    # the gates and their commands

Full output of every gate is written to ``.cache/check/<gate>.log``; failing gates print theirs.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOGS = Path(".cache") / "check"
SITE = Path(".cache") / "check-site"
PY = sys.executable


def _repo() -> str:
    from dlglossary.tools.linkcheck import repo_name

    return repo_name(ROOT)


@dataclass(frozen=True)
class Gate:
    """One check: a name, the command, whether it is quick, and whether failure blocks."""

    name: str
    command: tuple[str, ...]
    fast: bool
    blocking: bool = True  # the outdated-translation report informs, it does not fail
    hint: str = ""


def gates() -> list[Gate]:
    """Every gate, in CI order (.ci/run runs this same list)."""
    base = f"/{_repo()}/"
    return [
        Gate("ruff", ("ruff", "check", "."), True, hint="ruff check --fix ."),
        Gate("ruff-format", ("ruff", "format", "--check", "."), True, hint="ruff format ."),
        Gate("typos", ("typos",), True, hint="fix the word, or add it to _typos.toml"),
        Gate(
            "typography",
            (
                PY,
                "-m",
                "pytest",
                "-q",
                "--no-cov",
                "-p",
                "no:cacheprovider",
                "tests/contrib/test_typography.py",
            ),
            True,
            hint="python -m dlglossary.tools.typography --fix",
        ),
        Gate("scaffold-todos", (PY, "-m", "dlglossary.tools.todos"), True),
        Gate("registry", (PY, "-m", "dlglossary", "check"), True),
        Gate(
            "urls",
            (PY, "-m", "dlglossary.tools.urls"),
            True,
            hint="python -m dlglossary.tools.urls --update",
        ),
        Gate("tests", (PY, "-m", "pytest", "-q", "-m", "not e2e", "-x"), False),
        Gate(
            "build",
            (PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(SITE)),
            False,
        ),
        Gate("outdated", (PY, "-m", "dlglossary", "outdated"), False, blocking=False),
        Gate(
            "links",
            (PY, "-m", "dlglossary.tools.linkcheck", str(SITE), "--base", base, "--quiet-external"),
            False,
        ),
    ]


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


def run_gate(gate: Gate, root: Path) -> Result:
    """Run one gate as a subprocess; never raises."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
        "SITE_URL": f"http://127.0.0.1:8000/{_repo()}/",
        "PYTHONUNBUFFERED": "1",
    }
    start = time.perf_counter()
    try:
        run = subprocess.run(
            gate.command, cwd=root, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        return Result(gate, "FAIL", 0.0, f"{gate.command[0]} is not installed", "")
    seconds = time.perf_counter() - start
    output = run.stdout + ("\n" + run.stderr if run.stderr.strip() else "")
    if run.returncode == 0:
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


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m dlglossary.tools.check")
    parser.add_argument("--fast", action="store_true", help="only the quick gates")
    parser.add_argument("--only", help="comma-separated gate names")
    parser.add_argument("--list", action="store_true", help="list the gates and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every gate's output")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    selected = gates()
    if args.list:
        for gate in selected:
            print(f"{gate.name:<15} {'fast' if gate.fast else 'slow':<5} {' '.join(gate.command)}")
        return 0
    if args.fast:
        selected = [g for g in selected if g.fast]
    if args.only:
        names = set(args.only.split(","))
        unknown = names - {g.name for g in gates()}
        if unknown:
            print(f"unknown gate(s): {', '.join(sorted(unknown))}; see --list", file=sys.stderr)
            return 2
        selected = [g for g in selected if g.name in names]
    logs = args.root / LOGS
    logs.mkdir(parents=True, exist_ok=True)
    results = []
    for gate in selected:
        print(f"… {gate.name}", end="\r", flush=True, file=sys.stderr)
        if gate.name == "links" and any(
            r.gate.name == "build" and r.status == "FAIL" for r in results
        ):
            results.append(Result(gate, "skip", 0.0, "needs a successful build", ""))
            continue
        result = run_gate(gate, args.root)
        (logs / f"{gate.name}.log").write_text(result.output, encoding="utf-8")
        results.append(result)
        if args.verbose or result.status in {"FAIL", "warn"} or gate.name == "outdated":
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
            f"Full logs: {LOGS.as_posix()}/<gate>.log; rerun one gate with --only <gate>."
        )
        return 1
    print(f"\nall {len(results)} gates passed ({total:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
