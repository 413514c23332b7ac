"""Changing the secret key (docs/deployment.md, section 1a): with the old key in
SECRET_KEY_FALLBACKS, sessions and signed links made before the change keep working; once the
fallback is removed they stop working."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user, get_user_model
from django.test import RequestFactory

from benachrichtigungen import services
from benachrichtigungen.models import Abonnent
from tests.server import python

ALT = "alter-schluessel-" + "Kq7vT2pXw9mZr4bN8cJd3fHs6gLy1aUe5oRi0tWv"
NEU = "neuer-schluessel-" + "Zp3xQm8RtV1wKc6bNd9fJh2gLs4yAu7eOi5rTk0P"


def _angemeldet(client) -> bool:
    """What AuthenticationMiddleware sees for the client's session cookie."""
    anfrage = RequestFactory().get("/")
    anfrage.session = client.session.__class__(
        session_key=client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return get_user(anfrage).is_authenticated


@pytest.mark.django_db
def test_session_and_signed_links_survive_a_rotation_until_the_fallback_is_removed(
    client, settings
):
    settings.SECRET_KEY = ALT
    settings.SECRET_KEY_FALLBACKS = []
    nutzer = get_user_model().objects.create_user("rotation", password="x-geheim-12345")
    client.force_login(nutzer)
    abonnent = Abonnent.objects.create(email="rotation@example.org")
    abmelden = services.abmelde_token(abonnent)
    bestaetigen = services.bestaetigungs_token(abonnent, "de")
    assert _angemeldet(client)

    # Rotation: new key, old one as fallback.
    settings.SECRET_KEY = NEU
    settings.SECRET_KEY_FALLBACKS = [ALT]
    assert _angemeldet(client)
    assert services.abonnent_aus_token(abmelden, zweck="abmelden") == abonnent
    services.bestaetigung_pruefen(token=bestaetigen)
    # New links are signed with the new key (they do not verify with the old one alone).
    neu = services.abmelde_token(abonnent)
    assert neu != abmelden
    assert services.abonnent_aus_token(neu, zweck="abmelden") == abonnent

    # Fallback removed: the old key opens nothing any more, the new links still work.
    settings.SECRET_KEY_FALLBACKS = []
    assert not _angemeldet(client)
    with pytest.raises(services.UngueltigerLink):
        services.abonnent_aus_token(abmelden, zweck="abmelden")
    with pytest.raises(services.UngueltigerLink):
        services.bestaetigung_pruefen(token=bestaetigen)
    assert services.abonnent_aus_token(neu, zweck="abmelden") == abonnent


@pytest.mark.django_db
def test_a_session_used_during_the_rotation_moves_to_the_new_key(client, settings):
    """End to end through the middleware: the page behind the login stays reachable; a
    session used while the fallback is set is re-signed with the new key and survives the
    removal, one left unused is logged out."""
    from django.test import Client

    settings.SECRET_KEY = ALT
    settings.SECRET_KEY_FALLBACKS = []
    nutzer = get_user_model().objects.create_superuser("rot-admin", password="x-geheim-12345")
    client.force_login(nutzer)
    ungenutzt = Client()
    ungenutzt.force_login(nutzer)
    assert client.get("/verwaltung/").status_code == 200
    settings.SECRET_KEY = NEU
    settings.SECRET_KEY_FALLBACKS = [ALT]
    assert client.get("/verwaltung/").status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get("/verwaltung/").status_code == 200
    assert ungenutzt.get("/verwaltung/").status_code == 302


def _einstellungen(**env):
    return python(
        "import bochum_strategie.settings as s; print(len(s.SECRET_KEY_FALLBACKS))",
        DJANGO_DEBUG="0",
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        DJANGO_SECRET_KEY=NEU,
        **env,
    )


def test_fallbacks_are_read_comma_separated_and_from_a_file(tmp_path):
    ergebnis = _einstellungen(DJANGO_SECRET_KEY_FALLBACKS=f"{ALT}, {ALT[::-1]} ,")
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert ergebnis.stdout.strip() == "2"
    datei = tmp_path / "alt"
    datei.write_text(ALT + "\n")
    ergebnis = _einstellungen(DJANGO_SECRET_KEY_FALLBACKS_FILE=str(datei))
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert ergebnis.stdout.strip() == "1"
    assert _einstellungen().stdout.strip() == "0"


@pytest.mark.parametrize("schwach", ["kurz", "a" * 60, "django-insecure-" + "x1y2z3" * 10])
def test_a_weak_fallback_key_refuses_to_start_in_production(schwach):
    ergebnis = _einstellungen(DJANGO_SECRET_KEY_FALLBACKS=f"{ALT},{schwach}")
    assert ergebnis.returncode != 0
    assert "DJANGO_SECRET_KEY_FALLBACKS" in ergebnis.stderr
    assert schwach not in ergebnis.stderr  # the key itself is never printed
