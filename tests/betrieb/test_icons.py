"""Favicon and touch icons: in static/ (served by whitenoise), linked from the public and the
back-office pages, and /favicon.ico at the root answers without the database."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from tests.helpers import elemente

ICONS = {"favicon.ico", "icons/icon.svg", "icons/apple-touch-icon.png"}


def _bild(client, url: str) -> bytes:
    antwort = client.get(url)
    assert antwort.status_code == 200, url
    return b"".join(antwort.streaming_content) if antwort.streaming else antwort.content


@pytest.mark.parametrize(
    "pfad, ziel",
    [
        ("/favicon.ico", "/static/favicon.ico"),
        ("/apple-touch-icon.png", "/static/icons/apple-touch-icon.png"),
        ("/apple-touch-icon-precomposed.png", "/static/icons/apple-touch-icon.png"),
    ],
)
def test_root_icons_point_to_the_static_file_without_the_database(client, pfad, ziel):
    # No django_db mark: any query would raise.
    antwort = client.get(pfad)
    assert antwort.status_code == 302
    assert antwort["Location"] == ziel
    assert _bild(client, ziel)
    assert client.post(pfad).status_code == 405


def test_the_icons_are_in_the_portal_colours(client):
    ico = Image.open(io.BytesIO(_bild(client, "/static/favicon.ico")))
    assert ico.format == "ICO"
    assert {(16, 16), (32, 32)} <= set(ico.info["sizes"])
    touch = Image.open(io.BytesIO(_bild(client, "/static/icons/apple-touch-icon.png")))
    assert touch.format == "PNG" and touch.size == (180, 180)
    farben = {farbe for _anzahl, farbe in touch.convert("RGB").getcolors(180 * 180)}
    assert (0, 74, 128) in farben and (255, 255, 255) in farben  # portal blue, white
    svg = _bild(client, "/static/icons/icon.svg").decode()
    assert svg.startswith("<svg") and "#004a80" in svg


def _icon_links(html) -> set[str]:
    return {
        link.get("href").removeprefix("/static/")
        for link in elemente(html, "link")
        if link.get("rel") in {"icon", "apple-touch-icon"}
    }


@pytest.mark.django_db
def test_public_and_back_office_pages_link_the_icons(client):
    assert _icon_links(client.get("/", follow=True).content.decode()) == ICONS
    assert _icon_links(client.get("/verwaltung/login/").content.decode()) == ICONS
    chef = get_user_model().objects.create_superuser("icon-chef", password="x-geheim-12345")
    client.force_login(chef)
    assert _icon_links(client.get("/verwaltung/").content.decode()) == ICONS


def test_favicon_in_production_leads_to_the_hashed_file(produktionsserver):
    umleitung = produktionsserver.anfrage("/favicon.ico")
    assert umleitung.status == 302
    ziel = umleitung.headers["Location"]
    assert (
        ziel.startswith("/static/favicon.")
        and ziel.endswith(".ico")
        and ziel != "/static/favicon.ico"
    )
    datei = produktionsserver.anfrage(ziel)
    assert datei.status == 200
    assert Image.open(io.BytesIO(datei.body)).format == "ICO"
    assert (
        "immutable" in datei.headers["Cache-Control"]
        or "max-age=31536000" in datei.headers["Cache-Control"]
    )
