"""The decision as a record: status rules, reasons, audited history, who may change what."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kernaktivitaeten.beschluesse.services import beschluss_speichern, beschluss_status_aendern
from kernaktivitaeten.models import (
    Beschlussstatus,
    Beschlussstatusaenderung,
    Kernaktivitaet,
    Ratsbeschluss,
    grund_erforderlich,
    status_geht_zurueck,
)
from tests.factories import KernaktivitaetFactory, RatsbeschlussFactory

pytestmark = pytest.mark.django_db
HEUTE = timezone.localdate()
S = Beschlussstatus


@pytest.mark.parametrize(
    ("vorher", "nachher", "zurueck"),
    [
        ("", S.OFFEN, False),
        (S.OFFEN, S.UMSETZUNG, False),
        (S.UMSETZUNG, S.UMGESETZT, False),
        (S.UMGESETZT, S.TEILWEISE, True),
        (S.UMSETZUNG, S.OFFEN, True),
        (S.UMSETZUNG, S.AUFGEHOBEN, False),
        (S.AUFGEHOBEN, S.UMSETZUNG, True),
        (S.UEBERHOLT, S.UMGESETZT, True),
        (S.OFFEN, "", True),
        (S.OFFEN, S.OFFEN, False),
    ],
)
def test_status_geht_zurueck(vorher, nachher, zurueck):
    assert status_geht_zurueck(vorher, nachher) is zurueck


def test_grund_erforderlich():
    gestern, morgen = HEUTE - timedelta(days=1), HEUTE + timedelta(days=30)
    ohne = dict(status_vorher=S.OFFEN, frist_vorher=morgen, frist=morgen, heute=HEUTE)
    assert grund_erforderlich(status=S.UMSETZUNG, **ohne) == []
    assert len(grund_erforderlich(status=S.OFFEN, **{**ohne, "status_vorher": S.UMSETZUNG})) == 1
    # deadline moved later or lifted
    assert grund_erforderlich(
        status_vorher=S.OFFEN,
        status=S.OFFEN,
        frist_vorher=morgen,
        frist=morgen + timedelta(days=1),
        heute=HEUTE,
    )
    assert grund_erforderlich(
        status_vorher=S.OFFEN, status=S.OFFEN, frist_vorher=morgen, frist=None, heute=HEUTE
    )
    # deadline passed without being done
    assert grund_erforderlich(
        status_vorher=S.OFFEN,
        status=S.UMSETZUNG,
        frist_vorher=gestern,
        frist=gestern,
        heute=HEUTE,
    )
    assert not grund_erforderlich(
        status_vorher=S.UMSETZUNG,
        status=S.UMGESETZT,
        frist_vorher=gestern,
        frist=gestern,
        heute=HEUTE,
    )


def test_statusaenderung_wird_mit_grund_und_person_protokolliert(referat):
    beschluss = RatsbeschlussFactory(frist=HEUTE + timedelta(days=10), status=S.OFFEN)
    beschluss_status_aendern(beschluss=beschluss, user=referat, status=S.UMSETZUNG, grund="")
    beschluss_status_aendern(
        beschluss=beschluss, user=referat, status=S.OFFEN, grund="Ausschreibung aufgehoben."
    )
    aenderungen = list(beschluss.statusaenderungen.order_by("pk"))
    assert [(a.status_vorher, a.status, a.grund) for a in aenderungen] == [
        (S.OFFEN, S.UMSETZUNG, ""),
        (S.UMSETZUNG, S.OFFEN, "Ausschreibung aufgehoben."),
    ]
    assert all(a.geaendert_von == referat for a in aenderungen)
    beschluss.refresh_from_db()
    assert beschluss.status_seit is not None
    assert beschluss.history.first().history_user == referat
    assert set(beschluss.handbearbeitet) >= {"status", "status_grund"}


def test_rueckschritt_ohne_grund_wird_abgelehnt_und_nichts_gespeichert(referat):
    beschluss = RatsbeschlussFactory(status=S.UMGESETZT, status_grund="")
    with pytest.raises(ValidationError) as fehler:
        beschluss_status_aendern(beschluss=beschluss, user=referat, status=S.TEILWEISE, grund="")
    assert "status_grund" in fehler.value.message_dict
    beschluss.refresh_from_db()
    assert beschluss.status == S.UMGESETZT
    assert not Beschlussstatusaenderung.objects.filter(beschluss=beschluss).exists()


def test_abgelaufene_frist_verlangt_grund(referat):
    beschluss = RatsbeschlussFactory(status=S.OFFEN, frist=HEUTE - timedelta(days=3))
    with pytest.raises(ValidationError):
        beschluss_status_aendern(beschluss=beschluss, user=referat, status=S.UMSETZUNG, grund=" ")
    beschluss_status_aendern(
        beschluss=beschluss, user=referat, status=S.UMSETZUNG, grund="Förderbescheid kam spät."
    )
    # done: no reason needed even after the deadline
    beschluss_status_aendern(beschluss=beschluss, user=referat, status=S.UMGESETZT, grund="")
    assert not Ratsbeschluss.objects.ueberfaellig().filter(pk=beschluss.pk).exists()


def test_frist_verschieben_verlangt_grund(referat):
    beschluss = RatsbeschlussFactory(status=S.UMSETZUNG, frist=HEUTE + timedelta(days=3))
    with pytest.raises(ValidationError):
        beschluss_status_aendern(
            beschluss=beschluss,
            user=referat,
            status=S.UMSETZUNG,
            grund="",
            frist=HEUTE + timedelta(days=90),
        )
    beschluss_status_aendern(
        beschluss=beschluss,
        user=referat,
        status=S.UMSETZUNG,
        grund="Bauzeit länger.",
        frist=HEUTE + timedelta(days=90),
    )
    aenderung = beschluss.statusaenderungen.get()
    assert (aenderung.frist_vorher, aenderung.frist) == (
        HEUTE + timedelta(days=3),
        HEUTE + timedelta(days=90),
    )


def test_ueberfaellig_queryset_und_property():
    ueber = RatsbeschlussFactory(status=S.UMSETZUNG, frist=HEUTE - timedelta(days=1))
    ohne_stand = RatsbeschlussFactory(status="", frist=HEUTE - timedelta(days=1))
    RatsbeschlussFactory(status=S.UMGESETZT, frist=HEUTE - timedelta(days=1))
    RatsbeschlussFactory(status=S.AUFGEHOBEN, frist=HEUTE - timedelta(days=1))
    RatsbeschlussFactory(status=S.OFFEN, frist=HEUTE)
    RatsbeschlussFactory(status=S.OFFEN, frist=None)
    assert set(Ratsbeschluss.objects.ueberfaellig()) == {ueber, ohne_stand}
    assert ueber.ueberfaellig and ohne_stand.ueberfaellig


def test_vorstand_darf_nur_stand_der_eigenen_kompetenz(vorstand_kultur, vorstand_bildung, kultur):
    eigener = RatsbeschlussFactory(status=S.OFFEN)
    eigener.schwerpunkte.add(kultur.schwerpunkte.first())
    fremder = RatsbeschlussFactory(status=S.OFFEN)
    beschluss_status_aendern(beschluss=eigener, user=vorstand_kultur, status=S.UMSETZUNG, grund="")
    with pytest.raises(PermissionDenied):
        beschluss_status_aendern(
            beschluss=fremder, user=vorstand_kultur, status=S.UMSETZUNG, grund=""
        )
    with pytest.raises(PermissionDenied):
        beschluss_status_aendern(
            beschluss=eigener, user=vorstand_bildung, status=S.UMGESETZT, grund=""
        )
    eigener.titel = "Anders"
    with pytest.raises(PermissionDenied):  # other fields: the Referat only
        beschluss_speichern(beschluss=eigener, user=vorstand_kultur, geaenderte_felder=["titel"])
    fremder.refresh_from_db()
    assert fremder.status == S.OFFEN


def test_kompetenz_ueber_projekte_ziele_und_schwerpunkte(kultur):
    ueber_tranche = RatsbeschlussFactory()
    KernaktivitaetFactory(kompetenz=kultur, ratsbeschluss=ueber_tranche)
    ueber_betroffen = RatsbeschlussFactory()
    ueber_betroffen.betroffene_kernaktivitaeten.add(KernaktivitaetFactory(kompetenz=kultur))
    ueber_ziel = RatsbeschlussFactory()
    ueber_ziel.programmatische_ziele.add(
        kultur.schwerpunkte.filter(ziele__isnull=False).first().ziele.first()
    )
    RatsbeschlussFactory()
    treffer = Ratsbeschluss.objects.fuer_kompetenzen([kultur.pk])
    assert set(treffer) == {ueber_tranche, ueber_betroffen, ueber_ziel}


def test_bestehende_tranche_bleibt_verknuepft():
    """The former Ratsbeschluss rows are the register's records: same row, same link."""
    oasen = Kernaktivitaet.objects.get(faktenschluessel__startswith="Bochums grüne Oasen")
    assert oasen.ratsbeschluss.vorlagennummer == "20202999"
    assert oasen.ratsbeschluss.pk == 1  # the fixture's row, kept


def test_datenmigration_fuellt_jahr_und_beginnt_die_historie():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kernaktivitaeten.migrations.0010_beschlussregister_jahr_aus_datum")
    alt = RatsbeschlussFactory(titel="Tranche 2019", datum=date(2019, 6, 6), jahr=None)
    projekt = KernaktivitaetFactory(ratsbeschluss=alt)
    migration.jahr_und_historie(apps, None)
    alt.refresh_from_db()
    assert (alt.jahr, alt.titel, alt.datum) == (2019, "Tranche 2019", date(2019, 6, 6))
    assert alt.history.filter(history_type="+", jahr=2019).exists()
    projekt.refresh_from_db()
    assert projekt.ratsbeschluss_id == alt.pk
