"""Named writes of following by mail (ADR 0008). Views, tasks and commands call these.

Double opt-in: a request creates (or finds) the address and an unconfirmed subscription and
queues a confirmation mail; the signed link in it (valid ABO_BESTAETIGUNG_STUNDEN) confirms
the address and the subscriptions asked for up to the moment the mail was written. Every
answer to a request is the same, whether the address is known or not.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from bochum_strategie.lib.begrenzung import sperre_setzen
from kernaktivitaeten.filters import KatalogFilter
from kernaktivitaeten.models import Kernaktivitaet

from .models import Abonnement, Abonnent, Ereignis, Ziel, Zustellung

SALZ_BESTAETIGEN = "benachrichtigungen.bestaetigen"
SALZ_VERWALTEN = "benachrichtigungen.verwalten"
SALZ_ABMELDEN = "benachrichtigungen.abmelden"
FILTERFELDER = ["q", "kompetenz", "schwerpunkt", "thema", "sdg", "phase", "jahr", "organisation"]


class UngueltigerLink(Exception):
    """The link is damaged, expired, or its address was deleted since."""


def adresse_normalisieren(email: str) -> str:
    return (email or "").strip().lower()


def filter_normalisieren(abfrage: str) -> str:
    """A catalogue query string reduced to its filters, sorted (page and order dropped)."""
    daten = QueryDict(abfrage or "")
    paare = sorted(
        (feld, wert) for feld in FILTERFELDER for wert in daten.getlist(feld) if wert.strip()
    )
    ergebnis = QueryDict(mutable=True)
    for feld, wert in paare:
        ergebnis.appendlist(feld, wert.strip())
    return ergebnis.urlencode()


@dataclass(frozen=True)
class Wunsch:
    """What someone wants to follow: ``ziel`` plus the object (or the catalogue filter)."""

    ziel: str
    kernaktivitaet: object = None
    kompetenz: object = None
    schwerpunkt: object = None
    sdg: object = None
    filter: str = ""

    def felder(self) -> dict:
        return {
            "ziel": self.ziel,
            "kernaktivitaet": self.kernaktivitaet,
            "kompetenz": self.kompetenz,
            "schwerpunkt": self.schwerpunkt,
            "sdg": self.sdg,
            "filter": self.filter,
        }


# --- Links -----------------------------------------------------------------------------------


def _token(abonnent: Abonnent, salz: str, **weitere) -> str:
    return signing.dumps({"a": abonnent.pk, "s": abonnent.schluessel, **weitere}, salt=salz)


def bestaetigungs_token(abonnent: Abonnent, sprache: str) -> str:
    return signing.TimestampSigner(salt=SALZ_BESTAETIGEN).sign_object(
        {"a": abonnent.pk, "s": abonnent.schluessel, "l": sprache, "t": timezone.now().timestamp()}
    )


def verwaltungs_token(abonnent: Abonnent) -> str:
    return _token(abonnent, SALZ_VERWALTEN)


def abmelde_token(abonnent: Abonnent) -> str:
    return _token(abonnent, SALZ_ABMELDEN)


def _abonnent_aus(daten) -> Abonnent:
    if not isinstance(daten, dict):
        raise UngueltigerLink
    abonnent = Abonnent.objects.filter(pk=daten.get("a"), schluessel=daten.get("s")).first()
    if abonnent is None:
        raise UngueltigerLink
    return abonnent


def abonnent_aus_token(token: str, *, zweck: str) -> Abonnent:
    """The address of a management (``zweck="verwalten"``) or unsubscribe link."""
    salz = {"verwalten": SALZ_VERWALTEN, "abmelden": SALZ_ABMELDEN}[zweck]
    try:
        return _abonnent_aus(signing.loads(token, salt=salz))
    except signing.BadSignature:
        raise UngueltigerLink from None


# --- Requests and confirmation ----------------------------------------------------------------


@transaction.atomic
def abonnieren(*, email: str, wunsch: Wunsch, sprache: str) -> None:
    """Records the request and queues a confirmation mail unless one went to this address
    within ABO_BESTAETIGUNG_SPERRE_MINUTEN. Returns nothing: the caller's answer must not
    depend on whether the address was known."""
    from .tasks import bestaetigung_senden

    email = adresse_normalisieren(email)
    abonnent, _neu = Abonnent.objects.get_or_create(email=email, defaults={"sprache": sprache})
    abonnement, _neu = Abonnement.objects.get_or_create(abonnent=abonnent, **wunsch.felder())
    if abonnement.bestaetigt and abonnent.bestaetigt_am:
        return
    if not abonnement.bestaetigt and not _neu:
        # asked again: counts from now, so the next confirmation mail covers it
        abonnement.angelegt_am = timezone.now()
        abonnement.save(update_fields=["angelegt_am"])
    if sperre_setzen("bestaetigung", email, sekunden=settings.ABO_BESTAETIGUNG_SPERRE_MINUTEN * 60):
        bestaetigung_senden.enqueue(abonnent.pk, sprache)


def bestaetigung_pruefen(*, token: str) -> None:
    """Raises UngueltigerLink unless ``token`` is a valid, unexpired confirmation link."""
    try:
        daten = signing.TimestampSigner(salt=SALZ_BESTAETIGEN).unsign_object(
            token, max_age=timedelta(hours=settings.ABO_BESTAETIGUNG_STUNDEN)
        )
    except signing.BadSignature:
        raise UngueltigerLink from None
    _abonnent_aus(daten)


@transaction.atomic
def bestaetigen(*, token: str) -> Abonnent:
    """Confirms the address and the subscriptions asked for before the link was written."""
    signer = signing.TimestampSigner(salt=SALZ_BESTAETIGEN)
    max_age = timedelta(hours=settings.ABO_BESTAETIGUNG_STUNDEN)
    try:
        daten = signer.unsign_object(token, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        raise UngueltigerLink from None
    abonnent = _abonnent_aus(daten)
    abonnent = Abonnent.objects.select_for_update().get(pk=abonnent.pk)
    jetzt = timezone.now()
    if abonnent.bestaetigt_am is None:
        abonnent.bestaetigt_am = jetzt
    if daten.get("l") in dict(settings.LANGUAGES):
        abonnent.sprache = daten["l"]
    abonnent.save(update_fields=["bestaetigt_am", "sprache"])
    grenze = datetime.fromtimestamp(float(daten.get("t", 0)), tz=UTC)
    abonnent.abonnements.filter(bestaetigt=False, angelegt_am__lte=grenze).update(bestaetigt=True)
    return abonnent


# --- The management page ----------------------------------------------------------------------


def rhythmus_setzen(*, abonnent: Abonnent, rhythmus: str) -> Abonnent:
    if rhythmus not in Abonnent.Rhythmus.values:
        raise ValueError(rhythmus)
    abonnent.rhythmus = rhythmus
    abonnent.save(update_fields=["rhythmus"])
    return abonnent


def abonnement_beenden(*, abonnent: Abonnent, abonnement_id: int) -> bool:
    """Ends one subscription of this address; False when it has no such subscription."""
    geloescht, _ = abonnent.abonnements.filter(pk=abonnement_id).delete()
    return bool(geloescht)


@transaction.atomic
def adresse_loeschen(*, abonnent: Abonnent) -> None:
    """Deletes the address and everything about it: subscriptions and waiting mails (CASCADE);
    queued tasks hold only its id and then find nothing to send."""
    abonnent.delete()


def adresse_finden(email: str) -> Abonnent | None:
    """For the Referat's request handling (export or delete one address on request)."""
    return Abonnent.objects.filter(email=adresse_normalisieren(email)).first()


def adresse_exportieren(*, abonnent: Abonnent) -> dict:
    """Everything stored about one address (Art. 15 GDPR), as plain data."""
    return {
        "email": abonnent.email,
        "sprache": abonnent.sprache,
        "rhythmus": abonnent.rhythmus,
        "angelegt_am": abonnent.angelegt_am.isoformat(),
        "bestaetigt_am": abonnent.bestaetigt_am.isoformat() if abonnent.bestaetigt_am else None,
        "abonnements": [
            {
                "ziel": a.ziel,
                "was": str(beschreibung(a)),
                "bestaetigt": a.bestaetigt,
                "angelegt_am": a.angelegt_am.isoformat(),
            }
            for a in abonnent.abonnements.select_related(
                "kernaktivitaet", "kompetenz", "schwerpunkt", "sdg"
            ).order_by("pk")
        ],
        "wartende_benachrichtigungen": abonnent.zustellungen.count(),
    }


def beschreibung(abonnement) -> str:
    """What a subscription follows, for the management page and the mails."""
    from django.utils.translation import gettext as _

    match abonnement.ziel:
        case Ziel.PROJEKT:
            return _("Kernaktivität „%(name)s“") % {"name": abonnement.kernaktivitaet.titel}
        case Ziel.KOMPETENZ:
            return _("Kompetenz „%(name)s“") % {"name": abonnement.kompetenz}
        case Ziel.SCHWERPUNKT:
            return _("Schwerpunkt „%(name)s“") % {"name": abonnement.schwerpunkt}
        case Ziel.SDG:
            return str(abonnement.sdg)
        case Ziel.BESCHLUSSREGISTER:
            return _("Beschlussregister (alle Ratsbeschlüsse)")
        case _other:
            return _("Katalogsuche: %(filter)s") % {"filter": abonnement.filter}


# --- Housekeeping -----------------------------------------------------------------------------


@transaction.atomic
def unbestaetigte_loeschen(*, jetzt=None) -> int:
    """Deletes addresses never confirmed and subscriptions not confirmed within the link's
    validity (48 hours), and events nobody waits for any more. Returns deleted addresses."""
    jetzt = jetzt or timezone.now()
    grenze = jetzt - timedelta(hours=settings.ABO_BESTAETIGUNG_STUNDEN)
    _, je_modell = Abonnent.objects.unbestaetigt().filter(angelegt_am__lt=grenze).delete()
    Abonnement.objects.filter(bestaetigt=False, angelegt_am__lt=grenze).delete()
    Ereignis.objects.filter(
        zustellungen__isnull=True, zeitpunkt__lt=jetzt - timedelta(days=7)
    ).delete()
    return je_modell.get(Abonnent._meta.label, 0)


# --- Events -----------------------------------------------------------------------------------


def _filter_trifft(abfrage: str, projekt_ids: list[int]) -> bool:
    filterset = KatalogFilter(
        QueryDict(abfrage),
        queryset=Kernaktivitaet.objects.fuer_katalog().filter(pk__in=projekt_ids),
    )
    return filterset.is_valid() and filterset.qs.exists()


def empfaenger(ereignis: Ereignis, projekt_ids: list[int]) -> set[int]:
    """Ids of confirmed addresses that follow what the event is about (public projects only)."""
    oeffentliche = Kernaktivitaet.objects.oeffentlich().filter(pk__in=projekt_ids)
    ids = list(oeffentliche.values_list("pk", flat=True))
    bedingung = Q(ziel=Ziel.PROJEKT, kernaktivitaet_id__in=ids)
    if ids:
        bedingung |= Q(
            ziel=Ziel.KOMPETENZ,
            kompetenz_id__in=oeffentliche.exclude(kompetenz=None).values("kompetenz_id"),
        )
        bedingung |= Q(
            ziel=Ziel.SCHWERPUNKT,
            schwerpunkt_id__in=Kernaktivitaet.schwerpunkte.through.objects.filter(
                kernaktivitaet_id__in=ids
            ).values("schwerpunkt_id"),
        )
        bedingung |= Q(
            ziel=Ziel.SDG,
            sdg_id__in=Kernaktivitaet.nachhaltigkeitsziele.through.objects.filter(
                kernaktivitaet_id__in=ids
            ).values("nachhaltigkeitsziel_id"),
        )
    if ereignis.art == "beschluss_status":
        bedingung |= Q(ziel=Ziel.BESCHLUSSREGISTER)
    bestaetigt = Abonnement.objects.bestaetigt()
    treffer = set(bestaetigt.filter(bedingung).values_list("abonnent_id", flat=True))
    if ids:
        filter_abos = bestaetigt.filter(ziel=Ziel.FILTER).values_list("abonnent_id", "filter")
        passend: dict[str, bool] = {}
        for abonnent_id, abfrage in filter_abos:
            if abfrage not in passend:
                passend[abfrage] = _filter_trifft(abfrage, ids)
            if passend[abfrage]:
                treffer.add(abonnent_id)
    return treffer


@transaction.atomic
def ereignis_verteilen(*, nutzlast: dict) -> Ereignis | None:
    """Records the event and one waiting notification per follower; queues the mails of those
    who want them at once (the weekly digest collects the others)."""
    from .tasks import zustellungen_senden

    projekt_ids = [int(i) for i in nutzlast.get("kernaktivitaet_ids") or []]
    oeffentlich = list(
        Kernaktivitaet.objects.oeffentlich().filter(pk__in=projekt_ids).values_list("pk", flat=True)
    )
    if nutzlast["art"] != "beschluss_status" and not oeffentlich:
        return None  # nothing public happened
    ereignis = Ereignis.objects.create(
        art=nutzlast["art"],
        kernaktivitaet_id=oeffentlich[0] if len(oeffentlich) == 1 else None,
        objekt_id=nutzlast.get("objekt_id"),
        daten={**(nutzlast.get("daten") or {}), "kernaktivitaet_ids": oeffentlich},
    )
    abonnent_ids = empfaenger(ereignis, oeffentlich)
    Zustellung.objects.bulk_create(
        [Zustellung(abonnent_id=a, ereignis=ereignis) for a in sorted(abonnent_ids)],
        ignore_conflicts=True,
    )
    for abonnent_id in Abonnent.objects.filter(
        pk__in=abonnent_ids, rhythmus=Abonnent.Rhythmus.SOFORT
    ).values_list("pk", flat=True):
        zustellungen_senden.enqueue(abonnent_id)
    return ereignis


def wochenuebersichten_einreihen(*, woechentliche: bool = True, jetzt=None) -> int:
    """Queues the mails of addresses wanting them at once whose notifications wait longer than
    an hour (a task lost with a crashed worker) and, with ``woechentliche``, the weekly digest
    of every address that chose it and has news. Returns how many addresses were queued."""
    from .tasks import zustellungen_senden

    jetzt = jetzt or timezone.now()
    ids = set(
        Abonnent.objects.bestaetigt()
        .filter(
            rhythmus=Abonnent.Rhythmus.SOFORT,
            zustellungen__ereignis__zeitpunkt__lt=jetzt - timedelta(hours=1),
        )
        .values_list("pk", flat=True)
    )
    if woechentliche:
        ids |= set(
            Abonnent.objects.bestaetigt()
            .filter(rhythmus=Abonnent.Rhythmus.WOECHENTLICH, zustellungen__isnull=False)
            .values_list("pk", flat=True)
        )
    for abonnent_id in sorted(ids):
        zustellungen_senden.enqueue(abonnent_id)
    return len(ids)
