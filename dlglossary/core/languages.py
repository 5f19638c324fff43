"""The site's languages: Chinese at the site root, every other language under /<lang>/."""

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def url_prefix(lang: str) -> str:
    """Where a language's pages are served, relative to the site root: "" or "en/"."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
