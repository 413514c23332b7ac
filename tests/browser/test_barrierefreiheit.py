"""Accessibility of every public page in a real browser: axe-core, keyboard, language."""

import pytest
from django.utils import translation

from .conftest import AXE, neue_seite, oeffnen
from .seiten import portal_pages, public_pages

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _verstoesse_beschreiben(verstoesse: list[dict]) -> str:
    zeilen = []
    for verstoss in verstoesse:
        zeilen.append(f"{verstoss['id']} ({verstoss['impact']}): {verstoss['help']}")
        zeilen += [f"    {', '.join(map(str, node['target']))}" for node in verstoss["nodes"]]
    return "\n".join(zeilen)


def axe_verstoesse(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    ergebnis = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert ergebnis["passes"], "axe-core ran no check"
    return ergebnis["violations"]


@pytest.mark.parametrize("seite", public_pages(), ids=str)
def test_axe_findet_keine_wcag_verstoesse(page_ohne_csp, portal, seite):
    url = oeffnen(page_ohne_csp, portal, seite)
    verstoesse = axe_verstoesse(page_ohne_csp)
    assert not verstoesse, f"{url}: axe-core found\n{_verstoesse_beschreiben(verstoesse)}"


def test_axe_meldet_verstoesse(page_ohne_csp):
    """Self-check: the harness does report what axe finds."""
    page_ohne_csp.set_content('<html><body><img src="data:,"><a href="/x"></a></body></html>')
    gefunden = {verstoss["id"] for verstoss in axe_verstoesse(page_ohne_csp)}
    assert {"html-has-lang", "image-alt", "link-name"} <= gefunden, gefunden


@pytest.mark.parametrize("seite", public_pages(), ids=str)
def test_html_lang_nennt_die_sprache_der_seite(page, portal, seite):
    oeffnen(page, portal, seite)
    assert page.evaluate("document.documentElement.lang") == seite.sprache


FOKUS = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(), id: e.id, klassen: [...e.classList],
    text: e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
    link: e.matches('a[href], button, input, select, textarea, summary'),
    outline: s.outlineStyle, outlineBreite: parseFloat(s.outlineWidth), schatten: s.boxShadow,
    x: r.left, y: r.top, breite: r.width, hoehe: r.height,
    vw: window.innerWidth, vh: window.innerHeight,
  };
}"""


def _fokus_sichtbar(fokus: dict) -> bool:
    umriss = fokus["outline"] != "none" and fokus["outlineBreite"] > 0
    return umriss or fokus["schatten"] != "none"


@pytest.mark.parametrize("seite", portal_pages(), ids=str)
def test_skip_link_ist_erster_tabstopp_und_fuehrt_zum_inhalt(browser, page, portal, seite):
    oeffnen(page, portal, seite)
    if seite.fokus_beim_laden:
        # The page moves the focus to its error summary on load (static/js/fehler.js, as in
        # the GOV.UK Design System); without that script the skip link is the first tab stop.
        assert page.evaluate("s => document.activeElement.matches(s)", seite.fokus_beim_laden)
        ohne_js = neue_seite(
            browser, viewport={"width": 1280, "height": 800}, java_script_enabled=False
        )
        try:
            oeffnen(ohne_js, portal, seite)
            _skip_link_pruefen(ohne_js, seite)
        finally:
            ohne_js.context.close()
    else:
        _skip_link_pruefen(page, seite)


def _skip_link_pruefen(page, seite):
    with translation.override(seite.sprache):
        erwartet = translation.gettext("Zum Inhalt springen")

    page.keyboard.press("Tab")
    fokus = page.evaluate(FOKUS)
    assert "skip-link" in fokus["klassen"], f"first Tab focuses {fokus}"
    assert fokus["text"] == erwartet
    innen = (
        fokus["breite"] > 0
        and fokus["hoehe"] > 0
        and fokus["x"] >= 0
        and fokus["y"] >= 0
        and fokus["x"] + fokus["breite"] <= fokus["vw"]
        and fokus["y"] + fokus["hoehe"] <= fokus["vh"]
    )
    assert innen, f"focused skip link is not inside the viewport: {fokus}"
    assert _fokus_sichtbar(fokus), f"skip link has no visible focus style: {fokus}"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('main#inhalt')"), page.evaluate(FOKUS)


@pytest.mark.parametrize("seite", portal_pages(), ids=str)
def test_fokussierte_links_haben_sichtbaren_fokusstil(page, portal, seite):
    """The first tab stops (header, navigation, start of the content) show their focus."""
    oeffnen(page, portal, seite)
    ohne_stil, gesehen = [], 0
    for _ in range(12):
        page.keyboard.press("Tab")
        fokus = page.evaluate(FOKUS)
        if fokus["tag"] == "body":  # past the last tab stop
            break
        if fokus["link"]:
            gesehen += 1
            if not _fokus_sichtbar(fokus):
                ohne_stil.append(fokus)
    assert gesehen >= 3, "fewer than three focusable links reached with Tab"
    assert not ohne_stil, f"focused without visible focus style: {ohne_stil}"
