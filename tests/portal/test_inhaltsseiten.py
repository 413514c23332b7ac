"""The pages the law asks for: real texts from the fixture, edited by the Referat only,
sanitised on save and on output, and honest about what is still missing."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from bochum_strategie.models import Inhaltsseite
from kernaktivitaeten.rules import REFERAT
from tests.helpers import formular_daten, links, text

pytestmark = pytest.mark.django_db

ARTEN = [art.value for art in Inhaltsseite.Art]


def seite(art) -> Inhaltsseite:
    return Inhaltsseite.objects.get(art=art)


# The fixture ---------------------------------------------------------------------------------


def test_fixture_loads_all_four_pages():
    assert sorted(Inhaltsseite.objects.values_list("art", flat=True)) == sorted(ARTEN)
    for inhaltsseite in Inhaltsseite.objects.all():
        assert inhaltsseite.titel and inhaltsseite.beschreibung
        assert len(text_von(inhaltsseite)) > 800, inhaltsseite.art


def text_von(inhaltsseite) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inhaltsseite.inhalt))


def test_fixture_invents_no_contact_details():
    """No e-mail addresses, phone numbers or web addresses that nobody has confirmed."""
    for inhaltsseite in Inhaltsseite.objects.all():
        inhalt = inhaltsseite.inhalt + inhaltsseite.fehlende_angaben
        assert "@" not in inhalt, inhaltsseite.art
        assert not re.search(r"\b(tel|fon|fax)\b\.?:", inhalt, re.I), inhaltsseite.art
        assert not re.search(r"(?<![\d/])\(?0\d{2,5}\)?[ /-]?\d{3,}", inhalt), inhaltsseite.art
        assert not re.search(r"https?://|www\.", inhalt), inhaltsseite.art
        # The only address is the Referat's, from the strategy brochure.
        assert inhalt.count("44777 Bochum") >= 1 or inhaltsseite.art == "impressum"


def test_statement_on_accessibility_has_what_the_law_asks_for():
    inhalt = text_von(seite("barrierefreiheit"))
    assert "teilweise vereinbar" in inhalt
    assert "WCAG" in inhalt and "2.1" in inhalt and "BITV" in inhalt
    assert "axe-core" in inhalt and "Tastatur" in inhalt
    assert "Selbstbewertung" in inhalt and "nicht stattgefunden" in inhalt  # no external audit
    assert "Nicht barrierefreie Inhalte" in inhalt
    assert "unvollständig" in inhalt and "PDF" in inhalt and "Django" in inhalt
    assert "Erstellung dieser Erklärung" in inhalt
    assert "Willy-Brandt-Platz 2–6" in inhalt and "44777 Bochum" in inhalt
    assert "Durchsetzungsverfahren" in inhalt and "Ombudsstelle" in inhalt
    assert "Landesbeauftragten für Menschen mit Behinderung" in inhalt
    assert 'href="/barrierefreiheit/rueckmeldung/"' in seite("barrierefreiheit").inhalt
    assert not seite("barrierefreiheit").unvollstaendig


def test_leichte_sprache_tells_the_facts_of_the_strategy():
    inhalt = text_von(seite("leichte-sprache"))
    for fakt in (
        "5 Kompetenzen",
        "5 Schwer-Punkte",
        "25 Schwer-Punkte",
        "125 Kern-Aktivitäten",
        "2030",
        "Wissen – Wandel – Wir-Gefühl",
        "Kern-Aktivität ist ein Projekt",
    ):
        assert fakt in inhalt, fakt
    saetze = [s for s in re.split(r"(?<=[.:?!])\s", inhalt) if s.strip()]
    lang = [s for s in saetze if len(s.split()) > 16]
    assert not lang, f"sentences too long for Leichte Sprache: {lang}"


def test_imprint_and_privacy_say_visibly_what_is_missing(client):
    for art in ("impressum", "datenschutz"):
        inhaltsseite = seite(art)
        assert inhaltsseite.unvollstaendig and inhaltsseite.fehlende_angaben
        seite_text = text(client.get(inhaltsseite.get_absolute_url()))
        assert "Diese Seite ist noch nicht vollständig" in seite_text
        assert len(inhaltsseite.fehlende_angaben_liste) >= 3
        for angabe in inhaltsseite.fehlende_angaben_liste:
            assert angabe in seite_text
    assert "Datenschutzbeauftragten" in seite("datenschutz").fehlende_angaben


def test_privacy_statement_describes_what_the_portal_does():
    inhalt = text_von(seite("datenschutz"))
    assert "keine Cookies" in inhalt and "csrftoken" in inhalt
    assert "keine IP-Adressen" in inhalt or "IP-Adressen, Browserangaben" in inhalt
    assert "keine Anfragen an andere Anbieter" in inhalt
    assert "per E-Mail an das Referat" in inhalt
    assert "Art. 77 DSGVO" in inhalt and "LDI NRW" in inhalt


# Pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("art", ARTEN)
def test_each_page_is_served_with_title_description_and_date(client, art):
    inhaltsseite = seite(art)
    response = client.get(inhaltsseite.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{inhaltsseite.titel} · " in html
    assert f'<meta name="description" content="{inhaltsseite.beschreibung}">' in html
    assert f"<h1>{inhaltsseite.titel}</h1>" in html
    assert 'lang="de"' in html.split("<article", 1)[1].split(">", 1)[0]
    assert "Stand:" in text(response)


def test_addresses_are_german_and_fixed(client):
    with translation.override("de"):
        assert reverse("barrierefreiheit") == "/barrierefreiheit/"
        assert reverse("leichte_sprache") == "/leichte-sprache/"
        assert reverse("impressum") == "/impressum/"
        assert reverse("datenschutz") == "/datenschutz/"
        assert reverse("rueckmeldung") == "/barrierefreiheit/rueckmeldung/"


def test_footer_links_to_all_four_pages_and_the_form(client):
    adressen = links(client.get("/"))
    for pfad in ("/barrierefreiheit/", "/leichte-sprache/", "/impressum/", "/datenschutz/"):
        assert pfad in adressen
    assert "/barrierefreiheit/rueckmeldung/?seite=/" in adressen
    zielsystem = links(client.get("/zielsystem/"))
    assert "/barrierefreiheit/rueckmeldung/?seite=/zielsystem/" in zielsystem


def test_home_page_leads_to_leichte_sprache_before_anything_else(client):
    html = client.get("/").content.decode()
    inhalt = html.split('id="inhalt"', 1)[1]
    assert inhalt.index('href="/leichte-sprache/"') < inhalt.index('id="wesenskern-titel"')


def test_statement_page_offers_the_feedback_form(client):
    assert "/barrierefreiheit/rueckmeldung/" in links(client.get("/barrierefreiheit/"))


def test_unknown_page_kind_is_a_404(client):
    assert client.get("/barrierefreiheit/gibt-es-nicht/").status_code == 404


def test_output_is_sanitised_even_when_the_database_holds_something_else(client):
    Inhaltsseite.objects.filter(art="impressum").update(
        inhalt='<h2 onclick="x()">Teil</h2><script>alert(1)</script><p style="color:red">'
        '<a href="javascript:alert(1)">Link</a> <img src=x onerror=alert(1)>Text</p>'
    )
    html = client.get("/impressum/").content.decode()
    teil = html.split('class="inhaltsseite__text">', 1)[1].split("</div>", 1)[0]
    assert "<h2>Teil</h2>" in teil
    for boese in ("<script", "onclick", "onerror", "javascript:", "style=", "<img"):
        assert boese not in teil


def test_english_visitors_get_the_german_text_marked_as_german(client):
    html = client.get("/en/datenschutz/").content.decode()
    assert '<html lang="en">' in html
    assert '<article class="inhaltsseite inhaltsseite--datenschutz" lang="de">' in html
    assert 'class="hinweis-sprache" lang="en"' in html


def test_english_text_is_shown_when_the_referat_wrote_one(client):
    Inhaltsseite.objects.filter(art="impressum").update(
        titel_en="Legal notice", inhalt_en="<p>Published by the City of Bochum.</p>"
    )
    html = client.get("/en/impressum/").content.decode()
    assert "<h1>Legal notice</h1>" in html and "Published by the City of Bochum." in html
    assert 'lang="en"' in html.split("<article", 1)[1].split(">", 1)[0]
    assert "hinweis-sprache" not in html
    assert "<h1>Impressum</h1>" in client.get("/impressum/").content.decode()


# Back office --------------------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(f"admin:portal_{name}", args=args)


def test_roles_have_the_model_permissions():
    referat = set(
        Group.objects.get(name=REFERAT)
        .permissions.filter(content_type__app_label="portal")
        .values_list("codename", flat=True)
    )
    assert referat == {
        "view_inhaltsseite",
        "change_inhaltsseite",
        "view_rueckmeldung",
        "delete_rueckmeldung",
    }
    for rolle in ("Projektleitung", "Vorstand"):
        gruppe = Group.objects.get(name=rolle)
        assert not gruppe.permissions.filter(content_type__app_label="portal").exists()
    admin_rechte = Group.objects.get(name="Administrator").permissions.filter(
        content_type__app_label="portal"
    )
    assert set(admin_rechte.values_list("codename", flat=True)) == {
        "view_inhaltsseite",
        "view_rueckmeldung",
    }


@pytest.mark.parametrize(
    ("rolle", "erwartet"),
    [
        ("anonym", 302),
        ("projektleitung_a", 403),
        ("vorstand_kultur", 403),
        ("referat", 200),
        ("administrator", 200),
    ],
)
def test_who_may_open_the_page_texts_in_the_back_office(client, request, rolle, erwartet):
    if rolle != "anonym":
        client.force_login(request.getfixturevalue(rolle))
    pk = seite("impressum").pk
    for adresse in (
        admin_url("inhaltsseite_changelist"),
        admin_url("inhaltsseite_change", pk),
        admin_url("inhaltsseite_history", pk),
    ):
        response = client.get(adresse)
        assert response.status_code == erwartet, (rolle, adresse)
        if erwartet == 302:
            assert response["Location"].startswith(reverse("admin:login"))


def test_nobody_adds_or_deletes_a_page(client, referat, administrator):
    pk = seite("impressum").pk
    for person in (referat, administrator):
        client.force_login(person)
        assert client.get(admin_url("inhaltsseite_add")).status_code == 403
        assert client.get(admin_url("inhaltsseite_delete", pk)).status_code == 403


def aenderung(client, art, **felder):
    adresse = admin_url("inhaltsseite_change", seite(art).pk)
    daten = formular_daten(client.get(adresse))
    daten.update(felder)
    daten["_save"] = "Sichern"
    return client.post(adresse, daten)


def test_referat_edits_a_text_which_is_sanitised_and_recorded(client, referat):
    client.force_login(referat)
    response = aenderung(
        client,
        "impressum",
        inhalt='<h2 onmouseover="x()">Kontakt</h2><p>Post<script>alert(1)</script></p>',
        unvollstaendig="",
        fehlende_angaben="",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    impressum = seite("impressum")
    assert impressum.inhalt == "<h2>Kontakt</h2><p>Post</p>"
    assert not impressum.unvollstaendig
    letzte = impressum.history.first()
    assert letzte.history_user == referat and letzte.inhalt == impressum.inhalt
    assert "Diese Seite ist noch nicht vollständig" not in text(client.get("/impressum/"))


def test_incomplete_needs_a_note_of_what_is_missing(client, referat):
    client.force_login(referat)
    response = aenderung(client, "impressum", unvollstaendig="on", fehlende_angaben="")
    assert response.status_code == 200
    assert "Bitte nennen Sie, welche Angaben noch fehlen." in text(response)


def test_lead_and_administrator_cannot_change_a_text(client, projektleitung_a, administrator):
    adresse = admin_url("inhaltsseite_change", seite("impressum").pk)
    client.force_login(projektleitung_a)
    assert client.post(adresse, {"titel": "Gekapert"}).status_code == 403
    client.force_login(administrator)
    response = client.post(adresse, {"titel": "Gekapert", "inhalt": "<p>x</p>"})
    assert response.status_code == 403
    assert seite("impressum").titel == "Impressum"


def test_saving_in_the_back_office_refreshes_the_cached_page(client, settings, referat):
    settings.SEITENCACHE_AKTIV = True
    cache.clear()
    besucher = client.__class__()
    assert besucher.get("/impressum/")["X-Seitencache"] == "neu"
    assert besucher.get("/impressum/")["X-Seitencache"] == "treffer"
    client.force_login(referat)
    assert aenderung(client, "impressum", titel="Impressum der Stadt").status_code == 302
    frisch = besucher.get("/impressum/")
    assert frisch["X-Seitencache"] == "neu"
    assert "<h1>Impressum der Stadt</h1>" in frisch.content.decode()
    cache.clear()


def test_history_of_an_unknown_page_is_a_404(client, referat):
    client.force_login(referat)
    for kennung in ("gibt-es-nicht", "999999"):
        assert client.get(admin_url("inhaltsseite_history", kennung)).status_code == 404


def test_referat_start_page_links_to_texts_and_feedback(client, referat, projektleitung_a):
    client.force_login(referat)
    adressen = links(client.get(reverse("admin:index")))
    assert admin_url("inhaltsseite_changelist") in adressen
    assert admin_url("rueckmeldung_changelist") in adressen
    client.force_login(projektleitung_a)
    adressen = links(client.get(reverse("admin:index")))
    assert admin_url("inhaltsseite_changelist") not in adressen
