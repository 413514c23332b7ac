"""The search index: the words of every public project, a vocabulary, and synonyms.

Built by ``kernaktivitaeten.suchindex`` from public content only (title, goal, description,
the public text of approved reports) whenever a project or an approved report is written; read
by ``kernaktivitaeten.search``. Plain tables, so the search behaves the same on SQLite and
PostgreSQL (docs/decisions/0009-suche-mit-eigenem-index.md).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bochum_strategie.lib.suchtext import falten

from .projekte import Kernaktivitaet


class Feld(models.IntegerChoices):
    """Where a word stands; higher ranks first (title over goal over description over reports)."""

    TITEL = 4, _("Titel")
    PROJEKTZIEL = 3, _("Projektziel")
    BESCHREIBUNG = 2, _("Beschreibung")
    BERICHT = 1, _("Statusbericht")


class Suchindex(models.Model):
    """One word of one public project, in the best field it stands in."""

    kernaktivitaet = models.ForeignKey(
        Kernaktivitaet, on_delete=models.CASCADE, related_name="suchindex"
    )
    wort = models.CharField(max_length=100)  # folded: lower case, ä -> ae, ß -> ss
    stamm = models.CharField(max_length=100)  # German Snowball stem of ``wort``
    anzeige = models.CharField(max_length=100)  # as first written, for "Meinten Sie …?"
    feld = models.PositiveSmallIntegerField(choices=Feld.choices)

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex")
        constraints = [
            models.UniqueConstraint(
                fields=["kernaktivitaet", "wort"], name="suchindex_ein_wort_je_projekt"
            )
        ]
        indexes = [models.Index(fields=["wort", "kernaktivitaet"], name="suchindex_wort")]

    def __str__(self):
        return f"{self.wort} ({self.kernaktivitaet_id})"


class Suchwort(models.Model):
    """The vocabulary of the index: each word once, with how many public projects use it.

    Typo matching, word parts and "Meinten Sie …?" look here, not at every project."""

    wort = models.CharField(max_length=100, unique=True)
    stamm = models.CharField(max_length=100, db_index=True)
    anzeige = models.CharField(max_length=100)
    anzahl = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("Suchwort")
        verbose_name_plural = _("Suchwörter")

    def __str__(self):
        return self.anzeige


def _liste(text: str) -> list[str]:
    return [teil.strip() for teil in text.replace("\n", ",").split(",") if teil.strip()]


class Synonymgruppe(models.Model):
    """Words that mean the same for a search (e.g. Fahrrad, Rad, Radverkehr), kept by the
    Referat. A query word that is one of them also finds the others. The English words are a
    small glossary: an English query word among them is searched as the German words."""

    begriffe = models.TextField(
        _("Begriffe"),
        help_text=_("Deutsche Wörter mit gleicher Bedeutung, durch Komma getrennt."),
    )
    englisch = models.TextField(
        _("Englische Begriffe"),
        blank=True,
        help_text=_(
            "Englische Wörter für dieselbe Sache, durch Komma getrennt (Glossar für die "
            "englische Oberfläche)."
        ),
    )
    aktualisiert = models.DateTimeField(_("Zuletzt geändert"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Synonymgruppe")
        verbose_name_plural = _("Synonymgruppen")
        ordering = ["begriffe"]

    def __str__(self):
        return ", ".join(self.begriffe_liste())

    def begriffe_liste(self) -> list[str]:
        return _liste(self.begriffe)

    def englisch_liste(self) -> list[str]:
        return _liste(self.englisch)

    def gefaltet(self) -> tuple[list[str], list[str]]:
        """(German, English) words, folded as the index folds them."""
        return [falten(b) for b in self.begriffe_liste()], [
            falten(b) for b in self.englisch_liste()
        ]
