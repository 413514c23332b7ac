import pytest
from django.core.cache import caches

from .smtp import mailer, smtp_server


@pytest.fixture
def postfach(settings):
    """A real SMTP server; the portal's mailer points at it for the test."""
    controller, postfach = smtp_server()
    settings.MAILERS = mailer(controller.port)
    yield postfach
    controller.stop()


@pytest.fixture(autouse=True)
def frische_grenzen():
    caches["begrenzung"].clear()
    yield
    caches["begrenzung"].clear()
