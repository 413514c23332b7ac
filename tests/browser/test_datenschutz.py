"""Privacy: a public page loads nothing from any host but the portal's own."""

from urllib.parse import urlsplit

import pytest

from .conftest import oeffnen
from .seiten import public_pages

pytestmark = pytest.mark.browser

EIGENE_SCHEMATA = {"data", "blob", "about"}


def fremde_anfragen_aufzeichnen(page, eigener_host: str) -> list[str]:
    """Records every request to a host other than ``eigener_host`` (and cuts it off)."""
    fremde: list[str] = []

    def fremd(url: str) -> bool:
        teile = urlsplit(url)
        return teile.scheme not in EIGENE_SCHEMATA and teile.netloc != eigener_host

    page.on("request", lambda request: fremd(request.url) and fremde.append(request.url))
    # Cut off, so no test waits for (or reaches) the outside world.
    page.context.route(fremd, lambda route: route.abort())
    return fremde


@pytest.mark.parametrize("seite", public_pages(), ids=str)
def test_keine_anfragen_an_dritte(page, portal, seite):
    fremde = fremde_anfragen_aufzeichnen(page, urlsplit(portal.url).netloc)
    oeffnen(page, portal, seite)
    page.wait_for_load_state("networkidle")
    assert not fremde, f"requests to third parties on {seite.name}: {sorted(set(fremde))}"


def test_aufzeichnung_erkennt_fremde_anfragen(page):
    """Self-check of the recorder: a foreign image and stylesheet are caught (loopback only)."""
    fremde = fremde_anfragen_aufzeichnen(page, "localhost:1")
    page.set_content(
        '<link rel="stylesheet" href="http://127.0.0.2:9/fremd.css">'
        '<img alt="" src="http://127.0.0.3:9/pixel.png">'
    )
    assert sorted(fremde) == ["http://127.0.0.2:9/fremd.css", "http://127.0.0.3:9/pixel.png"]
