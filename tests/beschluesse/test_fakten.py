"""The council decisions named in the facts file are in the register with what the sources
state, and nothing more; loading is idempotent and keeps the Referat's edits."""

import copy
from datetime import date

import pytest

from kernaktivitaeten.beschluesse.fakten import BESCHLUESSE, beschluesse_aus_fakten_laden
from kernaktivitaeten.fakten import fakten_lesen
from kernaktivitaeten.models import Gremium, Kernaktivitaet, Ratsbeschluss

pytestmark = pytest.mark.django_db


def test_echte_beschluesse_wie_in_den_quellen():
    oasen = Ratsbeschluss.objects.get(vorlagennummer="20202999")
    assert (oasen.gremium, oasen.jahr, oasen.datum) == (Gremium.RAT, 2021, None)
    assert "vom Rat 2021 einstimmig beschlossen" in oasen.angaben_laut_quellen
    assert oasen.kernaktivitaeten.filter(titel__startswith="Bochums grüne Oasen").exists()

    rad = Ratsbeschluss.objects.get(vorlagennummer="20230262")
    assert (rad.titel, rad.gremium, rad.datum, rad.jahr) == (
        "Radverkehrskonzept",
        Gremium.RAT,
        date(2023, 5, 4),
        2023,
    )
    assert list(rad.betroffene_kernaktivitaeten.values_list("faktenschluessel", flat=True)) == [
        "BOvelo – Leitprojekte Radverkehr"
    ]
    assert rad.quellen and all(q.startswith("http") for q in rad.quellen)

    wohnen = Ratsbeschluss.objects.get(vorlagennummer="20181415")
    assert (wohnen.jahr, wohnen.datum, wohnen.gremium) == (2018, None, Gremium.RAT)
    update = Ratsbeschluss.objects.get(vorlagennummer="20191481")
    assert (update.jahr, update.datum, update.gremium) == (None, None, "")  # not stated

    for nummer in ("20202999", "20230262", "20181415", "20191481"):
        b = Ratsbeschluss.objects.get(vorlagennummer=nummer)
        # nothing the sources do not state: no deadline, status, summary, tenor, office
        assert (b.frist, b.status, b.zusammenfassung, b.tenor, b.organisation_id) == (
            None,
            "",
            "",
            "",
            None,
        ), nummer


def test_jeder_beleg_steht_in_der_faktendatei():
    texte = {
        e["titel"]: " ".join([e["tranche_ratsbeschluss_vorlage"], *e["status"]])
        for e in fakten_lesen()
    }
    for fakt in BESCHLUESSE:
        assert fakt.beleg in texte[fakt.projekt], fakt.vorlagennummer
        assert fakt.vorlagennummer in fakt.beleg


def test_idempotent_und_bearbeitetes_bleibt():
    rad = Ratsbeschluss.objects.get(vorlagennummer="20230262")
    rad.titel = "Radverkehrskonzept Bochum (vom Referat ergänzt)"
    rad.save()
    vorher = list(Ratsbeschluss.objects.order_by("pk").values())
    ergebnis = beschluesse_aus_fakten_laden(eintraege=fakten_lesen())
    assert set(ergebnis.values()) == {"unveraendert"}
    assert list(Ratsbeschluss.objects.order_by("pk").values()) == vorher


def test_ohne_beleg_wird_nichts_geladen():
    Kernaktivitaet.objects.filter(ratsbeschluss__vorlagennummer="20230262").update(
        ratsbeschluss=None
    )
    Ratsbeschluss.objects.filter(vorlagennummer="20230262").delete()
    eintraege = copy.deepcopy(fakten_lesen())
    for e in eintraege:
        e["tranche_ratsbeschluss_vorlage"] = e["tranche_ratsbeschluss_vorlage"].replace(
            "20230262", "(Nummer fehlt)"
        )
        e["status"] = [s.replace("20230262", "") for s in e["status"]]
    ergebnis = beschluesse_aus_fakten_laden(eintraege=eintraege)
    assert "20230262" not in ergebnis
    assert not Ratsbeschluss.objects.filter(vorlagennummer="20230262").exists()
