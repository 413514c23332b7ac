"""Following the Beschlussregister (issues 17 and 19): a status change of a public decision
reaches those who follow the register and those who follow one of its projects, after the
commit, with the decision's public title, new status and address; nothing for unpublished
decisions."""

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
