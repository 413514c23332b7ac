#!/usr/bin/env python3
"""Load test against a locally running portal: N connections for D seconds, no errors allowed.

Standard library only (threads + http.client), so it runs on any machine with Python:

    python bench/last.py http://127.0.0.1:8000 --verbindungen 32 --dauer 60

Each connection requests the pages in turn (keep-alive when the server allows it) until the
duration or the request limit is reached. The report gives requests, throughput, errors
(transport errors and answers >= 400), 5xx, dropped connections and the latency p50/p99.
Exit code 0 only without any error; 1 otherwise; 2 for bad arguments.

Only 127.0.0.1 (or ::1, localhost) is accepted as target: this is not a tool to load
somebody else's server.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

SEITEN = [
    "/",
    "/zielsystem/",
    "/kernaktivitaeten/",
    "/kernaktivitaeten/?phase=umsetzung",
    "/kernaktivitaeten/?sortierung=-aktualisiert&seite=2",
    "/kernaktivitaeten/?q=Klima",
    "/querschnittsthemen/",
    "/nachhaltigkeitsziele/",
    "/nachhaltigkeitsziele/13/",
    "/en/",
    "/en/kernaktivitaeten/",
]
LOKAL = {"127.0.0.1", "::1", "localhost"}
MAX_VERBINDUNGEN = 512
MAX_DAUER = 3600
# Refused, reset, closed mid-answer, timed out, garbled: the connection is lost either way.
VERBINDUNGSFEHLER = (OSError, http.client.HTTPException)


@dataclass
class Ergebnis:
    anfragen: int = 0
    fehler: int = 0
    status_5xx: int = 0
    abgebrochen: int = 0  # connections refused, reset or closed mid-answer
    wiederholt: int = 0  # stale keep-alive connection, request repeated once
    status: dict = field(default_factory=dict)
    beispiele: list = field(default_factory=list)  # first few error descriptions
    dauern: list = field(default_factory=list)  # seconds per answered request


class Lauf:
    def __init__(self, *, host, port, seiten, headers, ende, max_anfragen, timeout):
        self.host, self.port = host, port
        self.seiten, self.headers = seiten, headers
        self.ende, self.max_anfragen, self.timeout = ende, max_anfragen, timeout
        self.lock = threading.Lock()
        self.gestartet = 0
        self.ergebnis = Ergebnis()

    def _naechste(self) -> bool:
        with self.lock:
            if self.gestartet >= self.max_anfragen or time.monotonic() >= self.ende:
                return False
            self.gestartet += 1
            return True

    def _fehler(self, text: str, *, abgebrochen: bool = False, status: int | None = None):
        with self.lock:
            e = self.ergebnis
            e.fehler += 1
            e.abgebrochen += abgebrochen
            if status is not None and status >= 500:
                e.status_5xx += 1
            if len(e.beispiele) < 10:
                e.beispiele.append(text)

    def verbindung(self, nummer: int):
        conn = None
        i = nummer
        while self._naechste():
            pfad = self.seiten[i % len(self.seiten)]
            i += 1
            for versuch in (1, 2):
                neu = conn is None
                if neu:
                    conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                start = time.perf_counter()
                try:
                    conn.request("GET", pfad, headers=self.headers)
                    antwort = conn.getresponse()
                    antwort.read()
                except VERBINDUNGSFEHLER as exc:
                    conn.close()
                    conn = None
                    # A kept-alive connection that the server closed meanwhile: a client
                    # repeats an idempotent request once (as browsers do). Not on a new one.
                    if not neu and versuch == 1:
                        with self.lock:
                            self.ergebnis.wiederholt += 1
                        continue
                    self._fehler(f"{pfad}: {type(exc).__name__}: {exc}", abgebrochen=True)
                    break
                dauer = time.perf_counter() - start
                with self.lock:
                    e = self.ergebnis
                    e.anfragen += 1
                    e.dauern.append(dauer)
                    e.status[antwort.status] = e.status.get(antwort.status, 0) + 1
                if antwort.status >= 400:
                    self._fehler(f"{pfad}: HTTP {antwort.status}", status=antwort.status)
                if antwort.will_close:
                    conn.close()
                    conn = None
                break
        if conn is not None:
            conn.close()


def perzentil(werte: list[float], p: float) -> float:
    if not werte:
        return 0.0
    geordnet = sorted(werte)
    return geordnet[min(len(geordnet) - 1, round(p / 100 * (len(geordnet) - 1)))]


def messen(
    basis: str,
    *,
    verbindungen: int = 32,
    dauer: float = 60,
    max_anfragen: int = 1_000_000,
    seiten: list[str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> dict:
    teile = urlsplit(basis)
    if teile.scheme != "http" or teile.hostname not in LOKAL:
        raise ValueError(f"only http://127.0.0.1[:port] (or ::1, localhost) is allowed: {basis}")
    if not 1 <= verbindungen <= MAX_VERBINDUNGEN:
        raise ValueError(f"connections must be between 1 and {MAX_VERBINDUNGEN}")
    if not 0 < dauer <= MAX_DAUER:
        raise ValueError(f"duration must be between 0 and {MAX_DAUER} seconds")
    if not 0 < timeout <= MAX_DAUER:
        raise ValueError(f"timeout must be between 0 and {MAX_DAUER} seconds")
    praefix = teile.path.rstrip("/")
    lauf = Lauf(
        host=teile.hostname,
        port=teile.port or 80,
        seiten=[praefix + s for s in (seiten or SEITEN)],
        headers={"User-Agent": "bochum-strategie-last/1", **(headers or {})},
        ende=time.monotonic() + dauer,
        max_anfragen=max_anfragen,
        timeout=timeout,
    )
    start = time.monotonic()
    threads = [
        threading.Thread(target=lauf.verbindung, args=(n,), daemon=True)
        for n in range(verbindungen)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    gemessen = time.monotonic() - start
    e = lauf.ergebnis
    return {
        "basis": basis,
        "verbindungen": verbindungen,
        "sekunden": round(gemessen, 2),
        "anfragen": e.anfragen,
        "anfragen_pro_sekunde": round(e.anfragen / gemessen, 1) if gemessen else 0,
        "fehler": e.fehler,
        "status_5xx": e.status_5xx,
        "abgebrochene_verbindungen": e.abgebrochen,
        "wiederholt": e.wiederholt,
        "status": {str(k): v for k, v in sorted(e.status.items())},
        "p50_ms": round(perzentil(e.dauern, 50) * 1000, 1),
        "p99_ms": round(perzentil(e.dauern, 99) * 1000, 1),
        "beispiele": e.beispiele,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("basis", help="e.g. http://127.0.0.1:8000 (local addresses only)")
    parser.add_argument("--verbindungen", "-c", type=int, default=32)
    parser.add_argument("--dauer", "-d", type=float, default=60, help="seconds")
    parser.add_argument("--max-anfragen", type=int, default=1_000_000)
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds per request (large downloads: more)"
    )
    parser.add_argument(
        "--seite", action="append", dest="seiten", help="a path (repeatable); default: a mix"
    )
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        help='extra request header, e.g. "X-Forwarded-Proto: https" (repeatable)',
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    headers = {}
    for zeile in args.header:
        name, sep, wert = zeile.partition(":")
        if not sep or not name.strip():
            parser.error(f"--header {zeile!r}: expected 'Name: value'")
        headers[name.strip()] = wert.strip()
    try:
        ergebnis = messen(
            args.basis,
            verbindungen=args.verbindungen,
            dauer=args.dauer,
            max_anfragen=args.max_anfragen,
            seiten=args.seiten,
            headers=headers,
            timeout=args.timeout,
        )
    except ValueError as exc:
        parser.error(str(exc))
    if args.json:
        print(json.dumps(ergebnis, ensure_ascii=False))
    else:
        e = ergebnis
        print(f"{e['basis']}: {e['verbindungen']} connections, {e['sekunden']} s")
        print(f"requests      {e['anfragen']} ({e['anfragen_pro_sekunde']}/s)")
        print(f"errors        {e['fehler']}")
        print(f"5xx           {e['status_5xx']}")
        print(f"dropped       {e['abgebrochene_verbindungen']} (retried stale: {e['wiederholt']})")
        print(f"latency       p50 {e['p50_ms']} ms, p99 {e['p99_ms']} ms")
        print(f"status        {e['status']}")
        for beispiel in e["beispiele"]:
            print(f"  {beispiel}")
    return 1 if ergebnis["fehler"] or ergebnis["anfragen"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
