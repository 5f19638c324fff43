"""Page weight: drop the theme's indentation from a page's HTML without changing what it shows.

Material's templates indent their markup; on a term page that indentation is about 13 KB of
the ~90 KB (more as the sidebar grows with the glossary). In HTML a run of white space
between words or tags renders as one space, so a line break followed by indentation can
become a bare line break: the page renders the same, every element and text node keeps its
white space (shortened, never removed). Only where white space is kept as written is the
text left alone: ``<pre>`` (code blocks), ``<textarea>``, and ``<script>``/``<style>``
(not rendered, but their contents are code).
"""

from __future__ import annotations

import re

# MkDocs, Material and Pygments write their tags in lowercase.
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", flags=re.DOTALL)
_INDENT = re.compile(r"\n[ \t]+")


def drop_indentation(html: str) -> str:
    """``html`` with every line's leading spaces and tabs removed outside verbatim elements."""
    parts = _VERBATIM.split(html)  # text, verbatim element, its tag name, text, ...
    kept = (_INDENT.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts))
    return "".join(part for i, part in enumerate(kept) if i % 3 != 2)
