"""The fixtures hold the strategy word for word (checked against the seed text)."""

import importlib.util
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from querschnitt.models import Nachhaltigkeitsziel, Querschnittsthema
from zielsystem.models import (
    Kompetenz,
    ProgrammatischesZiel,
    Schwerpunkt,
    Strategie,
    StrategischesZiel,
    Wesenskernbegriff,
)

pytestmark = pytest.mark.django_db

SEED = settings.BASE_DIR.parent / "shared" / "seed" / "000_2bb54de73865a696.txt"

SCHWERPUNKTE = {
    "Vorreiterin modernen Stadtmanagements": [
        "Die Stadt Bochum und ihre Tochtergesellschaften als Dienstleisterinnen",
        "Ausgeprägte Kooperation mit Dritten",
        "Vorbildliche Partizipationskultur",
        "Konsequente Beschäftigtenentwicklung",
        "Gute bauliche und infrastrukturelle Bedingungen",
    ],
    "Großstadt mit Lebensgefühl": [
        "Großstädtisches Zentrum",
        "Lebenswerte Stadtteile und Wohnquartiere",
        "Gemeinsamkeit in Vielfalt",
        "Zukunftssichere und zukunftsweisende Infrastruktur",
        "Zukunftsweisende Mobilität",
    ],
    "Hotspot der Live-Kultur": [
        "Hochkultur der Spitzenklasse",
        "Erstklassige Pop-Kultur",
        "Keimzelle kultureller Innovationen",
        "Lebendige Kulturszene und -initiativen",
        "Kreative Milieus und Quartiere",
    ],
    "Talentschmiede im Ruhrgebiet": [
        "Chancengerechte individuelle Förderung",
        "Richtungsweisende frühkindliche Bildung",
        "Hervorragende schulische Bildung",
        "Erstklassige berufliche und akademische Bildung",
        "Inspirierende außerschulische Lernorte und",
    ],
    "Shootingstar der Wissensarbeit": [
        "Offene Innovationskultur",
        "Prägnante Innovationsschwerpunkte",
        "Exzellente Forschung",
        "Stabiler lokaler Arbeitsmarkt",
        "Zukunftssichere und resiliente Infrastruktur",
    ],
}
ZIELE_JE_SCHWERPUNKT = [3, 2, 2, 3, 3, 3, 5, 4, 2, 2, 1, 1, 3, 3, 2, 5, 3, 3, 4, 3, 3, 2, 2, 3, 3]


def test_counts():
    assert Strategie.objects.count() == 1
    assert Wesenskernbegriff.objects.count() == 3
    assert Kompetenz.objects.count() == 5
    assert StrategischesZiel.objects.count() == 10
    assert Schwerpunkt.objects.count() == 25
    assert ProgrammatischesZiel.objects.count() == 70
    assert Querschnittsthema.objects.count() == 5
    assert Nachhaltigkeitsziel.objects.count() == 17


def test_kompetenzen_and_schwerpunkte_in_order():
    found = {
        k.titel: [s.titel for s in k.schwerpunkte.all()]
        for k in Kompetenz.objects.order_by("reihenfolge")
    }
    assert list(found) == list(SCHWERPUNKTE)
    assert found == SCHWERPUNKTE
    for kompetenz in Kompetenz.objects.all():
        assert kompetenz.strategische_ziele.count() == 2


def test_goals_per_schwerpunkt():
    counts = [
        s.ziele.count()
        for s in Schwerpunkt.objects.order_by("kompetenz__reihenfolge", "reihenfolge")
    ]
    assert counts == ZIELE_JE_SCHWERPUNKT


def test_exact_sentences():
    assert ProgrammatischesZiel.objects.filter(
        text="Wir schaffen und sichern den Rahmen für exzellente Bühnenkunst mit Breitenwirkung."
    ).exists()
    assert Kompetenz.objects.get(slug="hotspot-der-live-kultur").bild_2030.startswith(
        "Bochum ist die pulsierende Kulturstadt im Ruhrgebiet. Sie steht für Live-Kultur der "
        "Extraklasse."
    )
    assert StrategischesZiel.objects.filter(
        kompetenz__slug="grossstadt-mit-lebensgefuehl",
        reihenfolge=1,
        text="Bochum bietet ein entspanntes und sicheres Lebensumfeld. Dieses trägt erheblich "
        "zu einer hohen urbanen Lebensqualität in der Stadt bei.",
    ).exists()
    wissen = Wesenskernbegriff.objects.get(begriff="Wissen")
    assert wissen.kurzdefinition == "(Bochumer) Rohstoff der Zukunft"
    klima = Querschnittsthema.objects.get(slug="klima")
    assert klima.beschreibung.startswith("Unsere natürlichen Lebensgrundlagen sind gefährdet.")
    assert Strategie.objects.get().praeambel.startswith(
        "Die Städte in Deutschland sind mit großen Herausforderungen konfrontiert"
    )


def test_extraction_artefacts_are_undone():
    assert ProgrammatischesZiel.objects.filter(
        text="Wir fördern verstärkt eine vitale freie Kulturszene und ihre Off-Angebote."
    ).exists()
    assert ProgrammatischesZiel.objects.filter(
        text="Wir fördern verstärkt ein intensives, unterstützendes Miteinander der Generationen."
    ).exists()
    assert StrategischesZiel.objects.filter(
        text__contains="es sorgt auch für hohe Bildungseffekte am Standort Bochum"
    ).exists()
    assert Kompetenz.objects.filter(titel="Vorreiterin modernen Stadtmanagements").exists()
    for model, field in [
        (ProgrammatischesZiel, "text"),
        (StrategischesZiel, "text"),
        (Kompetenz, "bild_2030"),
        (Kompetenz, "titel"),
    ]:
        for value in model.objects.values_list(field, flat=True):
            assert "\\u" not in value and "**" not in value, value
            assert not value.startswith(("-", "·", " ")), value


def test_goals_that_do_not_start_with_wir_are_kept():
    assert ProgrammatischesZiel.objects.filter(
        schwerpunkt__titel="Zukunftsweisende Mobilität",
        text__startswith="Um eine gute Erreichbarkeit der Ziele für alle sicherzustellen",
    ).exists()
    assert ProgrammatischesZiel.objects.filter(
        schwerpunkt__titel="Erstklassige berufliche und akademische Bildung",
        text__startswith="Im Sinne der UniverCity Bochum stärken wir",
    ).exists()


def test_gaps_are_marked_not_filled():
    unvollstaendig = set(
        Kompetenz.objects.filter(unvollstaendig=True).values_list("titel", flat=True)
    )
    assert unvollstaendig == {
        "Vorreiterin modernen Stadtmanagements",
        "Talentschmiede im Ruhrgebiet",
        "Shootingstar der Wissensarbeit",
    }
    assert Kompetenz.objects.get(slug="shootingstar-der-wissensarbeit").bild_2030 == ""
    schwerpunkt = Schwerpunkt.objects.get(slug="inspirierende-ausserschulische-lernorte-und")
    assert schwerpunkt.unvollstaendig and schwerpunkt.titel.endswith(" und")
    cut_goal = ProgrammatischesZiel.objects.get(unvollstaendig=True)
    assert cut_goal.text.endswith("Qualifizierung von Arbeits-")
    assert Wesenskernbegriff.objects.get(begriff="Wissen").unvollstaendig
    assert not Kompetenz.objects.get(slug="hotspot-der-live-kultur").unvollstaendig


def test_sdgs_official():
    sdg13 = Nachhaltigkeitsziel.objects.get(nummer=13)
    assert (sdg13.titel_de, sdg13.titel_en, sdg13.farbe) == (
        "Maßnahmen zum Klimaschutz",
        "Climate Action",
        "#3F7E44",
    )
    assert list(Nachhaltigkeitsziel.objects.values_list("nummer", flat=True)) == list(range(1, 18))


def _normalise(text: str) -> str:
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return re.sub(r"\s+", " ", text.replace("**", ""))


needs_seed = pytest.mark.skipif(
    not SEED.exists() and os.environ.get("CI", "").lower() != "true",
    reason=f"seed text not found at {SEED} (it lives in the shared/ folder beside the repo)",
)


@needs_seed
def test_every_text_stands_in_the_seed():
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    texts = [
        *ProgrammatischesZiel.objects.values_list("text", flat=True),
        *StrategischesZiel.objects.values_list("text", flat=True),
        *Schwerpunkt.objects.values_list("titel", flat=True),
        *Kompetenz.objects.values_list("titel", flat=True),
        *Querschnittsthema.objects.values_list("beschreibung", flat=True),
        *Wesenskernbegriff.objects.values_list("beschreibung", flat=True),
        *Wesenskernbegriff.objects.values_list("kurzdefinition", flat=True),
    ]
    for kompetenz in Kompetenz.objects.all():
        texts.extend(kompetenz.bild_2030_absaetze)
    texts.extend(Strategie.objects.get().praeambel.split("\n\n"))
    missing = [text for text in texts if text not in seed]
    assert missing == []


@needs_seed
def test_fixtures_are_what_the_builder_makes_of_the_seed():
    spec = importlib.util.spec_from_file_location(
        "build_zielsystem", settings.BASE_DIR / "fixtures" / "build_zielsystem.py"
    )
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    zielsystem, querschnitt = builder.parse(SEED.read_text(encoding="utf-8"))
    fixtures = Path(settings.BASE_DIR / "fixtures")
    assert json.loads((fixtures / "zielsystem.json").read_text()) == zielsystem
    assert json.loads((fixtures / "querschnitt.json").read_text()) == querschnitt
