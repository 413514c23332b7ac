"""Generates realistic demo Kernaktivitäten over the real Zielsystem (only on request:
``make demo``, the benchmark, tests).

Every generated record is flagged ``demo=True`` and shown as "Beispieldaten" wherever it
appears; organisation names carry "(Beispiel)". Public figures never count demo records
(``Kernaktivitaet.objects.fuer_auswertung()``). Texts are grammatical: each project noun
carries its gender, from which the articles follow; titles never repeat. Phases, milestones
and (on request) approved reports fit together: a project in preparation has reached no
milestone, a completed one has reached all. The generator is deterministic for a given
seed, so tests and benchmarks see the same data. It writes in bulk (the benchmark needs
10,000 projects quickly) but through ``bulk_create_with_history``, so the audit trail has a
"created" entry for every generated project, milestone, indicator and value.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from bochum_strategie.lib.text import slugify_de
from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import Schwerpunkt

from .models import (
    Berichtsstatus,
    Berichtszeitraum,
    Kennzahl,
    Kernaktivitaet,
    Meilenstein,
    Messwert,
    Organisation,
    Phase,
    Ratsbeschluss,
    Statusbericht,
)
from .suchindex import suchindex_aktualisieren

GRUND = "Beispieldaten erzeugt"
ORGANISATIONEN = [
    ("Amt für Stadtplanung (Beispiel)", Organisation.Art.STADT),
    ("Grünflächenamt (Beispiel)", Organisation.Art.STADT),
    ("Kulturbüro (Beispiel)", Organisation.Art.STADT),
    ("Schulverwaltungsamt (Beispiel)", Organisation.Art.STADT),
    ("Personalamt (Beispiel)", Organisation.Art.STADT),
    ("Amt für Digitalisierung (Beispiel)", Organisation.Art.STADT),
    ("Stadtwerke-Tochter (Beispiel)", Organisation.Art.TOCHTER),
    ("Wohnungsgesellschaft (Beispiel)", Organisation.Art.TOCHTER),
]
TRANCHEN = [
    ("BEISPIEL-2018-1", date(2018, 3, 15)),
    ("BEISPIEL-2019-1", date(2019, 6, 27)),
    ("BEISPIEL-2021-1", date(2021, 2, 11)),
    ("BEISPIEL-2023-1", date(2023, 9, 21)),
]
# (noun, grammatical gender: m/f/n); the articles follow from the gender.
VORHABEN = [
    ("Quartiersgarten", "m"),
    ("Stadtteilbüro", "n"),
    ("Lernwerkstatt", "f"),
    ("Bürgerportal", "n"),
    ("Kulturpfad", "m"),
    ("Radachse", "f"),
    ("Spielplatzoffensive", "f"),
    ("Gründungszentrum", "n"),
    ("Energiesparprogramm", "n"),
    ("Talentscouting", "n"),
    ("Begegnungsfest", "n"),
    ("Innovationslabor", "n"),
    ("Sprachförderung", "f"),
    ("Klimawald", "m"),
    ("Medienwerkstatt", "f"),
    ("Servicepunkt", "m"),
    ("Mentoring-Programm", "n"),
    ("Open-Data-Plattform", "f"),
    ("Sportpark", "m"),
    ("Bühnenfestival", "n"),
]
ARTIKEL_NOMINATIV = {"m": "der", "f": "die", "n": "das"}
ARTIKEL_DATIV = {"m": "dem", "f": "der", "n": "dem"}
# Third part of a title, so that titles need not repeat ("" = none).
ZIELGRUPPEN = [
    "",
    "für Familien",
    "für Jugendliche",
    "für Ältere",
    "für Schulen",
    "für Vereine",
    "für Gründende",
]
ORTE = [
    "Wattenscheid",
    "Langendreer",
    "Hamme",
    "Ehrenfeld",
    "Stiepel",
    "Gerthe",
    "Querenburg",
    "Linden",
    "Werne",
    "Riemke",
    "Altenbochum",
    "Weitmar",
    "Harpen",
    "Laer",
    "Dahlhausen",
]
ZIELE = [
    "mehr Menschen erreichen",
    "Wege verkürzen",
    "Beteiligung stärken",
    "Energie sparen",
    "Talente fördern",
    "Begegnung ermöglichen",
    "Verwaltungswege digitalisieren",
]
ERREICHT = [
    "Die Planung ist mit den Beteiligten abgestimmt.",
    "Ein erster Beteiligungstermin hat stattgefunden.",
    "Die Ausschreibung ist veröffentlicht.",
    "Der Pilotbetrieb läuft.",
    "Die Zwischenbilanz liegt vor.",
    "Die Finanzierung für das nächste Jahr ist gesichert.",
]
MEILENSTEINE = [
    "Konzept beschlossen",
    "Pilot gestartet",
    "Zwischenbilanz",
    "Ausschreibung",
    "Eröffnung",
]
KENNZAHLEN = [
    ("Teilnehmende", "Personen"),
    ("Standorte", "Standorte"),
    ("Einsparung", "MWh"),
    ("Angebote", "Angebote"),
]
PHASEN = [
    (Phase.VORBEREITUNG, 14),
    (Phase.UMSETZUNG, 45),
    (Phase.UMGESETZT, 20),
    (Phase.REGELBETRIEB, 10),
    (Phase.RUHEND, 5),
    (Phase.EINGESTELLT, 3),
    (Phase.AUFGEGANGEN, 3),
]
FORTSCHRITT = {
    Phase.VORBEREITUNG: (0, 15),
    Phase.UMSETZUNG: (15, 90),
    Phase.UMGESETZT: (100, 100),
    Phase.REGELBETRIEB: (100, 100),
    Phase.RUHEND: (10, 60),
    Phase.EINGESTELLT: (0, 50),
    Phase.AUFGEGANGEN: (20, 80),
}


def _stammdaten():
    organisationen = [
        Organisation.objects.get_or_create(
            name=name, defaults={"slug": slugify_de(name), "art": art, "demo": True}
        )[0]
        for name, art in ORGANISATIONEN
    ]
    tranchen = [
        Ratsbeschluss.objects.get_or_create(
            vorlagennummer=nummer,
            defaults={
                "datum": datum,
                "jahr": datum.year,
                "titel": f"Beispiel-Tranche {datum.year}",
                "demo": True,
            },
        )[0]
        for nummer, datum in TRANCHEN
    ]
    return organisationen, tranchen


def _titel_folge(rng, vergeben: set[str]):
    """Titles in a shuffled but deterministic order, none of them in ``vergeben``; after
    all combinations a running number keeps them unique (the benchmark needs 10,000)."""
    kombinationen = [
        (vorhaben, ort, gruppe) for vorhaben in VORHABEN for ort in ORTE for gruppe in ZIELGRUPPEN
    ]
    rng.shuffle(kombinationen)
    runde = 1
    while True:
        for (vorhaben, genus), ort, gruppe in kombinationen:
            titel = " ".join(teil for teil in (vorhaben, ort, gruppe) if teil)
            if runde > 1:
                titel = f"{titel} {runde}"
            if titel not in vergeben:
                vergeben.add(titel)
                yield titel, vorhaben, genus, ort
        runde += 1


@transaction.atomic
def demodaten_erzeugen(
    *, anzahl: int, seed: int = 2030, mit_details: bool = True, mit_berichten: bool = False
) -> int:
    """Creates ``anzahl`` demo projects; returns how many were created. With
    ``mit_berichten``, also approved (and a few submitted) half-year reports."""
    if anzahl <= 0:
        return 0
    rng = random.Random(seed + Kernaktivitaet.objects.filter(demo=True).count())
    organisationen, tranchen = _stammdaten()
    schwerpunkte = list(Schwerpunkt.objects.select_related("kompetenz"))
    themen = list(Querschnittsthema.objects.all())
    sdgs = list(Nachhaltigkeitsziel.objects.all())
    if not schwerpunkte:
        raise ValueError(
            "Keine Schwerpunkte vorhanden: zuerst die Strategie laden (portal_einrichten)."
        )
    start_nummer = 1000 + Kernaktivitaet.objects.filter(demo=True).count()
    vorhandene_slugs = set(Kernaktivitaet.objects.values_list("slug", flat=True))
    titel_folge = _titel_folge(rng, set(Kernaktivitaet.objects.values_list("titel", flat=True)))
    jetzt = timezone.now()
    heute = timezone.localdate()
    phasen, gewichte = zip(*PHASEN, strict=True)

    projekte, zuordnung = [], []
    for i in range(anzahl):
        schwerpunkt = schwerpunkte[i % len(schwerpunkte)]
        titel, vorhaben, genus, ort = next(titel_folge)
        slug = slugify_de(titel, 110)
        if slug in vorhandene_slugs:
            slug = f"{slug}-{start_nummer + i}"
        vorhandene_slugs.add(slug)
        # The first few cover every phase; the rest follow realistic weights.
        phase = phasen[i] if i < len(phasen) else rng.choices(phasen, weights=gewichte)[0]
        abgeschlossen = phase in (Phase.UMGESETZT, Phase.REGELBETRIEB)
        if phase == Phase.VORBEREITUNG:  # started lately or about to start
            beginn = heute + timedelta(days=rng.randrange(-300, 180))
        elif abgeschlossen:  # started long enough ago to be done
            beginn = heute - timedelta(days=rng.randrange(3 * 365, 8 * 365))
        else:
            beginn = heute - timedelta(days=rng.randrange(200, 7 * 365))
        ende = beginn + timedelta(days=rng.randrange(365, 5 * 365))
        if abgeschlossen:
            ende = min(ende, heute - timedelta(days=rng.randrange(30, 400)))
        projekte.append(
            Kernaktivitaet(
                nummer=start_nummer + i,
                titel=titel,
                slug=slug,
                projektziel=(
                    f"Mit {ARTIKEL_DATIV[genus]} {vorhaben} in {ort} wollen wir "
                    f"{rng.choice(ZIELE)}."
                ),
                beschreibung=(
                    f"<p>Beispielprojekt: {ARTIKEL_NOMINATIV[genus].capitalize()} {vorhaben} "
                    f"in {ort} zeigt, wie eine Kernaktivität im Portal aussieht. Alle Angaben "
                    f"sind erfunden.</p>"
                ),
                kompetenz=schwerpunkt.kompetenz,
                ratsbeschluss=rng.choice(tranchen),
                organisation=rng.choice(organisationen),
                phase=phase,
                aufgegangen_in_text="Beispielvorhaben" if phase == Phase.AUFGEGANGEN else "",
                fortschritt=rng.randint(*FORTSCHRITT[phase]),
                art=rng.choice(Kernaktivitaet.Art.values),
                beginn=beginn,
                ende_geplant=ende,
                ende_tatsaechlich=ende if abgeschlossen else None,
                veroeffentlicht=i % 20 != 7,  # every 20th a draft the public never sees
                demo=True,
                erstellt=jetzt,
                aktualisiert=jetzt - timedelta(days=rng.randrange(0, 400), minutes=i),
            )
        )
        weitere = [
            s
            for s in schwerpunkte
            if s.kompetenz_id == schwerpunkt.kompetenz_id and s != schwerpunkt
        ]
        zuordnung.append(
            (
                [schwerpunkt, *rng.sample(weitere, k=rng.choice([0, 0, 1]))],
                rng.sample(themen, k=rng.randint(0, 2)),
                rng.sample(sdgs, k=rng.randint(1, 3)),
            )
        )
    projekte = bulk_create_with_history(
        projekte, Kernaktivitaet, batch_size=1000, default_change_reason=GRUND
    )
    sp_links, qt_links, sdg_links = [], [], []
    for projekt, (sps, qts, ziele) in zip(projekte, zuordnung, strict=True):
        sp_links += [
            Kernaktivitaet.schwerpunkte.through(kernaktivitaet_id=projekt.pk, schwerpunkt_id=s.pk)
            for s in sps
        ]
        qt_links += [
            Kernaktivitaet.querschnittsthemen.through(
                kernaktivitaet_id=projekt.pk, querschnittsthema_id=t.pk
            )
            for t in qts
        ]
        sdg_links += [
            Kernaktivitaet.nachhaltigkeitsziele.through(
                kernaktivitaet_id=projekt.pk, nachhaltigkeitsziel_id=z.pk
            )
            for z in ziele
        ]
    Kernaktivitaet.schwerpunkte.through.objects.bulk_create(sp_links, batch_size=2000)
    Kernaktivitaet.querschnittsthemen.through.objects.bulk_create(qt_links, batch_size=2000)
    Kernaktivitaet.nachhaltigkeitsziele.through.objects.bulk_create(sdg_links, batch_size=2000)
    if mit_details:
        _details_erzeugen(rng, projekte, heute)
    if mit_berichten:
        _berichte_erzeugen(rng, projekte, heute)
    suchindex_aktualisieren(kernaktivitaet_ids=[p.pk for p in projekte])
    transaction.on_commit(datenstand_erhoehen)
    return len(projekte)


def _details_erzeugen(rng, projekte, heute):
    meilensteine, kennzahlen = [], []
    for projekt in projekte:
        tag = projekt.beginn
        abgeschlossen = projekt.phase in (Phase.UMGESETZT, Phase.REGELBETRIEB)
        for titel in rng.sample(MEILENSTEINE, k=rng.randint(0, 4)):
            if abgeschlossen:  # all reached, before the project's end
                tag += (projekt.ende_tatsaechlich - tag) / 5
            else:
                tag += timedelta(days=rng.randrange(60, 400))
            erreicht = None
            if abgeschlossen:
                erreicht = tag
            elif projekt.phase != Phase.VORBEREITUNG and tag <= heute and rng.random() < 0.8:
                erreicht = min(heute, tag + timedelta(days=rng.choice([-10, 0, 0, 14, 45])))
            meilensteine.append(
                Meilenstein(kernaktivitaet=projekt, titel=titel, geplant=tag, erreicht=erreicht)
            )
        for name, einheit in rng.sample(KENNZAHLEN, k=rng.choice([0, 0, 1, 2])):
            kennzahlen.append(
                Kennzahl(
                    kernaktivitaet=projekt,
                    name=name,
                    einheit=einheit,
                    ausgangswert=Decimal(0),
                    ausgangsdatum=projekt.beginn,
                    zielwert=Decimal(rng.choice([10, 50, 100, 500, 1000])),
                    zieldatum=projekt.ende_geplant,
                )
            )
    bulk_create_with_history(
        meilensteine, Meilenstein, batch_size=2000, default_change_reason=GRUND
    )
    kennzahlen = bulk_create_with_history(
        kennzahlen, Kennzahl, batch_size=2000, default_change_reason=GRUND
    )
    messwerte = []
    for kennzahl in kennzahlen:
        wert = Decimal(0)
        for jahr in range(kennzahl.ausgangsdatum.year + 1, min(heute.year, 2030) + 1):
            wert += (kennzahl.zielwert * Decimal(rng.randint(5, 35))) / 100
            messwerte.append(
                Messwert(
                    kennzahl=kennzahl,
                    datum=date(jahr, 1, 1),
                    wert=wert.quantize(Decimal("1")),
                    quelle="Beispieldaten",
                )
            )
    bulk_create_with_history(messwerte, Messwert, batch_size=5000, default_change_reason=GRUND)


def _halbjahre(bis: date, anzahl: int) -> list[Berichtszeitraum]:
    """The last ``anzahl`` completed half-years before ``bis`` as Berichtszeiträume (reused
    when the Referat already opened one of the same name)."""
    jahr, halbjahr = (bis.year, 1) if bis.month > 6 else (bis.year - 1, 2)
    zeitraeume = []
    for _i in range(anzahl):
        beginn = date(jahr, 1 if halbjahr == 1 else 7, 1)
        ende = date(jahr, 6, 30) if halbjahr == 1 else date(jahr, 12, 31)
        zeitraeume.append(
            Berichtszeitraum.objects.get_or_create(
                name=f"{jahr} – {halbjahr}. Halbjahr",
                defaults={
                    "beginn": beginn,
                    "ende": ende,
                    "faellig_am": ende + timedelta(days=31),
                    "offen": False,
                },
            )[0]
        )
        jahr, halbjahr = (jahr, 1) if halbjahr == 2 else (jahr - 1, 2)
    return list(reversed(zeitraeume))


def _berichte_erzeugen(rng, projekte, heute):
    """Half-year reports: approved ones leading up to the project's phase and progress,
    now and then a submitted one awaiting review, and some projects without a report."""
    zeitraeume = _halbjahre(heute, 3)
    berichte = []
    for projekt in projekte:
        if projekt.phase == Phase.VORBEREITUNG or rng.random() < 0.1:
            continue  # nothing to report yet, or the lead has not reported
        faellig = [z for z in zeitraeume if z.ende >= projekt.beginn]
        ziel = projekt.fortschritt or 0
        for nummer, zeitraum in enumerate(faellig, start=1):
            letzter = nummer == len(faellig)
            status = Berichtsstatus.FREIGEGEBEN
            if letzter and rng.random() < 0.15:
                status = Berichtsstatus.EINGEREICHT
            stand = ziel if letzter else round(ziel * nummer / (len(faellig) + 1))
            zeit = timezone.make_aware(datetime.combine(zeitraum.faellig_am, time(10)))
            berichte.append(
                Statusbericht(
                    kernaktivitaet=projekt,
                    berichtszeitraum=zeitraum,
                    phase=projekt.phase if letzter else Phase.UMSETZUNG,
                    fortschritt=stand,
                    erreicht=rng.choice(ERREICHT),
                    status=status,
                    erstellt_am=zeit - timedelta(days=14),
                    eingereicht_am=zeit - timedelta(days=3),
                    geprueft_am=zeit if status == Berichtsstatus.FREIGEGEBEN else None,
                )
            )
    bulk_create_with_history(berichte, Statusbericht, batch_size=2000, default_change_reason=GRUND)
