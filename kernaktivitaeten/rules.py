"""Who may do what: one small predicate per rule, used by the admin, the views and the services.

Roles (PRODUCT.md): Projektleitung (own projects and reports), Vorstand (projects and reports
of own Kompetenzen; approves or returns), Referat (everything; master data, periods, exports),
Administrator (users and roles). Roles are Django groups; Vorstand is additionally tied to
Kompetenzen through ``Kompetenz.vorstandsmitglieder``.
"""

from django.db.models import Q

from .models import BEARBEITBARE_STATUS, Berichtsstatus

PROJEKTLEITUNG = "Projektleitung"
VORSTAND = "Vorstand"
REFERAT = "Referat"
ADMINISTRATOR = "Administrator"
ROLLEN = [PROJEKTLEITUNG, VORSTAND, REFERAT, ADMINISTRATOR]


def _gruppen(user) -> set[str]:
    if not hasattr(user, "_rollen_cache"):
        user._rollen_cache = (
            set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        )
    return user._rollen_cache


def ist_administrator(user) -> bool:
    return user.is_active and (user.is_superuser or ADMINISTRATOR in _gruppen(user))


def ist_referat(user) -> bool:
    return user.is_active and (user.is_superuser or REFERAT in _gruppen(user))


def ist_vorstand(user) -> bool:
    return user.is_active and VORSTAND in _gruppen(user)


def ist_projektleitung(user) -> bool:
    return user.is_active and PROJEKTLEITUNG in _gruppen(user)


def darf_backoffice(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and bool(user.is_superuser or _gruppen(user) & set(ROLLEN))
    )


def vorstand_kompetenz_ids(user) -> set[int]:
    if not ist_vorstand(user):
        return set()
    if not hasattr(user, "_vorstand_cache"):
        user._vorstand_cache = set(user.vorstand_kompetenzen.values_list("pk", flat=True))
    return user._vorstand_cache


def ist_projektleitung_von(user, projekt) -> bool:
    return ist_projektleitung(user) and projekt.projektleitungen.filter(pk=user.pk).exists()


def ist_vorstand_von(user, projekt) -> bool:
    return projekt.kompetenz_id is not None and projekt.kompetenz_id in vorstand_kompetenz_ids(user)


# Projects ------------------------------------------------------------------------------------


def projekte_filter(user) -> Q | None:
    """Q for the projects ``user`` may see in the back office (None: all); read through
    ``Kernaktivitaet.objects.sichtbar_fuer(user)``."""
    if ist_referat(user) or ist_administrator(user):
        return None
    bedingung = Q(pk__in=[])
    if ist_projektleitung(user):
        bedingung |= Q(projektleitungen=user)
    kompetenzen = vorstand_kompetenz_ids(user)
    if kompetenzen:
        bedingung |= Q(kompetenz__in=kompetenzen)
    return bedingung


def darf_projekt_sehen(user, projekt) -> bool:
    return (
        ist_referat(user)
        or ist_administrator(user)
        or ist_projektleitung_von(user, projekt)
        or ist_vorstand_von(user, projekt)
    )


def darf_projekt_bearbeiten(user, projekt) -> bool:
    """Referat: all projects; a lead: the descriptive fields of own projects."""
    return ist_referat(user) or ist_projektleitung_von(user, projekt)


def darf_projekt_anlegen(user) -> bool:
    return ist_referat(user)


# Reports -------------------------------------------------------------------------------------


def berichte_filter(user) -> Q | None:
    """Q for the reports ``user`` may see (None: all); read through
    ``Statusbericht.objects.sichtbar_fuer(user)``. A lead sees only reports of own projects."""
    if ist_referat(user) or ist_administrator(user):
        return None
    bedingung = Q(pk__in=[])
    if ist_projektleitung(user):
        bedingung |= Q(kernaktivitaet__projektleitungen=user)
    kompetenzen = vorstand_kompetenz_ids(user)
    if kompetenzen:
        # Drafts stay with the lead until submitted.
        bedingung |= Q(kernaktivitaet__kompetenz__in=kompetenzen) & ~Q(
            status=Berichtsstatus.ENTWURF
        )
    return bedingung


def darf_bericht_sehen(user, bericht) -> bool:
    projekt = bericht.kernaktivitaet
    if ist_referat(user) or ist_administrator(user) or ist_projektleitung_von(user, projekt):
        return True
    return ist_vorstand_von(user, projekt) and bericht.status != Berichtsstatus.ENTWURF


def darf_bericht_schreiben(user, projekt) -> bool:
    """Writing (creating) a report is the project lead's job."""
    return ist_projektleitung_von(user, projekt)


def darf_bericht_bearbeiten(user, bericht) -> bool:
    return bericht.status in BEARBEITBARE_STATUS and ist_projektleitung_von(
        user, bericht.kernaktivitaet
    )


def darf_bericht_einreichen(user, bericht) -> bool:
    return darf_bericht_bearbeiten(user, bericht)


def darf_bericht_pruefen(user, bericht) -> bool:
    """Approve or return: the Vorstand of the project's Kompetenz, or the Referat."""
    return bericht.status == Berichtsstatus.EINGEREICHT and (
        ist_referat(user) or ist_vorstand_von(user, bericht.kernaktivitaet)
    )


def darf_stammdaten_pflegen(user) -> bool:
    """Zielsystem, Querschnittsthemen, organisations, periods, imports, exports."""
    return ist_referat(user)


def darf_historie_sehen(user) -> bool:
    return ist_referat(user) or ist_administrator(user)


def darf_benutzer_verwalten(user) -> bool:
    return ist_administrator(user)


# Beschlussregister ---------------------------------------------------------------------------


def beschluesse_kompetenzen(user) -> set[int] | None:
    """Kompetenzen whose decisions ``user`` sees in the back office (None: all); read through
    ``Ratsbeschluss.objects.sichtbar_fuer(user)``."""
    if ist_referat(user) or ist_administrator(user):
        return None
    return vorstand_kompetenz_ids(user)


def darf_beschluesse_pflegen(user) -> bool:
    """Create, edit, delete decisions and import them from OParl: the Referat."""
    return ist_referat(user)


def darf_beschluss_status_aendern(user, beschluss) -> bool:
    """Status and reason: the Referat, or a Vorstand of a Kompetenz the decision serves."""
    if ist_referat(user):
        return True
    kompetenzen = vorstand_kompetenz_ids(user)
    if not kompetenzen or beschluss.pk is None:
        return False
    return (
        beschluss.__class__.objects.filter(pk=beschluss.pk).fuer_kompetenzen(kompetenzen).exists()
    )
