"""Smoke test of bench/bench.py (``make bench``) without running it: arguments, targets,
table and result file. The benchmark itself takes minutes and is not part of ``make test``."""

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench.py"


def _modul(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH.with_name(f"{name}.py"))
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


@pytest.fixture(scope="module")
def bench():
    return _modul("bench")


URLS = {"projekt": "/kernaktivitaeten/x/", "kompetenz": "/kompetenzen/k/", "kompetenz_slug": "k"}


def test_every_page_of_the_issue_is_measured(bench):
    pfade = bench.seiten(URLS)
    assert pfade["healthz"] == "/healthz"
    assert pfade["katalog_seite_400"] == "/kernaktivitaeten/?seite=400"
    assert pfade["opendaten"] == "/daten/kernaktivitaeten.json"
    assert pfade["katalog_filter"].startswith("/kernaktivitaeten/?kompetenz=k")
    assert {"start", "suche", "projekt", "kompetenz", "dashboard"} <= set(pfade)
    assert pfade["sitemap"] == "/sitemap.xml"
    assert pfade["sitemap_teil"].startswith("/sitemap-kernaktivitaeten.xml")
    assert {"alle_muster", "freigaben_unter_last"} <= set(pfade)
    # issue 16: a typo and a compound part are measured too
    assert pfade["suche_tippfehler"] == "/kernaktivitaeten/?q=Quartiersgartn"
    assert pfade["suche_wortteil"] == "/kernaktivitaeten/?q=Garten"


@pytest.mark.django_db
def test_the_mix_covers_every_public_url_pattern_in_both_languages(bench):
    """bench/aufgaben.py finds a real address for every public pattern of the resolver, so
    `make bench` measures every page type (a new page type without an address fails here)."""
    aufgaben = _modul("aufgaben")
    muster = aufgaben.muster_adressen()
    assert muster["fehlend"] == []
    routen = set(aufgaben.oeffentliche_muster())
    for sprache in ("de", "en"):
        abgedeckt = {s.split(" ", 1)[1] for s in muster["adressen"] if s.startswith(sprache)}
        ohne_sprache = {"robots.txt", "sitemap.xml", "sitemap-<slug:abschnitt>.xml"}
        assert routen - ohne_sprache <= abgedeckt, sprache
    mix = bench.mix_adressen(muster)
    assert "/kernaktivitaeten/" in mix and "/en/zielsystem/" in mix
    assert not any(
        a.startswith(("/daten/kernaktivitaeten.", "/en/daten/kernaktivitaeten."))
        and a.endswith((".json", ".csv"))
        and "schema" not in a
        for a in mix
    )
    from django.test import Client

    client = Client()
    for adresse in mix:
        erwartet = 301 if "/id/" in adresse and not adresse.endswith(".svg") else 200
        assert client.get(adresse).status_code == erwartet, adresse


@pytest.mark.django_db
def test_approvals_of_the_scenario_go_through_the_service(bench):
    from kernaktivitaeten.models import Berichtsstatus, Berichtszeitraum, Statusbericht
    from tests.factories import KernaktivitaetFactory
    from tests.personas import bericht

    aufgaben = _modul("aufgaben")
    zeitraum = Berichtszeitraum.objects.create(
        name="Bench", beginn="2026-01-01", ende="2026-06-30", faellig_am="2026-07-15"
    )
    for i in range(2):
        bericht(
            KernaktivitaetFactory(slug=f"bench-{i}"), zeitraum, status=Berichtsstatus.EINGEREICHT
        )
    ergebnis = aufgaben.freigaben(intervall=0, dauer=5)
    assert ergebnis["freigaben"] == 2
    assert not Statusbericht.objects.filter(status=Berichtsstatus.EINGEREICHT).exists()


def test_profile_of_one_page_instead_of_the_benchmark(bench):
    assert bench.argumente(["--profil", "/kernaktivitaeten/"]).profil == "/kernaktivitaeten/"
    assert bench.argumente([]).profil is None


def test_a_run_without_fragments_measures_the_full_cost(bench, tmp_path):
    """ungecacht: cold pages with the fragments of unchanged records kept (the state right
    after a change); ohne_fragmente: nothing kept, as "uncached" meant before issue 20."""
    args = bench.argumente(["--laeufe", "ungecacht,ohne_fragmente"])
    assert args.laeufe == ["ungecacht", "ohne_fragmente"]
    env = {
        fragmente: bench.produktionsumgebung(
            args,
            geheim="x" * 60,
            verzeichnis=tmp_path,
            seitencache=False,
            redis=False,
            fragmente=fragmente,
        )
        for fragmente in (True, False)
    }
    assert env[True]["FRAGMENTCACHE_AKTIV"] == "1" and env[True]["SEITENCACHE_AKTIV"] == "0"
    assert env[False]["FRAGMENTCACHE_AKTIV"] == "0"


def test_a_page_subset_always_includes_the_healthz_reference(bench):
    assert bench.argumente(["--seiten", "katalog,suche"]).seiten == ["healthz", "katalog", "suche"]


@pytest.mark.parametrize(
    "falsch",
    [
        ["--seiten", "gibtsnicht"],
        ["--laeufe", "lauwarm"],
        ["--verbindungen", "0"],
        ["--dauer", "0"],
        ["--projekte", "0"],
    ],
)
def test_bad_arguments_are_refused(bench, falsch, capsys):
    with pytest.raises(SystemExit) as fehler:
        bench.argumente(falsch)
    assert fehler.value.code == 2
    assert "error" in capsys.readouterr().err


def _messung(rps, p99, fehler=0, anteil=None):
    return {
        "pfad": "/x",
        "anfragen_pro_sekunde": rps,
        "p50_ms": p99 / 2,
        "p99_ms": p99,
        "fehler": fehler,
        "anteil_healthz": anteil,
    }


def test_targets_table_and_result_file(bench, tmp_path):
    ergebnis = {
        "parameter": {"opendaten_anfragen": 6, "opendaten_verbindungen": 2, "verbindungen": 16},
        "last": {
            "gecacht": {
                "healthz": _messung(1000, 10, anteil=1.0),
                "katalog": _messung(600, 40, anteil=0.6),
                "dashboard": _messung(10, 900, anteil=0.01),
                # A mix names its addresses (the run of 2026-12-03 died printing it).
                "alle_muster": {**_messung(400, 60, anteil=0.4), "pfad": ["/a", "/b", "/c"]},
            },
            "ungecacht": {
                "healthz": _messung(1000, 10, anteil=1.0),
                "katalog": _messung(120, 300, anteil=0.12),
                "dashboard": _messung(10, 900, fehler=1, anteil=0.01),
            },
        },
        "exporte": {
            "excel": {"sekunden": 9.0, "spitze_mb": 90.0, "was": "xlsx"},
            "pdf": {"sekunden": 11.0, "spitze_mb": 150.0, "was": "pdf"},
        },
    }
    ergebnis["ziele"] = bench.ziele_pruefen(ergebnis)
    verfehlt = {p["ziel"] for p in ergebnis["ziele"] if not p["erfuellt"]}
    assert any("gecacht dashboard" in z and "healthz" in z for z in verfehlt)
    assert any("ungecacht dashboard: keine Fehler" in z for z in verfehlt)
    assert any(z.startswith("PDF") for z in verfehlt)
    assert not any("katalog" in z or z.startswith("Excel") for z in verfehlt)

    tabelle = bench.tabelle(ergebnis)
    assert "katalog" in tabelle and "NOT MET" in tabelle and "ERRORS 1" in tabelle
    assert "alle_muster        mix of 3 addresses" in tabelle

    datei = bench.speichern(ergebnis, tmp_path / "results")
    assert datei.parent == tmp_path / "results" and datei.suffix == ".json"
    assert json.loads(datei.read_text(encoding="utf-8"))["exporte"]["excel"]["sekunden"] == 9.0


def test_results_are_kept_out_of_git():
    import subprocess

    wurzel = BENCH.parents[1]
    ignoriert = subprocess.run(
        ["git", "check-ignore", "-q", "bench/results/2026-12-02T20-00-00.json"], cwd=wurzel
    )
    assert ignoriert.returncode == 0, "result files must not end up in commits"
    behalten = subprocess.run(["git", "check-ignore", "-q", "bench/results/.gitkeep"], cwd=wurzel)
    assert behalten.returncode == 1
