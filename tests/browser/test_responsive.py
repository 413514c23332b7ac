"""Every public page fits a phone and a desktop screen without horizontal scrolling.

Full-page screenshots land in test-results/screenshots/ for a look by eye.
"""

import pytest

from .conftest import SCREENSHOTS, neue_seite, oeffnen
from .seiten import public_pages

pytestmark = pytest.mark.browser

VIEWPORTS = [(375, 667), (1280, 800)]


@pytest.mark.parametrize("breite,hoehe", VIEWPORTS, ids=lambda v: str(v))
@pytest.mark.parametrize("seite", public_pages(), ids=str)
def test_kein_horizontales_scrollen(browser, portal, seite, breite, hoehe):
    page = neue_seite(browser, viewport={"width": breite, "height": hoehe})
    try:
        oeffnen(page, portal, seite)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{seite.name}-{breite}x{hoehe}.png", full_page=True)
        masse = page.evaluate(
            """() => ({scroll: document.documentElement.scrollWidth, innen: window.innerWidth,
                       zu_breit: [...document.querySelectorAll('body *')]
                         .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                         .slice(0, 5).map(e => e.tagName.toLowerCase() +
                           (e.id ? '#' + e.id : '') +
                           (e.classList.length ? '.' + [...e.classList].join('.') : ''))})"""
        )
    finally:
        page.context.close()
    assert masse["scroll"] <= masse["innen"], (
        f"{seite.name} at {breite}x{hoehe}: scrollWidth {masse['scroll']} > "
        f"innerWidth {masse['innen']}; too wide: {masse['zu_breit']}"
    )
