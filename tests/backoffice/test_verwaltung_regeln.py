"""Back-office defects of issue 12 (3–6), each with the test that failed before its fix:
"view on site" leaked unpublished projects, an old version of a project was a 500, error
pages were bare English, and the Vorstand of a Kompetenz could not be assigned."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from kernaktivitaeten.models import Kernaktivitaet
from tests.factories import KernaktivitaetFactory
from tests.helpers import formular_daten, text
from tests.personas import bericht, person
from zielsystem.models import Kompetenz

pytestmark = pytest.mark.django_db


def auf_der_website(objekt) -> str:
    typ = ContentType.objects.get_for_model(objekt)
    return reverse("admin:view_on_site", args=[typ.pk, objekt.pk])


@pytest.fixture
def unveroeffentlicht_bildung():
    return KernaktivitaetFactory(
        titel="Geheimes Vorhaben",
        slug="geheimes-vorhaben",
        veroeffentlicht=False,
        kompetenz=Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet"),
    )


# 3. "Auf der Website ansehen" ---------------------------------------------------------------


def test_view_on_site_refuses_unpublished_and_foreign_projects(
    client, projektleitung_a, referat, vorstand_kultur, projekt_a, unveroeffentlicht_bildung
):
    for user in (projektleitung_a, vorstand_kultur, referat):
        client.force_login(user)
        response = client.get(auf_der_website(unveroeffentlicht_bildung))
        assert response.status_code == 404, user
        assert "geheimes-vorhaben" not in response.get("Location", "")
        assert "Geheimes Vorhaben" not in response.content.decode()


def test_view_on_site_redirects_for_visible_public_records(
    client, projektleitung_a, referat, projekt_a, projekt_b
):
    client.force_login(projektleitung_a)
    response = client.get(auf_der_website(projekt_a))
    assert response.status_code == 302 and response["Location"] == projekt_a.get_absolute_url()
    # published, but not the lead's project: not visible in their back office
    assert client.get(auf_der_website(projekt_b)).status_code == 404
    client.force_login(referat)
    kompetenz = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    response = client.get(auf_der_website(kompetenz))
    assert response["Location"] == kompetenz.get_absolute_url()


@pytest.mark.parametrize("adresse", ["r/99999/1/", "r/abc/1/", "r/{typ}/abc/", "r/{typ}/99999/"])
def test_view_on_site_with_garbage_is_404(client, referat, adresse):
    typ = ContentType.objects.get_for_model(Kernaktivitaet).pk
    client.force_login(referat)
    response = client.get(reverse("admin:index") + adresse.format(typ=typ))
    assert response.status_code == 404


def test_no_view_on_site_button_for_unpublished_project(
    client, referat, unveroeffentlicht_bildung, projekt_a
):
    client.force_login(referat)
    change = "admin:kernaktivitaeten_kernaktivitaet_change"
    html = client.get(reverse(change, args=[unveroeffentlicht_bildung.pk])).content.decode()
    assert "viewsitelink" not in html
    html = client.get(reverse(change, args=[projekt_a.pk])).content.decode()
    assert f'href="{projekt_a.get_absolute_url()}" class="viewsitelink"' in html


# 4. History pages ---------------------------------------------------------------------------


def _geaendert(client, referat, projekt):
    """Gives the project a second version through the back office."""
    client.force_login(referat)
    change = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt.pk])
    daten = formular_daten(client.get(change))
    daten["projektziel"] = "Ein geändertes Ziel."
    assert client.post(change, daten).status_code == 302
    return projekt.history.order_by("history_id")


@pytest.mark.parametrize("rolle", ["referat", "administrator"])
def test_every_version_page_of_a_project_opens(client, request, referat, projekt_a, rolle):
    versionen = _geaendert(client, referat, projekt_a)
    assert versionen.count() >= 2
    client.force_login(request.getfixturevalue(rolle))
    for version in versionen:
        adresse = reverse(
            "admin:kernaktivitaeten_kernaktivitaet_simple_history",
            args=[projekt_a.pk, version.history_id],
        )
        response = client.get(adresse)
        assert response.status_code == 200, adresse
        assert version.projektziel in response.content.decode()
        assert 'name="_save"' not in response.content.decode()  # no "revert" button


def test_old_versions_cannot_be_restored(client, referat, projekt_a):
    erste = _geaendert(client, referat, projekt_a).first()
    adresse = reverse(
        "admin:kernaktivitaeten_kernaktivitaet_simple_history",
        args=[projekt_a.pk, erste.history_id],
    )
    response = client.post(adresse, {"titel": "Zurückgedreht", "projektziel": erste.projektziel})
    assert response.status_code == 405
    projekt_a.refresh_from_db()
    assert projekt_a.projektziel == "Ein geändertes Ziel."


def test_history_button_only_for_those_who_may_open_it(
    client, projektleitung_a, vorstand_kultur, referat, projekt_a
):
    change = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt_a.pk])
    for user, sichtbar in ((projektleitung_a, False), (vorstand_kultur, False), (referat, True)):
        client.force_login(user)
        html = client.get(change).content.decode()
        assert ('class="historylink"' in html) is sichtbar, user


def test_user_accounts_are_linked_only_for_the_administrator(
    client, projektleitung_a, vorstand_kultur, referat, administrator, projekt_a, zeitraum
):
    eingereicht = bericht(
        projekt_a, zeitraum, status="eingereicht", eingereicht_von=projektleitung_a
    )
    user_url = reverse("admin:auth_user_change", args=[projektleitung_a.pk])
    change = reverse("admin:kernaktivitaeten_statusbericht_change", args=[eingereicht.pk])
    for user in (vorstand_kultur, referat, administrator):
        client.force_login(user)
        response = client.get(change)
        assert "Projektleitung" in text(response) or "projektleitung_a" in text(response)
        assert user_url not in response.content.decode(), user
    versionen = _geaendert(client, referat, projekt_a)
    assert versionen.last().history_user == referat
    historie = reverse("admin:kernaktivitaeten_kernaktivitaet_history", args=[projekt_a.pk])
    referat_url = reverse("admin:auth_user_change", args=[referat.pk])
    client.force_login(referat)
    assert referat_url not in client.get(historie).content.decode()
    client.force_login(administrator)
    assert referat_url in client.get(historie).content.decode()


# 5. Error pages -----------------------------------------------------------------------------


def test_refused_back_office_page_is_german_in_the_portal_layout(client, projektleitung_a):
    client.force_login(projektleitung_a)
    response = client.get(reverse("admin:berichtsstand"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="de">' in html and "Forbidden" not in html
    assert "Keine Berechtigung" in text(response)
    assert f'href="{reverse("admin:index")}"' in html  # the way back into the back office
    assert 'class="site-header"' in html


def test_refused_back_office_page_in_english(client, projektleitung_a):
    client.force_login(projektleitung_a)
    response = client.get("/en/verwaltung/berichtsstand/")
    assert response.status_code == 403
    assert '<html lang="en">' in response.content.decode()
    assert "Access denied" in text(response)
    assert "Keine Berechtigung" not in text(response)


def test_404_in_both_languages(client):
    assert "Seite nicht gefunden" in text(client.get("/gibt-es-nicht/"))
    englisch = client.get("/en/gibt-es-nicht/")
    assert englisch.status_code == 404 and "Page not found" in text(englisch)


def test_csrf_failure_page(client):
    streng = Client(enforce_csrf_checks=True)
    response = streng.post(reverse("rueckmeldung"), {"nachricht": "Hallo"})
    assert response.status_code == 403
    assert "Formular abgelaufen" in text(response)
    assert 'class="site-header"' in response.content.decode()
    assert "CSRF" not in text(response)


def test_server_error_page_without_details(client, monkeypatch):
    from bochum_strategie import views

    def kaputt(*args, **kwargs):
        raise RuntimeError("geheimes Innenleben")

    monkeypatch.setattr(views.Strategie.objects, "aktuelle", kaputt)
    client.raise_request_exception = False
    response = client.get(reverse("startseite"))
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in text(response)
    assert 'class="site-header"' in response.content.decode()
    assert "geheimes Innenleben" not in response.content.decode()
    englisch = client.get("/en/")
    assert "An error occurred" in text(englisch)  # translated


def test_server_error_page_falls_back_when_the_layout_fails(rf, monkeypatch):
    from bochum_strategie import views

    def kaputt(*args, **kwargs):
        raise RuntimeError("Vorlage kaputt")

    monkeypatch.setattr(views, "render", kaputt)
    response = views.serverfehler(rf.get("/"))
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()


# 6. Assigning the Vorstand ------------------------------------------------------------------


def kompetenz_url(kompetenz):
    return reverse("admin:zielsystem_kompetenz_change", args=[kompetenz.pk])


def test_referat_assigns_the_vorstand_and_it_is_audited(client, referat, projektleitung_a):
    neu = person("neuer_vorstand", "Vorstand")
    kompetenz = Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet")
    client.force_login(referat)
    seite = client.get(kompetenz_url(kompetenz))
    html = seite.content.decode()
    assert 'name="vorstandsmitglieder"' in html
    auswahl = html.split('name="vorstandsmitglieder"')[1].split("</select>")[0]
    assert "neuer_vorstand" in auswahl and "projektleitung_a" not in auswahl  # Vorstand only
    daten = formular_daten(seite)
    daten["vorstandsmitglieder"] = [str(neu.pk)]
    response = client.post(kompetenz_url(kompetenz), daten)
    assert response.status_code == 302, text(response)[:1500]
    assert list(kompetenz.vorstandsmitglieder.all()) == [neu]
    letzte = kompetenz.history.order_by("-history_id").first()
    assert letzte.history_user == referat
    assert [m.user_id for m in letzte.vorstandsmitglieder.all()] == [neu.pk]


def test_administrator_assigns_the_vorstand_but_nothing_else(client, administrator):
    neu = person("neue_vorstaendin", "Vorstand")
    kompetenz = Kompetenz.objects.get(slug="talentschmiede-im-ruhrgebiet")
    titel = kompetenz.titel
    client.force_login(administrator)
    seite = client.get(kompetenz_url(kompetenz))
    assert 'name="titel"' not in seite.content.decode()
    daten = formular_daten(seite)
    daten.update({"vorstandsmitglieder": [str(neu.pk)], "titel": "Umbenannt"})
    assert client.post(kompetenz_url(kompetenz), daten).status_code == 302
    kompetenz.refresh_from_db()
    assert kompetenz.titel == titel
    assert list(kompetenz.vorstandsmitglieder.all()) == [neu]


@pytest.mark.parametrize("rolle", ["projektleitung_a", "vorstand_kultur"])
def test_others_cannot_assign_the_vorstand(client, request, rolle):
    kompetenz = Kompetenz.objects.get(slug="hotspot-der-live-kultur")
    user = request.getfixturevalue(rolle)
    client.force_login(user)
    response = client.post(kompetenz_url(kompetenz), {"vorstandsmitglieder": [user.pk]})
    assert response.status_code == 403
    assert not kompetenz.vorstandsmitglieder.filter(pk=user.pk).exists() or rolle == (
        "vorstand_kultur"
    )
