"""How following by mail meets the other features: the Beschlussregister (issue 17) and
milestone shifts approved with a reason (issue 18). A status change of a public decision
reaches those who follow the register and those who follow one of its projects; an approved
shift reaches the followers of the project; nothing for unpublished decisions."""

import pytest

from kernaktivitaeten.beschluesse.services import beschluss_status_aendern
from kernaktivitaeten.models import Beschlussstatus
from tests.factories import RatsbeschlussFactory

from .smtp import link, text
from .test_benachrichtigungen import ADRESSE, anfordern, bestaetigen

pytestmark = pytest.mark.django_db


@pytest.fixture
def beschluss(projekt_a):
    beschluss = RatsbeschlussFactory(
        vorlagennummer="20269999", titel="Tranche der Probe", status=Beschlussstatus.OFFEN
    )
    projekt_a.ratsbeschluss = beschluss
    projekt_a.save()
    return beschluss


def test_register_und_projekt_folgen_statusaenderung_kommt_an(
    client, postfach, beschluss, referat, django_capture_on_commit_callbacks
):
    anfordern(client, ziel="beschlussregister", objekt="")
    bestaetigen(client, postfach.an(ADRESSE)[0])
    anfordern(client, ziel="projekt", objekt="projekt-a", email="nachbar@example.org")
    bestaetigen(client, postfach.an("nachbar@example.org")[0])
    with django_capture_on_commit_callbacks(execute=True):
        beschluss_status_aendern(
            beschluss=beschluss, user=referat, status=Beschlussstatus.UMSETZUNG, grund=""
        )
    for adresse in (ADRESSE, "nachbar@example.org"):
        nachricht = postfach.an(adresse)[-1]
        assert "Tranche der Probe" in text(nachricht) and "in Umsetzung" in text(nachricht)
        assert "/beschluesse/20269999/" in text(nachricht)
        assert link(nachricht, "abmelden")


def test_register_seite_bietet_folgen_an(client, beschluss):
    seite = client.get("/beschluesse/").content.decode()
    assert "?ziel=beschlussregister" in seite


def test_unveroeffentlichter_beschluss_meldet_nichts(
    client, postfach, beschluss, referat, django_capture_on_commit_callbacks
):
    anfordern(client, ziel="beschlussregister", objekt="")
    bestaetigen(client, postfach.an(ADRESSE)[0])
    beschluss.veroeffentlicht = False
    beschluss.save()
    with django_capture_on_commit_callbacks(execute=True):
        beschluss_status_aendern(
            beschluss=beschluss, user=referat, status=Beschlussstatus.UMSETZUNG, grund=""
        )
    assert len(postfach.an(ADRESSE)) == 1  # the confirmation only


def test_freigegebene_terminaenderung_meldet_die_verschiebung(
    client, postfach, projekt_a, zeitraum, vorstand_kultur, django_capture_on_commit_callbacks
):
    """Issue 18 moves planned dates only through an approved report with a reason; the
    followers of the project hear of the shift (issue 19)."""
    from datetime import timedelta

    from kernaktivitaeten.models import Berichtsstatus, Terminaenderung
    from kernaktivitaeten.services import statusbericht_freigeben
    from tests.personas import bericht

    anfordern(client)
    bestaetigen(client, postfach.an(ADRESSE)[0])
    meilenstein = projekt_a.meilensteine.get(titel="Auftakt")
    neu = meilenstein.geplant + timedelta(days=92)
    eingereicht = bericht(projekt_a, zeitraum, status=Berichtsstatus.EINGEREICHT)
    Terminaenderung.objects.create(
        statusbericht=eingereicht, meilenstein=meilenstein, geplant_neu=neu, begruendung="Umbau"
    )
    with django_capture_on_commit_callbacks(execute=True):
        statusbericht_freigeben(bericht=eingereicht, user=vorstand_kultur)
    texte = [text(n) for n in postfach.an(ADRESSE)[1:]]
    assert any(
        "Auftakt" in t and "verschoben" in t and neu.strftime("%d.%m.%Y") in t for t in texte
    ), texte
