"""Sanitising of formatted text (project descriptions) with nh3 (Rust's ammonia)."""

import nh3

ERLAUBTE_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "h3",
    "h4",
    "blockquote",
}
ERLAUBTE_ATTRIBUTE = {"a": {"href", "title"}}


def bereinigen(html: str, *, weitere_tags: frozenset[str] = frozenset()) -> str:
    """Keeps harmless formatting; drops scripts, styles, event handlers and foreign schemes.

    ``weitere_tags``: tags a caller allows besides these (the site texts use ``h2``, since
    their own page has no other section headings under its ``h1``).
    """
    return nh3.clean(
        html or "",
        tags=ERLAUBTE_TAGS | weitere_tags,
        attributes=ERLAUBTE_ATTRIBUTE,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
