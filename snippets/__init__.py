"""Runnable code behind the glossary's term pages.

One module per term, named after the term's slug with ``-`` replaced by ``_``
(``leaky-relu`` → ``snippets/leaky_relu.py``). Both language versions of a page embed
the same module, so identifiers and comments are in English.

Every module follows the same contract, which the test suite and the site build enforce:

* Importing it has no side effects: no printing, plotting or training at import time;
  matplotlib is imported lazily inside plotting functions only.
* ``main()`` prints a deterministic demo (seeded, CPU, fixed dtype and formatting).
  Run it from the repository root with ``python -m snippets.<module>``.
* Its exact output is stored in ``snippets/output/<module>.txt`` and embedded in the
  pages; ``dlglossary update`` regenerates it, and the tests fail
  while it is stale.
* Pages embed named sections, never line ranges: a section is the code between a
  ``--8<--`` comment holding ``[start:name]`` and one holding ``[end:name]``.
* ``FIGURES`` (optional) maps kebab-case figure names, unique site-wide, to functions
  that take no arguments and return a ``matplotlib.figure.Figure``. The site build draws
  each one in a light and a dark variant and serves them at
  ``/assets/figures/<name>.svg`` and ``/assets/figures/<name>.dark.svg``.
"""
