"""Open data: only public data, documented fields, CSV and JSON, licence, DCAT-AP.de."""

import json

import pytest
from django.conf import settings
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from kernaktivitaeten.exporte.opendaten import DATENSAETZE
from kernaktivitaeten.models import Berichtsstatus, Kernaktivitaet, Statusbericht

from .conftest import FORMEL_TITEL, NICHT_OEFFENTLICH
from .helpers import csv_dicts, csv_zeilen, inhalt, struktur, ueberschriften_in_ordnung

pytestmark = pytest.mark.django_db

# Plain namespaces: rdflib's closed DCAT namespace trips pytest's collection with a warning.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
LIZENZ = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
FORMATE = ["csv", "json"]


def _json(client, pfad):
    response = client.get(pfad)
    assert response.status_code == 200, pfad
    return json.loads(inhalt(response))


@pytest.mark.parametrize("format", FORMATE)
@pytest.mark.parametrize("datensatz", list(DATENSAETZE))
def test_no_public_export_contains_internal_or_unpublished_data(client, daten, datensatz, format):
    response = client.get(f"/daten/{datensatz}.{format}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    text = inhalt(response).decode("utf-8-sig")
    for geheim in NICHT_OEFFENTLICH:
        assert geheim not in text, (datensatz, format, geheim)
    for feld in ("ampel", "risiken", "naechste_schritte", "pruefkommentar", "kontakt"):
        assert feld not in text.lower().split("\n")[0], feld  # no such column


def test_projects_csv_has_documented_columns_and_german_formats(client, daten):
    response = client.get("/daten/kernaktivitaeten.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    kopf, *_zeilen = csv_zeilen(response)
    assert kopf == DATENSAETZE["kernaktivitaeten"].spalten
    zeilen = {z["titel"]: z for z in csv_dicts(response)}
    erwartet = set(Kernaktivitaet.objects.oeffentlich().values_list("titel", flat=True))
    assert set(zeilen) == erwartet - {FORMEL_TITEL} | {"'" + FORMEL_TITEL}  # neutralised
    festival = zeilen["Festivalsommer"]
    assert festival["phase"] == "umsetzung"
    assert festival["fortschritt"] == "60"
    assert "beispieldaten" not in festival  # demo records are never in open data (ADR 0007)
    assert festival["organisation"] == "Kulturbüro Test"
    assert festival["url"] == f"{settings.SITE_URL}/kernaktivitaeten/id/{daten['festival'].pk}/"
    assert " | " in festival["schwerpunkte"]  # two Schwerpunkte, list separator


def test_reports_json_only_approved_reports_of_published_projects(client, daten):
    inhalt_json = _json(client, "/daten/statusberichte.json")
    assert inhalt_json["lizenz"]["kennung"] == "dl-by-de/2.0"
    assert inhalt_json["lizenz"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    erwartet = set(
        Statusbericht.objects.filter(
            status=Berichtsstatus.FREIGEGEBEN, kernaktivitaet__veroeffentlicht=True
        ).values_list("pk", flat=True)
    )
    berichte = {b["id"]: b for b in inhalt_json["daten"]}
    assert set(berichte) == erwartet
    assert daten["berichte"]["geheim"].pk not in berichte
    festival = berichte[daten["berichte"]["festival"].pk]
    assert festival == {
        "id": daten["berichte"]["festival"].pk,
        "kernaktivitaet_id": daten["festival"].pk,
        "kernaktivitaet": "Festivalsommer",
        "berichtszeitraum": "2026 – 2. Halbjahr",
        "zeitraum_beginn": "2026-07-01",
        "zeitraum_ende": "2026-12-31",
        "phase": "umsetzung",
        "fortschritt": 60,
        "erreicht": "Bühne gebaut und 1.250 Gäste begrüßt.",
        "freigegeben_am": "2026-11-20",
    }


def test_kennzahlen_and_messwerte_with_decimal_comma(client, daten):
    kennzahlen = {z["name"]: z for z in csv_dicts(client.get("/daten/kennzahlen.csv"))}
    besucher = kennzahlen["Besucher"]
    assert besucher["aktueller_wert"] == "1250,5"
    assert besucher["zielwert"] == "1000"
    assert besucher["ziel_erreicht"] == "ja"
    messwerte = csv_dicts(client.get("/daten/messwerte.csv"))
    eigener = next(m for m in messwerte if m["kennzahl_id"] == str(daten["kennzahl"].pk))
    assert eigener["datum"] == "30.06.2026"
    assert eigener["kernaktivitaet_id"] == str(daten["festival"].pk)
    json_kennzahl = next(
        k for k in _json(client, "/daten/kennzahlen.json")["daten"] if k["name"] == "Besucher"
    )
    assert json_kennzahl["aktueller_wert"] == 1250.5
    assert json_kennzahl["ziel_erreicht"] is True


def test_milestones(client, daten):
    meilensteine = _json(client, "/daten/meilensteine.json")["daten"]
    buehne = next(m for m in meilensteine if m["titel"] == "Bühne steht")
    assert buehne["geplant"] == "2026-05-01"
    assert buehne["erreicht"] == "2026-05-20"
    assert buehne["verzoegert"] is True
    assert all(m["kernaktivitaet_id"] != daten["geheim"].pk for m in meilensteine)


_PYTHON_TYPEN = {
    "integer": int,
    "number": (int, float),
    "string": str,
    "boolean": bool,
    "array": list,
    "null": type(None),
}


@pytest.mark.parametrize("datensatz", list(DATENSAETZE))
def test_json_matches_its_published_schema(client, daten, datensatz):
    schema = _json(client, f"/daten/{datensatz}.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    zeilen_schema = schema["properties"]["daten"]["items"]
    felder = zeilen_schema["properties"]
    assert list(felder) == DATENSAETZE[datensatz].spalten
    for zeile in _json(client, f"/daten/{datensatz}.json")["daten"]:
        assert set(zeile) == set(zeilen_schema["required"])
        for name, wert in zeile.items():
            typen = felder[name]["type"]
            typen = typen if isinstance(typen, list) else [typen]
            assert any(
                isinstance(wert, _PYTHON_TYPEN[t]) and not (t == "integer" and wert is True)
                for t in typen
            ), (name, wert, typen)
            if "enum" in felder[name]:
                assert wert in felder[name]["enum"], (name, wert)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
def test_dcat_catalogue_is_valid_json_ld_with_the_required_fields(client, daten):
    response = client.get("/daten/dcat.jsonld")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    graph = Graph().parse(data=inhalt(response), format="json-ld")
    katalog = graph.value(predicate=RDF.type, object=DCAT.Catalog)
    assert katalog is not None
    assert graph.value(katalog, DCTERMS.title) == Literal(
        "Offene Daten der Bochum Strategie", lang="de"
    )
    assert graph.value(katalog, DCTERMS.description) is not None
    assert graph.value(katalog, DCTERMS.publisher) is not None
    datensaetze = list(graph.objects(katalog, DCAT.dataset))
    assert len(datensaetze) == len(DATENSAETZE)
    for datensatz in datensaetze:
        assert (datensatz, RDF.type, DCAT.Dataset) in graph
        for eigenschaft in (DCTERMS.title, DCTERMS.description, DCTERMS.modified):
            assert graph.value(datensatz, eigenschaft) is not None, (datensatz, eigenschaft)
        herausgeber = graph.value(datensatz, DCTERMS.publisher)
        assert str(graph.value(herausgeber, Namespace("http://xmlns.com/foaf/0.1/").name)) == (
            "Stadt Bochum"
        )
        beitrag = graph.value(datensatz, DCATDE.contributorID)
        assert str(beitrag).startswith("http://dcat-ap.de/def/contributors/")
        assert graph.value(datensatz, DCAT.contactPoint) is not None
        assert graph.value(datensatz, DCTERMS.license) == LIZENZ
        verteilungen = list(graph.objects(datensatz, DCAT.distribution))
        assert len(verteilungen) == 2
        medien = set()
        for verteilung in verteilungen:
            assert (verteilung, RDF.type, DCAT.Distribution) in graph
            assert graph.value(verteilung, DCTERMS.license) == LIZENZ
            assert graph.value(verteilung, DCAT.accessURL) is not None
            assert str(graph.value(verteilung, DCTERMS["format"])).startswith(
                "http://publications.europa.eu/resource/authority/file-type/"
            )
            medien.add(str(graph.value(verteilung, DCAT.mediaType)).rsplit("/", 2)[-2:][1])
            download = str(graph.value(verteilung, DCAT.downloadURL))
            assert download.startswith(settings.SITE_URL)
            antwort = client.get(download.removeprefix(settings.SITE_URL))
            assert antwort.status_code == 200, download
        assert medien == {"csv", "json"}


def test_open_data_page_documents_datasets_fields_and_licence(client, daten):
    response = client.get("/daten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datenlizenz Deutschland – Namensnennung – 2.0" in html
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in html
    assert 'href="/daten/dcat.jsonld"' in html
    for datensatz in DATENSAETZE.values():
        assert f'href="/daten/{datensatz.slug}.csv"' in html
        assert f'href="/daten/{datensatz.slug}.json"' in html
        for feld in datensatz.felder:
            assert f"<code>{feld.name}</code>" in html
    aufbau = struktur(html)
    assert ueberschriften_in_ordnung(aufbau.ueberschriften)
    assert aufbau.th_ohne_scope == 0
    assert aufbau.style_attribute == 0


@pytest.mark.parametrize(
    ("pfad", "meldung"),
    [
        ("/daten/geheimakten.csv", "Den Datensatz „geheimakten“ gibt es nicht."),
        ("/daten/geheimakten.schema.json", "Den Datensatz „geheimakten“ gibt es nicht."),
        ("/daten/kernaktivitaeten.exe", "Das Format „exe“ wird nicht angeboten."),
        ("/daten/kernaktivitaeten.xlsx", "Das Format „xlsx“ wird nicht angeboten."),
    ],
)
def test_unknown_dataset_or_format_is_404_with_message(client, pfad, meldung):
    response = client.get(pfad)
    assert response.status_code == 404
    assert meldung in response.content.decode()
