"""Access control beyond the route matrix (test_routenmatrix.py): lists, autocomplete, and the
effect of every workflow step and write per role.

Expected answers: anonymous → redirect to the login; a role that may not see the object or the
page → 403 (no right for the kind of record) or 404 (the record is not theirs); the right
person → 200. Workflow steps (POST) are checked for their effect, not only the status.
"""

import pytest
from django.urls import reverse

from kernaktivitaeten.models import Berichtsstatus, Statusbericht
from tests.personas import bericht

pytestmark = pytest.mark.django_db

ROLLEN = [
    "anonym",
    "projektleitung_a",
    "projektleitung_b",
    "vorstand_kultur",
    "vorstand_bildung",
    "referat",
    "administrator",
]


@pytest.fixture
def welt(
    projekt_a,
    projekt_b,
    zeitraum,
    frueherer_zeitraum,
    projektleitung_a,
    projektleitung_b,
    vorstand_kultur,
    vorstand_bildung,
    referat,
    administrator,
):
    return {
        "projekt_a": projekt_a,
        "projekt_b": projekt_b,
        "entwurf_a": bericht(projekt_a, zeitraum, erreicht="Entwurf A"),
        "eingereicht_a": bericht(projekt_a, frueherer_zeitraum, status=Berichtsstatus.EINGEREICHT),
        "entwurf_b": bericht(projekt_b, zeitraum, erreicht="Entwurf B"),
        "users": {
            "projektleitung_a": projektleitung_a,
            "projektleitung_b": projektleitung_b,
            "vorstand_kultur": vorstand_kultur,
            "vorstand_bildung": vorstand_bildung,
            "referat": referat,
            "administrator": administrator,
        },
    }


def als(client, welt, rolle):
    if rolle != "anonym":
        client.force_login(welt["users"][rolle])
    return client


def url(welt, name, objekt=None):
    if objekt is None:
        return reverse(f"admin:{name}")
    return reverse(f"admin:{name}", args=[welt[objekt].pk])


# Every route × role × own/foreign object: test_routenmatrix.py (enumerated from the resolver).


def test_foreign_objects_never_appear_in_lists(client, welt):
    client.force_login(welt["users"]["projektleitung_a"])
    html = client.get(url(welt, "kernaktivitaeten_statusbericht_changelist")).content.decode()
    assert "Projekt A" in html and "Projekt B" not in html
    html = client.get(url(welt, "kernaktivitaeten_kernaktivitaet_changelist")).content.decode()
    assert "Projekt A" in html and "Projekt B" not in html
    client.force_login(welt["users"]["vorstand_kultur"])
    html = client.get(url(welt, "kernaktivitaeten_statusbericht_changelist")).content.decode()
    assert "Entwurf" not in html.split('id="result_list"')[-1]  # drafts stay with the lead


def test_autocomplete_does_not_leak_foreign_projects(client, welt):
    client.force_login(welt["users"]["referat"])
    params = "?app_label=kernaktivitaeten&model_name=kernaktivitaet&field_name=aufgegangen_in&term=Projekt"
    alle = client.get(reverse("admin:autocomplete") + params).json()["results"]
    assert {r["text"] for r in alle} >= {"Projekt A", "Projekt B"}
    client.force_login(welt["users"]["projektleitung_a"])
    response = client.get(reverse("admin:autocomplete") + params)
    texte = (
        {r["text"] for r in response.json()["results"]} if response.status_code == 200 else set()
    )
    assert "Projekt B" not in texte


WORKFLOW = {
    # step, report → (roles whose POST takes effect, expected status after)
    ("einreichen", "entwurf_a"): ({"projektleitung_a"}, Berichtsstatus.EINGEREICHT),
    ("freigeben", "eingereicht_a"): ({"vorstand_kultur", "referat"}, Berichtsstatus.FREIGEGEBEN),
    ("zurueckgeben", "eingereicht_a"): (
        {"vorstand_kultur", "referat"},
        Berichtsstatus.ZURUECKGEGEBEN,
    ),
}


@pytest.mark.parametrize("rolle", ROLLEN)
@pytest.mark.parametrize(("schritt", "objekt"), list(WORKFLOW))
def test_workflow_buttons(client, welt, rolle, schritt, objekt):
    berechtigte, ziel = WORKFLOW[(schritt, objekt)]
    vorher = welt[objekt].status
    adresse = reverse(f"admin:kernaktivitaeten_statusbericht_{schritt}", args=[welt[objekt].pk])
    response = als(client, welt, rolle).post(adresse, {"kommentar": "Bitte ergänzen."})
    nachher = Statusbericht.objects.get(pk=welt[objekt].pk).status
    if rolle in berechtigte:
        assert response.status_code == 302 and nachher == ziel
    else:
        assert nachher == vorher
        assert response.status_code in (302, 403, 404)
        if rolle == "anonym":
            assert response["Location"].startswith(reverse("admin:login"))


def test_workflow_steps_refuse_get(client, welt):
    client.force_login(welt["users"]["referat"])
    adresse = reverse(
        "admin:kernaktivitaeten_statusbericht_freigeben", args=[welt["eingereicht_a"].pk]
    )
    assert client.get(adresse).status_code == 405


def test_lead_cannot_post_changes_to_foreign_project(client, welt):
    client.force_login(welt["users"]["projektleitung_a"])
    adresse = url(welt, "kernaktivitaeten_kernaktivitaet_change", "projekt_b")
    response = client.post(adresse, {"projektziel": "Gekapert"})
    assert response.status_code == 404
    welt["projekt_b"].refresh_from_db()
    assert welt["projekt_b"].projektziel != "Gekapert"


def test_lead_cannot_post_to_foreign_draft(client, welt):
    client.force_login(welt["users"]["projektleitung_a"])
    adresse = url(welt, "kernaktivitaeten_statusbericht_change", "entwurf_b")
    response = client.post(
        adresse,
        {
            "erreicht": "Überschrieben",
            "phase": "umsetzung",
            "fortschritt": 1,
            "ampel": "im_plan",
            "bearbeitungsstand": 1,
        },
    )
    assert response.status_code == 404
    assert Statusbericht.objects.get(pk=welt["entwurf_b"].pk).erreicht == "Entwurf B"
