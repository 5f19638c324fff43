"""``mkdocs serve`` rebuilds over the last build's site folder instead of emptying it first.

A non-dirty MkDocs build starts by deleting everything in the site folder
(``mkdocs.utils.clean_directory``), then writes every file again. While serving, that
deletion was the largest single cost of a rebuild: at 300 terms about 1,700 files and
folders, ~1.7 s of a ~3 s rebuild on the machine it was measured on, where removing a
folder costs more than writing a file (ext4, 2 cores shared with other work).

Instead, while ``mkdocs serve`` runs, the clean step only starts recording: every file
opened for writing, copied or renamed into the site folder (Python's audit events ``open``,
``os.rename``, ``shutil.copyfile``, raised by whatever code writes it: MkDocs, a plugin,
this package) is noted. Once the outer build is over (every language built), whatever the
build did not write is deleted, and folders left empty that it did not create are removed,
so the folder holds exactly what a build into an empty folder would have written. Like
``clean_directory``, hidden entries at the top of the site folder are left alone.

A file whose bytes would not change is not written again (MkDocs' ``write_file`` and
``copy_file``, through which it writes every page, theme file and asset): it is compared with
what is there, which costs a fraction of rewriting it, and counts as written.

A build that fails half-way leaves a mix of old and new files, as the emptied folder would
leave a part of the site; the next build's clean step records afresh and removes them.
``mkdocs serve --dirty`` never calls the clean step, so nothing is recorded or removed.

A rebuild of one language (:mod:`dlglossary.speed.language_rebuild`) may write only that
language's files, named with :func:`allow` as its build learns them: before anything else in
the site folder is opened for writing, replaced or removed, its bytes are kept, and once the
build is over (or has failed) they are put back, so the rest of the site stays exactly as the
last build left it. Nothing is deleted after such a rebuild: no file was added or removed.
``DLGLOSSARY_NO_SPEED=1`` (or ``=site-dir``) turns this off (:mod:`dlglossary.speed.patches`).
"""

from __future__ import annotations

import os
import shutil
import sys

from mkdocs import utils

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_NAMES = ("clean_directory", "write_file", "copy_file")
_original = {name: getattr(utils, name) for name in _NAMES}


class _Recording:
    """The site folder of the build in progress and what the build wrote or created in it."""

    def __init__(self, site_dir: str, only: str | None = None):
        self.root = os.path.abspath(site_dir)
        self.prefix = self.root + os.sep
        self.written: set[str] = set()
        self.created: set[str] = set()
        self.only = only  # the one language this rebuild builds, else None
        self.allowed: set[str] = set()  # what a rebuild of one language may change
        self.kept: dict[str, bytes | None] = {}  # the bytes before this rebuild (None: absent)

    def _keep(self, full: str) -> None:
        """Keep the bytes of ``full`` before a rebuild of one language changes them."""
        if self.only is None or full in self.allowed or full in self.kept:
            return
        try:
            with open(full, "rb") as f:
                self.kept[full] = f.read()
        except FileNotFoundError:
            self.kept[full] = None  # new: removed again
        except OSError:
            pass  # a folder (moved in whole): its files are kept one by one as they change

    def _inside(self, path) -> str | None:
        if isinstance(path, int):
            return None  # a file descriptor: opened from a path audited earlier
        try:
            full = os.path.abspath(os.fsdecode(path))
        except TypeError:
            return None
        return full if full.startswith(self.prefix) else None

    def note(self, event: str, args: tuple) -> None:
        if event == "open":
            path, _mode, flags = args
            if flags & _WRITE_FLAGS and (full := self._inside(path)):
                self._keep(full)
                self.written.add(full)
        elif event in ("os.rename", "shutil.copyfile", "os.link", "os.symlink"):
            if event == "os.rename" and (source := self._inside(args[0])):
                self._keep(source)  # moved away
            full = self._inside(args[1])
            if full:
                self._keep(full)
                self.written.add(full)
                source = os.fsdecode(args[0]) if not isinstance(args[0], int) else ""
                if os.path.isdir(source):  # a folder about to move in: all of it is new
                    for folder, _, names in os.walk(source):
                        moved = os.path.join(full, os.path.relpath(folder, source))
                        self.created.add(os.path.normpath(moved))
                        self.written.update(os.path.join(os.path.normpath(moved), n) for n in names)
        elif event == "os.mkdir" and (full := self._inside(args[0])):
            self.created.add(full)
        elif event == "os.remove" and (full := self._inside(args[0])):
            self._keep(full)

    def put_back(self) -> int:
        """Put back what a rebuild of one language changed outside its own files; return how
        many files were put back."""
        kept, self.kept = self.kept, {}
        restored = 0
        for path, data in kept.items():
            if path in self.allowed:
                continue  # allowed after it was written (the language's build named it late)
            if data is None:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                    restored += 1
                elif os.path.lexists(path):
                    os.unlink(path)
                    restored += 1
                folder = os.path.dirname(path)
                while folder in self.created and folder != self.root and not os.listdir(folder):
                    os.rmdir(folder)
                    folder = os.path.dirname(folder)
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
                restored += 1
        return restored

    def remove_stale(self) -> int:
        """Delete what this build did not write; return how many files went."""
        removed = 0
        for entry in os.scandir(self.root):
            if entry.name.startswith("."):
                continue  # as clean_directory: hidden entries at the top stay
            if entry.is_dir(follow_symlinks=False):
                removed += self._prune(entry.path)
            elif entry.path not in self.written:
                os.unlink(entry.path)
                removed += 1
        return removed

    def _prune(self, folder: str) -> int:
        removed = 0
        for current, _, names in os.walk(folder, topdown=False):
            for name in names:
                path = os.path.join(current, name)
                if path not in self.written:
                    os.unlink(path)
                    removed += 1
            if current not in self.created and not os.listdir(current):
                os.rmdir(current)
        return removed


_recording: _Recording | None = None
_hooked = False
_only_next: str | None = None  # the language the next clean step's rebuild builds alone


def _audit(event: str, args: tuple) -> None:
    recording = _recording
    if recording is not None:
        recording.note(event, args)


def _start_recording(directory: str) -> None:
    """Stands in for ``mkdocs.utils.clean_directory``: nothing is deleted yet."""
    global _recording, _only_next
    only, _only_next = _only_next, None
    if not os.path.exists(directory):
        return
    _recording = _Recording(directory, only)


def rebuilding_only() -> str | None:
    """The language the build in progress rebuilds alone (None: a full build)."""
    recording = _recording
    return recording.only if recording is not None else None


def allow(paths) -> None:
    """Files (absolute, or relative to the site folder) the rebuild of one language may change."""
    recording = _recording
    if recording is None or recording.only is None:
        return
    for path in paths:
        recording.allowed.add(os.path.abspath(os.path.join(recording.root, path)))


def _unchanged(output_path: str, content) -> bool:
    """Whether ``output_path`` in the site folder being recorded already holds ``content``
    (bytes, or a function reading them); if so it counts as written."""
    recording = _recording
    full = recording._inside(output_path) if recording is not None else None
    if not full or not os.path.isfile(full):
        return False
    with open(full, "rb") as f:
        if f.read() != (content if isinstance(content, bytes) else content()):
            return False
    recording.written.add(full)
    return True


def _read(path: str):
    def read() -> bytes:
        with open(path, "rb") as f:
            return f.read()

    return read


def _write_file(content: bytes, output_path: str) -> None:
    """``mkdocs.utils.write_file``, which leaves a file that already holds ``content``."""
    if not _unchanged(output_path, content):
        _original["write_file"](content, output_path)


def _copy_file(source_path: str, output_path: str) -> None:
    """``mkdocs.utils.copy_file``, which leaves a copy whose bytes are the source's."""
    if not _unchanged(output_path, _read(source_path)):
        _original["copy_file"](source_path, output_path)


def _replacements() -> tuple:
    return _start_recording, _write_file, _copy_file


def install(only: str | None = None) -> None:
    """Record instead of emptying, from the next clean step on (the outer build's on_config);
    ``only``: that rebuild builds this language alone (see :func:`allow`)."""
    global _hooked, _only_next
    _only_next = only
    if not _hooked:
        sys.addaudithook(_audit)  # cannot be removed: idle (one attribute read) between builds
        _hooked = True
    for name, ours in zip(_NAMES, _replacements(), strict=True):
        setattr(utils, name, ours)


def _stop() -> _Recording | None:
    global _recording, _only_next
    recording, _recording, _only_next = _recording, None, None
    for name, ours in zip(_NAMES, _replacements(), strict=True):
        if getattr(utils, name) is ours:  # leave anyone else's replacement alone
            setattr(utils, name, _original[name])
    if recording is not None:
        recording.put_back()
    return recording


def finish() -> int:
    """After the outer build: delete what it did not write (after a full build), and put
    MkDocs' clean step back. Returns how many stale files were deleted."""
    recording = _stop()
    if recording is None or recording.only is not None:
        return 0
    return recording.remove_stale()


def abort() -> None:
    """After a failed build: put back what a rebuild of one language changed outside its
    files, delete nothing, and put MkDocs' clean step back."""
    _stop()
