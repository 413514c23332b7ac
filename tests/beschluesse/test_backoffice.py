"""Back office of the Beschlussregister: the Referat edits (reason rule as a form error,
audited), a Vorstand changes only status and reason of own Kompetenz, overdue decisions on
the start page and the Berichtsstand, the OParl import page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kernaktivitaeten.models import Beschlussstatus, Ratsbeschluss
from tests.factories import RatsbeschlussFactory
from tests.helpers import formular_daten, text

pytestmark = pytest.mark.django_db
HEUTE = timezone.localdate()
S = Beschlussstatus


@pytest.fixture
def beschluss(kultur):
    b = RatsbeschlussFactory(
        vorlagennummer="20993001",
        titel="Kulturbeschluss",
        status=S.UMSETZUNG,
        frist=HEUTE - timedelta(days=5),
    )
    b.schwerpunkte.add(kultur.schwerpunkte.first())
    return b


def aendern_url(beschluss):
    return reverse("admin:kernaktivitaeten_ratsbeschluss_change", args=[beschluss.pk])


def test_referat_ruecksetzen_ohne_grund_ist_formularfehler(client, referat, beschluss):
    client.force_login(referat)
    daten = formular_daten(client.get(aendern_url(beschluss)))
    daten["status"] = S.OFFEN
    response = client.post(aendern_url(beschluss), daten)
    assert response.status_code == 200  # the form again, with the error
    assert "Bitte begründen Sie die Änderung" in text(response)
    beschluss.refresh_from_db()
    assert beschluss.status == S.UMSETZUNG

    daten["status_grund"] = "Vergabe gescheitert, neue Ausschreibung."
    response = client.post(aendern_url(beschluss), daten)
    assert response.status_code == 302
    beschluss.refresh_from_db()
    assert beschluss.status == S.OFFEN
    aenderung = beschluss.statusaenderungen.get()
    assert (aenderung.grund, aenderung.geaendert_von) == (
        "Vergabe gescheitert, neue Ausschreibung.",
        referat,
    )
    assert "status" in beschluss.handbearbeitet
    assert beschluss.history.first().history_user == referat


def test_vorstand_aendert_nur_stand_und_grund(client, vorstand_kultur, beschluss):
    client.force_login(vorstand_kultur)
    seite = client.get(aendern_url(beschluss))
    assert seite.status_code == 200
    daten = formular_daten(seite)
    assert "titel" not in daten and "frist" not in daten  # read-only for a Vorstand
    daten.update(status=S.UMGESETZT, status_grund="Abgeschlossen.", titel="Gekapert")
    assert client.post(aendern_url(beschluss), daten).status_code == 302
    beschluss.refresh_from_db()
    assert (beschluss.status, beschluss.titel) == (S.UMGESETZT, "Kulturbeschluss")
    assert beschluss.statusaenderungen.get().geaendert_von == vorstand_kultur


def test_vorstand_sieht_nur_beschluesse_der_eigenen_kompetenz(
    client, vorstand_bildung, vorstand_kultur, beschluss
):
    client.force_login(vorstand_bildung)
    liste = client.get(reverse("admin:kernaktivitaeten_ratsbeschluss_changelist"))
    assert "20993001" not in liste.content.decode()
    assert client.get(aendern_url(beschluss)).status_code == 404
    client.force_login(vorstand_kultur)
    liste = client.get(reverse("admin:kernaktivitaeten_ratsbeschluss_changelist"))
    assert "20993001" in liste.content.decode()


def test_ueberfaellige_beschluesse_auf_startseite_und_berichtsstand(
    client, referat, vorstand_bildung, beschluss, zeitraum
):
    RatsbeschlussFactory(
        vorlagennummer="20993002", status=S.UMGESETZT, frist=HEUTE - timedelta(days=5)
    )
    client.force_login(referat)
    for url in (reverse("admin:index"), reverse("admin:berichtsstand")):
        seite = client.get(url)
        assert seite.status_code == 200
        tabelle = seite.content.decode().split('id="ueberfaellige-beschluesse"')[1]
        assert "20993001" in tabelle.split("</table>")[0]
        assert "20993002" not in tabelle.split("</table>")[0]
        assert "keine Begründung angegeben" in tabelle
    client.force_login(vorstand_bildung)  # not their Kompetenz
    assert "20993001" not in client.get(reverse("admin:index")).content.decode()


def test_startseite_abfragen_konstant(client, referat, django_assert_max_num_queries):
    client.force_login(referat)
    client.get(reverse("admin:index"))
    with django_assert_max_num_queries(40) as vorher:
        client.get(reverse("admin:index"))
    for n in range(10):
        RatsbeschlussFactory(frist=HEUTE - timedelta(days=n + 1), status=S.OFFEN)
    with django_assert_max_num_queries(len(vorher.captured_queries)):
        client.get(reverse("admin:index"))


IMPORT = "admin:kernaktivitaeten_ratsbeschluss_oparl_import"


def test_oparl_import_seite_ueber_adresse(client, referat, oparl_server):
    client.force_login(referat)
    response = client.post(
        reverse(IMPORT),
        {"adresse": f"{oparl_server.basis}/system.json", "probelauf": "on"},
    )
    assert response.status_code == 200
    assert "Probelauf" in text(response) and "20990101" in text(response)
    assert not Ratsbeschluss.objects.filter(vorlagennummer="20990101").exists()
    response = client.post(reverse(IMPORT), {"adresse": f"{oparl_server.basis}/system.json"})
    assert Ratsbeschluss.objects.filter(vorlagennummer__startswith="2099010").count() == 3


def test_oparl_import_seite_mit_datei_und_fehlern(client, referat, oparl_dateien):
    client.force_login(referat)
    datei = SimpleUploadedFile(
        "dump.json", (oparl_dateien / "dump.json").read_bytes(), "application/json"
    )
    response = client.post(reverse(IMPORT), {"datei": datei})
    assert response.status_code == 200
    assert Ratsbeschluss.objects.get(vorlagennummer="20990101").tenor
    vorher = Ratsbeschluss.objects.count()
    kaputt = SimpleUploadedFile("x.json", b"{kein json", "application/json")
    response = client.post(reverse(IMPORT), {"datei": kaputt})
    assert response.status_code == 400
    assert "kein gültiges JSON" in text(response)
    assert "nichts gespeichert" in text(response)
    assert client.post(reverse(IMPORT), {}).status_code == 400  # neither address nor file
    response = client.post(reverse(IMPORT), {"adresse": "nicht eine adresse"})
    assert response.status_code == 400
    assert Ratsbeschluss.objects.count() == vorher
