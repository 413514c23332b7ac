"""Issue 18: the public change log /aenderungen/ and its feed, built from the audit history:
what appears (public fields of public things, with before → after, reason and organisation)
and what never does (people, internal fields, unpublished or demo projects, drafts)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kernaktivitaeten.aenderungen import aenderung_begruenden, protokoll_nachtragen
from kernaktivitaeten.models import Aenderung, Kernaktivitaet
from kernaktivitaeten.services import (
    kernaktivitaet_speichern,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
)
from tests.factories import KennzahlFactory, KernaktivitaetFactory, OrganisationFactory
from zielsystem.models import Kompetenz, ProgrammatischesZiel

pytestmark = pytest.mark.django_db


@pytest.fixture
def projekt(projekt_a, referat):
    projekt_a.organisation = OrganisationFactory(name="Kulturbüro Bochum")
    kernaktivitaet_speichern(kernaktivitaet=projekt_a, user=referat)
    protokoll_nachtragen()
    Aenderung.objects.all().delete()
    return projekt_a


def _eintraege():
    return {
        (a.objekt_titel, a.feld, a.vorher, a.nachher): a
        for a in Aenderung.objects.fuer_auswertung()
    }


def test_title_goal_and_internal_fields_of_a_project(projekt, referat):
    projekt.titel = "Projekt A – neu"
    projekt.projektziel = "Ein neues Ziel."
    projekt.anmerkungen_referat = "INTERNE NOTIZ"
    projekt.kontakt_name = "Erika Mustermann"
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    assert protokoll_nachtragen() == 2
    eintraege = _eintraege()
    assert set(eintraege) == {
        ("Projekt A – neu", "titel", "Projekt A", "Projekt A – neu"),
        ("Projekt A – neu", "projektziel", "Ein Ziel für den Test.", "Ein neues Ziel."),
    }
    titel = eintraege["Projekt A – neu", "titel", "Projekt A", "Projekt A – neu"]
    assert titel.organisation == "Kulturbüro Bochum"
    assert titel.feld_name == "Titel"
    assert titel.objekt_url == projekt.get_permanent_url()
    # Running again adds nothing: the history was read up to its end.
    assert protokoll_nachtragen() == 0


def test_phase_by_an_approved_report_carries_the_report_as_reason(
    projekt, zeitraum, projektleitung_a, vorstand_kultur
):
    bericht = statusbericht_anlegen(
        kernaktivitaet=projekt,
        berichtszeitraum=zeitraum,
        user=projektleitung_a,
        daten={"phase": "umgesetzt", "fortschritt": 100, "erreicht": "Fertig."},
    )
    protokoll_nachtragen()
    assert not Aenderung.objects.exists()  # a draft changes nothing public
    bericht = statusbericht_einreichen(bericht=bericht, user=projektleitung_a)
    statusbericht_freigeben(bericht=bericht, user=vorstand_kultur)
    protokoll_nachtragen()
    phase = Aenderung.objects.get(feld="phase")
    assert (phase.vorher, phase.nachher) == ("in Umsetzung", "umgesetzt")
    assert phase.begruendung == "Freigegebener Statusbericht „2026 – 2. Halbjahr“"


def test_stopped_merged_kompetenz_and_schwerpunkte(projekt, referat):
    ziel = KernaktivitaetFactory(titel="Großes Vorhaben", slug="gross")
    andere = Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet")
    projekt.phase = "aufgegangen"
    projekt.aufgegangen_in = ziel
    projekt.kompetenz = andere
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    vorher = sorted(projekt.schwerpunkte.values_list("titel", flat=True))
    projekt.schwerpunkte.set(andere.schwerpunkte.all()[:1])
    protokoll_nachtragen()
    werte = {a.feld: (a.vorher, a.nachher) for a in Aenderung.objects.all()}
    assert werte["phase"] == ("in Umsetzung", "aufgegangen in anderem Projekt")
    assert werte["aufgegangen_in_id"] == ("", "Großes Vorhaben")
    assert werte["kompetenz_id"] == ("Hotspot der Live-Kultur", andere.titel)
    neue = andere.schwerpunkte.first().titel
    schwerpunkt_eintraege = Aenderung.objects.filter(feld="schwerpunkte").order_by("history_id")
    # set() removes, then adds: two entries, first the old Schwerpunkt, then the new one.
    assert [(a.objekt_titel, a.vorher, a.nachher) for a in schwerpunkt_eintraege] == [
        ("Projekt A", "; ".join(vorher), ""),
        ("Projekt A", "", neue),
    ]
    # The merge target was created with its Schwerpunkte: no entry for it.
    assert not Aenderung.objects.filter(objekt_titel="Großes Vorhaben").exists()


def test_target_value_of_an_indicator(projekt):
    kennzahl = projekt.kennzahlen.get()
    kennzahl.zielwert = Decimal("1500")
    kennzahl.save()
    protokoll_nachtragen()
    eintrag = Aenderung.objects.get()
    assert (eintrag.feld, eintrag.vorher, eintrag.nachher) == ("zielwert", "1.000", "1.500")
    assert eintrag.objekt_titel == "Projekt A: Besuchende"


def test_goal_texts_of_the_zielsystem(client):
    ziel = ProgrammatischesZiel.objects.select_related("schwerpunkt").first()
    alt = ziel.text
    ziel.text = "Wir machen alles besser."
    ziel.save()
    protokoll_nachtragen()
    print(
        list(Aenderung.objects.values_list("objekt_titel", "feld", "vorher", "nachher", "quelle"))
    )
    eintrag = Aenderung.objects.get()
    assert (eintrag.vorher, eintrag.nachher) == (alt, "Wir machen alles besser.")
    assert eintrag.organisation == "Stadt Bochum"
    assert eintrag.objekt_url == ziel.schwerpunkt.get_absolute_url()
    html = client.get(reverse("kernaktivitaeten:aenderungen")).content.decode()
    assert "Wir machen alles besser." in html


def test_never_unpublished_demo_or_before_publication(projekt, referat):
    geheim = KernaktivitaetFactory(titel="Geheim", slug="geheim", veroeffentlicht=False)
    geheim.titel = "Geheim 2"
    kernaktivitaet_speichern(kernaktivitaet=geheim, user=referat)
    demo = KernaktivitaetFactory(titel="Demo", slug="demo", demo=True)
    demo.titel = "Demo 2"
    kernaktivitaet_speichern(kernaktivitaet=demo, user=referat)
    protokoll_nachtragen()
    assert Aenderung.objects.filter(kernaktivitaet=demo).exists()  # kept, never shown
    assert not Aenderung.objects.fuer_auswertung().exists()
    assert not Aenderung.objects.filter(kernaktivitaet=geheim).exists()
    # A project published later: its earlier edits stay out, its public ones appear.
    geheim.veroeffentlicht = True
    kernaktivitaet_speichern(kernaktivitaet=geheim, user=referat)
    geheim.titel = "Geheim 3"
    kernaktivitaet_speichern(kernaktivitaet=geheim, user=referat)
    protokoll_nachtragen()
    assert [(a.vorher, a.nachher) for a in Aenderung.objects.fuer_auswertung()] == [
        ("Geheim 2", "Geheim 3")
    ]
    # Unpublished again: its entries leave the public log.
    geheim.veroeffentlicht = False
    kernaktivitaet_speichern(kernaktivitaet=geheim, user=referat)
    assert not Aenderung.objects.fuer_auswertung().exists()


def test_page_and_feed_show_no_person(client, projekt, referat, projektleitung_a):
    referat.first_name, referat.last_name = "Renate", "Referentin"
    referat.save()
    projekt.titel = "Projekt A – umbenannt"
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    protokoll_nachtragen()
    seite = client.get(reverse("kernaktivitaeten:aenderungen")).content.decode()
    feed = client.get(reverse("exporte:feed_aenderungen")).content.decode()
    for text in (seite, feed):
        assert "Projekt A – umbenannt" in text
        assert "Kulturbüro Bochum" in text
        for name in ("Renate", "Referentin", "referat", "projektleitung_a"):
            assert name not in text
    assert "<feed" in feed and "Vorher: Projekt A" in feed


def test_referat_adds_a_reason_once(client, projekt, referat, projektleitung_a):
    projekt.titel = "Projekt A – kürzer"
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    protokoll_nachtragen()
    eintrag = Aenderung.objects.get()
    with pytest.raises(PermissionDenied):
        aenderung_begruenden(aenderung=eintrag, begruendung="x", user=projektleitung_a)
    with pytest.raises(ValidationError):
        aenderung_begruenden(aenderung=eintrag, begruendung="   ", user=referat)
    client.force_login(referat)
    url = reverse("admin:kernaktivitaeten_aenderung_change", args=[eintrag.pk])
    antwort = client.post(url, {"begruendung": "Titel an den Ratsbeschluss angepasst."})
    assert antwort.status_code == 302
    eintrag.refresh_from_db()
    assert eintrag.begruendung == "Titel an den Ratsbeschluss angepasst."
    with pytest.raises(ValidationError, match="schon eine Begründung"):
        aenderung_begruenden(aenderung=eintrag, begruendung="Anders.", user=referat)
    assert client.post(url, {"begruendung": "Anders."}).status_code == 403
    html = client.get(reverse("kernaktivitaeten:aenderungen")).content.decode()
    assert "Titel an den Ratsbeschluss angepasst." in html


def test_back_office_write_updates_the_log(client, projekt, referat):
    """The back office takes up its own writes at once (no command needed)."""
    kennzahl = KennzahlFactory(kernaktivitaet=projekt, name="Bänke", zielwert=100)
    client.force_login(referat)
    url = reverse("admin:kernaktivitaeten_kennzahl_change", args=[kennzahl.pk])
    seite = client.get(url)
    assert seite.status_code == 200
    daten = {
        "name": "Bänke",
        "kernaktivitaet": str(projekt.pk),
        "einheit": "",
        "ausgangswert": "",
        "ausgangsdatum": "",
        "zielwert": "120",
        "zieldatum": "",
        "richtung": "steigen",
        "messwerte-TOTAL_FORMS": "0",
        "messwerte-INITIAL_FORMS": "0",
    }
    assert client.post(url, daten).status_code == 302
    assert Aenderung.objects.filter(feld="zielwert", vorher="100", nachher="120").exists()


def test_page_queries_stay_constant(client, projekt, referat, django_assert_max_num_queries):
    for nummer in range(3):
        projekt.titel = f"Titel {nummer}"
        kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    protokoll_nachtragen()
    with django_assert_max_num_queries(4) as wenige:
        client.get(reverse("kernaktivitaeten:aenderungen"))
    for nummer in range(3, 80):
        projekt.titel = f"Titel {nummer}"
        kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    protokoll_nachtragen()
    assert Aenderung.objects.count() == 80
    with django_assert_max_num_queries(len(wenige.captured_queries)):
        html = client.get(reverse("kernaktivitaeten:aenderungen")).content.decode()
    assert "Seite 1 von 2" in html
    assert client.get(reverse("kernaktivitaeten:aenderungen") + "?seite=9").status_code == 404
    assert client.get(reverse("kernaktivitaeten:aenderungen") + "?seite=x").status_code == 404


def test_unknown_project_does_not_break_the_log(projekt, referat):
    projekt.titel = "Vorher gelöscht"
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    Kernaktivitaet.objects.filter(pk=projekt.pk).update(titel="x")  # no history: no entry
    projekt.statusberichte.all().delete()
    protokoll_nachtragen()
    assert Aenderung.objects.filter(feld="titel").count() == 1


def test_change_log_is_in_the_sitemap_and_linked_from_the_dashboard(client):
    from django.conf import settings

    antwort = client.get("/sitemap-seiten.xml")
    inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    assert f"{settings.SITE_URL}/aenderungen/" in inhalt.decode()
    assert 'href="/aenderungen/"' in client.get(reverse("exporte:dashboard")).content.decode()


def test_english_page_names_the_field_in_english(client, projekt, referat):
    projekt.projektziel = "Neues Ziel"
    kernaktivitaet_speichern(kernaktivitaet=projekt, user=referat)
    protokoll_nachtragen()
    html = client.get("/en/aenderungen/").content.decode()
    assert "Project goal" in html and "Change log" in html
