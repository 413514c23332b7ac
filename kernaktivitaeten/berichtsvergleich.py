"""A report as its reviewer reads it: every field, its indicator values and milestones, and
what changed since the project's last approved report (a word-by-word difference)."""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from bochum_strategie.lib.markdown import markdown_zu_html

from .models import Kennzahl, Statusbericht

# (field, public?) in the order a reader takes them in.
VERGLEICHSFELDER = [
    ("phase", True),
    ("fortschritt", True),
    ("erreicht", True),
    ("ampel", False),
    ("naechste_schritte", False),
    ("risiken", False),
    ("unterstuetzungsbedarf", False),
]
TEXTFELDER = {"erreicht", "naechste_schritte", "risiken", "unterstuetzungsbedarf"}


@dataclass
class Feldvergleich:
    name: str
    label: str
    oeffentlich: bool
    alt: str
    neu: str
    unterschied: SafeString  # the new text with deletions and insertions marked

    @property
    def geaendert(self) -> bool:
        return self.alt != self.neu


@dataclass
class Berichtsvergleich:
    bericht: Statusbericht
    vorheriger: Statusbericht | None
    felder: list[Feldvergleich]
    kennzahlwerte: list = field(default_factory=list)
    meilensteine: list = field(default_factory=list)

    @property
    def oeffentliche_felder(self):
        return [f for f in self.felder if f.oeffentlich]

    @property
    def interne_felder(self):
        return [f for f in self.felder if not f.oeffentlich]

    @property
    def anzahl_aenderungen(self) -> int:
        return sum(f.geaendert for f in self.felder)

    @property
    def erreicht_html(self) -> SafeString:
        return mark_safe(markdown_zu_html(self.bericht.erreicht))


def _anzeige(bericht: Statusbericht | None, name: str) -> str:
    if bericht is None:
        return ""
    if name == "fortschritt":
        return f"{bericht.fortschritt} %"
    anzeige = getattr(bericht, f"get_{name}_display", None)
    return str(anzeige()) if anzeige else (getattr(bericht, name) or "")


def wortunterschied(alt: str, neu: str) -> SafeString:
    """``neu`` with words removed since ``alt`` in <del> and added ones in <ins> (escaped)."""
    a, b = re.findall(r"\S+|\s+", alt or ""), re.findall(r"\S+|\s+", neu or "")
    teile = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            teile.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            teile.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            teile.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(teile))


def berichtsvergleich(bericht: Statusbericht) -> Berichtsvergleich:
    """``bericht`` against the newest approved report of its project before it (4 queries)."""
    vorheriger = (
        Statusbericht.objects.freigegeben()
        .filter(kernaktivitaet_id=bericht.kernaktivitaet_id)
        .exclude(pk=bericht.pk)
        .neueste_zuerst()
        .first()
    )
    felder = []
    for name, oeffentlich in VERGLEICHSFELDER:
        alt, neu = _anzeige(vorheriger, name), _anzeige(bericht, name)
        felder.append(
            Feldvergleich(
                name=name,
                label=str(Statusbericht._meta.get_field(name).verbose_name),
                oeffentlich=oeffentlich,
                alt=alt,
                neu=neu,
                unterschied=(
                    wortunterschied(alt, neu)
                    if vorheriger and name in TEXTFELDER
                    else mark_safe(escape(neu))
                ),
            )
        )
    return Berichtsvergleich(
        bericht=bericht,
        vorheriger=vorheriger,
        felder=felder,
        kennzahlwerte=list(
            bericht.kennzahlwerte.prefetch_related(
                Prefetch("kennzahl", queryset=Kennzahl.objects.mit_aktuellem_wert())
            ).order_by("pk")
        ),
        meilensteine=list(bericht.meilensteine.select_related("meilenstein").order_by("pk")),
    )


def veroeffentlichung_beschreiben(vergleich: Berichtsvergleich) -> list[str]:
    """What becomes public when the report is approved, in sentences for the confirmation."""
    b = vergleich.bericht
    saetze = [
        _("Der Text „Was wurde erreicht?“ erscheint auf der Projektseite."),
        _("Phase „%(phase)s“ und Fortschritt %(fortschritt)s %% werden der Stand des Projekts.")
        % {"phase": b.get_phase_display(), "fortschritt": b.fortschritt},
    ]
    if vergleich.kennzahlwerte:
        saetze.append(
            _("Neue Kennzahlwerte werden veröffentlicht: %(liste)s.")
            % {
                "liste": "; ".join(
                    f"{w.kennzahl.name} {w.wert:g} {w.kennzahl.einheit}".strip()
                    for w in vergleich.kennzahlwerte
                )
            }
        )
    if vergleich.meilensteine:
        saetze.append(
            _("Als erreicht erscheinen die Meilensteine: %(liste)s.")
            % {"liste": "; ".join(str(m.meilenstein.titel) for m in vergleich.meilensteine)}
        )
    saetze.append(
        _(
            "Nicht öffentlich werden: Ampel, nächste Schritte, Risiken, Unterstützungsbedarf "
            "und Ihr Kommentar."
        )
    )
    return saetze
