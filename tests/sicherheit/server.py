"""The portal as in production (gunicorn, DJANGO_DEBUG off) for the tests that need a real
server: load, several app servers, logs, static files.

Each server runs in its own processes against its own database (a temporary SQLite file,
or a fresh PostgreSQL database when the suite runs on PostgreSQL), not the test database:
pytest's test transactions are invisible to other processes, and these servers must not
write into it.
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

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
IN_CI = os.environ.get("CI", "").lower() == "true"
# The proxy in front of the app server says the visitor used HTTPS (docs/deployment.md).
HTTPS_HINTER_PROXY = {"X-Forwarded-Proto": "https"}


def nicht_verfuegbar(grund: str):
    if IN_CI:
        pytest.fail(f"{grund} – CI=true, so this test must not be skipped.", pytrace=False)
    pytest.skip(grund)


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


def produktionsumgebung(*, database_url: str, verzeichnis: Path) -> dict[str, str]:
    """Production settings as docs/deployment.md describes them, behind a TLS proxy."""
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
    }


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    ergebnis = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert ergebnis.returncode == 0, (
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
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
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

    def stoppen(self):
        if self.prozess.poll() is None:
            self.prozess.terminate()
            try:
                self.prozess.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.prozess.kill()
                self.prozess.wait()


def gunicorn_starten(env: dict, *, log: Path, workers: int = 2, port: int | None = None) -> Server:
    if not GUNICORN.exists():
        nicht_verfuegbar(f"gunicorn is not installed in {GUNICORN.parent}")
    port = port or freier_port()
    with log.open("ab") as ausgabe:
        prozess = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env={**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
            stdout=ausgabe,
            stderr=subprocess.STDOUT,
        )
    server = Server(port=port, prozess=prozess, log=log)
    frist = time.monotonic() + 60
    while time.monotonic() < frist:
        if prozess.poll() is not None:
            raise AssertionError(f"gunicorn ended at start:\n{log.read_text()}")
        try:
            if server.anfrage("/readyz", https=False).status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stoppen()
    raise AssertionError(f"gunicorn did not become ready:\n{log.read_text()}")


def formularfelder(html: str) -> dict[str, str]:
    """Name and value of every input, selected option and textarea of a page's forms."""
    from html import unescape
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.felder: dict[str, str] = {}
            self.select = self.textarea = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
                if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                    return
                self.felder[name] = a.get("value", "on")
            elif tag == "select" and name:
                self.select = name
                self.felder.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in a:
                self.felder[self.select] = a.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                self.felder[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                self.felder[self.textarea] += data

    parser = Parser()
    parser.feed(html)
    return {k: unescape(v) for k, v in parser.felder.items()}


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
    felder = formularfelder(seite.text)
    felder.update(username=benutzer, password=passwort)
    antwort = formular_senden(server, "/verwaltung/login/?next=/verwaltung/", felder, seite.cookies)
    assert antwort.status == 302, (antwort.status, re.sub(r"\s+", " ", antwort.text)[:500])
    assert "sessionid" in antwort.cookies
    return {**seite.cookies, **antwort.cookies}
