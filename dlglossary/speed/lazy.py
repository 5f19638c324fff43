"""Defer imports that most builds never use.

mkdocs-jupyter imports nbconvert (with its exporter registry, ~1 s) and jupytext (~0.4 s)
when MkDocs loads the plugin, but needs them only to convert a notebook that is not in its
own cache (``.cache/mkdocs-jupyter``) or to sniff ``.md`` files, which we tell it to
ignore. :func:`defer` puts a stand-in module in ``sys.modules``: ``import`` binds it at
once, and the first attribute the stand-in lacks imports the real module into it.

(:class:`importlib.util.LazyLoader` is not enough on Python 3.11: the ``import``
statement itself reads ``module.__spec__``, which makes a lazy module load at once.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

#: Modules imported by mkdocs-jupyter at plugin load and used only on a cache miss.
NOTEBOOK_MODULES = ("jupytext", "mkdocs_jupyter.convert")


class _Deferred(types.ModuleType):
    """A module whose body runs when one of its attributes is first needed."""

    def __getattr__(self, attr: str):
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        real = importlib.import_module(name)  # runs the module body (once)
        self.__dict__.update(real.__dict__)  # later lookups no longer come here
        return getattr(real, attr)


def defer(name: str) -> bool:
    """Register ``name`` to be imported on first use; False if already imported or not found."""
    if name in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # a parent package is missing
        return False
    if spec is None:
        return False
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec  # the import system checks it; its presence must not load
    stand_in.__file__ = spec.origin
    if spec.submodule_search_locations is not None:
        stand_in.__path__ = list(spec.submodule_search_locations)
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, stand_in)
    return True


def defer_notebook_converters() -> None:
    """Make loading the mkdocs-jupyter plugin cheap (call before MkDocs loads it)."""
    from dlglossary.speed import patches

    if not patches.applies("notebook-imports"):
        return
    for name in NOTEBOOK_MODULES:
        defer(name)
