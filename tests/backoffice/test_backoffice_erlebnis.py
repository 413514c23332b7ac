"""Issue 14: a back office that project leads and the Vorstand like to use.

Guided reporting (step indicator, draft stays a draft on its page, public fields required on
submit with an error summary), reviewing before approving (the whole report and its
difference, a confirmation page), Markdown with preview, the Berichtsstand the Referat can act
on (totals, no "fehlt" for projects without reporting duty, reminders, Excel) and the import
that flows (one click after a clean dry run, readable values, German Excel CSV).
"""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from bochum_strategie.lib.markdown import gleiches_html, html_zu_markdown, markdown_zu_html
from kernaktivitaeten.models import (
    PHASEN_OHNE_BERICHTSPFLICHT,
    Berichtsstatus,
    Erinnerung,
    Kernaktivitaet,
    Statusbericht,
)
from kernaktivitaeten.services import WorkflowFehler, statusbericht_einreichen
from tests.backoffice.test_backoffice import bericht_formular
from tests.factories import KernaktivitaetFactory
from tests.helpers import text
from tests.personas import bericht

pytestmark = pytest.mark.django_db

ADD = "admin:kernaktivitaeten_statusbericht_add"


def change_url(objekt):
    return reverse("admin:kernaktivitaeten_statusbericht_change", args=[objekt.pk])


# --- 1. Reporting as a guided task ------------------------------------------------------------


def test_start_page_link_opens_the_current_periods_report_prefilled(
    client, projektleitung_a, projekt_a, zeitraum
):
    client.force_login(projektleitung_a)
    start = client.get(reverse("admin:index")).content.decode()
    link = re.search(r'href="([^"]+)">Bericht schreiben</a>', start).group(1).replace("&amp;", "&")
    formular = client.get(link)
    assert formular.status_code == 200
    form = formular.context["adminform"].form
    assert str(form.initial["kernaktivitaet"]) == str(projekt_a.pk)
    assert str(form.initial["berichtszeitraum"]) == str(zeitraum.pk)
    assert form.initial["phase"] == projekt_a.phase  # prefilled, as before
    html = formular.content.decode()
    assert 'aria-current="step"' in html and "Entwurf" in text(formular)
    assert "Wie es weitergeht:" in html


def test_draft_saved_incomplete_stays_on_the_report_with_clear_message(
    client, projektleitung_a, projekt_a, zeitraum
):
    client.force_login(projektleitung_a)
    antwort = client.post(
        reverse(ADD),
        bericht_formular(
            kernaktivitaet=projekt_a.pk, berichtszeitraum=zeitraum.pk, erreicht="", _save="1"
        ),
    )
    entwurf = Statusbericht.objects.get(kernaktivitaet=projekt_a)
    assert antwort.status_code == 302
    assert antwort["Location"] == change_url(entwurf) + "#einreichen"
    seite = client.get(antwort["Location"])
    assert "Entwurf gespeichert – noch nicht eingereicht" in text(seite)
    assert entwurf.status == Berichtsstatus.ENTWURF and entwurf.erreicht == ""
    assert 'name="_einreichen"' in seite.content.decode()


def test_submit_names_each_missing_public_field_and_submits_nothing(
    client, projektleitung_a, projekt_a, zeitraum
):
    entwurf = bericht(projekt_a, zeitraum, erreicht="")
    client.force_login(projektleitung_a)
    antwort = client.post(
        change_url(entwurf),
        bericht_formular(entwurf, erreicht="  ", fortschritt="", _einreichen="1"),
    )
    assert antwort.status_code == 200
    html = antwort.content.decode()
    zusammenfassung = html.split('id="fehlerzusammenfassung"')[1].split("</div>")[0]
    assert "Der Bericht wurde nicht eingereicht." in zusammenfassung
    assert 'href="#id_erreicht">Was wurde erreicht?</a>' in zusammenfassung
    assert 'href="#id_fortschritt">Fortschritt in %</a>' in zusammenfassung
    entwurf.refresh_from_db()
    assert entwurf.status == Berichtsstatus.ENTWURF


def test_draft_without_progress_takes_the_projects_current_state(
    client, projektleitung_a, projekt_a, zeitraum
):
    client.force_login(projektleitung_a)
    client.post(
        reverse(ADD),
        bericht_formular(
            kernaktivitaet=projekt_a.pk, berichtszeitraum=zeitraum.pk, fortschritt="", phase=""
        ),
    )
    entwurf = Statusbericht.objects.get(kernaktivitaet=projekt_a)
    assert (entwurf.fortschritt, entwurf.phase) == (projekt_a.fortschritt, projekt_a.phase)


def test_the_service_refuses_to_submit_without_public_text(projektleitung_a, projekt_a, zeitraum):
    entwurf = bericht(projekt_a, zeitraum, erreicht="")
    with pytest.raises(WorkflowFehler):
        statusbericht_einreichen(bericht=entwurf, user=projektleitung_a)
    entwurf.refresh_from_db()
    assert entwurf.status == Berichtsstatus.ENTWURF


# --- 2. Reviewing before approving -----------------------------------------------------------


@pytest.fixture
def zur_pruefung(projekt_a, zeitraum, frueherer_zeitraum):
    bericht(
        projekt_a,
        frueherer_zeitraum,
        status=Berichtsstatus.FREIGEGEBEN,
        erreicht="Zehn Konzerte im Rathaus.",
        risiken="Keine.",
        fortschritt=20,
    )
    return bericht(
        projekt_a,
        zeitraum,
        status=Berichtsstatus.EINGEREICHT,
        erreicht="Zwanzig Konzerte im Rathaus.",
        risiken="Die Halle wird saniert.",
        ampel="gefaehrdet",
        fortschritt=45,
    )


def test_review_page_shows_the_whole_report_and_difference_before_the_buttons(
    client, vorstand_kultur, zur_pruefung, django_assert_max_num_queries
):
    client.force_login(vorstand_kultur)
    with django_assert_max_num_queries(30):
        html = client.get(change_url(zur_pruefung)).content.decode()
    ueberblick = html.index("Der Bericht im Überblick")
    knopf = html.index("Freigeben und veröffentlichen")
    assert ueberblick < knopf
    assert html.index("Die Halle wird saniert.") < knopf  # internal risks, before deciding
    assert "<del>Zehn</del>" in html and "<ins>Zwanzig</ins>" in html
    assert "20 %" in html and "45 %" in html  # progress before and now
    assert "gefährdet" in html  # the internal traffic light


def test_approving_asks_for_confirmation_and_says_what_becomes_public(
    client, vorstand_kultur, zur_pruefung
):
    client.force_login(vorstand_kultur)
    bestaetigung = client.post(
        reverse("admin:kernaktivitaeten_statusbericht_freigabe", args=[zur_pruefung.pk]),
        {"kommentar": "Danke!", "bearbeitungsstand": zur_pruefung.version},
    )
    assert bestaetigung.status_code == 200
    seite = text(bestaetigung)
    assert "sofort öffentlich" in seite
    assert "Der Text „Was wurde erreicht?“ erscheint auf der Projektseite." in seite
    assert "Nicht öffentlich werden: Ampel, nächste Schritte, Risiken" in seite
    zur_pruefung.refresh_from_db()
    assert zur_pruefung.status == Berichtsstatus.EINGEREICHT  # nothing happened yet
    html = bestaetigung.content.decode()
    ziel = reverse("admin:kernaktivitaeten_statusbericht_freigeben", args=[zur_pruefung.pk])
    assert f'action="{ziel}"' in html and 'value="Danke!"' in html
    antwort = client.post(ziel, {"kommentar": "Danke!", "bearbeitungsstand": zur_pruefung.version})
    assert antwort["Location"].startswith(reverse("admin:index"))  # where the next report waits
    zur_pruefung.refresh_from_db()
    assert zur_pruefung.status == Berichtsstatus.FREIGEGEBEN
    assert zur_pruefung.pruefkommentar == "Danke!"


@pytest.mark.parametrize(
    ("rolle", "erwartet"),
    [
        ("projektleitung_a", 404),  # own report, but it is not theirs to review
        ("projektleitung_b", 404),
        ("vorstand_bildung", 404),
        ("vorstand_kultur", 200),
        ("referat", 200),
        ("administrator", 403),
    ],
)
def test_confirmation_page_only_for_reviewers(client, request, zur_pruefung, rolle, erwartet):
    client.force_login(request.getfixturevalue(rolle))
    adresse = reverse("admin:kernaktivitaeten_statusbericht_freigabe", args=[zur_pruefung.pk])
    antwort = client.post(adresse, {"bearbeitungsstand": zur_pruefung.version})
    assert antwort.status_code in ((erwartet,) if erwartet == 200 else (403, 404)), (
        antwort.status_code
    )
    assert client.get(adresse).status_code == 405
    zur_pruefung.refresh_from_db()
    assert zur_pruefung.status == Berichtsstatus.EINGEREICHT


# --- 4. Markdown ------------------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised():
    html = markdown_zu_html(
        "Erster Absatz mit **fett**\nneue Zeile\n\n- eins\n- zwei\n\n"
        "[Link](https://bochum.de) [böse](javascript:alert(1)) <script>alert(1)</script>"
    )
    assert "<strong>fett</strong><br" in html and "<ul>" in html and "<li>eins</li>" in html
    assert 'href="https://bochum.de"' in html
    assert 'href="javascript' not in html and "<script" not in html


def test_existing_html_descriptions_convert_without_loss():
    import json
    from pathlib import Path

    from django.conf import settings

    daten = json.loads((Path(settings.BASE_DIR) / "fixtures" / "kernaktivitaeten.json").read_text())
    beschreibungen = [o["fields"]["beschreibung"] for o in daten if o["fields"].get("beschreibung")]
    assert beschreibungen
    for html in beschreibungen:
        quelle = html_zu_markdown(html)
        assert gleiches_html(markdown_zu_html(quelle), html)
        assert "<p>" not in quelle  # the fixtures' descriptions become plain Markdown
    # HTML that the converter does not know stays the source: still shown the same.
    verschachtelt = "<ol><li>a<ul><li>b</li></ul></li></ol>"
    assert gleiches_html(markdown_zu_html(html_zu_markdown(verschachtelt)), verschachtelt)


def test_data_migration_fills_the_markdown_source(projekt_a):
    from importlib import import_module

    from django.apps import apps

    Kernaktivitaet.objects.filter(pk=projekt_a.pk).update(
        beschreibung="<p>Eine <strong>offene</strong> Bühne.</p>", beschreibung_markdown=""
    )
    migration = import_module("kernaktivitaeten.migrations.0010_beschreibung_als_markdown")
    migration.quellen_anlegen(apps, None)
    projekt_a.refresh_from_db()
    assert projekt_a.beschreibung_markdown == "Eine **offene** Bühne."
    assert projekt_a.beschreibung == "<p>Eine <strong>offene</strong> Bühne.</p>"  # unchanged


def test_project_description_is_written_as_markdown(client, referat, projekt_a):
    projekt_a.beschreibung = "<p>Alt <em>kursiv</em></p>"
    projekt_a.save()
    client.force_login(referat)
    adresse = reverse("admin:kernaktivitaeten_kernaktivitaet_change", args=[projekt_a.pk])
    form = client.get(adresse).context["adminform"].form
    assert form.initial["beschreibung_markdown"] == "Alt *kursiv*"
    assert 'data-vorschau="/verwaltung/vorschau/"' in str(form["beschreibung_markdown"])


def test_report_text_is_shown_as_markdown_on_the_public_page(client, projekt_a, frueherer_zeitraum):
    bericht(
        projekt_a,
        frueherer_zeitraum,
        status=Berichtsstatus.FREIGEGEBEN,
        erreicht="Wir haben **viel** erreicht:\n\n- Bühne eröffnet\n- <script>x</script>",
    )
    html = client.get(projekt_a.get_absolute_url()).content.decode()
    assert "<strong>viel</strong>" in html and "<li>Bühne eröffnet</li>" in html
    assert "<script>x" not in html


def test_preview_renders_sanitised_html_for_back_office_users(client, projektleitung_a):
    adresse = reverse("admin:markdown_vorschau")
    assert client.post(adresse, {"text": "**x**"}).status_code == 302  # not logged in
    client.force_login(projektleitung_a)
    antwort = client.post(adresse, {"text": "**fett** <img src=x onerror=alert(1)>"})
    assert antwort.status_code == 200
    assert antwort.content.decode() == "<p><strong>fett</strong> </p>"
    assert client.get(adresse).status_code == 405


# --- 5. Berichtsstand -------------------------------------------------------------------------


@pytest.fixture
def berichtsstand_welt(kultur, projekt_a, projekt_b, frueherer_zeitraum, projektleitung_a):
    fertig = KernaktivitaetFactory(titel="Fertiges Projekt", kompetenz=kultur, phase="umgesetzt")
    fertig.projektleitungen.add(projektleitung_a)
    KernaktivitaetFactory(titel="Aufgegangenes Projekt", kompetenz=kultur, phase="aufgegangen")
    bericht(projekt_a, frueherer_zeitraum, status=Berichtsstatus.EINGEREICHT)
    return fertig


def test_berichtsstand_totals_and_projects_without_reporting_duty(
    client, referat, berichtsstand_welt, frueherer_zeitraum, django_assert_max_num_queries
):
    client.force_login(referat)
    with django_assert_max_num_queries(25):
        antwort = client.get(reverse("admin:berichtsstand") + f"?zeitraum={frueherer_zeitraum.pk}")
    summen = antwort.context["summen"]
    kultur = next(s for s in summen if s.slug == "hotspot-der-live-kultur")
    projekte = Kernaktivitaet.objects.filter(kompetenz__slug="hotspot-der-live-kultur")
    ohne_pflicht = projekte.filter(phase__in=PHASEN_OHNE_BERICHTSPFLICHT).count()
    assert ohne_pflicht >= 2  # the two made here, and real ones of the fixtures
    assert kultur.anzahl["eingereicht"] == 1
    assert kultur.anzahl["nicht_faellig"] == ohne_pflicht
    assert kultur.anzahl["fehlt"] == projekte.count() - ohne_pflicht - 1
    gesamt = antwort.context["gesamt"]
    assert gesamt.gesamt == sum(s.gesamt for s in summen)
    html = antwort.content.decode()
    zeile = html.split("Fertiges Projekt</th>")[1].split("</tr>")[0]
    assert "kein Bericht nötig (umgesetzt)" in zeile and "überfällig" not in zeile
    fehlend = client.get(
        reverse("admin:berichtsstand") + f"?zeitraum={frueherer_zeitraum.pk}&status=fehlt"
    ).content.decode()
    assert "Projekt B" in fehlend and "Fertiges Projekt" not in fehlend
    assert "kein Bericht nötig" in html and "der aktuelle" in html  # German filters


def test_reminder_to_all_late_leads_of_a_kompetenz_once(
    client, referat, berichtsstand_welt, kultur, projektleitung_b
):
    heute = timezone.localdate()
    from kernaktivitaeten.models import Berichtszeitraum

    offen = Berichtszeitraum.objects.create(
        name="Offen und überfällig",
        beginn=heute - timedelta(days=200),
        ende=heute - timedelta(days=20),
        faellig_am=heute - timedelta(days=3),
    )
    projektleitung_b.email = "b@bochum.example"
    projektleitung_b.save()
    client.force_login(referat)
    adresse = reverse("admin:berichtsstand_erinnern")
    daten = {"zeitraum": offen.pk, "kompetenz": kultur.slug}
    antwort = client.post(adresse, daten)
    assert antwort.status_code == 302
    empfaenger = sorted(a for m in mail.outbox for a in m.to)
    # projekt_a's and projekt_b's leads; not the lead of the finished project for it
    assert "b@bochum.example" in empfaenger
    assert (
        Erinnerung.objects.filter(
            berichtszeitraum=offen, art=Erinnerung.Art.NACHHER, kernaktivitaet=berichtsstand_welt
        ).count()
        == 0
    )
    vorher = len(mail.outbox)
    client.post(adresse, daten)
    assert len(mail.outbox) == vorher  # idempotent: nobody gets the same reminder twice
    assert "schon erinnert" in text(client.get(antwort["Location"]))


def test_reminder_only_for_the_referat(client, vorstand_kultur, kultur, zeitraum):
    client.force_login(vorstand_kultur)
    antwort = client.post(
        reverse("admin:berichtsstand_erinnern"), {"zeitraum": zeitraum.pk, "kompetenz": kultur.slug}
    )
    assert antwort.status_code == 403
    assert not mail.outbox


def test_berichtsstand_excel_export(client, referat, berichtsstand_welt, frueherer_zeitraum):
    client.force_login(referat)
    antwort = client.get(
        reverse("admin:berichtsstand_export") + f"?zeitraum={frueherer_zeitraum.pk}"
    )
    assert antwort.status_code == 200
    assert antwort["Content-Type"].startswith("application/vnd.openxmlformats")
    mappe = load_workbook(io.BytesIO(antwort.content))
    assert mappe.sheetnames == ["Summen", "Kernaktivitäten"]
    summen = [[c for c in zeile] for zeile in mappe["Summen"].iter_rows(values_only=True)]
    kopf = next(z for z in summen if z and z[0] == "Kompetenz")
    assert list(kopf[1:7]) == [
        "eingereicht",
        "freigegeben",
        "zurückgegeben",
        "Entwurf",
        "fehlt",
        "kein Bericht nötig",
    ]
    zeilen = list(mappe["Kernaktivitäten"].iter_rows(values_only=True))
    fertig = next(z for z in zeilen if z[1] == "Fertiges Projekt")
    assert fertig[4] == "kein Bericht nötig (umgesetzt)" and fertig[5] == "nein"
    assert client.get(reverse("admin:berichtsstand_export") + "?zeitraum=x").status_code == 400


# --- 6. Import --------------------------------------------------------------------------------


def _hochladen(name, inhalt, **daten):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"datei": SimpleUploadedFile(name, inhalt), **daten}


def test_dry_run_then_one_click_imports_exactly_the_checked_file(client, referat, projekt_a):
    projekt_a.nummer = 4711
    projekt_a.save()
    client.force_login(referat)
    inhalt = (
        "nummer;titel;phase;fortschritt;veroeffentlicht\n"
        "4711;Projekt A;umgesetzt;100;nein\n"
        "4712;Ganz neu;in Vorbereitung;25 %;ja\n"
    ).encode("cp1252")  # German Excel's "CSV (Trennzeichen-getrennt)"
    probelauf = client.post(
        reverse("admin:kernaktivitaeten_import"),
        _hochladen("aus-excel.csv", inhalt, probelauf="on"),
    )
    assert probelauf.status_code == 200
    seite = text(probelauf)
    assert "Phase: „in Umsetzung“ → „umgesetzt“" in seite
    assert "Fortschritt" in seite and "„25 %“" in seite
    assert "„ja“ → „nein“" in seite
    assert "True" not in seite and "False" not in seite
    assert not Kernaktivitaet.objects.filter(nummer=4712).exists()
    kennung = probelauf.context["vorgemerkt"]["kennung"]
    # A different person (another session) cannot run it.
    andere = client.__class__()
    andere.force_login(referat)
    assert (
        andere.post(
            reverse("admin:kernaktivitaeten_import_ausfuehren"), {"kennung": kennung}
        ).status_code
        == 409
    )
    antwort = client.post(reverse("admin:kernaktivitaeten_import_ausfuehren"), {"kennung": kennung})
    assert antwort.status_code == 200
    assert "Import abgeschlossen: 1 neu, 1 geändert." in text(antwort)
    assert Kernaktivitaet.objects.get(nummer=4712).fortschritt == 25
    projekt_a.refresh_from_db()
    assert projekt_a.phase == "umgesetzt"
    # Once: the kept rows are gone.
    nochmal = client.post(reverse("admin:kernaktivitaeten_import_ausfuehren"), {"kennung": kennung})
    assert nochmal.status_code == 409 and "nicht mehr vorhanden" in text(nochmal)


def test_kept_import_expires(client, referat, settings):
    client.force_login(referat)
    probelauf = client.post(
        reverse("admin:kernaktivitaeten_import"),
        _hochladen("a.csv", b"nummer,titel\n4900,Neu\n", probelauf="on"),
    )
    kennung = probelauf.context["vorgemerkt"]["kennung"]
    sitzung = client.session
    sitzung["kernaktivitaeten_import"]["bis"] = (timezone.now() - timedelta(seconds=1)).isoformat()
    sitzung.save()
    antwort = client.post(reverse("admin:kernaktivitaeten_import_ausfuehren"), {"kennung": kennung})
    assert antwort.status_code == 409
    assert not Kernaktivitaet.objects.filter(nummer=4900).exists()


def test_excel_percent_and_number_cells_are_read_as_people_see_them(client, referat):
    mappe = Workbook()
    blatt = mappe.active
    blatt.append(["nummer", "titel", "fortschritt", "veroeffentlicht"])
    blatt.append([4801.0, "Aus Excel", 0.25, True])
    blatt["C2"].number_format = "0%"
    puffer = io.BytesIO()
    mappe.save(puffer)
    client.force_login(referat)
    antwort = client.post(
        reverse("admin:kernaktivitaeten_import"), _hochladen("liste.xlsx", puffer.getvalue())
    )
    assert antwort.status_code == 200, text(antwort)
    neu = Kernaktivitaet.objects.get(nummer=4801)
    assert neu.fortschritt == 25 and neu.veroeffentlicht


def test_csv_without_separator_is_refused_with_a_how_to(client, referat):
    client.force_login(referat)
    antwort = client.post(
        reverse("admin:kernaktivitaeten_import"),
        _hochladen("x.csv", b"nummer titel\n1 a\n"),
    )
    assert antwort.status_code == 400
    assert "CSV UTF-8 (durch Trennzeichen getrennt)" in text(antwort)
