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
            "phase, fortschritt (z. B. 25 oder 25 %), organisation, veroeffentlicht (ja/nein). "
            "Zugeordnet wird über die Nummer. CSV-Dateien aus Excel (Semikolon, Windows-1252) "
            "werden erkannt."
        ),
    )
    probelauf = forms.BooleanField(
        label=gettext_lazy("Nur Probelauf (zeigt die Änderungen, speichert nichts)"),
        help_text=gettext_lazy(
            "Empfohlen: Nach einem fehlerfreien Probelauf importiert ein Klick genau die "
            "geprüfte Datei, ohne sie erneut hochzuladen."
        ),
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


CSV_ANLEITUNG = gettext_lazy(
    "So speichern Sie die Datei passend: in Excel „Datei“ → „Speichern unter“ → Dateityp "
    "„CSV UTF-8 (durch Trennzeichen getrennt)“ wählen, oder die Datei einfach als Excel-Datei "
    "(.xlsx) hochladen."
)


def _zellwert(zelle) -> str:
    """A cell as a person reads it: 0.25 in a percent cell is "25 %", 12.0 is "12", a date
    is TT.MM.JJJJ, TRUE is "ja"."""
    wert = zelle.value
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, int | float):
        if "%" in (zelle.number_format or ""):
            prozent = wert * 100
            return f"{round(prozent)} %" if abs(prozent - round(prozent)) < 1e-6 else f"{prozent} %"
        if isinstance(wert, float) and wert.is_integer():
            return str(int(wert))
        return str(wert)
    if hasattr(wert, "strftime"):
        return wert.strftime("%d.%m.%Y")
    return str(wert).strip()


def _csv_text(roh: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), or Windows-1252 as German Excel
    saves "CSV (Trennzeichen-getrennt)"; anything else is refused with a how-to."""
    try:
        return roh.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return roh.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("Die Zeichenkodierung der CSV-Datei ist unbekannt. %(anleitung)s")
            % {"anleitung": CSV_ANLEITUNG}
        ) from exc


def _lesen(datei, *, excel: bool) -> list[dict]:
    if excel:
        from openpyxl import load_workbook

        blatt = load_workbook(datei, read_only=True, data_only=True).active
        werte = [[_zellwert(zelle) for zelle in zeile] for zeile in blatt.iter_rows()]
    else:
        roh = datei.read()
        if b"\x00" in roh:
            raise ValidationError(_("Die Datei enthält Binärdaten und ist keine CSV-Datei."))
        text = _csv_text(roh)
        try:
            dialekt = (
                csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
            )
        except csv.Error as exc:
            raise ValidationError(
                _(
                    "In der CSV-Datei ist kein Trennzeichen (Semikolon, Komma oder Tabulator) "
                    "zu erkennen. %(anleitung)s"
                )
                % {"anleitung": CSV_ANLEITUNG}
            ) from exc
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
