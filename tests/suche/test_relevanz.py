"""Relevance of the search over the REAL Kernaktivitäten (loaded by portal_einrichten in
tests/conftest.py): each query names the projects that must be among the first five.

The expectations are read off the real titles and goals (fixtures/, the facts file) by hand:
umlaut and case variants, word forms, compound parts, typos, the synonym groups and English
words of the glossary (fixtures/synonyme.json). The same set runs on SQLite and PostgreSQL
(``DATABASE_URL``); ``test_precision_and_recall`` prints precision@5 and recall@5.
"""

import pytest

from kernaktivitaeten.models import Kernaktivitaet
from kernaktivitaeten.search import suche

pytestmark = pytest.mark.django_db

BAENKE = "1.000 Bänke für Bochum"
OASEN = "Bochums grüne Oasen – Attraktive Parks und Freiräume"
FONDS = "Bochum-Fonds"
OEPNV = "Vorfahrt ÖPNV – Leitprojekte öffentlicher Nahverkehr"
WISSEN = "Haus des Wissens"
SPEISEKAMMER = "Bochums Speisekammer – Markthalle im Herzen der Stadt"
RAUMPFLEGE = "StadtRaumPflege"
SCHWIMM = "Schwimm Mit!"
POCKET = "Pocket Parks"
KITA = "Flexible Kita im Stadtbezirk"
FAMILIENBUERO = "Familienbüro"
STUBEN = "Bochums Gute Stuben"
PFLEGE = "Bochumer Nachwuchskräftesicherung in der Pflege"
WOHNEN = "Wohnungsbauoffensive"
KREATIVE = "Kulturraum für Kreative – Tapetenwechsel"
RATHAUS = "Rathausclubbing – Das Rathaus als Bühne der Stadt"
BAUM = "StadtBaumKonzept"
EHRENAMT = "Bochumer Ehrenamtsagentur"
KULTUR = "Starke freie Kultur"
KULTURPORTAL = "Kulturportal"
BOVELO = "BOvelo – Leitprojekte Radverkehr"
STADION = "Eventbühne Lohrheidestadion"
STADTPORTAL = "Digitales Stadtportal"
MEIN_BOCHUM = "Mein Bochum"
GRAFFITI = "Hin und weg – Graffitikunst statt Schmierereien"

# (query, kind, projects that must be in the top 5)
ANFRAGEN = [
    # umlauts and case, both directions
    ("Bänke", "Umlaut", [BAENKE]),
    ("Baenke", "Umlaut", [BAENKE]),
    ("BÄNKE", "Umlaut", [BAENKE]),
    ("baenke bochum", "Umlaut", [BAENKE]),
    ("Grüne Oasen", "Umlaut", [OASEN]),
    ("gruene oasen", "Umlaut", [OASEN]),
    ("Buergerprojekte", "Umlaut", [FONDS]),
    ("ÖPNV", "Umlaut", [OEPNV]),
    ("oepnv", "Umlaut", [OEPNV]),
    ("Buecherei", "Umlaut", [WISSEN]),
    ("Bussgelder", "Umlaut", [RAUMPFLEGE]),
    ("SPEISEKAMMER", "Umlaut", [SPEISEKAMMER]),
    # word forms (German stems)
    ("Bank", "Wortform", [BAENKE]),
    ("Schwimmen", "Wortform", [SCHWIMM]),
    ("Freiraum", "Wortform", [OASEN]),
    ("Park", "Wortform", [POCKET, OASEN]),
    ("Kitas", "Wortform", [KITA]),
    ("Familien", "Wortform", [FAMILIENBUERO, KITA]),
    ("Stadtteil", "Wortform", [FONDS, STUBEN, PFLEGE]),
    ("Wohnungen", "Wortform", [WOHNEN]),
    ("Kreativen", "Wortform", [KREATIVE]),
    ("Konzert", "Wortform", [RATHAUS]),
    # compound parts
    ("Baum", "Kompositum", [BAUM]),
    ("Ehrenamt", "Kompositum", [EHRENAMT]),
    ("Pflege", "Kompositum", [PFLEGE, RAUMPFLEGE]),
    ("Kultur", "Kompositum", [KULTUR, KULTURPORTAL, KREATIVE]),
    ("Agentur", "Kompositum", [EHRENAMT]),
    ("Radnetz", "Kompositum", [BOVELO]),
    ("Stadion", "Kompositum", [STADION]),
    ("Nachwuchs", "Kompositum", [PFLEGE]),
    ("Portal", "Kompositum", [KULTURPORTAL, STADTPORTAL, MEIN_BOCHUM]),
    ("Bücherei", "Kompositum", [WISSEN]),
    # typos (one or two edits, words of five letters or more)
    ("Kulutr", "Tippfehler", [KULTUR]),
    ("Kulturportl", "Tippfehler", [KULTURPORTAL]),
    ("Schwimen", "Tippfehler", [SCHWIMM]),
    ("Ehrenamtsagentr", "Tippfehler", [EHRENAMT]),
    ("Wohnungsbauofensive", "Tippfehler", [WOHNEN]),
    ("Markthale", "Tippfehler", [SPEISEKAMMER, WISSEN]),
    ("Schmiereien", "Tippfehler", [GRAFFITI]),
    ("Lohrheidestadium", "Tippfehler", [STADION]),
    # synonyms the Referat keeps (fixtures/synonyme.json)
    ("Fahrrad", "Synonym", [BOVELO]),
    ("Kindertagesstätte", "Synonym", [KITA]),
    ("Bibliothek", "Synonym", [WISSEN]),
    ("Müll", "Synonym", [RAUMPFLEGE]),
    ("Kindergarten", "Synonym", [KITA]),
    # English words of the glossary
    ("benches", "Englisch", [BAENKE]),
    ("library", "Englisch", [WISSEN]),
    ("cycling", "Englisch", [BOVELO]),
    ("daycare", "Englisch", [KITA]),
    ("swimming", "Englisch", [SCHWIMM]),
    ("volunteer", "Englisch", [EHRENAMT]),
    ("stadium", "Englisch", [STADION]),
    ("trees", "Englisch", [BAUM]),
]


def _erste_fuenf(begriff: str) -> list[str]:
    return [p.titel for p in suche(Kernaktivitaet.objects.oeffentlich(), begriff)[:5]]


def test_the_set_is_large_and_covers_every_kind():
    assert len(ANFRAGEN) >= 40
    arten = {art for _q, art, _p in ANFRAGEN}
    assert arten == {"Umlaut", "Wortform", "Kompositum", "Tippfehler", "Synonym", "Englisch"}
    # every expected project exists as a public real project: no expectation is invented
    titel = set(Kernaktivitaet.objects.oeffentlich().echt().values_list("titel", flat=True))
    assert {p for _q, _a, projekte in ANFRAGEN for p in projekte} <= titel


@pytest.mark.parametrize(("begriff", "art", "erwartet"), ANFRAGEN, ids=[a[0] for a in ANFRAGEN])
def test_expected_projects_are_in_the_top_five(begriff, art, erwartet):
    erste = _erste_fuenf(begriff)
    fehlend = [p for p in erwartet if p not in erste]
    assert not fehlend, f"{art} {begriff!r}: {fehlend} missing in {erste}"


def test_precision_and_recall(capsys):
    """precision@5: share of the first (up to) five results that are expected; recall@5:
    share of the expected projects among the first five; both averaged over the queries."""
    praezision, trefferquote = [], []
    for begriff, _art, erwartet in ANFRAGEN:
        erste = _erste_fuenf(begriff)
        richtig = len(set(erste) & set(erwartet))
        praezision.append(richtig / len(erste) if erste else 0.0)
        trefferquote.append(richtig / len(erwartet))
    p5 = sum(praezision) / len(praezision)
    r5 = sum(trefferquote) / len(trefferquote)
    with capsys.disabled():
        print(f"\nRelevanz ({len(ANFRAGEN)} Anfragen): precision@5 {p5:.3f}, recall@5 {r5:.3f}")
    assert r5 == 1.0
    assert p5 >= 0.6  # the set names what must be found, not every fitting project
