"""`mkdocs serve` with a broken snippet include: the error is printed, the server keeps answering,
and the page shows its last good version under a box naming the problem."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

WAIT = 120  # seconds: how long a build may take on a loaded machine before the test gives up


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # a held request fails here
        return response.read().decode("utf-8")


def _until(predicate, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def test_serve_keeps_the_last_good_page_on_a_broken_include(site_tree, tmp_path) -> None:
    """After the section a page includes is renamed in the snippet, `mkdocs serve` prints the
    one-line error, still answers, and serves the page's last good content under a "Broken
    include" box."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(site_tree.root), "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true"}  # fmt: skip
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=site_tree.root, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/terms/relu/"
    try:
        good = _until(lambda: _get(url), "the first build")
        assert "of one number." in good and "Broken include" not in good
        # The snippet's section is renamed: both pages now include a section it no longer has.
        for marker in ("start", "end"):
            site_tree.edit("snippets/relu.py", f"[{marker}:relu]", f"[{marker}:relu-function]")
        broken = _until(lambda: "Broken include" in (page := _get(url)) and page, "the rebuild")
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
    assert "of one number." in broken, "the last good page is shown"
    assert "includes section &#x27;relu&#x27; of snippets/relu.py" in broken
    printed = [line for line in log.read_text().splitlines() if "section 'relu'" in line]
    assert printed and printed[0].startswith("ERROR") and "fix the section name" in printed[0]
    assert "Traceback" not in log.read_text()
