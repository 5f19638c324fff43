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

(c) ``--terms N``: the same engine at another size. A temporary copy of the repository gets
    synthetic terms until it has N (valid registry entries in both languages, pages the size
    of a real one that mention three other terms and relate to two, a snippet module each
    without figures, spread over the six topics), then reports the uncached build (figures
    cached) and the warm build with ms per page, the build's peak memory, edit-to-reload
    latency, the size of one term page and of the API pages (the landing page, one module's and
    the largest), and each language's search index (raw and gzipped);
    with ``--search-queries``, also the search query table of tests/e2e/ run against it.

Targets: build ≤ 3 × markdown-only; edit-to-reload ≤ 1 s up to 60 terms, ≤ 2 s at 300, ≤ 5 s
at 1,000 (issue 13). Reloads are timed four times: the default serve after an edit to the
English home page (only the English site is rebuilt), the default serve after an edit to a
registry entry (both languages rebuilt), Chinese only (``DLGLOSSARY_SERVE_LANGUAGE=zh``) and
English only (``=en``); each with the server's CPU seconds and the "built in" seconds MkDocs
logs.

Usage: ``python scripts/bench.py [--runs 3] [--edits 5]`` or
``python scripts/bench.py --terms 300 [--search-queries]``
"""

from __future__ import annotations

import argparse
import gzip
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

import yaml

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


def _IGNORE(directory: str, names: list[str]) -> set[str]:
    """What a copy of the repository leaves out: the built ``site/`` at the top (not the
    engine's ``dlglossary/site/``), caches, VCS and build metadata."""
    skipped = {".git", ".cache", "__pycache__", "node_modules"}
    if Path(directory).resolve() == ROOT:
        skipped.add("site")
    return {n for n in names if n in skipped or n.endswith(".egg-info")}


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
        for name in keep:  # the build never fills .cache/figures (`dlglossary update` does)
            if (ROOT / ".cache" / name).is_dir():
                shutil.copytree(ROOT / ".cache" / name, repo / ".cache" / name)
        return _build(out, repo)[0]


def bench_build(runs: int) -> dict:
    """Warm builds (the usual case: caches filled by an earlier build) against markdown alone.

    Also, once each: a build with every page converted again (``DLGLOSSARY_NO_SPEED=pages``),
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
        no_page_cache = _build(out, env={**ENV, "DLGLOSSARY_NO_SPEED": "pages"})[0]
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


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc; else None)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_reload(
    edits: int, repo: Path | None = None, language: str | None = None, registry: bool = False
) -> dict:
    """Edit-to-reload latency of ``mkdocs serve`` in a copy of the repository (or ``repo``).

    Each edit appends a sentence to a language's home page and polls it until the sentence is
    served: wall seconds from the edit (the file watcher's delay included), the server's CPU
    seconds meanwhile, and the "Documentation built in" seconds MkDocs logs. ``language``
    serves that language only (``DLGLOSSARY_SERVE_LANGUAGE``); by default every language is
    built and the English home page is edited, which rebuilds the English site alone
    (``dlglossary.speed.language_rebuild``). ``registry``: edit ReLU's English summary in the
    registry instead, which every language shows (both are rebuilt), and poll the English A–Z
    index.
    """
    from dlglossary.core.languages import url_prefix

    lang = language or "en"
    with tempfile.TemporaryDirectory() as tmp:
        if repo is None:
            repo = Path(tmp) / "repo"
            shutil.copytree(ROOT, repo, ignore=_IGNORE)
        port = _free_port()
        url = f"http://127.0.0.1:{port}/{url_prefix(lang)}" + ("a-z/" if registry else "")
        env = {**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"}
        if language:
            env["DLGLOSSARY_SERVE_LANGUAGE"] = language
        log_path = Path(tmp) / "serve.log"
        with open(log_path, "w", encoding="utf-8") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 1800
            while _get(url) is None:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("mkdocs serve did not come up")
                time.sleep(0.2)
            page = repo / ("registry/relu.yml" if registry else f"docs/{lang}/index.md")
            original = page.read_text(encoding="utf-8")
            latencies, cpu = [], []
            for i in range(edits):
                marker = f"Benchmark edit {i} {time.time_ns()}"
                if registry:
                    entry = yaml.safe_load(original)
                    entry["summary"]["en"] += f" {marker}"
                    edited = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
                else:
                    edited = original + f"\n\n{marker}\n"
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                cpu_before = _cpu_seconds(server.pid)
                start = time.perf_counter()
                page.write_text(edited, encoding="utf-8")
                while marker not in (_get(url) or ""):
                    if time.perf_counter() - start > 60:
                        sys.exit("no reload within 60 s")
                    time.sleep(0.02)
                latencies.append(time.perf_counter() - start)
                cpu_after = _cpu_seconds(server.pid)
                if cpu_before is not None and cpu_after is not None:
                    cpu.append(cpu_after - cpu_before)
        finally:
            server.terminate()
            server.wait(timeout=30)
        built = [
            float(line.split("built in")[1].split()[0])
            for line in log_path.read_text(encoding="utf-8").splitlines()
            if "Documentation built in" in line
        ][1:]  # the first is the initial build
    return {"reload_median": statistics.median(latencies), "reload_max": max(latencies),
            "reload_all": latencies, "cpu_median": statistics.median(cpu) if cpu else None,
            "built_in_median": statistics.median(built) if built else None}  # fmt: skip


def reload_line(label: str, r: dict, target: float | None = None) -> str:
    """One line of reload numbers: wall median and max, server CPU, MkDocs' "built in"."""
    cpu = f"{r['cpu_median']:.2f}" if r["cpu_median"] is not None else "-"
    built = f"{r['built_in_median']:.2f}" if r["built_in_median"] is not None else "-"
    verdict = ""
    if target is not None:
        verdict = f"   target ≤ {target:g} s  {'OK' if r['reload_median'] <= target else 'OVER'}"
    return (
        f"{label:<33}{r['reload_median']:.2f} s median, {r['reload_max']:.2f} s max "
        f"over {len(r['reload_all'])} edits; {cpu} s CPU, built in {built} s{verdict}"
    )


#: Reload targets (issue 13): at most this many seconds from an edit to the served page.
RELOAD_TARGETS = ((60, 1.0), (300, 2.0), (1000, 5.0))


def reload_target(terms: int) -> float:
    """The reload target for a glossary of ``terms`` terms (the next size's target above)."""
    return next((t for n, t in RELOAD_TARGETS if terms <= n), RELOAD_TARGETS[-1][1])


# -- synthetic terms ---------------------------------------------------------------------

_HAN = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星风云山川江河湖海松竹梅兰菊"

_PAGE = {
    "zh": """# {name} {{ #{slug} }}

## 定义 {{ #definition }}

{name}是一个用于测量构建速度的合成术语，它和{m1}、{m2}以及{m3}有关。
它的定义只有一句话，但正文的长度与真实页面相当。

## 直觉 {{ #intuition }}

{filler_zh}

## 公式 {{ #formula }}

设输入为 $x$，输出为 $y$，则

$$
y = \\sigma(W x + b), \\qquad \\frac{{\\partial y}}{{\\partial x}} = \\sigma'(W x + b)\\, W
$$

## 代码 {{ #code }}

```python title="snippets/{module}.py"
--8<-- "snippets/{module}.py:scale"
```

## 常见误区与勘误 {{ #pitfalls }}

- {filler_zh}
- 不要把{name}和{m1}混为一谈。
""",
    "en": """# {name} {{ #{slug} }}

## Definition {{ #definition }}

{name} is a synthetic term for measuring the build; it relates to {m1}, {m2} and {m3}.
Its definition is one sentence, but its body is as long as a real page's.

## Intuition {{ #intuition }}

{filler_en}

## Formula {{ #formula }}

Let the input be $x$ and the output $y$; then

$$
y = \\sigma(W x + b), \\qquad \\frac{{\\partial y}}{{\\partial x}} = \\sigma'(W x + b)\\, W
$$

## Code {{ #code }}

```python title="snippets/{module}.py"
--8<-- "snippets/{module}.py:scale"
```

## Pitfalls and corrections {{ #pitfalls }}

- {filler_en}
- Do not confuse {name} with {m1}.
""",
}
_FILLER_ZH = "训练时梯度沿着网络反向传播，每一层都会把它乘上自己的局部导数。" * 6
_FILLER_EN = (
    "During training the gradient flows backwards through the network, and every layer "
    "multiplies it by its own local derivative, which is why the shape of each layer matters. "
) * 4
_SNIPPET = '''"""Synthetic term {name}: a module the size of a small real snippet."""

import math


# --8<-- [start:scale]
def scale(x: float, factor: float = 2.0) -> float:
    """Multiply ``x`` by ``factor``.

    Args:
        x: The input.
        factor: The scale.

    Returns:
        The scaled input.
    """
    return x * factor
# --8<-- [end:scale]


def main() -> None:
    print(f"{{scale(math.pi):.4f}}")


if __name__ == "__main__":
    main()
'''


_TAGS = ("activation-functions", "training", "detection", "distillation", "architecture", "compute")


def _code(i: int) -> str:
    letters = ""
    for _ in range(3):
        i, r = divmod(i, 26)
        letters = chr(ord("A") + r) + letters
    return letters


def add_synthetic_terms(repo: Path, total: int) -> int:
    """Add synthetic terms to the copy ``repo`` until it has ``total``; return how many."""
    existing = len([p for p in (repo / "registry").glob("*.yml") if not p.name.startswith("_")])
    count = max(0, total - existing)
    names = []
    for i in range(count):
        code = _code(i)
        zh = "合成" + _HAN[i % len(_HAN)] + _HAN[(i // len(_HAN)) % len(_HAN)] + code
        names.append((f"syn-{code.lower()}", zh, f"Synthetic term {code}"))
    for i, (slug, zh, en) in enumerate(names):
        others = [names[(i + k) % count] for k in (1, 2, 3)] if count > 3 else [names[i]] * 3
        module = slug.replace("-", "_")
        related = [o for o in others[:2] if o[0] != slug]
        registry = [
            f"zh:\n  name: {zh}\n  aliases: [ST{_code(i)}]",
            f"en:\n  name: {en}\n  aliases: [ST{_code(i)}]",
            f"summary:\n  zh: 用来测量构建的合成术语{zh}。\n  en: A synthetic term, {en}.",
            f"tags: [{_TAGS[i % len(_TAGS)]}]",
            "related:" if related else "related: []",
        ]
        for other in related:
            registry.append(
                f"  - term: {other[0]}\n    zh: 同为合成术语。\n    en: Also synthetic."
            )
        (repo / "registry" / f"{slug}.yml").write_text("\n".join(registry) + "\n", "utf-8")
        for lang, name, col in (("zh", zh, 1), ("en", en, 2)):
            page = _PAGE[lang].format(
                name=name, slug=slug, module=module, filler_zh=_FILLER_ZH, filler_en=_FILLER_EN,
                m1=others[0][col], m2=others[1][col], m3=others[2][col],
            )  # fmt: skip
            (repo / "docs" / lang / "terms" / f"{slug}.md").write_text(page, "utf-8")
        (repo / "snippets" / f"{module}.py").write_text(_SNIPPET.format(name=en), "utf-8")
    return count


def _peak_build(out: str, repo: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak resident MB) of one strict build in its own process.

    CPU time (user + system, of the build and the processes it waited for) is reported
    besides wall time: on a shared machine it barely moves when other work competes.
    """
    code = (
        "import resource, runpy, sys; sys.argv = ['mkdocs', 'build', '--strict', '-d', "
        f"{out!r}]\ntry: runpy.run_module('mkdocs', run_name='__main__')\nfinally:\n"
        " u = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]\n"
        " print('USAGE', u[0].ru_maxrss, sum(x.ru_utime + x.ru_stime for x in u), file=sys.stderr)"
    )
    wall, proc = _timed([sys.executable, "-c", code], repo)
    usage = [x.split() for x in proc.stderr.splitlines() if x.startswith("USAGE")][-1]
    return wall, float(usage[2]), float(usage[1]) / 1024


def bench_terms(total: int, edits: int, queries: bool = False) -> dict:
    """Build a copy of the repository grown to ``total`` terms; sizes and times."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ROOT, repo, ignore=_IGNORE)
        if (ROOT / ".cache" / "figures").is_dir():
            shutil.copytree(ROOT / ".cache" / "figures", repo / ".cache" / "figures")
        add_synthetic_terms(repo, total)
        out = str(Path(tmp) / "site")
        uncached = _peak_build(out, repo)
        warm = _peak_build(out, repo)
        site = Path(out)
        pages = len(list(site.rglob("index.html"))) - len(list(site.rglob("search/index.html")))
        term_page_kb = (site / "en" / "terms" / "relu" / "index.html").stat().st_size / 1024
        api = site / "en" / "api"
        api_kb = [p.stat().st_size / 1024 for p in (api / "index.html", api / "relu" / "index.html")
                  if p.is_file()]  # fmt: skip
        api_pages = [(p.stat().st_size, p) for p in site.glob("**/api/**/index.html")]
        largest_api = max(api_pages, default=None)
        indexes = {}
        for lang, prefix in (("zh", ""), ("en", "en/")):
            parts = [site / prefix / "search" / f"search_{p}.json" for p in ("index", "sections")]
            raw = [p.read_bytes() if p.is_file() else b"" for p in parts]
            indexes[lang] = [(len(x), len(gzip.compress(x, 9))) for x in raw]
        reload = bench_reload(edits, repo) if edits else None
        reload_both = bench_reload(edits, repo, registry=True) if edits else None
        reload_zh = bench_reload(edits, repo, language="zh") if edits else None
        reload_en = bench_reload(edits, repo, language="en") if edits else None
        searched = search_queries(repo) if queries else None
    return {
        "terms": total,
        "pages": pages,
        "uncached": uncached,
        "warm": warm,
        "term_page_kb": term_page_kb,
        "api_kb": api_kb,
        "largest_api": (
            (largest_api[0] / 1024, largest_api[1].parent.relative_to(site).as_posix() + "/")
            if largest_api
            else None
        ),
        "indexes": indexes,
        "reload": reload,
        "reload_both": reload_both,
        "reload_zh": reload_zh,
        "reload_en": reload_en,
        "search_queries": searched,
    }


def search_queries(repo: Path) -> str:
    """The search query table (tests/e2e/test_search_queries.py: every row, every registry
    name and alias, in a real browser) run in the grown copy ``repo``; pytest's summary."""
    cmd = [sys.executable, "-m", "pytest", "tests/e2e/test_search_queries.py", "-q", "--no-cov"]
    proc = subprocess.run(
        [*cmd, "-p", "no:cacheprovider"], cwd=repo, env=ENV, capture_output=True, text=True
    )
    lines = proc.stdout.strip().splitlines()
    failed = [line for line in lines if line.startswith("FAILED")]
    return "\n".join([*failed[:20], lines[-1] if lines else proc.stderr.strip()[-500:]])


def print_terms(r: dict) -> None:
    (uw, uc, um), (ww, wc, wm) = r["uncached"], r["warm"]
    n = r["pages"]
    print(f"terms: {r['terms']}   HTML pages (both languages): {n}")
    print(f"uncached build (figures cached): {uw:.1f} s wall, {uc:.1f} s CPU, "
          f"{1000 * uc / n:.0f} ms CPU/page, peak {um:.0f} MB")  # fmt: skip
    print(f"warm build:                      {ww:.1f} s wall, {wc:.1f} s CPU, "
          f"{1000 * wc / n:.0f} ms CPU/page, peak {wm:.0f} MB")  # fmt: skip
    print(f"one term page (en/terms/relu/):  {r['term_page_kb']:.0f} KB")
    landing, *module = r["api_kb"]
    module_text = f", one module's (en/api/relu/) {module[0]:.0f} KB" if module else ""
    print(f"API page (en/api/):              {landing:.0f} KB{module_text}")
    if r["largest_api"]:
        kb, where = r["largest_api"]
        print(f"largest API page (either lang):  {kb:.0f} KB ({where})")
    for lang, ((raw, gz), (raw2, gz2)) in r["indexes"].items():
        print(f"search index {lang}, first part:    {raw / 1024:.0f} KB raw, "
              f"{gz / 1024:.0f} KB gzip; sections {raw2 / 1024:.0f} KB raw, "
              f"{gz2 / 1024:.0f} KB gzip")  # fmt: skip
    target = reload_target(r["terms"])
    if r["reload"]:
        print(reload_line("mkdocs serve edit → reload:", r["reload"], target))
    if r["reload_both"]:
        print(reload_line("  a registry edit (both languages):", r["reload_both"], target))
    if r["reload_zh"]:
        print(reload_line("  Chinese only (SERVE_LANGUAGE):", r["reload_zh"], target))
    if r["reload_en"]:
        print(reload_line("  English only (SERVE_LANGUAGE):", r["reload_en"], target))
    if r["search_queries"]:
        print(f"search query table:              {r['search_queries']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="build/markdown runs (median)")
    parser.add_argument("--edits", type=int, default=5, help="edits while serving (median)")
    parser.add_argument("--terms", type=int, help="grow a copy to this many terms (see (c))")
    parser.add_argument(
        "--search-queries",
        action="store_true",
        help="with --terms: also run the search query table against the grown copy",
    )
    parser.add_argument("--markdown-only", metavar="OPTIONS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.markdown_only:
        markdown_only(args.markdown_only)
        return
    if args.terms:
        print_terms(bench_terms(args.terms, args.edits, args.search_queries))
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
          f"   (DLGLOSSARY_NO_SPEED=pages, other caches warm)")  # fmt: skip
    print(f"  cold, figures cached:          {b['cold_with_figures']:.2f} s"
          f"   (fresh copy, only .cache/figures)")  # fmt: skip
    print(f"  cold:                          {b['cold']:.2f} s"
          f"   (fresh copy, empty .cache: figures drawn, notebooks converted)")  # fmt: skip
    terms = len([p for p in (ROOT / "registry").glob("*.yml") if not p.name.startswith("_")])
    target = reload_target(terms)
    print(reload_line("mkdocs serve edit → reload:", bench_reload(args.edits), target))
    both = bench_reload(args.edits, registry=True)
    print(reload_line("  a registry edit (both languages):", both, target))
    zh_only = bench_reload(args.edits, language="zh")
    print(reload_line("  Chinese only (SERVE_LANGUAGE):", zh_only, target))
    en_only = bench_reload(args.edits, language="en")
    print(reload_line("  English only (SERVE_LANGUAGE):", en_only, target))


if __name__ == "__main__":
    main()
