"""The portal as in production (gunicorn, DJANGO_DEBUG off), as a process: one harness for
the tests that need a real server (load, several app servers, logs, static files) and for the
benchmark (bench/bench.py). It imports neither pytest nor Django.

In the tests each server runs against its own database (a temporary SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), not the test database: pytest's test
transactions are invisible to other processes, and these servers must not write into it.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tests.helpers import formularfelder

BASE_DIR = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
# The proxy in front of the app server says the visitor used HTTPS (docs/deployment.md).
HTTPS_HINTER_PROXY = {"X-Forwarded-Proto": "https"}


class ProzessFehler(RuntimeError):
    """A command or server of the harness did not do what it must (with its output)."""


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def grundumgebung() -> dict[str, str]:
    """A clean environment: nothing of the developer's or pytest's DJANGO_* settings."""
    env = {
        k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ
    }
    env.update(
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
        DJANGO_SETTINGS_MODULE="bochum_strategie.settings",
    )
    return env


def produktionsumgebung(*, database_url: str, verzeichnis: Path, **weitere: str) -> dict[str, str]:
    """Production settings as docs/deployment.md describes them, behind a TLS proxy;
    ``weitere``: further variables (the benchmark's cache and database switches)."""
    return {
        **grundumgebung(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "DJANGO_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(verzeichnis / "static"),
        "MEDIA_ROOT": str(verzeichnis / "media"),
        **weitere,
    }


def python(code: str, *, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """``python -c code`` in a fresh process with ``grundumgebung()`` plus ``env``: how the
    settings behave at start (e.g. refuse to start on bad values)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**grundumgebung(), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    ergebnis = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if ergebnis.returncode != 0:
        raise ProzessFehler(
            f"manage.py {' '.join(args)} failed:\n{ergebnis.stdout}\n{ergebnis.stderr}"
        )
    return ergebnis.stdout


@dataclass
class Antwort:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Server:
    port: int
    prozess: subprocess.Popen
    log: Path
    timeout: float = 30

    @property
    def basis(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def anfrage(
        self,
        pfad: str,
        *,
        methode: str = "GET",
        headers: dict | None = None,
        body: bytes | None = None,
        https: bool = True,
    ) -> Antwort:
        """One request over a new connection; ``https``: as forwarded by the TLS proxy."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            kopf = {**(HTTPS_HINTER_PROXY if https else {}), **(headers or {})}
            conn.request(methode, pfad, body=body, headers=kopf)
            r = conn.getresponse()
            cookies = {}
            for wert in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = wert.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
            return Antwort(r.status, r.headers, r.read(), cookies)
        finally:
            conn.close()

    def logzeilen(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()

    def logende(self, zeichen: int = 4000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-zeichen:]

    def stoppen(self):
        if self.prozess.poll() is None:
            self.prozess.terminate()
            try:
                self.prozess.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.prozess.kill()
                self.prozess.wait()


def gunicorn_starten(
    env: dict,
    *,
    log: Path,
    workers: int = 2,
    port: int | None = None,
    max_requests: int | None = None,
    optionen: str = "",
    timeout: float = 30,
) -> Server:
    """gunicorn with the repository's gunicorn.conf.py; returns once /readyz answers 200.
    ``max_requests``/``optionen``: gunicorn's worker recycling and extra options
    (GUNICORN_CMD_ARGS), for the benchmark's experiments."""
    if not GUNICORN.exists():
        raise ProzessFehler(f"gunicorn is not installed in {GUNICORN.parent}")
    port = port or freier_port()
    umgebung = {**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    if max_requests is not None:
        umgebung["GUNICORN_MAX_REQUESTS"] = str(max_requests)
    if optionen:
        umgebung["GUNICORN_CMD_ARGS"] = optionen
    with log.open("ab") as ausgabe:
        prozess = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=umgebung,
            stdout=ausgabe,
            stderr=subprocess.STDOUT,
        )
    server = Server(port=port, prozess=prozess, log=log, timeout=timeout)
    frist = time.monotonic() + 60
    while time.monotonic() < frist:
        if prozess.poll() is not None:
            raise ProzessFehler(f"gunicorn ended at start:\n{server.logende()}")
        try:
            if server.anfrage("/readyz", https=False).status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stoppen()
    raise ProzessFehler(f"gunicorn did not become ready:\n{server.logende()}")


def formular_senden(server: Server, pfad: str, felder: dict, cookies: dict) -> Antwort:
    """POSTs a form as a browser behind the TLS proxy would (same origin, CSRF cookie)."""
    return server.anfrage(
        pfad,
        methode="POST",
        body=urlencode(felder).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{server.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )


def anmelden(server: Server, benutzer: str, passwort: str) -> dict[str, str]:
    """Logs in through the back office's login form; returns the cookies (session, CSRF)."""
    seite = server.anfrage("/verwaltung/login/")
    assert seite.status == 200, seite.status
    felder = formularfelder(seite.text)  # the login form's CSRF token
    felder.update(username=benutzer, password=passwort)
    antwort = formular_senden(server, "/verwaltung/login/?next=/verwaltung/", felder, seite.cookies)
    assert antwort.status == 302, (antwort.status, re.sub(r"\s+", " ", antwort.text)[:500])
    assert "sessionid" in antwort.cookies
    return {**seite.cookies, **antwort.cookies}
