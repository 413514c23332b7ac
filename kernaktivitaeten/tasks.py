"""Background tasks (Django's task framework). Every mail of the workflow is sent here, by
the worker (settings.TASKS: the database queue; ``manage.py db_worker``), never in the web
request; a refused mail is tried again later (bochum_strategie/lib/mailversand.py). Tasks get
ids and read what they send at sending time."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from bochum_strategie.lib.mailversand import senden

from .models import Erinnerung, Statusbericht


def _link(bericht) -> str:
    return settings.SITE_URL + reverse(
        "admin:kernaktivitaeten_statusbericht_change", args=[bericht.pk]
    )


def _mail(betreff: str, text: str, empfaenger: list[str]) -> EmailMessage:
    return EmailMessage(betreff, text, settings.DEFAULT_FROM_EMAIL, empfaenger)


@task
def bericht_eingereicht_melden(bericht_id: int, versuch: int = 1) -> int:
    """Tells the Vorstand of the project's Kompetenz that a report waits for review."""
    bericht = Statusbericht.objects.mit_projekt().filter(pk=bericht_id).first()
    if bericht is None:
        return 0
    kompetenz = bericht.kernaktivitaet.kompetenz
    empfaenger = (
        list(
            kompetenz.vorstandsmitglieder.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if kompetenz
        else []
    )
    if not empfaenger:
        empfaenger = [settings.REFERAT_EMAIL]
    nachricht = _mail(
        _("Statusbericht zur Prüfung: %(projekt)s") % {"projekt": bericht.kernaktivitaet},
        _(
            "Der Statusbericht „%(bericht)s“ wurde eingereicht und wartet auf Ihre Prüfung:\n%(link)s"
        )
        % {"bericht": bericht, "link": _link(bericht)},
        empfaenger,
    )
    return int(
        senden(nachricht, task=bericht_eingereicht_melden, args=(bericht_id,), versuch=versuch)
    )


@task
def bericht_zurueckgegeben_melden(bericht_id: int, versuch: int = 1) -> int:
    """Tells the project leads that their report came back, with the reviewer's comment."""
    bericht = Statusbericht.objects.mit_projekt().filter(pk=bericht_id).first()
    if bericht is None:
        return 0
    empfaenger = list(
        bericht.kernaktivitaet.projektleitungen.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not empfaenger:
        return 0
    nachricht = _mail(
        _("Statusbericht zurückgegeben: %(projekt)s") % {"projekt": bericht.kernaktivitaet},
        _(
            "Ihr Statusbericht „%(bericht)s“ wurde zurückgegeben.\n\nKommentar:\n%(kommentar)s\n\n%(link)s"
        )
        % {"bericht": bericht, "kommentar": bericht.pruefkommentar, "link": _link(bericht)},
        empfaenger,
    )
    return int(
        senden(nachricht, task=bericht_zurueckgegeben_melden, args=(bericht_id,), versuch=versuch)
    )


@task
def erinnerung_senden(erinnerung_id: int, versuch: int = 1) -> int:
    """Sends one reminder recorded by ``erinnerungen.erinnerungen_versenden``."""
    from .erinnerungen import erinnerung_nachricht

    erinnerung = (
        Erinnerung.objects.select_related("berichtszeitraum", "kernaktivitaet", "empfaenger")
        .filter(pk=erinnerung_id)
        .first()
    )
    if erinnerung is None or not erinnerung.empfaenger.is_active or not erinnerung.empfaenger.email:
        return 0
    nachricht = erinnerung_nachricht(
        erinnerung.berichtszeitraum,
        erinnerung.kernaktivitaet,
        erinnerung.empfaenger,
        erinnerung.art,
    )
    return int(senden(nachricht, task=erinnerung_senden, args=(erinnerung_id,), versuch=versuch))


@task
def erinnerungen_versenden_task() -> int:
    from .erinnerungen import erinnerungen_versenden

    return erinnerungen_versenden()
