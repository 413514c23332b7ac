"""Shared test set-up: the real strategy is loaded once per test session.

Every test runs in a transaction on top of the real Zielsystem (fixtures/), so tests check
the pages against the strategy's own text.
"""

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.dienste import IN_CI

pytest_plugins = ["tests.personas", "tests.produktion"]

# Tests that start a server (gunicorn in production mode, Django's live server) are marked
# "server", so that `make test-fast` can leave them out together with the browser tests.
SERVER_FIXTURES = {"produktion", "produktionsserver", "live_server"}


def pytest_collection_modifyitems(config, items):
    """Marks server tests; PostgreSQL-only tests are deselected on SQLite (they run in CI's
    PostgreSQL pass)."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)
    if settings.IS_POSTGRES:
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default']['NAME']}); CI={IN_CI}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("portal_einrichten", verbosity=0)


@pytest.fixture(autouse=True)
def _german_by_default():
    """Requests activate their language in this thread; start every test in German."""
    from django.utils import translation

    with translation.override("de"):
        yield


@pytest.fixture(autouse=True)
def _suchvokabular_je_test():
    """The search vocabulary is kept per process and Datenstand; each test's database starts
    from the same Datenstand with other data, so each test reads it anew."""
    from kernaktivitaeten.search import vokabular_vergessen

    vokabular_vergessen()


@pytest.fixture(autouse=True)
def _strategie_nach_flush(request):
    """Transactional tests (live server, crawl) flush the database after each test, which
    removes the session's strategy data for the tests after them: load it again (idempotent)."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        call_command("portal_einrichten", verbosity=0)
