"""OParl 1.1 import: from a local HTTP endpoint (System → Body → paged Paper list) and from
saved files; matching, idempotency, hand edits, dry run, malformed input."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from kernaktivitaeten.beschluesse.oparl import (
    OParlFehler,
    gremium_art,
    oparl_importieren,
    quelle_pruefen,
)
from kernaktivitaeten.beschluesse.services import beschluss_status_aendern
from kernaktivitaeten.models import Gremium, Ratsbeschluss
from tests.beschluesse.conftest import DATEI_BASIS, oparl_text
from tests.factories import RatsbeschlussFactory

pytestmark = pytest.mark.django_db


def zustand():
    return list(Ratsbeschluss.objects.order_by("pk").values())


def test_import_ueber_endpunkt_folgt_system_body_und_seiten(oparl_server):
    ergebnis = oparl_importieren(quelle=f"{oparl_server.basis}/system.json")

    assert [(v.vorlagennummer, v.aktion) for v in ergebnis.vorgaenge] == [
        ("20990101", "angelegt"),
        ("20990102", "angelegt"),
        ("20990103", "angelegt"),
        ("20990104", "uebersprungen"),  # deleted in OParl
        ("", "uebersprungen"),  # no reference, not known
    ]
    assert "/papers-2.json" in oparl_server.abrufe  # the second page was followed
    park = Ratsbeschluss.objects.get(vorlagennummer="20990101")
    # the authoritative consultation decides: the council's meeting, not the committee's
    assert park.datum == date(2099, 2, 5)
    assert park.jahr == 2099
    assert park.gremium == Gremium.RAT
    assert park.gremium_name == "Rat der Beispielstadt"
    assert park.tenor == "Der Rat beschließt das Parkkonzept (Testdaten)."
    assert park.titel == "Testvorlage Parkkonzept"
    assert park.ris_url == "https://ris.example.org/vorlage/101"
    assert park.oparl_id == f"{oparl_server.basis}/paper/101"
    assert park.veroeffentlicht is False  # new: for the Referat to review first
    assert park.status == ""  # OParl knows no implementation status
    rad = Ratsbeschluss.objects.get(vorlagennummer="20990102")
    assert (rad.gremium, rad.datum) == (Gremium.AUSSCHUSS, date(2099, 1, 20))
    assert rad.tenor == ""  # no agenda item: nothing made up
    # missing optional fields stay empty
    ohne = Ratsbeschluss.objects.get(vorlagennummer="20990103")
    assert (ohne.titel, ohne.datum, ohne.gremium, ohne.ris_url) == ("", None, "", "")
    assert not Ratsbeschluss.objects.filter(vorlagennummer="20990104").exists()


def test_import_ist_idempotent_und_aktualisiert(oparl_server):
    quelle = f"{oparl_server.basis}/system.json"
    oparl_importieren(quelle=quelle)
    vorher = zustand()
    zweiter = oparl_importieren(quelle=quelle)
    assert {v.aktion for v in zweiter.vorgaenge} == {"unveraendert", "uebersprungen"}
    assert zustand() == vorher

    oparl_server.ersatz["papers-1.json"] = oparl_text("papers-1.json", oparl_server.basis).replace(
        "Testvorlage Radwege", "Testvorlage Radwege (neu)"
    )
    dritter = oparl_importieren(quelle=quelle)
    rad = next(v for v in dritter.vorgaenge if v.vorlagennummer == "20990102")
    assert (rad.aktion, rad.felder) == ("aktualisiert", ["titel"])
    assert Ratsbeschluss.objects.get(vorlagennummer="20990102").titel == "Testvorlage Radwege (neu)"
    assert Ratsbeschluss.objects.filter(vorlagennummer__startswith="2099010").count() == 3


def test_zuordnung_ueber_vorlagennummer_und_handbearbeitetes_bleibt(oparl_server, referat):
    vorhanden = RatsbeschlussFactory(
        vorlagennummer="20990101", titel="Unser Titel", veroeffentlicht=True, datum=None
    )
    vorhanden.handbearbeitet = ["titel"]
    vorhanden.save()
    beschluss_status_aendern(beschluss=vorhanden, user=referat, status="umsetzung", grund="")

    oparl_importieren(quelle=f"{oparl_server.basis}/system.json")

    vorhanden.refresh_from_db()
    assert vorhanden.titel == "Unser Titel"  # edited by hand: kept
    assert vorhanden.oparl_id == f"{oparl_server.basis}/paper/101"  # matched and linked
    assert vorhanden.datum == date(2099, 2, 5)  # empty field filled
    assert vorhanden.status == "umsetzung"  # never touched by the import
    assert vorhanden.veroeffentlicht is True
    assert Ratsbeschluss.objects.filter(vorlagennummer="20990101").count() == 1


def test_nur_bekannte_und_probelauf(oparl_server):
    RatsbeschlussFactory(vorlagennummer="20990102", titel="")
    vorher = zustand()
    probe = oparl_importieren(quelle=f"{oparl_server.basis}/papers-1.json", trocken=True)
    assert probe.anzahl("angelegt") == 2 and probe.anzahl("aktualisiert") == 1
    assert zustand() == vorher  # dry run: nothing written

    ergebnis = oparl_importieren(quelle=f"{oparl_server.basis}/papers-1.json", nur_bekannte=True)
    assert [(v.vorlagennummer, v.aktion) for v in ergebnis.vorgaenge] == [
        ("20990101", "uebersprungen"),
        ("20990102", "aktualisiert"),
        ("20990103", "uebersprungen"),
        ("20990104", "uebersprungen"),
        ("", "uebersprungen"),
    ]
    assert not Ratsbeschluss.objects.filter(vorlagennummer="20990101").exists()


def test_gespeicherte_dateien_mit_seiten_und_als_objektliste(oparl_dateien):
    ergebnis = oparl_importieren(quelle=str(oparl_dateien / "papers-1.json"))
    assert ergebnis.anzahl("angelegt") == 3  # page 2 read from the file next to it
    park = Ratsbeschluss.objects.get(vorlagennummer="20990101")
    # meeting and organization are not in a list page: a saved file cannot fetch them
    assert (park.datum, park.gremium) == (None, "")
    assert park.oparl_id == f"{DATEI_BASIS}/paper/101"

    ergebnis = oparl_importieren(quelle=str(oparl_dateien / "dump.json"))
    park.refresh_from_db()
    assert (park.datum, park.gremium, park.tenor) == (
        date(2099, 2, 5),
        Gremium.RAT,
        "Der Rat beschließt das Parkkonzept (Testdaten).",
    )


@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        ("{kein json", "kein gültiges JSON"),
        ('{"type": "https://schema.oparl.org/1.1/Meeting", "id": "x"}', "kein OParl-System"),
        ('{"data": "nein"}', "keine OParl-Liste"),
        ('{"data": [{"id": "https://r.example/p/1", "type": "x/Meeting"}]}', "…/Paper"),
        ('{"data": [{"id": "kein-url", "type": "x/Paper", "reference": "1"}]}', "keine Adresse"),
        (
            '{"data": [{"id": "https://r.example/p/1", "type": "x/Paper", "reference": 17}]}',
            "„reference“ ist kein Text",
        ),
        (
            '{"data": [{"id": "https://r.example/p/1", "type": "x/Paper", "reference": "'
            + "9" * 31
            + '"}]}',
            "länger als 30",
        ),
        (
            '{"data": [{"id": "https://r.example/p/1", "type": "x/Paper", "reference": "1", '
            '"consultation": {"a": 1}}]}',
            "keine Liste",
        ),
        ('{"data": [], "links": {"next": "fehlt.json"}}', "nicht lesbar"),
        ('{"data": [], "links": {"next": "https://r.example/2"}}', "gespeicherte Datei"),
        ("[1, 2]", None),  # a list without Papers: nothing to do, no error
    ],
)
def test_fehlerhafte_eingabe_klarer_fehler_nichts_geschrieben(tmp_path, inhalt, meldung):
    RatsbeschlussFactory(vorlagennummer="20990009")
    # a valid Paper before the bad one: it must not be written either
    gut = {"id": "https://r.example/p/0", "type": "x/Paper", "reference": "20990010"}
    if inhalt.startswith('{"data": [{'):
        inhalt = inhalt.replace('{"data": [', '{"data": [' + json.dumps(gut) + ", ", 1)
    datei = tmp_path / "eingabe.json"
    datei.write_text(inhalt, "utf-8")
    vorher = zustand()
    if meldung is None:
        assert oparl_importieren(quelle=str(datei)).vorgaenge == []
        return
    with pytest.raises(OParlFehler, match=meldung):
        oparl_importieren(quelle=str(datei))
    assert zustand() == vorher


def test_kreisverweis_der_seiten_endet_mit_fehler(oparl_server):
    oparl_server.ersatz["papers-2.json"] = json.dumps(
        {"data": [], "links": {"next": f"{oparl_server.basis}/papers-1.json"}}
    )
    with pytest.raises(OParlFehler, match="im Kreis"):
        oparl_importieren(quelle=f"{oparl_server.basis}/papers-1.json")
    assert not Ratsbeschluss.objects.filter(vorlagennummer__startswith="2099010").exists()


def test_server_fehler_und_unerreichbar(oparl_server):
    with pytest.raises(OParlFehler, match="antwortet mit 404"):
        oparl_importieren(quelle=f"{oparl_server.basis}/gibt-es-nicht.json")
    with pytest.raises(OParlFehler, match="nicht erreichbar"):
        oparl_importieren(quelle="http://127.0.0.1:9/system.json")


def test_quelle_pruefen():
    with pytest.raises(OParlFehler):
        quelle_pruefen("")
    with pytest.raises(OParlFehler):
        quelle_pruefen("/gibt/es/nicht.json")
    with pytest.raises(OParlFehler):
        quelle_pruefen("ftp://example.org/x")
    assert quelle_pruefen(" https://ris.example.org/oparl ") == "https://ris.example.org/oparl"


def test_gremium_art():
    assert gremium_art({"classification": "Rat"}) == Gremium.RAT
    assert gremium_art({"name": "Rat der Stadt Bochum"}) == Gremium.RAT
    assert gremium_art({"name": "Ausschuss für Umwelt"}) == Gremium.AUSSCHUSS
    assert gremium_art({"name": "Bezirksvertretung Mitte"}) == Gremium.BEZIRKSVERTRETUNG
    assert gremium_art({"name": "Ratsfraktion X", "classification": "Fraktion"}) == ""


def test_befehl(oparl_server, capsys):
    call_command("oparl_import", f"{oparl_server.basis}/body/1", "--probelauf")
    assert "3 angelegt" in capsys.readouterr().out
    assert not Ratsbeschluss.objects.filter(vorlagennummer="20990101").exists()
    call_command("oparl_import", f"{oparl_server.basis}/bodies.json")
    assert Ratsbeschluss.objects.filter(vorlagennummer__startswith="2099010").count() == 3
    with pytest.raises(CommandError, match="nichts gespeichert"):
        call_command("oparl_import", f"{oparl_server.basis}/meeting/301")


@pytest.mark.parametrize("weiter", ["../geheim.json", "/etc/hostname", "unter/seite.json"])
def test_gespeicherte_datei_verweist_nur_auf_dateien_daneben(tmp_path, weiter):
    (tmp_path / "unter").mkdir()
    (tmp_path / "unter" / "seite.json").write_text('{"data": []}', "utf-8")
    ordner = tmp_path / "export"
    ordner.mkdir()
    datei = ordner / "liste.json"
    datei.write_text(json.dumps({"data": [], "links": {"next": weiter}}), "utf-8")
    with pytest.raises(OParlFehler, match="darf nicht verwiesen werden"):
        oparl_importieren(quelle=str(datei))


def test_hochgeladene_datei_folgt_keinem_verweis(oparl_dateien):
    with pytest.raises(OParlFehler, match="darf nicht verwiesen werden"):
        oparl_importieren(quelle=str(oparl_dateien / "papers-1.json"), nachbardateien=False)
    assert not Ratsbeschluss.objects.filter(vorlagennummer__startswith="2099010").exists()
