"""The back-office export form: Kompetenz, Berichtszeitraum, phase and format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zielsystem.models import Kompetenz

from ..models import Berichtszeitraum, Phase
from .ausgabe import FORMATE
from .fortschritt import standard_zeitraum


class FortschrittsberichtFormular(forms.Form):
    """Validates the query string of a download; unknown values become form errors (400).

    The Kompetenz field accepts every existing Kompetenz, so that the view can answer a
    Vorstand who asks for another one with 403 rather than "unknown"; the select offers only
    the Kompetenzen the user may export.
    """

    kompetenz = forms.ModelChoiceField(
        label=_("Kompetenz"),
        queryset=Kompetenz.objects.order_by("strategie", "reihenfolge"),
        to_field_name="slug",
        required=False,
        empty_label=_("alle"),
        error_messages={"invalid_choice": _("Die Kompetenz „%(value)s“ gibt es nicht.")},
    )
    zeitraum = forms.ModelChoiceField(
        label=_("Berichtszeitraum"),
        queryset=Berichtszeitraum.objects.order_by("-ende", "name"),
        required=False,
        error_messages={"invalid_choice": _("Den Berichtszeitraum „%(value)s“ gibt es nicht.")},
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("alle")), *Phase.choices],
        required=False,
        error_messages={"invalid_choice": _("Die Phase „%(value)s“ gibt es nicht.")},
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(schluessel, f.titel) for schluessel, f in FORMATE.items()],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "Das Format „%(value)s“ wird nicht angeboten. Möglich sind xlsx, pdf, csv und json."
            ),
            "required": _("Bitte wählen Sie ein Format."),
        },
    )

    def __init__(self, *args, zugriff, **kwargs):
        super().__init__(*args, **kwargs)
        aktuell = standard_zeitraum()
        if aktuell is not None:
            self.fields["zeitraum"].empty_label = _("aktueller (%(name)s)") % {"name": aktuell.name}
        else:
            self.fields["zeitraum"].empty_label = _("noch keiner angelegt")
        if not zugriff.alle:
            eigene = [k for k in self.fields["kompetenz"].queryset if zugriff.darf_kompetenz(k)]
            self.fields["kompetenz"].widget.choices = [
                ("", _("alle eigenen")),
                *((k.slug, k.titel) for k in eigene),
            ]


class PeriodenvergleichFormular(forms.Form):
    """Two Berichtszeiträume to compare; the first must end before the second."""

    von = forms.ModelChoiceField(
        label=_("Von (früherer Berichtszeitraum)"),
        queryset=Berichtszeitraum.objects.order_by("-ende", "name"),
        error_messages={
            "invalid_choice": _("Den Berichtszeitraum „%(value)s“ gibt es nicht."),
            "required": _("Bitte wählen Sie den früheren Berichtszeitraum."),
        },
    )
    bis = forms.ModelChoiceField(
        label=_("Bis (späterer Berichtszeitraum)"),
        queryset=Berichtszeitraum.objects.order_by("-ende", "name"),
        error_messages={
            "invalid_choice": _("Den Berichtszeitraum „%(value)s“ gibt es nicht."),
            "required": _("Bitte wählen Sie den späteren Berichtszeitraum."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        von, bis = cleaned.get("von"), cleaned.get("bis")
        if von and bis and von.ende >= bis.ende:
            raise forms.ValidationError(
                _("Der frühere Berichtszeitraum muss vor dem späteren enden.")
            )
        return cleaned
