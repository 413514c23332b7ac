"""Formatted text written as Markdown (CommonMark, through markdown-it-py), shown as sanitised
HTML (``html.bereinigen``). Decision: docs/decisions/0010-markdown-statt-html.md.

- ``markdown_zu_html``: what a person wrote → safe HTML. A single line break is a line break
  (as people expect in a text field), a blank line starts a paragraph. HTML inside the source
  is passed to the sanitiser, which keeps only the harmless tags; that is how older texts
  written as HTML stay readable.
- ``html_zu_markdown``: older HTML → Markdown source, for the data migration and for the form
  of a project whose description has no Markdown source yet. Only when the Markdown renders to
  exactly the same sanitised HTML; otherwise the HTML itself is the source (still valid input,
  nothing lost).
"""

import re
from html import escape
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from .html import bereinigen

_MD = MarkdownIt("commonmark", {"html": True, "breaks": True, "linkify": False})


def markdown_zu_html(text: str) -> str:
    """Renders Markdown and sanitises the result; empty text gives an empty string."""
    if not (text or "").strip():
        return ""
    return bereinigen(_MD.render(text)).strip()


def _normalisiert(html: str) -> str:
    html = re.sub(r"\s+", " ", bereinigen(html or ""))
    html = re.sub(r"\s*(<br\s*/?>)\s*", "<br>", html)
    return re.sub(r">\s+<", "><", html).strip()


def gleiches_html(a: str, b: str) -> bool:
    """Whether two HTML texts show the same after sanitising (whitespace between tags aside)."""
    return _normalisiert(a) == _normalisiert(b)


_SONDERZEICHEN = re.compile(r"([\\`*_\[\]<>#|])")


class _Umsetzer(HTMLParser):
    """HTML of the allowed tags → Markdown. Anything it does not know makes it give up."""

    BLOCK = {"p", "ul", "ol", "li", "h3", "h4", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.teile: list[str] = []
        self.listen: list[list] = []  # [kind, counter]
        self.link: list[str] = []
        self.unbekannt = False
        self.zitat = 0

    def _block_ende(self):
        self.teile.append("\n\n")

    def handle_starttag(self, tag, attrs):
        attribute = dict(attrs)
        if tag == "p":
            self._block_ende()
            if self.zitat:
                self.teile.append("> ")
        elif tag in {"strong", "b"}:
            self.teile.append("**")
        elif tag in {"em", "i"}:
            self.teile.append("*")
        elif tag == "br":
            self.teile.append("\n" + ("> " if self.zitat else ""))
        elif tag in {"ul", "ol"}:
            self._block_ende()
            self.listen.append([tag, 0])
        elif tag == "li":
            if not self.listen:
                self.unbekannt = True
                return
            liste = self.listen[-1]
            liste[1] += 1
            einzug = "   " * (len(self.listen) - 1)
            zeichen = f"{liste[1]}." if liste[0] == "ol" else "-"
            self.teile.append(f"\n{einzug}{zeichen} ")
        elif tag == "a":
            self.link.append(attribute.get("href") or "")
            self.teile.append("[")
        elif tag in {"h3", "h4"}:
            self._block_ende()
            self.teile.append("### " if tag == "h3" else "#### ")
        elif tag == "blockquote":
            self._block_ende()
            self.zitat += 1
            self.teile.append("> ")
        else:
            self.unbekannt = True

    def handle_endtag(self, tag):
        if tag in {"strong", "b"}:
            self.teile.append("**")
        elif tag in {"em", "i"}:
            self.teile.append("*")
        elif tag in {"ul", "ol"} and self.listen:
            self.listen.pop()
            self._block_ende()
        elif tag == "a" and self.link:
            self.teile.append(f"]({self.link.pop()})")
        elif tag == "blockquote":
            self.zitat = max(0, self.zitat - 1)
            self._block_ende()
        elif tag in self.BLOCK - {"li"}:
            self._block_ende()

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data)
        if not text.strip() and (not self.teile or self.teile[-1].endswith(("\n", "> "))):
            return
        if self.teile and self.teile[-1].endswith(("\n", "- ", ". ", "> ")):
            text = text.lstrip()
        text = _SONDERZEICHEN.sub(r"\\\1", text)
        # A line must not start like a list or heading by accident.
        text = re.sub(r"^(\d+)\.", r"\1\\.", text) if self.teile[-1:] == ["\n\n"] else text
        self.teile.append(escape(text, quote=False).replace("&amp;", "&"))


def html_zu_markdown(html: str) -> str:
    """Markdown for ``html`` that renders to the same sanitised HTML, else ``html`` itself."""
    if not (html or "").strip():
        return ""
    umsetzer = _Umsetzer()
    try:
        umsetzer.feed(bereinigen(html))
        umsetzer.close()
    except Exception:  # a parser surprise: keep the HTML, which stays valid input
        return html
    if umsetzer.unbekannt:
        return html
    markdown = re.sub(r"\n{3,}", "\n\n", "".join(umsetzer.teile))
    markdown = "\n".join(zeile.rstrip() for zeile in markdown.splitlines()).strip()
    if gleiches_html(markdown_zu_html(markdown), html):
        return markdown
    return html
