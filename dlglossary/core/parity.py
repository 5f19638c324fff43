"""Translation parity (same structure in both languages) and outdated-section detection.

Chinese is the source language. Both pages of a pair must carry the same heading ids in the
same order, the same snippet includes and the same internal link targets. A translation
section is *possibly outdated* when its Chinese section changed since the hashes were last
recorded (one small file per page: ``registry/translations/terms/gelu.json`` for
``terms/gelu.md``, so two pull requests adding different terms never touch the same file)
while the English section did not.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from dlglossary.core import markdown as md
from dlglossary.core.markdown import headings

_INLINE_CODE = re.compile(r"(`+).+?\1")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class ParityError(ValueError):
    """The two language versions of a page differ in structure; one line with the fix."""


def includes(markdown: str) -> list[str]:
    """Snippet include targets (``snippets/gelu.py:gelu``), in order."""
    return [include.target for include in md.includes(markdown)]


def link_targets(markdown: str) -> list[str]:
    """Internal link and image targets outside code, sorted, without duplicates."""
    targets = set()
    for line in md.lines(markdown):
        if line.kind != md.PROSE:
            continue
        text = _INLINE_CODE.sub("", line.text)
        for match in _LINK.finditer(text):
            targets.add(match.group(1))
        ref = _REF_DEF.match(text)
        if ref:
            targets.add(ref.group(1))
    return sorted(t for t in targets if not _EXTERNAL.match(t))


def check_heading_ids(markdown: str, where: str) -> None:
    """Every heading has an explicit id (``## 公式 { #formula }``)."""
    for heading in headings(markdown):
        if heading.id is None:
            raise ParityError(
                f"{where}:{heading.line}: heading {heading.text!r} has no explicit id; "
                f"append {{ #english-id }} (the same id in both languages)"
            )


def check_pair(zh: str, en: str, path: str) -> None:
    """Raise :class:`ParityError` if ``docs/zh/<path>`` and ``docs/en/<path>`` differ."""
    zh_where, en_where = f"docs/zh/{path}", f"docs/en/{path}"
    check_heading_ids(zh, zh_where)
    check_heading_ids(en, en_where)
    zh_ids = [h.id for h in headings(zh)]
    en_ids = [h.id for h in headings(en)]
    for hid in zh_ids:
        if hid not in en_ids:
            raise ParityError(
                f"{en_where}: section {{ #{hid} }} of {zh_where} is missing; "
                f"translate it (same heading id) or remove it from both"
            )
    for hid in en_ids:
        if hid not in zh_ids:
            raise ParityError(
                f"{en_where}: section {{ #{hid} }} is not in {zh_where}; "
                f"add it to the Chinese page too or remove it"
            )
    if zh_ids != en_ids:
        raise ParityError(
            f"{en_where}: sections are in a different order than in {zh_where} "
            f"({', '.join(en_ids)} vs {', '.join(zh_ids)}); use the Chinese order"
        )
    _compare(includes(zh), includes(en), "snippet include", zh_where, en_where)
    _compare(link_targets(zh), link_targets(en), "link target", zh_where, en_where)


def _compare(zh: list[str], en: list[str], what: str, zh_where: str, en_where: str) -> None:
    for item in zh:
        if item not in en:
            raise ParityError(
                f"{en_where}: {what} {item!r} of {zh_where} is missing; use the same one in both"
            )
    for item in en:
        if item not in zh:
            raise ParityError(
                f"{en_where}: {what} {item!r} is not in {zh_where}; use the same one in both"
            )
    if zh != en and what == "snippet include":
        raise ParityError(
            f"{en_where}: snippet includes are in a different order than in {zh_where}; "
            f"use the Chinese order"
        )


def page_pairs(docs_dir: Path) -> list[str]:
    """Markdown pages present in both ``docs/zh`` and ``docs/en`` (relative paths)."""
    zh_root, en_root = Path(docs_dir) / "zh", Path(docs_dir) / "en"
    return sorted(
        p.relative_to(zh_root).as_posix()
        for p in zh_root.rglob("*.md")
        if (en_root / p.relative_to(zh_root)).is_file()
    )


# Digests of (path, zh text, en text) that passed check_pair in this process: every build
# and `mkdocs serve` rebuild checks every pair, and most have not changed since the last one.
_PASSED: set[str] = set()


def check_docs(docs_dir: Path) -> None:
    """:func:`check_pair` on every page present in both languages."""
    for path in page_pairs(docs_dir):
        zh = (Path(docs_dir) / "zh" / path).read_text(encoding="utf-8")
        en = (Path(docs_dir) / "en" / path).read_text(encoding="utf-8")
        digest = hashlib.sha256("\0".join((path, zh, en)).encode("utf-8")).hexdigest()
        if digest not in _PASSED:
            check_pair(zh, en, path)
            _PASSED.add(digest)


# ---------------------------------------------------------------- outdated sections


def section_hashes(markdown: str) -> dict[str, str]:
    """Heading id → short hash of the section (heading line up to the next heading)."""
    return dict(_section_hashes(markdown))


@functools.lru_cache(maxsize=4096)  # more than every page of both languages at 1,000 terms
def _section_hashes(markdown: str) -> tuple[tuple[str, str], ...]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in md.lines(markdown):
        if (found := md.heading(line)) is not None:
            current = found.id
            if current is not None:
                sections[current] = []
        if current is not None:
            sections[current].append(line.text.rstrip())
    return tuple(
        (hid, hashlib.sha256("\n".join(lines).strip().encode("utf-8")).hexdigest()[:16])
        for hid, lines in sections.items()
    )


@dataclass(frozen=True)
class Outdated:
    """An English section whose Chinese source changed since the translation was recorded."""

    path: str
    section: str

    def __str__(self) -> str:
        return (
            f"docs/en/{self.path}#{self.section}: possibly outdated "
            f"(docs/zh/{self.path}#{self.section} changed since the translation was recorded)"
        )


def current_hashes(docs_dir: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Page → section → {"zh": hash, "en": hash} for every section present in both languages."""
    result = {}
    for path in page_pairs(docs_dir):
        zh = section_hashes((Path(docs_dir) / "zh" / path).read_text(encoding="utf-8"))
        en = section_hashes((Path(docs_dir) / "en" / path).read_text(encoding="utf-8"))
        result[path] = {hid: {"zh": zh[hid], "en": en[hid]} for hid in zh if hid in en}
    return result


def find_outdated(
    current: dict[str, dict[str, dict[str, str]]], recorded: dict[str, dict[str, dict[str, str]]]
) -> tuple[list[Outdated], list[tuple[str, str]]]:
    """(possibly outdated sections, sections with no recorded hash yet).

    A section is possibly outdated when its Chinese hash differs from the recorded one and
    its English hash does not: the source moved on, the translation stayed put.
    """
    outdated, unrecorded = [], []
    for path, sections in sorted(current.items()):
        for hid, now in sections.items():
            then = recorded.get(path, {}).get(hid)
            if then is None:
                unrecorded.append((path, hid))
            elif now["zh"] != then.get("zh") and now["en"] == then.get("en"):
                outdated.append(Outdated(path, hid))
    return outdated, unrecorded


def record_current(
    current: dict[str, dict[str, dict[str, str]]], recorded: dict[str, dict[str, dict[str, str]]]
) -> dict[str, dict[str, dict[str, str]]]:
    """What to record after a change: the current hashes of every section, except that a
    possibly outdated section keeps its old record (so it is reported until the translation
    is updated, or accepted with ``dlglossary outdated --accept``)."""
    outdated, _ = find_outdated(current, recorded)
    kept = {(item.path, item.section) for item in outdated}
    return {
        path: {
            hid: recorded[path][hid] if (path, hid) in kept else now
            for hid, now in sections.items()
        }
        for path, sections in current.items()
    }


def read_lock(lock_dir: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Page -> section -> {"zh": hash, "en": hash}, from the per-page files in ``lock_dir``."""
    lock_dir = Path(lock_dir)
    return {
        path.relative_to(lock_dir).with_suffix(".md").as_posix(): json.loads(
            path.read_text(encoding="utf-8")
        )
        for path in sorted(lock_dir.rglob("*.json"))
    }


def write_lock(lock_dir: Path, pages: dict[str, dict[str, dict[str, str]]]) -> list[Path]:
    """Write one file per page (``terms/gelu.md`` -> ``<lock_dir>/terms/gelu.json``), delete the
    files of pages that are gone; return the files written or deleted."""
    lock_dir = Path(lock_dir)
    changed = []
    for page, sections in pages.items():
        path = lock_dir / Path(page).with_suffix(".json")
        text = json.dumps(sections, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    wanted = {lock_dir / Path(page).with_suffix(".json") for page in pages}
    for path in sorted(lock_dir.rglob("*.json")):
        if path not in wanted:
            path.unlink()
            changed.append(path)
    return changed
