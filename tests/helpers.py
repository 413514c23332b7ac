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


class _FormParser(HTMLParser):
    """Collects the values a browser would submit for the form with id/among forms on a page."""

    def __init__(self):
        super().__init__()
        self.daten: dict[str, list[str]] = {}
        self._select = None
        self._option_value = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.daten.setdefault(name, []).append(
                a.get("value", "on" if a.get("type") == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select = name
            self.daten.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.daten[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.daten[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.daten[self._textarea][-1] += data


def formular_daten(response) -> dict:
    """POST data of the page's form(s) as rendered: inputs, selected options, textareas."""
    parser = _FormParser()
    html = response.content.decode()
    parser.feed(html.split("<form", 2)[-1] if html.count("<form") > 1 else html)
    from html import unescape

    return {
        k: [unescape(x.lstrip("\n")) for x in v] if len(v) != 1 else unescape(v[0].lstrip("\n"))
        for k, v in parser.daten.items()
    }
