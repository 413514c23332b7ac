"""Forms of the kernaktivitaeten app that the back office shares."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .bilder import ACCEPT, HINWEIS, bild_pruefen_und_bereinigen
from .models import Bild


class BildForm(forms.ModelForm):
    """An image of a Kernaktivität: the upload is checked and stored re-encoded.

    ``datei`` is a plain FileField (not Django's ImageField form field, which would let every
    Pillow plugin parse the upload first); ``clean_datei`` lets only JPEG, PNG and WebP
    through and replaces the upload by its clean copy (kernaktivitaeten/bilder.py).
    """

    datei = forms.FileField(
        label=Bild._meta.get_field("datei").verbose_name,
        help_text=HINWEIS,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Bild
        fields = ["datei", "alt_text", "bildunterschrift", "urheber", "reihenfolge"]

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if isinstance(datei, UploadedFile):  # a new upload; else the stored file stays
            return bild_pruefen_und_bereinigen(datei)
        return datei
