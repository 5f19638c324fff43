"""Run README.md's serve command, as written, in a fresh copy of the repository and a fresh
virtual environment, and check that the site it serves answers with figures and search.

    python .ci/readme_serve.py            # from the repository root (.ci/run calls it)

The command is the first line of the ```bash block after ``<!-- ci: serve -->`` in README.md.
It ends in ``mkdocs serve``, which never returns: it runs in the background with
``--dev-addr 127.0.0.1:<free port>`` appended, and is stopped once the checks are done. Prints
the install's size and the time until the site answered.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- ci: serve -->"
TIMEOUT = 900  # seconds for install + first build: a fresh venv on a slow network
PAGES = {  # path -> text it must contain
    "": "深度学习术语表",
    "en/": "Deep Learning Glossary",
    "terms/relu/": "assets/figures/relu-dead-units.svg",
    "en/terms/relu/": "assets/figures/relu-dead-units.dark.svg",
    "assets/figures/relu-dead-units.svg": "<svg",
    "search/search_index.json": '"docs"',
    "en/search/search_index.json": '"docs"',
}


def serve_command(readme: str) -> str:
    """The README's serve command (one line ending in ``mkdocs serve``)."""
    _, found, rest = readme.partition(MARKER)
    block = re.search(r"```bash\n(.+?)\n", rest) if found else None
    if block is None or not block.group(1).rstrip().endswith("mkdocs serve"):
        sys.exit(f"README.md: no ```bash block ending in `mkdocs serve` after {MARKER}")
    return block.group(1).strip()


def copy_repository(dest: Path) -> None:
    """The files git tracks (or would track), as a fresh clone has them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def main() -> int:
    command = serve_command((ROOT / "README.md").read_text(encoding="utf-8"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="readme-serve-"))
    repo = work / "dl-glossary"
    copy_repository(repo)
    print(f"$ {command}   (in a copy of the repository: {repo})", flush=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    log = (work / "serve.log").open("w", buffering=1)
    started = time.monotonic()
    serve = subprocess.Popen(
        ["bash", "-c", f"{command} --dev-addr 127.0.0.1:{port}"],
        cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    installed_after = 0.0
    try:
        while True:
            if not installed_after and "Building documentation" in (work / "serve.log").read_text():
                installed_after = time.monotonic() - started
            try:
                fetch(base)
                break
            except OSError:
                if serve.poll() is not None or time.monotonic() - started > TIMEOUT:
                    log.close()
                    print((work / "serve.log").read_text()[-3000:], file=sys.stderr)
                    print("README serve command: the site never answered", file=sys.stderr)
                    return 1
                time.sleep(2)
        answered = time.monotonic() - started
        failures = [
            f"{base}{path}: missing {text!r}"
            for path, text in PAGES.items()
            if text not in fetch(base + path)
        ]
    finally:
        os.killpg(serve.pid, signal.SIGTERM)  # the serve command's own process group
        serve.wait(timeout=30)
        log.close()
    venv = repo / ".venv"
    size = sum(f.stat().st_size for f in venv.rglob("*") if f.is_file()) if venv.exists() else 0
    installed = re.findall(r"Successfully installed (.+)", (work / "serve.log").read_text())
    heavy = [p for p in " ".join(installed).split() if re.match(r"(torch|nvidia|triton)", p)]
    print(
        f"installed in {installed_after:.0f} s, site answered after {answered:.0f} s; "
        f"venv {size / 1e6:.0f} MB; torch/CUDA packages installed: {heavy or 'none'}"
    )
    if heavy:
        failures.append(f"the serve install pulled {heavy}")
    for failure in failures:
        print(failure, file=sys.stderr)
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
