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
