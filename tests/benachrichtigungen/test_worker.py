"""The mail queue as in production: separate worker processes (``manage.py db_worker``) on a
database of their own, sending to a real SMTP server. Stopping and restarting the worker loses
nothing and sends nothing twice (issue 19)."""

import signal
import subprocess
import sys

import pytest

from tests.server import BASE_DIR, grundumgebung

from .smtp import smtp_server

pytestmark = pytest.mark.server

EINREIHEN = """
from benachrichtigungen.models import Abonnent
from benachrichtigungen.tasks import bestaetigung_senden
for i in range({von}, {bis}):
    a = Abonnent.objects.create(email=f"p{{i}}@example.org")
    bestaetigung_senden.enqueue(a.pk, "de")
"""


@pytest.fixture
def umgebung(tmp_path):
    controller, postfach = smtp_server()
    env = {
        **grundumgebung(),
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(controller.port),
        "SMTP_USE_TLS": "0",
    }
    yield env, postfach
    controller.stop()


def manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def worker(env, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def empfaenger(postfach):
    return sorted(r for rcpt, _ in postfach.nachrichten for r in rcpt)


def test_worker_neustart_ohne_verlust(umgebung):
    env, postfach = umgebung
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", EINREIHEN.format(von=0, bis=5))
    assert postfach.nachrichten == []  # queued, nobody sent anything

    erster = worker(env, "--max-tasks", "2", "--interval", "0.1")
    assert erster.wait(timeout=60) == 0
    assert len(postfach.nachrichten) == 2  # stopped after two: three wait in the database

    zweiter = worker(env, "--interval", "0.1")
    postfach.warten(5, sekunden=60)
    zweiter.send_signal(signal.SIGTERM)
    assert zweiter.wait(timeout=30) == 0, zweiter.stderr.read()
    assert empfaenger(postfach) == [f"p{i}@example.org" for i in range(5)]

    # Queued while no worker runs: sent by the next one, once.
    manage(env, "shell", "-c", EINREIHEN.format(von=5, bis=6))
    assert worker(env, "--batch").wait(timeout=60) == 0
    assert empfaenger(postfach) == [f"p{i}@example.org" for i in range(6)]


def test_ein_getoeteter_worker_verliert_keine_mail(umgebung):
    """A worker killed while sending (SIGKILL, power cut) leaves its task 'running'; the
    hourly care command queues such mail tasks again and the next worker sends them."""
    env, postfach = umgebung
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", EINREIHEN.format(von=0, bis=2))
    # What a killed worker leaves: claimed, never finished (one long ago, one just now).
    manage(
        env,
        "shell",
        "-c",
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "alt, neu = DBTaskResult.objects.order_by('enqueued_at')\n"
        "DBTaskResult.objects.filter(pk=alt.pk).update(status='RUNNING', "
        "started_at=timezone.now() - timedelta(hours=2), worker_ids=['tot'])\n"
        "DBTaskResult.objects.filter(pk=neu.pk).update(status='RUNNING', "
        "started_at=timezone.now(), worker_ids=['laeuft'])\n",
    )
    assert worker(env, "--batch").wait(timeout=60) == 0
    assert postfach.nachrichten == []  # nothing is ready: both look taken
    ausgabe = manage(env, "benachrichtigungen_pflegen").stdout
    assert "1 liegengebliebene E-Mail-Aufgaben wieder eingereiht" in ausgabe
    assert worker(env, "--batch").wait(timeout=60) == 0
    assert empfaenger(postfach) == ["p0@example.org"]  # the one still running is left alone
