"""Export jobs with the real queue: ``manage.py db_worker`` in its own process on a database of
its own (issue 21). A worker killed in the middle of a job leaves the task "running"; the
hourly ``benachrichtigungen_pflegen`` queues it again (the mechanism of the mail tasks,
ADR 0008) and the next worker builds the file from the start."""

import pytest

from tests.benachrichtigungen.test_worker import manage, worker
from tests.server import grundumgebung

pytestmark = pytest.mark.server

ANLEGEN = """
from django.contrib.auth.models import Group
from kernaktivitaeten.exporte.auftraege import exportauftrag_anlegen
from kernaktivitaeten.models import Exportart
from tests.factories import UserFactory
user = UserFactory(username="referat", email="referat@example.org")
user.groups.add(Group.objects.get(name="Referat"))
auftrag = exportauftrag_anlegen(
    user=user, art=Exportart.FORTSCHRITTSBERICHT, format="csv", parameter={}, beschreibung=""
)
print(auftrag.pk)
"""

# What a worker killed (SIGKILL, power cut) halfway through the job leaves behind.
GETOETET = """
from datetime import timedelta
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from kernaktivitaeten.models import Exportauftrag
vor_zwei_stunden = timezone.now() - timedelta(hours=2)
DBTaskResult.objects.update(status="RUNNING", started_at=vor_zwei_stunden, worker_ids=["tot"])
Exportauftrag.objects.update(
    status="laeuft", erledigt=10, gesamt=23, gestartet_am=vor_zwei_stunden,
    lebenszeichen_am=vor_zwei_stunden,
)
"""

STAND = """
from kernaktivitaeten.models import Exportauftrag
a = Exportauftrag.objects.get()
print(a.status, a.erledigt, a.gesamt, a.datei)
"""


@pytest.fixture
def umgebung(tmp_path):
    return {
        **grundumgebung(),
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "EXPORTE_VERZEICHNIS": str(tmp_path / "exporte"),
    }, tmp_path / "exporte"


def stand(env) -> list[str]:
    return manage(env, "shell", "-c", STAND).stdout.strip().splitlines()[-1].split()


def test_a_job_of_a_killed_worker_is_finished_by_the_next_one(umgebung):
    env, ordner = umgebung
    manage(env, "migrate", "--noinput")
    manage(env, "portal_einrichten")
    manage(env, "shell", "-c", ANLEGEN)
    manage(env, "shell", "-c", GETOETET)
    assert worker(env, "--batch").wait(timeout=120) == 0
    assert stand(env)[0] == "laeuft"  # looks taken

    ausgabe = manage(env, "benachrichtigungen_pflegen").stdout
    assert "1 liegengebliebene E-Mail-Aufgaben wieder eingereiht" in ausgabe
    fertig = worker(env, "--batch")
    assert fertig.wait(timeout=120) == 0, fertig.stderr.read()
    status, erledigt, gesamt, datei = stand(env)
    assert status == "fertig" and erledigt == gesamt and int(gesamt) > 10
    dateien = [p for p in ordner.rglob("*") if p.is_file()]
    assert [p.relative_to(ordner).as_posix() for p in dateien] == [datei]
    assert dateien[0].read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV, complete
