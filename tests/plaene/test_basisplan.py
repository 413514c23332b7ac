"""Issue 18: the baseline is frozen at first publication, later shifts need a reason and are
kept as dated entries; the shift text counts months and days as people do."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kernaktivitaeten.models import Meilenstein, Terminaenderung
from kernaktivitaeten.services import (
    Terminaenderungzeile,
    WorkflowFehler,
    kernaktivitaet_speichern,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
    statusbericht_speichern,
)
from kernaktivitaeten.termine import (
    Terminstatus,
    Verschiebung,
    monate_addieren,
    terminstatus,
)
from tests.factories import MeilensteinFactory

pytestmark = pytest.mark.django_db

DATEN = {"phase": "umsetzung", "fortschritt": 40, "erreicht": "Die Bühne steht."}


def _freigeben(projekt, zeitraum, lead, vorstand, **zeilen):
    bericht = statusbericht_anlegen(
        kernaktivitaet=projekt, berichtszeitraum=zeitraum, user=lead, daten=DATEN, **zeilen
    )
    bericht = statusbericht_einreichen(bericht=bericht, user=lead)
    return statusbericht_freigeben(bericht=bericht, user=vorstand)


# Shift calculation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "ziel", "monate", "tage", "text"),
    [
        (date(2026, 1, 15), date(2026, 4, 15), 3, 0, "3 Monate später als ursprünglich geplant"),
        (date(2026, 1, 31), date(2026, 2, 28), 1, 0, "1 Monat später als ursprünglich geplant"),
        (
            date(2026, 1, 31),
            date(2026, 3, 1),
            1,
            1,
            "1 Monat und 1 Tag später als ursprünglich geplant",
        ),
        (date(2024, 2, 29), date(2025, 2, 28), 12, 0, "12 Monate später als ursprünglich geplant"),
        (
            date(2026, 2, 28),
            date(2026, 3, 31),
            1,
            3,
            "1 Monat und 3 Tage später als ursprünglich geplant",
        ),
        (
            date(2026, 3, 31),
            date(2026, 2, 28),
            1,
            3,
            "1 Monat und 3 Tage früher als ursprünglich geplant",
        ),
        (date(2026, 5, 10), date(2026, 5, 22), 0, 12, "12 Tage später als ursprünglich geplant"),
        (date(2026, 5, 10), date(2026, 5, 10), 0, 0, "wie ursprünglich geplant"),
        (date(2025, 12, 31), date(2026, 1, 1), 0, 1, "1 Tag später als ursprünglich geplant"),
    ],
)
def test_shift_in_months_and_days(basis, ziel, monate, tage, text):
    verschiebung = Verschiebung.zwischen(basis, ziel)
    assert (verschiebung.monate, verschiebung.resttage) == (monate, tage)
    assert verschiebung.tage == (ziel - basis).days
    assert verschiebung.text == text


def test_month_addition_clamps_to_the_month_end():
    assert monate_addieren(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert monate_addieren(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert monate_addieren(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert monate_addieren(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_status_against_the_baseline():
    heute = date(2026, 6, 1)
    kwargs = {"heute": heute}
    assert terminstatus(basisplan=None, geplant=heute, erreicht=None, **kwargs) == "ohne_basisplan"
    assert (
        terminstatus(basisplan=date(2026, 5, 1), geplant=date(2026, 5, 1), erreicht=None, **kwargs)
        == Terminstatus.UEBERFAELLIG
    )
    assert (
        terminstatus(basisplan=date(2026, 7, 1), geplant=date(2026, 9, 1), erreicht=None, **kwargs)
        == Terminstatus.VERSCHOBEN
    )
    assert (
        terminstatus(
            basisplan=date(2026, 5, 1),
            geplant=date(2026, 5, 1),
            erreicht=date(2026, 5, 20),
            **kwargs,
        )
        == Terminstatus.VERSCHOBEN
    )
    assert (
        terminstatus(basisplan=date(2026, 7, 1), geplant=date(2026, 6, 15), erreicht=None, **kwargs)
        == Terminstatus.IM_BASISPLAN
    )


# Baseline and reason -----------------------------------------------------------------------------


def test_baseline_is_frozen_when_the_first_report_is_approved(
    projekt_a, zeitraum, projektleitung_a, vorstand_kultur
):
    projekt_a.ende_geplant = date(2027, 12, 31)
    projekt_a.save()
    meilenstein = projekt_a.meilensteine.get()
    assert meilenstein.basisplan is None
    _freigeben(projekt_a, zeitraum, projektleitung_a, vorstand_kultur)
    meilenstein.refresh_from_db()
    projekt_a.refresh_from_db()
    assert meilenstein.basisplan == meilenstein.geplant
    assert projekt_a.ende_basisplan == date(2027, 12, 31)
    # Frozen: a later approval with a shift moves the plan, never the baseline.
    basis = meilenstein.basisplan
    neu = basis + timedelta(days=95)
    zeitraum.offen = True
    zeitraum.save()
    _freigeben(
        projekt_a,
        zeitraum,
        projektleitung_a,
        vorstand_kultur,
        terminaenderungen=[
            Terminaenderungzeile(
                meilenstein_id=meilenstein.pk, geplant=neu, begruendung="Lieferengpass"
            )
        ],
    )
    meilenstein.refresh_from_db()
    assert (meilenstein.basisplan, meilenstein.geplant) == (basis, neu)


def test_publishing_a_project_freezes_its_baseline(projekt_a, referat):
    projekt_a.veroeffentlicht = False
    projekt_a.save()
    meilenstein = projekt_a.meilensteine.get()
    projekt_a.veroeffentlicht = True
    kernaktivitaet_speichern(kernaktivitaet=projekt_a, user=referat)
    meilenstein.refresh_from_db()
    assert meilenstein.basisplan == meilenstein.geplant


def test_a_shift_needs_a_reason_and_a_new_date(projekt_a, zeitraum, projektleitung_a):
    meilenstein = projekt_a.meilensteine.get()
    for zeile, meldung in [
        (
            Terminaenderungzeile(
                meilenstein_id=meilenstein.pk, geplant=date(2030, 1, 1), begruendung="   "
            ),
            "braucht eine Begründung",
        ),
        (
            Terminaenderungzeile(
                meilenstein_id=meilenstein.pk, geplant=meilenstein.geplant, begruendung="x"
            ),
            "ist schon das geplante",
        ),
    ]:
        with pytest.raises(WorkflowFehler, match=meldung):
            statusbericht_anlegen(
                kernaktivitaet=projekt_a,
                berichtszeitraum=zeitraum,
                user=projektleitung_a,
                daten=DATEN,
                terminaenderungen=[zeile],
            )
    assert not Terminaenderung.objects.exists()


def test_a_shift_of_another_projects_milestone_is_refused(
    projekt_a, projekt_b, zeitraum, projektleitung_a
):
    fremd = MeilensteinFactory(kernaktivitaet=projekt_b)
    with pytest.raises(WorkflowFehler, match="gehört nicht zu dieser"):
        statusbericht_anlegen(
            kernaktivitaet=projekt_a,
            berichtszeitraum=zeitraum,
            user=projektleitung_a,
            daten=DATEN,
            terminaenderungen=[
                Terminaenderungzeile(
                    meilenstein_id=fremd.pk, geplant=date(2030, 1, 1), begruendung="x"
                )
            ],
        )


def test_approval_keeps_a_dated_entry_and_moves_the_plan(
    projekt_a, zeitraum, projektleitung_a, vorstand_kultur
):
    projekt_a.ende_geplant = date(2027, 6, 30)
    projekt_a.save()
    meilenstein = projekt_a.meilensteine.get()
    alt = meilenstein.geplant
    bericht = statusbericht_anlegen(
        kernaktivitaet=projekt_a,
        berichtszeitraum=zeitraum,
        user=projektleitung_a,
        daten=DATEN,
        terminaenderungen=[
            Terminaenderungzeile(
                meilenstein_id=meilenstein.pk,
                geplant=alt + timedelta(days=61),
                begruendung="Gutachten fehlt",
            ),
            Terminaenderungzeile(
                meilenstein_id=None, geplant=date(2028, 3, 31), begruendung="Bauzeit länger"
            ),
        ],
    )
    # Not yet approved: the plan is unchanged and nothing is public.
    meilenstein.refresh_from_db()
    assert meilenstein.geplant == alt
    assert not Terminaenderung.objects.oeffentlich().exists()
    bericht = statusbericht_speichern(
        bericht=bericht, user=projektleitung_a, daten=DATEN, version=bericht.version
    )
    assert bericht.terminaenderungen.count() == 2  # None: rows left as they were
    bericht = statusbericht_einreichen(bericht=bericht, user=projektleitung_a)
    statusbericht_freigeben(bericht=bericht, user=vorstand_kultur)
    meilenstein.refresh_from_db()
    projekt_a.refresh_from_db()
    assert meilenstein.geplant == alt + timedelta(days=61)
    assert meilenstein.basisplan == alt
    assert (projekt_a.ende_basisplan, projekt_a.ende_geplant) == (
        date(2027, 6, 30),
        date(2028, 3, 31),
    )
    eintraege = {
        (t.meilenstein_id, t.geplant_alt, t.geplant_neu, t.begruendung, t.statusbericht_id)
        for t in Terminaenderung.objects.oeffentlich()
    }
    assert eintraege == {
        (meilenstein.pk, alt, alt + timedelta(days=61), "Gutachten fehlt", bericht.pk),
        (None, date(2027, 6, 30), date(2028, 3, 31), "Bauzeit länger", bericht.pk),
    }
    # The history of the milestone records the reason with the change.
    assert meilenstein.history.first().history_change_reason == "Gutachten fehlt"


def test_project_form_refuses_a_silent_change_of_a_public_date(client, projekt_a, projektleitung_a):
    from kernaktivitaeten.admin.projekte import KernaktivitaetForm, MeilensteinForm

    meilenstein = projekt_a.meilensteine.get()
    meilenstein.basisplan = meilenstein.geplant
    meilenstein.save()
    form = MeilensteinForm(
        data={"titel": meilenstein.titel, "geplant": "2031-01-01", "erreicht": ""},
        instance=meilenstein,
    )
    assert not form.is_valid()
    assert "Begründung" in str(form.errors["geplant"])
    # The title can still be corrected, and a milestone without baseline moves freely.
    form = MeilensteinForm(
        data={"titel": "Neuer Titel", "geplant": meilenstein.geplant.isoformat(), "erreicht": ""},
        instance=meilenstein,
    )
    assert form.is_valid()
    frei = MeilensteinFactory(kernaktivitaet=projekt_a)
    form = MeilensteinForm(
        data={"titel": frei.titel, "geplant": "2031-01-01", "erreicht": ""}, instance=frei
    )
    assert form.is_valid()
    projekt_a.ende_geplant = date(2027, 1, 1)
    projekt_a.ende_basisplan = date(2027, 1, 1)
    projekt_a.save()
    form = KernaktivitaetForm(instance=projekt_a)
    feld = form.fields["ende_geplant"]
    form.cleaned_data = {"ende_geplant": feld.clean("2028-01-01")}
    with pytest.raises(Exception, match="Begründung"):
        form.clean_ende_geplant()


def test_lead_enters_a_shift_in_the_report_form_and_the_vorstand_sees_it(
    client, projekt_a, zeitraum, projektleitung_a, vorstand_kultur
):
    meilenstein = projekt_a.meilensteine.get()
    client.force_login(projektleitung_a)
    daten = {
        "kernaktivitaet": str(projekt_a.pk),
        "berichtszeitraum": str(zeitraum.pk),
        "phase": "umsetzung",
        "fortschritt": "50",
        "ampel": "im_plan",
        "erreicht": "Weiter so.",
        "kennzahlwerte-TOTAL_FORMS": "0",
        "kennzahlwerte-INITIAL_FORMS": "0",
        "meilensteine-TOTAL_FORMS": "0",
        "meilensteine-INITIAL_FORMS": "0",
        "terminaenderungen-TOTAL_FORMS": "1",
        "terminaenderungen-INITIAL_FORMS": "0",
        "terminaenderungen-0-meilenstein": str(meilenstein.pk),
        "terminaenderungen-0-geplant_neu": "2031-05-01",
        "terminaenderungen-0-begruendung": "",
        "_einreichen": "1",
    }
    url = reverse("admin:kernaktivitaeten_statusbericht_add")
    antwort = client.post(url, daten)
    assert antwort.status_code == 200  # no reason: the form comes back with an error
    assert "errorlist" in antwort.content.decode()
    assert not Terminaenderung.objects.exists()
    assert not projekt_a.statusberichte.exists()
    daten["terminaenderungen-0-begruendung"] = "Förderbescheid kam später"
    antwort = client.post(url, daten)
    assert antwort.status_code == 302
    bericht = projekt_a.statusberichte.get()
    assert bericht.status == "eingereicht"
    client.force_login(vorstand_kultur)
    seite = client.get(reverse("admin:kernaktivitaeten_statusbericht_change", args=[bericht.pk]))
    html = seite.content.decode()
    assert "Terminänderungen in diesem Bericht" in html
    assert "Förderbescheid kam später" in html
    assert "01.05.2031" in html


def test_a_reached_milestone_keeps_its_date(projekt_a, zeitraum, projektleitung_a):
    meilenstein = projekt_a.meilensteine.get()
    Meilenstein.objects.filter(pk=meilenstein.pk).update(erreicht=timezone.localdate())
    with pytest.raises(WorkflowFehler, match="schon erreicht"):
        statusbericht_anlegen(
            kernaktivitaet=projekt_a,
            berichtszeitraum=zeitraum,
            user=projektleitung_a,
            daten=DATEN,
            terminaenderungen=[
                Terminaenderungzeile(
                    meilenstein_id=meilenstein.pk, geplant=date(2031, 1, 1), begruendung="x"
                )
            ],
        )
