from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Abonnent


class AbonnierenForm(forms.Form):
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=254,
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # Seen by bots only (hidden by CSS and from assistive technology): a filled field is
    # answered like every request, and nothing is stored or sent.
    homepage = forms.CharField(required=False, max_length=200)


class RhythmusForm(forms.Form):
    rhythmus = forms.ChoiceField(
        label=_("Wie möchten Sie benachrichtigt werden?"),
        choices=Abonnent.Rhythmus.choices,
        widget=forms.RadioSelect,
    )


class AuskunftForm(forms.Form):
    """The Referat's form for a request about one address (export or deletion)."""

    email = forms.EmailField(label=_("E-Mail-Adresse der anfragenden Person"), max_length=254)
    aktion = forms.ChoiceField(
        label=_("Was soll geschehen?"),
        choices=[
            ("export", _("Gespeicherte Daten herunterladen (Auskunft)")),
            ("loeschen", _("Adresse mit allen Abonnements löschen")),
        ],
        widget=forms.RadioSelect,
    )
