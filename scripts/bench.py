"""Benchmark the site engine (not a test: numbers depend on the machine).

(a) ``mkdocs build --strict`` against python-markdown alone converting the same Markdown
    files (every page in docs/) with the same extensions and extension options from
    mkdocs.yml. Both run as fresh Python processes, timed from the outside (wall clock,
    median of several runs), so both pay interpreter start-up and imports. The child
    processes also report their in-process time, printed alongside. The build is a warm
    one, as a contributor runs it: an earlier build filled ``.cache/`` (unchanged pages are
    not converted again, figures not redrawn). For comparison, once each: every page
    converted again, a cold build in a fresh copy with only the figure cache, and a cold
    build with an empty ``.cache/``.
(b) ``mkdocs serve`` edit-to-reload latency: serve a private copy of the repository, append
    a unique sentence to a page, and poll the served page until the sentence appears.
    Normal serve, not ``--dirty``: with mkdocs-static-i18n, dirty rebuilds duplicate the
    search index entries on every rebuild.

Targets at this site's size: build ≤ 3 × markdown-only, edit-to-reload ≤ 2 s.

Usage: ``python scripts/bench.py [--runs 3] [--edits 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def markdown_options() -> tuple[list[str], dict]:
    """The extensions and their options exactly as ``mkdocs build`` resolves them."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    options = {  # `!relative` paths are lazy placeholders: resolve them to plain strings
        name: {k: os.fspath(v) if isinstance(v, os.PathLike) else v for k, v in opts.items()}
        for name, opts in config.mdx_configs.items()
    }
    return list(config.markdown_extensions), options


def markdown_only(options_file: str) -> None:
    """Child process: convert every page with mkdocs.yml's extensions; print timings as JSON."""
    start = time.perf_counter()
    import markdown

    with open(options_file, "rb") as f:
        names, options = pickle.load(f)
    pages = sorted((ROOT / "docs").rglob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in pages]
    convert_start = time.perf_counter()
    md = markdown.Markdown(extensions=names, extension_configs=options)
    for text in texts:
        md.reset().convert(text)
    end = time.perf_counter()
    print(json.dumps({"pages": len(pages), "total": end - start, "convert": end - convert_start}))


def _timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env or ENV, cwd=cwd)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    return elapsed, proc


_IGNORE = shutil.ignore_patterns(
    ".git", "site", ".cache", "__pycache__", "*.egg-info", "node_modules"
)


def _build(out: str, cwd: Path = ROOT, env: dict | None = None) -> tuple[float, float | None]:
    """(wall time, time MkDocs reports) of one strict build."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", out]
    wall, proc = _timed(cmd, cwd, env)
    for line in proc.stderr.splitlines():
        if "Documentation built in" in line:
            return wall, float(line.split("built in")[1].split()[0])
    return wall, None


def _cold_build(out: str, keep: tuple[str, ...] = ()) -> float:
    """Wall time of a build in a fresh copy of the repository: no ``.cache/`` but ``keep``."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT, repo, ignore=_IGNORE)
        for name in keep:
            shutil.copytree(ROOT / ".cache" / name, repo / ".cache" / name)
        return _build(out, repo)[0]


def bench_build(runs: int) -> dict:
    """Warm builds (the usual case: caches filled by an earlier build) against markdown alone.

    Also, once each: a build with every page converted again (``DLGLOSSARY_NO_RENDER_CACHE``),
    a cold build in a fresh copy (empty ``.cache/``: every figure drawn, notebooks converted,
    nothing cached), and a cold build that only has the figure cache.
    """
    build, reported, md_wall, md_convert, pages = [], [], [], [], 0
    with tempfile.TemporaryDirectory() as out:
        options_file = Path(out).parent / f"bench-md-{os.getpid()}.pickle"
        options_file.write_bytes(pickle.dumps(markdown_options()))
        _build(out)  # prime the caches
        for _ in range(runs):
            wall, mkdocs_time = _build(out)
            build.append(wall)
            if mkdocs_time is not None:
                reported.append(mkdocs_time)
            wall, proc = _timed([sys.executable, __file__, "--markdown-only", str(options_file)])
            md_wall.append(wall)
            child = json.loads(proc.stdout)
            md_convert.append(child["convert"])
            pages = child["pages"]
        options_file.unlink()
        no_page_cache = _build(out, env={**ENV, "DLGLOSSARY_NO_RENDER_CACHE": "1"})[0]
        cold = _cold_build(out)
        cold_with_figures = _cold_build(out, keep=("figures",))
    return {
        "pages": pages,
        "build_wall": statistics.median(build),
        "build_reported": statistics.median(reported) if reported else None,
        "markdown_wall": statistics.median(md_wall),
        "markdown_convert": statistics.median(md_convert),
        "no_page_cache": no_page_cache,
        "cold": cold,
        "cold_with_figures": cold_with_figures,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None


def bench_reload(edits: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT, repo, ignore=_IGNORE)
        port = _free_port()
        url = f"http://127.0.0.1:{port}/en/"
        env = {**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while _get(url) is None:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("mkdocs serve did not come up")
                time.sleep(0.2)
            page = repo / "docs" / "en" / "index.md"
            original = page.read_text(encoding="utf-8")
            latencies = []
            for i in range(edits):
                marker = f"Benchmark edit {i} {time.time_ns()}"
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                start = time.perf_counter()
                page.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
                while marker not in (_get(url) or ""):
                    if time.perf_counter() - start > 60:
                        sys.exit("no reload within 60 s")
                    time.sleep(0.02)
                latencies.append(time.perf_counter() - start)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {"reload_median": statistics.median(latencies), "reload_max": max(latencies),
            "reload_all": latencies}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="build/markdown runs (median)")
    parser.add_argument("--edits", type=int, default=5, help="edits while serving (median)")
    parser.add_argument("--markdown-only", metavar="OPTIONS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.markdown_only:
        markdown_only(args.markdown_only)
        return
    b = bench_build(args.runs)
    ratio = b["build_wall"] / b["markdown_wall"]
    print(f"pages (both languages):          {b['pages']}")
    print(f"mkdocs build --strict (wall):    {b['build_wall']:.2f} s"
          f"   (mkdocs reports {b['build_reported']:.2f} s)")  # fmt: skip
    print(f"python-markdown alone (wall):    {b['markdown_wall']:.2f} s"
          f"   (conversion itself {b['markdown_convert']:.3f} s)")  # fmt: skip
    print(f"ratio build / markdown (wall):   {ratio:.2f}×   target ≤ 3×  "
          f"{'OK' if ratio <= 3 else 'OVER'}")  # fmt: skip
    print(f"  every page converted again:    {b['no_page_cache']:.2f} s"
          f"   (DLGLOSSARY_NO_RENDER_CACHE=1, other caches warm)")  # fmt: skip
    print(f"  cold, figures cached:          {b['cold_with_figures']:.2f} s"
          f"   (fresh copy, only .cache/figures)")  # fmt: skip
    print(f"  cold:                          {b['cold']:.2f} s"
          f"   (fresh copy, empty .cache: figures drawn, notebooks converted)")  # fmt: skip
    r = bench_reload(args.edits)
    print(f"mkdocs serve edit → reload:      {r['reload_median']:.2f} s median, "
          f"{r['reload_max']:.2f} s max over {len(r['reload_all'])} edits   target ≤ 2 s  "
          f"{'OK' if r['reload_median'] <= 2 else 'OVER'}")  # fmt: skip


if __name__ == "__main__":
    main()
