"""The back office as its users meet it: start pages, the report form, conflicts, overview."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Berichtsstatus, Kernaktivitaet, Statusbericht
from tests.helpers import formular_daten, text
from tests.personas import bericht

pytestmark = pytest.mark.django_db

PASSWORT = "sicheres-passwort-123"


def bericht_formular(bericht_obj=None, **werte):
    daten = {
        "phase": "umsetzung",
        "fortschritt": "60",
        "ampel": "im_plan",
        "erreicht": "Die erste Bühne ist eröffnet.",
        "naechste_schritte": "",
        "risiken": "",
        "unterstuetzungsbedarf": "",
        "kennzahlwerte-TOTAL_FORMS": "0",
        "kennzahlwerte-INITIAL_FORMS": "0",
        "meilensteine-TOTAL_FORMS": "0",
        "meilensteine-INITIAL_FORMS": "0",
    }
    if bericht_obj is not None:
        daten["bearbeitungsstand"] = str(bericht_obj.version)
    daten.update({k: str(v) for k, v in werte.items()})
    return daten


def test_lead_start_page_lists_projects_and_due_reports(
    client, projektleitung_a, projekt_a, projekt_b, zeitraum
):
    client.force_login(projektleitung_a)
    response = client.get(reverse("admin:index"))
    page = text(response)
    assert "Ihre Berichtsaufgaben" in page
    assert "Projekt A" in page and "Projekt B" not in page
    assert zeitraum.faellig_am.strftime("%d.%m.%Y") in page
    add_url = reverse("admin:kernaktivitaeten_statusbericht_add")
    assert (
        f"{add_url}?kernaktivitaet={projekt_a.pk}&amp;berichtszeitraum={zeitraum.pk}"
        in response.content.decode()
    )


def test_vorstand_start_page_lists_reports_waiting_for_review(
    client, vorstand_kultur, projekt_a, projekt_b, zeitraum, frueherer_zeitraum
):
    bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT)
    bericht(projekt_b, zeitraum, status=Berichtsstatus.ENTWURF)
    client.force_login(vorstand_kultur)
    page = text(client.get(reverse("admin:index")))
    assert "Berichte zur Prüfung" in page
    assert "Projekt A" in page and "Projekt B" not in page


def test_report_form_is_prefilled_from_the_previous_report(
    client, projektleitung_a, projekt_a, zeitraum, frueherer_zeitraum
):
    bericht(
        projekt_a,
        frueherer_zeitraum,
        status=Berichtsstatus.FREIGEGEBEN,
        fortschritt=42,
        risiken="Personalmangel",
    )
    client.force_login(projektleitung_a)
    response = client.get(
        reverse("admin:kernaktivitaeten_statusbericht_add")
        + f"?kernaktivitaet={projekt_a.pk}&berichtszeitraum={zeitraum.pk}"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="fortschritt" value="42"' in html
    assert "Personalmangel</textarea>" in html
    assert "Was wurde erreicht?" in html and "Öffentlicher Text" in html  # German labels and help


def test_lead_writes_and_saves_a_report(client, projektleitung_a, projekt_a, zeitraum):
    client.force_login(projektleitung_a)
    response = client.post(
        reverse("admin:kernaktivitaeten_statusbericht_add"),
        bericht_formular(kernaktivitaet=projekt_a.pk, berichtszeitraum=zeitraum.pk),
    )
    assert response.status_code == 302, text(response)[:2000]
    neu = Statusbericht.objects.get(kernaktivitaet=projekt_a)
    assert neu.status == Berichtsstatus.ENTWURF and neu.erstellt_von == projektleitung_a
    assert neu.history.first().history_user == projektleitung_a


def test_lead_cannot_report_on_foreign_project_through_the_form(
    client, projektleitung_a, projekt_b, zeitraum
):
    client.force_login(projektleitung_a)
    response = client.post(
        reverse("admin:kernaktivitaeten_statusbericht_add"),
        bericht_formular(kernaktivitaet=projekt_b.pk, berichtszeitraum=zeitraum.pk),
    )
    assert response.status_code == 200  # form error: not a valid choice
    assert not Statusbericht.objects.filter(kernaktivitaet=projekt_b).exists()


def test_second_save_of_the_same_draft_gets_a_conflict_message(
    client, projektleitung_a, projekt_a, zeitraum
):
    entwurf = bericht(projekt_a, zeitraum, erreicht="Ursprung")
    client.force_login(projektleitung_a)
    change = reverse("admin:kernaktivitaeten_statusbericht_change", args=[entwurf.pk])
    geladen = Statusbericht.objects.get(pk=entwurf.pk)  # both editors opened version 1
    erste = client.post(change, bericht_formular(geladen, erreicht="Text der ersten Person"))
    assert erste.status_code == 302
    zweite = client.post(change, bericht_formular(geladen, erreicht="Text der zweiten Person"))
    assert zweite.status_code == 200
    assert "inzwischen von jemand anderem geändert" in text(zweite)
    assert Statusbericht.objects.get(pk=entwurf.pk).erreicht == "Text der ersten Person"


def test_approved_report_form_is_read_only(client, projektleitung_a, projekt_a, zeitraum):
    fertig = bericht(projekt_a, zeitraum, status=Berichtsstatus.FREIGEGEBEN, erreicht="Endgültig")
    client.force_login(projektleitung_a)
    change = reverse("admin:kernaktivitaeten_statusbericht_change", args=[fertig.pk])
    html = client.get(change).content.decode()
    assert 'name="erreicht"' not in html and "Endgültig" in html
    response = client.post(change, bericht_formular(fertig, erreicht="Nachträglich geändert"))
    assert response.status_code == 403
    assert Statusbericht.objects.get(pk=fertig.pk).erreicht == "Endgültig"


def test_end_to_end_lead_submits_vorstand_approves_public_page_updates(
    client,
    projektleitung_a,
    vorstand_kultur,
    projekt_a,
    zeitraum,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    assert (
        client.post(
            reverse("admin:login"), {"username": "projektleitung_a", "password": PASSWORT}
        ).status_code
        == 302
    )
    client.post(
        reverse("admin:kernaktivitaeten_statusbericht_add"),
        bericht_formular(
            kernaktivitaet=projekt_a.pk,
            berichtszeitraum=zeitraum.pk,
            fortschritt=75,
            phase="umsetzung",
            erreicht="Zwanzig Konzerte im Rathaus.",
        ),
    )
    neu = Statusbericht.objects.get(kernaktivitaet=projekt_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:kernaktivitaeten_statusbericht_einreichen", args=[neu.pk]))
    assert mail.outbox and mail.outbox[0].to == [vorstand_kultur.email]
    client.post(reverse("admin:logout"))
    assert (
        client.post(
            reverse("admin:login"), {"username": "vorstand_kultur", "password": PASSWORT}
        ).status_code
        == 302
    )
    start = text(client.get(reverse("admin:index")))
    assert "Projekt A" in start
    change = client.get(reverse("admin:kernaktivitaeten_statusbericht_change", args=[neu.pk]))
    assert "Freigeben und veröffentlichen" in text(change)
    client.post(reverse("admin:kernaktivitaeten_statusbericht_freigeben", args=[neu.pk]))
    client.post(reverse("admin:logout"))
    oeffentlich = text(client.get(projekt_a.get_absolute_url()))
    assert "75 % umgesetzt" in oeffentlich
    assert "Zwanzig Konzerte im Rathaus." in oeffentlich


def test_berichtsstand_shows_each_state_and_overdue(
    client, referat, vorstand_kultur, projekt_a, projekt_b, frueherer_zeitraum
):
    bericht(projekt_a, frueherer_zeitraum, status=Berichtsstatus.EINGEREICHT)
    client.force_login(referat)
    response = client.get(reverse("admin:berichtsstand") + f"?zeitraum={frueherer_zeitraum.pk}")
    html = response.content.decode()
    zeile_a = html.split("Projekt A")[1].split("</tr>")[0]
    zeile_b = html.split("Projekt B")[1].split("</tr>")[0]
    assert "eingereicht" in zeile_a and "überfällig" not in zeile_a
    assert "fehlt" in zeile_b and "überfällig" in zeile_b
    gefiltert = client.get(
        reverse("admin:berichtsstand")
        + f"?zeitraum={frueherer_zeitraum.pk}&kompetenz=talentschmiede-im-ruhrgebiet"
    )
    assert "Projekt A" not in gefiltert.content.decode()
    nur_fehlend = client.get(
        reverse("admin:berichtsstand") + f"?zeitraum={frueherer_zeitraum.pk}&status=fehlt"
    )
    assert (
        "Projekt B" in nur_fehlend.content.decode()
        and "Projekt A" not in nur_fehlend.content.decode()
    )
    assert client.get(reverse("admin:berichtsstand") + "?zeitraum=abc").status_code == 400
    assert client.get(reverse("admin:berichtsstand") + "?seite=999").status_code == 404


def test_berichtsstand_for_vorstand_is_limited_to_own_kompetenz(
    client, vorstand_bildung, projekt_a, frueherer_zeitraum
):
    client.force_login(vorstand_bildung)
    html = client.get(reverse("admin:berichtsstand")).content.decode()
    assert "Projekt A" not in html


def test_berichtsstand_queries_are_constant(
    client, referat, zeitraum, django_assert_max_num_queries
):
    demodaten_erzeugen(anzahl=30, mit_details=False)
    client.force_login(referat)
    with CaptureQueriesContext(connection) as klein:
        client.get(reverse("admin:berichtsstand"))
    demodaten_erzeugen(anzahl=1500, mit_details=False)
    for projekt in Kernaktivitaet.objects.all()[:200]:
        bericht(projekt, zeitraum, status=Berichtsstatus.EINGEREICHT)
    with django_assert_max_num_queries(len(klein)):
        client.get(reverse("admin:berichtsstand"))


@pytest.mark.parametrize(
    "name",
    [
        "kernaktivitaeten_kernaktivitaet_changelist",
        "kernaktivitaeten_statusbericht_changelist",
        "kernaktivitaeten_kennzahl_changelist",
    ],
)
def test_changelists_have_constant_queries(
    client, referat, zeitraum, name, django_assert_max_num_queries
):
    demodaten_erzeugen(anzahl=30)
    client.force_login(referat)
    with CaptureQueriesContext(connection) as klein:
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    demodaten_erzeugen(anzahl=1500)
    for projekt in Kernaktivitaet.objects.all()[:100]:
        bericht(projekt, zeitraum, status=Berichtsstatus.EINGEREICHT)
    with django_assert_max_num_queries(len(klein)):
        client.get(reverse(f"admin:{name}"))


def test_report_list_shows_the_newest_reports_first(
    client, referat, projekt_a, projekt_b, zeitraum, frueherer_zeitraum
):
    # Written last, but for the earlier period: the model's order (newest period first)
    # would put it at the end.
    aelter = bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT, fortschritt=50)
    mitte = bericht(projekt_b, zeitraum, status=Berichtsstatus.ENTWURF, fortschritt=10)
    neuester = bericht(
        projekt_a, frueherer_zeitraum, status=Berichtsstatus.FREIGEGEBEN, fortschritt=30
    )
    client.force_login(referat)
    url = reverse("admin:kernaktivitaeten_statusbericht_changelist")
    liste = client.get(url)
    assert [b.pk for b in liste.context["cl"].result_list] == [neuester.pk, mitte.pk, aelter.pk]
    # The columns stay sortable, e.g. by progress (the fifth column, index 4).
    nach_fortschritt = client.get(url + "?o=4")
    assert [b.pk for b in nach_fortschritt.context["cl"].result_list] == [
        mitte.pk,
        neuester.pk,
        aelter.pk,
    ]


def test_audit_trail_records_who_changed_what(client, referat, projektleitung_a, projekt_a):
    client.force_login(projektleitung_a)
    change = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt_a.pk])
    daten = formular_daten(client.get(change))
    daten["projektziel"] = "Neues Ziel der Projektleitung"
    response = client.post(change, daten)
    assert response.status_code == 302, text(response)[:3000]
    projekt_a.refresh_from_db()
    assert projekt_a.projektziel == "Neues Ziel der Projektleitung"
    letzte = projekt_a.history.first()
    assert letzte.history_user == projektleitung_a
    delta = letzte.diff_against(letzte.prev_record)
    assert "projektziel" in delta.changed_fields
    client.force_login(referat)
    historie = client.get(
        reverse("admin:kernaktivitaeten_kernaktivitaet_history", args=[projekt_a.pk])
    )
    assert historie.status_code == 200 and "projektleitung_a" in historie.content.decode()


def test_lead_cannot_change_phase_or_publication(client, projektleitung_a, projekt_a):
    client.force_login(projektleitung_a)
    change = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt_a.pk])
    form = client.get(change).context["adminform"].form
    for feld in (
        "phase",
        "fortschritt",
        "veroeffentlicht",
        "kompetenz",
        "projektleitungen",
        "titel",
    ):
        assert feld not in form.fields
    assert "projektziel" in form.fields and "beschreibung_markdown" in form.fields


def test_reminder_due_window():
    from kernaktivitaeten.erinnerungen import faellige_art
    from kernaktivitaeten.models import Berichtszeitraum

    heute = timezone.localdate()
    z = Berichtszeitraum(name="x", beginn=heute, ende=heute, faellig_am=heute + timedelta(days=7))
    assert faellige_art(z, heute) == "vorher"
    assert faellige_art(z, heute - timedelta(days=1)) is None
    assert faellige_art(z, heute + timedelta(days=8)) is None
    assert faellige_art(z, heute + timedelta(days=10)) == "nachher"


def test_report_inlines_offer_only_the_projects_own_indicators(
    client, projektleitung_a, projekt_a, projekt_b, zeitraum
):
    from tests.factories import KennzahlFactory

    KennzahlFactory(kernaktivitaet=projekt_b, name="Fremde Kennzahl")
    entwurf = bericht(projekt_a, zeitraum)
    client.force_login(projektleitung_a)
    html = client.get(
        reverse("admin:kernaktivitaeten_statusbericht_change", args=[entwurf.pk])
    ).content.decode()
    assert ">Besuchende</option>" in html
    assert "Fremde Kennzahl" not in html
