"""Security headers on every kind of page, public and back office, and HTML that obeys the
Content-Security-Policy (no inline styles, no inline scripts without the nonce)."""

import contextlib
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, reverse
from django.utils import translation

from kernaktivitaeten.models import Kernaktivitaet
from querschnitt.models import Querschnittsthema
from tests.helpers import elemente
from tests.helpers import name as tagname
from zielsystem.models import Kompetenz, Schwerpunkt

ERWARTETE_CSP = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def csp(response) -> dict[str, list[str]]:
    richtlinie = {}
    for teil in response["Content-Security-Policy"].split(";"):
        name, *werte = teil.split()
        richtlinie[name] = werte
    return richtlinie


def header_pruefen(response, pfad: str):
    assert response.has_header("Content-Security-Policy"), pfad
    richtlinie = csp(response)
    for direktive, werte in ERWARTETE_CSP.items():
        assert richtlinie.get(direktive) == werte, (
            f"{pfad}: {direktive} {richtlinie.get(direktive)}"
        )
    skript = richtlinie["script-src"]
    assert skript[0] == "'self'" and all(re.fullmatch(r"'nonce-[\w-]+'", w) for w in skript[1:])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], pfad
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], pfad
    assert response["X-Content-Type-Options"] == "nosniff", pfad
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", pfad
    assert response["X-Frame-Options"] == "DENY", pfad
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy, f"{pfad}: {policy}"


def inline_verstoesse(response) -> list[str]:
    """What the CSP would block: style attributes, <style>, inline event handlers,
    javascript: URLs, and inline <script> without the response's nonce."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    nonce = None
    if m := re.search(r"'nonce-([\w-]+)'", response["Content-Security-Policy"]):
        nonce = m.group(1)
    verstoesse = []
    for element in elemente(response):
        tag, a = tagname(element), element.attrib
        if "style" in a:
            verstoesse.append(f'<{tag} style="{a["style"]}">')
        for attribut, wert in a.items():
            if attribut.startswith("on"):
                verstoesse.append(f"<{tag} {attribut}=…>")
            if attribut in {"href", "src", "action"} and wert.lower().startswith("javascript:"):
                verstoesse.append(f"<{tag} {attribut}=javascript:…>")
        ausfuehrbar = a.get("type", "text/javascript") in {"text/javascript", "module", ""}
        ohne_nonce = not nonce or a.get("nonce") != nonce
        if tag == "script" and "src" not in a and ausfuehrbar and ohne_nonce:
            verstoesse.append("<script> without the nonce")
        if tag == "style" and ohne_nonce:
            verstoesse.append("<style> (style-src has no 'unsafe-inline')")
    return verstoesse


def _oeffentliche_seiten() -> list[tuple[str, int]]:
    projekt = Kernaktivitaet.objects.oeffentlich().first()
    seiten = [
        (reverse("startseite"), 200),
        (reverse("zielsystem:uebersicht"), 200),
        (Kompetenz.objects.first().get_absolute_url(), 200),
        (Schwerpunkt.objects.first().get_absolute_url(), 200),
        (reverse("querschnitt:themen"), 200),
        (Querschnittsthema.objects.first().get_absolute_url(), 200),
        (reverse("querschnitt:sdgs"), 200),
        (reverse("querschnitt:sdg", kwargs={"nummer": 13}), 200),
        (reverse("kernaktivitaeten:katalog"), 200),
        (reverse("kernaktivitaeten:katalog") + "?phase=umsetzung&q=Bochum", 200),
        (reverse("kernaktivitaeten:katalog") + "?seite=-1", 404),
        (reverse("kernaktivitaeten:katalog") + "?sdg=99", 400),
        (projekt.get_absolute_url(), 200),
        (reverse("kernaktivitaeten:qr", kwargs={"pk": projekt.pk}), 200),
        ("/kompetenzen/gibt-es-nicht/", 404),
        ("/healthz", 200),
        ("/readyz", 200),
        ("/static/css/portal.css", 200),
    ]
    with translation.override("en"):
        seiten += [(reverse("startseite"), 200), (reverse("kernaktivitaeten:katalog"), 200)]
    return seiten


@pytest.mark.django_db
def test_headers_on_every_public_page_type(client):
    for pfad, status in _oeffentliche_seiten():
        response = client.get(pfad)
        assert response.status_code == status, pfad
        header_pruefen(response, pfad)
        assert inline_verstoesse(response) == [], pfad


@pytest.mark.django_db
def test_headers_on_answers_without_a_page(client):
    """Redirects, refused methods and CSRF failures carry the headers too."""
    csrf_client = Client(enforce_csrf_checks=True)
    projekt = Kernaktivitaet.objects.oeffentlich().first()
    antworten = {
        "redirect": client.get(reverse("kernaktivitaeten:permanent", kwargs={"pk": projekt.pk})),
        "405": client.post(reverse("kernaktivitaeten:katalog")),
        "403 csrf": csrf_client.post("/i18n/setlang/", {"language": "en"}),
        "400 steuerzeichen": client.get("/kernaktivitaeten/?q=%00"),
        "login redirect": client.get("/verwaltung/"),
    }
    for name, response in antworten.items():
        header_pruefen(response, name)
    assert antworten["405"].status_code == 405
    assert antworten["403 csrf"].status_code == 403
    assert antworten["400 steuerzeichen"].status_code == 400


def _admin_seiten() -> list[str]:
    """Index, every changelist, add form, change form and history page, and the back office's
    own pages without parameters."""
    site = admin.site
    seiten = [reverse("admin:index")]
    for model in site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        seiten.append(reverse("admin:{}_{}_changelist".format(*info)))
        # a model admin may be a single page (benachrichtigungen: no add form)
        with contextlib.suppress(NoReverseMatch):
            seiten.append(reverse("admin:{}_{}_add".format(*info)))
        objekt = model._default_manager.order_by("pk").first()
        if objekt is not None:
            seiten.append(reverse("admin:{}_{}_change".format(*info), args=[objekt.pk]))
            seiten.append(reverse("admin:{}_{}_history".format(*info), args=[objekt.pk]))
    for muster in site.get_urls():
        if isinstance(muster, URLPattern) and muster.name and not muster.pattern.converters:
            if muster.name in {"logout", "index", "login"}:
                continue
            try:
                seiten.append(reverse(f"admin:{muster.name}"))
            except NoReverseMatch:
                continue
    return list(dict.fromkeys(seiten))


@pytest.mark.django_db
def test_back_office_login_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    header_pruefen(response, "login")
    assert inline_verstoesse(response) == []


@pytest.mark.django_db
def test_headers_and_csp_conformity_on_every_back_office_page_type(admin_client):
    seiten = _admin_seiten()
    assert len(seiten) > 20
    probleme = {}
    for pfad in seiten:
        response = admin_client.get(pfad)
        assert response.status_code < 500, pfad
        header_pruefen(response, pfad)
        if response.status_code == 200 and (verstoesse := inline_verstoesse(response)):
            probleme[pfad] = verstoesse
    assert probleme == {}


@pytest.mark.django_db
def test_history_page_with_entries_obeys_the_csp(admin_client):
    projekt = Kernaktivitaet.objects.order_by("pk").first()
    projekt.save()  # one history entry
    pfad = reverse("admin:kernaktivitaeten_kernaktivitaet_history", args=[projekt.pk])
    response = admin_client.get(pfad)
    assert response.status_code == 200
    assert inline_verstoesse(response) == []
