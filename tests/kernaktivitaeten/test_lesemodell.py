"""Public visibility is decided in one place (issue 13): change the rule in
``kernaktivitaeten.models.projekte.oeffentlich_bedingung`` and every public endpoint follows — project
page, catalogue, old addresses, Atom feed, open data, sitemap, dashboard."""

import ast
from pathlib import Path

import pytest
from django.db.models import Q
from django.urls import reverse

from bochum_strategie.lib.seitencache import datenstand_erhoehen
from kernaktivitaeten.models import AlterSlug, Berichtsstatus
from kernaktivitaeten.models import projekte as regeln
from tests.factories import KernaktivitaetFactory
from tests.personas import bericht
from tests.portal.test_auffindbarkeit import orte
from tests.portal.test_auffindbarkeit import sitemap as sitemap_baum

pytestmark = pytest.mark.django_db


@pytest.fixture
def zwei_projekte(frueherer_zeitraum):
    sichtbar = KernaktivitaetFactory(titel="Sichtbares Vorhaben", slug="sichtbares-vorhaben")
    verborgen = KernaktivitaetFactory(titel="Verborgenes Vorhaben", slug="verborgenes-vorhaben")
    AlterSlug.objects.create(slug="frueher-verborgen", kernaktivitaet=verborgen)
    for projekt in (sichtbar, verborgen):
        bericht(
            projekt,
            frueherer_zeitraum,
            status=Berichtsstatus.FREIGEGEBEN,
            erreicht=f"Bericht über {projekt.titel}",
        )
    return sichtbar, verborgen


def ansichten(client, sichtbar, verborgen) -> dict[str, tuple[bool, bool]]:
    """For each endpoint: (shows the visible project, shows the hidden one)."""
    datenstand_erhoehen()  # open-data files are kept per Datenstand
    katalog = client.get(reverse("kernaktivitaeten:katalog") + "?q=Vorhaben").content.decode()
    feed = client.get(reverse("exporte:feed_berichte")).content.decode()
    csv = (
        client.get(reverse("exporte:datensatz", args=["kernaktivitaeten", "csv"]))
        .getvalue()
        .decode()
    )
    berichte = (
        client.get(reverse("exporte:datensatz", args=["statusberichte", "json"]))
        .getvalue()
        .decode()
    )
    sitemap = str(orte(sitemap_baum(client)))
    dashboard = client.get(reverse("exporte:dashboard"))
    return {
        "dashboard_gesamt": dashboard.context["gesamt"],
        "seite": (
            client.get(sichtbar.get_absolute_url()).status_code == 200,
            client.get(verborgen.get_absolute_url()).status_code == 200,
        ),
        "alte_adresse": (
            True,
            client.get("/kernaktivitaeten/frueher-verborgen/").status_code == 301,
        ),
        "katalog": (sichtbar.titel in katalog, verborgen.titel in katalog),
        "feed": ("Bericht über Sichtbares" in feed, "Bericht über Verborgenes" in feed),
        "opendaten": (sichtbar.titel in csv, verborgen.titel in csv),
        "berichte": ("Bericht über Sichtbares" in berichte, "Bericht über Verborgenes" in berichte),
        "sitemap": (sichtbar.slug in sitemap, verborgen.slug in sitemap),
    }


def test_every_public_endpoint_follows_the_one_rule(client, monkeypatch, zwei_projekte):
    sichtbar, verborgen = zwei_projekte
    vorher = ansichten(client, sichtbar, verborgen)
    gesamt_vorher = vorher.pop("dashboard_gesamt")
    assert all(vorher.values()), vorher  # both projects everywhere under today's rule

    echte_regel = regeln.oeffentlich_bedingung

    def regel(pfad=""):
        return echte_regel(pfad) & ~Q(**{f"{pfad}slug": verborgen.slug})

    monkeypatch.setattr(regeln, "oeffentlich_bedingung", regel)
    nachher = ansichten(client, sichtbar, verborgen)
    # The dashboard counts instead of listing: one project fewer.
    assert nachher.pop("dashboard_gesamt") == gesamt_vorher - 1
    assert nachher == {name: (True, False) for name in nachher}, nachher


def test_project_page_reads_reports_without_their_internal_fields(zwei_projekte):
    from kernaktivitaeten.models import INTERNE_BERICHTSFELDER, Kernaktivitaet

    sichtbar, _verborgen = zwei_projekte
    projekt = Kernaktivitaet.objects.oeffentlich().fuer_detail().get(pk=sichtbar.pk)
    (bericht_,) = projekt.freigegebene_berichte
    assert set(INTERNE_BERICHTSFELDER) <= bericht_.get_deferred_fields()
    assert bericht_.erreicht == "Bericht über Sichtbares Vorhaben"


# Where the rules may be written: the read methods (models) and the writes (services, the
# loaders that create records). Everything else asks the named reads.
REGELORTE = ("models", "services.py", "fakten.py", "demodaten.py")
PROJEKT = Path(__file__).resolve().parents[2]


def _regel(schluessel: ast.keyword) -> str | None:
    """ "veroeffentlicht=True" or "…status='freigegeben'" as a filter argument, or None."""
    name, wert = schluessel.arg or "", schluessel.value
    if name.split("__")[-1] == "veroeffentlicht" and getattr(wert, "value", None) is True:
        return f"{name}=True"
    freigegeben = getattr(wert, "value", None) == "freigegeben" or (
        isinstance(wert, ast.Attribute) and wert.attr == "FREIGEGEBEN"
    )
    if name.split("__")[-1] == "status" and freigegeben:
        return f"{name}=freigegeben"
    return None


def _handgeschriebene_regeln() -> list[str]:
    funde = []
    for app in ("kernaktivitaeten", "zielsystem", "querschnitt", "benachrichtigungen"):
        for datei in sorted((PROJEKT / app).rglob("*.py")):
            teile = datei.relative_to(PROJEKT / app).parts
            if teile[0] in ("migrations", "management") or any(teil in REGELORTE for teil in teile):
                continue
            for knoten in ast.walk(ast.parse(datei.read_text())):
                if isinstance(knoten, ast.Call):
                    for schluessel in knoten.keywords:
                        if regel := _regel(schluessel):
                            pfad = datei.relative_to(PROJEKT)
                            funde.append(f"{pfad}:{knoten.lineno} {regel}")
    return funde


def test_no_view_feed_export_or_admin_writes_the_public_rule_by_hand():
    assert _handgeschriebene_regeln() == []


def test_the_source_check_finds_a_hand_written_rule():
    baum = ast.parse(
        "Meilenstein.objects.annotate(n=Count('x', filter=Q(x__status='freigegeben')))"
    )
    (aufruf,) = [
        k
        for k in ast.walk(baum)
        if isinstance(k, ast.Call)
        and k.keywords
        and isinstance(k.func, ast.Name)
        and k.func.id == "Q"
    ]
    assert _regel(aufruf.keywords[0]) == "x__status=freigegeben"
    baum = ast.parse("qs.filter(kernaktivitaet__veroeffentlicht=True)")
    aufruf = next(k for k in ast.walk(baum) if isinstance(k, ast.Call))
    assert _regel(aufruf.keywords[0]) == "kernaktivitaet__veroeffentlicht=True"
