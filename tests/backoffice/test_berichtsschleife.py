"""The reporting loop keeps what people type and writes only into the report's own project.

Each test here failed on the code before the fix it names (issue 12): the submit button
dropped unsaved edits, the report's child rows could name another project's indicator or
milestone, and a refused review step threw the reviewer's comment away.
"""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kernaktivitaeten.models import (
    BerichtKennzahlwert,
    BerichtMeilenstein,
    Berichtsstatus,
    Messwert,
    Statusbericht,
)
from kernaktivitaeten.services import (
    Kennzahlwertzeile,
    Meilensteinzeile,
    statusbericht_anlegen,
    statusbericht_freigeben,
    statusbericht_speichern,
)
from tests.backoffice.test_backoffice import bericht_formular
from tests.helpers import text
from tests.personas import bericht

pytestmark = pytest.mark.django_db


def change_url(objekt):
    return reverse("admin:kernaktivitaeten_statusbericht_change", args=[objekt.pk])


def hauptformular(html: str) -> str:
    """The markup of the admin's main form of the report page."""
    return re.search(r'<form[^>]*id="statusbericht_form".*?</form>', html, re.S).group(0)


# 1. Edits are never dropped by a workflow button --------------------------------------------


def test_submit_button_is_part_of_the_report_form(client, projektleitung_a, projekt_a, zeitraum):
    entwurf = bericht(projekt_a, zeitraum)
    client.force_login(projektleitung_a)
    html = client.get(change_url(entwurf)).content.decode()
    assert 'name="_einreichen"' in hauptformular(html)
    # no second form that would submit the stored text instead of the typed one
    assert reverse("admin:kernaktivitaeten_statusbericht_einreichen", args=[entwurf.pk]) not in html


@pytest.mark.parametrize("status", [Berichtsstatus.ENTWURF, Berichtsstatus.ZURUECKGEGEBEN])
def test_submit_saves_the_typed_text_and_submits_it(
    client, projektleitung_a, projekt_a, zeitraum, status
):
    entwurf = bericht(projekt_a, zeitraum, status=status, erreicht="Alter Text")
    client.force_login(projektleitung_a)
    response = client.post(
        change_url(entwurf),
        bericht_formular(entwurf, erreicht="Neuer Text, nicht gespeichert", _einreichen="1"),
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(entwurf)
    entwurf.refresh_from_db()
    assert entwurf.status == Berichtsstatus.EINGEREICHT
    assert entwurf.erreicht == "Neuer Text, nicht gespeichert"
    assert entwurf.eingereicht_von == projektleitung_a
    seite = text(client.get(change_url(entwurf)))
    assert "Der Bericht wurde eingereicht" in seite


def test_submit_with_invalid_form_keeps_the_form_and_submits_nothing(
    client, projektleitung_a, projekt_a, zeitraum
):
    entwurf = bericht(projekt_a, zeitraum, erreicht="Alter Text")
    client.force_login(projektleitung_a)
    response = client.post(
        change_url(entwurf),
        bericht_formular(
            entwurf, erreicht="Getippt, aber Fortschritt ungültig", fortschritt=250, _einreichen=1
        ),
    )
    assert response.status_code == 200
    assert "Getippt, aber Fortschritt ungültig</textarea>" in response.content.decode()
    entwurf.refresh_from_db()
    assert entwurf.status == Berichtsstatus.ENTWURF and entwurf.erreicht == "Alter Text"


def test_submit_from_a_stale_page_keeps_the_form_and_changes_nothing(
    client, projektleitung_a, projekt_a, zeitraum
):
    entwurf = bericht(projekt_a, zeitraum, erreicht="Ursprung")
    client.force_login(projektleitung_a)
    veraltet = Statusbericht.objects.get(pk=entwurf.pk)
    assert (
        client.post(change_url(entwurf), bericht_formular(veraltet, erreicht="Erste")).status_code
        == 302
    )
    response = client.post(
        change_url(entwurf), bericht_formular(veraltet, erreicht="Zweite", _einreichen=1)
    )
    assert response.status_code == 200
    assert "Zweite</textarea>" in response.content.decode()
    assert "inzwischen von jemand anderem geändert" in text(response)
    entwurf.refresh_from_db()
    assert entwurf.status == Berichtsstatus.ENTWURF and entwurf.erreicht == "Erste"


def test_new_report_can_be_written_and_submitted_in_one_step(
    client, projektleitung_a, projekt_a, zeitraum
):
    client.force_login(projektleitung_a)
    response = client.post(
        reverse("admin:kernaktivitaeten_statusbericht_add"),
        bericht_formular(
            kernaktivitaet=projekt_a.pk,
            berichtszeitraum=zeitraum.pk,
            erreicht="Gleich eingereicht.",
            _einreichen=1,
        ),
    )
    assert response.status_code == 302
    neu = Statusbericht.objects.get(kernaktivitaet=projekt_a)
    assert neu.status == Berichtsstatus.EINGEREICHT and neu.erreicht == "Gleich eingereicht."


def test_review_comment_goes_with_either_button_and_survives_a_refusal(
    client, vorstand_kultur, projekt_a, zeitraum
):
    eingereicht = bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT)
    client.force_login(vorstand_kultur)
    html = client.get(change_url(eingereicht)).content.decode()
    formulare = re.findall(r"<form[^>]*>.*?</form>", html, re.S)
    pruefung = [f for f in formulare if 'name="kommentar"' in f]
    assert len(pruefung) == 1  # one form, both buttons, one comment field
    assert "Freigeben und veröffentlichen" in pruefung[0] and "Zurückgeben" in pruefung[0]
    # The report changed after the page was loaded: the step is refused, the comment stays.
    veraltet = eingereicht.version - 1
    response = client.post(
        reverse("admin:kernaktivitaeten_statusbericht_freigeben", args=[eingereicht.pk]),
        {"kommentar": "Sehr gut, danke!", "bearbeitungsstand": veraltet},
    )
    assert response.status_code == 409
    assert "Sehr gut, danke!</textarea>" in response.content.decode()
    eingereicht.refresh_from_db()
    assert eingereicht.status == Berichtsstatus.EINGEREICHT


def test_return_without_comment_is_refused_and_page_stays(
    client, vorstand_kultur, projekt_a, zeitraum
):
    eingereicht = bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT)
    client.force_login(vorstand_kultur)
    response = client.post(
        reverse("admin:kernaktivitaeten_statusbericht_zurueckgeben", args=[eingereicht.pk]),
        {"kommentar": "  "},
    )
    assert response.status_code == 409
    assert "Bitte schreiben Sie dazu, was geändert werden soll." in text(response)
    eingereicht.refresh_from_db()
    assert eingereicht.status == Berichtsstatus.EINGEREICHT


# 2. A report writes only into its own project ---------------------------------------------


def fremde_zeilen(projekt_a2, **felder):
    kennzahl = projekt_a2.kennzahlen.get()
    meilenstein = projekt_a2.meilensteine.get()
    return {
        "kennzahlwerte-TOTAL_FORMS": "1",
        "kennzahlwerte-0-kennzahl": str(kennzahl.pk),
        "kennzahlwerte-0-datum": "2026-11-01",
        "kennzahlwerte-0-wert": "999",
        "kennzahlwerte-0-quelle": "",
        "meilensteine-TOTAL_FORMS": "1",
        "meilensteine-0-meilenstein": str(meilenstein.pk),
        "meilensteine-0-erreicht": "2026-11-02",
        **felder,
    }


def test_add_form_refuses_rows_of_another_project(
    client, projektleitung_a, projekt_a, projekt_a2, zeitraum
):
    client.force_login(projektleitung_a)
    daten = bericht_formular(kernaktivitaet=projekt_a.pk, berichtszeitraum=zeitraum.pk)
    daten.update(fremde_zeilen(projekt_a2))
    response = client.post(reverse("admin:kernaktivitaeten_statusbericht_add"), daten)
    assert response.status_code == 200
    seite = text(response)
    assert (
        "„Teilnehmende A2 (Personen)“ gehört nicht zur Kernaktivität dieses Berichts" in seite
        or ("gehört nicht zur Kernaktivität dieses Berichts" in seite)
    )
    assert not Statusbericht.objects.filter(kernaktivitaet=projekt_a).exists()
    assert not BerichtKennzahlwert.objects.exists() and not BerichtMeilenstein.objects.exists()


def test_change_form_refuses_rows_of_another_project(
    client, projektleitung_a, projekt_a, projekt_a2, zeitraum
):
    entwurf = bericht(projekt_a, zeitraum, erreicht="Vorher")
    client.force_login(projektleitung_a)
    daten = bericht_formular(entwurf, erreicht="Nachher")
    daten.update(fremde_zeilen(projekt_a2))
    response = client.post(change_url(entwurf), daten)
    assert response.status_code == 200  # the choice is not offered, and not accepted
    entwurf.refresh_from_db()
    assert entwurf.erreicht == "Vorher"
    assert not BerichtKennzahlwert.objects.exists() and not BerichtMeilenstein.objects.exists()


def test_own_rows_are_written_by_the_service_with_the_report(
    client, projektleitung_a, projekt_a, zeitraum
):
    entwurf = bericht(projekt_a, zeitraum)
    kennzahl = projekt_a.kennzahlen.get()
    meilenstein = projekt_a.meilensteine.get()
    client.force_login(projektleitung_a)
    daten = bericht_formular(entwurf, erreicht="Mit Zahlen")
    daten.update(
        {
            "kennzahlwerte-TOTAL_FORMS": "1",
            "kennzahlwerte-0-kennzahl": str(kennzahl.pk),
            "kennzahlwerte-0-datum": "2026-11-01",
            "kennzahlwerte-0-wert": "412",
            "meilensteine-TOTAL_FORMS": "1",
            "meilensteine-0-meilenstein": str(meilenstein.pk),
            "meilensteine-0-erreicht": "2026-11-02",
        }
    )
    assert client.post(change_url(entwurf), daten).status_code == 302
    assert BerichtKennzahlwert.objects.get(statusbericht=entwurf).wert == 412
    assert BerichtMeilenstein.objects.get(statusbericht=entwurf).erreicht == date(2026, 11, 2)
    entwurf.refresh_from_db()
    assert entwurf.version == 2  # rows and text in one versioned save
    # removing the rows again goes through the same path
    daten = bericht_formular(entwurf, erreicht="Ohne Zahlen")
    daten.update(
        {
            "kennzahlwerte-TOTAL_FORMS": "1",
            "kennzahlwerte-INITIAL_FORMS": "1",
            "kennzahlwerte-0-id": str(BerichtKennzahlwert.objects.get().pk),
            "kennzahlwerte-0-statusbericht": str(entwurf.pk),
            "kennzahlwerte-0-kennzahl": str(kennzahl.pk),
            "kennzahlwerte-0-datum": "2026-11-01",
            "kennzahlwerte-0-wert": "412",
            "kennzahlwerte-0-DELETE": "on",
        }
    )
    assert client.post(change_url(entwurf), daten).status_code == 302
    assert not BerichtKennzahlwert.objects.exists()
    assert not BerichtMeilenstein.objects.exists()  # the form showed no milestone rows


def test_service_refuses_foreign_rows(projektleitung_a, projekt_a, projekt_a2, zeitraum):
    fremd = projekt_a2.kennzahlen.get()
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Kernaktivität"):
        statusbericht_anlegen(
            kernaktivitaet=projekt_a,
            berichtszeitraum=zeitraum,
            user=projektleitung_a,
            daten={"phase": "umsetzung", "fortschritt": 10, "erreicht": "x"},
            kennzahlwerte=[Kennzahlwertzeile(kennzahl_id=fremd.pk, datum=date(2026, 1, 1), wert=5)],
        )
    assert not Statusbericht.objects.exists()
    entwurf = bericht(projekt_a, zeitraum, erreicht="Vorher")
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Kernaktivität"):
        statusbericht_speichern(
            bericht=entwurf,
            user=projektleitung_a,
            daten={"erreicht": "Nachher"},
            version=entwurf.version,
            meilensteine=[
                Meilensteinzeile(
                    meilenstein_id=projekt_a2.meilensteine.get().pk, erreicht=date(2026, 1, 1)
                )
            ],
        )
    entwurf.refresh_from_db()
    assert entwurf.erreicht == "Vorher" and entwurf.version == 1


def test_approval_never_writes_into_another_project(
    vorstand_kultur, projekt_a, projekt_a2, zeitraum
):
    """A foreign row stored before the check existed: approving is refused, nothing written."""
    eingereicht = bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT)
    BerichtKennzahlwert.objects.create(
        statusbericht=eingereicht,
        kennzahl=projekt_a2.kennzahlen.get(),
        datum=date(2026, 11, 1),
        wert=999,
    )
    BerichtMeilenstein.objects.create(
        statusbericht=eingereicht,
        meilenstein=projekt_a2.meilensteine.get(),
        erreicht=date(2026, 11, 2),
    )
    with pytest.raises(ValidationError):
        statusbericht_freigeben(bericht=eingereicht, user=vorstand_kultur)
    eingereicht.refresh_from_db()
    assert eingereicht.status == Berichtsstatus.EINGEREICHT
    assert not Messwert.objects.filter(kennzahl__kernaktivitaet=projekt_a2).exists()
    assert projekt_a2.meilensteine.get().erreicht is None
