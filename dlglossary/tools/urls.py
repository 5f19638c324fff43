"""URL stability: a published term URL never disappears without a redirect.

``tests/site/published_urls.txt`` lists every term URL ever published, relative to the site root
(``terms/gelu/`` in Chinese, ``en/terms/gelu/`` in English). A listed URL must still be served by a
page or by a redirect in mkdocs.yml (``plugins: - redirects: redirect_maps:``); a new term's URLs
must be appended to the list.

    python -m dlglossary.tools.urls            # check
    python -m dlglossary.tools.urls --update   # append the URLs of new terms (never removes any)
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from dlglossary.core.languages import DEFAULT_LANGUAGE, LANGUAGES, url_prefix

ROOT = Path(__file__).resolve().parents[2]
LIST = Path("tests") / "site" / "published_urls.txt"
HEADER = """\
# Every term URL ever published, relative to the site root. Never delete a line: when a term is
# renamed or removed, add a redirect in mkdocs.yml (plugins: redirects: redirect_maps:).
# New terms: python -m dlglossary.tools.urls --update
"""


def current_urls(root: Path = ROOT) -> list[str]:
    """The term URLs the sources publish now, from docs/<lang>/terms/*.md."""
    urls = []
    for lang in LANGUAGES:
        for page in sorted((root / "docs" / lang / "terms").glob("*.md")):
            urls.append(f"{url_prefix(lang)}terms/{page.stem}/")
    return urls


def published_urls(root: Path = ROOT) -> list[str]:
    """The URLs listed in tests/site/published_urls.txt."""
    path = root / LIST
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _redirects_plugin(config: dict) -> dict:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return plugin["redirects"] or {}
    return {}


def redirect_sources(root: Path = ROOT) -> set[str]:
    """URLs that mkdocs.yml redirects (keys of ``redirect_maps``, as URLs)."""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV and !relative tags; their values do not matter here.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    maps = _redirects_plugin(config).get("redirect_maps") or {}
    return {key.removesuffix(".md").removesuffix("/index") + "/" for key in maps}


def redirect_hint(url: str) -> str:
    """The exact line to add to redirect_maps for a vanished ``url``."""
    lang = LANGUAGES[1] if url.startswith(f"{LANGUAGES[1]}/") else DEFAULT_LANGUAGE
    key = url.rstrip("/") + ".md"
    return f"{key}: {lang}/terms/<new-slug>.md"


def problems(root: Path = ROOT) -> list[str]:
    """One message per vanished or unlisted URL."""
    current = set(current_urls(root))
    listed = published_urls(root)
    redirected = redirect_sources(root)
    found = []
    for url in listed:
        if url not in current and url not in redirected:
            lang = LANGUAGES[1] if url.startswith(f"{LANGUAGES[1]}/") else DEFAULT_LANGUAGE
            page = f"docs/{lang}/terms/{url.rstrip('/').rsplit('/', 1)[-1]}.md"
            found.append(
                f"{LIST.as_posix()}: published URL /{url} is gone ({page} no longer exists) "
                "and has no redirect; restore the page, or add under mkdocs.yml plugins -> "
                "redirects -> "
                f"redirect_maps the line   {redirect_hint(url)}"
            )
    for url in sorted(current - set(listed)):
        found.append(
            f"{LIST.as_posix()}: new term URL /{url} is not listed; "
            "run `python -m dlglossary.tools.urls --update` and commit the file"
        )
    return found


def update(root: Path = ROOT) -> list[str]:
    """Append the current URLs missing from the list; return them."""
    path = root / LIST
    listed = published_urls(root)
    new = [url for url in current_urls(root) if url not in listed]
    if new or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
        if text and not text.endswith("\n"):
            text += "\n"
        path.write_text(text + "".join(f"{url}\n" for url in new), encoding="utf-8")
    return new


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    args = sys.argv[1:] if argv is None else argv
    if "--update" in args:
        for url in update():
            print(f"added /{url}")
    found = problems()
    for message in found:
        print(message)
    if not found:
        print(f"{len(published_urls())} published URLs, all served")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
