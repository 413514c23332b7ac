"""Atom feed of status changes in the Beschlussregister: every recorded change of a public,
real decision's implementation status or deadline, with the reason given. Never who made it."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from ..exporte.feeds import BerichteFeed
from ..models import Beschlussstatus, Beschlussstatusaenderung

ANZAHL = 50


def _status(wert: str) -> str:
    return str(Beschlussstatus(wert).label) if wert else _("nicht erfasst")


class BeschluesseFeed(BerichteFeed):
    def title(self):
        return _("Beschlussregister der Bochum Strategie: Änderungen des Umsetzungsstands")

    def subtitle(self):
        return _(
            "Wie weit die Beschlüsse des Rates zur Bochum Strategie umgesetzt sind: jede "
            "Änderung von Stand oder Frist, mit Begründung."
        )

    def link(self):
        return reverse("beschluesse:register")

    def items(self):
        return (
            Beschlussstatusaenderung.objects.oeffentlich()
            .select_related("beschluss")
            .order_by("-zeitpunkt", "-pk")[:ANZAHL]
        )

    def item_title(self, aenderung):
        return _("Vorlage %(nummer)s: %(status)s") % {
            "nummer": aenderung.beschluss.vorlagennummer,
            "status": _status(aenderung.status),
        }

    def item_description(self, aenderung):
        beschluss = aenderung.beschluss
        teile = [
            _("Stand: %(vorher)s → %(nachher)s")
            % {"vorher": _status(aenderung.status_vorher), "nachher": _status(aenderung.status)}
        ]
        if aenderung.frist != aenderung.frist_vorher:
            teile.append(
                _("Frist: %(vorher)s → %(nachher)s")
                % {
                    "vorher": aenderung.frist_vorher.strftime("%d.%m.%Y")
                    if aenderung.frist_vorher
                    else "–",
                    "nachher": aenderung.frist.strftime("%d.%m.%Y") if aenderung.frist else "–",
                }
            )
        kopf = f"<p>{escape(beschluss.titel)}</p>" if beschluss.titel else ""
        grund = (
            f"<p>{escape(_('Begründung:'))}</p>{linebreaks(escape(aenderung.grund))}"
            if aenderung.grund
            else ""
        )
        return f"{kopf}<p>{escape(' · '.join(teile))}</p>{grund}"

    def item_link(self, aenderung):
        return aenderung.beschluss.get_absolute_url() + "#verlauf"

    def item_guid(self, aenderung):
        return (
            f"{settings.SITE_URL}{aenderung.beschluss.get_absolute_url()}"
            f"#statusaenderung-{aenderung.pk}"
        )

    def item_pubdate(self, aenderung):
        return aenderung.zeitpunkt

    def item_updateddate(self, aenderung):
        return aenderung.zeitpunkt

    def item_categories(self, aenderung):
        return [_status(aenderung.status)]
