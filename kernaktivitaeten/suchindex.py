"""Writes the search index (``Suchindex``, ``Suchwort``) from public content.

Called by the services that change what the public reads of a project: saving a project,
approving a report, loading the real facts, generating demo data, ``portal_einrichten``
(fixtures are loaded without services). Never from signals (docs/decisions/0009).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils.html import strip_tags

from bochum_strategie.lib.suchtext import stamm, woerter

from .models import Feld, Kernaktivitaet, Statusbericht, Suchindex, Suchwort
from .search import vokabular_vergessen

BLOCK = 1000


def _zeilen(projekt: dict, berichte: list[str]) -> list[Suchindex]:
    """One row per word of the project, in the best field it stands in."""
    beste: dict[str, tuple[int, str]] = {}
    texte = [
        (Feld.TITEL, projekt["titel"]),
        (Feld.PROJEKTZIEL, projekt["projektziel"]),
        (Feld.BESCHREIBUNG, strip_tags(projekt["beschreibung"])),
        *((Feld.BERICHT, text) for text in berichte),
    ]
    for feld, text in texte:
        for gefaltet, geschrieben in woerter(text or ""):
            gefaltet = gefaltet[:100]
            if gefaltet not in beste or beste[gefaltet][0] < feld:
                beste[gefaltet] = (int(feld), geschrieben[:100])
    return [
        Suchindex(
            kernaktivitaet_id=projekt["pk"],
            wort=wort,
            stamm=stamm(wort)[:100],
            anzeige=anzeige,
            feld=feld,
        )
        for wort, (feld, anzeige) in beste.items()
    ]


def _projekte_indizieren(ids: list[int]) -> set[str]:
    """Writes the rows of the public projects among ``ids``; returns their words."""
    projekte = list(
        Kernaktivitaet.objects.oeffentlich()
        .filter(pk__in=ids)
        .values("pk", "titel", "projektziel", "beschreibung")
    )
    berichte: dict[int, list[str]] = {}
    for projekt_id, text in (
        Statusbericht.objects.oeffentlich()
        .filter(kernaktivitaet__in=ids)
        .order_by()
        .values_list("kernaktivitaet_id", "erreicht")
    ):
        berichte.setdefault(projekt_id, []).append(text)
    zeilen = [z for p in projekte for z in _zeilen(p, berichte.get(p["pk"], []))]
    Suchindex.objects.bulk_create(zeilen, batch_size=5000)
    return {z.wort for z in zeilen}


def _vokabular_zaehlen(woerter_: Iterable[str] | None) -> None:
    """Counts the projects of each word again (of ``woerter_``, or of all)."""
    zeilen = Suchindex.objects.order_by()
    if woerter_ is None:
        Suchwort.objects.all().delete()
    else:
        woerter_ = list(woerter_)
        for i in range(0, len(woerter_), BLOCK):
            Suchwort.objects.filter(wort__in=woerter_[i : i + BLOCK]).delete()
    gruppen = zeilen.values("wort").annotate(
        stamm_=Min("stamm"), anzeige_=Min("anzeige"), anzahl_=Count("pk")
    )
    if woerter_ is None:
        teile = [gruppen]
    else:
        teile = [
            gruppen.filter(wort__in=woerter_[i : i + BLOCK]) for i in range(0, len(woerter_), BLOCK)
        ]
    for teil in teile:
        Suchwort.objects.bulk_create(
            [
                Suchwort(
                    wort=g["wort"], stamm=g["stamm_"], anzeige=g["anzeige_"], anzahl=g["anzahl_"]
                )
                for g in teil
            ],
            batch_size=5000,
            # Two projects saved at once may count the same word: the later count is off by
            # one until the word's next change, rather than the save failing.
            ignore_conflicts=True,
        )


@transaction.atomic
def suchindex_aktualisieren(*, kernaktivitaet_ids: Iterable[int] | None = None) -> None:
    """Indexes the public content of the given projects again (all projects: ``None``).

    A project that is not public (any more) loses its rows. The vocabulary counts of every
    word the projects had or have now are counted again.
    """
    if kernaktivitaet_ids is None:
        Suchindex.objects.all().delete()
        ids = list(Kernaktivitaet.objects.oeffentlich().values_list("pk", flat=True))
        for i in range(0, len(ids), BLOCK):
            _projekte_indizieren(ids[i : i + BLOCK])
        _vokabular_zaehlen(None)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Suchindex._meta.db_table}")
        vokabular_vergessen()
        return
    ids = sorted(set(kernaktivitaet_ids))
    betroffen: set[str] = set()
    for i in range(0, len(ids), BLOCK):
        teil = ids[i : i + BLOCK]
        alte = Suchindex.objects.filter(kernaktivitaet__in=teil)
        betroffen.update(alte.values_list("wort", flat=True).distinct())
        alte.delete()
        betroffen |= _projekte_indizieren(teil)
    _vokabular_zaehlen(betroffen)
    vokabular_vergessen()
