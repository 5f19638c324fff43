"""Dropping the theme's indentation keeps every element, attribute and rendered character."""

from __future__ import annotations

from textwrap import dedent

from selectolax.lexbor import LexborHTMLParser

from dlglossary.core.html_weight import drop_indentation

PAGE = dedent(
    """\
    <html>
      <body>
        <nav class="md-nav">
          <ul>
            <li><a href="../gelu/">GELU</a>
              <a href="../relu/">ReLU</a></li>
          </ul>
        </nav>
        <p>Two words
           on two lines.</p>
        <div class="highlight"><pre><span></span><code>def f(x):
            return x  # indented code keeps its spaces
        </code></pre>
        </div>
        <textarea>
          as typed
        </textarea>
        <script>
          const text = `a
            b`;
        </script>
        <style>
          .x { color: red }
        </style>
        <prefix>
          not a pre element
        </prefix>
      </body>
    </html>
    """
)


def _rendered_text(html: str) -> str:
    """The text as a browser lays it out outside ``pre``: white space runs are one space."""
    return " ".join(LexborHTMLParser(html).body.text(deep=True, separator="").split())


def _verbatim(html: str) -> list[str]:
    return [
        html[html.index(f"<{tag}>") : html.index(f"</{tag}>") + len(tag) + 3]
        for tag in ("pre", "textarea", "script", "style")
    ]


def _indented(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in (" ", "\t")]


def test_indentation_goes_outside_verbatim_elements():
    """The only indented lines left are those inside pre, textarea, script and style."""
    out = drop_indentation(PAGE)
    assert _indented(out) == [line for part in _verbatim(PAGE) for line in _indented(part)]
    assert "\nnot a pre element" in out  # <prefix> is not <pre>


def test_verbatim_elements_are_untouched():
    out = drop_indentation(PAGE)
    for part in _verbatim(PAGE):
        assert part in out


def test_same_elements_attributes_and_rendered_text():
    before, after = LexborHTMLParser(PAGE), LexborHTMLParser(drop_indentation(PAGE))
    assert [(n.tag, n.attributes) for n in before.root.traverse()] == [
        (n.tag, n.attributes) for n in after.root.traverse()
    ]
    assert _rendered_text(drop_indentation(PAGE)) == _rendered_text(PAGE)
    # Between two inline links a line break remains: they are still separated by a space.
    assert '</a>\n<a href="../relu/">' in drop_indentation(PAGE)


def test_unchanged_without_indentation():
    html = "<p>a</p>\n<p>b</p>"
    assert drop_indentation(html) == html
