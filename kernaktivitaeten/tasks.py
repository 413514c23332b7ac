"""Background tasks (Django's task framework). Every mail of the workflow is sent here, by
the worker (settings.TASKS: the database queue; ``manage.py db_worker``), never in the web
request; a refused mail is tried again later (bochum_strategie/lib/mailversand.py). Tasks get
ids and read what they send at sending time."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
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


# Export jobs (kernaktivitaeten/exporte/auftraege.py, ADR 0013) ---------------------------------


@task
def exportauftrag_ausfuehren(auftrag_id: int, lauf: int) -> str:
    """Builds the file of one export job; a task of an earlier ``lauf`` does nothing."""
    from .exporte.auftraege import exportauftrag_ausfuehren as ausfuehren

    auftrag = ausfuehren(auftrag_id=auftrag_id, lauf=lauf)
    return auftrag.status if auftrag else ""


@task
def exportauftrag_melden(auftrag_id: int, versuch: int = 1) -> int:
    """Tells the requesting user that the export is ready (or failed), with the link to its
    page; the page offers the download while it is kept."""
    from .models import Exportauftrag, Exportstatus

    auftrag = (
        Exportauftrag.objects.select_related("angefordert_von")
        .filter(
            pk=auftrag_id,
            status__in=[Exportstatus.FERTIG, Exportstatus.FEHLGESCHLAGEN],
            angefordert_von__is_active=True,
        )
        .exclude(angefordert_von__email="")
        .first()
    )
    if auftrag is None:
        return 0
    link = settings.SITE_URL + reverse("exporte:auftrag", args=[auftrag.pk])
    werte = {
        "was": auftrag.get_art_display(),
        "format": auftrag.format.upper(),
        "link": link,
        "datei": auftrag.dateiname,
    }
    if auftrag.status == Exportstatus.FERTIG:
        betreff = _("Ihr Export ist fertig: %(was)s (%(format)s)") % werte
        text = _(
            "Ihr Export „%(was)s“ (%(format)s) ist fertig.\n\nDatei: %(datei)s\n"
            "Herunterladen bis %(bis)s:\n%(link)s\n"
        ) % {**werte, "bis": timezone.localtime(auftrag.gueltig_bis).strftime("%d.%m.%Y %H:%M")}
    else:
        betreff = _("Ihr Export ist fehlgeschlagen: %(was)s (%(format)s)") % werte
        text = _(
            "Ihr Export „%(was)s“ (%(format)s) konnte nicht erstellt werden:\n%(fehler)s\n\n"
            "Sie können ihn auf dieser Seite erneut starten:\n%(link)s\n"
        ) % {**werte, "fehler": auftrag.fehlermeldung}
    nachricht = _mail(betreff, text, [auftrag.angefordert_von.email])
    return int(senden(nachricht, task=exportauftrag_melden, args=(auftrag_id,), versuch=versuch))
