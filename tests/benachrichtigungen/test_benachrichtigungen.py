"""Following by mail against a real SMTP server (aiosmtpd): double opt-in, notification after
an approval, weekly digest, one-click unsubscribe (RFC 8058), retries after the server refused,
rate limits, no enumeration, deletion of every trace (issue 19)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from benachrichtigungen import services
from benachrichtigungen.models import Abonnement, Abonnent, Zustellung
from kernaktivitaeten.models import Berichtsstatus
from kernaktivitaeten.services import (
    kernaktivitaet_speichern,
    meilenstein_aenderungen_melden,
    meilensteine_stand,
    statusbericht_freigeben,
)
from tests.personas import bericht

from .smtp import link, text

pytestmark = pytest.mark.django_db

ADRESSE = "leserin@example.org"


def anfordern(client, ziel="projekt", objekt="projekt-a", email=ADRESSE, **extra):
    url = reverse("benachrichtigungen:abonnieren") + f"?ziel={ziel}&objekt={objekt}"
    return client.post(url, {"email": email, "homepage": ""}, **extra)


def bestaetigen(client, nachricht):
    return client.post(link(nachricht, "bestaetigen"))


def freigeben(projekt, zeitraum, vorstand, capture):
    eingereicht = bericht(
        projekt, zeitraum, status=Berichtsstatus.EINGEREICHT, pruefkommentar="", phase="umsetzung"
    )
    eingereicht.risiken = "INTERN: Personalengpass"
    eingereicht.save()
    with capture(execute=True):
        statusbericht_freigeben(bericht=eingereicht, user=vorstand)
    return eingereicht


def test_bestaetigung_benachrichtigung_und_abmelden_mit_einem_klick(
    client, postfach, projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks
):
    antwort = anfordern(client)
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("benachrichtigungen:angefragt")
    [bestaetigung] = postfach.an(ADRESSE)
    assert "Projekt A" in text(bestaetigung)
    assert not Abonnement.objects.bestaetigt().exists()  # not before the link

    # Confirm: GET shows a button only (link scanners), the POST confirms.
    assert client.get(link(bestaetigung, "bestaetigen")).status_code == 200
    assert not Abonnement.objects.bestaetigt().exists()
    antwort = bestaetigen(client, bestaetigung)
    assert antwort.status_code == 302 and "/verwalten/" in antwort["Location"]
    assert Abonnement.objects.bestaetigt().get().kernaktivitaet == projekt_a

    freigeben(projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks)
    [_, meldung] = postfach.an(ADRESSE)
    inhalt = text(meldung)
    assert "Neuer Statusbericht" in meldung["Subject"] and "Projekt A" in meldung["Subject"]
    assert zeitraum.name in inhalt and projekt_a.get_absolute_url() in inhalt
    assert "INTERN" not in inhalt  # only public content
    # RFC 8058 headers, and the same link in the text
    abmelden = link(meldung, "abmelden")
    assert meldung["List-Unsubscribe"] == f"<{settings.SITE_URL}{abmelden}>"
    assert meldung["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # as sent: the URL in angle brackets, not folded into RFC 2047 encoded words
    kopf = f"\r\nList-Unsubscribe: <{settings.SITE_URL}{abmelden}>\r\n"
    assert kopf.encode() in postfach.roh[-1]
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in postfach.roh[-1]
    assert "/verwalten/" in inhalt
    assert not Zustellung.objects.exists()  # sent, nothing kept

    # One click from the mail program: POST without session or CSRF token.
    mailprogramm = Client(enforce_csrf_checks=True)
    antwort = mailprogramm.post(abmelden, {"List-Unsubscribe": "One-Click"})
    assert antwort.status_code == 302
    assert not Abonnent.objects.filter(email=ADRESSE).exists()
    assert not Abonnement.objects.exists() and not Zustellung.objects.exists()
    # the old links are dead; a second POST gets the same answer
    assert client.get(link(meldung, "verwalten")).status_code == 404
    assert mailprogramm.post(abmelden).status_code == 302


def test_englisch_angefordert_englische_mails(client, postfach, projekt_a):
    url = "/en" + reverse("benachrichtigungen:abonnieren") + "?ziel=projekt&objekt=projekt-a"
    assert client.post(url, {"email": ADRESSE}).status_code == 302
    [bestaetigung] = postfach.an(ADRESSE)
    assert "Please confirm" in bestaetigung["Subject"]
    assert "/en/" in link(bestaetigung, "bestaetigen")
    bestaetigen(client, bestaetigung)
    assert Abonnent.objects.get().sprache == "en"


def test_wochenuebersicht_sammelt(client, postfach, projekt_a, django_capture_on_commit_callbacks):
    anfordern(client)
    bestaetigen(client, postfach.an(ADRESSE)[0])
    abonnent = Abonnent.objects.get()
    services.rhythmus_setzen(abonnent=abonnent, rhythmus=Abonnent.Rhythmus.WOECHENTLICH)
    meilenstein = projekt_a.meilensteine.get()
    vorher = meilensteine_stand(kernaktivitaet=projekt_a)
    alt = meilenstein.geplant
    meilenstein.geplant = alt + timedelta(days=30)
    meilenstein.save()
    projekt_a.phase = "abgeschlossen"
    with django_capture_on_commit_callbacks(execute=True):
        meilenstein_aenderungen_melden(kernaktivitaet=projekt_a, vorher=vorher)
        kernaktivitaet_speichern(kernaktivitaet=projekt_a)
    assert len(postfach.an(ADRESSE)) == 1  # only the confirmation: the digest waits
    assert Zustellung.objects.count() == 2

    assert services.wochenuebersichten_einreihen() == 1
    [_, uebersicht] = postfach.an(ADRESSE)
    inhalt = text(uebersicht)
    assert "2 Neuigkeiten" in uebersicht["Subject"]
    assert "verschoben" in inhalt and "Auftakt" in inhalt
    assert "Abgeschlossen" in inhalt or "abgeschlossen" in inhalt
    assert uebersicht["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Zustellung.objects.exists()
    assert services.wochenuebersichten_einreihen() == 0  # nothing new, nothing sent


def test_nichts_ueber_unveroeffentlichte_projekte(
    client, postfach, projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks
):
    anfordern(client)
    bestaetigen(client, postfach.an(ADRESSE)[0])
    projekt_a.veroeffentlicht = False
    projekt_a.save()
    freigeben(projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks)
    assert len(postfach.an(ADRESSE)) == 1
    assert not Zustellung.objects.exists()


def test_kompetenz_und_sdg_folgen(
    client, postfach, projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks
):
    sdg = projekt_a.nachhaltigkeitsziele.create if False else None  # noqa: F841
    anfordern(client, ziel="kompetenz", objekt=projekt_a.kompetenz.slug)
    bestaetigen(client, postfach.an(ADRESSE)[0])
    freigeben(projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks)
    assert len(postfach.an(ADRESSE)) == 2


def test_keine_auskunft_ob_eine_adresse_eingetragen_ist(client, postfach, projekt_a):
    anfordern(client, email="bekannt@example.org")
    bestaetigen(client, postfach.an("bekannt@example.org")[0])
    bekannt = anfordern(client, email="bekannt@example.org", REMOTE_ADDR="10.0.0.2")
    neu = anfordern(client, email="neu@example.org", REMOTE_ADDR="10.0.0.3")
    assert (bekannt.status_code, bekannt["Location"]) == (neu.status_code, neu["Location"])
    seite = client.get(neu["Location"])
    assert seite.status_code == 200 and "bekannt@" not in seite.content.decode()


def test_bestaetigungsmail_nicht_zweimal_kurz_hintereinander(
    client, postfach, projekt_a, projekt_b
):
    anfordern(client, objekt="projekt-a")
    anfordern(client, objekt="projekt-b", REMOTE_ADDR="10.0.0.9")
    assert len(postfach.an(ADRESSE)) == 1
    assert Abonnement.objects.count() == 2


def test_ratenbegrenzung_je_client_und_je_adresse(client, postfach, projekt_a, settings):
    settings.ABO_ANFRAGEN_JE_CLIENT = 3
    settings.ABO_ANFRAGEN_JE_ADRESSE = 2
    settings.ABO_BESTAETIGUNG_SPERRE_MINUTEN = 0
    for nummer in range(3):
        assert anfordern(client, email=f"a{nummer}@example.org").status_code == 302
    zu_viel = anfordern(client, email="a9@example.org")
    assert zu_viel.status_code == 429
    assert "zu viele Anfragen" in zu_viel.content.decode()
    assert not Abonnent.objects.filter(email="a9@example.org").exists()
    # per address, from changing clients: same answer, but no more mails
    for nummer in range(4):
        assert (
            anfordern(client, email="b@example.org", REMOTE_ADDR=f"10.1.0.{nummer}").status_code
            == 302
        )
    assert len(postfach.an("b@example.org")) == 2


def test_falsche_eingaben_4xx(client, postfach, projekt_a):
    assert anfordern(client, email="kein-at").status_code == 400
    assert anfordern(client, ziel="projekt", objekt="gibt-es-nicht").status_code == 404
    assert anfordern(client, ziel="unsinn").status_code == 404
    assert client.get(reverse("benachrichtigungen:bestaetigen", args=["kaputt"])).status_code == 404
    assert (
        client.post(reverse("benachrichtigungen:bestaetigen", args=["kaputt"])).status_code == 404
    )
    assert client.get(reverse("benachrichtigungen:verwalten", args=["kaputt"])).status_code == 404
    assert not postfach.nachrichten


def test_unbestaetigte_nach_48_stunden_geloescht_link_abgelaufen(
    client, postfach, projekt_a, settings
):
    anfordern(client)
    [bestaetigung] = postfach.an(ADRESSE)
    Abonnent.objects.update(angelegt_am=timezone.now() - timedelta(hours=49))
    Abonnement.objects.update(angelegt_am=timezone.now() - timedelta(hours=49))
    call_command("benachrichtigungen_pflegen", verbosity=0)
    assert not Abonnent.objects.exists() and not Abonnement.objects.exists()
    assert bestaetigen(client, bestaetigung).status_code == 404


def test_abgelaufener_bestaetigungslink(client, postfach, projekt_a, settings):
    anfordern(client)
    settings.ABO_BESTAETIGUNG_STUNDEN = 0
    assert bestaetigen(client, postfach.an(ADRESSE)[0]).status_code == 404
    assert not Abonnement.objects.bestaetigt().exists()


def test_katalogsuche_folgen(
    client, postfach, projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks
):
    filter_passt = f"kompetenz={projekt_a.kompetenz.slug}&seite=2"
    url = (
        reverse("benachrichtigungen:abonnieren")
        + "?ziel=filter&filter="
        + filter_passt.replace("&", "%26")
    )
    assert client.post(url, {"email": ADRESSE}).status_code == 302
    bestaetigen(client, postfach.an(ADRESSE)[0])
    assert Abonnement.objects.get().filter == f"kompetenz={projekt_a.kompetenz.slug}"
    freigeben(projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks)
    assert len(postfach.an(ADRESSE)) == 2


def test_verwalten_rhythmus_und_einzelnes_beenden(client, postfach, projekt_a):
    anfordern(client)
    antwort = bestaetigen(client, postfach.an(ADRESSE)[0])
    seite = client.get(antwort["Location"])
    assert "Projekt A" in seite.content.decode()
    client.post(antwort["Location"], {"aktion": "rhythmus", "rhythmus": "woechentlich"})
    assert Abonnent.objects.get().rhythmus == "woechentlich"
    assert (
        client.post(antwort["Location"], {"aktion": "rhythmus", "rhythmus": "x"}).status_code == 400
    )
    client.post(
        antwort["Location"], {"aktion": "beenden", "abonnement": Abonnement.objects.get().pk}
    )
    assert not Abonnement.objects.exists() and Abonnent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_wiederholung_nachdem_der_server_ablehnte(client, postfach, settings):
    """The database queue: the server refuses twice (451), the task comes back with back-off
    and the third attempt is delivered; one mail, three task rows."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAIL_WARTEZEIT_SEKUNDEN = 0
    postfach.ablehnen = 2
    anfordern(client, ziel="beschlussregister", objekt="")
    assert not postfach.nachrichten  # queued, not sent in the request
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert postfach.abgelehnt == 2
    assert len(postfach.an(ADRESSE)) == 1
    assert DBTaskResult.objects.count() == 3
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    # the queue holds ids only: nothing of the address
    assert not DBTaskResult.objects.filter(args_kwargs__icontains="example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_wartezeit_waechst(settings):
    from bochum_strategie.lib.mailversand import wartezeit

    settings.MAIL_WARTEZEIT_SEKUNDEN = 60
    assert [wartezeit(v).total_seconds() for v in (1, 2, 3)] == [60, 120, 240]
    assert wartezeit(30) == timedelta(hours=6)
