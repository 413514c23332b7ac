"""Small helpers for reading HTML responses in tests."""

import re
from html.parser import HTMLParser


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links(response) -> list[str]:
    parser = _LinkParser()
    parser.feed(response.content.decode())
    return parser.links


def text(response) -> str:
    """The visible text of a page, whitespace folded (for 'does it say X' checks)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    from html import unescape

    return re.sub(r"\s+", " ", unescape(html)).strip()


def crawl(client, start: str, limit: int = 500) -> dict[str, int]:
    """Follows internal links breadth-first from ``start``; returns {path: status}."""
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in links(response):
                href = href.split("#", 1)[0]
                internal = href.startswith("/") and not href.startswith(("/static/", "/media/"))
                if internal and href not in seen:
                    queue.append(href)
    return seen
