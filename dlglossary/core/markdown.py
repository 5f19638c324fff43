"""The one Markdown scanner of the engine: front matter, fenced code, headings, includes.

Every reader of page Markdown (translation parity, figures and snippet includes, Chinese
typography) sees a page through these functions, so they agree on what is code and what
is prose:

* **Front matter**: a first line ``---`` up to the next ``---`` or ``...`` line.
* **Fenced code** (Python-Markdown's fenced_code and pymdownx.superfences): a line opening
  with three or more backticks or tildes, at any indentation, up to a line holding only the
  same character, at least as many times. An unclosed fence runs to the end of the page.
  The fence lines themselves count as code.
* **Headings**: ATX headings (``## Title { #id }``) outside code and front matter.
* **Snippet includes** (pymdownx.snippets): a line ``--8<-- "path[:section]"`` (quoted with
  ``"`` or ``'``, nothing after the quote). pymdownx.snippets reads them everywhere, inside
  fences too, so includes are found on every line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

FRONT_MATTER, FENCE, PROSE = "front matter", "fence", "prose"

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_HEADING_ID = re.compile(r"\{\s*[^}]*#([\w\-:.]+)[^}]*\}\s*$")
_INCLUDE = re.compile(
    r"""^(?P<line>[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<path>[^"':\n]+)(?::(?P<section>[\w-]+))?\2)"""
    r"""[ \t]*$""",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Line:
    """One line of a page: its 1-based number, its text and what it belongs to."""

    number: int
    text: str
    kind: str  # FRONT_MATTER, FENCE or PROSE

    @property
    def code(self) -> bool:
        """Inside a fence (fence lines included)."""
        return self.kind == FENCE


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None
    line: int


@dataclass(frozen=True)
class Include:
    """A ``--8<-- "path[:section]"`` line."""

    path: str
    section: str | None
    line: int

    @property
    def target(self) -> str:
        """As written between the quotes (``snippets/gelu.py:gelu``)."""
        return f"{self.path}:{self.section}" if self.section else self.path


def _front_matter_length(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def _closes(line: str, fence: str) -> bool:
    bare = line.strip()
    return bool(bare) and bare == fence[0] * len(bare) and len(bare) >= len(fence)


def lines(markdown: str) -> Iterator[Line]:
    """Every line of ``markdown`` (split on ``\\n``), classified."""
    split = markdown.split("\n")
    front = _front_matter_length(split)
    fence: str | None = None
    for number, text in enumerate(split, start=1):
        if number <= front:
            yield Line(number, text, FRONT_MATTER)
        elif fence is not None:
            if _closes(text, fence):
                fence = None
            yield Line(number, text, FENCE)
        elif match := _FENCE.match(text):
            fence = match.group(1)
            yield Line(number, text, FENCE)
        else:
            yield Line(number, text, PROSE)


def map_prose(markdown: str, transform: Callable[[str], str]) -> str:
    """``markdown`` with ``transform`` applied to every prose line (not front matter, not code)."""
    return "\n".join(
        transform(line.text) if line.kind == PROSE else line.text for line in lines(markdown)
    )


def heading(line: Line) -> Heading | None:
    """The ATX heading on ``line``, if it is a prose line holding one."""
    match = _HEADING.match(line.text) if line.kind == PROSE else None
    if match is None:
        return None
    text = match.group(2)
    id_match = _HEADING_ID.search(text)
    return Heading(len(match.group(1)), text, id_match and id_match[1], line.number)


def headings(markdown: str) -> list[Heading]:
    """ATX headings in prose, with their explicit ``{ #id }`` if any."""
    return [found for line in lines(markdown) if (found := heading(line)) is not None]


def includes(markdown: str) -> list[Include]:
    """Every snippet include of a page, in order (inside fences too, as pymdownx reads them)."""
    return [
        Include(m["path"], m["section"], markdown.count("\n", 0, m.start()) + 1)
        for m in _INCLUDE.finditer(markdown)
    ]


def drop_includes(markdown: str) -> str:
    """``markdown`` with every include line emptied (the rest of the page as it is)."""
    return _INCLUDE.sub("", markdown)
