"""The Beschlussregister's back-office pages in a real browser: the Referat's start page with
overdue decisions, a decision's form (with its status history) and the OParl import page;
axe-core finds no WCAG 2.1 A/AA violation."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from kernaktivitaeten.models import Beschlussstatus, Beschlussstatusaenderung
from kernaktivitaeten.rules import REFERAT
from tests.factories import RatsbeschlussFactory, UserFactory

from .test_backoffice import PASSWORT, anmelden
from .test_barrierefreiheit import _verstoesse_beschreiben, axe_verstoesse

pytestmark = pytest.mark.browser


@pytest.fixture
def referat_mit_beschluss(portal):
    person = UserFactory(username="referat_browser", password=PASSWORT)
    person.groups.set([Group.objects.get(name=REFERAT)])
    beschluss = RatsbeschlussFactory(
        vorlagennummer="20994001",
        titel="Beschluss im Browser",
        frist=timezone.localdate() - timedelta(days=3),
        status=Beschlussstatus.UMSETZUNG,
    )
    Beschlussstatusaenderung.objects.create(
        beschluss=beschluss, status_vorher="", status=Beschlussstatus.UMSETZUNG, grund="Start."
    )
    return person, beschluss


@pytest.mark.parametrize(
    "pfad",
    [
        "/verwaltung/",
        "/verwaltung/kernaktivitaeten/ratsbeschluss/",
        "/verwaltung/kernaktivitaeten/ratsbeschluss/{pk}/change/",
        "/verwaltung/kernaktivitaeten/ratsbeschluss/oparl-import/",
    ],
)
def test_beschlussseiten_im_backoffice_ohne_wcag_verstoesse(
    page_ohne_csp, portal, referat_mit_beschluss, pfad
):
    person, beschluss = referat_mit_beschluss
    page = page_ohne_csp
    anmelden(page, portal, person)
    response = page.goto(portal.url + pfad.format(pk=beschluss.pk))
    assert response.status == 200
    if pfad == "/verwaltung/":
        assert page.locator("#ueberfaellige-beschluesse").inner_text().count("20994001") == 1
    verstoesse = axe_verstoesse(page)
    assert not verstoesse, _verstoesse_beschreiben(verstoesse)
