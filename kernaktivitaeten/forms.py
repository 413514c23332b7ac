"""Forms of the kernaktivitaeten app that the back office shares."""

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bilder import ACCEPT, HINWEIS, bild_pruefen_und_bereinigen
from .importe import MAX_GROESSE, MAX_ZEILEN, PFLICHTSPALTEN
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


class ImportFormular(forms.Form):
    datei = forms.FileField(
        label=gettext_lazy("Datei (CSV oder Excel .xlsx)"),
        help_text=gettext_lazy(
            "Spalten: nummer, titel, projektziel, kompetenz, schwerpunkte (durch ; getrennt), "
            "phase, fortschritt, organisation, veroeffentlicht (ja/nein). Zugeordnet wird über die Nummer."
        ),
    )
    probelauf = forms.BooleanField(
        label=gettext_lazy("Nur Probelauf (zeigt die Änderungen, speichert nichts)"),
        required=False,
        initial=True,
    )

    def clean_datei(self):
        datei = self.cleaned_data["datei"]
        if datei.size > MAX_GROESSE:
            raise ValidationError(_("Die Datei ist größer als 5 MB."))
        name = datei.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(
                _("Bitte eine CSV-Datei oder eine Excel-Datei (.xlsx) hochladen.")
            )
        try:
            # The rows, not the file, go on to the service (cleaned_data["zeilen"]).
            self.cleaned_data["zeilen"] = _lesen(datei, excel=name.endswith(".xlsx"))
        except ValidationError:
            raise
        except Exception as exc:  # any parser error means: not a readable file of that kind
            raise ValidationError(
                _("Die Datei kann nicht gelesen werden (%(grund)s).")
                % {"grund": type(exc).__name__}
            ) from exc
        return datei


def _lesen(datei, *, excel: bool) -> list[dict]:
    if excel:
        from openpyxl import load_workbook

        blatt = load_workbook(datei, read_only=True, data_only=True).active
        werte = [
            ["" if v is None else str(v).strip() for v in zeile]
            for zeile in blatt.iter_rows(values_only=True)
        ]
    else:
        roh = datei.read()
        if b"\x00" in roh:
            raise ValidationError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
        try:
            text = roh.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Die CSV-Datei ist nicht UTF-8-kodiert.")) from exc
        dialekt = csv.Sniffer().sniff(text[:4096], delimiters=";,") if text.strip() else csv.excel
        werte = [
            [zelle.strip() for zelle in zeile] for zeile in csv.reader(io.StringIO(text), dialekt)
        ]
    werte = [zeile for zeile in werte if any(zeile)]
    if not werte:
        raise ValidationError(_("Die Datei ist leer."))
    kopf = [spalte.lower() for spalte in werte[0]]
    fehlend = [s for s in PFLICHTSPALTEN if s not in kopf]
    if fehlend:
        raise ValidationError(_("Es fehlen Spalten: %(spalten)s") % {"spalten": ", ".join(fehlend)})
    if len(werte) - 1 > MAX_ZEILEN:
        raise ValidationError(_("Höchstens %(n)d Zeilen je Import.") % {"n": MAX_ZEILEN})
    return [dict(zip(kopf, zeile, strict=False)) for zeile in werte[1:]]
