"""Backups: dumpdata of the whole database (natural keys) survives flush + loaddata.

pg_dump is the backup of record (docs/deployment.md); dumpdata is the portable one, e.g. to
move from SQLite to PostgreSQL or to another city's instance. Content types, permissions,
sessions and the login throttling logs are left out: the first two are rebuilt by migrate,
the others are not worth keeping.
"""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Kernaktivitaet

AUSGESCHLOSSEN = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


def _zaehlung() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in {"contenttypes", "sessions", "axes"}
        and m._meta.label not in {"auth.Permission", "admin.LogEntry"}
        and m._meta.managed
        and not m._meta.proxy
    }


@pytest.mark.django_db
def test_dumpdata_flush_loaddata_round_trip(tmp_path, settings):
    demodaten_erzeugen(anzahl=10)
    chef = get_user_model().objects.create_superuser(
        "sicherung", "s@bochum.example", "pw-1234567890"
    )
    chef.groups.add(Group.objects.first())
    vorher = _zaehlung()
    projekt = Kernaktivitaet.objects.oeffentlich().order_by("pk").last()
    schwerpunkte = sorted(projekt.schwerpunkte.values_list("slug", flat=True))
    gruppenrechte = {
        g.name: sorted(g.permissions.values_list("codename", flat=True))
        for g in Group.objects.all()
    }
    assert vorher["kernaktivitaeten.Kernaktivitaet"] >= 10

    sicherung = tmp_path / "sicherung.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={a}" for a in AUSGESCHLOSSEN],
        "--output",
        str(sicherung),
        verbosity=0,
    )
    assert json.loads(sicherung.read_text())  # valid JSON, not empty

    if connection.vendor == "postgresql":
        # The test runs in one transaction: fire the deferred FK checks of the inserts above,
        # or PostgreSQL refuses TRUNCATE ("pending trigger events"). A real restore has none.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    if connection.vendor == "postgresql":
        # Back to the constraints' own setting (deferred), as in a real restore: the dump may
        # refer forward (a project "aufgegangen in" one with a higher id).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert Kernaktivitaet.objects.count() == 0
    assert get_user_model().objects.count() == 0

    # As docs/deployment.md says: SIMPLE_HISTORY_ENABLED=0 while loading, or loaddata's
    # many-to-many writes would add audit entries of their own.
    settings.SIMPLE_HISTORY_ENABLED = False
    ausgabe = io.StringIO()
    call_command("loaddata", str(sicherung), stdout=ausgabe)
    settings.SIMPLE_HISTORY_ENABLED = True
    assert _zaehlung() == vorher

    wieder = Kernaktivitaet.objects.get(slug=projekt.slug)
    assert (wieder.pk, wieder.titel, wieder.phase, wieder.fortschritt) == (
        projekt.pk,
        projekt.titel,
        projekt.phase,
        projekt.fortschritt,
    )
    assert sorted(wieder.schwerpunkte.values_list("slug", flat=True)) == schwerpunkte
    chef_wieder = get_user_model().objects.get(username="sicherung")
    assert chef_wieder.check_password("pw-1234567890") and chef_wieder.is_superuser
    assert chef_wieder.groups.count() == 1
    assert {
        g.name: sorted(g.permissions.values_list("codename", flat=True))
        for g in Group.objects.all()
    } == gruppenrechte
