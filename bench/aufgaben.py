#!/usr/bin/env python3
"""The benchmark's work inside Django, one task per child process (started by bench/bench.py).

    python bench/aufgaben.py zaehlen
    python bench/aufgaben.py daten --projekte 10000 --berichte 200000
    python bench/aufgaben.py urls
    python bench/aufgaben.py pdf --anzahl 125 --ausgabe /tmp/bericht.pdf   (--anzahl 0: all)
    python bench/aufgaben.py verwaltung
    python bench/aufgaben.py profil /kernaktivitaeten/ [--wiederholungen 20]

The database is the one of ``DATABASE_URL`` (bench/bench.py sets it to the bench database);
every task prints one JSON object on its last line of stdout. Each runs in its own process so
that its peak memory (``ru_maxrss``) and duration can be measured from outside.
"""

import argparse
import contextlib
import html
import json
import os
import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bochum_strategie.settings")

# Reports per project and period: the generator writes one for each of these periods.
ZEITRAEUME_ANZAHL = 20  # quarters, 2022-Q1 … 2026-Q4
ERSTES_JAHR = 2022
CHUNK_PROJEKTE = 1000


def _django():
    import django

    django.setup()


def _ausgeben(daten: dict) -> None:
    print(json.dumps(daten, ensure_ascii=False, default=str), flush=True)


# Counts ---------------------------------------------------------------------------------------


def zaehlen() -> dict:
    from kernaktivitaeten.models import (
        Berichtszeitraum,
        Kennzahl,
        Kernaktivitaet,
        Meilenstein,
        Statusbericht,
    )

    return {
        "projekte": Kernaktivitaet.objects.count(),
        "oeffentlich": Kernaktivitaet.objects.oeffentlich().count(),
        "berichte": Statusbericht.objects.count(),
        "freigegeben": Statusbericht.objects.freigegeben().count(),
        "zeitraeume": Berichtszeitraum.objects.count(),
        "meilensteine": Meilenstein.objects.count(),
        "kennzahlen": Kennzahl.objects.count(),
    }


# Data -----------------------------------------------------------------------------------------

ERREICHT = [
    "Im {zeitraum} fanden {n} Veranstaltungen mit insgesamt {m} Teilnehmenden statt.",
    "Das Projekt „{titel}“ hat den Meilenstein „{meilenstein}“ erreicht.",
    "Die Ausschreibung wurde veröffentlicht; bis zum Stichtag gingen {k} Angebote ein.",
    "Gemeinsam mit {partner} wurde das weitere Vorgehen abgestimmt.",
    "Die Bezirksvertretung wurde im {zeitraum} über den Stand informiert.",
    "Ein zweiter Standort wurde eröffnet, das Angebot wird gut angenommen.",
    "Die Förderzusage des Landes liegt vor; die Mittel sind im Haushalt eingeplant.",
    "Die Auswertung der Befragung zeigt eine Zufriedenheit von {p} Prozent.",
    "Das Projektteam wurde um {k} Stellen verstärkt.",
    "Die Planung für den nächsten Bauabschnitt ist abgeschlossen.",
    "Die Ergebnisse wurden im Ausschuss vorgestellt und zustimmend zur Kenntnis genommen.",
    "Die digitale Anmeldung ist seit {monat} freigeschaltet und wurde {m}-mal genutzt.",
]
NAECHSTE = [
    "Vergabe der Bauleistungen vorbereiten.",
    "Auswertung der Pilotphase und Bericht an den Vorstand.",
    "Abstimmung mit der Kämmerei zum Haushalt des Folgejahres.",
    "Zweite Beteiligungsrunde im Stadtteil durchführen.",
    "Übergabe in den Regelbetrieb planen.",
]
RISIKEN = [
    "Lieferverzögerungen bei Material.",
    "Personalengpass in der Fachabteilung.",
    "Förderbescheid steht noch aus.",
    "Kostensteigerungen über dem Ansatz.",
]
PARTNER = ["der Ruhr-Universität", "den Stadtwerken", "dem Stadtsportbund", "Vereinen vor Ort"]
MEILENSTEINE = ["Konzept beschlossen", "Pilot gestartet", "Zwischenbilanz", "Eröffnung"]
MONATE = ["Januar", "März", "Mai", "Juli", "September", "November"]


def _quartal(nummer: int) -> tuple[str, date, date, date]:
    jahr, q = ERSTES_JAHR + nummer // 4, nummer % 4 + 1
    beginn = date(jahr, 3 * q - 2, 1)
    ende = (date(jahr + (q == 4), (3 * q) % 12 + 1, 1)) - timedelta(days=1)
    return f"{jahr} – {q}. Quartal (Beispiel)", beginn, ende, ende + timedelta(days=31)


def _zeitraeume(anzahl: int) -> list:
    from django.utils import timezone

    from kernaktivitaeten.models import Berichtszeitraum

    heute = timezone.localdate()
    zeitraeume = []
    for nummer in range(anzahl):
        name, beginn, ende, faellig = _quartal(nummer)
        zeitraum, _neu = Berichtszeitraum.objects.get_or_create(
            name=name,
            defaults={
                "beginn": beginn,
                "ende": ende,
                "faellig_am": faellig,
                # The periods whose due date is not long past are still open.
                "offen": faellig >= heute - timedelta(days=60),
            },
        )
        zeitraeume.append(zeitraum)
    return zeitraeume


def _status(rng, zeitraum, heute) -> str:
    """Closed periods: almost all approved. Open ones: a realistic mix."""
    if not zeitraum.offen:
        return "freigegeben" if rng.random() < 0.98 else "zurueckgegeben"
    if zeitraum.faellig_am < heute:  # overdue, mostly done
        return rng.choices(
            ["freigegeben", "eingereicht", "entwurf", "zurueckgegeben"], [75, 12, 8, 5]
        )[0]
    return rng.choices(["freigegeben", "eingereicht", "entwurf"], [10, 30, 60])[0]


def _quartal_text(zeitraum) -> str:
    """``1. Quartal 2022`` for the period that begins in January 2022."""
    return f"{(zeitraum.beginn.month - 1) // 3 + 1}. Quartal {zeitraum.beginn.year}"


def _text(rng, vorlagen, titel, zeitraum) -> str:
    saetze = [
        vorlage.format(
            zeitraum=_quartal_text(zeitraum),
            titel=titel,
            n=rng.randint(2, 30),
            m=rng.randint(40, 4000),
            k=rng.randint(2, 9),
            p=rng.randint(60, 97),
            partner=rng.choice(PARTNER),
            meilenstein=rng.choice(MEILENSTEINE),
            monat=rng.choice(MONATE),
        )
        for vorlage in rng.sample(vorlagen, k=min(len(vorlagen), rng.randint(2, 5)))
    ]
    # One or two paragraphs, as project leads write them.
    mitte = rng.randint(1, len(saetze))
    return " ".join(saetze[:mitte]) + ("\n\n" + " ".join(saetze[mitte:]) if saetze[mitte:] else "")


def _berichte_schreiben(anzahl: int, seed: int) -> int:
    """Writes ``anzahl`` Statusberichte with COPY (one per project and period, in order)."""
    from django.db import connection
    from django.utils import timezone

    from kernaktivitaeten.models import Kernaktivitaet, Phase, Statusbericht

    projekte = list(
        Kernaktivitaet.objects.order_by("pk").values_list("pk", "titel", "phase", "fortschritt")
    )
    je_projekt = max(1, -(-anzahl // len(projekte)))
    zeitraeume = _zeitraeume(max(je_projekt, ZEITRAEUME_ANZAHL))[-je_projekt:]
    heute = timezone.localdate()
    rng = random.Random(seed)
    spalten = [
        "kernaktivitaet_id",
        "berichtszeitraum_id",
        "phase",
        "fortschritt",
        "ampel",
        "erreicht",
        "naechste_schritte",
        "risiken",
        "unterstuetzungsbedarf",
        "status",
        "erstellt_am",
        "eingereicht_am",
        "geprueft_am",
        "pruefkommentar",
        "version",
    ]
    tabelle = Statusbericht._meta.db_table
    geschrieben = 0
    zone = timezone.get_current_timezone()
    with connection.cursor() as cursor:
        roh = cursor.cursor  # psycopg's own cursor: COPY
        with roh.copy(f"COPY {tabelle} ({', '.join(spalten)}) FROM STDIN") as copy:
            for index, zeitraum in enumerate(zeitraeume):
                for pk, titel, phase, fortschritt in projekte:
                    if geschrieben >= anzahl:
                        break
                    ziel = fortschritt if fortschritt is not None else 50
                    stand = round(ziel * (index + 1) / len(zeitraeume))
                    letzte = index == len(zeitraeume) - 1
                    if letzte:
                        bericht_phase = phase or Phase.UMSETZUNG.value
                    else:
                        bericht_phase = (
                            Phase.VORBEREITUNG if stand < 15 else Phase.UMSETZUNG
                        ).value
                    status = _status(rng, zeitraum, heute)
                    basis = datetime.combine(zeitraum.ende, datetime.min.time(), tzinfo=zone)
                    erstellt = basis + timedelta(days=rng.randint(1, 10), hours=rng.randint(8, 16))
                    eingereicht = (
                        erstellt + timedelta(days=rng.randint(0, 5))
                        if status != "entwurf"
                        else None
                    )
                    geprueft = (
                        eingereicht + timedelta(days=rng.randint(1, 14))
                        if status in ("freigegeben", "zurueckgegeben")
                        else None
                    )
                    jetzt = timezone.now()
                    erstellt, eingereicht, geprueft = (
                        min(t, jetzt) if t else None for t in (erstellt, eingereicht, geprueft)
                    )
                    copy.write_row(
                        (
                            pk,
                            zeitraum.pk,
                            bericht_phase,
                            stand,
                            rng.choices(["im_plan", "gefaehrdet", "kritisch"], [75, 20, 5])[0],
                            _text(rng, ERREICHT, titel, zeitraum),
                            " ".join(rng.sample(NAECHSTE, k=rng.randint(1, 3))),
                            rng.choice(RISIKEN) if rng.random() < 0.3 else "",
                            "Abstimmung mit dem Referat." if rng.random() < 0.1 else "",
                            status,
                            erstellt,
                            eingereicht,
                            geprueft,
                            "Bitte Kennzahlen ergänzen." if status == "zurueckgegeben" else "",
                            1,
                        )
                    )
                    geschrieben += 1
    return geschrieben


def daten(*, projekte: int, berichte: int, seed: int = 2030) -> dict:
    """Fills the (migrated, set up) database up to ``projekte`` projects and ``berichte``
    reports. Projects come from the portal's own demo generator in chunks."""
    from django.db import connection, transaction

    from bochum_strategie.lib.seitencache import datenstand_erhoehen
    from kernaktivitaeten.demodaten import demodaten_erzeugen
    from kernaktivitaeten.models import Kernaktivitaet, Statusbericht
    from kernaktivitaeten.suchindex import suchindex_aktualisieren

    start = time.monotonic()
    while (fehlen := projekte - Kernaktivitaet.objects.count()) > 0:
        demodaten_erzeugen(anzahl=min(CHUNK_PROJEKTE, fehlen), seed=seed)
        print(f"  {Kernaktivitaet.objects.count()} Kernaktivitäten", file=sys.stderr, flush=True)
    projekte_s = time.monotonic() - start
    if Statusbericht.objects.exists():
        raise SystemExit("Die Datenbank hat schon Statusberichte; bench.py --neu baut sie neu.")
    with transaction.atomic():
        geschrieben = _berichte_schreiben(berichte, seed)
    print(f"  {geschrieben} Statusberichte", file=sys.stderr, flush=True)
    # The reports were written by COPY, past the services that keep the search index.
    suchindex_aktualisieren()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics, as a long-running database has
    datenstand_erhoehen()
    return {
        **zaehlen(),
        "sekunden_projekte": round(projekte_s, 1),
        "sekunden_gesamt": round(time.monotonic() - start, 1),
    }


# What the load test requests --------------------------------------------------------------------


def urls() -> dict:
    """Real addresses in the bench database for the pages the load test requests."""
    from django.db.models import Count

    from kernaktivitaeten.models import Kernaktivitaet
    from zielsystem.models import Kompetenz

    # A typical project page: a demo project with reports, milestones and indicators.
    projekt = (
        Kernaktivitaet.objects.oeffentlich()
        .filter(demo=True)
        .annotate(m=Count("meilensteine", distinct=True), k=Count("kennzahlen", distinct=True))
        .filter(m__gte=2, k__gte=1)
        .order_by("pk")
        .first()
    ) or Kernaktivitaet.objects.oeffentlich().order_by("pk").first()
    kompetenz = Kompetenz.objects.order_by("strategie", "reihenfolge").first()
    from bochum_strategie.sitemaps import SITEMAPS, anzahl_teile

    # The second part of the project section where there is one (the last one else).
    teile = anzahl_teile(SITEMAPS["kernaktivitaeten"]())
    return {
        "sitemap_teil": f"/sitemap-kernaktivitaeten.xml?p={min(2, teile)}",
        "projekt": projekt.get_absolute_url(),
        "projekt_berichte": projekt.statusberichte.freigegeben().count(),
        "kompetenz": kompetenz.get_absolute_url(),
        "kompetenz_slug": kompetenz.slug,
    }


# Öffentliche Routen ohne Seite für Besucher (probes, forms' POST targets, the back office).
# Icons at the root only redirect to a static file: nothing to measure.
NICHT_GEMESSEN = (
    "i18n/",
    "healthz",
    "readyz",
    "verwaltung/",
    "^media/",
    "favicon.ico",
    "apple-touch-icon",
)


def _muster():
    """(qualified name, route without language prefix, converter names) of every public URL
    pattern, from the resolver."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def durchlaufen(resolver, praefix="", namensraum=()):
        for eintrag in resolver.url_patterns:
            route = praefix + str(eintrag.pattern)
            if isinstance(eintrag, URLResolver):
                if eintrag.namespace == "admin":
                    continue
                ns = (*namensraum, eintrag.namespace) if eintrag.namespace else namensraum
                yield from durchlaufen(eintrag, route, ns)
            elif isinstance(eintrag, URLPattern):
                name = ":".join((*namensraum, eintrag.name)) if eintrag.name else None
                konverter = tuple(getattr(eintrag.pattern, "converters", {}))
                yield name, route.removeprefix("en/"), konverter

    for name, route, konverter in durchlaufen(get_resolver()):
        # Personal links from mails (signed token of one address) are no public pages.
        if not route.startswith(NICHT_GEMESSEN) and "<str:token>" not in route:
            yield name, route, konverter


def oeffentliche_muster() -> list[str]:
    return sorted({route for _name, route, _k in _muster()})


def muster_adressen() -> dict:
    """One real address per public URL pattern and language: the sitemap's addresses (every
    page type with an object behind it), then every other named pattern reversed with sample
    values (feeds, open data, sitemap parts, permanent and QR addresses). ``fehlend``:
    patterns without an address (the bench names them)."""
    from django.test import Client
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse
    from django.utils import translation

    from bochum_strategie.sitemaps import SITEMAPS
    from kernaktivitaeten.exporte.opendaten import DATENSAETZE
    from kernaktivitaeten.models import Kernaktivitaet
    from zielsystem.models import Kompetenz

    projekt = Kernaktivitaet.objects.fuer_auswertung().order_by("pk").first()
    kompetenz = Kompetenz.objects.order_by("pk").first()
    beispiele = {
        "pk": projekt.pk if projekt else 1,
        "slug": kompetenz.slug if kompetenz else "x",
        "nummer": 13,
        "datensatz": next(iter(DATENSAETZE), "x"),
        "format": "json",
        "abschnitt": "kernaktivitaeten",
    }
    kandidaten = []
    for sprache in ("de", "en"):
        with translation.override(sprache):
            for klasse in SITEMAPS.values():
                teil = klasse()
                kandidaten += [teil.location(eintrag) for eintrag in list(teil.items())[:1]]
    # Addresses that need a query string (e.g. the subscription form of a project) as the
    # pages link them.
    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    for seite in [k for k in kandidaten if "/kernaktivitaeten/" in k][:2]:
        antwort = client.get(seite)
        kandidaten += [
            html.unescape(href)
            for href in re.findall(r'href="(/[^"]*)"', antwort.content.decode())
            if not href.startswith(("/static/", "/media/"))
        ]
    for sprache in ("de", "en"):
        with translation.override(sprache):
            for name, _route, konverter in _muster():
                if name is None:
                    continue
                with contextlib.suppress(NoReverseMatch, KeyError):
                    kandidaten.append(reverse(name, kwargs={k: beispiele[k] for k in konverter}))
    adressen: dict[str, str] = {}
    for pfad in kandidaten:
        sprache = "en" if pfad.startswith("/en/") else "de"
        try:
            with translation.override(sprache):
                route = resolve(pfad.split("?")[0]).route.removeprefix("en/")
        except Resolver404:
            continue
        adressen.setdefault(f"{sprache} {route}", pfad)
    abgedeckt = {s.split(" ", 1)[1] for s in adressen}
    return {
        "adressen": dict(sorted(adressen.items())),
        "fehlend": [m for m in oeffentliche_muster() if m not in abgedeckt],
    }


def freigaben(*, intervall: float, dauer: float) -> dict:
    """Approves submitted reports through the service, one every ``intervall`` seconds, for
    ``dauer`` seconds (the scenario "approvals under load"): each approval raises the
    Datenstand, so every cached page turns cold."""
    from django.contrib.auth import get_user_model

    from kernaktivitaeten.models import Berichtsstatus, Statusbericht
    from kernaktivitaeten.services import statusbericht_freigeben

    pruefer, _neu = get_user_model().objects.get_or_create(
        username="bench-pruefer", defaults={"is_staff": True, "is_superuser": True}
    )
    ende = time.monotonic() + dauer
    anzahl, dauern = 0, []
    while time.monotonic() < ende:
        bericht = (
            Statusbericht.objects.filter(status=Berichtsstatus.EINGEREICHT).order_by("pk").first()
        )
        if bericht is None:
            break
        start = time.perf_counter()
        statusbericht_freigeben(bericht=bericht, user=pruefer, kommentar="Bench")
        dauern.append(time.perf_counter() - start)
        anzahl += 1
        time.sleep(max(0.0, intervall - dauern[-1]))
    return {
        "freigaben": anzahl,
        "ms_je_freigabe": round(sum(dauern) / len(dauern) * 1000, 1) if dauern else None,
    }


# Exports ----------------------------------------------------------------------------------------


def pdf(*, anzahl: int, ausgabe: str) -> dict:
    """The Fortschrittsbericht as PDF for ``anzahl`` projects (the real ones first; 0: all),
    as an export job writes it (Referat view, current period, rendered in parts)."""
    from kernaktivitaeten.exporte.fortschritt import Auswahl, Zugriff, standard_zeitraum
    from kernaktivitaeten.exporte.pdf import fortschrittsbericht_pdf_schreiben
    from kernaktivitaeten.models import Kernaktivitaet

    auswahl = Auswahl(zugriff=Zugriff.vollstaendig(), zeitraum=standard_zeitraum())
    if anzahl:
        ids = list(
            Kernaktivitaet.objects.order_by("demo", "pk").values_list("pk", flat=True)[:anzahl]
        )

        class Teilauswahl(Auswahl):
            def projekte(self):
                return super().projekte().filter(pk__in=ids)

        auswahl = Teilauswahl(zugriff=Zugriff.vollstaendig(), zeitraum=standard_zeitraum())
    start = time.monotonic()
    with open(ausgabe, "wb") as datei:
        seiten = fortschrittsbericht_pdf_schreiben(auswahl, datei)
    dauer = time.monotonic() - start
    return {
        "projekte": auswahl.projekte().count(),
        "seiten": seiten,
        "bytes": Path(ausgabe).stat().st_size,
        "sekunden_intern": round(dauer, 2),
    }


# Back office ------------------------------------------------------------------------------------


def verwaltung(*, wiederholungen: int = 3) -> dict:
    """Times back-office pages of the Referat (test client in this process, no server):
    duration, number of queries and the slowest query of each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kernaktivitaeten.models import Berichtszeitraum
    from zielsystem.models import Kompetenz

    user, _neu = get_user_model().objects.get_or_create(
        username="bench-referat", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name="Referat"))
    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    client.force_login(user)
    zeitraum = Berichtszeitraum.objects.order_by("-ende").first()
    kompetenz = Kompetenz.objects.order_by("reihenfolge").first()
    seiten = {
        "Kernaktivitäten": "/verwaltung/kernaktivitaeten/kernaktivitaet/",
        "Kernaktivitäten, Filter Phase": "/verwaltung/kernaktivitaeten/kernaktivitaet/?phase__exact=umsetzung",
        "Statusberichte": "/verwaltung/kernaktivitaeten/statusbericht/",
        "Statusberichte, Filter eingereicht + Zeitraum": (
            "/verwaltung/kernaktivitaeten/statusbericht/"
            f"?status__exact=eingereicht&berichtszeitraum__id__exact={zeitraum.pk}"
        ),
        "Statusberichte, Filter Kompetenz": (
            "/verwaltung/kernaktivitaeten/statusbericht/"
            f"?kernaktivitaet__kompetenz__id__exact={kompetenz.pk}"
        ),
        "Statusberichte, Seite 100": "/verwaltung/kernaktivitaeten/statusbericht/?p=100",
        "Kennzahlen": "/verwaltung/kernaktivitaeten/kennzahl/",
        "Berichtsstand": "/verwaltung/berichtsstand/",
    }
    ergebnis = {}
    for name, url in seiten.items():
        dauern, abfragen, langsamste = [], 0, None
        for _i in range(wiederholungen):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                dauern.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            abfragen = len(ctx.captured_queries)
            zaehlungen = [q for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT")]
            langsam = max(ctx.captured_queries, key=lambda q: float(q["time"]))
            if langsamste is None or float(langsam["time"]) > float(langsamste["time"]):
                langsamste = langsam
        ergebnis[name] = {
            "url": url,
            "ms": round(sorted(dauern)[len(dauern) // 2] * 1000, 1),
            "abfragen": abfragen,
            "count_abfragen": len(zaehlungen),
            "count_ms": round(sum(float(q["time"]) for q in zaehlungen) * 1000, 1),
            "langsamste_ms": round(float(langsamste["time"]) * 1000, 1),
            "langsamste_sql": langsamste["sql"][:160],
        }
    ergebnis["Import-Probelauf (300 Zeilen)"] = _import_probelauf(client)
    return ergebnis


def _import_probelauf(client) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    zeilen = "".join(f"{90000 + i};Bench-Projekt {i};hotspot-der-live-kultur\n" for i in range(300))
    datei = SimpleUploadedFile(
        "import.csv", ("nummer;titel;kompetenz\n" + zeilen).encode(), content_type="text/csv"
    )
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        response = client.post(
            "/verwaltung/kernaktivitaeten/kernaktivitaet/import/",
            {"datei": datei, "probelauf": "on"},
        )
        dauer = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"Import-Probelauf: HTTP {response.status_code}")
    return {"ms": round(dauer * 1000, 1), "abfragen": len(ctx.captured_queries)}


# Profile ----------------------------------------------------------------------------------------


def profil(*, url: str, wiederholungen: int, zeilen: int) -> dict:
    """cProfile of ``url`` rendered without the page cache (test client, this process)."""
    import cProfile
    import io
    import pstats

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.SEITENCACHE_AKTIV = False
    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    assert client.get(url).status_code == 200  # warm: imports, templates, connection
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    abfragen = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
    start = time.perf_counter()
    for _i in range(wiederholungen):
        client.get(url)
    ohne_profiler = (time.perf_counter() - start) / wiederholungen * 1000
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _i in range(wiederholungen):
        client.get(url)
    profiler.disable()
    je_anfrage = (time.perf_counter() - start) / wiederholungen * 1000
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(zeilen)
    for dauer, sql in sorted(abfragen, reverse=True)[:5]:
        print(f"{dauer:8.1f} ms  {sql[:300]}", file=text)
    return {
        "url": url,
        "ms_je_anfrage": round(ohne_profiler, 1),
        "ms_je_anfrage_mit_profiler": round(je_anfrage, 1),
        "abfragen": len(abfragen),
        "sql_ms": round(sum(dauer for dauer, _sql in abfragen), 1),
        "profil": text.getvalue(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    unter = parser.add_subparsers(dest="aufgabe", required=True)
    unter.add_parser("zaehlen")
    p = unter.add_parser("daten")
    p.add_argument("--projekte", type=int, required=True)
    p.add_argument("--berichte", type=int, required=True)
    unter.add_parser("urls")
    unter.add_parser("muster")
    p = unter.add_parser("freigaben")
    p.add_argument("--intervall", type=float, default=3)
    p.add_argument("--dauer", type=float, required=True)
    p = unter.add_parser("pdf")
    p.add_argument("--anzahl", type=int, default=125)
    p.add_argument("--ausgabe", required=True)
    p = unter.add_parser("verwaltung")
    p.add_argument("--wiederholungen", type=int, default=3)
    p = unter.add_parser("profil")
    p.add_argument("url")
    p.add_argument("--wiederholungen", type=int, default=20)
    p.add_argument("--zeilen", type=int, default=40)
    args = parser.parse_args(argv)
    _django()
    if args.aufgabe == "zaehlen":
        _ausgeben(zaehlen())
    elif args.aufgabe == "daten":
        _ausgeben(daten(projekte=args.projekte, berichte=args.berichte))
    elif args.aufgabe == "urls":
        _ausgeben(urls())
    elif args.aufgabe == "muster":
        _ausgeben(muster_adressen())
    elif args.aufgabe == "freigaben":
        _ausgeben(freigaben(intervall=args.intervall, dauer=args.dauer))
    elif args.aufgabe == "pdf":
        _ausgeben(pdf(anzahl=args.anzahl, ausgabe=args.ausgabe))
    elif args.aufgabe == "verwaltung":
        _ausgeben(verwaltung(wiederholungen=args.wiederholungen))
    elif args.aufgabe == "profil":
        ergebnis = profil(url=args.url, wiederholungen=args.wiederholungen, zeilen=args.zeilen)
        print(ergebnis.pop("profil"), file=sys.stderr)
        _ausgeben(ergebnis)
    return 0


if __name__ == "__main__":
    sys.exit(main())
