"""Small readers for the built site, shared by the tests in this folder."""

from __future__ import annotations

import json
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

ROOT = Path(__file__).resolve().parents[2]  # the repository
LANGS = {"zh": "", "en": "en/"}  # language → URL prefix under the site root
NOT_PAGES = {"assets", "search"}


def pages(site: Path, lang: str) -> list[str]:
    """Page paths of one language, relative to that language's root (``""``, ``"terms/gelu/"``)."""
    root = site / LANGS[lang]
    found = []
    for html in sorted(root.rglob("index.html")):
        rel = html.parent.relative_to(root).as_posix()
        top = rel.split("/")[0]
        if top in NOT_PAGES or (lang == "zh" and top == "en"):
            continue
        found.append("" if rel == "." else rel + "/")
    return found


def page_file(site: Path, lang: str, rel: str) -> Path:
    return site / LANGS[lang] / rel / "index.html"


def parse(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def search_index(site: Path, lang: str) -> dict:
    """A language's whole index, as the search worker ends up with it: the first part
    (``search_index.json``) with the sections (``search_sections.json``) appended."""
    folder = site / LANGS[lang] / "search"
    index = json.loads((folder / "search_index.json").read_text("utf-8"))
    sections = json.loads((folder / "search_sections.json").read_text("utf-8"))
    return {**index, "docs": index["docs"] + sections["docs"]}


def first_search_part(site: Path, lang: str) -> bytes:
    """What the theme downloads before the first result: ``search_index.json``."""
    return (site / LANGS[lang] / "search" / "search_index.json").read_bytes()
