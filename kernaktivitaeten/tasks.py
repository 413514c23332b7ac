"""Background tasks (Django 6 tasks). The default backend runs them at once; production can
configure a worker backend in TASKS without code changes."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Statusbericht


def _link(bericht) -> str:
    return settings.SITE_URL + reverse(
        "admin:kernaktivitaeten_statusbericht_change", args=[bericht.pk]
    )


@task
def bericht_eingereicht_melden(bericht_id: int) -> int:
    """Tells the Vorstand of the project's Kompetenz that a report waits for review."""
    bericht = Statusbericht.objects.mit_projekt().get(pk=bericht_id)
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
    return send_mail(
        _("Statusbericht zur Prüfung: %(projekt)s") % {"projekt": bericht.kernaktivitaet},
        _(
            "Der Statusbericht „%(bericht)s“ wurde eingereicht und wartet auf Ihre Prüfung:\n%(link)s"
        )
        % {"bericht": bericht, "link": _link(bericht)},
        settings.DEFAULT_FROM_EMAIL,
        empfaenger,
    )


@task
def bericht_zurueckgegeben_melden(bericht_id: int) -> int:
    """Tells the project leads that their report came back, with the reviewer's comment."""
    bericht = Statusbericht.objects.mit_projekt().get(pk=bericht_id)
    empfaenger = list(
        bericht.kernaktivitaet.projektleitungen.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not empfaenger:
        return 0
    return send_mail(
        _("Statusbericht zurückgegeben: %(projekt)s") % {"projekt": bericht.kernaktivitaet},
        _(
            "Ihr Statusbericht „%(bericht)s“ wurde zurückgegeben.\n\nKommentar:\n%(kommentar)s\n\n%(link)s"
        )
        % {"bericht": bericht, "kommentar": bericht.pruefkommentar, "link": _link(bericht)},
        settings.DEFAULT_FROM_EMAIL,
        empfaenger,
    )


@task
def erinnerungen_versenden_task() -> int:
    from .erinnerungen import erinnerungen_versenden

    return erinnerungen_versenden()
