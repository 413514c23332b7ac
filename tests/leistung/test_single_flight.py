"""After a change every page is cold at once: concurrent requests for the same cold page render
it once (single flight), the others get that page; nobody gets a page of an older Datenstand."""

import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from bochum_strategie.lib.seitencache import datenstand_erhoehen, oeffentlich_gecacht


@pytest.fixture
def seitencache_an(settings):
    settings.SEITENCACHE_AKTIV = True
    settings.SEITENCACHE_WARTEN_SEKUNDEN = 5
    cache.clear()
    yield settings
    cache.clear()


class LangsameSeite:
    """A view that takes its time and counts how often it really renders."""

    def __init__(self, sekunden=0.3, status=200):
        self.sekunden = sekunden
        self.status = status
        self.gerendert = 0
        self._lock = threading.Lock()

    def __call__(self, request):
        with self._lock:
            self.gerendert += 1
            nummer = self.gerendert
        time.sleep(self.sekunden)
        return HttpResponse(f"Fassung {nummer}", status=self.status)


def _gleichzeitig(view, anzahl: int, pfad="/kernaktivitaeten/") -> list[HttpResponse]:
    antworten: list = [None] * anzahl
    start = threading.Barrier(anzahl)

    def anfrage(i):
        request = RequestFactory().get(pfad)
        request.user = AnonymousUser()
        start.wait()
        antworten[i] = view(request)

    threads = [threading.Thread(target=anfrage, args=(i,)) for i in range(anzahl)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return antworten


@pytest.mark.django_db(transaction=True)
def test_concurrent_cold_requests_render_the_page_once(seitencache_an):
    seite = LangsameSeite()
    view = oeffentlich_gecacht(seite)
    antworten = _gleichzeitig(view, 6)
    assert seite.gerendert == 1
    assert {a.content for a in antworten} == {b"Fassung 1"}
    assert sorted(a["X-Seitencache"] for a in antworten) == ["neu"] + ["treffer"] * 5


@pytest.mark.django_db(transaction=True)
def test_after_a_change_the_next_requests_render_the_new_page_once(seitencache_an):
    seite = LangsameSeite(sekunden=0.1)
    view = oeffentlich_gecacht(seite)
    _gleichzeitig(view, 3)
    datenstand_erhoehen()
    antworten = _gleichzeitig(view, 4)
    assert seite.gerendert == 2
    assert {a.content for a in antworten} == {b"Fassung 2"}  # never the older page


@pytest.mark.django_db(transaction=True)
def test_a_page_that_is_not_kept_is_rendered_by_each_request_in_turn(seitencache_an):
    # A 404 is not cached: the waiting requests take the lock one after the other.
    seite = LangsameSeite(sekunden=0.05, status=404)
    antworten = _gleichzeitig(oeffentlich_gecacht(seite), 3)
    assert seite.gerendert == 3 and {a.status_code for a in antworten} == {404}


@pytest.mark.django_db(transaction=True)
def test_waiting_is_bounded(seitencache_an):
    # Another process holds the lock and never finishes: after the wait the request renders.
    seitencache_an.SEITENCACHE_WARTEN_SEKUNDEN = 1
    seite = LangsameSeite(sekunden=0)
    view = oeffentlich_gecacht(seite)
    request = RequestFactory().get("/zielsystem/")
    request.user = AnonymousUser()
    from bochum_strategie.lib import seitencache

    stand, _zeit = seitencache.datenstand()
    cache.add(seitencache._sperre(seitencache._schluessel(request, stand)), 1, timeout=60)
    start = time.monotonic()
    antwort = view(request)
    assert 0.9 < time.monotonic() - start < 3
    assert antwort.content == b"Fassung 1" and seite.gerendert == 1
