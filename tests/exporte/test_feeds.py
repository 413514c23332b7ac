"""Atom feeds of approved Statusberichte: public text only, links to the project page."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from .conftest import NICHT_OEFFENTLICH

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _eintraege(client, pfad):
    response = client.get(pfad)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    text = response.content.decode()
    for geheim in NICHT_OEFFENTLICH:
        assert geheim not in text, geheim
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_feed_of_all_approved_reports(client, daten):
    feed, eintraege = _eintraege(client, "/feeds/berichte/")
    assert feed.find(f"{ATOM}title").text == "Statusberichte der Bochum Strategie"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Stadt Bochum"
    titel = [e.find(f"{ATOM}title").text for e in eintraege]
    # Newest approval first; drafts, submitted reports and unpublished projects are missing.
    assert titel == [
        "Klimaquartier – 2026 – 2. Halbjahr",
        "Festivalsommer – 2026 – 2. Halbjahr",
        "Festivalsommer – 2026 – 1. Halbjahr",
    ]
    festival = eintraege[1]
    assert festival.find(f"{ATOM}link").get("href") == (
        "http://testserver" + daten["festival"].get_absolute_url()
    )
    assert festival.find(f"{ATOM}id").text == (
        f"{settings.SITE_URL}{daten['festival'].get_permanent_url()}"
        f"#statusbericht-{daten['berichte']['festival'].pk}"
    )
    zusammenfassung = festival.find(f"{ATOM}summary").text
    assert "Bühne gebaut und 1.250 Gäste begrüßt." in zusammenfassung
    assert "Fortschritt: 60 %" in zusammenfassung
    assert festival.find(f"{ATOM}published").text.startswith("2026-11-20")
    assert len({e.find(f"{ATOM}id").text for e in eintraege}) == len(eintraege)


def test_feed_escapes_report_text(client, daten):
    bericht = daten["berichte"]["klima"]
    type(bericht).objects.filter(pk=bericht.pk).update(erreicht="<script>alert(1)</script>")
    _feed, eintraege = _eintraege(client, "/feeds/berichte/")
    zusammenfassung = eintraege[0].find(f"{ATOM}summary").text
    assert "<script>" not in zusammenfassung
    assert "&lt;script&gt;" in zusammenfassung


def test_feed_per_kompetenz(client, daten, kultur, grossstadt):
    feed, eintraege = _eintraege(client, f"/feeds/kompetenzen/{kultur.slug}/berichte/")
    assert feed.find(f"{ATOM}title").text == f"Statusberichte: {kultur.titel}"
    assert [e.find(f"{ATOM}title").text for e in eintraege] == [
        "Festivalsommer – 2026 – 2. Halbjahr",
        "Festivalsommer – 2026 – 1. Halbjahr",
    ]
    _feed, andere = _eintraege(client, f"/feeds/kompetenzen/{grossstadt.slug}/berichte/")
    assert [e.find(f"{ATOM}title").text for e in andere] == ["Klimaquartier – 2026 – 2. Halbjahr"]


def test_unknown_kompetenz_feed_is_404(client):
    assert client.get("/feeds/kompetenzen/gibt-es-nicht/berichte/").status_code == 404


def test_feed_query_count_is_constant(client, daten, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/feeds/berichte/")


def test_pages_announce_their_feed(client, daten, kultur):
    kompetenzseite = client.get(kultur.get_absolute_url()).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Statusberichte: {kultur.titel}" '
        f'href="/feeds/kompetenzen/{kultur.slug}/berichte/">'
    ) in kompetenzseite
    projektseite = client.get(daten["festival"].get_absolute_url()).content.decode()
    assert f'href="/feeds/kompetenzen/{kultur.slug}/berichte/"' in projektseite
