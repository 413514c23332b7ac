"""Probes for load balancers: /healthz (process alive) and /readyz (database ready)."""

import json

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_needs_no_database_at_all(client):
    # Without the django_db mark every query raises: this passes only with none at all.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_with_migrated_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "unapplied_migrations": 0,
    }


@pytest.mark.django_db
def test_readyz_with_unapplied_migrations(client, monkeypatch):
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets: [("migration", False)] * 2
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["unapplied_migrations"] == 2


@pytest.mark.django_db
def test_readyz_without_database(client, monkeypatch):
    def weg(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("bochum_strategie.views.connection.cursor", weg)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.django_db
def test_probes_have_no_language_prefix_and_refuse_writes(client):
    assert client.get("/en/healthz").status_code == 404
    assert client.post("/healthz").status_code == 405
    assert client.head("/readyz").status_code == 200


def test_probes_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/kernaktivitaeten/").status_code == 301


def test_client_address_for_login_throttling(rf, settings):
    from bochum_strategie.middleware import client_ip

    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    direkt = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(direkt) == "198.51.100.7"  # nobody else may claim an address
    proxy = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(proxy) == "203.0.113.9"  # the rightmost entry the proxy added
    ohne = rf.get("/", REMOTE_ADDR="10.0.0.2")
    assert client_ip(ohne) == "10.0.0.2"
