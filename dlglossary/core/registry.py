"""The term registry: ``registry/<slug>.yml`` (one file per term) and ``registry/_tags.yml``.

Loading validates every entry; the first problem raises :class:`RegistryError` with one
line that names the file (or page) and says how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dlglossary.core.languages import LANGUAGES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAGS_FILE = "_tags.yml"


class RegistryError(ValueError):
    """A registry entry, tag or page is inconsistent; the message is one line with the fix."""


@dataclass(frozen=True)
class Reference:
    """A primary source: a paper (``arxiv`` or ``doi``) or official documentation (``url``)."""

    authors: str
    title: str
    year: int | None = None
    arxiv: str | None = None
    url: str | None = None
    venue: str | None = None
    doi: str | None = None

    @property
    def link(self) -> str | None:
        """The arXiv abstract page if there is an id, else the DOI's page, else the URL."""
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return f"https://doi.org/{self.doi}" if self.doi else self.url


@dataclass(frozen=True)
class Related:
    """A related term with the reason, in both languages."""

    term: str
    reason: dict[str, str]


@dataclass(frozen=True)
class Term:
    """One registry entry."""

    slug: str
    names: dict[str, str]
    aliases: dict[str, tuple[str, ...]]
    summary: dict[str, str]
    tags: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    references: tuple[Reference, ...] = ()

    def surface_forms(self) -> list[str]:
        """Every name and alias in both languages, without duplicates, in a stable order."""
        forms: list[str] = []
        for lang in LANGUAGES:
            for form in (self.names[lang], *self.aliases[lang]):
                if form not in forms:
                    forms.append(form)
        return forms


@dataclass(frozen=True)
class Registry:
    """All terms by slug, and all topic tags (slug → names per language)."""

    terms: dict[str, Term]
    tags: dict[str, dict[str, str]] = field(default_factory=dict)

    def sorted_terms(self) -> list[Term]:
        return [self.terms[slug] for slug in sorted(self.terms)]


_ENTRY_KEYS = {"zh", "en", "summary", "tags", "related", "references"}
_REQUIRED_KEYS = ("zh", "en", "summary")
_LANG_KEYS = {"name", "aliases"}
_RELATED_KEYS = {"term", "zh", "en"}
_REFERENCE_KEYS = {"authors", "title", "year", "arxiv", "doi", "url", "venue"}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
#: Reference identifiers: pattern, what a match is, and the fix for a value that is not one.
_REFERENCE_IDS = {
    "arxiv": (_ARXIV_ID, "an arXiv id", 'quote it as a string, e.g. arxiv: "1606.08415"'),
    "doi": (
        _DOI,
        "a DOI",
        'write the bare DOI, e.g. doi: "10.1109/CVPR.2016.90" (no https://doi.org/)',
    ),
}


def _fail(where: str, problem: str, fix: str) -> RegistryError:
    return RegistryError(f"{where}: {problem}; {fix}")


def _check_keys(where: str, what: str, data: dict, allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(
            where,
            f"unknown key {unknown[0]!r} in {what}",
            f"use only {', '.join(sorted(allowed))}",
        )


def _text(where: str, what: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{what} is missing or not a non-empty string", f"write {what}")
    return value.strip()


def _text_list(where: str, what: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(where, f"{what} must be a list", f"write {what}: [a, b]")
    return tuple(_text(where, f"{what}[{i}]", item) for i, item in enumerate(value))


def _mapping(where: str, what: str, value: object, fix: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(where, f"{what} must be a mapping", fix)
    return value


def parse_tags(text: str, where: str = f"registry/{TAGS_FILE}") -> dict[str, dict[str, str]]:
    """Parse ``_tags.yml``: ``tag-slug: {zh: 名称, en: Name}``."""
    try:
        data = _load_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise _fail(where, f"invalid YAML ({_yaml_problem(exc)})", "fix the YAML syntax") from None
    _mapping(where, "the file", data, "write one `tag-slug: {zh: 名称, en: Name}` per tag")
    tags = {}
    for slug, names in data.items():
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise _fail(where, f"tag {slug!r} is not a kebab-case slug", "rename it, e.g. my-tag")
        names = _mapping(where, f"tag {slug!r}", names, "write {zh: 名称, en: Name}")
        _check_keys(where, f"tag {slug!r}", names, set(LANGUAGES))
        tags[slug] = {
            lang: _text(where, f"tag {slug!r} {lang}", names.get(lang)) for lang in LANGUAGES
        }
    return tags


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10× faster


def _load_yaml(text: str):
    """``yaml.safe_load`` with libyaml when available; errors come from the pure loader.

    The two loaders build the same data from valid YAML; the pure Python one words its
    errors the way our messages (and their tests) expect.
    """
    try:
        return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "syntax error"
    return f"{problem} at line {mark.line + 1}" if mark else problem


def parse_term(slug: str, text: str, tags: dict[str, dict[str, str]], where: str = "") -> Term:
    """Parse and check one ``registry/<slug>.yml`` on its own (cross-term checks come later)."""
    where = where or f"registry/{slug}.yml"
    if not SLUG.match(slug):
        raise _fail(where, f"file name {slug!r} is not a kebab-case slug", "rename the file")
    try:
        data = _load_yaml(text)
    except yaml.YAMLError as exc:
        raise _fail(where, f"invalid YAML ({_yaml_problem(exc)})", "fix the YAML syntax") from None
    data = _mapping(where, "the entry", data, "see the registry format in CONTRIBUTING/conventions")
    _check_keys(where, "the entry", data, _ENTRY_KEYS)
    for key in _REQUIRED_KEYS:
        if key not in data:
            raise _fail(where, f"missing {key!r}", f"add {key}: with zh and en")
    names, aliases = {}, {}
    for lang in LANGUAGES:
        block = _mapping(where, lang, data[lang], f"write {lang}: {{name: ..., aliases: [...]}}")
        _check_keys(where, lang, block, _LANG_KEYS)
        if not isinstance(block.get("name"), str) or not block["name"].strip():
            raise _fail(
                where, f"{lang}.name is missing", f"add the {lang} name under {lang}: name:"
            )
        names[lang] = block["name"].strip()
        aliases[lang] = _text_list(where, f"{lang}.aliases", block.get("aliases"))
    summary_block = _mapping(where, "summary", data["summary"], "write summary: {zh: ..., en: ...}")
    _check_keys(where, "summary", summary_block, set(LANGUAGES))
    summary = {}
    for lang in LANGUAGES:
        if not isinstance(summary_block.get(lang), str) or not summary_block[lang].strip():
            raise _fail(where, f"summary.{lang} is missing", f"add a one-sentence summary.{lang}")
        summary[lang] = summary_block[lang].strip()
    entry_tags = _text_list(where, "tags", data.get("tags"))
    for tag in entry_tags:
        if tag not in tags:
            raise _fail(
                where,
                f"unknown tag {tag!r}",
                f"use one of {', '.join(sorted(tags))} or add it to registry/{TAGS_FILE}",
            )
    return Term(
        slug=slug,
        names=names,
        aliases=aliases,
        summary=summary,
        tags=entry_tags,
        related=_parse_related(where, data.get("related")),
        references=_parse_references(where, data.get("references")),
    )


def _parse_related(where: str, value: object) -> tuple[Related, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(
            where, "related must be a list", "write related: [{term: slug, zh: ..., en: ...}]"
        )
    result = []
    for i, item in enumerate(value):
        item = _mapping(where, f"related[{i}]", item, "write {term: slug, zh: 理由, en: reason}")
        _check_keys(where, f"related[{i}]", item, _RELATED_KEYS)
        term = _text(where, f"related[{i}].term", item.get("term"))
        reason = {lang: _text(where, f"related[{i}].{lang}", item.get(lang)) for lang in LANGUAGES}
        result.append(Related(term=term, reason=reason))
    return tuple(result)


def _parse_references(where: str, value: object) -> tuple[Reference, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(where, "references must be a list", "write references: [{authors: ..., ...}]")
    result = []
    for i, item in enumerate(value):
        item = _mapping(
            where, f"references[{i}]", item, "write {authors, title, year, arxiv|doi|url}"
        )
        _check_keys(where, f"references[{i}]", item, _REFERENCE_KEYS)
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise _fail(where, f"references[{i}].year must be an integer", "write year: 2016")
        for key, (pattern, what, fix) in _REFERENCE_IDS.items():
            value = item.get(key)
            if value is not None and (not isinstance(value, str) or not pattern.match(value)):
                raise _fail(where, f"references[{i}].{key} {value!r} is not {what}", fix)
        url = item.get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith("https://")):
            raise _fail(where, f"references[{i}].url must be an https:// URL", "fix the url")
        arxiv, doi = item.get("arxiv"), item.get("doi")
        if arxiv is None and doi is None and url is None:
            raise _fail(
                where, f"references[{i}] has no arxiv, doi or url", "add arxiv:, doi: or url:"
            )
        result.append(
            Reference(
                authors=_text(where, f"references[{i}].authors", item.get("authors")),
                title=_text(where, f"references[{i}].title", item.get("title")),
                year=year,
                arxiv=arxiv,
                url=url,
                doi=doi,
                venue=_text(where, f"references[{i}].venue", item["venue"])
                if "venue" in item
                else None,
            )
        )
    return tuple(result)


def surface_key(form: str) -> str:
    """How the linker compares names: case-insensitive, spaces and hyphens ignored."""
    return re.sub(r"[\s\-]+", "", form).casefold()


def check_cross_references(terms: dict[str, Term]) -> None:
    """Related slugs exist; no name or alias is claimed by two terms."""
    owners: dict[str, tuple[str, str]] = {}
    for slug in sorted(terms):
        term = terms[slug]
        where = f"registry/{slug}.yml"
        for rel in term.related:
            if rel.term == slug:
                raise _fail(where, "lists itself under related", f"remove term: {slug}")
            if rel.term not in terms:
                raise _fail(
                    where,
                    f"related term {rel.term!r} is not in the registry",
                    f"add registry/{rel.term}.yml or fix the slug",
                )
        for form in term.surface_forms():
            key = surface_key(form)
            if key in owners and owners[key][0] != slug:
                other, other_form = owners[key]
                raise _fail(
                    where,
                    f"name or alias {form!r} is also claimed by registry/{other}.yml "
                    f"({other_form!r})",
                    "keep it in one entry only",
                )
            owners.setdefault(key, (slug, form))


# (slug, entry text, tags file text) → the parsed entry: every build and `mkdocs serve` rebuild
# loads the registry once per language, and parsing hundreds of YAML files is most of that.
# A Term is frozen and nothing changes its dicts; an entry that failed to parse is not kept.
_PARSED: dict[tuple[str, str, str], Term] = {}


def load_registry(registry_dir: Path) -> Registry:
    """Load and validate ``registry_dir``; raises :class:`RegistryError`."""
    registry_dir = Path(registry_dir)
    tags_path = registry_dir / TAGS_FILE
    if not tags_path.exists():
        raise _fail(f"registry/{TAGS_FILE}", "file is missing", "create it with the topic tags")
    tags_text = tags_path.read_text(encoding="utf-8")
    tags = parse_tags(tags_text)
    terms, current = {}, {}
    for path in sorted(registry_dir.glob("*.y*ml")):
        if path.name.startswith("_"):
            continue
        if path.suffix != ".yml":
            raise _fail(f"registry/{path.name}", "wrong extension", "rename it to .yml")
        text = path.read_text(encoding="utf-8")
        key = (path.stem, text, tags_text)
        if key not in _PARSED:
            _PARSED[key] = parse_term(path.stem, text, tags)
        terms[path.stem] = current[key] = _PARSED[key]
    _PARSED.clear()  # only the entries as they are now: edits under serve do not pile up
    _PARSED.update(current)
    check_cross_references(terms)
    return Registry(terms=terms, tags=tags)


PAGE_SUFFIXES = (".md", ".ipynb")


def list_pages(docs_dir: Path, lang: str) -> set[str]:
    """Page paths (``terms/gelu.md``) under ``docs/<lang>/``, POSIX-style."""
    root = Path(docs_dir) / lang
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in PAGE_SUFFIXES and p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def check_pages(registry: Registry, pages: dict[str, set[str]]) -> None:
    """Every page exists in both languages; term pages and registry entries match one to one.

    Args:
        registry: The loaded registry.
        pages: Language → page paths relative to ``docs/<lang>/`` (see :func:`list_pages`).
    """
    zh, en = pages["zh"], pages["en"]
    for path in sorted(zh - en):
        raise _fail(
            f"docs/zh/{path}", "has no English translation", f"add docs/en/{path} (same file name)"
        )
    for path in sorted(en - zh):
        raise _fail(
            f"docs/en/{path}", "has no Chinese original", f"add docs/zh/{path} (same file name)"
        )
    term_pages = {p.removeprefix("terms/").removesuffix(".md") for p in zh if _is_term_page(p)}
    for slug in sorted(term_pages - set(registry.terms)):
        raise _fail(
            f"docs/zh/terms/{slug}.md",
            "has no registry entry",
            f"add registry/{slug}.yml (names, summary, tags)",
        )
    for slug in sorted(set(registry.terms) - term_pages):
        raise _fail(
            f"registry/{slug}.yml",
            "has no term pages",
            f"add docs/zh/terms/{slug}.md and docs/en/terms/{slug}.md, or delete the entry",
        )


def _is_term_page(path: str) -> bool:
    return path.startswith("terms/") and path.count("/") == 1 and path.endswith(".md")
