"""One search index per language, built from the rendered pages and the registry.

Material's search worker (lunr) indexes three fields per document: ``title``, ``text``
and, for this site, ``keys``: every name and alias of a term in both languages, with
boost 100 000, so a term page ranks first for any of its names. ``text`` is what a reader
reads in the result: a term page's one-line summary, a section's prose. Code blocks,
program output, tables, formulas, the exercises and the generated lists at the end of a
term page (related terms, backlinks, references) are left out: they add size and noise, not hits.

Chinese is segmented with jieba (words joined by ``\\u200b``, a character of the search
separator), with every Chinese term name in its dictionary so 非极大值抑制 stays one
word; the ``keys`` field also holds the parts of each name (知识蒸馏 → 知识, 蒸馏) so a
part of a name finds the term. Queries are rewritten by
``docs/assets/javascripts/workers/glossary-search.js`` (prefix, stem and one-edit
fuzzy clauses per word), which matches how this module tokenises.

A term page's document also lists its ``names`` as written: when a query is exactly one of
them (ignoring case and separators), the worker puts that term first.

Pure functions, no MkDocs: the glossary plugin feeds pages in and writes the JSON out.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from dlglossary.core.registry import Registry

#: What splits words: whitespace, \u200b (between jieba's words), punctuation of both
#: languages, and a lower-case letter followed by an upper-case one (BatchNorm).
SEPARATOR = (
    r"[\s\u200b\-_,:;!?=\[\]()\"`/'’“”‘，。：；！？、（）《》「」]+|\.(?!\d)|&[lg]t;|(?=[A-Z][a-z])"
)
FIELDS = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "keys": {"boost": 100000.0}}
#: lunr pipeline per language (Material removes the functions not listed). English keeps
#: the stemmer (queries get a stemmed clause too) and no trimmer: lunr's English trimmer
#: would erase the Chinese names held in ``keys``.
PIPELINE = {"zh": ["stemmer", "stopWordFilter", "trimmer"], "en": ["stemmer", "stopWordFilter"]}
GENERATED_IDS = ("related-terms", "referenced-by", "references")
#: Sections of a term page that are not indexed: the generated lists, and the exercises
#: (practice with worked answers: long, and not what a reader searches a glossary for).
UNINDEXED_IDS = (*GENERATED_IDS, "exercises")
#: Characters of prose kept per section: a term's definition whole, the first lines of
#: its other sections (enough for the result snippet and the words a section is about),
#: one sentence of an API entry. Keeps each index small enough for a phone (issue 11).
SECTION_CHARS = {"definition": None, "term": 280, "reference": 120, "page": 1000}

_HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_SKIP_TAGS = {"pre", "table", "script", "style", "svg", "img", "figure", "math", "button", "nav"}
_SKIP_TAGS |= {"clipboard-copy", "textarea"}
_SKIP_CLASSES = {
    "highlight",
    "arithmatex",
    "katex",
    "headerlink",
    "md-clipboard",
    "anchor-link",
    "jp-OutputArea",
    "jp-CodeMirrorEditor",
    "jp-InputPrompt",
    "jp-OutputPrompt",
    "glossary-code-meta",
}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}
_BLOCK = {"p", "li", "dt", "dd", "div", "blockquote", "summary", "details", "br", "h1", "h2"}
_BLOCK |= {"h3", "h4", "h5", "h6", "section", "ul", "ol", "dl"}


class SearchIndexError(ValueError):
    """The index of a language is wrong; the message is one line with the fix."""


@dataclass(frozen=True)
class Section:
    """A heading and the prose under it (up to the next heading of level 1–3)."""

    id: str  # "" for the text before the first heading with an id
    title: str
    text: str


@dataclass(frozen=True)
class PageInput:
    """A rendered page of one language, as the index builder needs it."""

    url: str  # as served, e.g. "en/terms/relu/"
    title: str
    html: str
    kind: str  # "term", "generated" (A–Z, topics, terminology), "reference" (API), "page"
    slug: str | None = None  # the term's slug for kind "term"


class _SectionParser(HTMLParser):
    """Split HTML into sections at h1–h3 headings with an id, keeping readable prose only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list] = [["", "", []]]  # [id, title parts, text parts]
        self._skip_depth = 0  # > 0 inside an element whose text is left out
        self._stack: list[bool] = []  # per open element: does it start a skip?
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skip = (
            tag in _SKIP_TAGS
            or bool(classes & _SKIP_CLASSES)
            or "data-search-exclude" in attributes
            or "data-glossary-backlinks" in attributes
        )
        if tag in ("h1", "h2", "h3") and attributes.get("id") and not self._skip_depth:
            self.sections.append([attributes["id"], [], []])
            self._heading = self.sections[-1][1]
        elif tag in _BLOCK:
            self._text().append(" ")
        if tag in _VOID:
            return
        self._stack.append(skip)
        self._skip_depth += skip

    def handle_endtag(self, tag):
        if tag in _VOID or not self._stack:
            return
        self._skip_depth -= self._stack.pop()
        if tag in ("h1", "h2", "h3"):
            self._heading = None
        if tag in _BLOCK:
            self._text().append(" ")

    def handle_data(self, data):
        if not self._skip_depth:
            self._text().append(data)

    def _text(self) -> list[str]:
        return self._heading if self._heading is not None else self.sections[-1][2]


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def extract_sections(content: str) -> list[Section]:
    """The sections of a page's HTML, with code, output, tables and formulas left out."""
    parser = _SectionParser()
    parser.feed(content)
    parser.close()
    return [
        Section(sid, _clean("".join(title)), _clean("".join(text)))
        for sid, title, text in parser.sections
    ]


def name_forms(name: str) -> list[str]:
    """A name as a reader may type it: as written, and fused (BatchNorm → batchnorm)."""
    fused = re.sub(SEPARATOR, "", name).lower()
    return [name, fused] if fused and fused != name.lower() else [name]


class Segmenter:
    """Chinese word segmentation with jieba, every Chinese term name kept whole."""

    def __init__(self, words: Iterable[str]):
        import jieba

        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for word in sorted(set(words)):
            self._tokenizer.add_word(word)

    def words(self, text: str) -> str:
        """``text`` with ``\\u200b`` between the words of each run of Chinese characters."""
        return _HAN_RUN.sub(lambda m: "\u200b".join(self._tokenizer.cut(m.group(0))), text)

    def parts(self, text: str) -> list[str]:
        """A name's Chinese words and their parts (知识蒸馏 → 知识, 蒸馏, 知识蒸馏)."""
        parts: list[str] = []
        for run in _HAN_RUN.findall(text):
            for part in self._tokenizer.cut_for_search(run):
                if part not in parts:
                    parts.append(part)
        return parts


@functools.lru_cache(maxsize=4)
def segmenter_for(words: frozenset[str]) -> Segmenter:
    """One segmenter per set of dictionary words (loading jieba takes about half a second)."""
    return Segmenter(words)


def chinese_names(registry: Registry) -> frozenset[str]:
    """Every name and alias written only in Chinese characters: the jieba dictionary."""
    return frozenset(
        form
        for term in registry.terms.values()
        for form in term.surface_forms()
        if _HAN_RUN.fullmatch(form)
    )


def term_keys(registry: Registry, slug: str, segmenter: Segmenter) -> str:
    """The ``keys`` field of a term page: all its names and aliases, both languages."""
    keys: list[str] = []
    for form in registry.terms[slug].surface_forms():
        for variant in name_forms(form):
            keys.append(segmenter.words(variant))
        keys.extend(segmenter.parts(form))
    return " ".join(dict.fromkeys(keys))


def _shorten(text: str, limit: int | None) -> str:
    """At most ``limit`` characters, cut at a space or after a Chinese full stop or comma."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit]
    stop = max(cut.rfind(" "), cut.rfind("。"), cut.rfind("，"))
    return (cut[: stop + 1] if stop > limit // 2 else cut).rstrip() + " …"


def page_documents(
    page: PageInput,
    registry: Registry,
    lang: str,
    segmenter: Segmenter,
    prefix: str,
) -> list[dict]:
    """The index documents of one page: the page itself first, then its sections.

    ``prefix`` is the language's URL prefix ("" or "en/"); locations are relative to it.
    """
    location = page.url[len(prefix) :]
    seg = segmenter.words if lang == "zh" else (lambda s: s)
    sections = extract_sections(page.html)

    def doc(loc: str, title: str, text: str, **extra) -> dict:
        return {
            "location": loc,
            "title": html.escape(seg(title)),
            "text": html.escape(seg(text)),
            **extra,
        }

    if page.kind == "term":
        term = registry.terms[page.slug]
        keys = term_keys(registry, term.slug, segmenter)
        # names: for the worker, which puts the term whose name the query is on top.
        docs = [
            doc(location, page.title, term.summary[lang], keys=keys, names=term.surface_forms())
        ]
        docs += [
            doc(
                f"{location}#{s.id}",
                s.title,
                _shorten(s.text, SECTION_CHARS.get(s.id, SECTION_CHARS["term"])),
            )
            for s in sections[1:]
            if s.id and s.id not in UNINDEXED_IDS and s.id != term.slug
        ]
        return docs
    intro = next((s.text for s in sections if s.text), "")
    if page.kind == "generated":  # lists of names: the term pages answer those queries
        return [doc(location, page.title, _shorten(intro, 160))]
    limit = SECTION_CHARS[page.kind]
    docs = [doc(location, page.title, _shorten(sections[0].text or intro, limit))]
    seen = {location}
    for s in sections[1:]:
        loc = f"{location}#{s.id}"
        if s.id and loc not in seen and s.title != page.title:
            seen.add(loc)
            docs.append(doc(loc, s.title, _shorten(s.text, limit)))
    return docs


def index_config(lang: str) -> dict:
    """The ``config`` object of a language's index, as Material's worker reads it."""
    return {"lang": [lang], "separator": SEPARATOR, "pipeline": PIPELINE[lang], "fields": FIELDS}


def check_index(
    docs: Sequence[dict], lang: str, page_locations: Iterable[str], term_locations: Iterable[str]
) -> None:
    """Raise :class:`SearchIndexError` unless every page is in ``docs`` exactly once.

    Args:
        docs: The language's documents.
        lang: Its code (for the message).
        page_locations: Every page of the language, relative to its root.
        term_locations: The term pages among them (they must carry ``keys``).
    """
    fix = "fix: rebuild; if it persists, report it with the build log"
    keys: dict[str, str] = {}  # location → its names (empty for all but term pages)
    for d in docs:
        if d["location"] in keys:
            raise SearchIndexError(f"search index ({lang}): {d['location']!r} twice; {fix}")
        keys[d["location"]] = d.get("keys", "")
        if lang != "zh" and _HAN_WORD.search(d["title"]):
            raise SearchIndexError(
                f"search index ({lang}): {d['location']!r} has the Chinese title "
                f"{d['title']!r}: a page of the other language got into this index; {fix}"
            )
    missing = sorted(set(page_locations) - keys.keys())
    if missing:
        raise SearchIndexError(f"search index ({lang}): no entry for page(s) {missing}; {fix}")
    unnamed = sorted(loc for loc in term_locations if not keys.get(loc))
    if unnamed:
        raise SearchIndexError(
            f"search index ({lang}): term page(s) {unnamed} have no names (keys); {fix}"
        )


def build_index(
    pages: Sequence[PageInput],
    registry: Registry,
    lang: str,
    prefixes: dict[str, str],
    documents: Callable[[PageInput], list[dict]] | None = None,
    expected_urls: Iterable[str] | None = None,
) -> dict:
    """A language's whole index (``{"config": ..., "docs": [...]}``), checked.

    Args:
        pages: Every page of the language's build that was rendered.
        registry: The term registry.
        lang: The language.
        prefixes: Language → URL prefix ("" for the default language, "en/" …).
        documents: Computes one page's documents (default :func:`page_documents`; the
            plugin passes a cached version of it).
        expected_urls: Every page URL the build has (default: those of ``pages``); one
            that was never rendered, so has no entry, is an error.
    """
    prefix = prefixes[lang]
    others = [p for code, p in prefixes.items() if code != lang and len(p) > len(prefix)]
    strays = sorted(
        p.url for p in pages if not p.url.startswith(prefix) or p.url.startswith(tuple(others))
    )
    if strays:
        raise SearchIndexError(
            f"search index ({lang}): page(s) {strays} belong to another language; "
            "fix: keep each language's pages in docs/<lang>/"
        )
    if documents is None:
        segmenter = segmenter_for(chinese_names(registry))

        def documents(page: PageInput) -> list[dict]:
            return page_documents(page, registry, lang, segmenter, prefix)

    docs = [d for page in sorted(pages, key=lambda p: p.url) for d in documents(page)]
    urls = [p.url for p in pages] if expected_urls is None else expected_urls
    locations = [url[len(prefix) :] for url in urls]
    terms = [p.url[len(prefix) :] for p in pages if p.kind == "term"]
    check_index(docs, lang, locations, terms)
    return {"config": index_config(lang), "docs": docs}


INDEX_FILE = "search/search_index.json"  # the part loaded before the first result
SECTIONS_FILE = "search/search_sections.json"


def split_index(index: dict, prefix: str) -> tuple[dict, dict]:
    """(first, rest) of a language's index: what the worker needs for its first results,
    and the sections it loads afterwards.

    ``first`` is ``search/search_index.json`` (the theme fetches it before any result
    shows): each page's own entry, with a term's names and summary. ``rest`` is
    :data:`SECTIONS_FILE`, every section, which the glossary's worker fetches once the
    first part is ready (its path, from the site root, is ``config.sections``). So the
    download before the first result grows by about 0.3 KB per term, not 2 KB.
    """
    first = [d for d in index["docs"] if "#" not in d["location"]]
    rest = [d for d in index["docs"] if "#" in d["location"]]
    config = {**index["config"], "sections": prefix + SECTIONS_FILE}
    return {"config": config, "docs": first}, {"docs": rest}
