"""The English UI is complete: every catalogue entry is translated, the catalogue holds every
string of the code, and English pages show no German UI text (strategy content stays German
and is marked lang="de")."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from kernaktivitaeten.demodaten import demodaten_erzeugen
from kernaktivitaeten.models import Kernaktivitaet
from tests.dienste import nicht_verfuegbar
from tests.helpers import text_ohne_sprache

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated():
    katalog = polib.pofile(str(PO))
    assert [e.msgid for e in katalog.untranslated_entries()] == []
    assert [e.msgid for e in katalog.fuzzy_entries()] == []


def _msgids(po: Path) -> set[str]:
    return {e.msgid for e in polib.pofile(str(po)) if not e.obsolete}


def test_catalogue_contains_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the tree finds no string that the catalogue lacks."""
    if not shutil.which("xgettext"):
        nicht_verfuegbar("xgettext (GNU gettext) not installed")
    kopie = tmp_path / "baum"
    shutil.copytree(
        settings.BASE_DIR,
        kopie,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".lockenv",
            ".git",
            "staticfiles",
            "media",
            "test-results",
            "*.sqlite3*",
            "node_modules",
        ),
    )
    env = {**os.environ, "DJANGO_DEBUG": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--ignore=tests",
            "--ignore=bench",
            "--no-obsolete",
        ],
        cwd=kopie,
        env=env,
        check=True,
        capture_output=True,
    )
    fehlend = _msgids(kopie / "locale" / "en" / "LC_MESSAGES" / "django.po") - _msgids(PO)
    assert sorted(fehlend) == [], "run: manage.py makemessages -l en, then translate"


@pytest.mark.django_db
def test_english_pages_show_no_german_ui_text(client):
    demodaten_erzeugen(anzahl=20)
    katalog = polib.pofile(str(PO))
    deutsch = sorted(
        {
            e.msgid
            for e in katalog
            if e.msgstr and e.msgstr != e.msgid and len(e.msgid) >= 12 and "%" not in e.msgid
        },
        key=len,
        reverse=True,
    )
    # English texts may quote the German term, e.g. "Easy-to-read German (Leichte Sprache)".
    englisch = sorted({e.msgstr for e in katalog if len(e.msgstr) >= 12}, key=len, reverse=True)
    projekt = Kernaktivitaet.objects.oeffentlich().filter(demo=True).first()
    seiten = [
        "/en/",
        "/en/zielsystem/",
        "/en/kompetenzen/hotspot-der-live-kultur/",
        "/en/kompetenzen/hotspot-der-live-kultur/erstklassige-pop-kultur/",
        "/en/querschnittsthemen/",
        "/en/querschnittsthemen/klima/",
        "/en/nachhaltigkeitsziele/",
        "/en/nachhaltigkeitsziele/13/",
        "/en/kernaktivitaeten/",
        "/en/kernaktivitaeten/?kompetenz=gibt-es-nicht",
        f"/en{projekt.get_absolute_url()}",
        "/en/fortschritt/",
        "/en/daten/",
        "/en/beschluesse/",
        "/en/beschluesse/?jahr=kein-jahr",
        "/en/beschluesse/20202999/",
        "/en/kompetenzen/gibt-es-nicht/",
    ]
    funde = {}
    for seite in seiten:
        response = client.get(seite)
        assert response.status_code in (200, 400, 404), seite
        sichtbar = text_ohne_sprache(response, "de")
        for text in englisch:
            sichtbar = sichtbar.replace(text, " ")
        treffer = [msgid for msgid in deutsch if msgid in sichtbar]
        if treffer:
            funde[seite] = treffer[:5]
    assert funde == {}
