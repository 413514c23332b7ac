"""The public feedback form (accessibility) and the back-office form of the page texts."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Inhaltsseite, Rueckmeldung, seitentext_bereinigen

# Name of the honeypot field: a word that form-filling bots like to fill in.
HONIGTOPF = "homepage"


def lokale_adresse(wert: str) -> str:
    """``wert`` as a path on this portal ("/…"), or "" when it is not one.

    Accepts a path or an absolute URL under SITE_URL; anything else (other hosts, "//host",
    control characters, over-long values) is dropped rather than refused: the field is only
    a hint for the Referat.
    """
    wert = (wert or "").strip()
    if wert.startswith(settings.SITE_URL + "/"):
        wert = wert[len(settings.SITE_URL) :]
    if (
        not wert.startswith("/")
        or wert.startswith("//")
        or len(wert) > Rueckmeldung._meta.get_field("seite").max_length
        or any(ord(zeichen) < 0x20 or ord(zeichen) == 0x7F for zeichen in wert)
    ):
        return ""
    return wert


class RueckmeldungForm(forms.ModelForm):
    """Name and e-mail are optional; only the message is required. A field that people never
    see (``hidden``) catches bots: whatever fills it is thanked and dropped."""

    homepage = forms.CharField(
        label=_("Bitte lassen Sie dieses Feld leer."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Rueckmeldung
        fields = ["nachricht", "seite", "name", "email"]
        labels = {
            "nachricht": _("Ihre Nachricht"),
            "seite": _("Seite, um die es geht (optional)"),
            "name": _("Ihr Name (optional)"),
            "email": _("Ihre E-Mail-Adresse (optional)"),
        }
        help_texts = {
            "nachricht": _(
                "Beschreiben Sie bitte, welche Barriere Sie gefunden haben und wo. "
                "Höchstens 5.000 Zeichen."
            ),
            "seite": _("Zum Beispiel die Adresse aus der Adresszeile des Browsers."),
            "email": _("Nur nötig, wenn Sie eine Antwort möchten."),
        }
        error_messages = {
            "nachricht": {
                "required": _("Bitte schreiben Sie Ihre Nachricht."),
                "max_length": _(
                    "Ihre Nachricht ist zu lang: höchstens %(limit_value)d Zeichen "
                    "(jetzt %(show_value)d)."
                ),
            },
            "seite": {
                "max_length": _("Die Adresse ist zu lang: höchstens %(limit_value)d Zeichen.")
            },
            "name": {"max_length": _("Der Name ist zu lang: höchstens %(limit_value)d Zeichen.")},
            "email": {
                "invalid": _(
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel "
                    "name@example.org, oder lassen Sie das Feld leer."
                ),
                "max_length": _(
                    "Die E-Mail-Adresse ist zu lang: höchstens %(limit_value)d Zeichen."
                ),
            },
        }
        widgets = {
            "nachricht": forms.Textarea(attrs={"rows": 8}),
            "seite": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "url"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form has its own {% csrf_token %}
        self.helper.layout = Layout(
            "nachricht",
            "seite",
            "name",
            "email",
            # Not shown to anyone (the hidden attribute works without CSS, too).
            Div(HONIGTOPF, hidden=True),
        )

    def clean_seite(self):
        # Free text is allowed ("die Seite mit dem Diagramm"), control characters are not.
        seite = "".join(
            zeichen for zeichen in self.cleaned_data.get("seite", "") if zeichen.isprintable()
        )
        return lokale_adresse(seite) or seite

    @property
    def ist_spam(self) -> bool:
        """Only meaningful after is_valid()."""
        return bool(self.cleaned_data.get(HONIGTOPF))


class InhaltsseiteForm(forms.ModelForm):
    """Back office: the texts are sanitised when saved (and again when shown)."""

    class Meta:
        model = Inhaltsseite
        fields = [
            "titel",
            "beschreibung",
            "inhalt",
            "stand",
            "unvollstaendig",
            "fehlende_angaben",
            "titel_en",
            "beschreibung_en",
            "inhalt_en",
        ]
        widgets = {
            "inhalt": forms.Textarea(attrs={"rows": 30, "cols": 100}),
            "inhalt_en": forms.Textarea(attrs={"rows": 20, "cols": 100}),
            "fehlende_angaben": forms.Textarea(attrs={"rows": 3, "cols": 100}),
        }

    def clean_inhalt(self):
        return seitentext_bereinigen(self.cleaned_data["inhalt"])

    def clean_inhalt_en(self):
        return seitentext_bereinigen(self.cleaned_data["inhalt_en"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unvollstaendig") and not (cleaned.get("fehlende_angaben") or "").strip():
            self.add_error(
                "fehlende_angaben",
                _("Bitte nennen Sie, welche Angaben noch fehlen."),
            )
        return cleaned
