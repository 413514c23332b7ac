"""Issue 18: the migration that gives existing milestones a baseline from the audit history,
the portfolio per Kompetenz (dashboard, open data, Fortschrittsbericht) and the comparison of
two Berichtszeiträume."""

import importlib
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from kernaktivitaeten.exporte.fortschritt import Auswahl, Zugriff
from kernaktivitaeten.models import Meilenstein, Messwert
from kernaktivitaeten.services import (
    Terminaenderungzeile,
    statusbericht_anlegen,
    statusbericht_einreichen,
    statusbericht_freigeben,
)
from kernaktivitaeten.termine import groesste_verschiebungen, portfolio_je_kompetenz
from kernaktivitaeten.vergleich import periodenvergleich
from tests.factories import KernaktivitaetFactory, MeilensteinFactory

pytestmark = pytest.mark.django_db


def _json(client, pfad):
    antwort = client.get(pfad)
    assert antwort.status_code == 200
    inhalt = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    return json.loads(inhalt)


migration = importlib.import_module("kernaktivitaeten.migrations.0010_basisplan_aus_der_historie")


def test_migration_takes_the_earliest_planned_date_of_the_history(kultur):
    projekt = KernaktivitaetFactory(kompetenz=kultur, ende_geplant=date(2027, 1, 1))
    verborgen = KernaktivitaetFactory(kompetenz=kultur, veroeffentlicht=False)
    m = MeilensteinFactory(kernaktivitaet=projekt, geplant=date(2026, 3, 1))
    for neu in (date(2026, 6, 1), date(2026, 9, 1)):
        m.geplant = neu
        m.save()
    ohne_historie = MeilensteinFactory(kernaktivitaet=projekt, geplant=date(2026, 5, 5))
    ohne_historie.history.all().delete()
    projekt.ende_geplant = date(2028, 1, 1)
    projekt.save()
    unveroeffentlicht = MeilensteinFactory(kernaktivitaet=verborgen, geplant=date(2026, 1, 1))

    migration.basisplan_setzen(apps, None)

    m.refresh_from_db()
    assert (m.basisplan, m.geplant) == (date(2026, 3, 1), date(2026, 9, 1))
    ohne_historie.refresh_from_db()
    assert ohne_historie.basisplan == date(2026, 5, 5)  # the only date known
    projekt.refresh_from_db()
    assert projekt.ende_basisplan == date(2027, 1, 1)
    unveroeffentlicht.refresh_from_db()
    assert unveroeffentlicht.basisplan is None  # frozen when it becomes public
    migration.basisplan_entfernen(apps, None)
    m.refresh_from_db()
    assert m.basisplan is None


@pytest.fixture
def portfolio(kultur):
    heute = timezone.localdate()
    projekt = KernaktivitaetFactory(kompetenz=kultur, titel="Portfolio")
    for titel, basis, geplant, erreicht in [
        ("im Plan", heute + timedelta(days=30), heute + timedelta(days=30), None),
        ("früher", heute + timedelta(days=30), heute + timedelta(days=10), None),
        ("verschoben", heute + timedelta(days=10), heute + timedelta(days=200), None),
        (
            "spät erreicht",
            heute - timedelta(days=100),
            heute - timedelta(days=100),
            heute - timedelta(days=40),
        ),
        ("überfällig", heute - timedelta(days=5), heute - timedelta(days=5), None),
        ("ohne Basisplan", None, heute + timedelta(days=5), None),
    ]:
        MeilensteinFactory(
            kernaktivitaet=projekt, titel=titel, basisplan=basis, geplant=geplant, erreicht=erreicht
        )
    demo = KernaktivitaetFactory(kompetenz=kultur, demo=True)
    MeilensteinFactory(
        kernaktivitaet=demo, basisplan=heute, geplant=heute + timedelta(days=900), titel="DEMO"
    )
    return projekt


def test_portfolio_counts_per_kompetenz(portfolio, kultur, django_assert_num_queries):
    with django_assert_num_queries(1):
        zaehlung = portfolio_je_kompetenz(Meilenstein.objects.fuer_auswertung())
    assert zaehlung[kultur.pk] == {
        "im_basisplan": 2,
        "verschoben": 2,
        "ueberfaellig": 1,
        "gesamt": 5,
    }
    with django_assert_num_queries(1):
        groesste = groesste_verschiebungen(Meilenstein.objects.fuer_auswertung())
    assert [v.titel for v in groesste] == ["verschoben", "spät erreicht"]
    assert groesste[0].tage == 190
    assert groesste[0].verschiebung.text.endswith("später als ursprünglich geplant")


def test_dashboard_and_open_data_show_the_portfolio(client, portfolio, kultur):
    html = client.get(reverse("exporte:dashboard")).content.decode()
    assert 'id="termine"' in html and "Die größten Verschiebungen" in html
    assert "DEMO" not in html
    inhalt = _json(client, "/daten/termine-je-kompetenz.json")
    kultur_zeile = next(z for z in inhalt["daten"] if z["kompetenz"] == kultur.titel)
    zahlen = (
        kultur_zeile["im_basisplan"],
        kultur_zeile["verschoben"],
        kultur_zeile["ueberfaellig"],
    )
    assert zahlen == (2, 2, 1)
    schema = client.get("/daten/termine-je-kompetenz.schema.json").json()
    felder = schema["properties"]["daten"]["items"]["properties"]
    assert {"im_basisplan", "verschoben", "ueberfaellig"} <= set(felder)
    meilensteine = _json(client, "/daten/meilensteine.json")
    verschoben = next(m for m in meilensteine["daten"] if m["titel"] == "verschoben")
    assert (verschoben["abweichung_tage"], verschoben["terminstatus"]) == (190, "verschoben")


@pytest.fixture
def zwei_zeitraeume(projekt_a, frueherer_zeitraum, zeitraum, projektleitung_a, vorstand_kultur):
    frueherer_zeitraum.offen = True
    frueherer_zeitraum.save()
    kennzahl = projekt_a.kennzahlen.get()
    Messwert.objects.create(kennzahl=kennzahl, datum=frueherer_zeitraum.ende, wert=Decimal("100"))
    Messwert.objects.create(
        kennzahl=kennzahl, datum=zeitraum.ende - timedelta(days=1), wert=Decimal("250")
    )
    meilenstein = projekt_a.meilensteine.get()
    for z, phase, zeilen in [
        (frueherer_zeitraum, "vorbereitung", []),
        (
            zeitraum,
            "umgesetzt",
            [
                Terminaenderungzeile(
                    meilenstein.pk, meilenstein.geplant + timedelta(days=40), "Gutachten"
                )
            ],
        ),
    ]:
        b = statusbericht_anlegen(
            kernaktivitaet=projekt_a,
            berichtszeitraum=z,
            user=projektleitung_a,
            daten={"phase": phase, "fortschritt": 50, "erreicht": "x"},
            terminaenderungen=zeilen,
        )
        b = statusbericht_einreichen(bericht=b, user=projektleitung_a)
        statusbericht_freigeben(bericht=b, user=vorstand_kultur)
    return frueherer_zeitraum, zeitraum


def test_period_comparison(projekt_a, projekt_b, zwei_zeitraeume, django_assert_max_num_queries):
    von, bis = zwei_zeitraeume
    with django_assert_max_num_queries(3):
        vergleich = periodenvergleich(von=von, bis=bis, projekte=projekt_a.__class__.objects.all())
    assert [(z["titel"], z["phase_von"], z["phase_bis"]) for z in vergleich.phasenwechsel] == [
        ("Projekt A", "in Vorbereitung", "umgesetzt")
    ]
    assert [z["titel"] for z in vergleich.abgeschlossen] == ["Projekt A"]
    assert vergleich.neu == []
    assert [(z["termin"], z["begruendung"]) for z in vergleich.verschobene_meilensteine] == [
        ("Auftakt", "Gutachten")
    ]
    assert [(z["name"], z["wert_von"], z["wert_bis"]) for z in vergleich.kennzahlen] == [
        ("Besuchende", Decimal("100"), Decimal("250"))
    ]
    # From nothing to the first period: the project is new there.
    leer = periodenvergleich(von=von, bis=von, projekte=projekt_a.__class__.objects.all())
    assert leer.leer


def test_period_comparison_page_access_and_errors(
    client, zwei_zeitraeume, referat, vorstand_bildung, projektleitung_a
):
    von, bis = zwei_zeitraeume
    url = reverse("exporte:vergleich")
    assert client.get(url).status_code == 302  # login first
    client.force_login(projektleitung_a)
    assert client.get(url).status_code == 403
    client.force_login(referat)
    seite = client.get(url, {"von": von.pk, "bis": bis.pk})
    assert seite.status_code == 200
    html = seite.content.decode()
    assert "Projekt A" in html and "Gutachten" in html
    assert client.get(url, {"von": bis.pk, "bis": von.pk}).status_code == 400
    assert client.get(url, {"von": "abc", "bis": bis.pk}).status_code == 400
    # A Vorstand sees only own Kompetenzen: Projekt A (Kultur) is not in Bildung's comparison.
    client.force_login(vorstand_bildung)
    html = client.get(url, {"von": von.pk, "bis": bis.pk}).content.decode()
    assert "Gutachten" not in html


def test_fortschrittsbericht_has_plans_and_comparison(zwei_zeitraeume, kultur):
    von, bis = zwei_zeitraeume
    auswahl = Auswahl(zugriff=Zugriff.vollstaendig(), zeitraum=bis)
    termine = auswahl.termine()
    zeile = dict(termine["zeilen"])[kultur.titel]
    assert zeile[-1] >= 1  # the shifted milestone has a baseline
    assert any(v.titel == "Auftakt" for v in termine["verschiebungen"])
    vergleich = auswahl.vergleich()
    assert vergleich.von == von and vergleich.bis == bis
    from kernaktivitaeten.exporte.pdf import fortschrittsbericht_html

    html = fortschrittsbericht_html(auswahl)
    assert "Termine im Vergleich zum Basisplan" in html
    assert "Vergleich der Berichtszeiträume" in html and "Gutachten" in html


def test_excel_has_plan_and_comparison_sheets(zwei_zeitraeume, kultur):
    import io

    from openpyxl import load_workbook

    from kernaktivitaeten.exporte.excel import fortschrittsbericht_xlsx

    _von, bis = zwei_zeitraeume
    datei = io.BytesIO()
    fortschrittsbericht_xlsx(Auswahl(zugriff=Zugriff.vollstaendig(), zeitraum=bis), datei)
    mappe = load_workbook(io.BytesIO(datei.getvalue()))
    assert mappe.sheetnames[-3:] == ["Termine", "Größte Verschiebungen", "Vergleich"]
    termine = [[z.value for z in zeile] for zeile in mappe["Termine"].iter_rows()]
    assert termine[0] == [
        "Kompetenz",
        "im Basisplan",
        "später als im Basisplan",
        "überfällig",
        "Gesamt",
    ]
    assert any(zeile[0] == kultur.titel for zeile in termine[1:])
    groesste = [[z.value for z in zeile] for zeile in mappe["Größte Verschiebungen"].iter_rows()]
    assert groesste[1][0] == "Auftakt" and groesste[1][5] == 40
    vergleich = [[z.value for z in zeile] for zeile in mappe["Vergleich"].iter_rows()]
    arten = {zeile[0] for zeile in vergleich[1:]}
    assert arten == {"Phase gewechselt", "Termin verschoben", "Kennzahl bewegt"}
    assert vergleich[[z[0] for z in vergleich].index("Termin verschoben")][:2] == [
        "Termin verschoben",
        "Projekt A: Auftakt",
    ]
