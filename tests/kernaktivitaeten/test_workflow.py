"""Every workflow transition, legal and illegal, through the service functions."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from kernaktivitaeten.models import (
    BerichtKennzahlwert,
    BerichtMeilenstein,
    Berichtsstatus,
    Statusbericht,
)
from kernaktivitaeten.services import (
    Bearbeitungskonflikt,
    WorkflowFehler,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
    statusbericht_speichern,
    statusbericht_vorbelegung,
    statusbericht_zurueckgeben,
)
from tests.personas import bericht

pytestmark = pytest.mark.django_db

DATEN = {
    "phase": "umsetzung",
    "fortschritt": 55,
    "ampel": "gefaehrdet",
    "erreicht": "Die Bühne steht.",
    "naechste_schritte": "Programm planen",
    "risiken": "Geld knapp",
}


@pytest.fixture
def entwurf(projekt_a, zeitraum, projektleitung_a):
    return statusbericht_anlegen(
        kernaktivitaet=projekt_a, berichtszeitraum=zeitraum, user=projektleitung_a, daten=DATEN
    )


def test_lead_creates_a_draft(entwurf, projektleitung_a):
    assert entwurf.status == Berichtsstatus.ENTWURF
    assert entwurf.erstellt_von == projektleitung_a
    assert entwurf.history.first().history_user == projektleitung_a


def test_only_the_lead_creates_reports(
    projekt_a, zeitraum, projektleitung_b, vorstand_kultur, referat
):
    for user in (projektleitung_b, vorstand_kultur, referat):
        with pytest.raises(PermissionDenied):
            statusbericht_anlegen(
                kernaktivitaet=projekt_a, berichtszeitraum=zeitraum, user=user, daten=DATEN
            )


def test_one_open_report_per_project_and_period(entwurf, projekt_a, zeitraum, projektleitung_a):
    with pytest.raises(WorkflowFehler, match="schon einen Bericht"):
        statusbericht_anlegen(
            kernaktivitaet=projekt_a, berichtszeitraum=zeitraum, user=projektleitung_a, daten=DATEN
        )


def test_closed_period_takes_no_reports(projekt_a, zeitraum, projektleitung_a):
    zeitraum.offen = False
    zeitraum.save()
    with pytest.raises(WorkflowFehler):
        statusbericht_anlegen(
            kernaktivitaet=projekt_a, berichtszeitraum=zeitraum, user=projektleitung_a, daten=DATEN
        )


def test_submit_approve_publishes(
    entwurf, projektleitung_a, vorstand_kultur, projekt_a, django_capture_on_commit_callbacks
):
    kennzahl = projekt_a.kennzahlen.get()
    meilenstein = projekt_a.meilensteine.get()
    BerichtKennzahlwert.objects.create(
        statusbericht=entwurf, kennzahl=kennzahl, datum=date(2026, 10, 1), wert=250
    )
    BerichtMeilenstein.objects.create(
        statusbericht=entwurf, meilenstein=meilenstein, erreicht=date(2026, 9, 15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        eingereicht = statusbericht_einreichen(bericht=entwurf, user=projektleitung_a)
    assert (
        eingereicht.status == Berichtsstatus.EINGEREICHT
        and eingereicht.eingereicht_von == projektleitung_a
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [vorstand_kultur.email]
    assert "Projekt A" in mail.outbox[0].subject
    projekt_a.refresh_from_db()
    assert (projekt_a.phase, projekt_a.fortschritt) == ("umsetzung", 20)  # not yet public
    freigegeben = statusbericht_freigeben(bericht=eingereicht, user=vorstand_kultur)
    assert (
        freigegeben.status == Berichtsstatus.FREIGEGEBEN
        and freigegeben.geprueft_von == vorstand_kultur
    )
    projekt_a.refresh_from_db()
    assert (projekt_a.phase, projekt_a.fortschritt) == ("umsetzung", 55)
    assert kennzahl.messwerte.get().wert == 250
    meilenstein.refresh_from_db()
    assert meilenstein.erreicht == date(2026, 9, 15)
    assert projekt_a.history.first().history_user == vorstand_kultur


def test_return_needs_a_comment_and_goes_back_to_the_lead(
    entwurf, projektleitung_a, referat, django_capture_on_commit_callbacks
):
    statusbericht_einreichen(bericht=entwurf, user=projektleitung_a)
    with pytest.raises(WorkflowFehler, match="was geändert werden soll"):
        statusbericht_zurueckgeben(bericht=entwurf, user=referat, kommentar="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        zurueck = statusbericht_zurueckgeben(
            bericht=entwurf, user=referat, kommentar="Bitte Zahlen ergänzen."
        )
    assert (
        zurueck.status == Berichtsstatus.ZURUECKGEGEBEN
        and zurueck.pruefkommentar == "Bitte Zahlen ergänzen."
    )
    assert (
        mail.outbox[0].to == [projektleitung_a.email]
        and "Bitte Zahlen ergänzen." in mail.outbox[0].body
    )
    # The lead edits and submits again.
    geaendert = statusbericht_speichern(
        bericht=zurueck,
        user=projektleitung_a,
        daten={"erreicht": "Mit Zahlen."},
        version=zurueck.version,
    )
    assert (
        statusbericht_einreichen(bericht=geaendert, user=projektleitung_a).status
        == Berichtsstatus.EINGEREICHT
    )


@pytest.mark.parametrize("person", ["projektleitung_a", "projektleitung_b", "vorstand_bildung"])
def test_wrong_people_cannot_approve_or_return(entwurf, projektleitung_a, request, person):
    statusbericht_einreichen(bericht=entwurf, user=projektleitung_a)
    user = request.getfixturevalue(person)
    with pytest.raises(PermissionDenied):
        statusbericht_freigeben(bericht=entwurf, user=user)
    with pytest.raises(PermissionDenied):
        statusbericht_zurueckgeben(bericht=entwurf, user=user, kommentar="Nein")
    assert Statusbericht.objects.get(pk=entwurf.pk).status == Berichtsstatus.EINGEREICHT


def test_drafts_cannot_be_approved(entwurf, vorstand_kultur, referat):
    for user in (vorstand_kultur, referat):
        with pytest.raises(WorkflowFehler, match="Nur eingereichte"):
            statusbericht_freigeben(bericht=entwurf, user=user)


def test_others_cannot_submit_or_edit(entwurf, projektleitung_b, vorstand_kultur, referat):
    for user in (projektleitung_b, vorstand_kultur, referat):
        with pytest.raises(PermissionDenied):
            statusbericht_einreichen(bericht=entwurf, user=user)
        with pytest.raises(PermissionDenied):
            statusbericht_speichern(
                bericht=entwurf, user=user, daten={"erreicht": "x"}, version=entwurf.version
            )
    assert Statusbericht.objects.get(pk=entwurf.pk).erreicht == "Die Bühne steht."


@pytest.mark.parametrize("status", [Berichtsstatus.EINGEREICHT, Berichtsstatus.FREIGEGEBEN])
def test_submitted_and_approved_reports_cannot_be_changed(
    projekt_a, zeitraum, projektleitung_a, referat, status
):
    fertig = bericht(projekt_a, zeitraum, status=status)
    with pytest.raises(WorkflowFehler, match="kann nicht mehr geändert werden"):
        statusbericht_speichern(
            bericht=fertig, user=projektleitung_a, daten={"erreicht": "neu"}, version=fertig.version
        )
    with pytest.raises(WorkflowFehler):
        statusbericht_einreichen(bericht=fertig, user=projektleitung_a)
    if status == Berichtsstatus.FREIGEGEBEN:
        with pytest.raises(WorkflowFehler):
            statusbericht_freigeben(bericht=fertig, user=referat)
        with pytest.raises(WorkflowFehler):
            statusbericht_zurueckgeben(bericht=fertig, user=referat, kommentar="zurück")
    assert Statusbericht.objects.get(pk=fertig.pk).erreicht == "Erste Schritte."


def test_a_correction_is_a_new_report(projekt_a, zeitraum, projektleitung_a, referat):
    bericht(projekt_a, zeitraum, status=Berichtsstatus.FREIGEGEBEN)
    korrektur = statusbericht_anlegen(
        kernaktivitaet=projekt_a, berichtszeitraum=zeitraum, user=projektleitung_a, daten=DATEN
    )
    assert korrektur.status == Berichtsstatus.ENTWURF
    assert (
        Statusbericht.objects.filter(kernaktivitaet=projekt_a, berichtszeitraum=zeitraum).count()
        == 2
    )


def test_conflict_refuses_the_second_save(entwurf, projektleitung_a):
    version = entwurf.version
    erster = statusbericht_speichern(
        bericht=entwurf,
        user=projektleitung_a,
        daten={"erreicht": "Text der ersten Person"},
        version=version,
    )
    with pytest.raises(Bearbeitungskonflikt, match="inzwischen von"):
        statusbericht_speichern(
            bericht=entwurf,
            user=projektleitung_a,
            daten={"erreicht": "Text der zweiten Person"},
            version=version,
        )
    assert Statusbericht.objects.get(pk=entwurf.pk).erreicht == "Text der ersten Person"
    assert erster.version == version + 1


def test_older_approval_does_not_override_newer_state(
    projekt_a, zeitraum, frueherer_zeitraum, projektleitung_a, referat
):
    neu = bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT, fortschritt=70)
    alt = bericht(projekt_a, frueherer_zeitraum, status=Berichtsstatus.EINGEREICHT, fortschritt=40)
    statusbericht_freigeben(bericht=neu, user=referat)
    statusbericht_freigeben(bericht=alt, user=referat)
    projekt_a.refresh_from_db()
    assert projekt_a.fortschritt == 70


def test_prefill_takes_the_previous_report(projekt_a, frueherer_zeitraum):
    bericht(
        projekt_a,
        frueherer_zeitraum,
        status=Berichtsstatus.FREIGEGEBEN,
        fortschritt=42,
        risiken="Personal",
    )
    vorbelegt = statusbericht_vorbelegung(kernaktivitaet=projekt_a)
    assert vorbelegt["fortschritt"] == 42 and vorbelegt["risiken"] == "Personal"
    assert "erreicht" not in vorbelegt


def test_public_page_shows_approved_reports_only(client, projekt_a, zeitraum, frueherer_zeitraum):
    bericht(
        projekt_a,
        frueherer_zeitraum,
        status=Berichtsstatus.FREIGEGEBEN,
        erreicht="Öffentlicher Fortschritt.",
        risiken="Geheimes Risiko",
    )
    bericht(projekt_a, zeitraum, status=Berichtsstatus.ENTWURF, erreicht="Unfertiger Entwurf.")
    html = client.get(projekt_a.get_absolute_url()).content.decode()
    assert "Öffentlicher Fortschritt." in html
    assert "Unfertiger Entwurf." not in html and "Geheimes Risiko" not in html
    assert "gefährdet" not in html and "im Plan" not in html  # Ampel stays internal
