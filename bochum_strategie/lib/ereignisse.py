"""Domain events for the mail notifications: the one call a service makes when something
happened that people may follow (ADR 0008).

    from bochum_strategie.lib.ereignisse import ereignis_melden

    ereignis_melden("bericht_freigegeben", kernaktivitaet_id=projekt.pk, objekt_id=bericht.pk)

The event is queued as a task (settings.EREIGNIS_TASK, the notification app's
``ereignis_verteilen``) when the current transaction commits, so the request never waits for
mail and a rolled-back write reports nothing. The receiving task reads only public content at
sending time; an event about a project that is not public sends nothing. This module imports
no app: the layering stays one-way (services below, notifications above).

Kinds (``art``) and their data:

- ``bericht_freigegeben``: ``kernaktivitaet_id``, ``objekt_id`` = the Statusbericht.
- ``meilenstein_erreicht``: ``kernaktivitaet_id``, ``objekt_id`` = the Meilenstein.
- ``meilenstein_verschoben``: ``kernaktivitaet_id``, ``objekt_id`` = the Meilenstein,
  ``daten={"vorher": "YYYY-MM-DD", "nachher": "YYYY-MM-DD"}`` (planned date).
- ``phase_geaendert``: ``kernaktivitaet_id``, ``daten={"vorher": phase, "nachher": phase}``.
- ``beschluss_status``: a council decision changed status (issue 17's Beschluss register).
  ``kernaktivitaet_ids`` = the public projects it concerns (may be empty), ``daten`` =
  ``{"titel": str, "titel_en": str, "status": str, "status_en": str, "pfad": "/…"}``: the
  decision's public title, its new status as shown on the site, and its public path. Sent to
  those who follow the Beschlussregister and to those who follow one of the projects.
"""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

ARTEN = {
    "bericht_freigegeben",
    "meilenstein_erreicht",
    "meilenstein_verschoben",
    "phase_geaendert",
    "beschluss_status",
}


def ereignis_melden(
    art: str,
    *,
    kernaktivitaet_id: int | None = None,
    kernaktivitaet_ids: list[int] | None = None,
    objekt_id: int | None = None,
    daten: dict | None = None,
) -> None:
    """Queues the event for the notification task once the current transaction commits."""
    if art not in ARTEN:
        raise ValueError(f"Unknown event {art!r}; known: {sorted(ARTEN)}")
    ids = list(kernaktivitaet_ids or [])
    if kernaktivitaet_id is not None:
        ids.append(kernaktivitaet_id)
    nutzlast = {
        "art": art,
        "kernaktivitaet_ids": sorted(set(ids)),
        "objekt_id": objekt_id,
        "daten": daten or {},
    }
    task = import_string(settings.EREIGNIS_TASK)
    transaction.on_commit(lambda: task.enqueue(nutzlast))
