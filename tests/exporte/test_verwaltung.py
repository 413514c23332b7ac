"""/verwaltung/exporte/: who may download what, and clear answers to bad input."""

import pytest

from tests.helpers import text

from .helpers import inhalt

pytestmark = pytest.mark.django_db

SEITE = "/verwaltung/exporte/"
DOWNLOAD = "/verwaltung/exporte/fortschrittsbericht/"


@pytest.mark.parametrize("pfad", [SEITE, DOWNLOAD + "?format=csv"])
def test_anonymous_is_sent_to_the_login(client, pfad):
    response = client.get(pfad)
    assert response.status_code == 302
    assert response["Location"].startswith("/verwaltung/login/?next=/verwaltung/exporte/")


@pytest.mark.parametrize("person", ["projektleitung_a", "ohne_rolle"])
@pytest.mark.parametrize("pfad", [SEITE, DOWNLOAD + "?format=csv"])
def test_project_leads_and_users_without_role_get_403(client, request, person, pfad, daten):
    client.force_login(request.getfixturevalue(person))
    response = client.get(pfad)
    assert response.status_code == 403
    assert "nur das Referat und der Vorstand" in text(response)
    assert "Festivalsommer" not in text(response)


def test_vorstand_sees_only_own_kompetenz_in_the_form(client, vorstand_kultur, kultur, grossstadt):
    client.force_login(vorstand_kultur)
    response = client.get(SEITE)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{kultur.slug}"' in html
    assert f'value="{grossstadt.slug}"' not in html
    assert "alle eigenen" in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_vorstand_may_not_download_another_kompetenz(client, vorstand_kultur, grossstadt, daten):
    client.force_login(vorstand_kultur)
    response = client.get(DOWNLOAD, {"format": "csv", "kompetenz": grossstadt.slug})
    assert response.status_code == 403
    assert grossstadt.titel in text(response)
    eigene = client.get(DOWNLOAD, {"format": "csv", "kompetenz": "hotspot-der-live-kultur"})
    assert eigene.status_code == 200


def test_referat_sees_every_kompetenz(client, referat, kultur, grossstadt):
    client.force_login(referat)
    html = client.get(SEITE).content.decode()
    assert f'value="{kultur.slug}"' in html and f'value="{grossstadt.slug}"' in html
    assert "Ampel" in html  # the page names the internal columns


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        (
            {"format": "csv", "kompetenz": "gibt-es-nicht"},
            "Die Kompetenz „gibt-es-nicht“ gibt es nicht.",
        ),
        ({"format": "csv", "zeitraum": "abc"}, "Den Berichtszeitraum „abc“ gibt es nicht."),
        ({"format": "csv", "zeitraum": "999999"}, "Den Berichtszeitraum „999999“ gibt es nicht."),
        ({"format": "exe"}, "Das Format „exe“ wird nicht angeboten."),
        ({"format": "csv", "phase": "fertig"}, "Die Phase „fertig“ gibt es nicht."),
        ({}, "Bitte wählen Sie ein Format."),
    ],
)
def test_bad_parameters_give_400_with_a_clear_message(client, referat, parameter, meldung):
    client.force_login(referat)
    response = client.get(DOWNLOAD, parameter)
    assert response.status_code == 400
    assert meldung in text(response)
    assert "Der Bericht konnte nicht erstellt werden" in text(response)


def test_every_format_downloads(client, referat, daten, kultur):
    client.force_login(referat)
    for format, anfang in [
        ("xlsx", b"PK"),
        ("pdf", b"%PDF"),
        ("csv", b"\xef\xbb\xbf"),
        ("json", b"{"),
    ]:
        response = client.get(DOWNLOAD, {"format": format, "kompetenz": kultur.slug})
        assert response.status_code == 200, format
        assert inhalt(response).startswith(anfang), format
        assert "attachment" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
