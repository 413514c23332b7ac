"""Tasks of following by mail (queued in the database, run by ``manage.py db_worker``).
They take ids, never addresses; a deleted address leaves nothing to send (ADR 0008)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from bochum_strategie.lib.mailversand import senden

from . import mails, services
from .models import Abonnent, Zustellung


@task
def ereignis_verteilen(nutzlast: dict) -> int:
    """Receives the events of ``bochum_strategie.lib.ereignisse.ereignis_melden``."""
    ereignis = services.ereignis_verteilen(nutzlast=nutzlast)
    return ereignis.zustellungen.count() if ereignis else 0


@task
def bestaetigung_senden(abonnent_id: int, sprache: str, versuch: int = 1) -> int:
    abonnent = Abonnent.objects.filter(pk=abonnent_id).first()
    if abonnent is None:
        return 0
    nachricht = mails.bestaetigung(abonnent, sprache)
    return int(
        senden(nachricht, task=bestaetigung_senden, args=(abonnent_id, sprache), versuch=versuch)
    )


@task
def zustellungen_senden(abonnent_id: int, versuch: int = 1) -> int:
    """Mails what waits for one address (one event, or the weekly digest); the waiting
    notifications are deleted once the server accepted the mail."""
    abonnent = Abonnent.objects.bestaetigt().filter(pk=abonnent_id).first()
    if abonnent is None:
        return 0
    with transaction.atomic():
        # Locked while sending: a second task for the same address skips them (PostgreSQL).
        zustellungen = list(
            abonnent.zustellungen.select_for_update(skip_locked=True, of=("self",))
            .select_related("ereignis")
            .order_by("pk")
        )
        if not zustellungen:
            return 0
        nachricht, ids = mails.benachrichtigung(abonnent, zustellungen)
        if nachricht is None:
            Zustellung.objects.filter(pk__in=ids).delete()  # nothing public left to tell
            return 0
        if not senden(nachricht, task=zustellungen_senden, args=(abonnent_id,), versuch=versuch):
            return 0
        Zustellung.objects.filter(pk__in=ids).delete()
    if abonnent.rhythmus == Abonnent.Rhythmus.WOECHENTLICH:
        Abonnent.objects.filter(pk=abonnent.pk).update(letzte_wochenuebersicht=timezone.now())
    return len(ids)


@task
def wochenuebersichten_task() -> int:
    return services.wochenuebersichten_einreihen()


@task
def aufraeumen_task() -> int:
    return services.unbestaetigte_loeschen()
