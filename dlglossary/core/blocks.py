"""Generated sections at the end of every term page: related terms, backlinks, references."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from dlglossary.core import ui
from dlglossary.core.registry import Reference, Registry, Term

GENERATED_START = 'id="related-terms"'
_PLACEHOLDER = '<div class="glossary-backlinks" data-glossary-backlinks="{slug}"></div>'
_PLACEHOLDER_RE = re.compile(
    r'<div class="glossary-backlinks" data-glossary-backlinks="([^"]+)">\s*</div>'
)


@dataclass(frozen=True)
class Backlink:
    """A page that links to or mentions a term: its URL relative to the term page, its title."""

    url: str
    title: str


def _reference_markdown(ref: Reference) -> str:
    year = f" ({ref.year})" if ref.year else ""
    venue = f" {ref.venue}." if ref.venue else ""
    # A title that ends a sentence itself ("… Deep?") takes no full stop after it.
    stop = "" if ref.title.rstrip()[-1:] in ("?", "!", ".", "？", "！", "。") else "."
    if ref.arxiv:
        return f"{ref.authors}{year}. *{ref.title}*{stop}{venue} arXiv:[{ref.arxiv}]({ref.link})"
    if ref.doi:
        return f"{ref.authors}{year}. *{ref.title}*{stop}{venue} doi:[{ref.doi}]({ref.link})"
    return f"{ref.authors}{year}. [*{ref.title}*]({ref.url}){stop}{venue}"


def term_blocks(term: Term, registry: Registry, lang: str) -> str:
    """Markdown appended to a term page; the backlinks are a placeholder filled in later."""
    t = ui.strings(lang, "term_footer")
    lines = ["", "", f"## {t['related']} {{ #related-terms }}", ""]
    if term.related:
        for rel in term.related:
            name = registry.terms[rel.term].names[lang]
            lines.append(f"- [{name}]({rel.term}.md){t['reason_separator']}{rel.reason[lang]}")
    else:
        lines.append(t["no_related"])
    lines += [
        "",
        f"## {t['referenced']} {{ #referenced-by }}",
        "",
        _PLACEHOLDER.format(slug=term.slug),
    ]
    if term.references:
        lines += ["", f"## {t['references']} {{ #references }}", ""]
        lines += [f"1. {_reference_markdown(ref)}" for ref in term.references]
    return "\n".join(lines) + "\n"


def append_blocks(markdown: str, term: Term, registry: Registry, lang: str) -> str:
    """The page's Markdown with the generated sections at the end."""
    return markdown.rstrip("\n") + term_blocks(term, registry, lang)


def backlinks_html(backlinks: list[Backlink], lang: str) -> str:
    """The list that replaces the placeholder under "Referenced by"."""
    if not backlinks:
        return f"<p>{html_lib.escape(ui.strings(lang, 'term_footer')['no_referenced'])}</p>"
    items = "".join(
        f'<li><a href="{html_lib.escape(b.url)}">{html_lib.escape(b.title)}</a></li>'
        for b in backlinks
    )
    return f'<ul class="glossary-backlinks">{items}</ul>'


def backlink_slugs(content: str) -> list[str]:
    """The slugs whose backlinks placeholder is in rendered ``content``."""
    return _PLACEHOLDER_RE.findall(content)


def fill_backlinks(content: str, backlinks: dict[str, list[Backlink]], lang: str) -> str:
    """Replace every backlinks placeholder in rendered ``content``."""
    return _PLACEHOLDER_RE.sub(
        lambda m: backlinks_html(backlinks.get(m.group(1), []), lang), content
    )


def split_generated(content: str) -> tuple[str, str]:
    """(body, generated tail) of a rendered term page; mentions are linked in the body only."""
    index = content.find(GENERATED_START)
    if index < 0:
        return content, ""
    start = content.rfind("<h2", 0, index)
    return content[:start], content[start:]
