"""Issue 14, point 3: the German back office speaks German and no Django jargon.

Every back-office page that a role may open (the routes of the access matrix, with its own and
foreign records) is fetched in German for every role; its visible text and the texts read out
by screen readers (title, placeholder, aria-label, button values) must contain no English UI
word and no Django branding. The lockout page after too many failed logins is in the portal's
layout, with a way back and whom to contact.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse

from .test_routenmatrix import EIGENE_UND_FREMDE, ROLLEN, UNBENANNT, adresse, welt  # noqa: F401

pytestmark = pytest.mark.django_db

# English words of Django's admin and its widgets (whole words, case-sensitive where German
# has the same letters in other words).
ENGLISCH = re.compile(
    r"\b(Search|Run|Go|Filter by|Select an option|Select all|Select|Pagination|"
    r"Save and|Save|Delete|History|View on site|Add another|Add|Change|Home|Log out|Log in|"
    r"Welcome|Recent actions|My actions|Show all|Show counts|Hide counts|Clear|results|"
    r"result|total|Yes|No|None|Unknown|Today|Now|Choose|Remove|Action|Actions|Close|"
    r"Username|Password|View|Documentation|Toggle|Skip to main content|Start typing|"
    r"Currently|Required|Download|Previous|Next|Back|Submit|Open(?! Data)|Loading|Cancel|"
    r"Breadcrumbs|Sidebar|Theme|Light|Dark|Auto|Calendar|Midnight|Noon|Morning)\b"
)
BRANDING = re.compile(r"Django|Staff-Account|Systemverwaltung|Administration", re.IGNORECASE)
LESBARE_ATTRIBUTE = {"title", "placeholder", "aria-label", "alt", "value", "data-placeholder"}
OHNE_TEXT = {"script", "style", "template", "textarea", "option", "pre", "code"}


class Textsammler(HTMLParser):
    """What a person sees or hears: text outside scripts, and the readable attributes. Texts
    of records shown read-only (``div.readonly``) and English names of records (columns
    ``field-…_en``) are data, not UI, and are left out."""

    LEER = {"input", "img", "br", "hr", "meta", "link", "source", "col", "area", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.teile: list[str] = []
        self._stapel: list[tuple[str, bool]] = []

    @property
    def _stumm(self) -> bool:
        return any(stumm for _tag, stumm in self._stapel)

    def handle_starttag(self, tag, attrs):
        attribute = dict(attrs)
        if not self._stumm:
            for name, wert in attrs:
                if name not in LESBARE_ATTRIBUTE or not wert:
                    continue
                if name == "value" and not (
                    tag == "button" or attribute.get("type") in {"submit", "button", "reset"}
                ):
                    continue  # values typed by people (or hidden fields) are data, not UI
                self.teile.append(wert)
        if tag not in self.LEER:
            klassen = (attribute.get("class") or "").split()
            stumm = (
                tag in OHNE_TEXT
                or "readonly" in klassen
                # columns of English names of records (e.g. the SDGs' "titel_en")
                or any(k.startswith("field-") and k.endswith("_en") for k in klassen)
            )
            self._stapel.append((tag, stumm))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.LEER and self._stapel:
            self._stapel.pop()

    def handle_endtag(self, tag):
        for i in range(len(self._stapel) - 1, -1, -1):
            if self._stapel[i][0] == tag:
                del self._stapel[i:]
                break

    def handle_data(self, data):
        if not self._stumm and data.strip():
            self.teile.append(data.strip())


def lesbarer_text(html: str) -> list[str]:
    sammler = Textsammler()
    sammler.feed(html)
    return sammler.teile


def fremdes(html: str) -> list[str]:
    funde = []
    for teil in lesbarer_text(html):
        for treffer in (*ENGLISCH.finditer(teil), *BRANDING.finditer(teil)):
            funde.append(f"{treffer.group(0)!r} in {teil[:80]!r}")
    return funde


def test_the_check_finds_english_and_branding():
    assert fremdes("<p>Search</p><button>Run</button>")
    assert fremdes('<input type="submit" value="Save">')
    assert fremdes('<input placeholder="Filter by title">')
    assert fremdes("<h1>Django-Verwaltung</h1>")
    assert not fremdes("<p>Suchen</p><script>var Search = 1;</p>")
    assert not fremdes('<input type="text" name="titel" value="Run and Go">')
    assert not fremdes("<p>Ruhrgebiet, Gold, Nordrhein</p>")
    assert not fremdes('<div class="readonly">No Poverty</div><p>Ziele</p>')
    assert fremdes('<div class="readonly">No Poverty</div><p>Search</p>')


def seiten(welt):  # noqa: F811
    """(role, url) of every page the role may open (200)."""
    objekte, _users = welt
    for (route, objekt_name), erwartet in EIGENE_UND_FREMDE.items():
        if ":" in route and route.startswith("exporte:fortschrittsbericht"):
            continue  # a file download, not a page
        objekt = objekte.get(objekt_name) if objekt_name else None
        for rolle, soll in zip(ROLLEN, erwartet, strict=True):
            if rolle == "anonym" and route != "login":
                continue
            if soll in (200, "ro"):
                yield rolle, adresse(route, objekt)


@pytest.mark.parametrize("rolle", [r for r in ROLLEN])
def test_every_page_speaks_german(client, welt, rolle):  # noqa: F811
    _objekte, users = welt
    besucht = 0
    befunde = {}
    for seiten_rolle, url in seiten(welt):
        if seiten_rolle != rolle:
            continue
        client.logout()
        if rolle != "anonym":
            client.force_login(users[rolle])
        antwort = client.get(url, headers={"accept-language": "de"})
        assert antwort.status_code == 200, url
        if "html" not in antwort.get("Content-Type", ""):
            continue
        besucht += 1
        funde = fremdes(antwort.content.decode())
        if funde:
            befunde[url] = funde
    # the changelists with their filters, search and actions: also with a search and a filter
    assert besucht >= (1 if rolle == "anonym" else 5)
    assert not befunde, "\n".join(f"{url}: {funde[:8]}" for url, funde in befunde.items())


def test_login_error_without_staff_jargon(client, projektleitung_a):
    antwort = client.post(
        reverse("admin:login"), {"username": "projektleitung_a", "password": "falsch"}
    )
    text = antwort.content.decode()
    assert "Staff" not in text and "Django" not in text
    assert "Benutzername" in text or "Anmeldename" in text


@override_settings(AXES_FAILURE_LIMIT=2)
def test_lockout_page_in_portal_layout(client, projektleitung_a):
    for _ in range(3):
        antwort = client.post(
            reverse("admin:login"), {"username": "projektleitung_a", "password": "falsch"}
        )
    assert antwort.status_code == 429
    text = antwort.content.decode()
    assert 'id="hauptinhalt"' in text or "<main" in text  # the portal's layout
    assert 'href="/"' in text  # a way back
    assert "Referat" in text  # whom to contact
    assert not fremdes(text)
