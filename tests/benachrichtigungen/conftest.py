import pytest
from django.core.cache import caches

from .smtp import mailer, smtp_server


@pytest.fixture
def postfach(settings, db):
    """A real SMTP server; the portal's mailer points at it for the test. Rate limits and
    locks of earlier tests (a shared cache table that no flush empties) are cleared."""
    controller, postfach = smtp_server()
    settings.MAILERS = mailer(controller.port)
    caches["begrenzung"].clear()
    yield postfach
    controller.stop()
    caches["begrenzung"].clear()
