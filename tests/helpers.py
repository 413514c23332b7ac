"""Reading HTML in tests, parsed as a browser parses it (tinyhtml5 implements the WHATWG
parsing algorithm): one parser for links, text, forms and page structure, so that every test
sees the same document a visitor's browser would build."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from xml.etree.ElementTree import Element

import tinyhtml5

# Elements whose content a visitor does not read as text.
UNSICHTBAR = {"script", "style", "template"}


def _html(quelle) -> str:
    """A response (of the test client or the server harness) or a string."""
    if isinstance(quelle, str):
        return quelle
    inhalt = getattr(quelle, "content", None)
    if inhalt is None:
        inhalt = quelle.body
    return inhalt.decode("utf-8", "replace")


def dokument(quelle) -> Element:
    return tinyhtml5.parse(_html(quelle), namespace_html_elements=False)


def name(element: Element) -> str:
    """The tag without a namespace (inline SVG and MathML have one)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def elemente(quelle, *tags: str) -> Iterator[Element]:
    """Every element in document order, or those with one of the given tags."""
    wurzel = quelle if isinstance(quelle, Element) else dokument(quelle)
    for element in wurzel.iter():
        if not tags or name(element) in tags:
            yield element


def links(quelle) -> list[str]:
    """The targets of the page's hyperlinks (``<a href>``), in document order."""
    return [a.get("href") for a in elemente(quelle, "a") if a.get("href")]


def verweise(quelle) -> list[str]:
    """Everything the page makes a browser load or offers to follow: a/link href, img/script
    src."""
    ergebnis = []
    for element in elemente(quelle, "a", "link", "img", "script"):
        wert = element.get("href" if name(element) in {"a", "link"} else "src")
        if wert:
            ergebnis.append(wert)
    return ergebnis


def formulare(quelle) -> list[tuple[str, str]]:
    """(method, action) of every form, method in lower case."""
    return [
        ((f.get("method") or "get").lower(), f.get("action") or "")
        for f in elemente(quelle, "form")
    ]


def _textteile(element: Element, ueberspringen) -> Iterator[str]:
    if ueberspringen(element):
        if element.tail:
            yield element.tail
        return
    if element.text and isinstance(element.tag, str):
        yield element.text
    for kind in element:
        yield from _textteile(kind, ueberspringen)
    if element.tail:
        yield element.tail


def _gefaltet(teile) -> str:
    return re.sub(r"\s+", " ", " ".join(teile)).strip()


def text(quelle) -> str:
    """The text of a page (title included), whitespace folded, for 'does it say X' checks."""
    return _gefaltet(
        _textteile(dokument(quelle), lambda e: not isinstance(e.tag, str) or name(e) in UNSICHTBAR)
    )


def text_ohne_sprache(quelle, sprache: str) -> str:
    """Visible body text outside elements marked with ``lang=sprache`` (e.g. German strategy
    content on an English page); title, scripts, styles and SVG left out."""

    def ueberspringen(e):
        return (
            not isinstance(e.tag, str)
            or name(e) in UNSICHTBAR | {"title", "svg"}
            or e.get("lang") == sprache
        )

    body = next(elemente(quelle, "body"))
    return _gefaltet(_textteile(body, ueberspringen))


def _felder(formular: Element) -> dict[str, list[str]]:
    """What a browser submits for a form (without pressing a submit button)."""
    daten: dict[str, list[str]] = {}
    for element in elemente(formular, "input", "select", "textarea"):
        feld = element.get("name")
        art = name(element)
        if not feld or element.get("disabled") is not None:
            continue
        if art == "input":
            typ = (element.get("type") or "text").lower()
            if typ in {"submit", "button", "file", "image", "reset"}:
                continue
            if typ in {"checkbox", "radio"}:
                if element.get("checked") is None:
                    continue
                daten.setdefault(feld, []).append(element.get("value", "on"))
            else:
                daten.setdefault(feld, []).append(element.get("value", ""))
        elif art == "select":
            gewaehlt = [
                o.get("value", "")
                for o in elemente(element, "option")
                if o.get("selected") is not None
            ]
            daten.setdefault(feld, []).extend(gewaehlt)
        else:
            daten.setdefault(feld, []).append(element.text or "")
    return daten


def formular_daten(response) -> dict:
    """POST data of the page's main form as rendered (the back office's change form, not the
    header's logout or language form): inputs, selected options, textareas; a field with one
    value as a string, with several as a list."""
    alle = list(elemente(response, "form"))
    haupt = max(alle, key=lambda f: len(list(elemente(f, "input", "select", "textarea"))))
    return {k: v[0] if len(v) == 1 else v for k, v in _felder(haupt).items()}


def formularfelder(quelle) -> dict[str, str]:
    """Name and (last) value of every field of all forms of a page (login forms and the like)."""
    felder: dict[str, str] = {}
    for formular in elemente(quelle, "form"):
        for feld, werte in _felder(formular).items():
            felder[feld] = werte[-1] if werte else ""
    return felder


@dataclass
class Struktur:
    ueberschriften: list[int] = field(default_factory=list)
    th_ohne_scope: int = 0
    style_attribute: int = 0


def struktur(quelle) -> Struktur:
    """Headings in order, th elements without scope, style attributes (strict CSP)."""
    ergebnis = Struktur()
    for element in elemente(quelle):
        tag = name(element)
        if re.fullmatch(r"h[1-6]", tag):
            ergebnis.ueberschriften.append(int(tag[1]))
        if tag == "th" and element.get("scope") not in ("col", "row"):
            ergebnis.th_ohne_scope += 1
        if element.get("style") is not None:
            ergebnis.style_attribute += 1
    return ergebnis


def ueberschriften_in_ordnung(ebenen: list[int]) -> bool:
    """One h1 first, and no level skipped on the way down."""
    if not ebenen or ebenen[0] != 1 or ebenen.count(1) != 1:
        return False
    return all(b <= a + 1 for a, b in pairwise(ebenen))


__all__ = [
    "dokument",
    "elemente",
    "formular_daten",
    "formulare",
    "formularfelder",
    "links",
    "name",
    "struktur",
    "text",
    "text_ohne_sprache",
    "ueberschriften_in_ordnung",
    "verweise",
]
