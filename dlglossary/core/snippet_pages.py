"""Pure functions behind the snippets pipeline: discovery of snippet modules and the
Markdown rewrites the glossary plugin applies to pages (through dlglossary/site/snippets.py).

Everything here takes text and returns text (or plain data), so it is tested on small
Markdown strings without building a site.
"""

from __future__ import annotations

import ast
import functools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dlglossary.core import markdown as md
from dlglossary.core import ui

FIGURES_URI = "assets/figures"  # where figures are served, relative to the site root
SNIPPETS_URI = "snippets"  # where snippet sources are served for download
API_MARKER = "<!-- snippets-api -->"
API_PAGE = "api.md"  # the API landing page, relative to docs/<lang>/
API_DIR = "api"  # one generated page per module: docs/<lang>/api/<module>.md
# One generated page per topic: docs/<lang>/api/topics/<tag>.md. A module is a Python name
# (no "-", so never a tag's "a-b"), and even a module named "topics" or like a tag keeps its
# own file (api/topics.md, api/<module>.md): the two kinds of page cannot take each other's URL.
API_TOPICS_DIR = f"{API_DIR}/topics"

# What the install line must contain for each third-party import (in this order).
INSTALL_REQUIREMENTS = {
    "torch": '"torch>=2.3"',
    "numpy": "numpy",
    "matplotlib": "matplotlib",
    "scipy": "scipy",
}


class SnippetError(Exception):
    """A snippet module or a page breaks the snippet conventions; the message names the fix."""


def snippet_modules(snippets_dir: Path) -> list[str]:
    """Names of the snippet modules (``gelu``, ``leaky_relu``…), sorted.

    Private helpers (``_name.py``) and the package ``__init__`` are not term modules.
    """
    return sorted(p.stem for p in snippets_dir.glob("*.py") if not p.stem.startswith("_"))


def module_for_slug(slug: str) -> str:
    """The snippet module name for a term slug: ``leaky-relu`` → ``leaky_relu``."""
    return slug.replace("-", "_")


def figure_names(source: str, filename: str = "<snippet>") -> list[str]:
    """The keys of the module-level ``FIGURES`` dict, read without importing the module.

    Reading them statically lets a warm build skip importing torch and matplotlib.

    Raises:
        SnippetError: ``FIGURES`` is not a dict literal with string keys.
    """
    return list(_figure_names(source, filename))


def _parse(source: str, filename: str = "<unknown>") -> ast.Module:
    try:
        return _parse_source(source)
    except SyntaxError:  # not cached: parse again for the error naming the file
        return ast.parse(source, filename)


# Keyed by the source alone, so the figure names and the imports of a module share one parse.
@functools.lru_cache(maxsize=256)  # each language build asks again for the same sources
def _parse_source(source: str) -> ast.Module:
    return ast.parse(source)


# The derived answers are a few names per source, asked for every module on every build and
# serve rebuild: an LRU smaller than the number of modules, visited in a cycle, never hits
# (256 entries did not hold 300 terms), so room for every module at 1,000 terms and more.
@functools.lru_cache(maxsize=4096)
def _figure_names(source: str, filename: str) -> tuple[str, ...]:
    for node in _parse(source, filename).body:
        target = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        if not (isinstance(target, ast.Name) and target.id == "FIGURES"):
            continue
        value = node.value
        if isinstance(value, ast.Dict) and all(
            isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys
        ):
            return tuple(k.value for k in value.keys)
        raise SnippetError(
            f"{filename}: FIGURES must be a dict literal with string keys, "
            'e.g. FIGURES = {"gelu-curve": plot_curve}'
        )
    return ()


def snippet_imports(source: str) -> list[str]:
    """The snippet modules a source imports (``from snippets.iou import box_iou`` → ``iou``)."""
    names = set()
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.Import):
            dotted = [alias.name.split(".") for alias in node.names]
            names.update(parts[1] for parts in dotted if parts[0] == "snippets" and parts[1:])
        elif isinstance(node, ast.ImportFrom):
            package = ["snippets"] if node.level == 1 else []  # relative: inside snippets/
            parts = package + (node.module or "").split(".") if node.module else package
            if node.level > 1 or parts[:1] != ["snippets"]:
                continue
            names.update(parts[1:2] or [alias.name for alias in node.names])
    return sorted(names)


def third_party_imports(source: str) -> list[str]:
    """Top-level package names the source imports anywhere (also lazily in functions)."""
    return list(_imports(source))


def _imports(source: str) -> tuple[str, ...]:
    return _imports_and_summary(source)[0]


def module_summary(source: str) -> str:
    """The first line of a module's docstring ("" if it has none)."""
    return _imports_and_summary(source)[1]


# Both from one parse: every page of a module, in each language, asks again, and a separate
# parse per answer would cost one more ast.parse per module and build (~6 ms each) once the
# modules outnumber _parse's cache.
@functools.lru_cache(maxsize=4096)
def _imports_and_summary(source: str) -> tuple[tuple[str, ...], str]:
    tree = _parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    docstring = (ast.get_docstring(tree) or "").strip()
    return tuple(sorted(names)), docstring.split("\n", 1)[0].strip()


def install_line(source: str) -> str:
    """The ``pip install`` line a reader needs to run a snippet module.

    Snippets may import each other (``from snippets.sigmoid import sigmoid``); the
    reader then needs the other module too, which the download note covers.
    """
    imported = set(third_party_imports(source))
    packages = [req for name, req in INSTALL_REQUIREMENTS.items() if name in imported]
    return "pip install " + " ".join(packages) if packages else ""


_FIGURE = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\((?P<path>(?:\.\./)*" + FIGURES_URI + r"/)(?P<name>[a-z0-9][a-z0-9-]*)"
    r"\.svg(?P<title>\s+\"[^\"]*\")?\)(?P<attrs>\{[^}\n]*\})?"
)


def referenced_figures(markdown: str) -> list[str]:
    """Names of the figures a page's Markdown embeds (``![…](…/assets/figures/<name>.svg)``)."""
    names: list[str] = []

    def collect(line: str) -> str:
        names.extend(m.group("name") for m in _FIGURE.finditer(line))
        return line

    md.map_prose(markdown, collect)
    return names


def rewrite_figures(markdown: str, known: set[str] | dict, page: str = "<page>") -> str:
    """Turn each figure image into its light and dark twins (material's ``#only-light``).

    ``![alt](../../assets/figures/x.svg)`` becomes ``![alt](…/x.svg#only-light)``
    followed by ``![alt](…/x.dark.svg#only-dark)``,
    keeping the alt text, title and attribute list of the original.

    Raises:
        SnippetError: the page names a figure that no snippet's ``FIGURES`` defines.
    """

    def twin(match: re.Match) -> str:
        name = match.group("name")
        if name not in known:
            raise SnippetError(
                f"{page}: figure '{name}' is not in the FIGURES of any snippets/*.py; "
                f"add it to a module's FIGURES or fix the name (known: {', '.join(sorted(known))})"
            )
        alt, path = match.group("alt"), match.group("path")
        title, attrs = match.group("title") or "", match.group("attrs") or ""
        light = f"![{alt}]({path}{name}.svg#only-light{title}){attrs}"
        dark = f"![{alt}]({path}{name}.dark.svg#only-dark{title}){attrs}"
        return f"{light} {dark}"

    return md.map_prose(markdown, lambda line: _FIGURE.sub(twin, line))


_CODE_HEADING = re.compile(r"^##\s+.*\{[^}]*#code\b[^}]*\}\s*$", re.MULTILINE)


def code_block(module: str, lang: str, page_src_uri: str, install: str) -> str:
    """The standard "take the code away" block for a term page's code section.

    Args:
        module: snippet module name (``leaky_relu``).
        lang: page language (``zh`` or ``en``).
        page_src_uri: the page's path in ``docs/`` (``en/terms/leaky-relu.md``); links
            are made relative to it, so MkDocs validates them under ``--strict``.
        install: the ``pip install`` line (empty when the module needs only the stdlib).
    """
    text = ui.strings(lang, "code_block")
    here = posixpath.dirname(page_src_uri)
    download = posixpath.relpath(f"{SNIPPETS_URI}/{module}.py", here)
    api = posixpath.relpath(f"{lang}/{api_module_path(module)}", here)
    commands = "\n".join(line for line in (install, f"python -m snippets.{module}") if line)
    return (
        f'[{text["download"].format(module=module)}]({download}){{ download="{module}.py" }}'
        f" · [{text['api']}]({api}#snippets.{module})\n\n"
        f"{text['run']}\n\n"
        f"```bash\n{commands}\n```\n"
    )


def has_code_section(markdown: str) -> bool:
    """Whether the page has a ``## … { #code }`` heading."""
    return _CODE_HEADING.search(markdown) is not None


def inject_code_block(markdown: str, block: str) -> str:
    """Insert ``block`` right after the page's ``## … { #code }`` heading (if it has one)."""
    match = _CODE_HEADING.search(markdown)
    if match is None:
        return markdown
    end = match.end()
    return f"{markdown[:end]}\n\n{block}{markdown[end:]}"


@dataclass(frozen=True)
class ApiModule:
    """A snippet module as the API pages of one language show it."""

    module: str  # ``leaky_relu``
    summary: str  # the first line of its docstring ("" without one)
    term: str | None = None  # the name of its term in the page's language
    term_path: str | None = None  # its term page, relative to docs/<lang>/ (terms/x.md)
    topics: tuple[str, ...] = ()  # its term's topic tags, in the registry entry's order


@dataclass(frozen=True)
class ApiTopic:
    """A topic as the API pages of one language show it: its modules' page."""

    tag: str  # ``activation-functions``
    title: str  # its name in the page's language
    modules: tuple[ApiModule, ...]


def api_module_path(module: str) -> str:
    """The generated API page of a module, relative to ``docs/<lang>/``."""
    return f"{API_DIR}/{module}.md"


def api_topic_path(tag: str) -> str:
    """The generated API page of a topic, relative to ``docs/<lang>/``."""
    return f"{API_TOPICS_DIR}/{tag}.md"


def api_topics(modules: list[ApiModule], titles: dict[str, str]) -> list[ApiTopic]:
    """The topics that have modules, in the order of ``titles`` (tag → name in the page's
    language, as ``_tags.yml`` lists them); a module sits under every topic of its term, as
    its term sits on every topic page."""
    return [
        ApiTopic(tag, title, members)
        for tag, title in titles.items()
        if (members := tuple(entry for entry in modules if tag in entry.topics))
    ]


def _module_line(
    entry: ApiModule, text: Mapping[str, str], href: str, term_href: str | None
) -> str:
    """One list line: the module's API page, its term's page, its docstring's first line."""
    if entry.term and term_href:
        line = text["index_item"].format(
            module=entry.module, href=href, term=entry.term, term_href=term_href
        )
    else:
        line = text["index_item_no_term"].format(module=entry.module, href=href)
    return f"- {line}" + (text["summary"].format(summary=entry.summary) if entry.summary else "")


def api_index_markdown(modules: list[ApiModule], topics: list[ApiTopic], lang: str) -> str:
    """What replaces the marker on the API landing page: the package contract (``::: snippets``),
    then one line per topic (its name and number of modules) linking its API page, then the
    modules no topic lists (no term, or an untagged one), each on its own line. The modules
    are listed on their topics' pages, so the landing page grows by one line per topic."""
    text = ui.strings(lang, "api")
    lines = [
        text["topic_item"].format(topic=topic.title, href=api_topic_path(topic.tag))
        + text.count("modules_count", len(topic.modules))
        for topic in topics
    ]
    out = f"::: snippets\n\n{text['index_title']}\n\n" + "".join(f"- {x}\n" for x in lines)
    listed = {entry.module for topic in topics for entry in topic.modules}
    others = [entry for entry in modules if entry.module not in listed]
    if others:
        others_lines = (
            _module_line(e, text, api_module_path(e.module), e.term_path) for e in others
        )
        out += f"\n{text['other_modules_title']}\n\n" + "\n".join(others_lines) + "\n"
    return out


def expand_api_marker(
    markdown: str, modules: list[ApiModule], topics: list[ApiTopic], lang: str
) -> str:
    """Replace the API marker on the API landing page with :func:`api_index_markdown`."""
    return markdown.replace(API_MARKER, api_index_markdown(modules, topics, lang))


def api_topic_markdown(topic: ApiTopic, lang: str) -> str:
    """The generated page ``docs/<lang>/api/topics/<tag>.md``: the topic's name, a line linking
    its glossary topic page and the landing page, then one line per module (its API page, its
    term, its docstring's first line), as the landing page listed them all before."""
    text = ui.strings(lang, "api")
    here = API_TOPICS_DIR

    def rel(path: str) -> str:
        return posixpath.relpath(path, here)

    intro = text["topic_intro"].format(
        topic=topic.title,
        topic_href=rel(f"topics/{topic.tag}.md"),
        index_href=rel(API_PAGE),
    )
    lines = [
        _module_line(
            entry,
            text,
            rel(api_module_path(entry.module)),
            rel(entry.term_path) if entry.term_path else None,
        )
        for entry in topic.modules
    ]
    title = text["topic_title"].format(topic=topic.title)
    return f"# {title} {{ #{topic.tag} }}\n\n{intro}\n\n" + "\n".join(lines) + "\n"


def api_module_markdown(entry: ApiModule, lang: str, titles: dict[str, str]) -> str:
    """The generated page ``docs/<lang>/api/<module>.md``: titled ``snippets.<module>``, a line
    linking its term page, its topics' API pages (``titles``: tag → name in the page's
    language) and the landing page, then the module's mkdocstrings directive (its heading id,
    ``snippets.<module>``, is what the term pages' code sections link to)."""
    text = ui.strings(lang, "api")
    index = posixpath.relpath(API_PAGE, API_DIR)
    separator = ui.strings(lang, "indexes")["list_separator"]
    topics = separator.join(
        f"[{titles[tag]}]({posixpath.relpath(api_topic_path(tag), API_DIR)})"
        for tag in entry.topics
        if tag in titles
    )
    if entry.term and entry.term_path:
        term_href = posixpath.relpath(entry.term_path, API_DIR)
        key = "module_intro" if topics else "module_intro_no_topic"
        intro = text[key].format(
            term=entry.term, term_href=term_href, topics=topics, index_href=index
        )
    else:
        intro = text["module_intro_no_term"].format(index_href=index)
    # Out of the search index: the page's entry shows the module's docstring instead.
    return (
        f"---\ntitle: snippets.{entry.module}\n---\n\n{intro}\n{{ data-search-exclude }}\n\n"
        f"::: snippets.{entry.module}\n"
    )


def include_problems(markdown: str, page: str, root: Path) -> list[str]:
    """One line per ``--8<--`` include of a page whose file or section does not exist, naming
    the page, the snippet file, the section and the fix (``page`` is the page's path as shown,
    ``root`` the folder include paths are relative to)."""
    problems = []
    for include in md.includes(markdown):
        path, section = include.path, include.section
        target = root / path
        if not target.is_file():
            problems.append(
                f"{page}: includes '{path}', which does not exist; fix the path in the --8<-- "
                "line (snippets/<module>.py, module = slug with '-' -> '_')"
            )
            continue
        if section is None:
            continue
        found = sections(target.read_text(encoding="utf-8"))
        if section not in found:
            problems.append(
                f"{page}: includes section '{section}' of {path}, which has no "
                f"'# --8<-- [start:{section}]' ... '# --8<-- [end:{section}]' markers "
                f"(it has: {', '.join(sorted(found)) or 'none'}); fix the section name in the "
                f"page or add the markers to {path}"
            )
    return problems


def sections(source: str) -> set[str]:
    """Names of the complete ``# --8<-- [start:x]`` … ``# --8<-- [end:x]`` sections in a file."""
    starts = set(re.findall(r"--8<--\s*\[start:([\w-]+)\]", source))
    ends = set(re.findall(r"--8<--\s*\[end:([\w-]+)\]", source))
    return starts & ends


def notebook_heading_ids(notebook_json: str) -> list[str]:
    """Heading ids for a lab, in document order: slugs of its (English) Markdown headings.

    Every language version of a lab uses the English notebook's ids, as term pages do;
    nbconvert and mkdocs-jupyter would otherwise derive different ids (empty ones for
    Chinese headings) for the page and for its table of contents.
    """
    import json

    from markdown.extensions.toc import slugify

    ids = []
    for cell in json.loads(notebook_json)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        ids += [slugify(m, "-") for m in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", source, re.M)]
    return ids


_HTML_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.DOTALL)


def set_heading_ids(html: str, ids: list[str], where: str = "<notebook>") -> str:
    """Give the headings of rendered HTML the ``ids``, in order (and their ¶ links).

    Raises:
        SnippetError: the page has a different number of headings than ``ids``.
    """
    headings = list(_HTML_HEADING.finditer(html))
    if len(headings) != len(ids):
        raise SnippetError(
            f"{where}: {len(headings)} headings but the English lab has {len(ids)}; "
            "keep the same headings, in the same order, in every language"
        )
    out, last = [], 0
    for match, new_id in zip(headings, ids, strict=True):
        level, attrs, inner = match.groups()
        attrs = re.sub(r'\s*\bid="[^"]*"', "", attrs)
        inner = re.sub(r'href="#[^"]*"', f'href="#{new_id}"', inner)
        out += [html[last : match.start()], f'<h{level} id="{new_id}"{attrs}>{inner}</h{level}>']
        last = match.end()
    return "".join(out) + html[last:]
