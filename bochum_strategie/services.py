"""Writes of the portal package: accessibility feedback."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Rueckmeldung

logger = logging.getLogger(__name__)


def rueckmeldung_senden(*, name: str, email: str, nachricht: str, seite: str) -> Rueckmeldung:
    """Stores a visitor's feedback and mails it to the Referat (settings.REFERAT_EMAIL).

    The record is stored first: when the mail server fails, nothing is lost and the visitor
    still gets the thank-you page; the record then shows "not forwarded" in the back office.
    """
    with transaction.atomic():
        rueckmeldung = Rueckmeldung.objects.create(
            name=name, email=email, nachricht=nachricht, seite=seite
        )
    try:
        _mail_an_referat(rueckmeldung)
    except Exception as fehler:
        # The message may contain personal data; the log gets the kind of failure only.
        logger.error(
            "Rückmeldung %s: E-Mail an das Referat fehlgeschlagen (%s)",
            rueckmeldung.pk,
            type(fehler).__name__,
        )
    else:
        Rueckmeldung.objects.filter(pk=rueckmeldung.pk).update(mail_gesendet=True)
        rueckmeldung.mail_gesendet = True
    return rueckmeldung


def _mail_an_referat(rueckmeldung: Rueckmeldung) -> None:
    # The Referat reads German, whatever language the visitor used.
    with translation.override(settings.LANGUAGE_CODE):
        adresse = settings.SITE_URL + reverse(
            "admin:portal_rueckmeldung_change", args=[rueckmeldung.pk]
        )
        seite = rueckmeldung.seite
        if seite.startswith("/"):
            seite = settings.SITE_URL + seite
        zeilen = [
            _(
                "Über das Portal der Bochum Strategie ist eine Rückmeldung zur Barrierefreiheit eingegangen."
            ),
            "",
            _("Eingegangen: %(zeit)s")
            % {"zeit": f"{timezone.localtime(rueckmeldung.erstellt):%d.%m.%Y %H:%M}"},
            _("Seite: %(seite)s") % {"seite": seite or _("(nicht angegeben)")},
            _("Name: %(name)s") % {"name": rueckmeldung.name or _("(nicht angegeben)")},
            _("E-Mail: %(email)s") % {"email": rueckmeldung.email or _("(nicht angegeben)")},
            "",
            _("Nachricht:"),
            rueckmeldung.nachricht,
            "",
            _("Im Backoffice: %(adresse)s") % {"adresse": adresse},
        ]
        send_mail(
            _("Rückmeldung zur Barrierefreiheit (Nr. %(nummer)s)") % {"nummer": rueckmeldung.pk},
            "\n".join(zeilen),
            settings.DEFAULT_FROM_EMAIL,
            [settings.REFERAT_EMAIL],
        )
