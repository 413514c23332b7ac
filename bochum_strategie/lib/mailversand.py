"""Sending one mail from a task, with retries when the mail server fails.

Every mail of the portal is sent by a task of Django's task framework (settings.TASKS: the
database queue of django-tasks-db, worked off by ``manage.py db_worker``), never in the web
request. A task builds its message and calls ``senden()``; when the server cannot be reached
or answers with a temporary or permanent error, the same task is queued again with the same
arguments after a growing wait (1, 2, 4, … minutes, settings.MAIL_WARTEZEIT_SEKUNDEN), at most
settings.MAIL_VERSUCHE attempts in all. The queue lives in the database, so nothing is lost
when the worker stops or restarts. Tasks take ids, never addresses: what a task sends is read
at sending time, so an address deleted meanwhile gets nothing and leaves no trace in the queue.
"""

import email.policy
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

logger = logging.getLogger(__name__)

# Errors after which trying again later can help: the server refused, timed out, was down.
VORUEBERGEHEND = (smtplib.SMTPException, OSError)


class Listenmail(EmailMessage):
    """A mail with list headers that must stay readable as written: ``List-Unsubscribe:
    <https://…>`` (RFC 2369/8058) is one long URL without spaces, which the standard policy
    (78 characters a line) would turn into RFC 2047 encoded words that mail programs do not
    read as a link. Lines are allowed up to SMTP's limit of 998 characters instead."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def wartezeit(versuch: int) -> timedelta:
    """Wait before attempt ``versuch + 1``: 1, 2, 4, … times the base, at most 6 hours."""
    return timedelta(seconds=min(settings.MAIL_WARTEZEIT_SEKUNDEN * 2 ** (versuch - 1), 6 * 3600))


def senden(nachricht: EmailMessage, *, task, args: tuple = (), versuch: int = 1) -> bool:
    """Sends ``nachricht``; on a server error queues ``task(*args, versuch=versuch + 1)``.

    Returns True when the server accepted the mail, False when it is queued again (or given
    up after the last attempt, which is logged as an error). ``task`` must accept ``versuch``.
    A backend that cannot defer tasks (the immediate one of the tests) lets the error through.
    """
    try:
        nachricht.send()
        return True
    except VORUEBERGEHEND as fehler:
        if versuch >= settings.MAIL_VERSUCHE:
            logger.error(
                "Mail %s given up after %d attempts: %s", task.name, versuch, type(fehler).__name__
            )
            return False
        if not task.get_backend().supports_defer:
            raise
        warten = wartezeit(versuch)
        task.using(run_after=timezone.now() + warten).enqueue(*args, versuch=versuch + 1)
        logger.warning(
            "Mail %s attempt %d failed (%s); next attempt in %s",
            task.name,
            versuch,
            type(fehler).__name__,
            warten,
        )
        return False
