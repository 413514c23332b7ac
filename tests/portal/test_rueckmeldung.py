"""The accessibility feedback form: validation with an accessible error summary, storage,
mail to the Referat, POST/redirect/GET, a spam guard, and nothing of it public."""

import re
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from bochum_strategie.models import Rueckmeldung
from tests.helpers import text

pytestmark = pytest.mark.django_db

FORMULAR = "/barrierefreiheit/rueckmeldung/"
DANKE = "/barrierefreiheit/rueckmeldung/danke/"
GUELTIG = {
    "nachricht": "Das Diagramm auf der Seite Fortschritt hat keine Beschreibung.",
    "seite": "/fortschritt/",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "homepage": "",
}


def test_form_page_renders_the_fields_with_labels_and_autocomplete(client):
    response = client.get(FORMULAR)
    assert response.status_code == 200
    html = response.content.decode()
    for feld in ("nachricht", "seite", "name", "email"):
        assert f'for="id_{feld}"' in html and f'id="id_{feld}"' in html
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html
    # The honeypot sits in a wrapper that nobody sees, with or without CSS.
    assert re.search(r"<div\s+hidden>\s*<div id=\"div_id_homepage\"", html)
    assert html.count('name="csrfmiddlewaretoken"') == 1
    assert "<title>Barriere melden · " in html
    assert 'src="/static/js/fehler.js" defer' in html
    assert "fehlerzusammenfassung" not in html


def test_form_page_is_not_cached_and_only_sets_the_csrf_cookie(client):
    response = client.get(FORMULAR)
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert set(response.cookies) == {"csrftoken"}
    assert response.cookies["csrftoken"]["max-age"] == ""  # ends with the browser session


def test_empty_form_shows_an_error_summary_linked_to_the_field(client):
    response = client.post(FORMULAR, {"nachricht": "   ", "homepage": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fehler: Barriere melden · " in html
    zusammenfassung = html.split('class="fehlerzusammenfassung"', 1)[1].split("</div>", 1)[0]
    assert 'tabindex="-1"' in html.split('class="fehlerzusammenfassung"', 1)[1][:80]
    assert '<a href="#id_nachricht">Bitte schreiben Sie Ihre Nachricht.</a>' in zusammenfassung
    feld = html.split('id="id_nachricht"', 1)[0].rsplit("<textarea", 1)[1]
    assert 'aria-invalid="true"' in feld
    assert 'aria-describedby="id_nachricht_helptext id_nachricht_error"' in feld
    assert 'id="id_nachricht_error"' in html and 'id="id_nachricht_helptext"' in html
    # The summary comes before the form (the feedback form, not the header's search); the
    # focus script is loaded.
    assert html.index("fehlerzusammenfassung") < html.index("<form", html.index("<main"))
    assert 'src="/static/js/fehler.js" defer' in html
    assert Rueckmeldung.objects.count() == 0 and mail.outbox == []


@pytest.mark.parametrize(
    ("feld", "wert", "meldung"),
    [
        ("email", "keine-adresse", "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ("nachricht", "x" * 5001, "Ihre Nachricht ist zu lang: höchstens 5000 Zeichen"),
        ("name", "n" * 201, "Der Name ist zu lang: höchstens 200 Zeichen"),
        ("seite", "/" + "s" * 500, "Die Adresse ist zu lang: höchstens 500 Zeichen"),
    ],
)
def test_invalid_values_are_refused_with_a_clear_message(client, feld, wert, meldung):
    response = client.post(FORMULAR, {**GUELTIG, feld: wert})
    assert response.status_code == 400
    assert meldung in text(response)
    assert f'<a href="#id_{feld}">' in response.content.decode()
    assert Rueckmeldung.objects.count() == 0


def test_valid_feedback_is_stored_mailed_and_redirected(client):
    response = client.post(FORMULAR, GUELTIG)
    assert response.status_code == 302 and response["Location"] == DANKE
    rueckmeldung = Rueckmeldung.objects.get()
    assert rueckmeldung.nachricht == GUELTIG["nachricht"]
    assert rueckmeldung.seite == "/fortschritt/" and rueckmeldung.email == "erika@example.org"
    assert rueckmeldung.mail_gesendet
    (nachricht,) = mail.outbox
    assert nachricht.to == [settings.REFERAT_EMAIL]
    assert "Rückmeldung zur Barrierefreiheit" in nachricht.subject
    assert GUELTIG["nachricht"] in nachricht.body
    assert settings.SITE_URL + "/fortschritt/" in nachricht.body
    assert "erika@example.org" in nachricht.body
    assert reverse("admin:portal_rueckmeldung_change", args=[rueckmeldung.pk]) in nachricht.body
    danke = client.get(DANKE)
    assert danke.status_code == 200 and "Vielen Dank für Ihre Rückmeldung" in text(danke)
    assert '<meta name="robots" content="noindex">' in danke.content.decode()


def test_only_the_message_is_required(client):
    response = client.post(FORMULAR, {"nachricht": "Kontrast zu schwach."})
    assert response.status_code == 302
    rueckmeldung = Rueckmeldung.objects.get()
    assert (rueckmeldung.name, rueckmeldung.email, rueckmeldung.seite) == ("", "", "")
    assert "(nicht angegeben)" in mail.outbox[0].body


def test_mail_in_german_from_the_english_form(client):
    assert client.post("/en" + FORMULAR, GUELTIG)["Location"] == "/en" + DANKE
    assert "Rückmeldung zur Barrierefreiheit" in mail.outbox[0].subject


def test_honeypot_is_thanked_but_nothing_is_kept(client):
    response = client.post(FORMULAR, {**GUELTIG, "homepage": "https://spam.example"})
    assert response.status_code == 302 and response["Location"] == DANKE
    assert Rueckmeldung.objects.count() == 0 and mail.outbox == []


def test_a_failing_mail_server_loses_nothing(client, monkeypatch, caplog):
    def kaputt(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr("bochum_strategie.services.send_mail", kaputt)
    response = client.post(FORMULAR, GUELTIG)
    assert response.status_code == 302
    rueckmeldung = Rueckmeldung.objects.get()
    assert not rueckmeldung.mail_gesendet
    assert "SMTPServerDisconnected" in caplog.text
    assert GUELTIG["nachricht"] not in caplog.text and "erika" not in caplog.text


def test_page_address_is_prefilled_from_the_link_but_only_a_local_one(client):
    def wert(pfad):
        html = client.get(FORMULAR + pfad).content.decode()
        feld = (
            html.split('id="id_seite"', 1)[0].rsplit("<input", 1)[1]
            + html.split('id="id_seite"', 1)[1].split(">", 1)[0]
        )
        return feld.split('value="', 1)[1].split('"', 1)[0] if 'value="' in feld else ""

    assert wert("?seite=/kernaktivitaeten/") == "/kernaktivitaeten/"
    assert wert("?seite=//evil.example/") == ""
    assert wert("?seite=https://evil.example/") == ""
    assert wert("?seite=" + "/a" * 400) == ""


def test_absolute_address_of_this_portal_is_stored_as_path(client):
    client.post(FORMULAR, {**GUELTIG, "seite": settings.SITE_URL + "/zielsystem/"})
    assert Rueckmeldung.objects.get().seite == "/zielsystem/"


def test_wrong_methods_are_refused(client):
    assert client.put(FORMULAR).status_code == 405
    assert client.post(DANKE).status_code == 405


def test_post_without_csrf_token_is_refused():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORMULAR, GUELTIG)
    assert response.status_code == 403
    assert Rueckmeldung.objects.count() == 0


# Never public ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rolle", "erwartet"),
    [
        ("anonym", 302),
        ("projektleitung_a", 403),
        ("vorstand_kultur", 403),
        ("referat", 200),
        ("administrator", 200),
    ],
)
def test_only_referat_and_administrator_read_feedback(client, request, rolle, erwartet):
    rueckmeldung = Rueckmeldung.objects.create(nachricht="Geheim 4711")
    if rolle != "anonym":
        client.force_login(request.getfixturevalue(rolle))
    for adresse in (
        reverse("admin:portal_rueckmeldung_changelist"),
        reverse("admin:portal_rueckmeldung_change", args=[rueckmeldung.pk]),
    ):
        response = client.get(adresse)
        assert response.status_code == erwartet, (rolle, adresse)
        if erwartet == 200:
            assert "Geheim 4711" in text(response)


def test_feedback_is_read_only_and_only_the_referat_deletes(client, referat, administrator):
    rueckmeldung = Rueckmeldung.objects.create(nachricht="Bitte löschen")
    change = reverse("admin:portal_rueckmeldung_change", args=[rueckmeldung.pk])
    delete = reverse("admin:portal_rueckmeldung_delete", args=[rueckmeldung.pk])
    client.force_login(referat)
    assert client.get(reverse("admin:portal_rueckmeldung_add")).status_code == 403
    assert client.post(change, {"nachricht": "Geändert"}).status_code == 403
    client.force_login(administrator)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.force_login(referat)
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Rueckmeldung.objects.exists()


def test_no_public_page_shows_feedback(client):
    client.post(FORMULAR, {**GUELTIG, "nachricht": "Unverwechselbar 8151"})
    for pfad in ("/", "/barrierefreiheit/", DANKE, FORMULAR, "/sitemap.xml", "/daten/"):
        assert "8151" not in client.get(pfad).getvalue().decode(), pfad
