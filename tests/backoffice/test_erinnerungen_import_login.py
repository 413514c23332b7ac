"""Reminders, the import, and login safety."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from kernaktivitaeten.models import Berichtsstatus, Erinnerung, Kernaktivitaet
from tests.factories import KernaktivitaetFactory
from tests.helpers import text
from tests.personas import bericht

pytestmark = pytest.mark.django_db


# Reminders ---------------------------------------------------------------------------------------


@pytest.fixture
def drei_projekte(kultur, projekt_a, projekt_b, projektleitung_a, projektleitung_b, zeitraum):
    """A: report submitted (no reminder). B: report returned (reminder). C: nothing (reminder)."""
    c = KernaktivitaetFactory(titel="Projekt C", kompetenz=kultur)
    c.projektleitungen.add(projektleitung_a)
    bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT)
    bericht(projekt_b, zeitraum, status=Berichtsstatus.ZURUECKGEGEBEN)
    return c


def _call(heute):
    out = io.StringIO()
    call_command("erinnerungen_senden", heute=heute.isoformat(), stdout=out)
    return out.getvalue()


def test_reminders_go_to_leads_with_missing_or_returned_reports(
    drei_projekte, zeitraum, projektleitung_a, projektleitung_b
):
    heute = zeitraum.faellig_am - timedelta(days=3)
    assert "2 Erinnerung(en) versendet" in _call(heute)
    empfaenger = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert empfaenger == sorted(
        [
            (
                projektleitung_a.email,
                f"Erinnerung: Statusbericht „Projekt C“ fällig am {zeitraum.faellig_am:%d.%m.%Y}",
            ),
            (
                projektleitung_b.email,
                f"Erinnerung: Statusbericht „Projekt B“ fällig am {zeitraum.faellig_am:%d.%m.%Y}",
            ),
        ]
    )


def test_reminders_are_sent_once(drei_projekte, zeitraum):
    heute = zeitraum.faellig_am - timedelta(days=3)
    _call(heute)
    assert "0 Erinnerung(en) versendet" in _call(heute)
    assert "0 Erinnerung(en) versendet" in _call(heute + timedelta(days=1))
    assert len(mail.outbox) == 2
    # After the due date, one more (overdue) reminder each, again only once.
    spaet = zeitraum.faellig_am + timedelta(days=5)
    assert "2 Erinnerung(en) versendet" in _call(spaet)
    assert "0 Erinnerung(en) versendet" in _call(spaet)
    assert Erinnerung.objects.filter(art="nachher").count() == 2
    assert all("Überfällig" in m.subject for m in mail.outbox[2:])


def test_no_reminders_outside_the_windows_or_for_closed_periods(drei_projekte, zeitraum):
    assert "0 Erinnerung" in _call(zeitraum.faellig_am - timedelta(days=30))
    zeitraum.offen = False
    zeitraum.save()
    assert "0 Erinnerung" in _call(zeitraum.faellig_am)
    assert mail.outbox == []


def test_reminder_task_runs_the_same_logic(drei_projekte, zeitraum, monkeypatch):
    from kernaktivitaeten import erinnerungen
    from kernaktivitaeten.tasks import erinnerungen_versenden_task

    monkeypatch.setattr(erinnerungen.timezone, "localdate", lambda: zeitraum.faellig_am)
    ergebnis = erinnerungen_versenden_task.enqueue()
    assert ergebnis.return_value == 2


def test_reminder_command_rejects_bad_dates():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("erinnerungen_senden", heute="gestern")


# Import ------------------------------------------------------------------------------------------

IMPORT_URL = "admin:kernaktivitaeten_import"


def csv_datei(text_, name="import.csv"):
    return SimpleUploadedFile(name, text_.encode("utf-8-sig"), content_type="text/csv")


def test_import_dry_run_shows_changes_and_writes_nothing(client, referat, projekt_a):
    projekt_a.nummer = 4711
    projekt_a.save()
    client.force_login(referat)
    datei = csv_datei(
        "nummer;titel;kompetenz;phase;fortschritt\n"
        "4711;Projekt A;hotspot-der-live-kultur;umgesetzt;100\n"
        "4712;Ganz neues Projekt;Talentschmiede im Ruhrgebiet;in Vorbereitung;5\n"
    )
    response = client.post(reverse(IMPORT_URL), {"datei": datei, "probelauf": "on"})
    page = text(response)
    assert response.status_code == 200
    assert "Probelauf" in page and "1 neu, 1 geändert" in page
    assert "Phase: „in Umsetzung“ → „umgesetzt“" in page  # readable values (issue 14)
    assert not Kernaktivitaet.objects.filter(nummer=4712).exists()
    projekt_a.refresh_from_db()
    assert projekt_a.phase == "umsetzung"


def test_import_writes_all_rows_with_history(client, referat, projekt_a):
    projekt_a.nummer = 4711
    projekt_a.save()
    client.force_login(referat)
    datei = csv_datei(
        "nummer,titel,kompetenz,schwerpunkte,fortschritt,veroeffentlicht\n"
        "4711,Projekt A,hotspot-der-live-kultur,Erstklassige Pop-Kultur,90,ja\n"
        "4712,Ganz neues Projekt,talentschmiede-im-ruhrgebiet,Hervorragende schulische Bildung,5,nein\n"
    )
    response = client.post(reverse(IMPORT_URL), {"datei": datei})
    assert response.status_code == 200
    projekt_a.refresh_from_db()
    assert projekt_a.fortschritt == 90
    assert [s.titel for s in projekt_a.schwerpunkte.all()] == ["Erstklassige Pop-Kultur"]
    neu = Kernaktivitaet.objects.get(nummer=4712)
    assert neu.kompetenz.slug == "talentschmiede-im-ruhrgebiet" and not neu.veroeffentlicht
    assert neu.slug == "ganz-neues-projekt"
    assert neu.history.first().history_user == referat


def test_import_is_all_or_nothing_with_errors_per_row(client, referat, projekt_a):
    projekt_a.nummer = 4711
    projekt_a.save()
    client.force_login(referat)
    datei = csv_datei(
        "nummer;titel;kompetenz;schwerpunkte;phase;fortschritt;organisation\n"
        "4711;Projekt A;hotspot-der-live-kultur;;umgesetzt;100;\n"
        "abc;Ohne Nummer;;;;;\n"
        "4713;Falsche Kompetenz;gibt-es-nicht;;;;\n"
        "4714;Schwerpunkt fremd;hotspot-der-live-kultur;Exzellente Forschung;;;\n"
        "4715;Zu viel;;;;150;\n"
        "4716;Phase falsch;;;fertig;;\n"
        "4717;Organisation fehlt;;;;;Unbekanntes Amt\n"
        "4711;Doppelt;;;;;\n"
    )
    response = client.post(reverse(IMPORT_URL), {"datei": datei})
    assert response.status_code == 400
    page = text(response)
    assert "Fehler – es wurde nichts gespeichert" in page
    for meldung in [
        "Nummer „abc“ ist keine positive ganze Zahl.",
        "Unbekannte Kompetenz „gibt-es-nicht“.",
        "Schwerpunkte passen nicht zur Kompetenz: exzellente forschung",
        "Fortschritt „150“ ist keine Zahl von 0 bis 100.",
        "Unbekannte Phase „fertig“.",
        "Unbekannte Organisation „Unbekanntes Amt“.",
        "Nummer 4711 kommt mehrfach vor.",
    ]:
        assert meldung in page
    projekt_a.refresh_from_db()
    assert projekt_a.phase == "umsetzung"  # the valid first row was not written either
    assert not Kernaktivitaet.objects.filter(nummer__in=[4713, 4714, 4715, 4716, 4717]).exists()


def test_import_reads_excel(client, referat):
    buch = Workbook()
    blatt = buch.active
    blatt.append(["nummer", "titel", "kompetenz"])
    blatt.append([4800, "Aus Excel", "hotspot-der-live-kultur"])
    inhalt = io.BytesIO()
    buch.save(inhalt)
    client.force_login(referat)
    datei = SimpleUploadedFile("liste.xlsx", inhalt.getvalue())
    response = client.post(reverse(IMPORT_URL), {"datei": datei})
    assert response.status_code == 200
    assert Kernaktivitaet.objects.get(nummer=4800).titel == "Aus Excel"


@pytest.mark.parametrize(
    ("name", "inhalt", "meldung"),
    [
        ("bild.png", b"\x89PNG\r\n\x1a\n", "Bitte eine CSV-Datei oder eine Excel-Datei"),
        ("kaputt.xlsx", b"PK\x03\x04 kein echtes Excel", "Die Datei kann nicht gelesen werden"),
        ("binaer.csv", b"MZ\x90\x00\x03\x00\x00\x00", "Binärdaten"),
        ("leer.csv", b"", "leer"),
        ("spalten.csv", b"name;ziel\nx;y\n", "Es fehlen Spalten: nummer, titel"),
    ],
)
def test_import_rejects_wrong_files_with_a_clear_message(client, referat, name, inhalt, meldung):
    client.force_login(referat)
    response = client.post(reverse(IMPORT_URL), {"datei": SimpleUploadedFile(name, inhalt)})
    assert response.status_code == 400
    assert meldung in text(response)


def test_import_queries_do_not_grow_with_rows(client, referat, django_assert_max_num_queries):
    client.force_login(referat)
    zeilen = "".join(f"{9000 + i};Projekt {i};hotspot-der-live-kultur\n" for i in range(300))
    with django_assert_max_num_queries(30):
        response = client.post(
            reverse(IMPORT_URL),
            {"datei": csv_datei("nummer;titel;kompetenz\n" + zeilen), "probelauf": "on"},
        )
    assert "300 neu" in text(response)


# Login safety ------------------------------------------------------------------------------------


def test_login_is_locked_after_repeated_failures(client, projektleitung_a):
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "projektleitung_a", "password": "falsch"})
    response = client.post(
        login, {"username": "projektleitung_a", "password": "sicheres-passwort-123"}
    )
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in text(response)
    assert "_auth_user_id" not in client.session


def test_login_works_and_logout_ends_the_session_on_the_server(client, projektleitung_a):
    from django.contrib.sessions.models import Session

    client.post(
        reverse("admin:login"),
        {"username": "projektleitung_a", "password": "sicheres-passwort-123"},
    )
    schluessel = client.session.session_key
    assert Session.objects.filter(session_key=schluessel).exists()
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("admin:logout"))
    assert not Session.objects.filter(session_key=schluessel).exists()
    client.cookies["sessionid"] = schluessel  # replaying the old cookie does not help
    assert client.get(reverse("admin:index")).status_code == 302


class _Uhr:
    """The clock the session store reads, moved forward by hand."""

    def __init__(self, monkeypatch):
        self.start = timezone.now()
        self.monkeypatch = monkeypatch

    def minuten_spaeter(self, minuten: float):
        jetzt = self.start + timedelta(minutes=minuten)
        self.monkeypatch.setattr(timezone, "now", lambda: jetzt)


def test_sessions_expire_after_30_minutes_of_inactivity(client, projektleitung_a, monkeypatch):
    uhr = _Uhr(monkeypatch)
    client.post(
        reverse("admin:login"),
        {"username": "projektleitung_a", "password": "sicheres-passwort-123"},
    )
    assert client.get(reverse("admin:index")).status_code == 200
    # Activity keeps the session alive: each request starts the 30 minutes again …
    uhr.minuten_spaeter(25)
    assert client.get(reverse("admin:index")).status_code == 200
    uhr.minuten_spaeter(50)
    assert client.get(reverse("admin:index")).status_code == 200
    # … and 30 idle minutes end it: the next request goes to the login page.
    uhr.minuten_spaeter(80.1)
    antwort = client.get(reverse("admin:index"))
    assert antwort.status_code == 302 and antwort["Location"].startswith(reverse("admin:login"))


def test_session_cookie_ends_with_the_browser(client, projektleitung_a):
    antwort = client.post(
        reverse("admin:login"),
        {"username": "projektleitung_a", "password": "sicheres-passwort-123"},
    )
    cookie = antwort.cookies["sessionid"]
    assert cookie.value and not cookie["expires"] and not cookie["max-age"]


def test_users_without_role_cannot_log_in(client):
    from tests.factories import UserFactory

    UserFactory(username="ohne_rolle")
    response = client.post(
        reverse("admin:login"), {"username": "ohne_rolle", "password": "sicheres-passwort-123"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_validators_refuse_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for schwach in ["12345678", "passwort", "bochum2030"]:
        with pytest.raises(ValidationError):
            validate_password(schwach)
    validate_password("Lange-und-gute-Passphrase-2030")


def test_demo_accounts_only_in_debug(settings, client):
    from django.core.management.base import CommandError

    from kernaktivitaeten.demodaten import demodaten_erzeugen

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demobenutzer_anlegen")
    settings.DEBUG = True
    demodaten_erzeugen(anzahl=10)
    call_command("demobenutzer_anlegen", stdout=io.StringIO())
    call_command("demobenutzer_anlegen", stdout=io.StringIO())  # again: no error, no duplicates
    response = client.post(
        reverse("admin:login"), {"username": "demo-projektleitung", "password": "bochum-demo-2030"}
    )
    assert response.status_code == 302
    assert (
        Kernaktivitaet.objects.filter(projektleitungen__username="demo-projektleitung").count() == 3
    )
