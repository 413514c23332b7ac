"""The mails of following by mail, built at sending time in the address's language, from
public content only (named public reads). Every mail links the management page and carries
one-click unsubscribe headers (RFC 8058)."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from bochum_strategie.lib.mailversand import Listenmail
from kernaktivitaeten.models import Kernaktivitaet, Meilenstein, Phase, Statusbericht
from kernaktivitaeten.models.projekte import oeffentlich_bedingung

from . import services
from .models import Abonnent, Zustellung


def _absolut(pfad: str) -> str:
    return settings.SITE_URL + pfad


def links(abonnent: Abonnent) -> dict:
    return {
        "verwalten": _absolut(
            reverse("benachrichtigungen:verwalten", args=[services.verwaltungs_token(abonnent)])
        ),
        "abmelden": _absolut(
            reverse("benachrichtigungen:abmelden", args=[services.abmelde_token(abonnent)])
        ),
    }


def _nachricht(abonnent: Abonnent, betreff: str, vorlage: str, context: dict) -> EmailMessage:
    verweise = links(abonnent)
    text = render_to_string(vorlage, {**context, **verweise, "abonnent": abonnent})
    return Listenmail(
        betreff,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [abonnent.email],
        headers={
            "List-Unsubscribe": f"<{verweise['abmelden']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def bestaetigung(abonnent: Abonnent, sprache: str) -> EmailMessage:
    with translation.override(sprache):
        offen = [
            services.beschreibung(a)
            for a in abonnent.abonnements.filter(bestaetigt=False)
            .select_related("kernaktivitaet", "kompetenz", "schwerpunkt", "sdg")
            .order_by("pk")
        ]
        token = services.bestaetigungs_token(abonnent, sprache)
        return _nachricht(
            abonnent,
            _("Bitte bestätigen Sie: Benachrichtigungen der Bochum Strategie"),
            "benachrichtigungen/mail/bestaetigung.txt",
            {
                "offen": offen,
                "bestaetigen": _absolut(reverse("benachrichtigungen:bestaetigen", args=[token])),
                "stunden": settings.ABO_BESTAETIGUNG_STUNDEN,
            },
        )


def _projekt(ereignis, projekte: dict):
    return projekte.get(ereignis.kernaktivitaet_id) if ereignis.kernaktivitaet_id else None


def _datum(wert: str) -> str:
    return formats.date_format(date.fromisoformat(wert), "SHORT_DATE_FORMAT")


def meldung(ereignis, projekte: dict, berichte: dict, meilensteine: dict) -> dict | None:
    """Title, text and link of one event in the active language; None if it is not public."""
    projekt = _projekt(ereignis, projekte)
    daten = ereignis.daten or {}
    if ereignis.art == "beschluss_status":
        englisch = translation.get_language() == "en"
        titel = (englisch and daten.get("titel_en")) or daten.get("titel", "")
        status = (englisch and daten.get("status_en")) or daten.get("status", "")
        pfad = daten.get("pfad", "")
        if not titel or not pfad.startswith("/"):
            return None
        return {
            "titel": _("Ratsbeschluss „%(titel)s“: %(status)s")
            % {"titel": titel, "status": status},
            "url": _absolut(("/en" if englisch else "") + pfad),
        }
    if projekt is None:
        return None
    url = _absolut(projekt.get_absolute_url())
    if ereignis.art == "bericht_freigegeben":
        bericht = berichte.get(ereignis.objekt_id)
        if bericht is None:
            return None
        return {
            "titel": _("Neuer Statusbericht zu „%(projekt)s“ (%(zeitraum)s)")
            % {"projekt": projekt.titel, "zeitraum": bericht.berichtszeitraum},
            "url": url,
        }
    if ereignis.art == "meilenstein_erreicht":
        meilenstein = meilensteine.get(ereignis.objekt_id)
        if meilenstein is None or meilenstein.erreicht is None:
            return None
        return {
            "titel": _("„%(projekt)s“: Meilenstein „%(meilenstein)s“ erreicht am %(datum)s")
            % {
                "projekt": projekt.titel,
                "meilenstein": meilenstein.titel,
                "datum": formats.date_format(meilenstein.erreicht, "SHORT_DATE_FORMAT"),
            },
            "url": url,
        }
    if ereignis.art == "meilenstein_verschoben":
        meilenstein = meilensteine.get(ereignis.objekt_id)
        if meilenstein is None:
            return None
        return {
            "titel": _(
                "„%(projekt)s“: Meilenstein „%(meilenstein)s“ verschoben von %(vorher)s auf %(nachher)s"
            )
            % {
                "projekt": projekt.titel,
                "meilenstein": meilenstein.titel,
                "vorher": _datum(daten["vorher"]),
                "nachher": _datum(daten["nachher"]),
            },
            "url": url,
        }
    if ereignis.art == "phase_geaendert":
        phasen = dict(Phase.choices)
        return {
            "titel": _("„%(projekt)s“: Phase jetzt „%(nachher)s“ (vorher „%(vorher)s“)")
            % {
                "projekt": projekt.titel,
                "nachher": phasen.get(daten.get("nachher"), daten.get("nachher")),
                "vorher": phasen.get(daten.get("vorher"), daten.get("vorher")),
            },
            "url": url,
        }
    return None


def benachrichtigung(abonnent: Abonnent, zustellungen: list[Zustellung]) -> tuple:
    """(mail or None, ids of the notifications it covers): one event, or the digest."""
    ereignisse = [z.ereignis for z in zustellungen]
    projekt_ids = {e.kernaktivitaet_id for e in ereignisse if e.kernaktivitaet_id}
    projekte = Kernaktivitaet.objects.oeffentlich().in_bulk(projekt_ids)
    berichte = (
        Statusbericht.objects.oeffentlich()
        .select_related("berichtszeitraum")
        .in_bulk([e.objekt_id for e in ereignisse if e.art == "bericht_freigegeben"])
    )
    meilensteine = Meilenstein.objects.filter(oeffentlich_bedingung("kernaktivitaet__")).in_bulk(
        [e.objekt_id for e in ereignisse if e.art.startswith("meilenstein_")]
    )
    with translation.override(abonnent.sprache):
        meldungen = []
        for ereignis in sorted(ereignisse, key=lambda e: e.zeitpunkt):
            eintrag = meldung(ereignis, projekte, berichte, meilensteine)
            if eintrag:
                meldungen.append(eintrag)
        ids = [z.pk for z in zustellungen]
        if not meldungen:
            return None, ids
        if len(meldungen) == 1 and abonnent.rhythmus == Abonnent.Rhythmus.SOFORT:
            betreff = meldungen[0]["titel"]
        else:
            betreff = _("Bochum Strategie: %(anzahl)d Neuigkeiten") % {"anzahl": len(meldungen)}
        return (
            _nachricht(
                abonnent,
                betreff,
                "benachrichtigungen/mail/benachrichtigung.txt",
                {"meldungen": meldungen, "woechentlich": abonnent.rhythmus == "woechentlich"},
            ),
            ids,
        )
