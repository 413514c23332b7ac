import pytest

from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema, kontrast
from tests.helpers import links, text

pytestmark = pytest.mark.django_db


def test_theme_page_shows_description(client, django_assert_max_num_queries):
    thema = Querschnittsthema.objects.get(slug="soziale-lage")
    with django_assert_max_num_queries(4):
        response = client.get("/querschnittsthemen/soziale-lage/")
    page = text(response)
    assert thema.beschreibung in page
    assert "Wir lassen niemanden zurück." in page
    # The brochure names no theme-to-SDG pairs; the page says so instead of guessing.
    assert "noch nicht hinterlegt" in page


def test_theme_page_lists_assigned_sdgs(client):
    thema = Querschnittsthema.objects.get(slug="klima")
    thema.nachhaltigkeitsziele.set(Nachhaltigkeitsziel.objects.filter(nummer__in=[7, 13]))
    response = client.get(thema.get_absolute_url())
    assert "/nachhaltigkeitsziele/13/" in links(response)
    assert "Maßnahmen zum Klimaschutz" in text(response)
    sdg_page = client.get("/nachhaltigkeitsziele/13/")
    assert thema.get_absolute_url() in links(sdg_page)


def test_sdg_overview_lists_all_17(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/nachhaltigkeitsziele/")
    hrefs = links(response)
    for nummer in range(1, 18):
        assert f"/nachhaltigkeitsziele/{nummer}/" in hrefs
    assert "Partnerschaften zur Erreichung der Ziele" in text(response)


def test_sdg_titles_follow_language(client):
    response = client.get("/en/nachhaltigkeitsziele/13/")
    assert "Climate Action" in text(response)


def test_sdg_badge_text_colour_meets_contrast():
    for sdg in Nachhaltigkeitsziel.objects.all():
        assert kontrast(sdg.farbe, sdg.textfarbe) >= 3.0, sdg
