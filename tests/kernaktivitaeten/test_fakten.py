"""The real Kernaktivitäten: every entry of the facts file is loaded once, as stated, with
nothing invented, and a second `make run` (portal_einrichten) never undoes a back-office edit.

The expectations below are read off the facts file by hand, independently of the loader's
rules, so that a wrong rule fails here.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from kernaktivitaeten.fakten import (
    FAKTENDATEI,
    KENNZAHLEN,
    SEED_ALIASE,
    fakten_lesen,
    kernaktivitaeten_aus_fakten_laden,
)
from kernaktivitaeten.models import Kernaktivitaet, Phase
from tests.helpers import formular_daten, links, text

pytestmark = pytest.mark.django_db

FAKTEN = fakten_lesen()
GETEILT = Path(settings.BASE_DIR).parent / "shared" / "data" / "kernaktivitaeten-fakten.json"
SEED = {
    eintrag["fields"]["titel"]: eintrag["fields"]
    for eintrag in json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "kernaktivitaeten.json").read_text()
    )
    if eintrag["model"] == "kernaktivitaeten.kernaktivitaet"
}
KOMPETENZ_PK = {
    1: "Vorreiterin modernen Stadtmanagements",
    2: "Großstadt mit Lebensgefühl",
    3: "Hotspot der Live-Kultur",
}

# Phase per facts entry as its status facts state it; every other entry states none.
PHASE = {
    "Behördennummer 115": Phase.UMGESETZT,  # "umgesetzt: Freischaltung Ende Juni 2018"
    "1.000 Bänke für Bochum": Phase.UMGESETZT,  # "umgesetzt, abgeschlossen Dezember 2021"
    "StadtBaumKonzept": Phase.UMGESETZT,  # "als umgesetztes Projekt gekennzeichnet"
    "Starke freie Kultur": Phase.UMGESETZT,  # "als umgesetztes Projekt gekennzeichnet"
    "StadtRaumPflege": Phase.UMSETZUNG,  # "in Umsetzung seit 2018"
    "BOvelo – Leitprojekte Radverkehr": Phase.UMSETZUNG,  # "in Umsetzung; …"
    "Vorfahrt ÖPNV – Leitprojekte öffentlicher Nahverkehr": Phase.UMSETZUNG,  # "in Bearbeitung"
    "Haus des Wissens": Phase.UMSETZUNG,  # "in Bau seit 2022"
    "Kulturportal": Phase.VORBEREITUNG,  # Status „Vorbereitung/Planung“
    "Markthalle": Phase.AUFGEGANGEN,  # "im Projekt Haus des Wissens aufgegangen"
    "Bochumer Nachwuchskräftesicherung in der Pflege": Phase.REGELBETRIEB,  # "Verstetigung …"
}


def _projekt(eintrag) -> Kernaktivitaet:
    return Kernaktivitaet.objects.echt().get(faktenschluessel=eintrag["titel"])


def test_the_repository_copy_equals_the_shared_facts_file():
    if not GETEILT.exists():
        pytest.skip("../shared/data is not there (fresh clone without the research data)")
    assert json.loads(FAKTENDATEI.read_text()) == json.loads(GETEILT.read_text())


def test_every_entry_is_one_real_project_and_nothing_is_duplicated():
    assert len(FAKTEN) == 30
    for eintrag in FAKTEN:
        assert Kernaktivitaet.objects.filter(faktenschluessel=eintrag["titel"]).count() == 1
    # 8 seed projects, 7 of them described by the facts file (merged), 23 new.
    assert Kernaktivitaet.objects.echt().count() == len(SEED) + 30 - 7
    titel = list(Kernaktivitaet.objects.values_list("titel", flat=True))
    assert len(titel) == len(set(titel))


@pytest.mark.parametrize("eintrag", FAKTEN, ids=[e["titel"] for e in FAKTEN])
def test_each_project_matches_its_facts(eintrag):
    projekt = _projekt(eintrag)
    namen = {eintrag["titel"], *eintrag["alternativtitel"], *SEED_ALIASE.get(eintrag["titel"], [])}
    assert projekt.titel in namen
    seed = SEED.get(projekt.titel)
    if eintrag["kompetenz"]:
        erwartet = eintrag["kompetenz"].replace("Vorreiter ", "Vorreiterin ")
    elif seed and seed["kompetenz"]:  # the brochure's own statement (seed README)
        erwartet = KOMPETENZ_PK[seed["kompetenz"]]
    else:
        erwartet = None
    assert (projekt.kompetenz.titel if projekt.kompetenz else None) == erwartet
    assert projekt.phase == PHASE.get(eintrag["titel"], (seed or {}).get("phase", ""))
    assert projekt.quellen == eintrag["quellen"]
    assert projekt.quellenangaben["stand"] == eintrag["status"]
    assert projekt.veroeffentlicht and not projekt.demo
    if not eintrag["federfuehrung"] and not (seed and seed["organisation"]):
        assert projekt.organisation is None
    if projekt.kompetenz is None or projekt.organisation is None:
        assert projekt.zuordnung_offen
        assert Kernaktivitaet.objects.zuordnung_offen().filter(pk=projekt.pk).exists()
    if eintrag["anmerkungen"]:
        assert eintrag["anmerkungen"] in projekt.anmerkungen_referat


@pytest.mark.parametrize("eintrag", FAKTEN[:12], ids=[e["titel"] for e in FAKTEN[:12]])
def test_the_public_page_shows_the_stated_facts_and_links_the_sources(client, eintrag):
    projekt = _projekt(eintrag)
    response = client.get(projekt.get_absolute_url())
    seite = text(response)
    for fakt in eintrag["status"]:
        assert " ".join(fakt.split()) in seite
    for adresse in eintrag["quellen"]:
        assert adresse in links(response)
    if projekt.kompetenz is None:
        assert "noch nicht zugeordnet" in seite
    # internal notes stay in the back office
    if projekt.anmerkungen_referat:
        assert projekt.anmerkungen_referat.splitlines()[0] not in seite


def test_only_named_kompetenzen_and_the_one_cut_schwerpunkt_are_assigned():
    flex = Kernaktivitaet.objects.get(faktenschluessel="Flexible Kita im Stadtbezirk")
    assert [s.titel for s in flex.schwerpunkte.all()] == ["Richtungsweisende frühkindliche Bildung"]
    ohne = [e["titel"] for e in FAKTEN if not e["kompetenz"] and e["titel"] not in ("Markthalle",)]
    assert not Kernaktivitaet.objects.filter(
        faktenschluessel__in=ohne, kompetenz__isnull=False
    ).exists()


def test_figures_are_kennzahlen_with_the_stated_value_and_its_source():
    baenke = Kernaktivitaet.objects.get(faktenschluessel="1.000 Bänke für Bochum")
    werte = {k.name: [(str(m.datum), m.wert) for m in k.messreihe] for k in baenke.kennzahlen.all()}
    assert werte["Aufgestellte Bänke"][-1][1] == 517
    assert str(werte["Spenden"][-1][1]) == "202035.88"
    # every figure is written in a status fact exactly as loaded, and dated as stated
    for titel, fakten in KENNZAHLEN.items():
        projekt = Kernaktivitaet.objects.get(faktenschluessel=titel)
        for fakt in fakten:
            kennzahl = projekt.kennzahlen.get(name=fakt.name)
            for wert in fakt.werte:
                assert any(wert.beleg in s for s in projekt.quellenangaben["stand"])
                assert _deutsch(wert.wert) in wert.beleg
                assert kennzahl.messwerte.get(datum=wert.datum).wert == wert.wert


def _deutsch(zahl) -> str:
    ganz, _punkt, rest = f"{zahl:,.2f}".partition(".")
    ganz = ganz.replace(",", ".")
    return ganz if rest == "00" else f"{ganz},{rest}"


def test_the_merged_project_links_the_project_it_went_into():
    markthalle = Kernaktivitaet.objects.get(faktenschluessel="Markthalle")
    assert markthalle.titel == "Bochums Speisekammer – Markthalle im Herzen der Stadt"
    assert markthalle.aufgegangen_in.titel == "Haus des Wissens"


def test_a_second_run_changes_nothing():
    vorher = list(Kernaktivitaet.objects.order_by("pk").values())
    historie = Kernaktivitaet.history.count()
    call_command("portal_einrichten", verbosity=0)
    assert list(Kernaktivitaet.objects.order_by("pk").values()) == vorher
    assert Kernaktivitaet.history.count() == historie


def test_a_back_office_edit_survives_a_second_run(client, referat):
    projekt = Kernaktivitaet.objects.get(faktenschluessel="Wohnungsbauoffensive")
    client.force_login(referat)
    change = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt.pk])
    daten = formular_daten(client.get(change))
    daten["titel"] = "Wohnungsbau-Offensive Bochum"
    daten["projektziel"] = "Vom Referat neu gefasst."
    daten["phase"] = Phase.UMSETZUNG
    daten["anmerkungen_referat"] = "Geprüft."
    response = client.post(change, daten)
    assert response.status_code == 302, text(response)[:2000]

    call_command("portal_einrichten", verbosity=0)
    # even when the facts file changed meanwhile, only empty fields are filled
    geaendert = [dict(e, kurzziel="Neu", status=[*e["status"], "neu"]) for e in FAKTEN]
    kernaktivitaeten_aus_fakten_laden(eintraege=geaendert)

    projekt.refresh_from_db()
    assert projekt.titel == "Wohnungsbau-Offensive Bochum"
    assert projekt.projektziel == "Vom Referat neu gefasst."
    assert projekt.phase == Phase.UMSETZUNG
    assert projekt.anmerkungen_referat == "Geprüft."
    assert Kernaktivitaet.objects.filter(titel__startswith="Wohnungsbau").count() == 1
