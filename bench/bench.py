#!/usr/bin/env python3
"""Benchmark at city scale: 10,000 Kernaktivitäten, 200,000 Statusberichte, gunicorn, 16 connections.

    .venv/bin/python bench/bench.py             # or: make bench
    .venv/bin/python bench/bench.py --neu       # rebuild the bench database first
    .venv/bin/python bench/bench.py --dauer 5 --seiten healthz,katalog --ohne-exporte

1. Database ``bochum_strategie_bench`` on the local PostgreSQL: migrate, portal_einrichten,
   the projects from the portal's demo generator (in chunks), the reports by COPY. An existing
   bench database with the expected counts is reused (``--neu`` rebuilds it).
2. The portal under gunicorn with production settings (DJANGO_DEBUG=0, generated secret key,
   HTTPS as forwarded by a TLS proxy: ``X-Forwarded-Proto: https``), once with the page cache
   (Redis) and once with ``SEITENCACHE_AKTIV=0`` (a page right after a change: the fragments
   of unchanged records warm); on request (``--laeufe``) also without fragments
   (``FRAGMENTCACHE_AKTIV=0``: the full cost, as "uncached" meant before issue 20).
3. Per page: bench/last.py in a separate process, 16 connections for ``--dauer`` seconds;
   requests/s, p50, p99 and the throughput as a share of /healthz in the same run.
4. Excel export of all projects, PDF of 125 projects and PDF of all projects (as an export
   job renders it, in parts) in child processes: time and peak memory (the child's
   ``ru_maxrss``). Back-office pages: time, queries, slowest query. ``--nur-pdf`` measures
   only the PDF of all projects.

Prints a table and writes everything to bench/results/<timestamp>.json. Targets and
figures: docs/performance.md. Only loopback addresses are ever loaded.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
ERGEBNISSE = BENCH_DIR / "results"
PYTHON = sys.executable
HTTPS_HEADER = "X-Forwarded-Proto: https"

# The gunicorn harness is the one the tests use (tests/server.py).
sys.path.insert(0, str(BASE_DIR))
from tests.server import (  # noqa: E402
    ProzessFehler,
    Server,
    gunicorn_starten,
)
from tests.server import produktionsumgebung as _produktionsumgebung  # noqa: E402

STANDARD_DATENBANK = "postgres://postgres@127.0.0.1:5432/bochum_strategie_bench"
STANDARD_REDIS = "redis://127.0.0.1:6379/15"
# Written as a comment on the database: a bench database made by another version of the
# generator (or with other counts) is rebuilt instead of reused.
GENERATOR_VERSION = 3  # 3: the search index (issue 16) includes the reports' text

# Targets (docs/performance.md): share of /healthz throughput, p99 in ms.
ZIELE = {
    "gecacht": {"anteil": 0.50, "p99_ms": 100},
    "ungecacht": {"anteil": 0.10, "p99_ms": 400},
    "ohne_fragmente": {"anteil": 0.10, "p99_ms": 400},
    "excel_s": 15,
    "excel_mb": 300,
    "pdf_s": 10,
    # Issue 21: the PDF of every project (10,000), rendered in parts, as an export job.
    "pdf_alle_mb": 500,
    # Issue 20: the mix of every public pattern while reports are approved under load.
    "freigaben_unter_last": {"p99_ms": 400},
}
# Pages whose throughput is compared with /healthz ("anonymous pages"); the open data
# download is a file of several MB, reported but not held to the page targets.
OHNE_ZIEL = {"healthz", "opendaten"}


def seiten(urls: dict) -> dict[str, str]:
    """Name → path of everything the load test requests (real addresses from the database)."""
    return {
        "healthz": "/healthz",
        "start": "/",
        "katalog": "/kernaktivitaeten/",
        "katalog_filter": f"/kernaktivitaeten/?kompetenz={urls['kompetenz_slug']}&phase=umsetzung",
        "suche": "/kernaktivitaeten/?q=Quartiersgarten",
        # the forgiving search (issue 16): a typo, and a part of compounds ("…garten")
        "suche_tippfehler": "/kernaktivitaeten/?q=Quartiersgartn",
        "suche_wortteil": "/kernaktivitaeten/?q=Garten",
        "katalog_seite_400": "/kernaktivitaeten/?seite=400",
        "projekt": urls["projekt"],
        "kompetenz": urls["kompetenz"],
        "dashboard": "/fortschritt/",
        "opendaten": "/daten/kernaktivitaeten.json",
        "sitemap": "/sitemap.xml",
        "sitemap_teil": urls.get("sitemap_teil", "/sitemap-kernaktivitaeten.xml?p=2"),
        # A mix over one address of every public URL pattern in both languages (from the
        # resolver, bench/aufgaben.py muster), filled in by mix_adressen().
        "alle_muster": [],
        # The same mix while a report is approved through the service every few seconds.
        "freigaben_unter_last": [],
    }


# Large downloads are measured on their own ("opendaten"), not in the mix.
NICHT_IM_MIX = ("daten/<slug:datensatz>.<slug:format>",)
SZENARIEN = {"alle_muster", "freigaben_unter_last"}


def mix_adressen(muster: dict) -> list[str]:
    """The addresses of the mix: one per public pattern and language, downloads left out."""
    return [
        pfad
        for schluessel, pfad in muster["adressen"].items()
        if schluessel.split(" ", 1)[1] not in NICHT_IM_MIX
    ]


# Arguments ------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--neu", action="store_true", help="rebuild the bench database")
    p.add_argument("--nur-daten", action="store_true", help="only build/check the database")
    p.add_argument(
        "--profil",
        metavar="PFAD",
        help="instead of the benchmark: cProfile and slowest queries of one page rendered "
        "without the page cache, e.g. --profil /kernaktivitaeten/",
    )
    p.add_argument("--datenbank", default=os.environ.get("BENCH_DATABASE_URL", STANDARD_DATENBANK))
    p.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", STANDARD_REDIS))
    p.add_argument("--projekte", type=int, default=10_000)
    p.add_argument("--berichte", type=int, default=200_000)
    p.add_argument("--dauer", type=float, default=15, help="seconds per page (default 15)")
    p.add_argument("--verbindungen", type=int, default=16)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn workers (default: 2 × CPU cores; the load generator shares the machine)",
    )
    p.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="GUNICORN_MAX_REQUESTS (default 0: no worker recycling during the measurement)",
    )
    p.add_argument(
        "--parallel-workers",
        type=int,
        default=0,
        help="DATABASE_PARALLEL_WORKERS of the server (default 0 as in production; "
        "-1: PostgreSQL's own setting)",
    )
    p.add_argument(
        "--gunicorn-optionen",
        default="",
        help='extra gunicorn options for an experiment (GUNICORN_CMD_ARGS), e.g. "--preload"',
    )
    p.add_argument(
        "--opendaten-anfragen",
        type=int,
        default=6,
        help="the open-data JSON of all projects is a file of several MB that takes seconds: "
        "only this many requests per run (default 6) …",
    )
    p.add_argument(
        "--opendaten-verbindungen",
        type=int,
        default=2,
        help="… over this many connections (default 2)",
    )
    p.add_argument(
        "--laeufe",
        default="gecacht,ungecacht",
        help="comma-separated: gecacht (page cache in Redis), ungecacht (SEITENCACHE_AKTIV=0: "
        "cold pages, fragments kept), ohne_fragmente (FRAGMENTCACHE_AKTIV=0 too: the full cost)",
    )
    p.add_argument("--seiten", default="", help="comma-separated page names (default: all)")
    p.add_argument("--ohne-last", action="store_true", help="skip the load test")
    p.add_argument("--ohne-exporte", action="store_true", help="skip Excel and PDF")
    p.add_argument("--ohne-verwaltung", action="store_true", help="skip the back-office pages")
    p.add_argument(
        "--freigabe-intervall",
        type=float,
        default=3,
        help="scenario freigaben_unter_last: seconds between two approvals (default 3)",
    )
    p.add_argument("--pdf-projekte", type=int, default=125)
    p.add_argument(
        "--ohne-pdf-alle", action="store_true", help="skip the PDF of all projects (minutes)"
    )
    p.add_argument(
        "--nur-pdf",
        action="store_true",
        help="only the PDF of all projects (no load test, Excel or back-office pages)",
    )
    p.add_argument("--ergebnisse", type=Path, default=ERGEBNISSE, help="directory for the JSON")
    return p


def argumente(argv=None) -> argparse.Namespace:
    p = parser()
    args = p.parse_args(argv)
    if not 1 <= args.verbindungen <= 512:
        p.error("--verbindungen must be between 1 and 512")
    if not 0 < args.dauer <= 3600:
        p.error("--dauer must be between 0 and 3600 seconds")
    if args.projekte < 1 or args.berichte < 0:
        p.error("--projekte must be at least 1, --berichte not negative")
    laeufe = [lauf.strip() for lauf in args.laeufe.split(",") if lauf.strip()]
    if not laeufe or set(laeufe) - {"gecacht", "ungecacht", "ohne_fragmente"}:
        p.error("--laeufe: gecacht, ungecacht and/or ohne_fragmente")
    args.laeufe = laeufe
    args.seiten = [s.strip() for s in args.seiten.split(",") if s.strip()]
    unbekannt = set(args.seiten) - set(
        seiten({"projekt": "", "kompetenz": "", "kompetenz_slug": ""})
    )
    if unbekannt:
        p.error(f"--seiten: unknown {', '.join(sorted(unbekannt))}")
    if args.seiten and "healthz" not in args.seiten:
        args.seiten.insert(0, "healthz")  # every ratio needs the reference of the same run
    if args.workers is None:
        args.workers = 2 * (os.cpu_count() or 1)
    return args


# Environment ----------------------------------------------------------------------------------


def produktionsumgebung(
    args, *, geheim: str, verzeichnis: Path, seitencache: bool, redis: bool, fragmente: bool = True
) -> dict[str, str]:
    """docs/deployment.md's production environment, behind a TLS-terminating proxy; one
    secret key for every run of the bench."""
    weitere = {
        "DJANGO_SECRET_KEY": geheim,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://bench.invalid",
        "DATEICACHE_VERZEICHNIS": str(verzeichnis / "dateien"),
        "SEITENCACHE_AKTIV": "1" if seitencache else "0",
        "FRAGMENTCACHE_AKTIV": "1" if fragmente else "0",
        "DATABASE_PARALLEL_WORKERS": str(args.parallel_workers),
        "LOG_LEVEL": "WARNING",
    }
    if redis:
        weitere["REDIS_URL"] = args.redis
    return _produktionsumgebung(database_url=args.datenbank, verzeichnis=verzeichnis, **weitere)


def ausfuehren(env, *befehl, timeout=3600) -> str:
    ergebnis = subprocess.run(
        list(befehl), cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    if ergebnis.returncode != 0:
        raise SystemExit(f"{' '.join(befehl)} failed:\n{ergebnis.stdout}\n{ergebnis.stderr}")
    return ergebnis.stdout


def aufgabe(env, *argumente, timeout=3600) -> dict:
    """A task of bench/aufgaben.py; its result is the JSON on the last line of stdout."""
    ausgabe = ausfuehren(env, PYTHON, str(BENCH_DIR / "aufgaben.py"), *argumente, timeout=timeout)
    return json.loads(ausgabe.strip().splitlines()[-1])


def gemessen(env, *befehl) -> dict:
    """Runs a child process; wall time and its peak memory (ru_maxrss, KiB on Linux)."""
    start = time.monotonic()
    prozess = subprocess.Popen(
        list(befehl), cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _pid, status, nutzung = os.wait4(prozess.pid, 0)
    dauer = time.monotonic() - start
    ausgabe, fehler = prozess.stdout.read().decode(), prozess.stderr.read().decode()
    prozess.stdout.close()
    prozess.stderr.close()
    prozess.returncode = os.waitstatus_to_exitcode(status)
    if prozess.returncode != 0:
        raise SystemExit(f"{' '.join(befehl)} failed:\n{ausgabe}\n{fehler}")
    return {
        "sekunden": round(dauer, 2),
        "spitze_mb": round(nutzung.ru_maxrss / 1024, 1),
        "cpu_s": round(nutzung.ru_utime + nutzung.ru_stime, 2),
        "ausgabe": ausgabe.strip().splitlines()[-1] if ausgabe.strip() else "",
    }


# Database -------------------------------------------------------------------------------------


def _verwaltungsverbindung(url: str):
    from urllib.parse import urlsplit

    import psycopg

    teile = urlsplit(url)
    name = teile.path.lstrip("/")
    wartung = psycopg.connect(
        host=teile.hostname or "127.0.0.1",
        port=teile.port or 5432,
        user=teile.username or "postgres",
        password=teile.password,
        dbname="postgres",
        autocommit=True,
    )
    return wartung, name


def _kennung(args) -> str:
    return f"bochum-strategie-bench v{GENERATOR_VERSION} {args.projekte}/{args.berichte}"


def datenbank_bereitstellen(args, env) -> dict:
    """Reuses the bench database when it was built for these counts; else builds it."""
    wartung, name = _verwaltungsverbindung(args.datenbank)
    with wartung:
        zeile = wartung.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        vorhanden = zeile is not None and zeile[0] == _kennung(args)
        if vorhanden and not args.neu:
            # The code may have new migrations or fixtures since the database was built;
            # both commands leave existing data alone.
            ausfuehren(env, PYTHON, "manage.py", "migrate", "--noinput")
            ausfuehren(env, PYTHON, "manage.py", "portal_einrichten")
            zaehlung = aufgabe(env, "zaehlen")
            if zaehlung["projekte"] == args.projekte and zaehlung["berichte"] == args.berichte:
                print(f"Datenbank {name}: vorhanden, wird wiederverwendet ({zaehlung}).")
                return {**zaehlung, "neu_gebaut": False}
        print(f"Datenbank {name}: wird neu gebaut …", flush=True)
        wartung.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        wartung.execute(f'CREATE DATABASE "{name}"')
    start = time.monotonic()
    ausfuehren(env, PYTHON, "manage.py", "migrate", "--noinput")
    ausfuehren(env, PYTHON, "manage.py", "portal_einrichten")
    ergebnis = aufgabe(
        env, "daten", "--projekte", str(args.projekte), "--berichte", str(args.berichte)
    )
    wartung, name = _verwaltungsverbindung(args.datenbank)
    with wartung:
        wartung.execute(f"COMMENT ON DATABASE \"{name}\" IS '{_kennung(args)}'")
    print(f"Datenbank gebaut in {time.monotonic() - start:.0f} s: {ergebnis}")
    return {**ergebnis, "neu_gebaut": True, "sekunden_aufbau": round(time.monotonic() - start)}


# Server ---------------------------------------------------------------------------------------


def redis_leeren(url: str) -> None:
    """The bench's own Redis database: no page or Datenstand from an earlier build survives."""
    import redis

    redis.Redis.from_url(url).flushdb()


# Load -----------------------------------------------------------------------------------------

RUHIG = 0.25  # share of the CPUs busy while our server idles: above this, others are working


def cpu_belegt(sekunden: float = 1.0) -> float | None:
    """Share of all CPUs busy during ``sekunden`` (Linux /proc/stat; None elsewhere)."""

    def lesen():
        werte = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        leerlauf = werte[3] + (werte[4] if len(werte) > 4 else 0)  # idle + iowait
        return sum(werte), leerlauf

    try:
        gesamt1, leer1 = lesen()
        time.sleep(sekunden)
        gesamt2, leer2 = lesen()
    except (OSError, ValueError, IndexError):
        return None
    gesamt = gesamt2 - gesamt1
    return round(1 - (leer2 - leer1) / gesamt, 2) if gesamt else None


def ruhe_abwarten(hoechstens: float = 90) -> float | None:
    """Waits (at most ``hoechstens`` s) until other processes leave the CPUs mostly idle, so
    that a test run on the same machine does not count as the portal's slowness. Returns the
    share busy just before the measurement (recorded with it)."""
    frist = time.monotonic() + hoechstens
    belegt = cpu_belegt()
    while belegt is not None and belegt > RUHIG and time.monotonic() < frist:
        belegt = cpu_belegt(2.0)
    return belegt


def last(args, server: Server, name: str, pfad: str | list[str]) -> dict:
    """bench/last.py in its own process (its threads must not share the GIL with us)."""
    befehl = [
        PYTHON,
        str(BENCH_DIR / "last.py"),
        server.basis,
        "--verbindungen",
        str(args.verbindungen),
        "--dauer",
        str(args.dauer),
        "--header",
        HTTPS_HEADER,
        "--json",
    ]
    for adresse in [pfad] if isinstance(pfad, str) else pfad:
        befehl += ["--seite", adresse]
    if name == "opendaten":
        # A download of several MB that takes seconds: few requests, over few connections,
        # each as long as it takes (gunicorn's worker timeout still applies).
        befehl[befehl.index("--verbindungen") + 1] = str(args.opendaten_verbindungen)
        befehl[befehl.index("--dauer") + 1] = str(max(args.dauer, 600))
        befehl += ["--max-anfragen", str(args.opendaten_anfragen), "--timeout", "300"]
    ausgabe = subprocess.run(befehl, cwd=BASE_DIR, capture_output=True, text=True, timeout=900)
    if not ausgabe.stdout.strip():
        raise SystemExit(f"last.py {name}: {ausgabe.stderr}")
    return json.loads(ausgabe.stdout.strip().splitlines()[-1])


def aufwaermen(server: Server, pfad: str | list[str], workers: int) -> dict:
    """A few requests per worker: templates compiled, connections open, pages cached. For a
    mix, each address once per worker, with the time of its first (cold) request."""
    if isinstance(pfad, list):
        kalt = {}
        for adresse in pfad:
            start = time.perf_counter()
            _aufwaermen_einzeln(server, adresse, 1)
            kalt[adresse] = round((time.perf_counter() - start) * 1000, 1)
            _aufwaermen_einzeln(server, adresse, workers)
        return {"adressen": len(pfad), "erste_anfrage_ms": kalt}
    return _aufwaermen_einzeln(server, pfad, 2 * workers)


def _aufwaermen_einzeln(server: Server, pfad: str, anzahl: int) -> dict:
    antwort = None
    for _i in range(anzahl):
        antwort = server.anfrage(pfad)
        if antwort.status >= 400:  # the permanent address answers with a redirect
            server.stoppen()
            raise SystemExit(
                f"{pfad}: HTTP {antwort.status} while warming up; server log:\n{server.logende()}"
            )
    return {"bytes": len(antwort.body), "seitencache": antwort.header("X-Seitencache") or ""}


def freigaben_unter_last(args, env, server: Server, mix: list[str]) -> dict:
    """The mix under load while bench/aufgaben.py approves a report every few seconds through
    the service (each approval raises the Datenstand: every cached page turns cold)."""
    freigabe = subprocess.Popen(
        [
            PYTHON,
            str(BENCH_DIR / "aufgaben.py"),
            "freigaben",
            "--intervall",
            str(args.freigabe_intervall),
            "--dauer",
            str(args.dauer),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        messung = last(args, server, "freigaben_unter_last", mix)
    finally:
        ausgabe, fehler = freigabe.communicate(timeout=args.dauer + 300)
    if freigabe.returncode != 0:
        raise SystemExit(f"aufgaben.py freigaben failed:\n{ausgabe}\n{fehler}")
    return {**messung, **json.loads(ausgabe.strip().splitlines()[-1])}


def lastlauf(args, env, lauf: str, pfade: dict, verzeichnis: Path) -> dict:
    try:
        server = gunicorn_starten(
            env,
            workers=args.workers,
            max_requests=args.max_requests,
            log=verzeichnis / f"{lauf}.log",
            optionen=args.gunicorn_optionen,
            timeout=120,
        )
    except ProzessFehler as fehler:
        raise SystemExit(str(fehler)) from None
    ergebnisse = {}
    # /healthz first and again last: the reference is their mean, so that a drift during the
    # run (another process on the machine) shows and counts for both ends.
    folge = list(pfade.items())
    if "healthz" in pfade:
        folge.append(("healthz_ende", pfade["healthz"]))
    try:
        for name, pfad in folge:
            if name == "freigaben_unter_last" and lauf != "gecacht":
                continue  # approvals make cached pages cold: only meaningful with the cache
            info = aufwaermen(server, pfad, args.workers)
            fremd = ruhe_abwarten()
            if name == "freigaben_unter_last":
                messung = freigaben_unter_last(args, env, server, pfad)
            else:
                messung = last(args, server, name, pfad)
            ergebnisse[name] = {"pfad": pfad, **info, **messung, "cpu_belegt_vorher": fremd}
            print(
                f"  {lauf:9} {name:18} {messung['anfragen_pro_sekunde']:8.1f}/s "
                f"p50 {messung['p50_ms']:7.1f} ms  p99 {messung['p99_ms']:7.1f} ms "
                f"errors {messung['fehler']}  (CPU busy before: {fremd})",
                flush=True,
            )
    finally:
        server.stoppen()
    ende = ergebnisse.pop("healthz_ende", None)
    referenz = 0
    if "healthz" in ergebnisse:
        anfang = ergebnisse["healthz"]["anfragen_pro_sekunde"]
        referenz = (anfang + ende["anfragen_pro_sekunde"]) / 2 if ende else anfang
        if ende:
            ergebnisse["healthz"]["ende"] = ende
    for e in ergebnisse.values():
        e["anteil_healthz"] = round(e["anfragen_pro_sekunde"] / referenz, 3) if referenz else None
    return ergebnisse


# Targets --------------------------------------------------------------------------------------


def ziele_pruefen(ergebnis: dict) -> list[dict]:
    """Every target with the measured value and whether it is met."""
    pruefungen = []
    for lauf, seiten_ in ergebnis.get("last", {}).items():
        ziel = ZIELE[lauf]
        for name, e in seiten_.items():
            if name in OHNE_ZIEL:
                continue
            if name == "freigaben_unter_last":
                grenze = ZIELE[name]["p99_ms"]
                pruefungen += [
                    {
                        "ziel": f"{name}: p99 < {grenze} ms ({e.get('freigaben')} Freigaben)",
                        "wert": e["p99_ms"],
                        "erfuellt": e["p99_ms"] < grenze,
                    },
                    {
                        "ziel": f"{name}: keine Fehler",
                        "wert": e["fehler"],
                        "erfuellt": e["fehler"] == 0,
                    },
                ]
                continue
            pruefungen.append(
                {
                    "ziel": f"{lauf} {name}: Durchsatz ≥ {ziel['anteil']:.0%} von /healthz",
                    "wert": e["anteil_healthz"],
                    "erfuellt": e["anteil_healthz"] is not None
                    and e["anteil_healthz"] >= ziel["anteil"],
                }
            )
            pruefungen.append(
                {
                    "ziel": f"{lauf} {name}: p99 < {ziel['p99_ms']} ms",
                    "wert": e["p99_ms"],
                    "erfuellt": e["p99_ms"] < ziel["p99_ms"],
                }
            )
            pruefungen.append(
                {
                    "ziel": f"{lauf} {name}: keine Fehler",
                    "wert": e["fehler"],
                    "erfuellt": e["fehler"] == 0,
                }
            )
    exporte = ergebnis.get("exporte", {})
    if "excel" in exporte:
        x = exporte["excel"]
        pruefungen.append(
            {
                "ziel": f"Excel < {ZIELE['excel_s']} s",
                "wert": x["sekunden"],
                "erfuellt": x["sekunden"] < ZIELE["excel_s"],
            }
        )
        pruefungen.append(
            {
                "ziel": f"Excel < {ZIELE['excel_mb']} MB",
                "wert": x["spitze_mb"],
                "erfuellt": x["spitze_mb"] < ZIELE["excel_mb"],
            }
        )
    if "pdf" in exporte:
        x = exporte["pdf"]
        pruefungen.append(
            {
                "ziel": f"PDF < {ZIELE['pdf_s']} s",
                "wert": x["sekunden"],
                "erfuellt": x["sekunden"] < ZIELE["pdf_s"],
            }
        )
    if "pdf_alle" in exporte:
        x = exporte["pdf_alle"]
        pruefungen.append(
            {
                "ziel": f"PDF of all projects < {ZIELE['pdf_alle_mb']} MB",
                "wert": x["spitze_mb"],
                "erfuellt": x["spitze_mb"] < ZIELE["pdf_alle_mb"],
            }
        )
    return pruefungen


# Report ---------------------------------------------------------------------------------------


def tabelle(ergebnis: dict) -> str:
    zeilen = []
    laeufe = ergebnis.get("last", {})
    if laeufe:
        kopf = f"{'page':18} {'path':52}"
        for lauf in laeufe:
            kopf += f" | {lauf + ' req/s':>15} {'p50':>7} {'p99':>7} {'×hz':>5}"
        zeilen += [kopf, "-" * len(kopf)]
        namen = list(next(iter(laeufe.values())))
        for name in namen:
            pfad = next(iter(laeufe.values()))[name]["pfad"]
            if not isinstance(pfad, str):
                pfad = f"mix of {len(pfad)} addresses"
            zeile = f"{name:18} {pfad[:52]:52}"
            for seiten_ in laeufe.values():
                e = seiten_.get(name)
                if e is None:
                    zeile += f" | {'–':>15} {'':>7} {'':>7} {'':>5}"
                    continue
                anteil = e["anteil_healthz"]
                zeile += (
                    f" | {e['anfragen_pro_sekunde']:15.1f} {e['p50_ms']:7.1f} {e['p99_ms']:7.1f}"
                    f" {anteil if anteil is not None else 0:5.2f}"
                )
                if e["fehler"]:
                    zeile += f" ERRORS {e['fehler']}"
                if (e.get("cpu_belegt_vorher") or 0) > RUHIG:
                    zeile += " (busy machine)"
            zeilen.append(zeile)
        zeilen.append("(req/s; p50/p99 in ms; ×hz: throughput ÷ /healthz throughput, same run)")
        if "opendaten" in namen:
            p = ergebnis["parameter"]
            zeilen.append(
                f"(opendaten: the JSON of all projects; only {p['opendaten_anfragen']} requests "
                f"over {p['opendaten_verbindungen']} connections per run, not {p['verbindungen']})"
            )
    exporte = ergebnis.get("exporte", {})
    for name, e in exporte.items():
        zeilen.append(
            f"{name:18} {e['sekunden']:7.2f} s, peak {e['spitze_mb']:7.1f} MB ({e['was']})"
        )
    for name, e in ergebnis.get("verwaltung", {}).items():
        extra = ""
        if "langsamste_ms" in e:
            extra = (
                f", COUNT(*) {e['count_abfragen']}× {e['count_ms']} ms"
                f", slowest query {e['langsamste_ms']} ms"
            )
        zeilen.append(f"admin {name:45} {e['ms']:8.1f} ms, {e['abfragen']} queries{extra}")
    pruefungen = ergebnis.get("ziele", [])
    verfehlt = [p for p in pruefungen if not p["erfuellt"]]
    if pruefungen:
        zeilen.append(f"targets: {len(pruefungen) - len(verfehlt)} of {len(pruefungen)} met")
        zeilen += [f"  NOT MET: {p['ziel']} (measured {p['wert']})" for p in verfehlt]
    return "\n".join(zeilen)


def speichern(ergebnis: dict, verzeichnis: Path) -> Path:
    verzeichnis.mkdir(parents=True, exist_ok=True)
    stempel = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    ziel = verzeichnis / f"{stempel}.json"
    ziel.write_text(json.dumps(ergebnis, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ziel


def exporte_messen(args, basis, verzeichnis: Path) -> dict:
    """Excel of all projects and the PDF of ``--pdf-projekte`` projects."""
    excel = verzeichnis / "bericht.xlsx"
    return {
        "excel": {
            "was": f"manage.py fortschrittsbericht --format xlsx, {args.projekte} projects",
            **gemessen(
                basis,
                PYTHON,
                "manage.py",
                "fortschrittsbericht",
                "--format",
                "xlsx",
                "--ausgabe",
                str(excel),
            ),
            "bytes": excel.stat().st_size,
        },
        "pdf": {
            "was": f"Fortschrittsbericht PDF/UA, {args.pdf_projekte} projects",
            **gemessen(
                basis,
                PYTHON,
                str(BENCH_DIR / "aufgaben.py"),
                "pdf",
                "--anzahl",
                str(args.pdf_projekte),
                "--ausgabe",
                str(verzeichnis / "bericht.pdf"),
            ),
        },
    }


def pdf_alle_messen(args, basis, verzeichnis: Path) -> dict:
    """The PDF of every project, rendered in parts as an export job does (issue 21)."""
    ziel = verzeichnis / "bericht-alle.pdf"
    gemessen_ = gemessen(
        basis,
        PYTHON,
        str(BENCH_DIR / "aufgaben.py"),
        "pdf",
        "--anzahl",
        "0",
        "--ausgabe",
        str(ziel),
    )
    return {"was": "Fortschrittsbericht PDF/UA, all projects, in parts", **gemessen_}


# Main -----------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = argumente(argv)
    geheim = secrets.token_urlsafe(50)
    ergebnis = {
        "zeitpunkt": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameter": {
            "projekte": args.projekte,
            "berichte": args.berichte,
            "dauer_s": args.dauer,
            "verbindungen": args.verbindungen,
            "workers": args.workers,
            "max_requests": args.max_requests,
            "parallel_workers": args.parallel_workers,
            "gunicorn_optionen": args.gunicorn_optionen,
            "opendaten_anfragen": args.opendaten_anfragen,
            "opendaten_verbindungen": args.opendaten_verbindungen,
            "cpu_kerne": os.cpu_count(),
            # Other work on the machine skews every figure: the load before the bench.
            "last_vorher": [round(x, 2) for x in os.getloadavg()],
        },
    }
    with tempfile.TemporaryDirectory(prefix="bochum-bench-") as tmp:
        verzeichnis = Path(tmp)
        basis = produktionsumgebung(
            args, geheim=geheim, verzeichnis=verzeichnis, seitencache=False, redis=False
        )
        ergebnis["daten"] = datenbank_bereitstellen(args, basis)
        if args.nur_daten:
            return 0
        ausfuehren(basis, PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
        if args.profil:
            befehl = [PYTHON, str(BENCH_DIR / "aufgaben.py"), "profil", args.profil]
            return subprocess.run(befehl, cwd=BASE_DIR, env=basis, check=False).returncode
        urls = aufgabe(basis, "urls")
        muster = aufgabe(basis, "muster")
        ergebnis["muster"] = muster
        if muster["fehlend"]:
            print(f"Ohne Adresse (nicht gemessen): {', '.join(muster['fehlend'])}")
        pfade = seiten(urls)
        for szenario in SZENARIEN:
            pfade[szenario] = mix_adressen(muster)
        if args.seiten:
            pfade = {name: pfad for name, pfad in pfade.items() if name in args.seiten}
        ergebnis["urls"] = urls

        if not args.ohne_last and not args.nur_pdf:
            ergebnis["last"] = {}
            for lauf in args.laeufe:
                gecacht = lauf == "gecacht"
                env = produktionsumgebung(
                    args,
                    geheim=geheim,
                    verzeichnis=verzeichnis,
                    seitencache=gecacht,
                    redis=True,
                    fragmente=lauf != "ohne_fragmente",
                )
                redis_leeren(args.redis)
                print(f"Lauf {lauf}: {args.workers} workers, {args.verbindungen} connections")
                ergebnis["last"][lauf] = lastlauf(args, env, lauf, pfade, verzeichnis)

        if not args.ohne_exporte:
            ergebnis["exporte"] = {} if args.nur_pdf else exporte_messen(args, basis, verzeichnis)
            if not args.ohne_pdf_alle:
                ergebnis["exporte"]["pdf_alle"] = pdf_alle_messen(args, basis, verzeichnis)
            for name, e in ergebnis["exporte"].items():
                print(f"  {name}: {e['sekunden']} s, peak {e['spitze_mb']} MB", flush=True)

        if not args.ohne_verwaltung and not args.nur_pdf:
            ergebnis["verwaltung"] = aufgabe(basis, "verwaltung")

    ergebnis["ziele"] = ziele_pruefen(ergebnis)
    datei = speichern(ergebnis, args.ergebnisse)  # first: a measurement is never lost
    print()
    print(tabelle(ergebnis))
    print(f"\nresults: {datei}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
