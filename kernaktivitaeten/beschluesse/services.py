"""Named writes of the Beschlussregister: the admin, the OParl import, the facts loader and the
tests call these.

Every change of a decision's status or deadline is recorded as a ``Beschlussstatusaenderung``
with its reason; the reason is required when the status goes backwards, a deadline is moved
or lifted, or the deadline has passed without the decision being done (``grund_erforderlich``).
Every write is audited (django-simple-history, with the acting user) and invalidates the page
cache explicitly.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bochum_strategie.lib.ereignisse import ereignis_melden
from bochum_strategie.lib.seitencache import datenstand_erhoehen

from .. import rules
from ..models import Beschlussstatusaenderung, Kernaktivitaet, Ratsbeschluss, grund_erforderlich

# What a Vorstand may change (of decisions of their Kompetenz); everything else: the Referat.
STATUSFELDER = {"status", "status_grund"}


def grund_pruefen(
    *, status_vorher: str, status: str, frist_vorher, frist, grund: str, grund_neu: bool
) -> None:
    """Raises ValidationError on ``status_grund`` when the change needs a reason that was not
    (newly) stated. ``grund_neu``: the reason was written with this change."""
    if status == status_vorher and frist == frist_vorher:
        return
    noetig = grund_erforderlich(
        status_vorher=status_vorher, status=status, frist_vorher=frist_vorher, frist=frist
    )
    if noetig and not (grund.strip() and grund_neu):
        raise ValidationError(
            {
                "status_grund": _("Bitte begründen Sie die Änderung: %(gruende)s")
                % {"gruende": " ".join(noetig)}
            }
        )


def _status_melden(beschluss) -> None:
    """Tells the followers of the register and of the decision's projects (after the commit;
    public real decisions only, public projects only)."""
    if not Ratsbeschluss.objects.fuer_auswertung().filter(pk=beschluss.pk).exists():
        return
    projekte = Kernaktivitaet.objects.oeffentlich().filter(
        Q(ratsbeschluss=beschluss) | Q(weitere_beschluesse=beschluss)
    )
    beschriftung = {}
    for sprache in ("de", "en"):
        with translation.override(sprache):
            beschriftung[sprache] = str(beschluss.get_status_display())
    with translation.override("de"):
        pfad = beschluss.get_absolute_url()
    titel = beschluss.titel or str(beschluss)
    ereignis_melden(
        "beschluss_status",
        kernaktivitaet_ids=sorted(set(projekte.values_list("pk", flat=True))),
        objekt_id=beschluss.pk,
        daten={
            "titel": titel,
            "titel_en": titel,  # the decision's title is German content
            "status": beschriftung["de"],
            "status_en": beschriftung["en"],
            "pfad": pfad,
        },
    )


def _statusaenderung(beschluss, *, status_vorher, frist_vorher, user, quelle):
    if beschluss.status == status_vorher and beschluss.frist == frist_vorher:
        return None
    if status_vorher and beschluss.status != status_vorher:
        _status_melden(beschluss)
    return Beschlussstatusaenderung.objects.create(
        beschluss=beschluss,
        status_vorher=status_vorher,
        status=beschluss.status,
        frist_vorher=frist_vorher,
        frist=beschluss.frist,
        grund=beschluss.status_grund,
        geaendert_von=user if user is not None and user.is_authenticated else None,
        quelle=quelle,
    )


@transaction.atomic
def beschluss_speichern(
    *, beschluss: Ratsbeschluss, user, geaenderte_felder, m2m_speichern=None, grund_aenderung=""
) -> Ratsbeschluss:
    """Saves a decision edited in the back office (new or changed).

    ``geaenderte_felder``: the names of the fields the form changed. They are remembered as
    edited by hand, so the OParl import never overwrites them. ``m2m_speichern``: the form's
    ``save_m2m``. Raises PermissionDenied / ValidationError.
    """
    geaendert = set(geaenderte_felder)
    neu = beschluss.pk is None
    if neu or geaendert - STATUSFELDER:
        if not rules.darf_beschluesse_pflegen(user):
            raise PermissionDenied
    elif not rules.darf_beschluss_status_aendern(user, beschluss):
        raise PermissionDenied
    vorher = None if neu else Ratsbeschluss.objects.select_for_update().get(pk=beschluss.pk)
    status_vorher = vorher.status if vorher else ""
    frist_vorher = vorher.frist if vorher else None
    grund_pruefen(
        status_vorher=status_vorher,
        status=beschluss.status,
        frist_vorher=frist_vorher,
        frist=beschluss.frist,
        grund=beschluss.status_grund,
        grund_neu=neu or "status_grund" in geaendert,
    )
    if beschluss.datum:
        beschluss.jahr = beschluss.datum.year
    jetzt = timezone.now()
    if beschluss.status != status_vorher:
        beschluss.status_seit = jetzt
    beschluss.aktualisiert = jetzt
    beschluss.handbearbeitet = sorted(set(beschluss.handbearbeitet or []) | geaendert)
    beschluss._history_user = user
    beschluss._change_reason = grund_aenderung or (
        beschluss.status_grund if beschluss.status != status_vorher else ""
    )
    beschluss.save()
    if m2m_speichern is not None:
        m2m_speichern()
    _statusaenderung(
        beschluss,
        status_vorher=status_vorher,
        frist_vorher=frist_vorher,
        user=user,
        quelle="backoffice",
    )
    transaction.on_commit(datenstand_erhoehen)
    return beschluss


def beschluss_status_aendern(
    *, beschluss: Ratsbeschluss, user, status: str, grund: str, frist=...
) -> Ratsbeschluss:
    """Sets status (and, for the Referat, the deadline) with its reason."""
    geaendert = {"status", "status_grund"}
    beschluss.status = status
    beschluss.status_grund = grund
    if frist is not ...:
        beschluss.frist = frist
        geaendert.add("frist")
    return beschluss_speichern(beschluss=beschluss, user=user, geaenderte_felder=geaendert)


@transaction.atomic
def beschluss_aus_quelle_uebernehmen(
    *,
    schluessel: dict,
    werte: dict,
    neu_werte: dict | None = None,
    grund: str,
    nur_leere: bool = False,
) -> tuple[Ratsbeschluss, str, list[str]]:
    """Creates or updates a decision from an outside source (facts file, OParl).

    ``schluessel``: candidate lookups in order (e.g. ``{"oparl_id": …}``, then
    ``{"vorlagennummer": …}``); the first that finds a record is used. ``werte``: the source's
    fields. Fields edited by hand in the back office are never changed; with ``nur_leere`` only
    empty fields are filled. ``neu_werte``: extra fields for a new record only. Returns
    (decision, "angelegt" | "aktualisiert" | "unveraendert", changed field names).
    """
    beschluss = None
    for feld, wert in schluessel.items():
        if wert:
            beschluss = Ratsbeschluss.objects.select_for_update().filter(**{feld: wert}).first()
            if beschluss is not None:
                break
    if beschluss is None:
        beschluss = Ratsbeschluss(**werte, **(neu_werte or {}))
        if beschluss.datum:
            beschluss.jahr = beschluss.datum.year
        beschluss.full_clean(exclude=["organisation"])
        beschluss._change_reason = grund
        beschluss.save()
        transaction.on_commit(datenstand_erhoehen)
        return beschluss, "angelegt", sorted(werte)
    geaendert = []
    for feld, wert in werte.items():
        if feld in (beschluss.handbearbeitet or []):
            continue
        alt = getattr(beschluss, feld)
        if nur_leere and alt not in (None, "", [], {}):
            continue
        if alt != wert and wert not in (None, ""):
            setattr(beschluss, feld, wert)
            geaendert.append(feld)
    if not geaendert:
        return beschluss, "unveraendert", []
    if beschluss.datum and (not beschluss.jahr or "datum" in geaendert):
        beschluss.jahr = beschluss.datum.year
    beschluss.full_clean(exclude=["organisation"])
    beschluss.aktualisiert = timezone.now()
    beschluss._change_reason = grund
    beschluss.save()
    transaction.on_commit(datenstand_erhoehen)
    return beschluss, "aktualisiert", geaendert
