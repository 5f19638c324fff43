"""Run ``python <args>`` in a process forked from an interpreter that already imported the
libraries the gates use, instead of starting and importing them again for every gate.

Every gate of the bad-input catalogue (and every build of a broken fixture site in
tests/engine/test_build.py) is a short command in a throw-away tree whose run time was
mostly start-up: MkDocs with its theme and plugins, jieba loading its dictionary (1 s, in
every build that indexes a changed Chinese page), pytest. :class:`WarmPython` starts one
*warm* interpreter that imports them once, then for each command forks a child that does what
``python <args>`` with that working directory and environment does: ``sys.path`` starts with
the working directory (``-m``) or ``''`` (``-c``), then ``PYTHONPATH``; ``sys.argv`` is set
the same way; the child runs the module as ``__main__``, in a fresh ``__main__`` module,
with stdin from ``/dev/null`` and stdout/stderr to their own files, and exits with the code
``python`` would (``SystemExit`` code, 1 on an uncaught exception, after the ``atexit``
handlers and waiting for non-daemon threads).

The warm interpreter imports no code of the project (``dlglossary``, ``snippets``, tests): a
child imports those from its own ``sys.path``, i.e. from the tree it runs in, as a fresh
process would. Where ``fork`` does not exist, or the warm interpreter died, ``run`` falls back
to a plain subprocess.

The session shares one (the ``warm_python`` fixture); it serves one command at a time.

Run as a script, this module is the warm interpreter: one JSON request per line on stdin,
one exit code per line on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: imported once by the warm interpreter (third-party only: never the project's own code)
PRELOAD = (
    "yaml",
    "jinja2",
    "markdown",
    "pygments.lexers.python",
    "pygments.formatters.html",
    "pymdownx.arithmatex",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.snippets",
    "pymdownx.tabbed",
    "pymdownx.details",
    "pymdownx.inlinehilite",
    "pymdownx.emoji",
    "click",  # mkdocs.__main__ itself must not be imported: runpy runs it
    "mkdocs.commands.build",
    "mkdocs.structure.pages",
    "material.plugins.search.plugin",
    "mkdocs_static_i18n.plugin",
    "mkdocs_autorefs",
    "mkdocs_redirects.plugin",
    "mkdocstrings",
    "mkdocstrings_handlers.python",
    "griffe",
    "pydantic",
    "jieba",
    "pypinyin",
    "selectolax.lexbor",
    "autocorrect_py",
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
    "pytest",
)
_PROJECT = ("dlglossary", "snippets", "tests")
_HERE = str(Path(__file__).parent)
_SERVER = (
    f"import sys; sys.path.insert(0, {_HERE!r}); import warm_python; "
    f"sys.path.remove({_HERE!r}); warm_python.serve()"
)


class WarmPython:
    """A warm interpreter (started lazily, once) and the children it forks."""

    def __init__(self, env: dict[str, str]) -> None:
        """``env``: the environment the warm interpreter imports its libraries under (module
        state read from the environment at import time comes from it)."""
        self.env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
        self._proc: subprocess.Popen | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="warm-python-")
        self._count = 0
        self._failed = False
        self._lock = threading.Lock()  # one command at a time (threads may share it)

    def start(self) -> None:
        """Start the warm interpreter now (it imports in the background)."""
        if self._proc is None and hasattr(os, "fork") and not self._failed:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd=self._tmp.name,
                env=self.env,
                text=True,
            )

    def run(self, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
        """``python <args>`` in ``cwd`` with exactly ``env``: (exit code, stdout, stderr)."""
        with self._lock:
            return self._run(args, cwd, env)

    def _run(self, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
        self.start()
        proc = self._proc
        if proc is None or args[0] not in ("-m", "-c"):
            done = subprocess.run(
                [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True
            )
            return done.returncode, done.stdout, done.stderr
        self._count += 1
        out = Path(self._tmp.name) / f"{self._count}.out"
        err = Path(self._tmp.name) / f"{self._count}.err"
        request = {"args": args, "cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
        try:
            proc.stdin.write(json.dumps(request) + "\n")
            proc.stdin.flush()
            code = int(proc.stdout.readline())
        except (OSError, ValueError):  # the warm interpreter died: a plain process then
            self._proc, self._failed = None, True
            return self._run(args, cwd, env)
        output = (
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
        )
        out.unlink()
        err.unlink()
        return code, *output

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()
            self._proc.wait()
            self._proc.stdout.close()
            self._proc = None
        self._tmp.cleanup()


# -- the warm interpreter ----------------------------------------------------------------


def serve() -> None:
    """Import PRELOAD, then fork one child per request read from stdin."""
    import contextlib
    import gc
    import importlib

    base_path = [p for p in sys.path if p]  # what follows '' (-c) or PYTHONPATH
    for name in PRELOAD:  # one not installed here: the child imports it, or fails, as usual
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    try:
        import jieba

        jieba.setLogLevel(60)  # its loading messages are not the gates' output
        jieba.initialize()
    except ImportError:
        pass
    own = sorted(m for m in sys.modules if m.split(".")[0] in _PROJECT)
    assert not own, f"the warm interpreter must not import project code: {own}"
    # What is imported stays: keep it out of the children's garbage collections, which
    # would otherwise walk (and so copy, page by page) the whole inherited heap.
    gc.freeze()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, base_path)  # never returns
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


def _child(request: dict, base_path: list[str]) -> None:
    import runpy
    import traceback
    import types

    code = 1
    try:
        env = request["env"]
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(env)
        stdin = os.open(os.devnull, os.O_RDONLY)
        out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        for fd, target in ((stdin, 0), (out, 1), (err, 2)):
            os.dup2(fd, target)
            os.close(fd)
        sys.dont_write_bytecode = bool(env.get("PYTHONDONTWRITEBYTECODE"))
        pythonpath = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        option, target, *rest = request["args"]
        main = types.ModuleType("__main__")
        sys.modules["__main__"] = main
        try:
            if option == "-m":
                sys.path[:] = [os.getcwd(), *pythonpath, *base_path]
                sys.argv = [target, *rest]  # runpy puts the module's file in argv[0]
                runpy._run_module_as_main(target, alter_argv=True)
            else:
                sys.path[:] = ["", *pythonpath, *base_path]
                sys.argv = ["-c", *rest]
                main.__annotations__ = {}
                exec(compile(target, "<string>", "exec"), main.__dict__)
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except BaseException:
            kind, exc, trace = sys.exc_info()
            traceback.print_exception(kind, exc, trace.tb_next)  # from the command's frames on
            code = 1
        code = _shut_down(code)
    finally:
        os._exit(code)


def _exit_code(value) -> int:
    """What ``python`` exits with for ``SystemExit(value)``."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)
    return 1


def _shut_down(code: int) -> int:
    """Interpreter shutdown: wait for non-daemon threads, run atexit handlers, flush."""
    import atexit
    import threading

    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            code = 120
    return code
