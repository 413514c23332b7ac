"""A download the client breaks off, as the server sees it."""

from django.core.signals import request_finished
from django.db import close_old_connections


def client_geht(antwort) -> None:
    """The server closes the response of a client that went away. Closing sends
    request_finished, whose handler would also close the test's database connection (on
    PostgreSQL that ends the test's transaction); the test client keeps that handler away in the
    same way."""
    request_finished.disconnect(close_old_connections)
    try:
        antwort.close()
    finally:
        request_finished.connect(close_old_connections)
