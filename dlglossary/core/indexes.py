"""Generated index pages: A–Z per language, topic pages, the zh↔en terminology table.

Every function returns Markdown (or bytes for downloads); the plugin turns them into
virtual MkDocs files. Links are relative ``.md`` paths so MkDocs validates them.
"""

from __future__ import annotations

import csv
import functools
import io
import json

from dlglossary.core import ui
from dlglossary.core.languages import LANGUAGES, url_prefix
from dlglossary.core.registry import Registry, Term

# pypinyin reads 长 as zhǎng out of context; in technical terms it is cháng (long).
PHRASES = {
    "长距离": [["cháng"], ["jù"], ["lí"]],
    "长程": [["cháng"], ["chéng"]],
    "长短期": [["cháng"], ["duǎn"], ["qī"]],
    "长尾": [["cháng"], ["wěi"]],
}

#: name → its pinyin syllables, filled on demand. Builds keep it in ``.cache/`` between
#: runs (:mod:`dlglossary.speed.build_cache`): pypinyin's dictionaries take ~0.4 s to load.
PINYIN_MEMO: dict[str, str] = {}


@functools.lru_cache(maxsize=1)
def _pypinyin():
    from pypinyin import Style, lazy_pinyin, load_phrases_dict

    load_phrases_dict(PHRASES)
    return functools.partial(lazy_pinyin, style=Style.NORMAL)


def romanise(name: str) -> str:
    """Lower-case pinyin of a Chinese name, syllables separated by spaces.

    >>> romanise("激活函数")
    'ji huo han shu'
    """
    if name not in PINYIN_MEMO:
        syllables = (s.strip().lower() for s in _pypinyin()(name))
        PINYIN_MEMO[name] = " ".join(s for s in syllables if s)
    return PINYIN_MEMO[name]


INDEX_PAGE = "a-z.md"
TOPICS_PAGE = "topics/index.md"
TERMINOLOGY_PAGE = "terminology.md"
TERMINOLOGY_CSV = "terminology.csv"
TERMINOLOGY_JSON = "terminology.json"


def pinyin_key(name: str) -> tuple[str, str]:
    """(initial, sort key) of a Chinese name: pinyin for Chinese, the letters themselves for Latin.

    >>> pinyin_key("蒸馏")
    ('Z', 'zheng liu')
    >>> pinyin_key("GELU")
    ('G', 'gelu')
    """
    key = romanise(name)
    first = key[:1].upper()
    return (first if "A" <= first <= "Z" else "#"), key


def latin_key(name: str) -> tuple[str, str]:
    """(initial, sort key) of an English name."""
    key = name.strip().casefold()
    first = key[:1].upper()
    return (first if "A" <= first <= "Z" else "#"), key


def sort_terms(terms: list[Term], lang: str) -> list[tuple[str, Term]]:
    """Terms in index order for ``lang``, each with its initial letter."""
    key = pinyin_key if lang == "zh" else latin_key
    keyed = [(key(t.names[lang]), t) for t in terms]
    keyed.sort(key=lambda item: (item[0][0], item[0][1], item[1].slug))
    return [(initial, term) for (initial, _), term in keyed]


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def _other_name(term: Term, lang: str) -> str:
    other = next(code for code in LANGUAGES if code != lang)  # the other of the two
    return term.names[other] if term.names[other] != term.names[lang] else ""


def az_markdown(registry: Registry, lang: str) -> str:
    """The A–Z page (``a-z.md`` at the language root)."""
    t = ui.strings(lang, "indexes")
    groups: dict[str, list[Term]] = {}
    for initial, term in sort_terms(list(registry.terms.values()), lang):
        groups.setdefault(initial, []).append(term)
    lines = [f"# {t['az_title']} {{ #a-z }}", "", t["az_intro"], ""]
    lines.append(" · ".join(f"[{letter}](#{_letter_id(letter)})" for letter in groups))
    for letter, terms in groups.items():
        lines += ["", f"## {letter} {{ #{_letter_id(letter)} }}", ""]
        for term in terms:
            other = _other_name(term, lang)
            suffix = t["other_name"].format(name=other) if other else ""
            lines.append(
                f"- [{term.names[lang]}](terms/{term.slug}.md){suffix}{t['colon']}"
                f"{term.summary[lang]}"
            )
    return "\n".join(lines) + "\n"


def _letter_id(letter: str) -> str:
    return letter.lower() if letter != "#" else "other"


def used_tags(registry: Registry) -> list[str]:
    """Tags that at least one term carries, in ``_tags.yml`` order."""
    used = {tag for term in registry.terms.values() for tag in term.tags}
    return [tag for tag in registry.tags if tag in used]


def topic_markdown(registry: Registry, tag: str, lang: str) -> str:
    """One topic page (``topics/<tag>.md``)."""
    terms = [
        term for _, term in sort_terms(list(registry.terms.values()), lang) if tag in term.tags
    ]
    colon = ui.strings(lang, "indexes")["colon"]
    lines = [f"# {registry.tags[tag][lang]} {{ #{tag} }}", ""]
    for term in terms:
        lines.append(f"- [{term.names[lang]}](../terms/{term.slug}.md){colon}{term.summary[lang]}")
    return "\n".join(lines) + "\n"


def topics_overview_markdown(registry: Registry, lang: str) -> str:
    """The topics overview (``topics/index.md``)."""
    t = ui.strings(lang, "indexes")
    lines = [f"# {t['topics_title']} {{ #topics }}", "", t["topics_intro"], ""]
    for tag in used_tags(registry):
        n = sum(tag in term.tags for term in registry.terms.values())
        count = t.count("terms_count", n)
        lines.append(f"- [{registry.tags[tag][lang]}]({tag}.md){t['colon']}{count}")
    return "\n".join(lines) + "\n"


#: A topic with more terms than this is split by initial letter in the sidebar.
NAV_GROUP_LIMIT = 40


def nav_tree(
    registry: Registry, lang: str, slugs: set[str], limit: int = NAV_GROUP_LIMIT
) -> list[tuple[str, list]]:
    """The sidebar's grouping of term pages: ``[(topic title, children)]``.

    A term sits under its first tag (topics in ``_tags.yml`` order, untagged terms first
    under "Other"), in the A–Z index's order of ``lang``. A topic's children are slugs, or,
    when it has more than ``limit`` terms, ``[(initial letter, slugs)]``: with Material's
    ``navigation.prune`` a page then renders one letter of one topic, not the whole glossary.
    """
    order = [(initial, t) for initial, t in sort_terms(list(registry.terms.values()), lang)]
    groups: dict[str, list[tuple[str, str]]] = {}
    for initial, term in order:
        if term.slug in slugs:
            tag = term.tags[0] if term.tags else ""
            groups.setdefault(tag, []).append((initial, term.slug))
    tags = list(registry.tags)
    tree = []
    for tag in sorted(groups, key=lambda t: tags.index(t) if t in tags else -1):
        title = registry.tags[tag][lang] if tag else ui.strings(lang, "indexes")["other_topic"]
        members = groups[tag]
        if len(members) <= limit:
            tree.append((title, [slug for _, slug in members]))
            continue
        letters: dict[str, list[str]] = {}
        for initial, slug in members:
            letters.setdefault(initial, []).append(slug)
        tree.append((title, list(letters.items())))
    return tree


CONTENTS_MARKER = "<!-- glossary-contents -->"


def contents_markdown(registry: Registry, lang: str, names_per_topic: int = 6) -> str:
    """What the glossary holds, for the home page: the number of terms, and each topic with
    its count and first names (A–Z), linking to the topic page. Generated, so the home page
    can never promise a page that does not exist or leave out one that does."""
    t = ui.strings(lang, "indexes")
    tags = used_tags(registry)
    lines = [t["contents"].format(n=len(registry.terms), k=len(tags)), ""]
    ordered = [term for _, term in sort_terms(list(registry.terms.values()), lang)]
    for tag in tags:
        terms = [term for term in ordered if tag in term.tags]
        names = t["list_separator"].join(
            f"[{term.names[lang]}](terms/{term.slug}.md)" for term in terms[:names_per_topic]
        )
        more = t["more"] if len(terms) > names_per_topic else ""
        if more and lang == "zh" and terms[names_per_topic - 1].names[lang][-1:].isascii():
            more = " " + more  # 空格隔开拉丁字母与汉字
        count = t["other_name"].format(name=t.count("terms_count", len(terms)))
        topic = f"[{registry.tags[tag][lang]}](topics/{tag}.md)"
        lines.append(f"- {topic}{count}{t['colon']}{names}{more}")
    return "\n".join(lines) + "\n"


def terminology_markdown(registry: Registry, lang: str) -> str:
    """The zh↔en table (``terminology.md``), with links to the CSV and JSON downloads."""
    t = ui.strings(lang, "indexes")
    lines = [
        f"# {t['terminology_title']} {{ #terminology }}",
        "",
        f"{t['terminology_intro']} [{TERMINOLOGY_CSV}]({TERMINOLOGY_CSV}) · "
        f"[{TERMINOLOGY_JSON}]({TERMINOLOGY_JSON})",
        "",
        f"| {t['col_zh']} | {t['col_en']} | {t['col_zh_aliases']} | {t['col_en_aliases']} |",
        "| --- | --- | --- | --- |",
    ]
    for _, term in sort_terms(list(registry.terms.values()), lang):
        link = f"terms/{term.slug}.md"
        zh, en = _cell(term.names["zh"]), _cell(term.names["en"])
        zh, en = (f"[{zh}]({link})", en) if lang == "zh" else (zh, f"[{en}]({link})")
        zh_aliases = "、".join(_cell(a) for a in term.aliases["zh"])
        en_aliases = ", ".join(_cell(a) for a in term.aliases["en"])
        lines.append(f"| {zh} | {en} | {zh_aliases} | {en_aliases} |")
    return "\n".join(lines) + "\n"


def terminology_records(registry: Registry) -> list[dict]:
    """One record per term (by slug): what the CSV and JSON downloads contain."""
    return [
        {
            "slug": term.slug,
            **{
                lang: {
                    "name": term.names[lang],
                    "aliases": list(term.aliases[lang]),
                    "summary": term.summary[lang],
                    "url": f"{url_prefix(lang)}terms/{term.slug}/",
                }
                for lang in LANGUAGES
            },
            "tags": list(term.tags),
        }
        for term in registry.sorted_terms()
    ]


CSV_COLUMNS = (
    "slug",
    "zh_name",
    "en_name",
    "zh_aliases",
    "en_aliases",
    "zh_summary",
    "en_summary",
    "tags",
)


def terminology_csv(registry: Registry) -> bytes:
    """UTF-8 CSV with a BOM (so Excel shows Chinese); lists are joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rec in terminology_records(registry):
        writer.writerow(
            [
                rec["slug"],
                rec["zh"]["name"],
                rec["en"]["name"],
                "; ".join(rec["zh"]["aliases"]),
                "; ".join(rec["en"]["aliases"]),
                rec["zh"]["summary"],
                rec["en"]["summary"],
                "; ".join(rec["tags"]),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def terminology_json(registry: Registry) -> bytes:
    """UTF-8 JSON: ``{"terms": [record, ...]}``, see :func:`terminology_records`."""
    return _indented_json(json.dumps({"terms": terminology_records(registry)}, ensure_ascii=False))


# Indented output goes through json's pure-Python encoder (~0.15 s at 1,000 terms): once per
# content, not once per language and `mkdocs serve` rebuild. The compact dump is the key.
@functools.lru_cache(maxsize=2)
def _indented_json(compact: str) -> bytes:
    return (json.dumps(json.loads(compact), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def generated_pages(registry: Registry, lang: str) -> dict[str, str | bytes]:
    """Every generated file for ``lang``: path relative to ``docs/<lang>/`` → content."""
    pages: dict[str, str | bytes] = {
        INDEX_PAGE: az_markdown(registry, lang),
        TERMINOLOGY_PAGE: terminology_markdown(registry, lang),
        TERMINOLOGY_CSV: terminology_csv(registry),
        TERMINOLOGY_JSON: terminology_json(registry),
    }
    tags = used_tags(registry)
    if tags:
        pages[TOPICS_PAGE] = topics_overview_markdown(registry, lang)
        for tag in tags:
            pages[f"topics/{tag}.md"] = topic_markdown(registry, tag, lang)
    return pages
