"""Browser fixtures: one headless Chromium (Debian's) per session, one fresh page per test.

The pages are served by pytest-django's ``live_server``. Its tests run on a transactional
database that is flushed after each test (so the live server's thread sees committed data),
hence ``portal`` loads the strategy, and the demo projects where ``demodaten_erzeugen``
exists, before every test.

Without Playwright or Chromium the browser tests are skipped on a laptop, but fail in CI
(CI=true): there they must run.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands

from tests.dienste import nicht_verfuegbar

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results" / "screenshots"
DEMODATEN_ANZAHL = 6


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        nicht_verfuegbar("Python package 'playwright' is not installed")
    if not Path(CHROMIUM).is_file():
        nicht_verfuegbar(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with _django_neben_playwright():
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            playwright.stop()
            nicht_verfuegbar(f"Chromium at {CHROMIUM} does not start: {exc}")
        yield browser
        browser.close()
        playwright.stop()


@contextmanager
def _django_neben_playwright():
    """Lets Django's ORM run in this thread while Playwright is started.

    Playwright's sync API keeps an asyncio loop marked as running in this thread for as long
    as it is started, so Django would refuse every query here ("SynchronousOnlyOperation"):
    loading data, finding URLs, pytest-django's flush and database teardown. Nothing runs
    on that loop while Django does, so the check is lifted, for exactly that time.
    """
    vorher = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if vorher is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = vorher


@pytest.fixture
def portal(live_server, transactional_db):
    """The live server (``.url``) with the strategy and demo projects loaded."""
    call_command("portal_einrichten", verbosity=0)
    if "demodaten_erzeugen" in get_commands():
        call_command("demodaten_erzeugen", "--anzahl", str(DEMODATEN_ANZAHL), verbosity=0)
    return live_server


def neue_seite(browser, **context_optionen):
    """A page in a fresh context (own cookies, own viewport); close its context after use."""
    context = browser.new_context(locale="de-DE", **context_optionen)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(browser):
    """A fresh page at 1280x800."""
    page = neue_seite(browser, viewport={"width": 1280, "height": 800})
    yield page
    page.context.close()


@pytest.fixture
def page_ohne_csp(browser):
    """A page for axe: it is injected as an inline script, which the CSP would block."""
    page = neue_seite(browser, viewport={"width": 1280, "height": 800}, bypass_csp=True)
    yield page
    page.context.close()


def oeffnen(page, portal, seite):
    """Loads ``seite`` from the live server and checks its HTTP status."""
    url = portal.url + seite.pfad()
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    assert response.status == seite.status, f"{url}: HTTP {response.status}"
    return url
