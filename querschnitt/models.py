"""Cross-cutting themes (Querschnittsthemen) and the 17 UN Sustainable Development Goals."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

hex_farbe = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Farbe als #RRGGBB angeben."))


def _relative_luminanz(hex_code: str) -> float:
    """WCAG 2.1 relative luminance of an #RRGGBB colour."""

    def kanal(wert: int) -> float:
        c = wert / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * kanal(r) + 0.7152 * kanal(g) + 0.0722 * kanal(b)


def kontrast(farbe_a: str, farbe_b: str) -> float:
    """WCAG contrast ratio between two #RRGGBB colours (1 … 21)."""
    hell, dunkel = sorted((_relative_luminanz(farbe_a), _relative_luminanz(farbe_b)), reverse=True)
    return (hell + 0.05) / (dunkel + 0.05)


class Nachhaltigkeitsziel(models.Model):
    """One of the 17 SDGs of the UN Agenda 2030, with its official colour."""

    nummer = models.PositiveSmallIntegerField(
        _("Nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    titel_de = models.CharField(_("Titel (deutsch)"), max_length=200)
    titel_en = models.CharField(_("Titel (englisch)"), max_length=200)
    farbe = models.CharField(_("Offizielle Farbe"), max_length=7, validators=[hex_farbe])

    class Meta:
        verbose_name = _("Nachhaltigkeitsziel (SDG)")
        verbose_name_plural = _("Nachhaltigkeitsziele (SDGs)")
        ordering = ["nummer"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nummer__gte=1) & models.Q(nummer__lte=17),
                name="sdg_nummer_1_bis_17",
            )
        ]

    def __str__(self):
        return f"SDG {self.nummer}: {self.titel}"

    def get_absolute_url(self):
        return reverse("querschnitt:sdg", kwargs={"nummer": self.nummer})

    @property
    def titel(self) -> str:
        return self.titel_en if (get_language() or "de").startswith("en") else self.titel_de

    @property
    def textfarbe(self) -> str:
        """Black or white, whichever reads better on the SDG colour (WCAG contrast)."""
        return (
            "#000000"
            if kontrast(self.farbe, "#000000") >= kontrast(self.farbe, "#ffffff")
            else "#ffffff"
        )


class QuerschnittsthemaQuerySet(models.QuerySet):
    def mit_sdgs(self):
        return self.prefetch_related("nachhaltigkeitsziele")


class Querschnittsthema(models.Model):
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), unique=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    titel = models.CharField(_("Titel"), max_length=200, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    nachhaltigkeitsziele = models.ManyToManyField(
        Nachhaltigkeitsziel,
        related_name="querschnittsthemen",
        blank=True,
        verbose_name=_("Nachhaltigkeitsziele (SDGs)"),
    )

    objects = QuerschnittsthemaQuerySet.as_manager()

    class Meta:
        verbose_name = _("Querschnittsthema")
        verbose_name_plural = _("Querschnittsthemen")
        ordering = ["reihenfolge"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("querschnitt:thema", kwargs={"slug": self.slug})
