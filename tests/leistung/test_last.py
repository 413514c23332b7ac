"""Load without errors: bench/last.py against gunicorn with production settings."""

import json
import subprocess
import sys

from tests.server import BASE_DIR, HTTPS_HINTER_PROXY, freier_port

SKRIPT = BASE_DIR / "bench" / "last.py"


def last(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SKRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_32_connections_for_5_seconds_without_any_error(produktionsserver):
    proxy = [f"--header={name}: {wert}" for name, wert in HTTPS_HINTER_PROXY.items()]
    ergebnis = last(produktionsserver.basis, "-c", "32", "-d", "5", "--json", *proxy)
    bericht = json.loads(ergebnis.stdout)
    assert ergebnis.returncode == 0, bericht
    assert bericht["fehler"] == 0
    assert bericht["status_5xx"] == 0
    assert bericht["abgebrochene_verbindungen"] == 0
    assert bericht["anfragen"] >= 100, bericht  # it did load the server
    assert set(bericht["status"]) == {"200"}
    assert 0 < bericht["p50_ms"] <= bericht["p99_ms"]
    print(ergebnis.stdout)  # shown with -s or -rA: throughput and latency of this machine


def test_errors_make_the_script_fail(produktionsserver):
    ergebnis = last(
        produktionsserver.basis,
        *("-c", "2", "-d", "1", "--seite", "/gibt-es-nicht/", "--json"),
        *(f"--header={name}: {wert}" for name, wert in HTTPS_HINTER_PROXY.items()),
    )
    assert ergebnis.returncode == 1
    bericht = json.loads(ergebnis.stdout)
    assert bericht["fehler"] == bericht["anfragen"] > 0


def test_refuses_other_hosts_and_unbounded_runs():
    for args in (
        ["http://example.org/"],
        ["https://127.0.0.1:8000/"],
        ["http://127.0.0.1:8000/", "-c", "100000"],
        ["http://127.0.0.1:8000/", "-d", "0"],
    ):
        ergebnis = last(*args)
        assert ergebnis.returncode == 2, args


def test_refused_connections_are_counted_as_dropped():
    ergebnis = last(f"http://127.0.0.1:{freier_port()}", "-c", "2", "-d", "0.5", "--json")
    assert ergebnis.returncode == 1
    bericht = json.loads(ergebnis.stdout)
    assert bericht["abgebrochene_verbindungen"] > 0
