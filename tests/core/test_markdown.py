"""The one Markdown scanner: what is front matter, code and prose, headings and includes."""

from __future__ import annotations

from dlglossary.core import markdown as md
from dlglossary.tools.typography import prose_lines

PAGE = """---
title: Demo
---
# Demo { #demo }

````markdown
```python
# not a heading
```
## still code { #no }
````

~~~
--8<-- "snippets/demo.py:demo"
~~~

## Formula { #formula }

    ```
    indented fence, closed by a longer one
    `````
## Code { #code }
--8<-- "snippets/output/demo.txt"
;--8<-- "snippets/escaped.py"
--8<-- "snippets/trailing.py" and text
"""


def _kinds(text: str) -> dict[int, str]:
    return {line.number: line.kind for line in md.lines(text)}


def test_front_matter_fences_and_prose() -> None:
    kinds = _kinds(PAGE)
    assert [kinds[n] for n in (1, 2, 3)] == [md.FRONT_MATTER] * 3
    assert kinds[4] == md.PROSE
    # A four-backtick fence is not closed by the three-backtick lines inside it.
    assert [kinds[n] for n in range(6, 12)] == [md.FENCE] * 6
    assert [kinds[n] for n in (13, 14, 15)] == [md.FENCE] * 3  # tildes
    assert kinds[17] == md.PROSE
    assert [kinds[n] for n in range(19, 22)] == [md.FENCE] * 3  # closed by a longer run
    assert kinds[22] == md.PROSE


def test_a_line_with_text_after_the_backticks_does_not_close_a_fence() -> None:
    kinds = _kinds("```\n```python\nstill code\n```\nprose\n")
    assert [kinds[n] for n in range(1, 6)] == [md.FENCE] * 4 + [md.PROSE]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert set(_kinds("prose\n```\n# code\n").values()) == {md.PROSE, md.FENCE}
    assert md.headings("```\n# code\n") == []


def test_headings_only_in_prose_with_their_ids() -> None:
    found = [(h.level, h.id, h.line) for h in md.headings(PAGE)]
    assert found == [(1, "demo", 4), (2, "formula", 17), (2, "code", 22)]


def test_includes_everywhere_as_pymdownx_reads_them() -> None:
    """Inside fences too; not escaped with ';', not with text after the quote."""
    found = [(i.path, i.section, i.line, i.target) for i in md.includes(PAGE)]
    assert found == [
        ("snippets/demo.py", "demo", 14, "snippets/demo.py:demo"),
        ("snippets/output/demo.txt", None, 23, "snippets/output/demo.txt"),
    ]


def test_drop_includes_empties_only_the_include_lines() -> None:
    dropped = md.drop_includes(PAGE).split("\n")
    assert dropped[13] == "" and dropped[22] == ""
    assert len(dropped) == len(PAGE.split("\n"))
    assert "snippets/escaped.py" in dropped[23]


def test_map_prose_leaves_front_matter_and_code_alone() -> None:
    shouted = md.map_prose(PAGE, str.upper).split("\n")
    assert shouted[1] == "title: Demo" and shouted[3] == "# DEMO { #DEMO }"
    assert shouted[7] == "# not a heading"


def test_typography_reads_pages_through_the_same_scanner() -> None:
    """Typography checks prose and front matter, never code; display math is skipped."""
    numbers = [n for n, _ in prose_lines(PAGE + "$$\nx,y\n$$\nafter\n")]
    assert 2 in numbers and 4 in numbers and 8 not in numbers and 14 not in numbers
    assert 29 in numbers and 27 not in numbers  # "after" is checked, "x,y" is math
