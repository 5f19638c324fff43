"""Link the first mention of every other term on a page, in rendered HTML.

Chinese text has no spaces, so word-boundary tricks (``\\b``, the ``abbr`` extension) miss
most mentions. We scan the text nodes of the rendered page instead: Chinese names match
anywhere, Latin names only between non-alphanumerics; the longest name wins at each position
(知识蒸馏 before 蒸馏, "Leaky ReLU" before "ReLU"). Letter case is ignored, except in an
abbreviation (a word with two or more capitals: ERF, BN, IoU, ReLU), which matches only as
written: "math.erf" and "relu(" are code, not mentions of ERF or ReLU.
"""

from __future__ import annotations

import functools
import html as html_lib
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dlglossary.core.registry import Term

# Elements whose text is never linked (their whole subtree is skipped).

SKIP_TAGS = frozenset(
    {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "summary", "figcaption", "abbr", "dt"}
    | {"autoref"}  # mkdocs-autorefs turns these into links after us
)
# Elements skipped by class: math, admonition titles, and an escape hatch for authors
# (`{ .glossary-skip }` with attr_list, or `<span class="glossary-skip">`).
SKIP_CLASSES = frozenset({"arithmatex", "admonition-title", "glossary-skip", "katex"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style|pre|textarea)\b.*?</\1\s*>|<[^>]*>|[^<]+|<",
    re.S | re.I,
)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*)>", re.S)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_IDENTIFIER = re.compile(r"""\bidentifier\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")
_SEPARATOR = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Target:
    """Where a mention links to: a URL relative to the current page and a tooltip."""

    url: str
    title: str


@dataclass(frozen=True)
class MentionPattern:
    """One regex that matches every surface form, longest match first, and the slug of a
    matched text."""

    regex: re.Pattern[str]
    forms: dict[str, str]  # form without separators, lower case → term slug

    def slug_of(self, text: str) -> str:
        """The term a matched text names (a plural "s" the form lacks is ignored)."""
        key = _SEPARATOR.sub("", text).lower()
        return self.forms.get(key) or self.forms[key[:-1]]


def is_abbreviation(word: str) -> bool:
    """Whether a word of a name matches only with its own capitals (two or more of them:
    ERF, BN, NMS, IoU, ReLU, FLOPS); other words match in any case (Softmax, softmax)."""
    return sum(c.isupper() for c in word) >= 2


def _form_end(form: str) -> str:
    """What must follow a form: a word boundary after Latin, an optional plural "s" (in
    either case, unless the form ends in an abbreviation)."""
    if not _LATIN_EDGE.match(form[-1]):
        return ""
    last = _SEPARATOR.split(form.strip())[-1]
    plural = "(?-i:s)?" if is_abbreviation(last) else "s?"
    return (plural if form[-1].isalpha() else "") + r"(?![A-Za-z0-9])"


def _atom_regex(char: str, exact: bool) -> str:
    """One character of a form: as written in an abbreviation, else in either case (the
    regex ignores case)."""
    if exact and char.lower() != char.upper():
        return f"(?-i:{re.escape(char)})"
    return re.escape(char)


_SEP = ("", False)  # a trie edge for "space, hyphen or nothing" between two words of a form


def _trie_regex(forms: Iterable[str]) -> str:
    """One regex for all ``forms``, their common prefixes factored out (a trie).

    Spaces and hyphens between Latin words are interchangeable or optional ("Leaky ReLU"
    also matches "LeakyReLU" and "Leaky-ReLU"); a Latin form starts and ends at a word
    boundary and may take a plural "s". At each branch the longer continuation is tried
    first, so the regex finds the longest form at a position, as an alternation of all forms
    sorted longest first would, but it looks at each character once instead of once per
    form: the cost per page no longer grows with the number of terms.

    An edge is a character and whether it must match as written (in an abbreviation, see
    :func:`is_abbreviation`) or in either case (kept lower case). A node can so have an exact
    "E" and a case-free "e" edge; the exact one is tried first.
    """
    root: dict = {}
    for form in forms:
        node = root
        for i, part in enumerate(_SEPARATOR.split(form.strip())):
            exact = is_abbreviation(part)
            atoms = [(c if exact else c.lower(), exact) for c in part]
            for atom in ([_SEP] if i else []) + atoms:
                node = node.setdefault(atom, {})
        node[None] = _form_end(form)

    def edges(node: dict) -> list[tuple[tuple[str, bool], dict]]:
        return sorted(
            ((a, c) for a, c in node.items() if a is not None), key=lambda e: (e[0][0], not e[0][1])
        )

    def emit(node: dict) -> str:
        branches = [
            (r"[\s\-]?" if atom == _SEP else _atom_regex(*atom)) + emit(child)
            for atom, child in edges(node)
        ]
        if None in node:
            branches.append(node[None])  # stopping here: the last choice
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    latin, other = [], []
    for atom, child in edges(root):
        (latin if _LATIN_EDGE.match(atom[0]) else other).append(_atom_regex(*atom) + emit(child))
    if latin:  # a Latin form starts at a word boundary: tested once, not once per branch
        other.insert(0, r"(?<![A-Za-z0-9])(?:" + "|".join(latin) + ")")
    return "|".join(other) if other else r"(?!)"


def compile_mentions(terms: Iterable[Term]) -> MentionPattern:
    """Build the matcher for every name and alias (both languages) of ``terms``."""
    return _compile_mentions(
        tuple((form, term.slug) for term in terms for form in term.surface_forms())
    )


# Both languages of a build and every `mkdocs serve` rebuild ask for the same names: building
# the trie and compiling the regex over thousands of names is done once per set of names.
@functools.lru_cache(maxsize=4)
def _compile_mentions(named: tuple[tuple[str, str], ...]) -> MentionPattern:
    pairs = list(named)
    # Two forms that differ only in case or separators name the same text: the longer, then
    # alphabetically first, decides (as in the order the forms were always tried).
    pairs.sort(key=lambda item: (-len(_SEPARATOR.sub("", item[0])), item[0]))
    forms: dict[str, str] = {}
    for form, slug in pairs:
        forms.setdefault(_SEPARATOR.sub("", form.strip()).lower(), slug)
    regex = re.compile(_trie_regex(form for form, _ in pairs), re.IGNORECASE)
    return MentionPattern(regex=regex, forms=forms)


def _attr(pattern: re.Pattern[str], attrs: str) -> str | None:
    match = pattern.search(attrs)
    if not match:
        return None
    return html_lib.unescape(next(g for g in match.groups() if g is not None))


def _skips(name: str, attrs: str) -> bool:
    if name in SKIP_TAGS:
        return True
    classes = _attr(_CLASS, attrs)
    return bool(classes and SKIP_CLASSES.intersection(classes.split()))


def link_mentions(
    html: str,
    pattern: MentionPattern,
    targets: dict[str, Target],
    *,
    own_slug: str | None = None,
    href_to_slug: Callable[[str], str | None] = lambda href: None,
) -> tuple[str, list[str]]:
    """Turn the first mention of each term into a link.

    Args:
        html: Rendered page content.
        pattern: From :func:`compile_mentions`.
        targets: Term slug → link target in the page's language. Terms without a
            target are matched (so their text is not mistaken for shorter names) but
            never linked.
        own_slug: The page's own term: never linked.
        href_to_slug: Resolves an existing link's ``href`` to a term slug; a term already
            linked by hand before its first plain mention is not linked again.

    Returns:
        The new HTML and the slugs mentioned or linked on the page (auto and explicit),
        in order of first appearance, without ``own_slug``.
    """
    out: list[str] = []
    seen: list[str] = []
    skip_tag: str | None = None
    skip_depth = 0

    def note(slug: str | None) -> None:
        if slug and slug != own_slug and slug not in seen:
            seen.append(slug)

    def replace(match: re.Match[str]) -> str:
        slug = pattern.slug_of(match.group(0))
        text = match.group(0)
        if slug == own_slug or slug in seen or slug not in targets:
            return text
        seen.append(slug)
        target = targets[slug]
        return (
            f'<a class="glossary-mention" href="{html_lib.escape(target.url)}" '
            f'title="{html_lib.escape(target.title)}" data-preview="">{text}</a>'
        )

    for token in _TOKENS.finditer(html):
        chunk = token.group(0)
        tag = _TAG.fullmatch(chunk) if chunk.startswith("<") else None
        if tag:
            closing, name, attrs = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
            self_closing = name in VOID_TAGS or attrs.rstrip().endswith("/")
            if name == "a" and not closing:
                href = _attr(_HREF, attrs)
                if href:
                    note(href_to_slug(href))
            elif name == "autoref" and not closing:
                # `[text][gelu]`: a term page's title id is its slug (see the conventions).
                identifier = _attr(_IDENTIFIER, attrs)
                if identifier in targets:
                    note(identifier)
            if skip_tag is not None:
                if name == skip_tag and not self_closing:
                    skip_depth += -1 if closing else 1
                    if skip_depth == 0:
                        skip_tag = None
            elif not closing and not self_closing and _skips(name, attrs):
                skip_tag, skip_depth = name, 1
            out.append(chunk)
        elif skip_tag is None and not chunk.startswith("<"):
            out.append(pattern.regex.sub(replace, chunk))
        else:
            out.append(chunk)
    return "".join(out), seen


def resolve_href(page_url: str, href: str) -> str | None:
    """The site-relative URL (no fragment or query) an ``href`` on ``page_url`` points to.

    Returns None for external links, pure fragments and ``mailto:``-style links.
    ``page_url`` is MkDocs' ``page.url`` (``terms/gelu/``; ``""`` for the home page).
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#", href):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return path.lstrip("/")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, path)) if path else base.rstrip("/")
    if joined in (".", ""):
        return ""
    return joined + "/" if path.endswith("/") or not path else joined
