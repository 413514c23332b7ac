"""Export jobs (issue 21): large exports run on the task queue with a progress page, a mail
when ready, a download for seven days for the requesting user and the Referat only, German
errors with a restart, and no half-written file ever (ADR 0013).

The tests' task backend runs a task at once when it is queued; the jobs are queued on commit,
so the requests run inside ``django_capture_on_commit_callbacks(execute=True)``.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from kernaktivitaeten.exporte import auftraege
from kernaktivitaeten.models import Exportart, Exportauftrag, Exportstatus, Kernaktivitaet
from tests.helpers import text

from .helpers import inhalt

pytestmark = pytest.mark.django_db

DOWNLOAD = "/verwaltung/exporte/fortschrittsbericht/"


@pytest.fixture(autouse=True)
def ablage(settings, tmp_path):
    """Every job above one project; files in a folder of this test."""
    settings.EXPORT_HINTERGRUND_AB = 1
    settings.EXPORTE_VERZEICHNIS = tmp_path / "exporte"
    return tmp_path / "exporte"


def _dateien(ordner):
    return sorted(p.name for p in ordner.rglob("*") if p.is_file()) if ordner.exists() else []


def _seite(pk):
    return f"/verwaltung/exporte/auftraege/{pk}/"


@pytest.fixture
def starten(client, django_capture_on_commit_callbacks):
    """POSTs an export as ``user``; returns (response, job)."""

    def starten(user, daten, pfad=DOWNLOAD):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(pfad, daten)
        auftrag = Exportauftrag.objects.order_by("-pk").first()
        return response, auftrag

    return starten


def test_a_get_of_a_large_selection_asks_first_and_starts_nothing(client, referat, daten):
    client.force_login(referat)
    response = client.get(DOWNLOAD, {"format": "pdf"})
    assert response.status_code == 200
    seite = text(response)
    assert f"Diese Auswahl umfasst {Kernaktivitaet.objects.count()} Kernaktivitäten" in seite
    assert 'name="format" value="pdf"' in response.content.decode()
    assert Exportauftrag.objects.count() == 0


def test_small_selections_are_downloaded_at_once(client, referat, daten, settings):
    settings.EXPORT_HINTERGRUND_AB = 200
    client.force_login(referat)
    response = client.post(DOWNLOAD, {"format": "csv"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert Exportauftrag.objects.count() == 0


def test_job_is_created_run_and_mailed(starten, client, referat, daten, ablage):
    vorher = timezone.now()
    response, auftrag = starten(referat, {"format": "xlsx"})
    assert response.status_code == 303
    assert response["Location"] == _seite(auftrag.pk)
    assert auftrag.angefordert_von == referat
    assert auftrag.art == Exportart.FORTSCHRITTSBERICHT
    assert auftrag.status == Exportstatus.FERTIG
    assert auftrag.erledigt == auftrag.gesamt == Kernaktivitaet.objects.count()
    assert auftrag.gestartet_am >= vorher and auftrag.fertig_am >= auftrag.gestartet_am
    # The name says what and when.
    assert re.fullmatch(r"fortschrittsbericht-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx", auftrag.dateiname)
    assert _dateien(ablage) == [auftrag.dateiname]  # nothing else, no unfinished file

    (nachricht,) = mail.outbox
    assert nachricht.to == [referat.email]
    assert "Ihr Export ist fertig" in nachricht.subject
    assert f"/verwaltung/exporte/auftraege/{auftrag.pk}/" in nachricht.body
    assert auftrag.dateiname in nachricht.body

    seite = client.get(_seite(auftrag.pk))
    assert seite.status_code == 200
    assert f"{auftrag.dateiname} herunterladen" in text(seite)
    assert "exportauftrag.js" not in seite.content.decode()  # nothing left to poll

    datei = client.get(f"{_seite(auftrag.pk)}datei/")
    assert datei.status_code == 200
    assert auftrag.dateiname in datei["Content-Disposition"]
    mappe = load_workbook(io.BytesIO(inhalt(datei)))
    werte = [zelle.value for blatt in mappe.worksheets for zeile in blatt.rows for zelle in zeile]
    assert "Festivalsommer" in werte


def test_back_office_start_page_lists_own_jobs(starten, client, referat, daten):
    _response, auftrag = starten(referat, {"format": "csv"})
    start = client.get("/verwaltung/")
    assert start.status_code == 200
    assert "Ihre Exporte" in text(start)
    assert auftrag.dateiname in text(start)
    assert "fertig – bereit zum Herunterladen" in text(start)


def test_progress_page_and_json_while_running(client, referat, daten):
    auftrag = Exportauftrag.objects.create(
        art=Exportart.FORTSCHRITTSBERICHT,
        format="pdf",
        angefordert_von=referat,
        status=Exportstatus.LAEUFT,
        erledigt=100,
        gesamt=400,
        gestartet_am=timezone.now() - timedelta(minutes=2),
        lebenszeichen_am=timezone.now(),
        dateiname="fortschrittsbericht-2026-12-03-0815.pdf",
    )
    client.force_login(referat)
    seite = client.get(_seite(auftrag.pk))
    html = seite.content.decode()
    assert re.search(r'<progress id="fortschritt" max="400" value="100"', html)
    assert "100 von 400 Kernaktivitäten (25 %)" in text(seite)
    assert "Noch etwa 6 Minuten." in text(seite)
    assert "exportauftrag.js" in html and "<script>" not in html
    assert f'href="{_seite(auftrag.pk)}"' in html  # "Aktualisieren" works without JavaScript
    assert "erneut starten" not in text(seite)  # alive: no restart
    stand = client.get(f"{_seite(auftrag.pk)}stand/").json()
    assert stand == {
        "status": "laeuft",
        "status_text": "wird erstellt",
        "offen": True,
        "erledigt": 100,
        "gesamt": 400,
        "prozent": 25,
        "zahlen": "100 von 400 Kernaktivitäten (25 %)",
        "restzeit": "Noch etwa 6 Minuten.",
    }


def test_pdf_job_reports_progress_part_by_part(starten, referat, daten, monkeypatch):
    from kernaktivitaeten.exporte import pdf

    monkeypatch.setattr(pdf, "TEIL_PROJEKTE", 1)
    gemeldet = []
    original = auftraege._Fortschritt.__call__

    def mitschreiben(self, erledigt, gesamt=None):
        original(self, erledigt, gesamt)
        gemeldet.append(Exportauftrag.objects.values_list("erledigt", "gesamt").get())

    monkeypatch.setattr(auftraege._Fortschritt, "__call__", mitschreiben)
    _response, auftrag = starten(referat, {"format": "pdf"})
    assert auftrag.status == Exportstatus.FERTIG
    anzahl = Kernaktivitaet.objects.count()
    erledigt = [e for e, _g in gemeldet]
    assert erledigt == sorted(erledigt) and erledigt[0] == 0 and erledigt[-1] == anzahl
    assert set(range(anzahl + 1)) <= set(erledigt)  # one step per part of one project
    assert {g for _e, g in gemeldet} == {anzahl}


# Access -------------------------------------------------------------------------------------


@pytest.fixture
def fremder_auftrag(starten, vorstand_kultur, kultur, daten, client):
    _response, auftrag = starten(vorstand_kultur, {"format": "csv", "kompetenz": kultur.slug})
    client.logout()
    assert auftrag.status == Exportstatus.FERTIG
    return auftrag


@pytest.mark.parametrize("pfad", ["", "stand/", "datei/"])
@pytest.mark.parametrize(
    ("person", "erwartet"),
    [
        ("vorstand_kultur", 200),  # requested it
        ("referat", 200),
        ("vorstand_bildung", 404),  # another Vorstand
        ("projektleitung_a", 404),  # a lead
        (None, 302),  # anonymous: to the login
    ],
)
def test_only_the_requester_and_the_referat_see_a_job(
    client, request, fremder_auftrag, pfad, person, erwartet
):
    if person:
        client.force_login(request.getfixturevalue(person))
    response = client.get(f"{_seite(fremder_auftrag.pk)}{pfad}")
    assert response.status_code == erwartet
    if erwartet == 302:
        assert response["Location"].startswith("/verwaltung/login/?next=")
    if erwartet == 404:
        assert fremder_auftrag.dateiname not in response.content.decode()


def test_restart_of_a_foreign_job_is_404(client, fremder_auftrag, vorstand_bildung):
    Exportauftrag.objects.filter(pk=fremder_auftrag.pk).update(status=Exportstatus.FEHLGESCHLAGEN)
    client.force_login(vorstand_bildung)
    assert client.post(f"{_seite(fremder_auftrag.pk)}neu-starten/").status_code == 404
    assert Exportauftrag.objects.get(pk=fremder_auftrag.pk).lauf == 1


def test_unknown_job_is_404(client, referat):
    client.force_login(referat)
    assert client.get(_seite(999999)).status_code == 404


def test_project_leads_cannot_start_jobs(client, projektleitung_a, daten):
    client.force_login(projektleitung_a)
    assert client.post(DOWNLOAD, {"format": "pdf"}).status_code == 403
    assert Exportauftrag.objects.count() == 0


# Expiry -------------------------------------------------------------------------------------


def test_files_expire_after_seven_days(starten, client, referat, daten, ablage):
    _response, alt = starten(referat, {"format": "csv"})
    _response, neu = starten(referat, {"format": "json"})
    Exportauftrag.objects.filter(pk=alt.pk).update(
        fertig_am=timezone.now() - timedelta(days=7, minutes=1)
    )
    Exportauftrag.objects.filter(pk=neu.pk).update(fertig_am=timezone.now() - timedelta(days=6))
    # Past its time the file is not offered any more, even before the clean-up ran.
    assert client.get(f"{_seite(alt.pk)}datei/").status_code == 410
    ausgabe = io.StringIO()
    call_command("exporte_aufraeumen", stdout=ausgabe)
    assert "1 abgelaufene Exporte gelöscht" in ausgabe.getvalue()
    alt.refresh_from_db()
    assert alt.status == Exportstatus.ABGELAUFEN and alt.datei == ""
    assert _dateien(ablage) == [neu.dateiname]
    seite = client.get(_seite(alt.pk))
    assert "nach Ablauf der Aufbewahrungszeit gelöscht" in text(seite)
    assert client.get(f"{_seite(alt.pk)}datei/").status_code == 410
    assert client.get(f"{_seite(neu.pk)}datei/").status_code == 200


def test_files_of_deleted_accounts_are_removed(starten, referat, vorstand_kultur, kultur, ablage):
    _response, bleibt = starten(referat, {"format": "csv"})
    _response, _weg = starten(vorstand_kultur, {"format": "csv", "kompetenz": kultur.slug})
    assert len(_dateien(ablage)) == 2
    vorstand_kultur.delete()  # the job goes with the account, its file must follow
    call_command("exporte_aufraeumen", stdout=io.StringIO())
    assert _dateien(ablage) == [bleibt.dateiname]
    assert sorted(p.name for p in ablage.iterdir()) == [f"auftrag-{bleibt.pk}"]


# Failure and restart --------------------------------------------------------------------------


def test_failure_is_shown_in_german_without_file_and_can_be_restarted(
    starten, client, referat, daten, ablage, monkeypatch, django_capture_on_commit_callbacks
):
    from kernaktivitaeten.exporte import ausgabe

    echt = ausgabe.fortschrittsbericht_schreiben

    def bricht_ab(auswahl, format, datei):
        datei.write(b"halb geschrieben")
        raise RuntimeError("interner Fehlertext mit Traceback")

    monkeypatch.setattr(auftraege, "fortschrittsbericht_schreiben", bricht_ab)
    _response, auftrag = starten(referat, {"format": "xlsx"})
    assert auftrag.status == Exportstatus.FEHLGESCHLAGEN
    assert auftrag.datei == ""
    assert _dateien(ablage) == []  # the half-written file is gone
    seite = client.get(_seite(auftrag.pk))
    assert "Der Export ist fehlgeschlagen" in text(seite)
    assert "unerwarteter Fehler" in text(seite)
    assert "interner Fehlertext" not in seite.content.decode()
    assert "Traceback" not in seite.content.decode()
    assert client.get(f"{_seite(auftrag.pk)}datei/").status_code == 404
    (nachricht,) = mail.outbox
    assert "fehlgeschlagen" in nachricht.subject and "erneut starten" in nachricht.body

    monkeypatch.setattr(auftraege, "fortschrittsbericht_schreiben", echt)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{_seite(auftrag.pk)}neu-starten/")
    assert response.status_code == 303
    auftrag.refresh_from_db()
    assert auftrag.lauf == 2
    assert auftrag.status == Exportstatus.FERTIG and auftrag.fehlermeldung == ""
    assert _dateien(ablage) == [auftrag.dateiname]
    assert client.get(f"{_seite(auftrag.pk)}datei/").status_code == 200
    # A task of the first run that comes late does nothing.
    assert auftraege.exportauftrag_ausfuehren(auftrag_id=auftrag.pk, lauf=1) is None


def test_a_finished_job_is_not_restarted(starten, client, referat, daten):
    _response, auftrag = starten(referat, {"format": "csv"})
    response = client.post(f"{_seite(auftrag.pk)}neu-starten/", follow=True)
    assert "läuft noch oder ist fertig" in text(response)
    assert Exportauftrag.objects.get(pk=auftrag.pk).lauf == 1
    assert client.get(f"{_seite(auftrag.pk)}neu-starten/").status_code == 405


def test_a_vorstand_who_lost_the_role_gets_a_german_reason(
    client, vorstand_kultur, kultur, daten, django_capture_on_commit_callbacks
):
    client.force_login(vorstand_kultur)
    with django_capture_on_commit_callbacks(execute=False) as rueckrufe:
        client.post(DOWNLOAD, {"format": "csv", "kompetenz": kultur.slug})
    kultur.vorstandsmitglieder.remove(vorstand_kultur)
    vorstand_kultur.groups.clear()
    for rueckruf in rueckrufe:
        rueckruf()
    auftrag = Exportauftrag.objects.get()
    assert auftrag.status == Exportstatus.FEHLGESCHLAGEN
    assert auftrag.fehlermeldung == "Sie dürfen den Fortschrittsbericht nicht mehr exportieren."


def test_the_storage_never_holds_a_half_written_file(starten, referat, daten, ablage, monkeypatch):
    """While the file is written, the storage has only the unfinished file under another
    name; the download name appears in one step at the end."""
    from kernaktivitaeten.exporte import ausgabe

    gesehen = []
    echt = ausgabe.fortschrittsbericht_schreiben

    def beobachtet(auswahl, format, datei):
        echt(auswahl, format, datei)
        gesehen.extend(_dateien(ablage))

    monkeypatch.setattr(auftraege, "fortschrittsbericht_schreiben", beobachtet)
    _response, auftrag = starten(referat, {"format": "xlsx"})
    assert gesehen and all(name.startswith(".entwurf-") for name in gesehen)
    assert _dateien(ablage) == [auftrag.dateiname]


# A worker that died -------------------------------------------------------------------------


def test_a_job_of_a_dead_worker_is_taken_over_a_live_one_is_left_alone(referat, daten):
    auftrag = Exportauftrag.objects.create(
        art=Exportart.FORTSCHRITTSBERICHT,
        format="csv",
        angefordert_von=referat,
        status=Exportstatus.LAEUFT,
        erledigt=2,
        gesamt=4,
        gestartet_am=timezone.now() - timedelta(minutes=1),
        lebenszeichen_am=timezone.now() - timedelta(seconds=30),
        dateiname="fortschrittsbericht-2026-12-03-0815.csv",
    )
    # The task queued again while another worker still works on it: nothing happens.
    assert auftraege.exportauftrag_ausfuehren(auftrag_id=auftrag.pk, lauf=1) is None
    assert Exportauftrag.objects.get(pk=auftrag.pk).status == Exportstatus.LAEUFT
    # No sign of life for longer than VERWAIST_NACH: the job starts afresh and finishes.
    Exportauftrag.objects.filter(pk=auftrag.pk).update(
        lebenszeichen_am=timezone.now() - auftraege.VERWAIST_NACH - timedelta(seconds=1)
    )
    fertig = auftraege.exportauftrag_ausfuehren(auftrag_id=auftrag.pk, lauf=1)
    assert fertig.status == Exportstatus.FERTIG
    assert fertig.erledigt == Kernaktivitaet.objects.count()


def test_a_job_without_sign_of_life_can_be_restarted_by_hand(client, referat, daten):
    auftrag = Exportauftrag.objects.create(
        art=Exportart.FORTSCHRITTSBERICHT,
        format="csv",
        angefordert_von=referat,
        status=Exportstatus.LAEUFT,
        gestartet_am=timezone.now() - timedelta(hours=1),
        lebenszeichen_am=timezone.now() - timedelta(hours=1),
    )
    client.force_login(referat)
    assert "Export erneut starten" in text(client.get(_seite(auftrag.pk)))


# The Berichtsstand --------------------------------------------------------------------------


def test_berichtsstand_export_runs_as_a_job(starten, client, referat, daten):
    from kernaktivitaeten.models import Berichtszeitraum

    zeitraum = Berichtszeitraum.objects.order_by("-ende").first()
    pfad = f"/verwaltung/berichtsstand/export/?zeitraum={zeitraum.pk}"
    client.force_login(referat)
    frage = client.get(pfad)
    assert frage.status_code == 200 and "Export starten" in text(frage)
    assert Exportauftrag.objects.count() == 0
    response, auftrag = starten(referat, {}, pfad=pfad)
    assert response.status_code == 303
    assert auftrag.art == Exportart.BERICHTSSTAND and auftrag.status == Exportstatus.FERTIG
    assert auftrag.parameter["zeitraum"] == zeitraum.pk
    assert re.fullmatch(r"berichtsstand-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx", auftrag.dateiname)
    datei = client.get(f"{_seite(auftrag.pk)}datei/")
    mappe = load_workbook(io.BytesIO(inhalt(datei)))
    assert mappe.sheetnames == ["Summen", "Kernaktivitäten"]
    assert auftrag.gesamt == mappe["Kernaktivitäten"].max_row - 1
