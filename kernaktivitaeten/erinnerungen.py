"""Reminders to project leads whose report for an open period is missing or returned.

The mails themselves are sent by the task ``tasks.erinnerung_senden`` (the mail queue): a
reminder is recorded and queued in one transaction, so it is sent once, by the worker.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    PHASEN_OHNE_BERICHTSPFLICHT,
    Berichtsstatus,
    Berichtszeitraum,
    Erinnerung,
    Kernaktivitaet,
    Statusbericht,
)


def faellige_art(zeitraum, heute) -> str | None:
    """Which reminder is due today: before (within N days of the due date) or after (N days late)."""
    if heute >= zeitraum.faellig_am + timedelta(days=settings.ERINNERUNG_TAGE_NACHHER):
        return Erinnerung.Art.NACHHER
    if (
        zeitraum.faellig_am - timedelta(days=settings.ERINNERUNG_TAGE_VORHER)
        <= heute
        <= zeitraum.faellig_am
    ):
        return Erinnerung.Art.VORHER
    return None


def offene_projekte(zeitraum):
    """Published or not: every project whose report for ``zeitraum`` is missing, a draft or
    returned, except projects that owe no report (``PHASEN_OHNE_BERICHTSPFLICHT``)."""
    erledigt = Statusbericht.objects.filter(
        berichtszeitraum=zeitraum,
        status__in=[Berichtsstatus.EINGEREICHT, Berichtsstatus.FREIGEGEBEN],
    ).values("kernaktivitaet_id")
    return (
        Kernaktivitaet.objects.exclude(pk__in=erledigt)
        .exclude(phase__in=PHASEN_OHNE_BERICHTSPFLICHT)
        .prefetch_related("projektleitungen")
    )


def erinnerungen_versenden(*, heute=None) -> int:
    """Queues each due reminder once; returns how many mails were queued. Safe to run repeatedly."""
    heute = heute or timezone.localdate()
    gesendet = 0
    for zeitraum in Berichtszeitraum.objects.offen():
        art = faellige_art(zeitraum, heute)
        if art is None:
            continue
        gesendet += _erinnern(zeitraum, art, offene_projekte(zeitraum))
    return gesendet


def erinnerungen_fuer_kompetenz(*, zeitraum, kompetenz, heute=None) -> int:
    """The Referat's one click in the Berichtsstand: reminds every lead of ``kompetenz`` whose
    report for ``zeitraum`` is still owed. Same rule as the scheduled run: each person gets
    each kind of reminder (before / after the due date) once per project and period, so a
    second click sends nothing twice. Returns how many mails went out."""
    heute = heute or timezone.localdate()
    art = Erinnerung.Art.NACHHER if heute > zeitraum.faellig_am else Erinnerung.Art.VORHER
    return _erinnern(zeitraum, art, offene_projekte(zeitraum).filter(kompetenz=kompetenz))


def _erinnern(zeitraum, art, projekte) -> int:
    schon = set(
        Erinnerung.objects.filter(berichtszeitraum=zeitraum, art=art).values_list(
            "kernaktivitaet_id", "empfaenger_id"
        )
    )
    gesendet = 0
    for projekt in projekte:
        for person in projekt.projektleitungen.all():
            if (projekt.pk, person.pk) in schon or not person.is_active or not person.email:
                continue
            try:
                with transaction.atomic():
                    erinnerung = Erinnerung.objects.create(
                        berichtszeitraum=zeitraum,
                        kernaktivitaet=projekt,
                        empfaenger=person,
                        art=art,
                    )
                    _mail(zeitraum, projekt, person, art, erinnerung_id=erinnerung.pk)
            except IntegrityError:
                continue  # another run sent it in the meantime
            gesendet += 1
    return gesendet


def _mail(zeitraum, projekt, person, art, *, erinnerung_id=None):
    """Queues the reminder (recorded as ``erinnerung_id``) for the worker; without an id (a
    caller that records nothing) it is queued under the recorded reminder of that kind."""
    from .tasks import erinnerung_senden

    if erinnerung_id is None:
        erinnerung_id = Erinnerung.objects.get(
            berichtszeitraum=zeitraum, kernaktivitaet=projekt, empfaenger=person, art=art
        ).pk
    erinnerung_senden.enqueue(erinnerung_id)


def erinnerung_nachricht(zeitraum, projekt, person, art) -> EmailMessage:
    """The reminder mail for ``person`` (built by the task at sending time)."""
    if art == Erinnerung.Art.VORHER:
        betreff = _("Erinnerung: Statusbericht „%(projekt)s“ fällig am %(datum)s")
    else:
        betreff = _("Überfällig: Statusbericht „%(projekt)s“ (fällig am %(datum)s)")
    werte = {"projekt": projekt.titel, "datum": zeitraum.faellig_am.strftime("%d.%m.%Y")}
    text = _(
        "Guten Tag,\n\nfür die Kernaktivität „%(projekt)s“ fehlt noch der Statusbericht für den "
        "Berichtszeitraum „%(zeitraum)s“ (fällig am %(datum)s).\n\nZum Backoffice: %(link)s\n"
    ) % {**werte, "zeitraum": zeitraum.name, "link": settings.SITE_URL + reverse("admin:index")}
    return EmailMessage(betreff % werte, text, settings.DEFAULT_FROM_EMAIL, [person.email])
